"""Every comparison the EMA chapter makes, on the numbers its page shows."""

import math

import pytest
from chapter_text import flat
from chapter_text import gallery as _gallery
from chapter_text import literal as _literal
from chapter_text import text as _text
from claims.ema import (
    BIAS,
    SIGNAL,
    adam_ratio,
    bias_figure_numbers,
    bias_numbers,
    signal_numbers,
    smoothing_numbers,
    step_response,
)

CHAPTER = _text("ema")
FLAT = flat("ema")  # the chapter with its line breaks as spaces


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
    assert 0.4 < f["noise_left"][0.5] < 0.7  # the gallery: β = 0.5 "keeps about half the noise"
    assert f["lag_steps"][0.98] > f["lag_steps"][0.9] > f["lag_steps"][0.5]  # "later"
    assert -0.6 < f["trend_min"][0.98] < -0.4  # "down to" about half the dip
    # "on a trend that turns, later also means smaller"
    assert f["trend_min"][0.5] < f["trend_min"][0.9] < f["trend_min"][0.98]
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
    # the solution's "0.651/√0.00996" are the two raw averages at t = 10
    assert r["m10"] == pytest.approx(1 - 0.9**10)
    assert r["v10"] == pytest.approx(1 - 0.999**10)
    assert r["m10"] / math.sqrt(r["v10"]) == pytest.approx(r[False][10])
    assert f"$t = 10$ it is ${r['m10']:.3f}/\\sqrt{{{r['v10']:.5f}}} =$" in FLAT


def test_chapter_says_momentum_is_not_this_ema():
    intro = CHAPTER.split("```{code-cell}")[0]
    assert "momentum keeps the same recurrence without the factor" in intro.replace("\n", " ")


def test_chapter_words():
    # momentum: its steps approach 1/(1-β) times gradient descent's, (1 - βᵗ)/(1 - β) at step t
    assert "its steps grow to $1/(1-\\beta)$ times gradient descent's" in FLAT
    assert "measured here" in FLAT.lower()
    assert "the build" not in FLAT


def test_signal_figure_script_runs_the_signal_the_numbers_use():
    script = _gallery("plot_ema_signal")
    assert f"rng = np.random.default_rng({SIGNAL['seed']})" in script
    assert _literal(script, "T") == SIGNAL["T"]
    assert f"trend = np.cos(2 * np.pi * t / {SIGNAL['period']})" in script
    assert "signal = trend + rng.normal(size=T)" in script  # "noise of standard deviation 1"
    assert _literal(script, "betas") == SIGNAL["betas"]
    fig = FLAT.split(":name: fig-ema-signal")[0][-800:]
    assert "a slow trend plus noise of standard deviation 1" in fig
    assert "its EMA for three values of $\\beta$" in fig
    assert len(SIGNAL["betas"]) == 3
    # the trend's dip to -1 that the prose quotes
    assert signal_numbers()["trend_min_at"] == SIGNAL["period"] // 2


def test_signal_script_quotes_the_window_shares_it_plots():
    f = signal_numbers()
    script = " ".join(_gallery("plot_ema_signal").split())
    b1, b2, b3 = SIGNAL["betas"]
    w = f["window"]
    assert (
        f"{w[b1]:.0%} for :math:`\\beta = {b1}`, {w[b2]:.0%} for {b2} and {w[b3]:.0%} for {b3}"
        in script
    )
    assert w[b1] > w[b2] > w[b3] > 1 - 1 / math.e  # "tending to 1 - 1/e"
    assert f"1 - 1/e \\approx {1 - 1 / math.e:.0%}".replace("%", "\\%") in script
    for beta in SIGNAL["betas"]:  # 1 - β^n, n = 1/(1 - β)
        assert w[beta] == pytest.approx(1 - beta ** round(1 / (1 - beta)))


def test_bias_figure_script_and_caption_agree():
    script = _gallery("plot_ema_bias")
    assert f"rng = np.random.default_rng({BIAS['seed']})" in script
    assert _literal(script, "T") == BIAS["T"]
    assert (
        f"signal = {BIAS['gradient']} + {BIAS['noise']} * rng.normal(size=T)" in script
    )  # "a constant gradient of 1, measured with noise"
    assert _literal(script, "betas") == BIAS["betas"]
    fig = FLAT.split(":name: fig-ema-bias")[0][-700:]
    assert f"A constant gradient of {BIAS['gradient']:g}, measured with noise" in fig
    assert f"the one for beta {BIAS['betas'][1]} much more slowly" in fig
    b = bias_figure_numbers()
    slow, fast = BIAS["betas"][1], BIAS["betas"][0]
    # the alt text: the raw β = 0.99 curve rises much more slowly and is still low at the end
    assert b[slow]["expected_raw_last"] < 0.85
    assert b[fast]["expected_raw_last"] > 0.99
    assert b[slow]["raw_last"] < b[fast]["raw_last"]
    # "reads about 1 from the first step": the corrected first value is the first measurement
    for beta in BIAS["betas"]:
        assert b[beta]["corrected_first"] == pytest.approx(b["g1"])
        assert b[beta]["raw_first"] == pytest.approx((1 - beta) * b["g1"])
