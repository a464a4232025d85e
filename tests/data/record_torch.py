"""Record torch.optim's trajectories as reference data for ``tests/test_torch_reference.py``.

Run by hand, from the repository root, whenever a case is added::

    pip install torch==2.13.0 lion-pytorch==0.2.5 schedulefree==1.4.1
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

import inspect
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
_ADAM_NAMES = {"lr": "lr", "beta1": "betas[0]", "beta2": "betas[1]", "eps": "eps"}


def _same(*names):
    """torch's options, which keep torch's names in descent."""
    return {name: name for name in names}


TORCH_OF = {
    "GradientDescent": ("SGD", {"lr": "lr"}, {}),
    "Momentum": (
        "SGD",
        {"lr": "lr", "beta": "momentum"} | _same("dampening", "weight_decay"),
        {},
    ),
    "Nesterov": (
        "SGD",
        {"lr": "lr", "beta": "momentum"} | _same("weight_decay"),
        {"nesterov": True},
    ),
    "AdaGrad": (
        "Adagrad",
        {"lr": "lr", "eps": "eps"} | _same("lr_decay", "weight_decay", "initial_accumulator_value"),
        {},
    ),
    "RMSProp": (
        "RMSprop",
        {"lr": "lr", "beta": "alpha", "eps": "eps"} | _same("momentum", "centered", "weight_decay"),
        {},
    ),
    "Adam": ("Adam", _ADAM_NAMES | _same("weight_decay", "amsgrad"), {}),
    "AdamW": ("AdamW", _ADAM_NAMES | _same("weight_decay", "amsgrad"), {}),
    # torch.optim's other rules
    "NAdam": (
        "NAdam",
        _ADAM_NAMES | _same("weight_decay", "momentum_decay", "decoupled_weight_decay"),
        {},
    ),
    "RAdam": ("RAdam", _ADAM_NAMES | _same("weight_decay", "decoupled_weight_decay"), {}),
    "Adamax": ("Adamax", _ADAM_NAMES | _same("weight_decay"), {}),
    "Adadelta": ("Adadelta", {"lr": "lr", "beta": "rho", "eps": "eps"} | _same("weight_decay"), {}),
    "Rprop": (
        "Rprop",
        {
            "lr": "lr",
            "eta_minus": "etas[0]",
            "eta_plus": "etas[1]",
            "step_size_min": "step_sizes[0]",
            "step_size_max": "step_sizes[1]",
        },
        {},
    ),
    "ASGD": ("ASGD", {"lr": "lr"} | _same("lambd", "alpha", "t0", "weight_decay"), {}),
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

# -- The rest of torch.optim.lr_scheduler, and warmup-stable-decay ------------------------------
# A schedule spec is {"kind": descent.schedules class, "kwargs": its keyword arguments}, in
# JSON: a composition's "schedules" are specs, a user's function ("lr_lambda", "scale_fn") is the
# source of a lambda in t, evaluated with numpy as np and math (by torch_scheduler here and by
# the test). torch's schedulers are built on an optimizer whose lr is the spec's base rate.
# Each records the rate after t = 0..steps calls of scheduler.step(); OneCycleLR's up to its
# total_steps, after which torch raises (recorded as "raises_after").


def spec(kind, **kwargs):
    return {"kind": kind, "kwargs": kwargs}


_WARMUP = "lambda t: np.minimum(1.0, (t + 1) / 20)"
SCHEDULE_SPECS = [
    # (spec, steps)
    (spec("ConstantLR", lr=0.1), 100),
    (spec("ConstantLR", lr=0.05, factor=0.25, total_iters=40), 100),
    (spec("ConstantLR", lr=1.0, factor=1.0, total_iters=3), 100),
    (spec("ConstantLR", lr=0.2, factor=0.7, total_iters=100), 120),
    (spec("MultiStepLR", lr=0.1, milestones=[30, 80]), 100),
    (spec("MultiStepLR", lr=1.0, milestones=[0, 10, 10, 55], gamma=0.5), 100),
    (spec("MultiStepLR", lr=0.05, milestones=[], gamma=0.3), 100),
    (spec("MultiStepLR", lr=0.3, milestones=[1, 2, 3, 97, 150], gamma=0.9), 200),
    (spec("PolynomialLR", lr=0.1), 100),
    (spec("PolynomialLR", lr=0.05, total_iters=50, power=0.9), 100),
    (spec("PolynomialLR", lr=1.0, total_iters=100, power=2.0), 120),
    (spec("PolynomialLR", lr=0.2, total_iters=7, power=0.0), 100),
    (spec("PolynomialLR", lr=0.3, total_iters=33, power=3.7), 100),
    (spec("CosineAnnealingWarmRestarts", lr=0.1, T_0=10), 100),
    (spec("CosineAnnealingWarmRestarts", lr=0.05, T_0=3, T_mult=2, eta_min=0.001), 400),
    (spec("CosineAnnealingWarmRestarts", lr=1.0, T_0=1, T_mult=3, eta_min=0.0), 400),
    (spec("CosineAnnealingWarmRestarts", lr=0.2, T_0=7, T_mult=1, eta_min=0.05), 100),
    (spec("CosineAnnealingWarmRestarts", lr=0.1, T_0=1), 100),
    (spec("CosineAnnealingWarmRestarts", lr=0.3, T_0=25, T_mult=4, eta_min=0.01), 700),
    (spec("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=10), 100),
    (spec("CyclicLR", base_lr=0.01, max_lr=0.1), 100),  # the default 2000 up: only rising
    (
        spec(
            "CyclicLR",
            base_lr=0.001,
            max_lr=0.05,
            step_size_up=7,
            step_size_down=13,
            mode="triangular2",
        ),
        200,
    ),
    (spec("CyclicLR", base_lr=0.02, max_lr=0.2, step_size_up=5, mode="exp_range", gamma=0.98), 150),
    (spec("CyclicLR", base_lr=0.0, max_lr=0.1, step_size_up=1, step_size_down=3), 100),
    (spec("CyclicLR", base_lr=0.05, max_lr=0.05, step_size_up=4), 100),
    (
        spec(
            "CyclicLR",
            base_lr=0.01,
            max_lr=0.1,
            step_size_up=6,
            scale_fn="lambda x: 1 / (1 + 0.1 * x)",
            scale_mode="iterations",
        ),
        100,
    ),
    (
        spec(
            "CyclicLR",
            base_lr=0.01,
            max_lr=0.1,
            step_size_up=3,
            step_size_down=5,
            scale_fn="lambda x: 1.0 if x % 2 else 0.5",
        ),
        100,
    ),
    (spec("OneCycleLR", max_lr=0.1, total_steps=100), 100),
    (
        spec(
            "OneCycleLR",
            max_lr=0.5,
            total_steps=60,
            pct_start=0.25,
            anneal_strategy="linear",
            div_factor=10.0,
            final_div_factor=100.0,
        ),
        60,
    ),
    (spec("OneCycleLR", max_lr=1.0, total_steps=80, pct_start=0.4, three_phase=True), 80),
    (spec("OneCycleLR", max_lr=0.02, epochs=5, steps_per_epoch=20, pct_start=0.0), 100),
    (
        spec(
            "OneCycleLR",
            max_lr=0.8,
            total_steps=120,
            pct_start=0.35,
            anneal_strategy="linear",
            three_phase=True,
            div_factor=5.0,
            final_div_factor=1e3,
        ),
        120,
    ),
    (spec("OneCycleLR", max_lr=0.1, total_steps=1), 1),
    (spec("OneCycleLR", max_lr=0.3, total_steps=37, pct_start=0.9, three_phase=True), 37),
    (spec("LambdaLR", lr=0.1, lr_lambda="lambda t: 0.95 ** t"), 100),
    (
        spec(
            "LambdaLR", lr=0.05, lr_lambda="lambda t: 1.0 if t < 10 else (0.5 if t < 50 else 0.1)"
        ),
        100,
    ),
    (spec("LambdaLR", lr=1.0, lr_lambda="lambda t: 1 / math.sqrt(t + 1)"), 100),
    (spec("LambdaLR", lr=0.2, lr_lambda="lambda t: t // 30"), 100),
    (spec("LambdaLR", lr=0.3, lr_lambda=_WARMUP), 100),
    (spec("MultiplicativeLR", lr=0.1, lr_lambda="lambda t: 0.95"), 100),
    (spec("MultiplicativeLR", lr=1.0, lr_lambda="lambda t: 0.9 if t % 10 == 0 else 1.0"), 100),
    (spec("MultiplicativeLR", lr=0.05, lr_lambda="lambda t: 1 - 1 / (t + 10)"), 100),
    (spec("MultiplicativeLR", lr=0.2, lr_lambda="lambda t: 1.02 if t < 30 else 0.97"), 100),
    (
        spec(
            "SequentialLR",
            schedules=[
                spec("LinearLR", lr=0.1, start_factor=0.1, end_factor=1.0, total_iters=10),
                spec("CosineAnnealingLR", lr=0.1, T_max=90),
            ],
            milestones=[10],
        ),
        150,
    ),
    (
        spec(
            "SequentialLR",
            schedules=[
                spec("ConstantLR", lr=0.05, factor=0.1, total_iters=20),
                spec("ExponentialLR", lr=0.05, gamma=0.9),
            ],
            milestones=[20],
        ),
        100,
    ),
    (
        # torch's quirk: a MultiplicativeLR after a milestone scales the rate it finds there
        spec(
            "SequentialLR",
            schedules=[
                spec("LinearLR", lr=0.1, start_factor=0.5, total_iters=4),
                spec("MultiplicativeLR", lr=0.1, lr_lambda="lambda t: 0.9"),
            ],
            milestones=[6],
        ),
        100,
    ),
    (
        spec(
            "SequentialLR",
            schedules=[
                spec("MultiplicativeLR", lr=0.1, lr_lambda="lambda t: 0.97 if t % 2 else 1.01"),
                spec("MultiplicativeLR", lr=0.1, lr_lambda="lambda t: 0.5 + 0.5 * (t < 5)"),
                spec("StepLR", lr=0.1, step_size=6, gamma=0.7),
            ],
            milestones=[17, 40],
        ),
        100,
    ),
    (
        spec(
            "SequentialLR",
            schedules=[
                spec("ExponentialLR", lr=0.2, gamma=0.95),
                spec("LinearLR", lr=0.2, start_factor=0.3, end_factor=1.0, total_iters=10),
                spec("StepLR", lr=0.2, step_size=7, gamma=0.5),
                spec("CosineAnnealingWarmRestarts", lr=0.2, T_0=5, T_mult=2),
            ],
            milestones=[15, 40, 70],
        ),
        200,
    ),
    (
        spec(
            "SequentialLR",
            schedules=[
                spec("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=5),
                spec("PolynomialLR", lr=0.01, total_iters=30, power=2.0),
            ],
            milestones=[25],
        ),
        100,
    ),
    (
        spec(
            "SequentialLR",
            schedules=[
                spec("LambdaLR", lr=0.1, lr_lambda=_WARMUP),
                spec("MultiStepLR", lr=0.1, milestones=[0, 10], gamma=0.5),
                spec("ConstantLR", lr=0.1, factor=0.5, total_iters=10),
            ],
            milestones=[8, 30],
        ),
        100,
    ),
    (
        spec("SequentialLR", schedules=[spec("ExponentialLR", lr=0.1, gamma=0.97)], milestones=[]),
        100,
    ),
    (
        spec(
            "ChainedScheduler",
            schedules=[
                spec("LinearLR", lr=0.1, start_factor=0.1, total_iters=10),
                spec("ExponentialLR", lr=0.1, gamma=0.97),
            ],
        ),
        100,
    ),
    (
        spec(
            "ChainedScheduler",
            schedules=[
                spec("ConstantLR", lr=0.05, factor=0.1, total_iters=20),
                spec("ExponentialLR", lr=0.05, gamma=0.9),
            ],
        ),
        100,
    ),
    (
        # past T_max torch's cosine restarts from its own value, dropping the warm-up's factor
        spec(
            "ChainedScheduler",
            schedules=[
                spec("LinearLR", lr=0.1, start_factor=0.2, end_factor=1.0, total_iters=25),
                spec("CosineAnnealingLR", lr=0.1, T_max=10),
            ],
        ),
        100,
    ),
    (
        spec(
            "ChainedScheduler",
            schedules=[
                spec("CosineAnnealingLR", lr=0.1, T_max=7),
                spec("ExponentialLR", lr=0.1, gamma=0.95),
                spec("StepLR", lr=0.1, step_size=4, gamma=0.8),
            ],
        ),
        100,
    ),
    (
        spec(
            "ChainedScheduler",
            schedules=[
                spec("StepLR", lr=0.1, step_size=4, gamma=0.8),
                spec("CosineAnnealingLR", lr=0.1, T_max=12),
                spec("LinearLR", lr=0.1, start_factor=0.5, end_factor=0.9, total_iters=20),
                spec("MultiStepLR", lr=0.1, milestones=[0, 30, 61], gamma=0.6),
            ],
        ),
        150,
    ),
    (
        spec(
            "ChainedScheduler",
            schedules=[
                spec("MultiStepLR", lr=1.0, milestones=[10, 20], gamma=0.5),
                spec("PolynomialLR", lr=1.0, total_iters=50, power=1.5),
                spec("MultiplicativeLR", lr=1.0, lr_lambda="lambda t: 0.99"),
            ],
        ),
        100,
    ),
    (
        spec(
            "ChainedScheduler",
            schedules=[
                spec(
                    "ChainedScheduler",
                    schedules=[
                        spec("LinearLR", lr=0.2, start_factor=0.5, total_iters=8),
                        spec("ExponentialLR", lr=0.2, gamma=0.96),
                    ],
                ),
                spec("ConstantLR", lr=0.2, factor=0.5, total_iters=3),
            ],
        ),
        100,
    ),
    (spec("ChainedScheduler", schedules=[spec("ExponentialLR", lr=0.1, gamma=0.9)]), 100),
    *[
        (spec("WarmupStableDecay", **kwargs), 120)
        for kwargs in [
            {"lr": 0.1, "warmup_steps": 10, "stable_steps": 60, "decay_steps": 20},
            {
                "lr": 0.05,
                "warmup_steps": 5,
                "stable_steps": 30,
                "decay_steps": 40,
                "decay": "cosine",
                "start_factor": 0.1,
                "final_factor": 0.1,
            },
            {
                "lr": 0.2,
                "warmup_steps": 20,
                "stable_steps": 50,
                "decay_steps": 20,
                "decay": "1-sqrt",
                "start_factor": 0.05,
            },
            {
                "lr": 0.1,
                "warmup_steps": 0,
                "stable_steps": 40,
                "decay_steps": 30,
                "decay": "1-sqrt",
                "final_factor": 0.2,
            },
            {
                "lr": 0.1,
                "warmup_steps": 15,
                "stable_steps": 0,
                "decay_steps": 50,
                "decay": "cosine",
            },
            {
                "lr": 0.3,
                "warmup_steps": 0,
                "stable_steps": 0,
                "decay_steps": 60,
                "final_factor": 0.05,
                "start_factor": 0.5,
            },
        ]
    ],
]

# Schedules torch accepts and then fails on (ZeroDivisionError at some step, NotImplementedError
# at a milestone): descent refuses them when they are built. Recorded: what torch raised.
TORCH_FAILS = [
    (spec("OneCycleLR", max_lr=0.3, total_steps=50, pct_start=1.0), 60),
    (spec("OneCycleLR", max_lr=0.3, total_steps=10, pct_start=0.1), 20),
    (spec("ConstantLR", lr=0.1, factor=0.0, total_iters=4), 20),
    (spec("PolynomialLR", lr=0.1, total_iters=4, power=-1.0), 20),
    (
        spec(
            "SequentialLR",
            schedules=[
                spec("LinearLR", lr=0.1, start_factor=0.5, total_iters=4),
                spec("ChainedScheduler", schedules=[spec("ExponentialLR", lr=0.1, gamma=0.9)]),
            ],
            milestones=[6],
        ),
        20,
    ),
]

# Trajectories under the new schedules: momentum (on the plain gradients) and Adam (on the
# mixed ones) under each kind, and some on the surfaces. The optimizer's "lr" is torch's before
# the scheduler takes over; descent's optimizer gets the schedule as its lr.
_MOMENTUM = ("Momentum", {"lr": 0.03, "beta": 0.85}, "normal_3")
_ADAM = ("Adam", {"lr": 0.02, "beta1": 0.8, "beta2": 0.99, "eps": 1e-7}, "mixed_2x3")
_DRIVING = {
    "ConstantLR": spec("ConstantLR", factor=0.4, total_iters=30),
    "MultiStepLR": spec("MultiStepLR", milestones=[20, 45, 45, 70], gamma=0.6),
    "PolynomialLR": spec("PolynomialLR", total_iters=70, power=1.7),
    "CosineAnnealingWarmRestarts": spec(
        "CosineAnnealingWarmRestarts", T_0=6, T_mult=2, eta_min=0.002
    ),
    "CyclicLR": spec("CyclicLR", base_lr=0.005, max_lr=0.05, step_size_up=8, mode="triangular2"),
    "OneCycleLR": spec("OneCycleLR", max_lr=0.06, total_steps=100, pct_start=0.2),
    "LambdaLR": spec("LambdaLR", lr_lambda=_WARMUP),
    "MultiplicativeLR": spec("MultiplicativeLR", lr_lambda="lambda t: 0.98 if t % 3 else 1.03"),
    "SequentialLR": spec(
        "SequentialLR",
        schedules=[
            spec("LinearLR", start_factor=0.2, total_iters=10),
            spec("CosineAnnealingLR", T_max=60, eta_min=0.001),
        ],
        milestones=[12],
    ),
    "ChainedScheduler": spec(
        "ChainedScheduler",
        schedules=[
            spec("LinearLR", start_factor=0.25, total_iters=15),
            spec("ExponentialLR", gamma=0.985),
        ],
    ),
    "WarmupStableDecay": spec(
        "WarmupStableDecay",
        warmup_steps=10,
        stable_steps=55,
        decay_steps=30,
        decay="1-sqrt",
        start_factor=0.1,
    ),
}


def with_lr(schedule, lr):
    """The spec with base rate ``lr`` (where it takes one) given to it and its schedules."""
    kwargs = dict(schedule["kwargs"])
    if "schedules" in kwargs:
        kwargs["schedules"] = [with_lr(s, lr) for s in kwargs["schedules"]]
    elif schedule["kind"] not in ("CyclicLR", "OneCycleLR"):
        kwargs = {"lr": lr, **kwargs}
    return spec(schedule["kind"], **kwargs)


SCHEDULED_MORE = [
    *[(*_MOMENTUM[:2], with_lr(s, _MOMENTUM[1]["lr"]), _MOMENTUM[2]) for s in _DRIVING.values()],
    *[(*_ADAM[:2], with_lr(s, _ADAM[1]["lr"]), _ADAM[2]) for s in _DRIVING.values()],
    (
        "Adam",
        {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
        with_lr(_DRIVING["WarmupStableDecay"], 0.05),
        "rosenbrock",
    ),
    ("Nesterov", {"lr": 0.1, "beta": 0.7}, _DRIVING["OneCycleLR"], "quadratic_3"),
    (
        "RMSProp",
        {"lr": 0.01, "beta": 0.95, "eps": 1e-8},
        with_lr(_DRIVING["CosineAnnealingWarmRestarts"], 0.01),
        "rosenbrock",
    ),
]


def user_function(source):
    """A lambda of the recorded specs, from its source (numpy as np and math in scope)."""
    import math

    return eval(source, {"np": np, "math": math})  # our own data


def base_rate(schedule):
    """The rate torch's optimizer starts from for ``schedule`` (a spec)."""
    kwargs = schedule["kwargs"]
    if "schedules" in kwargs:
        return base_rate(kwargs["schedules"][0])
    if schedule["kind"] == "CyclicLR":
        return kwargs["base_lr"]
    if schedule["kind"] == "OneCycleLR":
        return kwargs["max_lr"] / kwargs.get("div_factor", 25.0)
    return kwargs["lr"]


