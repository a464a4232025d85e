"""L-BFGS: a quasi-Newton direction from the last few steps and gradient changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._checks import (
    _show,
    check_lr,
    check_nonnegative,
    check_positive_int,
    check_str,
    real_array,
)
from ._base import Optimizer
from .newton import check_vectors


class LBFGSState(NamedTuple):
    r"""What L-BFGS carries from step to step, per run (leading axes), as torch's ``state``.

    The memory holds up to ``m = history_size`` pairs, oldest first and right-aligned: the last
    ``stored`` slots of ``s``, ``y`` and ``rho`` are in use, the others are zero.
    """

    #: (..., dim): the last direction :math:`d` (torch's ``d``)
    d: np.ndarray
    #: (...): the step length taken along it, :math:`t` (torch's ``t``)
    t: np.ndarray
    #: (..., m, dim): the steps :math:`s_i = t_i d_i` (torch's ``old_stps``)
    s: np.ndarray
    #: (..., m, dim): the changes of gradient :math:`y_i = g_{i+1} - g_i` (torch's ``old_dirs``)
    y: np.ndarray
    #: (..., m): :math:`\rho_i = 1 / y_i^\top s_i` (torch's ``ro``)
    rho: np.ndarray
    #: (...): the initial inverse Hessian's scale :math:`\gamma` (torch's ``H_diag``)
    gamma: np.ndarray
    #: (..., dim): the gradient of the last iteration (torch's ``prev_flat_grad``)
    prev_grad: np.ndarray
    #: (...) int: how many pairs the memory holds
    stored: np.ndarray
    #: (...) int: iterations made; a run that stopped at ``tolerance_grad`` makes none
    n_iter: np.ndarray
    #: (...) int: evaluations of the objective: one per step, plus the line search's
    func_evals: np.ndarray
    #: updates made (the steps of a schedule), as in every optimizer's state
    count: int


#: the fields of the state, with their shape after the leading axes and their dtype's kind
_LAYOUT = {
    "d": ("n", "f"),
    "t": ("", "f"),
    "s": ("mn", "f"),
    "y": ("mn", "f"),
    "rho": ("m", "f"),
    "gamma": ("", "f"),
    "prev_grad": ("n", "f"),
    "stored": ("", "i"),
    "n_iter": ("", "i"),
    "func_evals": ("", "i"),
}

#: torch's sufficient-decrease and curvature constants of the line search
C1, C2 = 1e-4, 0.9
#: the bracket width at which torch's line search stops; its own default, not the optimizer's
#: ``tolerance_change`` (``LBFGS.step`` does not pass that on)
LINE_SEARCH_TOLERANCE = 1e-9
#: the curvature ``yᵀs`` a pair must exceed to be stored (torch's constant)
CURVATURE_MIN = 1e-10


def _dot(a, b):
    return np.einsum("...i,...i->...", a, b)


def _append(memory, new, keep, axis):
    """``memory`` with ``new`` appended at the end of ``axis`` and the oldest dropped, where
    ``keep`` (per run); elsewhere unchanged."""
    shifted = np.concatenate([np.delete(memory, 0, axis), np.expand_dims(new, axis)], axis)
    return np.where(np.expand_dims(keep, tuple(range(keep.ndim, memory.ndim))), shifted, memory)


def two_loop(grad, s, y, rho, gamma, stored):
    r"""The L-BFGS direction :math:`d = -H g`: Nocedal & Wright's Algorithm 7.4, as torch.

    ``H`` is the inverse-Hessian approximation built from the stored pairs on
    :math:`\gamma I`. Slots not in use hold zeros and change nothing, so runs with memories
    of different lengths share one loop over the longest.
    """
    m = s.shape[-2]
    used = int(np.max(stored, initial=0))
    alpha = {}
    q = -grad
    for i in range(m - 1, m - 1 - used, -1):  # newest first
        alpha[i] = _dot(s[..., i, :], q) * rho[..., i]
        q = q - alpha[i][..., None] * y[..., i, :]
    r = q * gamma[..., None]
    for i in range(m - used, m):  # oldest first
        beta = _dot(y[..., i, :], r) * rho[..., i]
        r = r + (alpha[i] - beta)[..., None] * s[..., i, :]
    return r


@dataclass(frozen=True, repr=False, eq=False)
class LBFGS(Optimizer):
    r"""L-BFGS (Liu & Nocedal, 1989), one iteration per step, as ``torch.optim.LBFGS``.

    Parameters
    ----------
    lr : float, array or schedule, default 1
        :math:`\alpha \in (0, \infty)`, the step length along the direction (the line search's
        first trial); an array gives one per run, so its last axis has length 1.
    history_size : int, default 100
        Pairs :math:`(s_i, y_i)` kept, :math:`m \ge 1`.
    tolerance_grad : float, default 1e-7
        In :math:`[0, \infty)`: a run whose gradient has :math:`\max_i |g_i| \le` this stops
        (its parameters and state stay as they are), as torch's ``step`` returns early.
    tolerance_change : float, default 1e-9
        In :math:`[0, \infty)`: a run whose directional derivative :math:`g^\top d` is above
        minus this does not move.
    line_search_fn : None or "strong_wolfe", default None
        ``None``: step :math:`t = \alpha` along the direction. ``"strong_wolfe"``: search for a
        step length with torch's ``_strong_wolfe`` (cubic interpolation; sufficient decrease
        :math:`c_1 = 10^{-4}`, curvature :math:`c_2 = 0.9`), which evaluates the objective at
        trial points.
    max_eval : int, optional
        Evaluations of the objective per step, ``>= 1``; the line search gets
        ``max_eval - 1`` of them. torch's default is ``max_iter * 5 // 4``, which is 1 for one
        iteration per step: a line search with a single trial, kept if it lowers the loss
        (else the run stays). ``max_eval=25`` (torch's default for its ``max_iter=20``) gives
        the search room.

    Notes
    -----
    At iteration :math:`k` with gradient :math:`g_k`, the pair of the last iteration,
    :math:`s = t_{k-1} d_{k-1}` and :math:`y = g_k - g_{k-1}`, is stored if
    :math:`y^\top s > 10^{-10}` (dropping the oldest beyond :math:`m`), and then

    .. math:: d_k = -H_k\, g_k, \qquad \theta_k = \theta_{k-1} + t_k\, d_k,

    where :math:`H_k` is the inverse Hessian that BFGS would build from the stored pairs,
    starting from :math:`\gamma I` with :math:`\gamma = y^\top s / y^\top y` of the newest pair,
    computed without forming it by the two-loop recursion (``lbfgs.two_loop``; Nocedal & Wright
    2006, Algorithm 7.4). The first iteration is a gradient step, :math:`d_1 = -g_1` with
    :math:`t_1 = \min(1, 1/\lVert g_1\rVert_1)\,\alpha`; later ones take :math:`t_k = \alpha`, or
    the line search's length.

    Same as ``torch.optim.LBFGS(params, lr=α, max_iter=1, history_size=m,
    tolerance_grad=..., tolerance_change=..., line_search_fn=...)`` with one ``step(closure)``
    per update, including its quirks: the first step is scaled by :math:`1/\lVert g\rVert_1`,
    a run that does not move still stores :math:`t_k d_k` as its last step, and the line search
    stops at a bracket of :math:`10^{-9}` whatever ``tolerance_change`` is. With
    ``max_iter=1``, torch's remaining test on ``tolerance_change`` (the change of the loss) is
    never reached.

    **Shapes.** The last axis of ``params`` is the parameter vector; leading axes are
    independent runs, each with its own memory, step length and stopping (torch flattens all
    parameters into one vector: run it once per row). The memory is ``history_size`` vectors
    per run whatever the number of steps so far: with ``record_state=True`` in
    :func:`descent.run` it is kept at every update, so keep ``history_size`` small there.

    **What it needs.** Without a line search, the gradient alone (``needs == ()``), so
    :func:`descent.run_stochastic` runs it too, on mini-batch gradients. With
    ``line_search_fn="strong_wolfe"``, ``needs == ("loss", "objective")``: :meth:`step` takes
    ``loss=`` (the value at ``params``) and ``objective=`` (anything with ``__call__`` and
    ``grad``, as :mod:`descent.objectives`), which :func:`descent.run` passes;
    :func:`descent.run_stochastic` refuses it (a line search on mini-batches is another
    method).

    Examples
    --------
    With a line search, Rosenbrock from :math:`(-1.2, 1)` in 40 steps:

    >>> import numpy as np
    >>> from descent import run
    >>> from descent.surfaces import ALL
    >>> opt = LBFGS(line_search_fn="strong_wolfe", max_eval=25)
    >>> traj = run(opt, ALL["rosenbrock"], [-1.2, 1.0], 40, record_state=True)
    >>> traj.final.round(4)
    array([1., 1.])
    >>> int(traj.states.func_evals[-1])  # one a step, and the line search's
    82

    Without, every step but the first has length ``lr``; on the elongated bowl the memory
    learns the two curvatures in a few steps, and the run stops once :math:`g^\top d` is
    within ``tolerance_change`` of 0:

    >>> traj = run(LBFGS(), ALL["elongated"], [-5.0, 2.0], steps=12)
    >>> float(traj.loss[0]), bool(traj.loss[8] < 1e-11)
    (62.5, True)
    >>> bool(np.all(traj.path[8:] == traj.path[8]))  # stopped
    True

    By hand, on your own gradients (each row a run, each with its memory):

    >>> opt = LBFGS(lr=0.5, history_size=3)
    >>> x = np.array([[1.0, 2.0], [0.0, -1.0]])
    >>> x, state = opt.step(x, 2 * x, opt.init(x))
    >>> state.n_iter, state.stored
    (array([1, 1]), array([0, 0]))
    """

    lr: float = 1.0
    history_size: int = 100
    tolerance_grad: float = 1e-7
    tolerance_change: float = 1e-9
    line_search_fn: str | None = None
    max_eval: int | None = None

    _State = LBFGSState

    def __post_init__(self):
        lr = check_lr(self.lr)
        if isinstance(lr, np.ndarray) and lr.shape[-1] != 1:
            raise ValueError(
                f"lr must be a number, or an array with one rate per run (a last axis of "
                f"length 1, broadcast against params (..., dim)), got shape {lr.shape}"
            )
        line_search = self.line_search_fn
        if line_search is not None and check_str("line_search_fn", line_search) != "strong_wolfe":
            raise ValueError(f"line_search_fn must be None or 'strong_wolfe', got {line_search!r}")
        max_eval = 1 if self.max_eval is None else check_positive_int("max_eval", self.max_eval)
        self._store(
            lr=lr,
            history_size=check_positive_int("history_size", self.history_size),
            tolerance_grad=check_nonnegative("tolerance_grad", self.tolerance_grad, scalar=True),
            tolerance_change=check_nonnegative(
                "tolerance_change", self.tolerance_change, scalar=True
            ),
            max_eval=max_eval,
        )

    @property
    def needs(self) -> tuple:
        """What :meth:`step` needs besides the gradient: the loss and the objective for a line
        search, nothing without."""
        return ("loss", "objective") if self.line_search_fn else ()

    def init(self, params):
        """The state before the first update, for parameters shaped ``(..., dim)``."""
        params = real_array("params", params)
        check_vectors("params", params)
        self._check_grids(params.shape)
        lead, n, m = params.shape[:-1], params.shape[-1], self.history_size
        try:
            s, y = np.zeros((*lead, m, n)), np.zeros((*lead, m, n))
        except (MemoryError, ValueError):
            size = 16 * m * max(params.size, 1) / 2**30
            raise ValueError(
                f"history_size: {m} pairs for params of shape {params.shape} need {size:.3g} GiB, "
                "more than can be allocated; keep fewer (torch's default is 100)"
            ) from None
        return LBFGSState(
            d=np.zeros(params.shape),
            t=np.zeros(lead),
            s=s,
            y=y,
            rho=np.zeros((*lead, m)),
            gamma=np.ones(lead),
            prev_grad=np.zeros(params.shape),
            stored=np.zeros(lead, dtype=np.int64),
            n_iter=np.zeros(lead, dtype=np.int64),
            func_evals=np.zeros(lead, dtype=np.int64),
            count=0,
        )

    def step(self, params, grad, state, *, loss=None, objective=None):
        """One update: the new parameters and state; the inputs are not modified.

        Parameters
        ----------
        params : array_like of real numbers, shape (..., dim)
        grad : array_like of real numbers, the shape of ``params``
        state : LBFGSState
        loss : array_like, shape (...), optional
            With a line search: the objective's value at ``params`` (computed from
            ``objective`` when not given). Ignored without.
        objective : objective, optional
            With a line search, required: what the search evaluates at its trial points
            (``objective(x)`` and ``objective.grad(x)``). Ignored without.

        Returns
        -------
        params : ndarray of float64, the shape of ``params``
        state : LBFGSState
        """
        params = real_array("params", params)
        check_vectors("params", params)
        params, grad, lr = self._prepare(params, grad, state)
        lr = np.asarray(lr)
        if lr.ndim and lr.shape[-1] != 1:  # a schedule of arrays
            raise ValueError(
                f"lr at update {state.count} must be one rate per run (a last axis of length 1), "
                f"got shape {lr.shape}"
            )
        lr = lr[..., 0] if lr.ndim else lr
        search = None
        if self.line_search_fn:
            search = _search_inputs(params, loss, objective)
        with np.errstate(all="ignore"):  # non-finite gradients give non-finite params, quietly
            return self._update(params, grad, state, lr, search)

    def _update(self, params, grad, state, lr, search):
        g, m = grad, self.history_size
        # torch's step returns at once where the gradient is small: those runs stay as they are
        frozen = np.abs(g).max(axis=-1, initial=0.0) <= self.tolerance_grad
        n_iter = state.n_iter + 1
        first = n_iter == 1
        # [update]
        s_new = state.d * state.t[..., None]  # the last step and the change of gradient it made
        y_new = g - state.prev_grad
        ys = _dot(y_new, s_new)
        keep = ~first & (ys > CURVATURE_MIN)  # curvature condition: store the pair
        s = _append(state.s, s_new, keep, axis=-2)
        y = _append(state.y, y_new, keep, axis=-2)
        rho = _append(state.rho, 1.0 / ys, keep, axis=-1)
        gamma = np.where(keep, ys / _dot(y_new, y_new), state.gamma)
        stored = np.where(keep, np.minimum(state.stored + 1, m), state.stored)
        d = two_loop(g, s, y, rho, gamma, stored)  # -H g; -g while the memory is empty
        t = np.where(first, np.minimum(1.0, 1.0 / np.abs(g).sum(axis=-1)) * lr, lr)
        gtd = _dot(g, d)
        moves = ~frozen & ~(gtd > -self.tolerance_change)
        if search is not None:  # torch's strong-Wolfe line search picks t
            t, searched = strong_wolfe(*search, params, t, d, g, gtd, moves, self.max_eval - 1)
        params = np.where(moves[..., None], params + t[..., None] * d, params)
        # [/update]
        evals = 1 + (searched if search is not None else 0)  # the closure, and the search's
        new = LBFGSState(d, t, s, y, rho, gamma, g, stored, n_iter, state.func_evals, 0)
        kept = [
            np.where(np.expand_dims(frozen, tuple(range(frozen.ndim, np.ndim(old)))), old, now)
            for old, now in zip(state[:-2], new[:-2], strict=True)
        ]
        kept.append(np.asarray(state.func_evals + evals, dtype=np.int64))  # 0-d stays an array
        return params, LBFGSState(*kept, state.count + 1)

    def _check_state(self, state, shape=None):
        cls, name = self._State, type(self).__name__
        if not isinstance(state, cls):
            raise TypeError(
                f"state must be the {cls.__name__} of {name}.init or step, got {_show(state)[:60]}"
            )
        count = state.count
        if isinstance(count, bool | np.bool_) or not isinstance(count, int | np.integer):
            raise TypeError(f"state.count must be an integer >= 0, got {_show(count)}")
        if count < 0:
            raise ValueError(f"state.count must be an integer >= 0, got {count}")
        if shape is None or len(shape) == 0:
            return
        lead, n, m = shape[:-1], shape[-1], self.history_size
        sizes = {"n": (n,), "m": (m,), "mn": (m, n), "": ()}
        for field, (tail, kind) in _LAYOUT.items():
            value = getattr(state, field)
            if not isinstance(value, np.ndarray) or value.dtype.kind != kind:
                want = "a float" if kind == "f" else "an integer"
                raise TypeError(f"state.{field} must be {want} array, got {_show(value)[:60]}")
            if value.shape != (*lead, *sizes[tail]):
                raise ValueError(
                    f"state.{field} must have shape {(*lead, *sizes[tail])} for params of shape "
                    f"{shape} and history_size {m}, got {value.shape} (a state from {name}.init "
                    "of other parameters, or of another history_size?)"
                )


def _search_inputs(params, loss, objective):
    """The loss at ``params`` and the objective a line search evaluates, checked."""
    if objective is None:
        raise ValueError(
            "objective is missing: LBFGS(line_search_fn='strong_wolfe').step evaluates the "
            "objective at trial points, as step(params, grad, state, loss=..., "
            "objective=...); descent.run passes both"
        )
    if not (callable(objective) and callable(getattr(objective, "grad", None))):
        raise TypeError(
            f"objective must be callable and have a grad method (see descent.objectives), got "
            f"{_show(objective)}"
        )
    if loss is None:
        with np.errstate(all="ignore"):
            loss = objective(params)
    loss = real_array("loss", loss)
    if loss.shape != params.shape[:-1]:
        raise ValueError(
            f"loss must have shape {params.shape[:-1]} (one value per run of params "
            f"{params.shape}), got {loss.shape}"
        )
    return loss, objective


# -- torch's strong-Wolfe line search, for every run at once ----------------------------------


def _pick(python_max, a, b):
    """Python's ``max(a, b)`` (``python_max``) or ``min(a, b)``, elementwise: ``b`` if it is
    strictly greater (smaller), else ``a`` — what torch's code gets, nan included."""
    return np.where(b > a if python_max else b < a, b, a)


def cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """torch's ``_cubic_interpolate``, elementwise: the minimiser of the cubic through two
    points with their values and slopes, clipped to ``bounds`` (default: the two points)."""
    if bounds is None:
        ordered = x1 <= x2
        lo, hi = np.where(ordered, x1, x2), np.where(ordered, x2, x1)
    else:
        lo, hi = bounds
    with np.errstate(all="ignore"):  # both branches are computed; each run keeps its own
        d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
        d2_square = d1**2 - g1 * g2
        d2 = np.sqrt(d2_square)  # nan where negative: not used there
        min_pos = np.where(
            x1 <= x2,
            x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)),
            x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2)),
        )
        clipped = _pick(False, _pick(True, min_pos, lo), hi)
        return np.where(d2_square >= 0, clipped, (lo + hi) / 2.0)


_BRACKET, _ZOOM, _DONE = 0, 1, 2


def _at(values, pos):
    """``values[..., pos, ...]`` per run: ``pos`` (0 or 1) indexes the axis after the runs'."""
    k = pos.ndim
    first, second = values[(slice(None),) * k + (0,)], values[(slice(None),) * k + (1,)]
    return np.where(np.expand_dims(pos, tuple(range(k, first.ndim))) == 0, first, second)


def _put(values, pos, new, mask):
    """``values`` with ``values[..., pos, ...] = new`` in the runs of ``mask``."""
    k, tail = pos.ndim, values.ndim - pos.ndim - 1
    axes = tuple(range(k, values.ndim))
    slot = np.arange(2).reshape((2,) + (1,) * tail)
    chosen = (np.expand_dims(pos, axes) == slot) & np.expand_dims(mask, axes)
    return np.where(chosen, np.expand_dims(new, k), values)


