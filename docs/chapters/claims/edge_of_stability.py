r"""Numbers the edge-of-stability chapter quotes: full-batch gradient descent on a small tanh
network, with the sharpness :math:`\lambda_{\max}(\nabla^2 J)` measured along the run."""

from functools import lru_cache

import numpy as np

import descent
from descent.problems import Network, wave_data

#: The network's hidden layers (tanh), on 200 points of ``wave_data``.
WIDTHS = (16, 16)
#: The step sizes of the figure, each of which reaches the edge within the run.
STEP_SIZES = (0.3, 0.2, 0.15)
#: A smaller step size, which does not reach its edge within the run.
SMALL = 0.05
STEPS = 2000
#: The sharpness is measured every EVERY steps, by Lanczos with ITERS Hessian-vector products.
EVERY = 50
ITERS = 16
#: On its plateau a run's sharpness stays within this fraction of 2/α.
BAND = 0.1
#: The loss at either end of a plateau is averaged over this many steps.
AVERAGE = 100
#: Where the oscillation along the top eigenvector is looked at: a window of WINDOW updates
#: either side of a step before the edge and of one on the plateau.
BEFORE, ON = 100, 1600
WINDOW = 20
#: Power iterations for the top eigenvector.
POWER_ITERS = 200


@lru_cache
def network():
    return Network(*wave_data(), widths=WIDTHS)


@lru_cache
def run(step_sizes=STEP_SIZES, steps=STEPS):
    """One full-batch gradient-descent run per step size, all from the same initial weights."""
    net = network()
    rates = np.array(step_sizes)[:, None]
    starts = np.tile(net.init_params(seed=0), (len(step_sizes), 1))
    return descent.run(descent.GradientDescent(lr=rates), net, starts, steps)


@lru_cache
def sharpness_curve(step_sizes=STEP_SIZES, steps=STEPS, every=EVERY):
    """The steps measured and the sharpness there, shape ``(len(steps), len(step_sizes))``."""
    at = np.arange(0, steps + 1, every)
    path = run(step_sizes, steps).path[at]
    return at, descent.sharpness(network(), path, method="lanczos", iters=ITERS)


def first_reach(at, sharp, limit):
    """The first measured step whose sharpness is at least ``limit`` (``None`` if none)."""
    hit = np.flatnonzero(sharp >= limit)
    return int(at[hit[0]]) if hit.size else None


def settled(at, sharp, limit, band=BAND):
    """The first measured step from which the sharpness stays within ``band`` of ``limit`` to
    the end of the run (``None`` if it is outside at the end)."""
    outside = np.flatnonzero(np.abs(sharp / limit - 1) > band)
    if not outside.size:
        return int(at[0])
    return int(at[outside[-1] + 1]) if outside[-1] + 1 < len(at) else None


@lru_cache
def edge_numbers():
    """Per step size: when the sharpness first reaches 2/α, when it settles there, and how it
    and the loss behave on that plateau."""
    traj = run()
    at, sharp = sharpness_curve()
    out = {}
    for j, lr in enumerate(STEP_SIZES):
        limit = 2 / lr
        loss = traj.loss[:, j]
        lo = settled(at, sharp[:, j], limit)
        plateau_loss = loss[lo:]
        ratio = sharp[at >= lo, j] / limit
        out[lr] = {
            "limit": limit,
            "start": float(sharp[0, j]),
            "first_reach": first_reach(at, sharp[:, j], limit),
            "settled": lo,
            "peak": float(sharp[:, j].max()),
            "peak_at": int(at[sharp[:, j].argmax()]),
            "mean_ratio": float(ratio.mean()),
            "min_ratio": float(ratio.min()),
            "max_ratio": float(ratio.max()),
            "std_ratio": float(ratio.std()),
            "rises": int((np.diff(plateau_loss) > 0).sum()),
            "updates": len(plateau_loss) - 1,
            "loss_plateau_start": float(plateau_loss[0]),
            "loss_plateau_end": float(plateau_loss[-1]),
            "loss_plateau_max": float(plateau_loss.max()),
            # the loss oscillates from step to step: compare averages over AVERAGE steps
            "loss_first": float(plateau_loss[:AVERAGE].mean()),
            "loss_last": float(plateau_loss[-AVERAGE:].mean()),
            "loss_fell_by": float(plateau_loss[:AVERAGE].mean() / plateau_loss[-AVERAGE:].mean()),
            "loss_peak": float(loss.max()),
            "loss_peak_at": int(loss.argmax()),
            "loss_start": float(loss[0]),
            "loss_end": float(loss[-1]),
            "diverged": bool(traj.diverged[j]),
        }
    return out


