"""Numbers quoted by the gradient-descent chapter (``gradient-descent.md``)."""

from functools import lru_cache

import numpy as np

import descent
from descent.surfaces import ALL, Quadratic

TILTED_A = np.array([[2.5, 1.5], [1.5, 2.5]])

# the settings of the chapter's figures; the chapter's tests check that the
# captions state them and that the gallery scripts run with them
ONE_D = {"lr": 0.1, "start": 1.8, "steps": 20}  # fig-gd-1d, plot_gd_1d.py
BOWL = {"lr": 0.2, "starts": 8, "radius": 2.7, "steps": 30}  # fig-gd-bowl, plot_gd_bowl.py
# fig-learning-rate, plot_learning_rate.py: the rates as multiples of the limit 2/λ_max
LIMIT_FRACTIONS = {"too small": 0.1, "too large": 1.02}
LR_1D = {  # fig-lr-1d, plot_lr_1d.py
    "rates": {"small": 0.08, "optimal": 0.5, "large": 0.9, "too large": 1.08},
    "start": 1.6,
    "steps": 6,
    "ylim": 4.2,  # the top of the axes
}


@lru_cache
def one_d_numbers():
    """α = 0.1 on θ² from θ₀ = 1.8, 20 steps; and α = 0.5 (Exercise 1)."""
    parabola = ALL["parabola"]
    gd = descent.GradientDescent(lr=ONE_D["lr"])
    theta = descent.run(gd, parabola, np.array([ONE_D["start"]]), ONE_D["steps"]).path[:, 0]
    ratios = theta[1:] / theta[:-1]
    half = descent.run(descent.GradientDescent(lr=0.5), parabola, np.array([1.8]), 3).path[:, 0]
    return {
        "ratio": float(ratios.mean()),
        "ratio_spread": float(np.ptp(ratios)),
        "first_step": float(theta[0] - theta[1]),
        "step10": float(theta[9] - theta[10]),
        "theta20": float(theta[20]),
        "all_nonzero": bool(np.all(theta != 0)),
        "half_path": half.tolist(),  # α = 0.5: [1.8, 0, 0, 0]
    }


@lru_cache
def bowl_numbers():
    """Eight starts on the tilted bowl with curvatures 1 and 4, α = 0.2, 30 steps."""
    bowl = Quadratic(TILTED_A)
    lr = BOWL["lr"]
    angles = np.linspace(0, 2 * np.pi, BOWL["starts"], endpoint=False) + 0.3
    starts = BOWL["radius"] * np.column_stack([np.cos(angles), np.sin(angles)])
    traj = descent.run(descent.GradientDescent(lr=lr), bowl, starts, steps=BOWL["steps"])
    v_slow = np.linalg.eigh(TILTED_A)[1][:, 0]
    direction = traj.path[-1] / np.linalg.norm(traj.path[-1], axis=1, keepdims=True)
    lam = bowl.eigenvalues
    return {
        "eigenvalues": [float(v) for v in lam],
        "misalignment": float(1 - np.abs(direction @ v_slow).min()),
        "worst": float(traj.loss[-1].max()),
        "lr": lr,
        "n_starts": len(starts),
        "factor_across": float(abs(1 - lr * lam[1])),
        "factor_along": float(abs(1 - lr * lam[0])),
        "limit": float(2 / lam[1]),
    }


