"""Every comparison the adaptive chapter makes, on the numbers it glues (claims.adaptive)."""

import re
from pathlib import Path

import pytest
from claims.adaptive import (
    BOWL,
    START,
    bowl_numbers,
    eps_numbers,
    long_run_numbers,
    optimizers,
    rotated_numbers,
    start_numbers,
    steady_step,
    taming_numbers,
)

CHAPTER = Path(__file__).resolve().parents[1] / "docs" / "chapters" / "adaptive.md"


def test_adagrads_first_step_is_alpha_per_coordinate_whatever_the_gradient():
    n = bowl_numbers()
    assert abs(n["first_x"]) == pytest.approx(n["adagrad_lr"], rel=1e-9)
    assert abs(n["first_y"]) == pytest.approx(n["adagrad_lr"], rel=1e-9)
    assert n["grad_ratio"] == pytest.approx(10)  # "10 times steeper in y"


def test_adagrads_rate_ratio_is_not_the_curvature_ratio_but_keeps_y_stable():
    n = bowl_numbers()
    assert 1 < n["rate_ratio"] < n["curvature_ratio"]
    assert n["rate_y"] < n["limit"]


def test_losses_after_80_steps_rank_rmsprop_adagrad_momentum():
    loss = bowl_numbers()["loss"]
    assert loss["rmsprop"] < loss["adagrad"] < loss["momentum"]


def test_rotation_costs_adagrad_all_its_advantage():
    n = rotated_numbers()
    assert n["adagrad_rotated"] > 1e5 * n["adagrad_aligned"]  # "help much less"
    assert n["adagrad_rotated"] > n["momentum_rotated"]  # "worse even than momentum"
    assert n["momentum_rotated"] == pytest.approx(bowl_numbers()["loss"]["momentum"])


def test_adagrads_rates_freeze_and_level_off_early():
    n = long_run_numbers()
    assert n["ada_rate_change_100"] < 1e-9
    assert n["ada_rate_change_50"] < 1e-4  # alt text: "level off within the first tens of steps"


def test_adagrads_frozen_rates_depend_on_the_start_gradient_descents_do_not():
    n = start_numbers()
    assert n["starts"][1] == (-5.0, 2.0)
    assert n["starts"][10] == (-50.0, 20.0)
    near, far = n["adagrad"][1], n["adagrad"][10]
    assert far > 1e60 * near  # "costs nothing" from (-5, 2), "still at" from (-50, 20)
    assert far > 1e-3
    assert n["adagrad"][100] > far  # further still: worse still
    assert n["gd_lr"] == 0.07
    assert max(n["gd"].values()) < 1e-50  # "from either"
    assert max(n["gd"].values()) == pytest.approx(min(n["gd"].values()), rel=1e-6)


def test_rmsprops_steep_rate_grows_past_the_limit_and_the_loss_spikes_after_its_peak():
    n = long_run_numbers()
    assert 1 < n["rms_crossed"] < n["rms_low_step"] < n["rms_peak"] < 800
    assert n["rms_rate_peak"] > 1
    assert n["rms_rate_monotone"]  # "keeps growing" from the crossing to the peak
    # "above the limit the y error grows geometrically again": smallest just before the crossing
    assert n["rms_y_min_step"] == n["rms_crossed"] - 1
    assert n["rms_y_grows_above_limit"]
    assert n["rms_spike_step"] > n["rms_peak"]  # "steps after the rate peaked"
    assert n["rms_loss_spike"] > 0.05 * n["rms_loss_start"]
    assert n["rms_decades"] > 100
    assert n["rms_loss_low"] < 1e-100  # "only noise-free arithmetic gets that low"


def test_the_cycle_starts_again():
    n = long_run_numbers()
    assert n["rms_down"][0] > n["rms_peak"]  # the rate drops below the limit ...
    assert len(n["rms_up"]) >= 2
    assert n["rms_up"][1] > n["rms_down"][0]


def test_rmsprops_shallow_rate_dips_then_only_grows():
    n = long_run_numbers()
    assert 1 < n["rms_x_rate_min_step"] < 50
    assert n["rms_x_rate_rises_after_min"]


