"""Static drawings: a surface (contours in 2D, a curve in 1D) and finished trajectories."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colors as mcolors

from ._inputs import check_dim, check_finite, check_levels, check_trajectories, plot_extent
from .style import MINIMUM, _labels_and_colors, rc_context

__all__ = ["contour", "curve", "loss_curves", "paths"]


def _grid(surface, extent, n=200):
    x0, x1, y0, y1 = extent
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return X, Y, surface(np.stack([X, Y], axis=-1))


def contour(
    surface, ax=None, *, levels=20, log=None, fill=True, minima=True, labels=True, extent=None
):
    """Contours of a 2D surface over its ``extent``, its global minima marked with stars.

    Parameters
    ----------
    surface : surface or problem with ``dim == 2``
    ax : matplotlib Axes, optional
    levels : int, default 20
        Number of contour levels, at least 2.
    log : bool, optional
        Space the levels geometrically above the minimum. By default, when the largest value
        is more than ten times the median (Rosenbrock, Beale), linearly otherwise.
    fill, minima, labels : bool
        Shade between levels; mark the minima; label the axes with the surface's symbols.
    extent : (x0, x1, y0, y1), optional
        The plotting window, instead of the surface's own ``extent`` (which is left as it is).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from descent.surfaces import ALL
    >>> ax = contour(ALL["himmelblau"])
    >>> len(ax.lines[0].get_xdata())  # the four minima, marked
    4
    >>> ax = contour(ALL["himmelblau"], extent=(0, 5, -1, 4))  # a closer look
    >>> [float(v) for v in ax.get_xlim()]
    [0.0, 5.0]
    """
    check_dim(surface, (2,), "for a contour plot")
    levels = check_levels(levels)
    extent = plot_extent(surface, extent)
    with rc_context():
        return _contour(surface, ax, levels, log, fill, minima, labels, extent)


def _contour(surface, ax, levels, log, fill, minima, labels, extent):
    ax = ax if ax is not None else plt.figure().add_subplot()
    X, Y, Z = _grid(surface, extent)
    low = np.nanmin(Z)
    span = np.nanmax(Z) - low
    if log is None:
        log = span > 10 * max(np.nanmedian(Z) - low, 1e-12)
    if log:
        lift = max(span * 1e-6, 1e-12)
        lv = low + np.geomspace(lift, span, levels)
        norm = mcolors.LogNorm(lift, span)
        shade = Z - low + lift
        kw = {"levels": lv - low + lift, "norm": norm}
        if fill:
            ax.contourf(X, Y, shade, cmap="Greys", alpha=0.22, **kw)
        ax.contour(X, Y, shade, colors="0.7", linewidths=0.5, **kw)
    else:
        if fill:
            ax.contourf(X, Y, Z, levels=levels, cmap="Greys", alpha=0.22)
        ax.contour(X, Y, Z, levels=levels, colors="0.7", linewidths=0.5)
    if minima and len(surface.minima):
        ax.plot(*surface.minima.T, label="minimum", **MINIMUM)
    x0, x1, y0, y1 = extent
    ax.set(xlim=(x0, x1), ylim=(y0, y1))
    ax.set_aspect("equal", adjustable="box")
    if labels:
        ax.set_xlabel(f"${surface.labels[0]}$")
        ax.set_ylabel(f"${surface.labels[1]}$", rotation=0, labelpad=8)
    return ax


def curve(surface, ax=None, *, minima=True, labels=True, extent=None):
    """A 1D surface as a curve over its ``extent``, its global minima marked.

    Parameters
    ----------
    surface : surface or problem with ``dim == 1``
    ax : matplotlib Axes, optional
    minima, labels : bool
        Mark the global minima; label the axes with the surface's symbol.
    extent : (x0, x1), optional
        The plotting window, instead of the surface's own ``extent`` (which is left as it is).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from descent.surfaces import ALL
    >>> ax = curve(ALL["bumpy"])
    >>> [float(v) for v in ax.get_xlim()], ax.get_ylabel()
    ([-2.75, 2.65], '$J(\\\\theta)$')
    >>> [float(v) for v in curve(ALL["bumpy"], extent=(-1, 1)).get_xlim()]
    [-1.0, 1.0]
    """
    check_dim(surface, (1,), "for a curve")
    extent = plot_extent(surface, extent)
    with rc_context():
        return _curve(surface, ax, minima, labels, extent)


def _curve(surface, ax, minima, labels, extent):
    ax = ax if ax is not None else plt.figure().add_subplot()
    x0, x1 = extent
    theta = np.linspace(x0, x1, 400)
    values = surface(theta[:, None])
    ax.plot(theta, values, color="0.25", lw=2, zorder=1)
    if minima and len(surface.minima):
        ax.plot(surface.minima[:, 0], surface(surface.minima), **MINIMUM)
    pad = 0.08 * (values.max() - values.min())
    ax.set(xlim=(x0, x1), ylim=(values.min() - pad, values.max() + pad))
    if labels:
        sym = surface.labels[0]
        ax.set_xlabel(f"${sym}$")
        ax.set_ylabel(f"$f({sym})$" if sym != r"\theta" else r"$J(\theta)$")
    return ax


def _starts(path):
    """A path ``(T, ..., d)`` as ``(T, K, d)``."""
    return path.reshape(path.shape[0], -1, path.shape[-1])


def _nan_joined(path, upto):
    """Points ``0..upto`` of every start, as one ``(n, d)`` array with nan rows between starts."""
    p = _starts(path)[: upto + 1]
    gap = np.full((1, *p.shape[1:]), np.nan)
    return np.concatenate([p, gap]).transpose(1, 0, 2).reshape(-1, p.shape[-1])


def _plot_coordinates(path, surface):
    """A path in the plot's coordinates: 2D as it is, 1D as points (θ, J(θ)) on the curve."""
    if path.shape[-1] != 1:
        return path
    if surface is None:
        raise ValueError("surface is needed to draw a 1D path on its curve, got None")
    return np.concatenate([path, surface(path)[..., None]], axis=-1)


