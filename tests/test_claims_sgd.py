"""Every comparison the SGD chapter makes, on the numbers its page shows.

The noise and noise-ball checks that the theory makes (finite population correction, α tr C/4B
with replacement, reshuffled epochs below it) run on the chapter's own functions.
"""

from pathlib import Path

import numpy as np
import pytest
from claims import sgd as claims

CHAPTER = (Path(__file__).parents[1] / "docs" / "chapters" / "sgd.md").read_text()


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
    assert e[0.1] > 2 * e[0.05]  # "grows faster than [∝ α]"


@pytest.mark.parametrize("B", [1, 4, 32, 128, 512, 1000])
def test_minibatch_noise_follows_the_finite_population_formula(B):
    assert claims.noise(B) == pytest.approx(claims.predicted(B), rel=0.05)


def test_noise_figure_dots_follow_the_formula_within_the_quoted_percentage():
    nb = claims.noise_numbers()
    assert nb["n_sizes"] == len(claims.figure_sizes()) > 10  # the figure's own sizes
    assert nb["worst_error_pct"] < 3


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
    assert b["alpha_lmax"] > 0.1  # "not that small"


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
