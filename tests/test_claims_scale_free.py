"""Every comparison the chapter on steps without a scale makes, on the numbers it glues
(claims.scale_free), and the figures' scripts tied to the runs the numbers come from."""

import math
import re

import numpy as np
import pytest
from chapter_text import figure, flat, gallery, literal, text
from claims.scale_free import (
    ADADELTA_EPS,
    FINE,
    MATTERS,
    RPROP_SLIDER,
    RULES,
    SCALES,
    SIGN_RULES,
    START,
    STEPS,
    adadelta_bowl_numbers,
    adadelta_numbers,
    adadelta_slope_steps,
    eps_equivalence,
    eps_numbers,
    exercise_numbers,
    lion_bowl_numbers,
    lion_numbers,
    reference_agreement,
    rprop_arrivals,
    rprop_minibatch_numbers,
    rprop_numbers,
    rule,
    scale_numbers,
    sign_figure_numbers,
    sign_numbers,
)

import descent

CHAPTER = "scale-free"


# %% What a step depends on


def test_sign_rules_take_identical_paths_on_every_scale():
    n = scale_numbers()
    for name in SIGN_RULES:
        for c in SCALES:
            assert n["identical"][name, c], (name, c)  # "to the last bit of every coordinate"
    assert "to the last bit of every coordinate" in flat(CHAPTER)


def test_gradient_descent_diverges_on_100f_and_crawls_on_f_over_100():
    n = scale_numbers()
    assert n["gd_diverged_at"] > 1  # after the first step, which already left the frame
    diverged = descent.run(rule("GradientDescent"), _scaled(100.0), START, STEPS)
    assert diverged.loss[n["gd_diverged_at"]] > 1e8 or not np.isfinite(
        diverged.loss[n["gd_diverged_at"]]
    )
    assert n["gap"]["GradientDescent", 1e2] == math.inf or n["gap"]["GradientDescent", 1e2] > 1e3
    # 0.07 < 2/25 on f, > 2/2500 on 100 f
    assert 0.07 < 2 / 25
    assert 0.07 > 2 / 2500
    assert rule("GradientDescent").lr == 0.07
    # on f/100: it moved, but less than the way to the minimum, and kept a share of the loss
    assert 0 < n["gd_small_moved"] < n["start_distance"]
    assert 0.01 < n["gd_small_loss_share"] < 1
    assert n["gd_loss"] < 1e-6  # while on f it arrives
    # the figure's caption: "on 100 f its first step leaves the frame"
    left = descent.run(rule("GradientDescent"), _scaled(100.0), START, 1).path[1]
    x0, x1, y0, y1 = descent.surfaces.ALL["elongated"].extent
    assert not (x0 <= left[0] <= x1 and y0 <= left[1] <= y1)
    assert "on $100 f$ its first step leaves the frame" in figure(CHAPTER, "fig-scale-invariance")


def _scaled(c):
    from claims.scale_free import scaled

    return scaled(c)


def test_adam_and_adadelta_move_a_little_on_f_over_100_and_less_on_100f():
    n = scale_numbers()
    for name in ("Adam", "Adadelta"):
        assert not n["identical"][name, 1e-2]  # "not zero"
        assert 0 < n["gap"][name, 1e2] < n["gap"][name, 1e-2] < MATTERS * n["start_distance"]
    assert n["gap"]["Adam", 1e-2] < n["gap"]["Adadelta", 1e-2]


def test_adam_on_cf_is_adam_with_eps_over_c():
    for c in (1e-2, 1e-6, 1e2):
        assert eps_equivalence(c)["gap"] < 1e-12  # "which is rounding"
    assert f"{eps_equivalence()['gap']:.0e}" != f"{0:.0e}"


def test_eps_matters_for_adadelta_at_a_larger_scale_than_for_adam():
    e = eps_numbers()
    adam, adadelta = e["Adam"]["matters_below"], e["Adadelta"]["matters_below"]
    assert adadelta > 1e3 * adam  # "already"
    assert adam == pytest.approx(1e-7)
    assert adadelta == pytest.approx(10**-2.5)
    assert "{glue:md}`sf_adadelta_matters` ($10^{-2.5}$)" in flat(CHAPTER)
    for name in ("Adam", "Adadelta"):
        gaps, limit = e[name]["gaps"], MATTERS * np.linalg.norm(START)
        big = [c for c, g in zip(FINE, gaps, strict=True) if g > limit]
        assert max(big) == e[name]["matters_below"]
        # below the threshold it keeps mattering, above it never does (a clean crossing)
        assert all(g > limit for c, g in zip(FINE, gaps, strict=True) if c <= max(big))
    claims = " ".join((text("../claims")).split())
    assert r"once $c \le 10^{-7}$; Adadelta's already at $c = 10^{-2.5}$" in claims


def test_the_table_and_the_figure_use_the_same_rules_and_rates():
    script = gallery("plot_scale_invariance")
    for call in RULES.values():
        assert f"descent.{call}" in script
    assert "steps = 150" in script
    assert STEPS == 150
    assert "np.array([-5.0, 2.0])" in script
    assert list(START) == [-5.0, 2.0]
    assert "Quadratic(100 * bowl.A" in script
    assert SCALES == (1e-2, 1.0, 1e2)


