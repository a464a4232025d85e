"""torch.optim's other rules (NAdam, RAdam, Adamax, Adadelta, Rprop, ASGD) and the options of
the existing ones (dampening, weight decay, lr_decay, centered, amsgrad, ...): torch's defaults,
options that leave the plain rule alone when off, the properties each rule's theory promises,
and the state types the options bring. Equality with torch step for step is
``test_torch_reference.py``'s."""

import dataclasses
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import descent
from descent import (
    ASGD,
    Adadelta,
    AdaGrad,
    Adam,
    Adamax,
    AdamW,
    GradientDescent,
    Momentum,
    NAdam,
    Nesterov,
    RAdam,
    RMSProp,
    Rprop,
    run,
)
from descent.optimizers import (
    ALL,
    AdamState,
    AMSGradState,
    NAdamState,
    RMSPropFullState,
    RMSPropState,
)
from descent.schedules import ExponentialLR, StepLR
from descent.surfaces import Quadratic, elongated_bowl

with np.load(Path(__file__).with_name("data") / "torch_reference.npz") as _file:
    META = json.loads(str(_file["meta"]))

NEW = (NAdam, RAdam, Adamax, Adadelta, Rprop, ASGD)
finite = st.floats(-1e3, 1e3, allow_nan=False)
grad_sequences = st.lists(arrays(float, 3, elements=finite), min_size=1, max_size=25)


def _steps(opt, grads, x=None):
    """The parameters after each of ``grads`` (a fixed gradient sequence), and the states."""
    x = np.zeros(np.shape(grads[0])) if x is None else x
    state, path, states = opt.init(x), [], []
    for g in grads:
        x, state = opt.step(x, g, state)
        path.append(x)
        states.append(state)
    return np.array(path), states


# %% torch's defaults, and options that change nothing when off


def test_the_new_rules_are_exported_and_registered():
    for cls in NEW:
        assert getattr(descent, cls.__name__) is cls
        assert cls.__name__ in descent.optimizers.__all__
        assert ALL[cls.__name__] is cls
        assert cls.__name__ in descent.optimizers.__doc__


@pytest.mark.parametrize("cls", NEW, ids=lambda c: c.__name__)
def test_a_new_rule_has_torchs_defaults(cls):
    """Every hyperparameter, from torch 2.13's signature (recorded with the reference data)."""
    torch_defaults = META["torch_defaults"][cls.__name__]
    fields = dataclasses.fields(cls)
    assert {f.name for f in fields} == set(torch_defaults)
    for f in fields:
        assert f.default == torch_defaults[f.name], f.name
        assert type(f.default) is type(torch_defaults[f.name]) or isinstance(f.default, float)


@pytest.mark.parametrize("cls", list(ALL.values()), ids=list(ALL))
def test_an_option_has_torchs_default_which_is_off(cls):
    """Every rule of the registry with torch's options; those without a torch.optim class
    (Lion, sign descent, schedule-free, Newton) have none."""
    if cls.__name__ not in META["torch_defaults"]:
        assert not cls._options
        return
    torch_defaults = META["torch_defaults"][cls.__name__]
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    for name in cls._options:
        assert defaults[name] == torch_defaults[name], name


PLAIN_AND_OFF = [
    (Momentum(lr=0.05, beta=0.8), Momentum(lr=0.05, beta=0.8, dampening=0.0, weight_decay=0)),
    (Nesterov(lr=0.05), Nesterov(lr=0.05, dampening=0, weight_decay=0.0)),
    (AdaGrad(lr=0.5), AdaGrad(lr=0.5, lr_decay=0, weight_decay=0, initial_accumulator_value=0)),
    (RMSProp(lr=0.01), RMSProp(lr=0.01, momentum=0.0, centered=False, weight_decay=0.0)),
    (Adam(lr=0.05), Adam(lr=0.05, weight_decay=0.0, amsgrad=False)),
    (AdamW(lr=0.05), AdamW(lr=0.05, amsgrad=False)),
]


