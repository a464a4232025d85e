"""Numbers quoted by the SGD chapter (``sgd.md``)."""

import itertools
from functools import lru_cache

import numpy as np

import descent
from descent.problems import LinearRegression

# the settings of the chapter's figures; the chapter's tests check that the captions state
# them and that the gallery scripts run with them
DRAWS = 2000  # mini-batches per size in the noise measurement (fig-minibatch-noise)
SMALL = {"lr": 0.05, "epochs": 30, "runs": 200}  # fig-sgd-vs-batch, on the 24 points
PATHS = {"lr": 0.15, "updates": 150, "sizes": (1, 32, 256)}  # fig-minibatch-paths, and full
TABLE = {"lr": 0.15, "runs": 100, "budgets": (1, 16)}  # the batch-size table, in epochs
ENSEMBLE = {"lr": 0.05, "batch_size": 1, "runs": 200, "epochs": 2}  # fig-sgd-ensemble
BALL = {  # fig-noise-ball: runs per (α, B) from the minimum, averaged over the second half
    "rates": (0.002, 0.005, 0.01, 0.02, 0.05),
    "sizes": (1, 4, 16),
    "runs": 100,
    "updates": 8192,
}


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
    """Batch GD against 200 independent SGD runs (B = 1), α = 0.05, 30 epochs, on the 24 points."""
    p = small_problem()
    N = p.n_samples
    lr, epochs, n_runs = SMALL["lr"], SMALL["epochs"], SMALL["runs"]
    start = np.array([-0.5, 1.5])
    batch = descent.run(descent.GradientDescent(lr=lr), p, start, steps=epochs)
    per_sample = p.grad(np.broadcast_to(start, (N, 2)), batch=np.arange(N)[:, None])
    full = p.grad(start)
    ensemble = descent.run_stochastic(
        descent.GradientDescent(lr=lr),
        p,
        np.broadcast_to(start, (n_runs, 2)),
        epochs=epochs,
        batch_size=1,
        independent=True,
    )
    ends = ensemble.loss[ensemble.epoch_ends] - p.min_value  # (epochs, runs)
    batch_excess = batch.loss - p.min_value
    median = np.median(ends, axis=1)
    return {
        "N": int(N),
        "lr": lr,
        "epochs": epochs,
        "runs": n_runs,
        "start_excess": float(batch_excess[0]),
        "unbiased": float(np.abs(per_sample.mean(axis=0) - full).max()),
        "spread": float(np.linalg.norm(per_sample - full, axis=1).max() / np.linalg.norm(full)),
        "kappa": float(p.eigenvalues[-1] / p.eigenvalues[0]),
        "batch_30": float(batch_excess[epochs]),
        "sgd_30": float(median[-1]),
        "ratio_30": float(batch_excess[epochs] / median[-1]),
        "catch_up": int(np.argmax(median < batch_excess[epochs])) + 1,
        "late_p10": float(np.percentile(ends[-10:], 10)),
        "late_p90": float(np.percentile(ends[-10:], 90)),
    }


def ball_with_replacement(p, lr):
    r"""Exact mean excess loss of SGD (B = 1) on a least-squares problem ``p`` once it has
    settled, for samples drawn afresh at every update (with replacement).

    A per-sample gradient is affine, :math:`g_i(\theta) = H_i e + b_i` with
    :math:`e = \theta - \theta^\star`, so the covariance of :math:`e` obeys
    :math:`\Sigma = \frac1N \sum_i (I - \alpha H_i)\Sigma(I - \alpha H_i) + \alpha^2 C`
    exactly: a 4 × 4 linear system. The excess loss is :math:`\tfrac12 \mathrm{tr}(A\Sigma)`.
    """
    N = p.n_samples
    idx = np.arange(N)[:, None]
    w_star = p.minima[0]
    b = p.grad(np.broadcast_to(w_star, (N, 2)), batch=idx)  # (N, 2)
    H = np.stack(
        [p.grad(np.broadcast_to(w_star + unit, (N, 2)), batch=idx) - b for unit in np.eye(2)],
        axis=-1,
    )  # (N, 2, 2): column j is the change of every g_i along coordinate j
    M = np.eye(2) - lr * H
    T = np.einsum("nij,nkl->ikjl", M, M).reshape(4, 4) / N  # Σ ↦ mean of M_i Σ M_iᵀ
    C = b.T @ b / N
    Sigma = np.linalg.solve(np.eye(4) - T, (lr**2 * C).ravel()).reshape(2, 2)
    return float(0.5 * np.trace(p.A @ Sigma))


