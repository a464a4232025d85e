r"""Numbers the flat-versus-sharp lab quotes: 10,000 mini-batch SGD runs per learning rate and
batch size on a loss with a sharp and a flat minimum of equal depth, all started in the sharp
basin, and the fraction that ends in the flat one."""

from functools import lru_cache

import numpy as np

import descent
from descent.problems import TwoBasins

#: The data: N offsets of standard deviation SPREAD; the basins' curvatures (λ_s, λ_f) and the
#: distance between their minima are TwoBasins' defaults.
N, SPREAD, DATA_SEED = 128, 0.7, 0
SHARP, FLAT, SEPARATION = 20.0, 1.0, 3.0
#: The grid: four rates below the sharp basin's limit 2/λ_s = 0.1, in two pairs a factor of 2
#: apart (so that α/B repeats across batch sizes), and one above the limit.
RATES = (0.01, 0.02, 0.03, 0.06, 0.16)
BATCHES = (1, 2, 4, 8)
RUNS = 10_000
#: Every run gets one epoch, N per-sample gradients, whatever its batch size.
EPOCHS = 1
#: The starts (uniform over the sharp basin, from -barrier to barrier) and the shuffles.
START_SEED, SHUFFLE_SEED = 1, 2
#: Full-batch gradient descent from the same starts: as many updates as SGD with B = 4 makes,
#: more than the unstable sharp minimum needs to throw out the start nearest to it.
FULL_BATCH_STEPS = 32
#: The animation's runs: at one rate, a large and a small batch.
CLOUD_RUNS, CLOUD_LR, CLOUD_BATCHES = 300, 0.02, (8, 1)
#: The exercise: a rate and a batch size off the grid, at an α/B of the grid.
EXERCISE = (0.04, 4)


@lru_cache
def problem():
    return TwoBasins.synthetic(
        n=N, spread=SPREAD, sharp=SHARP, flat=FLAT, separation=SEPARATION, seed=DATA_SEED
    )


@lru_cache
def starts(runs=RUNS, seed=START_SEED):
    """``runs`` starts, shape ``(runs, 1)``, uniform over the sharp basin's interval
    ``(-barrier, barrier)``."""
    b = problem().barrier
    return np.random.default_rng(seed).uniform(-b, b, (runs, 1))


def run_cell(lr, batch_size, runs=RUNS, epochs=EPOCHS):
    """``runs`` independent SGD runs at one rate and batch size, in one vectorised call."""
    return descent.run_stochastic(
        descent.GradientDescent(lr=lr),
        problem(),
        starts(runs),
        epochs=epochs,
        batch_size=batch_size,
        seed=SHUFFLE_SEED,
        independent=True,
    )


def in_flat(theta):
    """Which points lie in the flat basin: beyond the ridge."""
    return np.asarray(theta)[..., 0] > problem().barrier


@lru_cache
def grid():
    """The fraction of the runs of each cell that ends in the flat basin,
    ``{(lr, B): fraction}``, and whether any run diverged."""
    fractions, diverged = {}, False
    for lr in RATES:
        for B in BATCHES:
            traj = run_cell(lr, B)
            fractions[lr, B] = float(in_flat(traj.path[-1]).mean())
            diverged |= bool(traj.diverged.any())
    return fractions, diverged


@lru_cache
def full_batch(steps=None):
    """Full-batch gradient descent from the same starts, for FULL_BATCH_STEPS updates: the
    fraction that ends in the flat basin at each rate."""
    steps = FULL_BATCH_STEPS if steps is None else steps
    rates = np.array(RATES)[:, None, None]
    runs = np.broadcast_to(starts(), (len(RATES), *starts().shape))
    traj = descent.run(descent.GradientDescent(lr=rates), problem(), runs, steps)
    return {lr: float(in_flat(traj.path[-1, j]).mean()) for j, lr in enumerate(RATES)}


