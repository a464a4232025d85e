"""The rest of torch.optim.lr_scheduler and warmup–stable–decay: each schedule is its formula,
composes as torch composes it, refuses hostile input by name, and has its colour where the
figures draw it. Step-for-step equality with torch is in test_torch_reference (recorded data).
"""

import itertools
import math
import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_hostile import HOSTILE, refused
from test_plot_style import CVD, contrast, lab, linear

import descent
from descent import run, schedules
from descent.plot import style
from descent.schedules import (
    ChainedScheduler,
    ConstantLR,
    CosineAnnealingLR,
    CosineAnnealingWarmRestarts,
    CyclicLR,
    ExponentialLR,
    LambdaLR,
    LinearLR,
    MultiplicativeLR,
    MultiStepLR,
    OneCycleLR,
    PolynomialLR,
    SequentialLR,
    StepLR,
    WarmupStableDecay,
)
from descent.surfaces import ALL as SURFACES

ALL = {name: getattr(schedules, name) for name in schedules.__all__ if name != "Schedule"}


def _warmup():
    return LinearLR(0.1, start_factor=0.5, total_iters=2)


#: every argument of every schedule, valid and not the default
EXAMPLES = {
    "StepLR": {"lr": 0.1, "step_size": 3, "gamma": 0.5},
    "MultiStepLR": {"lr": 0.1, "milestones": [2, 5, 5], "gamma": 0.5},
    "ExponentialLR": {"lr": 0.1, "gamma": 0.9},
    "PolynomialLR": {"lr": 0.1, "total_iters": 7, "power": 2.0},
    "CosineAnnealingLR": {"lr": 0.1, "T_max": 5, "eta_min": 0.01},
    "CosineAnnealingWarmRestarts": {"lr": 0.1, "T_0": 3, "T_mult": 2, "eta_min": 0.01},
    "LinearLR": {"lr": 0.1, "start_factor": 0.5, "end_factor": 0.9, "total_iters": 3},
    "ConstantLR": {"lr": 0.1, "factor": 0.5, "total_iters": 3},
    "CyclicLR": {
        "base_lr": 0.01,
        "max_lr": 0.1,
        "step_size_up": 3,
        "step_size_down": 2,
        "mode": "exp_range",
        "gamma": 0.99,
        "scale_fn": None,
        "scale_mode": "iterations",
    },
    "OneCycleLR": {
        "max_lr": 0.1,
        "total_steps": 30,
        "epochs": 3,
        "steps_per_epoch": 10,
        "pct_start": 0.25,
        "anneal_strategy": "linear",
        "div_factor": 10.0,
        "final_div_factor": 100.0,
        "three_phase": True,
    },
    "LambdaLR": {"lr": 0.1, "lr_lambda": lambda t: 0.9**t},
    "MultiplicativeLR": {"lr": 0.1, "lr_lambda": lambda t: 0.95},
    "SequentialLR": {"schedules": [_warmup(), ExponentialLR(0.1, 0.9)], "milestones": [4]},
    "ChainedScheduler": {"schedules": [_warmup(), ExponentialLR(0.1, 0.9)]},
    "WarmupStableDecay": {
        "lr": 0.1,
        "warmup_steps": 2,
        "stable_steps": 3,
        "decay_steps": 4,
        "decay": "cosine",
        "start_factor": 0.1,
        "final_factor": 0.05,
    },
}
examples = pytest.mark.parametrize("name", sorted(EXAMPLES))


def example(name, **changes):
    return ALL[name](**(EXAMPLES[name] | changes))


def test_every_schedule_has_an_example_with_every_argument():
    assert set(EXAMPLES) == set(ALL)
    for name, kwargs in EXAMPLES.items():
        fields = ALL[name].__dataclass_fields__
        assert set(kwargs) == set(fields), name


# %% Each schedule is its formula


