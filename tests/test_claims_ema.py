"""Every comparison the EMA chapter makes, on the numbers its page shows."""

import math
from pathlib import Path

import pytest
from claims.ema import adam_ratio, bias_numbers, signal_numbers, smoothing_numbers, step_response

CHAPTER = (Path(__file__).parents[1] / "docs" / "chapters" / "ema.md").read_text()


def test_last_window_carries_a_little_under_two_thirds_of_the_weight():
    n = smoothing_numbers()
    w = n["window"]
    assert w[0.9] > w[0.99] > w[0.999] > n["one_minus_inv_e"]  # "tends to 1 − 1/e"
    assert w[0.999] == pytest.approx(1 - 1 / math.e, abs=1e-3)
    assert all(0.6 < x < 2 / 3 for x in w.values())  # "a little under two thirds"


def test_noise_and_lag_of_the_ema_match_the_weights():
    n = smoothing_numbers()
    assert n["noise_measured"] == pytest.approx(n["noise_theory"], abs=0.005)
    assert n["lag_measured"] == pytest.approx(n["lag_theory"], abs=1e-6)


def test_larger_beta_removes_more_noise_arrives_later_and_ends_further_from_the_trend():
    f = signal_numbers()
    assert f["noise_left"][0.98] < f["noise_left"][0.9] < f["noise_left"][0.5]  # "more noise"
    assert f["lag_steps"][0.98] > f["lag_steps"][0.9] > f["lag_steps"][0.5]  # "later"
    assert -0.6 < f["trend_min"][0.98] < -0.4  # "down to" about half the dip
    assert f["rms_from_trend"][0.98] > f["rms_from_trend"][0.9]  # "worse than"


def test_step_response_passes_one_half_and_nine_tenths():
    s = step_response()
    assert s == {0.5: 7, 0.9: 22}
    assert math.ceil(math.log(0.5) / math.log(0.9)) == 7
    assert math.ceil(math.log(0.1) / math.log(0.9)) == 22
    assert s[0.5] < 10 < s[0.9]  # "the window sits between the two"


def test_raw_ema_starts_low_and_the_bias_lasts_about_ln100_windows():
    b = bias_numbers()
    assert b["first"][0.9] == pytest.approx(0.1)
    assert b["first"][0.99] == pytest.approx(0.01)
    assert b["one_pct"][0.9] < b["one_pct"][0.99]
    for beta in (0.9, 0.99):
        assert b["windows_to_1pct"][beta] == pytest.approx(b["ln100"], abs=0.3)
    assert b["raw_0999_100"] < 0.1  # "still only … of its input after 100 steps"
    assert b["corrected_err"] < 1e-12  # "differs from 1 by … (rounding)"


def test_uncorrected_adam_ratio_is_larger_than_one_at_first():
    r = adam_ratio()
    assert r[False][1] == pytest.approx(0.1 / math.sqrt(0.001))
    assert r[False][10] > r[False][1] > 3  # "several times α"
    assert r[True][1] == pytest.approx(1)
    assert r[True][10] == pytest.approx(1)


def test_chapter_says_momentum_is_not_this_ema():
    intro = CHAPTER.split("```{code-cell}")[0]
    assert "momentum keeps the same recurrence without the factor" in intro.replace("\n", " ")
