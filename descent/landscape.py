r"""Loss landscapes: two-dimensional slices of a high-dimensional loss, and paths projected on them.

The methods of Li, Xu, Taylor, Studer and Goldstein (NeurIPS 2018), "Visualizing the Loss
Landscape of Neural Nets": a slice :math:`J(\theta^* + a\,\delta + b\,\eta)` around a point
:math:`\theta^*` along two directions, either random and *filter-normalised* (each neuron's
weights scaled to the norm of that neuron's weights in :math:`\theta^*`) or the two principal
components of a trajectory's offsets from its end; and the trajectory projected on the plane
they span, with how far it leaves it.
"""

from __future__ import annotations

import numpy as np

from ._checks import _show, check_points, check_seed, check_str, finite_array

__all__ = ["filter_normalized", "pca_directions", "project", "slice_loss"]

BIASES = ("zero", "keep")


def filter_normalized(network, params, *, seed=0, biases="zero"):
    r"""A random direction in parameter space, normalised filter by filter (Li et al., 2018).

    Parameters
    ----------
    network : descent.problems.Network
        A network whose :meth:`~descent.problems.Network.unpack` gives its layers.
    params : array_like, shape (dim,)
        The point :math:`\theta^*` the direction is scaled to (finite).
    seed : int or None, default 0
        Seed of the Gaussian direction.
    biases : {"zero", "keep"}, default "zero"
        ``"zero"``: the direction leaves the biases alone (the authors' ``--xignore biasbn``,
        which their scripts use); ``"keep"``: the biases' entries are :math:`\theta^*`'s own, as
        their code does for one-dimensional parameters otherwise.

    Returns
    -------
    ndarray, shape (dim,)

    Notes
    -----
    With :math:`d \sim \mathcal N(0, I)` and, for each filter :math:`j` of layer :math:`i` (a
    row of :math:`W_i`: one neuron's incoming weights),

    .. math:: d_{i,j} \leftarrow \frac{d_{i,j}}{\|d_{i,j}\|}\,\|\theta^*_{i,j}\| .

    A network whose layers are rescaled (a ReLU network's :math:`W_1 \to cW_1`,
    :math:`W_2 \to W_2/c` computes the same function) has a slice of the same shape along a
    filter-normalised direction, not along a raw Gaussian one: that is what makes slices of
    two networks comparable.

    Examples
    --------
    >>> import numpy as np
    >>> from descent.problems import Network, wave_data
    >>> net = Network(*wave_data(), widths=(8,))
    >>> theta = net.init_params(seed=1)
    >>> d = filter_normalized(net, theta)
    >>> (w1, _), _ = net.unpack(d)
    >>> (t1, _), _ = net.unpack(theta)
    >>> rows = np.linalg.norm(w1, axis=-1), np.linalg.norm(t1, axis=-1)
    >>> bool(np.allclose(*rows))  # each neuron's weights: the point's norm
    True
    """
    if not callable(getattr(network, "unpack", None)) or not hasattr(network, "sizes"):
        raise TypeError(
            f"network must be a descent.problems.Network (its layers are the filters), got "
            f"{_show(network)}"
        )
    params = check_points("params", params, network.dim)
    if params.ndim != 1 or not np.all(np.isfinite(params)):
        raise ValueError(f"params must be one finite point, shape ({network.dim},)")
    biases = check_str("biases", biases)
    if biases not in BIASES:
        raise ValueError(f"biases must be one of {', '.join(map(repr, BIASES))}, got {biases!r}")
    direction = np.random.default_rng(check_seed("seed", seed)).standard_normal(network.dim)
    parts = []
    for (d_w, _), (w, b) in zip(network.unpack(direction), network.unpack(params), strict=True):
        norms = np.linalg.norm(d_w, axis=-1, keepdims=True)
        parts += [d_w * np.linalg.norm(w, axis=-1, keepdims=True) / norms, b if biases == "keep"
                  else np.zeros_like(b)]  # fmt: skip
    return np.concatenate([p.ravel() for p in parts])


def _path(path):
    path = finite_array("path", path)
    if path.ndim != 2 or len(path) < 2:
        raise ValueError(f"path must be a (steps, dim) array of at least two points, got "
                         f"shape {path.shape}")  # fmt: skip
    return path


