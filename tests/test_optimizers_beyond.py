"""Lion, sign descent, schedule-free, Adafactor and Muon: their equations and their properties.

Each has its reference run step for step in test_torch_reference.py (lion-pytorch, schedulefree,
torch.optim); sign descent has none, so it is held to its equations here (Bernstein et al.,
2018). The rest is what the papers promise: Lion with β₁ = β₂ is Signum, schedule-free's x is
the weighted mean of its z's, Adafactor's factors are exact for a rank-1 g², Newton–Schulz maps
each singular value through a scalar quintic into a band around 1.
"""

import inspect
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from descent import (
    Adafactor,
    GradientDescent,
    Lion,
    Muon,
    ScheduleFreeAdamW,
    ScheduleFreeSGD,
    SignSGD,
    Signum,
    run,
)
from descent.optimizers import newton_schulz
from descent.surfaces import ALL as SURFACES
from descent.surfaces import Quadratic, elongated_bowl

NS_COEFFICIENTS = Muon().ns_coefficients

finite = st.floats(-1e3, 1e3, allow_nan=False)
# no subnormals, so that scaling by a power of 2 is exact
normal = st.one_of(st.just(0.0), st.floats(1e-100, 1e3), st.floats(-1e3, -1e-100))
gradients = st.lists(arrays(float, 4, elements=finite), min_size=1, max_size=25)


def steps(opt, x, grads):
    """The parameters after each gradient of ``grads``, and the last state."""
    state, path = opt.init(x), []
    for g in grads:
        x, state = opt.step(x, g, state)
        path.append(x)
    return np.array(path), state


# %% Sign descent: no library to compare with, so the equations of Bernstein et al. (2018)


@given(arrays(float, 4, elements=finite), gradients, st.floats(1e-4, 1.0))
def test_signsgd_is_its_equation(x0, grads, lr):
    """θ_t = θ_{t-1} - α sign(g_t), with sign(0) = 0: a zero gradient moves nothing."""
    path, _ = steps(SignSGD(lr=lr), x0, grads)
    x = x0
    for g, got in zip(grads, path, strict=True):
        x = x - lr * np.array([1.0 if v > 0 else -1.0 if v < 0 else 0.0 for v in g])
        np.testing.assert_array_equal(got, x)


@given(arrays(float, 4, elements=finite), gradients, st.floats(1e-4, 1.0), st.floats(0.0, 0.99))
def test_signum_is_its_equation(x0, grads, lr, beta):
    """m_t = β m_{t-1} + (1-β) g_t, θ_t = θ_{t-1} - α sign(m_t) (the paper's Algorithm 2)."""
    path, state = steps(Signum(lr=lr, beta=beta), x0, grads)
    x, m = x0, np.zeros(4)
    for g, got in zip(grads, path, strict=True):
        m = beta * m + (1 - beta) * g
        x = x - lr * np.sign(m)
        np.testing.assert_array_equal(got, x)
    np.testing.assert_array_equal(state.m, m)


@given(arrays(float, 4, elements=finite), gradients, st.floats(1e-4, 1.0))
def test_signum_with_beta_zero_is_signsgd(x0, grads, lr):
    np.testing.assert_array_equal(
        steps(Signum(lr=lr, beta=0.0), x0, grads)[0], steps(SignSGD(lr=lr), x0, grads)[0]
    )


@given(
    arrays(float, 4, elements=finite),
    st.lists(arrays(float, 4, elements=normal), min_size=1, max_size=25),
    st.one_of(st.just(0.0), st.floats(1e-3, 0.99)),  # (a subnormal β would round β m)
    st.integers(-30, 30),
)
def test_sign_steps_do_not_see_the_gradients_scale(x0, grads, beta, power):
    """Scaling every gradient by 2^k (exact in floating point) changes no step."""
    scaled = [g * 2.0**power for g in grads]
    for opt in (SignSGD(lr=0.1), Signum(lr=0.1, beta=beta), Lion(lr=0.1, beta1=beta)):
        np.testing.assert_array_equal(steps(opt, x0, grads)[0], steps(opt, x0, scaled)[0])


