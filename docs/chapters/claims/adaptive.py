"""Numbers quoted by the adaptive chapter (AdaGrad and RMSProp on the elongated bowl)."""

from functools import lru_cache

import numpy as np

import descent
from descent.schedules import ExponentialLR
from descent.surfaces import ALL

BOWL = ALL["elongated"]
START = np.array([-5.0, 2.0])
LIMIT = 2 / BOWL.eigenvalues[-1]  # stability limit of the steep coordinate


def optimizers():
    """The three optimizers of the chapter's animation."""
    return {
        "momentum": descent.Momentum(lr=0.02, beta=0.9),
        "adagrad": descent.AdaGrad(lr=1.0),
        "rmsprop": descent.RMSProp(lr=0.1),
    }


@lru_cache
def bowl_numbers(steps=80):
    """First AdaGrad step, AdaGrad's rates and the three losses after ``steps`` steps."""
    opts = optimizers()
    runs = {k: descent.run(o, BOWL, START, steps=steps, record_state=True) for k, o in opts.items()}
    grad = BOWL.grad(START)
    first = runs["adagrad"].path[1] - runs["adagrad"].path[0]
    rates = opts["adagrad"].effective_lr(runs["adagrad"].states)[-1]
    straight = np.linalg.norm(START - BOWL.minima[0])
    return {
        "loss": {k: float(traj.loss[-1]) for k, traj in runs.items()},
        # path length over the straight distance to the minimum, and crossings of the valley floor
        "path_ratio": {
            k: float(np.linalg.norm(np.diff(traj.path, axis=0), axis=1).sum() / straight)
            for k, traj in runs.items()
        },
        "y_crossings": {
            k: int((np.diff(np.sign(traj.path[:, 1])) != 0).sum()) for k, traj in runs.items()
        },
        "first_x": float(first[0]),
        "first_y": float(first[1]),
        "adagrad_lr": opts["adagrad"].lr,
        "grad_ratio": float(abs(grad[1] / grad[0])),
        "rate_x": float(rates[0]),
        "rate_y": float(rates[1]),
        "rate_ratio": float(rates[0] / rates[1]),
        "curvature_ratio": float(BOWL.eigenvalues[-1] / BOWL.eigenvalues[0]),
        "limit": float(LIMIT),
    }


@lru_cache
def rotated_numbers(steps=80):
    """AdaGrad (and momentum) on the bowl turned by 45°, against the axis-aligned run."""
    c = np.sqrt(0.5)
    R = np.array([[c, -c], [c, c]])
    rotated = descent.surfaces.Quadratic(R @ np.diag([1.0, 25.0]) @ R.T)
    opts = optimizers()
    return {
        "adagrad_aligned": float(descent.run(opts["adagrad"], BOWL, START, steps).loss[-1]),
        "adagrad_rotated": float(descent.run(opts["adagrad"], rotated, R @ START, steps).loss[-1]),
        "momentum_rotated": float(
            descent.run(opts["momentum"], rotated, R @ START, steps).loss[-1]
        ),
    }


def _rms_rates(opt, steps):
    """A run of ``opt`` and its steep coordinate's rate after each update (entry 0: NaN)."""
    traj = descent.run(opt, BOWL, START, steps=steps, record_state=True)
    rates = opt.effective_lr(traj.states)[:, 1].copy()
    rates[0] = np.nan  # entry t is the state after update t; entry 0 is before any
    return traj, rates


def _crossings(rates, limit):
    above = rates > limit
    up = np.flatnonzero(above[1:] & ~above[:-1]) + 1
    down = np.flatnonzero(~above[1:] & above[:-1]) + 1
    return up, down


