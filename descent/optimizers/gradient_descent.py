"""Plain gradient descent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .._checks import check_lr
from ._base import Optimizer


class GradientDescentState(NamedTuple):
    """Gradient descent remembers nothing but how many updates it has made."""

    count: int


@dataclass(frozen=True, repr=False)
class GradientDescent(Optimizer):
    r"""Gradient descent: step against the gradient, scaled by the learning rate.

    Parameters
    ----------
    lr : float or schedule
        Learning rate :math:`\alpha > 0`, or a schedule from :mod:`descent.schedules`.

    Notes
    -----
    .. math:: \theta_t = \theta_{t-1} - \alpha\, g_t, \qquad g_t = \nabla J(\theta_{t-1})

    Same as ``torch.optim.SGD(params, lr=α)``. With the gradient of the whole data set this is
    *batch* gradient descent; with the gradient of a mini-batch it is stochastic gradient
    descent (see :func:`descent.run_stochastic`).

    Examples
    --------
    >>> import numpy as np
    >>> opt = GradientDescent(lr=0.1)
    >>> state = opt.init(np.array([1.0, -2.0]))
    >>> params, state = opt.step(np.array([1.0, -2.0]), np.array([2.0, -4.0]), state)
    >>> params
    array([ 0.8, -1.6])
    >>> state.count
    1
    """

    lr: float

    def __post_init__(self):
        check_lr(self.lr)

    def init(self, params):
        return GradientDescentState(count=0)

    def step(self, params, grad, state):
        params, grad = self._arrays(params, grad)
        lr = self.learning_rate(state.count)
        # [update]
        params = params - lr * grad
        # [/update]
        return params, GradientDescentState(state.count + 1)
