"""Nesterov's accelerated gradient, in the form torch.optim uses."""

from __future__ import annotations

from dataclasses import InitVar, dataclass

from .._checks import check_lr, check_nonnegative, check_real, check_unit_interval
from ._base import Optimizer, apply_weight_decay
from .momentum import MomentumState


@dataclass(frozen=True, repr=False, eq=False)
class Nesterov(Optimizer):
    r"""Nesterov momentum: correct the step with the gradient at the look-ahead point.

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    beta : float or array, default 0.9
        Momentum :math:`\beta \in [0, 1)`.
    dampening : 0
        Accepted only as 0, because torch refuses it: ``torch.optim.SGD(nesterov=True,
        dampening=d)`` raises "Nesterov momentum requires a momentum and zero dampening" for
        any :math:`d \ne 0`, and this raises a ``ValueError`` too. It is no hyperparameter of
        the class (not a field, not in the ``repr``); :class:`Momentum` has it.
    weight_decay : float or array, default 0
        torch's ``weight_decay`` :math:`\lambda \in [0, \infty)`: L2 regularisation,
        :math:`g_t \leftarrow g_t + \lambda\theta_{t-1}` before the rule.

    Notes
    -----
    The textbook form evaluates the gradient at the point momentum is about to carry us to:

    .. math:: u_t = \beta u_{t-1} - \alpha \nabla J(\phi_{t-1} + \beta u_{t-1}),
              \qquad \phi_t = \phi_{t-1} + u_t .

    Tracking :math:`\theta = \phi + \beta u` (the look-ahead point itself) instead gives the
    form ``torch.optim.SGD(params, lr=α, momentum=β, nesterov=True)`` uses, and this class:

    .. math:: v_t = \beta v_{t-1} + g_t, \qquad
              \theta_t = \theta_{t-1} - \alpha\,(g_t + \beta v_t),
              \qquad g_t = \nabla J(\theta_{t-1}) .

    The state (the velocity) is :class:`Momentum`'s, and so are the checks of ``lr`` and
    ``beta``; only the step differs. With ``weight_decay=λ`` it is
    ``torch.optim.SGD(..., nesterov=True, weight_decay=λ)``; off by default, it leaves the
    rule unchanged and ``repr`` shows it only when set.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Nesterov(lr=0.1, beta=0.9)
    >>> x = np.array([1.0])
    >>> x, state = opt.step(x, np.array([2.0]), opt.init(x))
    >>> x  # 1 - 0.1 * (2 + 0.9 * 2)
    array([0.62])
    >>> Nesterov(lr=0.1, dampening=0.5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: dampening must be 0 for Nesterov, got 0.5 (torch.optim.SGD ...)
    """

    lr: float
    beta: float = 0.9
    dampening: InitVar[float] = 0.0
    weight_decay: float = 0.0

    _State = MomentumState
    _options = ("weight_decay",)

    def __post_init__(self, dampening):
        dampening = check_real("dampening", dampening, scalar=True, allowed="equal to 0")
        if dampening != 0:
            raise ValueError(
                f"dampening must be 0 for Nesterov, got {dampening!r} (torch.optim.SGD refuses "
                "nesterov=True with dampening: use Momentum(dampening=...))"
            )
        self._store(
            lr=check_lr(self.lr),
            beta=check_unit_interval("beta", self.beta),
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
        )

    def _update(self, params, grad, state, lr):
        beta = self.beta
        # torch's weight_decay, before the rule (off by default): g + λθ
        params, grad = apply_weight_decay(params, grad, lr, self.weight_decay)
        # [update]
        velocity = beta * state.velocity + grad
        params = params - lr * (grad + beta * velocity)
        # [/update]
        return params, MomentumState(velocity, state.count + 1)
