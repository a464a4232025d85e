"""Every comparison the loss-landscape chapter makes, on the numbers it glues (claims.landscape),
and its script checked to run the chapter's experiment."""

import re

import numpy as np
import pytest
from chapter_text import figure, flat, gallery, literal, text
from claims import edge_of_stability as eos
from claims import landscape as ls

import descent

CHAPTER = "landscape"
SCRIPT = "plot_landscape_pca"
KEYS = ("GradientDescent", "Momentum", "Adam")


# -- the network, the runs, the directions ----------------------------------------------------


def test_the_network_and_data_are_the_previous_labs_on_half_its_points():
    net = ls.network()
    assert net.dim == 337
    assert net.n_samples == 100
    assert 2 * net.n_samples == eos.network().n_samples  # "on half its data"
    assert net.widths == eos.network().widths == (16, 16)
    assert net.activation == "tanh"
    assert np.allclose(net.y, np.sin(2 * net.x[:, 0]) * np.cos(net.x[:, 1]))
    assert "a 2-16-16-1 tanh network" in flat(CHAPTER)
    assert "The network is the previous lab's, on half its data" in flat(CHAPTER)


def test_the_three_runs_start_from_the_same_weights_and_do_not_diverge():
    runs = ls.runs()
    assert tuple(runs) == KEYS
    for traj in runs.values():
        np.testing.assert_array_equal(traj.path[0], ls.start())
        assert len(traj.path) == ls.STEPS + 1
        assert not traj.diverged
    # momentum at the same effective step as gradient descent
    gd, mom = ls.OPTIMIZERS["GradientDescent"], ls.OPTIMIZERS["Momentum"]
    assert gd.lr == pytest.approx(mom.lr / (1 - mom.beta))


