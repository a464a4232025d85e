"""Numbers quoted by the second schedules chapter: warm restarts, one cycle, warmup–stable–decay
and schedule-free SGD on the first schedules chapter's problem, and what each gives when a run
is stopped early."""

import dataclasses
import json
from functools import lru_cache

import numpy as np

import descent
from descent.schedules import (
    CosineAnnealingLR,
    CosineAnnealingWarmRestarts,
    OneCycleLR,
    WarmupStableDecay,
)

from .adam import TORCH_DATA
from .schedules import problem

#: The first schedules chapter's runs: 100 SGD runs (B = 1) from one start, α₀ = 0.1, 10 epochs.
LR, EPOCHS, RUNS = 0.1, 10, 100
OFFSET = (-2.0, 1.5)  # the start, from the least-squares fit
#: Three cycles of 1, 2 and 4 times T_0 end with the run: 7 T_0 = 10,241 updates.
SGDR = {"T_0": 1463, "T_mult": 2}
#: The cooldown of warmup–stable–decay: Hägele et al.'s 1 − √x over the last fifth of a run.
WSD = {"decay": "1-sqrt", "fraction": 0.2}
#: Where a run is stopped, as fractions of the planned T.
STOPS = (0.25, 0.5, 0.75, 1.0)
#: Schedule-free SGD at the same rate, with the reference's default β (its "momentum").
FREE = {"lr": LR, "beta": 0.9}
#: ReduceLROnPlateau around SGD at α = 0.1: halve the rate after ``patience`` updates without a
#: new best full-data loss (relative threshold 1e-4), two patiences.
PLATEAU = {"factor": 0.5, "threshold": 1e-4, "patience": (10, 1024)}


def total():
    """T: the planned number of updates, 10 epochs of 1,024."""
    return EPOCHS * problem().n_samples


def wsd(length):
    """Warmup–stable–decay for a run of ``length`` updates: no warmup (as the other SGD
    schedules here), the rate α until the last fifth, then 1 − √x down to 0."""
    decay = int(WSD["fraction"] * length)
    return WarmupStableDecay(LR, 0, length - decay, decay, decay=WSD["decay"])


def schedules():
    """The schedules of the runs, each with the number of updates it is planned for."""
    T = total()
    out = {
        "constant": (LR, T),
        "cosine": (CosineAnnealingLR(LR, T_max=T), T),
        "sgdr": (CosineAnnealingWarmRestarts(LR, **SGDR), T),
        "onecycle": (OneCycleLR(LR, total_steps=T), T),
    }
    for f in STOPS:
        n = int(f * T)
        if f < 1:  # the cosine re-planned for the shorter run (f = 1 is "cosine")
            out[f"cosine@{f}"] = (CosineAnnealingLR(LR, T_max=n), n)
        out[f"wsd@{f}"] = (wsd(n), n)
    for fraction in (0.5, 1.0):  # longer and shorter cooldowns over the whole run
        decay = int(fraction * T)
        out[f"wsd-decay{fraction}"] = (WarmupStableDecay(LR, 0, T - decay, decay, "1-sqrt"), T)
    return out


def rate_table():
    """Names and rates, shape (schedules, T): each schedule's rates up to its length, then 0
    (a run stopped there stands still)."""
    T = total()
    names, rows = [], []
    for name, (s, n) in schedules().items():
        row = np.zeros(T)
        row[:n] = s.values(n) if callable(s) else s
        names.append(name)
        rows.append(row)
    return names, np.stack(rows)


@lru_cache
def stacked_runs():
    """All schedules in one call: the rates of schedule i along the first axis of the
    parameters, shape (schedules, runs, 2), each run with its own shuffles."""
    p = problem()
    names, rates = rate_table()
    start = np.broadcast_to(p.minima[0] + np.array(OFFSET), (len(names), RUNS, 2))
    opt = descent.GradientDescent(lr=lambda t: rates[:, t, None, None])
    traj = descent.run_stochastic(opt, p, start, EPOCHS, 1, independent=True)
    return names, rates, traj


@lru_cache
def free_runs():
    """Schedule-free SGD, 100 runs: the excess losses at z, y and x after every update, and the
    three clouds at the end."""
    p = problem()
    start = np.broadcast_to(p.minima[0] + np.array(OFFSET), (RUNS, 2))
    opt = descent.ScheduleFreeSGD(**FREE)
    traj = descent.run_stochastic(opt, p, start, EPOCHS, 1, independent=True, record_state=True)
    x = opt.eval_params(traj.states)
    return {
        "x": p(x) - p.min_value,
        "y": traj.loss - p.min_value,
        "z": p(traj.states.z) - p.min_value,
        "points": {"x": x[-1], "y": traj.path[-1], "z": traj.states.z[-1]},
    }


