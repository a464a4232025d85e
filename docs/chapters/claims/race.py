"""Numbers the race chapter quotes: every optimizer's learning-rate sweep on Rosenbrock, Beale
and Himmelblau, and the race from one start at each one's best rate (:mod:`descent.race`).

Every rule that runs on a plane is swept and raced (``SWEPT``); the prose compares the seven of
the first chapters (``OPTIMIZERS``, the animation's) among themselves and all of them together.
"""

import os
from functools import lru_cache

import numpy as np

import descent
from descent.plot.style import NAMES
from descent.race import (
    LRS,
    START,
    STEPS,
    SURFACES,
    SWEEP_STARTS,
    SWEEP_STEPS,
    SWEPT,
    TOL,
    sweep_starts,
)
from descent.race import RACERS as OPTIMIZERS  # the seven the race animates
from descent.race import experiment as run_experiment
from descent.surfaces import ALL

TOL_SWEEP = 1e-3  # the sweep: median f - f* within 1e-3 after SWEEP_STEPS steps
LONG = 10000  # AdamW and Adam on Rosenbrock, for longer than the race
SPIKE = 1e-2  # a loss above it, late in AdamW's long run, is a spike
PROSE = {name: NAMES[name] for name in SWEPT}  # the prose names of the racers
#: The adaptive rules: each coordinate's step scaled by the gradients seen so far
ADAPTIVE = {"AdaGrad", "RMSProp", "Adam", "AdamW", "NAdam", "RAdam", "Adamax", "Adadelta"}
ADAPTIVE |= {"Adafactor", "ScheduleFreeAdamW"}
SIGN = ("SignSGD", "Signum", "Lion")  # the steps of a fixed length per coordinate


@lru_cache
def experiment():
    """The sweeps and the races, ``({surface: {name: LRSweep}}, {surface: {name: Trajectory}})``."""
    # the site's build names a folder its gallery scripts have filled: read, not run again
    cache = os.environ.get("DESCENT_RACE_CACHE")
    sweeps, races = {}, {}
    for s in SURFACES:
        sweeps[s], races[s] = run_experiment(s, cache=cache)
    return sweeps, races


def steps_to(traj, surface):
    """The first step within :data:`TOL` of the surface's minimum value, -1 if never."""
    return int(traj.steps_to(TOL + ALL[surface].min_value)[()])


def left_frame_at(traj, surface):
    """The step at which a race's path leaves the surface's plotting window for good, as the
    animation marks it (-1 if it stays inside)."""
    lo, hi = np.reshape(ALL[surface].extent, (-1, 2)).T
    inside = np.all((traj.path >= lo) & (traj.path <= hi), axis=-1)
    last = len(inside) - 1 - int(np.argmax(inside[::-1]))
    return last + 1 if last < len(inside) - 1 else -1


def _spread(rates):
    return float(max(rates.values()) / min(rates.values()))


