"""Claims of the schedules chapter (docs/chapters/schedules.md), checked by simulation."""

import numpy as np
import pytest

import descent
from descent.problems import LinearRegression
from descent.schedules import ExponentialLR, LinearLR


@pytest.fixture(scope="module")
def problem():
    return LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)


def _trace_C(problem):
    N = problem.n_samples
    per_sample = problem.grad(
        np.broadcast_to(problem.minima[0], (N, 2)), batch=np.arange(N)[:, None]
    )
    return np.trace(np.cov(per_sample.T, bias=True))


def test_a_slow_decay_keeps_the_noise_ball_at_the_current_rate(problem):
    N, total = problem.n_samples, 10 * problem.n_samples
    schedule = ExponentialLR(0.1, gamma=0.01 ** (1 / total))
    start = np.broadcast_to(problem.minima[0] + np.array([-2.0, 1.5]), (100, 2))
    traj = descent.run_stochastic(
        descent.GradientDescent(schedule), problem, start, 10, 1, independent=True
    )
    measured = (traj.loss[-N:] - problem.min_value).mean()
    predicted = schedule.values(total)[-N:].mean() * _trace_C(problem) / 4
    assert 0.6 * predicted < measured < 1.1 * predicted  # reshuffling: a little below
    constant = descent.run_stochastic(
        descent.GradientDescent(0.1), problem, start, 2, 1, independent=True
    )
    assert (constant.loss[-N:] - problem.min_value).mean() > 50 * measured


@pytest.mark.parametrize("f0", [0.05, 0.3, 1.0])
def test_warmup_makes_adams_first_step_f0_alpha(f0):
    opt = descent.Adam(LinearLR(0.6, start_factor=f0, total_iters=50))
    x = np.array([1.0, -2.0])
    new, _ = opt.step(x, np.array([250.0, -0.003]), opt.init(x))
    np.testing.assert_allclose(np.abs(new - x), f0 * 0.6, rtol=1e-5)  # ε shifts it by ε/|g|


def test_warmup_tames_adams_early_peak_on_single_samples(problem):
    start = np.broadcast_to(problem.minima[0] + np.array([-2.0, 1.5]), (200, 2))
    peaks = {}
    for name, opt in {
        "nobc": descent.Adam(0.6, bias_correction=False),
        "adam": descent.Adam(0.6),
        "warm": descent.Adam(LinearLR(0.6, start_factor=0.05, total_iters=50)),
    }.items():
        traj = descent.run_stochastic(opt, problem, start, 1, 1, seed=0, independent=True)
        peaks[name] = np.median((traj.loss[1:101] - problem.min_value).max(axis=0))
    assert peaks["warm"] < peaks["adam"] < peaks["nobc"]
    assert peaks["nobc"] > 5 * peaks["adam"]
