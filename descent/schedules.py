"""Learning-rate schedules: callables giving the learning rate of update number ``t``.

Each schedule ``s`` is a pure function of the update number ``t = 0, 1, 2, ...``: ``s(t)`` is the
learning rate that torch.optim.lr_scheduler's class of the same name gives after ``t`` calls of
its ``step()``, so an optimizer built with ``lr=s`` and a torch optimizer stepped once per update
by that scheduler take the same steps. ``t`` may be an array of integers >= 0; a float, a bool
or a negative ``t`` raises. Numeric hyperparameters are finite scalars, checked at construction
(a user's function, where its values are used); a rate that overflows (``gamma > 1`` for long
enough) comes out as ``inf``, without a warning, and the optimizer using it refuses it, naming
``lr`` and the update.

Every class of torch.optim.lr_scheduler is here but ``ReduceLROnPlateau`` (which reads the
loss, not ``t``): the decays :class:`StepLR`, :class:`MultiStepLR`, :class:`ExponentialLR`,
:class:`PolynomialLR`, :class:`CosineAnnealingLR`; the warm-ups :class:`LinearLR` and
:class:`ConstantLR`; the cycles :class:`CosineAnnealingWarmRestarts`, :class:`CyclicLR` and
:class:`OneCycleLR`; a factor of your own, :class:`LambdaLR` and :class:`MultiplicativeLR`; and
the two ways torch composes schedulers, :class:`SequentialLR` (one after the other) and
:class:`ChainedScheduler` (their factors multiplied). :class:`WarmupStableDecay` is the
warmup–stable–decay schedule built from them.

Where torch computes a rate recursively (most schedulers multiply the current rate by a
factor at each ``step()``), descent uses the closed form; the two agree to rounding (a relative
``1e-10`` over the recorded runs), including past the end of a schedule, and where torch's
recursion departs from its own closed form (a :class:`SequentialLR`'s milestone, a chained
cosine's restart) descent follows the recursion, as a user of torch gets it.

Examples
--------
>>> from descent.schedules import StepLR
>>> from descent import GradientDescent
>>> opt = GradientDescent(lr=StepLR(0.1, step_size=2))
>>> [round(float(opt.learning_rate(t)), 6) for t in range(5)]
[0.1, 0.1, 0.01, 0.01, 0.001]
"""

from __future__ import annotations

import math
import warnings
from bisect import bisect_right
from dataclasses import dataclass
from numbers import Real

import numpy as np

from ._checks import (
    _show,
    check_bool,
    check_closed_unit_interval,
    check_int,
    check_nonnegative,
    check_nonnegative_int,
    check_positive,
    check_positive_int,
    check_str,
)

__all__ = [
    "ChainedScheduler",
    "ConstantLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "ExponentialLR",
    "LambdaLR",
    "LinearLR",
    "MultiStepLR",
    "MultiplicativeLR",
    "OneCycleLR",
    "PolynomialLR",
    "Schedule",
    "SequentialLR",
    "StepLR",
    "WarmupStableDecay",
]


class Schedule:
    """Base of the schedules: ``schedule(t)`` for ``t >= 0``, and ``schedule.values(n)``.

    Examples
    --------
    >>> schedule = ExponentialLR(0.1, gamma=0.5)
    >>> schedule(2), schedule.values(3)
    (0.025, array([0.1  , 0.05 , 0.025]))
    """

    #: torch's ``step()`` multiplies the rate by a factor of ``t`` alone (``_factor``), so that
    #: :class:`ChainedScheduler` can chain it
    _multiplies = False
    #: a composition of schedules (which :class:`SequentialLR` cannot restart at a milestone)
    _composite = False

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

    @property
    def _base(self):
        """The rate torch's optimizer is built with (its schedulers' ``base_lrs``)."""
        return self.lr

    def _factor(self, t):
        """The rate over the base rate (:class:`ChainedScheduler` multiplies these)."""
        return self._at(t) / self.lr

    def values(self, n: int) -> np.ndarray:
        """The learning rates of the first ``n`` updates, as an array of shape ``(n,)``."""
        return np.asarray(self(np.arange(check_nonnegative_int("n", n))), dtype=float)


def _user_values(name, fn, t, low=0.0, high=math.inf):
    """``fn`` (a user's callable) at every entry of the integer array ``t``, each value checked.

    ``fn`` is called with a Python ``int``, as torch calls it: once per entry, or, where ``fn``
    is vectorised (on an array of ``t`` it returns an array of that shape, agreeing with its
    value at one ``int``), once for the whole array. A value must be a finite real number in
    ``[low, high]``, or an array of them (a grid, which is never taken for a vectorised call).
    """
    flat = t.ravel().tolist()
    first = _check_user_value(name, fn(flat[0]), flat[0], low, high) if flat else 0.0
    if len(flat) > 1 and np.ndim(first) == 0:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a call that only works on scalars: per entry
                out = np.asarray(fn(t))
        except Exception:  # not vectorised: a condition on t, math.exp, ...
            out = None
        if (
            out is not None
            and out.shape in ((), t.shape)
            and out.dtype.kind in "fiu"
            and np.isclose(out.flat[0], first, rtol=1e-12, atol=0)
        ):
            _check_user_values(name, out, t, low, high)
            return np.broadcast_to(out.astype(float), t.shape)
    outs = [first, *(_check_user_value(name, fn(k), k, low, high) for k in flat[1:])]
    if t.ndim == 0:
        return outs[0]
    try:
        return np.array(outs, dtype=float).reshape(t.shape + np.shape(first))
    except ValueError:
        shapes = sorted({np.shape(v) for v in outs})
        raise ValueError(f"{name} must give values of one shape, got shapes {shapes}") from None


def _range(low, high):
    return f">= {low:g}" if high == math.inf else f"in [{low:g}, {high:g}]"


def _check_user_value(name, value, t, low, high):
    if type(value) is float and low <= value <= high and value != math.inf:  # the common case
        return value
    rng = _range(low, high)
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "fiu":
            raise TypeError(
                f"{name}({t}) must be a real number {rng} (or an array of them), got an array "
                f"of dtype {value.dtype}"
            )
        array = value.astype(float)
    elif isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name}({t}) must be a real number {rng}, got {_show(value)}")
    else:
        try:
            array = np.asarray(float(value))
        except OverflowError:  # an integer beyond float64
            array = np.asarray(math.inf)
    _check_user_values(name, array, np.asarray(t), low, high)
    return float(array) if array.ndim == 0 else array


