"""Every comparison the edge-of-stability chapter makes, on the numbers it glues
(claims.edge_of_stability), and its sharpness checked against the full Hessian."""

import re
from functools import lru_cache

import numpy as np
import pytest
from chapter_text import figure, flat, gallery, text
from claims import edge_of_stability as eos

import descent

CHAPTER = "edge-of-stability"
SCRIPT = "plot_eos_sharpness"


@lru_cache
def dense_eigh(step, j):
    """Eigenvalues and eigenvectors of the full Hessian at step ``step`` of run ``j``, built one
    exact Hessian-vector product per column."""
    net = eos.network()
    hessian = net.hvp(eos.run().path[step, j], np.eye(net.dim))
    assert np.allclose(hessian, hessian.T, rtol=0, atol=1e-10)
    return np.linalg.eigh((hessian + hessian.T) / 2)


# -- the measurement ----------------------------------------------------------------------------


def test_lanczos_sharpness_agrees_with_the_full_hessian_at_the_end_of_every_run():
    """'that many already agree with the largest eigenvalue of the full Hessian to at least ten
    significant digits'."""
    at, sharp = eos.sharpness_curve()
    assert at[-1] == eos.STEPS
    for j in range(len(eos.STEP_SIZES)):
        top = dense_eigh(eos.STEPS, j)[0][-1]
        assert sharp[-1, j] == pytest.approx(top, rel=1e-10)


def test_lanczos_sharpness_agrees_with_the_full_hessian_before_the_edge_and_on_it():
    at, sharp = eos.sharpness_curve()
    for step in (0, eos.BEFORE, eos.ON):
        (i,) = np.flatnonzero(at == step)
        top = dense_eigh(step, 1)[0][-1]
        assert sharp[i, 1] == pytest.approx(top, rel=1e-10)


def test_sixteen_lanczos_steps_are_as_good_as_forty_at_every_measured_point():
    net, traj = eos.network(), eos.run()
    at, sharp = eos.sharpness_curve()
    more = descent.sharpness(net, traj.path[at], method="lanczos", iters=40)
    assert np.allclose(sharp, more, rtol=1e-10, atol=0)
    assert eos.ITERS == 16


def test_the_sharpness_is_the_largest_algebraic_eigenvalue_not_the_largest_in_magnitude():
    """Power iteration (the top eigenvector) finds the largest |λ|: here it is λ_max."""
    eigenvalues = dense_eigh(eos.ON, 1)[0]
    assert eigenvalues[-1] > abs(eigenvalues[0])


def test_power_iteration_finds_the_top_eigenvector_of_the_full_hessian():
    net, traj = eos.network(), eos.run()
    for step in (eos.BEFORE, eos.ON):
        eigenvalues, vectors = dense_eigh(step, 1)
        u, rayleigh = eos.top_eigenvector(net, traj.path[step, 1])
        assert rayleigh == pytest.approx(eigenvalues[-1], rel=1e-8)
        assert abs(u @ vectors[:, -1]) == pytest.approx(1, abs=1e-6)


def test_the_network_and_data_are_the_ones_the_chapter_describes():
    net = eos.network()
    assert net.dim == 337
    assert net.n_samples == 200
    assert net.widths == (16, 16)
    assert net.activation == "tanh"
    assert net.x.min() >= -2
    assert net.x.max() <= 2
    assert np.allclose(net.y, np.sin(2 * net.x[:, 0]) * np.cos(net.x[:, 1]))
    assert "a 2-16-16-1 tanh network" in flat(CHAPTER)
    assert "$y = \\sin 2x_1 \\cos x_2$" in flat(CHAPTER)


# -- progressive sharpening, then the edge -------------------------------------------------------


def test_all_start_well_below_their_edge_and_sharpen():
    edge = eos.edge_numbers()
    for _lr, n in edge.items():
        assert n["start"] < 0.65 * n["limit"]  # "well below every 2/α"
        assert not n["diverged"]
    starts = [n["start"] for n in edge.values()]
    assert starts == pytest.approx([starts[0]] * len(starts), rel=1e-12)  # the same start


def test_the_larger_the_step_size_the_sooner_it_reaches_the_edge():
    reach = [eos.edge_numbers()[lr]["first_reach"] for lr in sorted(eos.STEP_SIZES, reverse=True)]
    assert None not in reach
    assert reach == sorted(reach)
    assert len(set(reach)) == len(reach)


def test_the_first_crossing_overshoots_and_the_loss_jumps_far_above_its_start():
    for n in eos.edge_numbers().values():
        assert n["peak"] > 1.2 * n["limit"]  # "overshoots"
        assert n["peak_at"] < n["settled"]  # "then the sharpness falls back"
        assert n["first_reach"] <= n["loss_peak_at"] < n["settled"]
    n = eos.edge_numbers()[0.3]
    assert n["loss_peak"] > 10 * n["loss_start"]  # "far above its starting"
    # "the sharpness swings above and below 2/α ... before it settles"
    at, sharp = eos.sharpness_curve()
    swing = sharp[(at >= n["first_reach"]) & (at < n["settled"]), 0]
    assert swing.min() < n["limit"] < swing.max()


def test_on_the_plateau_the_sharpness_hovers_just_above_two_over_alpha():
    for n in eos.edge_numbers().values():
        assert n["settled"] is not None
        assert 1 - eos.BAND <= n["min_ratio"] <= n["max_ratio"] <= 1 + eos.BAND
        assert 1 < n["mean_ratio"] < 1.03  # "just above it", "by ... to ... on average"
        assert eos.STEPS - n["settled"] >= 1000  # a plateau, not a moment


