"""Every comparison the second schedules chapter makes, on the numbers it glues
(claims.schedules_ii): warm restarts, one cycle, warmup–stable–decay, schedule-free SGD,
stopping early and ReduceLROnPlateau."""

import re
from pathlib import Path

import numpy as np
import pytest
from chapter_text import figure, flat, gallery, text
from claims.schedules_ii import (
    EPOCHS,
    FREE,
    LR,
    PLATEAU,
    RUNS,
    SGDR,
    STOPS,
    WSD,
    free_numbers,
    onecycle_numbers,
    plateau_numbers,
    rate_table,
    restart_numbers,
    stacked_runs,
    stop_numbers,
    torch_agreement,
    total,
    wsd_numbers,
)

import descent
from descent.plot.style import COLORS, EXTRA, SCHEDULE_COLORS
from descent.problems import LinearRegression
from descent.schedules import CosineAnnealingWarmRestarts, OneCycleLR

CHAPTER = "schedules-ii"
DOCS = Path(__file__).resolve().parents[1] / "docs"


def apart(a, b, sigmas=2.0):
    """``a`` and ``b`` (each a mean and its standard error) differ by more than ``sigmas``
    standard errors of their difference."""
    return abs(a["mean"] - b["mean"]) > sigmas * np.hypot(a["se"], b["se"])


# -- the runs ------------------------------------------------------------------------------------


def test_the_runs_are_the_first_schedules_chapters():
    import inspect

    from claims import schedules
    from claims.schedules import problem
    from claims.schedules_ii import OFFSET

    assert problem().n_samples == 1024
    assert total() == 10 * 1024 == 10240
    assert (LR, EPOCHS, RUNS) == (0.1, 10, 100)
    f = flat(CHAPTER)
    assert "1,024 noisy points, SGD with one sample per update ($B = 1$), 10 epochs" in f
    assert "$T$ = 10,240 updates" in f
    assert "each runs 100 independent SGD runs" in f
    # the same start as the first chapter's runs
    assert OFFSET == (-2.0, 1.5)
    assert "p.minima[0] + np.array([-2.0, 1.5])" in inspect.getsource(schedules.decay_runs)
    _, _, traj = stacked_runs()
    np.testing.assert_array_equal(traj.path[0, 0, 0], problem().minima[0] + np.array(OFFSET))


def test_every_schedule_peaks_at_the_same_rate_and_a_stopped_one_stands_still():
    names, rates = rate_table()
    assert np.all(rates.max(axis=1) == pytest.approx(LR))
    _, _, traj = stacked_runs()
    for f in STOPS[:-1]:
        n = int(f * total())
        i = names.index(f"cosine@{f}")
        assert np.all(rates[i, n:] == 0)
        np.testing.assert_array_equal(traj.path[-1, i], traj.path[n, i])  # "stops there"


def test_descents_schedules_and_schedule_free_equal_the_recorded_references():
    a = torch_agreement()
    assert a["rate_cases"] == 19
    assert a["rate_rel"] < 1e-10
    assert a["free_cases"] >= 4
    assert a["free_rel"] < 1e-10


# -- warm restarts -------------------------------------------------------------------------------


def test_sgdr_three_cycles_end_with_the_run():
    T0, m = SGDR["T_0"], SGDR["T_mult"]
    assert (T0, m) == (1463, 2)
    assert T0 * (1 + m) < total() <= T0 * (1 + m + m**2)  # three cycles: 1, 2 and 4 T0
    s = CosineAnnealingWarmRestarts(LR, **SGDR)
    assert s(total() - 1) < 1e-6  # the third cycle is at its end with the run
    for before, after in restart_numbers()["rates_before_after"]:
        assert before < 1e-6
        assert after == LR