def test_the_random_directions_leave_the_biases_alone_and_are_filter_normalised():
    net = ls.network()
    end = ls.runs()["GradientDescent"].path[-1]
    for draw in range(2):
        directions, grid, loss = ls.random_slice(draw)
        assert loss.shape == (ls.GRID, ls.GRID)
        assert grid[0] == -1  # "on [-1, 1]^2"
        assert grid[-1] == 1
        assert grid[ls.GRID // 2] == 0  # the centre is a grid point
        for d in directions:
            for (d_w, d_b), (w, _) in zip(net.unpack(d), net.unpack(end), strict=True):
                np.testing.assert_array_equal(d_b, 0.0)
                np.testing.assert_allclose(np.linalg.norm(d_w, axis=-1), np.linalg.norm(w, axis=-1))
    assert not np.allclose(ls.random_slice(0)[0], ls.random_slice(1)[0])  # two draws


# -- random slices ---------------------------------------------------------------------------


def test_both_random_slices_are_lowest_at_the_trained_point():
    """On the full grid the figure draws, the centre is the lowest point, and the centre and the
    edges' midpoints the chapter quotes are the full grid's."""
    n = ls.random_numbers()
    mid = ls.GRID // 2
    for draw in (0, 1):
        _, _, loss = ls.random_slice(draw)
        assert loss.min() == loss[mid, mid]
        assert n[draw]["centre"] == pytest.approx(loss[mid, mid], rel=1e-12)
        edges = [loss[mid, -1], loss[mid, 0], loss[-1, mid], loss[0, mid]]
        np.testing.assert_allclose(n[draw]["edges"], edges, rtol=1e-12)
        assert n[draw]["centre"] == pytest.approx(n["end_loss"], rel=1e-12)


def test_the_random_picture_depends_on_the_draw():
    """'One unit out ... anywhere from ... to ..., a factor of ...: whether the minimum looks like
    a round bowl or a long valley depends on the draw.'"""
    n = ls.random_numbers()
    assert n["edge_ratio"] > 5
    first, second = n[0]["edges"], n[1]["edges"]
    # the first draw's minimum is a valley (steep across, shallow along), the second's rounder
    assert max(first) / min(first) > 5
    assert max(first) / min(first) > 1.5 * max(second) / min(second)
    assert n["edge_min"] == min(first + second)
    assert n["edge_max"] == max(first + second)


def test_a_random_plane_holds_almost_none_of_the_path_the_principal_plane_almost_all():
    n, own = ls.random_numbers(), ls.pca_numbers()["GradientDescent"]
    for draw in (0, 1):
        assert n[draw]["start_held_sq"] < 0.05
        assert n[draw]["coord_max"] < 0.1 * ls.SPAN  # "the short squiggle under each star"
        assert n[draw]["start_distance"] == pytest.approx(own["start_distance"])
    assert own["start_held_sq"] > 0.9


# -- each run in its own plane -------------------------------------------------------------------


def test_gradient_descents_plane_explains_more_than_ninety_percent():
    n = ls.pca_numbers()["GradientDescent"]
    assert n["explained"][0] > n["explained"][1]
    assert n["explained_sum"] > 0.9  # "the kind of share that makes the picture look complete"


def test_the_iterates_are_off_the_plane_and_the_start_shows_a_lower_loss():
    for key in KEYS:
        n, p = ls.pca_numbers()[key], ls.pca(key)
        assert n["off_end"] == pytest.approx(0, abs=1e-12)  # the end is the centre
        assert n["shadow_end"] == pytest.approx(n["loss_end"], rel=1e-10)
        assert n["off_start"] > 0.1 * n["start_distance"]
        assert n["shadow_start"] < n["loss_start"]
        assert np.all(p["off"][:-1] > 0)  # "the iterates are not on it"


def test_each_spike_of_gradient_descent_follows_a_sharpness_past_two_over_alpha():
    sharp = ls.spike_sharpness()
    n = ls.pca_numbers()["GradientDescent"]
    assert sharp["limit"] == 10
    assert sharp["start"] < sharp["limit"]  # "rises from ... past 2/α = 10"
    assert len(sharp["before"]) == len(n["spikes"]) == 3
    assert all(s > sharp["limit"] for s in sharp["before"])
    assert all(s < sharp["limit"] for s in sharp["after"])
    assert sharp["around"] == 5
    assert "Five steps before each the sharpness is above" in flat(CHAPTER)
    for key in ("Momentum", "Adam"):
        assert ls.pca_numbers()[key]["spikes"] == []


def test_gradient_descents_spikes_happen_off_the_plane_where_the_slice_is_low():
    n, p = ls.pca_numbers()["GradientDescent"], ls.pca("GradientDescent")
    assert n["spikes"][0] == n["spike_at"]  # the first spike is the highest loss
    for at, loss, shadow, off in zip(
        n["spikes"], n["spike_losses"], n["spike_shadows"], n["spike_offs"], strict=True
    ):
        assert loss > 10 * p["loss"][at - 10]
        assert off > 1.5 * p["off"][at - 10]  # "the iterate jumps off the plane"
        assert loss / shadow > 30  # "30 to 90 times lower" (the claims page)
    ratios = [
        loss / shadow for loss, shadow in zip(n["spike_losses"], n["spike_shadows"], strict=True)
    ]
    assert max(ratios) < 100


def test_the_shadow_climbs_contours_at_other_steps_than_the_run():
    own = ls.pca_numbers()
    gd = own["GradientDescent"]
    assert gd["shadow_rises"] > 5 * gd["rises"]  # "many more steps"
    for key in ("Momentum", "Adam"):  # "the other way round"
        assert own[key]["rises"] > own[key]["shadow_rises"]
    assert own["Momentum"]["shadow_rises"] == 0  # "its shadow never climbs a contour"
    assert all(own[k]["steps"] == ls.STEPS for k in KEYS)


def test_momentum_is_the_straightest_and_fullest_adam_the_least_explained():
    own = ls.pca_numbers()
    winding = {k: own[k]["winding"] for k in KEYS}
    explained = {k: own[k]["explained_sum"] for k in KEYS}
    assert min(winding, key=winding.get) == "Momentum"
    assert max(explained, key=explained.get) == "Momentum"
    assert min(explained, key=explained.get) == "Adam"
    off = {k: own[k]["off_start"] for k in KEYS}
    assert max(off, key=off.get) == "Adam"
    # "Here the two directions of a run hold between (Adam's) and (momentum's)"
    assert "between {glue:text}`ls_adam_explained_sum:.0%` and" in flat(CHAPTER)


# -- the three runs in one plane ---------------------------------------------------------------


def test_the_three_runs_end_at_three_different_points():
    apart = ls.common_numbers()["apart"]
    assert all(d > 1 for d in apart.values())
    assert apart["GradientDescent-Momentum"] < min(apart["GradientDescent-Adam"],
                                                   apart["Momentum-Adam"])  # fmt: skip


def test_the_common_plane_explains_not_much_less_than_the_own_planes():
    c, own = ls.common_numbers(), ls.pca_numbers()
    own_sums = [own[k]["explained_sum"] for k in KEYS]
    assert c["explained_sum"] < min(own_sums)
    assert min(own_sums) - c["explained_sum"] < 0.05  # "not much less"
    assert c["explained_sum"] > 0.9


def test_the_common_plane_misses_every_end_and_shows_a_far_higher_loss_there():
    c = ls.common_numbers()
    for key in KEYS:
        assert c[key]["off_start"] == pytest.approx(0, abs=1e-12)  # "d_0 = 0"
        assert c[key]["off_end"] > 0.5
        ratio = c[key]["shadow_end"] / c[key]["loss_end"]
        assert 20 < ratio < 80  # "20 to 80 times" (the claims page)
    # "the lowest loss of the whole slice is ..., above all three final losses"
    assert c["slice_min"] > max(c[k]["loss_end"] for k in KEYS)


def test_the_plane_through_the_ends_holds_them_and_misses_the_start():
    e = ls.ends_plane_numbers()
    for key in KEYS:
        assert e[key]["off_end"] == pytest.approx(0, abs=1e-12)
    assert e["start_distance"] > 2
    assert e["start_distance"] > max(ls.common_numbers()[k]["off_end"] for k in KEYS)


# -- exercise -----------------------------------------------------------------------------------


def test_exercise_adam_needs_the_most_directions_momentum_the_fewest():
    ex = ls.exercise_numbers()
    components = {k: ex[k]["components"] for k in KEYS}
    assert max(components, key=components.get) == "Adam"
    assert min(components, key=components.get) == "Momentum"
    assert len(set(components.values())) == 3
    for key in KEYS:  # the same iterates as the principal directions
        assert ex[key]["two"] == pytest.approx(ls.pca_numbers()[key]["explained_sum"])
    assert ls.TARGET == 0.99
    assert "How many does it take to hold 99%" in flat(CHAPTER)


# -- the script is the same experiment, the captions say what it draws ---------------------------


def test_gallery_script_runs_the_chapters_experiment():
    script = gallery(SCRIPT)
    assert "Network(*wave_data(n=100), widths=(16, 16))" in script
    assert "init_params(seed=0)" in script
    assert literal(script, "steps") == ls.STEPS == 500
    assert literal(script, "span") == ls.SPAN
    assert "every, grid, margin = 5, 41, 0.2" in script
    assert (ls.EVERY, ls.GRID, ls.MARGIN) == (5, 41, 0.2)
    assert "zip(raxes, [(0, 1), (2, 3)]" in script
    assert ls.DRAWS == ((0, 1), (2, 3))
    for call in ("descent.GradientDescent(lr=0.2)", "descent.Momentum(lr=0.02, beta=0.9)",
                 "descent.Adam(lr=0.01)"):  # fmt: skip
        assert call in script
    assert [repr(o) for o in ls.OPTIMIZERS.values()] == [
        repr(descent.GradientDescent(lr=0.2)),
        repr(descent.Momentum(lr=0.02, beta=0.9)),
        repr(descent.Adam(lr=0.01)),
    ]
    assert "pca_directions(traj.path[::every])" in script
    assert "pca_directions(stacked, center=start)" in script


def test_captions_name_the_runs_settings():
    assert "Gradient descent at α = 0.2" in figure(CHAPTER, "fig-landscape-gd")
    own = figure(CHAPTER, "fig-landscape-own")
    assert "Momentum ($\\alpha = 0.02$, $\\beta = 0.9$) and Adam ($\\alpha = 0.01$)" in own
    assert "on $[-1, 1]^2$, for two draws" in figure(CHAPTER, "fig-landscape-random")
    assert "a grid of {glue:text}`ls_grid` × {glue:text}`ls_grid`" in flat(CHAPTER)


def test_chapter_names_no_internal_source_or_test():
    prose = re.sub(r"```\{code-cell\}.*?```", "", text(CHAPTER), flags=re.S)
    prose = prose.replace(
        "[Common claims, checked](../claims.md#lab-the-loss-landscape-of-a-network)", ""
    )
    assert not re.search(r"source text|seed|test_\w+|tests/|claims", prose)
