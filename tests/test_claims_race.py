"""The race chapter's comparisons, asserted on the numbers its cells glue.

The sweeps and the races run once (``claims.race.experiment`` is cached) and every test reads
them; the texts that cannot glue (figure captions and alt text of the animations, the gallery
scripts' prose) are read and checked against the experiment's settings.
"""

import re
from pathlib import Path

import numpy as np
import pytest
from claims import fair_race
from claims.race import (
    ADAPTIVE,
    LONG,
    PROSE,
    SIGN,
    SPIKE,
    TOL,
    TOL_SWEEP,
    adamw_numbers,
    exercise_numbers,
    experiment,
    race_numbers,
    sweep_numbers,
)

import descent
from descent.optimizers import ALL as REGISTRY
from descent.race import (
    LBFGS_HISTORY,
    LRS,
    START,
    STEPS,
    SURFACES,
    SWEEP_STARTS,
    SWEEP_STEPS,
    SWEPT,
)
from descent.race import RACERS as OPTIMIZERS  # the seven the race animates
from descent.surfaces import ALL

ROOT = Path(__file__).parents[1]
CHAPTER = (ROOT / "docs" / "chapters" / "race.md").read_text()
GALLERY_RACE = (ROOT / "gallery" / "plot_race.py").read_text()
GALLERY_SENSITIVITY = (ROOT / "gallery" / "plot_sensitivity.py").read_text()


def _math(point):
    """A start as the captions write it: $(-1.5,\\ 2.5)$."""
    return "$(" + r",\ ".join(f"{v:g}" for v in point) + ")$"


# %% the settings the prose states without glue


def test_captions_state_each_races_start_and_length():
    captions = dict(re.findall(r":caption: (\w+) from (\$[^$]+\$)", CHAPTER))
    assert list(captions) == [ALL[s].name.capitalize() for s in SURFACES]
    for s in SURFACES:
        assert captions[ALL[s].name.capitalize()] == _math(START[s])
    assert f"{STEPS['rosenbrock']} steps, loss below" in CHAPTER
    assert STEPS["beale"] == STEPS["rosenbrock"]  # "Beale ..., same rules"
    assert f"same rules, {STEPS['himmelblau']} steps." in CHAPTER


def test_alt_texts_and_minima_are_the_surfaces():
    assert len(OPTIMIZERS) == 7
    assert CHAPTER.count(":alt: Seven paths") == 3
    np.testing.assert_allclose(ALL["rosenbrock"].minima, [[1.0, 1.0]])
    assert "the minimum $(1, 1)$" in CHAPTER
    np.testing.assert_allclose(ALL["beale"].minima, [[3.0, 0.5]])
    assert "ends at the minimum (3, 0.5)" in CHAPTER
    assert r"the minimum is $(3, \tfrac12)$" in CHAPTER
    himmelblau = ALL["himmelblau"]
    assert len(himmelblau.minima) == 4  # "Four minima of value 0"
    np.testing.assert_allclose(himmelblau(np.asarray(himmelblau.minima)), 0, atol=1e-20)
    assert himmelblau.min_value == 0


def test_rosenbrock_alt_text_gradient_descent_alone_leaves_the_frame_and_diverges():
    r = race_numbers()
    left = r["left_frame_at"]["rosenbrock"]
    assert all(t == -1 for o, t in left.items() if o != "GradientDescent")
    assert 0 < left["GradientDescent"] < r["gd_diverged_at"]
    assert (
        f"gradient descent leaves the frame at step {left['GradientDescent']} and diverges at "
        f"step {r['gd_diverged_at']}."
    ) in CHAPTER


