"""Numbers quoted by the chapter on optimizers for matrices (Adafactor and Muon).

The problem is a linear layer to fit, ``MatrixRegression.synthetic``: 4×4 weights, inputs whose
covariance has eigenvalues from 1 down to 1/κ along a random rotation, and a target whose every
direction adds the same to the loss at W = 0. Every run makes ``STEPS`` updates; the rates of
the race are tuned on a grid, the same for every optimizer, under the same linear decay to zero.

Each rate of the race runs from ``N_STARTS`` starts: W = 0 and matrices within about ``NUDGE``
of it, as far apart as two machines' rounding makes two runs. Muon's final loss is chaotic (its
step has the same spectral size however small the gradient, so its last steps land where
rounding sends them): from such starts it ends up to ten times apart. A rate is scored by the
median of its final losses, and rates that rounding alone could swap are ties (see ``choose``).
"""

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

import descent
from descent.optimizers import newton_schulz
from descent.problems import MatrixRegression
from descent.schedules import LinearLR

SHAPE = (4, 4)
CONDITION = 100.0
N_SAMPLES = 64
SEED = 0
STEPS = 100
#: the rate grid of every sweep: 1, 1.5, 2, 3, 5 and 7 in each decade from 0.001 to 10
MANTISSAS = (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)
RATES = np.array([round(m * 10.0**e, 6) for e in range(-3, 1) for m in MANTISSAS] + [10.0])
#: quintic coefficients of Muon's Newton–Schulz iteration (Keller Jordan's, torch's default)
COEFFICIENTS = (3.4445, -4.7750, 2.0315)
NS_STEPS = 5
#: the race's optimizers, by name, at their defaults but for the rate (and no weight decay)
RACERS = ("GradientDescent", "Adam", "Adafactor", "Muon")
#: the race's starts: W = 0 and N_STARTS - 1 matrices of entries NUDGE × N(0, 1) (seed START_SEED)
N_STARTS = 65
NUDGE = 1e-12
START_SEED = 0
TORCH_DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "torch_reference.npz"


@lru_cache
def problem():
    """The layer to fit (immutable, so one is shared)."""
    return MatrixRegression.synthetic(
        shape=SHAPE, n_samples=N_SAMPLES, condition=CONDITION, seed=SEED
    )


def decay():
    """The schedule of every run of the race: linear from the rate down to 0 at ``STEPS``."""
    return LinearLR(1.0, start_factor=1.0, end_factor=0.0, total_iters=STEPS)


def make(name, lr, **kwargs):
    """The race's optimizer ``name`` with rate ``lr`` (a number, array or schedule)."""
    if name == "Adafactor":
        return descent.Adafactor(lr=lr, factored=True, **kwargs)
    if name == "Muon":
        return descent.Muon(lr=lr, weight_decay=kwargs.pop("weight_decay", 0.0), **kwargs)
    return getattr(descent, name)(lr=lr, **kwargs)


def start():
    return np.zeros(SHAPE)


def starts(seed=START_SEED, nudge=NUDGE):
    """The race's starts, (N_STARTS, 4, 4): W = 0 first, then W = 0 nudged by ``nudge``."""
    out = nudge * np.random.default_rng(seed).standard_normal((N_STARTS, *SHAPE))
    out[0] = 0.0
    return out


def _swept(name, layer, begin, **kwargs):
    """Every rate of the grid from every start at once (leading axes: rate, start), under the
    linear decay."""
    base = decay()
    rates = RATES[:, None, None, None]
    opt = make(name, lambda t: rates * base(t), **kwargs)
    begin = np.broadcast_to(begin, (len(RATES), *np.shape(begin)))
    return descent.run(opt, layer, begin, STEPS)


#: A rate whose median final loss is within this factor of the best rate's upper quartile is one
#: that rounding could make the chosen one, where runs spread (the matrices' tests).
NEAR = 3.0