@pytest.mark.parametrize(("plain", "off"), PLAIN_AND_OFF, ids=lambda o: type(o).__name__)
def test_options_that_are_off_are_the_plain_rule_bit_for_bit(plain, off, rng):
    assert plain == off
    assert repr(plain) == repr(off)
    assert "=" not in repr(off).split(off._options[0])[-1] or off._options[0] not in repr(off)
    starts = rng.uniform(-3, 3, size=(4, 2))
    a = run(plain, elongated_bowl(10), starts, steps=40, record_state=True)
    b = run(off, elongated_bowl(10), starts, steps=40, record_state=True)
    np.testing.assert_array_equal(a.path, b.path)
    assert type(a.states) is type(b.states)


def test_reprs_show_the_options_only_when_set():
    assert repr(Adam(lr=0.1)) == (
        "Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-08, bias_correction=True)"
    )
    assert repr(Adam(lr=0.1, amsgrad=True)) == (
        "Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-08, bias_correction=True, amsgrad=True)"
    )
    assert repr(RMSProp(centered=True, momentum=0.5)) == (
        "RMSProp(lr=0.01, beta=0.99, eps=1e-08, momentum=0.5, centered=True)"
    )
    assert repr(Momentum(lr=0.1, weight_decay=np.array([0.0, 0.1]))).endswith(
        "weight_decay=array([0. , 0.1]))"
    )  # a grid is shown, even with a 0 in it
    assert repr(Nesterov(lr=0.1, dampening=0.0)) == "Nesterov(lr=0.1, beta=0.9)"
    # the new rules show every hyperparameter, as the registry's classes always did
    assert repr(Rprop()) == (
        "Rprop(lr=0.01, eta_minus=0.5, eta_plus=1.2, step_size_min=1e-06, step_size_max=50.0)"
    )
    # equality and hashing see the options
    assert Adam(lr=0.1) != Adam(lr=0.1, amsgrad=True)
    assert len({Momentum(lr=0.1), Momentum(lr=0.1, dampening=0.5)}) == 2


# %% Momentum and Nesterov: torch's dampening and weight decay


@given(grad_sequences, st.floats(0.0, 0.99), st.floats(0.0, 1.0))
def test_dampened_momentum_is_the_moving_average_started_at_the_first_gradient(grads, beta, d):
    """torch: b₁ = g₁, then b_t = β b_{t-1} + (1 - d) g_t; with d = β the EMA started at g₁."""
    opt = Momentum(lr=0.1, beta=beta, dampening=d)
    _, states = _steps(opt, grads)
    b = grads[0]
    np.testing.assert_array_equal(states[0].velocity, grads[0])
    for g, state in zip(grads[1:], states[1:], strict=True):
        b = beta * b + (1 - d) * g
        np.testing.assert_allclose(state.velocity, b, rtol=1e-12, atol=1e-9)


def test_momentum_dampened_by_its_beta_is_the_conventions_chapters_torch_form():
    """The recorded torch SGD(momentum=β, dampening=β) runs are Momentum(dampening=β)'s."""
    ref = np.load(Path(__file__).with_name("data") / "torch_reference.npz")
    for case in META["conventions"]:
        kw = case["kwargs"]
        opt = Momentum(lr=kw["lr"], beta=kw["momentum"], dampening=kw["dampening"])
        keys = META["fixed"][case["grads"]]
        path, _ = _steps(opt, ref[keys["grads"]], ref[keys["start"]])
        np.testing.assert_allclose(path, ref[case["path"]], rtol=1e-10, atol=0)


def test_nesterov_refuses_dampening_as_torch_does():
    for bad in (0.5, 1e-12, -0.1, np.float64(0.3)):
        with pytest.raises(ValueError, match=r"^dampening must be 0 for Nesterov"):
            Nesterov(lr=0.1, dampening=bad)
    with pytest.raises(TypeError, match=r"^dampening must be a real number"):
        Nesterov(lr=0.1, dampening="0")
    assert "dampening" not in {f.name for f in dataclasses.fields(Nesterov)}
    assert Nesterov(lr=0.1, dampening=0) == Nesterov(lr=0.1)


