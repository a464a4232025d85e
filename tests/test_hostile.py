"""Hostile input: every public callable gives a clear error or the right answer.

A clear error is a ``ValueError`` (right kind, out of range) or a ``TypeError`` (wrong kind)
whose message names the argument; the right answer is checked against a reference computation.
No warning may escape (pyproject turns every warning into an error), and nothing may fail deep
inside numpy. Parametrised over the registries: ``descent.optimizers.ALL`` (with Adafactor's
matrix form as a rule of its own) and ``descent.surfaces.ALL``, plus the problems.
"""

import dataclasses
import math
import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import descent
from descent import Trajectory, ema, landscape, run, run_stochastic, sharpness, sweep_lr
from descent.objectives import Objective, Problem
from descent.optimizers import (
    ALL,
    Adafactor,
    Lion,
    Muon,
    ScheduleFreeAdamW,
    ScheduleFreeSGD,
    SignSGD,
    Signum,
)
from descent.problems import MLP, LinearRegression, Network, TwoBasins, cubic_data, wave_data
from descent.race import bootstrap_median, held_out_starts, performance_profile
from descent.schedules import CosineAnnealingLR, ExponentialLR, LinearLR, StepLR
from descent.surfaces import ALL as SURFACES
from descent.surfaces import Bumpy, Quadratic, Rosenbrock, elongated_bowl
from descent.sweeps import LRSweep

PROBLEMS = {
    "linear-regression": LinearRegression.synthetic(n=20, seed=1),
    "mlp": MLP(*cubic_data(n=30), hidden=3),
    "network": Network(*wave_data(n=20), widths=(3, 2)),
    "two-basins": TwoBasins.synthetic(n=20, seed=1),
}
OBJECTIVES = SURFACES | PROBLEMS


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class FactoredAdafactor(Adafactor):
    """Adafactor's matrix form, as a class of its own so that every check covers it."""

    factored: bool = True


#: Every optimizer of the registry, and Adafactor's matrix form. The matrix rules take the last
#: two axes as one matrix and refuse vectors: they are given matrices (see `shaped`).
#: Adafactor's vector form is not elementwise either (a vector's entries share its RMS).
OPTIMIZERS = ALL | {"FactoredAdafactor": FactoredAdafactor}
MATRIX = {Muon, FactoredAdafactor}
VECTOR = {Adafactor}
SIGN = {Lion, SignSGD, Signum}  # sign(±inf) = ±1: an infinite gradient gives a finite step
AVERAGING = {ScheduleFreeSGD, ScheduleFreeAdamW}  # x goes on moving towards z with lr = 0

#: The rules that couple the coordinates of the last axis (params are (..., dim)) and may need
#: more than a gradient: Newton (the Hessian) and L-BFGS. The tests of the other rules do not
#: all apply to them; each test that does names them (every_rule, with_newton, with_lbfgs).
CURVATURE = {"Newton": descent.Newton, "LBFGS": descent.LBFGS}
RULES = {name: cls for name, cls in OPTIMIZERS.items() if name not in CURVATURE}
EVERY_RULE = RULES | CURVATURE


def _rules(*names):
    chosen = RULES | {name: CURVATURE[name] for name in names}
    return pytest.mark.parametrize("cls", chosen.values(), ids=chosen.keys())


optimizers = _rules()  # every rule but Newton and L-BFGS
every_rule = _rules("Newton", "LBFGS")
with_newton = _rules("Newton")  # LBFGS's integer and string hyperparameters: test_curvature.py
with_lbfgs = _rules("LBFGS")  # where a step is taken without a Hessian
surfaces = pytest.mark.parametrize("surface", SURFACES.values(), ids=SURFACES.keys())
problems = pytest.mark.parametrize("problem", PROBLEMS.values(), ids=PROBLEMS.keys())
objectives = pytest.mark.parametrize("objective", OBJECTIVES.values(), ids=OBJECTIVES.keys())


def refused(name):
    """The error every hostile case must end in: one of the two, naming the argument."""
    return pytest.raises((ValueError, TypeError), match=rf"(?<![\w.]){re.escape(name)}\b")


# %% Strategies: values of the wrong kind, out of range, dtypes, shapes

#: anything that is not a real number (nor, for lr, a schedule)
wrong_kind = st.sampled_from(
    [
        "0.1",
        None,
        True,
        False,
        np.True_,
        1j,
        0.1 + 0j,
        [0.1],
        (0.1,),
        {"lr": 0.1},
        object(),
        np.array(["0.1"]),
        np.array([0.1 + 1j]),
        np.array([True, False]),
        np.array([0.1, None], dtype=object),
        np.array([]),
    ]
)
non_finite = st.sampled_from([math.nan, math.inf, -math.inf, 10**400, -(10**400)])
non_finite_arrays = st.sampled_from([np.array([0.1, np.nan]), np.array([np.inf, 0.5])])

#: every hyperparameter of every optimizer, by the range it must be in
KINDS = {
    "lr": "positive",
    "eps": "positive",
    "beta": "unit",
    "beta1": "unit",
    "beta2": "unit",
    "weight_decay": "nonnegative",
    "bias_correction": "bool",
    "damping": "nonnegative",
    # torch's options of the classes above
    "dampening": "closed unit",
    "lr_decay": "nonnegative",
    "initial_accumulator_value": "nonnegative",
    "momentum": "unit",
    "centered": "bool",
    "amsgrad": "bool",
    # torch's other rules
    "momentum_decay": "nonnegative",
    "decoupled_weight_decay": "bool",
    "eta_minus": "open unit",
    "eta_plus": "above one",
    "step_size_min": "nonnegative",
    "step_size_max": "positive",
    "lambd": "nonnegative",
    "alpha": "nonnegative",
    "t0": "nonnegative",
    # the optimizers beyond the registry
    "r": "nonnegative",
    "weight_lr_power": "nonnegative",
    "beta2_decay": "nonpositive",
    "eps1": "positive",
    "eps2": "nonnegative",
    "d": "at_least_one",
    "factored": "bool",
    "nesterov": "bool",
    "decay_at_z": "bool",
    "warmup_steps": "count",
    "ns_steps": "count",
    "adjust_lr_fn": "choice",
    "ns_coefficients": "coefficients",
}
#: the kinds that are not numbers, nor arrays of them: each has its own checks
OPTIONS = {"bool", "count", "choice", "coefficients"}
VALID = {
    "positive": 0.05,
    "unit": 0.5,
    "nonnegative": 0.01,
    "closed unit": 0.5,
    "open unit": 0.5,
    "above one": 3.0,
    "nonpositive": -0.5,
    "at_least_one": 3.0,  # and half of it, 1.5
}
OUT_OF_RANGE = {
    "positive": st.floats(max_value=0.0),
    "unit": st.one_of(st.floats(max_value=0.0, exclude_max=True), st.floats(min_value=1.0)),
    "nonnegative": st.floats(max_value=0.0, exclude_max=True),
    "closed unit": st.one_of(
        st.floats(max_value=0.0, exclude_max=True), st.floats(min_value=1.0, exclude_min=True)
    ),
    "open unit": st.one_of(st.floats(max_value=0.0), st.floats(min_value=1.0)),
    "above one": st.floats(max_value=1.0),
    "nonpositive": st.floats(min_value=0.0, exclude_min=True),
    "at_least_one": st.floats(max_value=1.0, exclude_max=True),
}
IN_RANGE = {
    "positive": st.floats(1e-4, 0.5),
    "unit": st.floats(0.0, 0.99),
    "nonnegative": st.floats(0.0, 0.5),
    "closed unit": st.floats(0.0, 1.0),
    "open unit": st.floats(0.01, 0.99),
    "above one": st.floats(1.01, 3.0),
    "nonpositive": st.floats(-1.5, 0.0),
    "at_least_one": st.floats(1.0, 5.0),
}
#: a message that states the range: "in [0, 1)", "in (-inf, 0]", "an integer >= 0", ...
STATES_RANGE = (
    r"in [\[(](-inf|-?[\d.]+), (inf|-?[\d.]+(e\+\d+)?)[)\]]|True or False|an integer|one of"
    r"|three finite real numbers"
)


def hyperparameters(cls):
    return [f.name for f in dataclasses.fields(cls)]


def numeric_hyperparameters(cls):
    return [name for name in hyperparameters(cls) if KINDS[name] not in OPTIONS]


def shaped(cls, shape):
    """Parameters of ``shape`` as ``cls`` takes them: a matrix rule gets a last axis of 2 for
    a vector (a 3-vector becomes a 3×2 matrix), and a 1×2 matrix for a scalar."""
    if cls not in MATRIX or len(shape) >= 2:
        return shape
    return (*shape, 2) if shape else (1, 2)


def one_run(cls):
    """The shape of one run's parameters where a run is more than a coordinate."""
    return (3, 2) if cls in MATRIX else (3,) if cls in VECTOR else ()


def make(cls, **kwargs):
    """An optimizer with small valid hyperparameters (lr is required by some)."""
    return cls(**({"lr": 0.05} | kwargs))


real_dtypes = st.sampled_from(
    [np.float16, np.float32, np.float64, np.int8, np.int32, np.int64, np.uint8, np.uint16]
)
bad_arrays = st.sampled_from(
    [
        np.array([1.0 + 2j, 0.5]),
        np.array(["1.0", "2.0"]),
        np.array([True, False]),
        np.array([1.0, None], dtype=object),
        ["1", "2"],
        [1.0, None],
        None,
        "x",
    ]
)


