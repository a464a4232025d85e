r"""Problems: a data set and a model whose mean squared error is the loss.

A problem follows the surface interface — ``problem(params)`` is the loss over the whole data
set, ``problem.grad(params)`` its gradient, both vectorised over leading axes of ``params`` —
and its gradient also takes ``batch``, an integer index array into the data, for mini-batch
gradients (:func:`descent.run_stochastic`). ``batch`` has shape ``(B,)`` (one batch for every
parameter vector) or ``(..., B)`` matching the leading axes of ``params`` (a batch each).
That is the :class:`~descent.objectives.Problem` protocol; like surfaces, problems are
immutable (their data arrays are read-only) and compute in float64.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from ._checks import (
    _show,
    check_int,
    check_nonnegative,
    check_points,
    check_positive,
    check_positive_int,
    check_real,
    check_seed,
    check_str,
    finite_array,
    real_array,
)
from ._frozen import Frozen
from .surfaces import Quadratic, _box

__all__ = [
    "MLP",
    "LinearRegression",
    "MatrixRegression",
    "Network",
    "TwoBasins",
    "cubic_data",
    "wave_data",
]


def _data(x, y):
    x = np.array(finite_array("x", x))  # copies: the caller's arrays may change
    y = np.array(finite_array("y", y))
    if x.ndim != 1 or x.shape != y.shape or len(x) == 0:
        raise ValueError(f"x and y must be 1D arrays of one length, got {x.shape} and {y.shape}")
    return x, y


def _batch(batch, n, lead):
    """Check a batch of indices into ``n`` samples for parameters with leading axes ``lead``."""
    try:
        batch = np.asarray(batch)
    except ValueError:  # ragged lists
        msg = f"batch must be a rectangular integer index array, got {_show(batch)}"
        raise ValueError(msg) from None

    if batch.dtype.kind not in "iu":
        raise TypeError(f"batch must be an integer index array, got {_show(batch)}")
    if batch.ndim == 0 or batch.shape[-1] == 0:
        raise ValueError(
            f"batch must be a non-empty index array of shape (B,) or (..., B), "
            f"got shape {batch.shape}"
        )
    if batch.min() < 0 or batch.max() >= n:
        raise ValueError(f"batch indices must be in [0, {n - 1}]")
    try:
        fits = np.broadcast_shapes(batch.shape[:-1], lead) == lead
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(
            f"batch must have shape (B,) or (..., B) with leading axes that broadcast to those "
            f"of params {lead}, got {batch.shape}"
        )
    return batch


class LinearRegression(Quadratic):
    r"""Fit :math:`\hat y = w x + b` by mean squared error; ``params = (w, b)``.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        The data: finite real numbers, :math:`N \ge 1`.

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
    >>> problem.grad(np.zeros(2), batch=[2])  # 2 * (0 - 5) * (2, 1)
    array([-20., -10.])
    """

    def __init__(self, x, y):
        self.x, self.y = _data(x, y)
        x, y = self.x, self.y
        with np.errstate(all="ignore"):
            A = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
            b = 2 * np.array([np.mean(x * y), np.mean(y)])
            c = np.mean(y * y)
        if not (np.all(np.isfinite(A)) and np.all(np.isfinite(b)) and np.isfinite(c)):
            raise ValueError(
                "x and y must be small enough for the means of their squares to be "
                "finite in float64"
            )
        super().__init__(A, b, c=c, name="linear-regression")
        self.latex = r"\frac1N \sum_i (w x_i + b - y_i)^2"
        self.labels = ("w", "b")
        if len(self.minima):
            self.extent = _box(self.minima[0], 3.0)
        self.n_samples = len(x)

    @classmethod
    def synthetic(cls, n=100, w=2.0, b=-1.0, noise=0.5, seed=0):
        r"""Data :math:`y = w x + b + \sigma\varepsilon`, :math:`x \sim U(0, 2)`, from a seed.

        ``n >= 1`` samples; ``w`` and ``b`` finite; noise :math:`\sigma \in [0, \infty)`;
        ``seed`` an integer >= 0 (or ``None`` for fresh entropy).

        Examples
        --------
        >>> problem = LinearRegression.synthetic(n=200, seed=1)
        >>> problem.n_samples, problem.minima.round(1)
        (200, array([[ 2., -1.]]))
        """
        n = check_positive_int("n", n)
        w, b = check_real("w", w, scalar=True), check_real("b", b, scalar=True)
        noise = check_nonnegative("noise", noise, scalar=True)
        rng = np.random.default_rng(check_seed("seed", seed))
        x = rng.uniform(0.0, 2.0, n)
        with np.errstate(all="ignore"):
            y = w * x + b + noise * rng.standard_normal(n)
            square = np.mean(y * y)
        if not (np.all(np.isfinite(y)) and np.isfinite(square)):
            raise ValueError(
                "w, b and noise must be small enough for y = w x + b + noise ε and the mean of "
                "y² to be finite"
            )
        return cls(x, y)

    def grad(self, params, batch=None):
        """Gradient of the loss over the data set, or over ``batch`` (indices into the data)."""
        params = check_points("params", params, 2)
        if batch is None:
            with np.errstate(all="ignore"):
                return self._grad(params)
        batch = _batch(batch, self.n_samples, params.shape[:-1])
        x, y = self.x[batch], self.y[batch]
        with np.errstate(all="ignore"):
            residual = params[..., :1] * x + params[..., 1:] - y
            return 2 * np.stack([np.mean(residual * x, -1), np.mean(residual, -1)], axis=-1)


def cubic_data(n=200):
    r"""The data of a popular tutorial's experiment: :math:`y = x^3 + 0.1\,\varepsilon`.

    ``x = linspace(-1, 1, n)`` and :math:`\varepsilon` from numpy's legacy generator seeded with
    42, as ``np.random.seed(42); y = x**3 + 0.1 * np.random.randn(n, 1)`` computes them: the
    noise exactly, :math:`x^3` to the ulp or two by which numpy builds differ.

    Examples
    --------
    >>> x, y = cubic_data()
    >>> x.shape, round(float(y[0]), 6)
    ((200,), -0.950329)
    """
    n = check_positive_int("n", n)
    x = np.linspace(-1, 1, n)
    return x, x**3 + 0.1 * np.random.RandomState(42).randn(n)


class _Network(Frozen):
    """What the networks share: no known minimum, PyTorch's default initialisation, and the
    box it draws from as their plotting window. A subclass gives ``_init_bound()``, each
    parameter's bound ``1/sqrt(fan_in)``, and sets ``dim``."""

    @property
    def min_value(self) -> float:
        """``nan``: the global minimum of a network's loss is not known."""
        return float("nan")

    @property
    def extent(self) -> tuple:
        """The box :meth:`init_params` draws from, ``(lo, hi)`` per parameter (or the window
        given to ``with_extent``)."""
        if "_extent" in vars(self):
            return self._extent
        bound = self._init_bound()
        return tuple(float(e) for e in np.column_stack([-bound, bound]).ravel())

    @property
    def labels(self) -> tuple:
        """Axis symbols, one per parameter."""
        return tuple(rf"\theta_{{{i + 1}}}" for i in range(self.dim))

    def init_params(self, seed=0, size=None):
        r"""Draw parameters from PyTorch's default ``nn.Linear`` initialisation: weights and
        biases of a layer with ``fan_in`` inputs uniform on
        :math:`(-1/\sqrt{\text{fan\_in}}, 1/\sqrt{\text{fan\_in}})`. The same distribution,
        not torch's random stream.

        ``seed`` is an integer >= 0 (or ``None``); ``size`` is ``None`` (one vector of shape
        ``(dim,)``), an integer >= 0 or a tuple of them (leading axes).
        """
        rng = np.random.default_rng(check_seed("seed", seed))
        if size is None:
            shape = ()
        elif isinstance(size, tuple | list):
            shape = tuple(check_int("size", s, 0) for s in size)
        else:
            shape = (check_int("size", size, 0),)
        return rng.uniform(-1.0, 1.0, (*shape, self.dim)) * self._init_bound()


