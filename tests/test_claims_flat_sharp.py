"""Every comparison the flat-versus-sharp lab makes, on the numbers it glues
(claims.flat_sharp), and its gallery scripts checked to run the same experiment."""

import re

import numpy as np
import pytest
from chapter_text import figure, flat, gallery, literal, text
from claims import flat_sharp as fs

CHAPTER = "flat-sharp"
GRID, CLOUD = "plot_flat_sharp_grid", "plot_flat_sharp_cloud"


def frac(lr, B):
    return fs.grid()[0][lr, B]


# -- the problem --------------------------------------------------------------------------------


def test_two_minima_of_equal_depth_and_curvatures_twenty_apart():
    b = fs.basin_numbers()
    assert (b["sharp"], b["flat"], b["separation"]) == (20, 1, 3)
    assert b["depth_gap"] < 1e-15  # "both at J = 0"
    assert b["limit_sharp"] == pytest.approx(0.1)
    assert b["limit_flat"] == pytest.approx(2)
    assert 0 < b["barrier"] < b["separation"]
    assert b["height"] > 2.9
    assert "with $\\tau = 0.1$" in flat(CHAPTER)
    assert fs.problem().smoothing == 0.1


def test_the_noise_of_one_sample_is_the_curvature_times_the_spread():
    """'off by 14 ... at the flat one by 0.7: 20 times less, the ratio of the curvatures'."""
    b = fs.basin_numbers()
    assert b["noise_sharp"] == pytest.approx(b["sharp"] * b["spread"], rel=1e-12)
    assert b["noise_flat"] == pytest.approx(b["flat"] * b["spread"], rel=1e-12)
    assert b["noise_ratio"] == pytest.approx(b["ratio"], rel=1e-12)
    assert b["spread"] == pytest.approx(0.7, rel=1e-12)


def test_one_epoch_whatever_the_batch_and_the_starts_in_the_sharp_basin():
    b = fs.basin_numbers()
    assert b["n"] == 128
    assert b["updates"] == {1: 128, 2: 64, 4: 32, 8: 16}
    starts = fs.starts()
    assert starts.shape == (fs.RUNS, 1)
    assert np.all(np.abs(starts) < b["barrier"])
    assert not fs.in_flat(starts).any()
    assert fs.RUNS == 10_000


def test_smith_and_les_noise_scale_differs_from_alpha_over_b_by_at_most_the_gap():
    b = fs.basin_numbers()
    assert max(fs.BATCHES) == 8
    n = b["n"]
    gaps = [1 - (lr * (n / B - 1)) / (lr * n / B) for lr in fs.RATES for B in fs.BATCHES]
    assert max(gaps) == pytest.approx(b["sl_gap"], rel=1e-12)
    assert 0.94 < b["fpc_max"] < 1  # "nearly the factor (N - B)/(N - 1)"
    assert abs(b["fpc_max"] - (1 - b["sl_gap"])) < 0.01
    assert "$B \\le 8$ of $N = 128$" in flat(CHAPTER)


# -- the animation ------------------------------------------------------------------------------


def test_the_cloud_stays_with_b8_and_drains_with_b1():
    c = fs.cloud_numbers()
    assert c[8]["ratio"] == pytest.approx(0.0025)
    assert c[1]["ratio"] == pytest.approx(8 * c[8]["ratio"])  # "eight times the noise scale"
    assert c[8]["shown_end"] < 0.01  # "stays there"
    assert c[8]["all_end"] < 0.01
    assert c[1]["shown_end"] == 1.0  # "all 300 end there"
    assert c[1]["all_end"] > 0.99
    assert c[1]["all_end"] == frac(0.02, 1)
    assert c[8]["all_end"] == frac(0.02, 8)


def test_the_animations_runs_are_the_first_of_the_grids():
    path = fs.cloud()[8]["path"]
    full = fs.run_cell(fs.CLOUD_LR, 8).path[..., 0]
    np.testing.assert_array_equal(path, full[:, : fs.CLOUD_RUNS])