def test_beale_alt_text_only_adam_ends_at_the_minimum_rmsprop_is_thrown_off():
    """The alt: only Adam ends at (3, 0.5); RMSProp gets there and leaves; four end short of
    it; gradient descent ends far from it."""
    r = race_numbers()
    loss, distance = r["final_loss"]["beale"], r["beale_distance"]
    at_minimum = [o for o in OPTIMIZERS if loss[o] <= TOL]
    assert at_minimum == ["Adam"]
    assert distance["Adam"] < 1e-6
    assert r["steps"]["beale"]["RMSProp"] >= 0  # it reached the tolerance ...
    assert loss["RMSProp"] > 1  # ... and ends far above it
    short = ["Momentum", "Nesterov", "AdaGrad", "AdamW"]  # "four others end short of it"
    assert all(TOL < loss[o] < 0.1 and distance[o] < 0.5 for o in short)
    assert loss["GradientDescent"] > 1
    assert distance["GradientDescent"] > 4
    assert "RMSProp reaches it and is thrown off again, four others end short of it" in CHAPTER


def test_tolerances_in_the_prose_are_the_ones_computed_with():
    assert TOL == 1e-6
    assert TOL_SWEEP == 1e-3
    assert "within $10^{-3}$ of the minimum" in CHAPTER
    assert "held-out starts per surface that reach $10^{-6}$\nwithin the race's budget" in CHAPTER
    assert "the dotted line marks\n$10^{-6}$" in CHAPTER


def test_a_rate_is_drawn_at_the_top_when_half_the_starts_or_more_diverge():
    """The median is inf exactly then, and no finite median of the seven curves reaches the
    plot's clip at 1e4."""
    sweeps, _ = experiment()
    for by in sweeps.values():
        for sweep in (by[o] for o in OPTIMIZERS):  # the curves of the figure
            half = sweep.diverged.sum(axis=1) >= sweep.excess.shape[1] / 2
            np.testing.assert_array_equal(np.isinf(sweep.median), half)
            assert np.all(sweep.median[~half] < 1e4)
    assert "half the starts or more diverge" in CHAPTER
    assert "half the starts or more diverge" in GALLERY_SENSITIVITY


def test_gallery_prose_states_the_experiment():
    n = f"{len(LRS)} rates × {SWEEP_STARTS} random starts"
    assert n in GALLERY_RACE
    assert f"{STEPS['rosenbrock']} steps, {STEPS['himmelblau']} on Himmelblau" in GALLERY_RACE
    assert f"This race is {STEPS['himmelblau']} steps long" in GALLERY_RACE
    lo, hi = np.log10(LRS[[0, -1]])
    assert f"{len(LRS)} learning rates from :math:`10^{{{lo:g}}}` to :math:`10^{{{hi:g}}}`" in (
        GALLERY_SENSITIVITY
    )
    assert f"{SWEEP_STARTS} random starts,\n{SWEEP_STEPS} steps" in GALLERY_SENSITIVITY
    assert f"{len(LRS)} × {SWEEP_STARTS} runs at once" in GALLERY_SENSITIVITY


def test_himmelblaus_finishers_are_done_well_within_its_shorter_race():
    """The gallery's seven: "those that get within the tolerance here do so in fewer than 250"."""
    steps = race_numbers()["steps"]["himmelblau"]
    done = [steps[o] for o in OPTIMIZERS if steps[o] >= 0]
    assert max(done) < 250 < STEPS["himmelblau"]
    assert "do so in fewer than 250" in GALLERY_RACE


# %% the sweep


def test_sweep_sizes():
    sw = sweep_numbers()
    assert (sw["n_lrs"], sw["n_starts"], sw["steps"]) == (19, 64, 1000)
    assert sw["spacing"] == pytest.approx(0.25)  # "the quarter of a decade around it"


