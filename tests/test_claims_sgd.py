"""Every comparison the SGD chapter makes, on the numbers its page shows.

The noise and noise-ball checks that the theory makes (finite population correction, α tr C/4B
with replacement, reshuffled epochs below it) run on the chapter's own functions.
"""

import inspect

import numpy as np
import pytest
from chapter_text import figure, flat
from chapter_text import gallery as _gallery
from chapter_text import literal as _literal
from chapter_text import text as _text
from claims import sgd as claims

CHAPTER = _text("sgd")
FLAT = flat("sgd")  # the chapter with its line breaks as spaces


def test_sgd_beats_batch_gradient_descent_for_the_same_compute():
    v = claims.sgd_vs_batch()
    assert v["sgd_30"] * 10 < v["batch_30"]  # "… times lower"
    assert 10 < v["ratio_30"] < 100  # "tens of times lower" (claims page)
    assert v["ratio_30"] == pytest.approx(v["batch_30"] / v["sgd_30"])
    assert 1 <= v["catch_up"] <= 5  # "drops below … after 2 epochs"
    assert v["batch_30"] > 0.1 * v["start_excess"]  # "still … above": batch GD crawls
    assert v["kappa"] > 10


def test_single_sample_gradients_are_rough_but_unbiased():
    v = claims.sgd_vs_batch()
    assert v["spread"] > 2  # "the furthest … times the length of the full gradient"
    assert v["unbiased"] < 1e-12  # "their average equals the full gradient"


def test_per_sample_gradients_average_to_the_full_gradient_anywhere(rng):
    p = claims.problem()
    theta = rng.normal(size=2)
    N = p.n_samples
    per_sample = p.grad(np.broadcast_to(theta, (N, 2)), batch=np.arange(N)[:, None])
    np.testing.assert_allclose(per_sample.mean(0), p.grad(theta), atol=1e-12)


def test_sgd_never_settles():
    v = claims.sgd_vs_batch()
    assert v["late_p90"] > 10 * v["late_p10"] > 0


def test_doubling_the_rate_more_than_doubles_the_late_level():
    e = claims.exercise_lr()
    assert e["epoch1"][0.1] < e["epoch1"][0.05]  # "it gets near the minimum sooner"
    assert e["late"][0.1] > 2 * e["late"][0.05]  # "grows faster than [∝ α]"
    assert e["ratio"] == pytest.approx(e["late"][0.1] / e["late"][0.05])
    assert e["ratio_mean"] > 2
    # "two things add to the factor of 2": α is not small (drawn afresh, the exact balance is
    # already above 2) and the reshuffling (which puts the measured ratio above that)
    assert 2 < e["ratio_with"] < e["ratio"]
    assert e["ratio_with"] < e["ratio_mean"]
    # "an epoch here is only N updates, short against the 1/(αλ_min) updates" at α = 0.05
    assert e["N"] == 24
    assert e["forget"][0.05] > 2 * e["N"]
    # "shrinks the smaller rate's ball most"
    assert e["shrink"][0.05] < e["shrink"][0.1] < 1


def test_with_replacement_balance_matches_sampling_with_replacement(rng):
    """The exact balance of ``ball_with_replacement`` against a simulation drawing samples."""
    p = claims.small_problem()
    N, lr = p.n_samples, 0.1
    x = np.broadcast_to(p.minima[0], (400, 2)).copy()
    acc = []
    for t in range(6000):
        x = x - lr * p.grad(x, batch=rng.integers(0, N, (400, 1)))
        if t >= 1000:
            acc.append(p(x).mean() - p.min_value)
    assert np.mean(acc) == pytest.approx(claims.ball_with_replacement(p, lr), rel=0.08)


@pytest.mark.parametrize("B", [1, 4, 32, 128, 512, 1000])
def test_minibatch_noise_follows_the_finite_population_formula(B):
    assert claims.noise(B) == pytest.approx(claims.predicted(B), rel=0.05)


def test_noise_figure_dots_follow_the_formula_within_the_quoted_percentage():
    nb = claims.noise_numbers()
    assert nb["n_sizes"] == len(claims.figure_sizes()) > 10  # the figure's own sizes
    assert nb["worst_error_pct"] < 3


