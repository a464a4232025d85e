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

One start is luck. The fair race scores each rule at the same tuned rate on
:data:`HELD_OUT` other starts (:func:`held_out_starts`, drawn apart from the sweep's), with the
race's budget and tolerance (:func:`score`, kept by :func:`held_out` in the same folder); its
summaries are a median with a bootstrap interval (:func:`bootstrap_median`) and Dolan and
Moré's performance profiles (:func:`performance_profile`). The race's start and the held-out
starts run in one vectorised call per rule and surface, so the held-out runs cost their lanes
and not another loop over the steps.

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
>>> scores = score("himmelblau", sweeps, steps=50)
>>> adam = scores["Adam"]
>>> adam.lr == sweeps["Adam"].best_lr, len(adam.starts) == HELD_OUT
(True, True)
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._checks import (
    _show,
    check_interval,
    check_points,
    check_positive_int,
    check_seed,
    finite_array,
    real_array,
)
from .cache import source_digest
from .optimizers import ALL as OPTIMIZERS
from .runs import Trajectory, run
from .surfaces import ALL as SURFACE_OF
from .sweeps import LRSweep, sweep_lr

__all__ = [
    "HELD_OUT",
    "HELD_OUT_SEED",
    "KEPT_POINTS",
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
    "HeldOut",
    "bootstrap_median",
    "experiment",
    "held_out",
    "held_out_starts",
    "make",
    "performance_profile",
    "race",
    "score",
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
#: Starts per surface on which the fair race scores each rule at its tuned rate: none of them is
#: one of the sweep's (:func:`held_out_starts`).
HELD_OUT = 64
#: The seed of the held-out starts (the sweep's are drawn with seed 0).
HELD_OUT_SEED = 1
#: At most this many points of each held-out path are kept (at steps evenly spaced in log, the
#: first and the last among them): enough to animate, a hundred kilobytes per rule and surface.
KEPT_POINTS = 121

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


def held_out_starts(surface: str) -> np.ndarray:
    """The fair race's :data:`HELD_OUT` scoring starts on ``surface``, shape ``(64, 2)``:
    uniform over the same window as :func:`sweep_starts`, from another seed
    (:data:`HELD_OUT_SEED`), so that no rule is scored where its rate was chosen.

    >>> a, b = held_out_starts("beale"), sweep_starts("beale")
    >>> a.shape, bool(np.isin(a, b).any())
    ((64, 2), False)
    """
    surface = _surface(surface)
    lo, hi = np.reshape(SURFACE_OF[surface].extent, (-1, 2)).T
    return np.random.default_rng(HELD_OUT_SEED).uniform(lo, hi, size=(HELD_OUT, 2))


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
    return {name: pair[0] for name, pair in _raced(surface, sweeps, steps).items()}


@dataclass(frozen=True)
class HeldOut:
    r"""One rule's runs from the :data:`HELD_OUT` starts of the fair race, at its tuned rate:
    what :func:`score` returns per rule.

    Attributes
    ----------
    lr : float
        The tuned rate (the sweep's :attr:`~descent.sweeps.LRSweep.best_lr`).
    budget : int
        Updates per run.
    tol : float
        The tolerance on :math:`f - f^\star`.
    starts : ndarray, shape (n, dim)
        The held-out starts (``dim`` is 2: a point of the plane).
    steps_to_tol : ndarray of int, shape (n,)
        The first update after which the run is within ``tol`` of the minimum value (``-1``:
        not within the budget, or diverged).
    diverged : ndarray of bool, shape (n,)
    final : ndarray, shape (n, dim)
    excess : ndarray, shape (n,)
        :math:`f - f^\star` at the end (``inf`` for a diverged run).
    at : ndarray of int, shape (k,)
        The steps of ``path``: at most :data:`KEPT_POINTS`, evenly spaced in log, 0 and the
        last among them.
    path : ndarray, shape (k, n, dim)
        Every run's point at those steps.
    """

    lr: float
    budget: int
    tol: float
    starts: np.ndarray
    steps_to_tol: np.ndarray
    diverged: np.ndarray
    final: np.ndarray
    excess: np.ndarray
    at: np.ndarray
    path: np.ndarray

    @property
    def success(self) -> np.ndarray:
        """Which runs got within ``tol`` within the budget, shape ``(n,)``."""
        return self.steps_to_tol >= 0

    @property
    def success_rate(self) -> float:
        """The share of the runs that got within ``tol`` within the budget."""
        return float(self.success.mean())

    @property
    def steps(self) -> np.ndarray:
        """``steps_to_tol`` as floats, ``inf`` for a run that did not get there: the cost of
        each run for :func:`bootstrap_median` and :func:`performance_profile`."""
        return np.where(self.success, self.steps_to_tol, np.inf)


def _held(traj, surface, starts, steps) -> HeldOut:
    """The :class:`HeldOut` of the lanes of ``traj`` (shape ``(steps + 1, n, 2)``)."""
    floor = SURFACE_OF[surface].min_value
    # evenly spaced in log: a Newton run is done in a few updates, a momentum run in thousands
    at = np.geomspace(1, steps, KEPT_POINTS - 1).round().astype(int) if steps else []
    at = np.unique(np.concatenate([[0], at]).astype(int))
    return HeldOut(
        lr=float(traj.optimizer.lr),
        budget=steps,
        tol=TOL,
        starts=starts,
        steps_to_tol=np.where(traj.diverged, -1, traj.steps_to(TOL + floor)),
        diverged=traj.diverged.copy(),
        final=traj.final.copy(),
        excess=np.where(traj.diverged, np.inf, traj.loss[-1] - floor),
        at=at,
        path=traj.path[at].copy(),
    )


def _lane(traj: Trajectory, k: int) -> Trajectory:
    """Start ``k`` of a run of many, as a run of its own."""
    return Trajectory(
        traj.path[:, k].copy(),
        traj.loss[:, k].copy(),
        traj.diverged[k].copy(),
        traj.diverged_at[k].copy(),
        traj.optimizer,
    )


def _raced(surface, sweeps, steps, starts=None) -> dict[str, tuple[Trajectory, HeldOut]]:
    """Each rule of ``sweeps`` from :data:`START` and from every held-out start (``starts``, or
    :func:`held_out_starts`) at once, at its best rate: ``{name: (the race's run, its
    HeldOut)}``. The starts are independent lanes of one vectorised run: the race's is the run
    :func:`race` always made, bit for bit."""
    surface = _surface(surface)
    sweeps = sensitivity(surface, RACERS) if sweeps is None else sweeps
    steps = STEPS[surface] if steps is None else check_positive_int("steps", steps)
    if starts is None:
        held = held_out_starts(surface)
    else:
        held = check_points("starts", finite_array("starts", starts), 2)
        if held.ndim != 2 or len(held) == 0:
            raise ValueError(f"starts must have shape (n, 2) with n >= 1, got {held.shape}")
    starts = np.concatenate([np.array(START[surface])[None], held])
    out = {}
    for name in _names(sweeps):
        traj = run(make(name)(sweeps[name].best_lr), SURFACE_OF[surface], starts, steps)
        rest = Trajectory(traj.path[:, 1:], traj.loss[:, 1:], traj.diverged[1:],
                          traj.diverged_at[1:], traj.optimizer)  # fmt: skip
        out[name] = (_lane(traj, 0), _held(rest, surface, held, steps))
    return out


def score(
    surface: str,
    sweeps: dict[str, LRSweep] | None = None,
    *,
    steps: int | None = None,
    starts=None,
) -> dict[str, HeldOut]:
    """The fair race: every optimizer of ``sweeps`` from each of the :func:`held_out_starts` of
    ``surface`` (or of ``starts``), at its best rate, ``steps`` updates (the race's
    :data:`STEPS` by default), each run's updates to :data:`TOL` counted. No gradient is
    clipped or rescaled: each run is :func:`~descent.run`'s, the rule's own step on the
    surface's own gradient.

    Parameters
    ----------
    surface : str
        One of :data:`SURFACES`.
    sweeps : dict, optional
        :func:`sensitivity`'s result for ``surface``; by default the sweeps of the seven
        :data:`RACERS`, computed.
    steps : int, optional
        The budget, updates per run.
    starts : array_like, shape (n, 2), optional
        The starts to score from, finite; :func:`held_out_starts` by default. Scoring again
        from the same starts moved in their last digits says which results rounding decides.

    Examples
    --------
    >>> sweeps = sensitivity("himmelblau", ["Rprop"])
    >>> moved = held_out_starts("himmelblau") * (1 + 1e-12)
    >>> again = score("himmelblau", sweeps, starts=moved)["Rprop"]
    >>> again.starts.shape, again.lr == sweeps["Rprop"].best_lr
    ((64, 2), True)
    """
    return {name: pair[1] for name, pair in _raced(surface, sweeps, steps, starts).items()}


def bootstrap_median(
    values, *, level: float = 0.95, resamples: int = 2000, seed: int | None = 0
) -> tuple[float, float, float]:
    """The median of ``values`` and a percentile bootstrap interval for it:
    ``(median, low, high)``.

    The ``resamples`` resamples are drawn in one array operation (indices of shape
    ``(resamples, n)``), so the interval costs one sort of that array. ``inf`` is a value like
    any other, larger than all (a run that did not finish: its cost is beyond the budget); an
    interval that reaches it is open above.

    Parameters
    ----------
    values : array_like, shape (n,)
        Real numbers or ``+inf``, ``n >= 1`` (no ``nan``, no ``-inf``).
    level : float, default 0.95
        In (0, 1).
    resamples : int, default 2000
        At least 1.
    seed : int or None, default 0
        For :func:`numpy.random.default_rng`.

    Examples
    --------
    >>> bootstrap_median([3, 1, 2, 5, 4])[0]
    3.0
    >>> costs = [10, 12, np.inf, 11, np.inf, np.inf, 9]  # inf: never finished
    >>> median, low, high = bootstrap_median(costs)
    >>> median, bool(np.isinf(high))  # 3 of 7 never finished: open above
    (12.0, True)
    """
    values = real_array("values", values)
    if values.ndim != 1 or len(values) == 0:
        raise ValueError(f"values must be a non-empty 1D array, got shape {values.shape}")
    if np.isnan(values).any() or (values == -np.inf).any():
        raise ValueError("values must be real numbers or +inf, got nan or -inf")
    level = check_interval("level", level, 0, 1, open_low=True, open_high=True, scalar=True)
    resamples = check_positive_int("resamples", resamples)
    seed = check_seed("seed", seed)
    n = len(values)
    if resamples * n > 2**27:
        raise ValueError(f"resamples: {resamples} resamples of {n} values are too many to draw")
    idx = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    medians = np.sort(_median(values[idx]))
    tail = (1 - level) / 2
    lo = medians[min(int(np.floor(tail * resamples)), resamples - 1)]
    hi = medians[max(int(np.ceil((1 - tail) * resamples)) - 1, 0)]
    return float(_median(values[None])[0]), float(lo), float(hi)


def _median(rows):
    """The median of each row, with ``inf`` ordered last (the mean of a finite middle value and
    ``inf`` is ``inf``)."""
    rows = np.sort(rows, axis=-1)
    n = rows.shape[-1]
    lo, hi = rows[..., (n - 1) // 2], rows[..., n // 2]
    return np.where(lo == hi, lo, lo / 2 + hi / 2)  # halves first: no overflow near 1e308


def performance_profile(costs, taus) -> np.ndarray:
    r"""Dolan and Moré's performance profiles: for each solver :math:`s`, the share of the
    problems :math:`p` on which its cost is within a factor :math:`\tau` of the best solver's,

    .. math::  \rho_s(\tau) = \frac{1}{n_p}\,\#\{p : r_{p,s} \le \tau\}, \qquad
               r_{p,s} = \frac{t_{p,s}}{\min_{s'} t_{p,s'}}.

    A failure costs ``inf``: it is within no factor of anything. A problem no solver solves
    counts for none of them, and stays in :math:`n_p`; so :math:`\rho_s(\infty)` is the
    share of all the problems that :math:`s` solves, and :math:`\rho_s(1)` the share on which it
    is the fastest (ties count for each of the tied).

    Parameters
    ----------
    costs : array_like, shape (n_problems, n_solvers)
        Each solver's cost on each problem: positive, or ``+inf`` for a failure.
    taus : array_like, shape (n_taus,)
        The factors, each at least 1 (``inf`` allowed).

    Returns
    -------
    ndarray, shape (n_solvers, n_taus)

    Examples
    --------
    Two solvers on three problems: the first is fastest on two, the second solves all three.

    >>> costs = [[10, 20], [5, 6], [np.inf, 40]]
    >>> performance_profile(costs, [1, 1.5, 2, np.inf]).round(2)
    array([[0.67, 0.67, 0.67, 0.67],
           [0.33, 0.67, 1.  , 1.  ]])
    """
    costs = real_array("costs", costs)
    if costs.ndim != 2 or 0 in costs.shape:
        raise ValueError(f"costs must have shape (n_problems, n_solvers), got {costs.shape}")
    if np.isnan(costs).any() or not np.all(costs > 0):
        raise ValueError("costs must be positive or +inf (a failure), got nan or values <= 0")
    taus = real_array("taus", taus)
    if taus.ndim != 1 or len(taus) == 0:
        raise ValueError(f"taus must be a non-empty 1D array, got shape {taus.shape}")
    if np.isnan(taus).any() or not np.all(taus >= 1):
        raise ValueError("taus must be factors of at least 1 (inf allowed)")
    # [profile]
    best = costs.min(axis=1, keepdims=True)  # per problem: min over s'
    with np.errstate(invalid="ignore"):  # inf / inf: no solver solves p
        ratio = np.where(np.isfinite(costs), costs / best, np.inf)  # r[p, s]
    solved = np.isfinite(ratio)[:, :, None]  # a failure: within no factor
    return ((ratio[:, :, None] <= taus) & solved).mean(axis=0)  # rho[s, tau]
    # [/profile]


def _digest() -> str:
    """A hash of descent's source: a kept result is reused only by the code that made it."""
    return source_digest()


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
        A folder in which to keep each optimizer's sweep and race (and its held-out runs, which
        :func:`held_out` reads), one file per surface and optimizer, named with a hash of
        descent's source; an optimizer found there is read rather than run again, and files
        left by other code are removed. The site's build passes one, so that the chapter and
        its gallery scripts share the runs. ``None`` (the default) runs everything.

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
    kept = _kept(surface, names, cache)
    return {n: k[0] for n, k in kept.items()}, {n: k[1] for n, k in kept.items()}


def held_out(
    surface: str, names=None, *, cache: str | os.PathLike | None = None
) -> dict[str, HeldOut]:
    """The fair race (:func:`score`) of ``names`` on ``surface``, each rule at the rate its
    sweep chose: ``{name: HeldOut}``. The runs are those of :func:`experiment`'s race (one
    vectorised run per rule from the race's start and the held-out starts), kept in the same
    files of ``cache``: whichever of the two asks first runs them, for both.

    >>> scores = held_out("himmelblau", ["Adam"])
    >>> adam = scores["Adam"]
    >>> adam.budget == STEPS["himmelblau"], 0 < adam.success_rate <= 1
    (True, True)
    """
    return {n: k[2] for n, k in _kept(_surface(surface), _names(names), cache).items()}


def _kept(surface, names, cache) -> dict[str, tuple[LRSweep, Trajectory, HeldOut]]:
    """Each rule's sweep, race and held-out runs, read from ``cache`` or run (and kept)."""
    if cache is not None and not isinstance(cache, (str, os.PathLike)):
        raise TypeError(f"cache must be a folder (str or path) or None, got {_show(cache)}")
    folder = None if cache is None else Path(cache)
    out = {}
    for name in names:
        kept = None if folder is None else folder / f"race-{surface}-{name}-{_digest()}.pkl"
        if kept is not None and kept.is_file():
            out[name] = pickle.loads(kept.read_bytes())
            continue
        sweep = sensitivity(surface, [name])[name]
        out[name] = (sweep, *_raced(surface, {name: sweep}, None)[name])
        if kept is not None:
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob(f"race-*-{'[0-9a-f]' * 16}.pkl"):
                if not old.name.endswith(f"-{_digest()}.pkl"):
                    old.unlink(missing_ok=True)
            part = kept.with_name(f"{kept.name}.{os.getpid()}")  # then renamed: atomic
            part.write_bytes(pickle.dumps(out[name]))
            os.replace(part, kept)
    return out
