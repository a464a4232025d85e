r"""Loss surfaces with closed-form values, gradients and (where cheap) Hessians.

Every surface is vectorised over leading axes: ``x`` has shape ``(..., dim)``, ``surface(x)``
shape ``(...)`` and ``surface.grad(x)`` shape ``(..., dim)``. Each knows its global ``minima``
(an array ``(m, dim)``, empty for a saddle), ``min_value``, a plotting ``extent`` (``(x0, x1)`` in
1D, ``(x0, x1, y0, y1)`` in 2D), a short ``name`` and its formula as LaTeX: the
:class:`~descent.objectives.Objective` protocol. Points may have any real dtype (computation is
in float64); bools, strings and complex numbers raise ``TypeError`` naming ``x``; non-finite
entries and values too large for float64 give ``inf`` or ``nan``, without a warning.

Surfaces are immutable: setting an attribute raises ``AttributeError`` and their arrays are
read-only; ``surface.with_extent(extent)`` gives a copy with another plotting window.

``ALL`` maps a short name to a default instance of every surface.

Examples
--------
>>> import numpy as np
>>> from descent.surfaces import ALL
>>> sorted(ALL)
['beale', 'bowl', 'bumpy', 'elongated', 'himmelblau', 'parabola',
 'rosenbrock', 'saddle']
>>> rosen = ALL["rosenbrock"]
>>> rosen(np.array([[1.0, 1.0], [0.0, 0.0]]))
array([0., 1.])
>>> rosen.grad(np.array([0.0, 0.0]))
array([-2.,  0.])
"""

from __future__ import annotations

import math

import numpy as np
from numpy.polynomial import Polynomial

from ._checks import (
    check_extent,
    check_points,
    check_positive,
    check_real,
    check_str,
    finite_array,
    readonly,
)
from ._frozen import Frozen

__all__ = [
    "ALL",
    "Beale",
    "Bumpy",
    "Himmelblau",
    "Quadratic",
    "Rosenbrock",
    "Surface",
    "elongated_bowl",
]


class Surface(Frozen):
    """Base class: checks the input shape, then calls ``_value``, ``_grad`` and ``_hessian``.

    A new surface sets ``name``, ``latex``, ``dim``, ``minima`` and ``extent`` and implements
    the three private methods for inputs of shape ``(..., dim)`` (float64). It is frozen once
    its ``__init__`` returns. See :class:`descent.objectives.Objective` for the protocol.

    Examples
    --------
    >>> import numpy as np
    >>> class Cone(Surface):
    ...     name, latex, dim = "cone", r"\\|x\\|", 2
    ...     minima, extent = np.zeros((1, 2)), (-1, 1, -1, 1)
    ...     def _value(self, x):
    ...         return np.linalg.norm(x, axis=-1)
    >>> Cone()(np.array([[3.0, 4.0], [0.0, 1.0]]))
    array([5., 1.])
    """

    name: str = ""
    latex: str = ""
    dim: int = 2
    #: axis symbols (LaTeX) for plots: one per coordinate
    labels: tuple = ("x", "y")
    minima: np.ndarray
    extent: tuple

    def __call__(self, x):
        """The value at ``x`` (shape ``(..., dim)``), shape ``(...)``."""
        x = check_points("x", x, self.dim)
        with np.errstate(all="ignore"):  # overflow is inf, as in IEEE arithmetic
            return self._value(x)

    def grad(self, x):
        """The gradient at ``x`` (shape ``(..., dim)``), same shape as ``x``."""
        x = check_points("x", x, self.dim)
        with np.errstate(all="ignore"):
            return self._grad(x)

    def hessian(self, x):
        """The Hessian at ``x`` (shape ``(..., dim)``), shape ``(..., dim, dim)``."""
        x = check_points("x", x, self.dim)
        with np.errstate(all="ignore"):
            return self._hessian(x)

    def _grad(self, x):
        raise NotImplementedError(f"{type(self).__name__} has no closed-form gradient")

    def _hessian(self, x):
        raise NotImplementedError(f"{type(self).__name__} has no closed-form Hessian")

    @property
    def min_value(self) -> float:
        """The value at the global minima (``nan`` if there are none)."""
        return float(self(self.minima[0])) if len(self.minima) else float("nan")

    def __repr__(self):
        return f"<{type(self).__name__} {self.name!r}: ${self.latex}$>"


