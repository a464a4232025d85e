r"""Sharpness: the largest eigenvalue of the loss's Hessian, :math:`\lambda_{\max}(\nabla^2 J)`.

Gradient descent with step size :math:`\alpha` on a quadratic converges if and only if
:math:`\lambda_{\max} < 2/\alpha`; on a network's loss the same number, measured along the run,
is what rises to :math:`2/\alpha` and hovers there at the edge of stability (Cohen et al., 2021).
"""

from __future__ import annotations

import numpy as np

from ._checks import _show, check_points, check_positive_int, check_seed, check_str
from .cache import kept

__all__ = ["sharpness"]

#: Up to this dimension, an objective with a closed-form Hessian is measured exactly (a dense
#: eigendecomposition); above it, or without a Hessian, by Lanczos iteration.
EXACT_DIM = 256
#: Lanczos steps when ``iters`` is not given (fewer when the dimension is smaller).
LANCZOS_ITERS = 40
METHODS = ("auto", "exact", "lanczos")


@kept
def sharpness(objective, params, *, method="auto", iters=None, seed=0):
    r"""The sharpness of ``objective`` at ``params``: its Hessian's largest eigenvalue.

    Parameters
    ----------
    objective : surface or problem
        An :class:`~descent.objectives.Objective` (``dim`` and ``grad``). With a closed-form
        ``hessian`` (every surface of :mod:`descent.surfaces`, the linear-regression problem)
        it can be measured exactly; with ``hvp(params, v)`` (Hessian-vector products) Lanczos
        uses them; otherwise Lanczos differentiates the exact gradient along each direction.
    params : array_like, shape (..., dim)
        One point, or many along leading axes: all are measured at once, vectorised. Finite.
    method : {"auto", "exact", "lanczos"}, default "auto"
        ``"exact"``: the dense Hessian's eigenvalues (needs ``objective.hessian``).
        ``"lanczos"``: Lanczos iteration on Hessian-vector products. ``"auto"``: exact when
        the objective has a Hessian and ``dim <= 256``, Lanczos otherwise.
    iters : int, optional
        Lanczos steps, ``>= 1``; default ``min(dim, 40)``. At ``iters >= dim`` the Krylov space
        is the whole space and the answer is exact up to the Hessian-vector products' error.
    seed : int or None, default 0
        The seed of Lanczos's random starting direction (one per point).

    Returns
    -------
    ndarray, shape (...)
        :math:`\lambda_{\max}` at each point, float64; ``nan`` where the gradient or the
        Hessian is not finite there (a diverged run has no sharpness).

    Notes
    -----
    The sharpness is the largest *algebraic* eigenvalue, not the largest in magnitude: at a
    saddle of :math:`x^2 - 3y^2` it is 2, not 3 (power iteration would find :math:`-6`'s
    direction first). Lanczos iteration builds an orthonormal basis
    :math:`q_1, \dots, q_k` of the Krylov space :math:`\mathrm{span}\{q_1, Hq_1, \dots,
    H^{k-1}q_1\}` with full reorthogonalisation, in which :math:`H` is tridiagonal,

    .. math:: T_k = Q_k^\top H Q_k, \qquad \lambda_{\max}(T_k) \le \lambda_{\max}(H),

    and the largest Ritz value :math:`\lambda_{\max}(T_k)` converges to
    :math:`\lambda_{\max}(H)` from below, fastest when it is well separated from the rest of
    the spectrum (Golub & Van Loan, *Matrix Computations*, ch. 10). It needs only products
    :math:`Hv`; without a Hessian they are central differences of the exact gradient,

    .. math:: Hv \approx \frac{\nabla J(\theta + hv) - \nabla J(\theta - hv)}{2h},
              \qquad h = \varepsilon_{\mathrm{mach}}^{1/3}\,\max(1, \|\theta\|_\infty),

    accurate to :math:`O(h^2)`, about :math:`10^{-10}` relative for smooth losses. A loss with
    kinks (ReLU) has no Hessian on them; the difference then measures the gradient's jump.

    Examples
    --------
    On a quadratic the sharpness is the largest eigenvalue of its matrix, everywhere:

    >>> import numpy as np
    >>> from descent import sharpness
    >>> from descent.surfaces import ALL, Quadratic
    >>> bowl = Quadratic([[1.0, 0.0], [0.0, 25.0]])
    >>> float(sharpness(bowl, [3.0, -1.0]))
    25.0

    Many points at once: Rosenbrock at its minimum, where the Hessian is
    [[802, -400], [-400, 200]], and at the start its chapters use, up the valley's wall:

    >>> points = np.array([[1.0, 1.0], [-1.5, 2.5]])
    >>> np.round(sharpness(ALL["rosenbrock"], points), 2)
    array([1001.6 , 1912.25])

    Lanczos on gradient differences agrees with the dense Hessian:

    >>> valley = ALL["rosenbrock"]
    >>> lanczos = sharpness(valley, [1.0, 1.0], method="lanczos")
    >>> bool(np.isclose(lanczos, sharpness(valley, [1.0, 1.0]), rtol=1e-8))
    True
    """
    for attribute in ("dim", "grad"):
        if not hasattr(objective, attribute) or isinstance(objective, type):
            raise TypeError(
                f"objective must be an objective with dim and grad (see descent.objectives; "
                f"e.g. a surface from descent.surfaces.ALL), got {_show(objective)}"
            )
    dim = check_positive_int("objective.dim", objective.dim)
    params = check_points("params", params, dim)
    if not np.all(np.isfinite(params)):
        raise ValueError("params must be finite, got non-finite entries")
    method = check_str("method", method)
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}")
    has_hessian = callable(getattr(objective, "hessian", None))
    if method == "exact" and not has_hessian:
        raise ValueError(
            f"method='exact' needs objective.hessian, which {type(objective).__name__} lacks; "
            "use method='lanczos'"
        )
    if iters is not None:
        iters = check_positive_int("iters", iters)
    seed = check_seed("seed", seed)
    exact = method == "exact" or (method == "auto" and has_hessian and dim <= EXACT_DIM)
    if exact:
        return _exact(objective, params)
    return _lanczos(objective, params, min(iters or LANCZOS_ITERS, dim), seed)