# %% The registries are covered


@with_newton
def test_every_hyperparameter_has_a_known_range(cls):
    assert set(hyperparameters(cls)) <= set(KINDS)


# %% Optimizers: hyperparameters, checked once at construction


@with_newton
@given(data=st.data())
def test_a_hyperparameter_of_the_wrong_kind_is_refused_by_name(cls, data):
    name = data.draw(st.sampled_from(hyperparameters(cls)))
    if KINDS[name] == "bool":  # 1 and 0 are not True and False
        value = data.draw(st.one_of(wrong_kind, st.sampled_from([1, 0, 1.0, "True"])))
        assume(not isinstance(value, bool | np.bool_))
    else:
        value = data.draw(st.one_of(wrong_kind, non_finite, non_finite_arrays))
    with refused(name) as err:
        make(cls, **{name: value})
    assert re.search(STATES_RANGE, str(err.value))  # the range


@with_newton
@given(data=st.data())
def test_a_hyperparameter_out_of_range_is_refused_with_its_range(cls, data):
    name = data.draw(st.sampled_from(numeric_hyperparameters(cls)))
    value = data.draw(OUT_OF_RANGE[KINDS[name]])
    as_array = data.draw(st.booleans())
    if as_array:  # one bad entry in a grid is enough
        value = np.array([VALID[KINDS[name]], value])
    with refused(name) as err:
        make(cls, **{name: value})
    if math.isfinite(np.max(np.abs(value))):
        assert re.search(STATES_RANGE, str(err.value))


#: options out of their range, by kind
BAD_OPTIONS = {
    "count": [-1, 2**63, -(10**30)],
    "choice": ["Original", "", "match_rms_sgd"],
    "coefficients": [(1.0, 2.0), (1.0, 2.0, 3.0, 4.0), (1.0, math.nan, 0.0), (1.0, "2", 0.0)],
}


@optimizers
def test_an_option_out_of_range_is_refused_with_its_range(cls):
    for name in hyperparameters(cls):
        for value in BAD_OPTIONS.get(KINDS[name], []):
            with refused(name) as err:
                make(cls, **{name: value})
            assert re.search(STATES_RANGE, str(err.value))
    if "ns_steps" in hyperparameters(cls):  # torch refuses 100 Newton–Schulz steps or more
        with refused("ns_steps"):
            make(cls, ns_steps=100)


@with_newton
def test_array_hyperparameters_are_read_only_copies(cls):
    for name in numeric_hyperparameters(cls):
        grid = np.array([VALID[KINDS[name]], VALID[KINDS[name]] / 2])
        opt = make(cls, **{name: grid})
        grid[0] = -1.0  # the caller changes its array afterwards: the optimizer does not change
        kept = getattr(opt, name)
        assert kept is not grid
        assert kept[0] == VALID[KINDS[name]]
        assert kept.dtype == np.float64
        with pytest.raises(ValueError, match="read-only"):
            kept[0] = -1.0
    with pytest.raises(AttributeError):
        make(cls).lr = -1.0


@with_newton
def test_scalar_hyperparameters_are_stored_as_floats(cls):
    for name in numeric_hyperparameters(cls):
        value = {
            "positive": np.float32(0.25),
            "unit": np.array(0.5),
            "nonnegative": 1,
            "nonpositive": np.int64(-1),
            "at_least_one": np.float32(2.0),
        }
        value |= {"closed unit": 1, "open unit": np.float32(0.5), "above one": 2}
        opt = make(cls, **{name: value[KINDS[name]]})
        assert type(getattr(opt, name)) is float


@optimizers
@given(data=st.data())
def test_a_grid_of_each_hyperparameter_is_each_value_alone(cls, data):
    """Arrays broadcast against the parameters: coordinate k runs with value k (beta2 too).

    For a rule that sees a whole vector or matrix, run k is the vector or matrix at index k of
    the leading axis, and its value has length-1 axes over the run's own."""
    name = data.draw(st.sampled_from(numeric_hyperparameters(cls)))
    values = data.draw(st.lists(IN_RANGE[KINDS[name]], min_size=2, max_size=4))
    if KINDS[name] == "positive":
        values = [max(v, 1e-3) for v in values]
    run_shape = one_run(cls)
    grads = data.draw(arrays(float, (3, len(values), *run_shape), elements=st.floats(-10, 10)))
    grid = make(cls, **{name: np.array(values).reshape(-1, *(1,) * len(run_shape))})
    x = np.ones((len(values), *run_shape))
    state = grid.init(x)
    for g in grads:
        x, state = grid.step(x, g, state)
    for k, value in enumerate(values):
        alone = make(cls, **{name: value})
        y = np.ones((1, *run_shape))
        s = alone.init(y)
        for g in grads:
            y, s = alone.step(y, g[k : k + 1], s)
        # an array's power may round an ulp away from a scalar's (numpy 1.26's SIMD pow, in
        # Adafactor's β₂ = 1 − t^c), which three steps amplify a hundredfold: the torch
        # reference tests' rtol, 1e-10, not bit equality
        np.testing.assert_allclose(x[k], y[0], rtol=1e-10, atol=1e-15)


@with_newton
def test_a_grid_that_does_not_broadcast_to_the_params_is_refused(cls):
    two, three = np.zeros(shaped(cls, (2,))), np.zeros(shaped(cls, (3,)))
    for name in numeric_hyperparameters(cls):
        opt = make(cls, **{name: np.full(3, VALID[KINDS[name]])})
        with refused(name):
            opt.init(two)
        with refused(name):
            opt.step(two, two, make(cls).init(two))
        with refused(name):  # would silently grow the parameters from (3,) to (4, 3)
            bigger = make(cls, **{name: np.full((4, *(1,) * three.ndim), VALID[KINDS[name]])})
            bigger.step(three, three, make(cls).init(three))


def test_adam_with_an_array_beta2_steps():
    """The fuzzer's first find: math.sqrt on an array of bias corrections."""
    opt = descent.Adam(lr=0.1, beta2=np.array([0.9, 0.99]))
    x, _state = opt.step(np.zeros(2), np.array([1.0, 1.0]), opt.init(np.zeros(2)))
    np.testing.assert_allclose(x, [-0.1, -0.1], rtol=1e-6)  # lr * sign(g) for any β2


# %% Optimizers: schedules, checked when a value is used


bad_schedule_values = st.sampled_from(
    [
        -0.1,
        -1e-300,
        math.nan,
        math.inf,
        -math.inf,
        np.float32(-1.0),
        np.array(-0.5),
        "0.1",
        None,
        1j,
        True,
        [0.1],
        np.array([0.1, 0.1, 0.1]),  # does not broadcast to params of shape (2,)
        np.array([0.1, np.nan]),
    ]
)


@every_rule
@given(bad=bad_schedule_values, when=st.integers(0, 5))
def test_a_bad_scheduled_value_is_refused_naming_lr_and_the_update(cls, bad, when):
    opt = cls(lr=lambda t: 0.01 if t < when else bad)
    with pytest.raises((ValueError, TypeError), match=rf"^lr\b.*\b{when}\b|^lr at update {when}"):
        run(opt, SURFACES["bowl"], np.ones(shaped(cls, (2,))), steps=when + 2)


@every_rule
def test_a_schedule_annealed_to_zero_is_allowed(cls):
    schedule = CosineAnnealingLR(0.05, T_max=4)  # exactly 0 at t = 4
    assert schedule(4) == 0.0
    traj = run(cls(lr=schedule), SURFACES["bowl"], np.ones(shaped(cls, (2,))), steps=6)
    assert not np.any(traj.diverged)
    # with lr = 0 nothing moves (AdamW's decay is lr * λ too), except where the rate is not
    # lr: ASGD's η comes from the previous update's rate (it stops one update later), Rprop's
    # step sizes from lr(0) alone, and schedule-free's average x goes on towards z (with
    # weights from the largest rate so far)
    if cls.__name__ == "ASGD":
        np.testing.assert_array_equal(traj.path[6], traj.path[5])
    elif cls.__name__ not in ("AdamW", "Rprop") and cls not in AVERAGING:
        np.testing.assert_array_equal(traj.path[5], traj.path[4])


@every_rule
def test_an_array_valued_schedule_is_a_grid_of_schedules(cls):
    lrs = np.array([0.01, 0.03])
    start = np.ones(shaped(cls, (2,)))  # one run: a start, or a matrix of two
    schedule = lambda t: lrs.reshape(-1, *(1,) * start.ndim) * 0.9**t  # noqa: E731  (a rate per run)
    grid = run(cls(lr=schedule), SURFACES["bowl"], np.stack([start, start]), steps=5)
    for k, lr in enumerate(lrs):
        alone = run(cls(lr=ExponentialLR(float(lr), 0.9)), SURFACES["bowl"], start, 5)
        np.testing.assert_allclose(grid.path[:, k], alone.path, rtol=1e-12)


@every_rule
@given(count=st.sampled_from([-1, 1.5, True, "3", None, 10**30, np.array([1, 2])]))
def test_learning_rate_refuses_a_bad_count(cls, count):
    for opt in (cls(lr=0.1), cls(lr=StepLR(0.1, 2))):
        with refused("count"):
            opt.learning_rate(count)


# %% Optimizers: params, gradients and states, checked at every step (cheaply)