class Quadratic(Surface):
    r"""The quadratic :math:`f(x) = \tfrac12 x^\top A x - b^\top x + c`.

    Parameters
    ----------
    A : array_like, shape (dim, dim)
        Finite, real and symmetric (up to rounding: it is symmetrised), ``dim >= 1``; its
        eigenvalues are the curvatures. Positive definite for a bowl, indefinite for a saddle.
    b : array_like, shape (dim,), optional
        Finite linear term (default 0): the minimum of a bowl is :math:`A^{-1}b`.
    c : float, optional
        Finite constant term (default 0).
    name, latex : str, optional
        Short name and formula for captions.
    extent : sequence of 2 * dim floats, optional
        Plotting window ``(lo, hi)`` per axis, lo < hi; by default a box around the minimum.

    Notes
    -----
    ``minima`` holds :math:`A^{-1}b` for a positive definite :math:`A`. For a singular,
    positive semi-definite :math:`A` whose range contains :math:`b` the minimisers form a flat
    valley; ``minima`` then holds the one of least norm (``lstsq``). Otherwise (a saddle, or
    unbounded below) it is empty and ``min_value`` is ``nan``.

    .. math:: \nabla f(x) = A x - b, \qquad \nabla^2 f = A .

    Gradient descent with rate :math:`\alpha` converges on it iff :math:`0 < \alpha\lambda <
    2` for every eigenvalue :math:`\lambda` of :math:`A`, i.e. :math:`\alpha < 2/\lambda_{\max}`
    (``eigenvalues``, ``condition``).

    Examples
    --------
    >>> import numpy as np
    >>> q = Quadratic([[2.0, 0.0], [0.0, 8.0]], b=[2.0, 8.0])
    >>> q.minima
    array([[1., 1.]])
    >>> q.grad(np.array([0.0, 0.0]))
    array([-2., -8.])
    >>> float(q.condition)
    4.0
    """

    def __init__(self, A, b=None, c=0.0, *, name="quadratic", latex=None, extent=None):
        A = np.array(finite_array("A", A), ndmin=2)  # a copy: the caller's array may change
        if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
            raise ValueError(f"A must be a finite square matrix of size >= 1, got shape {A.shape}")
        with np.errstate(all="ignore"):  # entries near the float64 limit: checked below
            if not np.allclose(A, A.T):
                raise ValueError("A must be symmetric")
            A = A / 2 + A.T / 2  # exactly symmetric, so x @ A is the gradient of ½ xᵀAx
            self.dim = A.shape[0]
            b = np.zeros(self.dim) if b is None else np.array(finite_array("b", b))
            if b.shape != (self.dim,):
                raise ValueError(f"b must have shape ({self.dim},), got {b.shape}")
            eigenvalues = np.linalg.eigvalsh(A) if np.all(np.isfinite(A)) else np.full(1, np.inf)
            if not np.all(np.isfinite(eigenvalues)):
                raise ValueError("A must have entries small enough for float64 (they overflow)")
            minima = self._minimisers(A, b, eigenvalues)
            if not np.all(np.isfinite(minima)):
                raise ValueError("b must be small enough for the minimum A⁻¹b to be finite")
        self.A, self.b, self.eigenvalues, self.minima = A, b, eigenvalues, minima
        self.c = check_real("c", c, scalar=True)
        self.name = check_str("name", name)
        self.labels = {1: (r"\theta",), 2: ("x", "y")}.get(
            self.dim, tuple(f"x_{{{i + 1}}}" for i in range(self.dim))
        )
        self.latex = (
            r"\tfrac12 x^\top A x - b^\top x" if latex is None else check_str("latex", latex)
        )
        if extent is None:
            center = self.minima[0] if len(self.minima) else np.zeros(self.dim)
            extent = _box(center, 2.0)
        self.extent = check_extent(extent, self.dim)

    @staticmethod
    def _minimisers(A, b, eigenvalues):
        tol = np.abs(eigenvalues).max(initial=0.0) * len(A) * np.finfo(float).eps
        if np.all(eigenvalues > tol):
            return np.linalg.solve(A, b)[None, :]
        if np.all(eigenvalues >= -tol):  # semi-definite: a valley of minimisers, if b allows
            x = np.linalg.lstsq(A, b, rcond=None)[0]
            if np.allclose(A @ x, b, atol=1e-12 * (1 + np.abs(b).max())):
                return x[None, :]
        return np.empty((0, len(A)))

    @property
    def condition(self) -> float:
        """Condition number :math:`\\lambda_{\\max}/\\lambda_{\\min}` of a bowl.

        ``inf`` for a flat valley (singular, semi-definite :math:`A`), ``nan`` for a saddle.
        """
        low, high = float(self.eigenvalues[0]), float(self.eigenvalues[-1])
        if low > 0:
            return high / low
        return math.inf if len(self.minima) else math.nan

    def _value(self, x):
        return 0.5 * np.einsum("...i,ij,...j->...", x, self.A, x) - x @ self.b + self.c

    def _grad(self, x):
        return x @ self.A - self.b

    def _hessian(self, x):
        return np.broadcast_to(self.A, (*x.shape, self.dim)).copy()


