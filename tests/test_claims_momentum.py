"""Every comparison the momentum chapter makes, on the numbers its page shows; and the theory's
numbers (stability edge, √β factor, best heavy-ball factor) checked on the library's runs."""

import numpy as np
import pytest
from chapter_text import figure, flat
from chapter_text import gallery as _gallery
from chapter_text import literal as _literal
from chapter_text import text as _text
from claims import momentum as claims

import descent
from descent.surfaces import ALL

CHAPTER = _text("momentum")
FLAT = flat("momentum")  # the chapter with its line breaks as spaces


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
    # the alt text: "the grey one wiggles around its dashed line": above it and below it
    assert r["osc_over_min"] < 0.5 < 1 < r["osc_over_max"]
    assert abs(r["osc_long"] - r["sqrt_beta"]) < abs(r["osc"] - r["sqrt_beta"])


def test_sweep_agrees_with_the_edge_except_on_it_and_in_the_top_rows():
    s = claims.sweep_numbers()
    assert s["runs"] == 10_000
    assert s["agree"] + s["disagree"] == s["runs"]
    assert s["agree"] >= 0.99 * s["runs"]
    assert s["on_edge"] + s["top"] == s["disagree"]
    assert s["top_min_beta"] == 0.98  # "in the two top rows, β ≥ 0.98"
    assert s["sqrt_top_min"] == pytest.approx(0.98**0.5)  # "√β, 0.990 to 0.995"


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


def test_a_higher_start_is_faster_at_the_global_minimum():
    m = claims.bumpy_numbers()  # "Started a little higher, the ball has more speed"
    assert m["mom_b_cross_step"] > m["mom_a_cross_step"] > 0


def test_gradient_descent_ends_global_exactly_from_between_the_bumps_momentum_is_tangled():
    m = claims.bumpy_numbers()
    assert m["gd_global_is_between"]  # "exactly the starts between the two bumps"
    assert m["gd_global"] == pytest.approx(m["between_bumps"])
    assert m["gd_switches"] == 2  # one way into the global valley, one way out
    assert m["mom_switches"] > m["gd_switches"]  # "a more tangled way"


def test_the_figures_120_steps_show_the_runs_settled():
    m = claims.bumpy_numbers()  # the figures stop at 120 steps, the glued finals after 400
    assert claims.BUMPY["steps"] == 120
    assert m["gd_a_shown"] == pytest.approx(m["gd_a"], abs=1e-6)
    assert m["mom_a_shown"] == pytest.approx(m["mom_a"], abs=0.01)  # "settles at the bottom"
    assert m["mom_b_shown"] == pytest.approx(m["mom_b"], abs=0.01)  # "stays in the right valley"


def test_nesterov_is_faster_here_and_damps_the_swings_across():
    n = claims.nesterov_numbers()
    assert n["nag_steps"] < n["mom_steps"]
    assert n["nag_y"] < 0.6 * n["mom_y"]
    assert n["nag_x"] < n["mom_x"]
    assert n["nag_settle_y"] < 10 < n["mom_settle_y"]  # "die out fast"


def test_nesterov_gains_in_both_directions_and_its_count_is_set_along_the_valley():
    n = claims.nesterov_numbers()
    assert "The difference is in both directions." in FLAT
    assert n["nag_x"] < n["mom_x"]  # "along the valley the smaller factor counts too"
    assert n["nag_x_steps"] < n["mom_x_steps"]
    assert n["nag_y_steps"] < n["mom_y_steps"]
    assert n["nag_steps"] == n["nag_x_steps"] > n["nag_y_steps"]  # "what sets Nesterov's count"
    assert n["mom_steps"] > max(n["mom_x_steps"], n["mom_y_steps"])  # "both keep swinging"


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
    r = claims.rate_numbers()
    assert claims.RATES["steps"] == 200
    assert "rises briefly, then falls steeply to 1e-15 in 200 steps" in FLAT
    assert 1e-16 < r["hb_distance_200"] < 1e-14
    assert r["hb_distance_max"] > r["hb_distance_0"]  # "rises briefly"
    assert r["hb_distance_max_at"] < 10
    # "above its dashed line by a gap that widens from about one decade to more than two"
    assert "by a gap that widens from about one decade to more than two" in FLAT
    assert 1 < r["hb_gap_10"] < 1.5
    assert 2 < r["hb_gap_end"] < 2.5
    assert r["hb_gap_widens"]


