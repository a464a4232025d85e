"""Nesterov's accelerated gradient, in the form torch.optim uses."""

from __future__ import annotations

from dataclasses import dataclass

from .momentum import Momentum, MomentumState


@dataclass(frozen=True, repr=False, eq=False)
class Nesterov(Momentum):
    r"""Nesterov momentum: correct the step with the gradient at the look-ahead point.

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    beta : float or array, default 0.9
        Momentum :math:`\beta \in [0, 1)`.

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

    The hyperparameters, their checks and the state (the velocity) are :class:`Momentum`'s;
    only the step differs.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Nesterov(lr=0.1, beta=0.9)
    >>> x = np.array([1.0])
    >>> x, state = opt.step(x, np.array([2.0]), opt.init(x))
    >>> x  # 1 - 0.1 * (2 + 0.9 * 2)
    array([0.62])
    """

    def _update(self, params, grad, state, lr):
        beta = self.beta
        # [update]
        velocity = beta * state.velocity + grad
        params = params - lr * (grad + beta * velocity)
        # [/update]
        return params, MomentumState(velocity, state.count + 1)
