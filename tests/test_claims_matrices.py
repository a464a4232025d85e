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
    N_STARTS,
    NUDGE,
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
    race_of,
    shape_scaling,
    starts,
    sweep,
    torch_agreement,
)

import descent
from descent.problems import MatrixRegression

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
    # the script's starts are the race's
    assert f"N_STARTS, NUDGE = {N_STARTS}, {NUDGE}" in gallery("plot_matrix_race")
    assert "NUDGE * np.random.default_rng(0).standard_normal((N_STARTS, 4, 4))" in gallery(
        "plot_matrix_race"
    )
    np.testing.assert_array_equal(
        starts()[1:], NUDGE * np.random.default_rng(0).standard_normal((N_STARTS, 4, 4))[1:]
    )


def _script_runs(name):
    lr = race()[name]["lr"]
    decay = descent.schedules.LinearLR(lr, start_factor=1.0, end_factor=0.0, total_iters=100)
    opt = {
        "GradientDescent": descent.GradientDescent(lr=decay),
        "Adam": descent.Adam(lr=decay),
        "Adafactor": descent.Adafactor(lr=decay, factored=True),
        "Muon": descent.Muon(lr=decay, weight_decay=0.0),
    }[name]
    return descent.run(opt, problem(), starts(), STEPS)


@pytest.mark.parametrize("name", RACERS)
def test_the_script_runs_give_the_glued_losses(name):
    """The race's tuned runs, rebuilt as the script builds them. The script's schedule rounds
    its rates otherwise than the sweep's, which is enough to move Muon's every run: its median
    is the sweep's only to within the spread of its runs."""
    final = np.median(_script_runs(name).loss[-1])
    if name == "Muon":
        q1, q3 = race()["Muon"]["quartiles"]
        assert q1 < final < q3
    else:
        assert final == pytest.approx(race()[name]["loss"], rel=1e-8)


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


def check_the_race(r):
    """Every comparison the chapter makes about the race, on a race ``r`` (the chapter's, or
    one rerun with the rounding changed)."""
    losses = {name: r[name]["loss"] for name in RACERS}
    # the tuned rates the chapter names
    assert {name: r[name]["lr"] for name in RACERS} == {
        "GradientDescent": 1.0,
        "Adam": 0.7,
        "Adafactor": 2.0,
        "Muon": 1.0,
    }
    # Muon without momentum ends at rounding's scale, where its best rate 0.3 and the next ones
    # are near enough for rounding to swap them: what the chapter says holds for each
    assert set(r["Muon_beta0"]["near"]) <= {0.3, 0.5, 0.7}
    assert r["Muon_beta0"]["lr"] in r["Muon_beta0"]["near"]
    # "Muon's rates 0.7 and 1 tie"; every other optimizer's best rate stands alone
    assert list(r["Muon"]["ties"]) == [0.7, 1.0]
    for name in ("GradientDescent", "Adam", "Adafactor"):
        assert list(r[name]["ties"]) == [r[name]["lr"]], name
    # "Adam ends lowest, then Muon, Adafactor, gradient descent"
    assert sorted(losses, key=losses.get) == ["Adam", "Muon", "Adafactor", "GradientDescent"]
    # "a few times Adam's", "several times lower than Adafactor's"
    assert 1.5 < r["muon_adam_ratio"] < 10
    assert 3 < r["adafactor_muon_ratio"] < 30
    # gradient descent's, Adam's and Adafactor's runs all end alike; Muon's do not
    for name in ("GradientDescent", "Adam", "Adafactor"):
        assert r[name]["spread"] < 1 + 1e-6, name
    q1, q3 = r["Muon"]["quartiles"]
    assert q3 / q1 > 3  # "the middle half of its runs spread over ... "
    assert r["Muon"]["spread"] > 100  # "its best and worst runs ... over a hundred times apart"
    # "Adafactor held back at first": after 10 steps the highest of the four
    early = {name: r[name]["loss10_fraction"] for name in RACERS}
    assert max(early, key=early.get) == "Adafactor"
    assert early["Adafactor"] > 0.5
    # Muon's loss is the most jagged, on every start
    assert r["Muon"]["rises_range"][0] > r["Adam"]["rises_range"][1]
    assert r["Adam"]["rises_range"][0] > 0 == r["GradientDescent"]["rises_range"][1]
    # "its momentum of 0.95 overshoots the largest direction by 1.x times its target"
    assert descent.Muon().beta == 0.95  # torch's default
    assert r["Muon"]["along"][:, 0].max() / r["target_sv"][0] > 1.3
    assert r["Muon"]["overshoot"] > 1.3
    # Muon without momentum ends lower than any of the four, by far
    # (at its chosen rate by a factor of ten; at any rate rounding could choose, of three)
    assert r["Muon_beta0"]["loss"] < min(losses.values()) / 10
    assert r["Muon_beta0"]["near_loss_max"] < min(losses.values()) / 3
    assert r["Muon_beta0"]["quartiles"][1] < r["Muon"]["quartiles"][0]


