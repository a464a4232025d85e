"""AdamW: Adam with weight decay applied to the parameters, not to the gradient."""

from __future__ import annotations

from dataclasses import dataclass

from .._checks import check_bool, check_nonnegative
from ._base import Optimizer
from .adam import AdamState, AMSGradState, adam_update, amsgrad_update, check_adam


@dataclass(frozen=True, repr=False, eq=False)
class AdamW(Optimizer):
    r"""AdamW (Loshchilov & Hutter, 2019): decoupled weight decay.

    Parameters
    ----------
    lr : float, array or schedule, default 0.001
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    beta1, beta2 : float or array, default 0.9 and 0.999
        Decays of the moments, each in :math:`[0, 1)`.
    eps : float or array, default 1e-8
        :math:`\varepsilon \in (0, \infty)`, outside the square root.
    weight_decay : float or array, default 0.01
        :math:`\lambda \in [0, \infty)`.
    amsgrad : bool, default False
        torch's ``amsgrad``: the same decay, then :class:`Adam`'s AMSGrad step
        (``Adam(amsgrad=True)``, with an :class:`AMSGradState`).

    Notes
    -----
    .. math:: \theta_t = (1 - \alpha\lambda)\,\theta_{t-1}
              - \alpha\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}

    with :math:`\hat m_t, \hat v_t` from :class:`Adam` on the plain gradient :math:`g_t`. Same as
    ``torch.optim.AdamW(params, lr=α, betas=(β1, β2), eps=ε, weight_decay=λ)``. Adding
    :math:`\lambda\theta` to the gradient instead (L2 regularisation, what
    ``torch.optim.Adam(weight_decay=λ)`` does) lets the adaptive denominator rescale the decay:
    coordinates with large gradients are barely decayed at all. With ``amsgrad=True`` it is
    ``torch.optim.AdamW(..., amsgrad=True)``; off by default, ``repr`` shows it only when set.

    Examples
    --------
    >>> import numpy as np
    >>> opt = AdamW(lr=0.1, weight_decay=0.5)
    >>> x = np.array([2.0])
    >>> x, state = opt.step(x, np.array([0.0]), opt.init(x))
    >>> x  # zero gradient: only the decay acts, 2 * (1 - 0.1 * 0.5)
    array([1.9])
    """

    lr: float = 0.001
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.01
    amsgrad: bool = False

    _State = AdamState
    _options = ("amsgrad",)

    def __post_init__(self):
        weight_decay = check_nonnegative("weight_decay", self.weight_decay)
        amsgrad = check_bool("amsgrad", self.amsgrad)
        self._store(**check_adam(self), weight_decay=weight_decay, amsgrad=amsgrad)
        if self.amsgrad:
            object.__setattr__(self, "_State", AMSGradState)

    def _update(self, params, grad, state, lr):
        if self.amsgrad:  # torch's amsgrad=True: the same decay, then AMSGrad's step
            params = params * (1 - lr * self.weight_decay)
            return amsgrad_update(params, grad, state, lr, self.beta1, self.beta2, self.eps)
        # [update]
        params = params * (1 - lr * self.weight_decay)  # decay first, outside the gradient
        params, state = adam_update(params, grad, state, lr, self.beta1, self.beta2, self.eps)
        # [/update]
        return params, state
