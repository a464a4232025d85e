"""Every comparison the chapter on Adam's family makes, on the numbers it glues
(claims.adam_family)."""

import math
import re

import numpy as np
import pytest
from chapter_text import figure, flat, gallery, literal, text
from claims.adam_family import (
    ALPHA,
    C_SHOWN,
    CS,
    STEPS,
    SURFACE_LR,
    SURFACE_START,
    SURFACE_STEPS,
    WARMUP_STEPS,
    average_regret,
    counterexample_numbers,
    effective_rates,
    exercise_numbers,
    five,
    flip_gradients,
    linear_warmup,
    nadam_mu,
    nadam_numbers,
    online_gradient,
    online_run,
    radam_numbers,
    radam_r,
    rosenbrock_radam,
    spike_numbers,
    stochastic_numbers,
    surface_numbers,
    torch_agreement,
)

import descent
from descent.surfaces import ALL

CHAPTER = "adam-family"


# -- the online setting ----------------------------------------------------------------------


def test_online_problem_is_the_papers_and_its_optimum_is_minus_one():
    assert [float(online_gradient(5.0, t)) for t in range(1, 7)] == [5, -1, -1, 5, -1, -1]
    # over a period the losses add to (C - 2) x: x = -1 is best for C > 2
    assert all(sum(float(online_gradient(c, t)) for t in (1, 2, 3)) == c - 2 > 0 for c in CS)


def test_online_run_projects_onto_the_interval_and_is_vectorised_over_c():
    opt = descent.GradientDescent(lr=1.0)  # large steps: every one leaves the interval
    path, _grads, _ = online_run(opt, np.array(CS), steps=6)
    assert path.shape == (7, len(CS))
    assert np.all(np.abs(path) <= 1)
    assert np.all(path[1] == -1)
    assert np.all(path[2] == 0)
    # one run of the vector equals each C run alone
    alone = [online_run(descent.GradientDescent(lr=0.1), np.array([c]), 30)[0][:, 0] for c in CS]
    together = online_run(descent.GradientDescent(lr=0.1), np.array(CS), 30)[0]
    assert np.array_equal(np.column_stack(alone), together)


def test_average_regret_of_sitting_at_plus_one_is_two_c_minus_two_over_three():
    c = np.array(CS)
    grads = np.array([online_gradient(c, t) for t in range(1, 3001)])
    at_plus_one = np.ones((3001, len(CS)))
    regret = average_regret(at_plus_one, grads)[-1]
    assert regret == pytest.approx(2 * (c - 2) / 3)
    assert np.allclose(average_regret(-at_plus_one, grads)[-1], 0)


# -- AMSGrad on the counterexample ------------------------------------------------------------


def test_adam_ends_at_plus_one_the_worst_point_for_every_c():
    n = counterexample_numbers()
    assert n["adam_paper_final"] == [1.0] * len(CS)
    assert max(n["adam_paper_settled"]) < STEPS / 5  # "stayed within 0.05 since update ..."


def test_amsgrad_ends_within_the_quoted_gap_of_minus_one():
    n = counterexample_numbers()
    assert n["amsgrad_gap"] == max(abs(x + 1) for x in n["amsgrad_paper_final"])
    assert n["amsgrad_gap"] < 0.002


def test_adams_average_regret_does_not_go_to_zero_amsgrads_falls():
    n = counterexample_numbers()
    for i in range(len(CS)):
        adam, limit = n["adam_paper_regret"][i], n["adam_limit_regret"][i]
        assert adam > n["adam_paper_regret_third"][i]  # "still climbing"
        assert 0.9 * limit < adam < limit  # "towards 2(C - 2)/3"
        ams = n["amsgrad_paper_regret"][i]
        assert ams < n["amsgrad_paper_regret_third"][i]  # "falls"
        assert ams < adam / 10


def test_a_late_period_pushes_adam_up_and_amsgrad_down():
    n = counterexample_numbers()
    assert n["adam_push"] > 0 > n["amsgrad_push"]
    # AMSGrad's push is (2 - C) times the rate 1/√v̂ ≈ 1/C it gives every gradient
    assert n["amsgrad_push"] == pytest.approx((2 - C_SHOWN) / C_SHOWN, rel=0.02)


