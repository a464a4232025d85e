"""Numbers the fair-race lab quotes: every rule of the race at the rate its sweep chose, scored
on starts the sweep never saw (:func:`descent.race.held_out`), with bootstrap intervals and
Dolan and Moré's performance profiles, and compared with the race from one start.

The runs are the race's (one vectorised run per rule and surface from the race's start and the
held-out starts), read from the build's folder: this module runs nothing the race chapter does
not run already.
"""

import os
from functools import lru_cache

import numpy as np

from descent.plot.style import NAMES
from descent.race import (
    HELD_OUT,
    RACERS,
    STEPS,
    SURFACES,
    SWEPT,
    TOL,
    bootstrap_median,
    held_out,
    held_out_starts,
    performance_profile,
    score,
)
from descent.race import experiment as run_experiment
from descent.surfaces import ALL

PROSE = {name: NAMES[name] for name in SWEPT}
SEVEN = list(RACERS)  # the seven of the first chapters: the profiles' figure
#: The bootstrap: resamples of the held-out starts, the interval's level, its seed.
RESAMPLES, LEVEL, SEED = 2000, 0.95, 0
#: The factors τ of the profiles: 1 to 10^3, a few per decade, and ∞.
TAUS = np.concatenate([np.logspace(0, 3, 61), [np.inf]])
#: The factors the table reads the profiles at.
TAU_TABLE = (1.0, 10.0)
#: A rule "finishes" a surface in the fair race when at least half its held-out runs do.
HALF = 0.5
#: The reruns that say which results rounding decides: the same rules at the same rates from
#: the held-out starts, each coordinate multiplied by 1 + NUDGE·z (z standard normal, one seed
#: per rerun). A change in the twelfth digit is what another machine's kernels, or another
#: numpy's, do to these runs after a few steps.
NUDGE, RERUNS = 1e-12, (1, 2, 3)
#: The build's runs and the reruns: every conclusion the chapters state holds on each.
VARIANTS = (None, *RERUNS)


def _cache():
    # the site's build names a folder its gallery scripts (and the race chapter) fill: read
    return os.environ.get("DESCENT_RACE_CACHE")


@lru_cache
def experiment():
    """``(sweeps, races, held)``, each ``{surface: {name: ...}}``: the race chapter's sweeps and
    races and the held-out runs, of all :data:`~descent.race.SWEPT`."""
    sweeps, races, held = {}, {}, {}
    for s in SURFACES:
        sweeps[s], races[s] = run_experiment(s, cache=_cache())
        held[s] = held_out(s, cache=_cache())
    return sweeps, races, held


def single_steps(traj, surface):
    """The race's count: the first update within TOL of the minimum value, -1 if never."""
    return int(traj.steps_to(TOL + ALL[surface].min_value)[()])


def nudged_starts(surface, seed):
    """The held-out starts of ``surface``, each coordinate times 1 + NUDGE·z, z from ``seed``."""
    starts = held_out_starts(surface)
    return starts * (1 + NUDGE * np.random.default_rng(seed).standard_normal(starts.shape))


@lru_cache
def rerun(surface, seed):
    """``{name: HeldOut}``: every rule at its tuned rate from :func:`nudged_starts`."""
    sweeps, _, _ = experiment()
    return score(surface, sweeps[surface], starts=nudged_starts(surface, seed))


def held_runs(variant=None):
    """``{surface: {name: HeldOut}}``: the build's held-out runs (``variant`` None), or the
    :func:`rerun` of seed ``variant``."""
    _, _, held = experiment()
    return held if variant is None else {s: rerun(s, variant) for s in SURFACES}


def finished_range(surface, name):
    """The fewest and the most held-out runs of ``name`` that finish on ``surface``, over the
    build's runs and the reruns."""
    _, _, held = experiment()
    counts = [int(held[surface][name].success.sum())]
    counts += [int(rerun(surface, seed)[name].success.sum()) for seed in RERUNS]
    return min(counts), max(counts)


