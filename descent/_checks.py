"""Argument checks shared by the public API: fail early, name the argument and the range."""

from __future__ import annotations

import math
from numbers import Real

import numpy as np


def _real(name: str, value):
    if isinstance(value, np.ndarray) and value.ndim > 0:
        # a grid of hyperparameters, broadcast against the parameters: every entry is checked
        if not np.issubdtype(value.dtype, np.number) or np.iscomplexobj(value):
            raise ValueError(f"{name} must hold real numbers, got dtype {value.dtype}")
        value = value.astype(float)
        if not np.all(np.isfinite(value)):
            raise ValueError(f"{name} must be finite, got non-finite entries")
        return value
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


def _show(value) -> str:
    """A value for an error message: itself, or the offending entry of an array."""
    if isinstance(value, np.ndarray):
        return f"an array with entries from {float(value.min()):g} to {float(value.max()):g}"
    return repr(value)


def check_positive(name: str, value) -> float:
    """Require a finite ``value > 0``."""
    value = _real(name, value)
    if np.any(value <= 0):
        raise ValueError(f"{name} must be in (0, inf), got {_show(value)}")
    return value


def check_nonnegative(name: str, value) -> float:
    """Require a finite ``value >= 0``."""
    value = _real(name, value)
    if np.any(value < 0):
        raise ValueError(f"{name} must be in [0, inf), got {_show(value)}")
    return value


def check_unit_interval(name: str, value) -> float:
    """Require ``0 <= value < 1`` (a decay rate such as β)."""
    value = _real(name, value)
    if not np.all((value >= 0) & (value < 1)):
        raise ValueError(f"{name} must be in [0, 1), got {_show(value)}")
    return value


def check_closed_unit_interval(name: str, value) -> float:
    """Require ``0 <= value <= 1``."""
    value = _real(name, value)
    if not np.all((value >= 0) & (value <= 1)):
        raise ValueError(f"{name} must be in [0, 1], got {_show(value)}")
    return value


def check_positive_int(name: str, value) -> int:
    """Require an integer ``value >= 1``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


def check_nonnegative_int(name: str, value) -> int:
    """Require an integer ``value >= 0``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    return int(value)


def check_lr(value):
    """A learning rate is a positive finite float or a schedule (a callable of the step)."""
    if callable(value):
        return value
    return check_positive("lr", value)


def check_same_shape(params: np.ndarray, grad: np.ndarray) -> None:
    """Require the gradient to have the parameters' shape."""
    if np.shape(grad) != np.shape(params):
        raise ValueError(
            f"grad must have the shape of params {np.shape(params)}, got {np.shape(grad)}"
        )


def check_points(name: str, x, dim: int) -> np.ndarray:
    """Return ``x`` as a float array of shape ``(..., dim)``."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 0 or x.shape[-1] != dim:
        raise ValueError(f"{name} must have shape (..., {dim}), got {x.shape}")
    return x
