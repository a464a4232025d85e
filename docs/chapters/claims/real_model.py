"""Numbers the real-model chapter quotes: a 1-10-1 ReLU network fitted to a cubic."""

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

import descent
from descent.problems import MLP, cubic_data

LR = 0.01
EPOCHS = 200
BATCH = 32
REFERENCE = Path(__file__).resolve().parents[3] / "tests" / "data" / "torch_reference.npz"


@lru_cache
def model():
    x, y = cubic_data()
    return MLP(x, y, hidden=10)


def optimizers(lr=LR):
    """The tutorial's four, at one learning rate: its "SGD" is the full-batch rule."""
    return {
        "gd": descent.GradientDescent(lr=lr),
        "momentum": descent.Momentum(lr=lr, beta=0.9),
        "rmsprop": descent.RMSProp(lr=lr),
        "adam": descent.Adam(lr=lr),
    }


@lru_cache
def runs():
    """The four full-batch runs of 200 epochs from torch's initial weights."""
    m = model()
    return {k: descent.run(o, m, m.torch_init(), steps=EPOCHS) for k, o in optimizers().items()}


@lru_cache
def sgd(seed=0):
    """True mini-batch SGD, B = 32, for the same 200 epochs (the same per-sample gradients)."""
    m = model()
    return descent.run_stochastic(
        descent.GradientDescent(lr=LR),
        m,
        m.torch_init(),
        epochs=EPOCHS,
        batch_size=BATCH,
        seed=seed,
    )


@lru_cache
def full_batch():
    """Final losses, the ranking, and how plain gradient descent compares."""
    r, m = runs(), model()
    final = {k: float(t.loss[-1]) for k, t in r.items()}
    best = min(final, key=final.get)
    gd = r["gd"].loss
    # the best straight line through the data, for "gradient descent is nearly a straight line"
    design = np.column_stack([m.x.ravel(), np.ones(m.x.size)])
    coef, *_ = np.linalg.lstsq(design, m.y.ravel(), rcond=None)

    def off_line(params):  # RMS distance of a final prediction from its own best straight line
        pred = m.predict(params, m.x)
        fit, *_ = np.linalg.lstsq(design, pred, rcond=None)
        return float(np.sqrt(np.mean((pred - design @ fit) ** 2)))

    adam, rmsprop = r["adam"].loss, r["rmsprop"].loss
    return {
        "start": float(gd[0]),
        "final": final,
        "best": best,
        "gd_over_best": final["gd"] / final[best],
        "gd_last50": float(1 - gd[EPOCHS] / gd[EPOCHS - 50]),
        "line": float(np.mean((design @ coef - m.y.ravel()) ** 2)),
        "off_line": {k: off_line(t.final) for k, t in r.items()},
        # the epochs after the first at which RMSProp's loss is below Adam's
        "rmsprop_ahead": np.flatnonzero(rmsprop[1:] < adam[1:]) + 1,
        "n_params": int(m.torch_init().size),
        "n_points": int(m.x.size),
    }


@lru_cache
def tuned_gd(rates=(0.1, 0.3, 0.5, 0.8)):
    """Gradient descent at larger rates, 200 epochs each, against Adam at 0.01."""
    m = model()
    final = {
        lr: float(descent.run(descent.GradientDescent(lr=lr), m, m.torch_init(), EPOCHS).loss[-1])
        for lr in rates
    }
    return {"final": final, "adam": full_batch()["final"]["adam"], "var_y": float(np.var(m.y))}


@lru_cache
def minibatch(seeds=(0, 1, 2, 3, 4)):
    """Mini-batch SGD against batch gradient descent, for several shuffling seeds."""
    s = sgd(0)
    n = model().x.size
    return {
        "loss": float(s.loss[-1]),
        "losses": {seed: float(sgd(seed).loss[-1]) for seed in seeds},
        "gd": full_batch()["final"]["gd"],
        "updates": int(s.updates),
        "per_epoch": int(s.epoch_ends[0]),
        "full_batches": n // BATCH,
        "last_batch": n % BATCH,
    }


@lru_cache
def torch_agreement():
    """Largest relative gap between these runs' losses and torch.optim's, recorded in float64."""
    with np.load(REFERENCE) as data:
        ref = dict(data)
    meta = json.loads(str(ref["meta"]))
    names = {"GradientDescent": "gd", "Momentum": "momentum", "RMSProp": "rmsprop", "Adam": "adam"}
    worst = 0.0
    for case in meta["mlp"]["curves"]:
        ours = runs()[names[case["descent"]]].loss[:-1]  # torch records the loss before each step
        theirs = ref[case["loss"]]
        worst = max(worst, float(np.max(np.abs(ours - theirs) / np.abs(theirs))))
    return {"worst": worst, "curves": len(meta["mlp"]["curves"]), "epochs": meta["mlp"]["epochs"]}