@lru_cache
def table_numbers(variant=None):
    """Per surface and rule: the tuned rate, how many held-out runs finish, the median steps to
    the tolerance with its bootstrap interval (``inf``: beyond the budget)."""
    held = held_runs(variant)
    out = {}
    for s in SURFACES:
        out[s] = {}
        for o in SWEPT:
            h = held[s][o]
            median, lo, hi = bootstrap_median(h.steps, level=LEVEL, resamples=RESAMPLES, seed=SEED)
            out[s][o] = {
                "lr": h.lr,
                "finished": int(h.success.sum()),
                "rate": h.success_rate,
                "diverged": int(h.diverged.sum()),
                "median": median,
                "lo": lo,
                "hi": hi,
                "fastest": float(h.steps.min()),
            }
    return out


def costs(names, surfaces=SURFACES, variant=None):
    """The cost matrix of the profiles: one row per problem (surface × held-out start, in the
    order of ``surfaces``), one column per rule of ``names``; steps to the tolerance, ``inf``
    for a run that did not get there."""
    held = held_runs(variant)
    return np.concatenate(
        [np.stack([held[s][o].steps for o in names], axis=1) for s in surfaces], axis=0
    )


@lru_cache
def profile_numbers(variant=None):
    """Dolan and Moré's profiles: of the seven against the best of the seven, per surface (the
    figure); of all the rules against the best of all, over the three surfaces (the table)."""
    seven = {s: performance_profile(costs(SEVEN, (s,), variant), TAUS) for s in SURFACES}
    every = costs(list(SWEPT), variant=variant)
    rho = performance_profile(every, TAUS)
    at = {tau: int(np.flatnonzero(tau == TAUS)[0]) for tau in TAU_TABLE}
    table = {
        o: {"won": float(rho[j, at[1.0]]), "ten": float(rho[j, at[10.0]]), "all": float(rho[j, -1])}
        for j, o in enumerate(SWEPT)
    }
    seven_all = performance_profile(costs(SEVEN, variant=variant), TAUS)
    return {
        "seven": seven,
        "seven_pooled": seven_all,
        "all": rho,
        "table": table,
        "problems": len(every),
        "unsolved": int(np.isinf(every).all(axis=1).sum()),
        "zero_steps": int((every == 0).sum()),
        "best_won": max(table, key=lambda o: table[o]["won"]),
        "best_all": max(table, key=lambda o: table[o]["all"]),
    }


def _ranks(values):
    """Ranks from 1, ties (``inf`` included) at their average rank."""
    values = np.asarray(values, float)
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    for v in np.unique(values):
        tied = values == v
        ranks[tied] = ranks[tied].mean()
    return ranks


def spearman(a, b):
    """Spearman's rank correlation of ``a`` and ``b``, ties at their average rank."""
    ra, rb = _ranks(a), _ranks(b)
    return float(np.corrcoef(ra, rb)[0, 1])


@lru_cache
def comparison_numbers(variant=None):
    """The race from one start against the fair race, per surface: which rules change verdict
    (finished the race but fewer than half the held-out runs, or the other way round), the
    winners, and the rank correlation of the race's steps with the held-out medians."""
    _, races, _ = experiment()
    t = table_numbers(variant)
    out = {}
    for s in SURFACES:
        single = {o: single_steps(races[s][o], s) for o in SWEPT}
        one = {o: single[o] >= 0 for o in SWEPT}
        fair = {o: t[s][o]["rate"] >= HALF for o in SWEPT}
        steps_single = [single[o] if single[o] >= 0 else np.inf for o in SWEPT]
        medians = [t[s][o]["median"] for o in SWEPT]

        def winner(key):
            return min(SWEPT, key=key)

        fair_winner = winner(lambda o, s=s: (t[s][o]["median"], -t[s][o]["rate"]))
        seven_fair = min(SEVEN, key=lambda o, s=s: (t[s][o]["median"], -t[s][o]["rate"]))
        done = [o for o in SWEPT if single[o] >= 0]
        out[s] = {
            "single": single,
            "gained": [o for o in SWEPT if fair[o] and not one[o]],  # failed from one start
            "lost": [o for o in SWEPT if one[o] and not fair[o]],  # finished from one start only
            "flips": sum(fair[o] != one[o] for o in SWEPT),
            "rho": spearman(steps_single, medians),
            "single_winner": min(done, key=lambda o, s=s: single[o]),
            "fair_winner": fair_winner,
            "single_winner_seven": min(
                (o for o in SEVEN if single[o] >= 0), key=lambda o, s=s: single[o]
            ),
            "fair_winner_seven": seven_fair,
            "finished_single": sum(one.values()),
            "finished_fair": sum(fair.values()),
        }
    return out


