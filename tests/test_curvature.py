"""Newton, L-BFGS and ReduceLROnPlateau: the rules that need more than a gradient.

Against their equations (Newton has no torch class), against independent computations (the
BFGS inverse Hessian formed explicitly, a cubic's exact minimiser), and through the protocol
by which descent.run hands an optimizer what its ``needs`` name. torch's own runs are
replayed in test_torch_reference.py; hostile input to the classes' numeric hyperparameters is
in test_hostile.py, the rest here.
"""

import dataclasses
import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import descent
from descent import LBFGS, Adam, GradientDescent, Newton, ReduceLROnPlateau, run, run_stochastic
from descent.optimizers.lbfgs import cubic_interpolate, two_loop
from descent.problems import MLP, LinearRegression, cubic_data
from descent.surfaces import ALL as SURFACES
from descent.surfaces import Quadratic, Surface

ROSENBROCK_START = [-1.2, 1.0]  # the classic start (Nocedal & Wright, exercise 3.1)


def refused(name):
    return pytest.raises((ValueError, TypeError), match=rf"(?<![\w.]){re.escape(name)}\b")


def spd(rng, dim, low=0.1, high=10.0):
    """A random symmetric positive definite matrix with eigenvalues in [low, high]."""
    q, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    return (q * rng.uniform(low, high, dim)) @ q.T


def random_points(surface, rng, n):
    extent = np.reshape(surface.extent, (-1, 2))
    return rng.uniform(extent[:, 0], extent[:, 1], size=(n, surface.dim))


# %% Newton's method against its equation


@given(seed=st.integers(0, 2**32 - 1), dim=st.integers(1, 5))
def test_one_full_newton_step_solves_a_quadratic_from_anywhere(seed, dim):
    rng = np.random.default_rng(seed)
    q = Quadratic(spd(rng, dim), b=rng.normal(size=dim))
    starts = rng.uniform(-100, 100, size=(7, dim))
    traj = run(Newton(), q, starts, steps=1)
    scale = 1 + np.abs(q.minima[0])
    np.testing.assert_allclose(traj.final / scale, np.broadcast_to(q.minima[0] / scale, (7, dim)),
                               atol=1e-9)  # fmt: skip


@given(
    seed=st.integers(0, 2**32 - 1),
    lr=st.floats(0.01, 2.0),
    damping=st.floats(0.0, 10.0),
)
def test_a_damped_step_is_the_equation(seed, lr, damping):
    """θ − α (H + λI)⁻¹ g with the inverse formed explicitly, H indefinite or not."""
    rng = np.random.default_rng(seed)
    H = rng.normal(size=(4, 3, 3))
    H = H + np.swapaxes(H, -1, -2) + 3 * np.eye(3)
    x, g = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    opt = Newton(lr=lr, damping=damping)
    new, state = opt.step(x, g, opt.init(x), hessian=H)
    expected = x - lr * np.einsum("kij,kj->ki", np.linalg.inv(H + damping * np.eye(3)), g)
    np.testing.assert_allclose(new, expected, rtol=1e-9, atol=1e-9)
    assert state.count == 1


def test_newton_on_rosenbrock_takes_a_handful_of_steps():
    """Pure Newton from (−1.2, 1): the loss is below 1e-10 after 5 steps, the minimum is
    reached to 1e-10 after 6, exactly after 7; on the way the loss goes up 60-fold (step 2):
    the full step trusts the quadratic model wherever it is."""
    rosen = SURFACES["rosenbrock"]
    traj = run(Newton(), rosen, ROSENBROCK_START, steps=10)
    assert traj.steps_to(1e-10) == 5
    np.testing.assert_allclose(traj.path[6], [1.0, 1.0], rtol=0, atol=1e-10)
    np.testing.assert_array_equal(traj.path[7], [1.0, 1.0])
    assert traj.loss[2] > 50 * traj.loss[0]
    # the same in gradient descent's terms: at its largest stable rate it is not even close
    gd = run(GradientDescent(lr=1e-3), rosen, ROSENBROCK_START, steps=1000)
    assert gd.loss[-1] > 1e-3


