"""ReduceLROnPlateau: cut the learning rate when the loss stops improving."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from .._checks import (
    _show,
    check_nonnegative,
    check_nonnegative_int,
    check_str,
    check_unit_interval,
    real_array,
)
from .newton import check_vectors


class ReduceLROnPlateauState(NamedTuple):
    """The wrapped optimizer's state and the plateau's counters, one per run (leading axes)."""

    #: the wrapped optimizer's state
    optimizer: Any
    #: (..., 1), or wider if the optimizer's lr is: the rate of the next update
    lr: np.ndarray
    #: (...): the best loss so far (``inf`` before the first, ``-inf`` in mode "max")
    best: np.ndarray
    #: (...) int: updates since the last improvement (torch's ``num_bad_epochs``)
    num_bad_epochs: np.ndarray
    #: (...) int: updates of cooldown left
    cooldown_counter: np.ndarray
    #: updates made
    count: int


@dataclass(frozen=True, eq=False)
class _Rate:
    """A schedule that is the plateau's current rate at any update: how the wrapped optimizer
    is handed a rate that is not a function of the update number."""

    lr: np.ndarray

    def __call__(self, t):
        return self.lr


def _choice(name, value, allowed):
    if check_str(name, value) not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    return value


@dataclass(frozen=True)
class ReduceLROnPlateau:
    r"""Multiply an optimizer's learning rate by ``factor`` when the loss has stopped improving.

    Not a schedule: the rate depends on the losses seen, not on the update number alone, so it
    wraps the optimizer whose rate it sets, and reads the loss at every update.

    Parameters
    ----------
    optimizer : optimizer
        Any optimizer of :mod:`descent.optimizers` with a number (or array) as its ``lr``: the
        rate it starts from. Not a schedule (this sets the rate itself).
    mode : "min" or "max", default "min"
        Whether the loss should go down, or (an accuracy) up.
    factor : float, default 0.1
        In :math:`[0, 1)`: the new rate is ``lr * factor``.
    patience : int, default 10
        Updates without improvement to allow, ``>= 0``; the rate is cut at the next one.
    threshold : float, default 1e-4
        In :math:`[0, \infty)`: how much better than the best a loss must be to count.
    threshold_mode : "rel" or "abs", default "rel"
        Better means below ``best * (1 - threshold)`` ("rel") or ``best - threshold`` ("abs")
        in mode "min"; above ``best * (1 + threshold)`` or ``best + threshold`` in "max".
    cooldown : int, default 0
        Updates after a cut during which no bad update is counted, ``>= 0``.
    min_lr : float, default 0
        In :math:`[0, \infty)`: the rate is never cut below it.
    eps : float, default 1e-8
        In :math:`[0, \infty)`: a cut smaller than this is not made.

    Notes
    -----
    After each update, with :math:`L_t` the loss at the point the update started from:

    .. math::
        \text{better} &= L_t < \text{best}\,(1 - \text{threshold})
        \quad(\text{mode "min", "rel"}), \\
        \text{bad} &\leftarrow 0 \text{ if better, else bad} + 1
        \text{ (and 0 during a cooldown)}, \\
        \alpha &\leftarrow \max(\alpha\,\text{factor},\ \text{min\_lr})
        \text{ if bad} > \text{patience (then bad} \leftarrow 0\text{, cooldown starts)},

    the cut skipped if it is below ``eps``. Same as
    ``torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode, factor, patience, threshold,
    threshold_mode, cooldown, min_lr, eps)`` called as ``scheduler.step(loss)`` after each
    ``opt.step()``, ``loss`` being the value the step's gradient came with: the rate of
    update :math:`t` depends on :math:`L_0, \dots, L_{t-1}`. torch's users call it once an
    epoch, on a validation loss; here it is once an update, on the loss at the current point
    (:func:`descent.run_stochastic`: the full-data loss), so ``patience`` and ``cooldown``
    count updates.

    **What it needs.** ``needs == ("loss",)`` (plus the wrapped optimizer's):
    :meth:`step` takes ``loss=``, of shape ``params.shape[:-1]`` (one per run, as
    :func:`descent.run` computes it: leading axes are runs, each with its own counters and
    rate). The loss it is handed is the trajectory's, computed once.

    Examples
    --------
    By hand: the rate halves after two updates without improvement (``patience=1``):

    >>> import numpy as np
    >>> from descent import GradientDescent
    >>> opt = ReduceLROnPlateau(GradientDescent(lr=1.0), factor=0.5, patience=1)
    >>> x = np.zeros(1)
    >>> state = opt.init(x)
    >>> for loss in [3.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0]:
    ...     x, state = opt.step(x, np.zeros(1), state, loss=loss)
    ...     print(state.lr[0], end=" ")
    1.0 1.0 1.0 0.5 0.5 0.5 0.25

    Each run (a leading index) has its own counters and rate:

    >>> x = np.zeros((2, 1))
    >>> state = opt.init(x)
    >>> for loss in [[3.0, 3.0], [2.0, 3.0], [1.0, 3.0], [0.5, 3.0]]:
    ...     x, state = opt.step(x, np.zeros((2, 1)), state, loss=loss)
    >>> state.lr[:, 0]
    array([1. , 0.5])

    SGD at a constant rate hovers at its noise floor; cut on a plateau, it goes below.
    :func:`descent.run_stochastic` hands it the full-data loss after every mini-batch:

    >>> from descent import run_stochastic
    >>> from descent.problems import LinearRegression
    >>> problem = LinearRegression.synthetic(n=200, seed=0)
    >>> sgd = GradientDescent(lr=0.3)
    >>> for o in (sgd, ReduceLROnPlateau(sgd, factor=0.5, patience=40)):
    ...     traj = run_stochastic(o, problem, np.zeros(2), 30, batch_size=10)
    ...     excess = np.median(traj.loss[-100:]) - problem.min_value
    ...     print(f"{excess:.0e}", end=" ")
    3e-02 8e-06
    """

    optimizer: Any
    mode: str = "min"
    factor: float = 0.1
    patience: int = 10
    threshold: float = 1e-4
    threshold_mode: str = "rel"
    cooldown: int = 0
    min_lr: float = 0.0
    eps: float = 1e-8

    def __post_init__(self):
        opt = self.optimizer
        fields = {f.name for f in dataclasses.fields(opt)} if dataclasses.is_dataclass(opt) else ()
        if isinstance(opt, type) or "lr" not in fields or not callable(getattr(opt, "step", 0)):
            raise TypeError(
                f"optimizer must be an optimizer with a learning rate lr (e.g. "
                f"descent.Adam(lr=0.1)), got {_show(opt)}"
            )
        if callable(opt.lr):
            raise ValueError(
                f"optimizer must have a number or an array as its lr, the rate to start from, "
                f"not a schedule (ReduceLROnPlateau sets the rate), got lr={_show(opt.lr)}"
            )
        values = {
            "mode": _choice("mode", self.mode, ("min", "max")),
            "factor": check_unit_interval("factor", self.factor, scalar=True),
            "patience": check_nonnegative_int("patience", self.patience),
            "threshold": check_nonnegative("threshold", self.threshold, scalar=True),
            "threshold_mode": _choice("threshold_mode", self.threshold_mode, ("rel", "abs")),
            "cooldown": check_nonnegative_int("cooldown", self.cooldown),
            "min_lr": check_nonnegative("min_lr", self.min_lr, scalar=True),
            "eps": check_nonnegative("eps", self.eps, scalar=True),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @property
    def needs(self) -> tuple:
        """The loss, and what the wrapped optimizer needs."""
        inner = getattr(self.optimizer, "needs", ())
        return ("loss", *(n for n in inner if n != "loss"))

    def init(self, params):
        """The state before the first update, for parameters shaped ``(..., dim)``."""
        params = real_array("params", params)
        check_vectors("params", params)
        inner = self.optimizer.init(params)
        lead = params.shape[:-1]
        lr = np.asarray(self.optimizer.lr, dtype=float)
        lr = np.broadcast_to(lr, np.broadcast_shapes(lr.shape, (*lead, 1))).copy()
        best = np.full(lead, np.inf if self.mode == "min" else -np.inf)
        zeros = np.zeros(lead, dtype=np.int64)
        return ReduceLROnPlateauState(inner, lr, best, zeros, zeros.copy(), 0)

    def step(self, params, grad, state, *, loss=None, **extras):
        """One update of the wrapped optimizer at the current rate; then the plateau's.

        Parameters
        ----------
        params, grad : array_like, shape (..., dim)
        state : ReduceLROnPlateauState
        loss : array_like, shape (...)
            The loss at ``params`` (one per run); :func:`descent.run` passes it.
        **extras
            What the wrapped optimizer needs besides (``hessian=`` for Newton...).

        Returns
        -------
        params : ndarray of float64, the shape of ``params``
        state : ReduceLROnPlateauState
        """
        if loss is None:
            raise ValueError(
                "loss is missing: ReduceLROnPlateau.step reads the loss at params, as "
                "step(params, grad, state, loss=L); descent.run passes objective(params)"
            )
        if not isinstance(state, ReduceLROnPlateauState):
            raise TypeError(
                f"state must be the ReduceLROnPlateauState of ReduceLROnPlateau.init or step, "
                f"got {_show(state)[:60]}"
            )
        params = real_array("params", params)
        check_vectors("params", params)
        loss = real_array("loss", loss)
        if loss.shape != params.shape[:-1]:
            raise ValueError(
                f"loss must have shape {params.shape[:-1]} (one value per run of params "
                f"{params.shape}), got {loss.shape}"
            )
        for name in ("lr", "best", "num_bad_epochs", "cooldown_counter"):
            value = getattr(state, name)
            if not isinstance(value, np.ndarray) or value.dtype.kind not in "fi":
                raise TypeError(f"state.{name} must be an array, got {_show(value)[:60]}")
        if state.best.shape != loss.shape:
            raise ValueError(
                f"state.best must have shape {loss.shape} for params of shape {params.shape}, "
                f"got {state.best.shape} (a state from init of other parameters?)"
            )
        inner = dataclasses.replace(self.optimizer, lr=_Rate(state.lr))
        wanted = getattr(self.optimizer, "needs", ())
        extras = extras | ({"loss": loss} if "loss" in wanted else {})
        params, inner_state = inner.step(params, grad, state.optimizer, **extras)
        with np.errstate(all="ignore"):  # a nan loss is a bad update, quietly
            return params, self._update(loss, state, inner_state)

    def _is_better(self, loss, best):
        if self.mode == "min" and self.threshold_mode == "rel":
            return loss < best * (1.0 - self.threshold)
        if self.mode == "min":
            return loss < best - self.threshold
        if self.threshold_mode == "rel":
            return loss > best * (self.threshold + 1.0)
        return loss > best + self.threshold

    def _update(self, loss, state, inner_state):
        lr, best, bad, cooldown = state.lr, state.best, state.num_bad_epochs, state.cooldown_counter
        # [update]
        better = self._is_better(loss, best)
        best = np.where(better, loss, best)
        bad = np.where(better, 0, bad + 1)
        in_cooldown = cooldown > 0
        cooldown = np.where(in_cooldown, cooldown - 1, cooldown)
        bad = np.where(in_cooldown, 0, bad)  # bad updates do not count during a cooldown
        reduce = bad > self.patience
        cut = np.maximum(lr * self.factor, self.min_lr)
        lr = np.where(reduce[..., None] & (lr - cut > self.eps), cut, lr)
        cooldown = np.where(reduce, self.cooldown, cooldown)
        bad = np.where(reduce, 0, bad)
        # [/update]
        counters = (np.asarray(a) for a in (lr, best, bad, cooldown))  # 0-d stays an array
        return ReduceLROnPlateauState(inner_state, *counters, state.count + 1)
