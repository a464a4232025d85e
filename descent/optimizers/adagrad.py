"""AdaGrad: per-coordinate steps from the sum of all past squared gradients."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_lr, check_nonnegative, check_positive
from ._base import Optimizer, apply_weight_decay, is_on


class AdaGradState(NamedTuple):
    """The running sum of squared gradients :math:`s` and the update count."""

    sum_squares: np.ndarray
    count: int


@dataclass(frozen=True, repr=False, eq=False)
class AdaGrad(Optimizer):
    r"""AdaGrad (Duchi, Hazan & Singer, 2011).

    Parameters
    ----------
    lr : float, array or schedule, default 0.01
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    eps : float or array, default 1e-10
        :math:`\varepsilon \in (0, \infty)`, added *outside* the square root.
    lr_decay : float or array, default 0
        torch's ``lr_decay`` :math:`\kappa \in [0, \infty)`: update :math:`t` uses the rate
        :math:`\alpha / (1 + (t-1)\,\kappa)`.
    weight_decay : float or array, default 0
        torch's ``weight_decay`` :math:`\lambda \in [0, \infty)`: L2 regularisation,
        :math:`\lambda\theta` added to the gradient before the rule.
    initial_accumulator_value : float or array, default 0
        torch's ``initial_accumulator_value``: :math:`s_0 \in [0, \infty)`.

    Notes
    -----
    .. math:: s_t = s_{t-1} + g_t^2, \qquad
              \theta_t = \theta_{t-1} - \frac{\alpha}{\sqrt{s_t} + \varepsilon}\, g_t,
              \qquad s_0 = 0

    (squares and division elementwise). Same as ``torch.optim.Adagrad(params, lr=α, eps=ε)``
    with its defaults ``lr_decay=0, initial_accumulator_value=0``. Because :math:`s_t` only
    grows, every coordinate's effective rate :math:`\alpha/(\sqrt{s_t}+\varepsilon)` only
    shrinks: see :meth:`effective_lr`.

    **torch's options.** ``AdaGrad(lr=α, eps=ε, lr_decay=κ, weight_decay=λ,
    initial_accumulator_value=s₀)`` is ``torch.optim.Adagrad(params, lr=α, lr_decay=κ,
    weight_decay=λ, initial_accumulator_value=s₀, eps=ε)``:

    .. math:: g_t \leftarrow g_t + \lambda\theta_{t-1}, \qquad
              \alpha_t = \frac{\alpha}{1 + (t-1)\,\kappa}, \qquad
              \theta_t = \theta_{t-1} - \frac{\alpha_t}{\sqrt{s_t} + \varepsilon}\, g_t

    with :math:`s_t` as above from :math:`s_0`. A schedule's rate is decayed the same way
    (torch divides the scheduler's rate). The options are off by default and leave the rule
    above unchanged; ``repr`` shows them only when set.

    Examples
    --------
    >>> import numpy as np
    >>> opt = AdaGrad(lr=0.5)
    >>> x = np.array([1.0, 1.0])
    >>> x, state = opt.step(x, np.array([4.0, 0.1]), opt.init(x))
    >>> x  # the first step is lr * sign(g), whatever the gradient's size
    array([0.5, 0.5])
    >>> opt.effective_lr(state).round(6)
    array([0.125, 5.   ])

    A sum that starts above 0 makes the first steps smaller:

    >>> opt = AdaGrad(lr=0.5, initial_accumulator_value=9.0)
    >>> x, state = opt.step(np.zeros(1), np.array([4.0]), opt.init(np.zeros(1)))
    >>> x, state.sum_squares  # -0.5 * 4 / sqrt(9 + 16)
    (array([-0.4]), array([25.]))
    """

    lr: float = 0.01
    eps: float = 1e-10
    lr_decay: float = 0.0
    weight_decay: float = 0.0
    initial_accumulator_value: float = 0.0

    _State = AdaGradState
    _options = ("lr_decay", "weight_decay", "initial_accumulator_value")

    def __post_init__(self):
        self._store(
            lr=check_lr(self.lr),
            eps=check_positive("eps", self.eps),
            lr_decay=check_nonnegative("lr_decay", self.lr_decay),
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
            initial_accumulator_value=check_nonnegative(
                "initial_accumulator_value", self.initial_accumulator_value
            ),
        )

    def init(self, params):
        """The state before the first update: the sum :math:`s_0` (0 unless
        ``initial_accumulator_value`` says otherwise), for parameters shaped like ``params``."""
        state = super().init(params)
        s0 = np.broadcast_to(self.initial_accumulator_value, state.sum_squares.shape)
        return state._replace(sum_squares=np.array(s0, dtype=float))

    def _update(self, params, grad, state, lr):
        eps = self.eps
        # torch's options, before the rule (off by default): g + λθ, and α / (1 + (t-1) κ)
        params, grad = apply_weight_decay(params, grad, lr, self.weight_decay)
        if is_on(self.lr_decay):
            lr = lr / (1 + state.count * self.lr_decay)
        # [update]
        sum_squares = state.sum_squares + grad * grad
        params = params - lr * grad / (np.sqrt(sum_squares) + eps)
        # [/update]
        return params, AdaGradState(sum_squares, state.count + 1)

    def effective_lr(self, state):
        r"""Per-coordinate step size of the last update, :math:`\alpha/(\sqrt{s_t}+\varepsilon)`.

        With ``lr_decay``, :math:`\alpha_t/(\sqrt{s_t}+\varepsilon)`: the last update's decayed
        rate.
        """
        self._check_state(state)  # one state, or states stacked over time
        lr = self.last_learning_rate(state, state.sum_squares)
        if is_on(self.lr_decay):  # the last update's t - 1 is count - 1
            last = np.maximum(np.asarray(state.count) - 1, 0)
            lr = lr / (1 + self._per_update(state, last, state.sum_squares) * self.lr_decay)
        return lr / (np.sqrt(state.sum_squares) + self.eps)