def choose(final, calm):
    """The tuned rate's index in the grid, from the final losses ``final`` (rates, starts) and
    which rates are ``calm`` (rates,).

    A rate's score is the median of its final losses. The best score's runs spread over an
    interquartile range [q1, q3]; a calm rate whose median lies in it ends no worse than the
    best does on half of its starts, and rounding alone could swap the two: they tie. Of the
    ties the largest rate is taken. For an optimizer whose runs all end alike, q1 = q3 and the
    tie is the best rate alone.
    """
    median = np.where(calm, np.median(final, axis=1), np.inf)
    best = int(np.argmin(median))
    q1, q3 = np.quantile(final[best], [0.25, 0.75])
    ties = np.flatnonzero(median <= q3)
    return int(ties.max()), best, float(q1), float(q3)


def _sweep(name, layer, begin, **kwargs):
    traj = _swept(name, layer, begin, **kwargs)
    final = traj.loss[-1]  # (rates, starts)
    # how high each run's loss rose after its start, as a fraction of the start's
    rise = traj.loss[1:].max(axis=0) / traj.loss[0]
    calm = np.all((rise <= 1) & ~traj.diverged, axis=1)
    chosen, best, q1, q3 = choose(final, calm)
    median = np.median(final, axis=1)
    return {
        "ties": RATES[calm & (median <= q3)].copy(),
        "rates": RATES.copy(),
        "final": final,
        "median": median,
        "rise": rise,
        "calm": calm,
        "best": best,
        "chosen": chosen,
        "q1": q1,
        "q3": q3,
        "lr": float(RATES[chosen]),
        "loss": float(median[chosen]),
        "quartiles": tuple(float(v) for v in np.quantile(final[chosen], [0.25, 0.75])),
        "spread": float(final[chosen].max() / final[chosen].min()),
        "curves": traj.loss[:, chosen].copy(),  # (STEPS + 1, starts)
        "curve": traj.loss[:, chosen, 0].copy(),  # from W = 0
        "path": traj.path[:, chosen, 0].copy(),
    }


@lru_cache
def sweep(name, **frozen):
    """The race's sweep of ``name``: the final loss of every rate from every start, the median
    of each rate's, which rates are calm (no run's loss ever rose above its start: a run that
    blows up on the way and comes back down as the rate decays is not a tuned run), and the
    chosen rate (``choose``) with its median final loss and its run from W = 0."""
    return _sweep(name, problem(), starts(), **dict(frozen))


def tuned_optimizer(name, **kwargs):
    """The race's optimizer at its tuned rate, with the decay: a schedule of ``descent``."""
    lr = sweep(name, **kwargs)["lr"]
    return make(name, LinearLR(lr, start_factor=1.0, end_factor=0.0, total_iters=STEPS), **kwargs)


def directions():
    """The target's singular pairs (q_k, v_k) and values s_k (descending), and each
    direction's input variance q_kᵀ Σ q_k."""
    Q, s, Vt = np.linalg.svd(problem().minima[0])
    lam = np.array([q @ problem().covariance @ q for q in Q.T])
    return Q, s, Vt, lam


def along(path):
    """q_kᵀ W_t v_k for every W_t of ``path`` (..., 4, 4): how far each direction is fitted."""
    Q, _, Vt, _ = directions()
    return np.einsum("...ij,ik,kj->...k", path, Q, Vt)


def along_in(layer, path):
    """``along`` for the target of ``layer``."""
    Q, _, Vt = np.linalg.svd(layer.minima[0])
    return np.einsum("...ij,ik,kj->...k", path, Q, Vt)


