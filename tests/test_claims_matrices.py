"""Every comparison the chapter on optimizers for matrices makes, on the numbers it glues."""

import ast
import math

import numpy as np
import pytest
from chapter_text import figure, flat, gallery, literal
from claims.matrices import (
    COEFFICIENTS,
    CONDITION,
    MANTISSAS,
    N_SAMPLES,
    RACERS,
    RATES,
    SEED,
    SHAPE,
    STEPS,
    adafactor_steps,
    along,
    balls,
    exercise,
    factored_moment,
    gradient_spectrum,
    problem,
    quintic,
    quintic_band,
    race,
    shape_scaling,
    sweep,
    torch_agreement,
)

import descent

CHAPTER = "matrices"
SCRIPTS = ("plot_matrix_race", "plot_matrix_adafactor", "plot_matrix_newton_schulz")


# %% The layer


def test_the_layer_is_the_one_the_prose_describes():
    r = race()
    # paired by direction: λ from 1/κ up to 1, s = 1/√λ from √κ down to 1
    np.testing.assert_allclose(r["lambda"], CONDITION ** -(np.arange(4)[::-1] / 3), rtol=1e-9)
    np.testing.assert_allclose(r["target_sv"], r["lambda"] ** -0.5, rtol=1e-9)
    # every direction adds λ s² = 1 at W = 0: "4 in all"
    assert r["start_loss"] == pytest.approx(4.0)
    g = gradient_spectrum()
    # the prose lists 2√λ_k in the order of λ_k; the SVD sorts them
    np.testing.assert_allclose(g["before"], np.sort(2 * np.sqrt(r["lambda"]))[::-1], rtol=1e-9)
    assert g["before_ratio"] == pytest.approx(math.sqrt(CONDITION))  # "10 times larger"
    # "along the direction where the target is smallest": the gradient's largest singular
    # vector is the target's smallest
    G = problem().grad(np.zeros(SHAPE))
    Ug, _, _ = np.linalg.svd(G)
    Q, _, _ = np.linalg.svd(problem().minima[0])
    assert abs(Ug[:, 0] @ Q[:, -1]) == pytest.approx(1.0)


def test_every_script_builds_the_claims_layer():
    call = (
        f"MatrixRegression.synthetic(shape={SHAPE}, n_samples={N_SAMPLES}, "
        f"condition={CONDITION}, seed={SEED})"
    )
    for name in SCRIPTS:
        assert call in gallery(name), name
    assert f"STEPS = {STEPS}" in gallery("plot_matrix_race")
    assert f"STEPS = {STEPS}" in gallery("plot_matrix_adafactor")


# %% Adafactor


def test_factored_state_is_m_plus_n_numbers():
    f = factored_moment()
    assert f["state_numbers"] == sum(SHAPE) < f["full_numbers"] == math.prod(SHAPE)
    assert (f["big_factored"], f["big_full"]) == (8192, 4096**2)


def test_the_factored_moment_keeps_the_pattern_not_every_entry():
    f = factored_moment()
    assert f["rel_first"] == f["rel_max"]  # the first step is the worst
    assert 0.05 < f["rel_median"] < f["rel_first"] < 0.5
    assert f["angle_max_deg"] < 45  # "never more than 41° apart"
    # the factored matrix has exactly v's row and column means
    rows = f["v"].mean(-1)
    np.testing.assert_allclose(f["factored"].mean(-1), rows, rtol=1e-12)
    np.testing.assert_allclose(f["factored"].mean(-2), f["v"].mean(-2), rtol=1e-12)


def test_the_factored_moment_is_what_adafactor_would_keep_with_adams_decay():
    """Averaging rows and averaging over time commute: R_t is the row mean of v_t."""
    f = factored_moment()
    opt = descent.Adam(lr=0.1)
    traj = descent.run(opt, problem(), np.zeros(SHAPE), 5)
    beta2, R = opt.beta2, np.zeros((4, 1))
    v = np.zeros(SHAPE)
    for w in traj.path[:-1]:
        g2 = problem().grad(w) ** 2
        R = beta2 * R + (1 - beta2) * g2.mean(-1, keepdims=True)
        v = beta2 * v + (1 - beta2) * g2
    np.testing.assert_allclose(R, v.mean(-1, keepdims=True), rtol=1e-12)
    assert f["v"].shape == (STEPS, *SHAPE)


def test_adafactors_step_is_relative_and_clipped():
    a = adafactor_steps()
    assert a["first_rms"] == pytest.approx(a["eps2"] * a["lr"])  # ε₂ ρ₁ from W = 0
    assert a["from_ones_rms"] == pytest.approx(a["lr"])  # ρ₁ RMS(W) = 0.01 from ones
    assert a["cap_until"] == 10_000
    assert min(0.01, 1 / math.sqrt(10_000)) == 0.01 > 1 / math.sqrt(10_001)
    assert 0 < a["clipped_steps"] < a["steps"]
    assert a["u_rms_max"] > 1


def test_torch_agreement_covers_muon_and_factored_adafactor():
    t = torch_agreement()
    assert t["cases"]["Muon"] >= 3
    assert t["cases"]["Adafactor"] >= 3
    assert max(t["worst"].values()) < 1e-10
    assert t["torch"].startswith("2.13")