def _box(center, half):
    """``(lo, hi)`` per axis around ``center``: ``half`` wide, or wider far from 0 (where
    float64 could not tell ``center ± half`` from ``center``)."""
    half = np.maximum(half, 1e-6 * np.abs(center))
    return tuple(float(e) for e in np.column_stack([center - half, center + half]).ravel())


def elongated_bowl(condition=25.0):
    r"""The bowl :math:`f(x, y) = \tfrac12 (x^2 + \kappa\, y^2)`, condition number :math:`\kappa`.

    Parameters
    ----------
    condition : float, default 25
        :math:`\kappa \in [1, \infty)`, finite.

    Examples
    --------
    >>> bowl = elongated_bowl(10)
    >>> bowl.eigenvalues
    array([ 1., 10.])
    """
    kappa = check_positive("condition", condition, scalar=True)
    if kappa < 1:
        raise ValueError(f"condition must be in [1, inf), got {condition!r}")
    return Quadratic(
        np.diag([1.0, kappa]),
        name="elongated",
        latex=rf"\tfrac12\,(x^2 + {kappa:g}\,y^2)",
        extent=(-6.0, 6.0, -3.0, 3.0),
    )


class Rosenbrock(Surface):
    r"""Rosenbrock's banana valley :math:`f(x, y) = (a - x)^2 + b\,(y - x^2)^2`.

    The minimum :math:`(a, a^2)` lies at the end of a long, curved, flat valley.

    Parameters
    ----------
    a : float, default 1
        In :math:`[-10^{150}, 10^{150}]`: the minimum is at :math:`(a, a^2)`.
    b : float, default 100
        :math:`b \in (0, \infty)`, finite: the steepness of the valley's walls.

    Examples
    --------
    >>> import numpy as np
    >>> Rosenbrock().minima
    array([[1., 1.]])
    >>> Rosenbrock().hessian(np.array([1.0, 1.0]))
    array([[ 802., -400.],
           [-400.,  200.]])
    """

    name = "rosenbrock"

    def __init__(self, a=1.0, b=100.0):
        self.a = check_real("a", a, scalar=True)
        if abs(self.a) > 1e150:
            raise ValueError(
                f"a must be in [-1e150, 1e150] (the minimum (a, a²) must be finite), got {self.a!r}"
            )
        self.b = check_positive("b", b, scalar=True)
        self.minima = np.array([[self.a, self.a**2]])
        self.latex = rf"({self.a:g} - x)^2 + {self.b:g}\,(y - x^2)^2"
        self.extent = (-2.0, 2.0, -1.0, 3.0)

    def _value(self, x):
        u, v = x[..., 0], x[..., 1]
        return (self.a - u) ** 2 + self.b * (v - u * u) ** 2

    def _grad(self, x):
        u, v = x[..., 0], x[..., 1]
        valley = v - u * u
        out = np.empty_like(x)
        out[..., 0] = -2 * (self.a - u) - 4 * self.b * u * valley
        out[..., 1] = 2 * self.b * valley
        return out

    def _hessian(self, x):
        u, v = x[..., 0], x[..., 1]
        out = np.empty((*x.shape, 2))
        out[..., 0, 0] = 2 - 4 * self.b * (v - u * u) + 8 * self.b * u * u
        out[..., 0, 1] = out[..., 1, 0] = -4 * self.b * u
        out[..., 1, 1] = 2 * self.b
        return out