class MLP(_Network):
    r"""A one-hidden-layer ReLU network :math:`\mathbb R \to \mathbb R` with MSE loss.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        The data: finite real numbers, :math:`N \ge 1`.
    hidden : int, default 10
        Width :math:`h \ge 1` of the hidden layer.

    Notes
    -----
    .. math:: \hat y_i = W_2\, \mathrm{relu}(W_1 x_i + b_1) + b_2, \qquad
              J = \frac1N \sum_i (\hat y_i - y_i)^2

    The parameters are one flat vector of length :math:`3h + 1` in PyTorch's ``state_dict``
    order for ``nn.Sequential(nn.Linear(1, h), nn.ReLU(), nn.Linear(h, 1))``: :math:`W_1`
    (h, 1), :math:`b_1` (h), :math:`W_2` (1, h), :math:`b_2` (1). The gradient is exact
    backpropagation (ReLU's derivative taken as 0 at 0, as torch does).

    Its global minima are not known: ``minima`` is empty and ``min_value`` is ``nan`` (the loss
    is at least 0). ``extent`` is the box :meth:`init_params` draws from.

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

    def _init_bound(self):
        h = self.hidden
        return np.concatenate([np.ones(2 * h), np.full(h + 1, h**-0.5)])

    def unpack(self, params):
        """Split ``params`` ``(..., 3h+1)`` into ``W1 (..., h), b1, W2 (..., h), b2 (...)``."""
        params = check_points("params", params, self.dim)
        h = self.hidden
        return params[..., :h], params[..., h : 2 * h], params[..., 2 * h : 3 * h], params[..., -1]

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
        """The network's output at ``x`` (default: the data; real numbers, shape ``(N,)``),
        shape ``(..., N)``."""
        if x is not None:
            x = real_array("x", x)
            if x.ndim != 1:
                raise ValueError(f"x must be a 1D array of inputs, got shape {x.shape}")
        with np.errstate(all="ignore"):
            return self._forward(params, self.x if x is None else x)[2]

    def __call__(self, params):
        """Mean squared error over the whole data set, shape ``(...)``."""
        out = self.predict(params)
        with np.errstate(all="ignore"):
            return np.mean((out - self.y) ** 2, axis=-1)

    def grad(self, params, batch=None):
        """Backpropagated gradient over the data set, or over ``batch``."""
        params = check_points("params", params, self.dim)
        if batch is None:
            x, y = self.x, self.y
        else:
            batch = _batch(batch, self.n_samples, params.shape[:-1])
            x, y = self.x[batch], self.y[batch]
        with np.errstate(all="ignore"):
            return self._backprop(params, x, y)

    def _backprop(self, params, x, y):
        _w1, _b1, w2, _b2 = self.unpack(params)
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


#: The hidden layers' nonlinearities of :class:`Network`: σ, σ' and σ'' in terms of the
#: pre-activation z and the activation a = σ(z).
ACTIVATIONS = {
    "tanh": (np.tanh, lambda z, a: 1.0 - a**2, lambda z, a: -2.0 * a * (1.0 - a**2)),
    "relu": (
        lambda z: np.maximum(z, 0.0),
        lambda z, a: (z > 0).astype(np.float64),
        lambda z, a: np.zeros_like(z),
    ),
}


class Network(_Network):
    r"""A fully connected network :math:`\mathbb R^d \to \mathbb R` with MSE loss, any depth.

    Parameters
    ----------
    x : array_like, shape (N, d) or (N,)
        The inputs: finite real numbers, :math:`N \ge 1` (a 1D array is :math:`d = 1`).
    y : array_like, shape (N,)
        The targets.
    widths : sequence of int, default (32, 32)
        The hidden layers' widths, at least one, each :math:`\ge 1`.
    activation : {"tanh", "relu"}, default "tanh"
        The hidden layers' nonlinearity :math:`\sigma`.

    Notes
    -----
    With :math:`a_0 = x_i` and :math:`L` linear layers (``len(widths) + 1``),

    .. math:: z_l = W_l a_{l-1} + b_l, \quad a_l = \sigma(z_l) \ (l < L), \qquad
              \hat y_i = z_L, \qquad J = \frac1N \sum_i (\hat y_i - y_i)^2 .

    The parameters are one flat vector in PyTorch's ``state_dict`` order for
    ``nn.Sequential(nn.Linear(d, h_1), nn.Tanh(), ..., nn.Linear(h_k, 1))``: :math:`W_1`
    (row-major, :math:`h_1 \times d`), :math:`b_1`, :math:`W_2`, ... With one hidden ReLU layer
    and :math:`d = 1` it is :class:`MLP`'s layout and loss.

    The gradient is exact backpropagation, and :meth:`hvp` the exact Hessian-vector product
    by differentiating backpropagation along a direction (Pearlmutter, 1994): what
    :func:`descent.sharpness` uses to find :math:`\lambda_{\max}(\nabla^2 J)` without forming
    the Hessian. (ReLU's second derivative is 0 away from its kink, so its product is that of
    the piecewise-quadratic loss.) Its minima are not known: ``minima`` is empty and
    ``min_value`` is ``nan``.

    Examples
    --------
    The network and data of the edge-of-stability lab, 1,185 parameters:

    >>> import numpy as np
    >>> net = Network(*wave_data(), widths=(32, 32))
    >>> net.dim, net.init_params(seed=0, size=4).shape
    (1185, (4, 1185))
    >>> params = net.init_params(seed=0)
    >>> v = np.random.default_rng(1).standard_normal(net.dim)
    >>> exact = net.hvp(params, v)
    >>> h = 1e-5
    >>> plus, minus = net.grad(params + h * v), net.grad(params - h * v)
    >>> differenced = (plus - minus) / (2 * h)
    >>> bool(np.allclose(exact, differenced, rtol=1e-5, atol=1e-6))
    True
    """

    name = "network"

    def __init__(self, x, y, widths=(32, 32), activation="tanh"):
        x = np.array(finite_array("x", x))
        if x.ndim == 1:
            x = x[:, None]
        y = np.array(finite_array("y", y))
        if x.ndim != 2 or y.ndim != 1 or len(x) != len(y) or len(y) == 0 or x.shape[1] == 0:
            raise ValueError(
                f"x must have shape (N, d) or (N,) and y shape (N,), N >= 1, got {x.shape} "
                f"and {y.shape}"
            )
        try:
            layers = () if isinstance(widths, str | bytes) else tuple(widths)
        except TypeError:  # not iterable: a number, a 0-d array
            layers = ()
        if not layers:
            raise ValueError(f"widths must be a non-empty sequence of ints, got {_show(widths)}")
        self.widths = tuple(check_positive_int("widths", w) for w in layers)
        self.activation = check_str("activation", activation)
        if self.activation not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {', '.join(map(repr, ACTIVATIONS))}, got {activation!r}"
            )
        self.x, self.y = x, y
        self.n_samples = len(y)
        self.sizes = (x.shape[1], *self.widths, 1)
        self.dim = sum(o * (i + 1) for i, o in itertools.pairwise(self.sizes))
        self.minima = np.empty((0, self.dim))
        self.latex = r"\frac1N \sum_i \bigl(\hat y(x_i) - y_i\bigr)^2"

    def _init_bound(self):
        return np.concatenate(
            [np.full(o * (i + 1), i**-0.5) for i, o in itertools.pairwise(self.sizes)]
        )

    def unpack(self, params):
        """The layers' ``(W, b)`` of ``params`` ``(..., dim)``: ``W`` of shape
        ``(..., out, in)``, ``b`` of shape ``(..., out)``, first layer first."""
        params = check_points("params", params, self.dim)
        layers, at = [], 0
        for fan_in, fan_out in itertools.pairwise(self.sizes):
            w = params[..., at : at + fan_in * fan_out].reshape(*params.shape[:-1], fan_out, fan_in)
            at += fan_in * fan_out
            layers.append((w, params[..., at : at + fan_out]))
            at += fan_out
        return layers

    def _forward(self, layers, x):
        sigma = ACTIVATIONS[self.activation][0]
        acts, pres = [x], []
        for i, (w, b) in enumerate(layers):
            z = np.einsum("...ni,...oi->...no", acts[-1], w) + b[..., None, :]
            pres.append(z)
            acts.append(sigma(z) if i < len(layers) - 1 else z)
        return pres, acts  # acts[-1] is the output, shape (..., N, 1)

    def predict(self, params, x=None):
        """The network's output at ``x`` (default: the data; shape ``(M, d)``, or ``(M,)`` when
        ``d = 1``), shape ``(..., M)``."""
        if x is None:
            x = self.x
        else:
            x = real_array("x", x)
            if x.ndim == 1 and self.sizes[0] == 1:
                x = x[:, None]
            if x.ndim != 2 or x.shape[1] != self.sizes[0]:
                raise ValueError(f"x must have shape (M, {self.sizes[0]}), got {x.shape}")
        layers = self.unpack(params)
        with np.errstate(all="ignore"):
            return self._forward(layers, x)[1][-1][..., 0]

    def __call__(self, params):
        """Mean squared error over the whole data set, shape ``(...)``."""
        out = self.predict(params)
        with np.errstate(all="ignore"):
            return np.mean((out - self.y) ** 2, axis=-1)

    def _data(self, params, batch):
        if batch is None:
            return self.x, self.y
        batch = _batch(batch, self.n_samples, params.shape[:-1])
        return self.x[batch], self.y[batch]

    def grad(self, params, batch=None):
        """Backpropagated gradient over the data set, or over ``batch`` (as :class:`MLP`)."""
        params = check_points("params", params, self.dim)
        x, y = self._data(params, batch)
        with np.errstate(all="ignore"):
            return self._backprop(params, x, y)[0]

    def hvp(self, params, v, batch=None):
        r"""The Hessian-vector product :math:`\nabla^2 J(\theta)\, v`, exact (Pearlmutter's
        R-operator on backpropagation), for ``params`` and ``v`` of shape ``(..., dim)``
        (broadcast together)."""
        params = check_points("params", params, self.dim)
        v = check_points("v", v, self.dim)
        params, v = np.broadcast_arrays(params, v)
        x, y = self._data(params, batch)
        with np.errstate(all="ignore"):
            return self._backprop(params, x, y, v)[1]

    def _backprop(self, params, x, y, v=None):
        """The gradient and, along ``v``, its directional derivative (R-op), flat."""
        _, d_sigma, dd_sigma = ACTIVATIONS[self.activation]
        layers = self.unpack(params)
        pres, acts = self._forward(layers, x)
        n_layers = len(layers)
        if v is not None:  # forward R-pass: R(a_0) = 0, R(z_l) = W R(a_{l-1}) + V a_{l-1} + c
            dirs = self.unpack(v)
            r_acts, r_pres = [np.zeros_like(x, dtype=np.float64)], []
            for i, ((w, _), (dw, db)) in enumerate(zip(layers, dirs, strict=True)):
                r_z = (
                    np.einsum("...ni,...oi->...no", r_acts[-1], w)
                    + np.einsum("...ni,...oi->...no", acts[i], dw)
                    + db[..., None, :]
                )
                r_pres.append(r_z)
                last = i == n_layers - 1
                r_acts.append(r_z if last else d_sigma(pres[i], acts[i + 1]) * r_z)
        delta = 2 * (acts[-1] - y[..., None]) / x.shape[-2]  # (..., N, 1)
        r_delta = 2 * r_acts[-1] / x.shape[-2] if v is not None else None
        grads, r_grads = [], []
        for i in range(n_layers - 1, -1, -1):
            w = layers[i][0]
            grads.append((np.einsum("...no,...ni->...oi", delta, acts[i]), delta.sum(-2)))
            if v is not None:
                r_grads.append(
                    (
                        np.einsum("...no,...ni->...oi", r_delta, acts[i])
                        + np.einsum("...no,...ni->...oi", delta, r_acts[i]),
                        r_delta.sum(-2),
                    )
                )
            if i == 0:
                break
            back = np.einsum("...no,...oi->...ni", delta, w)
            slope = d_sigma(pres[i - 1], acts[i])
            if v is not None:
                dw = dirs[i][0]
                r_back = np.einsum("...no,...oi->...ni", r_delta, w) + np.einsum(
                    "...no,...oi->...ni", delta, dw
                )
                curve = dd_sigma(pres[i - 1], acts[i])
                r_delta = r_back * slope + back * curve * r_pres[i - 1]
            delta = back * slope

        def flat(pairs):
            parts = [p for w, b in reversed(pairs) for p in (w.reshape(*w.shape[:-2], -1), b)]
            lead = np.broadcast_shapes(*(p.shape[:-1] for p in parts))
            return np.concatenate([np.broadcast_to(p, (*lead, p.shape[-1])) for p in parts], -1)

        return flat(grads), (flat(r_grads) if v is not None else None)


def wave_data(n=200, seed=0):
    r"""Inputs uniform on :math:`[-2, 2]^2` and targets :math:`y = \sin(2x_1)\cos(x_2)`: the
    data of the edge-of-stability lab (no noise).

    Examples
    --------
    >>> x, y = wave_data()
    >>> x.shape, y.shape
    ((200, 2), (200,))
    """
    n = check_positive_int("n", n)
    x = np.random.default_rng(check_seed("seed", seed)).uniform(-2.0, 2.0, (n, 2))
    return x, np.sin(2 * x[:, 0]) * np.cos(x[:, 1])


def _matrix_data(x, y):
    x = np.array(finite_array("x", x))  # copies: the caller's arrays may change
    y = np.array(finite_array("y", y))
    if x.ndim != 2 or y.ndim != 2 or len(x) != len(y) or x.size == 0 or y.size == 0:
        raise ValueError(
            f"x and y must be 2D arrays (N, m) and (N, n) with one N >= 1 and m, n >= 1, got "
            f"{x.shape} and {y.shape}"
        )
    return x, y


class MatrixRegression(Frozen):
    r"""Fit a matrix :math:`W` of shape (m, n) so that :math:`x_i^\top W \approx y_i`: a linear
    layer with n outputs, by squared error; ``params`` are matrices, shape ``(..., m, n)``.

    Parameters
    ----------
    x : array_like, shape (N, m)
        The inputs, one row per sample: finite real numbers, :math:`N, m \ge 1`.
    y : array_like, shape (N, n)
        The targets, one row per sample: finite real numbers, :math:`n \ge 1`.

    Notes
    -----
    With :math:`X` the inputs (N×m) and :math:`Y` the targets (N×n),

    .. math:: J(W) = \frac1N \lVert X W - Y \rVert_F^2
              = \frac1N \sum_{i=1}^N \lVert W^\top x_i - y_i \rVert^2, \qquad
              \nabla J(W) = \frac2N X^\top (X W - Y)

    (the squared error summed over the n outputs, averaged over the samples, as
    :class:`LinearRegression` for one output). In terms of the input covariance
    :math:`\Sigma = X^\top X / N`, the gradient is :math:`2\Sigma (W - W^\star)` and the loss
    :math:`\operatorname{tr}\big((W - W^\star)^\top \Sigma (W - W^\star)\big) + J^\star`, with
    :math:`W^\star` the least-squares fit (``minima``, the shortest one if
    :math:`\Sigma` is singular) and :math:`J^\star` its loss (``min_value``). Gradient descent
    shrinks the error along each eigenvector of :math:`\Sigma` of eigenvalue :math:`\lambda` by
    :math:`1 - 2\alpha\lambda` per step, so an ill-conditioned :math:`X` has slow directions.

    The parameters are a matrix, not a vector: ``shape`` is ``(m, n)`` and
    :func:`descent.run` takes starts of shape ``(..., m, n)``, every axis before the last two
    an independent run (the layout of :class:`~descent.Muon` and of
    ``Adafactor(factored=True)``); ``dim`` is :math:`mn`, the number of parameters, and
    ``minima`` has shape ``(1, m, n)``. A mini-batch gradient is the same mean over the
    batch's rows of :math:`X` and :math:`Y` only.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    >>> W = np.array([[1.0, -1.0], [0.5, 2.0]])
    >>> problem = MatrixRegression(x, x @ W)  # targets a matrix fits exactly
    >>> problem.shape, problem.dim, problem.n_samples
    ((2, 2), 4, 3)
    >>> np.round(problem.minima[0], 12) + 0.0
    array([[ 1. , -1. ],
           [ 0.5,  2. ]])
    >>> problem(np.zeros((5, 2, 2))).shape  # five matrices at once
    (5,)
    >>> problem.grad(np.zeros((2, 2)), batch=[0])  # 2 (x_0 x_0ᵀ 0 - x_0 y_0ᵀ)
    array([[-2.,  2.],
           [ 0.,  0.]])
    """

    name = "matrix-regression"

    def __init__(self, x, y):
        self.x, self.y = _matrix_data(x, y)
        x, y = self.x, self.y
        n_samples = len(x)
        with np.errstate(all="ignore"):
            gram = x.T @ x / n_samples
            cross = x.T @ y / n_samples
            square = np.sum(y * y) / n_samples
        if not (np.all(np.isfinite(gram)) and np.all(np.isfinite(cross)) and np.isfinite(square)):
            raise ValueError(
                "x and y must be small enough for the means of their products to be finite in "
                "float64"
            )
        self.n_samples = n_samples
        self.shape = (x.shape[1], y.shape[1])
        self.dim = self.shape[0] * self.shape[1]
        self.covariance = gram
        best = np.linalg.lstsq(x, y, rcond=None)[0]
        self.minima = best[None]
        self._min_value = float(self._loss(best))
        self.extent = _box(best.ravel(), 3.0)
        self.latex = r"\frac1N \lVert X W - Y \rVert_F^2"

    @classmethod
    def synthetic(cls, shape=(4, 4), n_samples=64, condition=100.0, noise=0.0, seed=0):
        r"""An ill-conditioned linear layer to fit, whose every direction matters alike.

        The inputs have covariance :math:`\Sigma = Q \operatorname{diag}(\lambda) Q^\top`
        exactly, with eigenvalues :math:`\lambda_k` spaced geometrically from 1 down to
        :math:`1/\kappa` (``condition``) and :math:`Q` a random rotation; the targets are
        :math:`Y = X W^\star + \sigma E`, with :math:`E` standard normal and
        :math:`W^\star = Q_{:, :r} \operatorname{diag}(s) V^\top`, :math:`r = \min(m, n)`,
        :math:`V` another random rotation and singular values :math:`s_k = \lambda_k^{-1/2}`
        along the same directions as :math:`\lambda_k`. So each of the r directions adds
        :math:`\lambda_k s_k^2 = 1` to the loss at :math:`W = 0`, but the gradient there,
        :math:`-2\Sigma W^\star`, has singular values :math:`2\sqrt{\lambda_k}`: it is
        dominated by the inputs' large-variance directions, where the target is small. Neither
        lines up with the coordinates.

        ``shape`` is ``(m, n)``, two integers >= 1; ``n_samples`` an integer :math:`N \ge m`;
        ``condition`` :math:`\kappa \in [1, 10^{12}]`; ``noise`` :math:`\sigma \in [0, \infty)`;
        ``seed`` an integer >= 0 (or ``None`` for fresh entropy).

        Examples
        --------
        >>> import numpy as np
        >>> problem = MatrixRegression.synthetic(shape=(4, 3), condition=100.0)
        >>> np.round(np.linalg.eigvalsh(problem.covariance)[::-1], 6)
        array([1.      , 0.215443, 0.046416, 0.01    ])
        >>> s = np.linalg.svd(problem.minima[0], compute_uv=False)  # r = 3 of them
        >>> np.round(s, 6)  # 1/√λ
        array([4.641589, 2.154435, 1.      ])
        >>> float(np.round(problem(np.zeros((4, 3))), 9))  # 1 per direction
        3.0
        """
        if not isinstance(shape, tuple | list) or len(shape) != 2:
            raise TypeError(f"shape must be two integers (m, n), got {_show(shape)}")
        m, n = (check_positive_int("shape", k) for k in shape)
        n_samples = check_positive_int("n_samples", n_samples)
        if n_samples < m:
            raise ValueError(
                f"n_samples must be at least m = {m} (for inputs of full rank), got {n_samples}"
            )
        condition = check_real("condition", condition, scalar=True)
        if not 1.0 <= condition <= 1e12:
            raise ValueError(f"condition must be in [1, 1e12], got {_show(condition)}")
        noise = check_nonnegative("noise", noise, scalar=True)
        rng = np.random.default_rng(check_seed("seed", seed))
        # inputs Z with Zᵀ Z / N = I exactly, then X = Z diag(√λ) Qᵀ: Σ = Q diag(λ) Qᵀ
        z = np.linalg.qr(rng.standard_normal((n_samples, m)))[0] * np.sqrt(n_samples)
        q = np.linalg.qr(rng.standard_normal((m, m)))[0]
        v = np.linalg.qr(rng.standard_normal((n, n)))[0]
        lam = condition ** -(np.arange(m) / max(m - 1, 1))
        x = z * np.sqrt(lam) @ q.T
        r = min(m, n)
        target = q[:, :r] * lam[:r] ** -0.5 @ v[:, :r].T
        with np.errstate(all="ignore"):
            y = x @ target + noise * rng.standard_normal((n_samples, n))
        if not np.all(np.isfinite(y)):
            raise ValueError("noise must be small enough for the targets to be finite")
        return cls(x, y)

    @property
    def min_value(self) -> float:
        """The loss of the least-squares fit (0 when it is exact)."""
        return self._min_value

    def _params(self, params):
        params = real_array("params", params)
        if params.ndim < 2 or params.shape[-2:] != self.shape:
            m, n = self.shape
            raise ValueError(f"params must have shape (..., {m}, {n}), got {params.shape}")
        return params

    def _loss(self, params, x=None, y=None):
        x, y = (self.x, self.y) if x is None else (x, y)
        residual = x @ params - y  # (..., B, n)
        return np.sum(residual * residual, axis=(-2, -1)) / x.shape[-2]

    def __call__(self, params):
        """The loss over the whole data set, shape ``(...)``."""
        params = self._params(params)
        with np.errstate(all="ignore"):
            return self._loss(params)

    def grad(self, params, batch=None):
        """Gradient of the loss over the data set, or over ``batch`` (indices into the data),
        shape ``(..., m, n)``."""
        params = self._params(params)
        if batch is None:
            x, y = self.x, self.y
        else:
            batch = _batch(batch, self.n_samples, params.shape[:-2])
            x, y = self.x[batch], self.y[batch]  # (B, m) or (..., B, m)
        with np.errstate(all="ignore"):
            residual = x @ params - y
            return 2 * x.swapaxes(-2, -1) @ residual / x.shape[-2]


class TwoBasins(Frozen):
    r"""A loss of one parameter with a sharp and a flat minimum of equal depth, as a mean over N
    samples whose gradients disagree the more, the sharper the basin.

    Parameters
    ----------
    x : array_like, shape (N,)
        The samples, one offset each: finite real numbers, :math:`N \ge 1`. They are stored
        relative to their mean (``x - mean(x)``), so that the per-sample gradients average to
        the gradient of :math:`J`.
    sharp, flat : float, default 20.0 and 1.0
        The curvatures :math:`\lambda_s > \lambda_f > 0` of the two basins.
    separation : float, default 3.0
        The distance :math:`d > 0` from the sharp minimum (at 0) to the flat one (at d).
    smoothing : float, default 0.1
        The width :math:`\tau > 0` of the smooth minimum that joins the two parabolas, with
        :math:`\lambda_f d^2/2 \ge 30\tau`, so that each basin's parabola is far above the other
        minimum and the two minima have the same depth, 0, to float precision.

    Notes
    -----
    The mean loss is the smooth minimum of two parabolas,

    .. math:: J(\theta) = -\tau \log\bigl(e^{-q_s(\theta)/\tau} + e^{-q_f(\theta)/\tau}\bigr),
              \qquad q_s = \tfrac12\lambda_s\theta^2, \quad q_f = \tfrac12\lambda_f(\theta-d)^2,

    with gradient :math:`J' = w_s q_s' + w_f q_f'`, where :math:`w_s, w_f = 1 - w_s` are the
    softmax weights :math:`e^{-q/\tau}/\sum e^{-q/\tau}` of the two parabolas. Its minima are
    0 (curvature :math:`\lambda_s`) and :math:`d` (:math:`\lambda_f`), both at :math:`J = 0`,
    with a ridge between them (``barrier``, where the parabolas cross) of height
    ``barrier_height``.

    Sample :math:`i` moves the minimum it sees by :math:`x_i`: its gradient is

    .. math:: \nabla J_i(\theta) = J'(\theta) - x_i\, c(\theta), \qquad
              c(\theta) = w_s \lambda_s + w_f \lambda_f ,

    the gradient of :math:`J_i = J - x_i \Phi` with :math:`\Phi' = c`. Near the sharp minimum
    that is :math:`\tfrac12\lambda_s(\theta - x_i)^2` up to a constant, near the flat one
    :math:`\tfrac12\lambda_f(\theta - d - x_i)^2`: every sample agrees on the curvature and
    disagrees on the place, as samples of a least-squares fit do. So the gradient noise of a
    batch of :math:`B` samples has standard deviation :math:`c(\theta)\,\sigma/\sqrt B` (times
    :math:`\sqrt{(N-B)/(N-1)}` without replacement), :math:`\sigma` the standard deviation of
    the :math:`x_i`: :math:`\lambda_s/\lambda_f` times larger in the sharp basin than in the
    flat one. Mini-batch gradients cost :math:`O(B)` per point and the loss :math:`O(1)`.

    Examples
    --------
    >>> import numpy as np
    >>> problem = TwoBasins.synthetic(n=128, spread=0.5, seed=0)
    >>> problem.minima.ravel(), problem.min_value
    (array([0., 3.]), 0.0)
    >>> # the top of the ridge, and its height
    >>> round(problem.barrier, 4), round(problem.barrier_height, 4)
    (0.5595, 2.9583)
    >>> problem.hessian(problem.minima).ravel()  # the two curvatures
    array([20.,  1.])
    >>> # every sample at once: J'(0) = 0
    >>> g = problem.grad(np.zeros((4, 1)), batch=np.arange(128))
    >>> g.shape, bool(np.allclose(g, 0, atol=1e-14))
    ((4, 1), True)
    >>> # one sample: -x_0 λ_s
    >>> float(problem.grad(np.zeros(1), batch=[0])[0] / -problem.x[0])
    20.0
    >>> theta = np.array([[0.0], [1.0], [3.0]])  # J(1) = q_f(1) = 2
    >>> np.round(problem(theta), 12) + 0.0
    array([0., 2., 0.])
    """

    name = "two-basins"
    dim = 1

    def __init__(self, x, sharp=20.0, flat=1.0, separation=3.0, smoothing=0.1):
        x = np.array(finite_array("x", x))  # a copy: the caller's array may change
        if x.ndim != 1 or len(x) == 0:
            raise ValueError(f"x must be a non-empty 1D array of offsets, got shape {x.shape}")
        self.sharp = check_positive("sharp", sharp, scalar=True)
        self.flat = check_positive("flat", flat, scalar=True)
        if self.flat >= self.sharp:
            raise ValueError(
                f"flat must be smaller than sharp (a flat and a sharp basin), got flat = "
                f"{_show(flat)} and sharp = {_show(sharp)}"
            )
        self.separation = check_positive("separation", separation, scalar=True)
        self.smoothing = check_positive("smoothing", smoothing, scalar=True)
        if not self.flat * self.separation**2 / 2 >= 30 * self.smoothing:
            raise ValueError(
                "separation must be large enough for the flat parabola to be 30 smoothing above "
                f"the sharp minimum (flat * separation**2 / 2 >= 30 * smoothing), got "
                f"separation = {_show(separation)} with flat = {_show(flat)} and smoothing = "
                f"{_show(smoothing)}"
            )
        with np.errstate(all="ignore"):
            centred = x - np.mean(x)
        if not np.all(np.isfinite(centred)):
            raise ValueError("x must be small enough for its mean to be finite in float64")
        self.x = centred
        self.n_samples = len(x)
        self.minima = np.array([[0.0], [self.separation]])
        self.min_value = 0.0
        self.barrier = self._ridge()
        self.barrier_height = float(self._loss(np.array(self.barrier)))
        d = self.separation
        self.extent = (-0.5 * d, 1.5 * d)
        self.labels = (r"\theta",)
        self.latex = (
            r"-\tau\log\bigl(e^{-\lambda_s\theta^2/2\tau} + e^{-\lambda_f(\theta-d)^2/2\tau}\bigr)"
        )

    @classmethod
    def synthetic(
        cls, n=128, spread=0.5, sharp=20.0, flat=1.0, separation=3.0, smoothing=0.1, seed=0
    ):
        r"""``n >= 2`` offsets drawn from a normal distribution and rescaled to mean 0 and
        standard deviation ``spread`` exactly (:math:`\sigma \ge 0`); ``seed`` an integer >= 0
        (or ``None`` for fresh entropy); the other arguments as for the class.

        Examples
        --------
        >>> problem = TwoBasins.synthetic(n=64, spread=0.3, seed=1)
        >>> problem.n_samples, round(float(problem.x.std()), 12)
        (64, 0.3)
        """
        n = check_positive_int("n", n)
        if n < 2:
            raise ValueError(f"n must be at least 2 (for a spread of offsets), got {n}")
        spread = check_nonnegative("spread", spread, scalar=True)
        rng = np.random.default_rng(check_seed("seed", seed))
        z = rng.standard_normal(n)
        z = (z - z.mean()) / z.std()
        with np.errstate(all="ignore"):
            x = spread * z
        if not np.all(np.isfinite(x)):
            raise ValueError(f"spread must be small enough for finite offsets, got {spread!r}")
        return cls(x, sharp=sharp, flat=flat, separation=separation, smoothing=smoothing)

    def _tilt(self, theta):
        r""":math:`t = w_s - w_f = \tanh\bigl((q_f - q_s)/2\tau\bigr)` and
        :math:`(q_s' - q_f')/2`, both from the parabolas' difference, a quadratic in θ."""
        ls, lf, d, tau = self.sharp, self.flat, self.separation, self.smoothing
        diff = theta * (0.5 * (lf - ls) * theta - lf * d) + 0.5 * lf * d * d  # q_f - q_s
        half_gap = 0.5 * (ls - lf) * theta + 0.5 * lf * d  # (q_s' - q_f') / 2
        return np.tanh(diff * (0.5 / tau)), half_gap

    def _loss(self, theta):
        ls, lf, d, tau = self.sharp, self.flat, self.separation, self.smoothing
        qs = 0.5 * ls * theta * theta
        diff = theta * (0.5 * (lf - ls) * theta - lf * d) + 0.5 * lf * d * d  # q_f - q_s
        # -τ log(e^{-q_s/τ} + e^{-q_f/τ}) = min(q_s, q_f) - τ log(1 + e^{-|q_f - q_s|/τ})
        return qs + np.minimum(diff, 0.0) - tau * np.log1p(np.exp(np.abs(diff) * (-1.0 / tau)))

    def _slope(self, theta):
        t, half_gap = self._tilt(theta)
        mean = 0.5 * (self.sharp + self.flat) * theta - 0.5 * self.flat * self.separation
        return mean + t * half_gap  # w_s q_s' + w_f q_f'

    def _curvature(self, t):
        return 0.5 * (self.sharp + self.flat) + t * (0.5 * (self.sharp - self.flat))

    def _ridge(self):
        """The top of the ridge between the minima: the root of J' in (0, d), by bisection."""
        lo, hi = 0.0, self.separation  # J' > 0 just right of 0, < 0 just left of d
        lo += 1e-9 * hi
        hi -= 1e-9 * hi
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if self._slope(np.array(mid)) > 0:
                lo = mid
            else:
                hi = mid
            if hi - lo <= 4e-16 * self.separation:
                break
        return 0.5 * (lo + hi)

    def __call__(self, params):
        """The mean loss :math:`J` at ``params`` ``(..., 1)``, shape ``(...)``."""
        params = check_points("params", params, 1)
        with np.errstate(all="ignore"):
            return self._loss(params[..., 0])

    def curvature(self, params):
        r"""The weighted curvature :math:`c(\theta) = w_s\lambda_s + w_f\lambda_f`, by which a
        sample's offset moves its gradient, shape ``(...)``."""
        params = check_points("params", params, 1)
        with np.errstate(all="ignore"):
            return self._curvature(self._tilt(params[..., 0])[0])

    def grad(self, params, batch=None):
        """The gradient of :math:`J`, or the mean of the samples' gradients over ``batch``
        (indices into the data), shape ``(..., 1)``."""
        params = check_points("params", params, 1)
        if batch is not None:
            batch = _batch(batch, self.n_samples, params.shape[:-1])
        with np.errstate(all="ignore"):
            theta = params[..., 0]
            t, half_gap = self._tilt(theta)
            mean = 0.5 * (self.sharp + self.flat) * theta - 0.5 * self.flat * self.separation
            slope = mean + t * half_gap
            if batch is not None:
                slope -= np.mean(self.x[batch], axis=-1) * self._curvature(t)
            return slope[..., None]

    def hessian(self, params):
        r"""The second derivative of :math:`J`,
        :math:`w_s\lambda_s + w_f\lambda_f - w_s w_f (q_s' - q_f')^2/\tau`, shape
        ``(..., 1, 1)``."""
        params = check_points("params", params, 1)
        with np.errstate(all="ignore"):
            t, half_gap = self._tilt(params[..., 0])
            # w_s w_f = (1 - t²)/4 and (q_s' - q_f')² = 4 half_gap²
            return (self._curvature(t) - (1.0 - t * t) * half_gap**2 / self.smoothing)[
                ..., None, None
            ]
