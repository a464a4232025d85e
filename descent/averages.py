"""The exponential moving average, the building block of momentum, RMSProp and Adam."""

from __future__ import annotations

import numpy as np

from ._checks import check_bool, check_unit_interval, real_array


def ema(values, beta, bias_correction=False):
    r"""Exponential moving average of ``values`` along the first axis.

    Parameters
    ----------
    values : array_like, shape (T, ...)
        The sequence :math:`g_1, \dots, g_T` of real numbers (computed in float64), ``T >= 0``;
        trailing axes are averaged independently.
    beta : float or array
        Decay :math:`\beta \in [0, 1)`; the average remembers about :math:`1/(1-\beta)` values.
        An array must broadcast to the trailing axes ``values.shape[1:]``.
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
    bias_correction = check_bool("bias_correction", bias_correction)
    values = real_array("values", values)
    if values.ndim == 0:
        raise ValueError("values must have at least one axis (the time axis), got a scalar")
    if np.ndim(beta):
        try:
            fits = np.broadcast_shapes(beta.shape, values.shape[1:]) == values.shape[1:]
        except ValueError:
            fits = False
        if not fits:
            raise ValueError(
                f"beta is an array of shape {beta.shape}, which must broadcast to the trailing "
                f"axes of values {values.shape[1:]}"
            )
    out = np.empty(values.shape)
    average = np.zeros(values.shape[1:])
    with np.errstate(all="ignore"):  # non-finite values propagate, quietly
        # [update]
        for t, value in enumerate(values):  # the recurrence is sequential in time
            average = beta * average + (1 - beta) * value
            out[t] = average
        if bias_correction:
            t = np.arange(1, len(values) + 1).reshape((-1,) + (1,) * (values.ndim - 1))
            out /= 1 - beta**t
        # [/update]
    return out