@lru_cache
def small_numbers(lr=SMALL, steps=STEPS, every=250):
    """The smaller step size: how far its sharpness gets towards 2/α within the run."""
    at, sharp = sharpness_curve((lr,), steps, every)
    s = sharp[:, 0]
    return {
        "lr": lr,
        "limit": 2 / lr,
        "start": float(s[0]),
        "end": float(s[-1]),
        "end_ratio": float(s[-1] * lr / 2),
        "rising": bool(np.all(np.diff(s[at >= steps // 2]) > 0)),  # still rising at the end
        "first_reach": first_reach(at, s, 2 / lr),
        "loss_end": float(run((lr,), steps).loss[-1, 0]),
        "rises": int((np.diff(run((lr,), steps).loss[:, 0]) > 0).sum()),
        "steps": steps,
    }


def top_eigenvector(objective, params, iters=POWER_ITERS, seed=0):
    r"""The Hessian's top eigenvector at ``params`` (one point), by power iteration on
    ``objective.hvp``, and its Rayleigh quotient :math:`u^\top H u`."""
    u = np.random.default_rng(seed).standard_normal(objective.dim)
    u /= np.linalg.norm(u)
    for _ in range(iters):
        u = objective.hvp(params, u)
        u /= np.linalg.norm(u)
    return u, float(u @ objective.hvp(params, u))


@lru_cache
def oscillation(lr=0.2, centre=ON, window=WINDOW):
    """The iterate's position along the top eigenvector ``u`` of the Hessian at step ``centre``,
    ``u · (θ_t − θ_centre)``, for the steps ``centre − window … centre + window``."""
    j = STEP_SIZES.index(lr)
    path = run().path[:, j]
    u, rayleigh = top_eigenvector(network(), path[centre])
    steps = np.arange(centre - window, centre + window + 1)
    position = (path[steps] - path[centre]) @ u
    return steps, position, rayleigh


@lru_cache
def oscillation_numbers(lr=0.2):
    """How often the update's component along the top eigenvector changes sign, before the edge
    and on the plateau."""
    out = {}
    for name, centre in (("before", BEFORE), ("on", ON)):
        _steps, position, rayleigh = oscillation(lr, centre)
        along = np.diff(position)  # u · (θ_t − θ_{t−1})
        flips = int((along[1:] * along[:-1] < 0).sum())
        out[name] = {
            "centre": centre,
            "flips": flips,
            "pairs": len(along) - 1,
            "fraction": flips / (len(along) - 1),
            "rayleigh": rayleigh,
            "alpha_lambda": lr * rayleigh,
            "amplitude": float(np.abs(along).mean()),
        }
    return out


@lru_cache
def exercise_numbers(lr=0.25, steps=1000, every=50):
    """Gradient descent at a step size the figure does not show: where its sharpness settles."""
    net = network()
    traj = descent.run(descent.GradientDescent(lr=lr), net, net.init_params(seed=0), steps)
    at = np.arange(0, steps + 1, every)
    sharp = descent.sharpness(net, traj.path[at], method="lanczos", iters=ITERS)
    last = sharp[at > steps // 2]  # the last 500 steps
    return {
        "lr": lr,
        "limit": 2 / lr,
        "first_reach": first_reach(at, sharp, 2 / lr),
        "mean": float(last.mean()),
        "mean_ratio": float(last.mean() * lr / 2),
        "diverged": bool(traj.diverged),
    }
