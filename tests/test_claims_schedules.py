"""Every comparison the schedules chapter makes, on the numbers it glues (claims.schedules)."""

import re
from pathlib import Path

import numpy as np
import pytest
from claims.schedules import (
    WARMUP,
    decay_numbers,
    factor_numbers,
    late_gradient_numbers,
    warmup_numbers,
)

import descent
from descent.schedules import LinearLR

CHAPTER = Path(__file__).resolve().parents[1] / "docs" / "chapters" / "schedules.md"


# -- decay: the noise ball follows the rate ---------------------------------------------------


def test_constant_rate_sits_above_the_small_rate_formula_and_on_the_full_balance():
    d = decay_numbers()
    assert d["loss"]["constant"] > d["pred"]["constant"]  # "above ... because α is not small"
    assert d["pred"]["constant"] < d["exact_constant"] < d["loss"]["constant"]  # "closes ..."
    assert 0.5 < d["gap_closed"] < 0.8
    # with the θ-dependent noise of single samples the balance gives the measured ball
    assert d["full_constant"] == pytest.approx(d["loss"]["constant"], rel=0.03)
    assert d["full_constant"] > d["exact_constant"]
    assert d["alpha_lmax"] > 0.3


def test_fig_schedules_sgd_alt_the_constant_cloud_keeps_its_size_the_others_shrink():
    d = decay_numbers()
    epochs = d["constant_epochs"]  # mean excess loss over each epoch, constant rate
    assert epochs[9] == pytest.approx(epochs[1], rel=0.2)  # "stays flat", epochs 2 to 10
    for name in ("step", "exponential", "cosine"):
        assert d["loss"][name] < d["loss"]["constant"] / 10, name  # "the other three shrink"


def test_a_slow_decay_keeps_the_noise_ball_at_the_current_rate():
    d = decay_numbers()
    assert d["rate"]["step"] == pytest.approx(0.1 / 2**4)
    assert d["step_last_rates"] == [pytest.approx(0.00625)]
    assert d["loss"]["step"] == pytest.approx(d["pred"]["step"], rel=0.1)
    # reshuffled epochs: a little below the prediction, as in the SGD chapter
    assert 0.6 * d["pred"]["exponential"] < d["loss"]["exponential"] < d["pred"]["exponential"]
    assert d["loss"]["constant"] > 50 * d["loss"]["exponential"]


def test_cosine_ends_far_below_the_constant_rate():
    d = decay_numbers()
    assert d["ratio_constant_cosine"] > 100
    assert d["loss"]["cosine"] < d["loss"]["exponential"] < d["loss"]["step"]


def test_cosines_match_with_the_formula_is_luck_its_ball_lags_the_rate():
    d = decay_numbers()
    assert d["loss"]["cosine"] == pytest.approx(d["pred"]["cosine"], rel=0.1)  # the match ...
    assert 3.5 < d["forget_cosine"] / d["N"] < 4.5  # "four epochs' worth" of forgetting
    assert d["recursion"]["cosine"] > 1.3 * d["pred"]["cosine"]  # ... but the ball lags
    assert d["recursion"]["step"] == pytest.approx(d["pred"]["step"], rel=0.05)  # step: close
    assert d["loss"]["cosine"] < d["recursion"]["cosine"]  # reshuffling pulls it down


def test_each_halving_of_the_step_schedule_roughly_halves_the_plateau():
    ratios = decay_numbers()["step_plateau_ratios"]
    assert len(ratios) == 4
    assert all(1.7 < r < 2.7 for r in ratios)


# -- warmup ------------------------------------------------------------------------------------


@pytest.mark.parametrize("f0", [0.05, 0.3, 1.0])
def test_warmup_makes_adams_first_step_f0_alpha(f0):
    opt = descent.Adam(LinearLR(WARMUP["lr"], start_factor=f0, total_iters=WARMUP["total_iters"]))
    x = np.array([1.0, -2.0])
    new, _ = opt.step(x, np.array([250.0, -0.003]), opt.init(x))
    np.testing.assert_allclose(np.abs(new - x), f0 * WARMUP["lr"], rtol=1e-5)  # ε: by ε/|g|


