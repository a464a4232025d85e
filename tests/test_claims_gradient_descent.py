"""Every comparison the gradient-descent chapter makes, on the numbers its page shows."""

import inspect
import re

import pytest
from chapter_text import flat
from chapter_text import gallery as _gallery
from chapter_text import literal as _literal
from chapter_text import text as _text
from claims.gradient_descent import (
    BOWL,
    LIMIT_FRACTIONS,
    LR_1D,
    ONE_D,
    bowl_numbers,
    kappa_numbers,
    learning_rate_numbers,
    local_minimum_numbers,
    lr_1d_numbers,
    one_d_numbers,
    scaled_limit_numbers,
)

import descent

CHAPTER = _text("gradient-descent")
FLAT = flat("gradient-descent")  # the chapter with its line breaks as spaces
WORDS = {2: "two", 4: "four", 6: "six", 8: "eight"}


def test_steps_shrink_by_a_constant_factor_and_never_reach_zero_at_alpha_0_1():
    n = one_d_numbers()
    assert n["first_step"] > 5 * n["step10"]  # "the steps shrink"
    assert n["ratio"] == pytest.approx(0.8, abs=1e-12)  # "the same factor" 1 − 2α
    assert n["ratio_spread"] < 1e-12  # "at every step"
    assert n["all_nonzero"]
    assert n["theta20"] > 0


def test_alpha_one_half_lands_on_the_minimum_in_one_step():
    assert one_d_numbers()["half_path"][1:] == [0.0, 0.0, 0.0]  # Exercise 1


def test_playground_caption_limit_is_two_over_the_parabolas_curvature():
    assert "past $2/\\lambda = 1$" in CHAPTER  # J = θ², J'' = 2


def test_bowl_paths_end_along_the_shallow_eigenvector_and_all_arrive():
    b = bowl_numbers()
    assert b["eigenvalues"] == pytest.approx([1.0, 4.0])  # the caption's "curvatures are 1 and 4"
    assert "curvatures are 1 and 4" in CHAPTER
    assert b["misalignment"] < 1e-12
    assert b["factor_across"] < b["factor_along"]  # "the steep component dies first"
    assert b["worst"] < 1e-4  # "every start arrives"
    assert b["limit"] > 0.2  # "α = 0.2 is below the limit"


def test_learning_rates_too_small_just_right_too_large():
    r = learning_rate_numbers()
    assert r["limit"] == pytest.approx(0.08)
    assert (r["lam_min"], r["lam_max"]) == (1.0, 25.0)  # the caption's "curvatures 1 and 25"
    assert r["best_factor"] == pytest.approx(12 / 13)  # (κ − 1)/(κ + 1)
    steps = r["steps"]
    assert 0 < steps["just right"] < steps["too small"]  # "… times more"
    assert r["ratio_small_best"] > 5
    assert steps["too large"] == -1
    assert r["diverged_at"]["too large"] > 0
    # "flags it as diverged at step N, when |y| passes 10^8": run's limit, crossed by y
    assert inspect.signature(descent.run).parameters["limit"].default == 1e8
    assert r["diverged_y"] > 1e8 > r["diverged_last_y"]
    assert r["diverged_x"] < 1e-8
    assert r["leaves_frame_at"]["too large"] < r["diverged_at"]["too large"]
    assert 0 < r["leaves_frame_at"]["too large"] <= 12  # "within a dozen steps" (claims page)
    assert r["leaves_frame_at"]["too small"] == r["leaves_frame_at"]["just right"] == -1
    # "multiply the loss by 10 ... the threshold falls by a factor of 10", and it is the limit:
    # 1% below it the run converges, 1% above it diverges
    sc = scaled_limit_numbers()
    assert sc["scale"] == 10
    assert sc["limit"] == pytest.approx(sc["base_limit"] / 10)
    assert sc["base_limit"] == pytest.approx(r["limit"])
    assert not sc["below_diverged"]
    assert sc["below_final_loss"] < 1e-20
    assert sc["above_diverged"]
    assert sc["above_diverged_at"] > 0


def test_too_small_rate_drops_to_the_floor_and_creeps_along_it():
    r = learning_rate_numbers()  # the alt text of the figure, 60 steps
    assert r["small_60_y"] < 1e-3
    assert -5 < r["small_60_x"] < -2


