"""Every comparison the curvature chapter makes, on the numbers it glues (claims.curvature)."""

import itertools
import math
import re

import numpy as np
import pytest
from chapter_text import figure, flat, gallery, literal, text
from claims.curvature import (
    CONDITIONS,
    LBFGS_LRS,
    ROSENBROCK,
    ROSENBROCK_START,
    adam_numbers,
    lbfgs_numbers,
    line_search_numbers,
    order_numbers,
    quadratic_numbers,
    quartic_numbers,
    rosenbrock_numbers,
    saddle_numbers,
    shape_numbers,
    steps_to_stay,
    torch_agreement,
    tuned_rates,
)

import descent

CHAPTER = "curvature"


# %% One Newton step on a quadratic, gradient descent's steps growing with κ


def test_one_newton_step_solves_every_bowl_to_rounding():
    q = quadratic_numbers()
    assert tuple(q) == CONDITIONS == (1, 10, 100, 1000)  # the table's rows
    for kappa, row in q.items():
        assert row["newton_steps"] == 1
        # "rounding, nothing else": a solve of condition κ loses up to κ times the machine's
        # precision (3e-14 at κ = 1000 on one machine, 6e-15 on another)
        assert row["newton_error"] < 10 * kappa * np.finfo(float).eps
    assert any(row["newton_error"] > 0 for row in q.values())  # the bowls are turned: not 0


def test_gradient_descent_steps_are_the_formula_and_grow_tenfold_per_decade():
    q = quadratic_numbers()
    steps = [q[k]["gd_steps"] for k in CONDITIONS]
    for kappa in CONDITIONS:
        assert q[kappa]["gd_steps"] == q[kappa]["gd_theory"]  # "exactly what that factor predicts"
        assert q[kappa]["gd_lr"] == pytest.approx(2 / (1 + kappa))
    assert steps == sorted(steps)
    assert len(set(steps)) == len(steps)
    for low, high in itertools.pairwise(steps[1:]):  # "ten times more per factor ten"
        assert 9 < high / low < 12
    assert "ten times more for each factor of ten" in flat(CHAPTER)


# %% The saddle


def test_undamped_newton_lands_on_the_saddle_and_climbs_to_it():
    s = saddle_numbers()
    assert s["landed"] == 0.0  # exactly (0, 0) from each start
    assert s["loss_before"] < s["loss_after"] == 0.0  # "the loss rises"
    assert s["slope"] > 0  # "the Newton direction points uphill"
    assert s["gd_away"]  # gradient descent moves away along y


def test_damping_three_multiplies_y_by_three_away_from_the_saddle():
    s = saddle_numbers()
    assert s["damped_factor"] == pytest.approx(3 / (3 - 2))
    y = s["damped_y"]
    assert all(b == pytest.approx(3 * a) for a, b in itertools.pairwise(y))
    assert s["damped_away"]


# %% Rosenbrock


def test_rosenbrock_race_order():
    r = rosenbrock_numbers()["steps"]
    assert r["newton"] <= 6  # "a handful"
    assert r["newton"] < r["lbfgs_wolfe"] < r["lbfgs"] < r["adam"] < r["gd"]


def test_the_line_search_takes_fewer_steps_but_more_evaluations():
    r = rosenbrock_numbers()
    assert r["steps"]["lbfgs_wolfe"] < r["steps"]["lbfgs"]
    assert r["evals"]["lbfgs_wolfe"] > r["evals"]["lbfgs"] == r["steps"]["lbfgs"]


def test_newtons_second_step_raises_the_loss_almost_sixtyfold():
    r = rosenbrock_numbers()
    assert r["newton_rise_step"] == 2
    assert 50 < r["newton_rise"] < 60  # "almost sixty-fold" (the gallery script's words)
    assert "the loss goes up almost sixty-fold" in gallery("plot_curvature_rosenbrock")


def test_rosenbrocks_condition_at_the_minimum():
    kappa = rosenbrock_numbers()["kappa_at_minimum"]
    eig = np.linalg.eigvalsh(ROSENBROCK.hessian(ROSENBROCK.minima[0]))
    assert kappa == pytest.approx(eig[-1] / eig[0])
    assert kappa > 1000  # "more curved across than along"