def race_of(layer, begin, sweeper=_sweep):
    """The race on ``layer`` from the starts ``begin``: the four tuned runs' final losses
    (median over the starts), steps to a loss of 1 % of the start, and how W_t approaches the
    target along its singular directions (from W = 0). ``race()`` is this on the chapter's
    layer and starts; the tests rerun it with the rounding changed."""
    Q, s, Vt = np.linalg.svd(layer.minima[0])
    lam = np.array([q @ layer.covariance @ q for q in Q.T])
    out = {"target_sv": s, "lambda": lam, "start_loss": float(layer(start()))}
    for name in RACERS:
        run = sweeper(name, layer, begin)
        a = along_in(layer, run["path"])  # (STEPS + 1, 4)
        # the step at which each direction is within 10 % of its target, and stays
        close = np.abs(a / s - 1) <= 0.1
        stays = np.flip(np.cumprod(np.flip(close, 0), 0), 0).astype(bool)
        first = np.where(stays.any(0), np.argmax(stays, 0), -1)
        reached = run["curve"] <= 0.01 * run["curve"][0]
        # how much of W_t lies outside the target's directions (0 for gradient descent, Muon)
        inside = np.einsum("tk,ik,kj->tij", a, Q, Vt)
        outside = np.linalg.norm(run["path"] - inside, axis=(-2, -1))
        first_step = np.abs(a[1])
        curves = run["curves"]
        rises = (np.diff(curves, axis=0) > 0).sum(axis=0)  # per start
        out[name] = {
            "lr": run["lr"],
            "best_lr": float(RATES[run["best"]]),
            "ties": run["ties"],
            "loss": run["loss"],
            "quartiles": run["quartiles"],
            "spread": run["spread"],
            "curve": run["curve"],
            "along": a,
            "fitted_end": a[-1] / s,
            "overshoot": float((a / s).max()),
            "within_10pc": first,
            "to_1pc": int(np.argmax(reached)) if reached.any() else -1,
            "calm_rates": int(run["calm"].sum()),
            "outside_max": float(outside.max()),
            "first_step_spread": float(first_step.max() / first_step.min()),
            "rises": int(np.median(rises)),
            "rises_range": (int(rises.min()), int(rises.max())),
            "loss10_fraction": float(np.median(curves[10] / curves[0])),
        }
    out["muon_adam_ratio"] = out["Muon"]["loss"] / out["Adam"]["loss"]
    out["adafactor_muon_ratio"] = out["Adafactor"]["loss"] / out["Muon"]["loss"]
    # the same Muon without momentum, swept alike
    plain = sweeper("Muon", layer, begin, beta=0.0)
    # its runs end at rounding's scale (10^-6), where rounding can swap the best rate with the
    # next: the rates whose median is within NEAR of the best's upper quartile could be chosen
    near = plain["calm"] & (plain["median"] <= NEAR * plain["q3"])
    out["Muon_beta0"] = {
        "lr": plain["lr"],
        "loss": plain["loss"],
        "quartiles": plain["quartiles"],
        "near": RATES[near].copy(),
        "near_loss_max": float(plain["median"][near].max()),
    }
    out["rates"] = len(RATES)
    out["starts"] = len(begin)
    return out


def _cached_sweep(name, layer, begin, **kwargs):
    return sweep(name, **kwargs)


@lru_cache
def race():
    """The race on the chapter's layer from the chapter's starts."""
    return race_of(problem(), starts(), sweeper=_cached_sweep)


@lru_cache
def gradient_spectrum():
    """The first gradient, its singular values before and after Newton–Schulz, and the exact
    orthogonal factor's (all 1)."""
    G = problem().grad(start())
    U, s, Vt = np.linalg.svd(G)
    polar = U @ Vt
    after = np.linalg.svd(newton_schulz(G, NS_STEPS, COEFFICIENTS), compute_uv=False)
    per_step = [
        np.linalg.svd(newton_schulz(G, k, COEFFICIENTS), compute_uv=False)
        for k in range(NS_STEPS + 1)
    ]
    return {
        "before": s,
        "before_ratio": float(s[0] / s[-1]),
        "normalised": s / np.linalg.norm(G),
        "after": after,
        "after_min": float(after.min()),
        "after_max": float(after.max()),
        "polar_sv": np.linalg.svd(polar, compute_uv=False),
        "per_step": np.array(per_step),
        "distance_to_polar": float(
            np.linalg.norm(newton_schulz(G, NS_STEPS, COEFFICIENTS) - polar, 2)
        ),
    }


def quintic(s, coefficients=COEFFICIENTS):
    a, b, c = coefficients
    return a * s + b * s**3 + c * s**5