def torch_scheduler(lr_scheduler, opt, schedule):
    """torch's scheduler for a spec, built on ``opt`` (``lr_scheduler``: torch's module).

    Written from torch's documentation and the warmup-stable-decay papers, not from descent:
    the test compares the two.
    """
    import math

    kind, kwargs = schedule["kind"], dict(schedule["kwargs"])
    kwargs.pop("lr", None)
    for key in ("lr_lambda", "scale_fn"):
        if key in kwargs:
            kwargs[key] = user_function(kwargs[key])
    if kind in ("SequentialLR", "ChainedScheduler"):
        children = [torch_scheduler(lr_scheduler, opt, s) for s in kwargs.pop("schedules")]
        if kind == "ChainedScheduler":
            return lr_scheduler.ChainedScheduler(children, optimizer=opt)
        return lr_scheduler.SequentialLR(opt, children, **kwargs)
    if kind == "WarmupStableDecay":
        # Hägele et al. (2024): linear warm-up, constant, then a cooldown of D steps to f1
        w, s, d = kwargs["warmup_steps"], kwargs["stable_steps"], kwargs["decay_steps"]
        f0, f1 = kwargs.get("start_factor", 0.01), kwargs.get("final_factor", 0.0)
        stages, milestones = [], []
        if w:
            stages.append(lr_scheduler.LinearLR(opt, start_factor=f0, total_iters=w))
            milestones.append(w)
        if s:
            stages.append(lr_scheduler.ConstantLR(opt, factor=1.0, total_iters=s))
            milestones.append(w + s)
        shape = kwargs.get("decay", "linear")
        if shape == "linear":
            last = lr_scheduler.LinearLR(opt, start_factor=1.0, end_factor=f1, total_iters=d)
        elif shape == "cosine":
            last = lr_scheduler.LambdaLR(
                opt, lambda t: f1 + (1 - f1) * (1 + math.cos(math.pi * min(t, d) / d)) / 2
            )
        else:
            last = lr_scheduler.LambdaLR(
                opt, lambda t: f1 + (1 - f1) * (1 - math.sqrt(min(t, d) / d))
            )
        stages.append(last)
        return lr_scheduler.SequentialLR(opt, stages, milestones=milestones[: len(stages) - 1])
    if kind in ("CyclicLR", "OneCycleLR"):
        kwargs["cycle_momentum"] = False  # descent cycles the rate only
    return getattr(lr_scheduler, kind)(opt, **kwargs)