def test_every_best_rate_is_unique():
    """No best rate is a tie-break between equals: at rounding level the tied rates' medians
    of steps to the tolerance (then the number of runs that get there) single one out, and
    above it the lowest median is strictly lowest."""
    sweeps, _ = experiment()
    for by in sweeps.values():
        for sw in by.values():
            key = sw.ranking()
            tied = sorted(key[i][:2] for i in np.flatnonzero(sw.tied))
            assert len(tied) == 1 or tied[0] < tied[1]
            median = sw.median
            if sw is by.get("Adafactor"):  # rates from 1 up make one run: count it once
                capped = LRS >= 1
                np.testing.assert_array_equal(
                    sw.excess[capped], sw.excess[capped][:1].repeat(capped.sum(), axis=0)
                )
                median = median[~capped | (LRS[capped][0] == LRS)]
            median = np.sort(median[np.isfinite(median)])
            assert len(median) < 2 or median[0] < median[1] or sw.tied.sum() > 1


def test_on_himmelblau_rates_tie_at_rounding_and_the_fastest_is_the_best():
    sweeps, _ = experiment()
    for sw in sweeps["himmelblau"].values():
        if sw.tied.sum() > 1:
            assert np.all(sw.median[sw.tied] <= 1e-20)
            assert sw.best_lr in sw.lrs[sw.tied]
    by = sweeps["himmelblau"]
    assert sum(sw.tied.sum() > 1 for sw in by.values()) > len(by) / 2  # "most"
    assert sum(by[o].tied.sum() > 1 for o in OPTIMIZERS) > len(OPTIMIZERS) / 2
    assert "bring\nthe median run to the minimum to rounding" in CHAPTER


def test_gradient_descents_best_rates_differ_by_a_large_factor_adams_by_a_small_one():
    """The prose: gradient descent's best rates differ by a factor of 18, Adam's do differ less."""
    sw = sweep_numbers()
    assert sw["gd_best_spread"] > 10
    # "in the reverse order of the best rates": the larger the gradients, the smaller the rate
    best = {s: sw["per"][s]["GradientDescent"]["best_lr"] for s in SURFACES}
    assert sorted(SURFACES, key=sw["grad_median"].get) == sorted(SURFACES, key=best.get)[::-1]
    assert sorted(SURFACES, key=sw["grad_median"].get) == ["himmelblau", "rosenbrock", "beale"]
    assert sw["adam_best_spread"] < sw["gd_best_spread"] / 5


def test_adams_rosenbrock_band_is_good_on_himmelblau_gradient_descent_has_none_on_rosenbrock():
    per = sweep_numbers()["per"]
    rosen, himmel = per["rosenbrock"]["Adam"], per["himmelblau"]["Adam"]
    assert rosen["reached"]
    assert np.all(himmel["good"][rosen["good"]])  # every good rate on Rosenbrock
    lo, hi = rosen["band"]
    good = np.flatnonzero(rosen["good"])  # the band is all of them, without a gap
    assert np.all(np.diff(good) == 1)
    np.testing.assert_array_equal(LRS[good[[0, -1]]], (lo, hi))
    assert per["himmelblau"]["GradientDescent"]["reached"]
    assert not per["rosenbrock"]["GradientDescent"]["good"].any()


def test_momentums_and_nesterovs_single_good_rosenbrock_rate_is_good_on_himmelblau_too():
    sw = sweep_numbers()
    for o in ("Momentum", "Nesterov", "Adam"):
        assert sw["transfer"][o]["good_on_himmelblau"]
    assert sw["transfer"]["Momentum"]["rosenbrock"] == sw["transfer"]["Nesterov"]["rosenbrock"]
    (rate,) = sw["transfer"]["Momentum"]["rosenbrock"]  # "a single rate of the grid"
    for o in ("Momentum", "Nesterov"):
        lo, hi = sw["per"]["himmelblau"][o]["band"]
        assert lo <= rate <= hi  # inside the band, not only good