# %% Muon and Newton–Schulz


def test_newton_schulz_lands_in_a_band_around_one_not_on_it():
    g = gradient_spectrum()
    q = quintic_band()
    np.testing.assert_allclose(g["polar_sv"], 1.0)
    assert round(g["after_min"], 2) == 0.72
    assert round(g["after_max"], 2) == 1.11
    assert q["band_lo"] < g["after_min"] < 1 < g["after_max"] < q["band_hi"]
    assert round(q["band_lo"], 2) == 0.68
    assert round(q["band_hi"], 1) == 1.2
    # p maps the band into itself, and values that entered it stay there, off 1
    band = np.linspace(q["band_lo"], q["band_hi"], 10001)
    image = quintic(band)
    assert image.min() >= q["band_lo"] - 1e-9
    assert image.max() <= q["band_hi"] + 1e-9
    assert q["late_min"] < 0.9
    assert q["late_max"] > 1.1
    # five steps from [0.001, 1]: none below after_min, none above the band
    assert q["after_min"] > 0.4
    assert q["after_max"] <= q["band_hi"] + 1e-12
    assert q["growth"] == pytest.approx(COEFFICIENTS[0] ** 5)
    assert round(q["growth"]) == 485
    assert 0 < g["distance_to_polar"] < 0.3


def test_the_iteration_moves_each_singular_value_through_the_quintic():
    """The script tracks each value by s ↦ p(s); the SVD of the iterate agrees."""
    g = gradient_spectrum()
    s = g["normalised"]
    for svd in g["per_step"]:
        np.testing.assert_allclose(np.sort(s)[::-1], svd, rtol=1e-9)
        s = quintic(s)
    assert "assert np.allclose(np.sort(row)[::-1], svd" in gallery("plot_matrix_newton_schulz")


def test_muons_shape_factor():
    sc = shape_scaling()
    assert sc["original_3072x768"] == 2.0
    assert sc["original_768x3072"] == 1.0
    assert sc["match_rms_adamw_3072x768"] == sc["match_rms_adamw_768x3072"]
    assert round(sc["match_rms_adamw_3072x768"], 1) == 11.1
    for shape in ("4x4", "16x4", "4x16"):  # Muon's step is that factor times the iteration's
        for fn in ("original", "match_rms_adamw"):
            assert sc[f"measured_{fn}_{shape}"] == pytest.approx(sc[f"{fn}_{shape}"], rel=1e-12)


def test_muon_refuses_vectors():
    with pytest.raises(ValueError, match="params must be a matrix"):
        descent.Muon().init(np.zeros(3))


# %% The norms


def test_each_norms_steepest_step_is_its_balls_furthest_point():
    b = balls()
    assert b["closed_form_gap"] < 1e-12
    inner = b["inner"]
    assert inner["max"] > inner["spectral"] > inner["frobenius"]
    np.testing.assert_allclose(b["steps"]["spectral"], np.eye(2), atol=1e-12)  # U Vᵀ = I
    np.testing.assert_allclose(b["steps"]["max"], np.ones((2, 2)))
    assert inner["spectral"] == pytest.approx(np.linalg.svd(b["G"], compute_uv=False).sum())
    assert b["sign_spectral"] == pytest.approx(2.0)
    assert b["muon_spectral"] == pytest.approx(1.0)
    # no point of each ball goes further along G than the one drawn
    rng = np.random.default_rng(0)
    for _ in range(2000):
        x, y = rng.uniform(-1.5, 1.5, 2)
        D = np.array([[x, y], [y, x]])
        value = float(np.sum(b["G"] * D))
        if max(abs(x), abs(y)) <= 1:
            assert value <= inner["max"] + 1e-12
        if math.hypot(x, y) * math.sqrt(2) <= 1:
            assert value <= inner["frobenius"] + 1e-12
        if abs(x) + abs(y) <= 1:
            assert value <= inner["spectral"] + 1e-12


def test_the_exercises_brute_force_finds_u_v_transpose():
    ex = exercise()
    assert ex["polar_value"] == pytest.approx(ex["nuclear"])
    assert ex["nuclear"] - 1e-5 < ex["brute_best"] <= ex["nuclear"] + 1e-12
    assert ex["gap"] < 0.01  # within the grid's one-degree spacing


# %% The race


def test_the_rate_grid_is_the_one_the_chapter_names():
    assert MANTISSAS == (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)
    assert RATES[0] == 0.001
    assert RATES[-1] == 10.0
    assert len(RATES) == race()["rates"] == 25


def test_the_scripts_rates_are_the_sweeps():
    tuned = literal(gallery("plot_matrix_race"), "TUNED")
    assert set(tuned) == set(RACERS)
    for name in RACERS:
        assert tuned[name] == race()[name]["lr"], name
    script = gallery("plot_matrix_adafactor")
    assert f"LinearLR({race()['Adam']['lr']}, start_factor=1.0" in script