@pytest.mark.parametrize("lr", [0.3, 0.05, 0.01])
def test_sign_descent_ends_within_lr_of_the_minimum(lr):
    """With a constant α it cannot settle: on a bowl each coordinate reaches the minimum to
    within α and then oscillates there, |θ_i| <= α, whatever the curvature (1 and 25 here).
    Signum's momentum lags the sign change by a few steps: its swing is a few α wider."""
    start = np.array([-4.9, 2.3])
    for opt, swing in ((SignSGD(lr=lr), 1), (Signum(lr=lr, beta=0.5), 4)):
        traj = run(opt, elongated_bowl(25), start, steps=int(5 / lr) + 40)
        tail = np.abs(traj.path[-20:])
        assert np.all(tail <= swing * lr * (1 + 1e-12))
        assert np.all(tail.max(axis=0) > lr / 4)  # and does not settle either


def test_an_infinite_gradient_has_a_sign():
    x = np.zeros(3)
    new, _ = SignSGD(lr=0.5).step(x, np.array([np.inf, -np.inf, np.nan]), SignSGD(0.5).init(x))
    np.testing.assert_array_equal(new[:2], [-0.5, 0.5])
    assert np.isnan(new[2])


# %% Lion


@given(
    arrays(float, 4, elements=finite),
    gradients,
    st.floats(1e-4, 1.0),
    st.floats(0.0, 0.99),
)
def test_lion_with_equal_betas_is_signum(x0, grads, lr, beta):
    """β₁ = β₂ = β: the sign's argument β m_{t-1} + (1-β) g_t is the new momentum itself."""
    lion = Lion(lr=lr, beta1=beta, beta2=beta)
    np.testing.assert_array_equal(
        steps(lion, x0, grads)[0], steps(Signum(lr=lr, beta=beta), x0, grads)[0]
    )


@given(arrays(float, 4, elements=finite), gradients, st.floats(1e-4, 1.0), st.floats(0, 0.99))
def test_lion_with_beta1_zero_is_signsgd(x0, grads, lr, beta2):
    lion = Lion(lr=lr, beta1=0.0, beta2=beta2)
    np.testing.assert_array_equal(steps(lion, x0, grads)[0], steps(SignSGD(lr=lr), x0, grads)[0])


@given(
    arrays(float, 4, elements=st.floats(-10, 10)),
    gradients,
    st.floats(1e-4, 0.5),
    st.floats(0.0, 0.99),
    st.floats(0.5, 0.999),
    st.floats(0.0, 1.0),
)
def test_every_lion_step_is_lr_or_nothing_besides_the_decay(x0, grads, lr, beta1, beta2, wd):
    opt = Lion(lr=lr, beta1=beta1, beta2=beta2, weight_decay=wd)
    path, _ = steps(opt, x0, grads)
    before = np.concatenate([x0[None], path[:-1]]) * (1 - lr * wd)
    moved = np.abs(path - before)
    assert np.all(np.isclose(moved, lr, rtol=1e-9, atol=1e-12) | (moved <= 1e-12))


def test_lion_decays_the_weights_by_lr_times_lambda():
    opt = Lion(lr=0.1, weight_decay=0.5)
    x, _ = opt.step(np.array([2.0, -4.0]), np.zeros(2), opt.init(np.zeros(2)))
    np.testing.assert_array_equal(x, [2.0 * 0.95, -4.0 * 0.95])  # sign(0) = 0: decay alone


# %% Schedule-free


def weights(opt, t_max):
    """w_t = t^r (max_{s<=t} α_s)^p of the paper, for a constant α and the linear warmup."""
    t = np.arange(1, t_max + 1)
    lr_t = opt.lr * np.minimum(t / opt.warmup_steps, 1) if opt.warmup_steps else opt.lr + 0 * t
    return t**opt.r * np.maximum.accumulate(lr_t) ** opt.weight_lr_power


SCHEDULE_FREE = [
    ScheduleFreeSGD(lr=0.05),
    ScheduleFreeSGD(lr=0.05, beta=0.5, warmup_steps=10, r=1.0, weight_lr_power=1.0),
    ScheduleFreeAdamW(lr=0.05),
    ScheduleFreeAdamW(lr=0.1, warmup_steps=7, r=0.5, weight_lr_power=3.0, weight_decay=0.1),
]
schedule_free = pytest.mark.parametrize("opt", SCHEDULE_FREE, ids=repr)