def pca_directions(path, center=None):
    r"""The two principal directions of a path's offsets from ``center`` (default its end).

    Parameters
    ----------
    path : array_like, shape (steps, dim)
        One run's parameters (``Trajectory.path`` of one start), finite, at least three points.
    center : array_like, shape (dim,), optional
        The slice's centre :math:`\theta^*`; default the path's last point.

    Returns
    -------
    directions : ndarray, shape (2, dim)
        Orthonormal: the first two principal axes of the offsets :math:`\theta_t - \theta^*`.
    explained : ndarray, shape (2,)
        The fraction of the offsets' variance each explains (as scikit-learn's
        ``explained_variance_ratio_``).

    Notes
    -----
    As in Li et al.'s code, the offsets are centred on their mean before the singular value
    decomposition (scikit-learn's ``PCA``), so the directions describe how the path varies,
    not where it lies; the explained fractions say how much of that variation a plane holds.
    The sign of each direction is fixed so that the path's first point has a positive
    coordinate along it.

    Examples
    --------
    A straight path is one direction, all of its variance:

    >>> import numpy as np
    >>> line = np.outer(np.linspace(1, 0, 11), [3.0, 4.0, 0.0])
    >>> line[::2, 2] += 1e-3  # and a little wobble
    >>> directions, explained = pca_directions(line)
    >>> np.round(directions[0, :2], 3), bool(explained[0] > 0.999)
    (array([0.6, 0.8]), True)
    """
    path = _path(path)
    if len(path) < 3:
        raise ValueError("path must have at least three points for two directions")
    center = path[-1] if center is None else _center(center, path.shape[1], "path")
    offsets = path - center
    centred = offsets - offsets.mean(axis=0)
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    directions = vt[:2]
    signs = np.sign(directions @ offsets[0])
    directions = directions * np.where(signs == 0, 1.0, signs)[:, None]
    total = np.sum(singular**2)
    explained = singular[:2] ** 2 / total if total > 0 else np.zeros(2)
    return directions, explained


def _center(center, dim, of):
    center = finite_array("center", center)
    if center.shape != (dim,):
        raise ValueError(f"center must have shape ({dim},), the dimension of {of}, got "
                         f"{center.shape}")  # fmt: skip
    return center


def _directions(directions, dim, of):
    directions = finite_array("directions", directions)
    if directions.shape != (2, dim) or not np.all(np.linalg.norm(directions, axis=-1) > 0):
        raise ValueError(f"directions must be two non-zero vectors of the dimension of {of}, "
                         f"shape (2, {dim}), got shape {directions.shape}")  # fmt: skip
    return directions


def project(path, center, directions):
    r"""Coordinates of a path in the plane through ``center`` along ``directions``, and how
    far each point lies off that plane.

    Parameters
    ----------
    path : array_like, shape (steps, dim)
    center : array_like, shape (dim,)
    directions : array_like, shape (2, dim)
        Two linearly independent directions (orthonormal ones from :func:`pca_directions`, or
        two :func:`filter_normalized` ones).

    Returns
    -------
    coords : ndarray, shape (steps, 2)
        :math:`(a_t, b_t)` minimising :math:`\|\theta_t - \theta^* - a\,\delta - b\,\eta\|`: the
        least-squares coordinates (for orthonormal directions, the dot products).
    off_plane : ndarray, shape (steps,)
        That minimum: the distance from :math:`\theta_t` to the plane. Where it is not small
        next to the in-plane distance, the projected path need not follow the slice's
        contours: the loss it saw was off the plane.

    Examples
    --------
    >>> import numpy as np
    >>> path = np.array([[2.0, 1.0, 0.5], [0.0, 0.0, 0.0]])
    >>> coords, off = project(path, np.zeros(3), np.eye(3)[:2])
    >>> coords[0], float(off[0])
    (array([2., 1.]), 0.5)
    """
    path = _path(path)
    center = _center(center, path.shape[1], "path")
    directions = _directions(directions, path.shape[1], "path")
    offsets = path - center
    coords, *_ = np.linalg.lstsq(directions.T, offsets.T, rcond=None)
    off_plane = np.linalg.norm(offsets - coords.T @ directions, axis=-1)
    return coords.T, off_plane


def slice_loss(objective, center, directions, a, b):
    r"""The loss on a grid of the plane :math:`\theta^* + a\,\delta + b\,\eta`, in one call.

    Parameters
    ----------
    objective : surface or problem
        Anything :func:`descent.run` runs: ``objective(params)`` vectorised over leading axes.
    center : array_like, shape (dim,)
    directions : array_like, shape (2, dim)
    a, b : array_like, 1D
        The grid's coordinates along the first and the second direction (finite).

    Returns
    -------
    ndarray, shape (len(b), len(a))
        ``loss[j, i]`` at :math:`\theta^* + a_i\,\delta + b_j\,\eta` (rows along ``b``, as
        ``matplotlib.pyplot.contour(a, b, loss)`` expects).

    Examples
    --------
    >>> import numpy as np
    >>> from descent.surfaces import ALL
    >>> a, b = [-1.0, 0.0, 1.0], [0.0, 2.0]
    >>> grid = slice_loss(ALL["bowl"], [0.0, 0.0], np.eye(2), a, b)
    >>> grid.shape, float(grid[1, 2]) == float(ALL["bowl"]([1.0, 2.0]))
    ((2, 3), True)
    """
    if not callable(objective) or not hasattr(objective, "dim") or isinstance(objective, type):
        raise TypeError(f"objective must be an objective (see descent.objectives), got "
                        f"{_show(objective)}")  # fmt: skip
    center = _center(center, objective.dim, "objective")
    directions = _directions(directions, objective.dim, "objective")
    axes = []
    for name, values in (("a", a), ("b", b)):
        values = finite_array(name, values)
        if values.ndim != 1 or len(values) == 0:
            raise ValueError(f"{name} must be a non-empty 1D array, got shape {values.shape}")
        axes.append(values)
    grid_a, grid_b = np.meshgrid(*axes)
    points = center + grid_a[..., None] * directions[0] + grid_b[..., None] * directions[1]
    return np.asarray(objective(points), dtype=np.float64)
