"""Numbers quoted by the momentum chapter (``momentum.md``)."""

from functools import lru_cache

import numpy as np

import descent
from descent.surfaces import ALL, Quadratic, elongated_bowl

START = np.array([-5.0, 2.0])  # on the elongated bowl ½(x² + 25y²)

# the settings of the chapter's figures; the chapter's tests check that the captions
# state them and that the gallery scripts run with them
BOWL = {"lr": 0.03, "beta": 0.7, "steps": 80}  # fig-momentum-bowl, plot_momentum_bowl.py
RATES = {"kappa": 100, "osc_lr": 0.02, "osc_beta": 0.9, "steps": 200}  # plot_momentum_rates.py
SWEEP = {"n": 100, "steps": 150, "lrs": (0.002, 0.2), "betas": (0.0, 0.99)}  # ..._sweep.py
# fig-momentum-bumpy and fig-momentum-overshoot (plot_momentum_bumpy.py, ..._overshoot.py)
BUMPY = {"lr": 0.1, "beta": 0.9, "starts": (-2.6, -2.7), "steps": 120}
NESTEROV = {"lr": 0.03, "beta": 0.9, "steps": 100}  # fig-nesterov, plot_nesterov.py


def measured_rate(opt, surface, start, steps, skip=20):
    """Per-step factor of the distance to the minimum: slope of a least-squares fit of its log."""
    distance = np.linalg.norm(descent.run(opt, surface, start, steps).path, axis=-1)
    t = np.arange(steps + 1)
    keep = (t >= skip) & (distance > 1e-13)
    return float(np.exp(np.polyfit(t[keep], np.log(distance[keep]), 1)[0]))


def steps_to_shrink(opt, surface, start, factor, steps):
    """First step at which the distance to the minimum is 1/factor of the start's."""
    d = np.linalg.norm(descent.run(opt, surface, start, steps).path, axis=-1)
    return int(np.argmax(d <= d[0] / factor))


@lru_cache
def bowl_numbers():
    """Gradient descent and momentum (β = 0.7, and β = 0) with α = 0.03 on ½(x² + 25y²)."""
    bowl = ALL["elongated"]
    lr = BOWL["lr"]
    gd = descent.run(descent.GradientDescent(lr=lr), bowl, START, 2000)
    mom = descent.run(descent.Momentum(lr=lr, beta=BOWL["beta"]), bowl, START, 2000)
    beta0 = descent.run(descent.Momentum(lr=lr, beta=0.0), bowl, START, 2000)
    return {
        "beta0_diff": float(np.abs(beta0.path - gd.path).max()),
        "gd_steps": int(gd.steps_to(1e-6)),
        "mom_steps": int(mom.steps_to(1e-6)),
        "gd_loss80": float(gd.loss[BOWL["steps"]]),
        "mom_loss80": float(mom.loss[BOWL["steps"]]),
        "gd_x80": float(gd.path[BOWL["steps"], 0]),
        "speedup": float(gd.steps_to(1e-6) / mom.steps_to(1e-6)),
    }


@lru_cache
def terminal_ratio(beta=0.9, steps=200, lr=0.1):
    """Momentum's last step on a constant slope of 1, over gradient descent's step α."""
    opt = descent.Momentum(lr=lr, beta=beta)
    x, state = np.zeros(1), opt.init(np.zeros(1))
    for _ in range(steps):
        new, state = opt.step(x, np.ones(1), state)
        last_step = float(x[0] - new[0])
        x = new
    return last_step / lr


