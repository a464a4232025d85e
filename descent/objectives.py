r"""What an objective is: the protocol every surface and problem follows.

:func:`descent.run`, :func:`descent.sweep_lr` and :mod:`descent.plot` take any *objective*;
:func:`descent.run_stochastic` takes a *problem*, an objective with mini-batch gradients. Both
are :class:`typing.Protocol` classes, checkable with ``isinstance``; every surface in
:data:`descent.surfaces.ALL` and every model in :mod:`descent.problems` satisfies them (a test
says so), and so may a class of your own without inheriting from anything.

Conventions, for an objective of dimension ``dim``:

- points ``x`` have shape ``(..., dim)``, of any real dtype; computation is in float64;
- ``objective(x)`` has shape ``(...)`` and ``objective.grad(x)`` shape ``(..., dim)``;
- bools, strings, complex numbers and points of another last axis raise ``TypeError`` or
  ``ValueError`` naming ``x`` (``params`` for a problem); non-finite entries propagate;
- objectives are immutable: attributes cannot be set, arrays are read-only;
- an objective whose parameters are a matrix (:class:`~descent.problems.MatrixRegression`)
  says so with ``shape = (m, n)`` (``m * n == dim``): its points have shape ``(..., m, n)``,
  its value ``(...)``, its ``minima`` ``(k, m, n)``, and :func:`descent.run` runs it on
  matrices.

Examples
--------
>>> from descent.objectives import Objective, Problem
>>> from descent.surfaces import ALL
>>> from descent.problems import LinearRegression
>>> rosen = ALL["rosenbrock"]
>>> isinstance(rosen, Objective), isinstance(rosen, Problem)
(True, False)
>>> isinstance(LinearRegression.synthetic(n=10), Problem)
True
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["Objective", "Problem"]


@runtime_checkable
class Objective(Protocol):
    """A differentiable function of ``dim`` parameters, vectorised over leading axes.

    Attributes
    ----------
    dim : int
        Number of parameters, ``>= 1``.
    minima : ndarray, shape (m, dim)
        The known global minima; ``m = 0`` when there are none (a saddle, unbounded below) or
        none are known (a neural network).
    min_value : float
        The value at the global minima, ``nan`` when ``minima`` is empty. :func:`descent.sweep_lr`
        measures excess loss from it (from 0 when it is ``nan``).
    extent : tuple of float
        A plotting window, ``2 * dim`` numbers ``(lo_1, hi_1, lo_2, hi_2, ...)`` with lo < hi.

    Examples
    --------
    A class of your own is an objective if it has the attributes; it need not inherit:

    >>> import numpy as np
    >>> class Cone:
    ...     dim, minima, min_value = 2, np.zeros((1, 2)), 0.0
    ...     extent = (-1.0, 1.0, -1.0, 1.0)
    ...     def __call__(self, x):
    ...         return np.linalg.norm(x, axis=-1)
    ...     def grad(self, x):
    ...         return x / np.linalg.norm(x, axis=-1, keepdims=True)
    >>> isinstance(Cone(), Objective)
    True
    """

    dim: int
    minima: np.ndarray
    extent: tuple

    @property
    def min_value(self) -> float: ...

    def __call__(self, x) -> np.ndarray:
        """The value at ``x`` of shape ``(..., dim)``: shape ``(...)``."""

    def grad(self, x) -> np.ndarray:
        """The gradient at ``x`` of shape ``(..., dim)``: the same shape."""


@runtime_checkable
class Problem(Objective, Protocol):
    """An objective that is a mean over ``n_samples`` data points, with mini-batch gradients.

    Attributes
    ----------
    n_samples : int
        Number of data points :math:`N \\ge 1`.

    Notes
    -----
    ``grad(params, batch=None)`` is the gradient of the mean over the whole data set;
    ``grad(params, batch=idx)`` over the samples ``idx`` only: an integer array of shape
    ``(B,)`` (one batch for every parameter vector) or ``(..., B)`` whose leading axes broadcast
    to those of ``params`` (a batch each), entries in ``[0, N - 1]``, ``B >= 1``.

    Examples
    --------
    >>> import numpy as np
    >>> from descent.problems import LinearRegression
    >>> problem = LinearRegression([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    >>> isinstance(problem, Problem), problem.n_samples
    (True, 3)
    >>> problem.grad(np.zeros(2), batch=[2, 2])  # sample 2 twice = once
    array([-20., -10.])
    """

    n_samples: int

    def grad(self, params, batch=None) -> np.ndarray:
        """The gradient over the data set, or over ``batch``."""