def test_the_race_makes_the_comparisons_the_chapter_makes():
    check_the_race(race())


def _permuted_layer():
    """The chapter's layer with its samples in another order: the same loss, rounded
    otherwise in every gradient (as another machine's kernels would)."""
    layer = problem()
    order = np.random.default_rng(5).permutation(layer.n_samples)
    return MatrixRegression(layer.x[order], layer.y[order])


@pytest.mark.parametrize(
    "variant",
    ["samples reordered", "other nudges", "nudged again"],
)
def test_the_races_conclusions_survive_rounding(variant):
    """Rerun the whole race with its rounding changed: its tuned rates, its orderings and its
    comparisons are the chapter's."""
    if variant == "samples reordered":
        layer, begin = _permuted_layer(), starts()
        np.testing.assert_allclose(layer.minima, problem().minima, rtol=1e-12, atol=1e-12)
    elif variant == "other nudges":
        layer, begin = problem(), starts(seed=1)
    else:
        layer = problem()
        begin = starts() + NUDGE * np.random.default_rng(2).standard_normal(starts().shape)
    check_the_race(race_of(layer, begin))


@pytest.mark.parametrize("name", RACERS)
def test_the_tuned_rate_is_chosen_with_a_margin(name):
    """The choice cannot flip on rounding: the chosen rate's median lies well inside the best
    rate's interquartile range (or is the best's), every larger calm rate's median lies well
    above it, every larger rate that is not calm rises on every start, and the chosen rate's
    runs stay well below their start."""
    run = sweep(name)
    chosen, best, q3 = run["chosen"], run["best"], run["q3"]
    median, calm, rise = run["median"], run["calm"], run["rise"]
    # where every run ends alike to 1e-6, rounding moves a median by far less than 0.1 %;
    # where runs spread, a median moves by tens of per cent from one set of starts to another
    alike = run["spread"] < 1 + 1e-6
    margin = 1.001 if alike else 1.3
    if chosen != best:
        assert median[chosen] < q3 / margin
    for i in range(chosen + 1, len(RATES)):
        if calm[i]:
            assert median[i] > margin * q3, RATES[i]
        else:
            assert np.all((rise[i] > 1.02) | ~np.isfinite(run["final"][i])), RATES[i]
    # (Adafactor's first steps from W = 0 are tiny: its loss stays just under its start)
    assert rise[chosen].max() < (1 - 1e-3 if alike else 0.9)


def test_gradient_descent_and_muon_stay_in_the_targets_directions():
    r = race()
    assert r["GradientDescent"]["outside_max"] < 1e-12  # rounding, and it stays there
    # rounding, multiplied by the quintic's slope at 0 at every step: 4e-6 on one machine,
    # 1e-7 on another; far below Adam's and Adafactor's, far above gradient descent's
    assert 1e-12 < r["Muon"]["outside_max"] < 1e-3
    assert r["Adam"]["outside_max"] > 0.1
    assert r["Adafactor"]["outside_max"] > 0.1
    # so for those two the coordinates are the singular values
    path = sweep("Muon")["path"]  # from W = 0
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
    dynamic |= {f"mat_outside_{name}" for name in ("GradientDescent", "Muon", "Adam")}
    assert used <= glued | dynamic, sorted(used - glued - dynamic)
    for name in ("fig-matrix-race", "fig-matrix-adafactor", "fig-matrix-newton-schulz"):
        assert ":alt:" in figure(CHAPTER, name)
    assert "newton_schulz" in text
    assert "chapter-real-model" in text