# -- the grid -----------------------------------------------------------------------------------


def test_the_fraction_grows_with_the_rate_and_shrinks_with_the_batch_everywhere():
    for lr in fs.RATES:
        row = [frac(lr, B) for B in fs.BATCHES]
        assert row == sorted(row, reverse=True)
    for B in fs.BATCHES:
        column = [frac(lr, B) for lr in fs.RATES]
        assert column == sorted(column)
    assert not fs.grid()[1]  # "None ... diverged"


def test_the_switch_is_steep_and_clean():
    s = fs.switch_numbers()
    assert s["clean"]
    assert s["ordered"]
    assert s["lo"] == pytest.approx(0.00375)
    assert s["hi"] == pytest.approx(0.02)
    assert s["factor"] < 6
    assert s["between"] >= 3


def test_the_examples_of_the_switch():
    assert 0.3 < frac(0.01, 1) < 0.45
    assert frac(0.02, 1) > 0.99
    assert frac(0.02, 8) < 0.01


# -- α/B ------------------------------------------------------------------------------------------


def test_six_shared_ratios_each_of_two_cells():
    shared = {r: cells for r, cells in fs.groups().items() if len(cells) > 1}
    assert len(shared) == fs.collapse_numbers()["groups_shared"] == 6
    assert all(len(cells) == 2 for cells in shared.values())
    assert fs.collapse_numbers()["cells_below"] == 16


def test_for_the_small_rates_alpha_over_b_holds_as_well_as_the_measurement_tells():
    c = fs.collapse_numbers()
    assert c["small_rates"] == [0.01, 0.02]
    assert c["small_max_range"] < 0.02
    assert c["small_explained"] > 0.999
    d = fs.diagonal_numbers()[0.01]
    assert d["cells"] == [(0.01, 1), (0.02, 2)]
    a, b = d["fractions"]
    # "in the middle of the switch": both between a quarter and a half
    assert 0.25 < a < 0.5
    assert 0.25 < b < 0.5
    # within three standard errors of a fraction of 10,000 runs, or close
    se = np.sqrt(a * (1 - a) / fs.RUNS + b * (1 - b) / fs.RUNS)
    assert abs(a - b) < 3 * se


def test_for_the_larger_rates_it_holds_less_well_and_the_larger_rate_escapes_more():
    c = fs.collapse_numbers()
    assert c["larger_rates"] == [0.03, 0.06]
    assert c["larger_explained"] < c["small_explained"]
    assert c["larger_max_range"] > 10 * c["small_max_range"]
    for d in fs.diagonal_numbers().values():
        (lr1, _), (lr2, _) = d["cells"]
        if (lr1, lr2) == (0.03, 0.06):
            small, large = d["fractions"]
            assert large >= small  # "always in the same direction"
            if small < 0.999:
                assert large > small
    assert fs.diagonal_numbers()[0.0075]["cells"] == [(0.03, 4), (0.06, 8)]
    assert fs.diagonal_numbers()[0.015]["cells"] == [(0.03, 2), (0.06, 4)]


def test_linear_scaling_keeps_the_fraction_for_small_steps_only():
    assert abs(frac(0.01, 1) - frac(0.02, 2)) < 0.02
    assert frac(0.06, 8) > 2 * frac(0.03, 4)


def test_discrete_steps_widen_the_cloud_by_two_over_two_minus_alpha_lambda():
    for lr in fs.RATES[:-1]:
        for curvature in (fs.SHARP, fs.FLAT):
            v = fs.stationary_variance(lr, curvature, 1.0)
            diffusion = lr / (2 * curvature)
            assert v / diffusion == pytest.approx(fs.discrete_factor(lr, curvature), rel=1e-9)
    f = [fs.discrete_factor(lr) for lr in fs.RATES[:-1]]
    assert f[1] / f[0] == pytest.approx(1.125)  # "differ by an eighth"
    assert f[3] / f[2] > 1.5


# -- above 2/λ_s -------------------------------------------------------------------------------