@given(lr=st.floats(1e-4, 1.0), total=st.integers(1, 60))
def test_a_polynomial_decay_of_power_one_is_a_straight_line_to_zero(lr, total):
    straight = LinearLR(lr, start_factor=1.0, end_factor=0.0, total_iters=total)
    np.testing.assert_allclose(
        PolynomialLR(lr, total_iters=total).values(80), straight.values(80), rtol=1e-12, atol=1e-18
    )
    assert PolynomialLR(lr, total, power=0.0).values(80).tolist() == [lr] * 80


@given(size=st.integers(1, 20), gamma=st.floats(0.1, 1.5))
def test_milestones_every_step_size_updates_are_a_step_decay(size, gamma):
    steps = MultiStepLR(0.1, milestones=range(size, 200, size), gamma=gamma)
    np.testing.assert_allclose(steps.values(150), StepLR(0.1, size, gamma).values(150), rtol=1e-12)


def test_a_milestone_twice_drops_twice_and_none_keeps_the_rate():
    assert MultiStepLR(1.0, [0, 3, 3], gamma=0.5).values(5).tolist() == [0.5] * 3 + [0.125] * 2
    assert MultiStepLR(0.2, [], gamma=0.5).values(3).tolist() == [0.2] * 3


@given(factor=st.floats(0.01, 1.0), total=st.integers(1, 30))
def test_a_constant_warmup_is_factor_then_one(factor, total):
    rates = ConstantLR(0.1, factor, total).values(40)
    assert rates[:total].tolist() == [0.1 * factor] * total
    assert rates[total:].tolist() == [0.1] * (40 - total)


@given(t0=st.integers(1, 12), eta=st.floats(0.0, 0.05))
def test_warm_restarts_with_t_mult_one_repeat_the_cosine_of_one_period(t0, eta):
    restarts = CosineAnnealingWarmRestarts(0.1, T_0=t0, eta_min=eta).values(100)
    cosine = CosineAnnealingLR(0.1, T_max=t0, eta_min=eta)
    np.testing.assert_allclose(restarts, cosine(np.arange(100) % t0), rtol=1e-12)