def test_adam_is_the_most_forgiving_and_rmsprop_the_least_split_by_a_hole():
    """Of the seven."""
    sw = sweep_numbers()
    assert sw["ranking"][0] == "Adam"
    assert sw["ranking"][-1] == "RMSProp"
    assert sorted(sw["ranking"]) == sorted(OPTIMIZERS)
    forgiving = {o: sw["forgiving"][o] for o in OPTIMIZERS}
    assert forgiving["Adam"] > max(v for o, v in forgiving.items() if o != "Adam")
    assert forgiving["RMSProp"] < min(v for o, v in forgiving.items() if o != "RMSProp")
    good = sw["per"]["himmelblau"]["RMSProp"]["good"]
    runs = [r for r in "".join("#" if g else "." for g in good).split(".") if r]
    assert len(runs) == 2  # "on either side of a hole"
    assert sw["rms_hole_decades"] == pytest.approx(2)
    assert sw["rms_decades_before_fix"] == pytest.approx(3.25)  # 13 rates, a quarter decade each
    assert sw["per"]["himmelblau"]["RMSProp"]["decades"] < sw["rms_decades_before_fix"]


def test_on_beale_no_median_run_gets_there_adam_comes_closest():
    sw = sweep_numbers()
    beale = {o: sw["per"]["beale"][o] for o in OPTIMIZERS}
    assert not any(d["reached"] for d in beale.values())  # "never" in all seven cells
    assert sw["beale_closest"] == "Adam"
    assert sw["beale_closest_median"] == min(d["min_median"] for d in beale.values())
    assert sw["beale_most"] == "Adam"
    assert sw["beale_most_starts"] <= sw["n_starts"] / 2  # at most half: the median misses


def test_momentum_and_nesterov_bands_are_wide_in_decades_but_tiny_and_end_in_divergence():
    sw = sweep_numbers()
    assert sw["ranking"][1:3] == ["Momentum", "Nesterov"]
    himmel = {o: sw["per"]["himmelblau"][o]["decades"] for o in OPTIMIZERS}
    assert sorted(himmel, key=himmel.get, reverse=True)[:2] == ["Adam", "Momentum"]
    for o in ("Momentum", "Nesterov"):
        assert sw["per"]["rosenbrock"][o]["good"].sum() == 1  # "a single rate of the grid"
    assert max(sw["momentum_top"].values()) < 0.02
    assert min(sw["diverged_above_band"].values()) > 0.5  # "more than half the starts"


# %% the race


def test_gradient_descent_diverges_on_rosenbrock_above_the_local_limit_at_the_start():
    r = race_numbers()
    assert r["gd_diverged"]
    assert r["gd_diverged_at"] > 0
    assert r["gd_limit_start"] < r["gd_lr"] < r["gd_limit_minimum"]


def test_the_winners_and_their_runners_up():
    w = race_numbers()["winners"]
    assert [w[s]["name"] for s in SURFACES] == ["Nesterov", "Adam", "Nesterov"]
    for s in SURFACES:
        assert 0 <= w[s]["steps"] < w[s]["second_steps"]
    # "Adaptive methods are not always the faster ones"
    assert any(w[s]["name"] not in ADAPTIVE for s in SURFACES)
    # "gradient descent ... here a close second in the Himmelblau race"
    assert w["himmelblau"]["second"] == "GradientDescent"
    assert w["himmelblau"]["second_steps"] - w["himmelblau"]["steps"] <= 5
    assert "close second of the seven in the Himmelblau race from one start" in " ".join(
        CHAPTER.split()
    )


def test_adam_and_schedule_free_adamw_alone_finish_all_three_races_adagrad_one():
    finished = race_numbers()["finished"]
    assert list(finished) == list(SWEPT)
    both = ["Adam", "ScheduleFreeAdamW"]
    assert [o for o, n in finished.items() if n == len(SURFACES)] == both
    assert "From these three starts only" in " ".join(CHAPTER.split())
    assert finished["AdaGrad"] == 1