@lru_cache
def sweep_numbers():
    """Per surface and optimizer: best rate, gap-free band of good rates and its width; the
    means over surfaces; what the chapter compares them by."""
    sweeps, _ = experiment()
    per = {
        s: {
            o: {
                "best_lr": sw.best_lr,
                "decades": sw.forgiving(TOL_SWEEP),
                "band": sw.band(TOL_SWEEP),
                "good": sw.median <= TOL_SWEEP,
                "min_median": float(sw.median.min()),
                "reached": bool(sw.median.min() <= TOL_SWEEP),
                # most starts within TOL_SWEEP at any one rate, and that rate
                "most_starts": int((sw.excess <= TOL_SWEEP).sum(axis=1).max()),
                "most_starts_lr": float(LRS[(sw.excess <= TOL_SWEEP).sum(axis=1).argmax()]),
                "diverged_share": sw.diverged.mean(axis=1),
            }
            for o, sw in by.items()
        }
        for s, by in sweeps.items()
    }
    forgiving = {o: float(np.mean([per[s][o]["decades"] for s in SURFACES])) for o in SWEPT}
    ranking = sorted(OPTIMIZERS, key=forgiving.get, reverse=True)  # the seven
    ranking_all = sorted(SWEPT, key=forgiving.get, reverse=True)  # stable: ties in reading order
    spacing = float(np.log10(LRS[1] / LRS[0]))
    # RMSProp on Himmelblau: the failing rates between its two runs of good rates
    good = per["himmelblau"]["RMSProp"]["good"]
    inside = np.arange(np.argmax(good), len(good) - np.argmax(good[::-1]))
    beale = {o: per["beale"][o] for o in OPTIMIZERS}
    closest = min(beale, key=lambda o: beale[o]["min_median"])
    most = max(beale, key=lambda o: beale[o]["most_starts"])
    # momentum's and Nesterov's good rates: their highest anywhere, and the share of starts that
    # diverge at the next rate up
    top = {
        o: max(per[s][o]["band"][1] for s in SURFACES if per[s][o]["reached"])
        for o in ("Momentum", "Nesterov")
    }
    above = {
        (s, o): float(per[s][o]["diverged_share"][np.searchsorted(LRS, per[s][o]["band"][1]) + 1])
        for s in SURFACES
        for o in ("Momentum", "Nesterov")
        if per[s][o]["reached"]
    }
    # momentum's and Nesterov's good rates on Rosenbrock, and whether they are good on Himmelblau
    transfer = {
        o: {
            "rosenbrock": LRS[per["rosenbrock"][o]["good"]].tolist(),
            "good_on_himmelblau": bool(
                np.all(per["himmelblau"][o]["good"][per["rosenbrock"][o]["good"]])
            ),
        }
        for o in ("Momentum", "Nesterov", "Adam")
    }
    # the rates that tie for the best (medians at rounding level), per surface and optimizer
    tied = {s: {o: LRS[sw.tied].tolist() for o, sw in by.items()} for s, by in sweeps.items()}
    # the median gradient size at the sweep's starts, per surface
    grad_median = {
        s: float(np.median(np.linalg.norm(ALL[s].grad(sweep_starts(s)), axis=-1))) for s in SURFACES
    }
    # the median limit 2/λ_max of gradient descent at the sweep's starts, per surface
    limit_median = {
        s: float(np.median(2 / np.linalg.eigvalsh(ALL[s].hessian(sweep_starts(s)))[..., -1]))
        for s in SURFACES
    }
    # Adam at its default rate, 0.001 (a rate of the grid): the median excess per surface
    default = int(np.argmin(np.abs(np.log(LRS / 1e-3))))
    adam_default = {s: float(sweeps[s]["Adam"].median[default]) for s in SURFACES}
    return {
        "per": per,
        "grad_median": grad_median,
        "limit_median": limit_median,
        "adam_default_lr": float(LRS[default]),
        "adam_default": adam_default,
        "n_lrs": len(LRS),
        "lr_lo": float(LRS[0]),
        "lr_hi": float(LRS[-1]),
        "spacing": spacing,
        "n_starts": SWEEP_STARTS,
        "steps": SWEEP_STEPS,
        "forgiving": forgiving,
        "ranking": ranking,
        "ranking_all": ranking_all,
        # the rules with no good rate on any surface, and those whose median run reaches 1e-3
        # on Beale
        "never_good": [o for o in SWEPT if not any(per[s][o]["reached"] for s in SURFACES)],
        "beale_reached": [o for o in SWEPT if per["beale"][o]["reached"]],
        "gd_best_spread": _spread({s: per[s]["GradientDescent"]["best_lr"] for s in SURFACES}),
        "adam_best_spread": _spread({s: per[s]["Adam"]["best_lr"] for s in SURFACES}),
        "rms_hole_decades": float((~good[inside]).sum() * spacing),
        # the same count as a band's: a quarter of a decade per rate of the grid, hole included
        "rms_decades_before_fix": float(len(inside) * spacing),
        "beale_closest": closest,
        "beale_closest_median": beale[closest]["min_median"],
        "beale_closest_lr": beale[closest]["best_lr"],
        "beale_most": most,
        "beale_most_starts": beale[most]["most_starts"],
        "beale_most_lr": beale[most]["most_starts_lr"],
        "momentum_top": top,
        "diverged_above_band": above,
        "transfer": transfer,
        "tied": tied,
    }