@schedule_free
def test_x_is_the_weighted_mean_of_the_zs(opt):
    """x_t = Σ_{s<=t} w_s z_s / Σ_{s<=t} w_s, which the running form (1 - c_t) x + c_t z keeps."""
    traj = run(opt, SURFACES["elongated"], np.array([-4.0, 1.5]), 40, record_state=True)
    z, x = traj.states.z[1:], opt.eval_params(traj.states)[1:]
    w = weights(opt, 40)[:, None]
    mean = np.cumsum(w * z, axis=0) / np.cumsum(w, axis=0)
    np.testing.assert_allclose(x, mean, rtol=1e-12, atol=1e-14)


@schedule_free
def test_the_gradient_point_lies_between_the_average_and_z(opt):
    traj = run(opt, SURFACES["bowl"], np.array([1.5, -1.0]), 30, record_state=True)
    beta = getattr(opt, "beta", getattr(opt, "beta1", None))
    y = beta * traj.states.x + (1 - beta) * traj.states.z
    np.testing.assert_allclose(traj.path, y, rtol=1e-14, atol=1e-15)


def test_schedule_free_sgd_with_beta_zero_is_gradient_descent_on_z():
    """β = 0: the gradient is taken at z itself, which then takes plain SGD steps."""
    start = np.array([-4.0, 2.0])
    sf = run(ScheduleFreeSGD(lr=0.03, beta=0.0), elongated_bowl(10), start, 60)
    gd = run(GradientDescent(lr=0.03), elongated_bowl(10), start, 60)
    np.testing.assert_array_equal(sf.path, gd.path)


def test_the_warmup_scales_the_steps_of_z():
    """α_t = α min(t / T_w, 1): with a constant gradient, z's steps rise linearly to α."""
    opt = ScheduleFreeSGD(lr=0.2, warmup_steps=4)
    y, state, z = np.zeros(1), opt.init(np.zeros(1)), [0.0]
    for _ in range(6):
        y, state = opt.step(y, np.ones(1), state)
        z.append(float(state.z[0]))
    np.testing.assert_allclose(-np.diff(z), [0.05, 0.1, 0.15, 0.2, 0.2, 0.2], rtol=1e-12)


def test_eval_params_are_the_average_from_the_start():
    opt = ScheduleFreeAdamW(lr=0.1)
    traj = run(opt, SURFACES["bowl"], np.array([[1.0, 1.0], [2.0, -1.0]]), 5, record_state=True)
    x = opt.eval_params(traj.states)
    assert x.shape == traj.path.shape == (6, 2, 2)
    np.testing.assert_array_equal(x[0], traj.path[0])
    np.testing.assert_array_equal(x[1], traj.states.z[1])  # c_1 = 1: x_1 = z_1
    with pytest.raises(TypeError, match="state"):
        opt.eval_params(ScheduleFreeSGD().init(np.zeros(2)))


def test_the_average_is_better_than_the_gradient_point_when_noise_keeps_z_moving():
    """The reason to evaluate x: with noisy gradients z keeps jumping about the minimum (as
    SGD does at the same rate), y less, and their average settles nearer it."""
    rng = np.random.default_rng(0)
    bowl, noisy = SURFACES["bowl"], lambda x: bowl.grad(x) + rng.normal(size=x.shape)
    opt, sgd = ScheduleFreeSGD(lr=0.1, beta=0.9), GradientDescent(lr=0.1)
    y, state = np.ones((200, 2)), opt.init(np.ones((200, 2)))
    x, sgd_state = np.ones((200, 2)), sgd.init(np.ones((200, 2)))
    for _ in range(1000):
        y, state = opt.step(y, noisy(y), state)
        x, sgd_state = sgd.step(x, noisy(x), sgd_state)
    averaged = np.mean(bowl(opt.eval_params(state)))  # 0.003
    assert averaged < 0.5 * np.mean(bowl(y))  # 0.007
    assert averaged < 0.1 * np.mean(bowl(state.z))  # 0.5
    assert averaged < 0.1 * np.mean(bowl(x))  # 0.06