class Beale(Surface):
    r"""Beale's function: flat plateaus, steep walls, minimum at :math:`(3, \tfrac12)`.

    .. math:: f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2

    Examples
    --------
    >>> import numpy as np
    >>> float(Beale()(np.array([3.0, 0.5])))
    0.0
    """

    name = "beale"
    latex = r"(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2"
    _c = (1.5, 2.25, 2.625)

    def __init__(self):
        self.minima = np.array([[3.0, 0.5]])
        self.extent = (-4.5, 4.5, -4.5, 4.5)

    def _terms(self, x):
        u, v = x[..., 0], x[..., 1]
        return u, v, [(c - u + u * v**k, k) for k, c in enumerate(self._c, start=1)]

    def _value(self, x):
        _, _, terms = self._terms(x)
        return sum(r * r for r, _ in terms)

    def _grad(self, x):
        u, v, terms = self._terms(x)
        out = np.zeros_like(x)
        for r, k in terms:
            out[..., 0] += 2 * r * (v**k - 1)
            out[..., 1] += 2 * r * k * u * v ** (k - 1)
        return out

    def _hessian(self, x):
        u, v, terms = self._terms(x)
        out = np.zeros((*x.shape, 2))
        for r, k in terms:  # H = sum of 2 (∇r ∇rᵀ + r ∇²r)
            rx, ry = v**k - 1, k * u * v ** (k - 1)
            rxy, ryy = k * v ** (k - 1), k * (k - 1) * u * v ** max(k - 2, 0)
            out[..., 0, 0] += 2 * rx * rx
            out[..., 0, 1] += 2 * (rx * ry + r * rxy)
            out[..., 1, 1] += 2 * (ry * ry + r * ryy)
        out[..., 1, 0] = out[..., 0, 1]
        return out


class Himmelblau(Surface):
    r"""Himmelblau's function: four global minima of value 0.

    .. math:: f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2

    Examples
    --------
    >>> import numpy as np
    >>> Himmelblau().grad(Himmelblau().minima).round(9) + 0.0
    array([[0., 0.],
           [0., 0.],
           [0., 0.],
           [0., 0.]])
    """

    name = "himmelblau"
    latex = r"(x^2 + y - 11)^2 + (x + y^2 - 7)^2"

    def __init__(self):
        # (3, 2) is exact; the other three are roots of a cubic system, found by Newton's method
        # to machine precision (their stationarity is a test).
        self.minima = np.array(
            [
                [3.0, 2.0],
                [-2.805118086952745, 3.131312518250573],
                [-3.779310253377747, -3.283185991286169],
                [3.5844283403304917, -1.8481265269644034],
            ]
        )
        self.extent = (-5.0, 5.0, -5.0, 5.0)

    def _value(self, x):
        u, v = x[..., 0], x[..., 1]
        return (u * u + v - 11) ** 2 + (u + v * v - 7) ** 2

    def _grad(self, x):
        u, v = x[..., 0], x[..., 1]
        p, q = u * u + v - 11, u + v * v - 7
        return np.stack([4 * u * p + 2 * q, 2 * p + 4 * v * q], axis=-1)

    def _hessian(self, x):
        u, v = x[..., 0], x[..., 1]
        out = np.empty((*x.shape, 2))
        out[..., 0, 0] = 12 * u * u + 4 * v - 42
        out[..., 0, 1] = out[..., 1, 0] = 4 * (u + v)
        out[..., 1, 1] = 4 * u + 12 * v * v - 26
        return out