def test_noise_figure_lower_panel_falls_from_one_to_nearly_zero():
    nb = claims.noise_numbers()  # the caption: "brings down from 1 to nearly 0 as B nears N"
    assert nb["scaled_first"] == pytest.approx(1, abs=0.03)
    assert nb["scaled_last"] < 0.05
    assert nb["scaled_falls"]
    assert "from 1 to nearly 0" in figure("sgd", "fig-minibatch-noise")


def test_doubling_the_batch_cuts_the_noise_by_sqrt2_and_quadrupling_halves_it():
    nb = claims.noise_numbers()
    assert nb["double"] == pytest.approx(np.sqrt(2), rel=0.05)
    assert nb["quad"] == pytest.approx(2.0, rel=0.07)
    assert nb["quad_theory"] > 2  # "a little over 2 because of sampling without replacement"
    assert nb["quad_theory"] < 2.2  # "a little"


def test_minibatch_paths_caption_counts_the_per_sample_gradients():
    N = claims.problem().n_samples
    assert f"from 150 to {150 * N:,} per-sample gradients" in CHAPTER


def test_batch_table_trade_off():
    t = claims.batch_table()
    rows, start = t["rows"], t["start"]
    N = claims.problem().n_samples
    # "the large batches are still far up the valley" after one epoch
    assert rows[256]["after1"] > 0.2 * start
    assert rows[N]["after1"] > 0.2 * start
    # "sixteen times the compute leaves its loss where it was" (pure SGD)
    assert 0.5 < rows[1]["after16"] / rows[1]["after1"] < 2
    # "B = 32 … the best of the four after one epoch and after sixteen"
    assert rows[32]["after1"] == min(r["after1"] for r in rows.values())
    assert rows[32]["after16"] == min(r["after16"] for r in rows.values())
    # "B = 256 nearly catches up with it only given the larger budget"
    assert rows[256]["after16"] < 1.5 * rows[32]["after16"]
    assert rows[256]["after1"] > 5 * rows[32]["after1"]
    assert [r["updates"] for r in rows.values()] == [1024, 32, 4, 1]


def test_batch_for_a_tenth_of_the_noise():
    e = claims.exercise_batch()
    assert 91 < e["B_exact"] < 92
    assert e["B"] == 92
    assert e["saved"] == 8
    assert e["ratio"][92] <= 0.1 < e["ratio"][92] + 0.01
    assert e["measured"][92] == pytest.approx(e["ratio"][92], rel=0.05)  # "up to sampling error"


def test_noise_ball_mean_exact_balance_and_median():
    b = claims.ball_numbers()
    assert b["predicted"] < b["exact"] < b["measured"] < 1.25 * b["predicted"]  # "just above"
    gap = b["measured"] - b["predicted"]
    assert b["exact"] - b["predicted"] > 0.5 * gap  # "closes most of the gap"
    assert b["median"] < b["measured"]  # "the median run sits lower"
    # the exact balance (samples drawn afresh, each sample's own curvature) is above the
    # measured mean, which "settles just below that" with reshuffled epochs
    assert b["exact"] < b["measured"] < b["with_replacement"] < 1.05 * b["measured"]
    assert b["alpha_lmax"] > 0.1  # "not that small"


def test_once_the_cloud_stops_travelling_its_size_stops_changing():
    b = claims.ball_numbers()
    w = b["windows"]
    assert b["updates"] == 2048  # the windows end at the last update
    assert len(w) == 4
    assert max(w) < 1.1 * min(w)  # "its size stops changing"
    assert "updates 256 to 512, 512 to 1024, 1024 to 1536 and 1536 to 2048" in FLAT


def test_single_sample_ball_follows_the_formula_over_the_rates():
    r = claims.ball_ratios()
    assert all(0.75 < x < 1.25 for x in r["r1"])  # "follows the line"
    assert r["rates"][-1] / r["rates"][0] == pytest.approx(25)