def test_sgdr_jumps_back_to_the_noise_ball_at_each_restart_and_each_cycle_ends_lower():
    r = restart_numbers()
    ends = r["end_loss"]
    assert ends[0] > ends[1] > ends[2]  # "ends lower ... lower still"
    for end, back, const in zip(ends, r["back"], r["back_constant"], strict=False):
        assert back == pytest.approx(const, rel=0.2)  # "the constant rate's noise ball again"
        assert back > 30 * end  # "everything the first cycle gained is gone"
    assert r["cosine_at_ends"][0] > 50 * ends[0]  # the cosine still near its top rate there
    assert r["cosine_at_ends"][0] > 0.05


def test_the_whole_run_cosine_ends_below_the_restarts():
    s = stop_numbers()[1.0]
    r = restart_numbers()
    assert r["cosine_at_ends"][-1] < r["end_loss"][-1]
    assert apart(s["replanned"], s["sgdr"])
    assert r["end_loss"][-1] / r["cosine_at_ends"][-1] > 1.3


# -- one cycle -----------------------------------------------------------------------------------


def test_one_cycle_rates_first_peak_and_last_as_the_exercise_says():
    o = onecycle_numbers()
    assert o["start"] == pytest.approx(0.1 / 25)
    assert o["peak"] == pytest.approx(0.1)
    assert o["peak_at"] == int(0.3 * total()) - 1 == 3071
    assert o["end"] == pytest.approx(0.1 / 25 / 1e4)
    rates = OneCycleLR(0.1, total_steps=10240).values(10240)  # the exercise's cell
    assert (rates[0], rates.max(), rates.argmax(), rates[-1]) == pytest.approx(
        (o["start"], o["peak"], o["peak_at"], o["end"])
    )
    assert OneCycleLR(0.1, total_steps=10240).div_factor == 25
    assert OneCycleLR(0.1, total_steps=10240).final_div_factor == 1e4
    assert OneCycleLR(0.1, total_steps=10240).pct_start == 0.3


def test_one_cycle_starts_slowly_dips_while_small_and_climbs_back():
    o = onecycle_numbers()
    s = stop_numbers()
    assert o["early"] > 3 * o["early_constant"]  # "still at ..., where the constant rate's"
    assert o["early_constant"] == pytest.approx(restart_numbers()["constant"], rel=0.25)
    assert o["dip"] < o["constant_at_peak"] / 3  # "dip below that ball"
    assert o["dip_at"] < o["peak_at"]  # "while the rate is small"
    assert o["at_peak"] == pytest.approx(o["constant_at_peak"], rel=0.15)  # "climb back to it"
    half = s[0.5]
    assert 1 / 1.5 < half["onecycle"]["mean"] / half["constant"]["mean"] < 1.5


def test_one_cycle_has_the_cosines_mean_rate_and_ends_above_it():
    o = onecycle_numbers()
    assert o["mean_rate"] == pytest.approx(o["cosine_mean_rate"], rel=0.02)  # "about"
    assert o["loss"]["mean"] > o["cosine"]["mean"]
    assert apart(o["loss"], o["cosine"])
    assert f"{o['loss']['mean'] / o['cosine']['mean']:.1f}" != "1.0"


def test_one_cycles_momentum_note_and_defaults():
    f = flat(CHAPTER)
    assert "`cycle_momentum=True`" in f
    assert "`cycle_momentum=False`" in f
    assert "`max_momentum=0.95`" in f
    assert "`base_momentum=0.85`" in f
    doc = OneCycleLR.__doc__
    assert "cycle_momentum=False" in doc
    assert "between 0.85 and 0.95" in doc


# -- warmup–stable–decay -------------------------------------------------------------------------


def test_wsd_branches_share_the_stable_run_and_decay_over_the_last_fifth():
    w = wsd_numbers()
    assert WSD == {"decay": "1-sqrt", "fraction": 0.2}
    assert w["shared"]
    for f in STOPS:
        n = int(f * total())
        assert w["branch"][f] == n - int(0.2 * n)
    assert (w["branch"][0.25], w["branch"][1.0]) == (2048, 8192)