@given(t0=st.integers(1, 8), mult=st.integers(2, 4))
def test_warm_restarts_jump_back_at_t0_times_a_geometric_sum(t0, mult):
    rates = CosineAnnealingWarmRestarts(1.0, T_0=t0, T_mult=mult, eta_min=0.0).values(2000)
    restarts = [t0 * (mult**i - 1) // (mult - 1) for i in range(12)]
    restarts = [r for r in restarts if r < 2000]
    assert np.flatnonzero(rates == 1.0).tolist() == restarts
    assert rates.min() > 0  # the minimum would be the update of the restart


def test_warm_restarts_with_huge_periods_and_huge_t():
    big = CosineAnnealingWarmRestarts(1.0, T_0=2**40, T_mult=2**20)
    assert big(2**62) == pytest.approx((1 + math.cos(math.pi * (2**62 - 2**40) / 2**60)) / 2)
    assert big(np.array([0, 2**40])).tolist() == [1.0, 1.0]


@given(up=st.integers(1, 10), down=st.integers(1, 10), cycles=st.integers(1, 4))
def test_a_triangular_cycle_goes_from_base_to_max_and_back(up, down, cycles):
    cyclic = CyclicLR(0.01, 0.1, step_size_up=up, step_size_down=down)
    length = up + down
    starts = np.arange(cycles) * length
    np.testing.assert_allclose(cyclic(starts), 0.01, rtol=1e-12)
    np.testing.assert_allclose(cyclic(starts + up), 0.1, rtol=1e-12)
    halved = CyclicLR(0.01, 0.1, step_size_up=up, step_size_down=down, mode="triangular2")
    np.testing.assert_allclose(halved(starts + up), 0.01 + 0.09 / 2.0 ** np.arange(cycles))
    flat = CyclicLR(0.01, 0.1, up, down, mode="exp_range", gamma=1.0)
    np.testing.assert_array_equal(flat.values(50), cyclic.values(50))


def test_a_cycle_of_your_own_scale_is_checked_where_it_is_used():
    own = CyclicLR(0.0, 1.0, step_size_up=1, scale_fn=lambda c: 1 / c)
    assert own.values(6).tolist() == [0.0, 1.0, 0.0, 0.5, 0.0, pytest.approx(1 / 3)]
    with pytest.raises(ValueError, match=r"^scale_fn\(3\) must be a finite number in \[0, 1\]"):
        CyclicLR(0.0, 1.0, 1, scale_fn=lambda x: 2.0 if x > 2 else 1.0, scale_mode="iterations")(3)


@given(
    total=st.integers(10, 300),
    pct=st.floats(0.05, 0.95),
    strategy=st.sampled_from(["cos", "linear"]),
)
def test_one_cycle_starts_low_peaks_at_max_lr_and_ends_far_below(total, pct, strategy):
    assume(pct * total >= 2)  # else the cycle starts past its rise (torch's phases), see below
    cycle = OneCycleLR(0.1, total_steps=total, pct_start=pct, anneal_strategy=strategy)
    rates = cycle.values(total)
    assert rates[0] == pytest.approx(0.1 / 25)
    assert rates[-1] == pytest.approx(0.1 / 25 / 1e4)
    assert rates.max() <= 0.1 * (1 + 1e-12)
    peak = pct * total - 1
    if peak >= 0 and peak == int(peak):
        assert rates[int(peak)] == pytest.approx(0.1)
    assert np.all(rates >= 0.1 / 25 / 1e4 - 1e-15)


def test_one_cycle_in_three_phases_is_symmetric_about_its_peak():
    rates = OneCycleLR(1.0, total_steps=100, pct_start=0.3, three_phase=True).values(100)
    np.testing.assert_allclose(rates[29 - np.arange(30)], rates[29 + np.arange(30)], rtol=1e-12)
    assert rates[58] == pytest.approx(1 / 25)
    assert rates[99] == pytest.approx(1 / 25 / 1e4)


def test_one_cycle_by_epochs_is_the_same_and_past_the_end_it_raises():
    by_epochs = OneCycleLR(0.1, epochs=4, steps_per_epoch=25)
    assert by_epochs.total_steps == 100
    np.testing.assert_array_equal(by_epochs.values(101), OneCycleLR(0.1, 100).values(101))
    with pytest.raises(ValueError, match=r"^t must be at most total_steps = 100 \("):
        by_epochs(np.array([3, 101]))
    # a straight line overshoots its end at t = total_steps: the optimizer refuses it there
    linear = OneCycleLR(0.1, total_steps=20, anneal_strategy="linear")
    assert linear(20) < 0
    run(descent.Momentum(lr=linear), SURFACES["bowl"], np.ones(2), steps=20)
    with pytest.raises(ValueError, match=r"^lr at update 20 must be in \[0, inf\)"):
        run(descent.Momentum(lr=linear), SURFACES["bowl"], np.ones(2), steps=21)
    with pytest.raises(ValueError, match=r"^t must be at most total_steps = 20 "):
        run(descent.Momentum(lr=OneCycleLR(0.1, 20)), SURFACES["bowl"], np.ones(2), steps=22)


@pytest.mark.parametrize(
    ("kwargs", "phase"),
    [({"total_steps": 10, "pct_start": 0.1}, 1), ({"total_steps": 50, "pct_start": 1.0}, 2)],
)
def test_one_cycle_refuses_a_phase_torch_would_divide_by(kwargs, phase):
    with pytest.raises(ValueError, match=rf"^pct_start = .* gives phase {phase} of the cycle no"):
        OneCycleLR(0.1, **kwargs)
    # a rise of length -0.5: no update is in it, and the cycle starts on its way down
    short = OneCycleLR(0.1, total_steps=10, pct_start=0.05)
    assert short(0) == pytest.approx(
        0.1 / 25 / 1e4 + (0.1 - 0.1 / 25 / 1e4) / 2 * (1 + math.cos(math.pi * 0.5 / 9.5))
    )


# %% A factor of your own


class Counted:
    """``fn`` that counts its calls and whether each was with an array."""

    def __init__(self, fn):
        self.fn, self.calls = fn, []

    def __call__(self, t):
        self.calls.append(np.ndim(t) > 0)
        return self.fn(t)


def test_a_vectorised_factor_is_called_once_per_array_and_a_scalar_one_per_update():
    vectorised = Counted(lambda t: 0.9**t)
    rates = LambdaLR(0.1, vectorised).values(50)
    assert vectorised.calls == [False, True]  # one int (as torch calls it), then the array
    scalar = Counted(lambda t: 1.0 if t < 10 else 0.5)  # `t < 10` of an array is ambiguous
    np.testing.assert_array_equal(LambdaLR(0.1, scalar).values(20), [0.1] * 10 + [0.05] * 10)
    assert scalar.calls == [False, True] + [False] * 19  # tried once, then one call per update
    np.testing.assert_allclose(rates, [LambdaLR(0.1, vectorised)(t) for t in range(50)])
    assert LambdaLR(0.1, lambda t: math.exp(-t)).values(3).tolist() == pytest.approx(
        [0.1, 0.1 / math.e, 0.1 / math.e**2]
    )


def test_a_factor_that_is_an_array_is_a_grid_of_schedules():
    grid = LambdaLR(0.1, lambda t: np.array([1.0, 0.5]) * 0.9**t)
    assert grid(2).tolist() == pytest.approx([0.081, 0.0405])
    assert grid.values(3).shape == (3, 2)
    product = MultiplicativeLR(1.0, lambda t: np.array([0.5, 2.0]))
    np.testing.assert_allclose(product.values(3), [[1, 1], [0.5, 2], [0.25, 4]])
    traj = run(descent.Momentum(lr=grid), SURFACES["bowl"], np.ones((2, 2)), 4)  # a rate per column
    assert traj.path.shape == (5, 2, 2)


@pytest.mark.parametrize("cls", [LambdaLR, MultiplicativeLR])
@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (-0.5, ValueError),
        (math.nan, ValueError),
        (math.inf, ValueError),
        (10**400, ValueError),
        ("0.5", TypeError),
        (None, TypeError),
        (True, TypeError),
        (1j, TypeError),
        (np.array(["a"]), TypeError),
        (np.array([0.5, -1.0]), ValueError),
    ],
)
def test_a_bad_factor_is_refused_naming_lr_lambda_and_the_update(cls, bad, error):
    schedule = cls(0.1, lambda t: bad if t >= 3 else 1.0)
    schedule.values(3)  # fine up to there
    with pytest.raises(error, match=r"^lr_lambda\(3\) must be a"):
        schedule(3)
    with pytest.raises(error, match=r"^lr_lambda\(3\) must be a"):
        schedule.values(6)
    with pytest.raises(error, match=r"^lr_lambda\(3\) must be a"):
        run(descent.Momentum(lr=schedule), SURFACES["bowl"], np.ones(2), steps=5)
    with refused("lr_lambda"):
        cls(0.1, 0.9)


