"""Record torch.optim's trajectories as reference data for ``tests/test_torch_reference.py``.

Run by hand, from the repository root, whenever a case is added::

    pip install torch==2.13.0
    python tests/data/record_torch.py

It writes

``tests/data/torch_reference.npz``
    Everything the test replays: for each optimizer case the gradients (or the surface that
    gives them), the start and the parameters after each of the 100 steps; torch's learning
    rate after ``t`` calls of ``scheduler.step()``, ``t = 0..100``; ``LBFGS(max_iter=1)``'s
    parameters and closure counts, with and without its line search, one torch run per row of
    starts; ``ReduceLROnPlateau``'s rate after each ``step(loss)``, on loss sequences and around
    an optimizer on a surface (:func:`record_curvature`); the MLP loss and gradient at
    the source text's initial weights and its 200-epoch loss curves. ``meta`` is a JSON string
    that names every case, its hyperparameters and the keys of its arrays, so the test is
    driven by the data alone and needs no torch.
``descent/data/mlp_torch_seed42.npz``
    The weights the source text's network starts from (``torch.manual_seed(42)`` then the first
    ``get_model()``), loaded by ``descent.problems.MLP.torch_init``.

All arithmetic is float64; torch runs its default (single-tensor, CPU) implementations. The
random numbers (gradients, starts) come from numpy's seeded generator and are stored, so the
file does not depend on torch's random stream, except for the MLP weights, which are the
point of recording them. torch is imported inside :func:`main` so that importing this file
(pytest's ``--doctest-modules`` does) needs no torch.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "torch_reference.npz"
MLP_INIT = HERE.parents[1] / "descent" / "data" / "mlp_torch_seed42.npz"

STEPS = 100
MLP_EPOCHS = 200

# Gradient sequences independent of the parameters: a plain one, and one whose coordinates
# span six orders of magnitude with about one entry in ten exactly zero, so that ε and the
# per-coordinate scaling of the adaptive methods matter.
_rng = np.random.default_rng(20261123)
FIXED = {
    "normal_3": {
        "start": _rng.uniform(-2.0, 2.0, size=3),
        "grads": _rng.standard_normal((STEPS, 3)),
    },
    "mixed_2x3": {
        "start": _rng.uniform(-2.0, 2.0, size=(2, 3)),
        "grads": _rng.standard_normal((STEPS, 2, 3))
        * np.array([[1e-3, 1.0, 10.0], [0.1, 1e2, 1.0]])
        * (_rng.uniform(size=(STEPS, 2, 3)) > 0.1),
    },
}

# Gradients that depend on the parameters, computed by torch autograd at torch's current
# parameters (and by descent.surfaces at descent's, in the test).
SURFACES = {
    "rosenbrock": {"kind": "Rosenbrock", "kwargs": {"a": 1.0, "b": 100.0}, "start": [-1.2, 1.0]},
    "quadratic_3": {
        "kind": "Quadratic",
        "kwargs": {
            "A": [[4.0, 1.0, 0.0], [1.0, 3.0, 0.5], [0.0, 0.5, 1.0]],
            "b": [1.0, -2.0, 0.5],
        },
        "start": [2.0, -1.5, 3.0],
    },
}

# descent class -> (torch class, descent keyword -> torch keyword, fixed torch keywords)
TORCH_OF = {
    "GradientDescent": ("SGD", {"lr": "lr"}, {}),
    "Momentum": ("SGD", {"lr": "lr", "beta": "momentum"}, {}),
    "Nesterov": ("SGD", {"lr": "lr", "beta": "momentum"}, {"nesterov": True}),
    "AdaGrad": ("Adagrad", {"lr": "lr", "eps": "eps"}, {}),
    "RMSProp": ("RMSprop", {"lr": "lr", "beta": "alpha", "eps": "eps"}, {}),
    "Adam": ("Adam", {"lr": "lr", "beta1": "betas[0]", "beta2": "betas[1]", "eps": "eps"}, {}),
    "AdamW": (
        "AdamW",
        {
            "lr": "lr",
            "beta1": "betas[0]",
            "beta2": "betas[1]",
            "eps": "eps",
            "weight_decay": "weight_decay",
        },
        {},
    ),
}

# (descent class, its keyword arguments, gradients): several settings per optimizer, including
# the defaults, non-default values and the edges β = 0, ε large, weight_decay = 0.
OPTIMIZER_CASES = [
    ("GradientDescent", {"lr": 0.1}, "normal_3"),
    ("GradientDescent", {"lr": 1e-3}, "mixed_2x3"),
    ("GradientDescent", {"lr": 1.5}, "normal_3"),
    ("Momentum", {"lr": 0.1, "beta": 0.9}, "normal_3"),
    ("Momentum", {"lr": 0.01, "beta": 0.0}, "mixed_2x3"),
    ("Momentum", {"lr": 0.05, "beta": 0.99}, "normal_3"),
    ("Momentum", {"lr": 0.3, "beta": 0.5}, "mixed_2x3"),
    ("Nesterov", {"lr": 0.1, "beta": 0.9}, "normal_3"),
    ("Nesterov", {"lr": 0.01, "beta": 0.5}, "mixed_2x3"),
    ("Nesterov", {"lr": 0.05, "beta": 0.99}, "normal_3"),
    ("Nesterov", {"lr": 0.01, "beta": 0.0}, "mixed_2x3"),  # torch: plain SGD, see below
    ("AdaGrad", {"lr": 0.01, "eps": 1e-10}, "normal_3"),
    ("AdaGrad", {"lr": 0.5, "eps": 1e-10}, "mixed_2x3"),
    ("AdaGrad", {"lr": 0.1, "eps": 1.0}, "normal_3"),
    ("AdaGrad", {"lr": 1.0, "eps": 1e-3}, "mixed_2x3"),
    ("RMSProp", {"lr": 0.01, "beta": 0.99, "eps": 1e-8}, "normal_3"),
    ("RMSProp", {"lr": 1e-3, "beta": 0.9, "eps": 1e-8}, "mixed_2x3"),
    ("RMSProp", {"lr": 0.01, "beta": 0.0, "eps": 1e-8}, "normal_3"),
    ("RMSProp", {"lr": 0.1, "beta": 0.999, "eps": 1e-3}, "mixed_2x3"),
    ("Adam", {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, "normal_3"),
    ("Adam", {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, "mixed_2x3"),
    ("Adam", {"lr": 0.01, "beta1": 0.0, "beta2": 0.99, "eps": 1e-8}, "normal_3"),
    ("Adam", {"lr": 0.01, "beta1": 0.5, "beta2": 0.0, "eps": 1e-6}, "mixed_2x3"),
    ("Adam", {"lr": 0.05, "beta1": 0.99, "beta2": 0.9999, "eps": 0.1}, "normal_3"),
    (
        "AdamW",
        {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01},
        "normal_3",
    ),
    (
        "AdamW",
        {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
        "mixed_2x3",
    ),
    (
        "AdamW",
        {"lr": 0.1, "beta1": 0.8, "beta2": 0.99, "eps": 1e-8, "weight_decay": 0.5},
        "normal_3",
    ),
    (
        "AdamW",
        {"lr": 0.05, "beta1": 0.0, "beta2": 0.0, "eps": 1e-8, "weight_decay": 1.0},
        "mixed_2x3",
    ),
    # gradients from the current parameters
    ("GradientDescent", {"lr": 1e-3}, "rosenbrock"),
    ("Momentum", {"lr": 1e-3, "beta": 0.9}, "rosenbrock"),
    ("Nesterov", {"lr": 1e-3, "beta": 0.9}, "rosenbrock"),
    ("AdaGrad", {"lr": 0.1, "eps": 1e-10}, "rosenbrock"),
    ("RMSProp", {"lr": 0.01, "beta": 0.99, "eps": 1e-8}, "rosenbrock"),
    ("Adam", {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, "rosenbrock"),
    (
        "AdamW",
        {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1},
        "rosenbrock",
    ),
    ("GradientDescent", {"lr": 0.2}, "quadratic_3"),
    ("Momentum", {"lr": 0.1, "beta": 0.8}, "quadratic_3"),
    ("Nesterov", {"lr": 0.1, "beta": 0.8}, "quadratic_3"),
    ("Adam", {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, "quadratic_3"),
]

# torch.optim options that descent has no keyword for, recorded to check what the site says
# about them: (torch class, its keyword arguments, gradients). SGD's ``dampening`` scales the
# new gradient by 1 - dampening, except in the first step, which sets the buffer to g_1.
CONVENTION_CASES = [
    ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.9}, "normal_3"),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "dampening": 0.5}, "mixed_2x3"),
    ("SGD", {"lr": 0.02, "momentum": 0.99, "dampening": 0.99}, "normal_3"),
]

# (descent.schedules class, its keyword arguments). torch's schedulers are built with the
# optimizer's lr as base and the other keywords unchanged.
SCHEDULES = [
    ("StepLR", {"lr": 0.1, "step_size": 10, "gamma": 0.5}),
    ("StepLR", {"lr": 1.0, "step_size": 30, "gamma": 0.1}),
    ("StepLR", {"lr": 0.05, "step_size": 1, "gamma": 0.9}),
    ("StepLR", {"lr": 0.1, "step_size": 7, "gamma": 0.1}),
    ("ExponentialLR", {"lr": 0.1, "gamma": 0.95}),
    ("ExponentialLR", {"lr": 1.0, "gamma": 0.5}),
    ("ExponentialLR", {"lr": 0.01, "gamma": 0.999}),
    ("CosineAnnealingLR", {"lr": 0.1, "T_max": 100, "eta_min": 0.0}),
    ("CosineAnnealingLR", {"lr": 0.1, "T_max": 30, "eta_min": 0.0}),
    ("CosineAnnealingLR", {"lr": 1.0, "T_max": 7, "eta_min": 0.01}),
    ("CosineAnnealingLR", {"lr": 0.05, "T_max": 2, "eta_min": 0.001}),
    ("CosineAnnealingLR", {"lr": 0.1, "T_max": 150, "eta_min": 0.02}),
    ("LinearLR", {"lr": 0.1, "start_factor": 1 / 3, "end_factor": 1.0, "total_iters": 5}),
    ("LinearLR", {"lr": 0.1, "start_factor": 0.1, "end_factor": 1.0, "total_iters": 50}),
    ("LinearLR", {"lr": 0.2, "start_factor": 1.0, "end_factor": 0.1, "total_iters": 30}),
    ("LinearLR", {"lr": 0.1, "start_factor": 0.5, "end_factor": 0.0, "total_iters": 100}),
    ("LinearLR", {"lr": 0.05, "start_factor": 0.25, "end_factor": 1.0, "total_iters": 120}),
]

# Trajectories driven by a schedule: momentum and Adam under each kind of scheduler (the cosine
# one past T_max), every other optimizer under one. The schedule's "lr" is the base rate.
_SCHEDULED = {
    "StepLR": {"step_size": 10, "gamma": 0.5},
    "ExponentialLR": {"gamma": 0.97},
    "CosineAnnealingLR": {"T_max": 30, "eta_min": 0.001},
    "LinearLR": {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 20},
}
SCHEDULED_CASES = [
    *[
        ("Momentum", {"lr": 0.05, "beta": 0.9}, kind, kwargs, "normal_3")
        for kind, kwargs in _SCHEDULED.items()
    ],
    *[
        ("Adam", {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, kind, kwargs, "mixed_2x3")
        for kind, kwargs in _SCHEDULED.items()
    ],
    (
        "GradientDescent",
        {"lr": 0.1},
        "CosineAnnealingLR",
        _SCHEDULED["CosineAnnealingLR"],
        "normal_3",
    ),
    ("Nesterov", {"lr": 0.05, "beta": 0.9}, "StepLR", _SCHEDULED["StepLR"], "mixed_2x3"),
    (
        "AdaGrad",
        {"lr": 0.5, "eps": 1e-10},
        "ExponentialLR",
        _SCHEDULED["ExponentialLR"],
        "normal_3",
    ),
    (
        "RMSProp",
        {"lr": 0.01, "beta": 0.99, "eps": 1e-8},
        "LinearLR",
        _SCHEDULED["LinearLR"],
        "mixed_2x3",
    ),
    (
        "AdamW",
        {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1},
        "CosineAnnealingLR",
        _SCHEDULED["CosineAnnealingLR"],
        "normal_3",
    ),
    (
        "Adam",
        {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
        "CosineAnnealingLR",
        _SCHEDULED["CosineAnnealingLR"],
        "rosenbrock",
    ),
]

# The source text's experiment (seed 004), in float64.
MLP_OPTIMIZERS = [
    ("SGD", "GradientDescent", {"lr": 0.01}),
    ("SGD_momentum", "Momentum", {"lr": 0.01, "beta": 0.9}),
    ("RMSprop", "RMSProp", {"lr": 0.01}),
    ("Adam", "Adam", {"lr": 0.01}),
]


# -- Curvature: L-BFGS and ReduceLROnPlateau -------------------------------------------------
# torch.optim.LBFGS with max_iter=1 (one iteration per step(closure)), with and without its
# strong-Wolfe line search; ReduceLROnPlateau on recorded loss sequences and wrapped around an
# optimizer on a surface. Recorded by record_curvature(), replayed in test_torch_reference.py.
#
# The cases are runs that do not amplify rounding. torch's p.add_(d, alpha=t) is a fused
# multiply-add (rounded once), numpy's p + t * d rounds twice, so the two sides start one ulp
# apart; a run on the edge of stability (L-BFGS at lr=1 with no line search on Rosenbrock, a
# line search of three trials in the valley) multiplies that by ~10 a step and parts from
# torch by 1e-8 after 50 steps though every decision agrees. Those are left out, not loosened.

CURVATURE_SURFACES = {  # besides SURFACES: a surface with several minima, for many starts
    "himmelblau": {"kind": "Himmelblau", "kwargs": {}},
}
_curv_rng = np.random.default_rng(20261124)
CURVATURE_STARTS = {
    "himmelblau_6": {"surface": "himmelblau", "starts": _curv_rng.uniform(-5, 5, size=(6, 2))},
    "rosenbrock_4": {"surface": "rosenbrock", "starts": _curv_rng.uniform(-2, 2, size=(4, 2))},
}

# (LBFGS keyword arguments beside max_iter=1, gradients: a FIXED sequence, a SURFACES name
# (its start) or a CURVATURE_STARTS name (several runs, each its own torch optimizer)).
# mixed_2x3's rows are two runs (descent's last axis is the parameter vector).
LBFGS_CASES = [
    ({}, "normal_3"),
    ({"lr": 0.3, "history_size": 2, "tolerance_change": 1e-3}, "normal_3"),
    ({"lr": 0.05, "history_size": 5}, "mixed_2x3"),
    ({"lr": 0.05}, "rosenbrock"),
    ({"lr": 0.02, "history_size": 10}, "rosenbrock_4"),
    ({"lr": 0.5, "history_size": 3}, "quadratic_3"),
    ({"line_search_fn": "strong_wolfe", "max_eval": 25}, "rosenbrock"),
    (
        {"line_search_fn": "strong_wolfe", "max_eval": 6, "lr": 0.8, "tolerance_grad": 1e-4},
        "rosenbrock",
    ),
    ({"line_search_fn": "strong_wolfe"}, "rosenbrock"),  # max_eval 1: one trial, kept if lower
    ({"line_search_fn": "strong_wolfe"}, "quadratic_3"),
    (
        {"line_search_fn": "strong_wolfe", "max_eval": 25, "history_size": 1, "lr": 0.5},
        "quadratic_3",
    ),
    (
        {"line_search_fn": "strong_wolfe", "max_eval": 25, "tolerance_grad": 1e-5},
        "himmelblau_6",
    ),
    ({"lr": 0.02, "history_size": 4, "tolerance_grad": 1e-3}, "himmelblau_6"),
]

# torch's ReduceLROnPlateau keywords (beside the optimizer) on loss sequences: the lr after
# each scheduler.step(loss). Sequences with plateaus, noise, exact ties and a rising stretch.
_steps = np.arange(STEPS)
PLATEAU_LOSSES = {
    "staircase": np.round(5.0 * 0.7 ** (_steps // 12) + 0.01 * np.sin(_steps), 6),
    "noisy": np.exp(-_steps / 30) + 0.05 * _curv_rng.standard_normal(STEPS),
    "accuracy": np.minimum(0.9, 0.2 + 0.01 * _steps) + 0.02 * _curv_rng.standard_normal(STEPS),
    "ties": np.repeat([3.0, 2.0, 2.0, 1.5, 1.5, 1.5, 1.0, 1.0, 1.0, 1.0], 10),
}
PLATEAU_SEQUENCES = [
    ({}, 0.1, "staircase"),
    ({"factor": 0.5, "patience": 3, "cooldown": 2}, 1.0, "staircase"),
    ({"mode": "max", "threshold_mode": "abs", "threshold": 0.05, "patience": 3}, 0.5, "accuracy"),
    ({"mode": "max", "factor": 0.3, "patience": 0, "cooldown": 5}, 0.2, "accuracy"),
    ({"threshold": 0.01, "patience": 0, "min_lr": 0.01, "factor": 0.3}, 1.0, "noisy"),
    ({"threshold_mode": "abs", "threshold": 0.1, "patience": 2, "eps": 0.02}, 0.5, "noisy"),
    ({"factor": 0.9, "patience": 1, "eps": 0.05}, 1.0, "ties"),
    ({"threshold": 0.0, "patience": 4, "cooldown": 1, "factor": 0.5}, 0.3, "ties"),
]
# An optimizer wrapped by it on a surface: (descent optimizer, its keywords, plateau keywords,
# SURFACES or CURVATURE_STARTS name). torch: loss = closure(); opt.step(); sched.step(loss).
PLATEAU_RUNS = [
    ("Adam", {"lr": 0.05}, {"factor": 0.5, "patience": 5, "threshold": 1e-3}, "rosenbrock"),
    ("Momentum", {"lr": 0.02, "beta": 0.9}, {"threshold_mode": "abs", "patience": 2,
                                               "threshold": 1e-2, "factor": 0.5}, "quadratic_3"),
    ("GradientDescent", {"lr": 1e-3}, {"factor": 0.7, "patience": 3, "cooldown": 2,
                                       "min_lr": 2e-4, "threshold": 0.02}, "rosenbrock_4"),
    ("Adam", {"lr": 0.3, "beta1": 0.8, "beta2": 0.99}, {"factor": 0.5, "patience": 4},
     "himmelblau_6"),
]  # fmt: skip


def record_curvature(torch, arrays, meta):
    """Record LBFGS_CASES, PLATEAU_SEQUENCES and PLATEAU_RUNS into ``arrays`` and ``meta``."""
    f64 = torch.float64
    specs = SURFACES | CURVATURE_SURFACES

    def value(name, p):
        spec = specs[name]
        if spec["kind"] == "Himmelblau":
            return (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2
        kw = spec["kwargs"]
        if spec["kind"] == "Rosenbrock":
            return (kw["a"] - p[0]) ** 2 + kw["b"] * (p[1] - p[0] ** 2) ** 2
        A, b = torch.tensor(kw["A"], dtype=f64), torch.tensor(kw["b"], dtype=f64)
        return 0.5 * p @ A @ p - b @ p

    def runs_of(source):
        """The surface's name (None for fixed gradients), the start as descent takes it
        (``(dim,)`` or ``(runs, dim)``) and the fixed gradients (or None)."""
        if source in FIXED:
            return None, FIXED[source]["start"], FIXED[source]["grads"]
        if source in CURVATURE_STARTS:
            spec = CURVATURE_STARTS[source]
            return spec["surface"], spec["starts"], None
        return source, np.array(SURFACES[source]["start"]), None

    def drive(make, source, on_step=None):
        """Each run alone in torch: make(p) -> (optimizer, scheduler or None); the path
        (STEPS, runs, dim), the lr after each step (STEPS, runs) and the closures' count."""
        surface, start_as_given, grads = runs_of(source)
        starts = np.atleast_2d(start_as_given)  # one torch run per row
        if grads is not None:
            grads = grads.reshape(STEPS, *starts.shape)
        path = np.empty((STEPS, *starts.shape))
        lrs = np.empty((STEPS, len(starts)))
        evals, n_iter = np.zeros(len(starts), dtype=int), np.zeros(len(starts), dtype=int)
        for r, start in enumerate(starts):
            p = torch.tensor(start, dtype=f64, requires_grad=True)
            opt, sched = make(p)
            for t in range(STEPS):

                def closure(t=t, r=r, p=p, opt=opt):
                    evals[r] += 1
                    opt.zero_grad()
                    if grads is not None:
                        p.grad = torch.tensor(grads[t, r])
                        return torch.tensor(0.0, dtype=f64)
                    loss = value(surface, p)
                    loss.backward()
                    return loss

                if sched is None:
                    opt.step(closure)
                else:
                    loss = closure()
                    opt.step()
                    sched.step(loss.item())
                path[t, r] = p.detach().numpy()
                lrs[t, r] = opt.param_groups[0]["lr"]
            n_iter[r] = opt.state[p].get("n_iter", 0)  # LBFGS's iterations
        lead = start_as_given.shape[:-1]
        counts = {"func_evals": evals.reshape(lead), "n_iter": n_iter.reshape(lead)}
        return path.reshape(STEPS, *start_as_given.shape), lrs.reshape(STEPS, *lead), counts

    meta["curvature_surfaces"] = CURVATURE_SURFACES
    for key, spec in CURVATURE_STARTS.items():
        arrays[f"curvature.starts.{key}"] = spec["starts"]
    meta["curvature_starts"] = {
        key: {"surface": spec["surface"], "starts": f"curvature.starts.{key}"}
        for key, spec in CURVATURE_STARTS.items()
    }

    meta["lbfgs"] = []
    for i, (kwargs, source) in enumerate(LBFGS_CASES):
        path, _, counts = drive(
            lambda p, kwargs=kwargs: (torch.optim.LBFGS([p], max_iter=1, **kwargs), None), source
        )
        arrays[f"lbfgs.{i:03d}.path"] = path
        for key, count in counts.items():
            arrays[f"lbfgs.{i:03d}.{key}"] = count
        meta["lbfgs"].append(
            {
                "id": f"LBFGS({_fmt(kwargs)})-{source}",
                "kwargs": kwargs,
                "grads": source,
                "torch": f"torch.optim.LBFGS(max_iter=1,{_fmt(kwargs)})",
                "path": f"lbfgs.{i:03d}.path",
                "func_evals": f"lbfgs.{i:03d}.func_evals",
                "n_iter": f"lbfgs.{i:03d}.n_iter",
            }
        )

    meta["plateau_sequences"] = []
    for key, losses in PLATEAU_LOSSES.items():
        arrays[f"plateau.losses.{key}"] = losses
    for i, (kwargs, lr, key) in enumerate(PLATEAU_SEQUENCES):
        p = torch.zeros(1, dtype=f64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=lr)
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
        lrs = []
        for loss in PLATEAU_LOSSES[key]:
            opt.step()  # no gradient: changes nothing, and keeps torch from warning on order
            sched.step(float(loss))
            lrs.append(opt.param_groups[0]["lr"])
        arrays[f"plateau.seq.{i:03d}.lr"] = np.array(lrs)
        meta["plateau_sequences"].append(
            {
                "id": f"ReduceLROnPlateau({_fmt(kwargs)}),lr={lr:g}-{key}",
                "kwargs": kwargs,
                "lr0": lr,
                "losses": f"plateau.losses.{key}",
                "lr": f"plateau.seq.{i:03d}.lr",
            }
        )

    meta["plateau_runs"] = []
    for i, (name, kwargs, pkw, source) in enumerate(PLATEAU_RUNS):

        def make(p, name=name, kwargs=kwargs, pkw=pkw):
            cls, torch_kwargs = torch_call(name, kwargs)
            opt = getattr(torch.optim, cls)([p], **torch_kwargs)
            return opt, torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **pkw)

        path, lrs, _ = drive(make, source)
        arrays[f"plateau.run.{i:03d}.path"] = path
        arrays[f"plateau.run.{i:03d}.lr"] = lrs
        meta["plateau_runs"].append(
            {
                "id": f"ReduceLROnPlateau({name}({_fmt(kwargs)}),{_fmt(pkw)})-{source}",
                "descent": name,
                "kwargs": kwargs,
                "plateau": pkw,
                "grads": source,
                "path": f"plateau.run.{i:03d}.path",
                "lr": f"plateau.run.{i:03d}.lr",
            }
        )