def test_above_the_limit_no_noise_is_needed():
    a = fs.above_numbers()
    assert a["lr"] > fs.basin_numbers()["limit_sharp"]
    assert a["lr"] < fs.basin_numbers()["limit_flat"]
    assert abs(1 - a["alpha_lambda"]) > 1
    assert a["full_batch_below_max"] == 0.0
    assert a["full_batch"][a["lr"]] == 1.0
    assert fs.FULL_BATCH_STEPS == fs.basin_numbers()["updates"][4] == 32  # "as many as B = 4"
    assert a["min_fraction"] > 0.999
    assert frac(0.06, 8) < 0.5  # "where α = 0.06 leaves ..."


# -- the exercise -------------------------------------------------------------------------------


def test_exercise_the_discrete_factor_predicts_more_than_alpha_over_b():
    ex = fs.exercise_numbers()
    assert (ex["lr"], ex["B"]) == (0.04, 4)
    assert ex["ratio"] == pytest.approx(0.01)
    assert set(ex["same"]) == {(0.01, 1), (0.02, 2)}
    assert ex["fraction"] > max(ex["same"].values())  # "expect more"
    assert ex["factor"] > max(fs.discrete_factor(lr) for lr, _ in ex["same"])
    assert ex["lr"] * fs.SHARP == pytest.approx(0.8)
    assert ex["updates"] == 32


# -- the figures and scripts ------------------------------------------------------------------


def test_the_gallery_scripts_run_the_chapters_experiment():
    for name in (GRID, CLOUD):
        script = gallery(name)
        assert "TwoBasins.synthetic(n=128, spread=0.7, seed=0)" in script
        assert "np.random.default_rng(1).uniform(-b, b, (runs, 1))" in script
        one_line = " ".join(script.split())
        assert (
            "descent.run_stochastic( descent.GradientDescent(lr=lr), problem, starts, epochs=1, "
            "batch_size=B, seed=2, independent=True, )"
        ) in one_line
    grid = gallery(GRID)
    assert literal(grid, "rates") == list(fs.RATES)
    assert literal(grid, "batches") == list(fs.BATCHES)
    assert literal(grid, "runs") == fs.RUNS
    cloud = gallery(CLOUD)
    assert "runs, lr = 300, 0.02" in cloud
    assert "for B in (8, 1):" in cloud
    assert (fs.CLOUD_RUNS, fs.CLOUD_LR, fs.CLOUD_BATCHES) == (300, 0.02, (8, 1))
    assert (fs.N, fs.SPREAD, fs.DATA_SEED, fs.START_SEED, fs.SHUFFLE_SEED) == (128, 0.7, 0, 1, 2)


def test_captions_say_what_the_scripts_do():
    cap = figure(CHAPTER, "fig-fs-cloud")
    assert "300 SGD runs at α = 0.02" in cap
    assert "batches of 8 samples (top) and of single samples (bottom)" in cap
    assert "One frame per two per-sample gradients" in cap
    assert "lifted by a random fraction of 0.35" in cap
    assert "lift = rng.uniform(0.0, 0.35, runs)" in gallery(CLOUD)
    assert "range(problem.n_samples // 2 + 1)" in gallery(CLOUD)
    assert "2 * k" in gallery(CLOUD)


def test_the_rates_are_described_as_they_are():
    below = [lr for lr in fs.RATES if lr < fs.basin_numbers()["limit_sharp"]]
    assert len(below) == 4
    assert below[1] == 2 * below[0]
    assert below[3] == 2 * below[2]
    assert len(fs.RATES) - len(below) == 1
    assert "four rates below the sharp basin's limit" in flat(CHAPTER)


def test_chapter_names_no_internal_source_or_test():
    prose = re.sub(r"```\{code-cell\}.*?```", "", text(CHAPTER), flags=re.S)
    prose = prose.replace("[Common claims, checked](../claims.md#lab-flat-and-sharp-minima)", "")
    assert not re.search(r"source text|seed|test_\w+|tests/|claims", prose)
    assert "playground" not in prose.lower().split("## where next")[0]
