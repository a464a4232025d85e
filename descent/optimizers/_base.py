"""What every optimizer shares: the learning rate, read from a float or a schedule."""

from __future__ import annotations

import numpy as np

from .._checks import check_same_shape


class Optimizer:
    """Mixin for the update rules: ``state = opt.init(params)``, ``opt.step(params, grad, state)``.

    Subclasses are frozen dataclasses with an ``lr`` field that is either a positive float or a
    schedule (a callable ``t -> lr`` such as :class:`descent.schedules.CosineAnnealingLR`),
    evaluated at the update number ``t = 0, 1, 2, ...`` held in the state's ``count``.

    Every numeric hyperparameter may also be an array that broadcasts against the parameters,
    checked entry by entry: a grid of learning rates and momenta runs in one vectorised call,
    e.g. ``Momentum(lr=lrs[:, None, None], beta=betas[None, :, None])`` on starts of shape
    ``(len(lrs), len(betas), dim)``.
    """

    def learning_rate(self, count: int) -> float:
        """The learning rate used by update number ``count`` (0 for the first update)."""
        return self.lr(count) if callable(self.lr) else self.lr

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
        if not callable(self.lr):
            return self.lr
        count = np.maximum(np.asarray(state.count) - 1, 0)
        return self._per_update(state, self.lr(count), like)

    @staticmethod
    def _arrays(params, grad):
        params = np.asarray(params, dtype=float)
        grad = np.asarray(grad, dtype=float)
        check_same_shape(params, grad)
        return params, grad

    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({fields})"