# %% Adadelta


def test_adadelta_first_steps_are_set_by_eps_and_grow_slowly():
    a = adadelta_numbers()
    assert a["first"] == pytest.approx(a["first_formula"], rel=1e-4)
    assert a["first_formula"] == pytest.approx(math.sqrt(1e-6 / 0.1))
    assert a["increasing"]  # "from there it grows"
    assert a["first"] < a["step_100"] < a["step_1000"] < a["last"] < 0.1
    assert a["sqrt_eps_dev"] < 0.01  # "proportional to √ε" (to under 1%)
    assert a["model_rel_err_late"] < 0.06  # "within 5% of the dashed line from update 1000"
    assert f"{a['model_rel_err_late']:.0%}" == "5%"
    assert a["to_tenth"] > 9e4  # "about 99,990 updates"
    # the claims row: "about 0.003 ... whatever the problem"
    assert round(a["first"], 3) == 0.003


def test_adadeltas_default_rate_crawls_on_the_bowl():
    a = adadelta_numbers()
    assert a["bowl_moved"] < a["bowl_distance"] / 4
    assert a["bowl_loss_share"] > 0.5  # "leave more than half the loss"
    assert a["bowl_lr10_loss_share"] < 0.01  # "lr=10 gets below 1% of it"
    assert rule("Adadelta").lr == 10.0


def test_adadelta_figure_measures_what_the_claims_measure():
    script = gallery("plot_scale_adadelta")
    assert "eps = np.array([[1e-8], [1e-6], [1e-4]])" in script
    assert ADADELTA_EPS == (1e-8, 1e-6, 1e-4)
    assert literal(script, "steps") == 3000
    sizes = adadelta_slope_steps(20)
    np.testing.assert_allclose(sizes[:, 1], adadelta_slope_steps(20)[:, 1])
    assert sizes.shape == (20, 3)


# %% Rprop


def test_rprop_grows_until_the_first_flip_then_falls_to_the_floor():
    r = rprop_numbers()
    sizes = r["sizes"]
    for i in range(2):
        flip = r["first_flip"][i]
        grown = sizes[1:flip, i]
        # a straight line on the log axis: ×1.2 an update after the first (which keeps Δ₀)
        np.testing.assert_allclose(grown[1:] / grown[:-1], 1.2, rtol=1e-12)
        assert r["peak"][i] == pytest.approx(sizes[flip - 1, i])
    flip_x, flip_y = r["first_flip"]
    assert flip_y < flip_x  # "y flips first"
    assert r["peak"][1] < r["peak"][0]  # "and peaks lower"
    assert r["floor_from"] < STEPS
    late = sizes[r["floor_from"] :]  # "at the floor or one factor of 1.2 above it"
    assert np.all((late == 1e-6) | np.isclose(late, 1.2e-6, rtol=1e-12, atol=0))
    assert np.all(sizes[r["floor_from"]] == 1e-6)
    assert r["loss"] < 1e-10


def test_rprop_on_minibatches_freezes_far_from_the_fit():
    m = rprop_minibatch_numbers()
    assert m["floor_from"] > 0
    assert m["moved_after_floor"] < 1e-3
    assert m["rprop_full_distance"] < 1e-3 < m["sgd_mini_distance"] < m["rprop_mini_distance"]
    assert m["rprop_mini_distance"] > 50 * m["sgd_mini_distance"]
    assert m["rprop_full_updates"] == m["epochs"]


def test_adadelta_takes_the_same_first_step_in_both_coordinates_whatever_the_gradient():
    b = adadelta_bowl_numbers()
    assert b["grad_ratio"] == pytest.approx(10)  # "10 times steeper in y"
    assert b["first_x"] == pytest.approx(b["first_formula"], rel=1e-5)
    assert b["first_y"] == pytest.approx(b["first_formula"], rel=1e-5)
    assert f"{b['first_x']:.4f}" == f"{b['first_y']:.4f}"  # the same, as printed
    # "hardly changes": within a factor 2 of the first step over the run
    assert b["first_x"] / 2 < b["last_x"] < b["max_x"] < 1.1 * b["first_x"]
    assert b["last_y"] < 1e-3 * b["first_y"]  # the caption: y's step falls by orders
    assert b["loss_share"] == pytest.approx(adadelta_numbers()["bowl_lr10_loss_share"])


def test_adadelta_animation_is_the_claims_run():
    script = gallery("plot_scale_adadelta_bowl")
    b = adadelta_bowl_numbers()
    assert f"descent.Adadelta(lr={b['lr']})" in script
    assert literal(script, "steps") == b["steps"] == STEPS
    assert "Adadelta with $\\alpha = 10$" in figure(CHAPTER, "fig-scale-adadelta-bowl")


