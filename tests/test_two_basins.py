"""TwoBasins: its gradients and Hessian against finite differences, its minima and ridge, and
the mini-batch noise its samples make."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from descent.problems import TwoBasins

PROBLEM = TwoBasins.synthetic(n=32, spread=0.5, seed=3)
thetas = st.floats(-2.0, 5.0, allow_nan=False)


@given(theta=thetas)
def test_gradient_is_the_central_difference_of_the_loss(theta):
    h = 1e-6
    x = np.array([[theta]])
    numeric = (PROBLEM(x + h) - PROBLEM(x - h)) / (2 * h)
    assert PROBLEM.grad(x)[0, 0] == pytest.approx(numeric[0], rel=1e-6, abs=1e-6)


@given(theta=thetas)
def test_hessian_is_the_central_difference_of_the_gradient(theta):
    h = 1e-6
    x = np.array([theta])
    numeric = (PROBLEM.grad(x + h) - PROBLEM.grad(x - h))[0] / (2 * h)
    assert PROBLEM.hessian(x)[0, 0] == pytest.approx(numeric, rel=1e-5, abs=1e-4)


def test_minima_are_stationary_equally_deep_and_have_the_two_curvatures():
    np.testing.assert_allclose(PROBLEM.grad(PROBLEM.minima), 0, atol=1e-12)
    np.testing.assert_allclose(PROBLEM(PROBLEM.minima), 0, atol=1e-15)
    np.testing.assert_allclose(PROBLEM.hessian(PROBLEM.minima).ravel(), [20.0, 1.0], rtol=1e-12)
    grid = np.linspace(-3, 6, 2001)[:, None]
    assert PROBLEM(grid).min() >= -1e-15


def test_the_barrier_is_the_ridge_between_the_minima():
    b = PROBLEM.barrier
    assert 0 < b < PROBLEM.separation
    assert abs(PROBLEM.grad(np.array([b]))[0]) < 1e-9
    assert PROBLEM.hessian(np.array([b]))[0, 0] < 0
    between = np.linspace(b - 0.01, b + 0.01, 20001)[:, None]
    assert PROBLEM(between).max() == pytest.approx(PROBLEM.barrier_height, rel=1e-6)
    # near the crossing of the two parabolas, a little lower than their common value
    cross = 3 / (np.sqrt(20) + 1)
    assert abs(b - cross) < 0.02
    assert 10 * cross**2 - np.log(2) * 0.1 <= PROBLEM.barrier_height + 1e-9


@given(theta=thetas, i=st.integers(0, 31))
def test_a_samples_gradient_moves_by_its_offset_times_the_curvature(theta, i):
    x = np.array([theta])
    g = PROBLEM.grad(x, batch=[i])[0] - PROBLEM.grad(x)[0]
    assert g == pytest.approx(-PROBLEM.x[i] * PROBLEM.curvature(x), rel=1e-9, abs=1e-12)


def test_samples_average_to_the_loss_and_the_noise_is_sharper_in_the_sharp_basin():
    x = np.array([[-0.1], [0.2], [2.5], [3.4]])
    every = PROBLEM.grad(x, batch=np.arange(PROBLEM.n_samples))
    np.testing.assert_allclose(every, PROBLEM.grad(x), atol=1e-13)
    per_sample = np.stack([PROBLEM.grad(x, batch=[i]) for i in range(PROBLEM.n_samples)])
    spread = per_sample.std(axis=0).ravel()
    np.testing.assert_allclose(spread, 0.5 * np.array([20, 20, 1, 1]), rtol=1e-9)
    assert PROBLEM.x.mean() == pytest.approx(0, abs=1e-15)
    assert PROBLEM.x.std() == pytest.approx(0.5, rel=1e-12)


def test_the_offsets_are_kept_relative_to_their_mean_and_read_only():
    problem = TwoBasins([1.0, 2.0, 6.0])
    np.testing.assert_allclose(problem.x, [-2.0, -1.0, 3.0])
    with pytest.raises(ValueError, match="read-only"):
        problem.x[0] = 0.0


def test_mini_batches_of_many_runs_at_once():
    x = np.zeros((5, 3, 1))
    batch = np.arange(15 * 4).reshape(5, 3, 4) % 32
    g = PROBLEM.grad(x, batch=batch)
    assert g.shape == (5, 3, 1)
    np.testing.assert_allclose(g[..., 0], -PROBLEM.x[batch].mean(-1) * 20, rtol=1e-12)
