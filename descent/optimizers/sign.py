"""Sign descent: step by the sign of the gradient (signSGD), or of its momentum (Signum)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_lr, check_unit_interval
from ._base import Optimizer
from .gradient_descent import GradientDescentState


@dataclass(frozen=True, repr=False, eq=False)
class SignSGD(Optimizer):
    r"""signSGD (Bernstein et al., 2018): a step of :math:`\alpha` against the gradient's sign.

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`): the size
        of every step, per coordinate.

    Notes
    -----
    .. math:: \theta_t = \theta_{t-1} - \alpha\, \mathrm{sign}(g_t),
              \qquad \mathrm{sign}(0) = 0

    The step has the same size whatever the gradient's: :math:`\alpha` in each coordinate
    where :math:`g \ne 0`, 0 where :math:`g = 0` (numpy's and torch's ``sign``; the paper
    leaves it open, and some implementations send 0 to +1). A non-finite gradient keeps its
    sign: :math:`\pm\infty` gives a step of :math:`\mp\alpha`, only ``nan`` gives ``nan``.

    torch.optim has no sign descent and no library is its reference, so the tests check this
    class against the equation above. It remembers nothing but the update count, so its state
    is :class:`GradientDescentState`. With momentum it is :class:`Signum`.

    Examples
    --------
    >>> import numpy as np
    >>> opt = SignSGD(lr=0.1)
    >>> x = np.array([1.0, 1.0, 1.0])
    >>> x, state = opt.step(x, np.array([250.0, -0.003, 0.0]), opt.init(x))
    >>> x  # ±lr, whatever the gradient's size; nothing where it is 0
    array([0.9, 1.1, 1. ])
    """

    lr: float

    _State = GradientDescentState

    def __post_init__(self):
        self._store(lr=check_lr(self.lr))

    def _update(self, params, grad, state, lr):
        # [update]
        params = params - lr * np.sign(grad)
        # [/update]
        return params, GradientDescentState(state.count + 1)


class SignumState(NamedTuple):
    """The momentum :math:`m` (a moving average of gradients) and the update count."""

    m: np.ndarray
    count: int


@dataclass(frozen=True, repr=False, eq=False)
class Signum(Optimizer):
    r"""Signum (Bernstein et al., 2018): a step of :math:`\alpha` against the sign of the momentum.

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`).
    beta : float or array, default 0.9
        Decay of the momentum :math:`\beta \in [0, 1)`. ``beta=0`` is :class:`SignSGD` exactly.

    Notes
    -----
    .. math:: m_t = \beta m_{t-1} + (1-\beta)\, g_t, \qquad
              \theta_t = \theta_{t-1} - \alpha\, \mathrm{sign}(m_t), \qquad m_0 = 0

    as in the paper's Algorithm 2, with :math:`\mathrm{sign}(0) = 0` (see :class:`SignSGD`).
    The factor :math:`1-\beta` changes nothing in the step (the sign does not see a positive
    scale); it keeps :math:`m` on the gradient's scale, an average rather than a sum.

    **Why a class of its own**, and not ``SignSGD(beta=...)``: the two keep different states
    (signSGD none, Signum a momentum the size of the parameters), the paper and the site name
    them as two methods, and each has its own entry (and colour) in the registry. It is the
    relation of :class:`Momentum` to :class:`GradientDescent`, with the same property:
    ``Signum(beta=0)`` takes exactly the steps of :class:`SignSGD`. No library is its
    reference: the tests check it against the equations above.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Signum(lr=0.1, beta=0.9)
    >>> x = np.array([1.0])
    >>> x, state = opt.step(x, np.array([2.0]), opt.init(x))
    >>> x, state.m
    (array([0.9]), array([0.2]))
    >>> x, state = opt.step(x, np.array([-1.0]), state)  # m = 0.18 - 0.1
    >>> np.round(x, 12)  # the sign of m, not of g: on in the same direction
    array([0.8])
    """

    lr: float
    beta: float = 0.9

    _State = SignumState

    def __post_init__(self):
        self._store(lr=check_lr(self.lr), beta=check_unit_interval("beta", self.beta))

    def _update(self, params, grad, state, lr):
        beta = self.beta
        # [update]
        m = beta * state.m + (1 - beta) * grad
        params = params - lr * np.sign(m)
        # [/update]
        return params, SignumState(m, state.count + 1)