@every_rule
@given(bad=bad_arrays, which=st.sampled_from(["params", "grad"]))
def test_params_and_grad_must_be_real(cls, bad, which):
    opt = make(cls)
    good = np.ones(shaped(cls, (2,)))
    args = {"params": good, "grad": good} | {which: bad}
    with refused(which):
        opt.step(args["params"], args["grad"], opt.init(good))
    if which == "params":
        with refused("params"):
            opt.init(bad)


@with_lbfgs
@given(dtype=real_dtypes, data=st.data())
def test_any_real_dtype_is_computed_in_float64(cls, dtype, data):
    """The policy: float32, float16 and integer input is converted; the result is float64."""
    params, grad = (
        data.draw(arrays(np.int8, shaped(cls, (3,)), elements=st.integers(-5, 5))) for _ in range(2)
    )
    if np.dtype(dtype).kind == "u":
        params, grad = np.abs(params), np.abs(grad)
    opt = make(cls)
    p, g = params.astype(dtype), grad.astype(dtype)
    new, state = opt.step(p, g, opt.init(p))
    ref, ref_state = opt.step(p.astype(np.float64), g.astype(np.float64), opt.init(params))
    assert new.dtype == np.float64
    np.testing.assert_array_equal(new, ref)
    for field, ref_field in zip(state, ref_state, strict=True):
        np.testing.assert_array_equal(field, ref_field)


@optimizers
@given(shape=st.sampled_from([(), (0,), (1,), (3, 0), (2, 3)]))
def test_zero_dimensional_and_empty_params_are_fine(cls, shape):
    opt, shape = make(cls), shaped(cls, shape)
    params = np.ones(shape)
    new, _state = opt.step(params, np.ones(shape), opt.init(params))
    assert new.shape == shape
    if new.size and cls in MATRIX:  # a matrix's update is not its entries': two runs of it
        twice, _ = opt.step(
            np.ones((2, *shape)), np.ones((2, *shape)), opt.init(np.ones((2, *shape)))
        )
        np.testing.assert_array_equal(twice, [new, new])
        assert np.all(np.isfinite(new))
    elif new.size:
        ref, _ = opt.step(np.ones(1), np.ones(1), opt.init(np.ones(1)))
        np.testing.assert_array_equal(new, np.broadcast_to(ref[0], shape))


@every_rule
@given(shapes=st.sampled_from([((2,), (3,)), ((2,), ()), ((2, 3), (3, 2)), ((2,), (1, 2))]))
def test_a_grad_of_another_shape_is_refused(cls, shapes):
    opt = make(cls)
    params = np.zeros(shaped(cls, shapes[0]))
    with refused("grad"):
        opt.step(params, np.zeros(shaped(cls, shapes[1])), opt.init(params))


@pytest.mark.parametrize("other", EVERY_RULE.values(), ids=EVERY_RULE.keys())
@with_lbfgs
def test_a_state_from_another_optimizer(cls, other):
    """Refused, unless the two share a state type (Momentum-Nesterov, Adam-AdamW,
    GradientDescent-SignSGD)."""
    opt, x = make(cls), np.ones((2, 2) if {cls, other} & MATRIX else 2)
    state = make(other).init(x)
    if type(state) is type(opt.init(x)):
        new, _ = opt.step(x, x, state)
        np.testing.assert_array_equal(new, opt.step(x, x, opt.init(x))[0])
    else:
        with refused("state"):
            opt.step(x, x, state)
        if hasattr(opt, "effective_lr"):
            with refused("state"):
                opt.effective_lr(state)


@every_rule
def test_a_state_of_another_shape_or_a_forged_state_is_refused(cls):
    opt, x = make(cls), np.ones(shaped(cls, (2,)))
    state = opt.init(x)
    if len(state) > 1:
        with refused("state"):
            opt.step(x, x, opt.init(np.ones(shaped(cls, (3,)))))
        for bad in ([0.0, 0.0], np.zeros(2, dtype=complex), np.zeros(2, dtype=int), None):
            forged = state._replace(**{state._fields[0]: bad})
            with refused(f"state.{state._fields[0]}"):
                opt.step(x, x, forged)
    for count in (-1, 1.0, True, None, "0", np.array([0, 1])):
        with refused("state.count"):
            opt.step(x, x, state._replace(count=count))
    with refused("state"):
        opt.step(x, x, tuple(state))
    with refused("state"):
        opt.step(x, x, None)


@optimizers
@given(bad=st.sampled_from([np.inf, -np.inf, np.nan]), where=st.integers(0, 2))
def test_non_finite_gradients_propagate_quietly_and_only_where_they_are(cls, bad, where):
    """No warning (inf / inf inside Adam would warn); other coordinates are untouched.

    But for the sign rules, where ±inf has a sign and gives a finite step, and the matrix
    rules, where one entry of the gradient is part of the whole matrix's update (as in torch).
    Adafactor's vector form keeps the others as they were: its clipping, as torch's
    ``max(1.0, nan)``, counts a nan RMS as 1."""
    opt = make(cls, **({"weight_decay": 0.0} if cls.__name__ == "AdamW" else {}))
    x, g = np.ones(shaped(cls, (3,))), np.array([1.0, -2.0, 0.5])
    g = g[:, None] * [1.0, -0.5] if cls in MATRIX else g
    g_bad = g.copy()
    g_bad[where] = bad
    new, _ = opt.step(x, g_bad, opt.init(x))
    ref, _ = opt.step(x, g, opt.init(x))
    if cls in MATRIX:
        assert not np.all(np.isfinite(new[where]))
        return
    if cls in SIGN and not np.isnan(bad):
        np.testing.assert_array_equal(new[where], x[where] - opt.lr * np.sign(bad))
    else:
        assert not np.isfinite(new[where])
    others = np.arange(3) != where
    np.testing.assert_array_equal(new[others], ref[others])


# %% Surfaces


@surfaces
@given(bad=bad_arrays)
def test_surface_points_must_be_real(surface, bad):
    for method in (surface, surface.grad, surface.hessian):
        with refused("x"):
            method(bad)


@surfaces
@given(
    lead=st.sampled_from([(), (0,), (3,), (2, 2)]),
    last=st.integers(0, 4),
)
def test_surface_points_of_another_last_axis_are_refused(surface, lead, last):
    assume(last != surface.dim)
    for method in (surface, surface.grad, surface.hessian):
        with refused("x"):
            method(np.zeros((*lead, last)))
        with refused("x"):
            method(np.array(1.0))


@surfaces
@given(dtype=real_dtypes, data=st.data())
def test_surface_of_any_real_dtype_is_computed_in_float64(surface, dtype, data):
    x = data.draw(arrays(np.int8, (4, surface.dim), elements=st.integers(0, 3)))
    cast = x.astype(dtype)
    for method in (surface, surface.grad, surface.hessian):
        out = method(cast)
        assert out.dtype == np.float64
        np.testing.assert_array_equal(out, method(x.astype(np.float64)))


@surfaces
@given(value=st.sampled_from([1e200, -1e200, 1e300, np.inf, -np.inf, np.nan]))
def test_surface_far_away_or_non_finite_is_ieee_and_quiet(surface, value):
    x = np.full((2, surface.dim), value)
    x[1] = 0.5  # a finite neighbour is computed as usual
    for method in (surface, surface.grad, surface.hessian):
        out = method(x)
        np.testing.assert_array_equal(out[1], method(x[1]))
    if not np.isnan(value):
        assert not np.all(np.isfinite(surface(x[:1])))  # too far for float64: inf (or nan)


@surfaces
def test_surfaces_are_immutable(surface):
    for name in ("extent", "minima", "name", "dim", "latex", "new_attribute"):
        with pytest.raises(AttributeError, match="immutable"):
            setattr(surface, name, None)
    with pytest.raises(AttributeError, match="immutable"):
        del surface.minima
    for value in vars(surface).values():
        if isinstance(value, np.ndarray):
            assert not value.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        surface.minima[...] = 7.0


@objectives
def test_with_extent_is_a_new_objective_with_a_checked_window(objective):
    lo_hi = tuple(float(v) for _ in range(objective.dim) for v in (-1, 2))
    new = objective.with_extent(lo_hi)
    assert new.extent == lo_hi
    assert new is not objective
    assert objective.extent != lo_hi
    np.testing.assert_array_equal(
        new.grad(np.ones(objective.dim)), objective.grad(np.ones(objective.dim))
    )
    with pytest.raises(AttributeError):
        new.extent = objective.extent
    for bad in (lo_hi[:-1], lo_hi[::-1], ("a",) * len(lo_hi), (math.nan,) * len(lo_hi), "abcd", 3):
        with refused("extent"):
            objective.with_extent(bad)


# %% The objective protocol


@objectives
def test_every_objective_follows_the_protocol(objective):
    assert isinstance(objective, Objective)
    assert isinstance(objective.dim, int)
    assert objective.dim >= 1
    m = objective.minima
    assert isinstance(m, np.ndarray)
    assert m.ndim == 2
    assert m.shape[1] == objective.dim
    assert isinstance(objective.min_value, float)
    assert math.isnan(objective.min_value) == (len(m) == 0)
    if len(m):
        np.testing.assert_allclose(objective(m), objective.min_value, atol=1e-12)
    extent = objective.extent
    assert isinstance(extent, tuple)
    assert len(extent) == 2 * objective.dim
    assert all(type(e) is float for e in extent)
    assert all(lo < hi for lo, hi in zip(extent[::2], extent[1::2], strict=True))
    x = np.zeros((3, 2, objective.dim)) + 0.25
    assert objective(x).shape == (3, 2)
    assert objective.grad(x).shape == x.shape


