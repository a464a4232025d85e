"""The conventions chapter's comparisons, asserted on the numbers its cells glue."""

from pathlib import Path

import numpy as np
import pytest
from claims.conventions import LAM, gd_l2_vs_decay, more_pairs, pairs, weight_decay

CHAPTER = Path(__file__).resolve().parents[1] / "docs" / "chapters" / "conventions.md"


def flat(path=CHAPTER):
    return " ".join(path.read_text().split())


def test_the_ema_form_is_torchs_momentum_with_alpha_times_one_minus_beta():
    assert pairs()["ema"] < 1e-12


def test_alpha_inside_or_outside_the_velocity_agree_for_a_constant_rate_only():
    p = pairs()
    assert p["alpha_constant"] < 1e-12
    assert p["alpha_schedule"] > 1e-3


def test_eps_placement_matters_only_when_gradients_are_near_root_eps():
    p = pairs()
    assert p["grad_small"] < p["sqrt_eps"] < p["grad_large"]
    assert p["sqrt_eps"] == pytest.approx(0.1)  # "ε = 10⁻² (√ε = 0.1)"
    assert p["grad_small"] == pytest.approx(0.05)  # "at most 0.05 at the start"
    assert r"uses $\varepsilon = 10^{-2}$" in flat()
    assert p["eps_small_gradients"] > 100 * p["eps_large_gradients"]
    assert p["eps_small_gradients"] > 1


def test_l2_and_decoupled_decay_give_different_adam_paths():
    assert pairs()["weight_decay"] > 1


def test_bias_correction_changes_the_first_step():
    p = pairs()
    assert p["bias_correction"] > 1
    assert p["first_step_on"] == pytest.approx(1.0)
    assert p["first_step_off"] == pytest.approx(np.sqrt(10), rel=1e-6)


def test_adam_with_l2_ends_at_the_minimum_of_the_penalised_loss():
    w = weight_decay()
    np.testing.assert_allclose(w["l2"], w["l2_minimum"], atol=1e-6)
    np.testing.assert_allclose(w["gd_l2"], w["l2_minimum"], atol=1e-9)  # not Adam's doing
    # the weakly curved x shrinks by λ/(1+λ), the steep y by λ/(100+λ)
    np.testing.assert_allclose(w["l2_shrink"], [LAM / (1 + LAM), LAM / (100 + LAM)], rtol=1e-5)
    assert w["l2_shrink"][0] > 50 * w["l2_shrink"][1]


def test_adamw_from_the_symmetric_start_shrinks_both_coordinates_alike():
    w = weight_decay()
    assert w["adamw"][0] == pytest.approx(w["adamw"][1], rel=1e-6)  # up to ε
    assert w["l2_shrink"][1] < w["adamw_shrink"][1500] < w["l2_shrink"][0]


def test_adamw_is_still_moving_and_its_shrinkage_fades():
    """No equilibrium at step 1500: the shrinkage falls with more steps, towards f's minimum."""
    w = weight_decay()
    s = w["adamw_shrink"]
    assert w["adamw_moving"] > 1e-3  # moved in its last 200 steps
    assert s[1500] > s[3000] > s[7500] > 0
    assert s[7500] < s[1500] / 10
    # Xie & Li's bound ‖θ‖∞ ≤ 1/λ does not bind at the minimum (3, 3): AdamW's limit is f's
    assert 1 / LAM > 3


def test_adamws_leftover_gradient_is_lambda_theta_times_the_remembered_rms():
    """∇f = -λθ √v̂ at the end point, and √v̂ shrinks as v̂ forgets the early gradients."""
    w = weight_decay()
    for n in (1500, 3000, 7500):
        np.testing.assert_allclose(w["grad"][n], w["balance"][n], rtol=0.02)
    assert abs(w["grad"][1500][1]) > 1  # still a large gradient after 1500 steps
    assert np.all(w["rms"][1500] > w["rms"][3000])
    assert np.all(w["rms"][3000] > w["rms"][7500])


def test_adamws_shrinkage_depends_on_the_start_not_on_the_curvature():
    """From (0.5, 2.0) x, further from 3, is shrunk more than the steep y."""
    w = weight_decay()
    assert w["asym_shrink"][0] > 2 * w["asym_shrink"][1]


def test_for_gradient_descent_l2_and_decoupled_decay_agree_to_rounding():
    assert gd_l2_vs_decay()["gap"] < 1e-12


def test_lambda_in_adamw_the_papers_is_alpha_times_torchs():
    m = more_pairs()
    assert m["decay_units"] < 1e-12  # λ_paper = αλ_torch: the same path
    assert m["decay_untranslated"] > 1  # copied unchanged: another path
    assert "a $\\lambda$ copied from the paper must be divided by $\\alpha$" in flat()


def test_eps_in_adam_keras_is_torchs_with_eps_over_sqrt_one_minus_beta2_power():
    m = more_pairs()
    assert m["eps_adam_translated"] < 1e-12  # Keras's ε̂ is torch's ε̂/√(1 − β2^t)
    assert m["eps_adam"] > 1  # the same number in both: another path when √v̂ is near ε
    assert m["eps_adam_first_factor"] == pytest.approx(31.6, abs=0.05)


def test_caption_says_which_dashed_paths_are_hand_written_and_the_gap_is_per_coordinate():
    text = flat()
    assert "the other convention written out by hand (dashed)" not in text
    assert "written out by hand in the first three panels" in text
    assert "largest difference, in either coordinate," in text
    script = flat(CHAPTER.parents[2] / "gallery" / "plot_conventions.py")
    assert "written out in a few lines for the first three pairs" in script
    assert "gap = np.abs(other - ours).max()" in script  # per coordinate, like claims' _gap


def test_chapter_names_no_build_tests_or_seeds_and_no_superlative():
    text = flat()
    for phrase in ("The build", "test suite", "The tests", "library's tests", "seed"):
        assert phrase not in text, phrase
    assert "matters most" not in text
    assert "single minimum and no saddle" not in text


def test_the_bumpy_curves_other_critical_points_are_maxima():
    """ "Apart from the two bumps of the one-dimensional curve, which are maxima, ..." """
    from descent.surfaces import ALL

    bumpy = ALL["bumpy"]
    x = np.linspace(*bumpy.extent, 200_001)[:, None]
    slope = bumpy.grad(x)[:, 0]
    crossings = np.flatnonzero(np.sign(slope[1:]) != np.sign(slope[:-1]))
    points = np.unique(np.round(x[crossings, 0], 2))
    curvature = np.array([bumpy.hessian(np.array([p]))[0, 0] for p in points])
    assert (curvature > 0).sum() == 3
    assert (curvature < 0).sum() == 2
    assert "Apart from the two bumps of the one-dimensional curve, which are maxima" in flat()
