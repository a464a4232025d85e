"""The real-model chapter's comparisons, asserted on the numbers its cells glue."""

from pathlib import Path

import pytest
from claims.real_model import full_batch, minibatch, torch_agreement, tuned_gd

CHAPTER = (Path(__file__).parents[1] / "docs" / "chapters" / "real-model.md").read_text()


def test_at_one_learning_rate_adam_beats_rmsprop_beats_momentum_beats_gradient_descent():
    f = full_batch()["final"]
    assert f["adam"] < f["rmsprop"] < f["momentum"] < f["gd"] < full_batch()["start"]
    assert full_batch()["best"] == "adam"


def test_gradient_descent_is_no_better_than_a_straight_line():
    fb = full_batch()
    assert fb["final"]["gd"] > fb["line"]
    assert fb["gd_over_best"] > 3


def test_gradient_descent_is_still_falling_at_the_end():
    assert full_batch()["gd_last50"] > 0.01


def test_tuned_gradient_descent_matches_adam_and_too_large_a_rate_breaks_it():
    """The exercise: α = 0.1 still behind, α = 0.5 as low as Adam at 0.01, α = 0.8 breaks."""
    t, fb = tuned_gd(), full_batch()
    f = t["final"]
    assert fb["final"]["gd"] > f[0.1] > f[0.3] > f[0.5]
    assert f[0.1] > 2 * t["adam"]  # still well behind
    assert f[0.5] <= 1.01 * t["adam"]
    assert f[0.8] == pytest.approx(t["var_y"], rel=1e-3)  # a constant prediction


def test_the_network_has_31_parameters_and_200_points():
    fb = full_batch()
    assert fb["n_params"] == 31
    assert fb["n_points"] == 200
    assert "31 parameters" in CHAPTER
    assert "31 numbers" in CHAPTER


def test_an_epoch_of_minibatch_sgd_is_seven_updates_six_of_32_and_one_of_8():
    m = minibatch()
    assert m["per_epoch"] == 7
    assert m["full_batches"] == 6
    assert m["last_batch"] == 8
    assert m["updates"] == 7 * 200
    assert "seven updates per epoch" in CHAPTER


def test_minibatch_sgd_beats_batch_gradient_descent_for_every_shuffling_seed():
    m = minibatch()
    assert max(m["losses"].values()) < m["gd"]


def test_descent_reproduces_torchs_recorded_losses():
    a = torch_agreement()
    assert a["curves"] == 4
    assert a["epochs"] == 200
    assert a["worst"] < 1e-13