@pytest.mark.parametrize("variant", fair_race.VARIANTS)
def test_the_summary_reads_the_fair_race_on_the_build_and_on_every_rerun(variant):
    """The summary's bullets, on the build's held-out runs and on each rerun from the starts
    nudged (where the build's numbers come out otherwise on another machine, the conclusions
    must not)."""
    fair = fair_race.summary_numbers(variant)
    t = fair_race.table_numbers(variant)
    half = fair_race.HELD_OUT / 2
    flat = " ".join(CHAPTER.split())
    # "schedule-free AdamW is, with L-BFGS, one of the two rules of which at least half ...
    # finish on all three surfaces, Adam on Beale aside"
    assert {"LBFGS", "ScheduleFreeAdamW"} <= set(fair["all_three"])
    assert set(fair["all_three"]) <= {"Adam", "LBFGS", "ScheduleFreeAdamW"}
    assert "schedule-free AdamW is, with L-BFGS, one of the two rules of which" in flat
    assert "surfaces, Adam on Beale aside" in flat
    # Adam: at least half on Rosenbrock and Himmelblau, about half on Beale
    assert t["rosenbrock"]["Adam"]["finished"] >= half
    assert t["himmelblau"]["Adam"]["finished"] >= half
    assert abs(t["beale"]["Adam"]["finished"] - half) <= fair_race.HELD_OUT / 8
    assert "finish on Rosenbrock and on Himmelblau and about half on Beale" in flat
    assert fair["none"] == ["AdamW", "Adadelta", "SignSGD", "Signum", "Lion"]
    # "L-BFGS finishes ... level with Adam's as the most of all": the two ahead of every other
    # rule by far, within 5 % of the runs of each other
    mean = fair["mean"]
    first, second, third = sorted(mean, key=mean.get, reverse=True)[:3]
    assert {first, second} == {"LBFGS", "Adam"}
    assert abs(mean["LBFGS"] - mean["Adam"]) <= 0.05
    assert mean[third] < min(mean["LBFGS"], mean["Adam"]) - 0.05
    assert "level with Adam's {glue:text}`fair_mean_Adam:.0%` as the most of all" in flat
    assert t["rosenbrock"]["LBFGS"]["finished"] == fair_race.HELD_OUT
    assert mean["Newton"] < mean["LBFGS"]
    # AdaGrad: none of its held-out runs on Rosenbrock finish; NAdam, Adafactor on Beale: few
    assert t["rosenbrock"]["AdaGrad"]["finished"] == 0
    assert t["beale"]["NAdam"]["finished"] < half
    assert t["beale"]["Adafactor"]["finished"] < half
    # the fastest of the seven in the median, from the held-out starts
    c = fair_race.comparison_numbers(variant)
    assert c["rosenbrock"]["fair_winner_seven"] == "Adam"
    assert c["himmelblau"]["fair_winner_seven"] == "GradientDescent"
    assert "level with AdaGrad" in flat


def test_adagrad_is_still_far_from_rosenbrocks_minimum_at_its_best_rate():
    r = race_numbers()
    assert r["adagrad_loss_half"] > r["adagrad_loss"] > 1
    assert r["adagrad_lr"] == sweep_numbers()["per"]["rosenbrock"]["AdaGrad"]["best_lr"]


def test_adamw_hovers_above_rosenbrocks_minimum_where_adam_comes_back_down():
    a = adamw_numbers()
    assert a["long"] == LONG > a["race_steps"]
    assert a["adamw_at_race_end"] > 1e6 * a["adam_at_race_end"]
    # both keep spiking late in the long run
    assert a["adamw_peak_late"] > 10 * SPIKE
    assert a["adam_peak_late"] > 10 * SPIKE
    # between the spikes Adam returns far below AdamW's floor, which does not sink
    assert a["adam_floor_late"] < 1e-6 * a["adamw_floor_late"]
    assert 0.5 < a["adamw_floor_late"] / a["adamw_floor_early"] < 2  # "about where it was"


def test_adamws_leftover_gradient_is_lambda_theta_times_the_rms_which_the_spikes_keep_large():
    a = adamw_numbers()
    np.testing.assert_allclose(a["mean_grad"], a["balance"], rtol=0.1)
    assert np.all(a["rms"] > 2 * a["rms_calm"])
    assert 0 < a["spike_share"] < 0.1
    # Xie & Li's box leaves the minimum (1, 1) free, and AdamW is inside it, off the minimum
    assert a["bound"] == 100
    assert np.abs(a["final"]).max() < a["bound"]
    assert np.abs(a["final"] - 1).max() > 0.01