def test_newton_on_every_surface_with_a_minimum_converges_from_near_it():
    """Near a minimum the Hessian is positive definite and Newton converges quadratically."""
    for name, surface in SURFACES.items():
        for minimum in surface.minima:
            start = minimum + 0.01
            traj = run(Newton(), surface, start, steps=8)
            np.testing.assert_allclose(traj.final, minimum, atol=1e-9, err_msg=name)


def test_at_a_saddle_the_plain_step_lands_on_it_and_damping_decides():
    """x² − y², H = diag(2, −2), α = 1: each step multiplies y by λ/(λ − 2). Drawn to the
    saddle for λ < 1 (onto it at λ = 0), thrown across it and away for 1 < λ < 2, no step at
    λ = 2 (nan: a divergence), away without crossing for λ > 2, where H + λI is positive
    definite; each start its own λ, in one run."""
    saddle = SURFACES["saddle"]
    damping = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 10.0])[:, None]  # one per run
    starts = np.tile([1.0, 0.5], (len(damping), 1))
    traj = run(Newton(damping=damping), saddle, starts, steps=3)
    np.testing.assert_array_equal(traj.path[1, 0], [0.0, 0.0])  # λ = 0: onto the saddle
    y = traj.path[:, :, 1]
    assert traj.diverged.tolist() == [False] * 4 + [True] + [False] * 2
    assert traj.diverged_at[4] == 1
    for k, lam in enumerate(damping[:, 0]):
        if lam != 2:
            np.testing.assert_allclose(y[1:, k], y[:-1, k] * lam / (lam - 2), rtol=1e-12)
    x, lam = traj.path[-1, :, 0], damping[:, 0]  # along x, H + λI = 2 + λ: x (λ/(2 + λ))³
    np.testing.assert_allclose(x[lam != 2], (lam / (2 + lam))[lam != 2] ** 3, rtol=1e-12)
    # the textbook's fix (Nocedal & Wright, Algorithm 3.3) would pick τ >= 2 here: H + τI
    # positive definite, the run leaving the saddle as λ = 3 does
    assert np.linalg.eigvalsh(saddle.hessian(starts[0]) + 3 * np.eye(2)).min() > 0


def test_large_damping_is_gradient_descent_at_rate_lr_over_damping():
    rosen = SURFACES["rosenbrock"]
    big = run(Newton(lr=0.5, damping=1e7), rosen, ROSENBROCK_START, steps=20)
    gd = run(GradientDescent(lr=0.5 / 1e7), rosen, ROSENBROCK_START, steps=20)
    np.testing.assert_allclose(big.path - gd.path[0], gd.path - gd.path[0], rtol=1e-3)


def test_a_singular_system_gives_nan_for_its_run_only():
    H = np.stack([np.diag([1.0, 0.0]), np.eye(2), np.diag([2.0, 2.0])])
    x, g = np.ones((3, 2)), np.ones((3, 2))
    new, _ = Newton().step(x, g, Newton().init(x), hessian=H)
    assert np.all(np.isnan(new[0]))
    np.testing.assert_array_equal(new[1:], [[0.0, 0.0], [0.5, 0.5]])


def test_newton_on_a_problem_and_on_a_curve():
    line = LinearRegression.synthetic(n=50, seed=3)
    traj = run(Newton(), line, np.zeros(2), steps=1)  # least squares in one step
    np.testing.assert_allclose(traj.final, line.minima[0], rtol=1e-10)
    bumpy = SURFACES["bumpy"]
    traj = run(Newton(), bumpy, [[0.3], [2.0], [-2.1]], steps=20)
    np.testing.assert_allclose(traj.final, [[0.0], [2.1], [-2.2]], atol=1e-12)


def test_newton_grid_of_rates_in_a_sweep():
    sweep = descent.sweep_lr(Newton, SURFACES["rosenbrock"], [ROSENBROCK_START], [0.5, 1.0], 10)
    assert sweep.best_lr == 1.0


# %% The Hessians run hands over


@pytest.mark.parametrize("seed", [0, 1])
def test_the_problems_hessian_is_the_difference_of_its_gradient(seed):
    """Surfaces' Hessians are checked in test_surfaces.py; a linear regression's here."""
    line = LinearRegression.synthetic(n=30, seed=seed)
    x = np.random.default_rng(seed).normal(size=(5, 2))
    h = 1e-6
    numeric = np.stack([(line.grad(x + e) - line.grad(x - e)) / (2 * h) for e in h * np.eye(2)],
                       axis=-1)  # fmt: skip
    np.testing.assert_allclose(line.hessian(x), numeric, rtol=1e-6, atol=1e-8)