def test_fig_family_rates_adams_rate_jumps_amsgrads_stays():
    r = effective_rates()
    big = r["grads"] > 0
    assert np.all(r["adam"][big] < 0.11)  # "about 0.1 on the large-gradient updates"
    after = r["adam"][~big].reshape(-1, 2)
    assert np.all((after[:, 0] > 0.65) & (after[:, 0] < 0.75))  # "about 0.7"
    assert np.all(after[:, 1] > 0.99)  # "then 1"
    assert np.all(np.abs(r["amsgrad"] - 0.1) < 0.001)  # "stays at about 0.1"
    alt = figure(CHAPTER, "fig-family-rates")
    assert "about 0.1 on the large-gradient updates and about 0.7 and then 1" in alt


def test_at_torch_defaults_both_end_at_minus_one_and_nearly_coincide():
    n = counterexample_numbers()
    assert n["adam_default_final"] == [-1.0] * len(CS)
    assert n["amsgrad_default_final"] == [-1.0] * len(CS)
    assert 0 < n["default_gap"] < 1e-3  # "differ by at most", not "the same"
    assert n["default_v_falls"]  # v does fall: its maximum is only nearly itself


def test_stochastic_version_adam_ends_high_amsgrad_low():
    s = stochastic_numbers()
    assert s["p"] == pytest.approx(2 / 11)
    assert s["adam_above_09"] >= 0.95
    assert s["adam_median"] > 0.9
    assert s["amsgrad_below_0"] >= 0.95
    assert s["amsgrad_median"] < -0.5
    assert s["amsgrad_expected_loss"] < 0 < s["adam_expected_loss"]


def test_counterexample_caption_and_gallery_use_the_claims_settings():
    script = gallery("plot_family_counterexample")
    assert literal(script, "steps") == STEPS
    assert literal(script, "shown") == list(CS).index(C_SHOWN)
    assert "np.array([3.0, 5.0, 10.0])" in script
    assert list(CS) == [3.0, 5.0, 10.0]
    assert "LambdaLR(0.1, lambda t: 1 / np.sqrt(t + 1))" in script
    assert ALPHA == 0.1
    caption = figure(CHAPTER, "fig-family-counterexample")
    assert r"$C = 10$" in caption
    assert r"$\alpha_t = 0.1/\sqrt{t}$" in caption


# -- Adamax after a spike ---------------------------------------------------------------------


def test_adamax_spike_adam_jumps_above_alpha_adamax_only_shrinks():
    s = spike_numbers()
    assert s["adam_before"] == pytest.approx(1)
    assert s["adamax_before"] == pytest.approx(1)
    assert s["adam_at"] > 1 > s["adamax_at"]  # "larger than α"; "can only shrink"
    assert s["adamax_min"] < s["adam_min"] / 10  # smaller than Adam's
    assert s["adamax_back_09"] > s["adam_back_09"]  # "and for longer"
    assert s["adamax_max"] <= 1 + 1e-12  # "no step larger than α"
    assert s["adamax_back_09"] < s["adamax_forget"] < s["adamax_back_09"] * 1.1


def test_fig_family_adamax_alt_quotes_the_measured_steps():
    s = spike_numbers()
    alt = figure(CHAPTER, "fig-family-adamax")
    assert f"spikes to about {s['adam_at']:.1f} then dips to about {s['adam_min']:.2f}" in alt
    assert f"falls to about {round(s['adamax_min'], 2):g}" in alt
    back = s["at"] + s["adamax_forget"]
    assert f"to 1 by about update {round(back, -2):.0f}" in alt
    assert literal(gallery("plot_family_adamax"), "steps") == s["steps"]
    assert literal(gallery("plot_family_adamax"), "at") == s["at"]


# -- NAdam ------------------------------------------------------------------------------------


def test_nadam_mu_is_torchs_and_starts_near_half_beta1():
    n = nadam_numbers()
    assert n["mu_1"] == pytest.approx(n["mu_product_1"])  # the rule's own state
    assert 0.45 < n["mu_1"] < 0.46  # "about β₁/2"
    assert n["mu_1"] < n["mu_1000"] < n["mu_10000"] < 0.9
    assert 1 - n["mu_1000"] > 0.45  # "weighs the current gradient by ≈ 0.5"
    assert n["mu_within_1pc"] > 10_000  # "only from update ..."
    assert nadam_mu(n["mu_within_1pc"]) >= 0.891 > nadam_mu(n["mu_within_1pc"] - 1)


