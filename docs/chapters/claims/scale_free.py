"""Numbers quoted by the chapter on steps without a scale (Adadelta, Rprop, sign descent, Lion).

The chapter's question: what does each rule's step depend on? Every run here is on the
elongated bowl ½(x² + 25y²) from (-5, 2), or on that bowl times a constant c, which is the
quadratic with matrix c·diag(1, 25): the same surface, its loss measured in other units.
"""

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

import descent
from descent.problems import MLP, LinearRegression, cubic_data
from descent.surfaces import ALL, Quadratic

BOWL = ALL["elongated"]
START = np.array([-5.0, 2.0])
STEPS = 150
#: The scales of the loss the chapter compares: f / 100, f, 100 f.
SCALES = (1e-2, 1.0, 1e2)
#: The finer grid on which the chapter finds where ε starts to matter.
FINE = tuple(10.0 ** (k / 2) for k in range(-16, 5))
#: "ε matters": the path moves by more than this fraction of the start's distance to the minimum.
MATTERS = 0.01

#: Each rule at the rate the figures use (the same calls as the gallery scripts).
RULES = {
    "GradientDescent": "GradientDescent(lr=0.07)",
    "Adam": "Adam(lr=0.1)",
    "Adadelta": "Adadelta(lr=10.0)",
    "Rprop": "Rprop(lr=0.1)",
    "SignSGD": "SignSGD(lr=0.06)",
    "Signum": "Signum(lr=0.06)",
    "Lion": "Lion(lr=0.06)",
}
#: Those whose step sees only signs: the paths the chapter calls identical.
SIGN_RULES = ("Rprop", "SignSGD", "Signum", "Lion")
TORCH_DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "torch_reference.npz"


def rule(name):
    """The optimizer of :data:`RULES` called ``name``, built by descent."""
    return eval(RULES[name], {}, vars(descent))  # our own table of calls


def scaled(c):
    """The bowl times ``c``: the quadratic ½ c (x² + 25 y²), in the bowl's window."""
    return Quadratic(c * BOWL.A, name="elongated", extent=BOWL.extent)


def path(name, c, steps=STEPS, opt=None):
    """The trajectory of rule ``name`` (or ``opt``) on the bowl times ``c``."""
    return descent.run(rule(name) if opt is None else opt, scaled(c), START, steps)


def gap(a, b):
    """The largest distance between two paths of the same length, step by step (inf if either
    diverged)."""
    if not (np.all(np.isfinite(a.path)) and np.all(np.isfinite(b.path))):
        return math.inf
    return float(np.linalg.norm(a.path - b.path, axis=-1).max())


@lru_cache
def scale_numbers(steps=STEPS):
    """Per rule and per scale c of :data:`SCALES`: how far its path on c·f is from its path on
    f at most, whether it is the same path to the last bit, and gradient descent's fate."""
    out = {"gap": {}, "identical": {}, "loss": {}}
    for name in RULES:
        base = path(name, 1.0, steps)
        out["loss"][name] = float(base.loss[-1])
        for c in SCALES:
            other = path(name, c, steps)
            out["gap"][name, c] = gap(other, base)
            out["identical"][name, c] = bool(np.array_equal(other.path, base.path))
    gd_big, gd_small = path("GradientDescent", 1e2, steps), path("GradientDescent", 1e-2, steps)
    out["gd_diverged_at"] = int(gd_big.diverged_at[()])
    # on f / 100 the rate is 100 times too small: how far it got, against f's run
    out["gd_small_moved"] = float(np.linalg.norm(gd_small.final - START))
    out["gd_small_loss_share"] = float(gd_small.loss[-1] / gd_small.loss[0])
    out["gd_loss"] = float(base_loss("GradientDescent", steps))
    out["start_distance"] = float(np.linalg.norm(START))
    out["steps"] = steps
    return out


def base_loss(name, steps=STEPS):
    return path(name, 1.0, steps).loss[-1]


@lru_cache
def eps_numbers(steps=STEPS):
    """Adam and Adadelta on c·f for c on :data:`FINE`: the gap to the path on f, and the largest
    c at which it exceeds :data:`MATTERS` of the start's distance to the minimum."""
    out = {}
    for name in ("Adam", "Adadelta"):
        base = path(name, 1.0, steps)
        gaps = np.array([gap(path(name, c, steps), base) for c in FINE])
        big = np.flatnonzero(gaps > MATTERS * np.linalg.norm(START))
        out[name] = {
            "gaps": gaps,
            "matters_below": float(FINE[big.max()]) if len(big) else math.nan,
            # the largest gradient component along the path on f: ε is compared with c times it
            "grad_max": float(np.abs(BOWL.grad(base.path)).max()),
        }
    out["scales"] = np.array(FINE)
    return out