def test_which_objectives_have_a_hessian():
    assert all(callable(getattr(s, "hessian", None)) for s in SURFACES.values())
    assert callable(LinearRegression.synthetic(n=5).hessian)
    assert not hasattr(MLP(*cubic_data(n=10), hidden=2), "hessian")


def test_an_objective_without_a_hessian_is_refused_before_the_first_step():
    model = MLP(*cubic_data(n=10), hidden=2)
    with refused("objective") as err:
        run(Newton(), model, model.init_params(), steps=5)
    assert "Hessian" in str(err.value)
    with refused("objective"):
        run(ReduceLROnPlateau(Newton()), model, model.init_params(), steps=5)

    class Cone(Surface):  # a surface without a closed-form Hessian
        name, latex, dim = "cone", "", 2
        minima, extent = np.zeros((1, 2)), (-1.0, 1.0, -1.0, 1.0)

        def _value(self, x):
            return np.linalg.norm(x, axis=-1)

        def _grad(self, x):
            return x / np.linalg.norm(x, axis=-1, keepdims=True)

    with refused("objective") as err:
        run(Newton(), Cone(), np.ones(2), steps=2)
    assert "no closed-form Hessian" in str(err.value)
    run(Adam(0.1), Cone(), np.ones(2), steps=2)  # the others do not need one


def test_run_stochastic_refuses_the_hessian_and_the_line_search():
    line = LinearRegression.synthetic(n=20, seed=0)
    for opt in (
        Newton(),
        LBFGS(line_search_fn="strong_wolfe"),
        ReduceLROnPlateau(Newton()),
    ):
        with refused("opt") as err:
            run_stochastic(opt, line, np.zeros(2), epochs=1, batch_size=4)
        assert "run_stochastic" in str(err.value)
    for opt in (LBFGS(lr=0.1), ReduceLROnPlateau(Adam(0.1))):  # the gradient (and the loss)
        traj = run_stochastic(opt, line, np.zeros(2), epochs=2, batch_size=4)
        assert traj.updates == 10


# %% The protocol: opt.needs, and what run hands over


class Spy:
    """An optimizer of one's own that records the keyword arguments of each step."""

    def __init__(self, needs):
        self.needs, self.calls = needs, []

    def init(self, params):
        return 0

    def step(self, params, grad, state, **extras):
        self.calls.append((params.copy(), extras))
        return params - 0.1 * grad, state + 1


def test_run_hands_over_what_the_optimizer_needs_at_the_current_point():
    bowl = SURFACES["elongated"]
    spy = Spy(("hessian", "loss", "objective"))
    traj = run(spy, bowl, [[1.0, 2.0], [-3.0, 0.5]], steps=4)
    assert len(spy.calls) == 4
    for t, (x, extras) in enumerate(spy.calls):
        np.testing.assert_array_equal(x, traj.path[t])
        assert set(extras) == {"hessian", "loss", "objective"}
        np.testing.assert_array_equal(extras["hessian"], bowl.hessian(x))
        np.testing.assert_array_equal(extras["loss"], bowl(x))
        assert extras["objective"] is bowl
    plain = Spy(())  # an optimizer that needs nothing gets step(params, grad, state) alone
    run(plain, bowl, np.ones(2), steps=2)
    assert [extras for _, extras in plain.calls] == [{}, {}]


def test_the_loss_handed_over_is_the_trajectorys_computed_once():
    calls = []

    class Counted(Quadratic):
        def __call__(self, x):
            calls.append(np.shape(x))
            return super().__call__(x)

    bowl = Counted(np.diag([1.0, 4.0]))
    opt = ReduceLROnPlateau(Adam(0.1), patience=2)
    traj = run(opt, bowl, np.ones((3, 2)), steps=6, record_state=True)
    assert calls == [(3, 2)] * 7  # once a point, the last included: no second pass
    np.testing.assert_array_equal(traj.loss, bowl(traj.path))
    # replaying the trajectory's losses by hand gives the rates the run had
    state, x = opt.init(np.ones((3, 2))), np.ones((3, 2))
    for t in range(6):
        x, state = opt.step(x, bowl.grad(x), state, loss=traj.loss[t])
        np.testing.assert_array_equal(state.lr, traj.states.lr[t + 1])


