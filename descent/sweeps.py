"""Learning-rate sweeps: many rates × many starts in one vectorised run."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import (
    _show,
    check_nonnegative_int,
    check_points,
    check_real,
    finite_array,
    real_array,
)
from .cache import kept
from .runs import _check_objective, run

__all__ = ["ROUNDING", "LRSweep", "sweep_lr"]

#: A median excess loss at or below this is rounding: rates that bring the median run there tie
#: for :attr:`LRSweep.best_lr`, and the fastest of them is the best.
ROUNDING = 1e-20


@dataclass(frozen=True)
class LRSweep:
    """What :func:`sweep_lr` returns.

    Attributes
    ----------
    lrs : ndarray, shape (n_lr,)
    excess : ndarray, shape (n_lr, n_starts)
        Final loss minus the objective's ``min_value`` (``inf`` for a diverged run; measured
        from 0 for an objective whose ``min_value`` is ``nan``, such as an MLP or a saddle).
    diverged : ndarray of bool, shape (n_lr, n_starts)
    steps_to_tol : ndarray of int, shape (n_lr, n_starts), optional
        The first update after which each run's excess loss is within :func:`sweep_lr`'s
        ``tol`` (``-1`` if never, and for a diverged run). Only :attr:`best_lr` reads it, to
        break ties; ``None`` when not recorded.

    Examples
    --------
    >>> import numpy as np
    >>> lrs = np.array([0.01, 0.1, 1.0])
    >>> excess = np.array([[1e-2], [1e-6], [np.inf]])
    >>> sweep = LRSweep(lrs, excess, np.array([[False], [False], [True]]))
    >>> sweep.best_lr, sweep.forgiving(tol=0.1)
    (0.1, 2.0)
    """

    lrs: np.ndarray
    excess: np.ndarray
    diverged: np.ndarray
    steps_to_tol: np.ndarray | None = None

    def __post_init__(self):
        lrs = np.array(finite_array("lrs", self.lrs))
        if lrs.ndim != 1 or len(lrs) == 0 or np.any(lrs <= 0):
            raise ValueError(f"lrs must be a non-empty 1D array of rates in (0, inf), got {lrs}")
        excess = np.array(real_array("excess", self.excess))
        if excess.ndim != 2 or len(excess) != len(lrs):
            raise ValueError(
                f"excess must have shape (len(lrs), n_starts) = ({len(lrs)}, n_starts), got "
                f"{excess.shape}"
            )
        try:
            diverged = np.array(self.diverged)
        except ValueError:  # ragged lists
            diverged = np.array(None)
        if diverged.dtype != bool or diverged.shape != excess.shape:
            raise ValueError(f"diverged must be a bool array of shape {excess.shape}")
        fields = [("lrs", lrs), ("excess", excess), ("diverged", diverged)]
        if self.steps_to_tol is not None:
            steps = np.array(self.steps_to_tol)
            if steps.dtype.kind not in "iu" or steps.shape != excess.shape:
                raise ValueError(f"steps_to_tol must be an integer array of shape {excess.shape}")
            fields.append(("steps_to_tol", steps))
        for name, value in fields:
            value.flags.writeable = False
            object.__setattr__(self, name, value)

    @property
    def median(self) -> np.ndarray:
        """Median excess loss over the starts, per learning rate."""
        return np.median(self.excess, axis=1)

    @property
    def median_steps(self) -> np.ndarray | None:
        """Per rate, the median over the starts of ``steps_to_tol`` (``inf`` for a run
        that never gets within the tolerance); ``None`` when not recorded."""
        if self.steps_to_tol is None:
            return None
        return np.median(np.where(self.steps_to_tol < 0, np.inf, self.steps_to_tol), axis=1)

    @property
    def tied(self) -> np.ndarray:
        """Which rates tie for :attr:`best_lr`, a bool mask over ``lrs``: those whose median
        excess loss is at rounding level (at most :data:`ROUNDING`), or the single lowest
        median when none is."""
        median = np.where(np.isfinite(self.median), self.median, np.nan)
        if np.all(np.isnan(median)):
            return np.zeros(len(self.lrs), bool)
        floor = np.nanmin(median) <= ROUNDING
        tied = median <= ROUNDING if floor else np.arange(len(median)) == np.nanargmin(median)
        return np.asarray(tied & ~np.isnan(median))

    def ranking(self) -> list[tuple]:
        """The key :attr:`best_lr` minimises over the :attr:`tied` rates, one tuple per rate:
        the median steps to the tolerance (``inf`` when not recorded), minus the number of
        runs that get within it, the rate."""
        steps = self.median_steps
        reached = (self.steps_to_tol >= 0).sum(axis=1) if steps is not None else None
        return [
            (
                float(steps[i]) if steps is not None else np.inf,
                -int(reached[i]) if reached is not None else 0,
                float(self.lrs[i]),
            )
            for i in range(len(self.lrs))
        ]

    @property
    def best_lr(self) -> float:
        """The rate with the lowest median excess loss (``nan`` if every median diverged).

        Several rates can bring the median run to the minimum to rounding (excess at most
        :data:`ROUNDING`); their medians then differ by rounding alone, and the lowest of them
        would be chance. They tie, and the best is the fastest: the one whose median run gets
        within the sweep's tolerance in the fewest updates (:attr:`median_steps`), then the one
        at which the most runs get within it, then the lowest rate (:meth:`ranking`).

        >>> import numpy as np
        >>> lrs = np.array([0.1, 0.2, 0.4])
        >>> excess = np.array([[1e-30], [0.0], [1e-2]])
        >>> steps = np.array([[40], [20], [-1]])  # to reach tol; -1: never
        >>> sweep = LRSweep(lrs, excess, np.zeros((3, 1), bool), steps_to_tol=steps)
        >>> sweep.tied.tolist(), sweep.best_lr  # 0.2 ties with 0.1, and is faster
        ([True, True, False], 0.2)
        """
        tied = self.tied
        if not tied.any():
            return float("nan")
        key = self.ranking()
        return min(key[i] for i in np.flatnonzero(tied))[-1]

    def _widest_run(self, tol) -> tuple[float, float, float]:
        """Width in decades, lowest and highest rate of the widest run of good rates."""
        tol = check_real("tol", tol, scalar=True)
        order = np.argsort(self.lrs, kind="stable")
        lrs = self.lrs[order]
        good = (self.median <= tol)[order]
        logs = np.log10(lrs)
        if len(logs) > 1:  # each rate stands for the cell halfway (in log) to its neighbours
            mid = (logs[1:] + logs[:-1]) / 2
            edges = np.concatenate([[2 * logs[0] - mid[0]], mid, [2 * logs[-1] - mid[-1]]])
        else:  # one rate: no spacing to measure a width with
            edges = np.concatenate([logs, logs])
        widest = (0.0, np.nan, np.nan)
        start = None
        for i, ok in enumerate([*good, False]):
            if ok and start is None:
                start = i
            elif not ok and start is not None:
                width = float(edges[i] - edges[start])
                # equally wide runs, to rounding: the lower one
                if np.isnan(widest[1]) or (width > widest[0] and not np.isclose(width, widest[0])):
                    widest = (width, float(lrs[start]), float(lrs[i - 1]))
                start = None
        return widest

    def forgiving(self, tol: float) -> float:
        """How many decades of learning rate reach a median excess loss ``<= tol`` (a finite
        real number) without a gap: the width of the widest run of neighbouring good rates.

        Each rate of the grid stands for the interval that reaches halfway, in log, to its
        neighbours (at the ends of the grid, as far out as in): on a grid evenly spaced by
        :math:`h` decades, a run of :math:`n` good rates is :math:`n h` decades, and one good
        rate alone is :math:`h`. A failing rate between two good ones ends a run, however good
        the rates beyond it. 0 when no rate is good (and for a grid of a single rate).

        Examples
        --------
        Four rates a decade apart, with a hole at 0.01: the widest run is 0.1 and 1, two
        decades, not the three from 0.001 to 1.

        >>> import numpy as np
        >>> lrs = np.array([0.001, 0.01, 0.1, 1.0])
        >>> excess = np.array([[1e-9], [5.0], [1e-9], [1e-9]])
        >>> sweep = LRSweep(lrs, excess, np.zeros((4, 1), bool))
        >>> round(sweep.forgiving(tol=1e-6), 12), sweep.band(tol=1e-6)
        (2.0, (0.1, 1.0))
        """
        return self._widest_run(tol)[0]

    def band(self, tol: float) -> tuple[float, float]:
        """The lowest and the highest rate of the run that :meth:`forgiving` measures (the
        lower one of equally wide runs); ``(nan, nan)`` when no rate is good.

        >>> import numpy as np
        >>> excess = np.array([[1.0], [1.0]])
        >>> sweep = LRSweep(np.array([0.1, 1.0]), excess, np.zeros((2, 1), bool))
        >>> sweep.band(tol=0.5)
        (nan, nan)
        """
        return self._widest_run(tol)[1:]


@kept
def sweep_lr(make, objective, starts, lrs, steps, *, tol=1e-6):
    r"""Run ``make(lr)`` for every rate in ``lrs`` from every start, all in one call.

    Parameters
    ----------
    make : callable
        ``lr -> optimizer``, such as an optimizer class (``descent.Adam``) or a lambda; it
        receives the rates as an array of shape ``(n_lr, 1, 1)`` that broadcasts against the
        starts (hyperparameters may be arrays).
    objective : surface or problem
        An :class:`~descent.objectives.Objective` (with ``min_value``).
    starts : array_like, shape (n_starts, dim)
        Finite real numbers, ``n_starts >= 1``.
    lrs : array_like, shape (n_lr,)
        Finite rates in :math:`(0, \infty)`, ``n_lr >= 1``.
    steps : int
        Updates per run, ``>= 0``.
    tol : float, default 1e-6
        The excess loss each run's ``steps_to_tol`` counts the updates to, which
        breaks ties for :attr:`~LRSweep.best_lr`: a finite real number.

    Returns
    -------
    LRSweep

    Examples
    --------
    >>> import numpy as np
    >>> from descent import GradientDescent
    >>> from descent.surfaces import ALL
    >>> starts = np.array([[-5.0, 2.0], [3.0, -1.0]])
    >>> make = lambda lr: GradientDescent(lr=lr)
    >>> lrs = np.logspace(-3, 0, 7)
    >>> sweep = sweep_lr(make, ALL["elongated"], starts, lrs, steps=200)
    >>> sweep.excess.shape, round(sweep.best_lr, 4)
    ((7, 2), 0.0316)
    >>> bool(sweep.diverged[-1].all())  # lr = 1 > 2/25: all diverge
    True

    An optimizer class is a ``make``, and a problem an objective:

    >>> from descent import Adam
    >>> from descent.problems import MLP, cubic_data
    >>> model = MLP(*cubic_data(n=50), hidden=4)
    >>> starts = model.init_params(seed=0, size=3)
    >>> sweep = sweep_lr(Adam, model, starts, [1e-3, 1e-2], steps=20)
    >>> sweep.excess.shape
    (2, 3)
    """
    if not callable(make):
        raise TypeError(f"make must be a callable lr -> optimizer, got {_show(make)}")
    _check_objective("objective", objective, "min_value")
    lrs = np.array(finite_array("lrs", lrs))
    if lrs.ndim != 1 or len(lrs) == 0:
        raise ValueError(f"lrs must be a non-empty 1D array, got shape {lrs.shape}")
    if np.any(lrs <= 0):
        raise ValueError(f"lrs must be in (0, inf), got {_show(lrs)}")
    starts = check_points("starts", starts, objective.dim)
    if starts.ndim != 2 or len(starts) == 0:
        raise ValueError(f"starts must have shape (n_starts, {objective.dim}), got {starts.shape}")
    steps = check_nonnegative_int("steps", steps)
    tol = check_real("tol", tol, scalar=True)
    grid = np.broadcast_to(starts, (len(lrs), *starts.shape))
    opt = make(lrs[:, None, None])
    if not (callable(getattr(opt, "init", None)) and callable(getattr(opt, "step", None))):
        raise TypeError(f"make must return an optimizer, got {_show(opt)}")
    traj = run(opt, objective, grid, steps)
    floor = objective.min_value if np.isfinite(objective.min_value) else 0.0
    excess = np.where(traj.diverged, np.inf, traj.loss[-1] - floor)
    within = np.where(traj.diverged, -1, traj.steps_to(tol + floor))
    return LRSweep(lrs, excess, traj.diverged, within)
