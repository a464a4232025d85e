"""Adamax: Adam with the infinity norm of past gradients in place of their root mean square."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_nonnegative
from ._base import Optimizer, apply_weight_decay
from .adam import check_adam


class AdamaxState(NamedTuple):
    """First moment :math:`m`, the decaying infinity norm :math:`u` (torch's ``exp_inf``)
    and the update count :math:`t`."""

    m: np.ndarray
    u: np.ndarray
    count: int


@dataclass(frozen=True, repr=False, eq=False)
class Adamax(Optimizer):
    r"""Adamax (Kingma & Ba, 2015, section 7): Adam's :math:`\sqrt{v}` replaced by a maximum.

    Parameters
    ----------
    lr : float, array or schedule, default 0.002
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    beta1, beta2 : float or array, default 0.9 and 0.999
        Decays of the first moment and of the infinity norm, each in :math:`[0, 1)`.
    eps : float or array, default 1e-8
        :math:`\varepsilon \in (0, \infty)`, added to :math:`|g_t|` inside the maximum.
    weight_decay : float or array, default 0
        :math:`\lambda \in [0, \infty)`: L2 regularisation, :math:`\lambda\theta` added to
        the gradient before the rule.

    Notes
    -----
    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad
        u_t = \max\bigl(\beta_2 u_{t-1},\ |g_t| + \varepsilon\bigr), \qquad
        \theta_t = \theta_{t-1} - \frac{\alpha}{1-\beta_1^t}\, \frac{m_t}{u_t}

    with :math:`m_0 = u_0 = 0`, elementwise. :math:`u_t` is the limit :math:`p \to \infty` of
    Adam's second moment in the :math:`p`-norm, :math:`(\beta_2^p v + (1-\beta_2^p)|g|^p)^{1/p}`
    with :math:`\beta_2^p` written :math:`\beta_2`: the largest recent gradient, each older one
    discounted by :math:`\beta_2` per step. It needs no bias correction (the maximum does not
    start low), and ε sits inside it (torch's choice), so :math:`u_t \ge \varepsilon`. The
    first step is :math:`\alpha\, g_1/(|g_1| + \varepsilon)`, as Adam's. With
    ``weight_decay=λ`` the gradient is :math:`g_t + \lambda\theta_{t-1}` first.

    Same as ``torch.optim.Adamax(params, lr=α, betas=(β1, β2), eps=ε, weight_decay=λ)``,
    whose defaults these are.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Adamax(lr=0.1)
    >>> x = np.zeros(1)
    >>> state = opt.init(x)
    >>> for g in (4.0, 1.0):
    ...     x, state = opt.step(x, np.array([g]), state)
    >>> np.round(state.u, 6)  # 4 discounted once is still larger than 1 + ε
    array([3.996])
    """

    lr: float = 0.002
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.0

    _State = AdamaxState

    def __post_init__(self):
        self._store(
            **check_adam(self), weight_decay=check_nonnegative("weight_decay", self.weight_decay)
        )

    def _update(self, params, grad, state, lr):
        beta1, beta2, eps = self.beta1, self.beta2, self.eps
        # torch's weight_decay, before the rule (off by default): g + λθ
        params, grad = apply_weight_decay(params, grad, lr, self.weight_decay)
        # [update]
        t = state.count + 1
        m = beta1 * state.m + (1 - beta1) * grad
        u = np.maximum(beta2 * state.u, np.abs(grad) + eps)
        params = params - lr / (1 - beta1**t) * m / u
        # [/update]
        return params, AdamaxState(m, u, t)