def test_tuned_rates_are_inside_their_grids_and_what_the_figures_use():
    t = tuned_rates()
    for name in ("gd", "adam"):
        assert 0 < t[name]["index"] < t[name]["n_rates"] - 1  # not at an edge of the grid
    assert t["gd"]["n_rates"] == 9
    assert t["gd"]["edges"] == pytest.approx((1e-4, 1e-2), rel=1e-12)  # logspace rounds
    assert t["adam"]["n_rates"] == 13
    assert t["adam"]["edges"] == pytest.approx((1e-3, 1.0), rel=1e-12)
    script = gallery("plot_curvature_rosenbrock")
    for name, key in (("GD_LR", "gd"), ("ADAM_LR", "adam")):
        assert literal(script, name) == float(f"{t[key]['lr']:.4g}")
    assert "the best of nine rates from 1e-4 to 1e-2" in script
    assert "the best of thirteen from 1e-3 to 1" in script
    assert "lr=0.001778" in gallery("plot_curvature_measured")
    assert "GradientDescent(lr=0.001778)" in text(CHAPTER)  # the playground


def test_gradient_descent_stays_and_adam_does_not():
    t = tuned_rates()
    assert t["gd"]["stays"]
    assert not t["adam"]["stays"]
    assert t["adam"]["rebound"] > 1  # "climbs back as high as ..."
    r = rosenbrock_numbers()
    assert r["steps"]["gd"] == t["gd"]["steps"]


def test_steps_to_stay_counts_only_a_loss_that_stays():
    assert steps_to_stay(np.array([1.0, 1e-12, 1.0, 1e-12, 0.0])) == 3
    assert steps_to_stay(np.array([1.0, 1e-12, 1.0])) == -1
    assert steps_to_stay(np.array([0.0, 0.0])) == 0


# %% Quadratic convergence


def test_newtons_digits_more_than_double_and_the_order_is_close_to_two():
    o = order_numbers()
    d = o["digits"]
    assert len(d) == 3
    assert d[1] > 2 * d[0]
    assert d[2] > 2 * d[1]  # "more than doubling"
    assert 1.8 < o["last_ratio"] < 2.5  # "close to the order 2"
    e = np.array(o["errors"]["newton"])
    assert o["exact_step"] == 7
    assert e[7] == 0
    assert e[6] > 0


def test_gradient_descent_is_linear_and_lbfgs_superlinear():
    o = order_numbers()
    assert 0.99 < o["gd_ratio_late"] < 1  # the same factor at every step ...
    assert o["gd_ratio_spread"] < 1e-3
    alpha = tuned_rates()["gd"]["lr"]
    lam_min = np.linalg.eigvalsh(ROSENBROCK.hessian(ROSENBROCK.minima[0]))[0]
    assert o["gd_ratio_late"] == pytest.approx(1 - alpha * lam_min, abs=1e-5)  # 1 − αλ_min
    assert np.median(o["lbfgs_tail"]) < 0.2 < o["gd_ratio_late"]  # e_{t+1}/e_t falls


def test_fig_curvature_order_alt_text():
    o = order_numbers()
    block = figure(CHAPTER, "fig-curvature-order")
    digits = [-math.log10(o["errors"]["newton"][t]) for t in (3, 4, 5, 6)]
    assert "labelled " + ", ".join(f"{d:.1f}" for d in digits[:3]) + " and " in block
    assert f"{digits[3]:.1f} digits, then reaches exactly zero at step {o['exact_step']}" in block
    lb = np.array(o["errors"]["lbfgs"])
    assert 40 <= int(np.argmax(lb == 0)) <= 44  # "reaches zero near step 42"
    assert max(o["errors"]["gd"][:46]) < 2.5
    assert min(o["errors"]["gd"][:46]) > 0.5  # "flat"


# %% L-BFGS's inverse Hessian and its memory


def test_lbfgs_approximation_is_not_exact_after_n_pairs_but_improves():
    lb = lbfgs_numbers()
    assert lb["error_at_dim"] > 0.5  # "still ..." after ten pairs
    assert lb["angle_at_dim"] > 30  # "... off Newton's"
    assert lb["error_first"] > lb["error_at_dim"] > lb["error_last"]
    assert lb["error_last"] < 0.1
    assert lb["secant_newest"] < 1e-12 < 1 < lb["secant_oldest"]  # only the newest is kept


