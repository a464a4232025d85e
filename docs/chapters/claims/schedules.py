"""Numbers quoted by the schedules chapter: decays shrinking SGD's noise ball, warmup for Adam."""

from functools import lru_cache

import numpy as np

import descent
from descent.problems import LinearRegression
from descent.schedules import CosineAnnealingLR, ExponentialLR, LinearLR, StepLR

from .adam import constant_gradient_steps


@lru_cache
def problem():
    """The chapter's least-squares problem: 1,024 noisy points on a line."""
    return LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)


def decay_schedules(N, total):
    """The four rates of the decay animation, all from α₀ = 0.1."""
    return {
        "constant": 0.1,
        "step": StepLR(0.1, step_size=2 * N, gamma=0.5),
        "exponential": ExponentialLR(0.1, gamma=0.01 ** (1 / total)),
        "cosine": CosineAnnealingLR(0.1, T_max=total),
    }


@lru_cache
def decay_runs(runs=100, epochs=10):
    """100 SGD runs (B = 1) per schedule over 10 epochs, from the same start."""
    p = problem()
    N = p.n_samples
    schedules = decay_schedules(N, epochs * N)
    start = np.broadcast_to(p.minima[0] + np.array([-2.0, 1.5]), (runs, 2))
    trajs = {
        name: descent.run_stochastic(
            descent.GradientDescent(lr=s), p, start, epochs=epochs, batch_size=1, independent=True
        )
        for name, s in schedules.items()
    }
    return schedules, trajs


def _gradient_noise(p):
    """Covariance C of the single-sample gradients at the least-squares fit."""
    N = p.n_samples
    per_sample = p.grad(np.broadcast_to(p.minima[0], (N, 2)), batch=np.arange(N)[:, None])
    return np.cov(per_sample.T, bias=True)


def _hessian_spread(p):
    """E_i[(H_i − A) ⊗ (H_i − A)] over the samples i: how much a single sample's Hessian
    H_i = 2 φ_i φ_iᵀ, φ_i = (x_i, 1), differs from the full one A (their mean)."""
    phi = np.stack([p.x, np.ones_like(p.x)], axis=1)
    D = 2 * phi[:, :, None] * phi[:, None, :] - p.A
    return np.einsum("nij,nkl->ikjl", D, D).reshape(4, 4) / len(D)


def _balance(p, a, C):
    """Excess loss ½ tr(AΣ) of the stationary Σ = (I − αA)Σ(I − αA) + α²C, without and with
    the term α² E_i[(H_i − A)Σ(H_i − A)] of single samples' noise growing with the distance."""
    M = np.eye(2) - a * p.A
    out = []
    for K in (np.kron(M, M), np.kron(M, M) + a**2 * _hessian_spread(p)):
        Sigma = np.linalg.solve(np.eye(4) - K, (a**2 * C).ravel()).reshape(2, 2)
        out.append(float(0.5 * np.trace(p.A @ Sigma)))
    return out


def _second_moment_excess(p, rates, C, start_offset):
    """Mean excess loss ½ tr(A Σ_t) from the balance run update by update, samples drawn with
    replacement: Σ_{t+1} = (I − α_t A) Σ_t (I − α_t A) + α_t² E_i[(H_i − A)Σ_t(H_i − A)] + α_t² C.
    """
    A, eye, spread = p.A, np.eye(2), _hessian_spread(p)
    sigma = np.outer(start_offset, start_offset)
    out = np.empty(len(rates))
    for t, a in enumerate(rates):
        M = eye - a * A
        sigma = M @ sigma @ M + a**2 * (spread @ sigma.ravel()).reshape(2, 2) + a**2 * C
        out[t] = 0.5 * np.trace(A @ sigma)
    return out


