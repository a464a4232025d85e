"""What the rules for matrices share: the layout of their parameters and their reductions.

descent's leading axes are independent runs (starts × hyperparameters). A rule that sees a
parameter as a whole (a vector's RMS, a matrix's factors or its singular values) keeps that
convention: its last axis is the vector, or its last two axes are the matrix, and every axis
before them indexes a run. A ``(runs, m, n)`` array is ``runs`` independent m×n matrices.
"""

from __future__ import annotations

import numpy as np

from .._checks import real_array


def check_matrices(name: str, value, who: str, hint: str) -> np.ndarray:
    """``value`` as a float64 array of matrices, shape ``(..., m, n)``; a ``ValueError``
    naming ``name`` (and ending with ``hint``) for fewer than two axes."""
    array = real_array(name, value)
    if array.ndim < 2:
        raise ValueError(
            f"{name} must be a matrix, or a batch of them, shape (..., m, n): {who} works on "
            f"the last two axes as one matrix; got shape {array.shape} ({hint})"
        )
    return array


def mean_over(array: np.ndarray, axes: tuple) -> np.ndarray:
    """The mean over ``axes``, kept as axes of length 1; ``nan`` (quietly) over no entries.

    ``np.mean`` warns on an empty axis; a parameter with no entries is allowed (its update is
    empty), so this divides the sum by the count inside the caller's ``errstate``.
    """
    count = 1
    for axis in axes:
        count *= array.shape[axis]
    return np.sum(array, axis=axes, keepdims=True) / count


def rms(array: np.ndarray, axes: tuple) -> np.ndarray:
    r"""The root mean square :math:`\sqrt{\operatorname{mean}(a^2)}` over ``axes``, kept."""
    return np.sqrt(mean_over(array * array, axes))
