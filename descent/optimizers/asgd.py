"""ASGD: gradient descent with a decaying rate, and the average of the points it visits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_lr, check_nonnegative
from ._base import Optimizer, apply_weight_decay


class ASGDState(NamedTuple):
    r"""The rate :math:`\eta_t` and the averaging weight :math:`\mu_t` of the next update,
    the averaged point :math:`\bar\theta_t` (torch's ``eta``, ``mu`` and ``ax``; :math:`\eta`
    and :math:`\mu` as arrays shaped like the parameters) and the update count.

    ``ax`` is the point to evaluate: the result of the run is the average, not the last
    point (which is what :func:`descent.run`'s path holds)."""

    eta: np.ndarray
    mu: np.ndarray
    ax: np.ndarray
    count: int


@dataclass(frozen=True, repr=False, eq=False)
class ASGD(Optimizer):
    r"""Averaged stochastic gradient descent (Polyak & Juditsky, 1992), as torch.optim has it.

    Parameters
    ----------
    lr : float, array or schedule, default 0.01
        :math:`\alpha \in (0, \infty)`, the scale of the rate :math:`\eta_t` (see below).
    lambd : float or array, default 1e-4
        :math:`\lambda \in [0, \infty)`: how fast :math:`\eta_t` decays, and a decay of the
        parameters :math:`1 - \lambda\eta_t` at every update.
    alpha : float or array, default 0.75
        :math:`a \in [0, \infty)`, the power of that decay.
    t0 : float or array, default 1e6
        :math:`t_0 \in [0, \infty)`: the average :math:`\bar\theta` is the point itself up
        to update :math:`t_0 + 2`, and the mean of the points since then after it.
    weight_decay : float or array, default 0
        :math:`\lambda_2 \in [0, \infty)`: L2 regularisation, :math:`\lambda_2\theta` added
        to the gradient before the rule.

    Notes
    -----
    .. math::
        \theta_t &= (1 - \lambda\eta_{t-1})\,\theta_{t-1} - \eta_{t-1}\, g_t, \qquad
        \bar\theta_t = \bar\theta_{t-1} + \mu_{t-1}\,(\theta_t - \bar\theta_{t-1}), \\
        \eta_t &= \frac{\alpha}{(1 + \lambda\alpha t)^{a}}, \qquad
        \mu_t = \frac{1}{\max(1,\ t - t_0)}, \qquad
        \eta_0 = \alpha,\ \mu_0 = 1,\ \bar\theta_0 = 0 .

    Each update uses the :math:`\eta, \mu` of the previous one, kept in the state as torch
    keeps them. While :math:`\mu = 1` the average is the point itself (copied, as torch
    does); after that, for a whole :math:`t_0`, :math:`\bar\theta_t` is the mean of
    :math:`\theta_{t_0+2}, \dots, \theta_t`.
    With the default :math:`t_0 = 10^6` no short run averages at all: this is then gradient
    descent whose rate decays like :math:`t^{-a}` once :math:`\lambda\alpha t` is
    noticeable, with a weight decay :math:`\lambda\eta` on top. :math:`\bar\theta` starts at
    0, as torch's ``ax`` does, and is :math:`\theta_1` after the first update.

    With a schedule, the :math:`\alpha` in :math:`\eta_t` is the schedule's value for
    update :math:`t`, the one that just ran (torch's rate while its step :math:`t` runs), so
    a change of rate reaches the parameters one update later; :math:`\eta_0` is the
    schedule's first value.

    Same as ``torch.optim.ASGD(params, lr=α, lambd=λ, alpha=a, t0=t₀, weight_decay=λ₂)``,
    whose defaults these are; ``state.ax`` is torch's ``optimizer.state[p]["ax"]``.

    Examples
    --------
    >>> import numpy as np
    >>> opt = ASGD(lr=0.1, lambd=0.0, t0=0.0)
    >>> x, state = np.array([1.0]), opt.init(np.array([1.0]))
    >>> for _ in range(3):
    ...     x, state = opt.step(x, np.array([1.0]), state)
    >>> x, state.ax  # the points 0.9, 0.8, 0.7; the mean of the last two
    (array([0.7]), array([0.75]))
    """

    lr: float = 0.01
    lambd: float = 1e-4
    alpha: float = 0.75
    t0: float = 1e6
    weight_decay: float = 0.0

    _State = ASGDState

    def __post_init__(self):
        self._store(
            lr=check_lr(self.lr),
            lambd=check_nonnegative("lambd", self.lambd),
            alpha=check_nonnegative("alpha", self.alpha),
            t0=check_nonnegative("t0", self.t0),
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
        )

    def init(self, params):
        """The state before the first update: :math:`\\eta_0` the first rate, :math:`\\mu_0 = 1`,
        :math:`\\bar\\theta_0 = 0`."""
        state = super().init(params)
        shape = state.ax.shape
        eta = np.array(np.broadcast_to(self._initial_lr(shape), shape))
        return state._replace(eta=eta, mu=np.ones(shape))

    def _update(self, params, grad, state, lr):
        lambd, t0 = self.lambd, self.t0
        alpha = np.asarray(self.alpha)  # numpy's power: a huge one is inf, quietly
        eta, mu = state.eta, state.mu
        # torch's weight_decay, before the rule (off by default): g + λ₂θ
        params, grad = apply_weight_decay(params, grad, lr, self.weight_decay)
        # [update]
        t = state.count + 1
        params = params * (1 - lambd * eta) - eta * grad
        ax = np.where(mu == 1, params, state.ax + (params - state.ax) * mu)
        eta = lr / (1 + lambd * lr * t) ** alpha
        mu = 1 / np.maximum(1, t - t0)
        # [/update]
        shape = params.shape  # η and μ as arrays shaped like the parameters
        return params, ASGDState(np.full(shape, eta), np.full(shape, mu), ax, t)