@given(gamma=st.floats(0.5, 1.1), n=st.integers(1, 80))
def test_a_constant_multiplicative_factor_is_an_exponential_decay(gamma, n):
    product = MultiplicativeLR(0.1, lambda t: gamma)
    np.testing.assert_allclose(product.values(n), ExponentialLR(0.1, gamma).values(n), rtol=1e-12)


def test_multiplicative_factors_are_asked_for_no_further_than_needed_in_any_order():
    def factor(t):
        if t > 5:
            raise AssertionError("asked past the update needed")
        return 0.5

    schedule = MultiplicativeLR(1.0, factor)
    assert schedule(2) == 0.25
    assert schedule(np.array([5, 0, 3])).tolist() == [1 / 32, 1.0, 1 / 8]
    assert schedule(4) == 1 / 16


# %% Compositions, as torch composes them


def test_one_schedule_in_sequence_is_itself_and_each_next_restarts_at_its_milestone():
    decay = CosineAnnealingLR(0.1, T_max=10)
    np.testing.assert_array_equal(SequentialLR([decay], []).values(30), decay.values(30))
    parts = [_warmup(), decay, StepLR(0.1, 3, 0.5)]
    rates = SequentialLR(parts, milestones=[5, 12]).values(30)
    np.testing.assert_array_equal(rates[:5], parts[0].values(5))
    np.testing.assert_array_equal(rates[5:12], parts[1].values(7))
    np.testing.assert_array_equal(rates[12:], parts[2].values(18))
    assert SequentialLR(parts, [5, 12]).lr == 0.1


