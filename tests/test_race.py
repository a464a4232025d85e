"""The race of the last chapter (descent.race): one experiment, over the seven of its chapter."""

import dataclasses

import numpy as np
import pytest

from descent import race
from descent.optimizers import ALL
from descent.surfaces import ALL as SURFACES


def test_the_racers_are_the_first_seven_of_the_registry_and_the_tables_cover_them():
    assert list(race.RACERS) == list(ALL)[:7]
    assert all(race.RACERS[name] is ALL[name] for name in race.RACERS)
    assert list(race.REMEMBERS) == list(race.RACERS)
    for name in race.SURFACES:
        assert name in race.START
        assert name in race.STEPS


@pytest.mark.parametrize("name", list(ALL))
def test_every_optimizer_races_at_descents_defaults_but_lr(name):
    opt = race.make(name)(0.01)
    assert type(opt) is ALL[name]
    assert opt.lr == 0.01
    for field in dataclasses.fields(opt):
        if field.name != "lr" and field.default is not None:  # None: set at construction
            assert getattr(opt, field.name) == field.default


@pytest.mark.parametrize("surface", race.SURFACES)
def test_starts_are_inside_the_window(surface):
    x0, x1, y0, y1 = SURFACES[surface].extent
    starts = np.vstack([race.sweep_starts(surface), race.START[surface]])
    assert starts.shape == (race.SWEEP_STARTS + 1, 2)
    assert np.all((x0 <= starts[:, 0]) & (starts[:, 0] <= x1))
    assert np.all((y0 <= starts[:, 1]) & (starts[:, 1] <= y1))


def test_each_racer_runs_at_its_own_best_rate():
    sweeps = race.sensitivity("himmelblau", steps=50)
    assert list(sweeps) == list(race.RACERS)
    runs = race.race("himmelblau", sweeps, steps=20)
    assert list(runs) == list(race.RACERS)
    for name, traj in runs.items():
        assert traj.optimizer == race.make(name)(sweeps[name].best_lr)
        np.testing.assert_array_equal(traj.path[0], race.START["himmelblau"])
        assert traj.updates == 20
    assert race.race("himmelblau", sweeps)["Adam"].updates == race.STEPS["himmelblau"]


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
