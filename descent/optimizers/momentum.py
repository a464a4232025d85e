"""Heavy-ball momentum."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import (
    check_closed_unit_interval,
    check_lr,
    check_nonnegative,
    check_unit_interval,
)
from ._base import Optimizer, apply_weight_decay, is_on


class MomentumState(NamedTuple):
    """The velocity :math:`v` (same shape as the parameters) and the update count."""

    velocity: np.ndarray
    count: int


@dataclass(frozen=True, repr=False, eq=False)
class Momentum(Optimizer):
    r"""Heavy-ball momentum (Polyak, 1964).

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    beta : float or array, default 0.9
        Momentum :math:`\beta \in [0, 1)`. ``beta=0`` is :class:`GradientDescent` exactly.
    dampening : float or array, default 0
        torch's ``dampening`` :math:`d \in [0, 1]`: from the second update on, the gradient
        enters the velocity scaled by :math:`1 - d`.
    weight_decay : float or array, default 0
        torch's ``weight_decay`` :math:`\lambda \in [0, \infty)`: L2 regularisation,
        :math:`\lambda\theta` added to the gradient before the rule.

    Notes
    -----
    .. math:: v_t = \beta v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \alpha v_t,
              \qquad v_0 = 0

    Same as ``torch.optim.SGD(params, lr=α, momentum=β)`` (whose buffer starts as
    :math:`g_1`, which is :math:`\beta\cdot 0 + g_1`). Two other spellings give the same path
    for a constant :math:`\alpha`: :math:`u_t = \beta u_{t-1} + \alpha g_t,\ \theta_t =
    \theta_{t-1} - u_t` (:math:`u = \alpha v`), and :math:`w_t = \beta w_{t-1} - \alpha g_t,\
    \theta_t = \theta_{t-1} + w_t` (:math:`w = -\alpha v`). With a schedule they differ:
    here a change of :math:`\alpha` rescales the whole velocity at once. The *damped* form
    :math:`v_t = \beta v_{t-1} + (1-\beta) g_t` (an EMA of gradients) is this rule with
    :math:`\alpha` divided by :math:`1/(1-\beta)`.

    **torch's options.** ``Momentum(lr=α, beta=β, dampening=d, weight_decay=λ)`` is
    ``torch.optim.SGD(params, lr=α, momentum=β, dampening=d, weight_decay=λ)``:

    .. math:: g_t \leftarrow g_t + \lambda\theta_{t-1}, \qquad
              v_1 = g_1, \qquad v_t = \beta v_{t-1} + (1 - d)\, g_t \quad (t > 1).

    The first update is undamped: torch's buffer starts as :math:`g_1`, not as
    :math:`(1-d)\,g_1`, so ``dampening=β`` is the moving average of the gradients started
    at :math:`g_1`, not at 0. Both options are off by default and leave the rule above
    unchanged, bit for bit; ``repr`` shows them only when set.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Momentum(lr=0.1, beta=0.9)
    >>> x = np.array([1.0])
    >>> x, state = opt.step(x, np.array([2.0]), opt.init(x))
    >>> x
    array([0.8])
    >>> x, state = opt.step(x, np.array([2.0]), state)
    >>> state.velocity, x
    (array([3.8]), array([0.42]))

    With dampening the first gradient still enters whole:

    >>> opt = Momentum(lr=0.1, beta=0.9, dampening=0.5)
    >>> x = np.array([1.0])
    >>> x, state = opt.step(x, np.array([2.0]), opt.init(x))
    >>> x, state = opt.step(x, np.array([2.0]), state)
    >>> state.velocity  # 0.9 * 2 + (1 - 0.5) * 2
    array([2.8])
    >>> opt
    Momentum(lr=0.1, beta=0.9, dampening=0.5)
    """

    lr: float
    beta: float = 0.9
    dampening: float = 0.0
    weight_decay: float = 0.0

    _State = MomentumState
    _options = ("dampening", "weight_decay")

    def __post_init__(self):
        self._store(
            lr=check_lr(self.lr),
            beta=check_unit_interval("beta", self.beta),
            dampening=check_closed_unit_interval("dampening", self.dampening),
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
        )

    def _update(self, params, grad, state, lr):
        beta = self.beta
        # torch's options, before the rule (both off by default): g + λθ, and from the second
        # update on the gradient enters the velocity scaled by 1 - d (torch's buffer starts as g₁)
        params, grad = apply_weight_decay(params, grad, lr, self.weight_decay)
        if state.count and is_on(self.dampening):
            grad = (1 - self.dampening) * grad
        # [update]
        velocity = beta * state.velocity + grad
        params = params - lr * velocity
        # [/update]
        return params, MomentumState(velocity, state.count + 1)
