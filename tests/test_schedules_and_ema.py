"""Schedules (closed forms; torch equality is in test_torch_reference) and the EMA helper."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from descent import ema
from descent.schedules import CosineAnnealingLR, ExponentialLR, LinearLR, StepLR


def test_schedules_at_their_landmarks():
    assert StepLR(0.1, step_size=10, gamma=0.5)(25) == pytest.approx(0.025)
    assert ExponentialLR(2.0, gamma=0.9)(3) == pytest.approx(2 * 0.9**3)
    cosine = CosineAnnealingLR(1.0, T_max=50, eta_min=0.1)
    assert cosine(0) == 1.0
    assert cosine(50) == pytest.approx(0.1)
    assert cosine(25) == pytest.approx(0.55)
    warm = LinearLR(0.3, start_factor=0.1, total_iters=10)
    assert warm(0) == pytest.approx(0.03)
    assert warm(10) == pytest.approx(0.3)
    assert warm(99) == pytest.approx(0.3)


def test_schedules_accept_arrays():
    np.testing.assert_allclose(ExponentialLR(1.0, 0.5)(np.arange(3)), [1.0, 0.5, 0.25])


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: StepLR(0.1, step_size=0), "step_size must be an integer >= 1"),
        (lambda: StepLR(-0.1, step_size=2), "lr must be in"),
        (lambda: ExponentialLR(0.1, gamma=0), "gamma must be in"),
        (lambda: CosineAnnealingLR(0.1, T_max=0), "T_max must be"),
        (lambda: CosineAnnealingLR(0.1, T_max=5, eta_min=-1), "eta_min must be in"),
        (lambda: LinearLR(0.1, start_factor=0), r"start_factor must be in \(0, 1\]"),
        (lambda: LinearLR(0.1, end_factor=1.5), r"end_factor must be in \[0, 1\]"),
        (lambda: LinearLR(0.1, total_iters=0), "total_iters must be"),
        (lambda: StepLR(0.1, 2)(-1), "t must be an integer >= 0"),
        (lambda: StepLR(0.1, 2)(1.5), "t must be an integer >= 0"),
    ],
)
def test_bad_schedule_arguments(make, match):
    with pytest.raises((ValueError, TypeError), match=match):
        make()


@given(st.floats(0.0, 0.99), st.integers(1, 50))
def test_ema_of_a_constant_is_one_minus_beta_to_the_t_and_corrected_is_exact(beta, n):
    np.testing.assert_allclose(ema(np.full(n, 3.0), beta), 3 * (1 - beta ** np.arange(1, n + 1)))
    np.testing.assert_allclose(ema(np.full(n, 3.0), beta, bias_correction=True), 3.0)


def test_ema_is_the_weighted_sum_and_works_over_the_first_axis(rng):
    values = rng.normal(size=(30, 2, 3))
    beta = 0.8
    weights = (1 - beta) * beta ** np.arange(29, -1, -1)
    np.testing.assert_allclose(ema(values, beta)[-1], np.tensordot(weights, values, axes=1))


@pytest.mark.parametrize("window", [10, 100, 1000])
def test_weights_of_the_last_window_sum_to_one_minus_one_over_e(window):
    """The EMA chapter's claim: the last 1/(1-β) values carry ≈ 1 - 1/e of the weight."""
    beta = 1 - 1 / window
    impulse = np.zeros(10 * window)  # the response to a unit impulse gives each value's weight
    impulse[0] = 1.0
    weights = ema(impulse, beta)  # response at lag k = the weight of the value k steps back
    assert weights[:window].sum() == pytest.approx(1 - 1 / math.e, abs=0.5 / window)


def test_ema_rejects_bad_input():
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\)"):
        ema([1.0], 1.0)
    with pytest.raises(ValueError, match="values must have at least one axis"):
        ema(1.0, 0.5)