def test_fig_curvature_inverse_alt_text():
    lb = lbfgs_numbers()
    e, a = np.array(lb["errors"]), np.array(lb["angles"])
    assert np.all(e[:10] > 0.95)  # "stays near 1 for the first ten updates"
    assert e[34:].min() < 0.1  # "falls to below 0.1 near update 40"
    assert a[:28].min() > 30
    assert a[28:].min() < 5
    block = figure(CHAPTER, "fig-curvature-inverse")
    assert "stays above 30 degrees for the first 28 updates" in block


def test_more_memory_fewer_steps():
    lb = lbfgs_numbers()
    steps = list(lb["history"].values())
    assert all(s > 0 for s in steps)
    assert steps == sorted(steps, reverse=True)
    assert len(set(steps)) == len(steps)
    assert lb["reached"] == lb["history"][20]  # the figure's run is the table's m = 20
    assert list(lb["history"]) == [5, 10, 20]  # the table's rows
    assert "| 5 | {glue:text}`cv_lb_m5` |" in text(CHAPTER)


# %% The line search


def test_without_the_search_the_rate_decides():
    p = line_search_numbers()["plain"]
    assert tuple(p) == LBFGS_LRS
    assert p[3.0]["diverged"]
    assert p[2.0]["steps"] == -1
    assert not p[2.0]["diverged"]  # "never settles"
    assert not p[0.1]["rises"]
    assert all(p[lr]["rises"] for lr in LBFGS_LRS if lr != 0.1)  # "at every rate but the smallest"
    reached = [p[lr]["steps"] for lr in (0.1, 0.3, 1.0, 1.5)]
    assert min(reached) > 0
    assert max(reached) > 5 * min(reached)


def test_with_the_search_every_rate_arrives_and_the_loss_never_rises():
    ls = line_search_numbers()
    w = ls["wolfe"]
    assert all(w[lr]["steps"] > 0 and not w[lr]["rises"] for lr in LBFGS_LRS)
    assert ls["wolfe_min"] == min(v["steps"] for v in w.values())
    assert ls["wolfe_max"] == max(v["steps"] for v in w.values())


def test_torchs_default_max_eval_does_not_move_from_the_classic_start():
    opt = descent.LBFGS(line_search_fn="strong_wolfe")  # max_eval = 1: one trial
    traj = descent.run(opt, ROSENBROCK, ROSENBROCK_START, steps=10)
    assert np.all(traj.path == traj.path[0])


def test_fig_curvature_lbfgs_is_the_tables_runs():
    script = gallery("plot_curvature_rosenbrock")
    assert "descent.LBFGS(lr=2.0, **never_stop)" in script
    assert 'LBFGS(lr=2.0, line_search_fn="strong_wolfe", max_eval=25, **never_stop)' in script
    w, p = line_search_numbers()["wolfe"], line_search_numbers()["plain"]
    assert w[2.0]["steps"] < p[1.0]["steps"]  # "is at the minimum first"


# %% Adam's diagonal


def test_a_diagonal_undoes_the_aligned_bowl_and_not_the_turned_one():
    a = adam_numbers()
    assert a["aligned"]["cond_jacobi"] == pytest.approx(1.0)
    assert a["turned"]["cond_jacobi"] == pytest.approx(25.0)
    assert a["turned"]["diag"] == pytest.approx([13.0, 13.0])
    assert a["aligned"]["cond_plain"] == pytest.approx(25.0)
    assert a["turned"]["cond_plain"] == pytest.approx(25.0)


def test_adams_rates_follow_the_gradient_not_the_curvature():
    a = adam_numbers()["aligned"]
    assert a["rate_ratio_first"] == pytest.approx(10.0, rel=1e-6)  # 25 · 2 / 5: |g| ratio
    assert a["rate_ratio_last"] < a["rate_ratio_first"] < a["diag_ratio"] / 2