def test_each_cooldown_drops_the_loss_by_a_large_factor_but_not_to_the_cosine():
    w = wsd_numbers()
    for f in STOPS:
        assert w["loss"][f]["mean"] < w["constant_at_branch"][f] / 10
    assert w["constant_at_branch"][0.25] / w["loss"][0.25]["mean"] > 20
    assert apart(w["loss"][1.0], w["cosine"])
    assert w["loss"][1.0]["mean"] > 3 * w["cosine"]["mean"]


def test_a_longer_cooldown_helps_and_is_still_above_the_cosine():
    w = wsd_numbers()
    d = w["decay"]
    assert d[0.2] is not None
    assert d[0.2]["mean"] == w["loss"][1.0]["mean"]
    assert d[0.2]["mean"] > d[0.5]["mean"] > d[1.0]["mean"] > w["cosine"]["mean"]
    assert apart(d[1.0], w["cosine"])
    assert d[1.0]["mean"] / w["cosine"]["mean"] > 1.5


# -- schedule-free -------------------------------------------------------------------------------


def test_schedule_free_z_wanders_y_is_a_tenth_of_it_x_is_far_below():
    fr = free_numbers()
    at = fr["at"][1.0]
    assert FREE == {"lr": 0.1, "beta": 0.9}
    assert at["z"]["mean"] > 3 * restart_numbers()["constant"]  # "well above the ball"
    assert fr["z_over_y"] == pytest.approx(1 / (1 - FREE["beta"]) ** 2, rel=0.3)
    assert fr["y_over_x"] > 50
    assert fr["spread"]["z"] > fr["spread"]["y"] > fr["spread"]["x"]


def test_schedule_free_step_returns_y_and_eval_params_gives_x():
    p = LinearRegression.synthetic(n=32, seed=1)
    opt = descent.ScheduleFreeSGD(**FREE)
    traj = descent.run_stochastic(
        opt, p, np.zeros((3, 2)), 2, 1, independent=True, record_state=True
    )
    x, z = opt.eval_params(traj.states), traj.states.z
    np.testing.assert_allclose(traj.path, FREE["beta"] * x + (1 - FREE["beta"]) * z, rtol=1e-12)
    np.testing.assert_allclose(x[-1], z[1:].mean(axis=0), rtol=1e-10)  # c_t = 1/t: the mean


# -- stopping early ------------------------------------------------------------------------------


def test_the_stopped_cosine_is_far_above_the_replanned_one_and_near_the_constant():
    s = stop_numbers()
    for f in (0.25, 0.5):
        assert s[f]["stopped_over_replanned"] > 50
        assert s[f]["constant"]["mean"] / 2 < s[f]["stopped"]["mean"] < s[f]["constant"]["mean"]
    assert s[0.75]["stopped_over_replanned"] > 10
    assert s[1.0]["stopped_over_replanned"] == 1.0  # at its own T it is the re-planned one


def test_wsd_recovers_most_of_the_replanned_gain_but_not_all():
    s = stop_numbers()
    for f in (0.25, 0.5, 0.75):
        assert s[f]["wsd"]["mean"] > s[f]["replanned"]["mean"]
        assert apart(s[f]["wsd"], s[f]["replanned"])
        assert s[f]["stopped"]["mean"] > 5 * s[f]["wsd"]["mean"]
        assert 2 < s[f]["wsd_over_replanned"] < 6


def test_schedule_free_is_as_good_as_the_oracle_at_25pc_and_better_from_50pc_on():
    s = stop_numbers()
    quarter = s[0.25]
    assert not apart(quarter["free"], quarter["replanned"])  # "within the runs' spread"
    assert abs(1 - quarter["free_over_replanned"]) < 0.25
    for f in (0.5, 0.75, 1.0):
        assert s[f]["free"]["mean"] < s[f]["replanned"]["mean"]
        assert apart(s[f]["free"], s[f]["replanned"])  # "clearly better"
        assert s[f]["free_over_replanned"] < 0.5
    for f in STOPS:  # "never worse than the oracle"
        assert s[f]["free_over_replanned"] <= 1.0


