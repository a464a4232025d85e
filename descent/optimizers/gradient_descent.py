"""Plain gradient descent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .._checks import check_lr
from ._base import Optimizer


class GradientDescentState(NamedTuple):
    """Gradient descent remembers nothing but how many updates it has made."""

    count: int


@dataclass(frozen=True, repr=False, eq=False)
class GradientDescent(Optimizer):
    r"""Gradient descent: step against the gradient, scaled by the learning rate.

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\alpha \in (0, \infty)`, finite; an array of them that broadcasts
        to the parameters' shape; or a schedule from :mod:`descent.schedules` (any callable
        ``t -> lr``, whose values are checked when used).

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
    >>> grad = np.array([2.0, -4.0])
    >>> params, state = opt.step(np.array([1.0, -2.0]), grad, state)
    >>> params
    array([ 0.8, -1.6])
    >>> state.count
    1
    """

    lr: float

    _State = GradientDescentState

    def __post_init__(self):
        self._store(lr=check_lr(self.lr))

    def _update(self, params, grad, state, lr):
        # [update]
        params = params - lr * grad
        # [/update]
        return params, GradientDescentState(state.count + 1)