@lru_cache
def quintic_band(smallest=1e-3, steps=NS_STEPS):
    """Where the quintic sends the singular values of a normalised matrix: those in
    [``smallest``, 1] after ``steps`` iterations, and the band it keeps for ever (the
    interval [lo, hi] with p([lo, hi]) inside it: its lo is p's value at its maximum hi... ).
    """
    s = np.geomspace(smallest, 1.0, 20001)
    x = s.copy()
    for _ in range(steps):
        x = quintic(x)
    # p's largest value on [0, 1] and where; the band [p(hi), hi] with hi = max p
    grid = np.linspace(0, 1.0, 200001)
    p = quintic(grid)
    hi = float(p.max())
    band_grid = np.linspace(0, hi, 400001)
    lo = float(quintic(band_grid[band_grid >= grid[p.argmax()]]).min())
    # many iterations: the band every grown value ends in
    y = s.copy()
    for _ in range(60):
        y = quintic(y)
    late = y[-5000:]
    return {
        "after_min": float(x.min()),
        "after_max": float(x.max()),
        "smallest": smallest,
        "steps": steps,
        "p_max": hi,
        "p_argmax": float(grid[p.argmax()]),
        "band_lo": lo,
        "band_hi": hi,
        "late_min": float(late.min()),
        "late_max": float(late.max()),
        "slope_at_0": COEFFICIENTS[0],
        "growth": COEFFICIENTS[0] ** steps,
        "fixed_point_cubic": 1.0,
    }


@lru_cache
def factored_moment():
    """Adafactor's factored second moment against Adam's full one, on the gradients of the
    tuned Adam run: Adam's bias-corrected v̂, and the rank-1 matrix with its row and column
    means, R Cᵀ / mean(R) (what Adafactor keeps, with Adam's decay)."""
    opt = tuned_optimizer("Adam")
    traj = descent.run(opt, problem(), start(), STEPS, record_state=True)
    states = traj.states
    t = np.arange(1, STEPS + 1)
    v_hat = states.v[1:] / (1 - opt.beta2**t)[:, None, None]  # (STEPS, 4, 4)
    rows = v_hat.mean(axis=-1, keepdims=True)
    cols = v_hat.mean(axis=-2, keepdims=True)
    factored = rows * cols / rows.mean(axis=-2, keepdims=True)
    rel = np.linalg.norm(factored - v_hat, axis=(-2, -1)) / np.linalg.norm(v_hat, axis=(-2, -1))
    grads = np.array([problem().grad(w) for w in traj.path[:-1]])
    full_step = grads / np.sqrt(v_hat)
    factored_step = grads / np.sqrt(factored)
    cos = np.sum(full_step * factored_step, axis=(-2, -1)) / (
        np.linalg.norm(full_step, axis=(-2, -1)) * np.linalg.norm(factored_step, axis=(-2, -1))
    )
    m, n = SHAPE
    state = descent.Adafactor(factored=True).init(start())
    big = (4096, 4096)
    return {
        "rel_error": rel,
        "rel_median": float(np.median(rel)),
        "rel_max": float(rel.max()),
        "rel_first": float(rel[0]),
        "cos_min": float(cos.min()),
        "angle_max_deg": float(np.degrees(np.arccos(np.clip(cos.min(), -1, 1)))),
        "state_numbers": int(state.row_var.size + state.col_var.size),
        "full_numbers": m * n,
        "big_factored": big[0] + big[1],
        "big_full": big[0] * big[1],
        "v_last": v_hat[-1],
        "factored_last": factored[-1],
        "v": v_hat,
        "factored": factored,
    }