@pytest.mark.parametrize(
    "needs", [("gradient",), ["loss"], "loss", (1,), ("hessian", "closure")], ids=repr
)
def test_needs_that_no_run_can_supply_are_refused_naming_opt(needs):
    with refused("opt"):
        run(Spy(needs), SURFACES["bowl"], np.ones(2), steps=1)


def test_record_state_stacks_a_wrapped_optimizers_state():
    opt = ReduceLROnPlateau(Adam(0.1), patience=1)
    traj = run(opt, SURFACES["rosenbrock"], np.zeros((4, 2)), steps=5, record_state=True)
    assert traj.states.optimizer.m.shape == (6, 4, 2)
    assert traj.states.optimizer.count.tolist() == list(range(6))
    assert traj.states.lr.shape == (6, 4, 1)
    assert traj.states.best.shape == (6, 4)


# %% L-BFGS


@given(seed=st.integers(0, 2**32 - 1), pairs=st.integers(0, 6), m=st.integers(1, 8))
def test_two_loop_is_the_bfgs_inverse_hessian_times_the_gradient(seed, pairs, m):
    """Nocedal & Wright (7.19): H ← Vᵀ H V + rho s sᵀ, V = I − rho y sᵀ, from γI, over the
    newest min(pairs, m) pairs; the two-loop recursion never forms it."""
    rng = np.random.default_rng(seed)
    n = 4
    A = spd(rng, n)
    s_all = rng.normal(size=(pairs, n))
    y_all = s_all @ A  # y = A s: curvature yᵀs > 0
    kept = min(pairs, m)
    s, y, rho = np.zeros((m, n)), np.zeros((m, n)), np.zeros(m)
    if kept:
        s[m - kept :], y[m - kept :] = s_all[-kept:], y_all[-kept:]
        rho[m - kept :] = 1 / np.einsum("ij,ij->i", s_all[-kept:], y_all[-kept:])
    gamma = float(s[-1] @ y[-1] / (y[-1] @ y[-1])) if kept else 1.0
    g = rng.normal(size=n)
    H = gamma * np.eye(n)
    for i in range(m - kept, m):
        V = np.eye(n) - rho[i] * np.outer(y[i], s[i])
        H = V.T @ H @ V + rho[i] * np.outer(s[i], s[i])
    d = two_loop(g, s, y, rho, np.asarray(gamma), np.asarray(kept))
    np.testing.assert_allclose(d, -H @ g, rtol=1e-8, atol=1e-10 * np.abs(H @ g).max())


@given(
    a=st.floats(0.1, 10),
    root=st.floats(-3, 3),
    x1=st.floats(-5, 5),
    width=st.floats(0.5, 5),
)
def test_cubic_interpolation_finds_a_cubics_minimiser(a, root, x1, width):
    """Through a cubic's values and slopes at two points, torch's formula gives its local
    minimiser exactly, when the bounds hold it."""
    # p(x) = a (x − root)² (x − root − 3): local min at root + 2, local max at root
    p = lambda x: a * (x - root) ** 2 * (x - root - 3)  # noqa: E731
    dp = lambda x: a * (x - root) * (3 * (x - root) - 6)  # noqa: E731
    x2 = x1 + width
    got = cubic_interpolate(x1, p(x1), dp(x1), x2, p(x2), dp(x2), bounds=(-100.0, 100.0))
    if dp(x1) < 0 < dp(x2) or dp(x1) > 0 > dp(x2) or (x1 > root and x2 > root):
        assert float(got) == pytest.approx(root + 2, rel=1e-6, abs=1e-6)


