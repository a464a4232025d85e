"""Newton's method: step to where the local quadratic model of the loss is flat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import check_lr, check_nonnegative, real_array
from ._base import Optimizer


class NewtonState(NamedTuple):
    """Newton's method remembers nothing but how many updates it has made."""

    count: int


def check_vectors(name, params):
    """Rules that couple the coordinates take ``(..., dim)``: runs along the leading axes."""
    if params.ndim == 0:
        raise ValueError(
            f"{name} must have shape (..., dim): this rule couples the coordinates of the last "
            f"axis (leading axes are separate runs), got a 0-d array"
        )


def solve(matrix, vector):
    """``matrix⁻¹ vector`` for stacks of shape ``(..., d, d)`` and ``(..., d)``.

    One batched LAPACK solve. A matrix that is exactly singular (a zero pivot of its LU
    factorisation) has no solution: its run gets ``nan`` and the others their answer, where
    numpy alone would refuse the whole stack.
    """
    vector = vector[..., None]  # numpy >= 2 reads b of ndim > 1 as (..., d, k) matrices
    try:
        return np.linalg.solve(matrix, vector)[..., 0]
    except np.linalg.LinAlgError:  # rare: a singular H + λI somewhere in the stack
        sign, _ = np.linalg.slogdet(matrix)  # the same LU (getrf): sign 0 at a zero pivot
        singular = (sign == 0)[..., None, None]
        eye = np.eye(matrix.shape[-1])
        answer = np.linalg.solve(np.where(singular, eye, matrix), vector)
        return np.where(singular, np.nan, answer)[..., 0]


