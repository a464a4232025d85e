"""RMSProp: per-coordinate steps from a moving average of squared gradients."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_lr, check_positive, check_unit_interval
from ._base import Optimizer


class RMSPropState(NamedTuple):
    """The moving average of squared gradients :math:`s` and the update count."""

    square_avg: np.ndarray
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

    Examples
    --------
    >>> import numpy as np
    >>> opt = RMSProp(lr=0.01)
    >>> x = np.array([0.0, 0.0])
    >>> x, state = opt.step(x, np.array([3.0, -0.5]), opt.init(x))
    >>> np.round(x, 6)  # -lr * sign(g) / sqrt(1 - beta)
    array([-0.1,  0.1])
    """

    lr: float = 0.01
    beta: float = 0.99
    eps: float = 1e-8

    _State = RMSPropState

    def __post_init__(self):
        self._store(
            lr=check_lr(self.lr),
            beta=check_unit_interval("beta", self.beta),
            eps=check_positive("eps", self.eps),
        )

    def _update(self, params, grad, state, lr):
        beta, eps = self.beta, self.eps
        # [update]
        square_avg = beta * state.square_avg + (1 - beta) * grad * grad
        params = params - lr * grad / (np.sqrt(square_avg) + eps)
        # [/update]
        return params, RMSPropState(square_avg, state.count + 1)

    def effective_lr(self, state):
        r"""Per-coordinate step size of the last update, :math:`\alpha/(\sqrt{s_t}+\varepsilon)`."""
        self._check_state(state)  # one state, or states stacked over time
        lr = self.last_learning_rate(state, state.square_avg)
        return lr / (np.sqrt(state.square_avg) + self.eps)