def test_a_rate_of_zero_from_the_start_gives_no_weight_and_no_nan():
    """Every weight 0 so far: c = 0 (the reference's ZeroDivisionError), x stays put."""
    opt = ScheduleFreeSGD(lr=lambda t: 0.0 if t == 0 else 0.1)
    x0 = np.array([1.0, -2.0])
    y, state = opt.step(x0, np.ones(2), opt.init(x0))
    np.testing.assert_array_equal(state.x, x0)
    np.testing.assert_array_equal(y, x0)
    y, state = opt.step(y, np.ones(2), state)
    np.testing.assert_array_equal(state.x, state.z)  # the first weight that counts: c = 1


def test_schedule_free_adamw_decays_z_by_lr_lambda_y_or_z():
    """The third step, the first whose y (the parameters) differs from z; its gradient is 0,
    so that only the decay moves z (v holds the earlier ones: no 0 / 0)."""
    for at_z in (False, True):
        opt = ScheduleFreeAdamW(lr=0.1, weight_decay=0.5, decay_at_z=at_z)
        y, state = np.array([2.0]), opt.init(np.array([2.0]))
        for g in (1.0, 1.0):
            y, state = opt.step(y, np.array([g]), state)
        assert y != state.z
        point = state.z if at_z else y
        _, after = opt.step(y, np.zeros(1), state)
        np.testing.assert_allclose(after.z, state.z - 0.1 * 0.5 * point, rtol=1e-15)


# %% Adafactor


def test_the_defaults_written_out_are_the_constants_they_stand_for():
    assert Adafactor().eps1 == np.finfo(np.float64).eps  # torch's eps1=None, in float64
    default = dict(inspect.signature(newton_schulz).parameters)["coefficients"].default
    assert default == NS_COEFFICIENTS == (3.4445, -4.7750, 2.0315)


def test_adafactor_keeps_a_row_and_a_column_per_matrix():
    opt = Adafactor(factored=True)
    state = opt.init(np.zeros((5, 4, 3)))
    assert state.row_var.shape == (5, 4, 1)
    assert state.col_var.shape == (5, 1, 3)
    assert Adafactor().init(np.zeros((5, 4, 3))).variance.shape == (5, 4, 3)


@given(
    arrays(float, 3, elements=st.floats(0.1, 10)),
    arrays(float, 2, elements=st.floats(0.1, 10)),
    arrays(float, (3, 2), elements=st.floats(-2, 2)),
)
def test_the_factors_are_exact_for_a_rank_one_square(a, b, start):
    """g² = a bᵀ: the row and column means give back g², so both forms take the first step."""
    g = np.sqrt(np.outer(a, b)) * np.array([[1, -1], [-1, 1], [1, 1]])
    factored, unfactored = Adafactor(factored=True), Adafactor(factored=False)
    x, _ = factored.step(start, g, factored.init(start))
    # the vector form's RMS is a row's; make it the matrix's by running it on the flat matrix
    flat, _ = unfactored.step(start.reshape(-1), g.reshape(-1), unfactored.init(start.reshape(-1)))
    np.testing.assert_allclose(x, flat.reshape(3, 2), rtol=1e-13)


def test_the_second_moment_decay_starts_at_zero():
    """β̂₂,t = 1 - t^τ: 0 at t = 1 (no bias correction needed), then 1 - 2^τ, ..."""
    opt = Adafactor(beta2_decay=-0.8)
    g1, g2 = np.array([3.0, -1.0]), np.array([1.0, 2.0])
    _, state = steps(opt, np.ones(2), [g1])
    np.testing.assert_array_equal(state.variance, g1**2)
    _, state = steps(opt, np.ones(2), [g1, g2])
    beta2 = 1 - 2**-0.8
    np.testing.assert_allclose(state.variance, beta2 * g1**2 + (1 - beta2) * g2**2, rtol=1e-15)