@lru_cache
def eps_equivalence(c=1e-2, steps=STEPS):
    """Adam on c·f is Adam on f with ε/c: the largest gap between the two paths (rounding)."""
    adam = rule("Adam")
    on_cf = path("Adam", c, steps)
    on_f = path("Adam", 1.0, steps, opt=descent.Adam(lr=adam.lr, eps=adam.eps / c))
    return {"c": c, "gap": gap(on_cf, on_f)}


#: The ε of Adadelta's first-steps figure (one run per row), torch's default in the middle.
ADADELTA_EPS = (1e-8, 1e-6, 1e-4)


def adadelta_slope_steps(steps=3000):
    """Adadelta's step on a constant slope (every gradient 1), torch's defaults but ε, one row
    per ε of :data:`ADADELTA_EPS`: shape (steps, 3), as the figure's script measures it."""
    eps = np.array(ADADELTA_EPS)[:, None]
    opt = descent.Adadelta(eps=eps)
    x = np.zeros((len(eps), 1))
    state, sizes = opt.init(x), []
    for _ in range(steps):
        new, state = opt.step(x, np.ones_like(x), state)
        sizes.append(x[:, 0] - new[:, 0])
        x = new
    return np.array(sizes)


@lru_cache
def adadelta_bowl_numbers(lr=10.0, steps=STEPS):
    """The animation beside Adadelta's rule: the bowl from START at α = 10, each coordinate's
    step |θ_t − θ_{t−1}|, and the gradient at the start, whose y part is the steeper."""
    opt = descent.Adadelta(lr=lr)
    traj = descent.run(opt, BOWL, START, steps, record_state=True)
    moves = np.abs(np.diff(traj.path, axis=0))
    g = BOWL.grad(START)
    return {
        "lr": lr,
        "steps": steps,
        "first_x": float(moves[0, 0]),
        "first_y": float(moves[0, 1]),
        "first_formula": lr * math.sqrt(opt.eps / (1 - opt.beta)),
        "grad_ratio": float(abs(g[1] / g[0])),
        "last_x": float(moves[-1, 0]),
        "last_y": float(moves[-1, 1]),
        "max_x": float(moves[:, 0].max()),
        "loss_share": float(traj.loss[-1] / traj.loss[0]),
    }


@lru_cache
def lion_bowl_numbers(lr=0.06, steps=STEPS):
    """The animation beside Lion's rule: the bowl from START, and for the coordinate y the
    first update at which the gradient, c_t (what is signed) and the momentum m_t change
    sign, the lowest y reached, and how often each changes sign afterwards."""
    opt = descent.Lion(lr=lr)
    traj = descent.run(opt, BOWL, START, steps, record_state=True)
    g = BOWL.grad(traj.path[:-1])[:, 1]
    m = traj.states.m[1:, 1]
    c = opt.beta1 * traj.states.m[:-1, 1] + (1 - opt.beta1) * g
    out = {"lr": lr, "steps": steps, "lowest_y": float(traj.path[:, 1].min())}
    for name, values in (("g", g), ("c", c), ("m", m)):
        out[f"{name}_first_flip"] = int(np.argmax(np.sign(values) != np.sign(values[0]))) + 1
        out[f"{name}_flips"] = int((np.diff(np.sign(values)) != 0).sum())
    return out


@lru_cache
def adadelta_numbers(slope_steps=3000):
    """Adadelta's first steps on a constant slope, and on the bowl at torch's default rate.

    On a slope every gradient is 1. The step is √(u + ε)/√(s + ε): u (the average of the
    squared past updates) starts at 0, so the first step is √ε/√(1-β); once s is g², u grows by
    about (1-β)ε a step, and the step like √(ε (1 + (1-β) t)).
    """
    beta = descent.Adadelta().beta
    every = adadelta_slope_steps(slope_steps)
    i = ADADELTA_EPS.index(1e-6)
    eps, steps = ADADELTA_EPS[i], every[:, i]
    t = np.arange(1, slope_steps + 1)
    model = np.sqrt(eps * (1 + (1 - beta) * t))
    late = t >= 1000
    default = descent.run(descent.Adadelta(), BOWL, START, STEPS)
    to_tenth = (0.1**2 / eps - 1) / (1 - beta)  # t at which the model's step is 0.1
    # step ∝ √ε: each row over the default's, divided by √(its ε / 1e-6)
    sqrt_eps = np.sqrt(np.array(ADADELTA_EPS) / eps)
    return {
        "first": float(steps[0]),
        "first_formula": math.sqrt(eps / (1 - beta)),
        "increasing": bool(np.all(np.diff(steps) > 0)),
        "step_10": float(steps[9]),
        "step_100": float(steps[99]),
        "step_1000": float(steps[999]),
        "last": float(steps[-1]),
        "slope_steps": slope_steps,
        "travelled": float(steps.sum()),
        "model_rel_err_late": float(np.abs(steps[late] / model[late] - 1).max()),
        "sqrt_eps_dev": float(np.abs(every / steps[:, None] / sqrt_eps - 1).max()),
        "to_tenth": float(to_tenth),
        "eps": eps,
        "beta": beta,
        "bowl_moved": float(np.linalg.norm(default.final - START)),
        "bowl_distance": float(np.linalg.norm(START)),
        "bowl_loss_share": float(default.loss[-1] / default.loss[0]),
        "bowl_lr10_loss_share": float(path("Adadelta", 1.0).loss[-1] / default.loss[0]),
    }


