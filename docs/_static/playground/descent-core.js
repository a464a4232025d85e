/* descent-core.js: the surfaces, update rules and runs of the Python library `descent`,
 * again in plain JavaScript, for the playgrounds of the site.
 *
 * A second implementation of the same math, so it is checked against the first:
 * tests_js/export_golden.py records trajectories from `descent` and tests_js/core.test.js
 * asserts that these functions reproduce them to 1e-9. Each rule below is written in the
 * order of operations of its Python counterpart (descent/optimizers/*.py), so the two agree to
 * the last few bits, not only to the tolerance.
 *
 * The rules are here; what descent says about each optimizer is not copied here: its
 * hyperparameters, their defaults, its colour and the hyperparameters' symbols come from the
 * library through `useRegistry(data)`, `data` being the JSON that the {playground} directive
 * writes into the page (docs/_ext/playground_data.py, `registry()`), and that the tests read
 * from tests_js/golden.json. Until then `optimizer()` refuses to build anything.
 *
 * A classic script, not an ES module: modules do not load from file:// in Chromium, and the
 * site must work from a copy on disk. It defines one global, `DescentCore` (also exported for
 * Node's `require`), and needs nothing else.
 */
((root) => {
  "use strict";

  // -- surfaces -----------------------------------------------------------------------------
  // A surface: {name, dim, labels, extent, minima, value(x), grad(x), hessian(x)}, x an array
  // of length dim; the Hessian is an array of dim rows (descent.surfaces' `hessian`).

  /** f(x) = ½ xᵀAx − bᵀx + c (descent.surfaces.Quadratic). */
  function quadratic(name, A, opts) {
    const dim = A.length;
    const b = opts?.b || new Array(dim).fill(0);
    const c = opts?.c || 0;
    const s = {
      name: name,
      dim: dim,
      A: A,
      b: b,
      c: c,
      labels: opts?.labels || (dim === 1 ? ["θ"] : ["x", "y"]),
      latex: opts?.latex || "",
      value: (x) => {
        let quad = 0;
        let lin = 0;
        for (let i = 0; i < dim; i++) {
          let row = 0;
          for (let j = 0; j < dim; j++) row += A[i][j] * x[j];
          quad += x[i] * row;
          lin += x[i] * b[i];
        }
        return 0.5 * quad - lin + c;
      },
      grad: (x) => {
        const g = new Array(dim);
        for (let j = 0; j < dim; j++) {
          let sum = 0;
          for (let i = 0; i < dim; i++) sum += x[i] * A[i][j];
          g[j] = sum - b[j];
        }
        return g;
      },
      hessian: () => A.map((row) => row.slice()),
    };
    s.eigenvalues = symmetricEigenvalues(A);
    if (s.eigenvalues.every((l) => l > 0)) s.minima = [solve(A, b)];
    else s.minima = [];
    s.extent = opts?.extent || defaultExtent(s.minima[0] || new Array(dim).fill(0));
    return s;
  }

  function defaultExtent(center) {
    const out = [];
    for (const v of center) out.push(v - 2, v + 2);
    return out;
  }

  /** Eigenvalues of a symmetric 1×1 or 2×2 matrix, ascending. */
  function symmetricEigenvalues(A) {
    if (A.length === 1) return [A[0][0]];
    const [[a, b], [, d]] = A;
    const mean = (a + d) / 2;
    const r = Math.hypot((a - d) / 2, b);
    return [mean - r, mean + r];
  }

  function solve(A, b) {
    if (A.length === 1) return [b[0] / A[0][0]];
    const [[a, p], [q, d]] = A;
    const det = a * d - p * q;
    return [(d * b[0] - p * b[1]) / det, (a * b[1] - q * b[0]) / det];
  }

  /** Rosenbrock's valley (a − x)² + b (y − x²)². */
  function rosenbrock(a, b) {
    a = a === undefined ? 1 : a;
    b = b === undefined ? 100 : b;
    return {
      name: "rosenbrock",
      dim: 2,
      labels: ["x", "y"],
      latex: "(1 − x)² + 100 (y − x²)²",
      extent: [-2, 2, -1, 3],
      minima: [[a, a * a]],
      value: (x) => (a - x[0]) ** 2 + b * (x[1] - x[0] * x[0]) ** 2,
      grad: (x) => {
        const u = x[0];
        const valley = x[1] - u * u;
        return [-2 * (a - u) - 4 * b * u * valley, 2 * b * valley];
      },
      hessian: (x) => {
        const u = x[0];
        const cross = -4 * b * u;
        return [
          [2 - 4 * b * (x[1] - u * u) + 8 * b * u * u, cross],
          [cross, 2 * b],
        ];
      },
    };
  }

  // v**k as numpy computes it for a float array and a small integer k
  function ipow(v, k) {
    if (k === 0) return 1;
    if (k === 1) return v;
    if (k === 2) return v * v;
    return v ** k;
  }

  const BEALE_C = [1.5, 2.25, 2.625];

  function beale() {
    function terms(x) {
      const u = x[0];
      const v = x[1];
      return BEALE_C.map((c, i) => [c - u + u * ipow(v, i + 1), i + 1]);
    }
    return {
      name: "beale",
      dim: 2,
      labels: ["x", "y"],
      latex: "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
      extent: [-4.5, 4.5, -4.5, 4.5],
      minima: [[3, 0.5]],
      value: (x) => {
        let s = 0;
        for (const [r] of terms(x)) s += r * r;
        return s;
      },
      grad: (x) => {
        const u = x[0];
        const v = x[1];
        const out = [0, 0];
        for (const [r, k] of terms(x)) {
          out[0] += 2 * r * (ipow(v, k) - 1);
          out[1] += 2 * r * k * u * ipow(v, k - 1);
        }
        return out;
      },
      hessian: (x) => {
        // H = sum of 2 (∇r ∇rᵀ + r ∇²r), as Beale._hessian
        const u = x[0];
        const v = x[1];
        let xx = 0;
        let xy = 0;
        let yy = 0;
        for (const [r, k] of terms(x)) {
          const rx = ipow(v, k) - 1;
          const ry = k * u * ipow(v, k - 1);
          const rxy = k * ipow(v, k - 1);
          const ryy = k * (k - 1) * u * ipow(v, Math.max(k - 2, 0));
          xx += 2 * rx * rx;
          xy += 2 * (rx * ry + r * rxy);
          yy += 2 * (ry * ry + r * ryy);
        }
        return [
          [xx, xy],
          [xy, yy],
        ];
      },
    };
  }

  function himmelblau() {
    return {
      name: "himmelblau",
      dim: 2,
      labels: ["x", "y"],
      latex: "(x² + y − 11)² + (x + y² − 7)²",
      extent: [-5, 5, -5, 5],
      minima: [
        [3, 2],
        [-2.805118086952745, 3.131312518250573],
        [-3.779310253377747, -3.283185991286169],
        [3.5844283403304917, -1.8481265269644034],
      ],
      value: (x) => (x[0] * x[0] + x[1] - 11) ** 2 + (x[0] + x[1] * x[1] - 7) ** 2,
      grad: (x) => {
        const u = x[0];
        const v = x[1];
        const p = u * u + v - 11;
        const q = u + v * v - 7;
        return [4 * u * p + 2 * q, 2 * p + 4 * v * q];
      },
      hessian: (x) => {
        const u = x[0];
        const v = x[1];
        const cross = 4 * (u + v);
        return [
          [12 * u * u + 4 * v - 42, cross],
          [cross, 4 * u + 12 * v * v - 26],
        ];
      },
    };
  }

  // numpy.polynomial: coefficients lowest degree first, evaluated by Horner from the top
  function polyval(c, x) {
    let acc = c[c.length - 1];
    for (let i = c.length - 2; i >= 0; i--) acc = c[i] + acc * x;
    return acc;
  }

  function polyFromRoots(roots) {
    let c = [1];
    for (const r of roots) {
      const next = new Array(c.length + 1).fill(0);
      for (let i = 0; i < c.length; i++) {
        next[i] += -r * c[i];
        next[i + 1] += c[i];
      }
      c = next;
    }
    return c;
  }

  /** The 1D curve with minima at −2.2, 0 (global) and 2.1 (descent.surfaces.Bumpy). */
  function bumpy(scale) {
    scale = scale === undefined ? 0.25 : scale;
    const slope = polyFromRoots([-2.2, -1.5, 0.0, 1.4, 2.1]).map((v) => v * scale);
    const curve = [0].concat(slope.map((v, i) => v / (i + 1)));
    const curvature = slope.slice(1).map((v, i) => v * (i + 1));
    return {
      name: "bumpy",
      dim: 1,
      labels: ["θ"],
      latex: "bumpy",
      extent: [-2.75, 2.65],
      minima: [[0]],
      localMinima: [[-2.2], [2.1]],
      value: (x) => polyval(curve, x[0]),
      grad: (x) => [polyval(slope, x[0])],
      hessian: (x) => [[polyval(curvature, x[0])]],
    };
  }

  function elongatedBowl(kappa) {
    return quadratic(
      "elongated",
      [
        [1, 0],
        [0, kappa],
      ],
      { extent: [-6, 6, -3, 3], latex: `½ (x² + ${kappa} y²)` },
    );
  }

  /** Every surface of descent.surfaces.ALL, by the same names. */
  const SURFACES = {
    parabola: quadratic("parabola", [[2]], { extent: [-2, 2], latex: "J(θ) = θ²" }),
    bumpy: bumpy(),
    bowl: quadratic(
      "bowl",
      [
        [2, 0],
        [0, 2],
      ],
      { extent: [-2, 2, -2, 2], latex: "x² + y²" },
    ),
    elongated: elongatedBowl(25),
    saddle: quadratic(
      "saddle",
      [
        [2, 0],
        [0, -2],
      ],
      { extent: [-2, 2, -2, 2], latex: "x² − y²" },
    ),
    rosenbrock: rosenbrock(),
    beale: beale(),
    himmelblau: himmelblau(),
  };

  // -- linear regression (descent.problems.LinearRegression) --------------------------------

  function mean(values) {
    let s = 0;
    for (const v of values) s += v;
    return s / values.length;
  }

  /** The MSE of ŷ = w x + b on data (x, y) as a surface of (w, b), with mini-batch gradients. */
  function linearRegression(x, y) {
    const xx = mean(x.map((v) => v * v));
    const xm = mean(x);
    const A = [
      [2 * xx, 2 * xm],
      [2 * xm, 2],
    ];
    const b = [2 * mean(x.map((v, i) => v * y[i])), 2 * mean(y)];
    const s = quadratic("linear-regression", A, { b: b, c: mean(y.map((v) => v * v)) });
    s.labels = ["w", "b"];
    const [w0, b0] = s.minima[0];
    s.extent = [w0 - 3, w0 + 3, b0 - 3, b0 + 3];
    s.x = x;
    s.y = y;
    s.nSamples = x.length;
    s.batchGrad = (p, batch) => {
      let gw = 0;
      let gb = 0;
      for (const i of batch) {
        const r = p[0] * x[i] + p[1] - y[i];
        gw += r * x[i];
        gb += r;
      }
      return [2 * (gw / batch.length), 2 * (gb / batch.length)];
    };
    return s;
  }

  // -- optimizers ---------------------------------------------------------------------------
  // optimizer(name, hyper) → {name, hyper, init(x) → state, step(x, g, state) → [x, state]},
  // with descent's defaults; x, g arrays of numbers; states are fresh objects (never mutated).

  // descent.optimizers.ALL as the page describes it: {optimizers: {name: {color, hyper,
  // defaults}}, symbols: {hyperparameter: symbol}}, in the registry's order
  let REGISTRY = null;

  /** Take descent's registry (the page's JSON): every optimizer in it that runs on a vector
   * (`vector`, asked of descent; not Muon) needs a rule here. */
  function useRegistry(data) {
    if (!data?.optimizers || !data.symbols) throw new Error("not a registry of descent");
    for (const [name, spec] of Object.entries(data.optimizers)) {
      if (spec.vector === false) continue;
      if (!RULES[name]) throw new Error(`descent has ${name}, descent-core.js has no rule for it`);
    }
    for (const name of Object.keys(data.schedules || {})) {
      if (!SCHEDULE_RULES[name]) throw new Error(`descent-core.js has no schedule ${name}`);
    }
    REGISTRY = data;
    return api;
  }

  function registry() {
    if (!REGISTRY)
      throw new Error("no registry: call DescentCore.useRegistry with the page's data");
    return REGISTRY;
  }

  const zeros = (x) => x.map(() => 0);
  const filled = (x, value) => x.map(() => value);

  /** torch's weight_decay before a rule, as apply_weight_decay in descent/optimizers/_base.py:
   * λθ added to the gradient (L2), or with `decoupled` θ shrunk by 1 − αλ; nothing at λ = 0. */
  function weightDecay(x, g, lr, weightDecay, decoupled) {
    if (!weightDecay) return [x, g];
    if (decoupled) return [x.map((xi) => xi * (1 - lr * weightDecay)), g];
    return [x, g.map((gi, i) => gi + weightDecay * x[i])];
  }

  function adamUpdate(x, g, st, lr, beta1, beta2, eps, biasCorrection) {
    // the equation, as adam_update in descent/optimizers/adam.py
    const t = st.count + 1;
    const m = new Array(x.length);
    const v = new Array(x.length);
    const out = new Array(x.length);
    for (let i = 0; i < x.length; i++) {
      m[i] = beta1 * st.m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * st.v[i] + (1 - beta2) * g[i] ** 2;
      const mHat = biasCorrection ? m[i] / (1 - beta1 ** t) : m[i];
      const vHat = biasCorrection ? v[i] / (1 - beta2 ** t) : v[i];
      out[i] = x[i] - (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
    return [out, { m: m, v: v, count: t }];
  }

  function amsgradUpdate(x, g, st, lr, beta1, beta2, eps, biasCorrection) {
    // the equation, as amsgrad_update in descent/optimizers/adam.py: v̂ from the largest v
    const t = st.count + 1;
    const m = new Array(x.length);
    const v = new Array(x.length);
    const vMax = new Array(x.length);
    const out = new Array(x.length);
    for (let i = 0; i < x.length; i++) {
      m[i] = beta1 * st.m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * st.v[i] + (1 - beta2) * g[i] ** 2;
      vMax[i] = Math.max(st.vMax[i], v[i]);
      const mHat = biasCorrection ? m[i] / (1 - beta1 ** t) : m[i];
      const vHat = biasCorrection ? vMax[i] / (1 - beta2 ** t) : vMax[i];
      out[i] = x[i] - (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
    return [out, { m: m, v: v, vMax: vMax, count: t }];
  }

  // α/(√v̂ + ε), as Adam.effective_lr (the step is this times m̂); AMSGrad's v̂ from v_max
  function adamRate(h, st, biasCorrection) {
    const c2 = biasCorrection ? 1 - h.beta2 ** Math.max(st.count, 1) : 1;
    const v = h.amsgrad ? st.vMax : st.v;
    return v.map((vi) => h.lr / (Math.sqrt(vi / c2) + h.eps));
  }

  // -- the rules beyond the gradient: Newton (the Hessian) and L-BFGS (its line search
  // evaluates the surface). A rule's `needs` says what `run` hands its step besides the
  // gradient, as descent.run does from the optimizer's `needs`.

  function dot(a, b) {
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
    return sum;
  }

  /** A⁻¹b by LU with partial pivoting (LAPACK's gesv, as numpy.linalg.solve); NaN when A is
   * exactly singular, as descent's Newton gives a run whose H + λI is. */
  function solveLinear(A, b) {
    const n = b.length;
    const a = A.map((row) => row.slice());
    const x = b.slice();
    for (let k = 0; k < n; k++) {
      let p = k;
      for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
      if (a[p][k] === 0) return x.map(() => Number.NaN);
      [a[k], a[p]] = [a[p], a[k]];
      [x[k], x[p]] = [x[p], x[k]];
      const inverse = 1 / a[k][k];
      for (let i = k + 1; i < n; i++) {
        const l = a[i][k] * inverse;
        for (let j = k + 1; j < n; j++) a[i][j] -= l * a[k][j];
        x[i] -= l * x[k];
      }
    }
    for (let k = n - 1; k >= 0; k--) {
      x[k] /= a[k][k];
      for (let i = 0; i < k; i++) x[i] -= x[k] * a[i][k];
    }
    return x;
  }

  // Python's max(a, b) / min(a, b), which torch's line search calls: b only if it is strictly
  // greater / smaller, so a NaN is kept or passed over by position (Math.max returns NaN)
  // biome-ignore lint/complexity/useMathMinMax: Python's semantics, not Math.max's
  const pyMax = (a, b) => (b > a ? b : a);
  // biome-ignore lint/complexity/useMathMinMax: Python's semantics, not Math.min's
  const pyMin = (a, b) => (b < a ? b : a);

  /** torch's _cubic_interpolate (descent.optimizers.lbfgs.cubic_interpolate). */
  function cubicInterpolate(x1, f1, g1, x2, f2, g2, bounds) {
    const [lo, hi] = bounds || (x1 <= x2 ? [x1, x2] : [x2, x1]);
    const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
    const d2Square = d1 ** 2 - g1 * g2;
    if (!(d2Square >= 0)) return (lo + hi) / 2;
    const d2 = Math.sqrt(d2Square);
    const minPos =
      x1 <= x2
        ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return pyMin(pyMax(minPos, lo), hi);
  }

  /** torch's _strong_wolfe for one run: the step length and the evaluations it made (the
   * gradients it keeps are not needed with one iteration a step). */
  function strongWolfe(surface, x, t, d, f, gtd, maxLs) {
    const c1 = 1e-4;
    const c2 = 0.9;
    const tolerance = 1e-9; // torch's own default: LBFGS.step does not pass tolerance_change
    let dNorm = 0;
    for (const v of d) dNorm = Math.max(dNorm, Math.abs(v));
    const evaluate = (step) => {
      const point = x.map((xi, i) => xi + step * d[i]);
      return [surface.value(point), dot(surface.grad(point), d)];
    };
    let [fNew, gtdNew] = evaluate(t);
    let evals = 1;
    let [tPrev, fPrev, gtdPrev] = [0, f, gtd];
    let done = false;
    let lsIter = 0;
    let bracket = null;
    let bracketF = null;
    let bracketGtd = null;
    while (lsIter < maxLs) {
      const armijoFails = fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev);
      if (armijoFails || (!(Math.abs(gtdNew) <= -c2 * gtd) && gtdNew >= 0)) {
        // too far, or the slope turned before the curvature condition held: a bracket
        bracket = [tPrev, t];
        bracketF = [fPrev, fNew];
        bracketGtd = [gtdPrev, gtdNew];
        break;
      }
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        bracket = [t]; // the strong Wolfe conditions hold
        bracketF = [fNew];
        done = true;
        break;
      }
      const minStep = t + 0.01 * (t - tPrev);
      const maxStep = t * 10;
      const tmp = t;
      t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
      [tPrev, fPrev, gtdPrev] = [tmp, fNew, gtdNew];
      [fNew, gtdNew] = evaluate(t);
      evals += 1;
      lsIter += 1;
    }
    if (lsIter === maxLs) {
      bracket = [0, t];
      bracketF = [f, fNew];
    }
    let insufProgress = false;
    let [low, high] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
    while (!done && lsIter < maxLs) {
      if (Math.abs(bracket[1] - bracket[0]) * dNorm < tolerance) break;
      t = cubicInterpolate(
        bracket[0],
        bracketF[0],
        bracketGtd[0],
        bracket[1],
        bracketF[1],
        bracketGtd[1],
      );
      const top = pyMax(bracket[0], bracket[1]);
      const bottom = pyMin(bracket[0], bracket[1]);
      const eps = 0.1 * (top - bottom);
      if (pyMin(top - t, t - bottom) < eps) {
        if (insufProgress || t >= top || t <= bottom) {
          t = Math.abs(t - top) < Math.abs(t - bottom) ? top - eps : bottom + eps;
          insufProgress = false;
        } else {
          insufProgress = true;
        }
      } else {
        insufProgress = false;
      }
      [fNew, gtdNew] = evaluate(t);
      evals += 1;
      lsIter += 1;
      if (fNew > f + c1 * t * gtd || fNew >= bracketF[low]) {
        bracket[high] = t;
        bracketF[high] = fNew;
        bracketGtd[high] = gtdNew;
        [low, high] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
      } else {
        if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
        else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
          bracket[high] = bracket[low];
          bracketF[high] = bracketF[low];
          bracketGtd[high] = bracketGtd[low];
        }
        bracket[low] = t;
        bracketF[low] = fNew;
        bracketGtd[low] = gtdNew;
      }
    }
    return [bracket[low], evals];
  }

  // torch's curvature condition for storing a pair (y, s)
  const CURVATURE_MIN = 1e-10;

  /** One L-BFGS step (torch.optim.LBFGS with max_iter=1), as descent.optimizers.LBFGS. */
  function lbfgsStep(h, x, g, st, extra) {
    const funcEvals = st.funcEvals + 1;
    let gMax = 0;
    for (const v of g) gMax = Math.max(gMax, Math.abs(v));
    if (gMax <= h.tolerance_grad)
      return [x, Object.assign({}, st, { funcEvals, count: st.count + 1 })];
    const nIter = st.nIter + 1;
    let { s, y, rho, gamma } = st;
    if (nIter > 1) {
      const sNew = st.d.map((v) => v * st.t);
      const yNew = g.map((v, i) => v - st.prevGrad[i]);
      const ys = dot(yNew, sNew);
      if (ys > CURVATURE_MIN) {
        const drop = s.length === h.history_size ? 1 : 0;
        s = s.slice(drop).concat([sNew]);
        y = y.slice(drop).concat([yNew]);
        rho = rho.slice(drop).concat([1 / ys]);
        gamma = ys / dot(yNew, yNew);
      }
    }
    const alpha = new Array(s.length);
    let q = g.map((v) => -v);
    for (let i = s.length - 1; i >= 0; i--) {
      alpha[i] = dot(s[i], q) * rho[i];
      q = q.map((v, j) => v - alpha[i] * y[i][j]);
    }
    let d = q.map((v) => v * gamma);
    for (let i = 0; i < s.length; i++) {
      const beta = dot(y[i], d) * rho[i];
      d = d.map((v, j) => v + (alpha[i] - beta) * s[i][j]);
    }
    let gAbs = 0;
    for (const v of g) gAbs += Math.abs(v);
    let t = nIter === 1 ? Math.min(1, 1 / gAbs) * h.lr : h.lr;
    const gtd = dot(g, d);
    const moves = !(gtd > -h.tolerance_change);
    let evals = 0;
    if (moves && h.line_search_fn === "strong_wolfe") {
      if (!extra?.objective) throw new Error("LBFGS with a line search needs the surface");
      const loss = extra.loss === undefined ? extra.objective.value(x) : extra.loss;
      const maxEval = h.max_eval === null || h.max_eval === undefined ? 1 : h.max_eval;
      [t, evals] = strongWolfe(extra.objective, x, t, d, loss, gtd, maxEval - 1);
    }
    const out = moves ? x.map((v, i) => v + t * d[i]) : x;
    const next = { d, t, s, y, rho, gamma, prevGrad: g.slice(), nIter, count: st.count + 1 };
    next.funcEvals = funcEvals + evals;
    return [out, next];
  }
  const adamInit = (h, x) =>
    h.amsgrad
      ? { m: zeros(x), v: zeros(x), vMax: zeros(x), count: 0 }
      : { m: zeros(x), v: zeros(x), count: 0 };

  // RMSProp with torch's momentum or centered on, as RMSProp._update_with_options
  function rmspropWithOptions(h, x, g, st) {
    const n = x.length;
    const squareAvg = new Array(n);
    const gradAvg = new Array(n);
    const momentumBuffer = new Array(n);
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      squareAvg[i] = h.beta * st.squareAvg[i] + (1 - h.beta) * g[i] * g[i];
      gradAvg[i] = h.centered ? h.beta * st.gradAvg[i] + (1 - h.beta) * g[i] : 0;
      const denominator = Math.sqrt(squareAvg[i] - gradAvg[i] ** 2) + h.eps;
      momentumBuffer[i] = h.momentum * st.momentumBuffer[i] + g[i] / denominator;
      out[i] = x[i] - h.lr * momentumBuffer[i];
    }
    return [out, { squareAvg, gradAvg, momentumBuffer, count: st.count + 1 }];
  }

  const rmspropFull = (h) => h.centered || h.momentum > 0;

  const RULES = {
    GradientDescent: {
      init: () => ({ count: 0 }),
      step: (h, x, g, st) => [x.map((xi, i) => xi - h.lr * g[i]), { count: st.count + 1 }],
    },
    Momentum: {
      init: (_h, x) => ({ velocity: zeros(x), count: 0 }),
      step: (h, x, g0, st) => {
        // torch's options first: g + λθ, and (1 − d) g from the second update on
        let [, g] = weightDecay(x, g0, h.lr, h.weight_decay, false);
        if (st.count > 0 && h.dampening) g = g.map((gi) => (1 - h.dampening) * gi);
        const velocity = g.map((gi, i) => h.beta * st.velocity[i] + gi);
        return [x.map((xi, i) => xi - h.lr * velocity[i]), { velocity, count: st.count + 1 }];
      },
    },
    Nesterov: {
      init: (_h, x) => ({ velocity: zeros(x), count: 0 }),
      step: (h, x, g0, st) => {
        const [, g] = weightDecay(x, g0, h.lr, h.weight_decay, false);
        const velocity = g.map((gi, i) => h.beta * st.velocity[i] + gi);
        const out = x.map((xi, i) => xi - h.lr * (g[i] + h.beta * velocity[i]));
        return [out, { velocity, count: st.count + 1 }];
      },
    },
    AdaGrad: {
      init: (h, x) => ({ sumSquares: filled(x, h.initial_accumulator_value || 0), count: 0 }),
      step: (h, x, g0, st) => {
        const [, g] = weightDecay(x, g0, h.lr, h.weight_decay, false);
        const lr = h.lr_decay ? h.lr / (1 + st.count * h.lr_decay) : h.lr;
        const s = g.map((gi, i) => st.sumSquares[i] + gi * gi);
        const out = x.map((xi, i) => xi - (lr * g[i]) / (Math.sqrt(s[i]) + h.eps));
        return [out, { sumSquares: s, count: st.count + 1 }];
      },
      // α/(√s + ε), as AdaGrad.effective_lr (α decayed by lr_decay as at the last update)
      effectiveLr: (h, st) => {
        const lr = h.lr_decay ? h.lr / (1 + Math.max(st.count - 1, 0) * h.lr_decay) : h.lr;
        return st.sumSquares.map((s) => lr / (Math.sqrt(s) + h.eps));
      },
    },
    RMSProp: {
      init: (h, x) =>
        rmspropFull(h)
          ? { squareAvg: zeros(x), gradAvg: zeros(x), momentumBuffer: zeros(x), count: 0 }
          : { squareAvg: zeros(x), count: 0 },
      step: (h, x, g0, st) => {
        const [, g] = weightDecay(x, g0, h.lr, h.weight_decay, false);
        if (rmspropFull(h)) return rmspropWithOptions(h, x, g, st);
        const s = g.map((gi, i) => h.beta * st.squareAvg[i] + (1 - h.beta) * gi * gi);
        const out = x.map((xi, i) => xi - (h.lr * g[i]) / (Math.sqrt(s[i]) + h.eps));
        return [out, { squareAvg: s, count: st.count + 1 }];
      },
      effectiveLr: (h, st) =>
        st.squareAvg.map((s, i) => {
          const centered = rmspropFull(h) ? s - st.gradAvg[i] ** 2 : s;
          return h.lr / (Math.sqrt(centered) + h.eps);
        }),
    },
    Adam: {
      init: adamInit,
      step: (h, x, g0, st) => {
        const [, g] = weightDecay(x, g0, h.lr, h.weight_decay, false);
        const update = h.amsgrad ? amsgradUpdate : adamUpdate;
        return update(x, g, st, h.lr, h.beta1, h.beta2, h.eps, h.bias_correction !== false);
      },
      effectiveLr: (h, st) => adamRate(h, st, h.bias_correction !== false),
    },
    AdamW: {
      init: adamInit,
      step: (h, x, g, st) => {
        const decayed = x.map((xi) => xi * (1 - h.lr * h.weight_decay));
        const update = h.amsgrad ? amsgradUpdate : adamUpdate;
        return update(decayed, g, st, h.lr, h.beta1, h.beta2, h.eps, true);
      },
      // no effectiveLr: descent.AdamW has no effective_lr (its step also decays the weights)
    },
    // torch.optim's other rules (descent/optimizers/nadam.py, radam.py, ...), each in the
    // order of operations of its Python rule
    NAdam: {
      init: (_h, x) => ({ m: zeros(x), v: zeros(x), muProduct: filled(x, 1), count: 0 }),
      step: (h, x0, g0, st) => {
        const [x, g] = weightDecay(x0, g0, h.lr, h.weight_decay, h.decoupled_weight_decay);
        const t = st.count + 1;
        const mu = h.beta1 * (1 - 0.5 * 0.96 ** (t * h.momentum_decay));
        const muNext = h.beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * h.momentum_decay));
        const n = x.length;
        const [m, v, muProduct, out] = [new Array(n), new Array(n), new Array(n), new Array(n)];
        for (let i = 0; i < n; i++) {
          muProduct[i] = st.muProduct[i] * mu;
          m[i] = h.beta1 * st.m[i] + (1 - h.beta1) * g[i];
          v[i] = h.beta2 * st.v[i] + (1 - h.beta2) * g[i] ** 2;
          const mHat =
            (muNext * m[i]) / (1 - muProduct[i] * muNext) + ((1 - mu) * g[i]) / (1 - muProduct[i]);
          const vHat = v[i] / (1 - h.beta2 ** t);
          out[i] = x[i] - (h.lr * mHat) / (Math.sqrt(vHat) + h.eps);
        }
        return [out, { m, v, muProduct, count: t }];
      },
    },
    RAdam: {
      init: (_h, x) => ({ m: zeros(x), v: zeros(x), count: 0 }),
      step: (h, x0, g0, st) => {
        const [x, g] = weightDecay(x0, g0, h.lr, h.weight_decay, h.decoupled_weight_decay);
        const t = st.count + 1;
        const rhoInf = 2 / (1 - h.beta2) - 1;
        const rhoT = rhoInf - (2 * t * h.beta2 ** t) / (1 - h.beta2 ** t);
        const rT = Math.sqrt(
          ((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT),
        );
        const n = x.length;
        const [m, v, out] = [new Array(n), new Array(n), new Array(n)];
        for (let i = 0; i < n; i++) {
          m[i] = h.beta1 * st.m[i] + (1 - h.beta1) * g[i];
          v[i] = h.beta2 * st.v[i] + (1 - h.beta2) * g[i] ** 2;
          const mHat = m[i] / (1 - h.beta1 ** t);
          const lT = Math.sqrt(1 - h.beta2 ** t) / (Math.sqrt(v[i]) + h.eps);
          out[i] = x[i] - h.lr * (rhoT > 5 ? mHat * rT * lT : mHat);
        }
        return [out, { m, v, count: t }];
      },
    },
    Adamax: {
      init: (_h, x) => ({ m: zeros(x), u: zeros(x), count: 0 }),
      step: (h, x, g0, st) => {
        const [, g] = weightDecay(x, g0, h.lr, h.weight_decay, false);
        const t = st.count + 1;
        const m = g.map((gi, i) => h.beta1 * st.m[i] + (1 - h.beta1) * gi);
        const u = g.map((gi, i) => Math.max(h.beta2 * st.u[i], Math.abs(gi) + h.eps));
        const out = x.map((xi, i) => xi - ((h.lr / (1 - h.beta1 ** t)) * m[i]) / u[i]);
        return [out, { m, u, count: t }];
      },
    },
    Adadelta: {
      init: (_h, x) => ({ squareAvg: zeros(x), deltaSquareAvg: zeros(x), count: 0 }),
      step: (h, x, g0, st) => {
        const [, g] = weightDecay(x, g0, h.lr, h.weight_decay, false);
        const squareAvg = g.map((gi, i) => h.beta * st.squareAvg[i] + (1 - h.beta) * gi * gi);
        const delta = g.map(
          (gi, i) =>
            (Math.sqrt(st.deltaSquareAvg[i] + h.eps) / Math.sqrt(squareAvg[i] + h.eps)) * gi,
        );
        const deltaSquareAvg = delta.map(
          (d, i) => h.beta * st.deltaSquareAvg[i] + (1 - h.beta) * d * d,
        );
        const out = x.map((xi, i) => xi - h.lr * delta[i]);
        return [out, { squareAvg, deltaSquareAvg, count: st.count + 1 }];
      },
    },
    Rprop: {
      // lr is only the first step size (a schedule's later values change nothing)
      init: (h, x) => ({ prevGrad: zeros(x), stepSize: filled(x, h.lr), count: 0 }),
      step: (h, x, g, st) => {
        const n = x.length;
        const [prevGrad, stepSize, out] = [new Array(n), new Array(n), new Array(n)];
        for (let i = 0; i < n; i++) {
          const agreement = g[i] * st.prevGrad[i];
          let eta = Number.NaN; // a NaN gradient gives a NaN step size, as in descent
          if (agreement > 0) eta = h.eta_plus;
          else if (agreement < 0) eta = h.eta_minus;
          else if (agreement === 0) eta = 1;
          // numpy's clip; Math.max and Math.min keep a NaN, as it does
          stepSize[i] = Math.min(Math.max(eta * st.stepSize[i], h.step_size_min), h.step_size_max);
          prevGrad[i] = agreement < 0 ? 0 : g[i];
          out[i] = x[i] - stepSize[i] * Math.sign(prevGrad[i]);
        }
        return [out, { prevGrad, stepSize, count: st.count + 1 }];
      },
    },
    ASGD: {
      // the state's ax is the averaged point, the one to evaluate (descent's state.ax)
      init: (h, x) => ({ eta: filled(x, h.lr), mu: filled(x, 1), ax: zeros(x), count: 0 }),
      step: (h, x, g0, st) => {
        const [, g] = weightDecay(x, g0, h.lr, h.weight_decay, false);
        const t = st.count + 1;
        const out = x.map((xi, i) => xi * (1 - h.lambd * st.eta[i]) - st.eta[i] * g[i]);
        const ax = out.map((xi, i) =>
          st.mu[i] === 1 ? xi : st.ax[i] + (xi - st.ax[i]) * st.mu[i],
        );
        const eta = h.lr / (1 + h.lambd * h.lr * t) ** h.alpha;
        const mu = 1 / Math.max(1, t - h.t0);
        return [out, { eta: filled(x, eta), mu: filled(x, mu), ax, count: t }];
      },
    },
    Newton: {
      needs: () => ["hessian"],
      init: () => ({ count: 0 }),
      step: (h, x, g, st, extra) => {
        if (!extra?.hessian) throw new Error("Newton needs the Hessian at x");
        // the equation, as Newton._update: θ − α (H + λI)⁻¹ g
        const damped = extra.hessian.map((row, i) =>
          row.map((v, j) => v + (i === j ? h.damping : 0)),
        );
        const step = solveLinear(damped, g);
        return [x.map((xi, i) => xi - h.lr * step[i]), { count: st.count + 1 }];
      },
    },
    LBFGS: {
      needs: (h) => (h.line_search_fn ? ["loss", "objective"] : []),
      init: (_h, x) => ({
        d: zeros(x),
        t: 0,
        s: [],
        y: [],
        rho: [],
        gamma: 1,
        prevGrad: zeros(x),
        nIter: 0,
        funcEvals: 0,
        count: 0,
      }),
      step: lbfgsStep,
    },
  };

  // -- the rules beyond the registry ----------------------------------------------------------
  // Lion, sign descent, schedule-free and Adafactor's vector form, each in the order of
  // operations of its descent module, ready for the day descent.optimizers.ALL lists them (until
  // then a page's registry does not, and optimizer() does not build them; the tests hand the
  // core their registry entries). Muon has no rule here, and Adafactor no factored form: both
  // work on a matrix (the last two axes of descent's parameters), and a playground's point is a
  // vector, which descent's Muon refuses.

  const signOf = (v) => Math.sign(v); // numpy's sign: 0 at 0, NaN at NaN, ±1 at ±Infinity

  // numpy's fmax: the larger, a NaN counting as absent (torch's max(1.0, nan) is 1.0)
  const fmax = (a, b) => (Number.isNaN(b) ? a : Number.isNaN(a) ? b : Math.max(a, b));

  // the root mean square of a vector, summed in order as numpy sums a short one
  function rms(v) {
    let sum = 0;
    for (const vi of v) sum += vi * vi;
    return Math.sqrt(sum / v.length);
  }

  // the rate after warmup and the weight c_t of z in the average x, as schedule_free.py's
  // _averaging_weight (one vector, one rate: the sums are numbers)
  function scheduleFreeWeights(h, st) {
    const t = st.count + 1;
    const warmup = t <= h.warmup_steps ? t / h.warmup_steps : 1;
    const lrT = h.lr * warmup;
    const lrMax = Math.max(st.lrMax, lrT);
    const weight = t ** h.r * lrMax ** h.weight_lr_power;
    const weightSum = st.weightSum + weight;
    const c = weightSum > 0 ? weight / weightSum : 0;
    return { t, lrT, lrMax, weightSum, c };
  }

  const scheduleFreeInit = (extra) => (_h, x) =>
    Object.assign({ z: x.slice(), x: x.slice(), weightSum: 0, lrMax: 0, count: 0 }, extra(x));

  const BEYOND_RULES = {
    Lion: {
      init: (_h, x) => ({ m: zeros(x), count: 0 }),
      step: (h, x, g, st) => {
        const out = new Array(x.length);
        const m = new Array(x.length);
        for (let i = 0; i < x.length; i++) {
          const decayed = x[i] * (1 - h.lr * h.weight_decay);
          const update = signOf(h.beta1 * st.m[i] + (1 - h.beta1) * g[i]);
          out[i] = decayed - h.lr * update;
          m[i] = h.beta2 * st.m[i] + (1 - h.beta2) * g[i];
        }
        return [out, { m, count: st.count + 1 }];
      },
    },
    SignSGD: {
      init: () => ({ count: 0 }),
      step: (h, x, g, st) => [x.map((xi, i) => xi - h.lr * signOf(g[i])), { count: st.count + 1 }],
    },
    Signum: {
      init: (_h, x) => ({ m: zeros(x), count: 0 }),
      step: (h, x, g, st) => {
        const m = g.map((gi, i) => h.beta * st.m[i] + (1 - h.beta) * gi);
        return [x.map((xi, i) => xi - h.lr * signOf(m[i])), { m, count: st.count + 1 }];
      },
    },
    ScheduleFreeSGD: {
      init: scheduleFreeInit(() => ({})),
      step: (h, y, g, st) => {
        const w = scheduleFreeWeights(h, st);
        const z = new Array(y.length);
        const x = new Array(y.length);
        const out = new Array(y.length);
        for (let i = 0; i < y.length; i++) {
          const grad = g[i] + h.weight_decay * y[i];
          z[i] = st.z[i] - w.lrT * grad;
          x[i] = (1 - w.c) * st.x[i] + w.c * z[i];
          out[i] = h.beta * x[i] + (1 - h.beta) * z[i];
        }
        return [out, { z, x, weightSum: w.weightSum, lrMax: w.lrMax, count: w.t }];
      },
      evalParams: (st) => st.x, // the point to evaluate, as ScheduleFreeSGD.eval_params
    },
    ScheduleFreeAdamW: {
      init: scheduleFreeInit((x) => ({ v: zeros(x) })),
      step: (h, y, g, st) => {
        const w = scheduleFreeWeights(h, st);
        const z = new Array(y.length);
        const x = new Array(y.length);
        const v = new Array(y.length);
        const out = new Array(y.length);
        for (let i = 0; i < y.length; i++) {
          const decayPoint = h.decay_at_z ? st.z[i] : y[i];
          z[i] = st.z[i] - w.lrT * h.weight_decay * decayPoint;
          v[i] = h.beta2 * st.v[i] + (1 - h.beta2) * g[i] ** 2;
          z[i] = z[i] - (w.lrT * g[i]) / (Math.sqrt(v[i] / (1 - h.beta2 ** w.t)) + h.eps);
          x[i] = (1 - w.c) * st.x[i] + w.c * z[i];
          out[i] = h.beta1 * x[i] + (1 - h.beta1) * z[i];
        }
        return [out, { z, x, v, weightSum: w.weightSum, lrMax: w.lrMax, count: w.t }];
      },
      evalParams: (st) => st.x,
    },
    Adafactor: {
      init: (_h, x) => ({ variance: zeros(x), count: 0 }),
      step: (h, x, g, st) => {
        if (h.factored)
          throw new Error(
            "Adafactor's factored form needs a matrix; a playground's point is a vector",
          );
        const t = st.count + 1;
        const beta2t = 1 - t ** h.beta2_decay;
        const rho = Math.min(h.lr, 1 / t ** 0.5);
        const alpha = fmax(h.eps2, rms(x)) * rho;
        const variance = g.map((gi, i) => beta2t * st.variance[i] + (1 - beta2t) * gi ** 2);
        const u = g.map((gi, i) => gi / Math.sqrt(Math.max(variance[i], h.eps1 ** 2)));
        const clip = fmax(1, rms(u) / h.d);
        const out = x.map((xi, i) => xi * (1 - h.lr * h.weight_decay) - alpha * (u[i] / clip));
        return [out, { variance, count: t }];
      },
    },
  };
  Object.assign(RULES, BEYOND_RULES);

  // -- learning-rate schedules (descent.schedules, which are torch.optim.lr_scheduler's) ----
  // schedule(name, args) → t ↦ the rate of update t, each the closed form of its Python class
  // in the same order of operations; names, parameters and defaults are the registry's
  // (`schedules`: the classes a playground can run, each with a rule here).

  // the rate at update t over [cos or line] from a to b, as OneCycleLR._anneal
  const anneal = (cos, a, b, pct) =>
    cos ? b + ((a - b) / 2.0) * (Math.cos(Math.PI * pct) + 1) : (b - a) * pct + a;

  // WarmupStableDecay's decay over its fraction done, as schedules._Cooldown
  function cooldown(shape, steps, finalFactor) {
    return (t) => {
      const x = Math.min(t, steps) / steps;
      const drop = shape === "cosine" ? (1 + Math.cos(Math.PI * x)) / 2 : 1 - Math.sqrt(x);
      return finalFactor + (1 - finalFactor) * drop;
    };
  }

  const SCHEDULE_RULES = {
    ConstantLR: (a) => (t) => a.lr * (t < a.total_iters ? a.factor : 1.0),
    LinearLR: (a) => (t) => {
      const progress = Math.min(t, a.total_iters) / a.total_iters;
      return a.lr * (a.start_factor + (a.end_factor - a.start_factor) * progress);
    },
    CosineAnnealingLR: (a) => (t) => {
      const cos = Math.cos((Math.PI * t) / a.T_max);
      return a.eta_min + ((a.lr - a.eta_min) * (1 + cos)) / 2;
    },
    CosineAnnealingWarmRestarts: (a) => (t) => {
      // T_cur, the updates since the last restart, and T_i, the period it is in
      let begun = 0;
      let length = a.T_0;
      if (a.T_mult === 1) begun = t - (t % a.T_0);
      else {
        while (begun + length <= t) {
          begun += length;
          length *= a.T_mult;
        }
      }
      const cos = Math.cos((Math.PI * (t - begun)) / length);
      return a.eta_min + ((a.lr - a.eta_min) * (1 + cos)) / 2;
    },
    OneCycleLR: (a) => {
      const total = a.total_steps ?? a.epochs * a.steps_per_epoch;
      const initial = a.max_lr / a.div_factor;
      const final = initial / a.final_div_factor;
      const phases = a.three_phase
        ? [
            [a.pct_start * total - 1, initial, a.max_lr],
            [2 * a.pct_start * total - 2, a.max_lr, initial],
            [total - 1, initial, final],
          ]
        : [
            [a.pct_start * total - 1, initial, a.max_lr],
            [total - 1, a.max_lr, final],
          ];
      return (t) => {
        if (t > total)
          throw new Error(
            `t must be at most total_steps = ${total} (torch raises past it), got ${t}`,
          );
        let start = 0.0;
        for (let k = 0; k < phases.length; k++) {
          const [end, lo, hi] = phases[k];
          if (t <= end || k === phases.length - 1)
            return anneal(a.anneal_strategy === "cos", lo, hi, (t - start) / (end - start));
          start = end;
        }
      };
    },
    WarmupStableDecay: (a) => {
      // its SequentialLR: LinearLR (warm-up), ConstantLR (stable), the decay, at milestones
      const stages = [];
      const milestones = [];
      if (a.warmup_steps) {
        const up = { lr: a.lr, start_factor: a.start_factor, end_factor: 1.0 };
        stages.push(SCHEDULE_RULES.LinearLR(Object.assign(up, { total_iters: a.warmup_steps })));
        milestones.push(a.warmup_steps);
      }
      if (a.stable_steps) {
        stages.push(
          SCHEDULE_RULES.ConstantLR({ lr: a.lr, factor: 1.0, total_iters: a.stable_steps }),
        );
        milestones.push(a.warmup_steps + a.stable_steps);
      }
      if (a.decay === "linear") {
        const down = { lr: a.lr, start_factor: 1.0, end_factor: a.final_factor };
        stages.push(SCHEDULE_RULES.LinearLR(Object.assign(down, { total_iters: a.decay_steps })));
      } else {
        const factor = cooldown(a.decay, a.decay_steps, a.final_factor);
        stages.push((t) => a.lr * factor(t)); // LambdaLR
      }
      return (t) => {
        let i = 0;
        while (i < milestones.length && milestones[i] <= t) i++;
        return stages[i](i ? t - milestones[i - 1] : t);
      };
    },
  };

  /** A schedule by its descent.schedules class name: t ↦ the rate of update t (an integer
   * >= 0), its parameters filled in from descent's defaults (the registry's `schedules`). */
  function schedule(name, args) {
    const spec = registry().schedules?.[name];
    if (!spec || !SCHEDULE_RULES[name]) throw new Error(`unknown schedule ${name}`);
    const a = Object.assign({}, spec.defaults, args || {});
    for (const key of Object.keys(args || {})) {
      if (!spec.hyper.includes(key)) throw new Error(`${name} has no parameter ${key}`);
    }
    const rate = SCHEDULE_RULES[name](a);
    const at = (t) => {
      if (!Number.isInteger(t) || t < 0) throw new Error(`t must be an integer >= 0, got ${t}`);
      return rate(t);
    };
    return Object.assign(at, { schedule: name, args: a });
  }

  /** The optimizer's hyperparameters for update `count`: `lr` from the schedule, if any; a
   * scheduled rate checked as descent checks it (Optimizer._learning_rate). */
  function ratedAt(h, rate, count) {
    if (!rate) return h;
    const lr = rate(count);
    if (!(lr >= 0 && lr < Infinity))
      throw new Error(`lr at update ${count} must be in [0, inf), got ${lr}`);
    return Object.assign({}, h, { lr: lr });
  }

  /** An optimizer by its descent class name, hyperparameters filled in from descent's
   * defaults; one without a default (gradient descent's lr) must be given, as in Python.
   * `rate`, a schedule (t ↦ rate), replaces `lr` as descent's `lr=schedule` does: update t
   * takes rate(t), t the state's count; the state's first rate (Rprop's Δ₀) is rate(0), the
   * rate per coordinate the last update's. */
  function optimizer(name, hyper, rate) {
    const spec = registry().optimizers[name];
    if (!spec) throw new Error(`unknown optimizer ${name}`);
    const h = Object.assign({}, spec.defaults, hyper || {});
    for (const key of Object.keys(hyper || {})) {
      if (!spec.hyper.includes(key)) throw new Error(`${name} has no hyperparameter ${key}`);
    }
    if (rate) {
      if ("lr" in (hyper || {})) throw new Error(`${name}: give lr or a schedule, not both`);
      delete h.lr; // the schedule's, update by update
    }
    for (const key of spec.hyper) {
      if (!(key in h) && !(rate && key === "lr"))
        throw new Error(`${name} needs ${key} (descent gives it no default)`);
    }
    for (const key of spec.hyper.filter((k) => k in h)) {
      const problem = outOfRange(h[key], spec.ranges?.[key]);
      if (problem) throw new Error(`${key} ${problem}, got ${h[key]}`);
    }
    const rule = RULES[name];
    if (!rule) throw new Error(`${name} does not run on a vector: no playground draws it`);
    return {
      name: name,
      hyper: h,
      rate: rate || null,
      needs: rule.needs ? rule.needs(h) : [],
      init: (x) => rule.init(ratedAt(h, rate, 0), x),
      step: (x, g, st, extra) => rule.step(ratedAt(h, rate, st.count), x, g, st, extra),
      effectiveLr: rule.effectiveLr
        ? (st) => rule.effectiveLr(ratedAt(h, rate, Math.max(st.count - 1, 0)), st)
        : null,
      evalParams: rule.evalParams || null, // schedule-free: the averaged point of a state
    };
  }

  /** What is wrong with a hyperparameter's value for the range descent accepts (the registry's
   * `ranges`, found by building descent's classes), as descent's checks say it, or "". */
  function outOfRange(value, range) {
    if (typeof value === "boolean" || !range) return "";
    const lo = range.min === undefined ? "(-inf" : `${range.min_open ? "(" : "["}${range.min}`;
    const hi = range.max === undefined ? "inf)" : `${range.max}${range.max_open ? ")" : "]"}`;
    const text = `must be in ${lo}, ${hi}`;
    if (typeof value !== "number" || !Number.isFinite(value))
      return `must be finite and in ${lo}, ${hi}`;
    if (range.min !== undefined && (range.min_open ? value <= range.min : value < range.min))
      return text;
    if (range.max !== undefined && (range.max_open ? value >= range.max : value > range.max))
      return text;
    return "";
  }

  // -- runs ---------------------------------------------------------------------------------

  /** `steps` updates from `start`, as descent.run: the path (steps + 1 points), the loss along
   * it, and divergence (a point leaving |x| <= limit or not finite freezes the run there).
   * `gradAt(x, t)` replaces the surface's gradient (mini-batches); `keepStates` keeps the
   * optimizer's state after each step (`states[t]`, as descent.run's record_state). A rule
   * that needs more than the gradient (`opt.needs`: "hessian", "loss", "objective") gets it
   * from the surface at x. */
  function run(opt, surface, start, steps, options) {
    const limit = options?.limit || 1e8;
    const gradAt = options?.gradAt || ((x) => surface.grad(x));
    let x = start.slice();
    let state = opt.init(x);
    const path = [x];
    const states = options?.keepStates ? [state] : null;
    let divergedAt = -1;
    const needs = opt.needs || [];
    for (let t = 0; t < steps; t++) {
      // what the rule needs besides the gradient (descent.run's SUPPLIES), at x
      const extra = needs.length ? {} : undefined;
      if (needs.includes("hessian")) extra.hessian = surface.hessian(x);
      if (needs.includes("loss")) extra.loss = surface.value(x);
      if (needs.includes("objective")) extra.objective = surface;
      const [next, nextState] = opt.step(x, gradAt(x, t), state, extra);
      state = nextState;
      if (states) states.push(state); // as descent: the state goes on, the point is frozen
      if (divergedAt < 0 && !next.every((v) => Math.abs(v) <= limit)) divergedAt = t + 1;
      if (divergedAt < 0) x = next;
      path.push(x);
    }
    return {
      path: path,
      loss: path.map((p) => surface.value(p)),
      diverged: divergedAt >= 0,
      divergedAt: divergedAt,
      optimizer: opt,
      states: states,
    };
  }

  /** Mini-batch descent as descent.run_stochastic, on given shuffles: `orders[e]` is the
   * permutation of the data for epoch e (recorded from numpy by the site's build). */
  function runStochastic(opt, problem, start, epochs, batchSize, orders, options) {
    const n = problem.nSamples;
    const batches = [];
    for (let e = 0; e < epochs; e++) {
      for (let i = 0; i < n; i += batchSize) batches.push(orders[e].slice(i, i + batchSize));
    }
    const gradAt = (x, t) => problem.batchGrad(x, batches[t]);
    const traj = run(
      opt,
      problem,
      start,
      batches.length,
      Object.assign({}, options, { gradAt: gradAt }),
    );
    const perEpoch = Math.ceil(n / batchSize);
    traj.epochEnds = [];
    for (let e = 1; e <= epochs; e++) traj.epochEnds.push(e * perEpoch);
    return traj;
  }

  /** descent.ema: the exponential moving average of a sequence of numbers. */
  function ema(values, beta, biasCorrection) {
    const out = new Array(values.length);
    let average = 0;
    for (let t = 0; t < values.length; t++) {
      average = beta * average + (1 - beta) * values[t];
      out[t] = average;
    }
    if (biasCorrection) {
      for (let t = 0; t < values.length; t++) out[t] /= 1 - beta ** (t + 1);
    }
    return out;
  }

  const api = {
    SURFACES: SURFACES,
    RULES: Object.keys(RULES),
    /** The rules with a per-coordinate rate α/(√s + ε) (descent's `effective_lr`). */
    RATES: Object.keys(RULES).filter((name) => RULES[name].effectiveLr),
    useRegistry: useRegistry,
    registry: registry,
    quadratic: quadratic,
    elongatedBowl: elongatedBowl,
    linearRegression: linearRegression,
    optimizer: optimizer,
    schedule: schedule,
    SCHEDULES: Object.keys(SCHEDULE_RULES),
    outOfRange: outOfRange,
    run: run,
    runStochastic: runStochastic,
    ema: ema,
  };
  root.DescentCore = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