def test_lions_short_memory_turns_before_its_long_one():
    b = lion_bowl_numbers()
    # the gradient turns first, then c_t (9 parts momentum), then the momentum itself
    assert b["g_first_flip"] < b["c_first_flip"] < b["m_first_flip"]
    assert b["lowest_y"] < -1  # "overshoots to y = −1.18"
    # on the floor: the gradient and c_t change sign again and again, the momentum hardly
    assert b["g_flips"] > 20
    assert b["c_flips"] > 20
    assert b["m_flips"] <= 2
    assert descent.Lion().beta1 == 0.9  # "nine parts"
    assert descent.Lion().beta2 == 0.99  # "about 100"


def test_lion_animation_is_the_claims_run():
    script = gallery("plot_scale_lion")
    b = lion_bowl_numbers()
    assert f"descent.Lion(lr={b['lr']})" in script
    assert literal(script, "steps") == b["steps"] == STEPS
    assert "Lion with $\\alpha = 0.06$" in figure(CHAPTER, "fig-scale-lion")


def test_rprop_figure_is_the_claims_run():
    script = gallery("plot_scale_rprop")
    assert "descent.Rprop(lr=0.1)" in script
    assert RULES["Rprop"] == "Rprop(lr=0.1)"
    assert literal(script, "steps") == STEPS
    assert "Rprop with $\\Delta_0 = 0.1$" in figure(CHAPTER, "fig-scale-rprop")


def test_rprop_arrives_from_every_first_step_size_of_the_slider():
    arrivals = rprop_arrivals()
    assert all(0 < t < STEPS for t in arrivals.values())
    assert RPROP_SLIDER == (0.001, 0.01, 0.1, 1.0)
    assert "Rprop.lr[0.001:1]" in text(CHAPTER)


# %% Sign descent and Lion


def test_signsgd_ends_in_a_period_two_cycle_within_alpha():
    s = sign_numbers()
    for lr in s["lrs"]:
        end = s["SignSGD", lr]
        assert end["period"] == 2
        assert 0.5 <= end["amplitude"] < 1  # "between α/2 and α"
        for name in ("SignSGD", "Signum", "Lion"):
            # "every run's last steps are all α√2 long": none settles
            assert s[name, lr]["shortest_step"] == pytest.approx(math.sqrt(2), rel=1e-9)


def test_signums_cycle_is_wider_than_signsgds():
    s = sign_numbers()
    for lr in s["lrs"]:
        assert s["Signum", lr]["amplitude"] > s["SignSGD", lr]["amplitude"]
    assert max(s["Signum", lr]["amplitude"] for lr in s["lrs"]) < 3


def test_lion_swings_widest_in_the_sign_figure():
    f = sign_figure_numbers()
    assert f["rebound"]["Lion"] > f["rebound"]["Signum"] > f["rebound"]["SignSGD"]
    lion = descent.run(rule("Lion"), descent.surfaces.ALL["elongated"], START, f["steps"])
    assert f["rebound"]["Lion"] > lion.loss[f["after"]]  # "climbs back"
    script = gallery("plot_scale_sign")
    for name in ("SignSGD", "Signum", "Lion"):
        assert f"descent.{RULES[name]}" in script
    assert "steps=300" in script


def test_lions_updates_are_alpha_sqrt_d_and_longer_than_adams():
    n = lion_numbers()
    assert abs(n["Lion"]["max"] - 1) < 1e-12
    assert abs(n["Lion"]["min"] - 1) < 1e-12
    assert n["Adam"]["median"] < 1
    assert n["Adam"]["max"] <= 1 + 1e-9
    assert 3 <= n["ratio"] <= 10  # "in the range the paper recommends dividing by"
    assert n["Adam"]["median"] < n["adam_full_median"] < 1  # "not only the mini-batch noise"
    assert n["bowl_dev"] < 1e-12


def test_rules_agree_with_their_references():
    r = reference_agreement()
    for name in ("Adadelta", "Rprop", "Lion"):
        assert r[name]["cases"] >= 4
        assert r[name]["worst_rel"] < 1e-12


# %% The exercise, the playground, the text


def test_exercise_rprop_reaches_its_ceiling_at_the_closed_form():
    e = exercise_numbers()
    assert e["updates"] == e["closed_form"] == 48
    steps = 0.01 * 1.2 ** np.arange(e["updates"] - 1)
    assert e["travelled"] == pytest.approx(steps.sum() + 50, rel=1e-9)
    assert e["per_1000"] == pytest.approx(37.89, abs=0.01)


def test_playground_runs_the_figures_rules():
    block = text(CHAPTER).split(":::{playground} 2d")[1].split(":::")[0]
    for name in ("Adam", "Adadelta", "Rprop", "SignSGD", "Signum", "Lion"):
        assert RULES[name] in block
    assert ":start: -5, 2" in block
    assert ":steps: 150" in block


def test_chapter_names_no_internal_source_or_test():
    body = text(CHAPTER)
    assert not re.search(r"source text|seed 0|test_\w+|reference tests|tests/", body)


def test_chapter_links_the_schedules_chapter_next():
    where_next = text(CHAPTER).split("## Where next")[1]
    assert "{ref}`chapter-schedules`" in where_next
