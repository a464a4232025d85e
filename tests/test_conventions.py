"""What the conventions chapter says about torch.optim options, checked on torch's own numbers.

The data are recorded by ``data/record_torch.py`` (``meta["conventions"]``): torch's
parameters after each step for fixed gradient sequences, so the relations below are tested on
torch's arithmetic, not on a re-derivation of it.
"""

import json
from pathlib import Path

import numpy as np
import pytest

import descent

with np.load(Path(__file__).with_name("data") / "torch_reference.npz") as _file:
    REF = dict(_file)
META = json.loads(str(REF["meta"]))
DAMPENED = [c for c in META["conventions"] if c["kwargs"].get("dampening", 0) > 0]


def _torch_buffer(case):
    """torch's momentum buffer after each step, read off its path: b_t = (θ_{t-1} - θ_t) / α."""
    keys = META["fixed"][case["grads"]]
    start, grads = REF[keys["start"]], REF[keys["grads"]]
    path = REF[case["path"]]
    previous = np.concatenate([start[None], path[:-1]])
    return (previous - path) / case["kwargs"]["lr"], grads


def test_the_data_has_dampened_cases():
    assert len(DAMPENED) >= 2


@pytest.mark.parametrize("case", DAMPENED, ids=lambda c: c["torch"])
def test_torch_dampening_is_the_ema_started_at_the_first_gradient(case):
    """SGD(momentum=β, dampening=β): b_t = β b_{t-1} + (1-β) g_t with b_1 = g_1, not b_0 = 0."""
    beta = case["kwargs"]["momentum"]
    assert case["kwargs"]["dampening"] == beta
    buffer, grads = _torch_buffer(case)
    # the first step is α g_1: the undamped first gradient
    np.testing.assert_allclose(buffer[0], grads[0], rtol=1e-10)
    # the EMA recurrence, started at b_0 = g_1 (so that b_1 = β g_1 + (1-β) g_1 = g_1)
    from_g1, b = np.empty_like(grads), grads[0]
    for t, g in enumerate(grads):
        b = beta * b + (1 - beta) * g
        from_g1[t] = b
    np.testing.assert_allclose(buffer, from_g1, rtol=1e-8, atol=1e-12)
    # ... which is the zero-started EMA plus a fading β^t g_1: they differ, most at the start
    zero_started = descent.ema(grads, beta)
    t = np.arange(1, len(grads) + 1).reshape((-1,) + (1,) * (grads.ndim - 1))
    np.testing.assert_allclose(buffer, zero_started + beta**t * grads[0], rtol=1e-8, atol=1e-12)
    gap = np.abs(buffer - zero_started).max(axis=tuple(range(1, grads.ndim)))
    # largest at the first step, where the zero-started form moves by (1-β) g_1 only
    np.testing.assert_allclose(gap[0], beta * np.abs(grads[0]).max(), rtol=1e-10)
    assert gap[-1] < gap[0]
    # the path keeps the distance: α β g_1 (1 - β^t) / (1 - β) ahead of the zero-started EMA's
    lr, start = case["kwargs"]["lr"], REF[META["fixed"][case["grads"]]["start"]]
    zero_path = start - lr * np.cumsum(zero_started, axis=0)
    ahead = lr * beta * grads[0] * (1 - beta**t) / (1 - beta)
    np.testing.assert_allclose(zero_path - REF[case["path"]], ahead, rtol=1e-8, atol=1e-12)