def _check_user_values(name, values, t, low, high):
    """Every entry of ``values`` (a user's, at the updates ``t``) finite and in range."""
    shape = np.broadcast_shapes(values.shape, t.shape)
    bad = np.broadcast_to(~np.isfinite(values) | (values < low) | (values > high), shape)
    if np.any(bad):
        first = tuple(np.argwhere(bad)[0])
        at, value = (
            int(np.broadcast_to(t, shape)[first]),
            float(np.broadcast_to(values, shape)[first]),
        )
        raise ValueError(f"{name}({at}) must be a finite number {_range(low, high)}, got {value!r}")


def _check_callable(name, value):
    if not callable(value):
        raise TypeError(f"{name} must be a function of the update number t, got {_show(value)}")
    return value


def _check_choice(name, value, choices):
    check_str(name, value)
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


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

    _multiplies = True

    def __post_init__(self):
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            step_size=check_positive_int("step_size", self.step_size),
            gamma=check_positive("gamma", self.gamma, scalar=True),
        )

    def _at(self, t):
        return self.lr * self.gamma ** (t // self.step_size)


@dataclass(frozen=True)
class MultiStepLR(Schedule):
    r"""Multiply the rate by ``gamma`` at each of the ``milestones``.

    Parameters
    ----------
    lr : float
        The initial rate, in :math:`(0, \infty)`.
    milestones : sequence of int
        The updates at which the rate drops, integers ``>= 0`` in increasing order (torch's
        documentation asks for that; a milestone given twice drops the rate twice there, as in
        torch). May be empty (a constant rate).
    gamma : float, default 0.1
        Factor, in :math:`(0, \infty)` (below 1 to decay).

    Notes
    -----
    .. math:: \alpha_t = \alpha\, \gamma^{\#\{i \,:\, m_i \le t\}}

    Same as ``torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[m1, m2, ...], gamma=γ)``.

    Examples
    --------
    >>> MultiStepLR(1.0, milestones=[2, 5], gamma=0.5).values(7)
    array([1.  , 1.  , 0.5 , 0.5 , 0.5 , 0.25, 0.25])
    """

    lr: float
    milestones: tuple
    gamma: float = 0.1

    _multiplies = True

    def __post_init__(self):
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            milestones=_check_milestones("milestones", self.milestones, low=0, strict=False),
            gamma=check_positive("gamma", self.gamma, scalar=True),
        )

    def _at(self, t):
        drops = np.searchsorted(np.asarray(self.milestones, dtype=np.int64), t, side="right")
        return self.lr * self.gamma ** np.asarray(drops, dtype=float)


def _check_milestones(name, value, low, strict):
    """A tuple of integers ``>= low``, increasing (``strict``) or non-decreasing."""
    if not isinstance(value, (list, tuple, range, np.ndarray)):
        raise TypeError(f"{name} must be a list of integers >= {low}, got {_show(value)}")
    if isinstance(value, np.ndarray) and value.ndim != 1:
        raise ValueError(f"{name} must be a sequence of integers, got an array of {value.shape}")
    items = tuple(check_int(f"{name}[{i}]", m, low) for i, m in enumerate(value))
    order = "increasing" if strict else "in increasing order"
    for i in range(1, len(items)):
        if items[i] < items[i - 1] or (strict and items[i] == items[i - 1]):
            raise ValueError(f"{name} must be {order}, got {list(items)}")
    return items


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

    _multiplies = True

    def __post_init__(self):
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            gamma=check_positive("gamma", self.gamma, scalar=True),
        )

    def _at(self, t):
        return self.lr * self.gamma ** np.asarray(t, dtype=float)


@dataclass(frozen=True)
class PolynomialLR(Schedule):
    r"""Decay the rate to 0 over ``total_iters`` updates along a power of the time left.

    Parameters
    ----------
    lr : float
        The initial rate, in :math:`(0, \infty)`.
    total_iters : int, default 5
        Updates until the rate is 0, ``>= 1``. torch accepts 0 and then divides by it.
    power : float, default 1
        In :math:`[0, \infty)`: 1 is a straight line to 0, 2 a parabola. torch accepts a
        negative power, whose rate grows and then divides by zero at ``total_iters``.

    Notes
    -----
    .. math:: \alpha_t = \alpha \left(1 - \frac{\min(t, T)}{T}\right)^{p}

    Same as ``torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=T, power=p)``; the rate
    stays at 0 after :math:`T` (at :math:`\alpha` for :math:`p = 0`).

    Examples
    --------
    >>> PolynomialLR(1.0, total_iters=4, power=2.0).values(6)
    array([1.    , 0.5625, 0.25  , 0.0625, 0.    , 0.    ])
    """

    lr: float
    total_iters: int = 5
    power: float = 1.0

    _multiplies = True

    def __post_init__(self):
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            total_iters=check_positive_int("total_iters", self.total_iters),
            power=check_nonnegative("power", self.power, scalar=True),
        )

    def _at(self, t):
        left = 1.0 - np.minimum(t, self.total_iters) / self.total_iters
        return self.lr * left**self.power


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
class CosineAnnealingWarmRestarts(Schedule):
    r"""Cosine annealing from ``lr`` to ``eta_min``, restarted at ``lr`` after each period.

    The first period lasts ``T_0`` updates, each next one ``T_mult`` times longer: SGDR
    (Loshchilov & Hutter, 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts").

    Parameters
    ----------
    lr : float
        The rate at each restart, in :math:`(0, \infty)`.
    T_0 : int
        Updates of the first period, ``>= 1``.
    T_mult : int, default 1
        How many times longer each period is than the one before, ``>= 1``.
    eta_min : float, default 0
        The rate the cosine falls towards, in :math:`[0, \infty)`.

    Notes
    -----
    With :math:`T_i = T_0 T_{\rm mult}^i` the length of period :math:`i` and
    :math:`T_{\rm cur}` the updates since the restart that began it,

    .. math:: \alpha_t = \eta_{\min} + \tfrac12(\alpha - \eta_{\min})
              \left(1 + \cos\frac{\pi T_{\rm cur}}{T_i}\right),

    so the restarts are at :math:`t = T_0 (T_{\rm mult}^i - 1)/(T_{\rm mult} - 1)`
    (:math:`t = i T_0` for :math:`T_{\rm mult} = 1`), where the rate jumps back to
    :math:`\alpha`; it never reaches :math:`\eta_{\min}`, whose update would be the restart.

    Same as ``torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0, T_mult,
    eta_min)`` stepped once per update with no argument (``scheduler.step()``; torch's
    ``step(epoch)`` with a fractional epoch is another use, for per-epoch schedules).

    Examples
    --------
    >>> CosineAnnealingWarmRestarts(1.0, T_0=2, T_mult=2).values(8).round(3)
    array([1.   , 0.5  , 1.   , 0.854, 0.5  , 0.146, 1.   , 0.962])
    """

    lr: float
    T_0: int
    T_mult: int = 1
    eta_min: float = 0.0

    def __post_init__(self):
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            T_0=check_positive_int("T_0", self.T_0),
            T_mult=check_positive_int("T_mult", self.T_mult),
            eta_min=check_nonnegative("eta_min", self.eta_min, scalar=True),
        )

    def _period(self, t):
        """``(T_cur, T_i)``: the updates since the last restart, and the current period."""
        if self.T_mult == 1:
            return t % self.T_0, np.full(np.shape(t), float(self.T_0))
        starts, start, length = [], 0, self.T_0  # Python integers: no overflow
        biggest = int(np.max(t)) if np.size(t) else 0
        while start <= biggest:
            starts.append(start)
            start, length = start + length, length * self.T_mult
        n = np.searchsorted(np.asarray(starts, dtype=np.int64), t, side="right") - 1
        begun = np.asarray(starts, dtype=np.int64)[n]
        lengths = np.asarray([float(self.T_0 * self.T_mult**i) for i in range(len(starts))])
        return t - begun, lengths[n]

    def _at(self, t):
        t_cur, t_i = self._period(t)
        cos = np.cos(np.pi * np.asarray(t_cur, dtype=float) / t_i)
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

    _multiplies = True

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


