"""Update rules: the interface, argument checks, and the properties the theory promises."""

import functools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from descent import (
    ASGD,
    Adafactor,
    AdaGrad,
    Adam,
    AdamW,
    GradientDescent,
    Lion,
    Momentum,
    Muon,
    NAdam,
    Nesterov,
    RAdam,
    RMSProp,
    ScheduleFreeAdamW,
    run,
)
from descent.optimizers import ALL
from descent.schedules import ExponentialLR
from descent.surfaces import Quadratic, elongated_bowl

#: The registry's rules that couple the coordinates and take more than a gradient (Newton the
#: Hessian): tests/test_curvature.py holds them to their own properties.
CURVATURE = {"Newton", "LBFGS"}

# every other optimizer of the registry (lr = 0.05, descent's defaults otherwise), and the
# variants whose switches change the rule (torch's options among them); the matrix rules take
# the last two axes as one matrix, and are given matrices
OPTIMIZERS = {
    name: functools.partial(cls, lr=0.05) for name, cls in ALL.items() if name not in CURVATURE
} | {
    "Adam-uncorrected": lambda: Adam(lr=0.01, bias_correction=False),
    "AdamW-decay": lambda: AdamW(lr=0.01, weight_decay=0.1),
    "Momentum-dampened-L2": lambda: Momentum(lr=0.05, dampening=0.3, weight_decay=0.1),
    "Nesterov-L2": lambda: Nesterov(lr=0.05, weight_decay=0.1),
    "AdaGrad-options": lambda: AdaGrad(
        lr=0.05, lr_decay=0.1, weight_decay=0.05, initial_accumulator_value=0.5
    ),
    "RMSProp-momentum": lambda: RMSProp(lr=0.01, momentum=0.5),
    "RMSProp-centered-momentum-L2": lambda: RMSProp(
        lr=0.01, momentum=0.8, centered=True, weight_decay=0.05
    ),
    "Adam-amsgrad-L2": lambda: Adam(lr=0.01, weight_decay=0.1, amsgrad=True),
    "AdamW-amsgrad": lambda: AdamW(lr=0.01, weight_decay=0.1, amsgrad=True),
    "NAdam-decoupled": lambda: NAdam(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
    "RAdam-L2": lambda: RAdam(lr=0.01, weight_decay=0.1),
    "ASGD-averaging": lambda: ASGD(lr=0.05, lambd=0.01, t0=3.0),
    "Lion-decay": lambda: Lion(lr=0.01, weight_decay=0.3),
    "ScheduleFreeAdamW-warmup": lambda: ScheduleFreeAdamW(lr=0.05, warmup_steps=5, r=1.0),
    "Adafactor-factored": lambda: Adafactor(lr=0.05, factored=True, weight_decay=0.1),
    "Muon-plain": lambda: Muon(lr=0.05, nesterov=False, adjust_lr_fn="match_rms_adamw"),
}
MATRIX = {"Muon", "Muon-plain", "Adafactor-factored"}
optimizers = pytest.mark.parametrize("make", OPTIMIZERS.values(), ids=OPTIMIZERS.keys())
with_layout = pytest.mark.parametrize(
    ("make", "matrix"), [pytest.param(m, name in MATRIX, id=name) for name, m in OPTIMIZERS.items()]
)

finite = st.floats(-1e3, 1e3, allow_nan=False)


@optimizers
def test_inputs_are_not_mutated_and_state_is_immutable(make, rng):
    opt = make()
    params, grad = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    params0, grad0 = params.copy(), grad.copy()
    state = opt.init(params)
    for _ in range(3):
        new, new_state = opt.step(params, grad, state)
        assert new is not params
        np.testing.assert_array_equal(params, params0)
        np.testing.assert_array_equal(grad, grad0)
        for old, field in zip(state, new_state, strict=True):
            if isinstance(field, np.ndarray):
                assert field is not old
        state = new_state
        params0 = params = new
    with pytest.raises(AttributeError):
        opt.lr = 1.0


@with_layout
def test_batch_of_starts_equals_each_start_alone(make, matrix, rng):
    """Elementwise rules: a (K, d) batch runs exactly like K separate runs.

    For a matrix rule a run is a matrix (here 3 points of the bowl as its rows): a (K, 3, 2)
    batch runs like K separate 3×2 matrices."""
    opt, bowl = make(), elongated_bowl(10)
    starts = rng.uniform(-3, 3, size=(5, 3, 2) if matrix else (5, 2))
    together = run(opt, bowl, starts, steps=30).path
    # exact, not close: on arrays the rules use only +, -, ×, ÷ and √, which IEEE 754 rounds
    # correctly in any loop (β^t is one scalar, the same in both), and this bowl's gradient is a
    # diagonal matrix product, exact in any summation order; the sums of a vector's RMS and of
    # a matrix's factors and products run in the same order for one run as for many
    for k, start in enumerate(starts):
        np.testing.assert_array_equal(run(opt, bowl, start, steps=30).path, together[:, k])


@with_layout
def test_any_shape_of_params(make, matrix, rng):
    opt = make()
    for shape in [(1, 1), (1, 7), (7, 1), (2, 3, 4)] if matrix else [(), (1,), (7,), (2, 3, 4)]:
        params = rng.normal(size=shape)
        new, _state = opt.step(params, np.ones(shape), opt.init(params))
        assert new.shape == shape


@optimizers
def test_grad_of_another_shape_is_rejected(make):
    opt = make()
    params = np.zeros((3, 2))
    with pytest.raises(ValueError, match="grad must have the shape of params"):
        opt.step(params, np.zeros((2, 3)), opt.init(params))


BAD = [
    (GradientDescent, {"lr": 0.0}, "lr"),
    (GradientDescent, {"lr": -1.0}, "lr"),
    (GradientDescent, {"lr": math.inf}, "lr"),
    (GradientDescent, {"lr": math.nan}, "lr"),
    (GradientDescent, {"lr": "0.1"}, "lr"),
    (Momentum, {"lr": 0.1, "beta": 1.0}, "beta"),
    (Momentum, {"lr": 0.1, "beta": -0.1}, "beta"),
    (Nesterov, {"lr": 0.1, "beta": 1.5}, "beta"),
    (AdaGrad, {"eps": 0.0}, "eps"),
    (RMSProp, {"beta": 1.0}, "beta"),
    (RMSProp, {"eps": -1e-8}, "eps"),
    (Adam, {"beta1": 1.0}, "beta1"),
    (Adam, {"beta2": -0.5}, "beta2"),
    (Adam, {"eps": 0.0}, "eps"),
    (Adam, {"bias_correction": "yes"}, "bias_correction"),
    (AdamW, {"weight_decay": -0.01}, "weight_decay"),
    (AdamW, {"lr": 0}, "lr"),
]


@pytest.mark.parametrize(
    ("cls", "kwargs", "name"), BAD, ids=[f"{c.__name__}-{k}" for c, k, _ in BAD]
)
def test_bad_hyperparameters_raise_a_named_value_error(cls, kwargs, name):
    # a value of the wrong kind (a string) is a TypeError, one out of range a ValueError
    with pytest.raises((ValueError, TypeError), match=rf"^{name} must be"):
        cls(**kwargs)


def test_error_message_states_the_range():
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\), got 1.0"):
        Momentum(lr=0.1, beta=1.0)