def test_warmup_tames_adams_early_peak_on_single_samples():
    w = warmup_numbers()
    assert w["peak"]["warm"] < w["peak"]["adam"] < w["peak"]["nobc"]
    assert w["p90"]["warm"] < w["p90"]["adam"]
    assert w["peak"]["nobc"] > 5 * w["peak"]["adam"]  # "far worse"
    assert w["peak"]["adam"] > w["start"]  # "climb above" the start


def test_warmup_starts_slower_and_catches_up_within_100_updates():
    w = warmup_numbers()
    assert w["at20"]["warm"] > 1.5 * w["at20"]["adam"]  # "the price is a slower start"
    assert w["at40"]["warm"] < 1.1 * w["at40"]["adam"]  # "by the end of the warmup, caught up"
    assert w["at100"]["warm"] == pytest.approx(w["at100"]["adam"], rel=0.05)  # same noise ball
    assert w["at100"]["nobc"] > 1.5 * w["at100"]["adam"]  # "still at"


def test_fig_warmup_alt_uncorrected_jumps_several_times_warmup_never_above_start():
    w = warmup_numbers()
    assert 3 < w["nobc_curve_peak"] / w["start"] < 10  # "several times above the start"
    assert w["warm_curve_peak"] < w["start"]  # "never rises above it"


def test_warmup_softens_the_missing_correction_but_does_not_replace_it():
    w = warmup_numbers()
    assert w["peak"]["warm"] < w["peak"]["adam"] < w["peak"]["warm_nobc"] < w["peak"]["nobc"]


# -- Adam's step factor and the warmup -----------------------------------------------------------


def test_uncorrected_factor_is_larger_and_still_above_one_after_1000_updates():
    f = factor_numbers()
    assert f["f1"] == pytest.approx(10**0.5)
    assert f["f1"] < f["f10"] < f["fmax"]
    assert f["tmax"] == 12
    assert f["f_last"] > 1.1
    assert f["corrected_spread"] < 1e-12
    flat = " ".join(CHAPTER.read_text().split())
    assert r"measured with $\varepsilon = 10^{-30}$ so that only rounding is left" in flat
    from claims.adam import EPS_TINY

    assert EPS_TINY == 1e-30


def test_warmup_is_smallest_first_the_uncorrected_factor_peaks_later_the_product_exceeds_one():
    f = factor_numbers()
    assert f["warm_min_t"] == 1 < f["tmax"]
    assert f["warm_at_tmax"] < 0.5  # "has only reached"
    assert f["warm_full_t"] == WARMUP["total_iters"] + 1
    assert f["raw_at_warm_full"] > 1
    assert f["product_max"] > 1
    assert f["product_max_t"] == f["warm_full_t"]


def test_fig_schedule_curves_alt_quotes_the_computed_factors():
    f, text = factor_numbers(), CHAPTER.read_text()
    alt = re.search(r"a dark grey curve rising from (\S+) to (\S+) and falling", text)
    assert alt
    assert alt.groups() == (f"{f['f1']:.1f}", f"{f['fmax']:.1f}")
    assert "rising from 0.05 to 1 at update 51" in text
    assert f["warm_full_t"] == 51  # Adam's count from 1: update 51 uses α_t of eq-warmup at t = 50
    assert f["warm_full_t"] - 1 == WARMUP["total_iters"]


def test_fig_schedule_curves_panels_are_top_and_bottom():
    script = (CHAPTER.parents[2] / "gallery" / "plot_schedule_curves.py").read_text()
    assert "plt.subplots(2, 1," in script  # one above the other
    flat = " ".join(CHAPTER.read_text().split())
    assert ":alt: Top, the learning rate" in flat
    assert "Bottom, on a log axis" in flat
    assert "in the lower panel of {ref}`the figure <fig-schedule-curves>`" in flat
    for word in ("Left:", "Right:", ":alt: Left", "on the right of {ref}`the figure"):
        assert word not in flat