def basin_numbers():
    """The problem: the curvatures, the limits 2/λ, the ridge and the gradient noise of one
    sample in each basin."""
    p = problem()
    sharp_min, flat_min = p.minima
    curv = p.hessian(p.minima).ravel()
    per_sample = np.stack([p.grad(p.minima, batch=[i]) for i in range(p.n_samples)])[..., 0]
    noise = per_sample.std(axis=0)
    return {
        "sharp": float(curv[0]),
        "flat": float(curv[1]),
        "ratio": float(curv[0] / curv[1]),
        "limit_sharp": 2 / float(curv[0]),
        "limit_flat": 2 / float(curv[1]),
        "barrier": p.barrier,
        "height": p.barrier_height,
        "depth_gap": float(abs(p(sharp_min) - p(flat_min))),
        "noise_sharp": float(noise[0]),
        "noise_flat": float(noise[1]),
        "noise_ratio": float(noise[0] / noise[1]),
        "spread": float(p.x.std()),
        "separation": float(flat_min[0]),
        "n": p.n_samples,
        "fpc_max": float((p.n_samples - max(BATCHES)) / (p.n_samples - 1)),
        # Smith & Le's α(N/B - 1) against α N/B: a factor (N - B)/N, furthest from 1 at the
        # largest batch
        "sl_gap": float(max(BATCHES) / p.n_samples),
        "updates": {B: -(-p.n_samples // B) * EPOCHS for B in BATCHES},
    }


def groups(lrs=None):
    """The grid's cells below 2/λ_s (or at the rates ``lrs``) by their α/B: ``{α/B: [(lr, B),
    ...]}``, α/B rounded to ten digits so that equal ratios of binary fractions are one key."""
    limit = 2 / SHARP
    lrs = [lr for lr in RATES if lr < limit] if lrs is None else lrs
    out = {}
    for lr in lrs:
        for B in BATCHES:
            out.setdefault(round(lr / B, 10), []).append((lr, B))
    return dict(sorted(out.items()))


def explained(fractions, cells_by_ratio):
    """How much of the variance of the fractions over these cells α/B explains: one minus the
    spread within groups of equal α/B over the total spread (sums of squares)."""
    values = np.array([fractions[c] for cells in cells_by_ratio.values() for c in cells])
    within = 0.0
    for cells in cells_by_ratio.values():
        group = np.array([fractions[c] for c in cells])
        within += float(((group - group.mean()) ** 2).sum())
    total = ((values - values.mean()) ** 2).sum()
    return float(1 - within / total)


@lru_cache
def collapse_numbers():
    """How well α/B alone accounts for the fractions: within groups of equal α/B against
    across them, for the small rates (αλ_s <= 0.4) and for every rate below 2/λ_s."""
    fractions, _ = grid()
    small = groups([lr for lr in RATES if lr * SHARP <= 0.4 + 1e-12])
    larger = groups([lr for lr in RATES if 0.4 + 1e-12 < lr * SHARP < 2])
    below = groups()

    def ranges(by_ratio):
        return {
            r: max(fractions[c] for c in cells) - min(fractions[c] for c in cells)
            for r, cells in by_ratio.items()
            if len(cells) > 1
        }

    small_ranges, larger_ranges, below_ranges = ranges(small), ranges(larger), ranges(below)
    worst = max(below_ranges, key=below_ranges.get)
    values = [fractions[c] for cells in below.values() for c in cells]
    # the standard error of a fraction of RUNS runs, at its largest (p = 1/2)
    return {
        "small_rates": sorted({lr for cells in small.values() for lr, _ in cells}),
        "small_max_range": max(small_ranges.values()),
        "small_explained": explained(fractions, small),
        "larger_rates": sorted({lr for cells in larger.values() for lr, _ in cells}),
        "larger_max_range": max(larger_ranges.values()),
        "larger_worst_ratio": max(larger_ranges, key=larger_ranges.get),
        "larger_explained": explained(fractions, larger),
        "below_explained": explained(fractions, below),
        "below_max_range": below_ranges[worst],
        "worst_ratio": worst,
        "worst_cells": {c: fractions[c] for c in below[worst]},
        "lowest": min(values),
        "highest": max(values),
        "groups": len(below),
        "groups_shared": sum(len(cells) > 1 for cells in below.values()),
        "cells_below": sum(len(cells) for cells in below.values()),
        "se_max": 0.5 / np.sqrt(RUNS),
    }


def discrete_factor(lr, curvature=SHARP):
    r"""How much larger SGD's stationary variance in a quadratic basin of curvature λ is than the
    small-step (SDE) value: :math:`2/(2 - \alpha\lambda)`."""
    return 2 / (2 - lr * curvature)


@lru_cache
def diagonal_numbers():
    """Along each α/B shared by several rates: the fractions in the order of the rate, and the
    factor by which discrete steps enlarge the noise in the sharp basin."""
    fractions, _ = grid()
    out = {}
    for ratio, cells in groups().items():
        if len(cells) > 1:
            cells = sorted(cells)
            out[ratio] = {
                "cells": cells,
                "fractions": [fractions[c] for c in cells],
                "factors": [discrete_factor(lr) for lr, _ in cells],
            }
    return out


@lru_cache
def above_numbers():
    """The rate above 2/λ_s: every batch size, and full-batch gradient descent, against the
    cells below it with the same α/B."""
    fractions, _ = grid()
    gd = full_batch()
    top = RATES[-1]
    same = {}
    for B in BATCHES:
        ratio = round(top / B, 10)
        same[B] = {c: fractions[c] for c in groups().get(ratio, [])}
    return {
        "lr": top,
        "alpha_lambda": top * SHARP,
        "fractions": {B: fractions[top, B] for B in BATCHES},
        "min_fraction": min(fractions[top, B] for B in BATCHES),
        "full_batch": gd,
        "full_batch_below_max": max(gd[lr] for lr in RATES if lr < 2 / SHARP),
        "same_ratio_below": same,
    }


@lru_cache
def cloud(lr=CLOUD_LR, batches=CLOUD_BATCHES, runs=CLOUD_RUNS):
    """The animation's runs: ``runs`` of the starts, one epoch at ``lr`` with each batch size;
    per batch size the path and the fraction in the flat basin after each update."""
    out = {}
    for B in batches:
        # the first runs of the grid's cell: the same starts and, run by run, the same shuffles
        path = run_cell(lr, B, runs=runs).path[..., 0]
        out[B] = {"path": path, "flat": (path > problem().barrier).mean(axis=1)}
    return out


@lru_cache
def cloud_numbers():
    fractions, _ = grid()
    c = cloud()
    return {
        B: {
            "ratio": CLOUD_LR / B,
            "shown_end": float(c[B]["flat"][-1]),
            "all_end": fractions[CLOUD_LR, B],
            "updates": len(c[B]["flat"]) - 1,
        }
        for B in CLOUD_BATCHES
    }


@lru_cache
def exercise_numbers(lr=EXERCISE[0], batch_size=EXERCISE[1]):
    """A cell off the grid, at an α/B of the grid: its fraction against the grid's cells with
    that α/B."""
    fractions, _ = grid()
    traj = run_cell(lr, batch_size)
    ratio = round(lr / batch_size, 10)
    same = {c: fractions[c] for c in groups()[ratio]}
    return {
        "lr": lr,
        "B": batch_size,
        "ratio": lr / batch_size,
        "fraction": float(in_flat(traj.path[-1]).mean()),
        "same": same,
        "factor": discrete_factor(lr),
        "updates": traj.updates,
    }


@lru_cache
def switch_numbers(low=0.01, high=0.99):
    """How steep the switch is, over the cells below 2/λ_s: the largest α/B at which every cell
    has fewer than ``low`` of its runs in the flat basin, the smallest from which every cell
    has more than ``high``, and their ratio."""
    fractions, _ = grid()
    by_ratio = groups()
    below_low = [r for r, cells in by_ratio.items() if all(fractions[c] < low for c in cells)]
    above_high = [r for r, cells in by_ratio.items() if all(fractions[c] > high for c in cells)]
    lo, hi = max(below_low), min(above_high)
    between = [r for r in by_ratio if lo < r < hi]
    return {
        "low": low,
        "high": high,
        "lo": lo,
        "hi": hi,
        "factor": hi / lo,
        # the switch is clean: nothing below lo is above low, nothing above hi below high
        "clean": all(r <= lo for r in below_low) and all(r >= hi for r in above_high),
        "ordered": all(all(fractions[c] < low for c in by_ratio[r]) for r in by_ratio if r <= lo)
        and all(all(fractions[c] > high for c in by_ratio[r]) for r in by_ratio if r >= hi),
        "between": len(between),
    }


def stationary_variance(lr, curvature, noise_variance, steps=100_000):
    """The variance SGD's error settles at in a quadratic basin, by iterating its recursion
    ``v ← (1 - αλ)² v + α² s²`` (an independent check of :func:`discrete_factor`)."""
    v = 0.0
    for _ in range(steps):
        new = (1 - lr * curvature) ** 2 * v + lr**2 * noise_variance
        if new == v:
            break
        v = new
    return v