def test_reshuffled_epochs_settle_below_the_formula_when_epochs_are_short():
    r = claims.ball_ratios()
    assert r["r16"][0] < 0.5  # "falls below" at α = 0.002
    assert r["r16"][0] < r["r16"][-1]
    assert r["forget_small"] < 0.1  # "an epoch lasts only … of that time"


def test_noise_ball_with_replacement_matches_alpha_trC_over_4B():
    assert claims.ball_ratios()["r16_with"] == pytest.approx(1.0, abs=0.1)


def test_smaller_rate_and_larger_batch_shrink_the_ball_by_a_little_more_than_four():
    e = claims.exercise_ball()
    for key in ((0.0125, 1), (0.05, 4)):
        assert 4 < e[(0.05, 1)] / e[key] < 5


def test_smaller_rate_and_larger_batch_cost_several_times_the_samples():
    c = claims.exercise_ball_cost()
    assert c["level"] == 0.1
    assert "first falls below 0.1 after" in FLAT
    for key in ("to_level", "to_ball"):
        assert all(v > 0 for v in c[key].values())  # every setting gets there
        for ratio in c["ratio"][key].values():
            assert 3 < ratio < 7  # "several times the per-sample gradients"
    for setting in ((0.0125, 1), (0.05, 4)):  # settling takes longer than reaching 0.1
        assert c["ratio"]["to_ball"][setting] > c["ratio"]["to_level"][setting]
    assert "can do better: {ref}`sec-schedules-decay` measures" in FLAT


def test_chapter_words():
    assert "seeded" not in CHAPTER  # "independent runs"
    assert (
        "SGD does not converge unless every sample's gradient vanishes at the minimum "
        "($\\mathrm{tr}\\,C = 0$)" in FLAT
    )
    script = " ".join(_gallery("plot_noise_ball").split())
    assert "does not converge to the minimum unless every sample's gradient vanishes" in script
    assert "a small learning rate and batches drawn afresh" in script
    # the last section: momentum's velocity is not this EMA (the EMA chapter says so)
    assert "that momentum uses without its factor $1-\\beta$: {ref}`chapter-ema`" in FLAT