@dataclass(frozen=True)
class ConstantLR(Schedule):
    r"""Warm-up: a rate ``factor`` times ``lr`` for ``total_iters`` updates, then ``lr``.

    Parameters
    ----------
    lr : float
        The base rate, in :math:`(0, \infty)`.
    factor : float, default 1/3
        In :math:`(0, 1]`. torch accepts 0, and then divides by it at ``total_iters``.
    total_iters : int, default 5
        Updates at the lower rate, ``>= 1``. torch accepts 0, and then keeps the lower rate
        for ever (its step that restores ``lr`` is the one at ``total_iters``, never taken).

    Notes
    -----
    .. math:: \alpha_t = \begin{cases} f\alpha & t < T \\ \alpha & t \ge T \end{cases}

    Same as ``torch.optim.lr_scheduler.ConstantLR(opt, factor=f, total_iters=T)``.

    Examples
    --------
    >>> ConstantLR(0.1, factor=0.5, total_iters=2).values(4)
    array([0.05, 0.05, 0.1 , 0.1 ])
    """

    lr: float
    factor: float = 1 / 3
    total_iters: int = 5

    _multiplies = True

    def __post_init__(self):
        factor = check_closed_unit_interval("factor", self.factor, scalar=True)
        if factor == 0:
            raise ValueError(f"factor must be in (0, 1], got {self.factor!r}")
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            factor=factor,
            total_iters=check_positive_int("total_iters", self.total_iters),
        )

    def _at(self, t):
        return self.lr * np.where(np.asarray(t) < self.total_iters, self.factor, 1.0)


@dataclass(frozen=True)
class CyclicLR(Schedule):
    r"""A rate that cycles between ``base_lr`` and ``max_lr`` (Smith, 2017).

    Leslie Smith's cyclical learning rates ("Cyclical Learning Rates for Training Neural
    Networks", WACV 2017): up in ``step_size_up`` updates, down in ``step_size_down``, with the
    height of each cycle scaled by ``mode``.

    Parameters
    ----------
    base_lr : float
        The lower rate, where each cycle starts, in :math:`[0, \infty)`.
    max_lr : float
        The upper rate, in :math:`[\text{base\_lr}, \infty)`.
    step_size_up : int, default 2000
        Updates from the lower rate to the upper one, ``>= 1``.
    step_size_down : int or None, default None
        Updates back down, ``>= 1``; ``None`` for ``step_size_up``.
    mode : {"triangular", "triangular2", "exp_range"}, default "triangular"
        The height of cycle :math:`c = 1, 2, \ldots`: the same each time, halved each cycle,
        or :math:`\gamma^t` (scaled at every update). Ignored if ``scale_fn`` is given.
    gamma : float, default 1
        The factor of ``"exp_range"``, in :math:`(0, \infty)`.
    scale_fn : callable or None, default None
        A height of your own: ``scale_fn(x)`` in :math:`[0, 1]`, of the cycle number or the
        update number (``scale_mode``). Checked where it is used, as :class:`LambdaLR`'s.
    scale_mode : {"cycle", "iterations"}, default "cycle"
        What ``scale_fn`` is a function of (``mode`` sets it otherwise).

    Notes
    -----
    With :math:`L = L_{\uparrow} + L_{\downarrow}` the length of a cycle and
    :math:`r = L_{\uparrow}/L`,

    .. math::
        c = \left\lfloor 1 + \frac{t}{L} \right\rfloor, \quad
        x = 1 + \frac{t}{L} - c, \quad
        h = \begin{cases} x / r & x \le r \\ (x - 1)/(r - 1) & x > r \end{cases}, \quad
        \alpha_t = \alpha_{\rm base} + (\alpha_{\max} - \alpha_{\rm base})\, h\, \sigma,

    with :math:`\sigma = 1`, :math:`2^{1-c}` or :math:`\gamma^t` for the three modes.

    Same as ``torch.optim.lr_scheduler.CyclicLR(opt, base_lr, max_lr, step_size_up,
    step_size_down, mode, gamma, scale_fn, scale_mode, cycle_momentum=False)``. torch's default
    ``cycle_momentum=True`` also cycles the optimizer's momentum (or Adam's β1) between 0.8
    and 0.9 against the rate; descent's hyperparameters are fixed numbers, so that part is not
    here: compare with ``cycle_momentum=False``.

    Examples
    --------
    >>> CyclicLR(0.1, 0.5, step_size_up=2, mode="triangular2").values(9)
    array([0.1, 0.3, 0.5, 0.3, 0.1, 0.2, 0.3, 0.2, 0.1])
    """

    base_lr: float
    max_lr: float
    step_size_up: int = 2000
    step_size_down: int | None = None
    mode: str = "triangular"
    gamma: float = 1.0
    scale_fn: object = None
    scale_mode: str = "cycle"

    def __post_init__(self):
        base = check_nonnegative("base_lr", self.base_lr, scalar=True)
        top = check_nonnegative("max_lr", self.max_lr, scalar=True)
        if top < base:
            raise ValueError(f"max_lr must be >= base_lr ({base!r}), got {top!r}")
        up = check_positive_int("step_size_up", self.step_size_up)
        down = self.step_size_down
        self._store(
            base_lr=base,
            max_lr=top,
            step_size_up=up,
            step_size_down=None if down is None else check_positive_int("step_size_down", down),
            mode=_check_choice("mode", self.mode, ("triangular", "triangular2", "exp_range")),
            gamma=check_positive("gamma", self.gamma, scalar=True),
            scale_fn=None if self.scale_fn is None else _check_callable("scale_fn", self.scale_fn),
            scale_mode=_check_choice("scale_mode", self.scale_mode, ("cycle", "iterations")),
        )

    @property
    def _base(self):
        return self.base_lr  # torch sets the optimizer's rate to base_lr

    def _at(self, t):
        up = float(self.step_size_up)
        total = up + float(
            self.step_size_up if self.step_size_down is None else self.step_size_down
        )
        ratio = up / total
        cycle = np.floor(1 + t / total)
        x = 1.0 + t / total - cycle
        height = np.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
        if self.scale_fn is not None:
            at = cycle.astype(np.int64) if self.scale_mode == "cycle" else t
            scale = _user_values("scale_fn", self.scale_fn, np.asarray(at), 0.0, 1.0)
        elif self.mode == "triangular":
            scale = 1.0
        elif self.mode == "triangular2":
            scale = 1 / (2.0 ** (cycle - 1))
        else:
            scale = self.gamma ** np.asarray(t, dtype=float)
        return self.base_lr + (self.max_lr - self.base_lr) * height * scale


