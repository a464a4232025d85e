"""Numbers the saddle chapter quotes, on :math:`f(x, y) = x^2 - y^2` at :math:`\\alpha = 0.05`."""

from functools import lru_cache

import numpy as np

import descent
from descent.surfaces import ALL

SADDLE = ALL["saddle"]
LR = 0.05
BETA = 0.9  # momentum's
START = (1.5, 0.01)  # the race's start, 0.01 off the stable axis y = 0
OFFSETS = np.logspace(-12, -1, 45)  # the escape-time sweep, from (1, y0)
NAMES = ("GradientDescent", "Momentum", "RMSProp", "Adam")


def optimizers(lr=LR):
    """The four optimizers of the chapter, by name."""
    return {
        "GradientDescent": descent.GradientDescent(lr=lr),
        "Momentum": descent.Momentum(lr=lr, beta=BETA),
        "RMSProp": descent.RMSProp(lr=lr),
        "Adam": descent.Adam(lr=lr),
    }


def escape_time(opt, starts, steps=2000):
    """First step with |y| >= 1, per start (-1 if never)."""
    out = np.abs(descent.run(opt, SADDLE, np.asarray(starts, float), steps).path[..., 1]) >= 1
    return np.where(out.any(axis=0), out.argmax(axis=0), -1)


def gd_formula(y0, lr=LR):
    """Gradient descent's escape time from {eq}`eq-saddle-gd`: log(1/|y0|) / log(1 + 2α)."""
    return np.log(1 / np.abs(y0)) / np.log(1 + 2 * lr)


@lru_cache
def race():
    """The four optimizers from (1.5, 0.01): escape steps, GD's formula and closest approach."""
    start = np.array(START)
    steps = {name: int(escape_time(opt, start, 200)) for name, opt in optimizers().items()}
    gd = descent.run(descent.GradientDescent(lr=LR), SADDLE, start, steps=steps["GradientDescent"])
    distance = np.linalg.norm(gd.path, axis=-1)
    rms = descent.run(descent.RMSProp(lr=LR), SADDLE, start, steps=1).path
    adam = descent.run(descent.Adam(lr=LR), SADDLE, start, steps=steps["Adam"]).path
    adam_y_steps = np.abs(np.diff(adam[:, 1]))  # Adam's steps along y until it leaves
    return {
        "steps": steps,
        "gd_formula": float(gd_formula(START[1])),
        "gd_closest": float(distance.min()),
        "gd_closest_step": int(distance.argmin()),
        "rms_first_step": np.abs(rms[1] - rms[0]),  # per coordinate
        "rms_first_formula": float(LR / np.sqrt(1 - descent.RMSProp(lr=LR).beta)),
        "adam_y_step_min": float(adam_y_steps.min()),
        "adam_y_step_max": float(adam_y_steps.max()),
    }


@lru_cache
def sweep():
    """Escape times from (1, y0) for the 45 offsets, and the growth per decade of offset."""
    starts = np.column_stack([np.ones_like(OFFSETS), OFFSETS])
    times = {name: escape_time(opt, starts) for name, opt in optimizers().items()}
    # the same without ε's floor (ε = 1e-300): what the smallest offsets cost is ε's doing
    no_eps = {
        "Adam": escape_time(descent.Adam(lr=LR, eps=1e-300), starts),
        "RMSProp": escape_time(descent.RMSProp(lr=LR, eps=1e-300), starts),
    }
    decades = np.log10(OFFSETS[-1] / OFFSETS[0])

    def per_decade(t):  # least-squares slope of steps against log10(1/y0)
        return float(-np.polyfit(np.log10(OFFSETS), t, 1)[0])

    # momentum on y: y_{t+1} = (1 + β + 2α) y_t - β y_{t-1}; its larger root is the growth factor
    mom_root = float(np.roots([1, -(1 + BETA + 2 * LR), BETA]).real.max())
    adam = times["Adam"]
    at_1e3 = int(adam[np.argmin(np.abs(np.log10(OFFSETS) + 3))])  # Adam's time from 1e-3
    eps = descent.Adam(lr=LR).eps
    return {
        "times": times,
        "no_eps": no_eps,
        "eps": eps,
        "adam_at_1e3": at_1e3,
        # the largest offset from which Adam needs more than from 1e-3, and its y-gradient 2|y0|
        "adam_extra_from": float(OFFSETS[adam > at_1e3].max()),
        "closest_grad_y": float(2 * OFFSETS[0]),  # at the closest start, against ε
        "formula": gd_formula(OFFSETS),
        "decades": float(decades),
        "n_offsets": len(OFFSETS),
        "gd_factor": 1 + 2 * LR,
        "mom_factor": mom_root,
        "gd_per_decade": per_decade(times["GradientDescent"]),
        "gd_per_decade_theory": float(np.log(10) / np.log(1 + 2 * LR)),
        "mom_per_decade": per_decade(times["Momentum"]),
        "mom_per_decade_theory": float(np.log(10) / np.log(mom_root)),
        # where momentum is at least as fast as Adam, the largest offsets of the sweep
        "mom_beats_adam_from": float(
            OFFSETS[times["Momentum"] <= times["Adam"]].min()
            if (times["Momentum"] <= times["Adam"]).any()
            else np.inf
        ),
    }


@lru_cache
def on_ridge(steps=2000):
    """From (1, 0), exactly on the stable axis: the largest |y| and the final |x| of each."""
    start = np.array([1.0, 0.0])
    runs = {name: descent.run(opt, SADDLE, start, steps) for name, opt in optimizers().items()}
    tail = steps // 4  # RMSProp's oscillation: the smallest |x| over the last quarter
    x = runs["RMSProp"].path[-tail:, 0]
    return {
        # the share of its steps over the last quarter at which x changes sign
        "rms_tail_sign_changes": float(np.mean(np.sign(x[1:]) != np.sign(x[:-1]))),
        "steps": steps,
        "max_y": max(float(np.abs(r.path[:, 1]).max()) for r in runs.values()),
        "final_x": {name: float(abs(r.final[0])) for name, r in runs.items()},
        "rms_tail_min_x": float(np.abs(runs["RMSProp"].path[-tail:, 0]).min()),
        "rms_tail_max_x": float(np.abs(runs["RMSProp"].path[-tail:, 0]).max()),
    }


@lru_cache
def doubled_lr(y0=1e-6):
    """The exercise: gradient descent's escape from (1, y0) at α and 2α, measured and predicted."""
    out = {}
    for lr in (LR, 2 * LR):
        out[lr] = {
            "steps": int(escape_time(descent.GradientDescent(lr=lr), np.array([1.0, y0]))),
            "predicted": float(gd_formula(y0, lr)),
        }
    out["ratio"] = out[LR]["steps"] / out[2 * LR]["steps"]
    out["ratio_predicted"] = float(np.log(1 + 4 * LR) / np.log(1 + 2 * LR))
    return out