@lru_cache
def long_run_numbers(steps=800):
    """AdaGrad's frozen rates and RMSProp's growing ones, with the loss spike they cause."""
    opts = optimizers()
    ada = descent.run(opts["adagrad"], BOWL, START, steps=steps, record_state=True)
    ada_rates = opts["adagrad"].effective_lr(ada.states)
    traj, rates = _rms_rates(opts["rmsprop"], steps)
    x_rates = opts["rmsprop"].effective_lr(traj.states)[1:, 0]
    up, down = _crossings(rates, LIMIT)
    peak = int(np.nanargmax(rates))  # the rate drops once the growing error refills s
    low = int(np.argmin(traj.loss[:peak]))
    spike = low + int(np.argmax(traj.loss[low:]))
    y_error = np.abs(traj.path[:, 1])  # the steep coordinate's distance from the minimum
    return {
        "ada_rate_change_100": float(np.abs(ada_rates[steps] / ada_rates[100] - 1).max()),
        "ada_rate_change_50": float(np.abs(ada_rates[steps] / ada_rates[50] - 1).max()),
        "rms_up": [int(t) for t in up],
        "rms_down": [int(t) for t in down],
        "rms_crossed": int(up[0]),
        "rms_peak": peak,
        "rms_rate_peak": float(rates[peak] / LIMIT),
        # the rate only grows from the crossing to its peak ...
        "rms_rate_monotone": bool(np.all(np.diff(rates[up[0] : peak + 1]) > 0)),
        # ... and |y| is smallest just before the crossing, then grows at every step
        "rms_y_min_step": int(np.argmin(y_error[: peak + 1])),
        "rms_y_grows_above_limit": bool(np.all(np.diff(y_error[up[0] - 1 : peak + 1]) > 0)),
        "rms_low_step": low,
        "rms_loss_low": float(traj.loss[low]),
        "rms_spike_step": spike,
        "rms_loss_spike": float(traj.loss[spike]),
        "rms_loss_start": float(traj.loss[0]),
        "rms_decades": float(np.log10(traj.loss[spike] / traj.loss[low])),
        "rms_x_rate_min_step": int(np.argmin(x_rates)) + 1,
        "rms_x_rate_rises_after_min": bool(np.all(np.diff(x_rates[np.argmin(x_rates) :]) >= 0)),
    }


#: The ε above which RMSProp's rate α/(√s + ε) < α/ε can never pass 2/λ_max: αλ_max/2.
EPS_STABLE = float(optimizers()["rmsprop"].lr * BOWL.eigenvalues[-1] / 2)


@lru_cache
def taming_numbers(steps=800):
    """What stops the spike: larger ε (not at ordinary sizes, only at αλ_max/2) or a decay."""
    out = {"eps": {}, "decay": {}, "eps_stable": EPS_STABLE}
    for eps in (1e-4, 1e-2, 0.1, 1.0, EPS_STABLE):
        traj, rates = _rms_rates(descent.RMSProp(lr=0.1, eps=eps), steps)
        out["eps"][eps] = {
            "rate_peak": float(np.nanmax(rates) / LIMIT),
            "loss_peak_after_100": float(traj.loss[100:].max()),
        }
    gamma = 0.995  # about √β = √0.99: the rate shrinks as fast as √s does once g fades
    traj, rates = _rms_rates(descent.RMSProp(lr=ExponentialLR(0.1, gamma=gamma)), steps)
    out["decay"] = {
        "gamma": gamma,
        "rate_peak": float(np.nanmax(rates) / LIMIT),
        "loss_peak_after_100": float(traj.loss[100:].max()),
        "loss_end": float(traj.loss[-1]),
    }
    return out


@lru_cache
def start_numbers(steps=800, scales=(1, 10, 100), gd_lr=0.07):
    """AdaGrad's and gradient descent's loss after ``steps`` steps, over the starting loss,
    from ``START`` times each of ``scales``: AdaGrad's frozen rates depend on where it began.
    """
    out = {"adagrad": {}, "gd": {}, "starts": {}}
    for k in scales:
        start = k * START
        out["starts"][k] = tuple(float(v) for v in start)
        for name, opt in (
            ("adagrad", optimizers()["adagrad"]),
            ("gd", descent.GradientDescent(lr=gd_lr)),
        ):
            traj = descent.run(opt, BOWL, start, steps=steps)
            out[name][k] = float(traj.loss[-1] / traj.loss[0])
    out["gd_lr"] = gd_lr
    return out


def steady_step(g, inside, eps=1e-8):
    """RMSProp's steady step over α for a constant gradient ``g``, ε inside or outside."""
    s = g**2  # the average of a constant g² (after the initial bias has decayed)
    return float(g / np.sqrt(s + eps) if inside else g / (np.sqrt(s) + eps))


def eps_numbers():
    """The two forms of ε at three gradient sizes."""
    return {
        g: {"inside": steady_step(g, True), "outside": steady_step(g, False)}
        for g in (1e-2, 1e-4, 1e-6)
    }
