"""Claims of the SGD chapter (docs/chapters/sgd.md) that the theory makes, checked by simulation.

The chapter quotes numbers that its build computed; these tests pin the statements those
numbers support, so that a change of the library that breaks one fails here, not silently on
the site.
"""

import numpy as np
import pytest

import descent
from descent.problems import LinearRegression


@pytest.fixture(scope="module")
def problem():
    return LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)


def _noise(problem, theta, B, draws=2000, seed=0):
    """RMS distance of a mini-batch gradient (without replacement) from the full gradient."""
    N = problem.n_samples
    rng = np.random.default_rng(seed)
    batches = rng.permuted(np.broadcast_to(np.arange(N), (draws, N)), axis=-1)[:, :B]
    g = problem.grad(np.broadcast_to(theta, (draws, 2)), batch=batches)
    return np.sqrt(np.mean(np.sum((g - problem.grad(theta)) ** 2, axis=-1)))


def _sigma(problem, theta):
    N = problem.n_samples
    per_sample = problem.grad(np.broadcast_to(theta, (N, 2)), batch=np.arange(N)[:, None])
    return np.sqrt(np.mean(np.sum((per_sample - per_sample.mean(0)) ** 2, axis=-1)))


def test_per_sample_gradients_average_to_the_full_gradient(problem, rng):
    theta = rng.normal(size=2)
    N = problem.n_samples
    per_sample = problem.grad(np.broadcast_to(theta, (N, 2)), batch=np.arange(N)[:, None])
    np.testing.assert_allclose(per_sample.mean(0), problem.grad(theta), atol=1e-12)


@pytest.mark.parametrize("B", [1, 4, 32, 128, 512, 1000])
def test_minibatch_noise_follows_the_finite_population_formula(problem, B):
    theta = problem.minima[0] + np.array([-2.0, 1.5])
    N = problem.n_samples
    predicted = _sigma(problem, theta) / np.sqrt(B) * np.sqrt((N - B) / (N - 1))
    assert _noise(problem, theta, B) == pytest.approx(predicted, rel=0.05)


def test_doubling_the_batch_cuts_the_noise_by_sqrt2_and_quadrupling_halves_it(problem):
    theta = problem.minima[0] + np.array([-2.0, 1.5])
    n32, n64, n128 = (_noise(problem, theta, B) for B in (32, 64, 128))
    assert n32 / n64 == pytest.approx(np.sqrt(2), rel=0.05)
    assert n32 / n128 == pytest.approx(2.0, rel=0.07)  # 2.10 with the correction


def _ball(problem, lr, B):
    N = problem.n_samples
    per_sample = problem.grad(
        np.broadcast_to(problem.minima[0], (N, 2)), batch=np.arange(N)[:, None]
    )
    return lr * np.trace(np.cov(per_sample.T, bias=True)) / (4 * B)


def test_noise_ball_with_replacement_matches_alpha_trC_over_4B(problem):
    lr, B, runs, steps = 0.002, 16, 200, 8192
    rng = np.random.default_rng(1)
    x = np.broadcast_to(problem.minima[0], (runs, 2)).copy()
    total = 0.0
    for t in range(steps):
        x = x - lr * problem.grad(x, batch=rng.integers(0, problem.n_samples, (runs, B)))
        if t >= steps // 2:
            total += problem(x).mean() - problem.min_value
    measured = total / (steps - steps // 2)
    assert measured / _ball(problem, lr, B) == pytest.approx(1.0, abs=0.1)


def test_reshuffled_epochs_settle_below_the_formula_when_epochs_are_short(problem):
    lr, B = 0.002, 16
    start = np.broadcast_to(problem.minima[0], (100, 2))
    traj = descent.run_stochastic(
        descent.GradientDescent(lr),
        problem,
        start,
        8192 * B // problem.n_samples,
        B,
        independent=True,
    )
    measured = (traj.loss[4096:] - problem.min_value).mean()
    assert measured / _ball(problem, lr, B) < 0.5


def test_noise_ball_grows_in_proportion_to_alpha_for_single_samples(problem):
    rates = np.array([0.005, 0.02])
    start = np.broadcast_to(problem.minima[0], (2, 100, 2))
    traj = descent.run_stochastic(
        descent.GradientDescent(rates[:, None, None]), problem, start, 8, 1, independent=True
    )
    measured = (traj.loss[4096:] - problem.min_value).mean(axis=(0, 2))
    ratio = measured / _ball(problem, rates, 1)
    assert np.all((ratio > 0.75) & (ratio < 1.25))