def test_on_the_plateau_the_loss_goes_up_almost_every_other_step_and_falls_overall():
    edge = eos.edge_numbers()
    assert 0.4 < edge[0.2]["rises"] / edge[0.2]["updates"] < 0.5  # "almost every other one"
    for n in edge.values():
        assert n["rises"] > 0.3 * n["updates"]  # not monotone
        assert n["loss_fell_by"] > 2  # and yet it falls
        assert n["loss_first"] > n["loss_last"]
        assert n["updates"] == eos.STEPS - n["settled"]


def test_plateau_table_caption_and_prose_use_the_constants():
    assert eos.BAND == 0.1
    assert eos.AVERAGE == 100
    assert eos.EVERY == 50
    assert "stays within 10% of" in flat(CHAPTER)
    caption = figure(CHAPTER, "fig-eos-sharpness")
    assert "measured every 50 steps" in caption
    assert "at three step sizes from the same start" in caption
    limits = [f"{2 / lr:.3g}" for lr in eos.STEP_SIZES]
    assert limits == ["6.67", "10", "13.3"]
    assert "$\\alpha = 0.3$, $0.2$ and $0.15$ put the limit at $6.67$, $10$ and $13.3$" in caption
    assert "rising from 4, overshooting their dashed lines at 6.7, 10 and 13.3" in caption
    assert f"{eos.edge_numbers()[0.3]['start']:.0f}" == "4"


# -- what the iterate does --------------------------------------------------------------------


def test_the_update_along_the_top_eigenvector_flips_at_every_step_on_the_plateau_only():
    for lr in eos.STEP_SIZES:
        o = eos.oscillation_numbers(lr)
        assert o["on"]["flips"] == o["on"]["pairs"] == 2 * eos.WINDOW - 1  # "at every step"
        assert 2 < o["on"]["alpha_lambda"] < 2.1  # "the factor 1 - αλ just below -1"
    before = eos.oscillation_numbers(0.2)["before"]
    assert before["flips"] <= 1
    assert before["pairs"] == 2 * eos.WINDOW - 1
    assert before["alpha_lambda"] < 1  # "before the edge"


def test_oscillation_figure_and_prose_use_the_windows_of_the_numbers():
    assert (eos.BEFORE, eos.ON, eos.WINDOW) == (100, 1600, 20)
    assert "for twenty steps either side" in flat(CHAPTER)
    caption = figure(CHAPTER, "fig-eos-oscillation")
    assert "At α = 0.2" in caption
    assert "at step 100" in caption
    assert "at step 1600" in caption
    assert "twenty steps either side" in caption
    script = gallery(SCRIPT)
    assert "j, window = 1, 20" in script
    assert "for centre in (100, 1600):" in script
    assert eos.STEP_SIZES[1] == 0.2


# -- where it does not show ---------------------------------------------------------------------


def test_the_small_step_size_never_reaches_its_edge_and_its_loss_falls_at_every_step():
    s, edge = eos.small_numbers(), eos.edge_numbers()
    assert s["lr"] < min(eos.STEP_SIZES)
    assert s["first_reach"] is None
    assert s["end_ratio"] < 0.6  # "only ... of the way"
    assert s["rising"]  # "still rising at the end"
    assert s["end"] > 2 * s["start"]  # "all progressive sharpening"
    assert s["rises"] == 0  # "it fell at every one"
    assert s["loss_end"] < min(n["loss_end"] for n in edge.values())  # "ends lower than any"


def test_cohen_et_al_quote_and_here_just_above():
    assert "right at, or just above" in flat(CHAPTER)
    ratios = [n["mean_ratio"] for n in eos.edge_numbers().values()]
    assert all(r > 1 for r in ratios)


# -- exercise -----------------------------------------------------------------------------------


def test_exercise_prediction_two_over_alpha_holds_just_above():
    ex = eos.exercise_numbers()
    assert ex["lr"] == 0.25
    assert ex["limit"] == 8
    assert not ex["diverged"]
    assert ex["first_reach"] is not None
    assert 1 < ex["mean_ratio"] < 1.05  # "just above it, as at the other three"
    assert "at $\\alpha = 0.25$. Run it for 1,000 steps, measure the sharpness every 50 steps" in (
        flat(CHAPTER)
    )


# -- the gallery script is the same experiment ----------------------------------------------------


def test_gallery_script_runs_the_chapters_experiment():
    script = gallery(SCRIPT)
    assert "Network(*wave_data(), widths=(16, 16))" in script
    assert "step_sizes = np.array([0.3, 0.2, 0.15])" in script
    assert "steps = 2000" in script
    assert "every = 50" in script
    assert 'method="lanczos", iters=16' in script
    assert eos.STEP_SIZES == (0.3, 0.2, 0.15)
    assert eos.STEPS == 2000
    assert eos.WIDTHS == (16, 16)
    assert "init_params(seed=0)" in script


def test_the_agreement_the_chapter_states():
    assert "agree with the largest eigenvalue of the full Hessian to at least ten" in flat(CHAPTER)


def test_chapter_names_no_internal_source_or_test():
    prose = re.sub(r"```\{code-cell\}.*?```", "", text(CHAPTER), flags=re.S)
    prose = prose.replace("[Common claims, checked](../claims.md#lab-the-edge-of-stability)", "")
    assert not re.search(r"source text|seed|test_\w+|tests/|claims", prose)
    assert "playground" not in prose.lower().split("## where next")[0]