def strong_wolfe(f, objective, x, t, d, g, gtd, searching, max_ls):
    """torch's ``_strong_wolfe`` for every run in lockstep: each run's step length, and the
    evaluations it made.

    ``f``, ``g`` and ``gtd`` are the value, gradient and slope :math:`g^\top d` at ``x`` (per
    run), ``t`` the first trial step along ``d``. Each run with ``searching`` goes through
    torch's two loops, one evaluation at a time: bracketing (extrapolating by cubic
    interpolation until an interval holds a point of the strong Wolfe conditions) and zoom
    (shrinking the interval), with at most ``max_ls`` evaluations after the first. One call
    of the objective evaluates every run's trial point; runs that are done sit at their own
    point (step 0) meanwhile. Runs not searching keep their ``t``.
    """
    lead = searching.shape
    c1, c2 = C1, C2
    d_norm = np.abs(d).max(axis=-1, initial=0.0)

    def evaluate(step, where):
        point = x + np.where(where, step, 0.0)[..., None] * d
        value, slope = objective(point), objective.grad(point)
        return np.broadcast_to(real_array("objective(x)", value), lead), slope, _dot(slope, d)

    t_first = t
    t = np.where(searching, t, 0.0)
    f_new, g_new, gtd_new = evaluate(t, searching)
    evals = searching.astype(np.int64)
    t_prev, f_prev, g_prev, gtd_prev = np.zeros(lead), f, g, gtd
    ls_iter = np.zeros(lead, dtype=np.int64)
    phase = np.where(searching, _BRACKET, _DONE)
    # the bracket's two ends, each (step, value, gradient, slope); `low` is the lower one
    ends = [np.zeros((*lead, 2)), np.zeros((*lead, 2)), np.zeros((*lead, 2, d.shape[-1]))]
    ends.append(np.zeros((*lead, 2)))
    low = np.zeros(lead, dtype=np.int64)
    first_end, second_end = np.zeros(lead, dtype=np.int64), np.ones(lead, dtype=np.int64)
    insuf_progress = np.zeros(lead, dtype=bool)

    def put(mask, pos, end):
        ends[:] = [_put(array, pos, value, mask) for array, value in zip(ends, end, strict=True)]

    def order(mask, low):  # torch's (low_pos, high_pos): the end of lower value, 0 on a tie
        return np.where(mask, np.where(ends[1][..., 0] <= ends[1][..., 1], 0, 1), low)

    while True:
        # -- bracketing (torch's first loop): a pass for each run still in it
        bracketing = phase == _BRACKET
        out = bracketing & (ls_iter >= max_ls)  # the loop ran out: the bracket is [0, t]
        bracketing &= ~out
        armijo = (f_new > f + c1 * t * gtd) | ((ls_iter > 1) & (f_new >= f_prev))
        wide = bracketing & armijo
        wolfe = bracketing & ~wide & (np.abs(gtd_new) <= -c2 * gtd)
        past = bracketing & ~wide & ~wolfe & (gtd_new >= 0)
        extrapolate = bracketing & ~wide & ~wolfe & ~past
        new_end = (t, f_new, g_new, gtd_new)
        for mask, left, right in [
            (wide | past, (t_prev, f_prev, g_prev, gtd_prev), new_end),
            (wolfe, new_end, new_end),  # torch's one-point bracket [t]
            (out, (np.zeros(lead), f, g, gtd), new_end),
        ]:
            put(mask, first_end, left)
            put(mask, second_end, right)
        low = order(wide | past | wolfe | out, low)
        phase = np.where(wide | past, _ZOOM, np.where(wolfe | out, _DONE, phase))
        bounds = (t + 0.01 * (t - t_prev), t * 10)
        t_next = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds)
        t_prev = np.where(extrapolate, t, t_prev)
        f_prev = np.where(extrapolate, f_new, f_prev)
        g_prev = np.where(extrapolate[..., None], g_new, g_prev)
        gtd_prev = np.where(extrapolate, gtd_new, gtd_prev)
        # -- zoom (torch's second loop)
        zooming = phase == _ZOOM
        b, bf, bgtd = ends[0], ends[1], ends[3]
        narrow = np.abs(b[..., 1] - b[..., 0]) * d_norm < LINE_SEARCH_TOLERANCE
        stop = zooming & ((ls_iter >= max_ls) | narrow)
        phase = np.where(stop, _DONE, phase)
        zooming &= ~stop
        t_zoom = cubic_interpolate(
            b[..., 0], bf[..., 0], bgtd[..., 0], b[..., 1], bf[..., 1], bgtd[..., 1]
        )
        top, bottom = _pick(True, b[..., 0], b[..., 1]), _pick(False, b[..., 0], b[..., 1])
        eps = 0.1 * (top - bottom)
        near = _pick(False, top - t_zoom, t_zoom - bottom) < eps
        nudge = near & (insuf_progress | (t_zoom >= top) | (t_zoom <= bottom))
        away = np.where(np.abs(t_zoom - top) < np.abs(t_zoom - bottom), top - eps, bottom + eps)
        t_zoom = np.where(nudge, away, t_zoom)
        insuf_progress = np.where(zooming, near & ~nudge, insuf_progress)
        # -- one evaluation for every run still searching
        evaluating = extrapolate | zooming
        if not evaluating.any():
            break
        t = np.where(zooming, t_zoom, np.where(extrapolate, t_next, t))
        f_e, g_e, gtd_e = evaluate(t, evaluating)
        ls_iter = ls_iter + evaluating
        evals = evals + evaluating
        f_new = np.where(extrapolate, f_e, f_new)
        g_new = np.where(extrapolate[..., None], g_e, g_new)
        gtd_new = np.where(extrapolate, gtd_e, gtd_new)
        # the zoom's new point: it replaces the high end, or becomes the low one
        new_end, high = (t, f_e, g_e, gtd_e), 1 - low
        worse = zooming & ((f_e > f + c1 * t * gtd) | (f_e >= _at(ends[1], low)))
        better = zooming & ~worse
        put(worse, high, new_end)
        low = order(worse, low)
        done = better & (np.abs(gtd_e) <= -c2 * gtd)
        flip = better & ~done & (gtd_e * (_at(ends[0], high) - _at(ends[0], low)) >= 0)
        put(flip, high, [_at(array, low) for array in ends])  # the old low becomes the high
        put(better, low, new_end)
        phase = np.where(done, _DONE, phase)
    return np.where(searching, _at(ends[0], low), t_first), evals
