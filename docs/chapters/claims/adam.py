"""Numbers quoted by the Adam chapter (what the bias correction corrects)."""

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

import descent
from descent.surfaces import ALL

ROSENBROCK_START = np.array([-1.5, 2.5])
EARLY = 30  # "the first steps" of the Rosenbrock figure
TORCH_DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "torch_reference.npz"


#: ε of the constant-gradient measurements: small enough that only rounding is left.
EPS_TINY = 1e-30


def constant_gradient_steps(corrected, steps=3000, beta2=0.999):
    """Adam's step over α for a constant gradient, measured by stepping ``descent.Adam``
    with ε = ``EPS_TINY``."""
    opt = descent.Adam(lr=1.0, beta2=beta2, eps=EPS_TINY, bias_correction=corrected)
    x, state, sizes = np.zeros(1), opt.init(np.zeros(1)), []
    for _ in range(steps):
        new, state = opt.step(x, np.ones(1), state)
        sizes.append(float(x[0] - new[0]))
        x = new
    return np.array(sizes)


def steps_to_90_percent(beta):
    """How many steps an EMA with decay ``beta`` needs to be 90% of the way to a constant."""
    return math.ceil(math.log(0.1) / math.log(beta))


@lru_cache
def bias_numbers(steps=3000):
    """The uncorrected and corrected step over α, t = 1 … ``steps``."""
    raw, fixed = constant_gradient_steps(False, steps), constant_gradient_steps(True, steps)
    peak = int(raw.argmax())
    after_peak = np.arange(steps) > peak
    return {
        "raw_1": float(raw[0]),
        "raw_10": float(raw[9]),
        "raw_peak": float(raw.max()),
        "raw_peak_t": peak + 1,
        "raw_within_10pc": int(np.argmax((raw < 1.1) & after_peak)) + 1,
        "raw_above_2": int((raw > 2).sum()),
        "raw_above_2_until": int(np.flatnonzero(raw > 2).max()) + 1,
        "raw_above_3_until": int(np.flatnonzero(raw > 3).max()) + 1,
        "fixed_dev": float(np.abs(fixed - 1).max()),
        "eps": EPS_TINY,
        "t90_beta1": steps_to_90_percent(0.9),
        "t90_beta2": steps_to_90_percent(0.999),
    }


@lru_cache
def rosenbrock_numbers(lr=0.05, steps=300):
    """The figure's two runs: first step lengths and losses along the way."""
    runs = {
        "corrected": descent.run(descent.Adam(lr=lr), ALL["rosenbrock"], ROSENBROCK_START, steps),
        "raw": descent.run(
            descent.Adam(lr=lr, bias_correction=False), ALL["rosenbrock"], ROSENBROCK_START, steps
        ),
    }
    out = {}
    for name, traj in runs.items():
        steps_taken = np.diff(traj.path, axis=0)
        out[f"first_{name}"] = float(np.linalg.norm(traj.path[1] - traj.path[0]))
        out[f"loss10_{name}"] = float(traj.loss[10])
        out[f"loss_end_{name}"] = float(traj.loss[-1])
        # the loss panel's early jumps: the highest loss over the first 30 steps (after the start)
        out[f"early_max_{name}"] = float(traj.loss[1 : EARLY + 1].max())
        # the zig-zag: length of the first 10 steps, and reversals (a step against the last one)
        out[f"length10_{name}"] = float(np.linalg.norm(steps_taken[:10], axis=1).sum())
        early = steps_taken[:EARLY]
        out[f"reversals_{name}"] = int(((early[1:] * early[:-1]).sum(axis=1) < 0).sum())
    out["start_loss"] = float(runs["corrected"].loss[0])
    out["max_after_start_corrected"] = float(runs["corrected"].loss[1:].max())
    out["lr"] = lr
    return out


@lru_cache
def exercise_numbers():
    """Uncorrected Adam with β2 = 0.99: its first and tenth step over α."""
    raw = constant_gradient_steps(False, steps=10, beta2=0.99)
    return {"step_1": float(raw[0]), "step_10": float(raw[9])}


@lru_cache
def torch_agreement(name="Adam", amsgrad=None):
    """Largest relative gap between ``descent.<name>`` and the recorded ``torch.optim`` steps
    of the same class, replayed on the fixed gradient sequences without a schedule
    (``amsgrad``: only Adam's runs with it on, ``False`` only those without, ``None`` all)."""
    with np.load(TORCH_DATA) as data:
        ref = dict(data)
    meta = json.loads(str(ref["meta"]))
    worst, cases = 0.0, 0
    for case in meta["optimizers"]:
        if case["descent"] != name or case["schedule"] or case["grads"] not in meta["fixed"]:
            continue
        if amsgrad is not None and bool(case["kwargs"].get("amsgrad", False)) != amsgrad:
            continue
        keys = meta["fixed"][case["grads"]]
        opt = getattr(descent, name)(**case["kwargs"])
        x = ref[keys["start"]]
        state = opt.init(x)
        for g, expected in zip(ref[keys["grads"]], ref[case["path"]], strict=True):
            x, state = opt.step(x, g, state)
            worst = max(worst, float(np.max(np.abs(x / expected - 1))))
        cases += 1
    return {"worst_rel": worst, "cases": cases, "steps": int(meta["steps"])}
