"""Argument checks shared by the public API: fail early, name the argument and the range.

Every check raises ``TypeError`` for a value of the wrong kind (a string, ``None``, a bool, a
complex number, an object array) and ``ValueError`` for a value of the right kind out of its
range (negative, non-finite, wrong shape), with a message that starts with the argument's name.
Numeric hyperparameters come back validated: a Python ``float``, or a read-only ``float64`` copy
of an array, so that changing the caller's array afterwards changes nothing.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np

#: the largest integer a count, a step number or a size may be: what int64 holds
MAX_INT = 2**63 - 1


def _show(value) -> str:
    """A value for an error message: itself (shortened), or the range of an array's entries."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, np.ndarray) and value.size and value.dtype.kind in "fiu":
        with np.errstate(all="ignore"):
            return f"an array with entries from {float(value.min()):g} to {float(value.max()):g}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"an integer of {len(str(abs(value)))} digits"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def readonly(array: np.ndarray) -> np.ndarray:
    """``array`` marked read-only (it must be the caller's own copy)."""
    array.flags.writeable = False
    return array


def real_array(name: str, value) -> np.ndarray:
    """``value`` as a float64 array; a ``TypeError`` unless it holds real numbers.

    Integers and floats of any precision are accepted and converted (computation is in float64);
    bools, strings, complex numbers, ``None`` and object arrays are refused. Non-finite entries
    are allowed (they propagate, as in IEEE arithmetic).
    """
    if isinstance(value, np.ndarray):
        array = value
    else:
        try:
            array = np.asarray(value)
        except (ValueError, TypeError) as err:  # ragged lists
            raise ValueError(f"{name} must be an array of real numbers: {err}") from None
    kind = array.dtype.kind
    if kind == "f" or kind in "iu":
        return array if array.dtype == np.float64 else array.astype(np.float64)
    if kind == "c":
        raise TypeError(f"{name} must be real, got complex values (dtype {array.dtype})")
    raise TypeError(
        f"{name} must be an array of real numbers (int or float), got {_show(value)} "
        f"(dtype {array.dtype})"
    )


def finite_array(name: str, value) -> np.ndarray:
    """:func:`real_array`, and every entry finite."""
    array = real_array(name, value)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got non-finite entries")
    return array


def _real(name: str, value, allowed: str = ""):
    """A finite real number (a float), or a non-empty array of them (a read-only copy).

    ``allowed`` (such as ``"in (0, inf)"``) completes the messages with the range.
    """
    rng = f" {allowed}" if allowed else ""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        # a grid of hyperparameters, broadcast against the parameters: every entry is checked
        if value.dtype.kind not in "fiu":
            kind = "complex" if value.dtype.kind == "c" else "non-numeric"
            raise TypeError(f"{name} must hold real numbers{rng}, got {kind} dtype {value.dtype}")
        if value.size == 0:
            raise ValueError(
                f"{name} must be a number{rng} or a non-empty array, got shape {value.shape}"
            )
        value = value.astype(np.float64)  # always a copy: the caller's array may change
        if not np.all(np.isfinite(value)):
            raise ValueError(f"{name} must be finite{rng and ' and' + rng}, got non-finite entries")
        return readonly(value)
    if isinstance(value, np.ndarray):  # 0-d: a scalar
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number{rng}, got {_show(value)}")
    try:
        value = float(value)
    except OverflowError:
        raise ValueError(
            f"{name} must be finite{rng and ' and' + rng}, got {_show(value)}"
        ) from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite{rng and ' and' + rng}, got {value!r}")
    return value


def check_real(name: str, value, *, scalar=False, allowed=""):
    """Require a finite real number (or, unless ``scalar``, an array of them)."""
    if scalar and isinstance(value, np.ndarray) and value.ndim > 0:
        rng = f" {allowed}" if allowed else ""
        raise TypeError(f"{name} must be a real number{rng}, not an array of shape {value.shape}")
    return _real(name, value, allowed)


def check_positive(name: str, value, *, scalar=False):
    """Require a finite ``value > 0``."""
    value = check_real(name, value, scalar=scalar, allowed="in (0, inf)")
    if np.any(value <= 0):
        raise ValueError(f"{name} must be in (0, inf), got {_show(value)}")
    return value


