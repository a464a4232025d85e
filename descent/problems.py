r"""Problems: a data set and a model whose mean squared error is the loss.

A problem follows the surface interface — ``problem(params)`` is the loss over the whole data
set, ``problem.grad(params)`` its gradient, both vectorised over leading axes of ``params`` —
and its gradient also takes ``batch``, an integer index array into the data, for mini-batch
gradients (:func:`descent.run_stochastic`). ``batch`` has shape ``(B,)`` (one batch for every
parameter vector) or ``(..., B)`` matching the leading axes of ``params`` (a batch each).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ._checks import check_points, check_positive_int
from .surfaces import Quadratic

__all__ = ["LinearRegression", "MLP", "cubic_data"]


def _data(x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or len(x) == 0:
        raise ValueError(f"x and y must be 1D arrays of one length, got {x.shape} and {y.shape}")
    return x, y


def _batch(batch, n):
    batch = np.asarray(batch)
    if not np.issubdtype(batch.dtype, np.integer) or batch.ndim == 0 or batch.shape[-1] == 0:
        raise ValueError(f"batch must be a non-empty integer index array, got {batch!r}")
    if batch.min() < 0 or batch.max() >= n:
        raise ValueError(f"batch indices must be in [0, {n - 1}]")
    return batch


class LinearRegression(Quadratic):
    r"""Fit :math:`\hat y = w x + b` by mean squared error; ``params = (w, b)``.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        The data.

    Notes
    -----
    .. math:: J(w, b) = \frac1N \sum_{i=1}^N (w x_i + b - y_i)^2, \qquad
              \nabla J = \frac2N \sum_{i=1}^N (w x_i + b - y_i)\,(x_i, 1)

    The full loss is a quadratic in :math:`(w, b)` with Hessian
    :math:`2\,\bigl(\begin{smallmatrix}\overline{x^2} & \bar x\\ \bar x & 1\end{smallmatrix}\bigr)`,
    so this is a :class:`~descent.surfaces.Quadratic` too: its ``minima`` is the least-squares
    fit and its contours are the real MSE landscape. A mini-batch gradient is the same sum over
    the batch only.

    Examples
    --------
    >>> import numpy as np
    >>> problem = LinearRegression([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    >>> problem.minima.round(12) + 0.0  # w = 2, b = 1 fits exactly
    array([[2., 1.]])
    >>> problem.grad(np.array([0.0, 0.0]), batch=[2])  # one sample: 2 * (0 - 5) * (2, 1)
    array([-20., -10.])
    """

    def __init__(self, x, y):
        self.x, self.y = _data(x, y)
        x, y = self.x, self.y
        A = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
        b = 2 * np.array([np.mean(x * y), np.mean(y)])
        super().__init__(A, b, c=np.mean(y * y), name="linear-regression")
        self.latex = r"\frac1N \sum_i (w x_i + b - y_i)^2"
        self.labels = ("w", "b")
        if len(self.minima):
            w0, b0 = self.minima[0]
            self.extent = (w0 - 3.0, w0 + 3.0, b0 - 3.0, b0 + 3.0)
        self.n_samples = len(x)

    @classmethod
    def synthetic(cls, n=100, w=2.0, b=-1.0, noise=0.5, seed=0):
        r"""Data :math:`y = w x + b + \sigma\varepsilon`, :math:`x \sim U(0, 2)`, from a seed.

        Examples
        --------
        >>> problem = LinearRegression.synthetic(n=200, seed=1)
        >>> problem.n_samples, problem.minima.round(1)
        (200, array([[ 2., -1.]]))
        """
        n = check_positive_int("n", n)
        noise = float(noise)
        if not noise >= 0:
            raise ValueError(f"noise must be in [0, inf), got {noise!r}")
        rng = np.random.default_rng(seed)
        x = rng.uniform(0.0, 2.0, n)
        return cls(x, w * x + b + noise * rng.standard_normal(n))

    def grad(self, params, batch=None):
        """Gradient of the loss over the data set, or over ``batch`` (indices into the data)."""
        params = check_points("params", params, 2)
        if batch is None:
            return self._grad(params)
        batch = _batch(batch, self.n_samples)
        x, y = self.x[batch], self.y[batch]
        residual = params[..., :1] * x + params[..., 1:] - y
        return 2 * np.stack([np.mean(residual * x, -1), np.mean(residual, -1)], axis=-1)


def cubic_data(n=200):
    r"""The data of the source text's experiment: :math:`y = x^3 + 0.1\,\varepsilon`.

    ``x = linspace(-1, 1, n)`` and :math:`\varepsilon` from numpy's legacy generator seeded with
    42, exactly as ``np.random.seed(42); y = x**3 + 0.1 * np.random.randn(n, 1)``.

    Examples
    --------
    >>> x, y = cubic_data()
    >>> x.shape, round(float(y[0]), 6)
    ((200,), -0.950329)
    """
    n = check_positive_int("n", n)
    x = np.linspace(-1, 1, n)
    return x, x**3 + 0.1 * np.random.RandomState(42).randn(n)


class MLP:
    r"""A one-hidden-layer ReLU network :math:`\mathbb R \to \mathbb R` with MSE loss.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        The data.
    hidden : int, default 10
        Width :math:`h` of the hidden layer.

    Notes
    -----
    .. math:: \hat y_i = W_2\, \mathrm{relu}(W_1 x_i + b_1) + b_2, \qquad
              J = \frac1N \sum_i (\hat y_i - y_i)^2

    The parameters are one flat vector of length :math:`3h + 1` in PyTorch's ``state_dict``
    order for ``nn.Sequential(nn.Linear(1, h), nn.ReLU(), nn.Linear(h, 1))``: :math:`W_1`
    (h, 1), :math:`b_1` (h), :math:`W_2` (1, h), :math:`b_2` (1). The gradient is exact
    backpropagation (ReLU's derivative taken as 0 at 0, as torch does).

    Examples
    --------
    >>> import numpy as np
    >>> model = MLP(*cubic_data(), hidden=10)
    >>> params = model.init_params(seed=0)
    >>> params.shape, model.grad(params).shape
    ((31,), (31,))
    >>> model.init_params(seed=0, size=5).shape  # five networks at once
    (5, 31)
    """

    name = "mlp"

    def __init__(self, x, y, hidden=10):
        self.x, self.y = _data(x, y)
        self.hidden = check_positive_int("hidden", hidden)
        self.dim = 3 * self.hidden + 1
        self.n_samples = len(self.x)
        self.minima = np.empty((0, self.dim))
        self.latex = r"\frac1N \sum_i \bigl(W_2\,\mathrm{relu}(W_1 x_i + b_1) + b_2 - y_i\bigr)^2"

    def unpack(self, params):
        """Split ``params`` ``(..., 3h+1)`` into ``W1 (..., h), b1, W2 (..., h), b2 (...)``."""
        params = check_points("params", params, self.dim)
        h = self.hidden
        return params[..., :h], params[..., h : 2 * h], params[..., 2 * h : 3 * h], params[..., -1]

    def init_params(self, seed=0, size=None):
        r"""Draw parameters from PyTorch's default ``nn.Linear`` initialisation.

        Weights and biases of a layer with ``fan_in`` inputs are uniform on
        :math:`(-1/\sqrt{\text{fan\_in}}, 1/\sqrt{\text{fan\_in}})`: bound 1 for the first
        layer, :math:`1/\sqrt h` for the second. The same distribution, not torch's random
        stream: for the exact weights of ``torch.manual_seed(42)`` use :meth:`torch_init`.
        """
        rng = np.random.default_rng(seed)
        shape = () if size is None else tuple(np.atleast_1d(size))
        bound = np.concatenate(
            [np.ones(2 * self.hidden), np.full(self.hidden + 1, self.hidden**-0.5)]
        )
        return rng.uniform(-1.0, 1.0, shape + (self.dim,)) * bound

    def torch_init(self):
        """The weights ``nn.Sequential(Linear(1, 10), ReLU(), Linear(10, 1))`` gets first after
        ``torch.manual_seed(42)``, recorded once by ``tests/data/record_torch.py``."""
        if self.hidden != 10:
            raise ValueError(f"torch_init is recorded for hidden=10, this model has {self.hidden}")
        with np.load(Path(__file__).with_name("data") / "mlp_torch_seed42.npz") as data:
            return np.asarray(data["params"], dtype=float)

    def _forward(self, params, x):
        w1, b1, w2, b2 = self.unpack(params)
        pre = w1[..., :, None] * x[..., None, :] + b1[..., :, None]  # (..., h, N)
        act = np.maximum(pre, 0.0)
        out = np.einsum("...h,...hn->...n", w2, act) + b2[..., None]
        return pre, act, out

    def predict(self, params, x=None):
        """The network's output at ``x`` (default: the data), shape ``(..., N)``."""
        x = self.x if x is None else np.asarray(x, dtype=float)
        return self._forward(params, x)[2]

    def __call__(self, params):
        """Mean squared error over the whole data set, shape ``(...)``."""
        return np.mean((self.predict(params) - self.y) ** 2, axis=-1)

    def grad(self, params, batch=None):
        """Backpropagated gradient over the data set, or over ``batch``."""
        params = check_points("params", params, self.dim)
        if batch is None:
            x, y = self.x, self.y
        else:
            batch = _batch(batch, self.n_samples)
            x, y = self.x[batch], self.y[batch]
        w1, b1, w2, b2 = self.unpack(params)
        pre, act, out = self._forward(params, x)
        d_out = 2 * (out - y) / x.shape[-1]  # (..., N)
        d_pre = w2[..., :, None] * d_out[..., None, :] * (pre > 0)  # (..., h, N)
        return np.concatenate(
            [
                np.sum(d_pre * x[..., None, :], axis=-1),  # W1
                np.sum(d_pre, axis=-1),  # b1
                np.einsum("...n,...hn->...h", d_out, act),  # W2
                np.sum(d_out, axis=-1, keepdims=True),  # b2
            ],
            axis=-1,
        )
