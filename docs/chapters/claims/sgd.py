"""Numbers quoted by the SGD chapter (``sgd.md``)."""

from functools import lru_cache

import numpy as np

import descent
from descent.problems import LinearRegression

DRAWS = 2000  # mini-batches per size in the noise measurement


@lru_cache
def small_problem():
    """The 24 noisy points of the first figure."""
    return LinearRegression.synthetic(n=24, w=2.0, b=-1.0, noise=0.5, seed=3)


@lru_cache
def problem():
    """The 1,024 points of the mini-batch figures."""
    return LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)


def start_point():
    """The start of the mini-batch figures, off the minimum."""
    return problem().minima[0] + np.array([-2.0, 1.5])


def figure_sizes():
    """The batch sizes whose noise the noise figure plots as dots."""
    N = problem().n_samples
    return np.unique(np.geomspace(1, N - 1, 24).round().astype(int))


@lru_cache
def sgd_vs_batch():
    """Batch GD against 200 seeded SGD runs (B = 1), α = 0.05, 30 epochs, on the 24 points."""
    p = small_problem()
    N = p.n_samples
    start = np.array([-0.5, 1.5])
    batch = descent.run(descent.GradientDescent(lr=0.05), p, start, steps=30)
    per_sample = p.grad(np.broadcast_to(start, (N, 2)), batch=np.arange(N)[:, None])
    full = p.grad(start)
    ensemble = descent.run_stochastic(
        descent.GradientDescent(lr=0.05),
        p,
        np.broadcast_to(start, (200, 2)),
        epochs=30,
        batch_size=1,
        independent=True,
    )
    ends = ensemble.loss[ensemble.epoch_ends] - p.min_value  # (epochs, runs)
    batch_excess = batch.loss - p.min_value
    median = np.median(ends, axis=1)
    return {
        "N": int(N),
        "start_excess": float(batch_excess[0]),
        "unbiased": float(np.abs(per_sample.mean(axis=0) - full).max()),
        "spread": float(np.linalg.norm(per_sample - full, axis=1).max() / np.linalg.norm(full)),
        "kappa": float(p.eigenvalues[-1] / p.eigenvalues[0]),
        "batch_30": float(batch_excess[30]),
        "sgd_30": float(median[-1]),
        "ratio_30": float(batch_excess[30] / median[-1]),
        "catch_up": int(np.argmax(median < batch_excess[30])) + 1,
        "late_p10": float(np.percentile(ends[-10:], 10)),
        "late_p90": float(np.percentile(ends[-10:], 90)),
    }


@lru_cache
def exercise_lr():
    """Exercise 1: median late excess loss of 200 runs for α = 0.05 and α = 0.1."""
    p = small_problem()
    start = np.array([-0.5, 1.5])
    out = {}
    for lr in (0.05, 0.1):
        runs = descent.run_stochastic(
            descent.GradientDescent(lr),
            p,
            np.broadcast_to(start, (200, 2)),
            epochs=30,
            batch_size=1,
            independent=True,
        )
        late = runs.loss[runs.epoch_ends[-10:]] - p.min_value
        out[lr] = float(np.median(late))
    return out


@lru_cache
def _shuffles():
    N = problem().n_samples
    rng = np.random.default_rng(0)
    return rng.permuted(np.broadcast_to(np.arange(N), (DRAWS, N)), axis=-1)


@lru_cache
def noise(B):
    """RMS distance of a mini-batch gradient (without replacement) from the full gradient,
    over the same 2,000 shuffles the noise figure uses."""
    p, theta = problem(), start_point()
    g = p.grad(np.broadcast_to(theta, (DRAWS, 2)), batch=_shuffles()[:, :B])
    return float(np.sqrt(np.mean(np.sum((g - p.grad(theta)) ** 2, axis=-1))))


@lru_cache
def sigma():
    """RMS spread of the per-sample gradients about the full gradient at the start point."""
    p, theta = problem(), start_point()
    N = p.n_samples
    per_sample = p.grad(np.broadcast_to(theta, (N, 2)), batch=np.arange(N)[:, None])
    return float(np.sqrt(np.mean(np.sum((per_sample - p.grad(theta)) ** 2, axis=-1))))


def predicted(B):
    """The noise of eq-noise: σ/√B times the finite population correction."""
    N = problem().n_samples
    return float(sigma() / np.sqrt(B) * np.sqrt((N - B) / (N - 1)))


@lru_cache
def noise_numbers():
    sizes = figure_sizes()
    errors = [abs(noise(int(B)) / predicted(int(B)) - 1) for B in sizes]
    return {
        "double": noise(32) / noise(64),
        "quad": noise(32) / noise(128),
        "quad_theory": predicted(32) / predicted(128),
        "sqrt2": float(np.sqrt(2)),
        "worst_error_pct": 100 * max(errors),
        "n_sizes": len(sizes),
    }


