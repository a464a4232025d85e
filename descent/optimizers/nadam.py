"""NAdam: Adam whose first moment looks one step ahead, as Nesterov's momentum does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_bool, check_nonnegative
from ._base import Optimizer, apply_weight_decay
from .adam import check_adam


class NAdamState(NamedTuple):
    r"""First moment :math:`m`, second moment :math:`v`, the product of the momentum
    coefficients so far :math:`\prod_{i \le t} \mu_i` (torch's ``mu_product``; 1 at the
    start, an array shaped like the parameters) and the update count :math:`t`."""

    m: np.ndarray
    v: np.ndarray
    mu_product: np.ndarray
    count: int


@dataclass(frozen=True, repr=False, eq=False)
class NAdam(Optimizer):
    r"""NAdam (Dozat, 2016): Adam with Nesterov momentum and a warming momentum schedule.

    Parameters
    ----------
    lr : float, array or schedule, default 0.002
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    beta1, beta2 : float or array, default 0.9 and 0.999
        Decays of the first and second moments, each in :math:`[0, 1)`; :math:`\beta_1` is
        also the momentum that :math:`\mu_t` warms up to.
    eps : float or array, default 1e-8
        :math:`\varepsilon \in (0, \infty)`, added outside the square root.
    weight_decay : float or array, default 0
        :math:`\lambda \in [0, \infty)`: L2 regularisation, :math:`\lambda\theta` added to
        the gradient, or with ``decoupled_weight_decay`` AdamW's decay.
    momentum_decay : float or array, default 0.004
        :math:`\psi \in [0, \infty)`, how fast :math:`\mu_t` warms up.
    decoupled_weight_decay : bool, default False
        Shrink the parameters by :math:`1 - \alpha\lambda` before the step (as
        :class:`AdamW`), instead of adding :math:`\lambda\theta` to the gradient.

    Notes
    -----
    .. math::
        \mu_t &= \beta_1 \bigl(1 - \tfrac12\, 0.96^{t\psi}\bigr), \qquad
        m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2, \\
        \hat m_t &= \frac{\mu_{t+1}\, m_t}{1 - \prod_{i=1}^{t+1}\mu_i}
        + \frac{(1-\mu_t)\, g_t}{1 - \prod_{i=1}^{t}\mu_i}, \qquad
        \hat v_t = \frac{v_t}{1-\beta_2^t}, \qquad
        \theta_t = \theta_{t-1} - \alpha\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}

    with :math:`m_0 = v_0 = 0`. The momentum coefficient :math:`\mu_t` rises from about
    :math:`\beta_1/2` towards :math:`\beta_1`; :math:`\hat m_t` mixes the moment one step
    ahead (weighted by :math:`\mu_{t+1}`) with the current gradient (weighted by
    :math:`1-\mu_t`), each divided by its own correction, the products of the
    :math:`\mu`'s that torch keeps in its state and this class in ``mu_product``. With
    ``weight_decay=λ`` the gradient is :math:`g_t + \lambda\theta_{t-1}` first (L2); with
    ``decoupled_weight_decay=True`` the parameters are shrunk to
    :math:`(1-\alpha\lambda)\,\theta_{t-1}` first instead (NAdamW).

    Same as ``torch.optim.NAdam(params, lr=α, betas=(β1, β2), eps=ε, weight_decay=λ,
    momentum_decay=ψ, decoupled_weight_decay=...)``, whose defaults these are.

    Examples
    --------
    >>> import numpy as np
    >>> opt = NAdam(lr=0.1)
    >>> x = np.array([1.0, 1.0])
    >>> x, state = opt.step(x, np.array([250.0, -0.003]), opt.init(x))
    >>> np.round(x, 4)  # about lr * sign(g), as Adam's first step
    array([0.8944, 1.1056])
    >>> np.round(state.mu_product, 6)  # μ₁ = 0.9 (1 - 0.96^0.004 / 2)
    array([0.450073, 0.450073])
    """

    lr: float = 0.002
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.0
    momentum_decay: float = 0.004
    decoupled_weight_decay: bool = False

    _State = NAdamState

    def __post_init__(self):
        self._store(
            **check_adam(self),
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
            momentum_decay=check_nonnegative("momentum_decay", self.momentum_decay),
            decoupled_weight_decay=check_bool(
                "decoupled_weight_decay", self.decoupled_weight_decay
            ),
        )

    def init(self, params):
        """The state before the first update: moments 0, the product of the μ's 1."""
        state = super().init(params)
        return state._replace(mu_product=np.ones(state.m.shape))

    def _update(self, params, grad, state, lr):
        beta1, beta2, eps, psi = self.beta1, self.beta2, self.eps, self.momentum_decay
        # weight decay, before the rule (off by default): g + λθ, or θ (1 - αλ) if decoupled
        params, grad = apply_weight_decay(
            params, grad, lr, self.weight_decay, self.decoupled_weight_decay
        )
        # [update]
        t = state.count + 1
        mu = beta1 * (1 - 0.5 * 0.96 ** (t * psi))
        mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
        mu_product = state.mu_product * mu
        m = beta1 * state.m + (1 - beta1) * grad
        v = beta2 * state.v + (1 - beta2) * grad**2
        m_hat = mu_next * m / (1 - mu_product * mu_next) + (1 - mu) * grad / (1 - mu_product)
        v_hat = v / (1 - beta2**t)
        params = params - lr * m_hat / (np.sqrt(v_hat) + eps)
        # [/update]
        return params, NAdamState(m, v, mu_product, t)