@lru_cache
def decay_numbers(epochs=10):
    """Measured and predicted noise balls of the four schedules over the last epoch."""
    p = problem()
    N, total = p.n_samples, epochs * p.n_samples
    schedules, trajs = decay_runs(epochs=epochs)
    C = _gradient_noise(p)
    trace_C = float(np.trace(C))
    balance, full_balance = _balance(p, 0.1, C)
    out = {
        "trC": trace_C,
        "alpha_lmax": float(0.1 * p.eigenvalues[-1]),
        "lmin": float(p.eigenvalues[0]),
        "exact_constant": balance,  # with C at the fit only
        "full_constant": full_balance,  # with the θ-dependent noise of single samples
        "N": N,
        "loss": {},
        "pred": {},
        "rate": {},
        "recursion": {},
    }
    for name, traj in trajs.items():
        s = schedules[name]
        rates_all = np.full(total, s) if not callable(s) else s.values(total)
        rates = rates_all[-N:]
        out["loss"][name] = float((traj.loss[-N:] - p.min_value).mean())
        out["rate"][name] = float(rates.mean())
        out["pred"][name] = float(rates.mean() * trace_C / 4)
        excess = _second_moment_excess(p, rates_all, C, np.array([-2.0, 1.5]))
        out["recursion"][name] = float(excess[-N:].mean())
    pred = out["pred"]["constant"]
    out["gap_closed"] = (balance - pred) / (out["loss"]["constant"] - pred)
    # the constant rate's cloud keeps its size: mean excess over each epoch
    per_epoch = (trajs["constant"].loss[1:] - p.min_value).mean(axis=1).reshape(epochs, N)
    out["constant_epochs"] = per_epoch.mean(axis=1).tolist()
    out["ratio_constant_cosine"] = out["loss"]["constant"] / out["loss"]["cosine"]
    out["forget_cosine"] = 1 / (out["rate"]["cosine"] * out["lmin"])  # updates SGD needs to forget
    # the step schedule: mean excess over the second epoch of each two-epoch stair
    excess = (trajs["step"].loss[1:] - p.min_value).mean(axis=1).reshape(epochs // 2, 2, N)
    plateaus = excess[:, 1].mean(axis=1)
    out["step_plateaus"] = plateaus.tolist()
    out["step_plateau_ratios"] = (plateaus[:-1] / plateaus[1:]).tolist()
    out["step_last_rates"] = np.unique(schedules["step"].values(total)[-N:]).tolist()
    return out


WARMUP = {"lr": 0.6, "start_factor": 0.05, "total_iters": 50}


def warmup_variants():
    """The three Adams of the warmup animation, and the exercise's warmup without correction."""
    lr, f0, T = WARMUP["lr"], WARMUP["start_factor"], WARMUP["total_iters"]
    return {
        "nobc": descent.Adam(lr, bias_correction=False),
        "adam": descent.Adam(lr),
        "warm": descent.Adam(LinearLR(lr, start_factor=f0, total_iters=T)),
        "warm_nobc": descent.Adam(
            LinearLR(lr, start_factor=f0, total_iters=T), bias_correction=False
        ),
    }


@lru_cache
def warmup_numbers(runs=200, updates=100):
    """Peaks and medians of the excess loss over the first ``updates`` updates, 200 runs each."""
    p = problem()
    start = np.broadcast_to(p.minima[0] + np.array([-2.0, 1.5]), (runs, 2))
    out = {"peak": {}, "p90": {}, "median": {}}
    for name, opt in warmup_variants().items():
        traj = descent.run_stochastic(opt, p, start, 1, 1, seed=0, independent=True)
        excess = traj.loss[: updates + 1] - p.min_value
        peak = excess[1:].max(axis=0)
        out["peak"][name] = float(np.median(peak))
        out["p90"][name] = float(np.percentile(peak, 90))
        out["median"][name] = np.median(excess, axis=1)  # the figure's curves, update 0 … 100
    out["start"] = float(out["median"]["adam"][0])
    for t in (20, 40, 100):
        out[f"at{t}"] = {k: float(v[t]) for k, v in out["median"].items()}
    med = out["median"]
    behind = med["warm"] > med["adam"]
    out["behind_from"] = int(np.argmax(behind))  # first update where the warmup is behind
    out["behind_until"] = int(np.flatnonzero(behind[:50]).max())  # last one in the warmup
    out["nobc_curve_peak"] = float(med["nobc"][1:].max())
    out["warm_curve_peak"] = float(med["warm"][1:].max())
    return out


@lru_cache
def factor_numbers(steps=1000):
    """Adam's step over α for a constant gradient, and the warmup's factor, t = 1 … ``steps``."""
    raw = constant_gradient_steps(False, steps)
    fixed = constant_gradient_steps(True, steps)
    warm = LinearLR(1.0, start_factor=0.05, total_iters=50).values(steps)  # update t uses t − 1
    product = warm * raw
    tmax = int(raw.argmax()) + 1
    t_full = int(np.argmax(warm >= 1)) + 1  # first update at the full rate
    return {
        "f1": float(raw[0]),
        "f10": float(raw[9]),
        "fmax": float(raw.max()),
        "tmax": tmax,
        "f_last": float(raw[-1]),
        "corrected_spread": float(np.abs(fixed - 1).max()),
        "warm_min_t": int(warm.argmin()) + 1,
        "warm_at_tmax": float(warm[tmax - 1]),
        "warm_full_t": t_full,
        "raw_at_warm_full": float(raw[t_full - 1]),
        "product_max": float(product.max()),
        "product_max_t": int(product.argmax()) + 1,
    }


@lru_cache
def late_gradient_numbers(zeros=(1000, 10_000)):
    """Adam's step over α for a gradient of 1 after ``zeros`` zero gradients, and the bound
    (1 − β1)/√(1 − β2) of Kingma & Ba for a coordinate whose gradient was zero until then."""
    opt = descent.Adam(lr=1.0)
    out = {"bound": float((1 - opt.beta1) / np.sqrt(1 - opt.beta2)), "step": {}}
    for n in zeros:
        x, state = np.zeros(1), opt.init(np.zeros(1))
        for _ in range(n):
            x, state = opt.step(x, np.zeros(1), state)
        new, _ = opt.step(x, np.ones(1), state)
        out["step"][n] = float(x[0] - new[0])
    return out
