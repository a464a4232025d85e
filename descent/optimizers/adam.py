"""Adam: momentum on the gradient, RMSProp on its square, both bias-corrected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_bool, check_lr, check_nonnegative, check_positive, check_unit_interval
from ._base import Optimizer, apply_weight_decay


class AdamState(NamedTuple):
    """First moment :math:`m`, second moment :math:`v` and the update count :math:`t`."""

    m: np.ndarray
    v: np.ndarray
    count: int


class AMSGradState(NamedTuple):
    r"""Adam's moments :math:`m` and :math:`v`, the largest second moment so far
    :math:`v^{\max}` (torch's ``max_exp_avg_sq``) and the update count :math:`t`."""

    m: np.ndarray
    v: np.ndarray
    v_max: np.ndarray
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


def amsgrad_update(params, grad, state, lr, beta1, beta2, eps, bias_correction=True):
    r"""One AMSGrad update (torch's ``amsgrad=True``); shared by :class:`Adam` and
    :class:`AdamW`.

    Adam's moments, but :math:`\hat v` from the largest :math:`v` so far: taken before the
    bias correction, as torch does, so :math:`\hat v_t = \max_{s \le t} v_s / (1-\beta_2^t)`.
    Returns the new parameters and :class:`AMSGradState`.
    """
    # [update: amsgrad]
    t = state.count + 1
    m = beta1 * state.m + (1 - beta1) * grad
    v = beta2 * state.v + (1 - beta2) * grad**2
    v_max = np.maximum(state.v_max, v)
    if bias_correction:
        m_hat = m / (1 - beta1**t)
        v_hat = v_max / (1 - beta2**t)
    else:
        m_hat, v_hat = m, v_max
    params = params - lr * m_hat / (np.sqrt(v_hat) + eps)
    # [/update: amsgrad]
    return params, AMSGradState(m, v, v_max, t)


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
    weight_decay : float or array, default 0
        torch's ``weight_decay`` :math:`\lambda \in [0, \infty)`: L2 regularisation,
        :math:`\lambda\theta` added to the gradient before the rule (not :class:`AdamW`'s
        decoupled decay).
    amsgrad : bool, default False
        torch's ``amsgrad``: AMSGrad (Reddi, Kale & Kumar, 2018), :math:`\hat v` from the
        largest second moment so far.

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

    **torch's options.** ``Adam(..., weight_decay=λ, amsgrad=True)`` is
    ``torch.optim.Adam(..., weight_decay=λ, amsgrad=True)``:

    .. math:: g_t \leftarrow g_t + \lambda\theta_{t-1}, \qquad
              v^{\max}_t = \max(v^{\max}_{t-1}, v_t), \qquad
              \hat v_t = v^{\max}_t / (1-\beta_2^t),

    with :math:`v^{\max}_0 = 0` and the rest as above. The maximum is of the uncorrected
    :math:`v`, as in torch, not of :math:`\hat v`. Both options are off by default and leave
    the rule above unchanged, and its state an :class:`AdamState`; with ``amsgrad`` the
    state is an :class:`AMSGradState`. ``repr`` shows them only when set.

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

    AMSGrad keeps the largest second moment, so its denominator never shrinks:

    >>> opt = Adam(lr=0.1, beta2=0.9, amsgrad=True)
    >>> x, state = np.zeros(1), opt.init(np.zeros(1))
    >>> for g in (10.0, 0.1, 0.1):
    ...     x, state = opt.step(x, np.array([g]), state)
    >>> np.round(state.v, 4), state.v_max  # v fades, its maximum stays
    (array([8.1019]), array([10.]))
    """

    lr: float = 0.001
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    bias_correction: bool = True
    weight_decay: float = 0.0
    amsgrad: bool = False

    _State = AdamState
    _options = ("weight_decay", "amsgrad")

    def __post_init__(self):
        bias_correction = check_bool("bias_correction", self.bias_correction)
        self._store(
            **check_adam(self),
            bias_correction=bias_correction,
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
            amsgrad=check_bool("amsgrad", self.amsgrad),
        )
        if self.amsgrad:
            object.__setattr__(self, "_State", AMSGradState)

    def _update(self, params, grad, state, lr):
        # torch's weight_decay, before the rule (off by default): g + λθ
        params, grad = apply_weight_decay(params, grad, lr, self.weight_decay)
        update = amsgrad_update if self.amsgrad else adam_update
        return update(
            params, grad, state, lr, self.beta1, self.beta2, self.eps, self.bias_correction
        )

    def effective_lr(self, state):
        r"""Per-coordinate step size of the last update.

        That is :math:`\alpha/(\sqrt{\hat v_t}+\varepsilon)`; multiply by
        :math:`\hat m_t` to get the step itself. With ``amsgrad``, :math:`\hat v_t` is
        AMSGrad's, from :math:`v^{\max}_t`.
        """
        self._check_state(state)  # one state, or states stacked over time
        v = state.v_max if self.amsgrad else state.v
        lr = self.last_learning_rate(state, v)
        t = np.maximum(state.count, 1)
        c2 = self._per_update(state, 1 - self.beta2**t, v) if self.bias_correction else 1.0
        return lr / (np.sqrt(v / c2) + self.eps)
