"""Record golden trajectories from ``descent`` for the JavaScript playgrounds' tests.

The playgrounds (``docs/_static/playground/descent-core.js``) re-implement the surfaces and
update rules in JavaScript; ``tests_js/core.test.js`` replays every run recorded here and
asserts the JavaScript path matches to 1e-9. Run by ``nox -s js`` before the tests, so the
data always comes from the library as it is now::

    python tests_js/export_golden.py            # writes tests_js/golden.json

The JavaScript keeps no copy of descent's optimizer table: ``registry`` here is the data every
page with a playground carries (``docs/_ext/playground_data.py``), and the tests hand it to
the core as the page does; ``stochastic`` holds the SGD playground's own data and shuffles.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import numpy as np

import descent
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

# two settings per optimizer of the registry: defaults (or a common choice) and something else
SETTINGS = {
    "GradientDescent": [{"lr": 0.01}, {"lr": 0.07}],
    "Momentum": [{"lr": 0.01, "beta": 0.9}, {"lr": 0.03, "beta": 0.5}],
    "Nesterov": [{"lr": 0.01, "beta": 0.9}, {"lr": 0.02, "beta": 0.7}],
    "AdaGrad": [{"lr": 0.5}, {"lr": 0.05, "eps": 1e-6}],
    "RMSProp": [{"lr": 0.01}, {"lr": 0.05, "beta": 0.9, "eps": 1e-6}],
    "Adam": [{"lr": 0.1}, {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "bias_correction": False}],
    "AdamW": [{"lr": 0.1}, {"lr": 0.05, "weight_decay": 0.3}],
}


def _runs():
    missing = set(OPTIMIZERS) - set(SETTINGS)
    if missing:
        raise SystemExit(f"export_golden.py: add SETTINGS for {', '.join(sorted(missing))}")
    for name, cls in OPTIMIZERS.items():
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


# The rules beyond the gradient, not in the registry yet: Newton (the surfaces' Hessians) and
# L-BFGS, with and without its line search. Their page data is made here the way the registry
# makes it (playground_data's defaults), for the tests to hand the core; once they join
# descent.optimizers.ALL, the registry carries them and this drops them from its own.
CURVATURE = {"Newton": descent.Newton, "LBFGS": descent.LBFGS}
CURVATURE_SETTINGS = {
    "Newton": [{}, {"lr": 0.5, "damping": 1.0}],
    "LBFGS": [
        {"lr": 0.05, "history_size": 5},
        {"line_search_fn": "strong_wolfe", "max_eval": 25},
        {"line_search_fn": "strong_wolfe", "max_eval": 4, "lr": 0.5, "history_size": 2},
    ],
}
# descent's checks of their real-valued hyperparameters, as the registry's `ranges` says them
CURVATURE_RANGES = {
    "Newton": {"lr": {"min": 0, "min_open": True}, "damping": {"min": 0}},
    "LBFGS": {
        "lr": {"min": 0, "min_open": True},
        "history_size": {"min": 1},
        "tolerance_grad": {"min": 0},
        "tolerance_change": {"min": 0},
    },  # max_eval: None (torch's default) or an integer >= 1, held by the rule
}


def _curvature():
    """Page data for the rules not in the registry, their runs on every surface (with the
    evaluations L-BFGS made) and the surfaces' Hessians at the points of ``_surfaces``."""
    optimizers = {
        name: {
            "color": None,
            "marker": None,
            "hyper": [f.name for f in dataclasses.fields(cls)],
            "defaults": playground_data.defaults(cls),
            "ranges": CURVATURE_RANGES[name],
            "torch": None,
        }
        for name, cls in CURVATURE.items()
        if name not in OPTIMIZERS
    }
    symbols = {key: key.replace("_", " ") for spec in optimizers.values() for key in spec["hyper"]}
    runs = []
    for name, cls in CURVATURE.items():
        for hyper in CURVATURE_SETTINGS[name]:
            opt = cls(**hyper)
            for surface, start in STARTS.items():
                traj = descent.run(opt, ALL[surface], np.array(start), STEPS, record_state=True)
                run = {
                    "optimizer": name,
                    "hyper": hyper,
                    "surface": surface,
                    "start": start,
                    "steps": STEPS,
                    "path": traj.path.tolist(),
                    "final_loss": float(traj.loss[-1]),
                    "diverged_at": int(traj.diverged_at),
                }
                if name == "LBFGS":
                    run["func_evals"] = int(traj.states.func_evals[-1])
                runs.append(run)
    hessians = {}
    for name, s in ALL.items():
        points = np.array(_surfaces()[name]["points"])
        hessians[name] = s.hessian(points).tolist()
    return {"registry": {"optimizers": optimizers, "symbols": symbols}, "runs": runs,
            "hessians": hessians}  # fmt: skip


def main(out: Path = OUT) -> None:
    golden = {
        "note": "written by tests_js/export_golden.py from descent " + descent.__version__,
        "registry": playground_data.registry(),
        "surfaces": _surfaces(),
        "runs": list(_runs()) + list(_divergent()),
        "stochastic": _stochastic(),
        "ema": _ema(),
        "curvature": _curvature(),
    }
    out.write_text(json.dumps(golden, separators=(",", ":")) + "\n")
    print(f"{out}: {len(golden['runs'])} runs, {out.stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
