"""AdaGrad: per-coordinate steps from the sum of all past squared gradients."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_lr, check_positive
from ._base import Optimizer


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

    Notes
    -----
    .. math:: s_t = s_{t-1} + g_t^2, \qquad
              \theta_t = \theta_{t-1} - \frac{\alpha}{\sqrt{s_t} + \varepsilon}\, g_t,
              \qquad s_0 = 0

    (squares and division elementwise). Same as ``torch.optim.Adagrad(params, lr=α, eps=ε)``
    with its defaults ``lr_decay=0, initial_accumulator_value=0``. Because :math:`s_t` only
    grows, every coordinate's effective rate :math:`\alpha/(\sqrt{s_t}+\varepsilon)` only
    shrinks: see :meth:`effective_lr`.

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
    """

    lr: float = 0.01
    eps: float = 1e-10

    _State = AdaGradState

    def __post_init__(self):
        self._store(lr=check_lr(self.lr), eps=check_positive("eps", self.eps))

    def _update(self, params, grad, state, lr):
        eps = self.eps
        # [update]
        sum_squares = state.sum_squares + grad * grad
        params = params - lr * grad / (np.sqrt(sum_squares) + eps)
        # [/update]
        return params, AdaGradState(sum_squares, state.count + 1)

    def effective_lr(self, state):
        r"""Per-coordinate step size of the last update, :math:`\alpha/(\sqrt{s_t}+\varepsilon)`."""
        self._check_state(state)  # one state, or states stacked over time
        lr = self.last_learning_rate(state, state.sum_squares)
        return lr / (np.sqrt(state.sum_squares) + self.eps)