@lru_cache
def adafactor_steps():
    """Adafactor's relative step: its first step from W = 0 (ε₂ times ρ₁), the step from a
    matrix of RMS 1, and how often its update clipping acts in the tuned run."""
    G = problem().grad(start())
    opt = descent.Adafactor(lr=0.01, factored=True)
    zero = start()
    first = zero - opt.step(zero, G, opt.init(zero))[0]
    ones = np.ones(SHAPE)
    from_ones = ones - opt.step(ones, G, opt.init(ones))[0]
    rms = lambda a: float(np.sqrt(np.mean(a**2)))  # noqa: E731
    # the tuned run: RMS of U_t = g_t / sqrt(V̂_t) before clipping, at every update
    tuned = tuned_optimizer("Adafactor")
    traj = descent.run(tuned, problem(), zero, STEPS, record_state=True)
    rows, cols = traj.states.row_var[1:], traj.states.col_var[1:]
    v_hat = rows * cols / np.maximum(rows.mean(axis=-2, keepdims=True), tuned.eps1)
    grads = np.array([problem().grad(w) for w in traj.path[:-1]])
    u = grads / np.sqrt(np.maximum(v_hat, tuned.eps1**2))
    u_rms = np.sqrt(np.mean(u**2, axis=(-2, -1)))
    return {
        "first_rms": rms(first),
        "eps2": opt.eps2,
        "lr": opt.lr,
        "from_ones_rms": rms(from_ones),
        "clipped_steps": int((u_rms > tuned.d).sum()),
        "u_rms_first": float(u_rms[0]),
        "u_rms_max": float(u_rms.max()),
        "steps": STEPS,
        # rho_t = min(lr, 1/sqrt(t)) is lr until 1/sqrt(t) falls below it
        "cap_until": int(np.floor(1 / opt.lr**2 + 1e-9)),
    }


@lru_cache
def shape_scaling():
    """Muon's rate factor for a few shapes, and that Muon's step is that factor times γ times
    the Newton–Schulz output (checked on a random gradient of each shape)."""
    rng = np.random.default_rng(1)
    out = {}
    for m, n in ((4, 4), (3072, 768), (768, 3072)):
        for fn in ("original", "match_rms_adamw"):
            formula = math.sqrt(max(1.0, m / n)) if fn == "original" else 0.2 * math.sqrt(max(m, n))
            out[f"{fn}_{m}x{n}"] = formula
    for m, n in ((4, 4), (16, 4), (4, 16)):
        G = rng.normal(size=(m, n))
        for fn in ("original", "match_rms_adamw"):
            opt = descent.Muon(lr=1.0, beta=0.0, weight_decay=0.0, nesterov=False, adjust_lr_fn=fn)
            W = np.zeros((m, n))
            step = W - opt.step(W, G, opt.init(W))[0]
            O = newton_schulz(G)
            out[f"measured_{fn}_{m}x{n}"] = float(np.linalg.norm(step) / np.linalg.norm(O))
            formula = math.sqrt(max(1.0, m / n)) if fn == "original" else 0.2 * math.sqrt(max(m, n))
            out[f"{fn}_{m}x{n}"] = formula
    return out


def steepest(G, norm):
    """The unit step of steepest descent for the gradient ``G`` under ``norm``: the D of norm 1
    that maximises ⟨G, D⟩ (descent moves along −D)."""
    if norm == "max":  # the largest entry: sign descent
        return np.sign(G)
    if norm == "frobenius":  # gradient descent, normalised
        return G / np.linalg.norm(G)
    U, _, Vt = np.linalg.svd(G)  # the spectral norm: the orthogonal factor
    return U @ Vt


def slice_matrix(x, y):
    """The 2×2 symmetric matrix [[x, y], [y, x]] of the unit-ball figure's slice."""
    return np.array([[x, y], [y, x]])


def slice_norms(x, y):
    """The three norms of [[x, y], [y, x]]: largest entry, Frobenius, spectral."""
    return {
        "max": np.maximum(np.abs(x), np.abs(y)),
        "frobenius": np.sqrt(2 * x**2 + 2 * y**2),
        "spectral": np.abs(x) + np.abs(y),
    }