def test_only_the_too_large_rate_leaves_the_one_dimensional_figure_after_two_steps():
    assert lr_1d_numbers() == {"small": -1, "optimal": -1, "large": -1, "too large": 2}
    too_large = LR_1D["rates"]["too large"]
    assert too_large > 1  # "above 1 it bounces further out"
    assert (
        f"at $\\alpha = {too_large:g}$ its points leave the plotted range after two steps" in FLAT
    )


def test_best_rate_steps_are_linear_in_the_condition_number():
    k = kappa_numbers()
    for kappa in (10, 100):
        assert k[kappa]["measured"] == pytest.approx(k[kappa]["predicted"], abs=2)
    assert k[100]["measured"] / k[10]["measured"] == pytest.approx(10, rel=0.05)


def test_rate_decides_which_minimum_gradient_descent_settles_in():
    m = local_minimum_numbers()
    assert m["final"][0.1] == pytest.approx(-2.2, abs=1e-6)  # "stops in the shallow minimum"
    assert abs(m["final"][0.3]) < 1e-6  # "ends in the global minimum"
    assert -2.2 < m["first_step"][0.1] < m["bump"]  # "still in the shallow valley"
    assert m["bump"] < m["first_step"][0.3] < 0  # "past the bump at −1.5"


def test_chapter_quotes_no_result_by_hand():
    # numbers that the runs produce are glued, not typed
    assert not re.search(r"few dozen steps|never lands on it exactly\.", CHAPTER)


def test_captions_state_the_settings_the_scripts_and_the_numbers_use():
    # fig-gd-1d: α and θ₀ in the caption, in the script and in one_d_numbers
    assert f"$\\alpha = {ONE_D['lr']:g}$, from $\\theta_0 = {ONE_D['start']:g}$" in FLAT
    script = _gallery("plot_gd_1d")
    assert f"GradientDescent(lr={ONE_D['lr']})" in script
    assert f"np.array([{ONE_D['start']}]), steps={ONE_D['steps']})" in script
    # fig-gd-bowl: α and the number of starts; the page's cell runs the same starts
    assert f"$\\alpha = {BOWL['lr']:g}$" in FLAT.split(":name: fig-gd-bowl")[0][-400:]
    assert f"from {WORDS[BOWL['starts']]} starts run in one vectorised call" in FLAT
    assert bowl_numbers()["n_starts"] == BOWL["starts"]
    assert f"so {WORDS[BOWL['starts']]} starts cost {WORDS[BOWL['starts']]} times" in FLAT
    angles = f"np.linspace(0, 2 * np.pi, {BOWL['starts']}, endpoint=False) + 0.3"
    starts = f"{BOWL['radius']} * np.column_stack([np.cos(angles), np.sin(angles)])"
    run = f"GradientDescent(lr={BOWL['lr']}), bowl, starts, steps={BOWL['steps']})"
    for text in (_gallery("plot_gd_bowl"), CHAPTER):
        assert angles in text
        assert starts in text
        assert run in text
    # its playground draws the same ring of starts, faintly, at the same rate
    assert f":ring: {BOWL['radius']} {BOWL['starts']} 0.3" in CHAPTER
    assert f":optimizers: GradientDescent(lr={BOWL['lr']})" in CHAPTER
    # fig-learning-rate: "a tenth of the limit" and "2% above the limit"
    assert LIMIT_FRACTIONS == {"too small": 0.1, "too large": 1.02}
    caption = FLAT.split(":name: fig-learning-rate")[0][-500:]
    assert "a tenth of the limit $2/\\lambda_{\\max}$" in caption
    assert "and 2% above the limit" in caption
    for text in (_gallery("plot_learning_rate"), CHAPTER):
        assert '"too small": 0.1 * ' in text
        assert '"too large": 1.02 * ' in text
    assert "steps=60)" in _gallery("plot_learning_rate")  # the 60 steps of small_60_*
    # fig-lr-1d: six steps from θ₀ = 1.6 at four rates, the axes' top at 4.2
    rates = LR_1D["rates"]
    assert (
        f"{WORDS[LR_1D['steps']].capitalize()} steps of gradient descent from "
        f"$\\theta_0 = {LR_1D['start']:g}$ at {WORDS[len(rates)]} learning rates" in FLAT
    )
    script = _gallery("plot_lr_1d")
    assert _literal(script, "rates") == rates
    assert f"start = np.array([{LR_1D['start']}])" in script
    assert f"start, steps={LR_1D['steps']})" in script
    assert f"(y0, y1) = parabola.extent, (-0.3, {LR_1D['ylim']})" in script
