"""The race: every optimizer that runs on a plane, on classic test surfaces, each at its own
best rate.

A race at one shared learning rate only measures who likes that rate. Here each optimizer of
:data:`SWEPT` first gets its own: the rate with the lowest median excess loss
over a sweep of :data:`LRS` from :data:`SWEEP_STARTS` random starts (:func:`sensitivity`), or,
where several rates bring the median run to the minimum to rounding, the fastest of them, the
one whose median run first gets within :data:`TOL` (:attr:`~descent.sweeps.LRSweep.best_lr`);
then all of them run from one start (:func:`race`). Every other hyperparameter keeps descent's
default (L-BFGS keeps a shorter memory, :data:`LBFGS_HISTORY`). The race chapter, its gallery
scripts and the tests all read the experiment from here, so the figures, the tables and the
assertions describe the same runs; :func:`experiment` keeps them in a folder, so that the
site's build runs them once for the chapter and its scripts.

Examples
--------
>>> import descent
>>> from descent.race import RACERS, race, sensitivity
>>> sweeps = sensitivity("himmelblau", RACERS, steps=100)
>>> list(sweeps) == list(RACERS)
True
>>> runs = race("himmelblau", sweeps, steps=50)
>>> runs["Adam"].optimizer.lr == sweeps["Adam"].best_lr
True
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

import numpy as np

from ._checks import _show
from .optimizers import ALL as OPTIMIZERS
from .runs import Trajectory, run
from .surfaces import ALL as SURFACE_OF
from .sweeps import LRSweep, sweep_lr

__all__ = [
    "LBFGS_HISTORY",
    "LRS",
    "RACERS",
    "REMEMBERS",
    "START",
    "STEPS",
    "SURFACES",
    "SWEEP_STARTS",
    "SWEEP_STEPS",
    "SWEPT",
    "TOL",
    "experiment",
    "make",
    "race",
    "sensitivity",
    "sweep_starts",
]

#: Every optimizer of :data:`descent.optimizers.ALL` that runs on a two-dimensional surface, by
#: registry name and in its order: all but :class:`~descent.Muon`, whose update
#: orthogonalises a matrix and has no meaning for a vector of two numbers. The chapter's sweep,
#: its race table and its summary cover them all.
#:
#: :meta hide-value:
SWEPT = {name: cls for name, cls in OPTIMIZERS.items() if name != "Muon"}
#: The optimizers of the race's animations, by registry name: the seven the chapters before the
#: race teach (the first seven of :data:`descent.optimizers.ALL`, in its order). Seven paths
#: stay readable on one surface, and their colours are apart for every reader; the chapter
#: shows the other rules of :data:`SWEPT` beside them in a static figure, by family.
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
#: How many updates the race makes on each surface (fewer on Himmelblau, where the runs that get
#: within the race's tolerance at all do so early).
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
#: The pairs L-BFGS keeps in the race (torch's default is 100): its two-loop recursion costs a
#: pass over the memory per update, which for 1216 runs of 1000 updates is most of the sweep.
LBFGS_HISTORY = 10

#: What each optimizer of :data:`SWEPT` keeps between steps (its state, less the update count),
#: for the chapter's summary table.
REMEMBERS = {
    "GradientDescent": "nothing",
    "Momentum": "velocity",
    "Nesterov": "velocity",
    "AdaGrad": "sum of $g^2$",
    "RMSProp": "EMA of $g^2$",
    "Adam": "EMA of $g$ and $g^2$",
    "AdamW": "EMA of $g$ and $g^2$",
    "NAdam": "EMA of $g$ and $g^2$, product of the $\\mu_t$",
    "RAdam": "EMA of $g$ and $g^2$",
    "Adamax": "EMA of $g$, decaying max of $|g|$",
    "Adadelta": "EMA of $g^2$ and of squared updates",
    "Rprop": "last gradient, a step size per coordinate",
    "SignSGD": "nothing",
    "Signum": "EMA of $g$",
    "Lion": "EMA of $g$",
    "Adafactor": "EMA of $g^2$",
    "Newton": "nothing",
    "LBFGS": "the last $m$ steps and gradient changes",
    "ASGD": "the average of the iterates, its rate and weight",
    "ScheduleFreeSGD": "the SGD sequence $z$ and its average $x$",
    "ScheduleFreeAdamW": "$z$, its average $x$, EMA of $g^2$",
}


def make(name: str):
    """``lr -> optimizer``: the registry's ``name`` (any of :data:`descent.optimizers.ALL`) at
    that rate, descent's defaults otherwise (L-BFGS with a memory of :data:`LBFGS_HISTORY`).

    >>> make("Momentum")(0.01)
    Momentum(lr=0.01, beta=0.9)
    >>> make("LBFGS")(1.0).history_size
    10
    """
    if not isinstance(name, str) or name not in OPTIMIZERS:
        raise ValueError(f"name must be one of descent.optimizers.ALL, got {_show(name)}")
    cls = OPTIMIZERS[name]
    if name == "LBFGS":
        return lambda lr: cls(lr=lr, history_size=LBFGS_HISTORY)
    return lambda lr: cls(lr=lr)


def sweep_starts(surface: str) -> np.ndarray:
    """The sweep's :data:`SWEEP_STARTS` starts on ``surface``, shape ``(64, 2)``."""
    lo, hi = np.reshape(SURFACE_OF[surface].extent, (-1, 2)).T
    return np.random.default_rng(0).uniform(lo, hi, size=(SWEEP_STARTS, 2))