def test_cubic_interpolation_without_a_real_minimiser_bisects_quietly():
    # d1 = 1 + 7 − 3 (0 − 3)/(0 − 1) = −1, d1² − g1 g2 = −6 < 0: the middle of the bounds
    assert cubic_interpolate(0.0, 0.0, 1.0, 1.0, 3.0, 7.0, bounds=(0.0, 4.0)) == 2.0
    assert cubic_interpolate(0.0, 0.0, 1.0, 1.0, 3.0, 7.0) == 0.5  # bounds: the two points


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"lr": 0.05, "history_size": 3},
        {"line_search_fn": "strong_wolfe", "max_eval": 25},
        {"line_search_fn": "strong_wolfe", "max_eval": 4, "lr": 0.5, "history_size": 2},
    ],
    ids=lambda k: ",".join(f"{a}={b}" for a, b in k.items()) or "defaults",
)
@pytest.mark.parametrize("surface", ["rosenbrock", "himmelblau", "beale"])
def test_lbfgs_runs_at_once_are_each_run_alone(kwargs, surface):
    """Each run its own memory, step lengths, line search and stopping: one vectorised run is
    every run alone, to the bit."""
    s = SURFACES[surface]
    starts = random_points(s, np.random.default_rng(7), 5)
    opt = LBFGS(**kwargs)
    together = run(opt, s, starts, steps=40, record_state=True)
    for i, start in enumerate(starts):
        alone = run(opt, s, start, steps=40, record_state=True)
        np.testing.assert_array_equal(together.path[:, i], alone.path)
        np.testing.assert_array_equal(together.states.func_evals[:, i], alone.states.func_evals)


def test_a_run_that_reaches_tolerance_grad_stops_and_the_others_go_on():
    rosen = SURFACES["rosenbrock"]
    starts = np.array([[1.0, 1.0], ROSENBROCK_START])  # the first at the minimum
    opt = LBFGS(line_search_fn="strong_wolfe", max_eval=25)
    traj = run(opt, rosen, starts, steps=30, record_state=True)
    assert np.all(traj.path[:, 0] == 1.0)
    assert traj.states.n_iter[-1].tolist() == [0, 30]
    assert traj.states.func_evals[-1, 0] == 30  # torch evaluates the closure, then returns
    assert traj.states.stored[-1, 0] == 0
    assert traj.loss[-1, 1] < 1e-3


@given(seed=st.integers(0, 2**32 - 1), surface=st.sampled_from(["rosenbrock", "himmelblau",
                                                                 "beale", "bowl"]))  # fmt: skip
def test_with_a_line_search_the_loss_never_goes_up(seed, surface):
    """torch's search returns the low end of its bracket, never above the start's value."""
    s = SURFACES[surface]
    starts = random_points(s, np.random.default_rng(seed), 6)
    traj = run(LBFGS(line_search_fn="strong_wolfe", max_eval=10), s, starts, steps=25)
    assert np.all(np.diff(traj.loss, axis=0) <= 0)


def test_the_memory_is_right_aligned_and_holds_history_size_pairs():
    opt = LBFGS(lr=0.1, history_size=3)
    traj = run(opt, SURFACES["elongated"], [-5.0, 2.0], steps=6, record_state=True)
    assert traj.states.stored.tolist() == [0, 0, 1, 2, 3, 3, 3]
    # after update 3 the memory holds the pairs of steps 1 and 2, newest last
    state = type(traj.states)(*(field[3] for field in traj.states))
    assert np.all(state.s[0] == 0)
    grad = SURFACES["elongated"].grad
    for slot, step in [(1, 1), (2, 2)]:
        np.testing.assert_allclose(state.s[slot], traj.path[step] - traj.path[step - 1],
                                   rtol=1e-12)  # fmt: skip
        np.testing.assert_allclose(state.y[slot], grad(traj.path[step]) -
                                   grad(traj.path[step - 1]), rtol=1e-12)  # fmt: skip
        assert state.rho[slot] == pytest.approx(1 / (state.s[slot] @ state.y[slot]), rel=1e-14)


def test_lbfgs_with_the_default_max_eval_stays_when_its_one_trial_is_worse():
    """torch's max_eval for max_iter=1 is 1: the line search's single trial from (−1.2, 1) goes
    uphill every time, so the run never moves; 25 evaluations give the search room."""
    rosen = SURFACES["rosenbrock"]
    stuck = run(LBFGS(line_search_fn="strong_wolfe"), rosen, ROSENBROCK_START, steps=10)
    assert np.all(stuck.path == stuck.path[0])
    moving = run(LBFGS(line_search_fn="strong_wolfe", max_eval=25), rosen, ROSENBROCK_START, 20)
    assert moving.loss[-1] < stuck.loss[-1] / 10


