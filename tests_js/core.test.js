// The playgrounds' JavaScript (docs/_static/playground/descent-core.js) against the Python
// library: every trajectory recorded by export_golden.py is replayed and must match to 1e-9
// (relative, with an absolute floor of 1e-12 for coordinates that reach 0).
// Run with `node --test tests_js/` (or `nox -s js`, which records the data first).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..");
const CORE = path.join(ROOT, "docs", "_static", "playground", "descent-core.js");

/** Evaluate the classic script as a browser would, in a fresh global: what it defines is
 * what the page gets (window.DescentCore), not what Node's module system makes of it. */
function loadCore() {
  const sandbox = { console };
  sandbox.globalThis = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(CORE, "utf8"), sandbox, { filename: CORE });
  return sandbox.DescentCore;
}

const golden = JSON.parse(fs.readFileSync(path.join(__dirname, "golden.json"), "utf8"));
// descent's registry reaches the core as on a page: the JSON the directive writes, handed over
// by descent-playground.js; here it is the copy export_golden.py recorded from the same function
const D = loadCore().useRegistry(golden.registry);
// the optimizers that run on a vector (asked of descent): every one but Muon
const everything = {
  optimizers: Object.fromEntries(
    Object.entries(golden.registry.optimizers).filter(([, spec]) => spec.vector),
  ),
};

const RTOL = 1e-9;
const ATOL = 1e-12;

function close(actual, expected, where) {
  const a = Array.isArray(actual) ? actual.flat(Infinity) : [actual];
  const e = Array.isArray(expected) ? expected.flat(Infinity) : [expected];
  assert.equal(a.length, e.length, `${where}: length ${a.length} != ${e.length}`);
  for (let i = 0; i < e.length; i++) {
    const tol = ATOL + RTOL * Math.abs(e[i]);
    if (!(Math.abs(a[i] - e[i]) <= tol)) {
      assert.fail(`${where}: entry ${i} is ${a[i]}, descent says ${e[i]} (tolerance ${tol})`);
    }
  }
}

test("the script defines one global and nothing else", () => {
  const sandbox = {};
  sandbox.globalThis = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(CORE, "utf8"), sandbox);
  assert.deepEqual(Object.keys(sandbox).sort(), ["DescentCore", "globalThis"]);
});

test("the same surfaces as descent.surfaces.ALL", () => {
  assert.deepEqual(Object.keys(D.SURFACES).sort(), Object.keys(golden.surfaces).sort());
});

for (const [name, g] of Object.entries(golden.surfaces)) {
  test(`surface ${name}: extent, minima, values and gradients`, () => {
    const s = D.SURFACES[name];
    assert.equal(s.dim, g.dim);
    assert.deepEqual(Array.from(s.extent), g.extent);
    close(s.minima, g.minima, `${name} minima`);
    g.points.forEach((p, i) => {
      close(s.value(p), g.value[i], `${name} value at ${p}`);
      close(s.grad(p), g.grad[i], `${name} grad at ${p}`);
    });
  });
}

test("a rule for every optimizer of descent's registry that runs on a vector, no more", () => {
  const names = Object.keys(everything.optimizers);
  assert.deepEqual([...D.RULES].sort(), [...names].sort());
  assert.deepEqual([...new Set(golden.runs.map((r) => r.optimizer))], names);
  assert.deepEqual(
    Object.keys(golden.registry.optimizers).filter((n) => !names.includes(n)),
    ["Muon"],
  );
  assert.throws(() => D.optimizer("Muon", { lr: 0.01 }), /does not run on a vector/);
});

test("no rule for Muon, no factored Adafactor: a playground's point is a vector", () => {
  assert.ok(!D.RULES.includes("Muon"));
  const opt = D.optimizer("Adafactor", { factored: true });
  assert.throws(() => opt.step([1, 2], [0.1, 0.2], opt.init([1, 2])), /needs a matrix/);
});