def paths(ax, trajectories, *, surface=None, labels=None, colors=None, markers=True):
    """Draw finished trajectories on a contour (2D) or a curve (1D) axes.

    For 1D trajectories pass the ``surface``, whose curve the points are drawn on.

    A diverged start is drawn up to where it left the box, so its line leaves the frame; its
    label says "diverged".

    Parameters
    ----------
    ax : matplotlib Axes
        Usually from :func:`contour` or :func:`curve`.
    trajectories : Trajectory or list of Trajectory
        At least one, all of the same dimension (1 or 2; the surface's, if it is given).
    surface : surface or problem, optional
        Needed for 1D trajectories, whose points are drawn on its curve.
    labels, colors : list of str, optional
        One per trajectory. Default: from each trajectory's optimizer (:func:`~descent.plot.label`,
        :func:`~descent.plot.color`).
    markers : bool
        Mark every point of the paths.

    Returns
    -------
    list of Line2D
        One line per trajectory (for a legend).

    Examples
    --------
    >>> import numpy as np
    >>> import descent
    >>> from descent.surfaces import ALL
    >>> beale = ALL["beale"]
    >>> traj = descent.run(descent.Adam(lr=0.1), beale, np.array([1, 1.5]), 50)
    >>> [line.get_label() for line in paths(contour(beale), [traj])]
    ['Adam ($\\\\alpha$=0.1)']
    """
    trajectories = check_trajectories(trajectories, surface)
    dims = {t.path.shape[-1] for t in trajectories}
    if len(dims) > 1 or not dims <= {1, 2}:
        raise ValueError(
            "trajectories must all be 1D or all 2D to share one axes, "
            f"got dimensions {sorted(dims)}"
        )
    labels, colors = _labels_and_colors(trajectories, labels, colors)
    lines = []
    for traj, name, c in zip(trajectories, labels, colors, strict=True):
        if traj.diverged.any():
            name += " — diverged"
        xy = _plot_coordinates(traj.path, surface)
        (line,) = ax.plot(
            *_nan_joined(xy, len(xy) - 1).T,
            "-",
            color=c,
            lw=1.6,
            label=name,
            marker="o" if markers else None,
            ms=2.5,
        )
        lines.append(line)
        ax.plot(*_starts(xy)[0].T, "o", color=c, mec="white", ms=6, zorder=5)
    return lines


def loss_curves(ax, trajectories, *, labels=None, colors=None, log=True, min_value=0.0):
    """Loss against update number, one line per trajectory (the median over starts).

    Parameters
    ----------
    ax : matplotlib Axes
    trajectories : Trajectory or list of Trajectory
        At least one.
    labels, colors : list of str, optional
        One per trajectory. Default: from each trajectory's optimizer.
    log : bool
        A log scale for the loss.
    min_value : float
        Subtracted from the loss (the minimum's value, to draw the excess loss).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import numpy as np
    >>> import matplotlib.pyplot as plt
    >>> import descent
    >>> from descent.surfaces import ALL
    >>> opts = descent.Adam(lr=0.05), descent.Momentum(lr=1e-3)
    >>> start = np.array([-1.0, 1.0])
    >>> runs = [descent.run(o, ALL["rosenbrock"], start, 100) for o in opts]
    >>> ax = loss_curves(plt.figure().add_subplot(), runs)
    >>> ax.get_yscale(), len(ax.lines)
    ('log', 2)
    """
    trajectories = check_trajectories(trajectories)
    min_value = check_finite("min_value", min_value)
    labels, colors = _labels_and_colors(trajectories, labels, colors)
    for traj, name, c in zip(trajectories, labels, colors, strict=True):
        loss = np.median(traj.loss.reshape(len(traj.loss), -1), axis=1) - min_value
        ax.plot(np.arange(len(loss)), loss, color=c, lw=1.6, label=name)
    ax.set_xlabel("step $t$")
    ax.set_ylabel("loss" if not min_value else r"loss $-$ minimum")
    if log:
        ax.set_yscale("log")
    ax.grid(True, alpha=0.3)
    return ax