def test_the_exercise_the_rates_below_the_starts_limit_do_not_diverge_and_stay_far():
    ex = exercise_numbers()
    assert ex["safe_are_the_lowest"]  # "the lowest rates of the grid", "every rate above it does"
    i = int(np.searchsorted(LRS, ex["largest_safe"]))
    assert LRS[i] == ex["largest_safe"]
    assert ex["largest_safe"] < ex["limit_start"] < LRS[i + 1]  # "just below the start's limit"
    assert ex["largest_safe_loss"] > 0.1  # "far from the minimum"
    assert ex["largest_safe_steps"] == -1
    assert 0 <= ex["nesterov_steps"] < ex["steps"]


def test_the_prose_names_every_racer():
    assert list(PROSE) == list(SWEPT)


def test_common_claims_rows_of_the_race_name_existing_tests():
    defined = set(re.findall(r"^def (test_\w+)", Path(__file__).read_text(), re.M))
    text = (ROOT / "docs" / "claims.md").read_text()
    section = text[text.index("## The race, and when to use what") :].split("\n## ")[0]
    cited = re.findall(r"`(test_\w+)`", section)
    assert len(cited) >= 6
    assert set(cited) <= defined, set(cited) - defined


def test_adams_default_rate_is_good_on_none_of_the_three_surfaces():
    # the claims page: "at α = 0.001 its median run is still more than 1 above the minimum
    # after 1,000 steps on each of the three surfaces"
    sw = sweep_numbers()
    assert sw["adam_default_lr"] == pytest.approx(1e-3)
    assert sw["steps"] == 1000
    assert all(v > 1 for v in sw["adam_default"].values())


def test_gradient_descents_best_rates_follow_the_limit_two_over_lambda_max():
    # race.md: the limit 2/λ_max at the sweep's starts is "in their order and within a factor
    # of 3 of each"
    sw = sweep_numbers()
    best = {s: sw["per"][s]["GradientDescent"]["best_lr"] for s in SURFACES}
    limit = sw["limit_median"]
    assert sorted(SURFACES, key=limit.get) == sorted(SURFACES, key=best.get)
    assert all(1 / 3 < best[s] / limit[s] < 3 for s in SURFACES)


def test_himmelblau_alt_five_end_in_one_minimum_adamw_short_of_it_nesterov_in_another():
    r = race_numbers()
    minima = ALL["himmelblau"].minima
    final = r["final"]["himmelblau"]
    nearest = {
        o: int(np.argmin(np.linalg.norm(minima - np.ravel(p), axis=-1))) for o, p in final.items()
    }
    main = nearest["Adam"]
    assert np.allclose(minima[main], [-3.78, -3.28], atol=0.01)  # "near (−3.8, −3.3)"
    at_main = [o for o, m in nearest.items() if m == main]
    assert len(at_main) == 6
    assert "Nesterov" not in at_main
    assert np.allclose(minima[nearest["Nesterov"]], [-2.81, 3.13], atol=0.01)  # "(−2.8, 3.1)"
    # "five end in the minimum ..., AdamW just short of it"
    for o in at_main:
        distance = np.linalg.norm(np.ravel(final[o]) - minima[main])
        assert (distance > 1e-3) == (o == "AdamW"), o


# %% all the rules on a plane


def test_every_rule_but_muon_is_swept_and_the_prose_says_why_muon_is_not():
    assert [o for o in REGISTRY if o not in SWEPT] == ["Muon"]
    assert "Muon is left out: its update orthogonalises a matrix" in CHAPTER
    sweeps, races = experiment()
    for s in SURFACES:
        assert list(sweeps[s]) == list(races[s]) == list(SWEPT)


