"""The race of the last chapter (descent.race): one experiment, over every rule on a plane."""

import dataclasses

import numpy as np
import pytest

from descent import race
from descent.optimizers import ALL
from descent.surfaces import ALL as SURFACES


def test_the_racers_are_the_first_seven_and_the_swept_every_rule_but_muon_in_registry_order():
    assert list(race.RACERS) == list(ALL)[:7]
    assert all(race.RACERS[name] is ALL[name] for name in race.RACERS)
    assert list(race.SWEPT) == [name for name in ALL if name != "Muon"]
    assert all(race.SWEPT[name] is ALL[name] for name in race.SWEPT)
    assert list(race.REMEMBERS) == list(race.SWEPT)
    for name in race.SURFACES:
        assert name in race.START
        assert name in race.STEPS


@pytest.mark.parametrize("name", list(ALL))
def test_every_optimizer_races_at_descents_defaults_but_lr(name):
    opt = race.make(name)(0.01)
    assert type(opt) is ALL[name]
    assert opt.lr == 0.01
    for field in dataclasses.fields(opt):
        if field.name == "history_size" and name == "LBFGS":
            assert opt.history_size == race.LBFGS_HISTORY < field.default
        elif field.name != "lr" and field.default is not None:  # None: set at construction
            assert getattr(opt, field.name) == field.default


def test_what_each_remembers_matches_its_state():
    """A rule said to remember nothing keeps nothing but the update count."""
    for name, text in race.REMEMBERS.items():
        opt = race.make(name)(0.01)
        state = opt.init(np.zeros((3, 2)))
        arrays = [f for f in state._fields if f != "count"]
        assert (text == "nothing") == (not arrays), name


@pytest.mark.parametrize("surface", race.SURFACES)
def test_starts_are_inside_the_window(surface):
    x0, x1, y0, y1 = SURFACES[surface].extent
    starts = np.vstack([race.sweep_starts(surface), race.START[surface]])
    assert starts.shape == (race.SWEEP_STARTS + 1, 2)
    assert np.all((x0 <= starts[:, 0]) & (starts[:, 0] <= x1))
    assert np.all((y0 <= starts[:, 1]) & (starts[:, 1] <= y1))


def test_each_racer_runs_at_its_own_best_rate():
    sweeps = race.sensitivity("himmelblau", race.RACERS, steps=50)
    assert list(sweeps) == list(race.RACERS)
    runs = race.race("himmelblau", sweeps, steps=20)
    assert list(runs) == list(race.RACERS)
    for name, traj in runs.items():
        assert traj.optimizer == race.make(name)(sweeps[name].best_lr)
        np.testing.assert_array_equal(traj.path[0], race.START["himmelblau"])
        assert traj.updates == 20
    assert race.race("himmelblau", sweeps)["Adam"].updates == race.STEPS["himmelblau"]


def test_every_swept_rule_runs_on_the_plane():
    sweeps = race.sensitivity("himmelblau", steps=3)
    assert list(sweeps) == list(race.SWEPT)
    assert all(np.isfinite(sw.best_lr) for sw in sweeps.values())


def test_the_experiment_kept_in_a_folder_is_the_one_run_and_old_files_go(tmp_path):
    names = ["Newton", "Adam"]
    sweeps, runs = race.experiment("himmelblau", names)
    stale = tmp_path / f"race-himmelblau-Adam-{'0' * 16}.pkl"  # another version of descent's
    stale.write_bytes(b"")
    kept, kept_runs = race.experiment("himmelblau", names, cache=tmp_path)
    assert not stale.exists()
    assert len(list(tmp_path.glob("*.pkl"))) == len(names)
    again, again_runs = race.experiment("himmelblau", names, cache=str(tmp_path))  # read back
    for name in names:
        for other in (kept, again):
            np.testing.assert_array_equal(other[name].excess, sweeps[name].excess)
            assert other[name].best_lr == sweeps[name].best_lr
        for other in (kept_runs, again_runs):
            np.testing.assert_array_equal(other[name].path, runs[name].path)
            assert other[name].optimizer == runs[name].optimizer


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: race.experiment("himmelblau", ["Muon"]), "names"),
        (lambda: race.experiment("himmelblau", ["adam"]), "names"),
        (lambda: race.sensitivity("himmelblau", [3]), "names"),
        (lambda: race.experiment("bowl"), "surface"),
        (lambda: race.race(None), "surface"),
        (lambda: race.make("SGD"), "name"),
    ],
)
def test_hostile_names_and_surfaces_are_refused_naming_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_a_cache_that_is_not_a_folder_is_refused():
    with pytest.raises(TypeError, match="cache"):
        race.experiment("himmelblau", ["Adam"], cache=3)


def test_rates_tied_at_rounding_go_to_the_fastest_then_to_the_one_most_runs_finish():
    """best_lr: the lowest median excess loss, unless several medians are at rounding level;
    then the fewest median steps to the tolerance, then the most runs that get there."""
    from descent.sweeps import ROUNDING, LRSweep

    lrs = np.array([0.01, 0.1, 1.0, 10.0])
    excess = np.array([[1e-30, 0.0, 0.0], [1e-25, 1e-28, 0.0], [0.0, 0.0, 0.0], [1e-3] * 3])
    assert np.all(excess[:3] <= ROUNDING)
    calm = np.zeros((4, 3), bool)
    steps = np.array([[40, 60, 50], [20, 30, 25], [20, -1, 30], [-1, -1, -1]])  # 50, 25, 30
    sweep = LRSweep(lrs, excess, calm, steps)
    assert sweep.tied.tolist() == [True, True, True, False]
    assert sweep.best_lr == 0.1  # not 1.0, whose median excess is the lowest by rounding alone
    # equally fast in the median (25): the one at which more runs get there
    steps = np.array([[40, 60, 50], [20, 25, -1], [20, 25, 30], [-1, -1, -1]])
    assert LRSweep(lrs, excess, calm, steps).best_lr == 1.0
    # above rounding the lowest median wins, and without steps recorded too
    plain = LRSweep(lrs, excess + np.array([[3.0], [2.0], [1.0], [4.0]]), calm, steps)
    assert plain.tied.tolist() == [False, False, True, False]
    assert plain.best_lr == 1.0
    assert LRSweep(lrs, excess, calm).best_lr == 0.01  # no steps: equal keys, the lowest rate
