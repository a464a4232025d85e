"""RMSProp: per-coordinate steps from a moving average of squared gradients."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_bool, check_lr, check_nonnegative, check_positive, check_unit_interval
from ._base import Optimizer, apply_weight_decay, is_on


class RMSPropState(NamedTuple):
    """The moving average of squared gradients :math:`s` and the update count."""

    square_avg: np.ndarray
    count: int


class RMSPropFullState(NamedTuple):
    r"""RMSProp's state with torch's ``momentum`` or ``centered`` on: the moving averages of
    squared gradients :math:`s` and of gradients :math:`\bar g` (0 unless centered), the
    momentum buffer :math:`b` (0 while the momentum is 0) and the update count; torch's
    ``square_avg``, ``grad_avg`` and ``momentum_buffer``."""

    square_avg: np.ndarray
    grad_avg: np.ndarray
    momentum_buffer: np.ndarray
    count: int


@dataclass(frozen=True, repr=False, eq=False)
class RMSProp(Optimizer):
    r"""RMSProp (Hinton, 2012): AdaGrad whose memory of squared gradients fades.

    Parameters
    ----------
    lr : float, array or schedule, default 0.01
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    beta : float or array, default 0.99
        Decay of the average :math:`\beta \in [0, 1)` (torch calls it ``alpha``).
    eps : float or array, default 1e-8
        :math:`\varepsilon \in (0, \infty)`, added *outside* the square root.
    momentum : float or array, default 0
        torch's ``momentum`` :math:`\mu \in [0, 1)`: a buffer of the scaled gradients, as
        :class:`Momentum` keeps of the plain ones.
    centered : bool, default False
        torch's ``centered``: divide by an estimate of the gradient's standard deviation,
        :math:`\sqrt{s_t - \bar g_t^2}`, instead of its root mean square (Graves, 2013).
    weight_decay : float or array, default 0
        torch's ``weight_decay`` :math:`\lambda \in [0, \infty)`: L2 regularisation,
        :math:`\lambda\theta` added to the gradient before the rule.

    Notes
    -----
    .. math:: s_t = \beta s_{t-1} + (1-\beta)\, g_t^2, \qquad
              \theta_t = \theta_{t-1} - \frac{\alpha}{\sqrt{s_t} + \varepsilon}\, g_t,
              \qquad s_0 = 0

    Same as ``torch.optim.RMSprop(params, lr=α, alpha=β, eps=ε)``: ε is added after the
    square root. Keras's ``RMSprop``, TensorFlow's ``ApplyRMSProp`` and optax's default
    (``scale_by_rms(eps_in_sqrt=True)``) add it inside, :math:`\sqrt{s_t + \varepsilon}`, as
    many texts do; the two differ only while :math:`s_t` is comparable to
    :math:`\varepsilon` (gradients near :math:`\sqrt{\varepsilon}` or below). There is no bias
    correction: with :math:`s_0 = 0`, the first step is :math:`\alpha/\sqrt{1-\beta} = 10\alpha`
    per coordinate for the default β.

    **torch's options.** ``RMSProp(lr=α, beta=β, eps=ε, momentum=μ, centered=True,
    weight_decay=λ)`` is ``torch.optim.RMSprop(params, lr=α, alpha=β, eps=ε, momentum=μ,
    centered=True, weight_decay=λ)``:

    .. math::
        g_t &\leftarrow g_t + \lambda\theta_{t-1}, \qquad
        s_t = \beta s_{t-1} + (1-\beta)\, g_t^2, \qquad
        \bar g_t = \beta \bar g_{t-1} + (1-\beta)\, g_t, \\
        b_t &= \mu\, b_{t-1} + \frac{g_t}{\sqrt{s_t - \bar g_t^2} + \varepsilon}, \qquad
        \theta_t = \theta_{t-1} - \alpha\, b_t, \qquad \bar g_0 = b_0 = 0

    where :math:`\bar g` stays 0 unless centered (so the denominator is the one above), and
    with :math:`\mu = 0` the buffer is the scaled gradient itself. The buffer starts at 0,
    not at its first value (unlike :class:`Momentum`'s in torch). The options are off by
    default and leave the rule above unchanged, bit for bit, and its state an
    :class:`RMSPropState`; with ``momentum`` or ``centered`` on, the state is an
    :class:`RMSPropFullState`. ``repr`` shows the options only when set.

    Examples
    --------
    >>> import numpy as np
    >>> opt = RMSProp(lr=0.01)
    >>> x = np.array([0.0, 0.0])
    >>> x, state = opt.step(x, np.array([3.0, -0.5]), opt.init(x))
    >>> np.round(x, 6)  # -lr * sign(g) / sqrt(1 - beta)
    array([-0.1,  0.1])

    Centered, the first step divides by :math:`\sqrt{s_1 - \bar g_1^2} =
    \sqrt{\beta(1-\beta)}\,|g_1|`, 10 times smaller than :math:`\sqrt{s_1}`:

    >>> opt = RMSProp(lr=0.01, centered=True)
    >>> x, state = opt.step(np.zeros(1), np.array([3.0]), opt.init(np.zeros(1)))
    >>> np.round(x, 4), type(state).__name__  # -lr / sqrt(0.99 * 0.01)
    (array([-0.1005]), 'RMSPropFullState')
    """

    lr: float = 0.01
    beta: float = 0.99
    eps: float = 1e-8
    momentum: float = 0.0
    centered: bool = False
    weight_decay: float = 0.0

    _State = RMSPropState
    _options = ("momentum", "centered", "weight_decay")

    def __post_init__(self):
        self._store(
            lr=check_lr(self.lr),
            beta=check_unit_interval("beta", self.beta),
            eps=check_positive("eps", self.eps),
            momentum=check_unit_interval("momentum", self.momentum),
            centered=check_bool("centered", self.centered),
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
        )
        if self.centered or is_on(self.momentum):  # the averages the options need
            object.__setattr__(self, "_State", RMSPropFullState)

    def _update(self, params, grad, state, lr):
        beta, eps = self.beta, self.eps
        # torch's weight_decay, before the rule (off by default): g + λθ
        params, grad = apply_weight_decay(params, grad, lr, self.weight_decay)
        if self._State is RMSPropFullState:
            return self._update_with_options(params, grad, state, lr)
        # [update]
        square_avg = beta * state.square_avg + (1 - beta) * grad * grad
        params = params - lr * grad / (np.sqrt(square_avg) + eps)
        # [/update]
        return params, RMSPropState(square_avg, state.count + 1)

    def _update_with_options(self, params, grad, state, lr):
        beta, eps, momentum = self.beta, self.eps, self.momentum
        # [update: momentum, centered]
        square_avg = beta * state.square_avg + (1 - beta) * grad * grad
        if self.centered:
            grad_avg = beta * state.grad_avg + (1 - beta) * grad
        else:
            grad_avg = np.zeros_like(square_avg)
        denominator = np.sqrt(square_avg - grad_avg**2) + eps
        momentum_buffer = momentum * state.momentum_buffer + grad / denominator
        params = params - lr * momentum_buffer
        # [/update: momentum, centered]
        return params, RMSPropFullState(square_avg, grad_avg, momentum_buffer, state.count + 1)

    def effective_lr(self, state):
        r"""Per-coordinate step size of the last update, :math:`\alpha/(\sqrt{s_t}+\varepsilon)`.

        Centered, :math:`\alpha/(\sqrt{s_t - \bar g_t^2}+\varepsilon)`. With momentum this is
        the rate at which the gradient enters the buffer, as :class:`Momentum`'s ``lr`` is.
        """
        self._check_state(state)  # one state, or states stacked over time
        lr = self.last_learning_rate(state, state.square_avg)
        if self._State is RMSPropFullState:
            return lr / (np.sqrt(state.square_avg - state.grad_avg**2) + self.eps)
        return lr / (np.sqrt(state.square_avg) + self.eps)