class Bumpy(Surface):
    r"""A 1D curve with three minima: a shallow one, the global one, and a middling one.

    Its slope is the polynomial with roots at the critical points,

    .. math:: f'(\theta) = k\,(\theta + 2.2)(\theta + 1.5)\,\theta\,(\theta - 1.4)(\theta - 2.1),
              \qquad f(0) = 0,

    so the minima sit exactly at :math:`-2.2` (local), :math:`0` (global, :math:`f = 0`) and
    :math:`2.1` (local), with bumps at :math:`-1.5` and :math:`1.4` between them: the curve on
    which momentum can roll through a local minimum — or past the global one.

    Parameters
    ----------
    scale : float, default 0.25
        :math:`k \in (0, 10^{300}]`: the height of the curve.

    Examples
    --------
    >>> import numpy as np
    >>> b = Bumpy()
    >>> b.minima
    array([[0.]])
    >>> b.local_minima
    array([[-2.2],
           [ 2.1]])
    >>> stationary = np.array([[-2.2], [-1.5], [0.0], [1.4], [2.1]])
    >>> bool(np.abs(b.grad(stationary)).max() < 1e-12)
    True
    """

    name = "bumpy"
    dim = 1
    labels = (r"\theta",)
    critical_points = (-2.2, -1.5, 0.0, 1.4, 2.1)

    def __init__(self, scale=0.25):
        self.scale = check_positive("scale", scale, scalar=True)
        if self.scale > 1e300:
            raise ValueError(
                f"scale must be in (0, 1e300] (its curve must be finite), got {scale!r}"
            )
        self.slope = Polynomial.fromroots(self.critical_points) * self.scale
        self.curve = self.slope.integ()  # the antiderivative that is 0 at 0
        self.curvature = self.slope.deriv()
        for polynomial in (self.slope, self.curve, self.curvature):
            readonly(polynomial.coef)
        self.minima = np.array([[0.0]])
        self.local_minima = np.array([[-2.2], [2.1]])
        self.maxima = np.array([[-1.5], [1.4]])
        self.extent = (-2.75, 2.65)
        self.latex = (
            r"f(\theta) = \int_0^\theta "
            rf"{self.scale:g}\,(t + 2.2)(t + 1.5)\,t\,(t - 1.4)(t - 2.1)\,dt"
        )

    def _value(self, x):
        return self.curve(x[..., 0])

    def _grad(self, x):
        return self.slope(x)

    def _hessian(self, x):
        return self.curvature(x)[..., None]


#: Every surface of the site by name: the 1D curves, the bowls, the saddle and the three
#: classic test functions. The playgrounds and the race iterate it.
#:
#: :meta hide-value:
ALL = {
    "parabola": Quadratic(
        [[2.0]], name="parabola", latex=r"J(\theta) = \theta^2", extent=(-2.0, 2.0)
    ),
    "bumpy": Bumpy(),
    "bowl": Quadratic(
        2 * np.eye(2), name="bowl", latex=r"x^2 + y^2", extent=(-2.0, 2.0, -2.0, 2.0)
    ),
    "elongated": elongated_bowl(25),
    "saddle": Quadratic(
        np.diag([2.0, -2.0]), name="saddle", latex=r"x^2 - y^2", extent=(-2.0, 2.0, -2.0, 2.0)
    ),
    "rosenbrock": Rosenbrock(),
    "beale": Beale(),
    "himmelblau": Himmelblau(),
}
