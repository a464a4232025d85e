"""The saddle chapter's comparisons, asserted on the numbers its cells glue."""

from pathlib import Path

import numpy as np
import pytest
from claims.saddle import BETA, LR, NAMES, OFFSETS, START, doubled_lr, on_ridge, race, sweep

ROOT = Path(__file__).parents[1]
CHAPTER = (ROOT / "docs" / "chapters" / "saddle.md").read_text()
GALLERY_SADDLE = (ROOT / "gallery" / "plot_saddle.py").read_text()
GALLERY_ESCAPE = (ROOT / "gallery" / "plot_saddle_escape.py").read_text()


def test_the_figure_scripts_run_the_chapters_experiments():
    """The captions' settings are the claims' and the scripts': α = 0.05, β = 0.9, the race
    from (1.5, 0.01) with one frame per step, the sweep from (1, y0) over 45 offsets."""
    assert (LR, BETA, START) == (0.05, 0.9, (1.5, 0.01))
    assert r"all with $\alpha = 0.05$, from $(1.5,\ 0.01)$, one frame per step." in CHAPTER
    assert "start = np.array([1.5, 0.01])" in GALLERY_SADDLE
    assert GALLERY_SADDLE.count("lr=0.05") == 4
    assert "beta=0.9" in GALLERY_SADDLE
    assert "beta=0.9" in GALLERY_ESCAPE
    steps = int(GALLERY_SADDLE.split("steps=")[1].split(")")[0])
    assert f"max_frames={steps + 1}" in GALLERY_SADDLE  # every step a frame
    assert steps >= max(race()["steps"].values())  # every run is seen leaving
    lo, hi = np.log10(OFFSETS[[0, -1]])
    assert f"y0 = np.logspace({lo:g}, {hi:g}, {len(OFFSETS)})" in GALLERY_ESCAPE
    assert "lr = 0.05" in GALLERY_ESCAPE
    assert "np.column_stack([np.ones_like(y0), y0])" in GALLERY_ESCAPE  # (1, y0)
    assert "Steps until $|y| \\ge 1$ from $(1, y_0)$ for 45 offsets over eleven decades" in CHAPTER


def test_gradient_descent_leaves_at_the_first_whole_step_after_the_formula():
    r = race()
    assert r["steps"]["GradientDescent"] == np.ceil(r["gd_formula"])


def test_gradient_descent_passes_close_to_the_saddle_on_its_way():
    r = race()
    assert 0 < r["gd_closest_step"] < r["steps"]["GradientDescent"]
    assert r["gd_closest"] < 0.2 < np.hypot(1.5, 0.01)


def test_rmsprop_leaves_first_then_momentum_and_adam_then_gradient_descent():
    """The race's order from (1.5, 0.01), as the figure's alt text and the prose tell it."""
    s = race()["steps"]
    assert s["RMSProp"] < s["Momentum"] < s["Adam"] < s["GradientDescent"]
    assert s["RMSProp"] <= 3
    assert abs(s["Momentum"] - s["Adam"]) <= 2  # "after about twenty steps", both
    assert 18 <= s["Momentum"] <= 22
    assert abs(s["Adam"] - 1 / LR) <= 2


def test_rmsprops_first_step_is_alpha_over_root_one_minus_beta():
    r = race()
    np.testing.assert_allclose(r["rms_first_step"], r["rms_first_formula"], rtol=1e-5)
    assert r["rms_first_formula"] / LR == pytest.approx(10)  # "10 times α", "ten times larger"


def test_adams_steps_along_y_are_about_alpha_until_it_leaves():
    r = race()
    assert 0.8 * LR < r["adam_y_step_min"] < r["adam_y_step_max"] < 1.2 * LR


def test_gradient_descent_escape_time_is_the_formula_rounded_up_at_every_offset():
    s = sweep()
    np.testing.assert_array_equal(s["times"]["GradientDescent"], np.ceil(s["formula"]))


