"""Every comparison the momentum chapter makes, on the numbers its page shows; and the theory's
numbers (stability edge, √β factor, best heavy-ball factor) checked on the library's runs."""

from pathlib import Path

import numpy as np
import pytest
from claims import momentum as claims

CHAPTER = (Path(__file__).parents[1] / "docs" / "chapters" / "momentum.md").read_text()


def test_momentum_beats_gradient_descent_on_the_elongated_bowl():
    b = claims.bowl_numbers()
    assert b["beta0_diff"] == 0  # "the same method"
    assert b["mom_loss80"] < 1e-8 < b["gd_loss80"]
    assert b["mom_steps"] * 5 < b["gd_steps"]  # "… times more"
    assert b["gd_x80"] < -0.1  # the alt text: "still short of the minimum at the end"


@pytest.mark.parametrize("beta", [0.5, 0.9, 0.99])
def test_steps_on_a_steady_slope_grow_to_one_over_one_minus_beta(beta):
    assert claims.terminal_ratio(beta=beta, steps=3000) == pytest.approx(1 / (1 - beta), rel=1e-3)


def test_chapter_ratio_after_200_steps_is_ten():
    assert claims.terminal_ratio(beta=0.9, steps=200) == pytest.approx(10, abs=1e-4)


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.6, 0.9])
def test_momentum_is_stable_exactly_below_alpha_lambda_two_plus_two_beta(beta):
    """0 < αλ < 2 + 2β: 1% below the edge the run shrinks, 1% above it grows."""
    e = claims.edge_runs(beta)
    assert e["below"] < 1e-3
    assert e["above_diverged"] or e["above"] > 1e3


@pytest.mark.parametrize("beta", [0.8, 0.9, 0.95])
def test_oscillating_momentum_shrinks_by_sqrt_beta_per_step(beta):
    """With complex roots, (1-√β)² < αλ < (1+√β)² for every λ, the factor is √β."""
    lr = 0.02  # αλ in [0.02, 2]: inside the complex band for these β
    assert (1 - np.sqrt(beta)) ** 2 < lr * 1
    assert lr * 100 < (1 + np.sqrt(beta)) ** 2
    assert claims.oscillating_rate(beta) == pytest.approx(np.sqrt(beta), rel=0.01)


def test_best_heavy_ball_beats_best_gradient_descent_as_the_theory_says():
    r = claims.rate_numbers()
    assert r["gd"] == pytest.approx(r["gd_theory"], rel=1e-6)
    # "a little slower": the double root makes the distance fall like t·r^t
    assert r["hb_theory"] <= r["hb"] <= 0.84
    assert r["hb_steps"] * 5 < r["gd_steps"]  # 10⁶: "momentum needs … gradient descent …"
    assert r["osc"] == pytest.approx(r["sqrt_beta"], rel=0.01)
    assert abs(r["osc_long"] - r["sqrt_beta"]) < abs(r["osc"] - r["sqrt_beta"])


def test_sweep_agrees_with_the_edge_except_on_it_and_in_the_top_rows():
    s = claims.sweep_numbers()
    assert s["runs"] == 10_000
    assert s["agree"] + s["disagree"] == s["runs"]
    assert s["agree"] >= 0.99 * s["runs"]
    assert s["on_edge"] + s["top"] == s["disagree"]
    assert s["top_min_beta"] >= 0.98  # "in the two top rows, β ≥ 0.98"


def test_sweep_right_of_the_edge_is_red_but_for_a_thin_strip():
    s = claims.sweep_numbers()  # the alt text
    assert 0 < s["right_not_red"] < 0.05 * s["right_of_edge"]


def test_sweep_best_cell_is_next_to_the_theorys_pair_and_beats_gradient_descent():
    s = claims.sweep_numbers()
    assert abs(s["best_lr"] - s["theory_lr"]) < 0.01
    assert abs(s["best_beta"] - s["theory_beta"]) < 0.03
    assert s["best_loss"] < 1e-20 * s["gd_best"]


def test_more_momentum_is_not_always_better():
    s = claims.sweep_numbers()
    assert s["fixed_lr"] == pytest.approx(0.03)
    assert s["fixed_best_beta"] < 0.9
    assert s["fixed_09"] > 1e6 * s["fixed_best"]
    assert 0 < s["fixed_best_beta"] - s["band_lower_edge"] < 0.02  # "just above the lower edge"


def test_exercise_best_pair_steps():
    e = claims.best_pair_steps()
    assert e["gd"] == round(e["gd_rule"] + 0.5)  # "holds from the first step"
    assert 5 <= e["mom"] - e["mom_rule"] <= 15  # "pays about ten steps"
    assert e["mom"] < e["gd"]


def test_local_minima_momentum_helps_partly_by_step_length():
    m = claims.bumpy_numbers()
    assert m["gd_a"] == pytest.approx(-2.2, abs=1e-6)
    assert abs(m["mom_a"]) < 1e-6
    assert m["mom_b"] == pytest.approx(2.1, abs=1e-3)  # "rolls past the global one"
    assert m["mom_global"] > m["gd_global"]  # "momentum helps on this curve at the same α"
    assert m["gd03_global"] >= m["mom_global"]  # "no fewer than momentum"
    assert m["effective_lr"] == pytest.approx(1.0)


def test_nesterov_is_faster_here_and_damps_the_swings_across():
    n = claims.nesterov_numbers()
    assert n["nag_steps"] < n["mom_steps"]
    assert n["nag_y"] < 0.6 * n["mom_y"]
    assert n["nag_x"] < n["mom_x"]
    assert n["nag_settle_y"] < 10 < n["mom_settle_y"]  # "die out fast"


def test_nesterovs_edge_is_lower_than_momentums():
    e = claims.nesterov_edge()
    assert e["Nesterov"] == pytest.approx(e["theory_nesterov"], abs=0.02)
    assert e["Momentum"] == pytest.approx(e["theory_momentum"], abs=0.02)
    assert e["Nesterov"] < e["Momentum"]


def test_chapter_names_no_seed_test_or_source_text():
    for leak in ("seed 000", "seed 004", "source text", "tests/", "test_"):
        assert leak not in CHAPTER


def test_beta_0_9_at_alpha_0_03_puts_every_direction_of_the_bowl_in_the_oscillating_band():
    beta, lr = 0.9, 0.03  # the first figure's α, and the β its script explains it avoids
    for lam in (1.0, 25.0):
        assert (1 - np.sqrt(beta)) ** 2 < lr * lam < (1 + np.sqrt(beta)) ** 2


def test_rates_figure_alt_text_best_momentum_reaches_1e_15_in_200_steps():
    assert "falls steeply to 1e-15 in 200 steps" in CHAPTER
    assert 1e-16 < claims.rate_numbers()["hb_distance_200"] < 1e-14