@dataclass(frozen=True)
class OneCycleLR(Schedule):
    r"""One cycle: up from ``max_lr / div_factor`` to ``max_lr``, then down far below the start.

    Smith & Topin's 1cycle policy ("Super-Convergence: Very Fast Training of Neural Networks
    Using Large Learning Rates", 2019), as fastai and torch run it: ``pct_start`` of
    ``total_steps`` up, the rest down to ``max_lr / div_factor / final_div_factor``; with
    ``three_phase``, down to the start in as many updates as it took to go up, then the rest of
    the way.

    Parameters
    ----------
    max_lr : float
        The peak rate, in :math:`(0, \infty)`.
    total_steps : int or None, default None
        Updates in the cycle, ``>= 1``; or give ``epochs`` and ``steps_per_epoch``.
    epochs, steps_per_epoch : int or None, default None
        ``total_steps = epochs * steps_per_epoch``, if ``total_steps`` is not given.
    pct_start : float, default 0.3
        The fraction of the cycle spent going up, in :math:`[0, 1]`.
    anneal_strategy : {"cos", "linear"}, default "cos"
        The shape of each phase: half a cosine, or a straight line.
    div_factor : float, default 25
        The starting rate is ``max_lr / div_factor``; in :math:`(0, \infty)`.
    final_div_factor : float, default 1e4
        The final rate is the starting rate over this; in :math:`(0, \infty)`.
    three_phase : bool, default False
        Come back down to the starting rate symmetrically before the final descent.

    Notes
    -----
    Each phase :math:`k` goes from rate :math:`a_k` to :math:`b_k` between the updates
    :math:`e_{k-1}` and :math:`e_k` (torch's ``end_step``: :math:`e_{-1} = 0`,
    :math:`e_0 = pT - 1`, then :math:`T - 1`; with three phases :math:`e_1 = 2pT - 2`):

    .. math::
        \alpha_t = b_k + \tfrac12 (a_k - b_k)\left(1 + \cos \pi\frac{t - e_{k-1}}
        {e_k - e_{k-1}}\right) \quad\text{(cos)},\qquad
        \alpha_t = a_k + (b_k - a_k)\,\frac{t - e_{k-1}}{e_k - e_{k-1}} \quad\text{(linear)},

    for the first phase with :math:`t \le e_k`, or the last one. The rate is defined for
    :math:`t \le T`; at :math:`t = T` (after the last update of the cycle) a ``"linear"``
    cycle overshoots its final rate, negative for the default factors, which an optimizer then
    refuses. After that torch raises ("Tried to step ... times"), and so does descent, with a
    ``ValueError`` naming ``t``.

    Same as ``torch.optim.lr_scheduler.OneCycleLR(opt, max_lr, total_steps, pct_start=p,
    anneal_strategy, div_factor, final_div_factor, three_phase, cycle_momentum=False)``.
    torch's default ``cycle_momentum=True`` also cycles the optimizer's momentum (or Adam's
    β1) between 0.85 and 0.95, which is not here (descent's hyperparameters are numbers).
    A ``pct_start`` that makes a phase of no length (``pct_start * total_steps == 1``, say) is
    refused: torch divides by that length.

    Examples
    --------
    >>> OneCycleLR(1.0, total_steps=5, pct_start=0.4).values(6).round(4)
    array([0.04, 1.  , 0.75, 0.25, 0.  , 0.25])
    >>> OneCycleLR(1.0, total_steps=5)(6)
    Traceback (most recent call last):
    ...
    ValueError: t must be at most total_steps = 5 (torch raises past it), got 6
    """

    max_lr: float
    total_steps: int | None = None
    epochs: int | None = None
    steps_per_epoch: int | None = None
    pct_start: float = 0.3
    anneal_strategy: str = "cos"
    div_factor: float = 25.0
    final_div_factor: float = 1e4
    three_phase: bool = False

    def __post_init__(self):
        epochs, per_epoch = (
            None if v is None else check_positive_int(name, v)
            for name, v in (("epochs", self.epochs), ("steps_per_epoch", self.steps_per_epoch))
        )
        if self.total_steps is not None:  # it wins over epochs * steps_per_epoch, as in torch
            total = check_positive_int("total_steps", self.total_steps)
        elif epochs is not None and per_epoch is not None:
            total = check_positive_int("total_steps (epochs * steps_per_epoch)", epochs * per_epoch)
        else:
            raise TypeError("total_steps must be given, or both epochs and steps_per_epoch")
        self._store(
            max_lr=check_positive("max_lr", self.max_lr, scalar=True),
            total_steps=total,
            epochs=epochs,
            steps_per_epoch=per_epoch,
            pct_start=check_closed_unit_interval("pct_start", self.pct_start, scalar=True),
            anneal_strategy=_check_choice(
                "anneal_strategy", self.anneal_strategy, ("cos", "linear")
            ),
            div_factor=check_positive("div_factor", self.div_factor, scalar=True),
            final_div_factor=check_positive("final_div_factor", self.final_div_factor, scalar=True),
            three_phase=check_bool("three_phase", self.three_phase),
        )
        initial = self.max_lr / self.div_factor
        if not math.isfinite(initial):
            raise ValueError(
                f"div_factor = {self.div_factor!r} makes the starting rate max_lr / div_factor "
                "overflow"
            )
        if not math.isfinite(initial / self.final_div_factor):
            raise ValueError(
                f"final_div_factor = {self.final_div_factor!r} makes the final rate overflow"
            )
        # torch computes update t in the first phase whose end_step is >= t (or in the last),
        # dividing by the phase's length: refuse a phase of length 0 that some t <= T is in
        ends, start = [end for end, _, _ in self._phases()], 0.0
        for k, end in enumerate(ends):
            after = max(ends[:k], default=-math.inf)  # t is past every earlier phase
            first = 0 if after == -math.inf else max(math.floor(after) + 1, 0)
            last = total if k == len(ends) - 1 else min(math.floor(end), total)
            if first <= last and end == start:
                raise ValueError(
                    f"pct_start = {self.pct_start!r} with total_steps = {total} gives phase "
                    f"{k + 1} of the cycle no length (torch divides by it)"
                )
            start = end

    @property
    def _base(self):
        return self.max_lr / self.div_factor

    def _phases(self):
        """torch's ``(end_step, start_lr, end_lr)`` of each phase."""
        total, pct = self.total_steps, self.pct_start
        initial = self.max_lr / self.div_factor
        final = initial / self.final_div_factor
        if self.three_phase:
            return [
                (float(pct * total) - 1, initial, self.max_lr),
                (float(2 * pct * total) - 2, self.max_lr, initial),
                (total - 1, initial, final),
            ]
        return [(float(pct * total) - 1, initial, self.max_lr), (total - 1, self.max_lr, final)]

    def _at(self, t):
        if np.any(t > self.total_steps):
            raise ValueError(
                f"t must be at most total_steps = {self.total_steps} (torch raises past it), got "
                f"{int(np.max(t))}"
            )
        phases = self._phases()
        if np.ndim(t) == 0:  # one update: its phase, as torch finds it
            start = 0.0
            for k, (end, a, b) in enumerate(phases):
                if t <= end or k == len(phases) - 1:
                    return self._anneal(a, b, (float(t) - start) / (end - start))
                start = end
        t = np.asarray(t, dtype=float)
        out, done, start = np.zeros(t.shape), np.zeros(t.shape, dtype=bool), 0.0
        for k, (end, a, b) in enumerate(phases):
            here = ~done & ((t <= end) | (k == len(phases) - 1))
            if np.any(here):
                out[here] = self._anneal(a, b, (t[here] - start) / (end - start))
            done |= here
            start = end
        return out

    def _anneal(self, a, b, pct):
        """From ``a`` at ``pct = 0`` to ``b`` at ``pct = 1``: half a cosine, or a line."""
        if self.anneal_strategy == "cos":
            return b + (a - b) / 2.0 * (np.cos(np.pi * pct) + 1)
        return (b - a) * pct + a


