"""Animated trajectories on a surface: :func:`animate` and the updaters it composes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .._checks import check_positive_int
from .static import _nan_joined, _plot_coordinates, _starts, contour, curve
from .style import _plain, _style
from .video import TrajectoryAnimation

__all__ = ["animate"]


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
    legend="upper right",
):
    r"""Animate trajectories on a surface: one frame per step (or per few steps).

    Parameters
    ----------
    surface : surface or problem of dimension 1 or 2
    trajectories : Trajectory or list of Trajectory
        From :func:`descent.run`; each may hold many starts (drawn in the same colour).
    layout : {"overlay", "panels"}
        All trajectories on one plot (a race), or one panel each, side by side.
    labels, colors : list of str, optional
        Default: from each trajectory's optimizer (:func:`label`, :func:`color`).
    loss : bool or {"right", "below"}
        Add a panel of the loss against the step (log scale), filled in as the runs go: to the
        right of the surface (``True``), or below it (``"below"``, for a figure that sits
        beside an equation).
    state : bool
        Draw what the optimizer remembers (runs need ``record_state=True``): momentum's
        velocity as an arrow :math:`-\alpha v_t` at the current point; an adaptive method's
        per-coordinate learning rate :math:`\alpha/(\sqrt{s}+\varepsilon)` as text.
    tangent : bool
        On a 1D surface, draw the tangent line at the current point.
    max_frames : int
        At most this many frames: long runs are subsampled evenly (first and last kept).
    fps : float
        Frames per second of the saved video.
    title, panel_titles : str, list of str, optional
    figsize : (float, float), optional
    min_value : float, optional
        Subtract from the loss in the loss panel (default: the surface's ``min_value``, or 0).
    dpi : float, default 200
        Resolution of the figure, hence of the saved video (sharp on a 1280 px wide page).
    legend : str, default "upper right"
        Where the legend of an overlay goes (a matplotlib ``loc``).

    Returns
    -------
    TrajectoryAnimation

    Examples
    --------
    >>> import numpy as np
    >>> import descent
    >>> from descent.surfaces import ALL
    >>> opt = descent.Momentum(lr=0.02)
    >>> traj = descent.run(opt, ALL["elongated"], np.array([-5.0, 2.0]), 200, record_state=True)
    >>> anim = animate(ALL["elongated"], traj, state=True, loss=True, max_frames=60)
    >>> len(anim.frames), len(anim.fig.axes)
    (60, 2)
    >>> anim.save("momentum.mp4")  # doctest: +SKIP
    """
    from ..runs import Trajectory

    if isinstance(trajectories, Trajectory):
        trajectories = [trajectories]
    trajectories = list(trajectories)
    if not trajectories:
        raise ValueError("trajectories must hold at least one Trajectory")
    if layout not in ("overlay", "panels", "column"):
        raise ValueError(f"layout must be 'overlay', 'panels' or 'column', got {layout!r}")
    if surface.dim not in (1, 2):
        raise ValueError(f"surface must be 1D or 2D to animate, got dim={surface.dim}")
    if state and all(t.states is None for t in trajectories):
        raise ValueError("state=True needs trajectories run with record_state=True")
    max_frames = check_positive_int("max_frames", max_frames)
    labels, colors = _style(trajectories, labels, colors)
    steps = max(t.updates for t in trajectories)
    frames = np.unique(np.linspace(0, steps, min(steps + 1, max_frames)).round().astype(int))
    if min_value is None:
        min_value = surface.min_value if np.isfinite(getattr(surface, "min_value", np.nan)) else 0

    column = layout == "column"
    if column:
        layout = "panels"
    if loss not in (False, True, "right", "below"):
        raise ValueError(f"loss must be True, False, 'right' or 'below', got {loss!r}")
    vertical = column or loss == "below"
    n_panels = len(trajectories) if layout == "panels" else 1
    n_axes = n_panels + bool(loss)
    if figsize is None:  # sized to be read at about 500 px wide, beside an equation
        width, height = (4.6, 4.0) if surface.dim == 2 else (5.0, 3.4)
        x0, x1, *ys = surface.extent
        if surface.dim == 2:  # follow the panel's aspect ratio
            height = min(4.6, max(2.4, width * (ys[1] - ys[0]) / (x1 - x0) + 0.9))
        if vertical:
            heights = [height] * n_panels + [0.55 * width] * bool(loss)
            figsize = (width, sum(heights))
        else:
            figsize = (width * n_axes, height)
    shape = (n_axes, 1) if vertical else (1, n_axes)
    ratios = {"height_ratios": [1.0] * n_panels + [0.55] * bool(loss)} if vertical else {}
    fig, axes = plt.subplots(
        *shape, figsize=figsize, dpi=dpi, layout="constrained", squeeze=False, gridspec_kw=ratios
    )
    axes = list(axes.ravel())
    panels = axes[:n_panels]
    for i, ax in enumerate(panels):
        contour(surface, ax) if surface.dim == 2 else curve(surface, ax)
        if panel_titles is not None:
            ax.set_title(panel_titles[i], fontsize=10)
        elif layout == "panels":
            ax.set_title(labels[i], fontsize=10, color=colors[i])
    if title:
        fig.suptitle(title)

    movers = []  # (update(frame) -> artists)
    artists = []
    for i, (traj, c, name) in enumerate(zip(trajectories, colors, labels, strict=True)):
        ax = panels[i if layout == "panels" else 0]
        show_loss = layout == "panels" or len(trajectories) == 1
        movers.append(
            _Mover(ax, surface, traj, c, name, state=state, tangent=tangent, show_loss=show_loss)
        )
        artists += movers[-1].artists
    counter = None  # the step counter, unless every panel shows "step t, loss" already
    if not all(m.loss_text is not None for m in movers):
        counter = panels[0].text(
            0.02,
            0.98,
            "",
            transform=panels[0].transAxes,
            va="top",
            fontsize=9,
            zorder=8,
            bbox={"fc": "white", "ec": "none", "alpha": 0.8},
        )
        artists.append(counter)
    if layout == "overlay" and len(trajectories) > 1:
        handles = [m.head for m in movers]
        panels[0].legend(handles, [m.name for m in movers], loc=legend, fontsize=8, framealpha=0.9)
    elif len(trajectories) == 1 and panel_titles is None and not title:
        panels[0].set_title(labels[0], fontsize=10, color=colors[0])
    if loss:
        lax = axes[-1]
        loss_lines = []
        for traj, c in zip(trajectories, colors, strict=True):
            values = np.median(traj.loss.reshape(len(traj.loss), -1), axis=1) - min_value
            (line,) = lax.plot([], [], color=c, lw=1.8)
            loss_lines.append((line, values))
            artists.append(line)
        every = np.concatenate([v for _, v in loss_lines])
        positive = every[np.isfinite(every) & (every > 0)]
        lax.set_yscale("log")
        if len(positive):
            # a diverging run would stretch the axis to 1e30: keep it to 100x the start
            start = [v[0] for _, v in loss_lines if np.isfinite(v[0]) and v[0] > 0]
            top = min(positive.max() * 2, 100 * max(start, default=positive.max()))
            lax.set_ylim(max(positive.min(), top * 1e-16) / 2, top)
        lax.set_xlim(0, steps)
        lax.set_xlabel("step $t$")
        lax.set_ylabel(r"$f - f^\star$" if min_value else "loss")
        lax.grid(True, alpha=0.3)
        lax.set_box_aspect(0.5 if vertical else 1 if surface.dim == 2 else 0.75)

    def update(t):
        drawn = []
        for mover in movers:
            drawn += mover.update(t)
        if counter is not None:
            counter.set_text(f"step {t}")
            drawn.append(counter)
        if loss:
            for line, values in loss_lines:
                upto = min(t, len(values) - 1)
                line.set_data(np.arange(upto + 1), np.maximum(values[: upto + 1], 1e-300))
                drawn.append(line)
        return drawn

    update(0)
    return TrajectoryAnimation(fig, update, frames, artists, fps)


class _Mover:
    """The moving artists of one trajectory: trail, head, loss text, state and tangent."""

    def __init__(self, ax, surface, traj, c, name, *, state, tangent, show_loss):
        self.ax, self.surface, self.traj, self.name = ax, surface, traj, name
        self.one_d = surface.dim == 1
        path = traj.path
        path = _plot_coordinates(path, surface)
        self.xy = path
        self.K = _starts(path).shape[1]
        # A start that leaves the frame for good (a diverging one) is drawn until it leaves,
        # then stops there: its line runs off the edge instead of criss-crossing the picture.
        lo, hi = np.reshape(surface.extent, (-1, 2)).T
        p2 = _starts(traj.path)
        inside = np.all((p2 >= lo) & (p2 <= hi), axis=-1)  # (T, K)
        last_inside = len(p2) - 1 - np.argmax(inside[::-1], axis=0)
        self.left_at = np.where(last_inside < len(p2) - 1, last_inside + 1, -1)  # -1: stays
        self.stop = np.where(self.left_at >= 0, self.left_at, len(p2) - 1)
        self.state = state and traj.states is not None
        (self.trail,) = ax.plot(
            [], [], "-", color=c, lw=1.4, alpha=0.85, marker=".", ms=3, zorder=3
        )
        (self.head,) = ax.plot([], [], "o", color=c, mec="white", mew=1.0, ms=8, zorder=6)
        self.artists = [self.trail, self.head]
        self.loss_text = None
        if show_loss:
            self.loss_text = ax.text(  # at the top: a video's controls cover the bottom
                0.98,
                0.97,
                "",
                transform=ax.transAxes,
                ha="right",
                va="top",
                fontsize=8,
                color=c,
                zorder=8,
                bbox={"fc": "white", "ec": "none", "alpha": 0.8},
            )
            self.artists.append(self.loss_text)
        self.tangent = None
        if self.one_d and tangent:
            (self.tangent,) = ax.plot([], [], "--", color=c, lw=1.2, zorder=2)
            self.artists.append(self.tangent)
        self.arrows = None
        self.state_text = None
        if self.state:
            opt = traj.optimizer
            if hasattr(traj.states, "velocity"):
                start = _starts(self.xy)[0]
                self.arrows = ax.quiver(
                    start[:, 0],
                    start[:, 1],
                    np.zeros(self.K),
                    np.zeros(self.K),
                    angles="xy",
                    scale_units="xy",
                    scale=1,
                    color=c,
                    width=0.008,
                    zorder=7,
                )
                self.artists.append(self.arrows)
            elif hasattr(opt, "effective_lr"):
                self.state_text = ax.text(
                    0.02,
                    0.86,
                    "",
                    transform=ax.transAxes,
                    fontsize=8,
                    va="top",
                    color=c,
                    bbox={"fc": "white", "ec": "none", "alpha": 0.8},
                )
                self.artists.append(self.state_text)

    def update(self, t):
        t = min(t, len(self.xy) - 1)
        shown = np.minimum(t, self.stop)  # per start: where its drawing stops
        points = _starts(self.xy)[shown, np.arange(self.K)]
        trail = _nan_joined(self.xy, t)
        cut = np.arange(t + 2)[None, :] > shown[:, None]  # (K, t+2): past the stop, or the gap
        cut[:, -1] = True
        trail[cut.ravel()] = np.nan
        self.trail.set_data(*trail.T)
        self.head.set_data(points[:, 0], points[:, 1])
        drawn = [self.trail, self.head]
        if self.loss_text is not None:
            loss = np.median(self.traj.loss.reshape(len(self.traj.loss), -1)[t])
            n_gone = int(np.sum((self.left_at >= 0) & (self.left_at <= t)))
            n_diverged = int(np.sum(self.traj.diverged_at.reshape(-1) >= 0))
            text = f"step {t}   " + ("loss" if self.K == 1 else "median loss") + f" {loss:.3g}"
            if self.one_d and self.K == 1:  # the numbers the 1D picture is about
                theta = float(self.traj.path.reshape(-1)[t])
                slope = float(self.surface.grad(np.array([theta]))[0])
                text = f"step {t}   θ = {theta:.3f}   J(θ) = {loss:.3g}   slope = {slope:.3g}"
            if n_gone and self.K == 1:
                text = f"step {t}   left the frame at step {self.left_at[0]}, loss {loss:.3g}"
            elif n_gone:
                text = f"step {t}   {n_gone} of {self.K} left the frame"
            if n_diverged and t == len(self.xy) - 1:
                text += "   (diverged)" if self.K == 1 else f"   ({n_diverged} diverged)"
            self.loss_text.set_text(text)
            drawn.append(self.loss_text)
        if self.tangent is not None:
            theta = _starts(self.traj.path)[t][:, 0]
            slope = self.surface.grad(theta[:, None])[:, 0]
            value = self.surface(theta[:, None])
            x0, x1 = self.surface.extent
            half = 0.12 * (x1 - x0)
            xs = np.stack([theta - half, theta + half, np.full_like(theta, np.nan)], axis=1)
            ys = np.stack(
                [value - half * slope, value + half * slope, np.full_like(theta, np.nan)], axis=1
            )
            self.tangent.set_data(xs.ravel(), ys.ravel())
            drawn.append(self.tangent)
        if self.arrows is not None:
            opt = self.traj.optimizer
            lr = opt.learning_rate(max(t - 1, 0))
            velocity = self.traj.states.velocity[t].reshape(self.K, -1)
            step = -lr * velocity
            if self.one_d:  # a 1D velocity is drawn along θ, at the ball
                step = np.concatenate([step, np.zeros_like(step)], axis=-1)
            self.arrows.set_offsets(points[:, :2])
            self.arrows.set_UVC(step[:, 0], step[:, 1])
            drawn.append(self.arrows)
        if self.state_text is not None:
            opt = self.traj.optimizer
            state_t = type(self.traj.states)(*(f[t] for f in self.traj.states))
            eff = np.asarray(opt.effective_lr(state_t)).reshape(self.K, -1)[0]
            syms = [_plain(s) for s in self.surface.labels]
            self.state_text.set_text(
                "learning rate per coordinate\n"
                + "\n".join(f"for {s}: {e:.3g}" for s, e in zip(syms, eff, strict=False))
            )
            drawn.append(self.state_text)
        return drawn