def test_adams_preconditioner_helps_on_the_aligned_bowl_only():
    a = adam_numbers()
    assert a["aligned"]["cond_adam_median"] < 5 < 24.9 < a["turned"]["cond_adam_median"]
    assert a["turned"]["cond_adam_min"] >= 25.0  # "no better than none"
    assert a["aligned"]["angle_adam"] < a["turned"]["angle_adam"] < a["aligned"]["angle_gd"]
    assert a["aligned"]["angle_gd"] == pytest.approx(a["turned"]["angle_gd"])  # "either"
    assert a["turned"]["loss_end"] > 1e4 * a["aligned"]["loss_end"]


# %% Exercise, torch, the text


def test_exercise_newton_on_theta_to_the_fourth_is_linear():
    q = quartic_numbers()
    assert q["ratio_min"] == pytest.approx(2 / 3, rel=1e-12)
    assert q["ratio_max"] == pytest.approx(2 / 3, rel=1e-12)
    assert q["steps_to_1e-10"] == q["theory_steps"]
    assert q["steps_to_1e-10"] > 10 * rosenbrock_numbers()["steps"]["newton"]  # not a handful


def test_lbfgs_agrees_with_recorded_torch_steps():
    t = torch_agreement()
    assert t["cases"] >= 10
    assert 0 < t["searched"] < t["cases"]
    assert t["worst_rel"] < 1e-10
    assert f"{t['worst_rel']:.1e}" != f"{0:.1e}"
    assert t["torch"].startswith("2.")


def test_scripts_use_the_chapters_runs():
    newton = gallery("plot_curvature_newton")
    assert "descent.GradientDescent(lr=1 / 13)" in newton  # 2 / (1 + 25)
    assert "np.array([-5.0, 2.0])" in newton
    adam = gallery("plot_curvature_measured")
    assert "descent.Adam(lr=0.1)" in adam
    assert "WINDOW = 50" in adam
    inverse = gallery("plot_curvature_measured")
    assert "history_size=20" in inverse
    assert "np.logspace(0, 3, dim)" in inverse


def test_chapter_names_no_internal_source_or_test_and_leads_to_the_saddle():
    body = text(CHAPTER)
    assert body.startswith("---")
    assert "(chapter-curvature)=" in body
    assert not re.search(r"source text|seed 0|test_\w+|tests/|claims\.py", body)
    where = body.split("## Where next", 1)[1]
    assert "{ref}`chapter-saddle`" in where
    for key in ("nocedal1980updating", "liu1989limited", "nocedal2006numerical"):
        assert key in body


# %% The figures' captions and alt texts, on the scripts' runs


def _runs(script, block=0):
    """The optimizers of a gallery script (its ``block``-th list of them), built as the script
    builds them."""
    source = gallery(script)
    start = -1
    for _ in range(block + 1):
        start = source.index("optimizers = [", start + 1)
    block = source[start : source.index("]\n", start) + 2]
    scope = {"descent": descent, "never_stop": {"tolerance_grad": 0.0, "tolerance_change": 0.0}}
    for name in ("GD_LR", "ADAM_LR"):  # the rates a script names, as literals
        if re.search(rf"^{name} = ", source, re.M):
            scope[name] = literal(source, name)
    exec(block, scope)  # the list literal of descent constructors
    return scope["optimizers"]


def test_fig_curvature_newton_caption():
    gd, lbfgs, newton = _runs("plot_curvature_newton")
    bowl, start = descent.surfaces.ALL["elongated"], np.array([-5.0, 2.0])
    runs = [descent.run(opt, bowl, start, 24) for opt in (gd, lbfgs, newton)]
    assert runs[2].steps_to(1e-20) == 1  # "at the minimum after one step"
    assert 1 < runs[1].steps_to(1e-10) <= 10  # "L-BFGS after a few"
    y = runs[0].path[:, 1]
    assert np.all(y[1:] * y[:-1] < 0)
    assert runs[0].loss[24] > 0.1  # "still zig-zagging after 24"


def test_fig_curvature_rosenbrock_alt_text():
    gd, adam, lbfgs, newton = _runs("plot_curvature_rosenbrock")
    runs = [descent.run(o, ROSENBROCK, ROSENBROCK_START, 36) for o in (gd, adam, lbfgs, newton)]
    assert np.linalg.norm(runs[0].final - ROSENBROCK_START) < 0.5  # "still near the start"
    assert -0.5 < runs[1].final[0] < 0.8
    assert runs[1].loss[-1] > 0.01  # "halfway along"
    assert runs[2].loss[-1] < 1e-10
    assert runs[3].loss[-1] == 0.0
    assert runs[3].path[2, 1] < -3  # Newton's second step, kept in a window down to -3.5
    assert "extent=(-2.0, 2.0, -3.5, 3.0)" in gallery("plot_curvature_rosenbrock")