@dataclass(frozen=True)
class LambdaLR(Schedule):
    r"""A rate ``lr * lr_lambda(t)``, for a factor of your own.

    Parameters
    ----------
    lr : float
        The base rate, in :math:`(0, \infty)`.
    lr_lambda : callable
        ``lr_lambda(t)``, the factor at update ``t``: a finite number ``>= 0``, or an array of
        them (a grid of schedules). Called with a Python ``int``, as torch calls it; a function
        that also takes an array of ``t`` and returns an array of its shape (``0.95 ** t``,
        written with numpy) is called once for a whole array. Its values are checked where they
        are used: anything else raises, naming ``lr_lambda`` and ``t``.

    Notes
    -----
    .. math:: \alpha_t = \alpha\, \lambda(t)

    Same as ``torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=λ)``.

    Examples
    --------
    >>> LambdaLR(0.1, lambda t: 1 / (1 + t)).values(4)
    array([0.1       , 0.05      , 0.03333333, 0.025     ])
    >>> LambdaLR(0.1, lambda t: 1.0 if t < 2 else -1.0)(2)
    Traceback (most recent call last):
    ...
    ValueError: lr_lambda(2) must be a finite number >= 0, got -1.0
    """

    lr: float
    lr_lambda: object

    def __post_init__(self):
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            lr_lambda=_check_callable("lr_lambda", self.lr_lambda),
        )

    def _at(self, t):
        return self.lr * _user_values("lr_lambda", self.lr_lambda, t)