def test_the_plain_average_of_constant_sgd_is_below_schedule_free_at_every_stop():
    fr = free_numbers()
    for f in STOPS:
        assert fr["at"][f]["averaged_constant"]["mean"] < fr["at"][f]["x"]["mean"]
        assert apart(fr["at"][f]["averaged_constant"], fr["at"][f]["x"])


def test_the_constant_rate_is_the_highest_except_the_stopped_cosine_at_25pc():
    s = stop_numbers()
    for f in STOPS:
        row = s[f]
        others = ("replanned", "wsd", "free")
        assert all(row["constant"]["mean"] > 10 * row[k]["mean"] for k in others)
    ratio = s[1.0]["constant"]["mean"] / s[1.0]["replanned"]["mean"]
    assert ratio > 200  # "a factor of hundreds"


def test_the_stopping_table_glues_every_cell():
    f = flat(CHAPTER)
    for p in (25, 50, 75, 100):
        for key in ("constant", "stopped", "replanned", "wsd", "free"):
            assert f"{{glue:text}}`s2_stop_{key}_{p}:.1e`" in f


# -- ReduceLROnPlateau ---------------------------------------------------------------------------


def test_a_short_patience_reads_the_noise_as_a_plateau_and_freezes_the_runs():
    pl = plateau_numbers()
    short = pl[10]
    assert PLATEAU["patience"] == (10, 1024)
    assert short["first_cut"] < 200
    assert short["cuts"] >= 15
    assert short["final_lr"] < 1e-7
    assert short["loss"]["mean"] > 50 * stop_numbers()[1.0]["replanned"]["mean"]
    assert PLATEAU["threshold"] == 1e-4


def test_an_epochs_patience_cuts_about_once_an_epoch_and_ends_below_the_cosine():
    pl = plateau_numbers()
    long = pl[1024]
    assert 1024 < long["first_cut"] < 2048
    epochs_left = (total() - long["first_cut"]) / 1024
    assert abs(long["cuts"] - epochs_left) < 2.5  # "about once an epoch"
    assert long["final_lr"] == pytest.approx(LR * 0.5 ** long["cuts"])
    cosine = stop_numbers()[1.0]["replanned"]
    assert long["loss"]["mean"] < cosine["mean"]
    assert apart(long["loss"], cosine)


def test_run_stochastic_hands_the_plateau_the_full_data_loss_it_records():
    p = LinearRegression.synthetic(n=64, seed=2)
    opt = descent.ReduceLROnPlateau(descent.GradientDescent(lr=0.1), factor=0.5, patience=3)
    start = np.zeros((4, 2))
    traj = descent.run_stochastic(opt, p, start, 3, 1, independent=True, record_state=True)
    np.testing.assert_allclose(traj.loss, p(traj.path), rtol=1e-12)  # the full-data loss
    state, rates = opt.init(start), [opt.init(start).lr]
    for loss in traj.loss[:-1]:  # replayed by hand on the losses of the path
        _, state = opt.step(start, np.zeros_like(start), state, loss=loss)
        rates.append(state.lr)
    np.testing.assert_array_equal(np.array(rates), traj.states.lr)


# -- the page ------------------------------------------------------------------------------------