def test_a_multiplicative_schedule_after_a_milestone_scales_the_rate_it_finds():
    # torch: [0.05, 0.0625, 0.075, 0.0875, 0.1, 0.1, 0.09, 0.081, ...]
    sequence = SequentialLR(
        [LinearLR(0.1, 0.5, total_iters=4), MultiplicativeLR(0.1, lambda t: 0.9)], [6]
    )
    np.testing.assert_allclose(
        sequence.values(9), [0.05, 0.0625, 0.075, 0.0875, 0.1, 0.1, 0.09, 0.081, 0.0729]
    )


@given(g1=st.floats(0.5, 1.0), g2=st.floats(0.5, 1.2))
def test_chained_decays_multiply_their_factors(g1, g2):
    chain = ChainedScheduler([ExponentialLR(0.1, g1), ExponentialLR(0.1, g2)])
    np.testing.assert_allclose(chain.values(60), ExponentialLR(0.1, g1 * g2).values(60), rtol=1e-9)


def test_a_chain_of_chains_is_one_chain():
    a, b, c = _warmup(), ExponentialLR(0.1, 0.9), StepLR(0.1, 3, 0.5)
    nested = ChainedScheduler([ChainedScheduler([a, b]), c])
    np.testing.assert_array_equal(nested.values(20), ChainedScheduler([a, b, c]).values(20))
    assert nested.lr == 0.1


def test_a_chained_cosine_restarts_past_t_max_as_torch_does():
    # torch's ChainedScheduler([CosineAnnealingLR(T_max=4), ExponentialLR(0.9)]) from lr 0.1
    chain = ChainedScheduler([CosineAnnealingLR(0.1, T_max=4), ExponentialLR(0.1, 0.9)])
    rates = chain.values(15)
    torch = [0.1, 0.07682, 0.0405, 0.010676, 0.0, 0.01318, 0.0405, 0.062224, 0.06561]
    np.testing.assert_allclose(rates[:9], torch, atol=5e-7)
    assert rates[12] == 0.0
    # up to T_max it is the product of the factors
    cos = CosineAnnealingLR(0.1, T_max=4).values(5)
    np.testing.assert_allclose(rates[:5], cos * 0.9 ** np.arange(5), rtol=1e-12)