def check_nonnegative(name: str, value, *, scalar=False):
    """Require a finite ``value >= 0``."""
    value = check_real(name, value, scalar=scalar, allowed="in [0, inf)")
    if np.any(value < 0):
        raise ValueError(f"{name} must be in [0, inf), got {_show(value)}")
    return value


def check_unit_interval(name: str, value, *, scalar=False):
    """Require ``0 <= value < 1`` (a decay rate such as β)."""
    value = check_real(name, value, scalar=scalar, allowed="in [0, 1)")
    if not np.all((value >= 0) & (value < 1)):
        raise ValueError(f"{name} must be in [0, 1), got {_show(value)}")
    return value


def check_closed_unit_interval(name: str, value, *, scalar=False):
    """Require ``0 <= value <= 1``."""
    value = check_real(name, value, scalar=scalar, allowed="in [0, 1]")
    if not np.all((value >= 0) & (value <= 1)):
        raise ValueError(f"{name} must be in [0, 1], got {_show(value)}")
    return value


def check_interval(
    name: str, value, low=-math.inf, high=math.inf, *, open_low=False, open_high=False, scalar=False
):
    """Require ``low <= value <= high``, strictly where that end is open: Rprop's
    ``eta_plus`` is ``check_interval("eta_plus", v, 1, open_low=True)``, in ``(1, inf)``."""
    lo = "(" if open_low or low == -math.inf else "["
    hi = ")" if open_high or high == math.inf else "]"
    allowed = f"in {lo}{low:g}, {high:g}{hi}"
    value = check_real(name, value, scalar=scalar, allowed=allowed)
    above = value > low if open_low else value >= low
    below = value < high if open_high else value <= high
    if not np.all(above & below):
        raise ValueError(f"{name} must be {allowed}, got {_show(value)}")
    return value


def check_int(name: str, value, low: int, high: int = MAX_INT) -> int:
    """Require an integer (not a bool, not a float) in ``[low, high]``; return it as an int."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    allowed = f">= {low} (at most 2**63 - 1)" if high == MAX_INT else f"in [{low}, {high}]"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer {allowed}, got {_show(value)}")
    value = int(value)
    if not low <= value <= high:
        raise ValueError(f"{name} must be an integer {allowed}, got {_show(value)}")
    return value


def check_positive_int(name: str, value) -> int:
    """Require an integer ``value >= 1``."""
    return check_int(name, value, 1)


def check_nonnegative_int(name: str, value) -> int:
    """Require an integer ``value >= 0``."""
    return check_int(name, value, 0)


def check_bool(name: str, value) -> bool:
    """Require ``True`` or ``False`` (numpy's bools too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_show(value)}")
    return bool(value)


def check_seed(name: str, value):
    """Require a seed for :func:`numpy.random.default_rng`: an integer >= 0 or ``None``."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    return check_int(name, value, 0)


def check_lr(value):
    """A learning rate is a positive finite float (or array) or a schedule (a callable of t)."""
    if isinstance(value, type):
        raise TypeError(
            f"lr must be a number or a schedule (an instance, e.g. StepLR(0.1, 10)), got the "
            f"class {value.__name__}"
        )
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
    """Return ``x`` as a float64 array of shape ``(..., dim)`` (real entries, any precision)."""
    x = real_array(name, x)
    if x.ndim == 0 or x.shape[-1] != dim:
        raise ValueError(f"{name} must have shape (..., {dim}), got {x.shape}")
    return x


def check_extent(extent, dim: int) -> tuple:
    """A plotting window: ``2 * dim`` finite floats ``(lo_1, hi_1, lo_2, hi_2, ...)``, lo < hi."""
    if isinstance(extent, (str, bytes)) or not np.iterable(extent):
        raise TypeError(f"extent must be a sequence of {2 * dim} real numbers, got {_show(extent)}")
    values = tuple(check_real("extent", e, scalar=True) for e in extent)
    if len(values) != 2 * dim:
        raise ValueError(f"extent must have {2 * dim} entries (lo, hi per axis), got {len(values)}")
    if not all(lo < hi for lo, hi in zip(values[::2], values[1::2], strict=True)):
        raise ValueError(f"extent must have lo < hi on every axis, got {values}")
    return values


def check_str(name: str, value) -> str:
    """Require a string."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {_show(value)}")
    return value