L2_RULES = [
    lambda **k: Momentum(lr=0.02, beta=0.8, **k),
    lambda **k: Momentum(lr=0.02, beta=0.8, dampening=0.3, **k),
    lambda **k: Nesterov(lr=0.02, beta=0.8, **k),
    lambda **k: AdaGrad(lr=0.3, **k),
    lambda **k: RMSProp(lr=0.01, **k),
    lambda **k: RMSProp(lr=0.01, centered=True, momentum=0.5, **k),
    lambda **k: Adam(lr=0.05, **k),
    lambda **k: Adam(lr=0.05, amsgrad=True, **k),
    lambda **k: NAdam(lr=0.05, **k),
    lambda **k: RAdam(lr=0.05, **k),
    lambda **k: Adamax(lr=0.05, **k),
    lambda **k: Adadelta(lr=5.0, **k),
    lambda **k: ASGD(lr=0.02, t0=5.0, **k),
]


@pytest.mark.parametrize("make", L2_RULES, ids=lambda m: repr(m()).split("(")[0])
def test_weight_decay_is_the_gradient_of_an_l2_penalty(make):
    """torch's weight_decay=λ (all but AdamW's): the rule on J + λ‖θ‖²/2, i.e. on A + λI."""
    A, b, lam = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -0.5]), 0.3
    start = np.array([1.5, -2.0])
    decayed = run(make(weight_decay=lam), Quadratic(A, b=b), start, steps=60)
    penalised = run(make(), Quadratic(A + lam * np.eye(2), b=b), start, steps=60)
    np.testing.assert_allclose(decayed.path, penalised.path, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("cls", [NAdam, RAdam], ids=lambda c: c.__name__)
def test_decoupled_weight_decay_shrinks_the_parameters_as_adamw_does(cls):
    opt = cls(lr=0.1, weight_decay=0.5, decoupled_weight_decay=True)
    x, state = np.array([2.0, -1.0]), opt.init(np.zeros(2))
    for _ in range(3):
        x, state = opt.step(x, np.zeros(2), state)
    np.testing.assert_allclose(x, np.array([2.0, -1.0]) * 0.95**3, rtol=1e-15)
    np.testing.assert_array_equal(state.m, 0.0)  # the moments never saw the decay


# %% AdaGrad's lr_decay and initial accumulator


def test_adagrad_lr_decay_divides_the_rate_of_update_t_by_1_plus_t_minus_1_kappa():
    opt = AdaGrad(lr=0.5, lr_decay=0.25, eps=1e-30)
    g = np.ones(1)
    path, states = _steps(opt, [g] * 5)
    steps = -np.diff(np.concatenate([[0.0], path[:, 0]]))
    t = np.arange(1, 6)
    np.testing.assert_allclose(steps, 0.5 / (1 + (t - 1) * 0.25) / np.sqrt(t), rtol=1e-14)
    for state, step in zip(states, steps, strict=True):  # effective_lr × g is the step
        np.testing.assert_allclose(opt.effective_lr(state), step, rtol=1e-14)


def test_adagrad_effective_lr_with_lr_decay_and_a_schedule_of_stacked_states():
    opt = AdaGrad(lr=StepLR(0.5, 3, 0.5), lr_decay=0.1, initial_accumulator_value=0.3)
    traj = run(opt, elongated_bowl(10), np.array([[-4.0, 2.0], [1.0, 1.0]]), 9, record_state=True)
    stacked = opt.effective_lr(traj.states)
    for t in range(1, 10):
        state_t = type(traj.states)(*(field[t] for field in traj.states))
        np.testing.assert_allclose(stacked[t], opt.effective_lr(state_t), rtol=1e-14)
        step = traj.path[t - 1] - traj.path[t]
        grad = elongated_bowl(10).grad(traj.path[t - 1])
        np.testing.assert_allclose(step, opt.effective_lr(state_t) * grad, rtol=1e-12)


@given(st.floats(0.0, 100.0), arrays(float, 3, elements=finite))
def test_adagrad_initial_accumulator_is_the_sum_before_the_first_gradient(s0, g):
    opt = AdaGrad(lr=0.5, initial_accumulator_value=s0)
    x, state = opt.step(np.zeros(3), g, opt.init(np.zeros(3)))
    np.testing.assert_allclose(state.sum_squares, s0 + g * g, rtol=1e-15)
    np.testing.assert_allclose(x, -0.5 * g / (np.sqrt(s0 + g * g) + opt.eps), rtol=1e-14)


# %% RMSProp's momentum and centered


def test_rmsprop_states_gain_fields_only_with_options():
    x = np.zeros(2)
    for plain in (RMSProp(), RMSProp(momentum=0.0), RMSProp(momentum=np.zeros(2))):
        assert type(plain.init(x)) is RMSPropState
    for opt in (
        RMSProp(centered=True),
        RMSProp(momentum=0.5),
        RMSProp(momentum=np.array([0, 1e-3])),
    ):
        state = opt.init(x)
        assert type(state) is RMSPropFullState
        assert state._fields == ("square_avg", "grad_avg", "momentum_buffer", "count")
    with pytest.raises(TypeError, match=r"^state must be the RMSPropFullState of RMSProp"):
        RMSProp(centered=True).step(x, x, RMSProp().init(x))
    with pytest.raises(TypeError, match=r"^state must be the RMSPropState of RMSProp"):
        RMSProp().step(x, x, RMSProp(centered=True).init(x))


@given(grad_sequences)
def test_centered_rmsprop_divides_by_the_standard_deviation(grads):
    """s - ḡ² is the moving variance: never above s, so centered steps are never smaller."""
    beta = 0.9
    plain, centered = RMSProp(lr=0.01, beta=beta), RMSProp(lr=0.01, beta=beta, centered=True)
    _, plain_states = _steps(plain, grads)
    _, states = _steps(centered, grads)
    s, gbar = np.zeros(3), np.zeros(3)
    for g, p, c in zip(grads, plain_states, states, strict=True):
        s, gbar = beta * s + (1 - beta) * g * g, beta * gbar + (1 - beta) * g
        np.testing.assert_allclose(c.grad_avg, gbar, rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(c.square_avg, p.square_avg)
        assert np.all(centered.effective_lr(c) >= plain.effective_lr(p) * (1 - 1e-12))


@given(grad_sequences, st.floats(0.01, 0.95))
def test_rmsprop_momentum_buffers_the_scaled_gradients(grads, mu):
    """b_t = μ b_{t-1} + g_t/(√s_t + ε) and θ_t = θ_{t-1} - α b_t: momentum on RMSProp's steps."""
    opt, plain = RMSProp(lr=0.01, momentum=mu), RMSProp(lr=0.01)
    path, states = _steps(opt, grads)
    _, plain_states = _steps(plain, grads)
    b, x = np.zeros(3), np.zeros(3)
    for g, state, p, new in zip(grads, states, plain_states, path, strict=True):
        b = mu * b + plain.effective_lr(p) / 0.01 * g
        x = x - 0.01 * b
        np.testing.assert_allclose(state.momentum_buffer, b, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(new, x, rtol=1e-9, atol=1e-9)


def test_rmsprop_with_a_momentum_of_zero_is_rmsprop():
    grads = np.random.default_rng(3).normal(size=(30, 4))
    a, _ = _steps(RMSProp(lr=0.01, momentum=np.zeros(4)), grads)
    b, _ = _steps(RMSProp(lr=0.01), grads)
    np.testing.assert_allclose(a, b, rtol=1e-14, atol=1e-16)


# %% Adam's and AdamW's amsgrad


@given(grad_sequences, st.floats(0.5, 0.999))
def test_amsgrad_keeps_the_largest_second_moment_and_never_steps_further_than_adam(grads, b2):
    adam, ams = Adam(lr=0.1, beta2=b2), Adam(lr=0.1, beta2=b2, amsgrad=True)
    _, adam_states = _steps(adam, grads)
    _, states = _steps(ams, grads)
    v_max = np.zeros(3)
    for a, s in zip(adam_states, states, strict=True):
        np.testing.assert_array_equal(s.m, a.m)
        np.testing.assert_array_equal(s.v, a.v)
        v_max = np.maximum(v_max, a.v)
        np.testing.assert_array_equal(s.v_max, v_max)
        # the same m̂ over a larger √v̂: never a longer step
        assert np.all(ams.effective_lr(s) <= adam.effective_lr(a) * (1 + 1e-12))


def test_amsgrad_state_and_its_effective_lr():
    x = np.zeros(2)
    for opt in (Adam(amsgrad=True), AdamW(amsgrad=True)):
        assert type(opt.init(x)) is AMSGradState
        with pytest.raises(TypeError, match=r"^state must be the AMSGradState of Adam"):
            opt.step(x, x, Adam().init(x))
    assert type(Adam().init(x)) is AdamState
    opt = Adam(lr=0.5, amsgrad=True)
    x, g = np.array([1.0, 2.0]), np.array([0.3, -4.0])
    state = opt.init(x)
    for _ in range(3):  # the step is effective_lr × m̂
        new, state = opt.step(x, g, state)
        m_hat = state.m / (1 - opt.beta1**state.count)
        np.testing.assert_allclose(x - new, opt.effective_lr(state) * m_hat, rtol=1e-12)
        x, g = new, -0.5 * g


def test_amsgrad_adamw_decays_then_steps_as_amsgrad_adam():
    grads = np.random.default_rng(4).normal(size=(20, 3))
    x0 = np.array([1.0, -2.0, 0.5])
    w, _ = _steps(AdamW(lr=0.01, weight_decay=0.0, amsgrad=True), grads, x0)
    a, _ = _steps(Adam(lr=0.01, amsgrad=True), grads, x0)
    np.testing.assert_array_equal(w, a)
    opt = AdamW(lr=0.1, weight_decay=0.5, amsgrad=True)
    y, _ = opt.step(np.array([2.0]), np.array([0.0]), opt.init(np.zeros(1)))
    np.testing.assert_array_equal(y, [1.9])


# %% NAdam, RAdam, Adamax


@given(grad_sequences, st.floats(0.0, 0.99))
def test_nadam_with_a_constant_momentum_is_dozats_rule(grads, beta1):
    """ψ so large that 0.96^{tψ} = 0: μ_t = β1 always, so ∏μ = β1^t and
    m̂ = β1 m_t/(1-β1^{t+1}) + (1-β1) g_t/(1-β1^t)."""
    opt = NAdam(lr=0.01, beta1=beta1, momentum_decay=1e6)
    path, states = _steps(opt, grads)
    m, v, x = np.zeros(3), np.zeros(3), np.zeros(3)
    for t, (g, state, new) in enumerate(zip(grads, states, path, strict=True), start=1):
        m, v = beta1 * m + (1 - beta1) * g, 0.999 * v + 0.001 * g * g
        np.testing.assert_allclose(state.mu_product, beta1**t, rtol=1e-12)
        m_hat = beta1 * m / (1 - beta1 ** (t + 1)) + (1 - beta1) * g / (1 - beta1**t)
        x = x - 0.01 * m_hat / (np.sqrt(v / (1 - 0.999**t)) + opt.eps)
        np.testing.assert_allclose(new, x, rtol=1e-9, atol=1e-12)


def test_nadam_mu_warms_up_from_half_of_beta1_towards_beta1():
    """μ_t = β1 (1 - 0.96^{tψ}/2): about β1/2 at first, β1 in the limit; with torch's ψ = 0.004
    the warm-up is slow (0.96^{tψ} halves every ~4,200 updates)."""
    opt = NAdam(lr=0.01, momentum_decay=0.004)
    _, states = _steps(opt, [np.ones(1)] * 300)
    product = np.array([s.mu_product[0] for s in states])
    mu_t = product[1:] / product[:-1]  # μ_t, t = 2, 3, ...
    t = np.arange(2, 301)
    np.testing.assert_allclose(mu_t, 0.9 * (1 - 0.5 * 0.96 ** (t * 0.004)), rtol=1e-12)
    assert np.all(np.diff(mu_t) > 0)
    assert 0.45 < mu_t[0] < mu_t[-1] < 0.9
    assert type(states[0]) is NAdamState
    fast = NAdam(momentum_decay=1.0)  # ψ = 1: most of the way in 50 updates
    _, states = _steps(fast, [np.ones(1)] * 51)
    assert states[50].mu_product[0] / states[49].mu_product[0] > 0.8


@given(grad_sequences, st.floats(0.0, 0.9), st.floats(0.0, 2 / 3))
def test_radam_with_a_short_memory_is_bias_corrected_momentum_throughout(grads, beta1, beta2):
    """β2 ≤ 2/3 makes rho_inf <= 5: never rectified, so every step is α m_t/(1-β1^t)."""
    path, _ = _steps(RAdam(lr=0.01, beta1=beta1, beta2=beta2), grads)
    m, x = np.zeros(3), np.zeros(3)
    for t, (g, new) in enumerate(zip(grads, path, strict=True), start=1):
        m = beta1 * m + (1 - beta1) * g
        x = x - 0.01 * m / (1 - beta1**t)
        np.testing.assert_allclose(new, x, rtol=1e-10, atol=1e-10)


def test_radam_rectification_starts_at_rho_5_and_tends_to_one():
    beta2, t = 0.999, np.arange(1, 20001)
    rho_inf = 2 / (1 - beta2) - 1
    rho = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
    assert t[np.argmax(rho > 5)] == 6  # the first 5 updates are momentum's
    rho = rho[5:]
    rect = np.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
    assert np.all(np.diff(rect) > 0)
    assert rect[-1] == pytest.approx(1.0, abs=1e-3)
    # a constant gradient: v_t = (1-β2^t) g², so the step is α r_t, rising to Adam's α
    opt = RAdam(lr=0.01, eps=1e-30)
    path, _ = _steps(opt, [np.ones(1)] * 3000)
    steps = -np.diff(path[:, 0])  # updates 2..3000
    np.testing.assert_allclose(steps[4:], 0.01 * rect[: 3000 - 6 + 1], rtol=1e-9)
    assert steps[-1] > 0.009


@given(arrays(float, 3, elements=finite.filter(lambda g: abs(g) > 1e-3)), st.floats(1e-4, 1.0))
def test_adamax_first_step_is_lr_times_sign(g, lr):
    opt = Adamax(lr=lr)
    x, state = opt.step(np.zeros(3), g, opt.init(np.zeros(3)))
    np.testing.assert_allclose(x, -lr * g / (np.abs(g) + opt.eps), rtol=1e-12)
    np.testing.assert_array_equal(state.u, np.abs(g) + opt.eps)


@given(grad_sequences)
def test_adamax_u_is_the_largest_discounted_gradient(grads):
    beta2 = 0.9
    _, states = _steps(Adamax(lr=0.01, beta2=beta2, eps=1e-8), grads)
    g = np.abs(np.array(grads)) + 1e-8
    for t, state in enumerate(states):
        discounts = beta2 ** np.arange(t, -1, -1)[:, None]  # β2^(t - s) for s = 0..t
        np.testing.assert_allclose(state.u, np.max(discounts * g[: t + 1], axis=0), rtol=1e-12)


# %% Steps without a scale: Adadelta and Rprop


@given(st.floats(1e-3, 1e3), st.integers(0, 2**32 - 1))
def test_adadelta_steps_do_not_depend_on_the_scale_of_the_gradients(c, seed):
    """Up to ε: with |g| >= 0.1 the squared gradients c²g² stay at least 1e7 times ε, so ε moves
    no step by more than about 1e-7 of itself (a gradient near 0 would let ε decide)."""
    g = np.random.default_rng(seed).normal(size=(40, 3))
    grads = np.sign(g) * (0.1 + np.abs(g))
    opt = Adadelta(eps=1e-16)
    a, _ = _steps(opt, grads)
    b, _ = _steps(opt, c * grads)
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-12)


def test_adadelta_first_step_is_sqrt_eps_over_sqrt_one_minus_beta():
    opt = Adadelta()
    x, _ = opt.step(np.zeros(2), np.array([1e3, -1e2]), opt.init(np.zeros(2)))
    np.testing.assert_allclose(x, [-1e-3 / math.sqrt(0.1), 1e-3 / math.sqrt(0.1)], rtol=1e-6)


@given(st.floats(1e-6, 1e6), st.integers(0, 2**32 - 1))
def test_rprop_sees_only_the_signs_of_the_gradients(c, seed):
    rng = np.random.default_rng(seed)
    grads = rng.normal(size=(40, 3)) * (rng.uniform(size=(40, 3)) > 0.2)
    a, _ = _steps(Rprop(lr=0.05), grads)
    b, _ = _steps(Rprop(lr=0.05), c * grads)
    np.testing.assert_array_equal(a, b)


@given(grad_sequences, st.floats(1e-3, 1.0))
def test_rprop_step_sizes_follow_the_signs_within_their_bounds(grads, lr):
    opt = Rprop(lr=lr, step_size_min=1e-3, step_size_max=0.5)
    path, states = _steps(opt, grads)
    step, prev, x = np.full(3, lr), np.zeros(3), np.zeros(3)
    for g, state, new in zip(grads, states, path, strict=True):
        agree = g * prev
        factor = np.where(agree > 0, 1.2, np.where(agree < 0, 0.5, 1.0))
        step = np.clip(step * factor, 1e-3, 0.5)
        g = np.where(agree < 0, 0.0, g)
        x = x - step * np.sign(g)
        prev = g
        np.testing.assert_allclose(state.step_size, step, rtol=1e-15)
        np.testing.assert_array_equal(state.prev_grad, prev)
        np.testing.assert_allclose(new, x, rtol=1e-13, atol=1e-15)
        assert np.all((state.step_size >= 1e-3) & (state.step_size <= 0.5))


def test_rprop_lr_is_only_the_first_step_size():
    grads = np.random.default_rng(5).normal(size=(30, 2))
    a, _ = _steps(Rprop(lr=0.1), grads)
    b, _ = _steps(Rprop(lr=ExponentialLR(0.1, 0.5)), grads)  # as torch: the scheduler is idle
    np.testing.assert_array_equal(a, b)


def test_rprop_step_sizes_must_be_ordered():
    with pytest.raises(ValueError, match=r"^step_size_max must be >= step_size_min"):
        Rprop(step_size_min=1.0, step_size_max=0.5)
    with pytest.raises(ValueError, match=r"^step_size_max must be >= step_size_min in every"):
        Rprop(step_size_min=np.array([0.1, 1.0]), step_size_max=0.5)
    with pytest.raises(ValueError, match=r"^eta_plus must be in \(1, inf\)"):
        Rprop(eta_plus=1.0)
    with pytest.raises(ValueError, match=r"^eta_minus must be in \(0, 1\)"):
        Rprop(eta_minus=1.0)
    Rprop(step_size_min=0.0, step_size_max=1e-300)  # allowed, if pointless


# %% ASGD: a decaying rate, and the average


@given(grad_sequences, st.floats(1e-3, 0.5))
def test_asgd_without_decay_is_gradient_descent_and_averages_from_t0_plus_2(grads, lr):
    t0 = 3.0
    path, states = _steps(ASGD(lr=lr, lambd=0.0, t0=t0), grads)
    gd, _ = _steps(GradientDescent(lr=lr), grads)
    np.testing.assert_array_equal(path, gd)
    for t, state in enumerate(states, start=1):
        first = min(t, int(t0) + 2)  # the mean of θ_{t0+2}, ..., θ_t (1-based)
        expected = np.mean(path[first - 1 : t], axis=0)
        np.testing.assert_allclose(state.ax, expected, rtol=1e-10, atol=1e-10 * lr * 1e3)


def test_asgd_rate_decays_as_its_formula():
    opt = ASGD(lr=0.1, lambd=0.5, alpha=0.75)
    _, states = _steps(opt, [np.ones(2)] * 10)
    t = np.arange(1, 11)
    np.testing.assert_allclose([s.eta[0] for s in states], 0.1 / (1 + 0.05 * t) ** 0.75)
    np.testing.assert_array_equal([s.mu[0] for s in states], np.ones(10))  # t0 = 1e6


def test_asgd_with_the_default_t0_never_averages_a_short_run():
    traj = run(ASGD(lr=0.01), elongated_bowl(10), np.array([3.0, 1.0]), 200, record_state=True)
    np.testing.assert_array_equal(traj.states.ax[1:], traj.path[1:])
    np.testing.assert_array_equal(traj.states.ax[0], [0.0, 0.0])  # torch's ax starts at 0


def test_asgd_state_scalars_are_shaped_like_the_parameters():
    opt = ASGD(lr=np.array([[0.01], [0.02]]), t0=np.array([0.0, 1.0, 2.0]))
    state = opt.init(np.zeros((2, 3)))
    assert state.eta.shape == state.mu.shape == state.ax.shape == (2, 3)
    _, state = opt.step(np.zeros((2, 3)), np.ones((2, 3)), state)
    assert state.eta.shape == state.mu.shape == (2, 3)


# %% Hostile input on the option paths (tests/test_hostile.py covers each class at its defaults)

OPTION_PATHS = {
    "Momentum-dampened": lambda: Momentum(lr=0.05, dampening=0.5, weight_decay=0.1),
    "Nesterov-L2": lambda: Nesterov(lr=0.05, weight_decay=0.1),
    "AdaGrad-options": lambda: AdaGrad(lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=1),
    "RMSProp-centered-momentum": lambda: RMSProp(momentum=0.5, centered=True, weight_decay=0.1),
    "Adam-amsgrad-L2": lambda: Adam(lr=0.05, amsgrad=True, weight_decay=0.1),
    "AdamW-amsgrad": lambda: AdamW(lr=0.05, amsgrad=True, weight_decay=0.0),
    "NAdam-decoupled": lambda: NAdam(weight_decay=0.0, decoupled_weight_decay=True),
    "RAdam-decoupled": lambda: RAdam(weight_decay=0.0, decoupled_weight_decay=True),
    "ASGD-averaging": lambda: ASGD(lambd=0.1, t0=0.0),
    "Rprop-clipped": lambda: Rprop(step_size_min=0.01, step_size_max=0.02),
}
option_paths = pytest.mark.parametrize("make", OPTION_PATHS.values(), ids=OPTION_PATHS.keys())


@option_paths
@given(bad=st.sampled_from([np.inf, -np.inf, np.nan]), where=st.integers(0, 2))
@settings(max_examples=20)
def test_non_finite_gradients_stay_where_they_are_on_the_option_paths(make, bad, where):
    opt = make()
    x, g = np.ones(3), np.array([1.0, -2.0, 0.5])
    g_bad = g.copy()
    g_bad[where] = bad
    for _ in range(2):  # twice: the second step reads the state the first one left
        state = opt.init(x)
        new, state = opt.step(x, g_bad, state)
        new, _ = opt.step(new, g, state)
        ref, ref_state = opt.step(x, g, opt.init(x))
        ref, _ = opt.step(ref, g, ref_state)
        assert not np.isfinite(new[where])
        others = np.arange(3) != where
        np.testing.assert_array_equal(new[others], ref[others])


@option_paths
def test_option_paths_compute_in_float64_on_any_shape(make):
    opt = make()
    for shape in [(1,), (7,), (2, 3, 4)]:
        p = np.ones(shape, dtype=np.float32)
        new, state = opt.step(p, np.full(shape, 2, dtype=np.int16), opt.init(p))
        assert new.dtype == np.float64
        assert new.shape == shape
        assert all(f.dtype == np.float64 for f in state[:-1])


@option_paths
def test_a_state_of_another_shape_is_refused_on_the_option_paths(make):
    opt = make()
    with pytest.raises(ValueError, match=r"^state\.\w+ must have the shape of params"):
        opt.step(np.ones(2), np.ones(2), opt.init(np.ones(3)))


def test_option_hyperparameters_may_be_grids():
    """One coordinate per value of the option, each as that value alone (torch's options too)."""
    grads = np.random.default_rng(6).normal(size=(25, 3))
    for name, values, make in [
        ("dampening", [0.0, 0.4, 1.0], lambda v: Momentum(lr=0.05, dampening=v)),
        ("lr_decay", [0.0, 0.1, 1.0], lambda v: AdaGrad(lr_decay=v)),
        ("momentum", [0.0, 0.5, 0.9], lambda v: RMSProp(momentum=v)),
        (
            "initial_accumulator_value",
            [0.0, 1.0, 9.0],
            lambda v: AdaGrad(initial_accumulator_value=v),
        ),
        ("momentum_decay", [0.0, 0.004, 0.1], lambda v: NAdam(momentum_decay=v)),
        ("t0", [0.0, 3.0, 1e6], lambda v: ASGD(t0=v, lambd=0.05)),
        ("eta_plus", [1.1, 1.2, 2.0], lambda v: Rprop(eta_plus=v)),
    ]:
        grid, _ = _steps(make(np.array(values)), grads)
        for k, value in enumerate(values):
            alone, _ = _steps(make(value), grads[:, k : k + 1])
            np.testing.assert_allclose(
                grid[:, k], alone[:, 0], rtol=1e-13, atol=1e-15, err_msg=name
            )