def test_the_script_runs_give_the_glued_losses():
    """The race's tuned run, rebuilt as the script builds it."""
    for name in RACERS:
        lr = race()[name]["lr"]
        decay = descent.schedules.LinearLR(lr, start_factor=1.0, end_factor=0.0, total_iters=100)
        opt = {
            "GradientDescent": descent.GradientDescent(lr=decay),
            "Adam": descent.Adam(lr=decay),
            "Adafactor": descent.Adafactor(lr=decay, factored=True),
            "Muon": descent.Muon(lr=decay, weight_decay=0.0),
        }[name]
        traj = descent.run(opt, problem(), np.zeros(SHAPE), STEPS)
        assert traj.loss[-1] == pytest.approx(race()[name]["loss"], rel=1e-8), name


def test_gradient_descent_is_stopped_by_the_conditioning():
    r = race()
    gd = r["GradientDescent"]
    assert gd["lr"] <= 1 / r["lambda"].max() * (1 + 1e-12)  # "cannot pass 1/λ_max"
    above = sweep("GradientDescent")
    index = int(np.searchsorted(RATES, gd["lr"]))
    assert not above["calm"][index + 1]  # the next rate of the grid blows up
    assert gd["fitted_end"][0] < 0.7  # the λ = 0.01 direction, "only 64 % fitted"
    assert np.all(gd["fitted_end"][1:] > 0.99)
    assert gd["loss"] > 0.1
    assert gd["rises"] == 0  # "gradient descent's at none"


def test_first_steps_spread_gd_adam_adafactor_muon():
    r = race()
    spreads = [r[name]["first_step_spread"] for name in RACERS]
    assert spreads[0] == pytest.approx(10.0)  # GD's first step is α G: the gradient's spread
    assert r["GradientDescent"]["first_step_spread"] > r["Adam"]["first_step_spread"]
    assert r["Adam"]["first_step_spread"] > r["Adafactor"]["first_step_spread"]
    assert r["Adafactor"]["first_step_spread"] > r["Muon"]["first_step_spread"]
    g = gradient_spectrum()  # "the width of the quintic's output"
    assert r["Muon"]["first_step_spread"] == pytest.approx(g["after_max"] / g["after_min"])


def test_adam_and_muon_end_lowest_within_a_small_factor():
    r = race()
    losses = {name: r[name]["loss"] for name in RACERS}
    low = sorted(losses, key=losses.get)
    assert set(low[:2]) == {"Adam", "Muon"}
    assert low[2:] == ["Adafactor", "GradientDescent"]
    assert r["adam_muon_ratio"] < 1.5
    assert losses["Adafactor"] > 10 * max(losses["Adam"], losses["Muon"])


def test_adafactor_is_held_back_at_first():
    r = race()
    early = {name: r[name]["loss10_fraction"] for name in RACERS}
    assert max(early, key=early.get) == "Adafactor"  # "the highest of the four"
    assert early["Adafactor"] > 0.5


def test_muon_is_jagged_and_overshoots_and_no_momentum_does_better():
    r = race()
    rises = {name: r[name]["rises"] for name in RACERS}
    assert max(rises, key=rises.get) == "Muon"
    assert rises["Muon"] > rises["Adam"] > rises["GradientDescent"] == 0
    # the chapter's "overshoots the largest direction": along s_1, at its peak
    assert r["Muon"]["along"][:, 0].max() / r["target_sv"][0] > 1.3
    assert r["Muon"]["overshoot"] > 1.3
    assert descent.Muon().beta == 0.95  # "its momentum of 0.95", torch's default
    assert r["Muon_beta0"]["loss"] < min(r[name]["loss"] for name in RACERS)


def test_gradient_descent_and_muon_stay_in_the_targets_directions():
    r = race()
    assert r["GradientDescent"]["outside_max"] < 1e-12
    assert r["Muon"]["outside_max"] < 1e-6
    assert r["Adam"]["outside_max"] > 0.1
    assert r["Adafactor"]["outside_max"] > 0.1
    # so for those two the coordinates are the singular values
    path = sweep("Muon")["path"]
    np.testing.assert_allclose(
        np.sort(np.abs(along(path)), axis=1)[:, ::-1],
        np.linalg.svd(path, compute_uv=False),
        atol=1e-6,
    )


def test_every_glued_name_is_defined_and_every_figure_has_alt_text():
    text = flat(CHAPTER)
    glued = {
        ast.literal_eval(m)
        for m in __import__("re").findall(r'glue\(\s*f?("[^"]+")', text)
        if "{" not in m
    }
    used = set(__import__("re").findall(r"\{glue:text\}`([a-zA-Z0-9_]+)", text))
    dynamic = {
        f"mat_{name}_{key}" for name in RACERS for key in ("lr", "loss", "spread", "rises", "to1pc")
    } | {f"mat_inner_{key}" for key in ("max", "frobenius", "spectral")}
    assert used <= glued | dynamic, sorted(used - glued - dynamic)
    for name in ("fig-matrix-race", "fig-matrix-adafactor", "fig-matrix-newton-schulz"):
        assert ":alt:" in figure(CHAPTER, name)
    assert "newton_schulz" in text
    assert "chapter-real-model" in text