@dataclass(frozen=True)
class MultiplicativeLR(Schedule):
    r"""Multiply the rate by ``lr_lambda(t)`` at every update ``t >= 1``.

    Parameters
    ----------
    lr : float
        The initial rate, in :math:`(0, \infty)`.
    lr_lambda : callable
        ``lr_lambda(t)``, the factor of update ``t``, as :class:`LambdaLR`'s. It must be a
        function of ``t`` alone: its values are computed once, kept, and multiplied up.

    Notes
    -----
    .. math:: \alpha_t = \alpha \prod_{k=1}^{t} \lambda(k)

    Same as ``torch.optim.lr_scheduler.MultiplicativeLR(opt, lr_lambda=λ)``.

    Examples
    --------
    >>> MultiplicativeLR(1.0, lambda t: 0.5 if t % 2 else 1.0).values(5)
    array([1.  , 0.5 , 0.5 , 0.25, 0.25])
    """

    lr: float
    lr_lambda: object

    _multiplies = True

    def __post_init__(self):
        self._store(
            lr=check_positive("lr", self.lr, scalar=True),
            lr_lambda=_check_callable("lr_lambda", self.lr_lambda),
        )
        object.__setattr__(self, "_products", [1.0])  # ∏_{k<=t} λ(k), kept as t grows

    def _at(self, t):
        return self.lr * self._factor(t)

    def _factor(self, t):
        products = self._products
        if np.ndim(t) == 0 and int(t) <= len(products):  # seen before, or the next update
            if int(t) == len(products):
                k = len(products)
                products.append(
                    products[-1]
                    * _check_user_value("lr_lambda", self.lr_lambda(k), k, 0.0, math.inf)
                )
            return products[int(t)]
        need = int(np.max(t)) + 1 if np.size(t) else 0
        if need > len(products):
            new = np.arange(len(products), need, dtype=np.int64)
            factors = _user_values("lr_lambda", self.lr_lambda, new)  # (n,) or (n, *grid)
            running = products[-1] * np.cumprod(factors, axis=0)
            products.extend(r if np.ndim(r) else float(r) for r in running)
        if np.ndim(t) == 0:
            return products[int(t)]
        if all(np.ndim(p) == 0 for p in products[-1:]):
            return np.asarray(products)[t]
        picked = np.broadcast_arrays(*(products[k] for k in np.ravel(t).tolist()))
        return np.reshape(picked, np.shape(t) + picked[0].shape)


def _check_schedules(name, value):
    """A non-empty tuple of schedules (instances) that share one base rate."""
    if isinstance(value, (Schedule, str, bytes)) or not isinstance(value, (list, tuple)):
        raise TypeError(
            f"{name} must be a list of schedules (instances such as StepLR(0.1, 10)), got "
            f"{_show(value)}"
        )
    if not value:
        raise ValueError(f"{name} must hold at least one schedule, got an empty list")
    for i, schedule in enumerate(value):
        if isinstance(schedule, type):
            raise TypeError(
                f"{name}[{i}] must be a schedule (an instance, e.g. StepLR(0.1, 10)), got the "
                f"class {schedule.__name__}"
            )
        if not isinstance(schedule, Schedule):
            raise TypeError(
                f"{name}[{i}] must be a schedule of descent.schedules, got {_show(schedule)}"
            )
    return tuple(value)


def _check_one_base(name, schedules):
    bases = [s._base for s in schedules]
    for i, base in enumerate(bases):
        if base != bases[0]:
            raise ValueError(
                f"{name} must share one base rate, as torch's schedulers of one optimizer do: "
                f"{name}[0] starts from {bases[0]!r}, {name}[{i}] from {base!r}"
            )


@dataclass(frozen=True)
class SequentialLR(Schedule):
    r"""One schedule after another: ``schedules[i]`` from ``milestones[i - 1]`` on.

    Parameters
    ----------
    schedules : list of schedules
        At least one, sharing one base rate (``lr``; a :class:`CyclicLR`'s ``base_lr``), as
        torch's schedulers of one optimizer do. Not :class:`SequentialLR`,
        :class:`ChainedScheduler` or :class:`WarmupStableDecay` (torch cannot restart a
        composition at a milestone: it raises ``NotImplementedError``, or, first in the list,
        starts it one step late), nor :class:`OneCycleLR` (building one overwrites the
        optimizer's initial rate, which the others start from).
    milestones : list of int
        One fewer than ``schedules``, increasing, ``>= 1``: the updates at which the next
        schedule takes over. torch accepts any list; a milestone 0 would skip the first
        schedule.

    Notes
    -----
    With :math:`m_0 = 0` and :math:`i` the number of milestones :math:`\le t`,

    .. math:: \alpha_t = s_i(t - m_i),

    each schedule restarted at its own :math:`t = 0` at its milestone, where the rate jumps to
    :math:`s_i(0)`. That is torch's milestone step: it sets the scheduler's epoch to 0 and
    takes its closed form (``_get_closed_form_lr``) there, then steps it on as usual. One
    scheduler has no closed form and depends on the rate it finds: a :class:`MultiplicativeLR`
    after a milestone multiplies the last rate of the schedule before it, so that from
    :math:`m_i` on :math:`\alpha_t = \alpha_{m_i - 1} \prod_{k=0}^{t - m_i} \lambda(k)`
    (its :math:`\lambda(0)` included). descent does the same.

    Same as ``torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[...],
    milestones=[...])``, each scheduler built on ``opt`` as the matching schedule here.

    Examples
    --------
    Two updates of warm-up, then an exponential decay:

    >>> warmup = LinearLR(1.0, start_factor=0.5, total_iters=2)
    >>> decay = ExponentialLR(1.0, gamma=0.5)
    >>> SequentialLR([warmup, decay], milestones=[2]).values(5)
    array([0.5 , 0.75, 1.  , 0.5 , 0.25])
    """

    schedules: tuple
    milestones: tuple

    _composite = True

    def __post_init__(self):
        schedules = _check_schedules("schedules", self.schedules)
        for i, schedule in enumerate(schedules):
            if schedule._composite:
                raise ValueError(
                    f"schedules[{i}] is a {type(schedule).__name__}, which torch's SequentialLR "
                    "cannot restart at a milestone: list its schedules in this one"
                )
            if isinstance(schedule, OneCycleLR):
                raise ValueError(
                    f"schedules[{i}] is a OneCycleLR, which torch does not chain: building one "
                    "overwrites the optimizer's initial rate, which the other schedulers use"
                )
        _check_one_base("schedules", schedules)
        milestones = _check_milestones("milestones", self.milestones, low=1, strict=True)
        if len(milestones) != len(schedules) - 1:
            raise ValueError(
                f"milestones must have one entry fewer than schedules ({len(schedules) - 1}), "
                f"got {len(milestones)}"
            )
        self._store(schedules=schedules, milestones=milestones)

    @property
    def _base(self):
        return self.schedules[0]._base

    @property
    def lr(self):
        """The base rate the schedules share."""
        return self._base

    def _at(self, t):
        if np.ndim(t) == 0:
            return self._stage(bisect_right(self.milestones, int(t)), t)
        stage = np.searchsorted(np.asarray(self.milestones, dtype=np.int64), t, side="right")
        pieces = {int(i): np.asarray(self._stage(int(i), t[stage == i])) for i in np.unique(stage)}
        grid = next(iter(pieces.values())).shape[1:] if pieces else ()
        out = np.empty(np.shape(t) + grid)
        for i, values in pieces.items():
            out[stage == i] = values
        return out

    def _stage(self, i, t):
        """Schedule ``i`` at the updates ``t`` (all in its stage)."""
        schedule = self.schedules[i]
        if i == 0:
            return schedule._at(t)
        start = self.milestones[i - 1]
        if isinstance(schedule, MultiplicativeLR):  # no closed form: it scales the rate it finds
            before = self._at(np.asarray(start - 1))
            first = _user_values("lr_lambda", schedule.lr_lambda, np.asarray(0))
            return before * first * schedule._factor(t - start)
        return schedule._at(t - start)


