"""The race of the last chapter (descent.race): one experiment, over every rule on a plane."""

import dataclasses

import numpy as np
import pytest

import descent
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


# %% the fair race: held-out starts, bootstrap intervals, performance profiles


def test_held_out_starts_are_in_the_window_and_none_is_a_sweep_start():
    for s in race.SURFACES:
        held, swept = race.held_out_starts(s), race.sweep_starts(s)
        assert held.shape == (race.HELD_OUT, 2)
        lo, hi = np.reshape(SURFACES[s].extent, (-1, 2)).T
        assert np.all((held >= lo) & (held <= hi))
        assert not (held[:, None] == swept[None]).all(axis=-1).any()
    assert race.HELD_OUT_SEED != 0  # the sweep's seed


def test_the_race_and_the_held_out_runs_are_one_call_whose_race_lane_is_the_single_run():
    """Every lane is its own run: the race's start, run alone, gives the same run bit for bit,
    and so does a held-out start run alone."""
    sweeps = race.sensitivity("himmelblau", ["Adam", "LBFGS", "Newton"], steps=30)
    pairs = race._raced("himmelblau", sweeps, 40)
    for name, (traj, held) in pairs.items():
        opt = race.make(name)(sweeps[name].best_lr)
        alone = race.run(opt, SURFACES["himmelblau"], np.array(race.START["himmelblau"]), 40)
        np.testing.assert_array_equal(traj.path, alone.path)
        np.testing.assert_array_equal(traj.loss, alone.loss)
        k = 5
        one = race.run(opt, SURFACES["himmelblau"], held.starts[k], 40)
        np.testing.assert_array_equal(held.path[:, k], one.path[held.at])
        assert held.steps_to_tol[k] == (-1 if one.diverged else one.steps_to(race.TOL)[()])
        assert held.lr == sweeps[name].best_lr
        assert held.budget == 40
        assert held.at[0] == 0
        assert held.at[-1] == 40


def test_a_held_out_run_replayed_by_hand_takes_exactly_the_rules_steps():
    """No clipping, no rescaling: step by step, opt.step on the surface's own gradient."""
    sweeps = race.sensitivity("rosenbrock", ["Adam"], steps=20)
    held = race.score("rosenbrock", sweeps, steps=25)["Adam"]
    surface, opt = SURFACES["rosenbrock"], race.make("Adam")(held.lr)
    x = held.starts.copy()
    state = opt.init(x)
    for _ in range(25):
        x, state = opt.step(x, surface.grad(x), state)
    np.testing.assert_array_equal(x[~held.diverged], held.final[~held.diverged])


def test_scored_from_other_starts_each_lane_is_the_run_from_that_start():
    sweeps = race.sensitivity("himmelblau", ["Adam"], steps=20)
    starts = np.array([[1.0, 1.0], [-2.5, 3.0]])
    held = race.score("himmelblau", sweeps, steps=30, starts=starts)["Adam"]
    np.testing.assert_array_equal(held.starts, starts)
    for k, x0 in enumerate(starts):
        one = descent.run(race.make("Adam")(held.lr), SURFACES["himmelblau"], x0, 30)
        np.testing.assert_array_equal(held.final[k], one.final)
    with pytest.raises(TypeError, match="starts"):
        race.score("himmelblau", sweeps, starts="here")


def test_held_out_is_kept_with_the_experiment_and_read_back(tmp_path):
    first = race.held_out("himmelblau", ["Adam"], cache=tmp_path)
    sweeps, runs = race.experiment("himmelblau", ["Adam"], cache=tmp_path)  # read, not run
    assert len(list(tmp_path.glob("*.pkl"))) == 1
    again = race.held_out("himmelblau", ["Adam"], cache=tmp_path)
    np.testing.assert_array_equal(first["Adam"].steps_to_tol, again["Adam"].steps_to_tol)
    assert first["Adam"].lr == sweeps["Adam"].best_lr == runs["Adam"].optimizer.lr
    assert 0 <= first["Adam"].success_rate <= 1
    np.testing.assert_array_equal(np.isinf(first["Adam"].steps), first["Adam"].steps_to_tol < 0)


def test_bootstrap_median_is_the_median_and_its_interval_holds_it():
    values = np.arange(1.0, 52.0)
    median, lo, hi = race.bootstrap_median(values)
    assert median == 26
    assert lo < median < hi
    assert race.bootstrap_median(values) == (median, lo, hi)  # seeded
    narrow = race.bootstrap_median(values, level=0.5)
    assert lo <= narrow[1] <= narrow[2] <= hi
    assert race.bootstrap_median([7.0]) == (7.0, 7.0, 7.0)
    assert race.bootstrap_median([1.0, np.inf])[0] == np.inf  # half never finished
    assert race.bootstrap_median([1.0, 2.0, np.inf])[0] == 2.0


def test_bootstrap_medians_match_numpys_median_resample_by_resample():
    rng = np.random.default_rng(3)
    values = rng.integers(1, 100, size=31).astype(float)
    idx = np.random.default_rng(0).integers(0, len(values), size=(2000, len(values)))
    medians = np.sort(np.median(values[idx], axis=1))
    _, lo, hi = race.bootstrap_median(values)
    assert (lo, hi) == (medians[50], medians[1949])


def test_performance_profile_counts_problems_within_a_factor_of_the_best():
    costs = np.array([[10, 20, np.inf], [5, 5, 50], [np.inf, 40, 20], [np.inf] * 3])
    rho = race.performance_profile(costs, [1, 2, 4, np.inf])
    np.testing.assert_allclose(rho[0], [2, 2, 2, 2] / np.array(4.0))  # ties count for both
    np.testing.assert_allclose(rho[1], [1, 3, 3, 3] / np.array(4.0))
    np.testing.assert_allclose(rho[2], [1, 1, 1, 2] / np.array(4.0))
    assert np.all(np.diff(rho, axis=1) >= 0)  # non-decreasing in τ


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: race.bootstrap_median([]), "values"),
        (lambda: race.bootstrap_median([1.0, np.nan]), "values"),
        (lambda: race.bootstrap_median([[1.0]]), "values"),
        (lambda: race.bootstrap_median([1.0], level=1), "level"),
        (lambda: race.bootstrap_median([1.0], resamples=0), "resamples"),
        (lambda: race.performance_profile([[0.0, 1.0]], [1]), "costs"),
        (lambda: race.performance_profile([1.0, 2.0], [1]), "costs"),
        (lambda: race.performance_profile([[1.0, 2.0]], [0.5]), "taus"),
        (lambda: race.performance_profile([[1.0, 2.0]], []), "taus"),
        (lambda: race.held_out_starts("bowl"), "surface"),
        (lambda: race.held_out("himmelblau", ["Muon"]), "names"),
        (lambda: race.score("himmelblau", {}, steps=0), "steps"),
        (lambda: race.score("himmelblau", {}, starts=[1.0, 2.0]), "starts"),
        (lambda: race.score("himmelblau", {}, starts=np.zeros((0, 2))), "starts"),
        (lambda: race.score("himmelblau", {}, starts=np.zeros((2, 3))), "starts"),
        (lambda: race.score("himmelblau", {}, starts=[[0.0, np.nan]]), "starts"),
        (lambda: race.score("himmelblau", {}, starts=np.zeros((2, 2, 2))), "starts"),
    ],
)
def test_the_fair_races_functions_refuse_what_they_cannot_use(call, match):
    with pytest.raises(ValueError, match=match):
        call()