@problems
def test_every_problem_follows_the_problem_protocol(problem):
    assert isinstance(problem, Problem)
    assert isinstance(problem.n_samples, int)
    assert problem.n_samples >= 1
    x = np.zeros((3, problem.dim)) + 0.25
    full = problem.grad(x, batch=np.arange(problem.n_samples))
    np.testing.assert_allclose(full, problem.grad(x), rtol=1e-12, atol=1e-15)
    each = problem.grad(x, batch=np.zeros((3, 4), dtype=int))
    np.testing.assert_allclose(each, problem.grad(x, batch=[0]), rtol=1e-12)


@surfaces
def test_surfaces_are_objectives_but_not_problems(surface):
    assert isinstance(surface, Objective)
    assert not isinstance(surface, Problem)


# %% Problems


@problems
@given(
    batch=st.sampled_from(
        [
            [],
            np.array([], dtype=int),
            3,
            np.array(3),
            [0.5],
            [True, False],
            ["0"],
            [-1],
            [10**6],
            [0, None],
            np.zeros((4, 2), dtype=int),  # leading axis 4 does not fit params (3, dim)
            np.zeros((2, 3, 2), dtype=int),  # more leading axes than params
        ]
    )
)
def test_bad_batches_are_refused(problem, batch):
    with refused("batch"):
        problem.grad(np.zeros((3, problem.dim)), batch=batch)


@problems
@given(bad=bad_arrays)
def test_problem_params_must_be_real(problem, bad):
    with refused("params"):
        problem.grad(bad)
    with refused("params"):
        problem.grad(bad, batch=[0])


@problems
def test_problems_are_immutable_and_own_their_data(problem):
    with pytest.raises(AttributeError, match="immutable"):
        problem.extent = (0.0, 1.0) * problem.dim
    with pytest.raises(ValueError, match="read-only"):
        problem.x[0] = 1e9
    x, y = cubic_data(n=10)
    model = MLP(x, y, hidden=2)
    line = LinearRegression(x, y)
    x[0] = y[0] = 1e9  # the caller's arrays change afterwards
    assert model.x[0] == line.x[0] == -1.0


def test_problem_data_must_be_finite_real_1d_of_one_length():
    good = np.linspace(0, 1, 5)
    for cls in (LinearRegression, lambda x, y: MLP(x, y, hidden=2)):
        for x, name in [
            (good + 1j, "x"),
            (good.astype(str), "x"),
            (np.r_[good[:-1], np.nan], "x"),
            (good[:-1], "x and y"),
            (good[:, None], "x and y"),
            (np.array([]), "x and y"),
        ]:
            with refused(name):
                cls(x, good)
    with refused("x and y"):
        LinearRegression([1e200, 1.0], [0.0, 1.0])  # the means of squares overflow


def test_degenerate_regression_data_has_a_valley_of_minima():
    """Every x equal: the fits w x + b = mean(y) form a line; minima holds its shortest point."""
    problem = LinearRegression([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    np.testing.assert_allclose(problem.minima, [[0.8, 0.4]])  # 2w + b = 2, least norm
    assert problem.min_value == pytest.approx(2 / 3)
    np.testing.assert_allclose(problem.grad(problem.minima), 0, atol=1e-12)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: LinearRegression.synthetic(n=0), "n"),
        (lambda: LinearRegression.synthetic(n=2.5), "n"),
        (lambda: LinearRegression.synthetic(n=True), "n"),
        (lambda: LinearRegression.synthetic(w=math.nan), "w"),
        (lambda: LinearRegression.synthetic(b="1"), "b"),
        (lambda: LinearRegression.synthetic(noise=-0.1), "noise"),
        (lambda: LinearRegression.synthetic(noise=math.inf), "noise"),
        (lambda: LinearRegression.synthetic(seed=-1), "seed"),
        (lambda: LinearRegression.synthetic(seed=1.5), "seed"),
        (lambda: LinearRegression.synthetic(seed="0"), "seed"),
        (lambda: MLP(*cubic_data(), hidden=0), "hidden"),
        (lambda: MLP(*cubic_data(), hidden=2.0), "hidden"),
        (lambda: MLP(*cubic_data()).init_params(seed=-3), "seed"),
        (lambda: MLP(*cubic_data()).init_params(size=-1), "size"),
        (lambda: MLP(*cubic_data()).init_params(size=2.5), "size"),
        (lambda: MLP(*cubic_data()).init_params(size=(2, -1)), "size"),
        (lambda: MLP(*cubic_data()).predict(np.zeros(31), x=np.zeros((2, 2))), "x"),
        (lambda: MLP(*cubic_data()).predict(np.zeros(31), x=["a"]), "x"),
        (lambda: MLP(*cubic_data()).predict(np.zeros(30)), "params"),
        (lambda: MLP(*cubic_data()).unpack(np.zeros(30) + 1j), "params"),
        (lambda: MLP(*cubic_data(), hidden=3).torch_init(), "torch_init"),
        (lambda: cubic_data(n=0), "n"),
        (lambda: cubic_data(n="200"), "n"),
        (lambda: Network(*wave_data(), widths=()), "widths"),
        (lambda: Network(*wave_data(), widths=8), "widths"),
        (lambda: Network(*wave_data(), widths="32"), "widths"),
        (lambda: Network(*wave_data(), widths=(4, 0)), "widths"),
        (lambda: Network(*wave_data(), widths=(4, 2.5)), "widths"),
        (lambda: Network(*wave_data(), activation="sigmoid"), "activation"),
        (lambda: Network(*wave_data(), activation=None), "activation"),
        (lambda: Network(np.zeros((3, 2, 2)), np.zeros(3)), "x must have shape"),
        (lambda: Network(np.zeros((3, 0)), np.zeros(3)), "x must have shape"),
        (lambda: Network(np.zeros((3, 2)), np.zeros(4)), "x must have shape"),
        (lambda: Network([[np.inf, 0.0]], [0.0]), "x"),
        (lambda: Network(*wave_data(), widths=(2,)).predict(np.zeros(9), x=np.zeros(3)), "x"),
        (lambda: Network(*wave_data(), widths=(2,)).hvp(np.zeros(9), np.zeros(8)), "v"),
        (lambda: Network(*wave_data(), widths=(2,)).hvp(np.zeros(8), np.zeros(9)), "params"),
        (lambda: Network(*wave_data(), widths=(2,)).init_params(seed=-1), "seed"),
        (lambda: wave_data(n=0), "n"),
        (lambda: wave_data(seed=-2), "seed"),
        (lambda: TwoBasins([]), "x"),
        (lambda: TwoBasins([[0.0, 1.0]]), "x"),
        (lambda: TwoBasins([0.0, math.nan]), "x"),
        (lambda: TwoBasins(["a"]), "x"),
        (lambda: TwoBasins([1e308, 1e308]), "x"),
        (lambda: TwoBasins([0.0], sharp=0.0), "sharp"),
        (lambda: TwoBasins([0.0], sharp=math.inf), "sharp"),
        (lambda: TwoBasins([0.0], sharp="20"), "sharp"),
        (lambda: TwoBasins([0.0], flat=-1.0), "flat"),
        (lambda: TwoBasins([0.0], flat=30.0), "flat must be smaller than sharp"),
        (lambda: TwoBasins([0.0], separation=0.0), "separation"),
        (lambda: TwoBasins([0.0], separation=0.5), "separation"),
        (lambda: TwoBasins([0.0], smoothing=0.0), "smoothing"),
        (lambda: TwoBasins([0.0], smoothing=True), "smoothing"),
        (lambda: TwoBasins.synthetic(n=1), "n"),
        (lambda: TwoBasins.synthetic(n=2.5), "n"),
        (lambda: TwoBasins.synthetic(spread=-1.0), "spread"),
        (lambda: TwoBasins.synthetic(spread=1e308), "spread"),
        (lambda: TwoBasins.synthetic(seed=-1), "seed"),
        (lambda: TwoBasins.synthetic().curvature(np.zeros(2)), "params"),
        (lambda: TwoBasins.synthetic().hessian(np.zeros((3, 2))), "params"),
        (lambda: TwoBasins.synthetic()(np.zeros(1) + 1j), "params"),
    ],
)
def test_problem_constructors_and_methods_refuse_bad_arguments(call, name):
    with refused(name):
        call()


def test_mlp_sizes_are_leading_axes():
    model = MLP(*cubic_data(n=20), hidden=2)
    assert model.init_params(size=0).shape == (0, 7)
    assert model.init_params(size=(2, 3)).shape == (2, 3, 7)
    assert model.init_params(size=np.int64(4)).shape == (4, 7)