@pytest.mark.parametrize(
    ("schedules", "match"),
    [
        ([_warmup(), LambdaLR(0.1, lambda t: 1.0)], r"schedules\[1\] is a LambdaLR, which sets"),
        ([CosineAnnealingWarmRestarts(0.1, 3), _warmup()], r"schedules\[0\] is a Cosine.*sets"),
        ([CyclicLR(0.1, 0.2, 2), _warmup()], r"schedules\[0\] is a CyclicLR"),
        ([SequentialLR([_warmup()], []), _warmup()], r"schedules\[0\] is a SequentialLR"),
        ([WarmupStableDecay(0.1, 1, 1, 1), _warmup()], r"schedules\[0\] is a WarmupStable"),
        ([OneCycleLR(0.1, 10)], r"schedules\[0\] is a OneCycleLR"),
        ([CosineAnnealingLR(0.1, 5, eta_min=0.01)], r"schedules\[0\] is a Cos.*eta_min = 0.01"),
        ([CosineAnnealingLR(0.1, 5)] * 2, r"^schedules may hold one CosineAnnealingLR"),
        ([CosineAnnealingLR(0.1, 5), PolynomialLR(0.1)], r"schedules\[1\] is a PolynomialLR"),
        ([LinearLR(0.1, 0.5, 0.0), CosineAnnealingLR(0.1, 5)], r"schedules\[0\] is a LinearLR"),
        ([_warmup(), ExponentialLR(0.2, 0.9)], r"^schedules must share one base rate"),
        ([], r"^schedules must hold at least one"),
    ],
)
def test_a_chain_of_what_torch_does_not_multiply_is_refused(schedules, match):
    with pytest.raises(ValueError, match=match):
        ChainedScheduler(schedules)


@pytest.mark.parametrize(
    ("schedules", "milestones", "match"),
    [
        ([_warmup(), ChainedScheduler([_warmup()])], [3], r"^schedules\[1\] is a Chained"),
        ([_warmup(), WarmupStableDecay(0.1, 1, 1, 1)], [3], r"^schedules\[1\] is a WarmupSt"),
        ([_warmup(), OneCycleLR(2.5, 10)], [3], r"^schedules\[1\] is a OneCycleLR"),
        ([_warmup(), ExponentialLR(0.2, 0.9)], [3], r"^schedules must share one base rate"),
        ([_warmup(), CyclicLR(0.05, 0.2, 2)], [3], r"schedules\[1\] from 0.05"),
        ([_warmup(), _warmup()], [], r"^milestones must have one entry fewer than schedules"),
        ([_warmup(), _warmup()], [0], r"^milestones\[0\] must be an integer >= 1"),
        ([_warmup()] * 3, [4, 4], r"^milestones must be increasing"),
        ([_warmup()] * 3, [5, 4], r"^milestones must be increasing"),
        ([], [], r"^schedules must hold at least one"),
    ],
)
def test_a_sequence_torch_cannot_run_is_refused(schedules, milestones, match):
    with pytest.raises(ValueError, match=match):
        SequentialLR(schedules, milestones)


def test_a_cyclic_schedule_in_sequence_shares_its_base_rate():
    cycle = CyclicLR(0.1, 0.3, step_size_up=2)
    rates = SequentialLR([_warmup(), cycle], milestones=[5]).values(10)
    np.testing.assert_allclose(rates[5:], [0.1, 0.2, 0.3, 0.2, 0.1])


@pytest.mark.parametrize("bad", [StepLR, "StepLR", lambda t: 0.1, [0.1], None, StepLR(0.1, 2)])
def test_schedules_must_be_a_list_of_schedule_instances(bad):
    for make in (lambda s: SequentialLR(s, []), ChainedScheduler):
        with refused("schedules"):
            make(bad if isinstance(bad, StepLR) else [bad])
        with refused("schedules"):
            make(bad)


# %% Warmup–stable–decay


