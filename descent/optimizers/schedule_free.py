r"""Schedule-free SGD and AdamW: an average of the iterates instead of a decaying schedule.

Defazio et al. (2024) keep three sequences: :math:`z` takes the optimizer's steps, :math:`x` is
a running (weighted) average of the :math:`z`'s, and the gradient is taken at :math:`y`, an
interpolation of the two. ``step`` returns :math:`y`, the next point to take a gradient at, as
the reference's parameters are in train mode; the state holds :math:`z` and :math:`x`, and
:math:`x` is the point to *evaluate* (what the reference's ``.eval()`` swaps in).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import (
    check_bool,
    check_lr,
    check_nonnegative,
    check_nonnegative_int,
    check_positive,
    check_unit_interval,
    real_array,
)
from ._base import Optimizer


class ScheduleFreeSGDState(NamedTuple):
    r"""What schedule-free SGD carries from step to step, each shaped like the parameters.

    ``z`` is the sequence of plain SGD steps, ``x`` the average of the ``z``'s: the point to
    evaluate (see :meth:`ScheduleFreeSGD.eval_params`). ``weight_sum`` is :math:`\sum_s w_s`
    and ``lr_max`` the largest rate so far (one value per coordinate, so that a grid of rates
    keeps its own).
    """

    z: np.ndarray
    x: np.ndarray
    weight_sum: np.ndarray
    lr_max: np.ndarray
    count: int


class ScheduleFreeAdamWState(NamedTuple):
    r"""Schedule-free AdamW's state: :class:`ScheduleFreeSGDState`'s, and the second moment
    ``v`` (there is no first moment: :math:`\beta_1` interpolates between ``x`` and ``z``)."""

    z: np.ndarray
    x: np.ndarray
    v: np.ndarray
    weight_sum: np.ndarray
    lr_max: np.ndarray
    count: int


def _check_schedule_free(opt):
    """The checks both share: the warmup and the weights of the average."""
    return {
        "lr": check_lr(opt.lr),
        "weight_decay": check_nonnegative("weight_decay", opt.weight_decay),
        "warmup_steps": check_nonnegative_int("warmup_steps", opt.warmup_steps),
        "r": check_nonnegative("r", opt.r),
        "weight_lr_power": check_nonnegative("weight_lr_power", opt.weight_lr_power),
    }


def _averaging_weight(t, lr_t, state, warmup_steps, r, weight_lr_power):
    r"""The rate of update ``t`` after warmup, and the weight :math:`c_t` of its :math:`z` in
    the average :math:`x`, as both reference implementations compute them.

    Returns ``lr_t, c, weight_sum, lr_max``: :math:`\alpha_t = \alpha \min(t/T_w, 1)`,
    :math:`c_t = w_t / \sum_{s \le t} w_s` with :math:`w_t = t^r \max_{s \le t}
    \alpha_s^{\,p}`, and the new sum and maximum for the state. Where every weight so far is
    0 (a rate of 0 from the start, with :math:`p > 0`) :math:`c_t = 0`, as in the reference
    (which catches the ``ZeroDivisionError``).
    """
    # [weights]
    warmup = t / warmup_steps if t <= warmup_steps else 1.0
    lr_t = lr_t * warmup
    lr_max = np.maximum(state.lr_max, lr_t)
    weight = t**r * lr_max**weight_lr_power
    weight_sum = state.weight_sum + weight
    c = np.where(weight_sum > 0, weight / weight_sum, 0.0)
    # [/weights]
    return lr_t, c, weight_sum, lr_max


class _ScheduleFree(Optimizer):
    """What the two schedule-free rules share: the state starts at the parameters."""

    def init(self, params):
        """The state before the first update: ``z`` and ``x`` both at ``params`` (a copy)."""
        params = real_array("params", params)
        self._check_grids(params.shape)
        zeros = (np.zeros(params.shape) for _ in self._State._fields[2:-1])
        return self._State(params.copy(), params.copy(), *zeros, 0)

    def eval_params(self, state):
        r"""The point to evaluate: the average :math:`x` (what the reference's ``.eval()`` gives).

        ``step`` returns :math:`y`, where the next gradient is taken; the loss a schedule-free
        run is judged by is the loss at :math:`x`. Works on one state and on the states of a
        run stacked over time (``states`` of a :class:`~descent.Trajectory` run with
        ``record_state=True``: first axis the update, entry 0 the start).
        """
        self._check_state(state)
        return state.x


_SHARED_PARAMETERS = r"""    weight_decay : float or array, default 0.0
        :math:`\lambda \in [0, \infty)`.
    warmup_steps : int, default 0
        :math:`T_w \ge 0`: the rate rises linearly, :math:`\alpha_t = \alpha \min(t / T_w,
        1)` (no warmup for 0). The only schedule the method needs.
    r : float or array, default 0.0
        :math:`r \ge 0`: the average weighs update :math:`t` by :math:`t^r` (0: uniformly).
    weight_lr_power : float or array, default 2.0
        :math:`p \ge 0`: and by :math:`\max_{s \le t} \alpha_s^{\,p}`, so that the warmup's
        small steps count less."""


_EVALUATING = r"""**Evaluating a run.** ``step`` gives :math:`y`, where the next gradient is
    taken (the reference's parameters in train mode), and so do the ``path`` and ``loss`` of
    :func:`descent.run`. The point to evaluate is the average :math:`x`, in the state:
    ``opt.eval_params(state)``, which is ``state.x``. For a whole run, keep the states,
    ``traj = descent.run(opt, objective, start, steps, record_state=True)``, and
    ``opt.eval_params(traj.states)`` is :math:`x` after every update, shape
    ``(steps + 1, ..., dim)`` (the start first), whose loss is
    ``objective(opt.eval_params(traj.states))``. :math:`y = \beta x + (1-\beta) z` sits
    :math:`1-\beta` of the way from :math:`x` to the fresher :math:`z`."""


_WEIGHTS = r"""The weights, as the reference computes them:

    .. math::
        \alpha_t = \alpha \min(t/T_w, 1), \qquad
        w_t = t^r \big(\max_{s \le t} \alpha_s\big)^p, \qquad
        c_t = \frac{w_t}{\sum_{s \le t} w_s}

    so that :math:`x_t = \sum_{s \le t} w_s z_s / \sum_{s \le t} w_s`, the weighted mean of
    :math:`z_1, \dots, z_t`; with :math:`r = 0` and no warmup :math:`c_t = 1/t`, the plain
    mean."""


@dataclass(frozen=True, repr=False, eq=False)
class ScheduleFreeSGD(_ScheduleFree):
    __doc__ = rf"""Schedule-free SGD (Defazio et al., 2024).

    Parameters
    ----------
    lr : float, array or schedule, default 1.0
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`), of the
        :math:`z` sequence. The reference's default, 1.0, suits its networks, not every
        surface here.
    beta : float or array, default 0.9
        :math:`\beta \in [0, 1)`: where the gradient is taken, between the average
        (:math:`\beta \to 1`) and the latest step (:math:`\beta = 0`: plain SGD on
        :math:`z`, averaged on the side). The reference calls it ``momentum`` and refuses 0.
{_SHARED_PARAMETERS}

    Notes
    -----
    .. math::
        z_t &= z_{{t-1}} - \alpha_t \big(g_t + \lambda y_{{t-1}}\big),
        \qquad g_t = \nabla J(y_{{t-1}}) \\
        x_t &= (1 - c_t)\, x_{{t-1}} + c_t\, z_t \\
        y_t &= \beta x_t + (1 - \beta)\, z_t

    from :math:`z_0 = x_0 = y_0 = \theta_0` (the weight decay is L2, added to the gradient
    at :math:`y`). {_WEIGHTS}

    {_EVALUATING}

    Same as schedulefree 1.4.1's ``SGDScheduleFreeReference(params, lr=α, momentum=β,
    weight_decay=λ, warmup_steps=T_w, r=r, weight_lr_power=p)`` in train mode, its
    parameters after each step being this ``step``'s, and its ``.eval()`` parameters
    :meth:`eval_params`.

    Examples
    --------
    >>> import numpy as np
    >>> opt = ScheduleFreeSGD(lr=0.5, beta=0.9)
    >>> y = np.array([1.0])
    >>> state = opt.init(y)
    >>> for g in (2.0, 2.0):
    ...     y, state = opt.step(y, np.array([g]), state)
    >>> state.z, state.x  # z took two steps of 1; x averaged z₁ = 0, z₂ = -1
    (array([-1.]), array([-0.5]))
    >>> y, opt.eval_params(state)  # the gradient point, the evaluation point
    (array([-0.55]), array([-0.5]))
    """

    lr: float = 1.0
    beta: float = 0.9
    weight_decay: float = 0.0
    warmup_steps: int = 0
    r: float = 0.0
    weight_lr_power: float = 2.0

    _State = ScheduleFreeSGDState
    eval_params = _ScheduleFree.eval_params  # here, so that the reference lists it

    def __post_init__(self):
        self._store(**_check_schedule_free(self), beta=check_unit_interval("beta", self.beta))

    def _update(self, params, grad, state, lr):
        beta, weight_decay = self.beta, self.weight_decay
        t = state.count + 1
        lr_t, c, weight_sum, lr_max = _averaging_weight(
            t, lr, state, self.warmup_steps, self.r, self.weight_lr_power
        )
        y = params
        # [update]
        grad = grad + weight_decay * y
        z = state.z - lr_t * grad
        x = (1 - c) * state.x + c * z
        y = beta * x + (1 - beta) * z
        # [/update]
        return y, ScheduleFreeSGDState(z, x, weight_sum, lr_max, t)


@dataclass(frozen=True, repr=False, eq=False)
class ScheduleFreeAdamW(_ScheduleFree):
    __doc__ = rf"""Schedule-free AdamW (Defazio et al., 2024).

    Parameters
    ----------
    lr : float, array or schedule, default 0.0025
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    beta1 : float or array, default 0.9
        :math:`\beta_1 \in [0, 1)`: where the gradient is taken, between the average
        :math:`x` and the latest :math:`z` (it replaces Adam's first moment).
    beta2 : float or array, default 0.999
        :math:`\beta_2 \in [0, 1)`: decay of the second moment, as in :class:`Adam`.
    eps : float or array, default 1e-8
        :math:`\varepsilon \in (0, \infty)`, outside the square root.
{_SHARED_PARAMETERS}
    decay_at_z : bool, default False
        Decay :math:`z` by :math:`\alpha_t\lambda z` instead of :math:`\alpha_t\lambda y`.

    Notes
    -----
    .. math::
        v_t &= \beta_2 v_{{t-1}} + (1-\beta_2)\, g_t^2, \qquad g_t = \nabla J(y_{{t-1}}) \\
        z_t &= z_{{t-1}} - \alpha_t \lambda\, y_{{t-1}}
            - \alpha_t \frac{{g_t}}{{\sqrt{{v_t / (1-\beta_2^t)}} + \varepsilon}} \\
        x_t &= (1 - c_t)\, x_{{t-1}} + c_t\, z_t \\
        y_t &= \beta_1 x_t + (1 - \beta_1)\, z_t

    from :math:`z_0 = x_0 = y_0 = \theta_0`, :math:`v_0 = 0` (:math:`z_{{t-1}}` in place of
    :math:`y_{{t-1}}` in the decay with ``decay_at_z``). The second moment is bias-corrected,
    as Adam's; there is no first moment to correct. {_WEIGHTS}

    {_EVALUATING}

    Same as schedulefree 1.4.1's ``AdamWScheduleFreeReference(params, lr=α, betas=(β1, β2),
    eps=ε, weight_decay=λ, warmup_steps=T_w, r=r, weight_lr_power=p, decay_at_z=...)`` after
    ``.train()``, its parameters after each step being this ``step``'s, and its ``.eval()``
    parameters :meth:`eval_params`.

    Examples
    --------
    >>> import numpy as np
    >>> opt = ScheduleFreeAdamW(lr=0.1, beta1=0.9)
    >>> y = np.array([1.0])
    >>> y, state = opt.step(y, np.array([3.0]), opt.init(y))
    >>> np.round(state.z, 6), np.round(state.x, 6)  # x = z at t = 1
    (array([0.9]), array([0.9]))
    >>> y, state = opt.step(y, np.array([3.0]), state)
    >>> np.round(state.x, 6), np.round(y, 6)  # x averages 0.9 and 0.8
    (array([0.85]), array([0.845]))
    """

    lr: float = 0.0025
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.0
    warmup_steps: int = 0
    r: float = 0.0
    weight_lr_power: float = 2.0
    decay_at_z: bool = False

    _State = ScheduleFreeAdamWState
    eval_params = _ScheduleFree.eval_params

    def __post_init__(self):
        self._store(
            **_check_schedule_free(self),
            beta1=check_unit_interval("beta1", self.beta1),
            beta2=check_unit_interval("beta2", self.beta2),
            eps=check_positive("eps", self.eps),
            decay_at_z=check_bool("decay_at_z", self.decay_at_z),
        )

    def _update(self, params, grad, state, lr):
        beta1, beta2, eps, weight_decay = self.beta1, self.beta2, self.eps, self.weight_decay
        t = state.count + 1
        lr_t, c, weight_sum, lr_max = _averaging_weight(
            t, lr, state, self.warmup_steps, self.r, self.weight_lr_power
        )
        y = params
        decay_point = state.z if self.decay_at_z else y
        # [update]
        z = state.z - lr_t * weight_decay * decay_point
        v = beta2 * state.v + (1 - beta2) * grad**2
        z = z - lr_t * grad / (np.sqrt(v / (1 - beta2**t)) + eps)
        x = (1 - c) * state.x + c * z
        y = beta1 * x + (1 - beta1) * z
        # [/update]
        return y, ScheduleFreeAdamWState(z, x, v, weight_sum, lr_max, t)
