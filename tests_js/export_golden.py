"""Record golden trajectories from ``descent`` for the JavaScript playgrounds' tests.

The playgrounds (``docs/_static/playground/descent-core.js``) re-implement the surfaces and
update rules in JavaScript; ``tests_js/core.test.js`` replays every run recorded here and
asserts the JavaScript path matches to 1e-9. Run by ``nox -s js`` before the tests, so the
data always comes from the library as it is now::

    python tests_js/export_golden.py            # writes tests_js/golden.json

The JavaScript keeps no copy of descent's optimizer table: ``registry`` here is the data every
page with a playground carries (``docs/_ext/playground_data.py``), and the tests hand it to
the core as the page does; ``stochastic`` holds the SGD playground's own data and shuffles.
Every optimizer of the registry that runs on a vector (``vector``, asked of descent) has a rule
in the core and runs here; Muon has no vector form, so no rule in the core and no runs here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

import descent
import descent.schedules
from descent.optimizers import ALL as OPTIMIZERS
from descent.surfaces import ALL

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
import playground_data

OUT = Path(__file__).with_name("golden.json")
STEPS = 50

# a start per surface: off the axes, not at a minimum, inside the plotting window
STARTS = {
    "parabola": [1.8],
    "bumpy": [-2.6],
    "bowl": [1.5, -1.2],
    "elongated": [-5.0, 2.0],
    "saddle": [1.5, 0.01],
    "rosenbrock": [-1.5, 2.0],
    "beale": [1.0, 1.5],
    "himmelblau": [0.5, -4.0],
}

# two settings per optimizer of the registry: defaults (or a common choice) and something else,
# then torch's options, each on
SETTINGS = {
    "GradientDescent": [{"lr": 0.01}, {"lr": 0.07}],
    "Momentum": [
        {"lr": 0.01, "beta": 0.9},
        {"lr": 0.03, "beta": 0.5},
        {"lr": 0.01, "beta": 0.9, "dampening": 0.5, "weight_decay": 0.1},
    ],
    "Nesterov": [
        {"lr": 0.01, "beta": 0.9},
        {"lr": 0.02, "beta": 0.7},
        {"lr": 0.01, "beta": 0.9, "weight_decay": 0.2},
    ],
    "AdaGrad": [
        {"lr": 0.5},
        {"lr": 0.05, "eps": 1e-6},
        {"lr": 0.5, "lr_decay": 0.1, "weight_decay": 0.05, "initial_accumulator_value": 0.5},
    ],
    "RMSProp": [
        {"lr": 0.01},
        {"lr": 0.05, "beta": 0.9, "eps": 1e-6},
        {"lr": 0.01, "centered": True},
        {"lr": 0.01, "momentum": 0.8, "centered": True, "weight_decay": 0.1},
    ],
    "Adam": [
        {"lr": 0.1},
        {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "bias_correction": False},
        {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True},
    ],
    "AdamW": [{"lr": 0.1}, {"lr": 0.05, "weight_decay": 0.3}, {"lr": 0.05, "amsgrad": True}],
    "NAdam": [
        {"lr": 0.05},
        {"lr": 0.02, "beta1": 0.8, "momentum_decay": 0.02, "weight_decay": 0.1},
    ],
    "RAdam": [
        {"lr": 0.05},
        {"lr": 0.05, "beta2": 0.9, "weight_decay": 0.2, "decoupled_weight_decay": True},
    ],
    "Adamax": [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9, "weight_decay": 0.1}],
    "Adadelta": [{"lr": 10.0}, {"lr": 50.0, "beta": 0.5, "eps": 1e-4, "weight_decay": 0.01}],
    "Rprop": [{"lr": 0.01}, {"lr": 0.1, "eta_minus": 0.3, "eta_plus": 1.5, "step_size_max": 0.5}],
    "ASGD": [{"lr": 0.01}, {"lr": 0.02, "lambd": 0.05, "alpha": 0.6, "t0": 10.0}],
    "Lion": [{"lr": 0.01}, {"lr": 0.003, "beta1": 0.8, "beta2": 0.95, "weight_decay": 0.1}],
    "SignSGD": [{"lr": 0.01}, {"lr": 0.05}],
    "Signum": [{"lr": 0.01}, {"lr": 0.03, "beta": 0.5}],
    "ScheduleFreeSGD": [
        {"lr": 0.01},
        {"lr": 0.003, "beta": 0.5, "weight_decay": 0.01, "warmup_steps": 10, "r": 1.0},
    ],
    "ScheduleFreeAdamW": [
        {"lr": 0.05},
        {
            "lr": 0.1,
            "beta1": 0.8,
            "beta2": 0.99,
            "weight_decay": 0.1,
            "warmup_steps": 5,
            "r": 0.5,
            "weight_lr_power": 1.0,
            "decay_at_z": True,
        },
    ],
    "Adafactor": [
        {"lr": 0.05},
        {"lr": 0.1, "beta2_decay": -0.5, "eps2": 0.01, "d": 1.5, "weight_decay": 0.02},
    ],
    "Newton": [{}, {"lr": 0.5, "damping": 1.0}],
    "LBFGS": [
        {"lr": 0.05, "history_size": 5},
        {"line_search_fn": "strong_wolfe", "max_eval": 25},
        {"line_search_fn": "strong_wolfe", "max_eval": 4, "lr": 0.5, "history_size": 2},
    ],
}


def _runs():
    everything = {name: cls for name, cls in OPTIMIZERS.items() if playground_data.vector(cls)}
    missing = set(everything) - set(SETTINGS)
    if missing:
        raise SystemExit(f"export_golden.py: add SETTINGS for {', '.join(sorted(missing))}")
    for name, cls in everything.items():
        for hyper in SETTINGS[name]:
            opt = cls(**hyper)
            for surface, start in STARTS.items():
                traj = descent.run(opt, ALL[surface], np.array(start), STEPS, record_state=True)
                # what the playgrounds draw of the state: the rate per coordinate, the velocity
                insides = {}
                if hasattr(opt, "effective_lr"):
                    insides["effective_lr"] = np.asarray(opt.effective_lr(traj.states)).tolist()
                if hasattr(traj.states, "velocity"):
                    insides["velocity"] = traj.states.velocity.tolist()
                if hasattr(traj.states, "ax"):  # ASGD's averaged point: the one to evaluate
                    insides["ax"] = traj.states.ax.tolist()
                if hasattr(opt, "eval_params"):  # schedule-free's: the one to evaluate
                    insides["eval_params"] = opt.eval_params(traj.states).tolist()
                if hasattr(traj.states, "func_evals"):  # L-BFGS's, line search included
                    insides["func_evals"] = int(traj.states.func_evals[-1])
                yield insides | {
                    "optimizer": name,
                    "hyper": hyper,
                    "surface": surface,
                    "start": start,
                    "steps": STEPS,
                    "path": traj.path.tolist(),
                    "final_loss": float(traj.loss[-1]),
                    "diverged_at": int(traj.diverged_at),
                }


# each schedule the core computes (playground_data.SCHEDULES), in a few settings: its
# defaults and others, every branch of its formula taken (T_mult 1 and 2, one cycle's three
# phases and linear anneal, each WSD decay and its phases left out)
SCHEDULE_SETTINGS = {
    "ConstantLR": [{"lr": 0.1}, {"lr": 0.3, "factor": 0.25, "total_iters": 12}],
    "LinearLR": [
        {"lr": 0.1},
        {"lr": 0.2, "start_factor": 0.1, "end_factor": 0.5, "total_iters": 30},
    ],
    "CosineAnnealingLR": [{"lr": 0.1, "T_max": 50}, {"lr": 0.07, "T_max": 17, "eta_min": 0.01}],
    "CosineAnnealingWarmRestarts": [
        {"lr": 0.1, "T_0": 20, "T_mult": 2},
        {"lr": 0.05, "T_0": 7, "eta_min": 0.002},
        {"lr": 0.2, "T_0": 3, "T_mult": 3, "eta_min": 0.01},
    ],
    "OneCycleLR": [
        {"max_lr": 0.1, "total_steps": 140},
        {"max_lr": 0.05, "total_steps": 99, "pct_start": 0.25, "anneal_strategy": "linear"},
        {"max_lr": 0.3, "epochs": 7, "steps_per_epoch": 20, "three_phase": True, "div_factor": 10},
    ],
    "WarmupStableDecay": [
        {"lr": 0.1, "warmup_steps": 0, "stable_steps": 112, "decay_steps": 28, "decay": "1-sqrt"},
        {"lr": 0.05, "warmup_steps": 10, "stable_steps": 50, "decay_steps": 40},
        {
            "lr": 0.2,
            "warmup_steps": 5,
            "stable_steps": 0,
            "decay_steps": 30,
            "decay": "cosine",
            "start_factor": 0.1,
            "final_factor": 0.05,
        },
    ],
}
SCHEDULE_STEPS = 141  # past the end of the 140-update schedules (the rate their last point takes)


def _schedules():
    """Each schedule's rates over SCHEDULE_STEPS updates (a OneCycleLR up to its total_steps,
    past which it raises), and runs of optimizers with ``lr`` a schedule, as ``descent.run``
    takes it: the rate of update t is schedule(t)."""
    missing = set(playground_data.SCHEDULES) - set(SCHEDULE_SETTINGS)
    if missing:
        raise SystemExit(
            f"export_golden.py: add SCHEDULE_SETTINGS for {', '.join(sorted(missing))}"
        )
    rates = []
    for name in playground_data.SCHEDULES:
        for args in SCHEDULE_SETTINGS[name]:
            sched = getattr(descent.schedules, name)(**args)
            n = min(SCHEDULE_STEPS, getattr(sched, "total_steps", None) or SCHEDULE_STEPS)
            rates.append({"schedule": name, "args": args, "values": sched.values(n + 1).tolist()})
    runs = []
    for name, hyper, sched_name, args in [
        (
            "GradientDescent",
            {},
            "CosineAnnealingWarmRestarts",
            {"lr": 0.07, "T_0": 20, "T_mult": 2},
        ),
        ("GradientDescent", {}, "OneCycleLR", {"max_lr": 0.07, "total_steps": 140}),
        (
            "Momentum",
            {"beta": 0.9},
            "WarmupStableDecay",
            {
                "lr": 0.01,
                "warmup_steps": 10,
                "stable_steps": 100,
                "decay_steps": 30,
                "decay": "1-sqrt",
            },
        ),
        ("Adam", {}, "CosineAnnealingLR", {"lr": 0.1, "T_max": 140}),
        ("Rprop", {}, "LinearLR", {"lr": 0.05, "start_factor": 0.2, "total_iters": 20}),
        ("ScheduleFreeSGD", {"beta": 0.9}, "OneCycleLR", {"max_lr": 0.05, "total_steps": 140}),
    ]:
        sched = getattr(descent.schedules, sched_name)(**args)
        opt = OPTIMIZERS[name](lr=sched, **hyper)
        for surface in ("elongated", "rosenbrock"):
            start = STARTS[surface]
            traj = descent.run(opt, ALL[surface], np.array(start), 140, record_state=True)
            insides = {}
            if hasattr(opt, "effective_lr"):
                insides["effective_lr"] = np.asarray(opt.effective_lr(traj.states)).tolist()
            runs.append(
                insides
                | {
                    "optimizer": name,
                    "hyper": hyper,
                    "schedule": sched_name,
                    "args": args,
                    "surface": surface,
                    "start": start,
                    "steps": 140,
                    "path": traj.path.tolist(),
                    "diverged_at": int(traj.diverged_at),
                }
            )
    return {"rates": rates, "runs": runs}


def _divergent():
    """Runs that leave the box, to check the freezing (GD above 2/λ_max on the parabola)."""
    for lr in (1.2, 3.0):
        traj = descent.run(descent.GradientDescent(lr=lr), ALL["parabola"], np.array([1.0]), 80)
        yield {
            "optimizer": "GradientDescent",
            "hyper": {"lr": lr},
            "surface": "parabola",
            "start": [1.0],
            "steps": 80,
            "path": traj.path.tolist(),
            "final_loss": float(traj.loss[-1]),
            "diverged_at": int(traj.diverged_at),
        }


def _stochastic():
    """The SGD playground's data and shuffles, and runs of run_stochastic on them (seed 0)."""
    problem, orders = playground_data.sgd_data(seed=0)
    runs = []
    for name, hyper, batch, epochs in [
        ("GradientDescent", {"lr": 0.1}, 10, 5),
        ("GradientDescent", {"lr": 0.05}, 1, 3),
        ("GradientDescent", {"lr": 0.2}, 100, 30),
        ("Momentum", {"lr": 0.05, "beta": 0.9}, 32, 30),
        ("Adam", {"lr": 0.1}, 16, 8),
    ]:
        opt = OPTIMIZERS[name](**hyper)
        traj = descent.run_stochastic(opt, problem, np.array([-1.0, 2.0]), epochs, batch, seed=0)
        runs.append(
            {
                "optimizer": name,
                "hyper": hyper,
                "batch_size": batch,
                "epochs": epochs,
                "start": [-1.0, 2.0],
                "path": traj.path.tolist(),
                "loss": traj.loss.tolist(),
                "epoch_ends": traj.epoch_ends.tolist(),
            }
        )
    return {
        "x": problem.x.tolist(),
        "y": problem.y.tolist(),
        "orders": orders.tolist(),
        "minimum": problem.minima[0].tolist(),
        "runs": runs,
    }