@given(
    arrays(float, 3, elements=finite),
    st.lists(arrays(float, 3, elements=finite), min_size=1, max_size=20),
    st.floats(1e-4, 1.0),
)
def test_momentum_with_beta_zero_is_gradient_descent(params, grads, lr):
    gd, mom = GradientDescent(lr=lr), Momentum(lr=lr, beta=0.0)
    x, y = params, params
    sx, sy = gd.init(x), mom.init(y)
    for g in grads:
        x, sx = gd.step(x, g, sx)
        y, sy = mom.step(y, g, sy)
        np.testing.assert_array_equal(x, y)


@given(
    arrays(float, 3, elements=finite),
    st.lists(arrays(float, 3, elements=finite), min_size=1, max_size=20),
    st.floats(1e-4, 1.0),
    st.floats(0.0, 0.99),
)
def test_three_spellings_of_momentum_are_one_method(params, grads, lr, beta):
    """torch's v = βv + g, θ -= αv; the seed's u = βu + αg, θ -= u; and w = βw - αg, θ += w."""
    opt = Momentum(lr=lr, beta=beta)
    x, state = params, opt.init(params)
    seed_x, u = params, np.zeros(3)
    neg_x, w = params, np.zeros(3)
    for g in grads:
        x, state = opt.step(x, g, state)
        u = beta * u + lr * g
        seed_x = seed_x - u
        w = beta * w - lr * g
        neg_x = neg_x + w
        np.testing.assert_allclose(seed_x, x, rtol=1e-9, atol=1e-9 * (1 + np.abs(x).max()))
        np.testing.assert_allclose(neg_x, x, rtol=1e-9, atol=1e-9 * (1 + np.abs(x).max()))