def test_both_schedule_figures_colour_a_schedule_alike():
    from descent.plot.style import COLORS, EXTRA, REFERENCE, SCHEDULE_COLORS

    assert len(set(SCHEDULE_COLORS.values())) == len(SCHEDULE_COLORS)
    # the colour-blind-safe palette: the optimizers' and the two extra colours
    assert set(SCHEDULE_COLORS.values()) <= set(COLORS.values()) | set(EXTRA)
    gallery = CHAPTER.parents[2] / "gallery"
    for script in ("plot_schedules_sgd.py", "plot_schedule_curves.py"):
        text = (gallery / script).read_text()
        assert "SCHEDULE_COLORS" in text, script
        assert "categorical(" not in text, script
    # the alt text's colours of the lower panel: grey without correction, Adam's pink, olive
    assert SCHEDULE_COLORS["constant"] == "#0077BB"  # "the blue loss curve stays flat"
    assert SCHEDULE_COLORS["LinearLR"] == "#999933"  # "an olive curve"
    assert COLORS["Adam"] == "#CC79A7"
    assert REFERENCE == "#444444"


def test_adams_step_bound_for_a_coordinate_whose_gradient_was_zero():
    n = late_gradient_numbers()
    assert f"{n['bound']:.1f}" == "3.2"  # "(1-β1)/√(1-β2) ≈ 3.2α"
    assert 2 < n["step"][1000] < n["bound"]  # several times α after 1,000 zeros ...
    assert n["step"][10_000] == pytest.approx(n["bound"], rel=1e-4)  # ... the bound after more
    flat = " ".join(CHAPTER.read_text().split())
    assert r"up to $(1-\beta_1)/\sqrt{1-\beta_2} \approx 3.2\alpha$" in flat


def test_chapter_names_no_internal_source_or_test():
    text = CHAPTER.read_text()
    assert not re.search(r"source text|seed 0|test_\w+|tests/", text)
    assert "The price is a slower start\n(median excess after 40" not in text
    assert "smallest where the uncorrected factor" not in text


def test_common_claims_rows_of_chapters_5_to_7_name_existing_tests():
    tests = Path(__file__).parent
    defined = set()
    for module in ("adaptive", "adam", "schedules"):
        defined |= set(
            re.findall(r"^def (test_\w+)", (tests / f"test_claims_{module}.py").read_text(), re.M)
        )
    text = (CHAPTER.parents[1] / "claims.md").read_text()
    for heading in ("Adaptive step sizes", "Adam and its bias correction", "Learning-rate sched"):
        section = text[text.index(f"## {heading}") :].split("\n## ")[0]
        cited = re.findall(r"`(test_\w+)`", section)
        assert cited, heading
        assert set(cited) <= defined, set(cited) - defined


def test_second_moment_starts_further_below_its_target_for_small_t():
    f = factor_numbers()
    t = np.arange(1, f["tmax"] + 1)
    assert np.all(np.sqrt(1 - 0.999**t) < 1 - 0.9**t)  # so the uncorrected factor is > 1 there


def test_captions_and_gallery_use_the_runs_the_numbers_come_from():
    from claims.schedules import decay_schedules, problem

    text = CHAPTER.read_text()
    assert "100 independent SGD runs ($B = 1$) per schedule on 1,024 points" in text
    assert "seeded" not in text
    assert "seeds" not in text
    assert r"Adam with $\alpha = 0.6$ on single-sample gradients" in text
    assert r"a linear warmup over 50 updates from $0.05\alpha$" in text
    assert problem().n_samples == 1024
    assert WARMUP == {"lr": 0.6, "start_factor": 0.05, "total_iters": 50}
    assert decay_schedules(1024, 10 * 1024)["constant"] == 0.1
    gallery = CHAPTER.parents[2] / "gallery"
    warm = (gallery / "plot_warmup.py").read_text()
    assert "LinearLR(lr, start_factor=0.05, total_iters=50)" in warm
    assert "lr, updates, runs = 0.6" in warm
    sgd = (gallery / "plot_schedules_sgd.py").read_text()
    assert "StepLR(lr, step_size=2 * N, gamma=0.5)" in sgd
    assert "CosineAnnealingLR(lr, T_max=total)" in sgd