def test_nadam_turns_at_once_adam_keeps_going():
    n = nadam_numbers()
    assert n["nadam_old_way"] == 0
    assert n["adam_old_way"] > 3  # "several updates later"
    assert n["adam_before"] == pytest.approx(1, abs=1e-6)
    assert n["adam_low"] == pytest.approx(1, abs=1e-6)  # "Adam's step is α from the start"
    assert n["nadam_low"] < 0.8  # "NAdam's is shorter at first"
    assert n["nadam_low"] < n["nadam_before"] < 1
    assert n["nadam_before"] == pytest.approx(1, abs=0.01)
    alt = figure(CHAPTER, "fig-family-nadam")
    assert f"NAdam's dips to about {n['nadam_low']:.1f} and climbs back" in alt
    # "corrected by the product of the μ's, which falls much faster than β₁^t"
    assert n["mu_product_1"] ** 2 < 0.9**2 / 3
    assert list(flip_gradients()[[n["flip_at"] - 1, n["flip_at"]]]) == [1.0, -1.0]


# -- RAdam ------------------------------------------------------------------------------------


def test_radam_rho_and_first_adaptive_update():
    r = radam_numbers()
    assert r["rho_inf"] == pytest.approx(1999)
    assert r["first_adaptive"] == 6
    assert r["steps_g2"][:5] == pytest.approx([2.0] * 5)  # momentum's: α times the gradient
    assert r["adam_steps_g2"][:5] == pytest.approx([1.0] * 5)
    assert r["steps_g2"][5] == pytest.approx(r["r_first"], rel=1e-6)
    assert r["r_first"] < 0.05


def test_radam_rectification_starts_faster_finishes_slower_than_warmup():
    r = radam_numbers()
    assert r["r_50"] < r["warmup_50"]  # starts faster
    assert r["r_90"] > r["warmup_90"]
    assert r["r_99"] > r["warmup_99"]
    assert r["r_above_warmup_from"] == r["first_adaptive"]
    assert r["warmup_50"] < r["r_below_warmup_again"] < r["warmup_90"]
    assert 1450 < r["r_below_warmup_again"] < 1550  # "below it from about update 1500"
    assert 100 < r["r_90"] - r["warmup_90"] < 1000  # "at 0.9 hundreds of updates later"
    w = linear_warmup(np.arange(1, WARMUP_STEPS + 2))
    assert w[0] == pytest.approx(1 / WARMUP_STEPS)
    assert w[-2] == 1.0 == w[-1]


def test_fig_family_radam_the_gallery_measures_r_and_the_alt_reads_it():
    r = radam_numbers()
    alt = figure(CHAPTER, "fig-family-radam")
    assert f"near {r['r_first']:.2f}" in alt
    assert f"crosses above it around update {round(r['r_below_warmup_again'], -2):.0f}" in alt
    assert literal(gallery("plot_family_radam"), "warm") == WARMUP_STEPS
    # what the gallery draws (RAdam's steps on a constant gradient) is r_t
    opt = descent.RAdam(lr=1.0, eps=1e-30)
    x, state, steps = np.zeros(1), opt.init(np.zeros(1)), []
    for _ in range(40):
        new, state = opt.step(x, np.ones(1), state)
        steps.append(float(x[0] - new[0]))
        x = new
    assert np.allclose(steps[5:], radam_r(np.arange(6, 41)), rtol=1e-9)


def test_radam_at_adams_rate_leaves_rosenbrock():
    r = rosenbrock_radam()
    assert r["diverged"]
    assert not r["adam_diverged"]
    assert r["diverged_at"] <= 5  # within its momentum steps
    assert r["first_step"] > 100 * r["adam_first_step"]


# -- the five on one surface ------------------------------------------------------------------


def test_five_on_himmelblau_nadam_first_radam_creeps():
    s = surface_numbers()
    reached = {k: s[k]["steps_to"] for k in ("Adam", "AMSGrad", "Adamax", "NAdam")}
    assert all(v > 0 for v in reached.values())
    assert min(reached, key=reached.get) == "NAdam"  # "NAdam reaches 1e-3 first"
    assert reached["AMSGrad"] == reached["Adam"] + 1  # "one update behind Adam"
    assert s["RAdam"]["steps_to"] == -1  # "not reached"
    assert s["RAdam"]["longest_first_5"] > 10 * s["Adam"]["longest_first_5"]
    for k in reached:  # "about α√2 long"
        assert s[k]["longest_first_5"] == pytest.approx(SURFACE_LR * math.sqrt(2), rel=0.1)
    assert s["RAdam"]["step_6"] < s["Adam"]["step_6"] / 50  # "it creeps"
    assert not any(s[k]["diverged"] for k in (*reached, "RAdam"))