test("defaults and hyperparameters come from the registry, not from the script", () => {
  for (const [name, spec] of Object.entries(everything.optimizers)) {
    const given = spec.hyper.includes("lr") && !("lr" in spec.defaults) ? { lr: 0.5 } : {};
    assert.deepEqual(Object.keys(D.optimizer(name, given).hyper).sort(), [...spec.hyper].sort());
    for (const [key, value] of Object.entries(spec.defaults)) {
      assert.equal(D.optimizer(name, given).hyper[key], value, `${name}.${key}`);
    }
  }
  // descent gives gradient descent no default rate: neither does the core
  assert.throws(() => D.optimizer("GradientDescent", {}), /needs lr/);
});

test("without a registry the core builds no optimizer", () => {
  const bare = loadCore();
  assert.throws(() => bare.optimizer("Adam", {}), /registry/);
  assert.throws(() => bare.useRegistry({ optimizers: { SGD: {} }, symbols: {} }), /no rule/);
});

for (const r of golden.runs) {
  const label = `${r.optimizer}(${JSON.stringify(r.hyper)}) on ${r.surface}, ${r.steps} steps`;
  test(label, () => {
    const traj = D.run(D.optimizer(r.optimizer, r.hyper), D.SURFACES[r.surface], r.start, r.steps);
    close(traj.path, r.path, label);
    close(traj.loss[traj.loss.length - 1], r.final_loss, `${label}: final loss`);
    assert.equal(traj.divergedAt, r.diverged_at, `${label}: diverged at`);
  });
}

// the insides the playgrounds draw: AdaGrad's, RMSProp's and Adam's rate per coordinate
// (descent's effective_lr) and momentum's velocity, at every step, from the kept states; and
// ASGD's averaged point, what its run gives
for (const r of golden.runs.filter((r) => r.effective_lr || r.velocity || r.ax)) {
  const label = `${r.optimizer}(${JSON.stringify(r.hyper)}) on ${r.surface}: state drawn`;
  test(label, () => {
    const opt = D.optimizer(r.optimizer, r.hyper);
    const traj = D.run(opt, D.SURFACES[r.surface], r.start, r.steps, { keepStates: true });
    if (r.effective_lr) {
      // before the first step the state is zero and the rate α/ε: the figures show "–"
      const rates = traj.states.slice(1).map((st) => opt.effectiveLr(st));
      close(rates, r.effective_lr.slice(1), `${label}: effective lr`);
    }
    if (r.velocity)
      close(
        traj.states.map((st) => st.velocity),
        r.velocity,
        `${label}: velocity`,
      );
    if (r.ax)
      close(
        traj.states.map((st) => st.ax),
        r.ax,
        `${label}: averaged point`,
      );
  });
}

// schedule-free's point to evaluate (descent's eval_params): the average x of its states
for (const r of golden.runs.filter((r) => r.eval_params)) {
  const label = `${r.optimizer}(${JSON.stringify(r.hyper)}) on ${r.surface}: averaged point`;
  test(label, () => {
    const opt = D.optimizer(r.optimizer, r.hyper);
    const traj = D.run(opt, D.SURFACES[r.surface], r.start, r.steps, { keepStates: true });
    close(
      traj.states.map((st) => opt.evalParams(st)),
      r.eval_params,
      `${label}: eval_params`,
    );
  });
}

test("every rule with descent's effective_lr has one here", () => {
  const withRate = new Set(golden.runs.filter((r) => r.effective_lr).map((r) => r.optimizer));
  assert.deepEqual([...D.RATES].sort(), [...withRate].sort());
});