@pytest.mark.parametrize("decay", ["linear", "cosine", "1-sqrt"])
@given(
    warmup=st.integers(0, 20),
    stable=st.integers(0, 20),
    steps=st.integers(1, 20),
    f0=st.floats(0.01, 1.0),
    f1=st.floats(0.0, 1.0),
)
def test_warmup_stable_decay_warms_up_holds_and_decays_to_its_final_rate(
    decay, warmup, stable, steps, f0, f1
):
    wsd = WarmupStableDecay(0.1, warmup, stable, steps, decay, start_factor=f0, final_factor=f1)
    rates = wsd.values(warmup + stable + steps + 10)
    np.testing.assert_array_equal(rates, wsd.sequential.values(len(rates)))
    if warmup:
        assert rates[0] == pytest.approx(0.1 * f0)
        assert np.all(np.diff(rates[: warmup + 1]) >= 0)
    assert rates[warmup : warmup + stable + 1].tolist() == pytest.approx([0.1] * (stable + 1))
    assert np.all(np.diff(rates[warmup + stable :]) <= 1e-15)
    assert rates[warmup + stable + steps :].tolist() == pytest.approx([0.1 * f1] * 10)
    middle = {"linear": 0.5, "cosine": 0.5, "1-sqrt": 1 - math.sqrt(0.5)}[decay]
    if steps % 2 == 0:
        half = rates[warmup + stable + steps // 2]
        assert half == pytest.approx(0.1 * (f1 + (1 - f1) * middle))


def test_warmup_stable_decay_is_the_sequence_torch_builds():
    wsd = WarmupStableDecay(0.1, 10, 60, 20, decay="1-sqrt")
    parts = wsd.sequential.schedules
    assert [type(s).__name__ for s in parts] == ["LinearLR", "ConstantLR", "LambdaLR"]
    assert wsd.sequential.milestones == (10, 70)
    assert parts[0] == LinearLR(0.1, start_factor=0.01, end_factor=1.0, total_iters=10)
    assert parts[1] == ConstantLR(0.1, factor=1.0, total_iters=60)
    assert WarmupStableDecay(0.1, 0, 0, 5).sequential == SequentialLR(
        [LinearLR(0.1, 1.0, 0.0, 5)], []
    )
    assert WarmupStableDecay(0.1, 0, 3, 5) == WarmupStableDecay(0.1, 0, 3, 5)


# %% Hostile input: every argument of every schedule


@examples
def test_every_schedule_is_a_value_that_equals_and_hashes_by_its_arguments(name):
    a, b = example(name), example(name)
    assert a == b
    assert hash(a) == hash(b)
    assert descent.Momentum(lr=a) == descent.Momentum(lr=b)
    np.testing.assert_array_equal(a.values(12), b.values(12))


@examples
@settings(max_examples=150)
@given(data=st.data())
def test_every_argument_gives_a_schedule_or_an_error_naming_it(name, data):
    key = data.draw(st.sampled_from(sorted(EXAMPLES[name])), label="argument")
    value = data.draw(st.sampled_from(HOSTILE), label="value")
    try:
        schedule = example(name, **{key: value})
        n = min(25, schedule.total_steps + 1) if name == "OneCycleLR" else 25
        with np.errstate(all="raise"):  # no numpy warning may leak: the schedule silences its own
            rates = schedule.values(n)
        assert rates.shape[0] == n
    except (ValueError, TypeError) as err:
        # the point is the message of whatever was raised, so pytest.raises does not fit
        assert re.search(rf"(?<![\w.]){re.escape(key)}\b", str(err)), f"{key}: {err}"  # noqa: PT017


@pytest.mark.parametrize("name", sorted(ALL))
@given(t=st.sampled_from([-1, 1.5, True, "3", None, np.array([0, -2]), np.array([0.5]), 1j]))
def test_every_schedule_refuses_a_bad_update_number(name, t):
    schedule = example(name)
    with refused("t"):
        schedule(t)
    with refused("n"):
        schedule.values(-1 if not isinstance(t, str) else t)


@examples
def test_every_schedule_drives_an_optimizer_and_takes_arrays_of_any_shape(name):
    schedule = example(name)
    t = np.arange(12).reshape(3, 4)
    np.testing.assert_array_equal(schedule(t), schedule.values(12).reshape(3, 4))
    assert [schedule(int(k)) for k in range(12)] == pytest.approx(schedule.values(12).tolist())
    opt = descent.Momentum(lr=schedule, beta=0.5)
    traj = run(opt, SURFACES["bowl"], np.ones(2), steps=12)
    assert not traj.diverged
    assert [opt.learning_rate(k) for k in range(12)] == pytest.approx(schedule.values(12).tolist())


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: OneCycleLR(1e300, 10, div_factor=1e-10), "div_factor"),
        (lambda: OneCycleLR(0.1, 10, final_div_factor=1e-320), "final_div_factor"),
        (lambda: OneCycleLR(0.1), "total_steps"),
        (lambda: OneCycleLR(0.1, epochs=3), "total_steps"),
        (lambda: OneCycleLR(0.1, epochs=2**62, steps_per_epoch=4), "total_steps"),
        (lambda: CyclicLR(0.2, 0.1), "max_lr"),
        (lambda: CyclicLR(0.1, 0.2, mode="triangle"), "mode"),
        (lambda: CyclicLR(0.1, 0.2, scale_mode="cycles"), "scale_mode"),
        (lambda: CyclicLR(0.1, 0.2, scale_fn=0.5), "scale_fn"),
        (lambda: ConstantLR(0.1, factor=0.0), "factor"),
        (lambda: ConstantLR(0.1, total_iters=0), "total_iters"),
        (lambda: PolynomialLR(0.1, power=-1.0), "power"),
        (lambda: PolynomialLR(0.1, total_iters=0), "total_iters"),
        (lambda: MultiStepLR(0.1, [3, 2]), "milestones"),
        (lambda: MultiStepLR(0.1, [-1]), "milestones"),
        (lambda: MultiStepLR(0.1, {1, 2}), "milestones"),
        (lambda: MultiStepLR(0.1, 3), "milestones"),
        (lambda: CosineAnnealingWarmRestarts(0.1, T_0=0), "T_0"),
        (lambda: CosineAnnealingWarmRestarts(0.1, T_0=2, T_mult=0), "T_mult"),
        (lambda: WarmupStableDecay(0.1, 1, 1, 0), "decay_steps"),
        (lambda: WarmupStableDecay(0.1, -1, 1, 1), "warmup_steps"),
        (lambda: WarmupStableDecay(0.1, 1, 1, 1, decay="sqrt"), "decay"),
        (lambda: WarmupStableDecay(0.1, 1, 1, 1, start_factor=0), "start_factor"),
        (lambda: WarmupStableDecay(0.1, 1, 1, 1, final_factor=1.5), "final_factor"),
    ],
)
def test_out_of_range_arguments_are_named(make, name):
    with refused(name):
        make()