def test_lbfgs_by_hand_with_a_line_search_computes_the_loss_if_not_given():
    bowl = SURFACES["bowl"]
    opt = LBFGS(line_search_fn="strong_wolfe", max_eval=5)
    x = np.array([1.0, -0.5])
    a, _ = opt.step(x, bowl.grad(x), opt.init(x), objective=bowl)
    b, _ = opt.step(x, bowl.grad(x), opt.init(x), objective=bowl, loss=bowl(x))
    np.testing.assert_array_equal(a, b)
    with refused("objective"):
        opt.step(x, bowl.grad(x), opt.init(x))
    with refused("objective"):
        opt.step(x, bowl.grad(x), opt.init(x), objective=lambda x: x)  # no grad
    with refused("loss"):
        opt.step(x, bowl.grad(x), opt.init(x), objective=bowl, loss=np.ones(3))
    # without a line search, loss and objective are not needed, and ignored if given
    plain = LBFGS()
    assert plain.needs == ()
    assert opt.needs == ("loss", "objective")
    np.testing.assert_array_equal(
        plain.step(x, x, plain.init(x))[0], plain.step(x, x, plain.init(x), objective=bowl)[0]
    )


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"history_size": 0}, "history_size"),
        ({"history_size": 2.0}, "history_size"),
        ({"history_size": True}, "history_size"),
        ({"max_eval": 0}, "max_eval"),
        ({"max_eval": "25"}, "max_eval"),
        ({"line_search_fn": "wolfe"}, "line_search_fn"),
        ({"line_search_fn": "backtracking"}, "line_search_fn"),
        ({"line_search_fn": True}, "line_search_fn"),
        ({"tolerance_grad": -1e-7}, "tolerance_grad"),
        ({"tolerance_grad": np.array([1e-7, 1e-6])}, "tolerance_grad"),
        ({"tolerance_change": math.nan}, "tolerance_change"),
        ({"tolerance_change": "1e-9"}, "tolerance_change"),
        ({"lr": np.array([0.1, 0.2])}, "lr"),  # one rate per run: a last axis of length 1
        ({"lr": 0.0}, "lr"),
    ],
)
def test_lbfgs_refuses_bad_hyperparameters_by_name(kwargs, name):
    with refused(name):
        LBFGS(**kwargs)


def test_lbfgs_says_when_its_memory_cannot_be_allocated():
    with refused("history_size") as err:
        LBFGS(history_size=2**62).init(np.ones((3, 2)))
    assert "GiB" in str(err.value)


def test_lbfgs_refuses_bad_params_and_states_by_name():
    opt = LBFGS(history_size=4)
    x = np.ones((3, 2))
    with refused("params"):
        opt.init(np.array(1.0))
    with refused("params"):
        opt.step(np.array(1.0), np.array(1.0), opt.init(np.ones(1)))
    with refused("state.s"):
        opt.step(x, x, LBFGS(history_size=5).init(x))
    with refused("state.d"):
        opt.step(x, x, opt.init(np.ones((2, 2))))
    with refused("state.stored"):
        opt.step(x, x, opt.init(x)._replace(stored=np.zeros(3)))
    with refused("lr"):  # a schedule of per-coordinate rates
        run(LBFGS(lr=lambda t: np.array([0.1, 0.2])), SURFACES["bowl"], x, steps=1)


def test_lbfgs_grid_of_rates_is_each_rate_alone():
    lrs = np.array([[0.01], [0.05], [0.2]])
    grid = run(LBFGS(lr=lrs, history_size=5), SURFACES["rosenbrock"], np.zeros((3, 2)), 20)
    for k, lr in enumerate(lrs[:, 0]):
        alone = run(LBFGS(lr=float(lr), history_size=5), SURFACES["rosenbrock"], np.zeros(2), 20)
        np.testing.assert_array_equal(grid.path[:, k], alone.path)