test("hyperparameters are held to the ranges descent accepts (the registry's)", () => {
  assert.throws(() => D.optimizer("Adam", { lr: 0.1, eps: 0 }), /eps must be in \(0, inf\)/);
  assert.throws(() => D.optimizer("AdaGrad", { lr: 0.1, eps: -1 }), /eps/);
  assert.throws(() => D.optimizer("AdamW", { lr: 0.1, weight_decay: -0.1 }), /weight_decay/);
  assert.throws(() => D.optimizer("RMSProp", { lr: 0.1, beta: Number.NaN }), /finite/);
  D.optimizer("AdamW", { lr: 0.1, weight_decay: 0 }); // 0 is allowed, as in descent
  assert.throws(() => D.optimizer("Lion", { beta2: 1 }), /beta2 must be in \[0, 1\)/);
  assert.throws(() => D.optimizer("Adafactor", { eps1: 0 }), /eps1 must be in \(0, inf\)/);
  assert.throws(() => D.optimizer("ScheduleFreeSGD", { r: -1 }), /r must be in \[0, inf\)/);
  assert.throws(() => D.optimizer("SignSGD", {}), /needs lr/);
});

test("some recorded runs diverge, and are frozen where they left the box", () => {
  const diverged = golden.runs.filter((r) => r.diverged_at >= 0);
  assert.ok(diverged.length >= 2);
});

const sto = golden.stochastic;
const problem = D.linearRegression(sto.x, sto.y);

test("linear regression: the least-squares minimum", () => {
  close(problem.minima[0], sto.minimum, "minimum");
});

for (const r of sto.runs) {
  const label = `${r.optimizer}(${JSON.stringify(r.hyper)}) mini-batches of ${r.batch_size}, ${r.epochs} epochs`;
  test(label, () => {
    const opt = D.optimizer(r.optimizer, r.hyper);
    const traj = D.runStochastic(opt, problem, r.start, r.epochs, r.batch_size, sto.orders);
    close(traj.path, r.path, label);
    close(traj.loss, r.loss, `${label}: loss`);
    assert.deepEqual(Array.from(traj.epochEnds), r.epoch_ends);
  });
}

for (const e of golden.ema) {
  test(`ema beta=${e.beta} bias_correction=${e.bias_correction}`, () => {
    close(D.ema(e.values, e.beta, e.bias_correction), e.ema, "ema");
  });
}

test("hyperparameters are checked", () => {
  assert.throws(() => D.optimizer("Momentum", { lr: 0.1, beta: 1 }), /beta/);
  assert.throws(() => D.optimizer("Adam", { lr: -1 }), /lr/);
  assert.throws(() => D.optimizer("Adam", { momentum: 0.9 }), /momentum/);
  assert.throws(() => D.optimizer("SGD", {}), /unknown/);
});

// -- the rules beyond the gradient: Newton (the surfaces' Hessians) and L-BFGS (with and without
// torch's line search). Their runs are replayed above with the others'; here what is theirs.

for (const [name, hessians] of Object.entries(golden.hessians)) {
  test(`surface ${name}: Hessians`, () => {
    golden.surfaces[name].points.forEach((p, i) => {
      close(D.SURFACES[name].hessian(p), hessians[i], `${name} hessian at ${p}`);
    });
  });
}

// the evaluations L-BFGS made: one a step, and the line search's trial points
for (const r of golden.runs.filter((r) => r.func_evals !== undefined)) {
  const label = `${r.optimizer}(${JSON.stringify(r.hyper)}) on ${r.surface}: evaluations`;
  test(label, () => {
    const opt = D.optimizer(r.optimizer, r.hyper);
    const traj = D.run(opt, D.SURFACES[r.surface], r.start, r.steps, { keepStates: true });
    assert.equal(traj.states[traj.states.length - 1].funcEvals, r.func_evals, label);
  });
}

test("Newton and L-BFGS say what they need, and refuse to step without it", () => {
  const newton = D.optimizer("Newton", {});
  assert.deepEqual(Array.from(newton.needs), ["hessian"]);
  assert.throws(() => newton.step([1, 1], [1, 1], newton.init([1, 1])), /Hessian/);
  assert.deepEqual(Array.from(D.optimizer("LBFGS", {}).needs), []);
  const searching = D.optimizer("LBFGS", { line_search_fn: "strong_wolfe" });
  assert.deepEqual(Array.from(searching.needs), ["loss", "objective"]);
  assert.deepEqual(Array.from(D.optimizer("Adam", {}).needs), []); // the others: the gradient
  assert.throws(() => D.optimizer("Newton", { damping: -1 }), /damping/);
  // history_size, max_eval and line_search_fn are held by descent, not by the page data
});

