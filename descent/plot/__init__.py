r"""Plots and animations of surfaces and trajectories, used by every figure of the site.

* :func:`contour` and :func:`curve` draw a surface (2D and 1D) with its minima marked;
* :func:`paths` and :func:`loss_curves` draw finished trajectories;
* :func:`animate` returns a :class:`TrajectoryAnimation` of one or more trajectories on a
  surface (one panel each, or all in one), with a step counter, the current loss, optionally a
  loss panel and the optimizer's internal state (momentum's velocity, an adaptive method's
  per-coordinate learning rate); 1D surfaces get the tangent line at the current point.

Every optimizer has one colour, used everywhere on the site
(:data:`~descent.plot.style.COLORS`, from Tol's and Okabe & Ito's colour-blind-safe palettes,
readable on a light and a dark page) and one marker. A
diverged run is drawn as a path leaving the frame and labelled as diverged; nothing raises.

One module per concern, all of whose public names are here too:

* :mod:`descent.plot.style`: the palette, legend labels, symbols and the shared look;
* :mod:`descent.plot.static`: surfaces and finished trajectories;
* :mod:`descent.plot.animation`: :func:`animate` and the per-artist updaters it composes;
* :mod:`descent.plot.video`: the blitting animation that pipes its frames to ffmpeg or Pillow.

Examples
--------
>>> import numpy as np
>>> import descent
>>> from descent.surfaces import ALL
>>> bowl = ALL["elongated"]
>>> opts = descent.GradientDescent(lr=0.07), descent.Momentum(lr=0.02)
>>> runs = [descent.run(o, bowl, np.array([-5.0, 2.0]), 40) for o in opts]
>>> anim = descent.plot.animate(bowl, runs, layout="panels")
>>> len(anim.frames), len(anim.fig.axes)
(41, 2)
"""

from . import style
from .animation import animate
from .static import contour, curve, loss_curves, paths
from .style import COLORS, color, label, marker, use_style
from .video import TrajectoryAnimation

__all__ = [
    "COLORS",
    "TrajectoryAnimation",
    "animate",
    "color",
    "contour",
    "curve",
    "label",
    "loss_curves",
    "marker",
    "paths",
    "style",
    "use_style",
]