@lru_cache
def rate_numbers():
    """κ = 100 from (1, 1): measured factors per step against the theory's."""
    kappa, steps = RATES["kappa"], RATES["steps"]
    bowl = elongated_bowl(kappa)
    s = np.array([1.0, 1.0])
    q = np.sqrt(kappa)
    gd = descent.GradientDescent(lr=2 / (1 + kappa))
    hb = descent.Momentum(lr=4 / (q + 1) ** 2, beta=((q - 1) / (q + 1)) ** 2)
    osc = descent.Momentum(lr=RATES["osc_lr"], beta=RATES["osc_beta"])
    # the best momentum's distance against its dashed line ‖θ₀‖ rᵗ, in decades
    d = np.linalg.norm(descent.run(hb, bowl, s, steps).path, axis=-1)
    gap = np.log10(d / (d[0] * ((q - 1) / (q + 1)) ** np.arange(steps + 1)))
    # the oscillating momentum's distance over its dashed line ‖θ₀‖ √β^t
    d_osc = np.linalg.norm(descent.run(osc, bowl, s, steps).path, axis=-1)
    osc_over = d_osc / (d_osc[0] * np.sqrt(osc.beta) ** np.arange(steps + 1))
    return {
        "gd_theory": (kappa - 1) / (kappa + 1),
        "hb_theory": float((q - 1) / (q + 1)),
        "sqrt_beta": float(np.sqrt(0.9)),
        "gd": measured_rate(gd, bowl, s, 200),
        "hb_lr": float(hb.lr),
        "hb_beta": float(hb.beta),
        "hb": measured_rate(hb, bowl, s, 200),
        "osc": measured_rate(osc, bowl, s, 200),
        "osc_long": measured_rate(osc, bowl, s, 600),
        "gd_steps": steps_to_shrink(gd, bowl, s, 1e6, 2000),
        "hb_steps": steps_to_shrink(hb, bowl, s, 1e6, 2000),
        "hb_distance_200": float(d[-1]),
        "hb_distance_0": float(d[0]),
        "hb_distance_max": float(d.max()),
        "hb_distance_max_at": int(d.argmax()),
        "hb_gap_10": float(gap[10]),
        "hb_gap_end": float(gap[-1]),
        "hb_gap_widens": bool(np.all(np.diff(gap[10:]) > 0)),
        "osc_over_min": float(osc_over[1:].min()),
        "osc_over_max": float(osc_over[1:].max()),
    }


def oscillating_rate(beta, lr=0.02, steps=400):
    """Momentum on κ = 100 inside the complex band: its measured factor per step."""
    return measured_rate(
        descent.Momentum(lr=lr, beta=beta), elongated_bowl(100), np.array([1.0, 1.0]), steps
    )


def edge_runs(beta, lam=4.0, steps=3000):
    """Momentum on ½λθ² at 1% below and 1% above the edge αλ = 2 + 2β: the two finals."""
    line = Quadratic([[lam]])
    edge = (2 + 2 * beta) / lam
    below = descent.run(descent.Momentum(lr=0.99 * edge, beta=beta), line, np.ones(1), steps)
    above = descent.run(descent.Momentum(lr=1.01 * edge, beta=beta), line, np.ones(1), steps)
    return {
        "below": float(abs(below.path[-1, 0])),
        "above": float(abs(above.path[-1, 0])),
        "above_diverged": bool(above.diverged),
    }