test("Newton and L-BFGS run on every surface, L-BFGS with and without a line search", () => {
  const runs = golden.runs.filter((r) => r.optimizer === "Newton" || r.optimizer === "LBFGS");
  const names = new Set(runs.map((r) => `${r.optimizer}/${r.surface}`));
  for (const name of Object.keys(golden.surfaces)) {
    assert.ok(names.has(`Newton/${name}`) && names.has(`LBFGS/${name}`), name);
  }
  assert.ok(runs.some((r) => r.hyper.line_search_fn === "strong_wolfe"));
  assert.ok(runs.some((r) => r.func_evals > r.steps)); // the search evaluated trial points
  // L-BFGS leaves the saddle, which is unbounded below, and is frozen where it leaves the box
  assert.ok(runs.some((r) => r.optimizer === "LBFGS" && r.diverged_at >= 0));
});

// -- learning-rate schedules (descent.schedules): their rates, and runs with lr a schedule ------

test("a schedule for every one the registry lists, named and parameterised as in descent", () => {
  assert.deepEqual([...D.SCHEDULES].sort(), Object.keys(golden.registry.schedules).sort());
  for (const [name, spec] of Object.entries(golden.registry.schedules)) {
    const given = Object.fromEntries(
      spec.hyper.filter((k) => !(k in spec.defaults)).map((k) => [k, 7]),
    );
    assert.deepEqual(Object.keys(D.schedule(name, given).args).sort(), [...spec.hyper].sort());
  }
  assert.throws(() => D.schedule("OneCycleLR", { lr: 0.1, total_steps: 5 }), /no parameter lr/);
  assert.throws(() => D.schedule("CyclicLR", {}), /unknown schedule/);
  const bare = loadCore();
  const noRule = Object.assign({}, golden.registry, { schedules: { StepLR: {} } });
  assert.throws(() => bare.useRegistry(noRule), /no schedule StepLR/);
});

for (const r of golden.schedules.rates) {
  const label = `${r.schedule}(${JSON.stringify(r.args)}): rates`;
  test(label, () => {
    const at = D.schedule(r.schedule, r.args);
    close(
      r.values.map((_, t) => at(t)),
      r.values,
      label,
    );
  });
}

test("OneCycleLR raises past its total_steps, as descent and torch do", () => {
  const one = D.schedule("OneCycleLR", { max_lr: 0.1, total_steps: 10 });
  one(10);
  assert.throws(() => one(11), /at most total_steps = 10/);
  assert.throws(() => one(1.5), /integer/);
});

for (const r of golden.schedules.runs) {
  const label = `${r.optimizer}(lr=${r.schedule}(${JSON.stringify(r.args)})) on ${r.surface}`;
  test(label, () => {
    const opt = D.optimizer(r.optimizer, r.hyper, D.schedule(r.schedule, r.args));
    const traj = D.run(opt, D.SURFACES[r.surface], r.start, r.steps, { keepStates: true });
    close(traj.path, r.path, label);
    assert.equal(traj.divergedAt, r.diverged_at, `${label}: diverged at`);
    if (r.effective_lr) {
      const rates = traj.states.slice(1).map((st) => opt.effectiveLr(st));
      close(rates, r.effective_lr.slice(1), `${label}: effective lr`);
    }
  });
}

test("a scheduled rate is checked where it is used, as descent checks it", () => {
  const opt = D.optimizer("GradientDescent", {}, () => -0.1);
  assert.throws(() => opt.step([1, 1], [1, 1], opt.init([1, 1])), /lr at update 0 must be in/);
});
