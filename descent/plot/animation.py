r"""Animated trajectories on a surface: :func:`animate` and the updaters it composes.

Each moving thing of an animation is one small updater, after matplotlib's "Bayes update"
example: ``__init__`` draws its artists (empty), ``__call__(t)`` moves them to step ``t`` and
returns them, and ``artists`` lists them for blitting. :func:`animate` picks the updaters a
figure needs and calls them in turn; a gallery script can compose them the same way with
:class:`~descent.plot.TrajectoryAnimation`.

Examples
--------
>>> import numpy as np
>>> import matplotlib.pyplot as plt
>>> import descent
>>> from descent.plot import TrajectoryAnimation, contour
>>> from descent.surfaces import ALL
>>> bowl = ALL["bowl"]
>>> gd = descent.GradientDescent(lr=0.1)
>>> traj = descent.run(gd, bowl, np.array([1.5, 1.0]), steps=20)
>>> ax = contour(bowl)
>>> movers = [Trail(ax, traj, bowl, "#000000"), StepCounter(ax)]
>>> def update(t):
...     return [artist for mover in movers for artist in mover(t)]
>>> anim = TrajectoryAnimation(ax.figure, update, range(21), update(0), 10)
>>> movers[0].points(20).round(3)  # where the dot is at the last frame
array([[0.017, 0.012]])
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.legend import Legend

from .._checks import check_positive, check_positive_int
from ._inputs import (
    check_dim,
    check_figsize,
    check_finite,
    check_fps,
    check_one_of,
    check_trajectories,
    plot_extent,
)
from .static import _nan_joined, _plot_coordinates, _starts, contour, curve
from .style import FONTSIZE, MARKERS, TEXT_BOX, _labels_and_colors, _plain, rc_context
from .video import TrajectoryAnimation

__all__ = [
    "LAYOUTS",
    "LearningRateReadout",
    "LossCurve",
    "Readout",
    "StepCounter",
    "Tangent",
    "Trail",
    "VelocityArrow",
    "animate",
]

#: The values of ``animate(layout=...)``.
LAYOUTS = ("overlay", "panels", "column")


def _median_loss(traj):
    """The loss per step, the median over the starts: shape ``(updates + 1,)``."""
    return np.median(traj.loss.reshape(len(traj.loss), -1), axis=1)


class Trail:
    """One trajectory's path so far (a line) and its current point(s) (a dot per start).

    A start that leaves the plotting window for good (a diverging one) is drawn until it
    leaves, then stops there: its line runs off the edge instead of criss-crossing the picture.
    A 1D trajectory is drawn on the surface's curve, at :math:`(\theta, J(\theta))`.

    Parameters
    ----------
    ax : matplotlib Axes
    traj : Trajectory
    surface : surface or problem
        The one the trajectory ran on.
    color : str
    extent : tuple, optional
        The plotting window (default: the surface's ``extent``).

    Attributes
    ----------
    trail : matplotlib.lines.Line2D
        The path so far.
    head : matplotlib.lines.Line2D
        The current point of each start (its handle goes in a legend).
    left_at : ndarray of int, shape (starts,)
        Per start, the first step outside the window (-1 if it stays inside).

    Examples
    --------
    >>> import numpy as np
    >>> import descent
    >>> from descent.plot import contour
    >>> from descent.surfaces import ALL
    >>> bowl = ALL["bowl"]
    >>> gd = descent.GradientDescent(lr=1.2)
    >>> traj = descent.run(gd, bowl, np.array([1.0, 0.5]), 30)
    >>> trail = Trail(contour(bowl), traj, bowl, "#000000")
    >>> trail.left_at  # the step at which the run leaves the ±2 window
    array([3])
    >>> [len(a.get_xdata()) for a in trail(2)[:2]]  # 3 points and a gap; 1 dot
    [4, 1]

    From then on its dot is an open marker where it crossed the edge, labelled with the step:

    >>> _, head, exit, label = trail(3)
    >>> len(head.get_xdata()), exit.get_xdata(), label.get_text()
    (0, array([-2.]), 'left at step 3')
    """

    def __init__(self, ax, traj, surface, color, extent=None, marker="o", label_exits=True):
        extent = plot_extent(surface, extent)
        self.xy = _plot_coordinates(traj.path, surface)
        self.n_starts = _starts(self.xy).shape[1]
        lo, hi = np.reshape(extent, (-1, 2)).T
        p = _starts(traj.path)
        inside = np.all((p >= lo) & (p <= hi), axis=-1)  # (T, K)
        last_inside = len(p) - 1 - np.argmax(inside[::-1], axis=0)
        self.left_at = np.where(last_inside < len(p) - 1, last_inside + 1, -1)  # -1: stays
        self.stop = np.where(self.left_at >= 0, self.left_at, len(p) - 1)
        self.exit_xy, self.exit_side = _exits(p, self.left_at, lo, hi, surface)
        (self.trail,) = ax.plot(
            [], [], "-", color=color, lw=1.6, alpha=0.9, marker=".", ms=3, zorder=3
        )
        (self.head,) = ax.plot(
            [], [], marker, color=color, mec="white", mew=1.0, ms=8, zorder=6, ls="none"
        )
        # where a start left the frame: an open marker on the edge, and the step
        (self.exit,) = ax.plot(
            [],
            [],
            marker,
            mfc="white",
            mec=color,
            mew=2.0,
            ms=9,
            zorder=7,
            ls="none",
            clip_on=False,
        )
        self.exit.set_in_layout(False)  # unclipped, but no reason to move the axes
        self.exit_labels = []
        if label_exits and self.n_starts <= 3:  # more would be a crowd: the readout counts
            for k in np.flatnonzero(self.left_at >= 0):
                side = self.exit_side[k]
                dx, dy = {"left": (8, 0), "right": (-8, 0), "bottom": (0, 8), "top": (0, -8)}[side]
                self.exit_labels.append(
                    (
                        k,
                        ax.annotate(
                            "",
                            self.exit_xy[k],
                            xytext=(dx, dy),
                            textcoords="offset points",
                            ha={"left": "left", "right": "right"}.get(side, "center"),
                            va={"bottom": "bottom", "top": "top"}.get(side, "center"),
                            color=color,
                            fontsize=FONTSIZE["readout"],
                            zorder=8,
                            bbox=TEXT_BOX,
                            annotation_clip=False,
                            in_layout=False,
                        ),
                    )
                )
        self.artists = [self.trail, self.head, self.exit] + [a for _, a in self.exit_labels]

    def gone(self, t):
        """Which starts have left the frame for good by step ``t``, shape ``(starts,)``."""
        return (self.left_at >= 0) & (self.left_at <= t)

    def points(self, t):
        """Where each start's dot is at step ``t``, shape ``(starts, 2)`` (plot coordinates):
        on the frame's edge, where it crossed it, for a start that has left."""
        t = min(t, len(self.xy) - 1)
        shown = np.minimum(t, self.stop)  # per start: where its drawing stops
        points = _starts(self.xy)[shown, np.arange(self.n_starts)].copy()
        gone = self.gone(t)
        points[gone] = self.exit_xy[gone]
        return points

    def __call__(self, t):
        t = min(t, len(self.xy) - 1)
        shown = np.minimum(t, self.stop)
        trail = _nan_joined(self.xy, t)
        cut = np.arange(t + 2)[None, :] > shown[:, None]  # (K, t+2): past the stop, or the gap
        cut[:, -1] = True
        trail[cut.ravel()] = np.nan
        self.trail.set_data(*trail.T)
        points, gone = self.points(t), self.gone(t)
        self.head.set_data(points[~gone, 0], points[~gone, 1])
        self.exit.set_data(points[gone, 0], points[gone, 1])
        for k, text in self.exit_labels:
            text.set_text(f"left at step {self.left_at[k]}" if gone[k] else "")
        return self.artists


def _exits(p, left_at, lo, hi, surface):
    """Per start, where its path crosses the frame's edge on its way out (plot coordinates),
    and which edge: ``(starts, 2)`` points (nan for a start that stays) and side names."""
    k_all = np.arange(p.shape[1])
    a = p[np.maximum(left_at - 1, 0), k_all]  # the last point inside
    b = p[np.maximum(left_at, 0), k_all]  # the first outside (maybe inf or nan)
    b = np.where(np.isfinite(b), b, a + np.sign(np.nan_to_num(b - a)) * (hi - lo) * 1e3)
    with np.errstate(divide="ignore", invalid="ignore"):
        to = np.where(b > hi, (hi - a) / (b - a), np.where(b < lo, (lo - a) / (b - a), np.inf))
    axis = np.argmin(to, axis=-1)
    frac = np.clip(np.nan_to_num(to[k_all, axis], posinf=0.0), 0.0, 1.0)
    edge = np.clip(a + frac[:, None] * (b - a), lo, hi)
    upper = b[k_all, axis] > hi[axis]
    names = np.array([["left", "right"], ["bottom", "top"]])
    sides = names[np.minimum(axis, 1), upper.astype(int)]
    if p.shape[-1] == 1:  # in 1D the dot sits on the curve, above the edge's θ
        sides = names[0, upper.astype(int)]
        edge = np.concatenate([edge, surface(edge)[:, None]], axis=-1)
    edge[left_at < 0] = np.nan
    return edge, sides


class Readout:
    """One trajectory's numbers at the top right: step and loss, and what happened to it.

    The median loss over many starts; for a single 1D run θ, J(θ) and the slope; a start that
    left the window says at which step; at the last step a diverged run says so. At the top:
    a video's controls cover the bottom.

    Parameters
    ----------
    ax : matplotlib Axes
    traj : Trajectory
    surface : surface or problem
    color : str
    trail : Trail
        The trajectory's :class:`Trail` (which knows where each start left the window).

    Examples
    --------
    >>> import numpy as np
    >>> import descent
    >>> from descent.plot import curve
    >>> from descent.surfaces import ALL
    >>> parabola = ALL["parabola"]
    >>> gd = descent.GradientDescent(lr=0.1)
    >>> traj = descent.run(gd, parabola, np.array([1.5]), 10)
    >>> ax = curve(parabola)
    >>> trail = Trail(ax, traj, parabola, "#000000")
    >>> readout = Readout(ax, traj, parabola, "#000000", trail)
    >>> readout(1)[0].get_text()
    'step 1   θ = 1.200   J(θ) = 1.44   slope = 2.4'
    """

    def __init__(self, ax, traj, surface, color, trail):
        self.traj, self.surface, self.trail = traj, surface, trail
        self.loss = _median_loss(traj)
        self.text = ax.text(
            0.98,
            0.97,
            "",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=FONTSIZE["readout"],
            color=color,
            zorder=8,
            bbox=TEXT_BOX,
        )
        self.artists = [self.text]

    def __call__(self, t):
        traj, K, left_at = self.traj, self.trail.n_starts, self.trail.left_at
        t = min(t, traj.updates)
        loss = self.loss[t]
        n_gone = int(np.sum((left_at >= 0) & (left_at <= t)))
        n_diverged = int(np.sum(traj.diverged_at.reshape(-1) >= 0))
        text = f"step {t}   " + ("loss" if K == 1 else "median loss") + f" {loss:.3g}"
        if self.surface.dim == 1 and K == 1:  # the numbers the 1D picture is about
            theta = float(traj.path.reshape(-1)[t])
            slope = float(self.surface.grad(np.array([theta]))[0])
            text = f"step {t}   θ = {theta:.3f}   J(θ) = {loss:.3g}   slope = {slope:.3g}"
        if n_gone and K == 1:
            text = f"step {t}   left the frame at step {left_at[0]}, loss {loss:.3g}"
        elif n_gone:
            text = f"step {t}   {n_gone} of {K} left the frame"
        if n_diverged and t == traj.updates:
            text += "   (diverged)" if K == 1 else f"   ({n_diverged} diverged)"
        self.text.set_text(text)
        return self.artists


class StepCounter:
    """The step number at the top left, for figures whose panels have no :class:`Readout`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> counter = StepCounter(plt.figure().add_subplot())
    >>> counter(7)[0].get_text()
    'step 7'
    """

    def __init__(self, ax):
        self.text = ax.text(
            0.02,
            0.98,
            "",
            transform=ax.transAxes,
            va="top",
            fontsize=FONTSIZE["counter"],
            zorder=8,
            bbox=TEXT_BOX,
        )
        self.artists = [self.text]

    def __call__(self, t):
        self.text.set_text(f"step {t}")
        return self.artists


class Tangent:
    """On a 1D surface, the tangent line at each start's current point (dashed).

    Its slope is the gradient the next step follows; it is drawn over a quarter of the window.

    Examples
    --------
    >>> import numpy as np
    >>> import descent
    >>> from descent.plot import curve
    >>> from descent.surfaces import ALL
    >>> parabola = ALL["parabola"]
    >>> gd = descent.GradientDescent(lr=0.1)
    >>> traj = descent.run(gd, parabola, np.array([1.5]), 10)
    >>> (line,) = Tangent(curve(parabola), traj, parabola, "#000000")(0)
    >>> x, y = line.get_data()
    >>> float((y[1] - y[0]) / (x[1] - x[0]))  # J'(1.5) = 2 * 1.5
    3.0
    """

    def __init__(self, ax, traj, surface, color, extent=None):
        self.traj, self.surface = traj, surface
        x0, x1 = plot_extent(surface, extent)
        self.half = 0.12 * (x1 - x0)
        (self.line,) = ax.plot([], [], "--", color=color, lw=1.2, zorder=2)
        self.artists = [self.line]

    def __call__(self, t):
        t = min(t, self.traj.updates)
        theta = _starts(self.traj.path)[t][:, 0]
        slope = self.surface.grad(theta[:, None])[:, 0]
        value = self.surface(theta[:, None])
        half, gap = self.half, np.full_like(theta, np.nan)
        xs = np.stack([theta - half, theta + half, gap], axis=1)
        ys = np.stack([value - half * slope, value + half * slope, gap], axis=1)
        self.line.set_data(xs.ravel(), ys.ravel())
        return self.artists


class VelocityArrow:
    r"""Momentum's velocity as an arrow :math:`-\alpha v_t` at each start's current point.

    The run needs ``record_state=True`` and a state with a ``velocity``; on a 1D surface the
    arrow lies along θ, at the ball.

    Examples
    --------
    >>> import numpy as np
    >>> import descent
    >>> from descent.plot import contour
    >>> from descent.surfaces import ALL
    >>> bowl = ALL["elongated"]
    >>> opt = descent.Momentum(lr=0.02)
    >>> start = np.array([-5.0, 2.0])
    >>> traj = descent.run(opt, bowl, start, 10, record_state=True)
    >>> ax = contour(bowl)
    >>> trail = Trail(ax, traj, bowl, "#E69F00")
    >>> (arrows,) = VelocityArrow(ax, traj, "#E69F00", trail)(4)
    >>> bool(np.allclose(arrows.U, -0.02 * traj.states.velocity[4, 0]))
    True
    """

    def __init__(self, ax, traj, color, trail):
        if traj.states is None or not hasattr(traj.states, "velocity"):
            raise ValueError("traj must be run with record_state=True by a method with velocity")
        self.traj, self.trail = traj, trail
        start = trail.points(0)
        self.quiver = ax.quiver(
            start[:, 0],
            start[:, 1],
            np.zeros(trail.n_starts),
            np.zeros(trail.n_starts),
            angles="xy",
            scale_units="xy",
            scale=1,
            color=color,
            width=0.008,
            zorder=7,
        )
        self.artists = [self.quiver]

    def __call__(self, t):
        traj = self.traj
        t = min(t, traj.updates)
        lr = traj.optimizer.learning_rate(max(t - 1, 0))
        step = -lr * traj.states.velocity[t].reshape(self.trail.n_starts, -1)
        if traj.path.shape[-1] == 1:  # a 1D velocity is drawn along θ, at the ball
            step = np.concatenate([step, np.zeros_like(step)], axis=-1)
        self.quiver.set_offsets(self.trail.points(t)[:, :2])
        self.quiver.set_UVC(step[:, 0], step[:, 1])
        return self.artists


class LearningRateReadout:
    r"""An adaptive method's per-coordinate learning rate :math:`\alpha/(\sqrt{s}+\varepsilon)`.

    Text at the bottom left of the panel, for the first start; the run needs
    ``record_state=True`` and an optimizer with ``effective_lr``.

    Examples
    --------
    >>> import numpy as np
    >>> import descent
    >>> from descent.plot import contour
    >>> from descent.surfaces import ALL
    >>> bowl = ALL["elongated"]
    >>> opt, start = descent.RMSProp(lr=0.1), np.array([-5.0, 2.0])
    >>> traj = descent.run(opt, bowl, start, 10, record_state=True)
    >>> readout = LearningRateReadout(contour(bowl), traj, bowl, "#56B4E9")
    >>> print(readout(3)[0].get_text())
    learning rate per coordinate
    for x: 0.139
    for y: 0.0175
    """

    def __init__(self, ax, traj, surface, color):
        if traj.states is None or not hasattr(traj.optimizer, "effective_lr"):
            raise ValueError("traj must be run with record_state=True by an adaptive method")
        self.traj = traj
        self.symbols = [_plain(s) for s in surface.labels]
        self.text = ax.text(  # bottom left: a start is often in the top left corner
            0.02,
            0.03,
            "",
            transform=ax.transAxes,
            fontsize=FONTSIZE["readout"],
            va="bottom",
            color=color,
            bbox=TEXT_BOX,
        )
        self.artists = [self.text]

    def __call__(self, t):
        traj = self.traj
        t = min(t, traj.updates)
        state_t = type(traj.states)(*(f[t] for f in traj.states))
        n_starts = _starts(traj.path).shape[1]
        eff = np.asarray(traj.optimizer.effective_lr(state_t)).reshape(n_starts, -1)[0]
        # before the first gradient the state is zero and the rate a meaningless α/ε
        values = [f"{e:.3g}" if t else "–" for e in eff]
        self.text.set_text(
            "learning rate per coordinate\n"
            + "\n".join(f"for {s}: {v}" for s, v in zip(self.symbols, values, strict=False))
        )
        return self.artists


class LossCurve:
    """One trajectory's loss in the loss panel, drawn up to the current step.

    Parameters
    ----------
    ax : matplotlib Axes
    values : array, shape (updates + 1,)
        The loss to draw (the median over starts, minus the minimum's value).
    color : str

    Examples
    --------
    >>> import numpy as np
    >>> import matplotlib.pyplot as plt
    >>> ax = plt.figure().add_subplot()
    >>> curve = LossCurve(ax, np.array([4.0, 2.0, 1.0]), "#000000")
    >>> curve(1)[0].get_data()
    (array([0, 1]), array([4., 2.]))
    """

    def __init__(self, ax, values, color):
        self.values = np.asarray(values)
        (self.line,) = ax.plot([], [], color=color, lw=1.8)
        self.artists = [self.line]

    def __call__(self, t):
        upto = min(t, len(self.values) - 1)
        self.line.set_data(np.arange(upto + 1), np.maximum(self.values[: upto + 1], 1e-300))
        return self.artists


def _loss_panel(lax, trajectories, colors, min_value, steps, box_aspect):
    """Set up the loss panel (log scale, limits that a diverging run cannot blow up)."""
    curves = [
        LossCurve(lax, _median_loss(t) - min_value, c)
        for t, c in zip(trajectories, colors, strict=True)
    ]
    every = np.concatenate([c.values for c in curves])
    positive = every[np.isfinite(every) & (every > 0)]
    lax.set_yscale("log")
    if len(positive):
        # a diverging run would stretch the axis to 1e30: keep it to 100x the start
        start = [c.values[0] for c in curves if np.isfinite(c.values[0]) and c.values[0] > 0]
        top = min(positive.max() * 2, 100 * max(start, default=positive.max()))
        lax.set_ylim(max(positive.min(), top * 1e-16) / 2, top)
    lax.set_xlim(0, steps)
    lax.set_xlabel("step $t$")
    lax.set_ylabel(r"$f - f^\star$" if min_value else "loss")
    lax.grid(True, alpha=0.3)
    lax.set_box_aspect(box_aspect)
    return curves


def _check_legend(value):
    """A legend location: "outside" (below the figure), one of matplotlib's names, or an
    (x, y) pair in axes coordinates."""
    if isinstance(value, str) and (value in Legend.codes or value == "outside"):
        return value
    if not isinstance(value, str) and np.ndim(value) == 1 and len(value) == 2:
        return tuple(check_finite("legend", v) for v in value)
    raise ValueError(f"legend must be one of {['outside', *Legend.codes]} or (x, y), got {value!r}")


def _legend_columns(labels, width_in):
    """How many legend entries fit side by side in a figure ``width_in`` inches wide."""
    longest = max(len(re.sub(r"\\[a-zA-Z]+|[$_{}]", "x", text)) for text in labels)
    per_entry = 0.075 * longest + 0.5  # inches, at 10 pt: the text and the handle
    return int(max(1, min(len(labels), width_in // per_entry)))


def animate(
    surface,
    trajectories,
    *,
    layout="overlay",
    labels=None,
    colors=None,
    loss=False,
    state=False,
    tangent=True,
    max_frames=90,
    fps=12,
    title=None,
    panel_titles=None,
    figsize=None,
    min_value=None,
    dpi=200,
    legend="outside",
    extent=None,
):
    r"""Animate trajectories on a surface: one frame per step (or per few steps).

    Parameters
    ----------
    surface : surface or problem of dimension 1 or 2
    trajectories : Trajectory or list of Trajectory
        From :func:`descent.run`, at least one, each of the surface's dimension; each may hold
        many starts (drawn in the same colour).
    layout : {"overlay", "panels", "column"}, default "overlay"
        How the trajectories share the figure (see *Layouts* below).
    labels, colors : list of str, optional
        One per trajectory. Default: from each trajectory's optimizer (:func:`~descent.plot.label`,
        :func:`~descent.plot.color`).
    loss : bool or {"right", "below"}
        Add a panel of the loss against the step (log scale), filled in as the runs go: to the
        right of the surface (``True`` or ``"right"``), or below it (``"below"``, for a figure
        that sits beside an equation). With ``layout="column"`` it always goes below.
    state : bool
        Draw what the optimizer remembers (runs need ``record_state=True``): momentum's
        velocity as an arrow :math:`-\alpha v_t` at the current point; an adaptive method's
        per-coordinate learning rate :math:`\alpha/(\sqrt{s}+\varepsilon)` as text.
    tangent : bool
        On a 1D surface, draw the tangent line at the current point.
    max_frames : int
        At most this many frames (at least 1): long runs are subsampled evenly (first and last
        kept).
    fps : float
        Frames per second of the saved video (positive).
    title : str, optional
        A title over the whole figure.
    panel_titles : list of str, optional
        One title per surface panel (one for ``"overlay"``, one per trajectory otherwise).
        Default: each trajectory's label in its colour, for ``"panels"`` and ``"column"``
        and for a single trajectory.
    figsize : (float, float), optional
        Default: sized to be read at about 500 px wide per panel, following the panel's
        aspect ratio.
    min_value : float, optional
        Subtract from the loss in the loss panel (default: the surface's ``min_value``, or 0).
    dpi : float, default 200
        Resolution of the figure, hence of the saved video (sharp on a 1280 px wide page).
    legend : str or (float, float), default "outside"
        Where the legend of an overlay of several trajectories goes: ``"outside"``, under the
        figure, clear of the data (the figure is made taller for it); or a matplotlib ``loc``
        inside the surface panel, for a run that leaves that corner empty.
    extent : tuple, optional
        The plotting window, ``(x0, x1, y0, y1)`` in 2D or ``(x0, x1)`` in 1D, instead of the
        surface's own ``extent`` (which is left as it is). A start that leaves this window is
        drawn leaving it.

    Returns
    -------
    TrajectoryAnimation

    Notes
    -----
    Any argument out of its range raises a ``ValueError`` that names it: no trajectories, one
    of another dimension than the surface, a surface that is not 1D or 2D, an unknown
    ``layout`` or ``loss``, ``state=True`` without recorded states, a non-positive ``fps``,
    ``dpi`` or ``figsize``, a bad ``extent``...

    **Layouts.** Every surface panel has the surface (contours in 2D, the curve in 1D, the
    minima starred) and, per trajectory, its trail and a dot per start (:class:`Trail`).

    ``"overlay"``
        All trajectories on one surface panel: a race from the same start, or the same
        optimizer from many starts. A legend names the runs (when there are several) and a
        step counter sits at the top left; a single run gets its own readout instead (step,
        loss; θ, J(θ) and the slope in 1D). Use it when the paths stay apart enough to be
        told apart by colour.
    ``"panels"``
        One surface panel per trajectory, side by side, each titled with the run's label in
        its colour and with its own readout (and its state, with ``state=True``). Use it when
        the paths would overlap, or to show each optimizer's state; more than two panels are
        too wide for a column beside the text.
    ``"column"``
        As ``"panels"``, stacked top to bottom, the loss panel (if any) underneath. Use it
        for a figure beside an equation, where the width is short and the height is not.

    Examples
    --------
    >>> import numpy as np
    >>> import descent
    >>> from descent.surfaces import ALL
    >>> bowl, start = ALL["elongated"], np.array([-5.0, 2.0])
    >>> opt = descent.Momentum(lr=0.02)
    >>> traj = descent.run(opt, bowl, start, 200, record_state=True)
    >>> anim = animate(bowl, traj, state=True, loss=True, max_frames=60)
    >>> len(anim.frames), len(anim.fig.axes)
    (60, 2)
    >>> anim.save("momentum.mp4")  # doctest: +SKIP

    The three layouts of two runs, with a loss panel: one surface panel and the loss beside
    it; two panels and the loss in a row; the same stacked in a column.

    >>> opts = descent.GradientDescent(lr=0.07), descent.Momentum(lr=0.02)
    >>> runs = [descent.run(o, bowl, start, 20) for o in opts]
    >>> for layout in LAYOUTS:
    ...     fig = animate(bowl, runs, layout=layout, loss=True, dpi=50).fig
    ...     print(layout, fig.get_size_inches().round(1), len(fig.axes))
    overlay [9.2 3.2] 2
    panels [13.8  2.7] 3
    column [4.6 7.9] 3
    """
    check_dim(surface, (1, 2), "to animate")
    trajectories = check_trajectories(trajectories, surface)
    layout = check_one_of("layout", layout, LAYOUTS)
    loss = check_one_of("loss", loss, (False, True, "right", "below"))
    if state and all(t.states is None for t in trajectories):
        raise ValueError("state=True needs trajectories run with record_state=True")
    max_frames = check_positive_int("max_frames", max_frames)
    fps = check_fps(fps)
    dpi = check_positive("dpi", dpi)
    figsize = check_figsize(figsize)
    legend = _check_legend(legend)
    extent = plot_extent(surface, extent)
    labels, colors = _labels_and_colors(trajectories, labels, colors)
    if min_value is None:
        min_value = surface.min_value if np.isfinite(getattr(surface, "min_value", np.nan)) else 0
    else:
        min_value = check_finite("min_value", min_value)
    steps = max(t.updates for t in trajectories)
    frames = np.unique(np.linspace(0, steps, min(steps + 1, max_frames)).round().astype(int))

    column = layout == "column"
    side_by_side = layout != "overlay"  # one surface panel per trajectory
    vertical = column or loss == "below"
    n_panels = len(trajectories) if side_by_side else 1
    if panel_titles is not None and (
        isinstance(panel_titles, str) or len(panel_titles) != n_panels
    ):
        raise ValueError(
            f"panel_titles must have one entry per surface panel ({n_panels}), got {panel_titles!r}"
        )
    n_axes = n_panels + bool(loss)
    # sized to be read at about 500 px wide, beside an equation
    width, height = (4.6, 4.0) if surface.dim == 2 else (5.0, 3.4)
    x0, x1, *ys = extent
    if surface.dim == 2:  # follow the panel's aspect ratio: the axes are about 0.7 in
        # narrower than the figure (the y label and ticks), 0.75 in of height is text
        height = min(4.6, max(2.4, (width - 0.7) * (ys[1] - ys[0]) / (x1 - x0) + 0.75))
    heights = [height] * n_panels + [0.55 * width] * bool(loss)  # stacked, in inches
    if figsize is None:
        figsize = (width, sum(heights)) if vertical else (width * n_axes, height)
        if legend == "outside" and not side_by_side and len(trajectories) > 1:
            rows = -(-len(trajectories) // _legend_columns(labels, figsize[0]))
            figsize = (figsize[0], figsize[1] + 0.25 + 0.22 * rows)
    shape = (n_axes, 1) if vertical else (1, n_axes)
    ratios = {"height_ratios": heights} if vertical else {}
    with rc_context():
        fig, axes = plt.subplots(
            *shape,
            figsize=figsize,
            dpi=dpi,
            layout="constrained",
            squeeze=False,
            gridspec_kw=ratios,
        )
        axes = list(axes.ravel())
        panels = axes[:n_panels]
        for i, ax in enumerate(panels):
            if surface.dim == 2:
                contour(surface, ax, extent=extent)
            else:
                curve(surface, ax, extent=extent)
            if panel_titles is not None:
                ax.set_title(panel_titles[i], fontsize=FONTSIZE["title"])
            elif side_by_side:
                ax.set_title(labels[i], fontsize=FONTSIZE["title"], color=colors[i])
        if title:
            fig.suptitle(title)

        # the moving things, in the order they are drawn: per trajectory, then the counter
        updaters, trails = [], []
        readouts = side_by_side or len(trajectories) == 1  # else a step counter does
        for i, (traj, c) in enumerate(zip(trajectories, colors, strict=True)):
            ax = panels[i if side_by_side else 0]
            marker = MARKERS.get(type(traj.optimizer).__name__, "o")
            # in an overlay the legend says when each run left: labels on the edge would collide
            trail = Trail(ax, traj, surface, c, extent, marker, label_exits=readouts)
            trails.append(trail)
            updaters.append(trail)
            if readouts:
                updaters.append(Readout(ax, traj, surface, c, trail))
            if surface.dim == 1 and tangent:
                updaters.append(Tangent(ax, traj, surface, c, extent))
            if state and traj.states is not None:
                if hasattr(traj.states, "velocity"):
                    updaters.append(VelocityArrow(ax, traj, c, trail))
                elif hasattr(traj.optimizer, "effective_lr"):
                    updaters.append(LearningRateReadout(ax, traj, surface, c))
        if not readouts:
            updaters.append(StepCounter(panels[0]))
        if not side_by_side and len(trajectories) > 1:
            labels = [
                f"{text}, leaves at step {t.left_at[0]}"
                if t.n_starts == 1 and t.left_at[0] >= 0
                else text
                for text, t in zip(labels, trails, strict=True)
            ]
        if not side_by_side and len(trajectories) > 1 and legend == "outside":
            fig.legend(
                [t.head for t in trails],
                labels,
                loc="outside lower center",
                ncols=_legend_columns(labels, fig.get_figwidth()),
                fontsize=FONTSIZE["legend"],
                frameon=False,
            )
        elif not side_by_side and len(trajectories) > 1:
            panels[0].legend(
                [t.head for t in trails], labels, loc=legend, fontsize=FONTSIZE["legend"]
            )
        elif len(trajectories) == 1 and panel_titles is None and not title:
            panels[0].set_title(labels[0], fontsize=FONTSIZE["title"], color=colors[0])
        if loss:
            aspect = 0.5 if vertical else 1 if surface.dim == 2 else 0.75
            updaters += _loss_panel(axes[-1], trajectories, colors, min_value, steps, aspect)

    def update(t):
        return [artist for updater in updaters for artist in updater(t)]

    artists = update(0)
    anim = TrajectoryAnimation(fig, update, frames, artists, fps)
    anim.updaters = updaters  # the movers, for a script (or a test) to reach their artists
    return anim
