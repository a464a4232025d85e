"""Adam: momentum on the gradient, RMSProp on its square, both bias-corrected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_bool, check_lr, check_positive, check_unit_interval
from ._base import Optimizer


class AdamState(NamedTuple):
    """First moment :math:`m`, second moment :math:`v` and the update count :math:`t`."""

    m: np.ndarray
    v: np.ndarray
    count: int


def check_adam(opt):
    """The checks Adam and AdamW share: ``lr``, ``beta1``, ``beta2`` and ``eps``."""
    return {
        "lr": check_lr(opt.lr),
        "beta1": check_unit_interval("beta1", opt.beta1),
        "beta2": check_unit_interval("beta2", opt.beta2),
        "eps": check_positive("eps", opt.eps),
    }


def adam_update(params, grad, state, lr, beta1, beta2, eps, bias_correction=True):
    r"""One Adam update; shared by :class:`Adam` and :class:`AdamW`.

    Returns the new parameters and :class:`AdamState`. Inputs are not modified. Every argument
    but ``state`` may be an array (a grid): the expressions are the equation's, elementwise.
    """
    # [update]
    t = state.count + 1
    m = beta1 * state.m + (1 - beta1) * grad
    v = beta2 * state.v + (1 - beta2) * grad**2
    if bias_correction:
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
    else:
        m_hat, v_hat = m, v
    params = params - lr * m_hat / (np.sqrt(v_hat) + eps)
    # [/update]
    return params, AdamState(m, v, t)


@dataclass(frozen=True, repr=False, eq=False)
class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015).

    Parameters
    ----------
    lr : float, array or schedule, default 0.001
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    beta1, beta2 : float or array, default 0.9 and 0.999
        Decays of the first and second moments, each in :math:`[0, 1)`.
    eps : float or array, default 1e-8
        :math:`\varepsilon \in (0, \infty)`, added outside the square root.
    bias_correction : bool, default True
        ``False`` drops the division by :math:`1-\beta^t` (the uncorrected variant of some
        texts, kept here to show what the correction does).

    Notes
    -----
    .. math::
        m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t, &\quad
        \hat m_t &= m_t / (1-\beta_1^t), \\
        v_t &= \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2, &\quad
        \hat v_t &= v_t / (1-\beta_2^t), \\
        \theta_t &= \theta_{t-1} - \alpha\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}
        & &

    with :math:`m_0 = v_0 = 0`. Same as ``torch.optim.Adam(params, lr=α, betas=(β1, β2),
    eps=ε)``. The correction makes the first step :math:`\alpha\,\mathrm{sign}(g_1)` per
    coordinate. Without it, steps are *larger* at first, not smaller: for a constant gradient,
    :math:`m_t/\sqrt{v_t} = (1-\beta_1^t)/\sqrt{1-\beta_2^t}`, which is
    :math:`0.1/\sqrt{0.001} \approx 3.16` at :math:`t=1` for the default β's, because
    :math:`\sqrt{v}` starts much further below its target than :math:`m` does.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Adam(lr=0.1)
    >>> x = np.array([1.0, 1.0])
    >>> x, state = opt.step(x, np.array([250.0, -0.003]), opt.init(x))
    >>> np.round(x, 6)  # lr * sign(g): the gradient's size does not matter
    array([0.9, 1.1])
    >>> x, _ = Adam(lr=0.1, bias_correction=False).step(
    ...     np.array([1.0]), np.array([1.0]), opt.init(np.array([1.0])))
    >>> np.round(1 - x, 4)  # uncorrected: 3.16 times larger
    array([0.3162])
    """

    lr: float = 0.001
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    bias_correction: bool = True

    _State = AdamState

    def __post_init__(self):
        bias_correction = check_bool("bias_correction", self.bias_correction)
        self._store(**check_adam(self), bias_correction=bias_correction)

    def _update(self, params, grad, state, lr):
        return adam_update(
            params, grad, state, lr, self.beta1, self.beta2, self.eps, self.bias_correction
        )

    def effective_lr(self, state):
        r"""Per-coordinate step size of the last update.

        That is :math:`\alpha/(\sqrt{\hat v_t}+\varepsilon)`; multiply by
        :math:`\hat m_t` to get the step itself.
        """
        self._check_state(state)  # one state, or states stacked over time
        lr = self.last_learning_rate(state, state.v)
        t = np.maximum(state.count, 1)
        c2 = self._per_update(state, 1 - self.beta2**t, state.v) if self.bias_correction else 1.0
        return lr / (np.sqrt(state.v / c2) + self.eps)
