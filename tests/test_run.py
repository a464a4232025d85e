"""run and run_stochastic: shapes, divergence as a result, epochs, ensembles."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from descent import Adam, GradientDescent, Momentum, run, run_stochastic
from descent.problems import LinearRegression
from descent.runs import epoch_batches
from descent.surfaces import ALL


def test_shapes_of_a_trajectory():
    starts = np.ones((4, 3, 2))
    traj = run(GradientDescent(lr=0.1), ALL["bowl"], starts, steps=10)
    assert traj.path.shape == (11, 4, 3, 2)
    assert traj.loss.shape == (11, 4, 3)
    assert traj.diverged.shape == (4, 3)
    assert traj.updates == 10
    np.testing.assert_array_equal(traj.final, traj.path[-1])
    np.testing.assert_allclose(traj.loss, ALL["bowl"](traj.path))


def test_a_diverging_start_is_frozen_and_flagged_without_warnings():
    surface = ALL["elongated"]
    lr = 2 / surface.eigenvalues[-1]
    starts = np.array([[1.0, 1.0], [1.0, 0.0]])  # the first oscillates in y and grows
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = run(GradientDescent(lr=lr * 1.5), surface, starts, steps=500)
    np.testing.assert_array_equal(traj.diverged, [True, False])
    assert traj.diverged_at[1] == -1
    t = traj.diverged_at[0]
    assert np.all(np.isfinite(traj.path))
    assert np.all(np.isfinite(traj.loss))
    np.testing.assert_array_equal(
        traj.path[t:, 0], np.broadcast_to(traj.path[t - 1, 0], (501 - t, 2))
    )
    assert np.abs(traj.path[t - 1, 0]).max() <= 1e8
    assert traj.loss[-1, 1] < 1e-6  # the other start went on and converged


def test_nan_gradients_count_as_divergence():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = run(Adam(lr=10.0), ALL["rosenbrock"], np.array([[1e30, 1e30], [0.0, 0.0]]), steps=5)
    assert traj.diverged.tolist() == [True, False]


def test_record_state_stacks_the_states():
    traj = run(Momentum(lr=0.01), ALL["elongated"], np.ones((5, 2)), steps=7, record_state=True)
    assert traj.states.velocity.shape == (8, 5, 2)
    np.testing.assert_array_equal(traj.states.count, np.arange(8))
    np.testing.assert_allclose(traj.path[1:] - traj.path[:-1], -0.01 * traj.states.velocity[1:])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"steps": -1}, "steps must be an integer >= 0"),
        ({"steps": 2.5}, "steps must be an integer >= 0"),
        ({"steps": 3, "limit": 0}, "limit must be in"),
        ({"steps": 3, "start": np.zeros(3)}, r"start must have shape \(\.\.\., 2\)"),
    ],
)
def test_run_rejects_bad_arguments(kwargs, match):
    kwargs.setdefault("start", np.zeros(2))
    with pytest.raises((ValueError, TypeError), match=match):
        run(GradientDescent(lr=0.1), ALL["bowl"], **kwargs)


def test_run_accepts_a_problem_as_objective():
    problem = LinearRegression.synthetic(n=30)
    traj = run(GradientDescent(lr=0.1), problem, np.zeros(2), steps=500)
    np.testing.assert_allclose(traj.final, problem.minima[0], rtol=1e-6)


def test_stochastic_epochs_and_batches():
    problem = LinearRegression.synthetic(n=10)
    traj = run_stochastic(GradientDescent(lr=0.01), problem, np.zeros(2), epochs=4, batch_size=3)
    assert traj.updates == 16  # batches of 3, 3, 3, 1
    np.testing.assert_array_equal(traj.epoch_ends, [4, 8, 12, 16])
    np.testing.assert_allclose(traj.loss, problem(traj.path))


def test_full_batch_stochastic_run_is_batch_gradient_descent():
    problem = LinearRegression.synthetic(n=20)
    opt = GradientDescent(lr=0.1)
    a = run_stochastic(opt, problem, np.zeros(2), epochs=30, batch_size=20).path
    b = run(opt, problem, np.zeros(2), steps=30).path
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_every_sample_is_used_once_per_epoch():
    """Sampling without replacement: with lr so small that the path is linear in the batches,
    the sum of one epoch's updates is exactly N/B full-batch updates."""
    problem = LinearRegression.synthetic(n=12)
    opt = GradientDescent(lr=1e-9)
    traj = run_stochastic(opt, problem, np.ones(2), epochs=1, batch_size=4, seed=5)
    full = run(opt, problem, np.ones(2), steps=1)
    np.testing.assert_allclose(
        traj.final - traj.path[0], 3 * (full.final - full.path[0]), rtol=1e-6
    )