def test_five_on_himmelblau_the_four_reach_the_minimum_at_3_2():
    for name, opt in five().items():
        traj = descent.run(opt, ALL["himmelblau"], np.array(SURFACE_START), SURFACE_STEPS)
        if name != "RAdam":
            assert np.linalg.norm(traj.final - [3, 2]) < 0.02, name


def test_surface_gallery_and_playground_use_the_claims_run():
    script = gallery("plot_family_surface")
    assert 'ALL["himmelblau"]' in script
    assert literal(script, "lr") == SURFACE_LR
    assert "np.array([0.0, 0.0])" in script
    assert SURFACE_START == (0.0, 0.0)
    assert "steps=150" in script
    assert SURFACE_STEPS == 150
    page = flat(CHAPTER)
    assert ":surface: himmelblau" in text(CHAPTER)
    assert ":optimizers: Adam(lr=0.05), Adamax(lr=0.05), NAdam(lr=0.05), RAdam(lr=0.05)" in page
    assert ":start: 0, 0" in page
    assert ":steps: 150" in page


# -- torch, the exercise, the text -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "amsgrad"), [("Adam", True), ("Adamax", False), ("NAdam", False), ("RAdam", False)]
)
def test_each_rule_agrees_with_recorded_torch_steps(name, amsgrad):
    t = torch_agreement(name, amsgrad)
    assert t["cases"] >= 2
    assert t["worst_rel"] < 1e-11
    assert f"{t['worst_rel']:.1e}" != f"{0:.1e}"  # the page quotes it to two digits


def test_exercise_rho_inf_and_first_adaptive_update_formula_and_measured():
    e = exercise_numbers()
    assert e["rho_inf"] == pytest.approx(1999)
    assert e["first"] == e["measured"] == 6
    assert e["rho_5"] <= 5 < e["rho_6"]


def test_summary_table_rows_are_the_measured_comparisons():
    page = flat(CHAPTER)
    rows = [line for line in text(CHAPTER).splitlines() if line.startswith("| AMSGrad | divides")]
    assert rows
    assert "finds $x = -1$ where Adam ends at $+1$" in rows[0]
    assert "none is larger than $\\alpha$" in page
    assert "it turns on the first update after the gradient does" in page
    assert "$r_t$ starts above a 2000-update warmup and reaches 0.9 later" in page


def test_amsgrad_marker_region_exists_and_holds_the_maximum():
    from pathlib import Path

    source = (Path(descent.__file__).parent / "optimizers" / "adam.py").read_text()
    region = source.split("# [update: amsgrad]")[1].split("# [/update: amsgrad]")[0]
    assert "np.maximum(state.v_max, v)" in region


def test_chapter_names_no_internal_source_or_test():
    page = text(CHAPTER)
    assert not re.search(r"source text|seed 0|test_\w+|reference tests|tests/", page)


def test_five_on_himmelblau_amsgrads_later_steps_shorter_radams_first_scale_with_gradient():
    surface, start = ALL["himmelblau"], np.array(SURFACE_START)
    runs = {k: descent.run(o, surface, start, SURFACE_STEPS) for k, o in five().items()}
    lengths = {k: np.linalg.norm(np.diff(r.path, axis=0), axis=1) for k, r in runs.items()}
    # "AMSGrad's steps, never longer than Adam's in the first fifty, add up to a shorter path"
    assert np.all(lengths["AMSGrad"][:50] <= lengths["Adam"][:50] * (1 + 1e-12))
    assert lengths["AMSGrad"].sum() < lengths["Adam"].sum()
    # "RAdam's first five are α times a gradient whose length is in the tens"
    s = surface_numbers()
    assert 10 < s["RAdam"]["longest_first_5"] / SURFACE_LR < 100
    assert 10 < np.linalg.norm(surface.grad(start)) < 100


def test_playground_advice_raise_the_rate_radam_leaves_lower_it_adamax_falls_behind():
    page = flat(CHAPTER)
    assert "Raise the rate and RAdam's first jumps leave the plot; lower it and watch" in page
    assert ":sliders: lr[0.005:0.2]" in page
    surface, start = ALL["himmelblau"], np.array(SURFACE_START)
    lo, hi = surface.extent[0], surface.extent[1]
    radam = descent.run(descent.RAdam(lr=0.2), surface, start, 5)
    assert np.any((radam.path < lo) | (radam.path > hi))  # leaves the plot in its first steps
    finals = {
        name: descent.run(opt, surface, start, SURFACE_STEPS).loss[-1]
        for name, opt in five(lr=0.02).items()
        if name in ("Adam", "Adamax", "NAdam")
    }
    assert max(finals, key=finals.get) == "Adamax"