def test_lbfgs_keeps_a_shorter_memory_than_torchs():
    assert LBFGS_HISTORY < descent.LBFGS().history_size == 100
    _, races = experiment()
    assert all(races[s]["LBFGS"].optimizer.history_size == LBFGS_HISTORY for s in SURFACES)


def test_of_all_rprop_lbfgs_and_adam_have_the_widest_bands_rprops_every_rate_on_two():
    sw = sweep_numbers()
    ranking = sw["ranking_all"]
    assert ranking[:3] == ["Rprop", "LBFGS", "Adam"]
    forgiving = sw["forgiving"]
    assert forgiving["Rprop"] > forgiving["LBFGS"] > forgiving["Adam"]
    assert forgiving["Adam"] > max(forgiving[o] for o in ranking[3:])  # strictly third
    full = len(LRS) * sw["spacing"]  # every rate of the grid, a quarter decade each
    for s in ("beale", "himmelblau"):
        d = sw["per"][s]["Rprop"]
        assert d["good"].all()
        assert d["decades"] == pytest.approx(full)
        assert d["band"] == (LRS[0], LRS[-1])
    # the figure's alt text: Rprop and L-BFGS at the top, Adadelta at the bottom
    assert ranking[-1] == "Adadelta"
    assert "Rprop and L-BFGS at the top, Adadelta at the bottom" in CHAPTER


def test_adadelta_has_no_good_rate_and_the_sign_steps_are_the_narrowest_after_it():
    sw = sweep_numbers()
    assert sw["never_good"] == ["Adadelta"]
    assert sw["forgiving"]["Adadelta"] == 0
    assert set(sw["ranking_all"][-4:-1]) == set(SIGN)  # "the narrowest bands after it"
    assert all(sw["forgiving"][o] > 0 for o in SIGN)


def test_on_beale_only_rprop_and_lbfgs_bring_the_median_run_within_tolerance():
    assert sweep_numbers()["beale_reached"] == ["Rprop", "LBFGS"]


def test_asgd_at_torchs_defaults_has_gradient_descents_bands():
    sw = sweep_numbers()
    for s in SURFACES:
        assert sw["per"][s]["ASGD"]["decades"] == sw["per"][s]["GradientDescent"]["decades"]
        assert sw["per"][s]["ASGD"]["band"] == sw["per"][s]["GradientDescent"]["band"]
    assert descent.ASGD().t0 > SWEEP_STEPS  # "its average starts only after t0 updates"
    # "a slowly decaying rate": at its highest good rate, less than a tenth lost in the sweep
    asgd = descent.ASGD()
    top = max(sw["per"][s]["ASGD"]["band"][1] for s in SURFACES if sw["per"][s]["ASGD"]["reached"])
    assert (1 + asgd.lambd * top * SWEEP_STEPS) ** -asgd.alpha > 0.9


def test_of_all_newton_nadam_and_lbfgs_win_and_the_runners_up():
    w = race_numbers()["winners_all"]
    assert [w[s]["name"] for s in SURFACES] == ["Newton", "NAdam", "LBFGS"]
    assert [w[s]["second"] for s in SURFACES] == ["Nesterov", "Adafactor", "Nesterov"]
    for s in SURFACES:
        assert 0 <= w[s]["steps"] < w[s]["second_steps"]
    # "Adaptive methods are not always the faster ones", of all as of the seven
    assert any(w[s]["name"] not in ADAPTIVE for s in SURFACES)
    assert w["beale"]["name"] in ADAPTIVE  # Adam's family won Beale


def test_newton_takes_the_full_step_and_ends_himmelblau_at_a_saddle():
    sw, r = sweep_numbers(), race_numbers()
    assert sw["per"]["rosenbrock"]["Newton"]["best_lr"] == 1  # "the full Newton step"
    assert r["winners_all"]["rosenbrock"]["name"] == "Newton"
    eig = r["newton_himmelblau_eig"]
    assert eig[0] < 0 < eig[1]  # a saddle point
    assert r["newton_himmelblau_grad"] < 1e-8  # where the gradient vanishes
    assert r["newton_himmelblau_loss"] > 100  # far above the minima's 0
    assert r["steps"]["himmelblau"]["Newton"] == -1


