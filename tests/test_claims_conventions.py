"""The conventions chapter's comparisons, asserted on the numbers its cells glue."""

from pathlib import Path

import numpy as np
import pytest
from chapter_text import figure, gallery, literal
from claims.conventions import (
    LAM,
    LION_LR,
    LION_STEPS,
    MUON_SHAPES,
    gd_l2_vs_decay,
    more_pairs,
    nadam_mu,
    newer_pairs,
    pairs,
    weight_decay,
)

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


# -- the newer rules --------------------------------------------------------------------------


def test_radams_thresholds_differ_at_update_five_only():
    n = newer_pairs()
    assert n["radam_by_hand"] < 1e-12  # the hand-written rule with rho_t > 5 is torch's
    assert 4 < n["radam_rho5"] < 5 < n["radam_rho6"]  # only update 5 is on the other side
    assert n["radam_r5"] < 0.02  # "scaled by r_5 = 0.017"
    assert n["radam"] > 0.1  # one update, and the path after it
    assert "the first 5 updates are momentum's" in flat()
    assert r"$\alpha = 0.01$" in flat()


def test_nadams_schedule_is_not_optaxs_constant_momentum():
    n = newer_pairs()
    assert n["nadam_translated"] < 1e-12  # ψ → ∞: optax's form
    assert n["nadam"] > 0.5  # the default is not optax's
    assert n["nadam_zero_psi"] > 0.5  # nor is ψ = 0
    assert n["nadam_mu_1"] == pytest.approx(0.45, abs=0.005)
    assert n["nadam_mu_1"] < n["nadam_mu_1000"] < 0.8 < nadam_mu(n["nadam_steps_to_08"])
    assert nadam_mu(n["nadam_steps_to_08"] - 1) < 0.8  # the first update at 0.8
    assert nadam_mu(0, psi=0.0) == pytest.approx(0.45)  # ψ = 0: β1/2 throughout
    assert n["nadam_g_weight_1000"] > 4 * (1 - 0.9)  # "where optax's carries 1 − β1 = 0.1"
    assert "for thousands of updates" in flat()
    assert n["nadam_steps_to_08"] > 2000


def test_signum_with_the_average_or_the_sum_is_one_path():
    assert newer_pairs()["signum"] == 0.0  # the sign does not see the factor 1 − β


def test_adadelta_at_keras_default_rate_moves_far_less():
    n = newer_pairs()
    assert n["adadelta_moved_keras"] < n["adadelta_moved_torch"]
    assert 500 < n["adadelta_ratio"] < 1000  # "several hundred times less" (claims page)
    assert n["adadelta_steps"] == 200


def test_lion_with_adamws_rate_keeps_steps_of_alpha_and_circles_at_alpha():
    n = newer_pairs()
    assert n["lion_lr"] == 0.3
    assert n["lion_steps"] == 500
    assert n["lion_step_copied"] == pytest.approx(1.0)  # α per coordinate per step
    assert n["lion_step_adamw"] < 1e-6  # AdamW's steps shrink
    assert n["lion_loss_adamw"] < 1e-10 < n["lion_loss_own"] < n["lion_loss_copied"]
    assert n["lion_distance_copied"] < n["lion_lr"]  # circling within α of the minimum
    assert n["lion_distance_own"] == pytest.approx(n["lion_distance_copied"] / 10)
    assert "3–10 times smaller than AdamW's" in flat()


def test_muons_two_rate_factors():
    n = newer_pairs()
    for shape, m in n["muon_measured"].items():
        assert m["ratio"] == pytest.approx(m["formula"], rel=1e-9), shape  # descent's step
        assert 0.15 < m["rms_match"] < 0.2  # an RMS about 0.2: the singular values near 1
    factors = n["muon_factors"]
    assert list(factors) == list(MUON_SHAPES)
    text = flat()
    for name, (rows, cols) in MUON_SHAPES.items():
        assert f"| {name}, {rows} × {cols} |" in text  # the table's shapes are these
        assert factors[name]["ratio"] > 1  # "times larger under match_rms_adamw"
    ratios = [f["ratio"] for f in factors.values()]
    assert min(ratios) == pytest.approx(0.2 * np.sqrt(768))


def test_adafactors_relative_step_is_rms_theta_times_the_absolute_one():
    n = newer_pairs()
    assert n["adafactor_first_ratio"] == pytest.approx(n["adafactor_rms_start"], rel=1e-9)
    assert n["adafactor_rms_start"] > 1
    assert n["adafactor"] > 0.5


def test_lbfgs_without_a_line_search_is_far_from_the_minimum():
    n = newer_pairs()
    assert n["lbfgs_first_step"] == pytest.approx(n["lbfgs_first_expected"], rel=1e-12)
    assert n["lbfgs_loss_wolfe"] < 1e-8 < 0.1 < n["lbfgs_loss_fixed"]
    assert n["lbfgs_steps"] == 40


def test_asgd_default_averages_nothing_and_averaging_from_the_start_costs_here():
    n = newer_pairs()
    assert n["asgd_default_gap"] == 0.0
    assert n["asgd_loss_averaged"] > 10 * n["asgd_loss_last"]


def test_schedule_free_y_and_x_differ_either_way():
    n = newer_pairs()
    assert n["sf_sgd"]["ratio"] < 0.5  # y lower for SGD
    assert n["sf_adamw"]["ratio"] > 1.2  # x lower for AdamW
    assert "the loss is lower at $y$ for SGD and at $x$ for AdamW" in flat()
    assert n["sf_epochs"] == 20


def test_the_newer_table_glues_every_number_it_shows():
    """Every row of the second table measures its pair: a glued number in each last cell."""
    text = CHAPTER.read_text()
    start = text.index("| **RAdam's threshold.**")
    rows = text[start : text.index("\n\n", start)].splitlines()
    assert len(rows) == 10
    for row in rows:
        assert "{glue:text}" in row.split(" | ")[-1], row[:30]


def test_the_lion_figure_runs_the_tables_lion_pair():
    script = gallery("plot_lion_rate")
    assert literal(script, "(steps, lr)") == (LION_STEPS, LION_LR)
    assert "descent.Lion(lr=lr / 10)" in script
    block = figure("conventions", "fig-lion-rate")
    assert f"{LION_STEPS} steps" in block
    assert f"$\\alpha = {LION_LR}$" in block
    assert f"$\\alpha = {LION_LR / 10:g}$" in block


def test_the_lion_prose_comparisons():
    n = newer_pairs()
    # "ten times closer", "a hundred times lower"
    assert n["lion_distance_own"] == pytest.approx(n["lion_distance_copied"] / 10)
    assert n["lion_loss_own"] == pytest.approx(n["lion_loss_copied"] / 100)
    assert n["lion_distance_copied"] == pytest.approx(0.2 * LION_LR / 0.3)  # "about α"
    text = flat()
    assert "A tenth of the rate ends ten times closer" in text
    assert "a hundred times lower" in text


def test_the_lion_playground_starts_as_the_figure():
    text = CHAPTER.read_text()
    start = text.index(":::{playground} 2d")
    block = text[start : text.index("\n:::\n", start)]
    assert ":surface: elongated" in block  # the figure's bowl, ½(x² + 25y²)
    assert ":start: -5, 2" in block
    assert f"AdamW(lr={LION_LR}, weight_decay=0.0), Lion(lr={LION_LR})" in block
    assert "both at AdamW's $\\alpha = 0.3$" in block
