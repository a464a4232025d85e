"""RAdam: Adam that starts as momentum until its second moment can be trusted."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._checks import check_bool, check_nonnegative
from ._base import Optimizer, apply_weight_decay
from .adam import AdamState, check_adam


@dataclass(frozen=True, repr=False, eq=False)
class RAdam(Optimizer):
    r"""RAdam (Liu et al., 2020): Adam with the variance of its adaptive rate rectified.

    Parameters
    ----------
    lr : float, array or schedule, default 0.001
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    beta1, beta2 : float or array, default 0.9 and 0.999
        Decays of the first and second moments, each in :math:`[0, 1)`.
    eps : float or array, default 1e-8
        :math:`\varepsilon \in (0, \infty)`, added to :math:`\sqrt{v_t}` *before* the bias
        correction (torch's choice here, unlike its Adam's).
    weight_decay : float or array, default 0
        :math:`\lambda \in [0, \infty)`: L2 regularisation, :math:`\lambda\theta` added to
        the gradient, or with ``decoupled_weight_decay`` AdamW's decay.
    decoupled_weight_decay : bool, default False
        Shrink the parameters by :math:`1 - \alpha\lambda` before the step (as
        :class:`AdamW`), instead of adding :math:`\lambda\theta` to the gradient.

    Notes
    -----
    With :math:`m_t, v_t` as in :class:`Adam` and :math:`\hat m_t = m_t/(1-\beta_1^t)`,

    .. math::
        \rho_\infty &= \frac{2}{1-\beta_2} - 1, \qquad
        \rho_t = \rho_\infty - \frac{2t\,\beta_2^t}{1-\beta_2^t}, \\
        \theta_t &= \begin{cases}
            \theta_{t-1} - \alpha\, \hat m_t\, r_t\, \ell_t & \rho_t > 5, \\
            \theta_{t-1} - \alpha\, \hat m_t & \text{otherwise,}
        \end{cases} \\
        r_t &= \sqrt{\frac{(\rho_t-4)(\rho_t-2)\,\rho_\infty}
                         {(\rho_\infty-4)(\rho_\infty-2)\,\rho_t}}, \qquad
        \ell_t = \frac{\sqrt{1-\beta_2^t}}{\sqrt{v_t} + \varepsilon} .

    :math:`\rho_t` is the length of the simple moving average that the exponential one of
    :math:`g^2` resembles after :math:`t` steps; while it is at most 5 the adaptive rate
    :math:`\ell_t` has no finite variance, and the step is momentum's, with bias
    correction. Then :math:`r_t` rises to 1, so RAdam becomes Adam (with this ε). For the
    default :math:`\beta_2 = 0.999` the first 5 updates are momentum's; for
    :math:`\beta_2 \le 2/3` (:math:`\rho_\infty \le 5`) every one is. With ``weight_decay=λ``
    the gradient is :math:`g_t + \lambda\theta_{t-1}` first (L2); with
    ``decoupled_weight_decay=True`` the parameters are shrunk to
    :math:`(1-\alpha\lambda)\,\theta_{t-1}` first instead.

    Same as ``torch.optim.RAdam(params, lr=α, betas=(β1, β2), eps=ε, weight_decay=λ,
    decoupled_weight_decay=...)``, whose defaults these are. The state is
    :class:`AdamState`: the moments are Adam's.

    Examples
    --------
    >>> import numpy as np
    >>> opt = RAdam(lr=0.1)
    >>> x, state = np.array([1.0]), opt.init(np.array([1.0]))
    >>> steps = []
    >>> for _ in range(7):
    ...     new, state = opt.step(x, np.array([2.0]), state)
    ...     steps.append(float(x[0] - new[0]))
    ...     x = new
    >>> np.round(steps, 3)  # α g for 5 updates (momentum's), then rectified
    array([0.2  , 0.2  , 0.2  , 0.2  , 0.2  , 0.003, 0.003])
    """

    lr: float = 0.001
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.0
    decoupled_weight_decay: bool = False

    _State = AdamState

    def __post_init__(self):
        self._store(
            **check_adam(self),
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
            decoupled_weight_decay=check_bool(
                "decoupled_weight_decay", self.decoupled_weight_decay
            ),
        )

    def _update(self, params, grad, state, lr):
        beta1, eps = self.beta1, self.eps
        # numpy's numbers, so that a 0 in the unused branch (rho_inf - 4, say) is quiet
        beta2 = np.asarray(self.beta2)
        # weight decay, before the rule (off by default): g + λθ, or θ (1 - αλ) if decoupled
        params, grad = apply_weight_decay(
            params, grad, lr, self.weight_decay, self.decoupled_weight_decay
        )
        # [update]
        t = state.count + 1
        m = beta1 * state.m + (1 - beta1) * grad
        v = beta2 * state.v + (1 - beta2) * grad**2
        m_hat = m / (1 - beta1**t)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
        r_t = np.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
        l_t = np.sqrt(1 - beta2**t) / (np.sqrt(v) + eps)
        step = np.where(rho_t > 5, m_hat * r_t * l_t, m_hat)
        params = params - lr * step
        # [/update]
        return params, AdamState(m, v, t)