@given(
    arrays(float, 4, elements=st.floats(-100, 100).filter(lambda g: abs(g) > 1e-3)),
    st.floats(1e-4, 1.0),
    st.floats(0.0, 0.99),
    st.floats(0.0, 0.9999),
)
def test_adam_first_step_is_lr_times_sign(grad, lr, beta1, beta2):
    opt = Adam(lr=lr, beta1=beta1, beta2=beta2)
    params = np.zeros(4)
    new, _ = opt.step(params, grad, opt.init(params))
    # lr·sign(g) up to ε: exactly lr·g/(|g| + ε), which is within lr·ε/|g| of lr·sign(g)
    np.testing.assert_allclose(new, -lr * grad / (np.abs(grad) + opt.eps), rtol=1e-9)
    assert np.all(np.abs(new + lr * np.sign(grad)) <= lr * opt.eps / np.abs(grad) * 1.0001)


@given(st.floats(1e-3, 1e3), st.integers(0, 2**32 - 1))
def test_adam_is_invariant_to_scaling_the_objective(c, seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(3, 3))
    surface, scaled = Quadratic(A @ A.T + np.eye(3)), Quadratic(c * (A @ A.T + np.eye(3)))
    start = rng.normal(size=3)
    opt = Adam(lr=0.05, eps=1e-12)
    a = run(opt, surface, start, steps=50).path
    b = run(opt, scaled, start, steps=50).path
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-8)


def test_uncorrected_adam_takes_larger_early_steps():
    """The seed says 'very small steps at first'; with β1=0.9, β2=0.999 it is the opposite."""
    g = np.ones(1)
    ratios = {}
    for corrected in (True, False):
        opt = Adam(lr=1.0, bias_correction=corrected, eps=1e-30)
        x, state, steps = np.zeros(1), opt.init(np.zeros(1)), []
        for _ in range(10):
            new, state = opt.step(x, g, state)
            steps.append(float(x[0] - new[0]))
            x = new
        ratios[corrected] = steps
    np.testing.assert_allclose(ratios[True], 1.0)
    assert ratios[False][0] == pytest.approx(0.1 / math.sqrt(0.001))  # 3.16
    assert ratios[False][0] == pytest.approx(3.16, abs=0.01)
    assert ratios[False][9] == pytest.approx((1 - 0.9**10) / math.sqrt(1 - 0.999**10))  # 6.5
    assert ratios[False][9] == pytest.approx(6.5, abs=0.05)


@given(st.floats(0.05, 3.0), st.floats(0.5, 20.0))
def test_gradient_descent_on_a_quadratic_converges_iff_lr_below_two_over_lambda_max(scale, lam):
    surface = Quadratic(np.diag([lam / 10, lam]))
    lr = scale * 2 / lam
    if abs(scale - 1) < 0.02:  # too close to the threshold to decide in a few hundred steps
        return
    traj = run(GradientDescent(lr=lr), surface, np.array([1.0, 1.0]), steps=400)
    distance = np.linalg.norm(traj.final)
    if scale < 1:
        assert distance < np.linalg.norm(traj.path[0])
        assert not traj.diverged
    else:
        assert traj.diverged or distance > 1e3