def _fmt(kwargs):
    return ",".join(
        f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v}" for k, v in kwargs.items()
    )


def torch_call(name, kwargs):
    """The torch optimizer's class name and keyword arguments for a descent optimizer."""
    cls, rename, extra = TORCH_OF[name]
    out, betas = dict(extra), [None, None]
    for key, value in kwargs.items():
        target = rename[key]
        if target.startswith("betas"):
            betas[int(target[6])] = value
        else:
            out[target] = value
    if betas != [None, None]:
        out["betas"] = tuple(betas)
    if name == "Nesterov" and out["momentum"] == 0:
        # torch refuses nesterov=True without momentum ("Nesterov momentum requires a momentum
        # and zero dampening"); with β = 0 Nesterov's rule is plain SGD, so record that.
        out = {"lr": out["lr"]}
    return cls, out


def main():
    import torch
    from torch import nn

    f64 = torch.float64
    arrays, meta = {}, {"torch": torch.__version__, "numpy": np.__version__, "steps": STEPS}

    for key, fixed in FIXED.items():
        arrays[f"fixed.{key}.start"] = fixed["start"]
        arrays[f"fixed.{key}.grads"] = fixed["grads"]
    meta["fixed"] = {
        key: {"start": f"fixed.{key}.start", "grads": f"fixed.{key}.grads"} for key in FIXED
    }
    meta["surfaces"] = SURFACES

    def surface_value(spec, p):
        kw = spec["kwargs"]
        if spec["kind"] == "Rosenbrock":
            return (kw["a"] - p[0]) ** 2 + kw["b"] * (p[1] - p[0] ** 2) ** 2
        A, b = torch.tensor(kw["A"], dtype=f64), torch.tensor(kw["b"], dtype=f64)
        return 0.5 * p @ A @ p - b @ p

    def trajectory(name, kwargs, source, schedule=None):
        """torch's parameters after each of STEPS steps, shape (STEPS, *start.shape)."""
        if source in FIXED:
            start, grads = FIXED[source]["start"], FIXED[source]["grads"]
        else:
            start, grads = np.array(SURFACES[source]["start"]), None
        p = torch.tensor(start, requires_grad=True)
        cls, torch_kwargs = torch_call(name, kwargs)
        opt = getattr(torch.optim, cls)([p], **torch_kwargs)
        sched = None
        if schedule is not None:
            kind, skw = schedule
            sched = getattr(torch.optim.lr_scheduler, kind)(opt, **skw)
        path = np.empty((STEPS, *start.shape))
        for t in range(STEPS):
            opt.zero_grad()
            if grads is not None:
                p.grad = torch.tensor(grads[t])
            else:
                surface_value(SURFACES[source], p).backward()
            opt.step()
            if sched is not None:
                sched.step()
            path[t] = p.detach().numpy()
        return path, f"torch.optim.{cls}({_fmt(torch_kwargs)})"

    meta["optimizers"] = []
    for i, (name, kwargs, source) in enumerate(OPTIMIZER_CASES):
        path, call = trajectory(name, kwargs, source)
        arrays[f"opt.{i:03d}.path"] = path
        meta["optimizers"].append(
            {
                "id": f"{name}({_fmt(kwargs)})-{source}",
                "descent": name,
                "kwargs": kwargs,
                "grads": source,
                "schedule": None,
                "torch": call,
                "path": f"opt.{i:03d}.path",
            }
        )
    for i, (name, kwargs, kind, skw, source) in enumerate(SCHEDULED_CASES):
        schedule_kwargs = {"lr": kwargs["lr"], **skw}
        path, call = trajectory(name, kwargs, source, schedule=(kind, skw))
        arrays[f"sched_opt.{i:03d}.path"] = path
        meta["optimizers"].append(
            {
                "id": f"{name}({_fmt(kwargs)})+{kind}({_fmt(skw)})-{source}",
                "descent": name,
                "kwargs": kwargs,
                "grads": source,
                "schedule": {"kind": kind, "kwargs": schedule_kwargs},
                "torch": f"{call} + torch.optim.lr_scheduler.{kind}({_fmt(skw)})",
                "path": f"sched_opt.{i:03d}.path",
            }
        )

    meta["conventions"] = []
    for i, (cls, kwargs, source) in enumerate(CONVENTION_CASES):
        start, grads = FIXED[source]["start"], FIXED[source]["grads"]
        p = torch.tensor(start, requires_grad=True)
        opt = getattr(torch.optim, cls)([p], **kwargs)
        path = np.empty((STEPS, *start.shape))
        for t in range(STEPS):
            p.grad = torch.tensor(grads[t])
            opt.step()
            path[t] = p.detach().numpy()
        arrays[f"convention.{i:03d}.path"] = path
        meta["conventions"].append(
            {
                "torch": f"torch.optim.{cls}({_fmt(kwargs)})",
                "kwargs": kwargs,
                "grads": source,
                "path": f"convention.{i:03d}.path",
            }
        )

    # Learning rates after t = 0..STEPS calls of scheduler.step(). The optimizer steps (with
    # no gradient, so it changes nothing) before each scheduler step, as in training; that
    # also keeps torch from warning about the order of the calls.
    meta["schedules"] = []
    for i, (kind, kwargs) in enumerate(SCHEDULES):
        p = torch.zeros(1, dtype=f64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=kwargs["lr"])
        skw = {k: v for k, v in kwargs.items() if k != "lr"}
        sched = getattr(torch.optim.lr_scheduler, kind)(opt, **skw)
        lrs = [opt.param_groups[0]["lr"]]
        for _ in range(STEPS):
            opt.step()
            sched.step()
            lrs.append(opt.param_groups[0]["lr"])
        arrays[f"schedule.{i:03d}.lr"] = np.array(lrs, dtype=float)
        meta["schedules"].append(
            {
                "id": f"{kind}({_fmt(kwargs)})",
                "kind": kind,
                "kwargs": kwargs,
                "lr": f"schedule.{i:03d}.lr",
            }
        )

    # The source text's experiment, exactly as it is written up to the dtype: the seeds, the
    # data, and the weights of the first get_model() call.
    torch.manual_seed(42)
    np.random.seed(42)
    N = 200
    x = np.linspace(-1, 1, N).reshape(-1, 1)
    y = x**3 + 0.1 * np.random.randn(N, 1)

    # fmt: off
    def get_model():
        return nn.Sequential(
            nn.Linear(1, 10),
            nn.ReLU(),
            nn.Linear(10, 1)
        )
    # fmt: on

    base_model = get_model()
    initial_state = {k: v.clone() for k, v in base_model.state_dict().items()}
    assert [v.dtype for v in initial_state.values()] == [torch.float32] * 4
    assert list(initial_state) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    params = np.concatenate([v.double().numpy().ravel() for v in initial_state.values()])
    MLP_INIT.parent.mkdir(exist_ok=True)
    np.savez(MLP_INIT, params=params)

    x_tensor, y_tensor = torch.tensor(x), torch.tensor(y)

    def fresh_model():
        model = get_model()
        model.load_state_dict(initial_state)
        return model.double()

    model = fresh_model()
    loss = nn.MSELoss()(model(x_tensor), y_tensor)
    loss.backward()
    arrays["mlp.x"], arrays["mlp.y"] = x.ravel(), y.ravel()
    arrays["mlp.params"] = params
    arrays["mlp.loss"] = np.array(loss.item())
    arrays["mlp.grad"] = np.concatenate([q.grad.numpy().ravel() for q in model.parameters()])

    meta["mlp"] = {"epochs": MLP_EPOCHS, "curves": []}
    configs = {
        "SGD": lambda model: torch.optim.SGD(model.parameters(), lr=0.01),
        "SGD_momentum": lambda model: torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9),
        "RMSprop": lambda model: torch.optim.RMSprop(model.parameters(), lr=0.01),
        "Adam": lambda model: torch.optim.Adam(model.parameters(), lr=0.01),
    }
    for label, name, kwargs in MLP_OPTIMIZERS:
        model = fresh_model()
        optimizer = configs[label](model)
        criterion = nn.MSELoss()
        history = []
        for _ in range(MLP_EPOCHS):  # the source text's train_model
            optimizer.zero_grad()
            loss = criterion(model(x_tensor), y_tensor)
            loss.backward()
            optimizer.step()
            history.append(loss.item())
        arrays[f"mlp.{label}.loss"] = np.array(history)
        arrays[f"mlp.{label}.final"] = np.concatenate(
            [q.detach().numpy().ravel() for q in model.parameters()]
        )
        meta["mlp"]["curves"].append(
            {
                "id": label,
                "descent": name,
                "kwargs": kwargs,
                "loss": f"mlp.{label}.loss",
                "final": f"mlp.{label}.final",
            }
        )

    record_curvature(torch, arrays, meta)

    arrays["meta"] = np.array(json.dumps(meta, indent=1))
    np.savez_compressed(REFERENCE, **arrays)
    print(f"wrote {REFERENCE} ({REFERENCE.stat().st_size} bytes) and {MLP_INIT}")


if __name__ == "__main__":
    main()
