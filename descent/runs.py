"""Run an optimizer from many starting points at once and keep the whole trajectory.

:func:`run` is the one way to run any optimizer, :func:`run_stochastic` its mini-batch twin.
Both call ``opt.step(params, grad, state)`` once per update with the objective's gradient at
the current point.

**More than a gradient.** An optimizer that needs more names it in a tuple ``opt.needs``,
and its ``step`` takes each as a keyword argument, which the run computes at the current
point (:data:`SUPPLIES`):

``"hessian"``
    ``hessian=objective.hessian(x)``, shape ``(..., dim, dim)``: :class:`~descent.Newton`.
``"loss"``
    ``loss=objective(x)``, shape ``(...)``: :class:`~descent.ReduceLROnPlateau`, and
    :class:`~descent.LBFGS` with a line search.
``"objective"``
    ``objective=objective``, to evaluate elsewhere: the trial points of L-BFGS's line search.

**Matrices.** An objective with a ``shape`` attribute (a
:class:`~descent.problems.MatrixRegression`'s ``(m, n)``) has matrices for parameters: a start
has shape ``(..., m, n)``, the path ``(updates + 1, ..., m, n)`` and the loss
``(updates + 1, ...)``, every axis before the last two a run, as :class:`~descent.Muon` and
``Adafactor(factored=True)`` read them. A start diverges when any entry of its matrix leaves
the box. The rules that take the last axis as one vector (:class:`~descent.LBFGS`,
:class:`~descent.Newton`, ``Adafactor(factored=False)``) are refused on such an objective.

Nothing else changes: an optimizer without ``needs`` (every one of
:data:`descent.optimizers.ALL`) gets exactly ``step(params, grad, state)``, in the same loop.
The loss handed over is the trajectory's, computed once at the point the update starts from
and kept in the :class:`Trajectory`'s ``loss``. ``step`` stays usable by hand: pass your own
Hessian or loss; a missing one is a ``ValueError`` that names it. An objective without a ``hessian``
method (a :class:`~descent.problems.MLP`) is refused before the first step for an optimizer
that needs one. :func:`run_stochastic` hands over the full-data loss (the one it records) but
refuses ``"hessian"`` and ``"objective"``: a problem's mini-batches have gradients only, and a
Newton step or a line search on a mini-batch is another method than the one the optimizer
implements.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from ._checks import (
    _show,
    check_bool,
    check_nonnegative_int,
    check_points,
    check_positive,
    check_positive_int,
    check_seed,
    real_array,
)
from ._memory import keep_freed_memory
from .cache import kept

__all__ = ["SUPPLIES", "Trajectory", "epoch_batches", "run", "run_stochastic"]

#: What a run hands an optimizer besides the gradient, by the name in its ``needs``.
SUPPLIES = {
    "loss": "the objective at the current point, shape (...): the trajectory's loss",
    "hessian": "the objective's Hessian at the current point, shape (..., dim, dim)",
    "objective": "the objective itself, to evaluate elsewhere (a line search's trial points)",
}


@dataclass(frozen=True)
class Trajectory:
    """What :func:`run` and :func:`run_stochastic` return.

    Attributes
    ----------
    path : ndarray, shape (updates + 1, ..., dim)
        The parameters before the first update and after each update (``(updates + 1, ...,
        m, n)`` on an objective whose parameters are matrices).
    loss : ndarray, shape (updates + 1, ...)
        The objective (the full-data loss, for a problem) at every point of ``path``.
    diverged : ndarray of bool, shape (...)
        Per start: did it leave the box ``|x| <= limit`` or become non-finite?
    diverged_at : ndarray of int, shape (...)
        The update at which it did (``-1`` if it did not). A diverged start is frozen at its
        last good point, so ``path`` stays finite.
    optimizer : optimizer or None
        The optimizer that made the run (for labels and colours in :mod:`descent.plot`).
    states : NamedTuple or None
        With ``record_state=True``, the optimizer's state after every update, each field stacked
        along a first axis of length ``updates + 1`` (the first entry is ``opt.init``'s).
    epoch_ends : ndarray of int or None
        For :func:`run_stochastic`, the indices into ``path`` where each epoch ends.

    Examples
    --------
    >>> import numpy as np
    >>> from descent import GradientDescent, run
    >>> from descent.surfaces import ALL
    >>> starts = np.array([[1.0, 0.0], [0.0, 2.0]])
    >>> traj = run(GradientDescent(lr=0.25), ALL["bowl"], starts, 3)
    >>> traj.final  # each step halves the distance: 1 - 0.25 * 2
    array([[0.125, 0.   ],
           [0.   , 0.25 ]])
    >>> traj.steps_to(0.1)  # first update with loss <= 0.1
    array([2, 3])
    """

    path: np.ndarray
    loss: np.ndarray
    diverged: np.ndarray
    diverged_at: np.ndarray
    optimizer: Any = None
    states: Any = None
    epoch_ends: np.ndarray | None = None

    @property
    def final(self) -> np.ndarray:
        """The last point of every start, shape ``(..., dim)``."""
        return self.path[-1]

    @property
    def updates(self) -> int:
        """Number of updates made."""
        return len(self.path) - 1

    def steps_to(self, tol: float) -> np.ndarray:
        """Per start, the first update after which ``loss - min_loss <= tol`` (-1 if never).

        ``min_loss`` is taken as 0 relative to the loss passed here; call it on a trajectory
        of an objective whose minimum value is 0, or subtract it first. ``tol`` is a real
        number (``inf`` counts every point as reached; ``nan`` is refused).
        """
        if isinstance(tol, np.ndarray) and tol.ndim == 0:
            tol = tol[()]
        if isinstance(tol, bool | np.bool_) or not isinstance(tol, Real):
            raise TypeError(f"tol must be a real number, got {_show(tol)}")
        try:
            tol = float(tol)
        except OverflowError:  # a huge integer: beyond every float
            tol = math.inf if tol > 0 else -math.inf
        if math.isnan(tol):
            raise ValueError("tol must be a real number, not nan")
        reached = self.loss <= tol
        first = np.argmax(reached, axis=0)
        return np.where(reached.any(axis=0), first, -1)


def _loss_along(objective, path, axes=1):
    """``objective(path)``, a few steps at a time so that its temporaries stay in cache;
    ``axes`` trailing axes of ``path`` are one point's parameters."""
    per_step = max(1, path[0].size)
    chunk = max(1, 2**17 // per_step)
    if chunk >= len(path):
        return objective(path)
    loss = np.empty(path.shape[: path.ndim - axes])
    for i in range(0, len(path), chunk):
        loss[i : i + chunk] = objective(path[i : i + chunk])
    return loss


def _needs(opt):
    """What ``opt`` needs besides the gradient: ``opt.needs``, checked (``()`` if none)."""
    needs = getattr(opt, "needs", ())
    if not isinstance(needs, tuple) or not all(isinstance(n, str) for n in needs):
        raise TypeError(
            f"opt.needs must be a tuple of names from {sorted(SUPPLIES)}, got {needs!r}"
        )
    unknown = [n for n in needs if n not in SUPPLIES]
    if unknown:
        raise ValueError(
            f"opt needs {', '.join(map(repr, unknown))}, which no run can supply: opt.needs "
            f"may name {', '.join(map(repr, SUPPLIES))}"
        )
    return needs


def _check_needs(opt, objective, name, stochastic=False):
    """Refuse, before the first step, what the run cannot give ``opt``."""
    needs = _needs(opt)
    what = type(opt).__name__
    if stochastic:
        refused = {"hessian": "the Hessian", "objective": "the objective, to search along a line"}
        for need, what_for in refused.items():
            if need in needs:
                raise ValueError(
                    f"opt is {what}, which needs {what_for} at every update ({need!r} in "
                    "opt.needs); run_stochastic hands an optimizer mini-batch gradients (and "
                    "the full-data loss) only: use descent.run"
                )
    if "hessian" in needs and not callable(getattr(objective, "hessian", None)):
        raise ValueError(
            f"{name} has no hessian method, and opt is {what}, which needs the Hessian at "
            f"every update: use an objective with one (every surface of descent.surfaces, "
            f"LinearRegression) or an optimizer of the gradient alone"
        )
    return needs


def _extras(needs, objective, x, t, loss):
    """The keyword arguments of ``step`` beyond the gradient, at ``x``; the loss handed over
    is kept in ``loss[t]``, the trajectory's."""
    extras = {}
    for need in needs:
        if need == "loss":
            extras["loss"] = loss[t] = objective(x)
        elif need == "hessian":
            try:
                extras["hessian"] = objective.hessian(x)
            except NotImplementedError as err:  # a Surface without _hessian
                raise ValueError(f"objective has no Hessian ({err})") from None
        else:
            extras["objective"] = objective
    return extras


def _descend(
    opt, grad_at: Callable, start, updates, objective, limit, record_state, needs=(), axes=1
):
    """The loop shared by :func:`run` and :func:`run_stochastic`: ``grad_at(x, t)``, and what
    ``opt`` needs besides (``needs``, from :func:`_check_needs`); the last ``axes`` axes of
    ``start`` are one point (1 for a vector, 2 for a matrix: :func:`_param_axes`)."""
    keep_freed_memory()
    x = start
    lead = x.shape[: x.ndim - axes]  # the runs
    point = tuple(range(-axes, 0))
    expand = (...,) + (None,) * axes
    try:
        path = np.empty((updates + 1, *x.shape))
    except (MemoryError, ValueError):
        size = 8 * (updates + 1) * max(x.size, 1)
        raise ValueError(
            f"steps: {updates} updates of {x.size} parameters need a path of {size / 2**30:.3g} "
            "GiB, more than can be allocated; make fewer steps or fewer starts"
        ) from None
    path[0] = x
    state = opt.init(x)
    states = [state] if record_state else None
    diverged = np.zeros(lead, dtype=bool)
    diverged_at = np.full(lead, -1)
    any_diverged = False
    handed = np.empty((updates + 1, *lead)) if "loss" in needs else None
    with np.errstate(all="ignore"):  # divergence is a result: flagged below, never warned
        for t in range(updates):
            if needs:
                extras = _extras(needs, objective, x, t, handed)
                new, state = opt.step(x, grad_at(x, t), state, **extras)
            else:
                new, state = opt.step(x, grad_at(x, t), state)
            # one reduction in the common case; max() propagates nan, so nan fails it too
            if any_diverged or not np.abs(new).max(initial=0) <= limit:
                inside = np.all(np.abs(new) <= limit, axis=point)  # per start; False for nan
                diverged_at[~inside & ~diverged] = t + 1
                diverged |= ~inside
                any_diverged = bool(diverged.any())
                new = np.where(diverged[expand], x, new)
            x = new
            path[t + 1] = x
            if record_state:
                states.append(state)
        if handed is None:
            loss = _loss_along(objective, path, axes)
        else:  # the losses the optimizer was handed, and the last point's
            loss = handed
            loss[updates] = objective(x)
    if record_state:
        states = _stack(states)
    return Trajectory(path, loss, diverged, diverged_at, opt, states)


def _stack(states):
    """States over time as one state of stacked fields (a wrapped optimizer's state too)."""
    first = states[0]
    if isinstance(first, tuple) and hasattr(first, "_fields"):
        return type(first)(*(_stack(field) for field in zip(*states, strict=True)))
    return np.stack(states)


def _check_opt(opt):
    has = callable(getattr(opt, "init", None)) and callable(getattr(opt, "step", None))
    if not has or isinstance(opt, type):
        raise TypeError(
            f"opt must be an optimizer (with init and step, e.g. descent.Adam(lr=0.1)), got "
            f"{_show(opt)}"
        )


def _check_objective(name, objective, *attributes):
    missing = [a for a in ("dim", "grad", "__call__", *attributes) if not hasattr(objective, a)]
    if missing or isinstance(objective, type):
        raise TypeError(
            f"{name} must be an objective (see descent.objectives; e.g. a surface from "
            f"descent.surfaces.ALL), got {_show(objective)}"
            + (f", which lacks {', '.join(missing)}" if missing else "")
        )
    check_positive_int(f"{name}.dim", objective.dim)
    if "n_samples" in attributes:
        check_positive_int(f"{name}.n_samples", objective.n_samples)


def _param_shape(name, objective):
    """The shape of one point of ``objective``: its ``shape`` (a matrix problem's ``(m, n)``)
    where it has one, else ``(dim,)``."""
    shape = getattr(objective, "shape", None)
    if shape is None:
        return (objective.dim,)
    if (
        not isinstance(shape, tuple)
        or not shape
        or not all(isinstance(k, int | np.integer) and k >= 1 for k in shape)
        or math.prod(shape) != objective.dim
    ):
        raise ValueError(
            f"{name}.shape must be a tuple of positive integers whose product is {name}.dim "
            f"= {objective.dim}, got {_show(shape)}"
        )
    return tuple(int(k) for k in shape)


#: The rules that read the last axis as one vector (a line search, a Hessian, a vector's RMS),
#: by class name: on a matrix objective a start's rows are not its parameters.
_VECTOR_RULES = {"LBFGS": "L-BFGS", "Newton": "Newton's method"}


def _check_layout(opt, shape, name):
    """Refuse an optimizer that would take a matrix objective's rows as separate vectors."""
    if len(shape) == 1:
        return
    inner = getattr(opt, "optimizer", None)  # ReduceLROnPlateau's wrapped rule
    rule = inner if inner is not None and callable(getattr(inner, "step", None)) else opt
    kind = type(rule).__name__
    if kind in _VECTOR_RULES:
        why = f"{_VECTOR_RULES[kind]} works on the last axis as one vector"
    elif kind == "Adafactor" and not getattr(rule, "factored", True):
        why = "Adafactor(factored=False) takes the last axis as one vector: use factored=True"
    else:
        return
    raise ValueError(
        f"opt is {kind}, and {name}'s parameters are matrices of shape {shape}: {why}, so it "
        "would treat each row as a parameter of its own"
    )


def _start(objective, start, name="objective"):
    """``start``, checked against one point's shape (:func:`_param_shape`), as float64."""
    shape = _param_shape(name, objective)
    if len(shape) == 1:
        start = check_points("start", start, objective.dim)
    else:
        start = real_array("start", start)
        if start.shape[start.ndim - len(shape) :] != shape or start.ndim < len(shape):
            wanted = ", ".join(map(str, shape))
            raise ValueError(f"start must have shape (..., {wanted}), got {start.shape}")
    if not np.all(np.isfinite(start)):
        raise ValueError("start must be finite, got non-finite entries")
    return start.copy()


@kept
def run(opt, objective, start, steps, *, limit=1e8, record_state=False):
    r"""Run ``steps`` updates of ``opt`` on ``objective`` from every point in ``start``.

    Parameters
    ----------
    opt : optimizer
        Any of :mod:`descent.optimizers`.
    objective : surface or problem
        An :class:`~descent.objectives.Objective`: a :mod:`descent.surfaces` surface, or a
        :mod:`descent.problems` problem (full-batch gradients).
    start : array_like, shape (..., dim) or (..., m, n)
        One starting point, or many along leading axes; all run at once, vectorised. Finite
        real numbers of any dtype (float32, integers...); the run is in float64. For an
        objective whose parameters are a matrix (one with a ``shape``, such as
        :class:`~descent.problems.MatrixRegression`), one point is an m×n matrix, the last
        two axes of ``start``.
    steps : int
        Number of updates, ``>= 0``.
    limit : float, default 1e8
        In :math:`(0, \infty)`. A start whose parameters leave ``|x| <= limit`` (or become
        non-finite) is flagged as diverged and frozen at its last point inside; the others go on.
    record_state : bool, default False
        Keep the optimizer's state after every update (velocity, moments...) for plotting.

    Returns
    -------
    Trajectory
        In float64 whatever the dtype of ``start``.

    Notes
    -----
    **Precision.** Computation is in float64, as in every optimizer of
    :mod:`descent.optimizers`: a float32 ``start`` is converted, and ``path``
    and ``loss`` are float64, so that a run agrees with the recorded torch.optim runs to 1e-10
    and does not depend on the dtype the starting points happened to have.

    The loop over steps is Python; everything inside a step is vectorised over the starts.
    On Linux with glibc, the first call raises malloc's trim and mmap thresholds for the
    process (see ``descent/_memory.py``): the pure update rules allocate fresh arrays every
    step, and glibc's defaults would otherwise return and re-fault that memory each time.

    Examples
    --------
    Adam on Rosenbrock from 1,000 starts in one call:

    >>> import numpy as np
    >>> from descent import Adam, run
    >>> from descent.surfaces import ALL
    >>> starts = np.random.default_rng(0).uniform(-2, 2, size=(1000, 2))
    >>> traj = run(Adam(lr=0.1), ALL["rosenbrock"], starts, steps=3000)
    >>> traj.path.shape, traj.loss.shape, int(traj.diverged.sum())
    ((3001, 1000, 2), (3001, 1000), 0)
    >>> bool(np.median(traj.loss[-1]) < 1e-6)
    True

    On a problem whose parameters are a matrix, a start is a matrix (or many): here three
    4×3 starts of :class:`~descent.Muon`, which orthogonalises each step:

    >>> from descent import Muon
    >>> from descent.problems import MatrixRegression
    >>> layer = MatrixRegression.synthetic(shape=(4, 3))
    >>> opt = Muon(lr=0.05, weight_decay=0.0)
    >>> traj = run(opt, layer, np.zeros((3, 4, 3)), steps=100)
    >>> traj.path.shape, traj.loss.shape
    ((101, 3, 4, 3), (101, 3))
    >>> round(float(traj.loss[0, 0]), 4)  # from 1 per direction
    3.0
    >>> bool(np.all(traj.loss[-1] < 0.01 * traj.loss[0]))  # under 1 % of it
    True

    At a constant rate Muon's step keeps its spectral size however small the gradient, so the
    loss does not go to 0: it hovers at a level the rate sets, and where in it a run stops is
    decided by rounding (nudging the start by 1e-13 moves the final loss from below 1e-4 to
    near 1e-2), so no digits of it are printed here.

    Gradient descent above :math:`2/\lambda_{\max}` diverges; the run is flagged, not raised:

    >>> from descent import GradientDescent
    >>> opt = GradientDescent(lr=1.1)
    >>> traj = run(opt, ALL["parabola"], [[1.0], [-0.5]], steps=200)
    >>> traj.diverged, traj.diverged_at
    (array([ True,  True]), array([102, 105]))
    """
    _check_opt(opt)
    _check_objective("objective", objective)
    steps = check_nonnegative_int("steps", steps)
    limit = check_positive("limit", limit, scalar=True)
    record_state = check_bool("record_state", record_state)
    needs = _check_needs(opt, objective, "objective")
    start = _start(objective, start)
    shape = _param_shape("objective", objective)
    _check_layout(opt, shape, "objective")
    return _descend(
        opt,
        lambda x, t: objective.grad(x),
        start,
        steps,
        objective,
        limit,
        record_state,
        needs,
        len(shape),
    )


def _check_batch_size(batch_size, n):
    batch_size = check_positive_int("batch_size", batch_size)
    if batch_size > n:
        raise ValueError(
            f"batch_size must be in [1, {n}] (the number of samples), got {batch_size}"
        )
    return batch_size


def epoch_batches(n_samples, epochs, batch_size, *, seed=0, lead_shape=()):
    r"""The mini-batches of :func:`run_stochastic`, in the order it takes them.

    Each epoch is a fresh shuffle of the indices ``0 .. n_samples - 1`` (sampling without
    replacement), cut into consecutive batches of ``batch_size``; the last batch of an epoch is
    smaller when ``batch_size`` does not divide ``n_samples``. The shuffles come from
    ``numpy.random.default_rng(seed)`` and do not depend on ``batch_size``, so the same seed
    visits the data in the same order whatever the batch size (with ``batch_size=n_samples``
    each batch is an epoch's whole permutation).

    Parameters
    ----------
    n_samples : int
        Size of the data set, ``N``.
    epochs : int
        Number of passes over the data.
    batch_size : int
        In ``[1, N]``.
    seed : int >= 0 or None, default 0
        Seed of the shuffles (``None``: fresh entropy, a different order every call).
    lead_shape : tuple of int, default ()
        ``()``: one sequence of batches for every start. Else the shape of the starts: each
        start gets its own shuffles, and every batch has shape ``lead_shape + (b,)``.

    Returns
    -------
    list of ndarray of int
        ``epochs * ceil(N / batch_size)`` index arrays: update ``t`` uses batch ``t``.

    Examples
    --------
    >>> batches = epoch_batches(5, epochs=2, batch_size=2, seed=0)
    >>> [b.tolist() for b in batches]
    [[2, 4], [3, 0], [1], [4, 1], [2, 0], [3]]
    >>> per_start = epoch_batches(5, 1, 2, lead_shape=(3,))  # 3 shuffles
    >>> [b.shape for b in per_start]
    [(3, 2), (3, 2), (3, 1)]
    """
    n = check_positive_int("n_samples", n_samples)
    epochs = check_nonnegative_int("epochs", epochs)
    batch_size = _check_batch_size(batch_size, n)
    if not isinstance(lead_shape, tuple):
        raise TypeError(f"lead_shape must be a tuple of integers, got {lead_shape!r}")
    lead_shape = tuple(check_nonnegative_int("lead_shape", k) for k in lead_shape)
    rng = np.random.default_rng(check_seed("seed", seed))
    order = np.broadcast_to(np.arange(n), (epochs, *lead_shape, n))
    order = rng.permuted(order, axis=-1)  # one shuffle per epoch (and per start)
    cuts = np.arange(batch_size, n, batch_size)
    return [b for epoch in order for b in np.split(epoch, cuts, axis=-1)]


@kept
def run_stochastic(
    opt,
    problem,
    start,
    epochs,
    batch_size,
    *,
    seed=0,
    independent=False,
    limit=1e8,
    record_state=False,
):
    r"""Mini-batch gradient descent: ``epochs`` passes over ``problem``'s data in shuffled batches.

    Each epoch shuffles the data (sampling without replacement) and cuts it into batches of
    ``batch_size`` (the last one smaller if it does not divide ``N``), one update per batch, as a
    ``DataLoader(shuffle=True)`` does; :func:`epoch_batches` gives them, in order.
    ``batch_size=1`` is pure SGD; ``batch_size=N`` is batch
    gradient descent with extra steps of bookkeeping.

    Parameters
    ----------
    opt : optimizer
    problem : problem
        A :class:`~descent.objectives.Problem`: anything with ``.grad(params, batch)`` and
        ``.n_samples``, such as :class:`~descent.problems.LinearRegression` or
        :class:`~descent.problems.MLP`.
    start : array_like, shape (..., dim) or (..., m, n)
        Finite real numbers; the run is in float64, as in :func:`run` (matrices for a
        problem with a ``shape``).
    epochs : int
        Passes over the data, ``>= 0``.
    batch_size : int
        In ``[1, N]``.
    seed : int or None, default 0
        Seed of the shuffles, an integer ``>= 0`` (``None``: fresh entropy).
    independent : bool, default False
        ``False``: every start sees the same batches. ``True``: every start (leading index of
        ``start``) gets its own shuffles: an ensemble of independent SGD runs, vectorised.
    limit, record_state
        As in :func:`run`.

    Returns
    -------
    Trajectory
        With one point per update, the full-data loss at each, and ``epoch_ends``.

    Examples
    --------
    >>> import numpy as np
    >>> from descent import GradientDescent, run_stochastic
    >>> from descent.problems import LinearRegression
    >>> problem = LinearRegression.synthetic(n=100, seed=0)
    >>> opt = GradientDescent(lr=0.05)
    >>> traj = run_stochastic(opt, problem, np.zeros(2), epochs=3,
    ...                       batch_size=32)
    >>> traj.updates, traj.epoch_ends  # 4 batches an epoch: 32, 32, 32, 4
    (12, array([ 4,  8, 12]))
    """
    _check_opt(opt)
    _check_objective("problem", problem, "n_samples")
    epochs = check_nonnegative_int("epochs", epochs)
    n = problem.n_samples
    batch_size = _check_batch_size(batch_size, n)
    check_seed("seed", seed)
    limit = check_positive("limit", limit, scalar=True)
    record_state = check_bool("record_state", record_state)
    independent = check_bool("independent", independent)
    needs = _check_needs(opt, problem, "problem", stochastic=True)
    start = _start(problem, start, "problem")
    shape = _param_shape("problem", problem)
    _check_layout(opt, shape, "problem")
    lead = start.shape[: start.ndim - len(shape)] if independent else ()
    batches = epoch_batches(n, epochs, batch_size, seed=seed, lead_shape=lead)
    per_epoch = -(-n // batch_size)
    traj = _descend(
        opt,
        lambda x, t: problem.grad(x, batch=batches[t]),
        start,
        len(batches),
        problem,
        limit,
        record_state,
        needs,
        len(shape),
    )
    epoch_ends = per_epoch * np.arange(1, epochs + 1)
    return dataclasses.replace(traj, epoch_ends=epoch_ends)