def test_seeds_and_independent_ensembles():
    problem = LinearRegression.synthetic(n=50)
    opt = GradientDescent(lr=0.05)
    starts = np.zeros((6, 2))
    shared = run_stochastic(opt, problem, starts, epochs=2, batch_size=5, seed=1)
    assert np.all(shared.path == shared.path[:, :1])  # same batches for every start
    ensemble = run_stochastic(
        opt, problem, starts, epochs=2, batch_size=5, seed=1, independent=True
    )
    assert len(np.unique(ensemble.final[:, 0])) == 6
    again = run_stochastic(opt, problem, starts, epochs=2, batch_size=5, seed=1, independent=True)
    np.testing.assert_array_equal(again.path, ensemble.path)
    # each member is a plain SGD run: it stays near the others in distribution
    assert np.all(np.abs(ensemble.final - shared.final[0]) < 1.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"batch_size": 0}, "batch_size must be an integer >= 1"),
        ({"batch_size": 11}, r"batch_size must be in \[1, 10\]"),
        ({"epochs": -2}, "epochs must be an integer >= 0"),
    ],
)
def test_run_stochastic_rejects_bad_arguments(kwargs, match):
    kwargs = {"epochs": 1, "batch_size": 2} | kwargs
    with pytest.raises((ValueError, TypeError), match=match):
        run_stochastic(
            GradientDescent(lr=0.1), LinearRegression.synthetic(n=10), np.zeros(2), **kwargs
        )