@lru_cache
def summary_numbers(variant=None):
    """What the race chapter's summary reads now: per rule, the share of held-out runs that
    finish on each surface and its mean over the three; the surfaces on which at least half do."""
    t = table_numbers(variant)
    rate = {o: {s: t[s][o]["rate"] for s in SURFACES} for o in SWEPT}
    mean = {o: float(np.mean(list(rate[o].values()))) for o in SWEPT}
    half = {o: sum(rate[o][s] >= HALF for s in SURFACES) for o in SWEPT}
    return {
        "rate": rate,
        "mean": mean,
        "half": half,
        "all_three": [o for o in SWEPT if half[o] == len(SURFACES)],
        "none": [o for o in SWEPT if half[o] == 0],
        "ranking": sorted(SWEPT, key=lambda o: -mean[o]),
    }


def race_final_loss(surface, name):
    """The loss at the end of the race from one start."""
    _, races, _ = experiment()
    return float(races[surface][name].loss[-1])


@lru_cache
def newton_failures():
    """Where Newton's held-out runs that do not finish end, per surface: how many, and how many
    of them at a point whose Hessian is not positive definite (a saddle or a maximum)."""
    _, _, held = experiment()
    out = {}
    for s in SURFACES:
        h = held[s]["Newton"]
        ends = h.final[~h.success & ~h.diverged]
        eig = np.linalg.eigvalsh(ALL[s].hessian(ends)) if len(ends) else np.zeros((0, 2))
        out[s] = {"failed": len(ends), "not_minimum": int((eig[:, 0] <= 0).sum())}
    return out


@lru_cache
def animation_numbers():
    """What the animation's alt text says of its four rules on Rosenbrock."""
    _, _, held = experiment()
    h = {o: held["rosenbrock"][o] for o in ANIMATED}
    return {
        "finished": {o: int(h[o].success.sum()) for o in ANIMATED},
        "slowest": {
            o: float(h[o].steps[h[o].success].max()) if h[o].success.any() else np.inf
            for o in ANIMATED
        },
        "median": {o: table_numbers()["rosenbrock"][o]["median"] for o in ANIMATED},
        "gd_on_floor": float(np.median(h["GradientDescent"].excess)),
        # the farthest that a gradient-descent run still in the window ends from the minimum
        "gd_from_minimum": float(
            np.linalg.norm(
                h["GradientDescent"].final[~h["GradientDescent"].diverged]
                - ALL["rosenbrock"].minima[0],
                axis=-1,
            ).max()
        ),
    }


#: The animation's four rules: one of the groups the palette keeps apart (the curvature
#: chapter's).
ANIMATED = ("GradientDescent", "Momentum", "Adam", "LBFGS")
#: The exercise: another draw of held-out starts on Himmelblau.
EXERCISE_SEED = 2


@lru_cache
def exercise_numbers(seed=EXERCISE_SEED, surface="himmelblau", names=("Newton", "NAdam")):
    """Newton and NAdam on Himmelblau from 64 starts of another seed, at their tuned rates."""
    import descent
    from descent.race import make

    sweeps, _, _ = experiment()
    lo, hi = np.reshape(ALL[surface].extent, (-1, 2)).T
    starts = np.random.default_rng(seed).uniform(lo, hi, size=(HELD_OUT, 2))
    out = {}
    for o in names:
        lr = sweeps[surface][o].best_lr
        traj = descent.run(make(o)(lr), ALL[surface], starts, STEPS[surface])
        reached = np.where(traj.diverged, -1, traj.steps_to(TOL + ALL[surface].min_value))
        costs = np.where(reached >= 0, reached, np.inf)
        median, low, high = bootstrap_median(costs, level=LEVEL, resamples=RESAMPLES, seed=SEED)
        out[o] = {
            "lr": lr,
            "finished": int((reached >= 0).sum()),
            "median": median,
            "lo": low,
            "hi": high,
        }
    return out