@given(st.floats(1e-2, 1e3), st.floats(1e-3, 1.0), st.floats(1.0, 3.0))
def test_the_first_step_is_relative_to_the_parameters(scale, lr, d):
    """U_1 = sign(g), so the step is min(γ, 1) RMS(θ₀) in every coordinate (RMS(U) = 1 <= d)."""
    x0 = scale * np.array([1.0, -2.0, 2.0])
    for factored in (False, True):
        opt = Adafactor(lr=lr, d=d, factored=factored)
        x = x0.reshape(1, 3) if factored else x0
        new, _ = opt.step(x, np.array([5.0, -0.01, 3.0]).reshape(x.shape), opt.init(x))
        rms = math.sqrt(np.mean(x0**2))
        np.testing.assert_allclose(np.abs(new - x), lr * rms, rtol=1e-12)


@given(
    st.lists(arrays(float, (3, 2), elements=st.floats(-100, 100)), min_size=1, max_size=15),
    st.floats(1.0, 3.0),
)
def test_every_update_has_rms_at_most_d(grads, d):
    opt = Adafactor(lr=0.1, d=d, factored=True, eps2=0.5)  # small θ: α = ε₂ min(γ, 1/√t)
    x, state = np.zeros((3, 2)), opt.init(np.zeros((3, 2)))
    for t, g in enumerate(grads, 1):
        alpha = max(0.5, math.sqrt(np.mean(x**2))) * min(0.1, 1 / math.sqrt(t))
        new, state = opt.step(x, g, state)
        assert math.sqrt(np.mean(((new - x) / alpha) ** 2)) <= d * (1 + 1e-12)
        x = new


def test_adafactor_refuses_a_vector_when_factored():
    with pytest.raises(ValueError, match=r"^params must be a matrix.*factored=False"):
        Adafactor(factored=True).init(np.zeros(3))
    opt = Adafactor(factored=True)
    with pytest.raises(ValueError, match=r"^params must be a matrix"):
        opt.step(np.zeros(3), np.zeros(3), opt.init(np.zeros((3, 1))))


# %% Newton–Schulz and Muon

A, B, C = NS_COEFFICIENTS


def quintic(s, steps=5, coefficients=NS_COEFFICIENTS):
    a, b, c = coefficients
    for _ in range(steps):
        s = a * s + b * s**3 + c * s**5
    return s


def matrix_with(singular_values, rng, shape):
    m, n = shape
    u, _ = np.linalg.qr(rng.normal(size=(m, m)))
    v, _ = np.linalg.qr(rng.normal(size=(n, n)))
    s = np.zeros(shape)
    s[np.arange(len(singular_values)), np.arange(len(singular_values))] = singular_values
    return u @ s @ v.T, u, v


#: the band the default quintic keeps: p maps [lo, hi] into itself, hi = max p on [0, 1]
GRID = np.linspace(0, 1, 200_001)
BAND_HI = float(np.max(quintic(GRID, 1)))
BAND_LO = float(np.min(quintic(np.linspace(0.68, BAND_HI, 200_001), 1)))


def test_the_band_is_where_the_quintic_keeps_singular_values():
    assert pytest.approx(0.6818, abs=1e-4) == BAND_LO
    assert pytest.approx(1.2024, abs=1e-4) == BAND_HI
    inside = np.linspace(BAND_LO, BAND_HI, 10_001)
    assert np.all((quintic(inside, 1) >= BAND_LO) & (quintic(inside, 1) <= BAND_HI + 1e-12))


@given(
    st.sampled_from([(2, 2), (3, 2), (2, 5), (6, 4)]),
    st.floats(-3, 3),
    st.integers(0, 2**32 - 1),
)
def test_newton_schulz_is_the_quintic_on_each_singular_value(shape, log_scale, seed):
    """NS(G) = U p⁵(Σ / ‖G‖_F) Vᵀ: same singular vectors, each value through the scalar map."""
    rng = np.random.default_rng(seed)
    k = min(shape)
    s = np.sort(rng.uniform(0.01, 1.0, size=k))[::-1] * 10**log_scale
    G, u, v = matrix_with(s, rng, shape)
    mapped = quintic(s / np.sqrt(np.sum(s**2)))
    expected = u[:, :k] @ np.diag(mapped) @ v[:, :k].T
    np.testing.assert_allclose(newton_schulz(G), expected, rtol=1e-9, atol=1e-11)


