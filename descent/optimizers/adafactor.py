"""Adafactor: a second moment that, for a matrix, keeps only its row and column averages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import (
    _show,
    check_bool,
    check_interval,
    check_lr,
    check_nonnegative,
    check_real,
    real_array,
)
from ._base import Optimizer
from ._matrix import check_matrices, mean_over, rms


class AdafactorState(NamedTuple):
    """The vector form's second moment :math:`v` (shaped like the parameters) and the count."""

    variance: np.ndarray
    count: int


class AdafactorFactoredState(NamedTuple):
    r"""The factored second moment of matrices ``(..., m, n)``: the moving averages of the rows'
    mean squared gradient, ``row_var`` of shape ``(..., m, 1)``, and of the columns',
    ``col_var`` of shape ``(..., 1, n)`` (:math:`m + n` numbers per matrix, not
    :math:`mn`), and the update count."""

    row_var: np.ndarray
    col_var: np.ndarray
    count: int


def _check_range(name, value, low, high, text):
    value = check_real(name, value, allowed=f"in {text}")
    if not np.all((value >= low) & (value <= high)):
        raise ValueError(f"{name} must be in {text}, got {_show(value)}")
    return value


@dataclass(frozen=True, repr=False, eq=False)
class Adafactor(Optimizer):
    r"""Adafactor (Shazeer & Stern, 2018), as torch.optim has it.

    Parameters
    ----------
    lr : float, array or schedule, default 0.01
        :math:`\gamma \in (0, \infty)`: the largest relative step, :math:`\rho_t =
        \min(\gamma, 1/\sqrt t)`, and the scale of the weight decay. Not the step's size: that
        is :math:`\rho_t` times the parameters' RMS (see Notes).
    beta2_decay : float or array, default -0.8
        :math:`\tau \in (-\infty, 0]`: the second moment's decay is
        :math:`\hat\beta_{2,t} = 1 - t^{\tau}`, 0 at the first step and rising towards 1.
    eps1 : float or array, default 2.220446049250313e-16
        :math:`\varepsilon_1 \in (0, 10^{150}]`, the floor of :math:`\sqrt{\hat V}` (and of the
        rows' mean; its square must be finite). torch's default ``None`` is the dtype's
        machine epsilon: float64's here.
    eps2 : float or array, default 0.001
        :math:`\varepsilon_2 \in [0, \infty)`, the floor of the parameters' RMS in the step
        size, so that parameters at 0 can move.
    d : float or array, default 1.0
        Clipping threshold :math:`d \in [1, \infty)`: the update's RMS is cut to :math:`d`.
    weight_decay : float or array, default 0.0
        :math:`\lambda \in [0, \infty)`, decoupled and scaled by :math:`\gamma` (not by the
        step size).
    factored : bool, default False
        ``True``: the parameters are matrices, their last two axes (any axes before index
        runs, see below), and the second moment is factored; a vector is refused. ``False``:
        the last axis is a vector (torch's form for 1-D parameters), every axis before it a run.
        torch decides by the number of axes; here a shape cannot tell a matrix from a batch of
        vectors (:func:`descent.run` from K starts gives a K×dim array), so it is said.

    Notes
    -----
    Per parameter (a vector, or a matrix with ``factored=True``), at update :math:`t`:

    .. math::
        \hat\beta_{2,t} &= 1 - t^{\tau}, \qquad
        \rho_t = \min(\gamma, 1/\sqrt{t}), \qquad
        \alpha_t = \max\big(\varepsilon_2, \mathrm{RMS}(\theta_{t-1})\big)\, \rho_t \\
        \theta'_{t-1} &= (1 - \gamma\lambda)\, \theta_{t-1} \\
        \text{vector:}\quad \hat V_t &= \hat\beta_{2,t} \hat V_{t-1}
            + (1 - \hat\beta_{2,t})\, g_t^2 \\
        \text{matrix:}\quad R_t &= \hat\beta_{2,t} R_{t-1}
            + (1 - \hat\beta_{2,t})\, \mathrm{mean}_j(g_t^2), \quad
        C_t = \hat\beta_{2,t} C_{t-1} + (1 - \hat\beta_{2,t})\, \mathrm{mean}_i(g_t^2), \quad
        \hat V_t = \frac{R_t C_t}{\max(\mathrm{mean}_i R_t,\ \varepsilon_1)} \\
        U_t &= \frac{g_t}{\sqrt{\max(\hat V_t, \varepsilon_1^2)}}, \qquad
        \hat U_t = \frac{U_t}{\max\big(1, \mathrm{RMS}(U_t) / d\big)}, \qquad
        \theta_t = \theta'_{t-1} - \alpha_t \hat U_t

    with :math:`R` the rows' mean squares (a column), :math:`C` the columns' (a row), both 0
    at first, and :math:`\hat V` their outer product divided by their common total: the
    rank-1 matrix with those row and column means, exact when :math:`g^2` has rank 1. There is
    no bias correction: :math:`\hat\beta_{2,1} = 0` makes the first average :math:`g_1^2`.

    The step is *relative*: its size is :math:`\rho_t` times the parameters' RMS (at least
    :math:`\varepsilon_2`), so a parameter of entries near 1 moves by about 1 %, one near
    1000 by about 10. Every update has RMS at most :math:`d` before that scaling.

    Same as ``torch.optim.Adafactor(params, lr=γ, beta2_decay=τ, eps=(ε1, ε2), d=d,
    weight_decay=λ)``, which factors every parameter of two or more axes on its last two.
    torch takes a parameter's RMS over all of its entries; here the axes before the vector
    (or the matrix) are separate runs, each with its own RMS and factors, so an array of shape
    ``(runs, m, n)`` is ``runs`` independent m×n matrices (torch's equivalent: one m×n
    parameter per run). Differences from the paper, all torch's: :math:`\gamma` caps
    :math:`\rho_t` (the paper's 0.01 is the default), the decay is decoupled, and
    :math:`\varepsilon_1` floors :math:`\hat V` rather than being added to :math:`g^2`. No
    first moment (the paper's optional :math:`\beta_1`; torch has none).

    Examples
    --------
    >>> import numpy as np
    >>> opt = Adafactor(lr=0.01, factored=True)
    >>> W = np.ones((3, 2))
    >>> state = opt.init(W)
    >>> state.row_var.shape, state.col_var.shape  # 3 + 2 numbers, not 3 × 2
    ((3, 1), (1, 2))
    >>> g = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])  # g² of rank 1
    >>> W, state = opt.step(W, g, state)
    >>> np.round(1 - W, 6)  # U = sign(g) exactly: a step of rho_1 RMS(W) = 0.01
    array([[0.01, 0.01],
           [0.01, 0.01],
           [0.01, 0.01]])
    >>> opt.step(np.ones(3), np.ones(3), opt.init(np.ones(3)))
    Traceback (most recent call last):
    ...
    ValueError: params must be a matrix, or a batch of them, shape (..., m, n):
    Adafactor(factored=True) works on the last two axes as one matrix; got shape
    (3,) (for vectors, Adafactor(factored=False))
    """

    lr: float = 0.01
    beta2_decay: float = -0.8
    eps1: float = 2.220446049250313e-16  # torch's None: the dtype's machine epsilon
    eps2: float = 0.001
    d: float = 1.0
    weight_decay: float = 0.0
    factored: bool = False

    def __post_init__(self):
        factored = check_bool("factored", self.factored)
        self._store(
            lr=check_lr(self.lr),
            beta2_decay=_check_range("beta2_decay", self.beta2_decay, -np.inf, 0.0, "(-inf, 0]"),
            # its square is the floor of V: at most 1e150, or the square overflows
            eps1=check_interval("eps1", self.eps1, 0, 1e150, open_low=True),
            eps2=check_nonnegative("eps2", self.eps2),
            d=_check_range("d", self.d, 1.0, np.inf, "[1, inf)"),
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
            factored=factored,
        )
        object.__setattr__(self, "_State", AdafactorFactoredState if factored else AdafactorState)

    def _params(self, params):
        if self.factored:
            hint = "for vectors, Adafactor(factored=False)"
            return check_matrices("params", params, "Adafactor(factored=True)", hint)
        return real_array("params", params)

    def init(self, params):
        """The state before the first update, for parameters shaped like ``params``."""
        params = self._params(params)
        self._check_grids(params.shape)
        if not self.factored:
            return AdafactorState(np.zeros(params.shape), 0)
        *runs, m, n = params.shape
        return AdafactorFactoredState(np.zeros((*runs, m, 1)), np.zeros((*runs, 1, n)), 0)

    def _prepare(self, params, grad, state):
        return super()._prepare(self._params(params), grad, state)

    def _state_shapes(self, shape):
        """Factored: a row of each matrix's row averages and one of its column averages."""
        if not self.factored:
            return super()._state_shapes(shape)
        *runs, m, n = shape
        return {"row_var": (*runs, m, 1), "col_var": (*runs, 1, n)}

    def _update(self, params, grad, state, lr):
        beta2_decay, eps1, eps2, d = self.beta2_decay, self.eps1, self.eps2, self.d
        weight_decay, factored = self.weight_decay, self.factored
        axes = (-2, -1) if factored else (-1,) if params.ndim else ()  # one parameter's entries
        t = state.count + 1
        # [update]
        beta2_t = 1 - t**beta2_decay
        rho = np.minimum(lr, 1 / t**0.5)
        alpha = np.fmax(eps2, rms(params, axes)) * rho  # fmax: a nan RMS counts as eps2
        params = params * (1 - lr * weight_decay)
        if factored:
            row_var = beta2_t * state.row_var + (1 - beta2_t) * mean_over(grad**2, (-1,))
            col_var = beta2_t * state.col_var + (1 - beta2_t) * mean_over(grad**2, (-2,))
            v_hat = row_var * col_var / np.maximum(mean_over(row_var, (-2,)), eps1)
        else:
            variance = beta2_t * state.variance + (1 - beta2_t) * grad**2
            v_hat = variance
        u = grad / np.sqrt(np.maximum(v_hat, eps1**2))
        u_hat = u / np.fmax(1, rms(u, axes) / d)  # fmax: as torch's max(1.0, nan) = 1.0
        params = params - alpha * u_hat
        # [/update]
        if factored:
            return params, AdafactorFactoredState(row_var, col_var, t)
        return params, AdafactorState(variance, t)