@lru_cache
def batch_table():
    """Median excess loss of 100 runs after 1 and 16 epochs, α = 0.15, for four batch sizes."""
    p, theta = problem(), start_point()
    N = p.n_samples
    starts = np.broadcast_to(theta, (100, 2))
    rows = {}
    for B in (1, 32, 256, N):
        after = {}
        for epochs in (1, 16):
            runs = descent.run_stochastic(
                descent.GradientDescent(0.15), p, starts, epochs, B, independent=True
            )
            after[epochs] = float(np.median(runs.loss[-1] - p.min_value))
        rows[B] = {
            "noise": noise(B) if B < N else 0.0,
            "updates": -(-N // B),
            "after1": after[1],
            "after16": after[16],
        }
    return {"lr": 0.15, "start": float(p(theta) - p.min_value), "rows": rows}


@lru_cache
def exercise_batch():
    """Exercise 2: the batch that makes the noise a tenth of a single sample's."""
    N = problem().n_samples
    B_exact = 100 * N / (N + 99)
    return {
        "B_exact": B_exact,
        "B": int(np.ceil(B_exact)),
        "saved": 100 - int(np.ceil(B_exact)),
        "ratio": {B: predicted(B) / predicted(1) for B in (92, 100)},
        "measured": {B: noise(B) / noise(1) for B in (92, 100)},
    }


@lru_cache
def _trace_C():
    p = problem()
    N = p.n_samples
    w_star = p.minima[0]
    per_sample = p.grad(np.broadcast_to(w_star, (N, 2)), batch=np.arange(N)[:, None])
    return np.cov(per_sample.T, bias=True)


def ball_formula(lr, B):
    """The noise ball of eq-noise-ball, α tr C/(4B)."""
    return lr * float(np.trace(_trace_C())) / (4 * B)


@lru_cache
def ball_numbers():
    """200 runs, B = 1, α = 0.05, two epochs, from the start point: the noise ball."""
    p, theta = problem(), start_point()
    runs = descent.run_stochastic(
        descent.GradientDescent(lr=0.05),
        p,
        np.broadcast_to(theta, (200, 2)),
        epochs=2,
        batch_size=1,
        seed=0,
        independent=True,
    )
    excess = runs.loss - p.min_value
    late = excess[len(excess) // 2 :]
    C = _trace_C()
    M = np.eye(2) - 0.05 * p.A
    Sigma = np.linalg.solve(np.eye(4) - np.kron(M, M), (0.05**2 * C).ravel()).reshape(2, 2)
    return {
        "trC": float(np.trace(C)),
        "measured": float(late.mean()),
        "predicted": ball_formula(0.05, 1),
        "median": float(np.median(late)),
        "alpha_lmax": float(0.05 * p.eigenvalues[-1]),
        "exact": float(0.5 * np.trace(p.A @ Sigma)),
    }


@lru_cache
def ball_ratios():
    """Measured noise ball over the formula, for five rates and B = 1, 16 (reshuffled epochs),
    100 runs started at the minimum, 8,192 updates, averaged over the second half; and B = 16
    at α = 0.002 with batches drawn with replacement."""
    p = problem()
    N = p.n_samples
    w_star = p.minima[0]
    rates = np.array([0.002, 0.005, 0.01, 0.02, 0.05])
    ratio = {}
    for B in (1, 16):
        opt = descent.GradientDescent(lr=rates[:, None, None])
        grid = descent.run_stochastic(
            opt, p, np.broadcast_to(w_star, (5, 100, 2)), 8192 * B // N, B, independent=True
        )
        measured = (grid.loss[4096:] - p.min_value).mean(axis=(0, 2))
        ratio[B] = measured / ball_formula(rates, B)
    rng = np.random.default_rng(1)
    x = np.broadcast_to(w_star, (200, 2)).copy()
    acc = []
    for t in range(8192):
        x = x - 0.002 * p.grad(x, batch=rng.integers(0, N, (200, 16)))
        if t >= 4096:
            acc.append(p(x).mean() - p.min_value)
    lam_min = float(p.eigenvalues[0])
    return {
        "rates": rates.tolist(),
        "r1": ratio[1].tolist(),
        "r16": ratio[16].tolist(),
        "r16_with": float(np.mean(acc) / ball_formula(0.002, 16)),
        "forget_small": float(0.002 * lam_min * N / 16),  # an epoch over 1/(αλ_min) updates
    }


@lru_cache
def exercise_ball():
    """Exercise 3: the noise ball at (α, B) = (0.05, 1), (0.0125, 1) and (0.05, 4)."""
    p = problem()
    out = {}
    for lr, B in ((0.05, 1), (0.0125, 1), (0.05, 4)):
        runs = descent.run_stochastic(
            descent.GradientDescent(lr),
            p,
            np.broadcast_to(p.minima[0], (100, 2)),
            epochs=8 * B,
            batch_size=B,
            independent=True,
        )
        late = runs.loss[len(runs.loss) // 2 :] - p.min_value
        out[(lr, B)] = float(late.mean())
    return out
