"""Lion: the sign of an interpolation between the momentum and the gradient."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_lr, check_nonnegative, check_unit_interval
from ._base import Optimizer


class LionState(NamedTuple):
    """The momentum :math:`m` (a moving average of gradients, decay β₂) and the update count."""

    m: np.ndarray
    count: int


@dataclass(frozen=True, repr=False, eq=False)
class Lion(Optimizer):
    r"""Lion (Chen et al., 2023): "evolved sign momentum", found by a program search.

    Parameters
    ----------
    lr : float, array or schedule, default 0.0001
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`): the size
        of every step, per coordinate. A sign step is large: Lion's rates are 3–10 times
        smaller than AdamW's.
    beta1 : float or array, default 0.9
        :math:`\beta_1 \in [0, 1)`: how much of the momentum (against the new gradient)
        chooses the step's sign.
    beta2 : float or array, default 0.99
        :math:`\beta_2 \in [0, 1)`: the decay of the momentum itself.
    weight_decay : float or array, default 0.0
        :math:`\lambda \in [0, \infty)`, decoupled (as :class:`AdamW`'s) and scaled by
        :math:`\alpha`.

    Notes
    -----
    .. math::
        \theta'_{t-1} &= (1 - \alpha\lambda)\, \theta_{t-1} \\
        \theta_t &= \theta'_{t-1} - \alpha\, \mathrm{sign}\big(\beta_1 m_{t-1}
            + (1-\beta_1)\, g_t\big) \\
        m_t &= \beta_2 m_{t-1} + (1-\beta_2)\, g_t, \qquad m_0 = 0

    in this order: the step's sign mixes the *old* momentum with the new gradient (with
    :math:`\beta_1`), and only then is the momentum updated (with :math:`\beta_2 > \beta_1`, a
    longer memory). :math:`\mathrm{sign}(0) = 0`, as in numpy and torch (see
    :class:`SignSGD`). Every coordinate moves by exactly :math:`\alpha` (or 0) besides the
    decay: the gradient's size chooses nothing but the sign.

    Same as lion-pytorch 0.2.5's ``Lion(params, lr=α, betas=(β1, β2), weight_decay=λ)``, whose
    defaults these are; its ``decoupled_weight_decay=True`` divides λ by the initial rate
    (here: pass ``weight_decay=λ / α``). lion-pytorch also accepts β = 1; here a decay is in
    :math:`[0, 1)`, as everywhere in descent.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Lion(lr=0.1)
    >>> x = np.array([1.0, 1.0])
    >>> x, state = opt.step(x, np.array([250.0, -0.003]), opt.init(x))
    >>> np.round(x, 12), state.m  # ±lr; the momentum keeps 1 - β₂ of g
    (array([0.9, 1.1]), array([ 2.5e+00, -3.0e-05]))
    >>> x, state = opt.step(x, np.array([-1.0, -1.0]), state)
    >>> np.round(x, 12)  # 0.9·2.5 - 0.1 > 0: the momentum outvotes g
    array([0.8, 1.2])
    """

    lr: float = 0.0001
    beta1: float = 0.9
    beta2: float = 0.99
    weight_decay: float = 0.0

    _State = LionState

    def __post_init__(self):
        self._store(
            lr=check_lr(self.lr),
            beta1=check_unit_interval("beta1", self.beta1),
            beta2=check_unit_interval("beta2", self.beta2),
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
        )

    def _update(self, params, grad, state, lr):
        beta1, beta2, weight_decay = self.beta1, self.beta2, self.weight_decay
        # [update]
        params = params * (1 - lr * weight_decay)  # decoupled decay first
        update = np.sign(beta1 * state.m + (1 - beta1) * grad)
        params = params - lr * update
        m = beta2 * state.m + (1 - beta2) * grad
        # [/update]
        return params, LionState(m, state.count + 1)