def test_newton_and_lbfgs_each_finish_one_race_the_one_they_win():
    r = race_numbers()
    finished, w = r["finished"], r["winners_all"]
    assert finished["Newton"] == finished["LBFGS"] == 1
    assert [s for s in SURFACES if r["steps"][s]["Newton"] >= 0] == ["rosenbrock"]
    assert [s for s in SURFACES if r["steps"][s]["LBFGS"] >= 0] == ["himmelblau"]
    assert w["rosenbrock"]["name"] == "Newton"
    assert w["himmelblau"]["name"] == "LBFGS"
    assert sweep_numbers()["ranking_all"][1] == "LBFGS"  # "the second widest"
    for s in ("rosenbrock", "beale"):
        assert r["final_loss"][s]["LBFGS"] > 0.1  # it ends far from the minimum


def test_rprop_the_sign_steps_and_adadelta_in_the_race():
    finished = race_numbers()["finished"]
    assert finished["Rprop"] == 1
    assert all(finished[o] == 0 for o in (*SIGN, "Adadelta"))
    fair = fair_race.summary_numbers()
    assert fair["half"]["Rprop"] == 2  # Beale and Himmelblau
    assert max(fair["mean"][o] for o in (*SIGN, "Adadelta")) < 0.02  # "almost none"
    narrowest = sweep_numbers()["ranking_all"][-4:]
    assert set(narrowest) == {*SIGN, "Adadelta"}  # "with the narrowest bands of all"


def test_adams_family_nadam_wins_beale_adamax_as_wide_as_adam_radam_narrow():
    sw, r = sweep_numbers(), race_numbers()
    assert r["winners_all"]["beale"]["name"] == "NAdam"
    himmel = sw["per"]["himmelblau"]
    assert himmel["Adamax"]["decades"] == himmel["Adam"]["decades"]
    third = len(SWEPT) // 3
    assert "RAdam" in sw["ranking_all"][-third:]  # "among the narrowest"
    assert r["finished"]["RAdam"] == 0


def test_most_rows_of_the_figure_show_never_on_two_surfaces_or_three():
    finished = race_numbers()["finished"]
    assert sum(n <= 1 for n in finished.values()) > len(finished) / 2


def test_what_each_rule_remembers_is_in_the_table_for_all():
    from descent.race import REMEMBERS

    assert list(REMEMBERS) == list(SWEPT)
    # a | in a cell (Adamax's max of |g|) would end the cell: the table escapes it
    assert any("|" in v for v in REMEMBERS.values())
    assert 'remembers = REMEMBERS[o].replace("|", "\\\\|")' in CHAPTER


def test_adafactors_relative_step_makes_every_rate_from_one_up_the_same_run():
    """The prose: its rate is capped at 1/sqrt(t), so every rate from 1 up makes the same run."""
    sweeps, _ = experiment()
    capped = LRS >= 1
    assert capped.sum() >= 2
    for s in SURFACES:
        excess = sweeps[s]["Adafactor"].excess[capped]
        np.testing.assert_array_equal(excess, np.broadcast_to(excess[0], excess.shape))
    assert "every rate from 1 up makes the same run" in " ".join(CHAPTER.split())


def test_the_counts_the_prose_spells_out_are_the_registrys():
    """ "twenty-one" rules swept, "seven" animated: in the chapter, its scripts, the claims page."""
    assert len(SWEPT) == 21
    assert len(OPTIMIZERS) == 7
    claims = (ROOT / "docs" / "claims.md").read_text()
    for text in (CHAPTER, GALLERY_SENSITIVITY, claims):
        assert "twenty-one" in text.lower()
    flat = " ".join(CHAPTER.split())
    assert "twenty-one would hide" in flat
    assert "show the seven of the first chapters" in flat