@lru_cache
def learning_rate_numbers():
    """The elongated bowl ½(x² + 25y²) from (−5, 2) at three rates, 2000 steps each."""
    bowl = ALL["elongated"]
    lam_min, lam_max = (float(v) for v in bowl.eigenvalues)
    rates = {
        "too small": LIMIT_FRACTIONS["too small"] * 2 / lam_max,
        "just right": 2 / (lam_min + lam_max),
        "too large": LIMIT_FRACTIONS["too large"] * 2 / lam_max,
    }
    start = np.array([-5.0, 2.0])
    steps, diverged_at, leaves = {}, {}, {}
    y_max = bowl.extent[3]
    for name, lr in rates.items():
        traj = descent.run(descent.GradientDescent(lr=lr), bowl, start, steps=2000)
        steps[name] = int(traj.steps_to(1e-3))
        diverged_at[name] = int(traj.diverged_at)
        if traj.diverged:  # the last point inside run's limit (the path stops there) and
            # the next |y|, one factor |1 − αλ_max| further: what crossed the limit
            last = np.abs(traj.path[traj.diverged_at])
            crossed = last * np.abs(1 - lr * np.array([lam_min, lam_max]))
        outside = np.abs(traj.path[:, 1]) > y_max
        leaves[name] = int(np.argmax(outside)) if outside.any() else -1
    # the too-small run over the 60 steps the figure shows
    small = descent.run(descent.GradientDescent(lr=rates["too small"]), bowl, start, steps=60)
    return {
        "lam_min": lam_min,
        "lam_max": lam_max,
        "rates": rates,
        "limit": 2 / lam_max,
        "best_factor": (lam_max - lam_min) / (lam_max + lam_min),
        "steps": steps,
        "diverged_at": diverged_at,
        "diverged_last_y": float(last[1]),
        "diverged_y": float(crossed[1]),
        "diverged_x": float(crossed[0]),
        "leaves_frame_at": leaves,
        "ratio_small_best": steps["too small"] / steps["just right"],
        "small_60_y": float(abs(small.path[-1, 1])),
        "small_60_x": float(small.path[-1, 0]),
    }


@lru_cache
def lr_1d_numbers():
    """The four rates of the one-dimensional figure from θ₀ = 1.6, six steps. Returns, per rate,
    the first step whose point leaves the figure's frame (θ outside the curve's extent, or θ²
    above the top of the axes, as the script tests it), or -1."""
    parabola = ALL["parabola"]
    x0, x1 = parabola.extent
    out = {}
    for name, lr in LR_1D["rates"].items():
        gd = descent.GradientDescent(lr=lr)
        theta = descent.run(gd, parabola, np.array([LR_1D["start"]]), LR_1D["steps"]).path[:, 0]
        outside = (theta < x0) | (theta > x1) | (theta**2 > LR_1D["ylim"])
        out[name] = int(np.argmax(outside)) if outside.any() else -1
    return out


@lru_cache
def scaled_limit_numbers(scale=10.0, margin=0.01):
    """The elongated bowl with its loss multiplied by ``scale``, from (−5, 2): the limit
    2/λ_max falls by ``scale``, and gradient descent 1% below it converges, 1% above diverges."""
    base = ALL["elongated"]
    scaled = Quadratic(scale * np.diag([float(v) for v in base.eigenvalues]))
    limit = 2 / float(scaled.eigenvalues[-1])
    start = np.array([-5.0, 2.0])
    runs = {
        side: descent.run(descent.GradientDescent(lr=f * limit), scaled, start, steps=2000)
        for side, f in (("below", 1 - margin), ("above", 1 + margin))
    }
    return {
        "scale": scale,
        "limit": limit,
        "base_limit": 2 / float(base.eigenvalues[-1]),
        "below_final_loss": float(runs["below"].loss[-1]),
        "below_diverged": bool(runs["below"].diverged),
        "above_diverged": bool(runs["above"].diverged),
        "above_diverged_at": int(runs["above"].diverged_at),
    }


@lru_cache
def kappa_numbers():
    """Exercise 3: steps to shrink the distance by 1000 at the best rate, κ = 10 and 100."""
    out = {}
    for kappa in (10, 100):
        surface = descent.surfaces.elongated_bowl(kappa)
        lr = 2 / (1 + kappa)
        traj = descent.run(descent.GradientDescent(lr=lr), surface, np.ones(2), steps=5000)
        distance = np.linalg.norm(traj.path, axis=1)
        measured = int(np.argmax(distance <= distance[0] / 1000))
        predicted = float(np.log(1000) / np.log((kappa + 1) / (kappa - 1)))
        out[kappa] = {"measured": measured, "predicted": predicted}
    return out


@lru_cache
def local_minimum_numbers():
    """Gradient descent on the curve of the momentum chapter from θ₀ = −2.6, α = 0.1 and 0.3.

    The wall at θ₀ is steep, so the first step is long: at α = 0.3 it clears the bump at −1.5.
    """
    bumpy = ALL["bumpy"]
    finals, first = {}, {}
    for lr in (0.1, 0.3):
        traj = descent.run(descent.GradientDescent(lr=lr), bumpy, np.array([-2.6]), 400)
        finals[lr] = float(traj.final[0])
        first[lr] = float(traj.path[1, 0])
    return {"final": finals, "first_step": first, "bump": -1.5}
