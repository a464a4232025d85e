"""Checks of the plotting functions' arguments: fail early, name the argument and the range."""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from .._checks import check_positive


def check_one_of(name, value, allowed):
    """Require ``value`` to be one of ``allowed``, equal and of its type (``1`` is no ``True``)."""
    for a in allowed:
        if isinstance(a, bool):
            if isinstance(value, (bool, np.bool_)) and bool(value) == a:
                return a
        elif isinstance(value, type(a)) and value == a:
            return a
    shown = ", ".join(repr(a) for a in allowed)
    raise ValueError(f"{name} must be one of {shown}, got {value!r}")


def check_finite(name, value):
    """A finite real number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def check_fps(value):
    """Frames per second: a positive finite number."""
    return check_positive("fps", value)


def check_dpi(value):
    """A resolution: a positive finite number (or matplotlib's ``"figure"``)."""
    if isinstance(value, str) and value == "figure":
        return value
    return check_positive("dpi", value)


def check_levels(value):
    """A number of contour levels: an integer >= 2."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 2:
        raise ValueError(f"levels must be an integer >= 2, got {value!r}")
    return int(value)


def check_dim(surface, allowed, what):
    """Require a surface of one of the ``allowed`` dimensions (``what`` names the figure)."""
    dim = getattr(surface, "dim", None)
    if dim not in allowed:
        dims = " or ".join(f"{d}D" for d in allowed)
        raise ValueError(f"surface must be {dims} {what}, got dim={dim}")
    return dim


def plot_extent(surface, extent):
    """The plotting window: ``extent`` if given (checked), else the surface's own ``extent``.

    ``(x0, x1)`` for a 1D surface, ``(x0, x1, y0, y1)`` for a 2D one, finite, ``x0 < x1``.
    """
    own = extent is None
    if own:
        extent = surface.extent
    shape = "(x0, x1)" if surface.dim == 1 else "(x0, x1, y0, y1)"
    try:
        values = [float(e) for e in extent if isinstance(e, Real) and not isinstance(e, bool)]
        ok = len(values) == len(extent) == 2 * surface.dim
    except TypeError:
        ok = False
    if ok:
        ok = all(math.isfinite(v) for v in values) and all(
            values[i] < values[i + 1] for i in range(0, len(values), 2)
        )
    if not ok:
        whose = "the surface's extent" if own else "extent"
        raise ValueError(
            f"{whose} must be {shape} for a {surface.dim}D surface, finite numbers with each "
            f"lower bound below its upper bound, got {extent!r}"
        )
    return tuple(values)


def check_trajectories(trajectories, surface=None):
    """A list of at least one Trajectory, each of the surface's dimension (if one is given)."""
    from ..runs import Trajectory

    if isinstance(trajectories, Trajectory):
        trajectories = [trajectories]
    try:
        trajectories = list(trajectories)
    except TypeError:
        raise ValueError(
            f"trajectories must be a Trajectory or a list of them, got {trajectories!r}"
        ) from None
    if not trajectories:
        raise ValueError("trajectories must hold at least one Trajectory, got none")
    for i, traj in enumerate(trajectories):
        if not isinstance(traj, Trajectory):
            raise ValueError(
                f"trajectories[{i}] must be a Trajectory (from descent.run), got {type(traj)}"
            )
        if surface is not None and traj.path.shape[-1] != surface.dim:
            raise ValueError(
                f"trajectories[{i}] has dimension {traj.path.shape[-1]}, the surface has "
                f"dim={surface.dim}: every trajectory must be a run on this surface"
            )
    return trajectories


def check_figsize(value):
    """A figure size: two positive finite numbers (inches)."""
    if value is None:
        return None
    ok = np.ndim(value) == 1 and len(value) == 2
    if ok:
        try:
            ok = all(math.isfinite(float(v)) and float(v) > 0 for v in value)
        except (TypeError, ValueError):
            ok = False
    if not ok:
        raise ValueError(f"figsize must be (width, height), two positive numbers, got {value!r}")
    return tuple(float(v) for v in value)