def _ema():
    signal = np.random.default_rng(0).normal(size=50).cumsum()
    return [
        {
            "values": signal.tolist(),
            "beta": beta,
            "bias_correction": bc,
            "ema": descent.ema(signal, beta, bias_correction=bc).tolist(),
        }
        for beta in (0.0, 0.5, 0.9, 0.98)
        for bc in (False, True)
    ]


def _surfaces():
    out = {}
    for name, s in ALL.items():
        rng = np.random.default_rng(1)
        lo, hi = np.array(s.extent[0::2]), np.array(s.extent[1::2])
        points = rng.uniform(lo, hi, size=(5, s.dim))
        out[name] = {
            "dim": s.dim,
            "extent": list(s.extent),
            "minima": s.minima.tolist(),
            "points": points.tolist(),
            "value": s(points).tolist(),
            "grad": s.grad(points).tolist(),
        }
    return out


def _hessians():
    """The surfaces' Hessians at the points of :func:`_surfaces` (Newton's, in the core)."""
    return {
        name: s.hessian(np.array(_surfaces()[name]["points"])).tolist() for name, s in ALL.items()
    }


def main(out: Path = OUT) -> None:
    golden = {
        "note": "written by tests_js/export_golden.py from descent " + descent.__version__,
        "registry": playground_data.registry(),
        "surfaces": _surfaces(),
        "runs": list(_runs()) + list(_divergent()),
        "stochastic": _stochastic(),
        "ema": _ema(),
        "hessians": _hessians(),
        "schedules": _schedules(),
    }
    out.write_text(json.dumps(golden, separators=(",", ":")) + "\n")
    print(f"{out}: {len(golden['runs'])} runs, {out.stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