@lru_cache
def rprop_numbers(steps=STEPS):
    """Rprop on the bowl: its step sizes per coordinate along the run."""
    traj = descent.run(rule("Rprop"), BOWL, START, steps, record_state=True)
    sizes = traj.states.step_size  # (steps + 1, 2)
    flips = np.diff(np.sign(BOWL.grad(traj.path[:-1])), axis=0) != 0
    first_flip = [int(np.flatnonzero(flips[:, i])[0]) + 2 for i in range(2)]
    return {
        "sizes": sizes,
        "peak": sizes.max(axis=0),
        "peak_t": sizes.argmax(axis=0),
        "final_sizes": sizes[-1],
        "first_flip": first_flip,  # the update whose gradient first has the other sign
        "floor_from": int(np.argmax(np.all(sizes <= traj.optimizer.step_size_min, axis=-1))),
        "loss": float(traj.loss[-1]),
        "lr": float(traj.optimizer.lr),
    }


@lru_cache
def rprop_minibatch_numbers(epochs=100, batch_size=10, seed=0):
    """Rprop and SGD on LinearRegression.synthetic(): full batch against mini-batches."""
    problem = LinearRegression.synthetic(seed=seed)
    best = problem.minima[0]
    start = np.zeros(2)
    out = {"epochs": epochs, "batch_size": batch_size, "n": problem.n_samples}
    runs = {
        "rprop_full": descent.run(descent.Rprop(), problem, start, epochs, record_state=True),
        "rprop_mini": descent.run_stochastic(
            descent.Rprop(), problem, start, epochs, batch_size, seed=seed, record_state=True
        ),
        "sgd_mini": descent.run_stochastic(
            descent.GradientDescent(lr=0.05), problem, start, epochs, batch_size, seed=seed
        ),
    }
    for key, traj in runs.items():
        out[f"{key}_distance"] = float(np.linalg.norm(traj.final - best))
        out[f"{key}_updates"] = traj.updates
    floor = descent.Rprop().step_size_min
    sizes = runs["rprop_mini"].states.step_size
    at_floor = np.all(sizes <= floor, axis=-1)
    out["floor"] = floor
    out["floor_from"] = int(np.argmax(at_floor)) if at_floor.any() else -1
    out["stays_at_floor"] = bool(at_floor.any() and at_floor[np.argmax(at_floor) :].all())
    late = runs["rprop_mini"].path[out["floor_from"] :]
    out["moved_after_floor"] = float(np.linalg.norm(late - late[0], axis=-1).max())
    return out


@lru_cache
def sign_numbers(steps=800, lrs=(0.07, 0.03, 0.013)):
    """signSGD, Signum and Lion on the bowl at several α: how close each ends to the minimum.

    The last 100 points are the end of the run: the amplitude is their largest coordinate
    (in absolute value) over α, the period the smallest p at which the path repeats there.
    """
    out = {}
    for name in ("SignSGD", "Signum", "Lion"):
        for lr in lrs:
            traj = descent.run(getattr(descent, name)(lr=lr), BOWL, START, steps)
            tail = traj.path[-100:]
            period = next(
                (p for p in range(1, 50) if np.allclose(tail[p:], tail[:-p], atol=1e-12)), -1
            )
            out[name, lr] = {
                "amplitude": float(np.abs(tail).max() / lr),
                "shortest_step": float(np.linalg.norm(np.diff(tail, axis=0), axis=-1).min() / lr),
                "period": period,
                "loss": float(traj.loss[-1]),
            }
    out["lrs"] = lrs
    out["steps"] = steps
    return out