def test_each_decade_costs_gradient_descent_the_predicted_steps():
    s = sweep()
    assert s["gd_per_decade"] == pytest.approx(s["gd_per_decade_theory"], rel=0.01)


def test_momentum_grows_by_a_larger_factor_and_pays_fewer_steps_per_decade():
    s = sweep()
    assert s["mom_factor"] > s["gd_factor"]
    assert s["mom_per_decade"] == pytest.approx(s["mom_per_decade_theory"], rel=0.01)
    assert 0.3 < s["mom_per_decade"] / s["gd_per_decade"] < 0.37  # "about a third"
    t = s["times"]
    assert np.all(t["Momentum"] < t["GradientDescent"])


def test_adaptive_escape_times_are_flat_across_eleven_decades():
    s = sweep()
    assert s["decades"] == 11
    assert s["n_offsets"] == 45
    assert "45 offsets over eleven decades" in CHAPTER
    for name in ("Adam", "RMSProp"):
        t = s["times"][name]
        assert t.min() > 0
        assert t.max() - t.min() <= 4
    # the smallest offsets cost Adam a step or two more than the largest
    adam = s["times"]["Adam"]
    assert adam[0] == adam.max()
    assert adam[-1] == adam.min()


def test_momentum_is_as_fast_as_adam_only_far_from_the_ridge():
    """The intro's qualifier: close to the ridge the adaptive methods win, further out momentum."""
    s = sweep()
    t = s["times"]
    far = s["mom_beats_adam_from"] <= OFFSETS
    assert np.all(t["Momentum"][far] <= t["Adam"][far])
    assert np.all(t["Momentum"][~far] > t["Adam"][~far])
    assert s["mom_beats_adam_from"] == pytest.approx(1e-2)
    assert np.all(t["RMSProp"] < t["Momentum"])


def test_on_the_ridge_y_stays_zero_three_converge_and_rmsprop_keeps_oscillating():
    r = on_ridge()
    assert r["max_y"] == 0.0
    x = r["final_x"]
    assert max(x["GradientDescent"], x["Momentum"], x["Adam"]) < 1e-30
    assert x["RMSProp"] > 1e-3
    assert r["rms_tail_min_x"] > 1e-3  # not on its way to 0: it never gets closer
    assert r["rms_tail_sign_changes"] > 0.9  # "keeps oscillating along x"
    assert set(x) == set(NAMES)


def test_doubling_alpha_a_little_less_than_halves_the_escape_time():
    d = doubled_lr()
    for lr in (0.05, 0.1):
        assert d[lr]["steps"] == np.ceil(d[lr]["predicted"])
    assert 1.8 < d["ratio"] < 2
    assert d["ratio"] == pytest.approx(d["ratio_predicted"], rel=0.01)


def test_the_extra_steps_at_the_smallest_offsets_are_epsilons_doing():
    s = sweep()
    near = OFFSETS <= 1e-3
    for name in ("Adam", "RMSProp"):
        without = s["no_eps"][name][near]
        assert without.min() == without.max()  # flat: no cost for being closer
        assert s["times"][name][0] > without[0]  # with ε the closest start costs more
    # from the largest offsets Adam has less far to go to |y| = 1
    assert s["times"]["Adam"][-1] < s["no_eps"]["Adam"][near][0]
    # "with ε set to 1e-300 the closest start costs Adam as many steps as a start at 1e-3"
    assert s["no_eps"]["Adam"][0] == s["adam_at_1e3"]


def test_adams_extra_steps_start_where_the_y_gradient_nears_eps():
    """From the offset where the extra steps begin, 2|y0| is within a few tens of ε; at the
    closest start it is thousands of times below it."""
    s = sweep()
    adam = s["times"]["Adam"]
    extra = adam > s["adam_at_1e3"]
    assert np.all(extra == (s["adam_extra_from"] >= OFFSETS))  # every offset below, none above
    assert 1 < 2 * s["adam_extra_from"] / s["eps"] <= 20  # "close to ε"
    assert s["closest_grad_y"] < s["eps"] / 1000  # "far below it"
    assert s["eps"] == 1e-8
