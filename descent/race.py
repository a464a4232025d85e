"""The race: the seven optimizers of the first chapters on classic test surfaces, each at its own
best rate.

A race at one shared learning rate only measures who likes that rate. Here each optimizer of
:data:`RACERS` first gets its own: the rate with the lowest median excess loss
over a sweep of :data:`LRS` from :data:`SWEEP_STARTS` random starts (:func:`sensitivity`), or,
where several rates bring the median run to the minimum to rounding, the fastest of them, the
one whose median run first gets within :data:`TOL` (:attr:`~descent.sweeps.LRSweep.best_lr`);
then all of them run from one start (:func:`race`). Every other hyperparameter keeps descent's
default. The race chapter, its gallery scripts and the tests all read the experiment from
here, so the figures, the tables and the assertions describe the same runs.

Examples
--------
>>> import descent
>>> from descent.race import RACERS, race, sensitivity
>>> sweeps = sensitivity("himmelblau", steps=100)
>>> list(sweeps) == list(RACERS)
True
>>> runs = race("himmelblau", sweeps, steps=50)
>>> runs["Adam"].optimizer.lr == sweeps["Adam"].best_lr
True
"""

from __future__ import annotations

import numpy as np

from .optimizers import ALL as OPTIMIZERS
from .runs import Trajectory, run
from .surfaces import ALL as SURFACE_OF
from .sweeps import LRSweep, sweep_lr

__all__ = [
    "LRS",
    "RACERS",
    "REMEMBERS",
    "START",
    "STEPS",
    "SURFACES",
    "SWEEP_STARTS",
    "SWEEP_STEPS",
    "TOL",
    "make",
    "race",
    "sensitivity",
    "sweep_starts",
]

#: The optimizers of the race, by registry name: the seven the chapters before the race teach
#: (the first seven of :data:`descent.optimizers.ALL`, in its order). The race chapter compares
#: them and only them, so its numbers are those of the rules its reader has met; the rules that
#: later chapters introduce (Adam's family, the sign and scale-free steps, matrices, curvature,
#: averaging) race against these in their own chapters, and a rule that needs more than a
#: gradient or takes a matrix would not run in this race's sweep as it stands.
#:
#: :meta hide-value:
RACERS = {
    name: OPTIMIZERS[name]
    for name in ("GradientDescent", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam", "AdamW")
}
#: The surfaces of the race, in the order of the chapter.
SURFACES = ("rosenbrock", "beale", "himmelblau")
#: Where the race starts on each surface.
START = {"rosenbrock": (-1.5, 2.5), "beale": (-2.0, 2.5), "himmelblau": (0.0, -4.5)}
#: How many updates the race makes on each surface (on Himmelblau, those that reach the race's
#: tolerance at all do so in fewer than 250).
STEPS = {"rosenbrock": 2000, "beale": 2000, "himmelblau": 400}
#: The learning rates of the sweep, 19 from :math:`10^{-4}` to :math:`10^{0.5}`.
#:
#: :meta hide-value:
LRS = np.logspace(-4, 0.5, 19)
#: Random starts of the sweep, uniform over the surface's plotting window (seed 0).
SWEEP_STARTS = 64
#: Updates per run of the sweep.
SWEEP_STEPS = 1000
#: The race's tolerance on :math:`f - f^\star`; the sweep counts the updates to it, to break ties
#: between rates that all reach the minimum to rounding.
TOL = 1e-6

#: What each racer keeps between steps, for the chapter's summary table.
REMEMBERS = {
    "GradientDescent": "nothing",
    "Momentum": "velocity",
    "Nesterov": "velocity",
    "AdaGrad": "sum of $g^2$",
    "RMSProp": "EMA of $g^2$",
    "Adam": "EMA of $g$ and $g^2$",
    "AdamW": "EMA of $g$ and $g^2$",
}


def make(name: str):
    """``lr -> optimizer``: the registry's ``name`` (any of :data:`descent.optimizers.ALL`) at
    that rate, descent's defaults otherwise.

    >>> make("Momentum")(0.01)
    Momentum(lr=0.01, beta=0.9)
    """
    cls = OPTIMIZERS[name]
    return lambda lr: cls(lr=lr)


def sweep_starts(surface: str) -> np.ndarray:
    """The sweep's :data:`SWEEP_STARTS` starts on ``surface``, shape ``(64, 2)``."""
    lo, hi = np.reshape(SURFACE_OF[surface].extent, (-1, 2)).T
    return np.random.default_rng(0).uniform(lo, hi, size=(SWEEP_STARTS, 2))


def sensitivity(surface: str, *, steps: int = SWEEP_STEPS) -> dict[str, LRSweep]:
    """Every racer's (:data:`RACERS`) learning-rate sweep on ``surface``, by registry name.

    Each is one vectorised :func:`~descent.sweeps.sweep_lr` over :data:`LRS` ×
    :func:`sweep_starts`, ``steps`` updates per run, counting each run's updates to :data:`TOL`.
    """
    starts = sweep_starts(surface)
    return {
        name: sweep_lr(make(name), SURFACE_OF[surface], starts, LRS, steps, tol=TOL)
        for name in RACERS
    }


def race(
    surface: str, sweeps: dict[str, LRSweep] | None = None, *, steps: int | None = None
) -> dict[str, Trajectory]:
    """Every racer (:data:`RACERS`) from :data:`START` on ``surface``, at its best rate of
    ``sweeps``.

    Parameters
    ----------
    surface : str
        One of :data:`SURFACES` (any 2D surface of ``descent.surfaces.ALL`` with a
        :data:`START`).
    sweeps : dict, optional
        :func:`sensitivity`'s result for ``surface``; computed when not given.
    steps : int, optional
        Updates of the race; :data:`STEPS` of the surface by default.
    """
    sweeps = sensitivity(surface) if sweeps is None else sweeps
    steps = STEPS[surface] if steps is None else steps
    start = np.array(START[surface])
    return {
        name: run(make(name)(sweeps[name].best_lr), SURFACE_OF[surface], start, steps)
        for name in RACERS
    }