@lru_cache
def lion_numbers(epochs=20, batch_size=20, lr=0.01, seed=0):
    """The length of Lion's and Adam's updates, over α√d, on the small network of the real-model
    chapter (d parameters) trained on mini-batches: Lion's is 1 at every step."""
    mlp = MLP(*cubic_data(), hidden=10)
    start = mlp.torch_init()
    d = start.size
    out = {"d": d, "lr": lr, "epochs": epochs, "batch_size": batch_size}
    for name in ("Lion", "Adam"):
        opt = getattr(descent, name)(lr=lr)
        traj = descent.run_stochastic(opt, mlp, start, epochs, batch_size, seed=seed)
        norms = np.linalg.norm(np.diff(traj.path, axis=0), axis=-1) / (lr * math.sqrt(d))
        out[name] = {
            "min": float(norms.min()),
            "max": float(norms.max()),
            "median": float(np.median(norms)),
            "updates": traj.updates,
        }
    out["ratio"] = out["Lion"]["median"] / out["Adam"]["median"]
    # the same Adam on the full batch (the same number of updates): the noise's share
    full = descent.run(descent.Adam(lr=lr), mlp, start, out["Adam"]["updates"])
    full_norms = np.linalg.norm(np.diff(full.path, axis=0), axis=-1) / (lr * math.sqrt(d))
    out["adam_full_median"] = float(np.median(full_norms))
    # on the bowl (d = 2): Lion's every step, up to the decay (none here), is α√2 long
    bowl = path("Lion", 1.0)
    lengths = np.linalg.norm(np.diff(bowl.path, axis=0), axis=-1) / (0.06 * math.sqrt(2))
    out["bowl_dev"] = float(np.abs(lengths - 1).max())
    return out


@lru_cache
def exercise_numbers(lr=0.01):
    """Rprop on a slope (every gradient 1) at torch's defaults: the update at which its step
    size first reaches Δ_max, and how far it has gone by then."""
    opt = descent.Rprop(lr=lr)
    x, state, t = np.zeros(1), opt.init(np.zeros(1)), 0
    while state.step_size[0] < opt.step_size_max:
        x, state = opt.step(x, np.ones(1), state)
        t += 1
    closed = 1 + math.ceil(math.log(opt.step_size_max / lr) / math.log(opt.eta_plus))
    per_1000 = math.log(1000) / math.log(opt.eta_plus)
    return {"updates": t, "closed_form": closed, "travelled": float(-x[0]), "lr": lr,
            "per_1000": per_1000}  # fmt: skip


#: The playground's range of Rprop's Δ₀.
RPROP_SLIDER = (0.001, 0.01, 0.1, 1.0)


@lru_cache
def rprop_arrivals(tol=1e-3):
    """Per Δ₀ of :data:`RPROP_SLIDER`: the first update after which Rprop stays within ``tol``
    of the bowl's minimum (-1 if it is not there after :data:`STEPS`)."""
    out = {}
    for lr in RPROP_SLIDER:
        dist = np.linalg.norm(descent.run(descent.Rprop(lr=lr), BOWL, START, STEPS).path, axis=1)
        far = np.flatnonzero(dist > tol)
        out[lr] = int(far.max()) + 1 if len(far) and far.max() < STEPS else -1
    return out


@lru_cache
def sign_figure_numbers(steps=300, after=40):
    """The sign figure's three runs (α = 0.06): the highest loss after step ``after``."""
    out = {"rebound": {}, "after": after, "steps": steps}
    for name in ("SignSGD", "Signum", "Lion"):
        traj = path(name, 1.0, steps)
        out["rebound"][name] = float(traj.loss[after:].max())
    return out


def _replay(opt, start, grads):
    x, state, path = start, opt.init(start), []
    for g in grads:
        x, state = opt.step(x, g, state)
        path.append(x)
    return np.array(path)


@lru_cache
def reference_agreement():
    """Largest relative gap between descent's Adadelta, Rprop (torch.optim) and Lion
    (lion-pytorch) and their recorded reference steps, on fixed gradient sequences."""
    with np.load(TORCH_DATA) as data:
        ref = dict(data)
    meta = json.loads(str(ref["meta"]))
    out = {}
    sections = [
        ("optimizers", "fixed", ("Adadelta", "Rprop")),
        ("beyond", "beyond_fixed", ("Lion",)),
    ]
    for section, fixed, names in sections:
        for case in meta[section]:
            name = case["descent"]
            if name not in names or case["schedule"] or case["grads"] not in meta[fixed]:
                continue
            keys = meta[fixed][case["grads"]]
            path = _replay(getattr(descent, name)(**case["kwargs"]), ref[keys["start"]],
                           ref[keys["grads"]])  # fmt: skip
            worst = float(np.max(np.abs(path / ref[case["path"]] - 1)))
            entry = out.setdefault(name, {"worst_rel": 0.0, "cases": 0})
            entry["worst_rel"] = max(entry["worst_rel"], worst)
            entry["cases"] += 1
    out["steps"] = int(meta["steps"])
    out["worst_rel"] = max(out[n]["worst_rel"] for n in ("Adadelta", "Rprop", "Lion"))
    return out