def test_fig_curvature_lbfgs_alt_text():
    plain1, plain2, searched = _runs("plot_curvature_rosenbrock", block=1)
    runs = [descent.run(o, ROSENBROCK, ROSENBROCK_START, 60) for o in (plain1, plain2, searched)]
    assert np.any(np.diff(runs[0].loss) > 0)
    assert runs[0].loss[-1] < 1e-06  # "close by the end"
    assert runs[1].loss[-1] > 1  # "keeps jumping across the valley"
    assert runs[2].loss[-1] < 1e-10


def test_damping_below_one_pulls_between_one_and_two_throws_above_two_leaves():
    saddle = descent.surfaces.ALL["saddle"]
    damping = np.array([[0.5], [1.5], [3.0]])
    y = descent.run(descent.Newton(damping=damping), saddle, np.tile([1.0, 0.5], (3, 1)), 4)
    y = y.path[:, :, 1]
    assert np.all(np.diff(np.abs(y[:, 0])) < 0)  # pulled onto it
    assert np.all(np.diff(np.abs(y[:, 1])) > 0)
    assert np.all(y[1:, 1] * y[:-1, 1] < 0)  # across
    assert np.all(np.diff(y[:, 2]) > 0)  # away, without crossing


def test_newton_does_not_care_about_the_turn():
    from claims.curvature import rotation, turned_bowl

    start = np.array([-5.0, 2.0])
    for angle in (0.0, np.pi / 4):
        traj = descent.run(descent.Newton(), turned_bowl(25.0, angle), rotation(angle) @ start, 1)
        np.testing.assert_allclose(traj.final, 0.0, atol=1e-14)


def test_lbfgs_takes_a_few_dozen_steps_on_rosenbrock():
    assert 20 <= rosenbrock_numbers()["steps"]["lbfgs_wolfe"] <= 60  # the introduction


def test_damping_keeps_newton_in_the_valley_at_the_price_of_steps():
    d = rosenbrock_numbers()["damping"]
    assert d[0.0]["lowest_y"] < -3 < -1 < d[1.0]["lowest_y"] < d[3.0]["lowest_y"]
    assert d[0.0]["steps"] < d[1.0]["steps"] < d[3.0]["steps"]
    assert d[0.0]["steps"] == rosenbrock_numbers()["steps"]["newton"]


def test_the_line_search_table_counts_within_its_budget():
    from claims.curvature import FAST_BUDGET, SEARCH_BUDGET

    assert (FAST_BUDGET, SEARCH_BUDGET) == (300, 100)
    assert "within 300 steps without the search and 100 with it" in flat(CHAPTER)


# %% The preconditioners' outlines


def test_lbfgs_outline_becomes_the_inverse_hessian_then_drifts():
    n = shape_numbers()
    assert n["error_first"] > 0.9  # "a circle", far from A⁻¹
    assert n["error_best"] < 0.01  # "the two outlines are one"
    assert 1 < n["error_best_at"] < n["lbfgs_steps"]
    assert n["error_last"] > 10 * n["error_best"]  # "nothing keeps it there"


def test_adams_outline_stretches_the_right_way_on_the_aligned_bowl_only():
    n = shape_numbers()
    assert 1.5 < n["adam_axes_aligned"] < n["newton_axes"]  # "the right way, not all the way"
    assert abs(n["adam_axes_turned"] - 1) < 0.15  # "nearly round"
    assert n["newton_axes"] == 5


def test_the_outline_animations_are_the_claims_runs():
    script = gallery("plot_curvature_shapes")
    n = shape_numbers()
    assert f"descent.LBFGS(lr={n['lbfgs_lr']})" in script
    assert literal(script, "steps") == n["lbfgs_steps"]
    assert "descent.Adam(lr=0.1)" in script
    assert literal(script, "adam_steps") == 150
    assert "L-BFGS at $\\alpha = 0.5$, no line search" in figure(CHAPTER, "fig-curvature-shapes")