# %% The colours of the schedules the figures draw

#: drawn in one figure: the schedules of the second chapter and what they are compared with
TOGETHER = [
    "constant",
    "LinearLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "OneCycleLR",
    "WarmupStableDecay",
]


def _distance(a, b):
    """The smallest CIELAB distance of two colours, for normal vision and each dichromacy."""
    matrices = [np.eye(3), *map(np.array, CVD.values())]
    return min(np.linalg.norm(lab(m @ linear(a)) - lab(m @ linear(b))) for m in matrices)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_schedule_colour_stands_out_and_stays_apart_from_the_others(theme):
    colors = style.SCHEDULE_COLORS
    assert set(TOGETHER) <= set(colors)
    assert set(colors) - {"constant"} <= set(ALL)
    assert len(set(colors.values())) == len(colors)
    shown = {k: c if theme == "light" else style.dark_color(c) for k, c in colors.items()}
    background = "#FFFFFF" if theme == "light" else style.DARK_BACKGROUND
    for name, c in shown.items():
        assert contrast(c, background) >= 3.0, name
        assert c.upper() in style.DARK or theme == "dark", name  # a designed dark twin
    for a, b in itertools.combinations(shown, 2):
        assert _distance(shown[a], shown[b]) >= 10, (a, b)
    for a, b in itertools.combinations(TOGETHER, 2):
        assert _distance(shown[a], shown[b]) >= 13, (a, b)