def spec_id(schedule):
    """A short name for a spec: its kind and arguments, schedules by their own names."""
    parts = []
    for key, value in schedule["kwargs"].items():
        if key == "schedules":
            parts.append("[" + ",".join(spec_id(s) for s in value) + "]")
        elif isinstance(value, str) and value.startswith("lambda"):
            parts.append(f"{key}=<{value[len('lambda ') :]}>")
        else:
            parts.append(_fmt({key: value}))
    return f"{schedule['kind']}({','.join(parts)})"


# The source text's experiment (seed 004), in float64.
MLP_OPTIMIZERS = [
    ("SGD", "GradientDescent", {"lr": 0.01}),
    ("SGD_momentum", "Momentum", {"lr": 0.01, "beta": 0.9}),
    ("RMSprop", "RMSProp", {"lr": 0.01}),
    ("Adam", "Adam", {"lr": 0.01}),
]


# -- torch.optim's other rules, and the options of the rules above ---------------------------
# NAdam, RAdam, Adamax, Adadelta, Rprop and ASGD at torch's defaults, at edges and at random
# non-default hyperparameters (drawn below from their own seeded stream, so that the
# gradients above stay as recorded), on vectors, 2×3 matrices and surfaces; and the options
# that torch has and descent's classes took its names for (Momentum's dampening, AdaGrad's
# lr_decay, RMSProp's centered, Adam's amsgrad, weight decay, ...), each away from its default.
# Besides the path, the state torch keeps (the entries of TORCH_STATE) is recorded after the
# updates of STATE_STEPS, so the tests see that descent's fields hold torch's numbers.
#
# These run with torch's default dtype set to float64: with the float32 default, torch keeps
# the scalars of its state in float32 (``_get_scalar_dtype``): NAdam's μ product and ASGD's
# η and μ, and ASGD's η starts as lr rounded to float32, a relative error of ~1e-8 at once.
# (The cases above keep only integer step counts there, exact in float32, and are recorded as
# they always were.)
_hyper_rng = np.random.default_rng(14)


