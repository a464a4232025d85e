"""Every comparison the Adam chapter makes, on the numbers it glues (claims.adam)."""

import math
import re
from pathlib import Path

import pytest
from claims.adam import bias_numbers, exercise_numbers, rosenbrock_numbers, torch_agreement

CHAPTER = Path(__file__).resolve().parents[1] / "docs" / "chapters" / "adam.md"


def test_uncorrected_steps_are_larger_not_smaller():
    n = bias_numbers()
    assert n["raw_1"] == pytest.approx(math.sqrt(10))  # 0.1 / √0.001
    assert n["raw_10"] > 6.5
    assert n["raw_peak_t"] == 12
    assert n["raw_peak"] > n["raw_10"]
    assert n["raw_within_10pc"] > 1000  # "only after" so many steps
    assert n["fixed_dev"] < 1e-12  # "with the correction every step is α"
    assert n["eps"] == 1e-30  # "measured with ε = 10⁻³⁰"
    assert r"measured with $\varepsilon = 10^{-30}$" in " ".join(CHAPTER.read_text().split())


def test_uncorrected_steps_stay_above_two_and_three_alpha_for_long():
    n = bias_numbers()
    assert n["raw_above_2_until"] == n["raw_above_2"]  # above 2α without a break, from t = 1
    assert n["raw_above_2_until"] > n["raw_above_3_until"] > 100  # "hundreds of steps"


def test_first_moment_forgets_fast_second_slowly():
    n = bias_numbers()
    assert n["t90_beta1"] == 22
    assert n["t90_beta2"] > 1000
    assert 1 - 0.9 ** n["t90_beta1"] >= 0.9 > 1 - 0.9 ** (n["t90_beta1"] - 1)


def test_rosenbrock_first_uncorrected_step_is_sqrt10_times_longer():
    r = rosenbrock_numbers()
    assert r["first_raw"] == pytest.approx(math.sqrt(10) * r["first_corrected"], rel=1e-6)
    assert r["first_corrected"] == pytest.approx(r["lr"] * math.sqrt(2), rel=1e-6)


def test_fig_adam_correction_caption_early_jumps_and_lower_end():
    r = rosenbrock_numbers()
    assert r["loss10_raw"] > r["loss10_corrected"]
    # "early jumps ... above its starting loss, which the corrected run's loss never rises above"
    assert r["early_max_raw"] > 1.5 * r["start_loss"]
    assert r["start_loss"] > r["max_after_start_corrected"] >= r["early_max_corrected"]
    assert r["loss_end_raw"] < r["loss_end_corrected"]  # "happen to end lower after 300 steps"


def test_fig_adam_correction_alt_the_uncorrected_run_zig_zags_more_widely_at_first():
    r = rosenbrock_numbers()
    assert r["length10_raw"] > 2 * r["length10_corrected"]  # "more widely"
    assert r["reversals_raw"] > 2 * r["reversals_corrected"]  # "zig-zags" (first 30 steps)
    assert (
        "the grey, uncorrected one zig-zags more widely in its first steps" in CHAPTER.read_text()
    )


def test_fig_adam_bias_alt_quotes_the_computed_start_and_peak():
    n, text = bias_numbers(), CHAPTER.read_text()
    alt = re.search(r":alt: The uncorrected ratio rises from (\S+) to a peak of (\S+) ", text)
    assert alt
    assert alt.groups() == (f"{n['raw_1']:.1f}", f"{n['raw_peak']:.1f}")


def test_adam_agrees_with_recorded_torch_steps():
    t = torch_agreement()
    assert t["cases"] >= 3
    assert t["worst_rel"] < 1e-12
    assert f"{t['worst_rel']:.1e}" != f"{0:.1e}"  # the page quotes it to two digits


def test_fig_adam_bias_caption_names_how_the_formula_is_drawn():
    text = " ".join(CHAPTER.read_text().split())
    assert "the open circles are {eq}`eq-adam-ratio`" in text
    script = (CHAPTER.parents[2] / "gallery" / "plot_adam_bias.py").read_text()
    assert '"o",\n    mfc="none"' in script  # open circles, not a dotted line


def test_exercise_beta2_099_first_step_is_alpha_tenth_is_not():
    e = exercise_numbers()
    assert e["step_1"] == pytest.approx(1.0, rel=1e-12)
    assert e["step_10"] == pytest.approx((1 - 0.9**10) / math.sqrt(1 - 0.99**10))
    assert e["step_10"] > 2


def test_chapter_names_no_internal_source_or_test():
    text = CHAPTER.read_text()
    assert not re.search(r"source text|seed 0|test_\w+|reference tests|tests/", text)
    assert "tame\nexactly these early steps" not in text
    assert "tame exactly" not in text


def test_gallery_overshoot_more_than_six_settling_over_thousands_of_steps():
    n = bias_numbers()
    assert n["raw_peak"] > 6
    assert n["raw_within_10pc"] > 1000
    script = CHAPTER.parents[2] / "gallery" / "plot_adam_bias.py"
    assert "more than a factor of six" in script.read_text()


def test_caption_and_gallery_use_the_run_the_numbers_come_from():
    from claims.adam import ROSENBROCK_START

    text = CHAPTER.read_text()
    assert r"Adam with $\alpha = 0.05$ on Rosenbrock's valley from $(-1.5,\ 2.5)$" in text
    assert rosenbrock_numbers()["lr"] == 0.05
    assert list(ROSENBROCK_START) == [-1.5, 2.5]
    script = (CHAPTER.parents[2] / "gallery" / "plot_adam_correction.py").read_text()
    assert "np.array([-1.5, 2.5])" in script
    assert "Adam(lr=0.05, bias_correction=False)" in script
