r"""Plots and animations of surfaces and trajectories, used by every figure of the site.

* :func:`contour` and :func:`curve` draw a surface (2D and 1D) with its minima marked;
* :func:`paths` and :func:`loss_curves` draw finished trajectories;
* :func:`animate` returns a :class:`TrajectoryAnimation` of one or more trajectories on a
  surface (one panel each, or all in one), with a step counter, the current loss, optionally a
  loss panel and the optimizer's internal state (momentum's velocity, an adaptive method's
  per-coordinate learning rate); 1D surfaces get the tangent line at the current point.

Every optimizer has one colour, used everywhere on the site (:data:`COLORS`, the Okabe–Ito
palette, safe for colour-blind readers). A diverged run is drawn as a path leaving the frame
and labelled as diverged; nothing raises.

Examples
--------
>>> import numpy as np
>>> import descent
>>> from descent.surfaces import ALL
>>> bowl = ALL["elongated"]
>>> runs = [descent.run(opt, bowl, np.array([-5.0, 2.0]), steps=40)
...         for opt in (descent.GradientDescent(lr=0.07), descent.Momentum(lr=0.02))]
>>> anim = descent.plot.animate(bowl, runs, layout="panels")
>>> len(anim.frames), len(anim.fig.axes)
(41, 2)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colors as mcolors
from matplotlib.animation import FuncAnimation
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ._checks import check_positive_int

__all__ = [
    "COLORS",
    "TrajectoryAnimation",
    "animate",
    "color",
    "contour",
    "curve",
    "label",
    "loss_curves",
    "paths",
]

#: One colour per optimizer (Okabe & Ito's colour-blind-safe palette), by class name.
COLORS = {
    "GradientDescent": "#000000",
    "Momentum": "#E69F00",
    "Nesterov": "#D55E00",
    "AdaGrad": "#009E73",
    "RMSProp": "#56B4E9",
    "Adam": "#0072B2",
    "AdamW": "#CC79A7",
}
_EXTRA = ["#F0E442", "#999999"]
_SYMBOLS = {
    "lr": r"\alpha",
    "beta": r"\beta",
    "beta1": r"\beta_1",
    "beta2": r"\beta_2",
    "eps": r"\varepsilon",
    "weight_decay": r"\lambda",
}


def color(opt) -> str:
    """The site-wide colour of an optimizer (an instance, a class or a class name).

    Examples
    --------
    >>> from descent import Adam
    >>> color(Adam()), color("Momentum")
    ('#0072B2', '#E69F00')
    """
    name = opt if isinstance(opt, str) else getattr(opt, "__name__", type(opt).__name__)
    if name not in COLORS:
        raise ValueError(f"opt must be one of {sorted(COLORS)} (or an instance), got {name!r}")
    return COLORS[name]


def label(opt) -> str:
    r"""A legend label: the optimizer's name and its hyperparameters that differ from defaults.

    Examples
    --------
    >>> from descent import Adam, Momentum
    >>> label(Momentum(lr=0.02, beta=0.9))
    'Momentum ($\\alpha$=0.02)'
    >>> label(Adam(lr=0.1, bias_correction=False))
    'Adam ($\\alpha$=0.1, no bias correction)'
    """
    parts = []
    for field in dataclasses.fields(opt):
        key, value = field.name, getattr(opt, field.name)
        if key != "lr" and isinstance(value, (bool, int, float)) and value == field.default:
            continue  # the class's own default goes without saying
        if key == "bias_correction":
            parts.append("no bias correction")
        elif callable(value):
            parts.append(rf"${_SYMBOLS[key]}$={type(value).__name__}")
        elif np.ndim(value):
            parts.append(rf"${_SYMBOLS.get(key, key)}$=grid")
        else:
            parts.append(rf"${_SYMBOLS.get(key, key)}$={value:.3g}")
    name = type(opt).__name__
    return f"{name} ({', '.join(parts)})" if parts else name


def _grid(surface, n=200):
    x0, x1, y0, y1 = surface.extent
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return X, Y, surface(np.stack([X, Y], axis=-1))


def contour(surface, ax=None, *, levels=20, log=None, fill=True, minima=True, labels=True):
    """Contours of a 2D surface over its ``extent``, its global minima marked with stars.

    Parameters
    ----------
    surface : surface or problem with ``dim == 2``
    ax : matplotlib Axes, optional
    levels : int
        Number of contour levels.
    log : bool, optional
        Space the levels geometrically above the minimum. By default, when the largest value
        is more than ten times the median (Rosenbrock, Beale), linearly otherwise.
    fill, minima, labels : bool
        Shade between levels; mark the minima; label the axes with the surface's symbols.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from descent.surfaces import ALL
    >>> ax = contour(ALL["himmelblau"])
    >>> len(ax.lines[0].get_xdata())  # the four minima, marked
    4
    """
    if surface.dim != 2:
        raise ValueError(f"surface must be 2D for a contour plot, got dim={surface.dim}")
    ax = ax if ax is not None else plt.figure().add_subplot()
    X, Y, Z = _grid(surface)
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
            ax.contourf(X, Y, shade, cmap="Greys", alpha=0.3, **kw)
        ax.contour(X, Y, shade, colors="0.6", linewidths=0.5, **kw)
    else:
        if fill:
            ax.contourf(X, Y, Z, levels=levels, cmap="Greys", alpha=0.3)
        ax.contour(X, Y, Z, levels=levels, colors="0.6", linewidths=0.5)
    if minima and len(surface.minima):
        ax.plot(
            *surface.minima.T,
            "*",
            ms=13,
            color="white",
            mec="black",
            mew=1.0,
            zorder=4,
            label="minimum",
            linestyle="none",
        )
    x0, x1, y0, y1 = surface.extent
    ax.set(xlim=(x0, x1), ylim=(y0, y1))
    ax.set_aspect("equal", adjustable="box")
    if labels:
        ax.set_xlabel(f"${surface.labels[0]}$")
        ax.set_ylabel(f"${surface.labels[1]}$", rotation=0, labelpad=8)
    return ax


def curve(surface, ax=None, *, minima=True, labels=True):
    """A 1D surface as a curve over its ``extent``, its global minima marked.

    Examples
    --------
    >>> from descent.surfaces import ALL
    >>> ax = curve(ALL["bumpy"])
    >>> [float(v) for v in ax.get_xlim()], ax.get_ylabel()
    ([-2.75, 2.65], '$J(\\\\theta)$')
    """
    if surface.dim != 1:
        raise ValueError(f"surface must be 1D for a curve, got dim={surface.dim}")
    ax = ax if ax is not None else plt.figure().add_subplot()
    x0, x1 = surface.extent
    theta = np.linspace(x0, x1, 400)
    values = surface(theta[:, None])
    ax.plot(theta, values, color="0.25", lw=2, zorder=1)
    if minima and len(surface.minima):
        ax.plot(
            surface.minima[:, 0],
            surface(surface.minima),
            "*",
            ms=13,
            color="white",
            mec="black",
            zorder=4,
            linestyle="none",
        )
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
    gap = np.full((1,) + p.shape[1:], np.nan)
    return np.concatenate([p, gap]).transpose(1, 0, 2).reshape(-1, p.shape[-1])


def _style(trajectories, labels, colors):
    n = len(trajectories)
    if labels is None:
        labels = [
            label(t.optimizer) if t.optimizer is not None else f"run {i}"
            for i, t in enumerate(trajectories)
        ]
    if colors is None:
        colors, spare = [], iter(_EXTRA + list(COLORS.values()))
        for t in trajectories:
            name = type(t.optimizer).__name__
            c = COLORS.get(name, next(spare))
            colors.append(next(spare) if c in colors else c)
    if len(labels) != n or len(colors) != n:
        raise ValueError(f"labels and colors must have one entry per trajectory ({n})")
    return list(labels), list(colors)


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

    Examples
    --------
    >>> import numpy as np
    >>> import descent
    >>> from descent.surfaces import ALL
    >>> traj = descent.run(descent.Adam(lr=0.1), ALL["beale"], np.array([1.0, 1.5]), steps=50)
    >>> [line.get_label() for line in paths(contour(ALL["beale"]), [traj])]
    ['Adam ($\\\\alpha$=0.1)']
    """
    trajectories = list(trajectories)
    labels, colors = _style(trajectories, labels, colors)
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

    Examples
    --------
    >>> import numpy as np
    >>> import matplotlib.pyplot as plt
    >>> import descent
    >>> from descent.surfaces import ALL
    >>> runs = [descent.run(o, ALL["rosenbrock"], np.array([-1.0, 1.0]), steps=100)
    ...         for o in (descent.Adam(lr=0.05), descent.Momentum(lr=1e-3))]
    >>> ax = loss_curves(plt.figure().add_subplot(), runs)
    >>> ax.get_yscale(), len(ax.lines)
    ('log', 2)
    """
    trajectories = list(trajectories)
    labels, colors = _style(trajectories, labels, colors)
    for traj, name, c in zip(trajectories, labels, colors, strict=True):
        loss = np.median(traj.loss.reshape(len(traj.loss), -1), axis=1) - min_value
        ax.plot(np.arange(len(loss)), loss, color=c, lw=1.6, label=name)
    ax.set_xlabel("step $t$")
    ax.set_ylabel("loss" if not min_value else r"loss $-$ minimum")
    if log:
        ax.set_yscale("log")
    ax.grid(True, alpha=0.3)
    return ax


class TrajectoryAnimation(FuncAnimation):
    """A :class:`~matplotlib.animation.FuncAnimation` whose ``save`` takes the fast path.

    Everything that does not move is drawn once; each frame only restores that background and
    draws the moving artists (blitting), and the frames are piped straight into ffmpeg (from
    ``imageio-ffmpeg``) for ``.mp4`` or into Pillow for ``.gif``. Other formats, or a figure on
    a non-Agg canvas, fall back to matplotlib's own ``save``.

    Attributes
    ----------
    fig : Figure
    frames : list of int
        The trajectory index shown by each frame.

    Examples
    --------
    Any blitted figure can use the fast path: give it the function that updates the moving
    artists and returns them.

    >>> import numpy as np
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> (dot,) = ax.plot([], [], "o")
    >>> def update(t):
    ...     dot.set_data([np.cos(t / 5)], [np.sin(t / 5)])
    ...     return [dot]
    >>> anim = TrajectoryAnimation(fig, update, range(30), [dot], fps=10)
    >>> frames = [frame.copy() for frame in anim.rgba_frames()]
    >>> len(frames), frames[0].shape[-1]
    (30, 4)
    """

    def __init__(self, fig, update, frames, artists, fps):
        self.fig = fig
        self.frames = list(frames)
        self.fps = fps
        self._update = update
        self._artists = artists
        for artist in artists:
            artist.set_animated(True)
        super().__init__(
            fig,
            update,
            frames=self.frames,
            init_func=lambda: artists,
            blit=True,
            interval=1000 / fps,
            repeat=True,
        )

    def rgba_frames(self, dpi=None, frames=None):
        """Yield each frame (default: all) as an ``(height, width, 4)`` uint8 array.

        The array is a view of the canvas: copy it to keep it past the next frame.
        """
        frames = self.frames if frames is None else list(frames)
        fig = self.fig
        canvas = fig.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            raise TypeError("fast rendering needs an Agg canvas")
        old_dpi = fig.dpi
        if dpi not in (None, "figure"):
            fig.set_dpi(dpi)
        try:
            self._update(frames[0])
            canvas.draw()  # the static background, without the animated artists
            background = canvas.copy_from_bbox(fig.bbox)
            for frame in frames:
                canvas.restore_region(background)
                for artist in self._update(frame):
                    fig.draw_artist(artist)
                yield np.asarray(canvas.buffer_rgba())
        finally:
            fig.set_dpi(old_dpi)

    def save(self, filename, writer=None, fps=None, dpi=None, *args, **kwargs):
        """Save as ``.mp4`` (H.264) or ``.gif`` on the fast path; anything else via matplotlib.

        A GIF keeps at most 30 evenly spaced frames: it is a preview, and sphinx-gallery
        renders one for every animation as its thumbnail.
        """
        path = Path(filename)
        fps = fps or self.fps
        if dpi is None:
            dpi = plt.rcParams["savefig.dpi"]
        fast = isinstance(self.fig.canvas, FigureCanvasAgg) and path.suffix in (".mp4", ".gif")
        if fast and path.suffix == ".mp4":
            try:
                import imageio_ffmpeg
            except ImportError:
                fast = False
        if not fast:
            return super().save(filename, writer, fps, dpi, *args, **kwargs)
        if path.suffix == ".gif":
            # a GIF is a preview (sphinx-gallery's thumbnail): 30 evenly spaced frames at most
            keep = np.unique(np.linspace(0, len(self.frames) - 1, min(30, len(self.frames))))
            frames = self.rgba_frames(dpi, [self.frames[int(i)] for i in keep])
            fps = fps * len(keep) / len(self.frames)  # same duration as the video
        else:
            frames = self.rgba_frames(dpi)
        if path.suffix == ".gif":
            from PIL import Image

            images = [Image.fromarray(f).convert("RGB") for f in frames]
            images[0].save(
                path, save_all=True, append_images=images[1:], loop=0, duration=round(1000 / fps)
            )
            return None
        first = next(frames)
        out = imageio_ffmpeg.write_frames(
            str(path),
            (first.shape[1], first.shape[0]),
            pix_fmt_in="rgba",
            fps=fps,
            codec="libx264",
            pix_fmt_out="yuv420p",
            macro_block_size=1,
            quality=None,
            output_params=[
                "-vf",
                "pad=ceil(iw/2)*2:ceil(ih/2)*2:color=white",
                "-crf",
                "27",
                "-preset",
                "medium",
                "-tune",
                "animation",
                "-movflags",
                "+faststart",
            ],
        )
        out.send(None)
        out.send(first)
        for frame in frames:
            out.send(frame)
        out.close()
        return None


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
    from .runs import Trajectory

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


def _plain(symbol):
    """A LaTeX axis symbol as plain text (cheap to redraw every frame)."""
    return {r"\theta": "θ"}.get(symbol, symbol.replace("_", "").replace("{", "").replace("}", ""))


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
