"""What every optimizer shares: the learning rate, the checks at the boundary, ``step``."""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from .._checks import _show, check_nonnegative, check_nonnegative_int, real_array


class Optimizer:
    """Mixin for the update rules: ``state = opt.init(params)``, ``opt.step(params, grad, state)``.

    Subclasses are frozen dataclasses with an ``lr`` field that is either a positive float or a
    schedule (a callable ``t -> lr`` such as :class:`descent.schedules.CosineAnnealingLR`),
    evaluated at the update number ``t = 0, 1, 2, ...`` held in the state's ``count``. A
    schedule's value is checked when it is used: it must be a finite number >= 0 (0 is allowed,
    where cosine annealing ends); anything else raises ``ValueError`` (``TypeError`` for a
    string, ``None``...) naming ``lr`` and the update number.

    Every numeric hyperparameter may also be an array that broadcasts to the parameters' shape,
    checked entry by entry: a grid of learning rates and momenta runs in one vectorised call,
    e.g. ``Momentum(lr=lrs[:, None, None], beta=betas[None, :, None])`` on starts of shape
    ``(len(lrs), len(betas), dim)``. The optimizer keeps a read-only float64 *copy* of each
    array: changing the caller's array afterwards changes nothing.

    Hyperparameters are checked once, at construction; ``step`` checks only what is cheap
    (dtypes, shapes, the state's type and count, a scheduled rate), so the loop stays fast.

    torch's options of a rule (``Adam(amsgrad=True)``, ``Momentum(dampening=...)``, weight
    decay...) carry torch's names and defaults, which turn them off: off, the rule and its state
    are the plain ones, and ``repr`` leaves them out (it shows an option only when it is set).
    An option that needs more state (AMSGrad's maximum, centered RMSProp's average of
    gradients) gives the optimizer a state type of its own.

    Notes
    -----
    **Precision.** Computation is in float64: ``params`` and ``grad`` of any real dtype (float32,
    float16, integers) are converted, and the new parameters and the state are float64. The
    reference data from torch.optim, the tolerances of the tests and the divergence limits are
    all float64; mixing a float32 state with float64 hyperparameters would promote anyway, and
    a float32 path would make small learning rates (α ε or steps below 1e-7 of the
    parameters) vanish in rounding. Bools, strings, complex numbers and object arrays are
    refused with a ``TypeError`` naming the argument. Non-finite gradients are allowed: they
    give non-finite parameters, quietly, which :func:`descent.run` reports as a divergence.

    Examples
    --------
    >>> import numpy as np
    >>> from descent import GradientDescent
    >>> opt = GradientDescent(lr=0.5)
    >>> x0 = np.array([1.0], dtype=np.float32)
    >>> g = np.array([1], dtype=np.int8)
    >>> x, state = opt.step(x0, g, opt.init(np.zeros(1)))
    >>> x, x.dtype
    (array([0.5]), dtype('float64'))
    >>> GradientDescent(lr=lambda t: -0.1).step(x, x, state)
    Traceback (most recent call last):
    ...
    ValueError: lr at update 1 must be in [0, inf), got -0.1
    """

    #: the state's NamedTuple; its fields are arrays shaped like the parameters, then ``count``
    _State: type
    #: torch's options that came after the rule (``amsgrad``, ``dampening``...): shown by
    #: ``repr`` only when set away from their defaults, which leave the rule as it was
    _options: tuple[str, ...] = ()

    def _store(self, **values):
        """Keep the validated hyperparameters (floats, read-only array copies) in the frozen
        dataclass, and note which of them are grids (arrays)."""
        for name, value in values.items():
            object.__setattr__(self, name, value)
        grids = tuple((k, v.shape) for k, v in vars(self).items() if isinstance(v, np.ndarray))
        object.__setattr__(self, "_grids", grids)

    def init(self, params):
        """The state before the first update, for parameters shaped like ``params``."""
        params = real_array("params", params)
        self._check_grids(params.shape)
        arrays = (np.zeros(params.shape) for _ in self._State._fields[:-1])
        return self._State(*arrays, 0)

    def _initial_lr(self, shape):
        """The learning rate of update 0, for a state that starts from it (Rprop's step sizes,
        ASGD's η): a schedule's first value, checked, and a grid checked against ``shape``."""
        lr = self._learning_rate(0)
        if isinstance(lr, np.ndarray) and lr.ndim:
            self._check_grids(shape, (("lr at update 0", lr.shape),))
        return lr

    def step(self, params, grad, state):
        """One update: the new parameters and state; the inputs are not modified.

        Parameters
        ----------
        params : array_like of real numbers, any shape
        grad : array_like of real numbers, the shape of ``params``
        state : the optimizer's state
            From :meth:`init` (for parameters of this shape) or the previous ``step``.

        Returns
        -------
        params : ndarray of float64, the shape of ``params``
        state : the new state
        """
        params, grad, lr = self._prepare(params, grad, state)
        with np.errstate(all="ignore"):  # non-finite gradients give non-finite params, quietly
            return self._update(params, grad, state, lr)

    def learning_rate(self, count: int) -> float:
        """The learning rate used by update number ``count`` (an integer >= 0; 0 for the first).

        A schedule's value is checked here: it must be a finite number (or array) >= 0.
        """
        return self._learning_rate(check_nonnegative_int("count", count))

    def _learning_rate(self, count):
        lr = self.lr
        if not callable(lr):
            return lr
        value = lr(count)
        if type(value) is float and 0.0 <= value < math.inf:  # the common case, cheaply
            return value
        return check_nonnegative(f"lr at update {count}", value)

    def _prepare(self, params, grad, state):
        """The checks at the boundary of ``step``: each one cheap (no pass over the arrays)."""
        params = real_array("params", params)
        grad = real_array("grad", grad)
        if grad.shape != params.shape:
            raise ValueError(f"grad must have the shape of params {params.shape}, got {grad.shape}")
        if self._grids:  # before the state, whose type may depend on them (RMSProp's momentum)
            self._check_grids(params.shape)
        self._check_state(state, params.shape)
        lr = self._learning_rate(state.count)
        if isinstance(lr, np.ndarray) and lr.ndim:  # a schedule of grids
            self._check_grids(params.shape, ((f"lr at update {state.count}", lr.shape),))
        return params, grad, lr

    def _check_state(self, state, shape=None):
        cls, name = self._State, type(self).__name__
        if not isinstance(state, cls):
            raise TypeError(
                f"state must be the {cls.__name__} of {name}.init or step, got {_show(state)[:60]}"
            )
        if shape is None:  # states stacked over time (Trajectory.states) for effective_lr
            return
        count = state.count
        if isinstance(count, bool | np.bool_) or not isinstance(count, int | np.integer):
            raise TypeError(f"state.count must be an integer >= 0, got {_show(count)}")
        if count < 0:
            raise ValueError(f"state.count must be an integer >= 0, got {count}")
        for field, expected in self._state_shapes(shape).items():
            value = getattr(state, field)
            if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
                raise TypeError(f"state.{field} must be a float array, got {_show(value)[:60]}")
            if value.shape != expected:
                wanted = (
                    f"the shape of params {shape}"
                    if expected == shape
                    else f"shape {expected} for params of shape {shape}"
                )
                raise ValueError(
                    f"state.{field} must have {wanted}, got {value.shape} "
                    f"(a state from {name}.init of parameters of another shape?)"
                )

    def _state_shapes(self, shape):
        """The shape of each array of the state, for parameters of ``shape``: theirs."""
        return dict.fromkeys(self._State._fields[:-1], shape)

    def _check_grids(self, shape, grids=None):
        for name, grid in self._grids if grids is None else grids:
            try:
                fits = np.broadcast_shapes(grid, shape) == shape
            except ValueError:
                fits = False
            if not fits:
                raise ValueError(
                    f"{name} is an array of shape {grid}, which must broadcast to the shape of "
                    f"params {shape}"
                )

    def _per_update(self, state, values, like):
        """``values`` (one per update count in ``state``) shaped to broadcast against ``like``.

        Works for one state and for states stacked over time (``Trajectory.states``), whose
        ``count`` is an array of shape ``(T,)`` and whose arrays have shape ``(T, ...)``.
        """
        values = np.asarray(values, dtype=float)
        if np.ndim(state.count) == 0 or values.ndim == 0:
            return values
        return values.reshape(values.shape + (1,) * (np.ndim(like) - values.ndim))

    def last_learning_rate(self, state, like):
        """The learning rate of the last update made (of each, for stacked states)."""
        self._check_state(state)
        if not callable(self.lr):
            return self.lr
        count = np.maximum(np.asarray(state.count) - 1, 0)
        return self._per_update(state, check_nonnegative("lr", self.lr(count)), like)

    def _fields(self):
        return tuple((k, v) for k, v in vars(self).items() if not k.startswith("_"))

    def __eq__(self, other):
        """Same class, same hyperparameters (arrays compared by value, schedules by ``==``)."""
        if type(other) is not type(self):
            return NotImplemented
        return all(
            np.array_equal(a, b)
            if isinstance(a, np.ndarray) or isinstance(b, np.ndarray)
            else a == b
            for (_, a), (_, b) in zip(self._fields(), other._fields(), strict=True)
        )

    def __hash__(self):
        return hash(
            (
                type(self),
                *tuple(
                    (v.shape, v.tobytes()) if isinstance(v, np.ndarray) else v
                    for _, v in self._fields()
                ),
            )
        )

    def __repr__(self):
        defaults = {f.name: f.default for f in dataclasses.fields(self)}
        fields = ", ".join(
            f"{k}={v!r}"
            for k, v in self._fields()
            if k not in self._options or not _is_default(v, defaults[k])
        )
        return f"{type(self).__name__}({fields})"


def _is_default(value, default) -> bool:
    return not isinstance(value, np.ndarray) and not callable(value) and value == default


def is_on(value) -> bool:
    """Whether an option that is off at 0 (a weight decay, a dampening) is on anywhere: a
    number other than 0, or a grid with an entry other than 0."""
    return bool(np.any(value != 0))


def apply_weight_decay(params, grad, lr, weight_decay, decoupled=False):
    r"""torch's ``weight_decay``, applied before the rule: the parameters and the gradient that
    the rule then sees.

    By default L2 regularisation, :math:`g \leftarrow g + \lambda\theta`, what every
    torch.optim optimizer but AdamW does with ``weight_decay``; with ``decoupled`` the
    parameters shrink instead, :math:`\theta \leftarrow (1 - \alpha\lambda)\,\theta`
    (AdamW's decay; torch's ``decoupled_weight_decay=True``). At :math:`\lambda = 0` both
    are left as they are, as torch does (so that an infinite parameter does not turn the
    gradient into ``nan`` through :math:`0\cdot\infty`).
    """
    if not is_on(weight_decay):
        return params, grad
    if decoupled:
        return params * (1 - lr * weight_decay), grad
    return params, grad + weight_decay * params