def _draw(**ranges):
    """Random hyperparameters: ``name=(lo, hi)`` log-uniform in [lo, hi] if lo > 0, else
    uniform; 3 significant digits, so that a case's id shows the values used."""
    out = {}
    for name, (lo, hi) in ranges.items():
        if lo > 0:
            value = float(np.exp(_hyper_rng.uniform(np.log(lo), np.log(hi))))
        else:
            value = float(_hyper_rng.uniform(lo, hi))
        out[name] = float(f"{value:.3g}")
    return out


_ADAM_LIKE = {"lr": (1e-3, 0.1), "beta1": (0.5, 0.95), "beta2": (0.9, 0.9999), "eps": (1e-8, 1e-3)}

# (descent class, keyword arguments, gradients), as OPTIMIZER_CASES
TORCH_RULE_CASES = [
    ("NAdam", {}, "normal_3"),
    ("NAdam", _draw(**_ADAM_LIKE, momentum_decay=(1e-3, 0.1)), "normal_3"),
    ("NAdam", _draw(**_ADAM_LIKE, momentum_decay=(1e-3, 0.1)), "mixed_2x3"),
    ("NAdam", {"lr": 0.01, "beta1": 0.0, "beta2": 0.5, "momentum_decay": 0.0}, "mixed_2x3"),
    ("NAdam", {"lr": 0.02, "weight_decay": 0.3}, "normal_3"),
    (
        "NAdam",
        {"lr": 0.02, "weight_decay": 0.3, "decoupled_weight_decay": True},
        "mixed_2x3",
    ),
    ("NAdam", {"lr": 0.05, "weight_decay": 0.01}, "rosenbrock"),
    ("NAdam", {"lr": 0.1, "weight_decay": 0.1, "decoupled_weight_decay": True}, "quadratic_3"),
    ("RAdam", {}, "normal_3"),
    ("RAdam", _draw(**_ADAM_LIKE), "normal_3"),
    ("RAdam", _draw(**_ADAM_LIKE), "mixed_2x3"),
    ("RAdam", {"lr": 0.01, "beta2": 0.5}, "mixed_2x3"),  # rho_inf = 3: never rectified
    ("RAdam", {"lr": 0.05, "beta1": 0.8, "beta2": 0.9}, "normal_3"),  # rectified from t = 6
    ("RAdam", {"lr": 0.02, "weight_decay": 0.2}, "mixed_2x3"),
    ("RAdam", {"lr": 1e-3, "weight_decay": 0.01}, "rosenbrock"),  # momentum's first 5 steps
    ("RAdam", {"lr": 0.1, "weight_decay": 0.5, "decoupled_weight_decay": True}, "quadratic_3"),
    ("Adamax", {}, "normal_3"),
    ("Adamax", _draw(**_ADAM_LIKE), "normal_3"),
    ("Adamax", _draw(**_ADAM_LIKE), "mixed_2x3"),  # zeros: |g| + ε decides
    ("Adamax", {"lr": 0.01, "beta1": 0.0, "beta2": 0.0, "eps": 0.1}, "mixed_2x3"),
    ("Adamax", {"lr": 0.02, "weight_decay": 0.2}, "normal_3"),
    ("Adamax", {"lr": 0.05}, "rosenbrock"),
    ("Adamax", {"lr": 0.1, "weight_decay": 0.05}, "quadratic_3"),
    ("Adadelta", {}, "normal_3"),
    ("Adadelta", _draw(lr=(0.1, 3.0), beta=(0.5, 0.99), eps=(1e-8, 1e-3)), "normal_3"),
    ("Adadelta", _draw(lr=(0.1, 3.0), beta=(0.5, 0.99), eps=(1e-8, 1e-3)), "mixed_2x3"),
    ("Adadelta", {"beta": 0.0}, "mixed_2x3"),
    ("Adadelta", {"lr": 2.0, "weight_decay": 0.1}, "normal_3"),
    ("Adadelta", {"lr": 5.0, "eps": 1e-4}, "rosenbrock"),
    ("Adadelta", {"lr": 10.0, "weight_decay": 0.05}, "quadratic_3"),
    ("Rprop", {}, "normal_3"),
    (
        "Rprop",
        _draw(lr=(1e-3, 0.1), eta_minus=(0.1, 0.9), eta_plus=(1.05, 2.0)),
        "normal_3",
    ),
    (
        "Rprop",
        _draw(lr=(1e-3, 0.1), eta_minus=(0.1, 0.9), eta_plus=(1.05, 2.0)),
        "mixed_2x3",  # zeros: the step size stays
    ),
    ("Rprop", {"lr": 0.1, "step_size_min": 0.02, "step_size_max": 0.3}, "normal_3"),  # clipped
    ("Rprop", {"lr": 0.5, "step_size_max": 0.2}, "mixed_2x3"),  # a start above the largest
    ("Rprop", {"lr": 1e-3, "step_size_max": 0.05}, "rosenbrock"),
    ("Rprop", {"lr": 0.01, "eta_minus": 0.3, "eta_plus": 1.5}, "quadratic_3"),
    ("ASGD", {}, "normal_3"),  # t0 = 1e6: no averaging
    ("ASGD", _draw(lr=(1e-3, 0.1), lambd=(1e-3, 0.1), alpha=(0.5, 1.0), t0=(0, 50)), "normal_3"),
    ("ASGD", _draw(lr=(1e-3, 0.1), lambd=(1e-3, 0.1), alpha=(0.5, 1.0), t0=(0, 50)), "mixed_2x3"),
    ("ASGD", {"lr": 0.05, "lambd": 0.05, "t0": 0.0}, "mixed_2x3"),
    ("ASGD", {"lr": 0.05, "t0": 20.5, "weight_decay": 0.2}, "normal_3"),
    ("ASGD", {"lr": 1e-3, "lambd": 0.01, "t0": 10.0}, "rosenbrock"),
    (
        "ASGD",
        {"lr": 0.2, "lambd": 0.1, "alpha": 1.0, "t0": 30.0, "weight_decay": 0.1},
        "quadratic_3",
    ),
]
OPTION_CASES = [
    ("Momentum", {"lr": 0.1, "beta": 0.9, **_draw(dampening=(0.0, 1.0))}, "normal_3"),
    ("Momentum", {"lr": 0.05, "beta": 0.5, "dampening": 1.0}, "mixed_2x3"),
    (
        "Momentum",
        {"lr": 0.02, "beta": 0.8, **_draw(dampening=(0, 1), weight_decay=(0.01, 1))},
        "mixed_2x3",
    ),
    ("Momentum", {"lr": 0.1, "beta": 0.9, "weight_decay": 0.3}, "normal_3"),
    ("Momentum", {"lr": 1e-3, "beta": 0.9, "dampening": 0.5, "weight_decay": 0.01}, "rosenbrock"),
    ("Momentum", {"lr": 0.1, "beta": 0.7, "dampening": 0.2, "weight_decay": 0.5}, "quadratic_3"),
    ("Nesterov", {"lr": 0.1, "beta": 0.9, "weight_decay": 0.2}, "normal_3"),
    ("Nesterov", {"lr": 1e-3, "beta": 0.9, "weight_decay": 0.05}, "rosenbrock"),
    ("AdaGrad", {"lr": 0.5, **_draw(lr_decay=(0.01, 1.0))}, "normal_3"),
    ("AdaGrad", {"lr": 0.5, **_draw(initial_accumulator_value=(0.01, 10.0))}, "mixed_2x3"),
    ("AdaGrad", {"lr": 0.3, "weight_decay": 0.2}, "normal_3"),
    ("AdaGrad", {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.01}, "rosenbrock"),
    (
        "AdaGrad",
        {"lr": 0.5, "lr_decay": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 1.0},
        "quadratic_3",
    ),
    ("RMSProp", {"lr": 0.01, **_draw(momentum=(0.1, 0.95))}, "normal_3"),
    ("RMSProp", {"lr": 0.01, "beta": 0.9, "centered": True}, "mixed_2x3"),
    ("RMSProp", {"lr": 0.01, "centered": True, "momentum": 0.9}, "normal_3"),
    ("RMSProp", {"lr": 0.02, "weight_decay": 0.1}, "mixed_2x3"),
    ("RMSProp", {"lr": 1e-3, "centered": True, "momentum": 0.5}, "rosenbrock"),
    (
        "RMSProp",
        {"lr": 0.01, "beta": 0.95, "momentum": 0.7, "centered": True, "weight_decay": 0.2},
        "quadratic_3",
    ),
    ("Adam", {"lr": 0.01, "amsgrad": True}, "normal_3"),
    ("Adam", {"lr": 0.1, "beta1": 0.8, "beta2": 0.99, "amsgrad": True}, "mixed_2x3"),
    ("Adam", {"lr": 0.01, **_draw(weight_decay=(0.01, 1.0))}, "normal_3"),
    ("Adam", {"lr": 0.05, "amsgrad": True}, "rosenbrock"),
    ("Adam", {"lr": 0.1, "weight_decay": 0.1, "amsgrad": True}, "quadratic_3"),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True}, "normal_3"),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.5, "amsgrad": True}, "mixed_2x3"),
    ("AdamW", {"lr": 0.05, "amsgrad": True}, "rosenbrock"),
    ("AdamW", {**_draw(**_ADAM_LIKE, weight_decay=(0.01, 1.0)), "amsgrad": True}, "mixed_2x3"),
]
# (descent class, keyword arguments, schedule, its keywords, gradients), as SCHEDULED_CASES:
# Rprop's and ASGD's rates are special (the first one only; the previous update's).
TORCH_SCHEDULED_CASES = [
    ("NAdam", {"lr": 0.05}, "StepLR", _SCHEDULED["StepLR"], "normal_3"),
    ("RAdam", {"lr": 0.05}, "CosineAnnealingLR", _SCHEDULED["CosineAnnealingLR"], "mixed_2x3"),
    ("Adamax", {"lr": 0.05}, "ExponentialLR", _SCHEDULED["ExponentialLR"], "normal_3"),
    ("Adadelta", {"lr": 2.0}, "LinearLR", _SCHEDULED["LinearLR"], "mixed_2x3"),
    ("Rprop", {"lr": 0.05}, "CosineAnnealingLR", _SCHEDULED["CosineAnnealingLR"], "normal_3"),
    ("ASGD", {"lr": 0.1, "t0": 5.0}, "ExponentialLR", _SCHEDULED["ExponentialLR"], "normal_3"),
    ("ASGD", {"lr": 1e-3, "t0": 10.0}, "StepLR", _SCHEDULED["StepLR"], "rosenbrock"),
    ("AdaGrad", {"lr": 0.5, "lr_decay": 0.1}, "StepLR", _SCHEDULED["StepLR"], "mixed_2x3"),
    (
        "RMSProp",
        {"lr": 0.01, "momentum": 0.5, "centered": True},
        "LinearLR",
        _SCHEDULED["LinearLR"],
        "normal_3",
    ),
    (
        "Adam",
        {"lr": 0.05, "amsgrad": True},
        "CosineAnnealingLR",
        _SCHEDULED["CosineAnnealingLR"],
        "mixed_2x3",
    ),
    (
        "Momentum",
        {"lr": 0.05, "beta": 0.9, "dampening": 0.5},
        "ExponentialLR",
        _SCHEDULED["ExponentialLR"],
        "normal_3",
    ),
]
# the updates after which torch's state is recorded (the path is, after every one)
STATE_STEPS = (1, 2, 3, 5, 10, 20, 50, 100)
# each torch class's entries of optimizer.state[p] (all but "step") -> descent's state field
# that holds the same number, under the name of its quantity
TORCH_STATE = {
    "SGD": {"momentum_buffer": "velocity"},
    "Adagrad": {"sum": "sum_squares"},
    "RMSprop": {
        "square_avg": "square_avg",
        "grad_avg": "grad_avg",
        "momentum_buffer": "momentum_buffer",
    },
    "Adam": {"exp_avg": "m", "exp_avg_sq": "v", "max_exp_avg_sq": "v_max"},
    "AdamW": {"exp_avg": "m", "exp_avg_sq": "v", "max_exp_avg_sq": "v_max"},
    "NAdam": {"exp_avg": "m", "exp_avg_sq": "v", "mu_product": "mu_product"},
    "RAdam": {"exp_avg": "m", "exp_avg_sq": "v"},
    "Adamax": {"exp_avg": "m", "exp_inf": "u"},
    "Adadelta": {"square_avg": "square_avg", "acc_delta": "delta_square_avg"},
    "Rprop": {"prev": "prev_grad", "step_size": "step_size"},
    "ASGD": {"eta": "eta", "mu": "mu", "ax": "ax"},
}


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
    out, pairs = dict(extra), {}
    for key, value in kwargs.items():
        target = rename[key]
        if target.endswith("]"):  # one of a pair: betas[0], etas[1], step_sizes[0]
            pair, index = target[:-1].split("[")
            pairs.setdefault(pair, {})[int(index)] = value
        else:
            out[target] = value
    defaults = {"betas": (0.9, 0.999), "etas": (0.5, 1.2), "step_sizes": (1e-6, 50)}
    for pair, given in pairs.items():  # the other of a pair at torch's default
        out[pair] = tuple(given.get(i, defaults[pair][i]) for i in range(2))
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
        path, call, _ = run_torch(name, kwargs, source, schedule)
        return path, call

    def run_torch(name, kwargs, source, schedule=None, keep=()):
        """:func:`trajectory`, and the entries ``keep`` of torch's state after each step."""
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
        kept = {key: [] for key in keep}
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
            for key in keep if t + 1 in STATE_STEPS else ():
                if key in opt.state[p]:  # RMSprop's grad_avg only when centered, ...
                    kept[key].append(opt.state[p][key].detach().clone().numpy())
        kept = {key: np.array(values) for key, values in kept.items()}
        return path, f"torch.optim.{cls}({_fmt(torch_kwargs)})", kept

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

    # torch's defaults, under descent's names: its classes' signatures through TORCH_OF
    meta["torch_defaults"] = {}
    for name, (cls, rename, _extra) in TORCH_OF.items():
        parameters = inspect.signature(getattr(torch.optim, cls)).parameters
        defaults = {}
        for field, target in rename.items():
            pair, _, index = target.rstrip("]").partition("[")
            if pair in parameters:
                value = parameters[pair].default
                defaults[field] = value[int(index)] if index else value
        meta["torch_defaults"][name] = defaults

    # torch.optim's other rules and the options, with torch's states (see TORCH_RULE_CASES)
    meta["state_steps"] = list(STATE_STEPS)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # torch's state scalars in float64, see above
    try:
        cases = [(*case[:2], None, None, case[2]) for case in TORCH_RULE_CASES + OPTION_CASES]
        for i, (name, kwargs, kind, skw, source) in enumerate(cases + TORCH_SCHEDULED_CASES):
            schedule = None if kind is None else (kind, skw)
            entries = TORCH_STATE[TORCH_OF[name][0]]
            path, call, kept = run_torch(name, kwargs, source, schedule, entries)
            key = f"torchopt.{i:03d}"
            arrays[f"{key}.path"] = path
            states = {}
            for entry, values in kept.items():
                if values.size:  # what torch keeps for these options
                    states[entries[entry]] = f"{key}.state.{entries[entry]}"
                    arrays[states[entries[entry]]] = values
            case_id, schedule_meta = f"{name}({_fmt(kwargs)})", None
            if kind is not None:
                case_id += f"+{kind}({_fmt(skw)})"
                call += f" + torch.optim.lr_scheduler.{kind}({_fmt(skw)})"
                schedule_meta = {"kind": kind, "kwargs": {"lr": kwargs["lr"], **skw}}
            meta["optimizers"].append(
                {
                    "id": f"{case_id}-{source}",
                    "descent": name,
                    "kwargs": kwargs,
                    "grads": source,
                    "schedule": schedule_meta,
                    "torch": call,
                    "path": f"{key}.path",
                    "states": states,
                }
            )
    finally:
        torch.set_default_dtype(previous)

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

    # -- The rest of torch.optim.lr_scheduler, and warmup-stable-decay (specs above) ----------
    from torch.optim import lr_scheduler

    def scheduled_rates(schedule, steps):
        """torch's rates after t = 0..steps scheduler steps (until it raises), what it raised."""
        p = torch.zeros(1, dtype=f64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=base_rate(schedule))
        lrs = []
        try:
            sched = torch_scheduler(lr_scheduler, opt, schedule)
            lrs.append(opt.param_groups[0]["lr"])
            for _ in range(steps):
                opt.step()
                sched.step()
                lrs.append(opt.param_groups[0]["lr"])
        except (ValueError, ZeroDivisionError, NotImplementedError) as err:
            return lrs, type(err).__name__
        return lrs, None

    for i, (schedule, steps) in enumerate(SCHEDULE_SPECS):
        one_cycle = schedule["kind"] == "OneCycleLR"
        lrs, raised = scheduled_rates(schedule, steps + one_cycle)  # one step past the cycle
        assert raised == ("ValueError" if one_cycle else None), (schedule, raised)
        assert len(lrs) == steps + 1, (schedule, len(lrs))
        arrays[f"schedule_spec.{i:03d}.lr"] = np.array(lrs, dtype=float)
        meta["schedules"].append(
            {"id": spec_id(schedule), **schedule, "lr": f"schedule_spec.{i:03d}.lr"}
            | ({"raises_after": steps} if one_cycle else {})
        )
    meta["schedule_failures"] = []
    for schedule, steps in TORCH_FAILS:
        lrs, raised = scheduled_rates(schedule, steps)
        assert raised is not None, schedule
        meta["schedule_failures"].append(
            {"id": spec_id(schedule), **schedule, "torch_raised": raised, "after_steps": len(lrs)}
        )

    def scheduled_path(name, kwargs, schedule, source):
        """torch's parameters after each of STEPS steps under the spec's scheduler."""
        if source in FIXED:
            start, grads = FIXED[source]["start"], FIXED[source]["grads"]
        else:
            start, grads = np.array(SURFACES[source]["start"]), None
        p = torch.tensor(start, requires_grad=True)
        cls, torch_kwargs = torch_call(name, kwargs)
        opt = getattr(torch.optim, cls)([p], **torch_kwargs)
        sched = torch_scheduler(lr_scheduler, opt, schedule)
        path = np.empty((STEPS, *start.shape))
        for t in range(STEPS):
            opt.zero_grad()
            if grads is not None:
                p.grad = torch.tensor(grads[t])
            else:
                surface_value(SURFACES[source], p).backward()
            opt.step()
            sched.step()
            path[t] = p.detach().numpy()
        return path, f"torch.optim.{cls}({_fmt(torch_kwargs)})"

    for i, (name, kwargs, schedule, source) in enumerate(SCHEDULED_MORE):
        path, call = scheduled_path(name, kwargs, schedule, source)
        arrays[f"sched_spec_opt.{i:03d}.path"] = path
        meta["optimizers"].append(
            {
                "id": f"{name}({_fmt(kwargs)})+{spec_id(schedule)}-{source}",
                "descent": name,
                "kwargs": kwargs,
                "grads": source,
                "schedule": schedule,
                "torch": f"{call} + {spec_id(schedule)}",
                "path": f"sched_spec_opt.{i:03d}.path",
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

    # Lion, schedule-free, Adafactor and Muon, each in its reference (imported here, as torch is)
    import lion_pytorch
    import schedulefree

    _record_beyond(arrays, meta, torch, lion_pytorch, schedulefree)

    record_curvature(torch, arrays, meta)

    arrays["meta"] = np.array(json.dumps(meta, indent=1))
    np.savez_compressed(REFERENCE, **arrays)
    print(f"wrote {REFERENCE} ({REFERENCE.stat().st_size} bytes) and {MLP_INIT}")


# %% Beyond torch.optim's first seven: Lion, schedule-free, Adafactor and Muon -----------------
#
# References: lion-pytorch's Lion, schedulefree's SGDScheduleFreeReference and
# AdamWScheduleFreeReference (in train mode) and torch.optim's Adafactor and Muon, at the
# versions of BEYOND_VERSIONS (pip install lion-pytorch==0.2.5 schedulefree==1.4.1). Sign
# descent has no library to record: its tests check it against its equations. Everything here is
# its own: its random numbers (BEYOND_RNG, not _rng), gradients, surfaces, cases and meta keys
# ("beyond", "beyond_fixed", "beyond_surfaces", "beyond_versions"), replayed by the "beyond"
# section of tests/test_torch_reference.py.
#
# Layout: descent's leading axes are runs. A rule that sees a whole parameter (Adafactor's RMS
# and factors, Muon's matrix) takes the last axis (a vector) or the last two (a matrix) as the
# parameter, so the reference gets one parameter per run; an elementwise rule gets the array as
# it is.

BEYOND_VERSIONS = {"torch": "2.13.0", "lion-pytorch": "0.2.5", "schedulefree": "1.4.1"}

BEYOND_RNG = np.random.default_rng(20260514)


def _beyond_grads(shape):
    """Gradients over three orders of magnitude (a scale per entry), about one in ten 0."""
    scale = 10.0 ** BEYOND_RNG.integers(-2, 2, size=shape)
    zero = BEYOND_RNG.uniform(size=(STEPS, *shape)) < 0.1
    return BEYOND_RNG.standard_normal((STEPS, *shape)) * scale * ~zero


# vectors, a tall and a wide matrix, and a batch of two 3×2 matrices (two runs)
BEYOND_FIXED = {
    key: {"start": BEYOND_RNG.uniform(-2.0, 2.0, size=shape), "grads": _beyond_grads(shape)}
    for key, shape in [
        ("vec_4", (4,)),
        ("mat_3x2", (3, 2)),
        ("mat_4x3", (4, 3)),
        ("mat_2x4", (2, 4)),
        ("batch_2x3x2", (2, 3, 2)),
    ]
}


def _beyond_quadratic(shape, runs=()):
    """½ vec(W)ᵀ A vec(W) − bᵀ vec(W) on m×n matrices W: A random, eigenvalues in [0.5, 5]."""
    dim = int(np.prod(shape))
    q, _ = np.linalg.qr(BEYOND_RNG.standard_normal((dim, dim)))
    a = (q * BEYOND_RNG.uniform(0.5, 5.0, size=dim)) @ q.T
    return {
        "kind": "Quadratic",
        "kwargs": {"A": ((a + a.T) / 2).tolist(), "b": BEYOND_RNG.standard_normal(dim).tolist()},
        "start": BEYOND_RNG.uniform(-2.0, 2.0, size=(*runs, *shape)).tolist(),
    }


# gradients that depend on the parameters: the vector surfaces above, and matrix quadratics
BEYOND_SURFACES = {
    "rosenbrock": SURFACES["rosenbrock"],
    "quadratic_3": SURFACES["quadratic_3"],
    "quadratic_3x2": _beyond_quadratic((3, 2)),
    "quadratic_2x4": _beyond_quadratic((2, 4)),
    "quadratic_4x3": _beyond_quadratic((4, 3)),
    "quadratic_batch_2x3x2": _beyond_quadratic((3, 2), runs=(2,)),
}

# descent class -> (reference, descent keyword -> reference keyword); "betas[0]" is an entry of
# a tuple (the others from the reference's defaults); None: no keyword (Adafactor's layout)
BEYOND_REFERENCE = {
    "Lion": (
        "lion_pytorch.Lion",
        {"lr": "lr", "beta1": "betas[0]", "beta2": "betas[1]", "weight_decay": "weight_decay"},
    ),
    "ScheduleFreeSGD": (
        "schedulefree.SGDScheduleFreeReference",
        {
            "lr": "lr",
            "beta": "momentum",
            "weight_decay": "weight_decay",
            "warmup_steps": "warmup_steps",
            "r": "r",
            "weight_lr_power": "weight_lr_power",
        },
    ),
    "ScheduleFreeAdamW": (
        "schedulefree.AdamWScheduleFreeReference",
        {
            "lr": "lr",
            "beta1": "betas[0]",
            "beta2": "betas[1]",
            "eps": "eps",
            "weight_decay": "weight_decay",
            "warmup_steps": "warmup_steps",
            "r": "r",
            "weight_lr_power": "weight_lr_power",
            "decay_at_z": "decay_at_z",
        },
    ),
    "Adafactor": (
        "torch.optim.Adafactor",
        {
            "lr": "lr",
            "beta2_decay": "beta2_decay",
            "eps1": "eps[0]",
            "eps2": "eps[1]",
            "d": "d",
            "weight_decay": "weight_decay",
            "factored": None,
        },
    ),
    "Muon": (
        "torch.optim.Muon",
        {
            "lr": "lr",
            "weight_decay": "weight_decay",
            "beta": "momentum",
            "nesterov": "nesterov",
            "ns_coefficients": "ns_coefficients",
            "eps": "eps",
            "ns_steps": "ns_steps",
            "adjust_lr_fn": "adjust_lr_fn",
        },
    ),
}

# (descent class, its keyword arguments, gradients): the defaults once each, then random
# non-default values, on vectors, tall and wide matrices, a batch, and surfaces
BEYOND_CASES = [
    ("Lion", {}, "vec_4"),
    ("Lion", {"lr": 0.003, "beta1": 0.95, "beta2": 0.98, "weight_decay": 0.1}, "mat_3x2"),
    ("Lion", {"lr": 0.02, "beta1": 0.5, "beta2": 0.999, "weight_decay": 0.37}, "mat_4x3"),
    ("Lion", {"lr": 0.01, "beta1": 0.0, "beta2": 0.9}, "batch_2x3x2"),
    ("Lion", {"lr": 0.004, "beta1": 0.8, "beta2": 0.95}, "rosenbrock"),
    ("Lion", {"lr": 0.01, "weight_decay": 0.2}, "quadratic_3"),
    ("Lion", {"lr": 0.02, "beta1": 0.7, "weight_decay": 0.05}, "quadratic_3x2"),
    ("ScheduleFreeSGD", {}, "vec_4"),
    (
        "ScheduleFreeSGD",
        {
            "lr": 0.3,
            "beta": 0.75,
            "weight_decay": 0.05,
            "warmup_steps": 10,
            "r": 0.5,
            "weight_lr_power": 1.5,
        },
        "mat_3x2",
    ),
    (
        "ScheduleFreeSGD",
        {"lr": 0.05, "beta": 0.95, "warmup_steps": 25, "r": 1.0, "weight_lr_power": 0.0},
        "mat_4x3",
    ),
    (
        "ScheduleFreeSGD",
        {"lr": 0.2, "beta": 0.6, "warmup_steps": 5, "r": 2.0, "weight_lr_power": 3.0},
        "batch_2x3x2",
    ),
    ("ScheduleFreeSGD", {"lr": 0.1, "warmup_steps": 20}, "quadratic_3"),
    ("ScheduleFreeSGD", {"lr": 1e-3, "beta": 0.8, "r": 0.3}, "rosenbrock"),
    (
        "ScheduleFreeSGD",
        {"lr": 0.05, "weight_decay": 0.01, "warmup_steps": 10},
        "quadratic_batch_2x3x2",
    ),
    ("ScheduleFreeAdamW", {}, "vec_4"),
    (
        "ScheduleFreeAdamW",
        {
            "lr": 0.05,
            "beta1": 0.8,
            "beta2": 0.99,
            "eps": 1e-6,
            "weight_decay": 0.1,
            "warmup_steps": 15,
            "r": 0.25,
            "weight_lr_power": 2.5,
        },
        "mat_3x2",
    ),
    (
        "ScheduleFreeAdamW",
        {
            "lr": 0.01,
            "beta1": 0.95,
            "beta2": 0.9,
            "eps": 1e-3,
            "weight_decay": 0.2,
            "r": 1.0,
            "decay_at_z": True,
        },
        "mat_4x3",
    ),
    (
        "ScheduleFreeAdamW",
        {"lr": 0.02, "beta1": 0.5, "warmup_steps": 30, "weight_lr_power": 1.0},
        "batch_2x3x2",
    ),
    ("ScheduleFreeAdamW", {"lr": 0.01, "warmup_steps": 10}, "rosenbrock"),
    ("ScheduleFreeAdamW", {"lr": 0.05, "beta2": 0.95}, "quadratic_3"),
    (
        "ScheduleFreeAdamW",
        {"lr": 0.02, "weight_decay": 0.05, "decay_at_z": True, "warmup_steps": 5},
        "quadratic_4x3",
    ),
    ("Adafactor", {}, "vec_4"),
    ("Adafactor", {"factored": True}, "mat_3x2"),
    (
        "Adafactor",
        {
            "lr": 0.05,
            "beta2_decay": -0.5,
            "eps1": 1e-10,
            "eps2": 1e-2,
            "d": 1.5,
            "weight_decay": 0.1,
            "factored": True,
        },
        "mat_4x3",
    ),
    (
        "Adafactor",
        {"lr": 0.3, "beta2_decay": -1.0, "eps1": 1e-20, "d": 2.0, "factored": True},
        "mat_2x4",
    ),
    (
        "Adafactor",
        {"lr": 0.1, "beta2_decay": -0.65, "eps2": 0.0, "weight_decay": 0.02, "factored": True},
        "batch_2x3x2",
    ),
    ("Adafactor", {"lr": 0.2, "beta2_decay": -0.3, "d": 1.2}, "mat_3x2"),  # rows as vectors
    ("Adafactor", {"lr": 0.1}, "quadratic_3"),
    ("Adafactor", {"lr": 0.05, "d": 1.2, "weight_decay": 0.01}, "rosenbrock"),
    ("Adafactor", {"lr": 0.1, "weight_decay": 0.01, "factored": True}, "quadratic_3x2"),
    # Adafactor's step is rho RMS(θ), which does not shrink near a minimum away from 0: once a
    # run reaches it, it jumps about it, and multiplies any rounding by 3-5 a step (lr = 0.2
    # here did from step 20, lr = 0.05 from step 60); lr = 0.02 is still on its way at 100.
    ("Adafactor", {"lr": 0.02, "beta2_decay": -0.6, "factored": True}, "quadratic_4x3"),
    ("Muon", {}, "mat_3x2"),
    (
        "Muon",
        {
            "lr": 0.02,
            "weight_decay": 0.0,
            "beta": 0.9,
            "nesterov": False,
            "adjust_lr_fn": "match_rms_adamw",
        },
        "mat_4x3",
    ),
    (
        "Muon",
        {
            "lr": 0.05,
            "weight_decay": 0.3,
            "beta": 0.5,
            "ns_coefficients": (1.5, -0.5, 0.0),
            "ns_steps": 10,
            "eps": 1e-5,
        },
        "mat_2x4",
    ),
    ("Muon", {"lr": 0.01, "weight_decay": 0.05, "ns_steps": 3}, "batch_2x3x2"),
    ("Muon", {"lr": 0.01}, "quadratic_3x2"),
    ("Muon", {"lr": 0.02, "nesterov": False, "adjust_lr_fn": "match_rms_adamw"}, "quadratic_2x4"),
    ("Muon", {"lr": 0.01, "beta": 0.8, "weight_decay": 0.02}, "quadratic_batch_2x3x2"),
]

# torch.optim.Muon's Newton–Schulz runs in bfloat16; the cases above record torch's code with
# that one cast removed (see _record_beyond), and these, with fixed gradients, torch as it is
BEYOND_MUON_BFLOAT16 = [
    ("Muon", {}, "mat_3x2"),
    ("Muon", {"lr": 0.02, "beta": 0.9, "adjust_lr_fn": "match_rms_adamw"}, "mat_4x3"),
]


# under a torch.optim.lr_scheduler, which sets the reference's lr before each step (the
# schedule's "lr" is the base rate): Lion's step, schedule-free's warmup and largest rate,
# Adafactor's cap of rho_t and its decay, Muon's step and decay follow it
BEYOND_SCHEDULED = [
    ("Lion", {"lr": 0.01, "weight_decay": 0.1}, "CosineAnnealingLR", {"T_max": 60}, "mat_3x2"),
    (
        "ScheduleFreeSGD",
        {"lr": 0.2, "warmup_steps": 10},
        "StepLR",
        {"step_size": 30, "gamma": 0.5},
        "vec_4",
    ),
    (
        "ScheduleFreeAdamW",
        {"lr": 0.05, "weight_decay": 0.1},
        "LinearLR",
        {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 80},
        "quadratic_3",
    ),
    ("Adafactor", {"lr": 0.5, "factored": True}, "ExponentialLR", {"gamma": 0.97}, "mat_4x3"),
    ("Muon", {"lr": 0.02}, "CosineAnnealingLR", {"T_max": 50, "eta_min": 0.001}, "mat_2x4"),
]


def _beyond_layout(name, kwargs):
    """How many trailing axes are one parameter of the reference (None: the whole array)."""
    if name == "Muon" or (name == "Adafactor" and kwargs.get("factored")):
        return 2
    return 1 if name == "Adafactor" else None


def _record_beyond(arrays, meta, torch, lion_pytorch, schedulefree):
    """Run every case of BEYOND_CASES (and BEYOND_MUON_BFLOAT16) in its reference."""
    import contextlib
    import inspect
    import io
    from importlib.metadata import version
    from unittest import mock

    from torch.optim import _muon

    installed = {package: version(package).split("+")[0] for package in BEYOND_VERSIONS}
    if installed != BEYOND_VERSIONS:
        raise SystemExit(f"record_torch.py: need {BEYOND_VERSIONS}, found {installed}")
    modules = {"torch": torch, "lion_pytorch": lion_pytorch, "schedulefree": schedulefree}

    # torch's own Newton–Schulz, with its one cast to bfloat16 removed: the rest of torch's Muon
    # (momentum, Nesterov, the shape's factor, the decay) is then compared to 1e-10
    source = inspect.getsource(_muon._zeropower_via_newtonschulz)
    if source.count("grad.bfloat16()") != 1:
        raise SystemExit("record_torch.py: torch's _zeropower_via_newtonschulz has changed")
    namespace = dict(vars(_muon))
    exec(source.replace("grad.bfloat16()", "grad.clone()"), namespace)
    float64_newton_schulz = namespace["_zeropower_via_newtonschulz"]

    def reference(name, kwargs):
        path, rename = BEYOND_REFERENCE[name]
        cls = modules[path.split(".")[0]]
        for attribute in path.split(".")[1:]:
            cls = getattr(cls, attribute)
        signature = inspect.signature(cls).parameters
        out = {}
        for key, value in kwargs.items():
            target = rename[key]
            if target is None:
                continue
            if target.endswith("]"):
                target, index = target[:-3], int(target[-2])
                entries = list(out.get(target, signature[target].default))
                entries[index] = value
                value = tuple(entries)
            out[target] = value
        return cls, out, f"{path}({_fmt(out)})"

    def quadratic_value(spec, p, dim):
        A = torch.tensor(spec["kwargs"]["A"], dtype=torch.float64)
        b = torch.tensor(spec["kwargs"]["b"], dtype=torch.float64)
        q = p.reshape(-1, dim)  # one row per run
        return (0.5 * torch.einsum("ri,ij,rj->r", q, A, q) - q @ b).sum()

    def value(spec, p):
        kw = spec["kwargs"]
        if spec["kind"] == "Rosenbrock":
            return (kw["a"] - p[0]) ** 2 + kw["b"] * (p[1] - p[0] ** 2) ** 2
        return quadratic_value(spec, p, len(kw["b"]))

    def trajectory(name, kwargs, source, newton_schulz, schedule):
        if source in BEYOND_FIXED:
            start, grads = BEYOND_FIXED[source]["start"], BEYOND_FIXED[source]["grads"]
        else:
            start, grads = np.array(BEYOND_SURFACES[source]["start"]), None
        layout = _beyond_layout(name, kwargs)
        runs = start.shape[: start.ndim - layout] if layout else ()
        pieces = list(np.ndindex(runs)) if layout else [...]  # [...]: the whole array
        params = [torch.tensor(start[i].copy(), requires_grad=True) for i in pieces]
        cls, reference_kwargs, call = reference(name, kwargs)
        opt = cls(params, **reference_kwargs)
        if schedule is not None:
            kind, skw = schedule
            sched = getattr(torch.optim.lr_scheduler, kind)(opt, **skw)
            call += f" + torch.optim.lr_scheduler.{kind}({_fmt(skw)})"
        if hasattr(opt, "train"):
            with contextlib.redirect_stdout(io.StringIO()):  # it prints "Switching to..."
                opt.train()  # schedule-free: the parameters are y, where the gradient is taken
        path = np.empty((STEPS, *start.shape))
        averaged = np.empty((STEPS, *start.shape)) if name.startswith("ScheduleFree") else None
        patch = (
            mock.patch.object(_muon, "_zeropower_via_newtonschulz", float64_newton_schulz)
            if newton_schulz == "float64"
            else contextlib.nullcontext()
        )
        with patch:
            for t in range(STEPS):
                opt.zero_grad()
                if grads is not None:
                    for i, p in zip(pieces, params, strict=True):
                        p.grad = torch.tensor(grads[t][i].copy())
                else:
                    sum(value(BEYOND_SURFACES[source], p) for p in params).backward()
                opt.step()
                if schedule is not None:
                    sched.step()
                for i, p in zip(pieces, params, strict=True):
                    path[t][i] = p.detach().numpy()
                    if averaged is not None:
                        averaged[t][i] = opt.state[p]["x"].numpy()
        return path, averaged, call

    meta["beyond_versions"] = BEYOND_VERSIONS
    meta["beyond_fixed"] = {
        key: {"start": f"beyond_fixed.{key}.start", "grads": f"beyond_fixed.{key}.grads"}
        for key in BEYOND_FIXED
    }
    for key, fixed in BEYOND_FIXED.items():
        arrays[f"beyond_fixed.{key}.start"] = fixed["start"]
        arrays[f"beyond_fixed.{key}.grads"] = fixed["grads"]
    meta["beyond_surfaces"] = BEYOND_SURFACES
    meta["beyond"] = []
    float64 = {"Muon": "float64"}  # torch's Muon with its Newton–Schulz in float64
    cases = [(*case, float64.get(case[0]), None) for case in BEYOND_CASES]
    cases += [(*case, "bfloat16", None) for case in BEYOND_MUON_BFLOAT16]
    cases += [
        (name, kwargs, source, float64.get(name), (kind, skw))
        for name, kwargs, kind, skw, source in BEYOND_SCHEDULED
    ]
    for i, (name, kwargs, source, newton_schulz, schedule) in enumerate(cases):
        path, averaged, call = trajectory(name, kwargs, source, newton_schulz, schedule)
        arrays[f"beyond.{i:03d}.path"] = path
        if averaged is not None:
            arrays[f"beyond.{i:03d}.x"] = averaged
        suffix = "-bfloat16" if newton_schulz == "bfloat16" else ""
        if schedule is not None:
            suffix += f"+{schedule[0]}({_fmt(schedule[1])})"
        meta["beyond"].append(
            {
                "id": f"{name}({_fmt(kwargs)})-{source}{suffix}",
                "descent": name,
                "kwargs": kwargs,
                "grads": source,
                "schedule": None
                if schedule is None
                else {"kind": schedule[0], "kwargs": {"lr": kwargs["lr"], **schedule[1]}},
                "reference": call + (" in train mode" if averaged is not None else ""),
                "newton_schulz": newton_schulz,
                "path": f"beyond.{i:03d}.path",
                "x": f"beyond.{i:03d}.x" if averaged is not None else None,
            }
        )


if __name__ == "__main__":
    main()
