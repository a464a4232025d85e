"""Learning-rate schedules: callables giving the learning rate of update number ``t``.

Each schedule ``s`` is a pure function of the update number ``t = 0, 1, 2, ...``: ``s(t)`` is the
learning rate that torch.optim.lr_scheduler's class of the same name gives after ``t`` calls of
its ``step()``, so an optimizer built with ``lr=s`` and a torch optimizer stepped once per update
by that scheduler take the same steps. ``t`` may be an array of integers >= 0; a float, a bool
or a negative ``t`` raises. Hyperparameters are finite scalars, checked at construction; a rate
that overflows (``gamma > 1`` for long enough) comes out as ``inf``, without a warning, and the
optimizer using it refuses it, naming ``lr`` and the update.

Examples
--------
>>> from descent.schedules import StepLR
>>> from descent import GradientDescent
>>> opt = GradientDescent(lr=StepLR(0.1, step_size=2))
>>> [round(float(opt.learning_rate(t)), 6) for t in range(5)]
[0.1, 0.1, 0.01, 0.01, 0.001]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import (
    _show,
    check_closed_unit_interval,
    check_nonnegative,
    check_nonnegative_int,
    check_positive,
    check_positive_int,
)

__all__ = ["CosineAnnealingLR", "ExponentialLR", "LinearLR", "Schedule", "StepLR"]


class Schedule:
    """Base of the schedules: ``schedule(t)`` for ``t >= 0``, and ``schedule.values(n)``.

    Examples
    --------
    >>> schedule = ExponentialLR(0.1, gamma=0.5)
    >>> schedule(2), schedule.values(3)
    (0.025, array([0.1  , 0.05 , 0.025]))
    """

    def __call__(self, t):
        try:
            t = np.asarray(t)
        except ValueError:  # ragged lists
            msg = f"t must be an integer >= 0 (or an array of them), got {_show(t)}"
            raise ValueError(msg) from None
        if t.dtype.kind not in "iu":
            raise TypeError(f"t must be an integer >= 0 (or an array of them), got {_show(t)}")
        if np.any(t < 0):
            raise ValueError(f"t must be an integer >= 0 (or an array of them), got {_show(t)}")
        with np.errstate(all="ignore"):  # gamma ** t may overflow: inf, refused where used
            value = self._at(t)
        return float(value) if np.ndim(value) == 0 else value

    def _store(self, **values):
        for name, value in values.items():  # the validated values, in the frozen dataclass
            object.__setattr__(self, name, value)

    def values(self, n: int) -> np.ndarray:
        """The learning rates of the first ``n`` updates, as an array of shape ``(n,)``."""
        return np.asarray(self(np.arange(check_nonnegative_int("n", n))), dtype=float)


@dataclass(frozen=True)
class StepLR(Schedule):
    r"""Multiply the rate by ``gamma`` every ``step_size`` updates.

    Parameters
    ----------
    lr : float
        The initial rate, in :math:`(0, \infty)`.
    step_size : int
        Updates between decays, ``>= 1``.
    gamma : float, default 0.1
        Factor, in :math:`(0, \infty)` (below 1 to decay).

    Notes
    -----
    .. math:: \alpha_t = \alpha\, \gamma^{\lfloor t / s \rfloor}

    Same as ``torch.optim.lr_scheduler.StepLR(opt, step_size=s, gamma=γ)``.

    Examples
    --------
    >>> StepLR(1.0, step_size=3, gamma=0.5).values(7)
    array([1.  , 1.  , 1.  , 0.5 , 0.5 , 0.5 , 0.25])
    """

    lr: float
    step_size: int
    gamma: float = 0.1

    def __post_init__(self):
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            step_size=check_positive_int("step_size", self.step_size),
            gamma=check_positive("gamma", self.gamma, scalar=True),
        )

    def _at(self, t):
        return self.lr * self.gamma ** (t // self.step_size)


@dataclass(frozen=True)
class ExponentialLR(Schedule):
    r"""Multiply the rate by ``gamma`` after every update.

    Parameters
    ----------
    lr : float
        The initial rate, in :math:`(0, \infty)`.
    gamma : float
        Factor, in :math:`(0, \infty)` (below 1 to decay).

    Notes
    -----
    .. math:: \alpha_t = \alpha\, \gamma^{t}

    Same as ``torch.optim.lr_scheduler.ExponentialLR(opt, gamma=γ)``.

    Examples
    --------
    >>> ExponentialLR(1.0, gamma=0.5).values(4)
    array([1.   , 0.5  , 0.25 , 0.125])
    """

    lr: float
    gamma: float

    def __post_init__(self):
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            gamma=check_positive("gamma", self.gamma, scalar=True),
        )

    def _at(self, t):
        return self.lr * self.gamma ** np.asarray(t, dtype=float)


@dataclass(frozen=True)
class CosineAnnealingLR(Schedule):
    r"""Half a cosine from ``lr`` down to ``eta_min`` over ``T_max`` updates.

    Parameters
    ----------
    lr : float
        The initial rate, in :math:`(0, \infty)`.
    T_max : int
        Updates of the half period, ``>= 1``.
    eta_min : float, default 0
        The final rate, in :math:`[0, \infty)`.

    Notes
    -----
    .. math:: \alpha_t = \eta_{\min} + \tfrac12(\alpha - \eta_{\min})
              \left(1 + \cos\frac{\pi t}{T_{\max}}\right)

    Same as ``torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max, eta_min)``; like torch's,
    it climbs back up after :math:`T_{\max}` (period :math:`2T_{\max}`).

    Examples
    --------
    >>> CosineAnnealingLR(1.0, T_max=4).values(5).round(4)
    array([1.    , 0.8536, 0.5   , 0.1464, 0.    ])
    """

    lr: float
    T_max: int
    eta_min: float = 0.0

    def __post_init__(self):
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            T_max=check_positive_int("T_max", self.T_max),
            eta_min=check_nonnegative("eta_min", self.eta_min, scalar=True),
        )

    def _at(self, t):
        cos = np.cos(np.pi * np.asarray(t, dtype=float) / self.T_max)
        return self.eta_min + (self.lr - self.eta_min) * (1 + cos) / 2


@dataclass(frozen=True)
class LinearLR(Schedule):
    r"""Warm-up: scale the rate linearly from ``start_factor`` to ``end_factor``.

    Parameters
    ----------
    lr : float
        The base rate, in :math:`(0, \infty)`.
    start_factor : float, default 1/3
        In :math:`(0, 1]`.
    end_factor : float, default 1
        In :math:`[0, 1]`.
    total_iters : int, default 5
        Updates of the ramp, ``>= 1``.

    Notes
    -----
    .. math:: \alpha_t = \alpha \left(f_0 + (f_1 - f_0)\,\frac{\min(t, T)}{T}\right)

    Same as ``torch.optim.lr_scheduler.LinearLR(opt, start_factor=f0, end_factor=f1,
    total_iters=T)``.

    Examples
    --------
    >>> LinearLR(0.1, start_factor=0.25, total_iters=3).values(5).round(4)
    array([0.025, 0.05 , 0.075, 0.1  , 0.1  ])
    """

    lr: float
    start_factor: float = 1 / 3
    end_factor: float = 1.0
    total_iters: int = 5

    def __post_init__(self):
        start = check_closed_unit_interval("start_factor", self.start_factor, scalar=True)
        if start == 0:
            raise ValueError(f"start_factor must be in (0, 1], got {self.start_factor!r}")
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            start_factor=start,
            end_factor=check_closed_unit_interval("end_factor", self.end_factor, scalar=True),
            total_iters=check_positive_int("total_iters", self.total_iters),
        )

    def _at(self, t):
        progress = np.minimum(np.asarray(t, dtype=float), self.total_iters) / self.total_iters
        return self.lr * (self.start_factor + (self.end_factor - self.start_factor) * progress)


# -- ReduceLROnPlateau: not a schedule ----------------------------------------------------------
# It reads the loss, so its rate is no function of the update number like the schedules above:
# it wraps the optimizer whose rate it sets (descent.optimizers.plateau), and is importable here
# too, where torch.optim.lr_scheduler's users look for it.
from .optimizers.plateau import ReduceLROnPlateau as ReduceLROnPlateau  # noqa: E402