@dataclass(frozen=True, repr=False, eq=False)
class Newton(Optimizer):
    r"""Newton's method with the exact Hessian, damped (Levenberg, 1944).

    Parameters
    ----------
    lr : float, array or schedule, default 1
        Step size :math:`\alpha \in (0, \infty)` (see :class:`GradientDescent`); 1 is the full
        Newton step.
    damping : float or array, default 0
        :math:`\lambda \in [0, \infty)`, added to the Hessian's diagonal. An array broadcasts
        against the parameters like every hyperparameter: entry :math:`i` of its last axis is
        added to :math:`H_{ii}` (one value per run: a last axis of length 1).

    Notes
    -----
    .. math:: \theta_t = \theta_{t-1} - \alpha\, (H_t + \lambda I)^{-1} g_t, \qquad
              H_t = \nabla^2 J(\theta_{t-1}), \quad g_t = \nabla J(\theta_{t-1})

    With :math:`\alpha = 1, \lambda = 0` the step goes to the stationary point of the quadratic
    model :math:`J + g^\top p + \tfrac12 p^\top H p`, so one step solves a quadratic with a
    positive definite Hessian exactly, from anywhere. As :math:`\lambda` grows the step turns
    into gradient descent with rate :math:`\alpha/\lambda`; in between it is shortened most
    along the directions of low curvature.

    **Indefinite Hessians.** The step is the equation's, unmodified. The model's stationary
    point is its minimum only when :math:`H + \lambda I` is positive definite; otherwise it is
    a saddle or a maximum of the model, and Newton's method heads there: on :math:`x^2 - y^2`
    (:math:`H = \mathrm{diag}(2, -2)`), one step with :math:`\alpha = 1, \lambda = 0` lands on
    the saddle point from any start. A damping :math:`\lambda > -\lambda_{\min}(H)` (here
    :math:`\lambda > 2`) makes :math:`H + \lambda I` positive definite, the step a descent
    direction, and the run leave the saddle along :math:`y`. Below, each step multiplies
    :math:`y` by :math:`\lambda/(\lambda - 2)`: the run is drawn to the saddle for
    :math:`\lambda < 1` and thrown across it, further each time, for :math:`1 < \lambda <
    2`; :math:`\lambda = 2` makes :math:`H + \lambda I` singular. A singular :math:`H +
    \lambda I` has no Newton step: the step is ``nan``, which :func:`descent.run` reports as a
    divergence, and the other runs go on.

    Textbooks do not leave it at that. Nocedal & Wright (2006, §3.4) change the Hessian only
    where it is not positive definite enough, inside a line search: their Algorithm 3.3 adds
    :math:`\tau I` with :math:`\tau` raised until a Cholesky factorisation succeeds, a damping
    chosen anew at every step. Trust-region methods (their §4.3, Theorem 4.1) solve
    :math:`(H + \lambda I)\,p = -g` with :math:`\lambda \ge 0` chosen so that :math:`H +
    \lambda I` is positive semi-definite and :math:`p` fits the region, and the
    Levenberg–Marquardt method (§10.3) is that for least squares. Here :math:`\lambda` is a
    fixed hyperparameter, so that what the plain rule does at a saddle, and what damping
    changes, can be seen.

    **Shapes.** Unlike the elementwise rules, Newton couples the coordinates: ``params`` has
    shape ``(..., dim)`` (leading axes are independent runs, as the starts of
    :func:`descent.run`) and the Hessian ``(..., dim, dim)``, solved in one batched
    :func:`numpy.linalg.solve`. torch.optim has no Newton's method; the same step in torch is
    ``torch.linalg.solve(H + λ I, g)`` with ``H`` from ``torch.autograd.functional.hessian``.

    **What it needs.** ``needs = ("hessian",)``: :func:`descent.run` passes
    ``hessian=objective.hessian(params)`` to :meth:`step` at every update (an objective without
    one is refused, naming it); by hand, pass your own. :func:`descent.run_stochastic` refuses
    Newton: a problem's mini-batches give gradients, not Hessians.

    Examples
    --------
    One step solves a quadratic:

    >>> import numpy as np
    >>> from descent.surfaces import ALL, Quadratic
    >>> q = Quadratic([[3.0, 1.0], [1.0, 2.0]], b=[1.0, -1.0])
    >>> opt, x = Newton(), np.array([5.0, -3.0])
    >>> x, state = opt.step(x, q.grad(x), opt.init(x), hessian=q.hessian(x))
    >>> bool(np.allclose(x, q.minima[0]))
    True

    :func:`descent.run` hands it the surface's Hessian; Rosenbrock from :math:`(-1.2, 1)`:

    >>> from descent import run
    >>> traj = run(Newton(), ALL["rosenbrock"], [-1.2, 1.0], steps=6)
    >>> traj.final.round(8) + 0.0
    array([1., 1.])

    At a saddle the plain step lands on the saddle point; a damping above 2 escapes:

    >>> saddle = ALL["saddle"]
    >>> run(Newton(), saddle, [1.0, 0.5], steps=1).final + 0.0
    array([0., 0.])
    >>> run(Newton(damping=3.0), saddle, [1.0, 0.5], steps=1).final
    array([0.6, 1.5])
    >>> opt.step(x, q.grad(x), state)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: hessian is missing: Newton.step needs the Hessian at params, ...
    """

    lr: float = 1.0
    damping: float = 0.0

    _State = NewtonState
    #: what :meth:`step` needs besides the gradient, as keyword arguments that
    #: :func:`descent.run` passes (see :mod:`descent.runs`)
    needs = ("hessian",)

    def __post_init__(self):
        self._store(lr=check_lr(self.lr), damping=check_nonnegative("damping", self.damping))

    def init(self, params):
        """The state before the first update, for parameters shaped ``(..., dim)``."""
        check_vectors("params", real_array("params", params))
        return super().init(params)

    def step(self, params, grad, state, *, hessian=None):
        """One update: the new parameters and state; the inputs are not modified.

        Parameters
        ----------
        params : array_like of real numbers, shape (..., dim)
        grad : array_like of real numbers, the shape of ``params``
        state : NewtonState
        hessian : array_like of real numbers, shape (..., dim, dim)
            The Hessian at ``params`` (:func:`descent.run` passes the objective's).

        Returns
        -------
        params : ndarray of float64, the shape of ``params``
        state : NewtonState
        """
        params, grad, lr = self._prepare(params, grad, state)
        check_vectors("params", params)
        if hessian is None:
            raise ValueError(
                "hessian is missing: Newton.step needs the Hessian at params, shape "
                "(..., dim, dim), as step(params, grad, state, hessian=H); descent.run passes "
                "objective.hessian(params)"
            )
        hessian = real_array("hessian", hessian)
        if hessian.shape != params.shape + params.shape[-1:]:
            raise ValueError(
                f"hessian must have shape {params.shape + params.shape[-1:]} for params of "
                f"shape {params.shape}, got {hessian.shape}"
            )
        with np.errstate(all="ignore"):  # non-finite input gives non-finite params, quietly
            return self._update(params, grad, hessian, state, lr)

    def _update(self, params, grad, hessian, state, lr):
        damping = np.expand_dims(self.damping, -1)  # λ on the diagonal, as an array
        identity = np.eye(params.shape[-1])
        # [update]
        damped = hessian + damping * identity
        params = params - lr * solve(damped, grad)
        # [/update]
        return params, NewtonState(state.count + 1)