def _excess():
    names, _, traj = stacked_runs()
    ex = traj.loss - problem().min_value
    return {name: ex[:, i] for i, name in enumerate(names)}


def _summary(values):
    """Mean and standard error over the runs."""
    values = np.asarray(values)
    return {"mean": float(values.mean()), "se": float(values.std(ddof=1) / np.sqrt(len(values)))}


@lru_cache
def restart_numbers():
    """SGDR: the mean excess loss at the end of each cycle, and its level a few hundred updates
    after each restart (updates 200 to 600 of the next cycle) against the constant rate's."""
    ex = _excess()
    mean = ex["sgdr"].mean(axis=1)
    constant = ex["constant"].mean(axis=1)
    T0, m = SGDR["T_0"], SGDR["T_mult"]
    ends = [T0, T0 + m * T0, total()]  # the updates after which cycles end (the last: T)
    out = {
        "ends": ends,
        "end_loss": [float(mean[e]) for e in ends],
        "back": [],
        "back_constant": [],
    }
    for a in ends[:-1]:
        out["back"].append(float(mean[a + 200 : a + 600].mean()))
        out["back_constant"].append(float(constant[a + 200 : a + 600].mean()))
    cos = ex["cosine"].mean(axis=1)
    out["cosine_at_ends"] = [float(cos[e]) for e in ends]
    out["constant"] = float(ex["constant"][-1024:].mean())  # the constant rate's noise ball
    out["rates_before_after"] = [
        (
            float(CosineAnnealingWarmRestarts(LR, **SGDR)(a - 1)),
            float(CosineAnnealingWarmRestarts(LR, **SGDR)(a)),
        )
        for a in ends[:-1]
    ]
    return out