# %% Surface constructors


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: Quadratic([[1.0, 0.0], [0.0, 1.0 + 1j]]), "A"),
        (lambda: Quadratic(np.eye(2, dtype=bool)), "A"),
        (lambda: Quadratic([["1", "0"], ["0", "1"]]), "A"),
        (lambda: Quadratic([[np.nan]]), "A"),
        (lambda: Quadratic(np.zeros((0, 0))), "A"),
        (lambda: Quadratic(np.zeros((2, 3))), "A"),
        (lambda: Quadratic(np.zeros((2, 2, 2))), "A"),
        (lambda: Quadratic([[1.0, 2.0], [0.0, 1.0]]), "A"),
        (lambda: Quadratic(np.eye(2), b=[1.0, np.inf]), "b"),
        (lambda: Quadratic(np.eye(2), b=[1.0, 1j]), "b"),
        (lambda: Quadratic(np.eye(2), b=[[1.0, 2.0]]), "b"),
        (lambda: Quadratic(np.eye(2), c="1"), "c"),
        (lambda: Quadratic(np.eye(2), c=np.nan), "c"),
        (lambda: Quadratic(np.eye(2), c=[1.0]), "c"),
        (lambda: Quadratic(np.eye(2), name=3), "name"),
        (lambda: Quadratic(np.eye(2), latex=b"x"), "latex"),
        (lambda: Quadratic(np.eye(2), extent=(0, 1)), "extent"),
        (lambda: Quadratic(np.eye(2), extent=(1, 0, 0, 1)), "extent"),
        (lambda: Quadratic(np.eye(2), extent=("0", 1, 0, 1)), "extent"),
        (lambda: Rosenbrock(a=np.nan), "a"),
        (lambda: Rosenbrock(a="1"), "a"),
        (lambda: Rosenbrock(b=0), "b"),
        (lambda: Rosenbrock(b=np.array([1.0, 2.0])), "b"),
        (lambda: Bumpy(scale=-1), "scale"),
        (lambda: Bumpy(scale=None), "scale"),
        (lambda: elongated_bowl(0.5), "condition"),
        (lambda: elongated_bowl(np.inf), "condition"),
        (lambda: elongated_bowl("25"), "condition"),
        (lambda: elongated_bowl(np.array([4.0, 9.0])), "condition"),
    ],
)
def test_surface_constructors_refuse_bad_arguments(call, name):
    with refused(name):
        call()


def test_quadratic_owns_a_symmetric_copy_of_its_matrix():
    A = np.array([[2.0, 1e-9], [0.0, 4.0]])  # symmetric up to rounding
    q = Quadratic(A, b=np.array([1.0, 1.0]))
    A[0, 0] = -100.0
    assert q.A[0, 0] == 2.0
    assert np.array_equal(q.A, q.A.T)
    x = np.array([0.3, -0.7])
    np.testing.assert_allclose(q.grad(x), q.A @ x - q.b, rtol=1e-15)


def test_a_singular_quadratic_knows_its_minimum_value():
    trough = Quadratic(np.diag([2.0, 0.0]), b=[2.0, 0.0])  # (x - 1)² - 1, any y
    np.testing.assert_allclose(trough.minima, [[1.0, 0.0]])
    assert trough.min_value == -1.0
    tilted = Quadratic(np.diag([2.0, 0.0]), b=[0.0, 1.0])  # unbounded below along y
    assert len(tilted.minima) == 0
    assert math.isnan(tilted.min_value)


# %% Schedules


@pytest.mark.parametrize(
    ("make_schedule", "names"),
    [
        (lambda **k: StepLR(**({"lr": 0.1, "step_size": 2} | k)), ["lr", "step_size", "gamma"]),
        (lambda **k: ExponentialLR(**({"lr": 0.1, "gamma": 0.9} | k)), ["lr", "gamma"]),
        (
            lambda **k: CosineAnnealingLR(**({"lr": 0.1, "T_max": 5} | k)),
            ["lr", "T_max", "eta_min"],
        ),
        (
            lambda **k: LinearLR(**({"lr": 0.1} | k)),
            ["lr", "start_factor", "end_factor", "total_iters"],
        ),
    ],
    ids=["StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR"],
)
@given(
    bad=st.one_of(
        wrong_kind,
        non_finite,
        st.sampled_from([-1, -0.5, 0, 1.5, 2.5, 10**30, np.array([0.1, 0.2])]),
    ),
    data=st.data(),
)
def test_schedule_hyperparameters(make_schedule, names, bad, data):
    name = data.draw(st.sampled_from(names))
    integer = name in ("step_size", "T_max", "total_iters")
    real = lambda v: type(v) in (int, float)  # noqa: E731
    fits = {
        "lr": lambda v: real(v) and 0 < v < math.inf,
        "gamma": lambda v: real(v) and 0 < v < math.inf,
        "eta_min": lambda v: real(v) and 0 <= v < math.inf,
        "start_factor": lambda v: real(v) and 0 < v <= 1,
        "end_factor": lambda v: real(v) and 0 <= v <= 1,
    }
    if integer:
        assume(not (type(bad) is int and 1 <= bad < 2**63))
    else:
        assume(not fits[name](bad))
    with refused(name):
        make_schedule(**{name: bad})


@given(t=st.sampled_from([-1, 1.5, True, "3", None, np.array([0, -2]), np.array([0.5]), 1j]))
def test_schedules_refuse_a_bad_update_number(t):
    for schedule in (
        StepLR(0.1, 2),
        ExponentialLR(0.1, 0.9),
        CosineAnnealingLR(0.1, 5),
        LinearLR(0.1),
    ):
        with refused("t"):
            schedule(t)
        with refused("n"):
            schedule.values(-1 if not isinstance(t, str) else t)


def test_a_schedule_that_overflows_is_inf_quietly_and_the_optimizer_refuses_it():
    schedule = ExponentialLR(0.1, gamma=2.0)
    assert schedule(5000) == math.inf
    with pytest.raises(ValueError, match=r"lr at update \d+ must be finite"):
        run(descent.GradientDescent(lr=schedule), SURFACES["bowl"], np.full(2, 1e-300), 1100)


def test_schedules_with_huge_or_numpy_integers():
    assert CosineAnnealingLR(1.0, T_max=2**62)(np.uint64(2**62)) == pytest.approx(0.0, abs=1e-15)
    assert StepLR(1.0, step_size=np.int64(2), gamma=0.5)(np.int16(4)) == 0.25


# %% run and run_stochastic


def bowl_run(**kwargs):
    args = {"opt": descent.GradientDescent(lr=0.1), "objective": SURFACES["bowl"]}
    args |= {"start": np.ones(2), "steps": 3} | kwargs
    return run(args.pop("opt"), args.pop("objective"), args.pop("start"), args.pop("steps"), **args)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"opt": descent.Adam}, "opt"),
        ({"opt": None}, "opt"),
        ({"opt": "Adam"}, "opt"),
        ({"objective": None}, "objective"),
        ({"objective": Quadratic}, "objective"),
        ({"objective": lambda x: x}, "objective"),
        ({"start": np.ones(2) + 1j}, "start"),
        ({"start": ["1", "2"]}, "start"),
        ({"start": [True, False]}, "start"),
        ({"start": [1.0, None]}, "start"),
        ({"start": [[1.0, 2.0], [3.0]]}, "start"),
        ({"start": np.array([1.0, np.nan])}, "start"),
        ({"start": np.array([np.inf, 0.0])}, "start"),
        ({"start": np.ones(3)}, "start"),
        ({"start": np.array(1.0)}, "start"),
        ({"steps": -1}, "steps"),
        ({"steps": 2.0}, "steps"),
        ({"steps": True}, "steps"),
        ({"steps": "3"}, "steps"),
        ({"steps": None}, "steps"),
        ({"steps": 10**400}, "steps"),
        ({"steps": 10**15}, "steps"),  # more memory than there is, said before trying
        ({"limit": 0}, "limit"),
        ({"limit": -1.0}, "limit"),
        ({"limit": math.nan}, "limit"),
        ({"limit": math.inf}, "limit"),
        ({"limit": "1e8"}, "limit"),
        ({"limit": np.array([1.0, 2.0])}, "limit"),
        ({"record_state": "yes"}, "record_state"),
        ({"record_state": 1}, "record_state"),
    ],
)
def test_run_refuses_bad_arguments(kwargs, name):
    with refused(name):
        bowl_run(**kwargs)


@with_lbfgs
@objectives
@given(dtype=real_dtypes)
def test_run_from_any_real_dtype_is_the_float64_run(cls, objective, dtype):
    start = np.ones((2, objective.dim), dtype=dtype)
    opt = make(cls, lr=0.001)
    traj = run(opt, objective, start, steps=3)
    ref = run(opt, objective, start.astype(np.float64), steps=3)
    assert traj.path.dtype == traj.loss.dtype == np.float64
    np.testing.assert_array_equal(traj.path, ref.path)
    np.testing.assert_array_equal(traj.loss, ref.loss)


@every_rule
def test_run_with_no_starts_or_no_steps(cls):
    empty = run(make(cls), SURFACES["bowl"], np.zeros((0, 2)), steps=4)
    assert empty.path.shape == (5, 0, 2)
    assert empty.diverged.shape == (0,)
    none = run(make(cls), SURFACES["bowl"], np.ones(shaped(cls, (2,))), steps=0)
    np.testing.assert_array_equal(none.path, [np.ones(shaped(cls, (2,)))])


@every_rule
def test_run_does_not_keep_a_reference_to_start(cls):
    start = np.ones((2, 2))
    traj = run(make(cls), SURFACES["bowl"], start, steps=2)
    start[:] = 7.0
    np.testing.assert_array_equal(traj.path[0], np.ones((2, 2)))


