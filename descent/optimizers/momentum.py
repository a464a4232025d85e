"""Heavy-ball momentum."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_lr, check_unit_interval
from ._base import Optimizer


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
    """

    lr: float
    beta: float = 0.9

    _State = MomentumState

    def __post_init__(self):
        self._store(lr=check_lr(self.lr), beta=check_unit_interval("beta", self.beta))

    def _update(self, params, grad, state, lr):
        beta = self.beta
        # [update]
        velocity = beta * state.velocity + grad
        params = params - lr * velocity
        # [/update]
        return params, MomentumState(velocity, state.count + 1)