#: the smallest (normalised) singular value that five steps bring into the band
REACH = float(GRID[np.argmax(quintic(GRID) >= BAND_LO)])


def test_five_steps_reach_the_band_from_about_a_thousandth():
    assert 0.001 < REACH < 0.002
    above = np.linspace(REACH, 1, 100_001)
    assert np.all((quintic(above) >= BAND_LO) & (quintic(above) <= BAND_HI + 1e-12))


@given(st.sampled_from([(3, 3), (4, 2), (2, 7), (5, 4)]), st.integers(0, 2**32 - 1))
def test_singular_values_are_pushed_into_the_band(shape, seed):
    """Every singular value of at least 0.002 of the Frobenius norm ends in [0.68, 1.21]."""
    rng = np.random.default_rng(seed)
    k = min(shape)
    s = np.exp(rng.uniform(np.log(0.002), 0, size=k))
    s = np.maximum(s / np.sqrt(np.sum(s**2)), 0.002)  # about as Newton–Schulz will see them
    G, _, _ = matrix_with(s, rng, shape)
    out = np.linalg.svd(newton_schulz(G), compute_uv=False)
    assert np.all(out >= BAND_LO - 1e-9)
    assert np.all(out <= BAND_HI + 1e-9)
    before = s / np.sqrt(np.sum(s**2))
    assert np.max(np.abs(out - 1)) < np.max(np.abs(before - 1))  # nearer 1 than before


def test_five_steps_do_not_reach_the_smallest_singular_values():
    """p⁵(s) <= a⁵ s: a direction 10⁻⁵ of the norm stays small (the cost of five steps)."""
    rng = np.random.default_rng(3)
    G, _, _ = matrix_with([1.0, 1e-5], rng, (2, 2))
    out = np.sort(np.linalg.svd(newton_schulz(G), compute_uv=False))
    assert out[0] < A**5 * 1e-5 * 1.001
    assert out[0] == pytest.approx(quintic(1e-5 / math.sqrt(1 + 1e-10)), rel=1e-6)


def test_the_cubic_converges_to_the_orthogonal_factor():
    rng = np.random.default_rng(4)
    G = rng.normal(size=(5, 3))
    u, _, vt = np.linalg.svd(G, full_matrices=False)
    O = newton_schulz(G, steps=40, coefficients=(1.5, -0.5, 0.0))
    np.testing.assert_allclose(O, u @ vt, atol=1e-12)
    np.testing.assert_allclose(O.T @ O, np.eye(3), atol=1e-12)


@given(arrays(float, (3, 4), elements=normal), st.integers(-10, 10))
def test_newton_schulz_sees_neither_scale_nor_transposition(G, power):
    if np.linalg.norm(G) < 1.0:  # well above ε = 1e-7 after the scaling
        return
    np.testing.assert_array_equal(newton_schulz(G * 2.0**power), newton_schulz(G))
    np.testing.assert_allclose(newton_schulz(G.T), newton_schulz(G).T, rtol=1e-10, atol=1e-12)


def test_newton_schulz_on_a_batch_is_each_alone_and_zero_steps_normalise(rng):
    G = rng.normal(size=(4, 3, 2))
    batch = newton_schulz(G)
    for k in range(4):
        np.testing.assert_array_equal(batch[k], newton_schulz(G[k]))
    np.testing.assert_allclose(newton_schulz(G[0], steps=0), G[0] / np.linalg.norm(G[0]))
    np.testing.assert_array_equal(newton_schulz(np.zeros((2, 3))), np.zeros((2, 3)))  # by ε


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"matrix": np.ones(3)}, "matrix"),
        ({"matrix": 1.0}, "matrix"),
        ({"matrix": np.ones((2, 2)) + 1j}, "matrix"),
        ({"matrix": [["a", "b"]]}, "matrix"),
        ({"steps": -1}, "steps"),
        ({"steps": 100}, "steps"),
        ({"steps": 2.0}, "steps"),
        ({"coefficients": (1.0, 2.0)}, "coefficients"),
        ({"coefficients": (1.0, np.inf, 0.0)}, "coefficients"),
        ({"coefficients": "abc"}, "coefficients"),
        ({"eps": 0.0}, "eps"),
        ({"eps": "1e-7"}, "eps"),
    ],
)
def test_newton_schulz_refuses_bad_arguments(kwargs, name):
    args = {"matrix": np.eye(2)} | kwargs
    with pytest.raises((ValueError, TypeError), match=rf"^{name}\b"):
        newton_schulz(**args)