def stochastic(**kwargs):
    args = {"opt": descent.GradientDescent(lr=0.05), "problem": PROBLEMS["linear-regression"]}
    args |= {"start": np.zeros(2), "epochs": 2, "batch_size": 4} | kwargs
    return run_stochastic(
        args.pop("opt"), args.pop("problem"), args.pop("start"), args.pop("epochs"),
        args.pop("batch_size"), **args,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"opt": descent.Momentum}, "opt"),
        ({"problem": SURFACES["bowl"]}, "problem"),  # a surface has no data to sample
        ({"problem": None}, "problem"),
        ({"start": np.zeros(3)}, "start"),
        ({"start": np.array([np.nan, 0.0])}, "start"),
        ({"start": np.zeros(2) + 0j}, "start"),
        ({"epochs": -1}, "epochs"),
        ({"epochs": 1.5}, "epochs"),
        ({"epochs": "2"}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 21}, "batch_size"),
        ({"batch_size": 2.0}, "batch_size"),
        ({"batch_size": True}, "batch_size"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"seed": "0"}, "seed"),
        ({"seed": True}, "seed"),
        ({"seed": [1, -2]}, "seed"),
        ({"independent": "yes"}, "independent"),
        ({"independent": 1}, "independent"),
        ({"limit": 0.0}, "limit"),
        ({"record_state": None}, "record_state"),
    ],
)
def test_run_stochastic_refuses_bad_arguments(kwargs, name):
    with refused(name):
        stochastic(**kwargs)


@problems
@given(seed=st.one_of(st.integers(0, 2**63 - 1), st.sampled_from([np.int64(3), np.uint32(7)])))
def test_run_stochastic_seeds_are_any_nonnegative_integer(problem, seed):
    opt = descent.GradientDescent(lr=1e-3)
    start = np.zeros(problem.dim)
    a = run_stochastic(opt, problem, start, epochs=1, batch_size=7, seed=seed)
    b = run_stochastic(opt, problem, start, epochs=1, batch_size=7, seed=int(seed))
    np.testing.assert_array_equal(a.path, b.path)


# %% Trajectory


@given(tol=st.sampled_from([math.nan, "0.1", None, 1j, [0.1], True, np.array([0.1, 0.2])]))
def test_steps_to_refuses_a_bad_tolerance(tol):
    with refused("tol"):
        bowl_run().steps_to(tol)


@given(tol=st.one_of(st.floats(allow_nan=False), st.integers(-5, 5), st.just(np.float32(0.5))))
def test_steps_to_is_the_first_update_within_tol(tol):
    traj = bowl_run(steps=10)
    reached = np.nonzero(traj.loss <= tol)[0]
    expected = reached[0] if len(reached) else -1
    assert traj.steps_to(tol) == expected


def test_a_trajectory_is_frozen():
    with pytest.raises(AttributeError):
        bowl_run().path = None
    assert isinstance(bowl_run(), Trajectory)


# %% sweep_lr and LRSweep


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"make": None}, "make"),
        ({"make": descent.Adam(lr=0.1)}, "make"),
        ({"objective": None}, "objective"),
        ({"objective": "rosenbrock"}, "objective"),
        ({"lrs": []}, "lrs"),
        ({"lrs": [[0.1, 0.2]]}, "lrs"),
        ({"lrs": 0.1}, "lrs"),
        ({"lrs": [0.1, -0.1]}, "lrs"),
        ({"lrs": [0.0]}, "lrs"),
        ({"lrs": [0.1, math.nan]}, "lrs"),
        ({"lrs": [0.1, math.inf]}, "lrs"),
        ({"lrs": ["0.1"]}, "lrs"),
        ({"lrs": [0.1 + 1j]}, "lrs"),
        ({"starts": np.zeros(2)}, "starts"),
        ({"starts": np.zeros((0, 2))}, "starts"),
        ({"starts": np.zeros((1, 3))}, "starts"),
        ({"starts": np.full((1, 2), np.nan)}, "start"),
        ({"steps": -1}, "steps"),
        ({"steps": 1.5}, "steps"),
    ],
)
def test_sweep_lr_refuses_bad_arguments(kwargs, name):
    args = {"make": descent.GradientDescent, "objective": SURFACES["bowl"]}
    args |= {"starts": np.ones((2, 2)), "lrs": [0.01, 0.1], "steps": 3} | kwargs
    with refused(name):
        sweep_lr(**args)


@with_lbfgs
@objectives
def test_sweep_lr_takes_an_optimizer_class_and_any_objective(cls, objective):
    """The fuzzer's find: problems lacked min_value; the protocol now has it everywhere."""
    starts = np.zeros((2, objective.dim)) + 0.5
    lrs = np.array([1e-3, 1e-2])
    sweep = sweep_lr(cls, objective, starts, lrs, steps=3)
    floor = objective.min_value if math.isfinite(objective.min_value) else 0.0
    for i, lr in enumerate(lrs):
        alone = run(cls(lr=float(lr)), objective, starts, steps=3)
        expected = np.where(alone.diverged, np.inf, alone.loss[-1] - floor)
        np.testing.assert_allclose(sweep.excess[i], expected, rtol=1e-12, atol=1e-15)


def test_best_lr_when_every_rate_diverges_is_nan():
    sweep = LRSweep(np.array([1.0, 2.0]), np.full((2, 3), np.inf), np.ones((2, 3), dtype=bool))
    assert math.isnan(sweep.best_lr)
    assert sweep.forgiving(tol=1.0) == 0.0
    assert all(math.isnan(rate) for rate in sweep.band(tol=1.0))
    for bad in (math.nan, "1", None):
        with refused("tol"):
            sweep.forgiving(bad)
        with refused("tol"):
            sweep.band(bad)


# %% ema


@given(bad=bad_arrays)
def test_ema_values_must_be_real(bad):
    with refused("values"):
        ema(bad, 0.5)


@given(
    beta=st.one_of(
        wrong_kind, non_finite, st.floats(max_value=0, exclude_max=True), st.floats(min_value=1)
    )
)
def test_ema_beta_must_be_in_the_unit_interval(beta):
    with refused("beta"):
        ema([1.0, 2.0], beta)


@given(flag=st.sampled_from(["yes", 1, 0, None, np.array([True])]))
def test_ema_bias_correction_must_be_a_bool(flag):
    with refused("bias_correction"):
        ema([1.0, 2.0], 0.5, bias_correction=flag)


@given(
    values=arrays(
        np.int16, st.tuples(st.integers(0, 6), st.integers(1, 3)), elements=st.integers(-9, 9)
    ),
    betas=st.lists(st.floats(0.0, 0.99), min_size=1, max_size=1),
    dtype=real_dtypes,
    corrected=st.booleans(),
)
def test_ema_of_any_dtype_and_a_grid_of_betas_is_each_alone(values, betas, dtype, corrected):
    if np.dtype(dtype).kind == "u":
        values = np.abs(values)
    beta = np.full(values.shape[1], betas[0])
    out = ema(values.astype(dtype), beta, bias_correction=corrected)
    assert out.dtype == np.float64
    assert out.shape == values.shape
    for k in range(values.shape[1]):
        ref = ema(values[:, k].astype(np.float64), betas[0], bias_correction=corrected)
        np.testing.assert_allclose(out[:, k], ref, rtol=1e-12)
    with refused("beta"):
        ema(values, np.full(values.shape[1] + 1, 0.5))


def test_ema_of_non_finite_values_propagates_quietly():
    out = ema([np.inf, 1.0, np.nan], 0.5)
    assert out[0] == out[1] == np.inf
    assert np.isnan(out[2])


# %% effective_lr


@pytest.mark.parametrize("name", ["AdaGrad", "RMSProp", "Adam"])
def test_effective_lr_of_a_run_with_a_bad_schedule_or_state(name):
    cls = OPTIMIZERS[name]
    opt = cls(lr=0.1)
    with refused("state"):
        opt.effective_lr(descent.optimizers.GradientDescentState(count=1))
    with refused("state"):
        opt.effective_lr(None)
    traj = run(opt, SURFACES["bowl"], np.ones(2), steps=3, record_state=True)
    assert opt.effective_lr(traj.states).shape == (4, 2)


# %% Odds and ends the fuzzer found


@with_newton
def test_optimizers_with_array_hyperparameters_compare_and_hash_by_value(cls):
    name = numeric_hyperparameters(cls)[-1]
    grid = np.array([VALID[KINDS[name]], VALID[KINDS[name]] / 2])
    a, b = make(cls, **{name: grid}), make(cls, **{name: grid.copy()})
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert a != make(cls, **{name: grid[::-1].copy()})
    assert a != make(cls)


@every_rule
def test_a_schedule_class_is_not_a_schedule(cls):
    with refused("lr"):
        cls(lr=StepLR)


def test_condition_of_a_valley_and_a_saddle_is_quiet():
    assert Quadratic(np.diag([1.0, 0.0])).condition == math.inf
    assert math.isnan(SURFACES["saddle"].condition)
    assert elongated_bowl(9).condition == 9.0