def test_a_larger_eps_does_not_tame_the_spike_a_decay_as_fast_as_sqrt_beta_does():
    t = taming_numbers()
    assert pytest.approx(1e7) == 0.1 / 1e-8  # "ten million times the default"
    for eps in (1e-4, 1e-2, 0.1):  # ordinary sizes
        run = t["eps"][eps]
        assert run["rate_peak"] > 1, eps
        assert run["loss_peak_after_100"] > 1, eps
    # only ε ≥ αλ_max/2 keeps the rate below the limit for good; a little less does not
    lr, lmax = optimizers()["rmsprop"].lr, BOWL.eigenvalues[-1]
    assert t["eps_stable"] == pytest.approx(lr * lmax / 2)
    assert t["eps"][t["eps_stable"]]["rate_peak"] < 1
    assert t["eps"][1.0]["rate_peak"] > 1
    assert t["decay"]["gamma"] == pytest.approx(0.99**0.5, abs=1e-4)
    assert t["decay"]["rate_peak"] < 1
    assert t["decay"]["loss_peak_after_100"] < 1e-6


def test_eps_inside_and_outside_agree_for_ordinary_gradients_and_part_for_small_ones():
    n = eps_numbers()
    assert n[1e-2]["inside"] == pytest.approx(n[1e-2]["outside"], rel=1e-4)
    assert n[1e-4]["inside"] == pytest.approx(2**-0.5)
    assert n[1e-6]["inside"] < 0.02 < 0.98 < n[1e-6]["outside"]


def test_fig_eps_alt_outside_form_stays_close_to_one_over_the_plotted_range():
    assert steady_step(1e-7, inside=False) > 0.9  # plot_eps.py starts at |g| = 1e-7
    assert "stays close to one across the plotted range" in CHAPTER.read_text()


def test_chapter_quotes_no_result_by_hand():
    text = CHAPTER.read_text()
    # the numbers of the old text that were typed in, not glued
    for stale in ("10 times steeper", "6.1 times", "265 orders", "a larger $\\varepsilon$ tames"):
        assert stale not in text
    assert not re.search(r"source text|seed 0|tests?/", text)


def test_gallery_both_coordinates_are_slowed_the_steep_one_more():
    n = bowl_numbers()
    assert n["rate_y"] < n["rate_x"] < n["adagrad_lr"]
    script = CHAPTER.parents[2] / "gallery" / "plot_adaptive.py"
    assert "the steep coordinate is slowed more than the shallow one" in script.read_text()


def test_fig_adaptive_alt_momentum_swings_the_adaptive_ones_run_almost_straight():
    n = bowl_numbers()
    assert n["y_crossings"]["momentum"] > 10
    assert n["path_ratio"]["momentum"] > 2
    for name in ("adagrad", "rmsprop"):
        assert n["y_crossings"][name] == 0
        assert n["path_ratio"][name] < 1.1
    assert "AdaGrad and RMSProp run almost straight to the minimum" in CHAPTER.read_text()


def test_caption_and_gallery_use_the_optimizers_the_numbers_come_from():
    text = CHAPTER.read_text()
    caption = (
        r"Momentum ($\alpha = 0.02$, $\beta = 0.9$), AdaGrad ($\alpha = 1$) and RMSProp "
        r"($\alpha = 0.1$) on $\tfrac12(x^2 + 25y^2)$ from $(-5, 2)$"
    )
    assert caption in text
    opts = optimizers()
    assert (opts["momentum"].lr, opts["momentum"].beta) == (0.02, 0.9)
    assert (opts["adagrad"].lr, opts["rmsprop"].lr) == (1.0, 0.1)
    assert list(START) == [-5.0, 2.0]
    assert list(BOWL.eigenvalues) == [1.0, 25.0]
    script = (CHAPTER.parents[2] / "gallery" / "plot_adaptive.py").read_text()
    for call in ("Momentum(lr=0.02, beta=0.9)", "AdaGrad(lr=1.0)", "RMSProp(lr=0.1)"):
        assert call in script