@lru_cache
def exercise_lr():
    """Exercise 1: 200 runs for α = 0.05 and α = 0.1 on the 24 points, reshuffled epochs.

    The median excess loss after the first epoch and over the last ten epoch ends (and the mean
    there); the exact balance for samples drawn with replacement; and the updates SGD takes to
    forget where it was, 1/(αλ_min), against the N updates of an epoch.
    """
    p = small_problem()
    start = np.array([-0.5, 1.5])
    lam_min = float(p.eigenvalues[0])
    out = {"late": {}, "late_mean": {}, "epoch1": {}, "with_replacement": {}, "forget": {}}
    for lr in (0.05, 0.1):
        runs = descent.run_stochastic(
            descent.GradientDescent(lr),
            p,
            np.broadcast_to(start, (SMALL["runs"], 2)),
            epochs=SMALL["epochs"],
            batch_size=1,
            independent=True,
        )
        ends = runs.loss[runs.epoch_ends] - p.min_value  # (epochs, runs)
        out["late"][lr] = float(np.median(ends[-10:]))
        out["late_mean"][lr] = float(ends[-10:].mean())
        out["epoch1"][lr] = float(np.median(ends[0]))
        out["with_replacement"][lr] = ball_with_replacement(p, lr)
        out["forget"][lr] = 1 / (lr * lam_min)
    out["N"] = int(p.n_samples)
    out["ratio"] = out["late"][0.1] / out["late"][0.05]
    out["ratio_mean"] = out["late_mean"][0.1] / out["late_mean"][0.05]
    out["ratio_with"] = out["with_replacement"][0.1] / out["with_replacement"][0.05]
    # how much the reshuffled epochs shrink each rate's (mean) ball against drawing afresh
    out["shrink"] = {lr: out["late_mean"][lr] / out["with_replacement"][lr] for lr in (0.05, 0.1)}
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
    # the lower panel: the measured noise over σ/√B, from the smallest size to the largest
    scaled = [noise(int(B)) * np.sqrt(B) / sigma() for B in sizes]
    return {
        "scaled_first": float(scaled[0]),
        "scaled_last": float(scaled[-1]),
        "scaled_falls": bool(np.all(np.diff(scaled) < 0.02)),
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
    starts = np.broadcast_to(theta, (TABLE["runs"], 2))
    rows = {}
    for B in (*PATHS["sizes"], N):
        after = {}
        for epochs in TABLE["budgets"]:
            runs = descent.run_stochastic(
                descent.GradientDescent(TABLE["lr"]), p, starts, epochs, B, independent=True
            )
            after[epochs] = float(np.median(runs.loss[-1] - p.min_value))
        rows[B] = {
            "noise": noise(B) if B < N else 0.0,
            "updates": -(-N // B),
            "after1": after[1],
            "after16": after[16],
        }
    return {"lr": TABLE["lr"], "start": float(p(theta) - p.min_value), "rows": rows}


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
    """200 runs, B = 1, α = 0.05, two epochs, from the start point: the noise ball.

    ``windows``: the mean excess loss over updates 256–512, 512–1024, 1024–1536 and 1536–2048,
    once the cloud has stopped travelling. ``exact``: the balance with the noise held at its
    value at the minimum; ``with_replacement``: the balance solved exactly, each sample's own
    curvature included (:func:`ball_with_replacement`).
    """
    p, theta = problem(), start_point()
    lr, B = ENSEMBLE["lr"], ENSEMBLE["batch_size"]
    runs = descent.run_stochastic(
        descent.GradientDescent(lr=lr),
        p,
        np.broadcast_to(theta, (ENSEMBLE["runs"], 2)),
        epochs=ENSEMBLE["epochs"],
        batch_size=B,
        seed=0,
        independent=True,
    )
    excess = runs.loss - p.min_value
    late = excess[len(excess) // 2 :]
    C = _trace_C()
    M = np.eye(2) - lr * p.A
    Sigma = np.linalg.solve(np.eye(4) - np.kron(M, M), (lr**2 * C / B).ravel()).reshape(2, 2)
    edges = (256, 512, 1024, 1536, 2048)
    return {
        "trC": float(np.trace(C)),
        "measured": float(late.mean()),
        "predicted": ball_formula(lr, B),
        "median": float(np.median(late)),
        "alpha_lmax": float(lr * p.eigenvalues[-1]),
        "exact": float(0.5 * np.trace(p.A @ Sigma)),
        "with_replacement": ball_with_replacement(p, lr) if B == 1 else float("nan"),
        "updates": int(runs.updates),
        "windows": [float(excess[a:b].mean()) for a, b in itertools.pairwise(edges)],
    }


@lru_cache
def ball_ratios():
    """Measured noise ball over the formula, for the figure's five rates and B = 1, 4, 16
    (reshuffled epochs), 100 runs started at the minimum, 8,192 updates, averaged over the
    second half; and B = 16 at α = 0.002 with batches drawn with replacement."""
    p = problem()
    N = p.n_samples
    w_star = p.minima[0]
    rates = np.array(BALL["rates"])
    updates = BALL["updates"]
    ratio = {}
    for B in BALL["sizes"]:
        opt = descent.GradientDescent(lr=rates[:, None, None])
        starts = np.broadcast_to(w_star, (len(rates), BALL["runs"], 2))
        grid = descent.run_stochastic(opt, p, starts, updates * B // N, B, independent=True)
        measured = (grid.loss[updates // 2 :] - p.min_value).mean(axis=(0, 2))
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
        "sizes": list(BALL["sizes"]),
        "r1": ratio[1].tolist(),
        "r4": ratio[4].tolist(),
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


@lru_cache
def exercise_ball_cost(runs=100):
    """Exercise 3: per-sample gradients until the mean excess loss of ``runs`` runs from the
    start point first falls below 0.1, and below twice that setting's own ball
    (:func:`exercise_ball`), at (α, B) = (0.05, 1), (0.0125, 1) and (0.05, 4)."""
    p, theta = problem(), start_point()
    balls = exercise_ball()
    out = {"to_level": {}, "to_ball": {}, "level": 0.1}
    for lr, B in balls:
        starts = np.broadcast_to(theta, (runs, 2))
        opt = descent.GradientDescent(lr)
        traj = descent.run_stochastic(opt, p, starts, 2, B, independent=True)
        mean = (traj.loss - p.min_value).mean(axis=1)
        for key, level in (("to_level", 0.1), ("to_ball", 2 * balls[(lr, B)])):
            below = mean < level
            out[key][(lr, B)] = int(np.argmax(below)) * B if below.any() else -1
    base = (0.05, 1)
    out["ratio"] = {
        key: {k: out[key][k] / out[key][base] for k in ((0.0125, 1), (0.05, 4))}
        for key in ("to_level", "to_ball")
    }
    return out