def test_gallery_scripts_run_the_claims_configuration():
    cycles = gallery("plot_schedules2_cycles")
    for snippet in (
        "N, runs, epochs, lr = problem.n_samples, 100, 10, 0.1",
        "CosineAnnealingWarmRestarts(lr, T_0=1463, T_mult=2)",
        "OneCycleLR(lr, total_steps=total)",
        "decay = int(0.2 * length)",
        'WarmupStableDecay(lr, 0, length - decay, decay, decay="1-sqrt")',
        "stops = (0.25, 0.5, 0.75, 1.0)",
        "for fraction in (0.5, 1.0):",
        "ScheduleFreeSGD(lr=lr, beta=0.9)",
        "np.array([-2.0, 1.5])",
        "independent=True",
    ):
        assert snippet in cycles, snippet
    free = gallery("plot_schedules2_free")
    assert "ScheduleFreeSGD(lr=lr, beta=0.9)" in free
    assert "N, runs, epochs, lr = problem.n_samples, 100, 10, 0.1" in free
    plateau = gallery("plot_schedules2_plateau")
    assert "for patience in (10, 1024):" in plateau
    assert "factor=0.5, patience=patience, threshold=1e-4" in plateau


def test_the_figures_stacked_rows_are_the_claims_rows_in_order():
    names, _ = rate_table()
    cycles = gallery("plot_schedules2_cycles")
    expected = ["constant", "cosine", "sgdr", "onecycle"]
    for f in STOPS:
        expected += ([f"cosine@{f}"] if f < 1 else []) + [f"wsd@{f}"]
    expected += ["wsd-decay0.5", "wsd-decay1.0"]
    assert names == expected  # the same order: the same shuffles for each row
    assert 'schedules[f"cosine@{f}"]' in cycles
    assert 'schedules[f"wsd@{f}"]' in cycles
    assert 'schedules[f"wsd-decay{fraction}"]' in cycles


def test_the_alt_texts_colours_are_the_palettes():
    assert SCHEDULE_COLORS["CosineAnnealingWarmRestarts"] == "#8D80FC"  # "lavender"
    assert SCHEDULE_COLORS["CosineAnnealingLR"] == "#AA3377"  # "purple"
    assert SCHEDULE_COLORS["constant"] == "#0077BB"  # "blue"
    assert SCHEDULE_COLORS["OneCycleLR"] == EXTRA[1] == "#EE6677"  # "red"
    assert SCHEDULE_COLORS["WarmupStableDecay"] == "#117733"  # "green"
    assert COLORS["ScheduleFreeSGD"] == "#C57D80"  # "rose"
    assert "lavender rate" in figure(CHAPTER, "fig-sgdr")
    assert "rose x points" in figure(CHAPTER, "fig-schedule-free")


def test_the_chapter_is_in_the_site_in_its_place():
    index = (DOCS / "index.md").read_text()
    toc = index[index.index(":caption: Chapters") :]
    assert "chapters/schedules\nchapters/schedules-ii\nchapters/conventions" in toc
    assert "10 · Schedules II: restarts, one cycle, WSD and schedule-free" in index
    before = flat("schedules")
    assert "{ref}`chapter-schedules-ii`" in before.split("## Where next")[1]
    assert "{ref}`chapter-conventions`" in flat(CHAPTER).split("## Where next")[1]
    assert text(CHAPTER).count("(chapter-schedules-ii)=") == 1


def test_every_citation_is_in_the_bibliography():
    bib = (DOCS / "references.bib").read_text()
    keys = set(re.findall(r"\{cite:p\}`([^`]+)`", text(CHAPTER)))
    keys = {k.strip() for group in keys for k in group.split(",")}
    for key in (
        "loshchilov2017sgdr",
        "smith2019superconvergence",
        "hu2024minicpm",
        "hagele2024scaling",
        "defazio2024road",
    ):
        assert key in keys, key
    for key in keys:
        assert f"{{{key}," in bib, key


def test_chapter_names_no_internal_source_or_test():
    t = text(CHAPTER)
    assert not re.search(r"source text|seed|test_\w+|tests/", t)


# -- the playground: the schedules without noise --------------------------------------------------