@lru_cache
def balls():
    """The figure's gradient in the slice, each norm's steepest unit step, and checks that the
    slice's closed-form norms are the matrix norms."""
    G = slice_matrix(1.0, 0.4)
    steps = {name: steepest(G, name) for name in ("max", "frobenius", "spectral")}
    rng = np.random.default_rng(2)
    pts = rng.normal(size=(200, 2))
    mats = np.array([slice_matrix(x, y) for x, y in pts])
    closed = slice_norms(pts[:, 0], pts[:, 1])
    exact = {
        "max": np.abs(mats).max(axis=(-2, -1)),
        "frobenius": np.linalg.norm(mats, axis=(-2, -1)),
        "spectral": np.linalg.norm(mats, 2, axis=(-2, -1)),
    }
    gap = max(float(np.max(np.abs(closed[k] - exact[k]))) for k in closed)
    inner = {k: float(np.sum(G * D)) for k, D in steps.items()}
    return {
        "G": G,
        "steps": steps,
        "closed_form_gap": gap,
        "inner": inner,
        "sign_spectral": float(np.linalg.norm(steps["max"], 2)),
        "muon_spectral": float(np.linalg.norm(steps["spectral"], 2)),
    }


@lru_cache
def exercise():
    """Steepest descent under the spectral norm for a 2×2 gradient, by brute force: the best
    D = R(a) diag(s₁, s₂) R(b) over a grid of rotations and singular values in [-1, 1],
    against U Vᵀ; ⟨G, U Vᵀ⟩ is the sum of G's singular values."""
    G = np.array([[3.0, 1.0], [0.0, 1.0]])
    angles = np.linspace(0, np.pi, 181)
    svals = np.array([-1.0, 1.0])  # a linear function on the box is largest at a corner
    c, s_ = np.cos(angles), np.sin(angles)
    rot = np.stack([np.stack([c, -s_], -1), np.stack([s_, c], -1)], -2)  # (angles, 2, 2)
    corners = np.array([np.diag([s1, s2]) for s1 in svals for s2 in svals])  # (4, 2, 2)
    # every D = R(a) diag(s₁, s₂) R(b) at once, in the loop order a, b, (s₁, s₂)
    D = np.einsum("aik,ckl,blj->abcij", rot, corners, rot)
    values = np.einsum("ij,abcij->abc", G, D)
    at = np.unravel_index(np.argmax(values), values.shape)
    best, best_D = float(values[at]), D[at]
    U, s, Vt = np.linalg.svd(G)
    polar = U @ Vt
    return {
        "G": G,
        "brute_best": best,
        "brute_D": best_D,
        "polar": polar,
        "polar_value": float(np.sum(G * polar)),
        "nuclear": float(s.sum()),
        "gap": float(np.abs(best_D - polar).max()),
    }


@lru_cache
def torch_agreement():
    """Largest relative gap between descent's Muon (float64 Newton–Schulz) and factored
    Adafactor and the recorded torch.optim runs on fixed gradient sequences."""
    with np.load(TORCH_DATA) as data:
        ref = dict(data)
    meta = json.loads(str(ref["meta"]))
    worst = {"Muon": 0.0, "Adafactor": 0.0}
    cases = {"Muon": 0, "Adafactor": 0}
    for case in meta["beyond"]:
        name = case["descent"]
        if name not in worst or case["schedule"] or case["grads"] not in meta["beyond_fixed"]:
            continue
        if case["newton_schulz"] == "bfloat16":
            continue
        kwargs = dict(case["kwargs"])
        if name == "Adafactor" and not kwargs.get("factored"):
            continue
        if "ns_coefficients" in kwargs:
            kwargs["ns_coefficients"] = tuple(kwargs["ns_coefficients"])
        opt = getattr(descent, name)(**kwargs)
        keys = meta["beyond_fixed"][case["grads"]]
        x = ref[keys["start"]]
        state = opt.init(x)
        for g, expected in zip(ref[keys["grads"]], ref[case["path"]], strict=True):
            x, state = opt.step(x, g, state)
            scale = np.maximum(np.abs(expected), 1e-300)
            worst[name] = max(worst[name], float(np.max(np.abs(x - expected) / scale)))
        cases[name] += 1
    return {"worst": worst, "cases": cases, "steps": int(meta["steps"]), "torch": meta["torch"]}