def test_sweep_lr_names_make_when_it_does_not_return_an_optimizer():
    with refused("make"):
        sweep_lr(lambda lr: lr, SURFACES["bowl"], np.ones((1, 2)), [0.1], steps=2)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: StepLR(0.1, 2)([[1, 2], [3]]), "t"),
        (lambda: PROBLEMS["mlp"].grad(np.zeros(10), batch=[[1, 2], [3]]), "batch"),
        (lambda: Quadratic(np.full((2, 2), 1e308)), "A"),
        (lambda: Quadratic(np.diag([1e-10, 1.0]), b=[1e300, 0.0]), "b"),
        (lambda: Rosenbrock(a=1e308), "a"),
        (lambda: Bumpy(scale=1e308), "scale"),
        (lambda: LinearRegression.synthetic(w=1e308), "w"),
        (lambda: LinearRegression.synthetic(noise=1e308), "noise"),
        (lambda: LRSweep(np.array([0.1]), np.array([[None]]), np.array([[False]])), "excess"),
        (lambda: LRSweep(np.array(["a"]), np.zeros((1, 1)), np.zeros((1, 1), bool)), "lrs"),
        (lambda: LRSweep(np.array([0.1]), np.zeros(1), np.zeros(1, bool)), "excess"),
        (lambda: LRSweep(np.array([0.1]), np.zeros((1, 2)), np.zeros((1, 2))), "diverged"),
    ],
)
def test_values_at_the_edge_of_float64_and_ragged_lists(call, name):
    with refused(name):
        call()


def test_the_default_window_of_a_far_minimum_is_wide_enough_to_see():
    far = Quadratic(np.eye(1), b=[1e17])
    lo, hi = far.extent
    assert lo < 1e17 < hi
    line = LinearRegression.synthetic(w=2.0**63, b=1.0, noise=0.0)
    (w_lo, w_hi, _, _), w0 = line.extent, line.minima[0, 0]
    assert w_lo < w0 < w_hi


def test_steps_to_a_huge_integer_tolerance_is_every_point():
    assert bowl_run().steps_to(10**400) == 0
    assert bowl_run().steps_to(-(10**400)) == -1


# %% The fuzzer itself: every argument of every public callable, every hostile value

HOSTILE = [
    *["0.1", "", b"1", None, True, False, np.True_, 1j, [0.1], (0.1,), {}, object()],
    *[[[1, 2], [3]], lambda t: -1, lambda t: "x", lambda t: None],
    *[np.array(["a"]), np.array([1j]), np.array([True]), np.array([1, None], dtype=object)],
    *[np.array([]), np.zeros((0, 2)), np.array(0.5), np.array([[0.5]]), np.ones((2, 2))],
    *[np.zeros(3), np.ones((3, 2)), np.ones((2, 3)), np.ones(1), np.array([0.5, -0.5])],
    *[np.full(2, np.nan), np.ones(2, np.float16), np.array([1e308, 1e308])],
    *[math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -0.0, np.float32(0.3)],
    *[-1, 0, 1, 2, 2**63, 10**400, -(10**400), np.int64(3), np.uint8(2)],
]


def _fuzz_table():
    line = PROBLEMS["linear-regression"]
    model = MLP(*cubic_data(n=15), hidden=2)
    traj = run(descent.Adam(0.1), SURFACES["bowl"], np.ones((2, 2)), 3, record_state=True)
    table = {}
    for name, cls in RULES.items():  # Newton and L-BFGS: a step as run takes it, _fuzz_curvature
        if cls in MATRIX:  # the fuzzer's params are a vector
            continue
        defaults = {f.name: f.default for f in dataclasses.fields(cls)}
        defaults = {k: 0.1 if v is dataclasses.MISSING else v for k, v in defaults.items()}

        def step(params, grad, cls=cls, **hyper):
            opt = cls(**hyper)  # its own state: amsgrad=True, say, has more in it
            return opt.step(params, grad, opt.init(np.ones(2)))

        table[name] = (step, defaults | {"params": np.ones(2), "grad": np.ones(2)})
    table |= _fuzz_curvature()
    for name, surface in SURFACES.items():
        table[f"surfaces.ALL[{name!r}]"] = (
            lambda x, s=surface: [f(x) for f in (s, s.grad, s.hessian)],
            {"x": np.ones(surface.dim)},
        )
    table |= {
        "run": (run, {"opt": descent.Adam(0.1), "objective": SURFACES["rosenbrock"],
                          "start": np.ones(2), "steps": 3, "limit": 1e8, "record_state": False}),
        "run_stochastic": (run_stochastic, {"opt": descent.GradientDescent(0.1), "problem": line,
                                                "start": np.zeros(2), "epochs": 1, "batch_size": 3,
                                                "seed": 0, "independent": False, "limit": 1e8}),
        "sweep_lr": (sweep_lr, {"make": descent.Adam, "objective": SURFACES["bowl"],
                                    "starts": np.ones((1, 2)), "lrs": [0.1], "steps": 3}),
        "ema": (ema, {"values": [1.0, 2.0], "beta": 0.5, "bias_correction": False}),
        "sharpness": (sharpness, {"objective": SURFACES["rosenbrock"], "params": np.ones(2),
                                  "method": "auto", "iters": 5, "seed": 0}),
        "sharpness (Lanczos)": (sharpness, {"objective": model, "params": np.zeros(7),
                                            "method": "lanczos", "iters": 3, "seed": 0}),
        "StepLR": (lambda t, **k: StepLR(**k)(t),
                   {"lr": 0.1, "step_size": 2, "gamma": 0.5, "t": 3}),
        "ExponentialLR": (lambda t, **k: ExponentialLR(**k)(t), {"lr": 0.1, "gamma": 0.5, "t": 3}),
        "CosineAnnealingLR": (lambda t, **k: CosineAnnealingLR(**k)(t),
                              {"lr": 0.1, "T_max": 2, "eta_min": 0.0, "t": 3}),
        "LinearLR": (lambda t, **k: LinearLR(**k)(t),
                     {"lr": 0.1, "start_factor": 0.5, "end_factor": 1.0, "total_iters": 3, "t": 2}),
        "Schedule.values": (lambda n: StepLR(0.1, 2).values(n), {"n": 3}),
        "Quadratic": (lambda **k: Quadratic(**k)(np.ones(len(np.atleast_2d(k["A"])))),
                      {"A": np.eye(2), "b": None, "c": 0.0, "name": "q", "latex": None,
                       "extent": None}),
        "Rosenbrock": (lambda **k: Rosenbrock(**k)(np.ones(2)), {"a": 1.0, "b": 100.0}),
        "Bumpy": (lambda **k: Bumpy(**k)(np.ones(1)), {"scale": 0.25}),
        "elongated_bowl": (elongated_bowl, {"condition": 25.0}),
        "with_extent": (SURFACES["bowl"].with_extent, {"extent": (0, 1, 0, 1)}),
        "LinearRegression": (LinearRegression, {"x": [0.0, 1.0], "y": [1.0, 2.0]}),
        "LinearRegression.synthetic": (LinearRegression.synthetic,
                                       {"n": 10, "w": 2.0, "b": 1.0, "noise": 0.5, "seed": 0}),
        "LinearRegression.grad": (line.grad, {"params": np.zeros(2), "batch": [0, 1]}),
        "MLP": (MLP, {"x": [0.0, 1.0], "y": [1.0, 2.0], "hidden": 2}),
        "MLP.grad": (model.grad, {"params": np.zeros(7), "batch": [0, 1]}),
        "MLP.__call__": (model, {"params": np.zeros(7)}),
        "MLP.predict": (model.predict, {"params": np.zeros(7), "x": [0.5]}),
        "MLP.init_params": (model.init_params, {"seed": 0, "size": 3}),
        "MLP.unpack": (model.unpack, {"params": np.zeros(7)}),
        "cubic_data": (cubic_data, {"n": 10}),
        "Network": (Network, {"x": np.zeros((3, 2)), "y": np.zeros(3), "widths": (2,),
                              "activation": "tanh"}),
        "Network.hvp": (PROBLEMS["network"].hvp, {"params": np.zeros(20), "v": np.ones(20),
                                                  "batch": [0, 1]}),
        "Network.predict": (PROBLEMS["network"].predict, {"params": np.zeros(20),
                                                          "x": np.zeros((2, 2))}),
        "wave_data": (wave_data, {"n": 10, "seed": 0}),
        "filter_normalized": (landscape.filter_normalized,
                              {"network": PROBLEMS["network"], "params": np.ones(20), "seed": 0,
                               "biases": "zero"}),
        "pca_directions": (landscape.pca_directions, {"path": np.arange(12.0).reshape(4, 3) ** 2,
                                                      "center": None}),
        "project": (landscape.project, {"path": np.ones((3, 2)), "center": np.zeros(2),
                                        "directions": np.eye(2)}),
        "slice_loss": (landscape.slice_loss, {"objective": SURFACES["bowl"],
                                              "center": np.zeros(2), "directions": np.eye(2),
                                              "a": [0.0, 1.0], "b": [0.5]}),
        "Trajectory.steps_to": (traj.steps_to, {"tol": 0.1}),
        "LRSweep": (LRSweep, {"lrs": np.array([0.1]), "excess": np.zeros((1, 1)),
                                  "diverged": np.zeros((1, 1), bool)}),
        "race.bootstrap_median": (bootstrap_median,
                                  {"values": [1.0, 2.0, np.inf], "level": 0.9, "resamples": 20,
                                   "seed": 0}),
        "race.performance_profile": (performance_profile,
                                     {"costs": [[1.0, 2.0], [np.inf, 3.0]], "taus": [1.0, 2.0]}),
        "race.held_out_starts": (held_out_starts, {"surface": "himmelblau"}),
        "LRSweep.forgiving": (LRSweep(np.array([0.1]), np.zeros((1, 1)),
                                      np.zeros((1, 1), bool)).forgiving, {"tol": 0.1}),
        "learning_rate": (descent.GradientDescent(StepLR(0.1, 2)).learning_rate, {"count": 3}),
        "effective_lr": (descent.Adam(0.1).effective_lr, {"state": traj.states}),
    }  # fmt: skip
    return table


