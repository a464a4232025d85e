"""The exponential moving average, the building block of momentum, RMSProp and Adam."""

from __future__ import annotations

import numpy as np

from ._checks import check_unit_interval


def ema(values, beta, bias_correction=False):
    r"""Exponential moving average of ``values`` along the first axis.

    Parameters
    ----------
    values : array_like, shape (T, ...)
        The sequence :math:`g_1, \dots, g_T`; trailing axes are averaged independently.
    beta : float
        Decay :math:`\beta \in [0, 1)`; the average remembers about :math:`1/(1-\beta)` values.
    bias_correction : bool, default False
        Divide by :math:`1-\beta^t`, undoing the pull towards the initial 0 (as Adam does).

    Returns
    -------
    numpy.ndarray
        :math:`\bar g_1, \dots, \bar g_T`, same shape as ``values``.

    Notes
    -----
    .. math:: \bar g_t = \beta\,\bar g_{t-1} + (1-\beta)\, g_t, \qquad \bar g_0 = 0,

    so :math:`\bar g_t = (1-\beta)\sum_{k=1}^{t} \beta^{t-k} g_k`: the weights decay
    geometrically and sum to :math:`1-\beta^t`, which is what the correction divides by. The
    last :math:`n = 1/(1-\beta)` values carry weight :math:`1-\beta^n \to 1 - 1/e \approx 0.632`.

    Examples
    --------
    >>> ema([1.0, 1.0, 1.0], beta=0.5)
    array([0.5  , 0.75 , 0.875])
    >>> ema([1.0, 1.0, 1.0], beta=0.5, bias_correction=True)
    array([1., 1., 1.])
    """
    beta = check_unit_interval("beta", beta)
    values = np.asarray(values, dtype=float)
    if values.ndim == 0:
        raise ValueError("values must have at least one axis (the time axis), got a scalar")
    out = np.empty_like(values)
    average = np.zeros(values.shape[1:])
    # [update]
    for t, value in enumerate(values):  # the recurrence is sequential in time
        average = beta * average + (1 - beta) * value
        out[t] = average
    if bias_correction:
        t = np.arange(1, len(values) + 1).reshape((-1,) + (1,) * (values.ndim - 1))
        out /= 1 - beta**t
    # [/update]
    return out