def test_captions_and_scripts_state_the_settings_the_numbers_use():
    small = "LinearRegression.synthetic(n=24, w=2.0, b=-1.0, noise=0.5, seed=3)"
    large = "LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)"
    assert small in inspect.getsource(claims.small_problem)
    assert large in inspect.getsource(claims.problem)
    start = "minima[0] + np.array([-2.0, 1.5])"
    assert start in inspect.getsource(claims.start_point)
    N = claims.problem().n_samples

    # fig-sgd-vs-batch: 24 points, α = 0.05, 30 epochs; 200 runs in the prose
    v, small_settings = claims.sgd_vs_batch(), claims.SMALL
    fig = figure("sgd", "fig-sgd-vs-batch")
    assert f"fitting a line to {v['N']} noisy points, both with $\\alpha = {v['lr']:g}$" in fig
    assert f"{v['N']} per-sample gradients: one batch update, or {v['N']} faint SGD" in fig
    script = _gallery("plot_sgd_vs_batch")
    assert small in script
    assert _literal(script, "lr") == small_settings["lr"] == v["lr"]
    assert _literal(script, "epochs") == small_settings["epochs"] == v["epochs"]
    assert "start = np.array([-0.5, 1.5])" in script
    assert f"over {v['runs']} independent runs its median" in FLAT
    assert f"after {v['epochs']} epochs" in FLAT

    # fig-minibatch-paths: 150 updates, α = 0.15, 1,024 points, B = 1, 32, 256 and N
    paths = claims.PATHS
    fig = figure("sgd", "fig-minibatch-paths")
    sizes = ", ".join(str(B) for B in paths["sizes"][:-1]) + f" and {paths['sizes'][-1]}"
    assert (
        f"{paths['updates']} updates with $\\alpha = {paths['lr']:g}$ from the same start on "
        f"{N:,} points, with batches of {sizes} samples and the full data set" in fig
    )
    assert all(f"B = {B} " in fig for B in paths["sizes"])  # the alt text
    script = _gallery("plot_minibatch_paths")
    assert large in script
    assert start in script
    assert f"lr, updates = {paths['lr']}, {paths['updates']}" in script
    assert f"sizes = [{', '.join(map(str, paths['sizes']))}, N]" in script
    assert list(claims.batch_table()["rows"]) == [*paths["sizes"], N]  # the table's rows
    assert claims.TABLE["lr"] == paths["lr"]
    runs, (b1, b2) = claims.TABLE["runs"], claims.TABLE["budgets"]
    assert f"median excess loss $J - J^\\star$ of {runs} independent runs" in FLAT
    assert f"after a fixed budget of {b1} and of {b2} epochs" in FLAT

    # fig-minibatch-noise: 2,000 batches per size, the same shuffles and sizes
    assert f"measured over {claims.DRAWS:,} batches per size" in figure(
        "sgd", "fig-minibatch-noise"
    )
    assert f"over {claims.DRAWS:,} batches" in FLAT.split("| Batch size")[0][-800:]
    assert f"over {claims.DRAWS:,} draws" in FLAT
    script = _gallery("plot_minibatch_noise")
    assert large in script
    assert start in script
    assert _literal(script, "draws") == claims.DRAWS
    assert "rng = np.random.default_rng(0)" in script
    assert "rng.permuted(np.broadcast_to(np.arange(N), (draws, N)), axis=-1)" in script
    assert "default_rng(0)" in inspect.getsource(claims._shuffles)
    assert "rng.permuted(np.broadcast_to(np.arange(N), (DRAWS, N)), axis=-1)" in inspect.getsource(
        claims._shuffles
    )
    sizes = "np.unique(np.geomspace(1, N - 1, 24).round().astype(int))"
    assert sizes in script
    assert sizes in inspect.getsource(claims.figure_sizes)

    # fig-sgd-ensemble: 200 runs, B = 1, α = 0.05, two epochs, seed 0
    e = claims.ENSEMBLE
    assert (
        f"{e['runs']} SGD runs ($B = {e['batch_size']}$, $\\alpha = {e['lr']:g}$) from one "
        f"start on the {N:,} points" in figure("sgd", "fig-sgd-ensemble")
    )
    script = _gallery("plot_sgd_ensemble")
    assert large in script
    assert start in script
    settings = f"{e['runs']}, {e['lr']}, {e['batch_size']}, {e['epochs']}"
    assert f"N, runs, lr, B, epochs = problem.n_samples, {settings}" in script
    assert "epochs, B, seed=0, independent=True" in script
    assert claims.ball_numbers()["updates"] == e["epochs"] * N
    assert f"the mean excess loss of the {e['runs']} runs" in FLAT
    assert "Two hundred of them" in FLAT
    assert e["runs"] == 200

    # fig-noise-ball: 100 runs per point from the minimum, 8,192 updates, B = 1, 4 and 16
    ball, r = claims.BALL, claims.ball_ratios()
    fig = figure("sgd", "fig-noise-ball")
    assert (
        f"{ball['runs']} independent runs per point, started at the minimum, "
        f"{ball['updates']:,} updates each, excess loss averaged over the second half" in fig
    )
    b1, b2, b3 = ball["sizes"]
    assert f"for B = {b1}, {b2} and {b3}," in fig
    assert f"the B = {b1} dots stay close" in fig
    assert f"the B = {b3} dots fall below it" in fig
    assert r["sizes"] == list(ball["sizes"])
    assert r["rates"] == list(ball["rates"])
    assert r["r16"][0] < r["r4"][0] < r["r1"][0]  # the larger B, the further below at small α
    script = _gallery("plot_noise_ball")
    assert large in script
    assert f"N, runs, updates = problem.n_samples, {ball['runs']}, {ball['updates']}" in script
    assert f"rates = np.array({list(ball['rates'])})" in script
    assert _literal(script, "sizes") == list(ball["sizes"])
    assert "traj.loss[updates // 2 :]" in script
    assert f"$\\alpha = {ball['rates'][0]:g}$ it is" in FLAT
    assert f"$\\alpha = {ball['rates'][-1]:g}$ {{glue:text}}`ball_r16_large" in FLAT