def _names(names) -> tuple[str, ...]:
    names = tuple(SWEPT if names is None else names)
    unknown = [n for n in names if not isinstance(n, str) or n not in SWEPT]
    if unknown:
        raise ValueError(f"names must be optimizers of descent.race.SWEPT, got {_show(unknown)}")
    return names


def _surface(surface) -> str:
    if not isinstance(surface, str) or surface not in START:
        raise ValueError(f"surface must be one of {sorted(START)}, got {_show(surface)}")
    return surface


def sensitivity(surface: str, names=None, *, steps: int = SWEEP_STEPS) -> dict[str, LRSweep]:
    """The learning-rate sweep of every optimizer of ``names`` on ``surface``, by registry name.

    Each is one vectorised :func:`~descent.sweeps.sweep_lr` over :data:`LRS` ×
    :func:`sweep_starts` (every rate of the grid at once, as a leading axis of the optimizer's
    rate), ``steps`` updates per run, counting each run's updates to :data:`TOL`.

    Parameters
    ----------
    surface : str
        One of :data:`SURFACES` (any surface with a :data:`START`).
    names : iterable of str, optional
        Optimizers of :data:`SWEPT`; all of them by default.
    steps : int, default :data:`SWEEP_STEPS`
    """
    surface = _surface(surface)
    starts = sweep_starts(surface)
    return {
        name: sweep_lr(make(name), SURFACE_OF[surface], starts, LRS, steps, tol=TOL)
        for name in _names(names)
    }


def race(
    surface: str, sweeps: dict[str, LRSweep] | None = None, *, steps: int | None = None
) -> dict[str, Trajectory]:
    """Every optimizer of ``sweeps`` from :data:`START` on ``surface``, at its best rate.

    Parameters
    ----------
    surface : str
        One of :data:`SURFACES` (any 2D surface of ``descent.surfaces.ALL`` with a
        :data:`START`).
    sweeps : dict, optional
        :func:`sensitivity`'s result for ``surface``; by default the sweeps of the seven
        :data:`RACERS`, computed.
    steps : int, optional
        Updates of the race; :data:`STEPS` of the surface by default.
    """
    surface = _surface(surface)
    sweeps = sensitivity(surface, RACERS) if sweeps is None else sweeps
    steps = STEPS[surface] if steps is None else steps
    start = np.array(START[surface])
    return {
        name: run(make(name)(sweeps[name].best_lr), SURFACE_OF[surface], start, steps)
        for name in _names(sweeps)
    }


@lru_cache
def _digest() -> str:
    """A hash of descent's source: a kept result is reused only by the code that made it."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(path.relative_to(Path(__file__).parent).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def experiment(
    surface: str, names=None, *, cache: str | os.PathLike | None = None
) -> tuple[dict[str, LRSweep], dict[str, Trajectory]]:
    """The sweeps (:func:`sensitivity`) and the race (:func:`race`) of ``names`` on ``surface``:
    ``({name: LRSweep}, {name: Trajectory})``.

    Parameters
    ----------
    surface : str
        One of :data:`SURFACES`.
    names : iterable of str, optional
        Optimizers of :data:`SWEPT`; all of them by default.
    cache : str or path, optional
        A folder in which to keep each optimizer's sweep and race, one file per surface and
        optimizer, named with a hash of descent's source; an optimizer found there is read
        rather than run again, and files left by other code are removed. The site's build
        passes one, so that the chapter and its gallery scripts share the runs. ``None``
        (the default) runs everything.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     sweeps, runs = experiment("himmelblau", ["Adam"], cache=folder)
    ...     again, _ = experiment("himmelblau", ["Adam"], cache=folder)  # read
    >>> best = sweeps["Adam"].best_lr
    >>> again["Adam"].best_lr == best == runs["Adam"].optimizer.lr
    True
    """
    surface = _surface(surface)
    names = _names(names)
    if cache is not None and not isinstance(cache, (str, os.PathLike)):
        raise TypeError(f"cache must be a folder (str or path) or None, got {_show(cache)}")
    folder = None if cache is None else Path(cache)
    sweeps, runs = {}, {}
    for name in names:
        kept = None if folder is None else folder / f"race-{surface}-{name}-{_digest()}.pkl"
        if kept is not None and kept.is_file():
            sweeps[name], runs[name] = pickle.loads(kept.read_bytes())
            continue
        sweeps[name] = sensitivity(surface, [name])[name]
        runs[name] = race(surface, {name: sweeps[name]})[name]
        if kept is not None:
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob(f"race-*-{'[0-9a-f]' * 16}.pkl"):
                if not old.name.endswith(f"-{_digest()}.pkl"):
                    old.unlink(missing_ok=True)
            part = kept.with_name(f"{kept.name}.{os.getpid()}")  # then renamed: atomic
            part.write_bytes(pickle.dumps((sweeps[name], runs[name])))
            os.replace(part, kept)
    return sweeps, runs