@pytest.mark.parametrize("kappa", [4.0, 25.0, 100.0, 1000.0])
def test_heavy_ball_with_optimal_parameters_contracts_at_the_theoretical_rate(kappa):
    """α = 4/(√λmax+√λmin)², β = ((√κ-1)/(√κ+1))²: the error shrinks like ((√κ-1)/(√κ+1))^t."""
    surface = elongated_bowl(kappa)
    lmin, lmax = surface.eigenvalues[[0, -1]]
    lr = 4 / (math.sqrt(lmax) + math.sqrt(lmin)) ** 2
    rate = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    steps = int(-100 / math.log10(rate))  # down to ~1e-100, far above underflow
    traj = run(Momentum(lr=lr, beta=rate**2), surface, np.array([1.0, 1.0]), steps=steps)
    distance = np.linalg.norm(traj.path, axis=-1)
    # At the optimum both roots of the iteration equal the rate (a Jordan block), so the error
    # is (a + b t) rate^t: between t = T/2 and T the factor t adds 2^(2/T) to the measured rate.
    measured = (distance[steps] / distance[steps // 2]) ** (2 / steps) / 2 ** (2 / steps)
    assert measured == pytest.approx(rate, rel=0.01)
    gd_rate = (kappa - 1) / (kappa + 1)
    assert measured < gd_rate


def test_nesterov_is_momentum_evaluated_at_the_look_ahead():
    """torch's form tracks θ = φ + βu of the textbook form; both see the same gradients."""
    surface = elongated_bowl(10)
    lr, beta = 0.05, 0.8
    traj = run(Nesterov(lr=lr, beta=beta), surface, np.array([4.0, 2.0]), steps=50)
    phi, u = np.array([4.0, 2.0]), np.zeros(2)
    for t in range(50):
        u = beta * u - lr * surface.grad(phi + beta * u)
        phi = phi + u
        np.testing.assert_allclose(phi + beta * u, traj.path[t + 1], rtol=1e-12, atol=1e-12)


def test_adamw_is_adam_plus_decoupled_decay():
    params, grads = np.array([1.0, -2.0]), np.random.default_rng(1).normal(size=(20, 2))
    adam, adamw = Adam(lr=0.01), AdamW(lr=0.01, weight_decay=0.0)
    x, sx, y, sy = params, adam.init(params), params, adamw.init(params)
    for g in grads:
        x, sx = adam.step(x, g, sx)
        y, sy = adamw.step(y, g, sy)
    np.testing.assert_allclose(x, y, rtol=1e-14)


def test_schedule_sets_the_learning_rate_of_each_update():
    opt = GradientDescent(lr=ExponentialLR(1.0, gamma=0.5))
    x, state = np.array([0.0]), opt.init(np.array([0.0]))
    for expected in [-1.0, -1.5, -1.75]:
        x, state = opt.step(x, np.array([1.0]), state)
        assert x[0] == pytest.approx(expected)


@pytest.mark.parametrize("opt", [AdaGrad(lr=0.5), RMSProp(lr=0.5), Adam(lr=0.5)], ids=repr)
def test_effective_lr_times_gradient_is_the_step(opt):
    x, g = np.array([1.0, 2.0]), np.array([0.3, -4.0])
    new, state = opt.step(x, g, opt.init(x))
    numerator = g if not isinstance(opt, Adam) else state.m / (1 - opt.beta1)
    np.testing.assert_allclose(x - new, opt.effective_lr(state) * numerator, rtol=1e-7)


def test_repr_names_the_hyperparameters():
    assert repr(Adam(lr=0.1)) == (
        "Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-08, bias_correction=True)"
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda lr, beta: Momentum(lr=lr, beta=beta),
        lambda lr, beta: Nesterov(lr=lr, beta=beta),
        lambda lr, beta: RMSProp(lr=lr, beta=beta),
        lambda lr, beta: Adam(lr=lr, beta1=beta),
    ],
    ids=["momentum", "nesterov", "rmsprop", "adam"],
)
def test_a_grid_of_hyperparameters_runs_in_one_call(make):
    """Array hyperparameters broadcast against the starts: each grid cell is its own run."""
    lrs, betas = np.array([0.01, 0.03, 0.05]), np.array([0.0, 0.5, 0.9, 0.95])
    surface, start = elongated_bowl(10), np.array([-4.0, 2.0])
    starts = np.broadcast_to(start, (3, 4, 2))
    grid = run(make(lrs[:, None, None], betas[None, :, None]), surface, starts, steps=40)
    for i, lr in enumerate(lrs):
        for j, beta in enumerate(betas):
            alone = run(make(float(lr), float(beta)), surface, start, steps=40)
            np.testing.assert_allclose(grid.path[:, i, j], alone.path, rtol=1e-13, atol=1e-15)


def test_a_bad_entry_in_a_grid_is_named():
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\), got an array with entries"):
        Momentum(lr=0.1, beta=np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="lr must be finite"):
        Momentum(lr=np.array([0.1, np.nan]))


@pytest.mark.parametrize(
    "opt",
    [AdaGrad(lr=0.5), RMSProp(lr=ExponentialLR(0.1, 0.9)), Adam(lr=ExponentialLR(0.1, 0.95))],
    ids=["adagrad", "rmsprop-schedule", "adam-schedule"],
)
def test_effective_lr_of_stacked_states_is_each_states_own(opt):
    traj = run(opt, elongated_bowl(10), np.array([[-4.0, 2.0], [1.0, 1.0]]), 20, record_state=True)
    stacked = opt.effective_lr(traj.states)
    for t in (1, 7, 20):
        state_t = type(traj.states)(*(field[t] for field in traj.states))
        np.testing.assert_allclose(stacked[t], opt.effective_lr(state_t), rtol=1e-14)