@lru_cache
def onecycle_numbers():
    """One cycle: its rates (start, peak and where, end) and its loss at T against the cosine."""
    T = total()
    s = OneCycleLR(LR, total_steps=T)
    rates = s.values(T)
    ex = _excess()
    return {
        "start": float(rates[0]),
        "peak": float(rates.max()),
        "peak_at": int(rates.argmax()),
        "end": float(rates[-1]),
        "final": float(s(T)),
        "initial_lr": LR / s.div_factor,
        "min_lr": LR / s.div_factor / s.final_div_factor,
        "loss": _summary(ex["onecycle"][T]),
        "cosine": _summary(ex["cosine"][T]),
        "mean_rate": float(rates.mean()),
        # a slow start, a dip below the constant rate's ball while the rate is small, and back
        "early": float(ex["onecycle"][256].mean()),
        "early_constant": float(ex["constant"][256].mean()),
        "dip": float(curves("onecycle")[1][: 3072 // 64].min()),
        "dip_at": float(curves("onecycle")[0][curves("onecycle")[1][: 3072 // 64].argmin()]),
        "at_peak": float(ex["onecycle"][2560:3584].mean()),
        "constant_at_peak": float(ex["constant"][2560:3584].mean()),
        "cosine_mean_rate": float(CosineAnnealingLR(LR, T).values(T).mean()),
    }


@lru_cache
def wsd_numbers():
    """Warmup–stable–decay: the branches share the stable run, and end where the decay ends;
    the cooldown's length against the cosine, at T."""
    T = total()
    ex = _excess()
    names, rates, _ = stacked_runs()
    row = {n: i for i, n in enumerate(names)}
    branch = {f: int(f * T) - int(WSD["fraction"] * int(f * T)) for f in STOPS}
    shared = all(
        np.all(rates[row[f"wsd@{f}"], : branch[f]] == LR) for f in STOPS
    )  # every branch is the constant rate until it branches
    return {
        "branch": branch,
        "shared": bool(shared),
        "loss": {f: _summary(ex[f"wsd@{f}"][int(f * T)]) for f in STOPS},
        "decay": {
            0.2: _summary(ex["wsd@1.0"][T]),
            0.5: _summary(ex["wsd-decay0.5"][T]),
            1.0: _summary(ex["wsd-decay1.0"][T]),
        },
        "cosine": _summary(ex["cosine"][T]),
        "constant_at_branch": {f: float(ex["constant"][branch[f]].mean()) for f in STOPS},
    }


@lru_cache
def free_numbers():
    """Schedule-free: the losses at z, y and x, and x against the decays, at each stop."""
    T = total()
    free = free_runs()
    names, _, traj = stacked_runs()
    p = problem()
    # constant-rate SGD's own iterates averaged uniformly (Polyak–Ruppert): an average alone
    path = traj.path[1:, names.index("constant")]
    averaged = np.cumsum(path, axis=0) / np.arange(1, T + 1)[:, None, None]
    avg_excess = p(averaged) - p.min_value
    out = {"at": {}}
    for f in STOPS:
        n = int(f * T)
        out["at"][f] = {
            "x": _summary(free["x"][n]),
            "y": _summary(free["y"][n]),
            "z": _summary(free["z"][n]),
            "averaged_constant": _summary(avg_excess[n - 1]),
        }
    final = out["at"][1.0]
    out["z_over_y"] = final["z"]["mean"] / final["y"]["mean"]
    out["y_over_x"] = final["y"]["mean"] / final["x"]["mean"]
    out["spread"] = {
        k: float(np.linalg.norm(v - p.minima[0], axis=-1).mean()) for k, v in free["points"].items()
    }
    return out


@lru_cache
def stop_numbers():
    """The central comparison: the loss after T' = 25%, 50%, 75% and 100% of T updates of the
    cosine planned for T, the cosine re-planned for T', WSD decayed to end at T', schedule-free
    SGD evaluated at x, the constant rate, and the two cycles planned for T."""
    T = total()
    ex = _excess()
    free = free_runs()
    out = {}
    for f in STOPS:
        n = int(f * T)
        out[f] = {
            "stopped": _summary(ex["cosine"][n]),
            "replanned": _summary(ex[f"cosine@{f}" if f < 1 else "cosine"][n]),
            "wsd": _summary(ex[f"wsd@{f}"][n]),
            "free": _summary(free["x"][n]),
            "constant": _summary(ex["constant"][n]),
            "sgdr": _summary(ex["sgdr"][n]),
            "onecycle": _summary(ex["onecycle"][n]),
        }
        row = out[f]
        row["free_over_replanned"] = row["free"]["mean"] / row["replanned"]["mean"]
        row["stopped_over_replanned"] = row["stopped"]["mean"] / row["replanned"]["mean"]
        row["wsd_over_replanned"] = row["wsd"]["mean"] / row["replanned"]["mean"]
    return out


def curves(name, chunk=64):
    """The mean excess loss of one stacked schedule, averaged over chunks of ``chunk`` updates
    (for the figures), and the update at the middle of each chunk."""
    mean = _excess()[name][1:].mean(axis=1)
    n = len(mean) // chunk * chunk
    return (np.arange(n // chunk) + 0.5) * chunk, mean[:n].reshape(-1, chunk).mean(axis=1)


@lru_cache
def plateau_numbers():
    """ReduceLROnPlateau around SGD at α = 0.1, handed the full-data loss at every update: the
    rate it ends with, when it first cuts, how many cuts, and the loss at T, per patience."""
    p = problem()
    T = total()
    start = np.broadcast_to(p.minima[0] + np.array(OFFSET), (RUNS, 2))
    out = {}
    for patience in PLATEAU["patience"]:
        opt = descent.ReduceLROnPlateau(
            descent.GradientDescent(lr=LR),
            factor=PLATEAU["factor"],
            patience=patience,
            threshold=PLATEAU["threshold"],
        )
        traj = descent.run_stochastic(opt, p, start, EPOCHS, 1, independent=True, record_state=True)
        lr = traj.states.lr[..., 0]  # (T + 1, runs): the rate of the next update
        cuts = (np.diff(lr, axis=0) < 0).sum(axis=0)
        first = np.argmax(lr < LR, axis=0)
        out[patience] = {
            "loss": _summary(traj.loss[T] - p.min_value),
            "final_lr": float(np.median(lr[T])),
            "cuts": float(np.median(cuts)),
            "first_cut": float(np.median(first)),
            "lr_median": np.median(lr, axis=1),  # for the figure
            "loss_curve": (traj.loss - p.min_value).mean(axis=1),
        }
    return out


def torch_agreement():
    """Largest relative gap between descent and the recorded torch / schedulefree runs: the
    rates of torch's CosineAnnealingWarmRestarts, OneCycleLR and the SequentialLR of WSD, and
    the points y and x of schedulefree's SGDScheduleFreeReference."""
    with np.load(TORCH_DATA) as data:
        ref = dict(data)
    meta = json.loads(str(ref["meta"]))
    kinds = {
        "CosineAnnealingWarmRestarts": CosineAnnealingWarmRestarts,
        "OneCycleLR": OneCycleLR,
        "WarmupStableDecay": WarmupStableDecay,
    }
    worst_rate, rate_cases = 0.0, 0
    for case in meta["schedules"]:
        if case["kind"] in kinds:
            torch_lr = ref[case["lr"]]
            ours = kinds[case["kind"]](**case["kwargs"]).values(len(torch_lr))
            nonzero = torch_lr != 0
            gap = np.abs(ours[nonzero] / torch_lr[nonzero] - 1).max(initial=0)
            gap = max(gap, np.abs(ours[~nonzero]).max(initial=0))
            worst_rate, rate_cases = max(worst_rate, float(gap)), rate_cases + 1
    worst_free, free_cases = 0.0, 0
    for case in meta["beyond"]:
        if (
            case["descent"] != "ScheduleFreeSGD"
            or case["schedule"] is not None
            or case["grads"] not in meta["beyond_fixed"]
        ):
            continue
        keys = meta["beyond_fixed"][case["grads"]]
        opt = descent.ScheduleFreeSGD(**case["kwargs"])
        y, grads = ref[keys["start"]], ref[keys["grads"]]
        state = opt.init(y)
        for t, g in enumerate(grads):
            y, state = opt.step(y, g, state)
            pairs = ((y, ref[case["path"]][t]), (opt.eval_params(state), ref[case["x"]][t]))
            for ours, theirs in pairs:
                worst_free = max(worst_free, float(np.max(np.abs(ours / theirs - 1))))
        free_cases += 1
    return {
        "rate_rel": worst_rate,
        "rate_cases": rate_cases,
        "free_rel": worst_free,
        "free_cases": free_cases,
    }


# -- the playground: the same schedules without noise ---------------------------------------------

#: Gradient descent on the elongated bowl ½(x² + 25y²) from one start, a budget of 140 steps
#: that every schedule is planned for as the runs above are for T (three restart cycles of 1,
#: 2 and 4 times T_0 that end with the run, one cycle, a cooldown over the last fifth); the
#: peak rate ``lr`` as the playground starts, and ``high``, past 2/λmax, for the reader to try.
PLAYGROUND = {"surface": "elongated", "start": (-5.0, 2.0), "steps": 140, "lr": 0.05, "high": 0.1}


def playground_schedules(lr):
    """The playground's runs at peak rate ``lr``: the constant rate and the three schedules."""
    steps = PLAYGROUND["steps"]
    decay = int(WSD["fraction"] * steps)
    return {
        "constant": lr,
        "sgdr": CosineAnnealingWarmRestarts(lr, T_0=-(-steps // 7), T_mult=SGDR["T_mult"]),
        "onecycle": OneCycleLR(lr, total_steps=steps),
        "wsd": WarmupStableDecay(lr, 0, steps - decay, decay, decay=WSD["decay"]),
    }


def playground_optimizers():
    """The playground's ``:optimizers:``, as the chapter writes them: the runs of
    :func:`playground_schedules` at its starting rate."""
    calls = []
    for s in playground_schedules(PLAYGROUND["lr"]).values():
        if not callable(s):
            calls.append(f"GradientDescent(lr={s!r})")
            continue
        fields = [f.name for f in dataclasses.fields(s)]
        args = [repr(getattr(s, fields[0]))]
        for f in dataclasses.fields(s)[1:]:
            value = getattr(s, f.name)
            if value != f.default:
                args.append(f"{f.name}={value!r}".replace("'", '"'))
        calls.append(f"GradientDescent(lr={type(s).__name__}({', '.join(args)}))")
    return ", ".join(calls)


@lru_cache
def playground_numbers():
    """What the playground shows at its two rates: each run's final loss (the bowl's minimum
    is 0), the update at which it diverged (-1 if it did not) and whether it ends inside the
    plot; 2/λmax; and the longest stretch of updates each schedule spends above 2/λmax at the
    higher rate."""
    surface = descent.surfaces.ALL[PLAYGROUND["surface"]]
    edge = 2 / max(surface.eigenvalues)
    x0, x1, y0, y1 = surface.extent
    out = {"edge": float(edge)}
    for key in ("lr", "high"):
        lr = PLAYGROUND[key]
        runs = {}
        for name, s in playground_schedules(lr).items():
            traj = descent.run(
                descent.GradientDescent(lr=s),
                surface,
                np.array(PLAYGROUND["start"]),
                PLAYGROUND["steps"],
            )
            x, y = traj.final
            rates = (
                s.values(PLAYGROUND["steps"]) if callable(s) else np.full(PLAYGROUND["steps"], s)
            )
            above, longest = 0, 0
            for r in rates:
                above = above + 1 if r > edge else 0
                longest = max(longest, above)
            runs[name] = {
                "loss": float(traj.loss[-1]),
                "diverged_at": int(traj.diverged_at),
                "inside": bool(x0 <= x <= x1 and y0 <= y <= y1),
                "above_edge": longest,
            }
        out[key] = runs
    return out