def test_a_non_finite_matrix_gives_nan_quietly():
    out = newton_schulz(np.array([[1.0, np.inf], [0.0, 1.0]]))
    assert np.all(np.isnan(out))


@pytest.mark.parametrize("bad", [np.zeros(3), np.zeros(()), [1.0, 2.0]])
def test_muon_refuses_vectors_naming_params(bad):
    opt = Muon()
    with pytest.raises(ValueError, match=r"^params must be a matrix.*Muon"):
        opt.init(bad)
    with pytest.raises(ValueError, match=r"^params must be a matrix"):
        opt.step(bad, bad, opt.init(np.zeros((3, 1))))


def test_muons_first_step_is_the_orthogonalised_gradient(rng):
    """m₁ = (1-μ) g and u₁ = (1-μ²)... both multiples of g, which Newton–Schulz normalises."""
    W, g = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    for nesterov in (True, False):
        opt = Muon(lr=0.02, weight_decay=0.1, nesterov=nesterov)
        new, state = opt.step(W, g, opt.init(W))
        scale = math.sqrt(4 / 3)  # "original": sqrt(max(1, m/n)) for a tall matrix
        expected = W * (1 - 0.02 * 0.1) - 0.02 * scale * newton_schulz(g)
        np.testing.assert_allclose(new, expected, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(state.m, 0.05 * g, rtol=1e-15)


@pytest.mark.parametrize(
    ("shape", "adjust", "factor"),
    [
        ((4, 1), "original", 2.0),
        ((1, 4), "original", 1.0),
        ((3, 3), "original", 1.0),
        ((100, 25), "match_rms_adamw", 2.0),
        ((25, 100), "match_rms_adamw", 2.0),
    ],
)
def test_the_rate_scales_with_the_shape(shape, adjust, factor):
    opt = Muon(lr=0.01, weight_decay=0.0, beta=0.0, nesterov=False, adjust_lr_fn=adjust)
    g = np.random.default_rng(5).normal(size=shape)
    new, _ = opt.step(np.zeros(shape), g, opt.init(np.zeros(shape)))
    np.testing.assert_allclose(new, -0.01 * factor * newton_schulz(g), rtol=1e-12)


def test_muons_step_has_spectral_norm_about_lr(rng):
    """Whatever the gradients' scale, the step's largest singular value is at most γ s · 1.21."""
    for scale in (1e-4, 1.0, 1e4):
        opt = Muon(lr=0.01, weight_decay=0.0)
        W = np.zeros((6, 4))
        state = opt.init(W)
        for _ in range(10):
            new, state = opt.step(W, scale * rng.normal(size=(6, 4)), state)
            top = np.linalg.norm(new - W, ord=2)
            assert 0.01 * math.sqrt(6 / 4) * BAND_LO * 0.9 < top
            assert top <= 0.01 * math.sqrt(6 / 4) * BAND_HI * (1 + 1e-12)
            W = new


def test_muon_on_a_surface_runs_a_matrix_of_points():
    """run() with a start (m, dim): one m×dim matrix, rows on the surface, objective their sum."""
    surface = Quadratic(np.diag([1.0, 9.0]))
    start = np.array([[2.0, 1.0], [-1.0, 0.5], [0.5, -2.0]])
    traj = run(Muon(lr=0.05, weight_decay=0.0), surface, start, 80)
    W, opt = start, Muon(lr=0.05, weight_decay=0.0)
    state = opt.init(W)
    for t in range(80):
        W, state = opt.step(W, W @ np.diag([1.0, 9.0]), state)
        np.testing.assert_array_equal(traj.path[t + 1], W)
    assert np.sum(traj.loss[-1]) < 0.05 * np.sum(traj.loss[0])