def _exact(objective, params):
    hessian = np.asarray(objective.hessian(params), dtype=np.float64)
    finite = np.all(np.isfinite(hessian), axis=(-2, -1))
    safe = np.where(finite[..., None, None], hessian, 0.0)
    symmetric = (safe + np.swapaxes(safe, -1, -2)) / 2
    return np.where(finite, np.linalg.eigvalsh(symmetric)[..., -1], np.nan)[()]


def _hvp(objective, params):
    """Hessian-vector products at ``params`` (B, dim): the objective's own, else differences of
    its gradient."""
    own = getattr(objective, "hvp", None)
    if callable(own):
        return lambda v: np.asarray(own(params, v), dtype=np.float64)
    h = np.cbrt(np.finfo(np.float64).eps) * np.maximum(1.0, np.abs(params).max(-1, keepdims=True))

    def product(v):  # v is a unit vector per point
        with np.errstate(all="ignore"):
            plus = np.asarray(objective.grad(params + h * v), dtype=np.float64)
            minus = np.asarray(objective.grad(params - h * v), dtype=np.float64)
            return (plus - minus) / (2 * h)

    return product


def _lanczos(objective, params, k, seed):
    lead, dim = params.shape[:-1], params.shape[-1]
    x = params.reshape(-1, dim)
    n = x.shape[0]
    hvp = _hvp(objective, x)
    q = np.random.default_rng(seed).standard_normal((n, dim))
    basis = np.zeros((k + 1, n, dim))
    basis[0] = q / np.linalg.norm(q, axis=-1, keepdims=True)
    alpha, beta = np.zeros((n, k)), np.zeros((n, k))
    size = np.full(n, k)  # the Krylov space's dimension per point: smaller if it closes early
    finite = np.ones(n, dtype=bool)
    with np.errstate(all="ignore"):
        for j in range(k):
            w = hvp(basis[j])
            finite &= np.all(np.isfinite(w), axis=-1)
            w = np.where(finite[:, None], w, 0.0)
            alpha[:, j] = np.sum(w * basis[j], axis=-1)
            for _ in range(2):  # full reorthogonalisation, twice is enough (Kahan)
                w = w - np.einsum(
                    "jn,jnd->nd", np.einsum("jnd,nd->jn", basis[: j + 1], w), basis[: j + 1]
                )
            norm = np.linalg.norm(w, axis=-1)
            scale = np.abs(alpha[:, : j + 1]).max(-1) + beta[:, :j].max(-1, initial=0.0)
            closed = (size == k) & (norm <= 1e-12 * np.maximum(scale, np.finfo(float).tiny))
            size = np.where(closed, j + 1, size)
            live = size > j + 1
            beta[:, j] = np.where(live, norm, 0.0)
            basis[j + 1] = np.where(live[:, None], w / np.where(live, norm, 1.0)[:, None], 0.0)
    # T_k per point; past a point's own size, its diagonal repeats α₁ (a Rayleigh quotient,
    # so never above λ_max) with no coupling: the padding cannot raise the largest Ritz value
    steps = np.arange(k)
    diag = np.where(steps < size[:, None], alpha, alpha[:, :1])
    off = np.where(steps[:-1] < size[:, None] - 1, beta[:, :-1], 0.0)
    tri = np.zeros((n, k, k))
    tri[:, steps, steps] = diag
    tri[:, steps[:-1], steps[1:]] = off
    tri[:, steps[1:], steps[:-1]] = off
    top = np.linalg.eigvalsh(np.where(finite[:, None, None], tri, 0.0))[:, -1]
    return np.where(finite, top, np.nan).reshape(lead)[()]