def _fuzz_curvature():
    """Newton, L-BFGS (with a line search too) and ReduceLROnPlateau, each step given what it
    needs, as descent.run gives it."""
    x, bowl = np.ones(2), SURFACES["bowl"]
    hyper = {f.name: f.default for f in dataclasses.fields(descent.LBFGS)}

    def newton(params, grad, hessian, **h):
        return descent.Newton(**h).step(params, grad, descent.Newton().init(x), hessian=hessian)

    def lbfgs(params, grad, loss, objective, **h):
        opt = descent.LBFGS(**h)
        return opt.step(params, grad, opt.init(x), loss=loss, objective=objective)

    def plateau(params, grad, loss, **h):
        state = descent.ReduceLROnPlateau(descent.Adam(0.1)).init(x)
        return descent.ReduceLROnPlateau(**h).step(params, grad, state, loss=loss)

    plateau_hyper = {f.name: f.default for f in dataclasses.fields(descent.ReduceLROnPlateau)}
    return {
        "Newton.step": (newton, {"lr": 1.0, "damping": 0.0, "params": x, "grad": x,
                                 "hessian": bowl.hessian(x)}),
        "LBFGS.step": (lbfgs, hyper | {"line_search_fn": "strong_wolfe", "max_eval": 5,
                                       "params": x, "grad": x, "loss": None,
                                       "objective": bowl}),
        "ReduceLROnPlateau.step": (plateau, plateau_hyper | {"optimizer": descent.Adam(0.1),
                                                             "params": x, "grad": x,
                                                             "loss": 1.0}),
    }  # fmt: skip


FUZZ = _fuzz_table()
#: where the message names the argument with its partner
NAMED_AS = {"x": r"x( and y)?", "y": r"(x and )?y", "w": r"w(, b)?"}


@pytest.mark.parametrize("name", FUZZ)
@settings(max_examples=200)
@given(data=st.data())
def test_every_argument_gives_a_result_or_an_error_naming_it(name, data):
    call, defaults = FUZZ[name]
    call(**defaults)  # the defaults are fine
    key = data.draw(st.sampled_from(sorted(defaults)), label="argument")
    value = data.draw(st.sampled_from(HOSTILE), label="value")
    try:
        call(**(defaults | {key: value}))
    except (ValueError, TypeError) as err:  # anything else fails the test
        pattern = NAMED_AS.get(key, re.escape(key))
        # the point is the message of whatever was raised, so pytest.raises does not fit
        assert re.search(rf"(?<![\w.]){pattern}\b", str(err)), f"{key}: {err}"  # noqa: PT017


@pytest.mark.parametrize("dim", [0, 2.0, "2", None, True])
def test_a_home_made_objective_with_a_bad_dim_or_n_samples_is_named(dim):
    class Home:
        minima, min_value, extent = np.zeros((0, 2)), math.nan, (0.0, 1.0, 0.0, 1.0)
        n_samples = 10

        def __init__(self, dim=2, n_samples=10):
            self.dim, self.n_samples = dim, n_samples

        def __call__(self, x):
            return np.sum(x * x, axis=-1)

        def grad(self, x, batch=None):
            return 2 * np.asarray(x, dtype=float)

    with refused("objective.dim"):
        run(descent.GradientDescent(0.1), Home(dim=dim), np.ones(2), 2)
    with refused("problem.n_samples"):
        run_stochastic(descent.GradientDescent(0.1), Home(n_samples=dim), np.ones(2), 1, 1)
    traj = run(descent.GradientDescent(0.25), Home(), np.ones(2), 2)  # a good one runs
    np.testing.assert_allclose(traj.final, [0.25, 0.25])


# %% A problem whose parameters are matrices

from descent.problems import MatrixRegression  # noqa: E402

LAYER = MatrixRegression.synthetic(shape=(3, 2), n_samples=8, seed=0)


@pytest.mark.parametrize(
    ("start", "name"),
    [
        (np.zeros(6), "start"),  # the flat vector of the 6 parameters
        (np.zeros((2, 3)), "start"),  # transposed
        (np.zeros((5, 3)), "start"),
        (np.zeros((3, 2, 1)), "start"),
        (0.0, "start"),
        (np.full((3, 2), np.nan), "start"),
        (np.array([[0.0, np.inf], [0.0, 0.0], [0.0, 0.0]]), "start"),
        (np.zeros((3, 2)) + 1j, "start"),
        (np.zeros((3, 2), dtype=bool), "start"),
        ([["a", "b"]] * 3, "start"),
    ],
)
def test_a_matrix_problem_refuses_starts_that_are_not_its_matrices(start, name):
    with refused(name):
        run(descent.Muon(lr=0.1), LAYER, start, 3)
    with refused(name):
        run_stochastic(descent.GradientDescent(lr=0.1), LAYER, start, 1, 4)


@pytest.mark.parametrize(
    ("opt", "why"),
    [
        (descent.Adafactor(lr=0.1), "factored=True"),
        (descent.LBFGS(lr=0.1), "one vector"),
        (descent.ReduceLROnPlateau(descent.Adafactor(lr=0.1)), "factored=True"),
    ],
)
def test_a_matrix_problem_refuses_the_rules_that_read_rows_as_vectors(opt, why):
    with pytest.raises(ValueError, match=rf"opt is \w+.*{re.escape(why)}"):
        run(opt, LAYER, np.zeros((3, 2)), 3)
    with refused("hessian"):  # Newton: no Hessian of a matrix problem
        run(descent.Newton(), LAYER, np.zeros((3, 2)), 3)


def test_a_matrix_objective_with_a_bad_shape_is_refused():
    class Odd:
        dim, shape, minima, min_value, extent = 6, (4, 2), np.zeros((1, 4, 2)), 0.0, ()

        def __call__(self, x):
            return np.zeros(np.shape(x)[:-2])

        def grad(self, x):
            return np.zeros_like(x)

    with refused("objective.shape"):
        run(descent.Muon(lr=0.1), Odd(), np.zeros((4, 2)), 1)


@given(
    batch=st.sampled_from(
        [[], 3, [0.5], [-1], [8], np.zeros((4, 2), dtype=int), np.zeros((2, 3, 2), dtype=int)]
    )
)
def test_a_matrix_problem_refuses_bad_batches(batch):
    with refused("batch"):
        LAYER.grad(np.zeros((3, 3, 2)), batch=batch)


@given(bad=bad_arrays)
def test_a_matrix_problem_refuses_params_that_are_not_real(bad):
    with refused("params"):
        LAYER.grad(bad)
    with refused("params"):
        LAYER(bad)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: MatrixRegression(np.zeros(4), np.zeros((4, 2))), "x and y"),
        (lambda: MatrixRegression(np.zeros((4, 2)), np.zeros(4)), "x and y"),
        (lambda: MatrixRegression(np.zeros((4, 2)), np.zeros((3, 2))), "x and y"),
        (lambda: MatrixRegression(np.zeros((0, 2)), np.zeros((0, 2))), "x and y"),
        (lambda: MatrixRegression(np.zeros((4, 0)), np.zeros((4, 2))), "x and y"),
        (lambda: MatrixRegression(np.full((4, 2), np.nan), np.zeros((4, 2))), "x"),
        (lambda: MatrixRegression(np.zeros((4, 2)), np.full((4, 2), np.inf)), "y"),
        (lambda: MatrixRegression(np.zeros((4, 2)) + 1j, np.zeros((4, 2))), "x"),
        (lambda: MatrixRegression(np.full((2, 2), 1e200), np.zeros((2, 2))), "x and y"),
        (lambda: MatrixRegression.synthetic(shape=4), "shape"),
        (lambda: MatrixRegression.synthetic(shape=(4, 0)), "shape"),
        (lambda: MatrixRegression.synthetic(shape=(4, 2.5)), "shape"),
        (lambda: MatrixRegression.synthetic(n_samples=3), "n_samples"),
        (lambda: MatrixRegression.synthetic(n_samples=0), "n_samples"),
        (lambda: MatrixRegression.synthetic(condition=0.5), "condition"),
        (lambda: MatrixRegression.synthetic(condition=math.nan), "condition"),
        (lambda: MatrixRegression.synthetic(condition="10"), "condition"),
        (lambda: MatrixRegression.synthetic(noise=-1.0), "noise"),
        (lambda: MatrixRegression.synthetic(noise=1e308), "noise"),
        (lambda: MatrixRegression.synthetic(seed=-1), "seed"),
    ],
)
def test_matrix_problem_constructors_refuse_bad_arguments(call, name):
    with refused(name):
        call()


def test_a_matrix_problem_is_immutable_and_owns_its_data():
    x, y = np.ones((4, 2)), np.ones((4, 3))
    layer = MatrixRegression(x, y)
    x[0, 0] = 1e9
    assert layer.x[0, 0] == 1.0
    with pytest.raises(AttributeError, match="immutable"):
        layer.shape = (3, 3)
    with pytest.raises(ValueError, match="read-only"):
        layer.covariance[0, 0] = 2.0