@lru_cache
def sweep_numbers():
    """The 100 × 100 (α, β) grid of momentum on ½(x² + 25y²) from (−5, 2), 150 steps."""
    bowl = ALL["elongated"]
    lam_min, lam_max = (float(v) for v in bowl.eigenvalues)
    n, steps = SWEEP["n"], SWEEP["steps"]
    lrs = np.linspace(*SWEEP["lrs"], n)
    betas = np.linspace(*SWEEP["betas"], n)
    opt = descent.Momentum(lr=lrs[:, None, None], beta=betas[None, :, None])
    sweep = descent.run(opt, bowl, np.broadcast_to(START, (n, n, 2)), steps)
    margin = lrs[:, None] * lam_max - (2 + 2 * betas[None, :])  # < 0: the theory says stable
    shrank = ~sweep.diverged & (sweep.loss[-1] < sweep.loss[0])
    agree = (margin < 0) == shrank
    on_edge = ~agree & (np.abs(margin) < 1e-9)  # exactly on the edge: a factor of exactly 1
    rest = ~agree & ~on_edge
    beta_grid = np.broadcast_to(betas[None, :], rest.shape)
    final = np.where(sweep.diverged, np.inf, sweep.loss[-1])
    i, j = np.unravel_index(np.argmin(final), final.shape)
    k = int(np.argmin(np.abs(lrs - 0.03)))
    col = final[k]
    right = margin > 1e-9
    return {
        "runs": int(sweep.diverged.size),
        "diverged": int(sweep.diverged.sum()),
        "agree": int(agree.sum()),
        "disagree": int((~agree).sum()),
        "on_edge": int(on_edge.sum()),
        "top": int(rest.sum()),
        "top_min_beta": float(beta_grid[rest].min()) if rest.any() else 1.0,
        "sqrt099": float(np.sqrt(0.99)),
        "sqrt_top_min": float(np.sqrt(beta_grid[rest].min())) if rest.any() else 1.0,
        "best_lr": float(lrs[i]),
        "best_beta": float(betas[j]),
        "best_loss": float(final[i, j]),
        "theory_lr": float(4 / (np.sqrt(lam_max) + np.sqrt(lam_min)) ** 2),
        "theory_beta": float(
            ((np.sqrt(lam_max / lam_min) - 1) / (np.sqrt(lam_max / lam_min) + 1)) ** 2
        ),
        "gd_best": float(final[:, 0].min()),
        "fixed_lr": float(lrs[k]),
        "fixed_best_beta": float(betas[np.argmin(col)]),
        "fixed_09": float(col[int(np.argmin(np.abs(betas - 0.9)))]),
        "fixed_best": float(col.min()),
        "band_lower_edge": float((1 - np.sqrt(lrs[k] * lam_min)) ** 2),
        "right_of_edge": int(right.sum()),
        "right_not_red": int((right & ~sweep.diverged).sum()),
    }


@lru_cache
def best_pair_steps():
    """Exercise 2: steps to shrink the distance by 10⁶ on κ = 25 at the best settings."""
    bowl = ALL["elongated"]
    q = 5.0
    s = np.array([1.0, 1.0])
    gd = descent.GradientDescent(lr=2 / 26)
    hb = descent.Momentum(lr=4 / (q + 1) ** 2, beta=((q - 1) / (q + 1)) ** 2)
    return {
        "gd": steps_to_shrink(gd, bowl, s, 1e6, 1000),
        "mom": steps_to_shrink(hb, bowl, s, 1e6, 1000),
        "gd_rule": float(np.log(1e6) / np.log(26 / 24)),
        "mom_rule": float(np.log(1e6) / np.log(3 / 2)),
    }


MINIMA = np.array([-2.2, 0.0, 2.1])  # of the three-valley curve, ALL["bumpy"]


def _basins(opt, starts, steps=2000):
    """Index into MINIMA of the minimum each start's run ends nearest to."""
    final = descent.run(opt, ALL["bumpy"], starts, steps).final[:, 0]
    return np.argmin(np.abs(final[:, None] - MINIMA), axis=1)