@given(where=st.integers(0, 2), bad=st.sampled_from([np.inf, -np.inf, np.nan]))
def test_curvature_rules_keep_non_finite_input_to_its_run(where, bad):
    """Newton and L-BFGS couple the coordinates of a run, not the runs: a non-finite gradient
    or Hessian spoils its own run's step only, quietly."""
    rng = np.random.default_rng(where)
    x, g = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    H = np.broadcast_to(np.diag([2.0, 3.0]), (3, 2, 2)).copy()
    g_bad, H_bad = g.copy(), H.copy()
    g_bad[where, 1] = bad
    H_bad[where, 0, 1] = H_bad[where, 1, 0] = bad
    others = np.arange(3) != where
    for opt, args, spoiled in [
        (Newton(), {"hessian": H}, {"hessian": H_bad}),
        (Newton(damping=0.5), {"hessian": H}, {"hessian": H_bad}),
    ]:
        ok, _ = opt.step(x, g, opt.init(x), **args)
        for grad, extras in [(g_bad, args), (g, spoiled)]:
            new, _ = opt.step(x, grad, opt.init(x), **extras)
            np.testing.assert_array_equal(new[others], ok[others])
        new, _ = opt.step(x, g_bad, opt.init(x), **args)
        assert not np.all(np.isfinite(new[where]))
    opt = LBFGS()
    ok, _ = opt.step(x, g, opt.init(x))
    new, _ = opt.step(x, g_bad, opt.init(x))
    np.testing.assert_array_equal(new[others], ok[others])
    assert not np.all(np.isfinite(new[where]))


@pytest.mark.parametrize("cls", [Newton, LBFGS])
@given(lead=st.sampled_from([(), (0,), (3,), (2, 2)]), dim=st.integers(0, 3))
def test_curvature_rules_on_empty_and_stacked_params(cls, lead, dim):
    x = np.ones((*lead, dim))
    opt = cls()
    extras = {"hessian": np.broadcast_to(np.eye(dim), (*lead, dim, dim))} if cls is Newton else {}
    new, state = opt.step(x, np.zeros_like(x) + 0.5, opt.init(x), **extras)
    assert new.shape == x.shape
    assert state.count == 1


def test_newton_refuses_a_missing_or_bad_hessian_by_name():
    opt, x = Newton(), np.ones(2)
    with refused("hessian") as err:
        opt.step(x, x, opt.init(x))
    assert "missing" in str(err.value)
    for bad in (
        np.eye(3),
        np.ones(2),
        np.ones((1, 2, 2)),
        np.eye(2) + 1j,
        [["1", "0"], ["0", "1"]],
    ):
        with refused("hessian"):
            opt.step(x, x, opt.init(x), hessian=bad)
    with refused("params"):
        opt.init(np.array(1.0))
    with refused("damping"):
        Newton(damping=-1.0)


# %% ReduceLROnPlateau


@given(
    losses=arrays(float, (30, 3), elements=st.sampled_from([0.5, 1.0, 1.0001, 2.0, 3.0])),
    patience=st.integers(0, 3),
    cooldown=st.integers(0, 2),
    mode=st.sampled_from(["min", "max"]),
    threshold_mode=st.sampled_from(["rel", "abs"]),
)
def test_each_run_has_its_own_plateau(losses, patience, cooldown, mode, threshold_mode):
    opt = ReduceLROnPlateau(
        GradientDescent(lr=1.0),
        mode=mode,
        threshold_mode=threshold_mode,
        patience=patience,
        cooldown=cooldown,
        factor=0.5,
    )
    x = np.zeros((3, 1))
    together = opt.init(x)
    alone = [opt.init(np.zeros(1)) for _ in range(3)]
    for loss in losses:
        x, together = opt.step(x, np.zeros((3, 1)), together, loss=loss)
        for k in range(3):
            _, alone[k] = opt.step(np.zeros(1), np.zeros(1), alone[k], loss=loss[k])
    assert together.lr[:, 0].tolist() == [a.lr[0] for a in alone]
    assert together.num_bad_epochs.tolist() == [int(a.num_bad_epochs) for a in alone]


def test_plateau_around_newton_and_lbfgs_hands_on_what_they_need():
    rosen = SURFACES["rosenbrock"]
    for inner in (Newton(lr=0.5), LBFGS(line_search_fn="strong_wolfe", max_eval=10)):
        opt = ReduceLROnPlateau(inner, patience=1, factor=0.5)
        assert opt.needs == ("loss", *(n for n in inner.needs if n != "loss"))
        traj = run(opt, rosen, [ROSENBROCK_START, [0.5, -0.5]], steps=15, record_state=True)
        assert not traj.diverged.any()
        alone = run(inner, rosen, [ROSENBROCK_START, [0.5, -0.5]], steps=1)
        np.testing.assert_array_equal(traj.path[1], alone.path[1])  # the first rate is inner's