@lru_cache
def race_numbers():
    """Steps to the tolerance, the winners, and what the chapter says about three of the runs."""
    _, races = experiment()
    steps = {s: {o: steps_to(races[s][o], s) for o in SWEPT} for s in SURFACES}

    def podium(names):
        out = {}
        for s in SURFACES:
            done = sorted((steps[s][o], i, o) for i, o in enumerate(names) if steps[s][o] >= 0)
            out[s] = {
                "name": done[0][2],
                "steps": done[0][0],
                "second": done[1][2],
                "second_steps": done[1][0],
                "order": [o for _, _, o in done],  # every one that finished, fastest first
            }
        return out

    winners, winners_all = podium(list(OPTIMIZERS)), podium(list(SWEPT))
    # Newton on Himmelblau: where it ends, and the Hessian's eigenvalues there
    himmel = ALL["himmelblau"]
    newton_end = np.ravel(races["himmelblau"]["Newton"].final)
    newton_eig = np.linalg.eigvalsh(himmel.hessian(newton_end))
    rosen = ALL["rosenbrock"]
    gd = races["rosenbrock"]["GradientDescent"]
    lam_start = float(np.linalg.eigvalsh(rosen.hessian(np.array(START["rosenbrock"]))).max())
    lam_min = float(np.linalg.eigvalsh(rosen.hessian(rosen.minima[0])).max())
    adagrad = races["rosenbrock"]["AdaGrad"]
    seven = {s: {o: races[s][o] for o in OPTIMIZERS} for s in SURFACES}  # the animations'
    left = {s: {o: left_frame_at(t, s) for o, t in seven[s].items()} for s in SURFACES}
    beale_min = np.array(ALL["beale"].minima[0])
    return {
        "left_frame_at": left,
        "final": {s: {o: t.final for o, t in seven[s].items()} for s in SURFACES},
        "final_loss": {s: {o: float(t.loss[-1]) for o, t in races[s].items()} for s in SURFACES},
        "beale_distance": {
            o: float(np.linalg.norm(t.final - beale_min)) for o, t in seven["beale"].items()
        },
        "steps": steps,
        "winners": winners,
        "winners_all": winners_all,
        "finished": {o: sum(steps[s][o] >= 0 for s in SURFACES) for o in SWEPT},
        "newton_himmelblau_end": newton_end,
        "newton_himmelblau_loss": float(himmel(newton_end)),
        "newton_himmelblau_eig": newton_eig,
        "newton_himmelblau_grad": float(np.linalg.norm(himmel.grad(newton_end))),
        "gd_diverged": bool(gd.diverged),
        "gd_diverged_at": int(gd.diverged_at),
        "gd_lr": gd.optimizer.lr,
        "gd_limit_start": 2 / lam_start,  # 2/λ_max of the Hessian at the race's start
        "gd_limit_minimum": 2 / lam_min,  # ... and at the minimum (1, 1)
        "adagrad_lr": adagrad.optimizer.lr,
        "adagrad_loss_half": float(adagrad.loss[STEPS["rosenbrock"] // 2]),
        "adagrad_loss": float(adagrad.loss[-1]),
    }


@lru_cache
def adamw_numbers():
    """AdamW on Rosenbrock at its race rate, and Adam at the same rate, for :data:`LONG` steps."""
    _, races = experiment()
    opt = races["rosenbrock"]["AdamW"].optimizer
    start = np.array(START["rosenbrock"])
    rosen = ALL["rosenbrock"]
    adamw = descent.run(opt, rosen, start, LONG)
    adam = descent.run(descent.Adam(lr=opt.lr), rosen, start, LONG)
    race_steps = STEPS["rosenbrock"]
    # between the spikes: AdamW's lowest loss just after the race and at the end of the long run
    early, late = slice(race_steps, 2 * race_steps), slice(LONG // 2, LONG + 1)
    tail = adamw.path[late]  # the second half of the long run
    grad = rosen.grad(tail)
    calm = adamw.loss[late] < SPIKE  # the steps between the spikes
    return {
        "lr": opt.lr,
        "weight_decay": opt.weight_decay,
        "bound": 1 / opt.weight_decay,  # Xie & Li's box, ‖θ‖∞ ≤ 1/λ
        "race_steps": race_steps,
        "long": LONG,
        "adamw_at_race_end": float(adamw.loss[race_steps]),
        "adam_at_race_end": float(adam.loss[race_steps]),
        "adamw_floor_early": float(adamw.loss[early].min()),
        "adamw_floor_late": float(adamw.loss[late].min()),
        "adamw_peak_late": float(adamw.loss[late].max()),
        "adam_floor_late": float(adam.loss[late].min()),
        "adam_peak_late": float(adam.loss[late].max()),
        "final": adamw.final,
        # over the second half: the mean gradient against -λθ × the gradient's RMS
        "mean_grad": grad.mean(axis=0),
        "balance": -opt.weight_decay * tail.mean(axis=0) * np.sqrt((grad**2).mean(axis=0)),
        "rms": np.sqrt((grad**2).mean(axis=0)),
        "spike": SPIKE,
        "spike_share": float(1 - calm.mean()),
        "rms_calm": np.sqrt((grad[calm] ** 2).mean(axis=0)),  # without the spikes
    }


@lru_cache
def exercise_numbers():
    """The exercise: gradient descent on Rosenbrock from the race's start at every rate of the
    grid, and Nesterov at the largest rate that does not diverge."""
    rosen, start = ALL["rosenbrock"], np.array(START["rosenbrock"])
    steps = STEPS["rosenbrock"]
    gd = descent.run(
        descent.GradientDescent(lr=LRS[:, None]), rosen, np.tile(start, (len(LRS), 1)), steps
    )
    safe = ~gd.diverged
    i = int(np.flatnonzero(safe).max())
    nesterov = descent.run(descent.Nesterov(lr=float(LRS[i])), rosen, start, steps)
    return {
        "safe": LRS[safe].tolist(),
        "safe_are_the_lowest": bool(np.all(safe[: i + 1]) and not safe[i + 1 :].any()),
        "largest_safe": float(LRS[i]),
        "largest_safe_loss": float(gd.loss[-1, i]),
        "largest_safe_steps": int(gd.steps_to(TOL + rosen.min_value)[i]),
        "nesterov_steps": steps_to(nesterov, "rosenbrock"),
        "limit_start": race_numbers()["gd_limit_start"],
        "steps": steps,
    }