@pytest.mark.parametrize("batch_size", [1, 3, 10])
def test_epoch_batches_are_shuffles_cut_into_batches(batch_size):
    """Every epoch is a permutation of the data, and the shuffles do not depend on B."""
    batches = epoch_batches(10, epochs=3, batch_size=batch_size, seed=4)
    per_epoch = -(-10 // batch_size)
    assert len(batches) == 3 * per_epoch
    assert all(len(b) == batch_size for i, b in enumerate(batches) if (i + 1) % per_epoch)
    epochs = [np.concatenate(batches[e * per_epoch : (e + 1) * per_epoch]) for e in range(3)]
    whole = epoch_batches(10, epochs=3, batch_size=10, seed=4)
    for order, full in zip(epochs, whole, strict=True):
        np.testing.assert_array_equal(np.sort(order), np.arange(10))
        np.testing.assert_array_equal(order, full)


def test_run_stochastic_takes_the_epoch_batches_in_order():
    problem = LinearRegression.synthetic(n=10)
    opt = Momentum(lr=0.05)
    starts = np.zeros((2, 2))
    for independent in (False, True):
        traj = run_stochastic(opt, problem, starts, 2, 4, seed=3, independent=independent)
        lead = starts.shape[:-1] if independent else ()
        x, state = starts, opt.init(starts)
        for t, batch in enumerate(epoch_batches(10, 2, 4, seed=3, lead_shape=lead)):
            x, state = opt.step(x, problem.grad(x, batch=batch), state)
            np.testing.assert_array_equal(traj.path[t + 1], x)


def test_loss_of_a_large_run_is_the_objective_along_the_path():
    """run evaluates the loss a few steps at a time; the result must not depend on that."""
    starts = np.random.default_rng(0).uniform(-2, 2, size=(20000, 2))
    traj = run(Adam(lr=0.01), ALL["rosenbrock"], starts, steps=20)
    np.testing.assert_array_equal(traj.loss, ALL["rosenbrock"](traj.path))


def test_sweep_lr_is_each_rate_run_alone():
    from descent import sweep_lr

    starts = np.array([[-1.0, 2.0], [0.5, -0.5]])
    lrs = np.array([1e-5, 1e-4, 1e-3])
    sweep = sweep_lr(lambda lr: Momentum(lr=lr), ALL["rosenbrock"], starts, lrs, steps=50)
    for i, lr in enumerate(lrs):
        alone = run(Momentum(lr=float(lr)), ALL["rosenbrock"], starts, steps=50)
        np.testing.assert_allclose(sweep.excess[i], alone.loss[-1], rtol=1e-12)
    with pytest.raises(ValueError, match="lrs must be a non-empty 1D array"):
        sweep_lr(lambda lr: Momentum(lr=lr), ALL["rosenbrock"], starts, [], steps=5)
    with pytest.raises(ValueError, match="starts must have shape"):
        sweep_lr(lambda lr: Momentum(lr=lr), ALL["rosenbrock"], np.zeros(2), lrs, steps=5)


@given(st.lists(st.booleans(), min_size=2, max_size=30), st.floats(0.05, 1.0), st.randoms())
def test_forgiving_is_the_widest_run_of_good_rates_times_the_spacing(good, spacing, random):
    """A failing rate ends a run: the widest gap-free run of n good rates on a grid h decades
    apart is n·h decades wide, whatever the order the rates are given in."""
    from descent import LRSweep

    lrs = 10.0 ** (spacing * np.arange(len(good)))
    excess = np.where(good, 1e-9, np.inf)[:, None]
    runs = [len(r) for r in "".join("#" if g else "." for g in good).split(".") if r]
    widest = max(runs, default=0)
    shuffle = list(range(len(good)))
    random.shuffle(shuffle)
    sweep = LRSweep(lrs[shuffle], excess[shuffle], ~np.isfinite(excess[shuffle]))
    assert sweep.forgiving(tol=1e-6) == pytest.approx(widest * spacing, abs=1e-9)
    lo, hi = sweep.band(tol=1e-6)
    if widest:
        assert np.log10(hi / lo) == pytest.approx((widest - 1) * spacing, abs=1e-9)
        first = next(i for i, g in enumerate(good) if g and all(good[i : i + widest]))
        assert lo == lrs[first]
    else:
        assert np.isnan(lo)
        assert np.isnan(hi)


def test_a_hole_in_the_good_rates_ends_the_forgiving_band():
    """RMSProp on Himmelblau, in small: good rates on either side of a two-decade hole."""
    from descent import LRSweep

    lrs = np.logspace(-3, 0, 13)  # a quarter of a decade apart
    good = np.array([1, 1, 1] + [0] * 8 + [1, 1], dtype=bool)
    sweep = LRSweep(lrs, np.where(good, 0.0, 1.0)[:, None], np.zeros((13, 1), bool))
    assert sweep.forgiving(tol=1e-3) == pytest.approx(0.75)  # three good rates, not 3 decades
    np.testing.assert_allclose(sweep.band(tol=1e-3), (1e-3, 10**-2.5))


# %% Matrix parameters


def _layer():
    from descent.problems import MatrixRegression

    return MatrixRegression.synthetic(shape=(4, 3), n_samples=16, noise=0.1, seed=2)


def test_a_matrix_problem_runs_on_matrices_along_leading_axes():
    from descent import Adafactor, Muon

    layer = _layer()
    starts = np.random.default_rng(0).normal(size=(2, 5, 4, 3))
    for opt in (GradientDescent(lr=0.3), Muon(lr=0.02), Adafactor(lr=0.05, factored=True)):
        traj = run(opt, layer, starts, 7)
        assert traj.path.shape == (8, 2, 5, 4, 3)
        assert traj.loss.shape == (8, 2, 5)
        assert traj.diverged.shape == traj.diverged_at.shape == (2, 5)
        np.testing.assert_allclose(traj.loss, layer(traj.path), rtol=1e-12)
        alone = run(opt, layer, starts[1, 3], 7)  # each matrix is a run of its own
        np.testing.assert_allclose(traj.path[:, 1, 3], alone.path, rtol=1e-12, atol=1e-15)


def test_gradient_descent_on_a_matrix_problem_is_the_flattened_runs():
    layer = _layer()
    start = np.random.default_rng(1).normal(size=(4, 3))
    traj = run(GradientDescent(lr=0.2), layer, start, 5)
    W = start
    for t in range(5):
        W = W - 0.2 * layer.grad(W)
        np.testing.assert_allclose(traj.path[t + 1], W, rtol=1e-13)


def test_a_diverging_matrix_is_frozen_and_flagged_as_one_start():
    layer = _layer()
    starts = np.zeros((3, 4, 3))
    starts[1, 2, 0] = 1.0
    traj = run(GradientDescent(lr=100.0), layer, starts, 30, limit=1e3)
    assert traj.diverged.shape == (3,)
    assert traj.diverged.all()
    assert np.all(np.abs(traj.path) <= 1e3)
    assert run(GradientDescent(lr=0.1), layer, starts, 30).diverged.tolist() == [False] * 3


def test_stochastic_runs_on_matrices_take_the_same_batches():
    layer = _layer()
    starts = np.zeros((2, 4, 3))
    traj = run_stochastic(GradientDescent(lr=0.1), layer, starts, epochs=2, batch_size=5)
    batches = epoch_batches(16, 2, 5)
    W = starts
    for batch in batches:
        W = W - 0.1 * layer.grad(W, batch=batch)
    np.testing.assert_allclose(traj.final, W, rtol=1e-13)
    assert traj.loss.shape == (len(batches) + 1, 2)
    own = run_stochastic(
        GradientDescent(lr=0.1), layer, starts, epochs=1, batch_size=4, independent=True
    )
    assert own.path.shape == (5, 2, 4, 3)
    assert not np.allclose(own.final[0], own.final[1])  # each start its own shuffles
