"""Adadelta: RMSProp whose step is scaled by a moving average of the past steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_lr, check_nonnegative, check_positive, check_unit_interval
from ._base import Optimizer, apply_weight_decay


class AdadeltaState(NamedTuple):
    r"""The moving averages of squared gradients :math:`s` and of squared updates
    :math:`u` (torch's ``square_avg`` and ``acc_delta``), and the update count."""

    square_avg: np.ndarray
    delta_square_avg: np.ndarray
    count: int


@dataclass(frozen=True, repr=False, eq=False)
class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012): per-coordinate steps in the units of the parameters.

    Parameters
    ----------
    lr : float, array or schedule, default 1.0
        :math:`\alpha \in (0, \infty)`, a factor on the update (Zeiler's rule has none: 1).
    beta : float or array, default 0.9
        Decay of both averages, :math:`\beta \in [0, 1)` (torch calls it ``rho``).
    eps : float or array, default 1e-6
        :math:`\varepsilon \in (0, \infty)`, added *inside* both square roots.
    weight_decay : float or array, default 0
        :math:`\lambda \in [0, \infty)`: L2 regularisation, :math:`\lambda\theta` added to
        the gradient before the rule.

    Notes
    -----
    .. math::
        s_t &= \beta s_{t-1} + (1-\beta)\, g_t^2, \qquad
        \Delta_t = \frac{\sqrt{u_{t-1} + \varepsilon}}{\sqrt{s_t + \varepsilon}}\, g_t, \\
        u_t &= \beta u_{t-1} + (1-\beta)\, \Delta_t^2, \qquad
        \theta_t = \theta_{t-1} - \alpha\, \Delta_t

    with :math:`s_0 = u_0 = 0`. The numerator is the root mean square of the past updates, so
    the step has the units of :math:`\theta` whatever those of :math:`g`, and there is no
    rate to tune (:math:`\alpha = 1`). It starts at :math:`\sqrt{\varepsilon}` per unit of
    the RMS-normalised gradient, so ε sets the size of the first steps: with the default
    :math:`10^{-6}`, the first is :math:`10^{-3}/\sqrt{1-\beta} \approx 0.0032` per
    coordinate. With ``weight_decay=λ`` the gradient is :math:`g_t + \lambda\theta_{t-1}`
    first.

    Same as ``torch.optim.Adadelta(params, lr=α, rho=β, eps=ε, weight_decay=λ)``, whose
    defaults these are. :math:`\beta = 1`, which torch accepts, keeps both averages at 0
    and makes this gradient descent with rate :math:`\alpha`; it is refused, as for every
    decay here.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Adadelta()
    >>> x = np.array([0.0, 0.0])
    >>> x, state = opt.step(x, np.array([100.0, -0.01]), opt.init(x))
    >>> np.round(x, 5)  # sqrt(eps) / sqrt(1 - beta) * sign(g), up to eps
    array([-0.00316,  0.00302])
    """

    lr: float = 1.0
    beta: float = 0.9
    eps: float = 1e-6
    weight_decay: float = 0.0

    _State = AdadeltaState

    def __post_init__(self):
        self._store(
            lr=check_lr(self.lr),
            beta=check_unit_interval("beta", self.beta),
            eps=check_positive("eps", self.eps),
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
        )

    def _update(self, params, grad, state, lr):
        beta, eps = self.beta, self.eps
        # torch's weight_decay, before the rule (off by default): g + λθ
        params, grad = apply_weight_decay(params, grad, lr, self.weight_decay)
        # [update]
        square_avg = beta * state.square_avg + (1 - beta) * grad * grad
        delta = np.sqrt(state.delta_square_avg + eps) / np.sqrt(square_avg + eps) * grad
        delta_square_avg = beta * state.delta_square_avg + (1 - beta) * delta * delta
        params = params - lr * delta
        # [/update]
        return params, AdadeltaState(square_avg, delta_square_avg, state.count + 1)
