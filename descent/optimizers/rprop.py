"""Rprop: a step size per coordinate, grown while the gradient keeps its sign."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_interval, check_lr, check_nonnegative, check_positive
from ._base import Optimizer


class RpropState(NamedTuple):
    r"""The previous gradient :math:`g_{t-1}` (0 where its sign had just changed; torch's
    ``prev``), each coordinate's step size :math:`\Delta_t` (torch's ``step_size``) and the
    update count."""

    prev_grad: np.ndarray
    step_size: np.ndarray
    count: int


@dataclass(frozen=True, repr=False, eq=False)
class Rprop(Optimizer):
    r"""Rprop (Riedmiller & Braun, 1993): only the signs of the gradient count.

    Parameters
    ----------
    lr : float, array or schedule, default 0.01
        The first step size :math:`\Delta_0 \in (0, \infty)` of every coordinate. Only this
        start is a rate: the step sizes then adapt themselves, so a schedule's value at
        update 0 starts them and its later values (checked all the same) change nothing,
        as torch's ``lr_scheduler`` changes nothing in ``torch.optim.Rprop``.
    eta_minus, eta_plus : float or array, default 0.5 and 1.2
        The factors :math:`\eta^- \in (0, 1)` and :math:`\eta^+ \in (1, \infty)` a step size
        is multiplied by when the gradient changes its sign or keeps it (torch's ``etas``).
    step_size_min, step_size_max : float or array, default 1e-6 and 50
        The step sizes are clipped to :math:`[\Delta_{\min}, \Delta_{\max}]`, with
        :math:`0 \le \Delta_{\min} \le \Delta_{\max}` (torch's ``step_sizes``).

    Notes
    -----
    Per coordinate, with :math:`g_0 = 0`:

    .. math::
        \Delta_t &= \mathrm{clip}\bigl(\eta_t\, \Delta_{t-1},\ \Delta_{\min},\ \Delta_{\max}\bigr),
        \qquad \eta_t = \begin{cases}
            \eta^+ & g_t\, g_{t-1} > 0, \\
            \eta^- & g_t\, g_{t-1} < 0 \quad (\text{and then } g_t \leftarrow 0), \\
            1 & g_t\, g_{t-1} = 0,
        \end{cases} \\
        \theta_t &= \theta_{t-1} - \Delta_t\, \mathrm{sign}(g_t) .

    After a change of sign the step was too long: the step size shrinks, this update
    moves nothing, and the gradient kept for the next comparison is 0, so the next update
    neither grows nor shrinks the step. Only the sign of :math:`g` is used, never its size.
    This is torch's Rprop (the variant without backtracking, sometimes written Rprop⁻), and
    like torch's it clips every step size, also when :math:`\eta_t = 1` (so a start outside
    :math:`[\Delta_{\min}, \Delta_{\max}]` is clipped at the first update). A ``nan``
    gradient makes that coordinate's step size ``nan``, as in torch.

    Same as ``torch.optim.Rprop(params, lr=Δ₀, etas=(η⁻, η⁺), step_sizes=(Δmin, Δmax))``,
    whose defaults these are.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Rprop(lr=0.1)
    >>> x, state = np.zeros(1), opt.init(np.zeros(1))
    >>> for g in (5.0, 0.1, -3.0, 2.0):
    ...     x, state = opt.step(x, np.array([g]), state)
    ...     print(np.round(x, 3), np.round(state.step_size, 3))
    [-0.1] [0.1]
    [-0.22] [0.12]
    [-0.22] [0.06]
    [-0.28] [0.06]
    """

    lr: float = 0.01
    eta_minus: float = 0.5
    eta_plus: float = 1.2
    step_size_min: float = 1e-6
    step_size_max: float = 50.0

    _State = RpropState

    def __post_init__(self):
        smallest = check_nonnegative("step_size_min", self.step_size_min)
        largest = check_positive("step_size_max", self.step_size_max)
        if np.any(np.less(largest, smallest)):
            raise ValueError(
                f"step_size_max must be >= step_size_min, got {largest} < {smallest}"
                if np.ndim(largest) == np.ndim(smallest) == 0
                else "step_size_max must be >= step_size_min in every entry"
            )
        self._store(
            lr=check_lr(self.lr),
            eta_minus=check_interval("eta_minus", self.eta_minus, 0, 1, open_low=True,
                                     open_high=True),
            eta_plus=check_interval("eta_plus", self.eta_plus, 1, open_low=True),
            step_size_min=smallest,
            step_size_max=largest,
        )  # fmt: skip

    def init(self, params):
        """The state before the first update: no previous gradient, every step size ``lr``."""
        state = super().init(params)
        shape = state.step_size.shape
        return state._replace(step_size=np.array(np.broadcast_to(self._initial_lr(shape), shape)))

    def _update(self, params, grad, state, lr):
        eta_minus, eta_plus = self.eta_minus, self.eta_plus
        # [update]
        agreement = grad * state.prev_grad
        eta = np.select(  # what is none of the three (a nan gradient) gives a nan step size
            [agreement > 0, agreement < 0, agreement == 0], [eta_plus, eta_minus, 1.0], np.nan
        )
        step_size = np.clip(eta * state.step_size, self.step_size_min, self.step_size_max)
        grad = np.where(agreement < 0, 0.0, grad)
        params = params - step_size * np.sign(grad)
        # [/update]
        return params, RpropState(grad, step_size, state.count + 1)