@lru_cache
def bumpy_numbers():
    """The three-valley curve: two starts, and the share of 531 starts ending in the global
    minimum for gradient descent (α = 0.1 and 0.3) and momentum (α = 0.1, β = 0.9).

    Also: the length of momentum's step as it first crosses 0 from each start; where the
    figures' runs are after their 120 steps; and how often the basin a run ends in changes as
    the start moves from left to right across the 531 starts.
    """
    bumpy = ALL["bumpy"]
    lr, beta = BUMPY["lr"], BUMPY["beta"]
    out = {}
    for s0, key in zip(BUMPY["starts"], ("a", "b"), strict=True):
        traj = descent.run(descent.Momentum(lr=lr, beta=beta), bumpy, np.array([s0]), 400)
        theta = traj.path[:, 0]
        out[f"mom_{key}"] = float(traj.final[0])
        out[f"mom_{key}_shown"] = float(theta[BUMPY["steps"]])
        cross = int(np.argmax(theta >= 0))  # the first step at or past the global minimum
        out[f"mom_{key}_cross_step"] = float(theta[cross] - theta[cross - 1])
    gd = descent.GradientDescent(lr=lr)
    traj = descent.run(gd, bumpy, np.array([BUMPY["starts"][0]]), 400)
    out["gd_a"] = float(traj.final[0])
    out["gd_a_shown"] = float(traj.path[BUMPY["steps"], 0])
    starts = np.linspace(-2.7, 2.6, 531)[:, None]  # every 0.01 across the picture
    out["n_starts"] = len(starts)
    basins = {
        "gd": _basins(gd, starts),
        "gd03": _basins(descent.GradientDescent(lr=0.3), starts),
        "mom": _basins(descent.Momentum(lr=lr, beta=beta), starts),
    }
    for key, basin in basins.items():
        out[f"{key}_global"] = float(np.mean(basin == 1))
        out[f"{key}_switches"] = int(np.sum(basin[1:] != basin[:-1]))
    between = (starts[:, 0] > -1.5) & (starts[:, 0] < 1.4)  # the starts between the two bumps
    out["between_bumps"] = float(np.mean(between))
    out["gd_global_is_between"] = bool(np.array_equal(basins["gd"] == 1, between))
    out["effective_lr"] = lr / (1 - beta)
    return out


def _factor(b, c):
    """Largest root modulus of r² + b r + c = 0: the factor per step."""
    return float(np.abs(np.roots([1.0, b, c])).max())


@lru_cache
def nesterov_numbers():
    """Momentum and Nesterov with α = 0.03, β = 0.9 on ½(x² + 25y²) from (−5, 2)."""
    bowl = ALL["elongated"]
    lr, beta = NESTEROV["lr"], NESTEROV["beta"]
    runs = {
        "mom": descent.run(descent.Momentum(lr=lr, beta=beta), bowl, START, 3000),
        "nag": descent.run(descent.Nesterov(lr=lr, beta=beta), bowl, START, 3000),
    }
    out = {f"{key}_steps": int(traj.steps_to(1e-6)) for key, traj in runs.items()}
    lam = [float(v) for v in bowl.eigenvalues]
    for key, traj in runs.items():
        small = np.abs(traj.path[:, 1]) < 0.01
        # the first step from which the swings across the valley stay below 0.01
        out[f"{key}_settle_y"] = int(len(small) - np.argmin(small[::-1]))
        # the loss's two parts, ½x² along the valley and ½·25y² across: first below 10⁻⁶
        for axis, name in ((0, "x"), (1, "y")):
            part = 0.5 * lam[axis] * traj.path[:, axis] ** 2
            out[f"{key}_{name}_steps"] = int(np.argmax(part < 1e-6))
    for lam_k, key in ((lam[0], "x"), (lam[1], "y")):
        a = lr * lam_k
        out[f"mom_{key}"] = _factor(-(1 + beta - a), beta)
        out[f"nag_{key}"] = _factor(-(1 + beta) * (1 - a), beta * (1 - a))
    return out


@lru_cache
def nesterov_edge():
    """Exercise 3: the largest stable αλ on a grid, for momentum and Nesterov, β = 0.9."""
    line = Quadratic([[1.0]])  # λ = 1, so α is αλ
    alphas = np.linspace(0.01, 4.0, 400)
    out = {}
    for cls in (descent.Momentum, descent.Nesterov):
        traj = descent.run(cls(lr=alphas[:, None], beta=0.9), line, np.ones((400, 1)), 3000)
        stable = np.abs(traj.final[:, 0]) < 1e-3
        out[cls.__name__] = float(alphas[stable].max())
    out["theory_momentum"] = 2 + 2 * 0.9
    out["theory_nesterov"] = 2 * 1.9 / 2.8
    return out
