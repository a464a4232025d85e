"""Muon: momentum whose update, a matrix, is orthogonalised by a Newton–Schulz iteration."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import (
    _show,
    check_bool,
    check_int,
    check_lr,
    check_nonnegative,
    check_positive,
    check_real,
    check_unit_interval,
)
from ._base import Optimizer
from ._matrix import check_matrices

#: torch.optim.Muon refuses 100 Newton–Schulz steps or more
MAX_NS_STEPS = 99
#: torch.optim.Muon's ways of scaling the rate by the matrix's shape
ADJUST_LR_FNS = ("original", "match_rms_adamw")


def _three_reals(name, value):
    """Three finite real numbers, as a tuple of floats (a tuple, list or 1-D array of them)."""
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = tuple(value)
    message = f"{name} must be three finite real numbers (a, b, c), got {_show(value)}"
    if not isinstance(value, tuple | list) or len(value) != 3:
        raise TypeError(message)
    try:
        return tuple(check_real(name, v, scalar=True) for v in value)
    except (TypeError, ValueError) as err:
        raise type(err)(message) from None


def _check_steps(value):
    return check_int("ns_steps", value, 0, MAX_NS_STEPS)


def _newton_schulz(matrix, steps, coefficients, eps):
    """:func:`newton_schulz` without the checks (its arguments come checked)."""
    a, b, c = coefficients
    # [newton-schulz]
    X = matrix / np.maximum(np.linalg.norm(matrix, axis=(-2, -1), keepdims=True), eps)
    tall = X.shape[-2] > X.shape[-1]
    if tall:  # iterate on the smaller Gram matrix, X Xᵀ
        X = X.swapaxes(-2, -1)
    for _ in range(steps):
        A = X @ X.swapaxes(-2, -1)
        B = b * A + c * A @ A
        X = a * X + B @ X
    if tall:
        X = X.swapaxes(-2, -1)
    # [/newton-schulz]
    return X


def newton_schulz(matrix, steps=5, coefficients=(3.4445, -4.7750, 2.0315), eps=1e-7):
    r"""Orthogonalise a matrix (or a batch): Muon's Newton–Schulz iteration, in float64.

    Parameters
    ----------
    matrix : array_like of real numbers, shape (..., m, n)
        One matrix, or many along leading axes (each on its own).
    steps : int, default 5
        Iterations of the quintic, in ``[0, 99]`` (as torch; 0 only normalises).
    coefficients : three real numbers, default (3.4445, -4.7750, 2.0315)
        :math:`(a, b, c)` of :math:`p(s) = a s + b s^3 + c s^5`.
    eps : float or array, default 1e-7
        :math:`\varepsilon \in (0, \infty)`: the smallest norm divided by.

    Returns
    -------
    ndarray of float64, the shape of ``matrix``

    Notes
    -----
    With :math:`X_0 = G / \max(\lVert G \rVert_F, \varepsilon)`,

    .. math:: A_k = X_k X_k^\top, \qquad X_{k+1} = a X_k + (b A_k + c A_k^2)\, X_k .

    In the SVD :math:`X_0 = U \Sigma V^\top` this is :math:`X_k = U p^{\circ k}(\Sigma)
    V^\top`: the iteration keeps the singular vectors and maps each singular value
    :math:`s \in [0, 1]` (the Frobenius norm is at least the largest) through the scalar
    quintic :math:`p` again and again, towards :math:`U V^\top`, the orthogonal matrix
    nearest :math:`G`. The default coefficients make :math:`p` as steep at 0 as they can
    (:math:`p'(0) = a`), so small singular values grow fast, at the price of never settling
    at 1: after a few steps every singular value that has grown is in
    :math:`[0.68, 1.21]` (:math:`p` maps that band into itself), which is close enough for
    an optimizer's step. Five steps raise :math:`s` by at most :math:`a^5 \approx 486`, so
    singular values below about 0.001 of the Frobenius norm stay small.
    ``coefficients=(1.5, -0.5, 0)`` is the classic cubic, which converges to 1, slowly
    near 0.

    A tall matrix is iterated as its transpose (the smaller Gram matrix, the same result).
    torch.optim.Muon computes this in bfloat16 (``_zeropower_via_newtonschulz``); this is the
    same iteration, in float64.

    Examples
    --------
    >>> import numpy as np
    >>> G = np.array([[3.0, 0.0], [0.0, 0.3]])  # singular values 3 and 0.3
    >>> np.round(np.linalg.svd(newton_schulz(G), compute_uv=False), 3)
    array([0.709, 0.702])
    >>> cubic = newton_schulz(G, steps=30, coefficients=(1.5, -0.5, 0.0))
    >>> np.round(cubic, 6)  # U Vᵀ: the identity, for this G
    array([[1., 0.],
           [0., 1.]])
    """
    matrix = check_matrices("matrix", matrix, "newton_schulz", "for a vector, v / |v|")
    steps = check_int("steps", steps, 0, MAX_NS_STEPS)
    coefficients = _three_reals("coefficients", coefficients)
    eps = check_positive("eps", eps)
    with np.errstate(all="ignore"):  # a non-finite matrix gives nan, quietly
        return _newton_schulz(matrix, steps, coefficients, eps)


def _lr_scale(adjust_lr_fn: str, m: int, n: int) -> float:
    """The factor torch.optim.Muon multiplies the rate by for an m×n matrix (see Muon)."""
    if adjust_lr_fn == "original":
        return math.sqrt(max(1, m / n)) if n else 1.0
    return 0.2 * math.sqrt(max(m, n))


class MuonState(NamedTuple):
    """The momentum :math:`m` (a moving average of gradients, like the parameters) and the count."""

    m: np.ndarray
    count: int


@dataclass(frozen=True, repr=False, eq=False)
class Muon(Optimizer):
    r"""Muon (Jordan et al., 2024): momentum, orthogonalised, for matrix parameters.

    Parameters
    ----------
    lr : float, array or schedule, default 0.001
        Learning rate :math:`\gamma \in (0, \infty)` (see :class:`GradientDescent`), before
        the shape's factor (``adjust_lr_fn``).
    weight_decay : float or array, default 0.1
        :math:`\lambda \in [0, \infty)`, decoupled and scaled by :math:`\gamma` (not by the
        shape's factor).
    beta : float or array, default 0.95
        Momentum :math:`\mu \in [0, 1)` (torch's ``momentum``).
    nesterov : bool, default True
        Orthogonalise the look-ahead :math:`\mu m_t + (1-\mu) g_t` instead of :math:`m_t`.
    ns_coefficients : three real numbers, default (3.4445, -4.7750, 2.0315)
        The quintic's :math:`(a, b, c)` (see :func:`newton_schulz`).
    eps : float or array, default 1e-07
        :math:`\varepsilon \in (0, \infty)`, the smallest norm :func:`newton_schulz` divides by.
    ns_steps : int, default 5
        Newton–Schulz iterations, in ``[0, 99]``.
    adjust_lr_fn : {"original", "match_rms_adamw"}, default "original"
        How the rate scales with the matrix's shape, :math:`s(m, n)`: Keller Jordan's
        :math:`\sqrt{\max(1, m/n)}`, or Moonshot's (Liu et al., 2025)
        :math:`0.2\sqrt{\max(m, n)}`, which gives the update the RMS of a typical AdamW
        update, 0.2, so that AdamW's rate and decay carry over. torch's default ``None`` is
        ``"original"``.

    Notes
    -----
    For each m×n matrix :math:`\theta` (the last two axes of the parameters):

    .. math::
        m_t &= \mu\, m_{t-1} + (1-\mu)\, g_t, \qquad m_0 = 0 \\
        u_t &= \mu\, m_t + (1-\mu)\, g_t \quad (\text{or } u_t = m_t
            \text{ without Nesterov}) \\
        O_t &= \mathrm{NS}_k(u_t) \approx U V^\top \quad \text{where } u_t = U \Sigma V^\top \\
        \theta_t &= (1 - \gamma\lambda)\, \theta_{t-1} - \gamma\, s(m, n)\, O_t

    with :math:`s(m, n)` the shape's factor (``adjust_lr_fn``). The step is the momentum with
    its singular values all set to about 1: a step of the same size in every direction the
    gradients have used, where Adam's would be of the same size in every *coordinate*. Its
    spectral norm is about :math:`\gamma s`, whatever the gradients' scale.

    Same as ``torch.optim.Muon(params, lr=γ, weight_decay=λ, momentum=μ, nesterov=...,
    ns_coefficients=(a, b, c), eps=ε, ns_steps=k, adjust_lr_fn=...)``, except that torch
    runs Newton–Schulz in bfloat16 (8 significant bits) and this class in float64: the tests
    compare it with torch's code run in float64, and with torch's own bfloat16 to within
    bfloat16's rounding. torch's momentum buffer is this :math:`m` (its ``lerp``); the
    :math:`B_t = \mu B_{t-1} + g_t` of its documentation is :math:`m_t / (1-\mu)`, the same
    step, as Newton–Schulz divides by the norm.

    **Matrices only.** torch's Muon refuses parameters that are not 2-D (and suggests AdamW
    for them); here a parameter of fewer than two axes raises ``ValueError`` naming
    ``params``. Axes before the last two are independent runs: ``(runs, m, n)`` is ``runs``
    m×n matrices, each orthogonalised on its own. With :func:`descent.run` on a surface, a
    start of shape ``(m, dim)`` is one m×dim matrix whose rows are m points of the surface,
    and the objective the sum of their values.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Muon(lr=0.1, beta=0.0, weight_decay=0.0)
    >>> W = np.zeros((2, 2))
    >>> g = np.array([[300.0, 0.0], [0.0, 3.0]])  # 100 times steeper along one
    >>> W, state = opt.step(W, g, opt.init(W))
    >>> np.round(W, 3)  # both directions move alike: 0.7 lr (the quintic's 0.7)
    array([[-0.07,  0.  ],
           [ 0.  , -0.07]])
    >>> opt.init(np.zeros(3))
    Traceback (most recent call last):
    ...
    ValueError: params must be a matrix, or a batch of them, shape (..., m, n):
    Muon works on the last two axes as one matrix; got shape (3,) (torch's Muon
    is for 2-D parameters: use AdamW or Adam for vectors)
    """

    lr: float = 0.001
    weight_decay: float = 0.1
    beta: float = 0.95
    nesterov: bool = True
    ns_coefficients: tuple = (3.4445, -4.7750, 2.0315)  # Keller Jordan's, as torch's
    eps: float = 1e-7
    ns_steps: int = 5
    adjust_lr_fn: str = "original"

    _State = MuonState

    def __post_init__(self):
        adjust = self.adjust_lr_fn
        if not isinstance(adjust, str) or adjust not in ADJUST_LR_FNS:
            error = ValueError if isinstance(adjust, str) else TypeError
            raise error(
                f"adjust_lr_fn must be one of {', '.join(map(repr, ADJUST_LR_FNS))}, got "
                f"{_show(adjust)}"
            )
        self._store(
            lr=check_lr(self.lr),
            weight_decay=check_nonnegative("weight_decay", self.weight_decay),
            beta=check_unit_interval("beta", self.beta),
            nesterov=check_bool("nesterov", self.nesterov),
            ns_coefficients=_three_reals("ns_coefficients", self.ns_coefficients),
            eps=check_positive("eps", self.eps),
            ns_steps=_check_steps(self.ns_steps),
            adjust_lr_fn=adjust,
        )

    @staticmethod
    def _params(params):
        hint = "torch's Muon is for 2-D parameters: use AdamW or Adam for vectors"
        return check_matrices("params", params, "Muon", hint)

    def init(self, params):
        """The state before the first update, for matrices shaped like ``params``."""
        return super().init(self._params(params))

    def _prepare(self, params, grad, state):
        return super()._prepare(self._params(params), grad, state)

    def _update(self, params, grad, state, lr):
        beta, weight_decay = self.beta, self.weight_decay
        scale = _lr_scale(self.adjust_lr_fn, *params.shape[-2:])
        # [update]
        m = beta * state.m + (1 - beta) * grad
        u = beta * m + (1 - beta) * grad if self.nesterov else m
        O = _newton_schulz(u, self.ns_steps, self.ns_coefficients, self.eps)
        params = params * (1 - lr * weight_decay)
        params = params - lr * scale * O
        # [/update]
        return params, MuonState(m, state.count + 1)