@dataclass(frozen=True)
class ChainedScheduler(Schedule):
    r"""The product of schedules that multiply the rate: their factors, multiplied.

    Parameters
    ----------
    schedules : list of schedules
        At least one, sharing one base rate, each of them one whose torch ``step()`` multiplies
        the rate by a factor of :math:`t` alone: :class:`StepLR`, :class:`MultiStepLR`,
        :class:`ExponentialLR`, :class:`PolynomialLR`, :class:`LinearLR`,
        :class:`ConstantLR`, :class:`MultiplicativeLR`, a :class:`ChainedScheduler` of them,
        and at most one :class:`CosineAnnealingLR` with ``eta_min=0`` (see Notes). The others
        set the rate rather than scale it (:class:`LambdaLR`, the cycles, :class:`SequentialLR`),
        and torch's chain of them is not a product: a ``ValueError`` says so.

    Notes
    -----
    Each schedule is its base rate :math:`\alpha` times a factor, :math:`s_i(t) = \alpha
    f_i(t)`; the chain multiplies the factors:

    .. math:: \alpha_t = \alpha \prod_i f_i(t).

    That is what torch's ``ChainedScheduler`` computes, stepping each scheduler in turn on the
    one rate they share: each multiplies it by its own :math:`f_i(t)/f_i(t-1)`. A
    :class:`CosineAnnealingLR` (``eta_min=0``, factor :math:`c(t) = (1 + \cos(\pi t /
    T_{\max}))/2`) does so up to :math:`T_{\max}`; at the update
    after each minimum, :math:`t = r_k = T_{\max} + 1 + 2kT_{\max}`, its torch step sets the
    rate to its own value there, :math:`\alpha c(r_k)`, dropping the factors the others had
    built up, and multiplies again from there. descent follows it:

    .. math:: \alpha_t = \alpha\, c(t) \prod_{i \text{ after}} \frac{f_i(t)}{f_i(r_k - 1)}
              \prod_{i \text{ before}} \frac{f_i(t)}{f_i(r_k)} \qquad (r_k \le t),

    "before" and "after" the cosine in the list, which is why the others must keep their
    factors above 0 there (not :class:`PolynomialLR`, :class:`MultiplicativeLR`, nor a
    :class:`LinearLR` to ``end_factor=0``).

    Same as ``torch.optim.lr_scheduler.ChainedScheduler([...], optimizer=opt)``, each scheduler
    built on ``opt`` as the matching schedule here.

    Examples
    --------
    A warm-up over three updates, chained with an exponential decay:

    >>> warmup = LinearLR(1.0, start_factor=0.25, total_iters=3)
    >>> decay = ExponentialLR(1.0, gamma=0.5)
    >>> ChainedScheduler([warmup, decay]).values(5)
    array([0.25  , 0.25  , 0.1875, 0.125 , 0.0625])
    """

    schedules: tuple

    _multiplies = True
    _composite = True

    def __post_init__(self):
        schedules = _check_schedules("schedules", self.schedules)
        members = []  # a chain of chains steps their schedules in turn: one flat chain
        for i, schedule in enumerate(schedules):
            for member in (
                schedule._members if isinstance(schedule, ChainedScheduler) else [schedule]
            ):
                if isinstance(member, CosineAnnealingLR):
                    if member.eta_min != 0:
                        raise ValueError(
                            f"schedules[{i}] is a CosineAnnealingLR with eta_min = "
                            f"{member.eta_min!r}, whose torch step moves the rate towards "
                            "eta_min rather than multiplying it: chain it with eta_min=0"
                        )
                elif not member._multiplies:
                    raise ValueError(
                        f"schedules[{i}] is a {type(member).__name__}, which sets the rate "
                        "rather than multiplying it: torch's chain of it is not a product "
                        "(use a MultiplicativeLR, or a SequentialLR)"
                    )
                members.append((i, member))
        _check_one_base("schedules", schedules)
        cosines = [i for i, m in members if isinstance(m, CosineAnnealingLR)]
        if len(cosines) > 1:
            raise ValueError(
                f"schedules may hold one CosineAnnealingLR, got one at schedules[{cosines[0]}] "
                f"and one at schedules[{cosines[1]}]"
            )
        for i, member in members:
            if cosines and (
                isinstance(member, (PolynomialLR, MultiplicativeLR))
                or (isinstance(member, LinearLR) and member.end_factor == 0)
            ):
                raise ValueError(
                    f"schedules[{i}] is a {type(member).__name__} that may bring the rate to 0: "
                    "chained with a CosineAnnealingLR, whose torch step restarts the rate past "
                    "T_max, each factor must stay above 0"
                )
        self._store(schedules=schedules)
        object.__setattr__(self, "_members", tuple(m for _, m in members))

    @property
    def _base(self):
        return self.schedules[0]._base

    @property
    def lr(self):
        """The base rate the schedules share."""
        return self._base

    def _at(self, t):
        cosine = [k for k, m in enumerate(self._members) if isinstance(m, CosineAnnealingLR)]
        if not cosine:
            return self.lr * math.prod((m._factor(t) for m in self._members), start=1.0)
        p = cosine[0]
        T = self._members[p].T_max
        # the last restart r <= t of the cosine (0 before the first, where nothing is divided)
        restart = np.where(t > T, T + 1 + 2 * T * ((t - T - 1) // (2 * T)), 0)
        value = self._members[p]._factor(t)
        for k, member in enumerate(self._members):
            if k != p:
                since = np.where(t > T, restart - (k > p), 0)
                value = value * member._factor(t) / np.where(t > T, member._factor(since), 1.0)
        return self.lr * value


@dataclass(frozen=True)
class _Cooldown:
    """The decay of :class:`WarmupStableDecay`: 1 at ``t = 0``, ``final_factor`` from ``steps``."""

    shape: str
    steps: int
    final_factor: float

    def __call__(self, t):
        x = np.minimum(t, self.steps) / self.steps
        drop = (1 + np.cos(np.pi * x)) / 2 if self.shape == "cosine" else 1 - np.sqrt(x)
        return self.final_factor + (1 - self.final_factor) * drop


@dataclass(frozen=True)
class WarmupStableDecay(Schedule):
    r"""Warmup–stable–decay: a linear warm-up, a constant rate, then a short decay.

    The schedule of MiniCPM (Hu et al., 2024, "MiniCPM: Unveiling the Potential of Small
    Language Models with Scalable Training Strategies", arXiv:2404.06395), studied by Hägele et
    al. (2024, "Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations",
    NeurIPS, arXiv:2405.18392): the constant phase does not depend on the length of the run, so
    a run can be continued from it or decayed at any point, and a constant rate with a short
    decay at the end (a cooldown) matches a cosine schedule fitted to the whole run; their
    cooldown 1 − √x does better than a straight line.

    Parameters
    ----------
    lr : float
        The peak rate, in :math:`(0, \infty)`.
    warmup_steps : int
        Updates of the linear warm-up from ``start_factor * lr`` to ``lr``, ``>= 0``.
    stable_steps : int
        Updates at ``lr``, ``>= 0``.
    decay_steps : int
        Updates of the decay from ``lr`` to ``final_factor * lr``, ``>= 1``.
    decay : {"linear", "cosine", "1-sqrt"}, default "linear"
        The shape of the decay over its fraction :math:`x` done: :math:`1 - x`, half a cosine
        :math:`(1 + \cos \pi x)/2`, or Hägele et al.'s :math:`1 - \sqrt{x}`.
    start_factor : float, default 0.01
        The warm-up's first rate over ``lr``, in :math:`(0, 1]` (as :class:`LinearLR`'s).
    final_factor : float, default 0
        The rate at the end of the decay over ``lr``, in :math:`[0, 1]`.

    Attributes
    ----------
    sequential : SequentialLR
        The same schedule as torch composes it: ``LinearLR`` (if ``warmup_steps``),
        ``ConstantLR`` with ``factor=1`` (if ``stable_steps``), and the decay, a ``LinearLR``
        or a :class:`LambdaLR` of the cosine or 1 − √x.

    Notes
    -----
    With :math:`W, S, D` the three lengths, :math:`f_0` and :math:`f_1` the two factors and
    :math:`x = \min(t - W - S, D)/D`,

    .. math::
        \alpha_t = \alpha \begin{cases}
            f_0 + (1 - f_0)\, t / W & t < W \\
            1 & W \le t < W + S \\
            f_1 + (1 - f_1)\, d(x) & t \ge W + S
        \end{cases}

    with :math:`d(x) = 1 - x`, :math:`(1 + \cos\pi x)/2` or :math:`1 - \sqrt{x}`. The rate
    reaches :math:`f_1 \alpha` at :math:`t = W + S + D`, the update after a run of
    :math:`W + S + D`, and stays there (unlike a :class:`CosineAnnealingLR`, which would climb
    back).

    Same as torch's ``SequentialLR(opt, [LinearLR(opt, start_factor=f0, total_iters=W),
    ConstantLR(opt, factor=1.0, total_iters=S), decay], milestones=[W, W + S])``, the decay
    ``LinearLR(opt, start_factor=1.0, end_factor=f1, total_iters=D)`` or, for 1 − √x,
    ``LambdaLR(opt, lambda t: f1 + (1 - f1) * (1 - math.sqrt(min(t, D) / D)))``.

    Examples
    --------
    >>> wsd = WarmupStableDecay(1.0, 2, 3, 4, decay="1-sqrt", start_factor=0.5)
    >>> wsd.values(10).round(2)
    array([0.5 , 0.75, 1.  , 1.  , 1.  , 1.  , 0.5 , 0.29, 0.13, 0.  ])
    >>> [type(s).__name__ for s in wsd.sequential.schedules]
    ['LinearLR', 'ConstantLR', 'LambdaLR']
    """

    lr: float
    warmup_steps: int
    stable_steps: int
    decay_steps: int
    decay: str = "linear"
    start_factor: float = 0.01
    final_factor: float = 0.0

    _composite = True

    def __post_init__(self):
        lr = check_positive("lr", self.lr, scalar=True)
        warmup = check_nonnegative_int("warmup_steps", self.warmup_steps)
        stable = check_nonnegative_int("stable_steps", self.stable_steps)
        steps = check_positive_int("decay_steps", self.decay_steps)
        decay = _check_choice("decay", self.decay, ("linear", "cosine", "1-sqrt"))
        start = check_closed_unit_interval("start_factor", self.start_factor, scalar=True)
        if start == 0:
            raise ValueError(f"start_factor must be in (0, 1], got {self.start_factor!r}")
        final = check_closed_unit_interval("final_factor", self.final_factor, scalar=True)
        self._store(
            lr=lr,
            warmup_steps=warmup,
            stable_steps=stable,
            decay_steps=steps,
            decay=decay,
            start_factor=start,
            final_factor=final,
        )
        stages, milestones = [], []
        if warmup:
            stages.append(LinearLR(lr, start_factor=start, end_factor=1.0, total_iters=warmup))
            milestones.append(warmup)
        if stable:
            stages.append(ConstantLR(lr, factor=1.0, total_iters=stable))
            milestones.append(warmup + stable)
        if decay == "linear":
            stages.append(LinearLR(lr, start_factor=1.0, end_factor=final, total_iters=steps))
        else:
            stages.append(LambdaLR(lr, _Cooldown(decay, steps, final)))
        object.__setattr__(self, "sequential", SequentialLR(stages, milestones[: len(stages) - 1]))

    def _at(self, t):
        return self.sequential._at(t)


# -- ReduceLROnPlateau: not a schedule ----------------------------------------------------------
# It reads the loss, so its rate is no function of the update number like the schedules above:
# it wraps the optimizer whose rate it sets (descent.optimizers.plateau), and is importable here
# too, where torch.optim.lr_scheduler's users look for it.
from .optimizers.plateau import ReduceLROnPlateau as ReduceLROnPlateau  # noqa: E402