def test_chapter_words():
    assert "The build" not in CHAPTER
    assert "Measured here, the ratio is" in FLAT
    # the arrow is the step just taken: VelocityArrow draws -α v_t at θ_t, and θ_t - θ_{t-1}
    # = -α v_t
    traj = descent.run(
        descent.Momentum(lr=0.03, beta=0.7), ALL["elongated"], claims.START, 10, record_state=True
    )
    np.testing.assert_allclose(-0.03 * traj.states.velocity[1:], np.diff(traj.path, axis=0))
    arrow = "The arrow on the momentum ball is its velocity, drawn as $-\\alpha v_t$: "
    assert FLAT.count(arrow + "the step that brought it here.") == 2
    assert "next step" not in FLAT
    for name in ("plot_momentum_bowl", "plot_momentum_bumpy"):
        script = " ".join(line.lstrip("# ") for line in _gallery(name).split("\n"))
        assert (
            "its velocity, drawn as :math:`-\\alpha v_t`: the step that brought it here" in script
        )
        assert "next step" not in script
    assert "whose slope is given by {eq}`eq-bumpy`" in FLAT
    assert "its steps grow to $1/(1-\\beta) = 10$ times gradient descent's" in FLAT
    assert "a running sum for AdaGrad, an EMA ({ref}`chapter-ema`) for RMSProp and Adam" in FLAT


def test_captions_and_scripts_state_the_settings_the_numbers_use():
    start = "start = np.array([-5.0, 2.0])"
    np.testing.assert_array_equal(claims.START, [-5.0, 2.0])

    bowl, script = claims.BOWL, _gallery("plot_momentum_bowl")
    assert f"same $\\alpha = {bowl['lr']:g}$" in figure("momentum", "fig-momentum-bowl")
    assert f"lr, steps = {bowl['lr']}, {bowl['steps']}" in script
    assert f"descent.Momentum(lr=lr, beta={bowl['beta']})" in script
    assert start in script
    assert f"After {bowl['steps']} steps the loss" in FLAT
    assert f"With $\\beta = {bowl['beta']}$ the ball" in FLAT

    rates, script = claims.RATES, _gallery("plot_momentum_rates")
    fig = figure("momentum", "fig-momentum-rates")
    assert f"$\\kappa = {rates['kappa']}$" in fig
    osc = f"$\\beta = {rates['osc_beta']}$, $\\alpha = {rates['osc_lr']}$"
    assert f"grey, momentum with {osc}, where every direction oscillates" in fig
    assert f"regime, $\\beta = {rates['osc_beta']}$ with $\\alpha = {rates['osc_lr']}$, the" in FLAT
    assert _literal(script, "kappa") == rates["kappa"]
    assert _literal(script, "steps") == rates["steps"]
    assert f"descent.Momentum(lr={rates['osc_lr']}, beta={rates['osc_beta']})" in script
    assert "start = np.array([1.0, 1.0])" in script

    sweep, script = claims.SWEEP, _gallery("plot_momentum_sweep")
    fig = figure("momentum", "fig-momentum-sweep")
    assert "on $\\tfrac12(x^2 + 25y^2)$ from $(-5, 2)$" in fig
    assert f"for {sweep['n']} learning rates times {sweep['n']} momenta" in fig
    assert claims.sweep_numbers()["runs"] == sweep["n"] ** 2
    grid = (
        f"n, steps = {sweep['n']}, {sweep['steps']}",
        f"lrs = np.linspace({sweep['lrs'][0]}, {sweep['lrs'][1]}, n)",
        f"betas = np.linspace({sweep['betas'][0]}, {sweep['betas'][1]}, n)",
    )
    for text in (script, CHAPTER):
        assert all(line in text for line in grid)
    assert start in script
    assert f"shrink in {sweep['steps']} steps without diverging" in FLAT

    bumpy = claims.BUMPY
    a, b = bumpy["starts"]
    fig = figure("momentum", "fig-momentum-bumpy")
    assert (
        f"momentum ($\\beta = {bumpy['beta']}$) with $\\alpha = {bumpy['lr']}$ from "
        f"$\\theta_0 = {a}$" in fig
    )
    script = _gallery("plot_momentum_bumpy")
    assert f"start, lr, steps = np.array([{a}]), {bumpy['lr']}, {bumpy['steps']}" in script
    assert f"descent.Momentum(lr=lr, beta={bumpy['beta']})" in script
    fig = figure("momentum", "fig-momentum-overshoot")
    assert (
        f"($\\alpha = {bumpy['lr']}$, $\\beta = {bumpy['beta']}$) from $\\theta_0 = {a}$ "
        f"(orange) and from $\\theta_0 = {b}$ (grey), {abs(b - a):.1f} higher up the wall" in fig
    )
    script = _gallery("plot_momentum_overshoot")
    assert f"descent.Momentum(lr={bumpy['lr']}, beta={bumpy['beta']})" in script
    assert list(_literal(script, "starts").values()) == list(bumpy["starts"])
    assert f"steps={bumpy['steps']}, record_state=True" in script
    for name in ("plot_momentum_bumpy", "plot_momentum_overshoot"):
        assert f"max_frames={bumpy['steps'] + 1}," in _gallery(name)

    nag, script = claims.NESTEROV, _gallery("plot_nesterov")
    assert (
        f"with the same $\\alpha = {nag['lr']}$ and $\\beta = {nag['beta']}$ on "
        "$\\tfrac12(x^2 + 25y^2)$, from the same start" in figure("momentum", "fig-nesterov")
    )
    assert f"lr, beta, steps = {nag['lr']}, {nag['beta']}, {nag['steps']}" in script
    assert start in script