def test_plateau_in_a_sweep_and_with_per_coordinate_rates():
    make = lambda lr: ReduceLROnPlateau(Adam(lr=lr), patience=3)  # noqa: E731
    sweep = descent.sweep_lr(make, SURFACES["bowl"], np.ones((2, 2)), [0.01, 0.1], steps=30)
    assert sweep.excess.shape == (2, 2)
    opt = ReduceLROnPlateau(GradientDescent(lr=np.array([0.1, 0.01])), patience=0)
    state = opt.init(np.ones((4, 2)))
    assert state.lr.shape == (4, 2)
    _, state = opt.step(np.ones((4, 2)), np.ones((4, 2)), state, loss=np.ones(4))
    _, state = opt.step(np.ones((4, 2)), np.ones((4, 2)), state, loss=np.ones(4))
    np.testing.assert_allclose(state.lr, np.tile([0.01, 0.001], (4, 1)))


def test_plateau_respects_min_lr_and_eps():
    opt = ReduceLROnPlateau(GradientDescent(lr=1.0), factor=0.5, patience=0, min_lr=0.3)
    state, x = opt.init(np.zeros(1)), np.zeros(1)
    for _ in range(5):
        x, state = opt.step(x, np.zeros(1), state, loss=1.0)
    assert state.lr[0] == 0.3
    opt = ReduceLROnPlateau(GradientDescent(lr=1.0), factor=0.9, patience=0, eps=0.2)
    state = opt.init(np.zeros(1))
    for _ in range(5):
        _, state = opt.step(x, np.zeros(1), state, loss=1.0)
    assert state.lr[0] == 1.0  # every cut (0.1) is below eps


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"optimizer": Adam}, "optimizer"),
        ({"optimizer": None}, "optimizer"),
        ({"optimizer": "Adam"}, "optimizer"),
        ({"optimizer": Adam(lr=descent.schedules.StepLR(0.1, 5))}, "optimizer"),
        ({"mode": "minimum"}, "mode"),
        ({"mode": None}, "mode"),
        ({"threshold_mode": "relative"}, "threshold_mode"),
        ({"factor": 1.0}, "factor"),
        ({"factor": -0.1}, "factor"),
        ({"patience": -1}, "patience"),
        ({"patience": 1.5}, "patience"),
        ({"cooldown": -1}, "cooldown"),
        ({"threshold": -1e-4}, "threshold"),
        ({"min_lr": math.inf}, "min_lr"),
        ({"min_lr": np.array([0.1, 0.2])}, "min_lr"),
        ({"eps": "1e-8"}, "eps"),
    ],
)
def test_plateau_refuses_bad_arguments_by_name(kwargs, name):
    with refused(name):
        ReduceLROnPlateau(**({"optimizer": Adam(0.1)} | kwargs))


def test_plateau_step_refuses_a_missing_or_bad_loss_and_state():
    opt = ReduceLROnPlateau(Adam(0.1))
    x = np.ones((3, 2))
    state = opt.init(x)
    with refused("loss") as err:
        opt.step(x, x, state)
    assert "missing" in str(err.value)
    for bad in (np.ones(2), np.ones((3, 1)), "1", [1.0, None, 2.0]):
        with refused("loss"):
            opt.step(x, x, state, loss=bad)
    with refused("state"):
        opt.step(x, x, Adam(0.1).init(x), loss=np.ones(3))
    with refused("state.best"):
        opt.step(x, x, opt.init(np.ones((2, 2))), loss=np.ones(3))
    with refused("params"):
        opt.init(np.array(1.0))


def test_the_new_classes_compare_and_show_by_value():
    assert Newton(damping=np.array([0.1, 0.2])) == Newton(damping=np.array([0.1, 0.2]))
    assert hash(LBFGS(history_size=3)) == hash(LBFGS(history_size=3))
    assert LBFGS() == LBFGS(max_eval=1)  # torch's default for one iteration a step
    assert LBFGS().max_eval == 1
    opt = ReduceLROnPlateau(Adam(0.1), factor=0.5)
    assert opt == ReduceLROnPlateau(Adam(0.1), factor=0.5)
    assert hash(opt) == hash(ReduceLROnPlateau(Adam(0.1), factor=0.5))
    assert repr(opt).startswith("ReduceLROnPlateau(optimizer=Adam(lr=0.1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        opt.factor = 0.2