def test_the_playground_runs_the_claims_settings():
    from claims.schedules_ii import PLAYGROUND, playground_optimizers

    source = text(CHAPTER)
    assert f":optimizers: {playground_optimizers()}\n" in source
    assert f":surface: {PLAYGROUND['surface']}\n" in source
    assert ":start: {:g}, {:g}\n".format(*PLAYGROUND["start"]) in source
    assert f":steps: {PLAYGROUND['steps']}\n" in source
    low, high = (float(v) for v in re.search(r":sliders: lr\[([\d.]+):([\d.]+)\]", source).groups())
    assert low <= PLAYGROUND["lr"] < PLAYGROUND["high"] <= high  # "drag α ... to 0.1"


def test_the_playgrounds_caption_describes_its_runs():
    from claims.schedules_ii import PLAYGROUND, playground_schedules

    runs = playground_schedules(PLAYGROUND["lr"])
    caption = next(line for line in text(CHAPTER).splitlines() if "$(-5, 2)$: a constant" in line)
    assert "$(-5, 2)$" in caption
    assert PLAYGROUND["start"] == (-5.0, 2.0)
    assert f"$T_0 = {runs['sgdr'].T_0}$" in caption
    assert f"$T_{{\\rm mult}} = {runs['sgdr'].T_mult}$" in caption
    assert f"over the last {runs['wsd'].decay_steps} steps" in caption
    assert runs["wsd"].decay == "1-sqrt"  # "a 1 − √x cooldown"
    assert f"planned for {PLAYGROUND['steps']} steps" in caption
    assert runs["onecycle"].total_steps == PLAYGROUND["steps"]
    assert SCHEDULE_COLORS["constant"] == COLORS["GradientDescent"] == "#0077BB"  # "(blue)"
    assert "\\tfrac12(x^2 + 25y^2)" in caption
    assert descent.surfaces.ALL[PLAYGROUND["surface"]].eigenvalues.tolist() == [1.0, 25.0]


def test_the_playgrounds_schedules_are_planned_as_the_runs_above():
    from claims.schedules_ii import PLAYGROUND, playground_schedules

    steps = PLAYGROUND["steps"]
    runs = playground_schedules(PLAYGROUND["lr"])
    T0, mult = runs["sgdr"].T_0, runs["sgdr"].T_mult
    assert T0 * (1 + mult + mult**2) >= steps > T0 * (1 + mult)  # three cycles end with the run
    assert SGDR["T_0"] * 7 >= total() > SGDR["T_0"] * 3  # and so do the chapter's
    assert mult == SGDR["T_mult"]
    wsd = runs["wsd"]
    assert wsd.warmup_steps == 0
    assert wsd.decay_steps == int(0.2 * steps)
    assert wsd.stable_steps / steps == 0.8  # "holds the peak for four fifths of the run"


def test_without_noise_the_constant_rate_ends_lowest_and_past_the_limit_it_diverges():
    from claims.schedules_ii import PLAYGROUND, playground_numbers

    pg = playground_numbers()
    assert pg["edge"] == pytest.approx(0.08)
    assert PLAYGROUND["lr"] < pg["edge"] < PLAYGROUND["high"]
    low, high = pg["lr"], pg["high"]
    assert all(r["diverged_at"] < 0 and r["inside"] for r in low.values())
    # "the constant rate ends lowest, ... against WSD's and warm restarts' and one cycle's"
    assert low["constant"]["loss"] < low["wsd"]["loss"] < low["sgdr"]["loss"]
    assert low["wsd"]["loss"] < low["onecycle"]["loss"]
    # "the constant rate diverges, ... and so does WSD, ... the constant run until its cooldown"
    assert high["constant"]["diverged_at"] == high["wsd"]["diverged_at"] >= 0
    assert high["wsd"]["diverged_at"] < PLAYGROUND["steps"] * 0.8
    # "warm restarts and one cycle stay above the limit for at most ... steps in a row ... end"
    for name in ("sgdr", "onecycle"):
        assert high[name]["diverged_at"] < 0
        assert high[name]["inside"]
        assert 0 < high[name]["above_edge"] < high["wsd"]["above_edge"] < PLAYGROUND["steps"]
    assert high["constant"]["above_edge"] == PLAYGROUND["steps"]
