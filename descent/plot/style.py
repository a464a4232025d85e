r"""The house style of every figure: one colour per optimizer, legend labels, axis symbols.

Every figure of the site takes its colours, labels and the look of its shared pieces (the star
on a minimum, the white box behind a readout, the font sizes, line widths, grid and spines)
from here, so that one change restyles them all. A gallery script calls :func:`use_style`
first; the library's own plots draw inside :func:`rc_context`.

**The palette.** Seven optimizers, seven colours (:data:`COLORS`), taken from Paul Tol's
qualitative schemes (Tol, "Colour Schemes", SRON/EPS/TN/09-002, 2021: *vibrant* blue, *bright*
purple, *muted* olive and green) and Okabe & Ito's ("Color Universal Design", 2008: vermillion,
bluish green, reddish purple). They are chosen so that

* every colour has a contrast ratio of at least 3:1 (WCAG 2.1's minimum for graphics) both
  against white and against the page's dark background ``#121212``: a line or a playground
  swatch stays visible in light and in dark mode. That rules out black, Okabe & Ito's yellow
  (1.3:1 on white), orange and sky blue, and Tol's cyan;
* every two colours stay apart (CIELAB distance at least 14, most pairs above 20) for normal
  vision and as seen with protanopia, deuteranopia and tritanopia (Machado, Oliveira &
  Fernandes 2009); the pairs most often drawn together (gradient descent and momentum,
  momentum and Nesterov, RMSProp and Adam, Adam and AdamW) are the farthest apart;
* each optimizer also has its own marker (:data:`MARKERS`), a second channel for a reader who
  cannot tell two colours apart, or a print in grey.

**Text size.** Text is at least :data:`MIN_TEXT_PX` pixels high where the figure is shown. A
figure ``w`` inches wide shown ``p`` pixels wide draws a font of ``s`` points at
``s / 72 * p / w`` pixels, whatever its dpi, so it needs ``s >= 720 w / p`` (:func:`min_font_pt`):
a 4.8 in figure needs 6.5 pt in a 530 px beside column and 9.6 pt on a 360 px phone. Every
size in :data:`~descent.plot.style.RC` is 10 pt, which covers figures up to 5 in wide on a phone
(:data:`MAX_WIDTH`) and up to 7.3 in in a beside column.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> from descent import Momentum
>>> with rc_context():
...     fig, ax = plt.subplots()
...     style = {"color": color(Momentum), "label": label(Momentum(lr=0.1))}
...     (line,) = ax.plot([0, 1], [1, 0], **style)
>>> line.get_color(), line.get_label()
('#D55E00', 'Momentum ($\\alpha$=0.1)')
"""

from __future__ import annotations

import dataclasses
import itertools

import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib import colors as mcolors

__all__ = [
    "COLORS",
    "DIVERGED",
    "EXTRA",
    "FONTSIZE",
    "GREY",
    "MARKERS",
    "MAX_WIDTH",
    "MINIMUM",
    "MIN_TEXT_PX",
    "RC",
    "REFERENCE",
    "SCHEDULE_COLORS",
    "SGD",
    "SYMBOLS",
    "TEXT_BOX",
    "categorical",
    "color",
    "label",
    "marker",
    "min_font_pt",
    "ordered",
    "rc_context",
    "use_style",
]

#: One colour per optimizer, by class name (Tol's and Okabe & Ito's; see the module's notes).
COLORS = {
    "GradientDescent": "#0077BB",  # Tol vibrant blue
    "Momentum": "#D55E00",  # Okabe-Ito vermillion
    "Nesterov": "#AA3377",  # Tol bright purple
    "AdaGrad": "#999933",  # Tol muted olive
    "RMSProp": "#009E73",  # Okabe-Ito bluish green
    "Adam": "#CC79A7",  # Okabe-Ito reddish purple
    "AdamW": "#117733",  # Tol muted green
}
#: One marker per optimizer (the dot of an animation, a legend's handle): a second channel.
MARKERS = {
    "GradientDescent": "o",
    "Momentum": "s",
    "Nesterov": "D",
    "AdaGrad": "^",
    "RMSProp": "v",
    "Adam": "P",
    "AdamW": "X",
}
#: Colours for runs whose optimizer has none in :data:`COLORS` (or a second run of one):
#: a mid grey and Tol's bright red, also 3:1 against white and ``#121212``.
EXTRA = ["#808080", "#EE6677"]

#: Data that is not a run: measured points, a noisy gradient, a histogram (light grey).
GREY = "#999999"
#: A reference line (a theory's prediction, the true value, an asymptote): dark grey, dashed.
REFERENCE = "#444444"
#: What marks a diverged run or a rate past the stability limit (Tol's vibrant red).
DIVERGED = "#CC3311"

#: The colour of gradient descent on mini-batches (SGD, not an optimizer of its own), Tol's
#: vibrant orange, apart from gradient descent's blue that it is drawn against.
SGD = "#EE7733"


#: One colour per learning-rate schedule, by class name of :mod:`descent.schedules` (and
#: ``"constant"`` for a fixed rate), from the same palette, so that a schedule has one colour in
#: every figure; the warmup's :class:`~descent.schedules.LinearLR` is apart from the decays.
#: Used as ``SCHEDULE_COLORS[type(schedule).__name__]``.
SCHEDULE_COLORS = {
    "constant": "#0077BB",  # Tol vibrant blue
    "StepLR": "#D55E00",  # Okabe-Ito vermillion
    "ExponentialLR": "#009E73",  # Okabe-Ito bluish green
    "CosineAnnealingLR": "#AA3377",  # Tol bright purple
    "LinearLR": "#999933",  # Tol muted olive
}


def categorical(n):
    """``n`` colours for things that are not optimizers and have no order (conventions; a
    schedule has its own in :data:`SCHEDULE_COLORS`): the palette, most distinct first.

    Examples
    --------
    >>> categorical(2)
    ['#0077BB', '#D55E00']
    """
    order = ["GradientDescent", "Momentum", "RMSProp", "Adam", "AdaGrad", "Nesterov", "AdamW"]
    if not 1 <= n <= len(order):
        raise ValueError(f"n must be between 1 and {len(order)}, got {n!r}")
    return [COLORS[name] for name in order[:n]]


def ordered(n):
    """``n`` colours for ordered values (batch sizes, β's, learning rates): viridis from dark
    blue to green, stopping short of its light end (too pale on white).

    Examples
    --------
    >>> ordered(3)
    ['#471365', '#2f6c8e', '#2fb47c']
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n!r}")
    return [mcolors.to_hex(plt.cm.viridis(v)) for v in np.linspace(0.05, 0.65, n)]


#: The symbol of each hyperparameter in labels (LaTeX, without the dollars).
SYMBOLS = {
    "lr": r"\alpha",
    "beta": r"\beta",
    "beta1": r"\beta_1",
    "beta2": r"\beta_2",
    "eps": r"\varepsilon",
    "weight_decay": r"\lambda",
}

#: The smallest height of text, in pixels where the figure is shown.
MIN_TEXT_PX = 10
#: The widest figure (inches) whose 10 pt text is still 10 px on a 360 px phone.
MAX_WIDTH = 5.0


def min_font_pt(width_in, shown_px=360, min_px=MIN_TEXT_PX):
    """The smallest font size (points) readable at ``min_px`` on a figure shown ``shown_px`` wide.

    A font of ``s`` points is ``s * dpi / 72`` pixels in a figure ``width_in * dpi`` pixels
    wide; shown ``shown_px`` wide it is scaled by ``shown_px / (width_in * dpi)``: the dpi
    cancels.

    Examples
    --------
    >>> round(min_font_pt(4.8, 530), 1)  # 4.8 in wide, beside an equation
    6.5
    >>> round(min_font_pt(4.8, 360), 1)  # the same on a phone
    9.6
    >>> round(min_font_pt(6.4, 530), 1)  # matplotlib's default width, beside
    8.7
    """
    return min_px * 72 * width_in / shown_px


#: Font sizes, in points: a panel's title, a legend, the step counter, a readout on the data.
FONTSIZE = {"title": 10, "legend": 10, "counter": 10, "readout": 10}

#: The rcParams every figure of the site is drawn with (:func:`rc_context`, :func:`use_style`):
#: 10 pt text everywhere (see :func:`min_font_pt`), the palette as the colour cycle, lines
#: wide enough to tell colours apart, a light grid, no top and right spines, a legend on a
#: near-opaque white frame.
RC: dict = {
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.labelsize": 10,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.title_fontsize": 10,
    "figure.titlesize": 11,
    "figure.labelsize": 10,
    "mathtext.fontset": "dejavusans",
    "axes.prop_cycle": cycler(color=list(COLORS.values())),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.8,
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#222222",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "axes.grid": False,
    "grid.color": "#b0b0b0",
    "grid.alpha": 0.35,
    "grid.linewidth": 0.6,
    "lines.linewidth": 1.8,
    "lines.markersize": 5,
    "legend.frameon": True,
    "legend.framealpha": 0.92,
    "legend.edgecolor": "#cccccc",
    "legend.fancybox": False,
    "legend.borderaxespad": 0.4,
    "legend.handlelength": 1.8,
    "legend.columnspacing": 1.2,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
}

#: How a global minimum is marked: a white star outlined in black, above the paths.
MINIMUM = {
    "marker": "*",
    "ms": 13,
    "color": "white",
    "mec": "black",
    "mew": 1.0,
    "zorder": 4,
    "linestyle": "none",
}

#: The box behind text drawn over data: white, borderless, slightly see-through.
TEXT_BOX = {"fc": "white", "ec": "none", "alpha": 0.85, "pad": 0.25, "boxstyle": "square"}


def rc_context():
    """A context manager that applies the site's rcParams (:data:`~descent.plot.style.RC`) to
    the figures made in it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with rc_context():
    ...     fig, ax = plt.subplots()
    ...     text = ax.set_title("a title")
    >>> text.get_fontsize() >= min_font_pt(MAX_WIDTH)
    True
    """
    return plt.rc_context(RC)


def use_style():
    """Apply the site's rcParams (:data:`~descent.plot.style.RC`) for the rest of the session:
    a gallery script's first line, so that the page and ``python plot_x.py`` look the same
    (sphinx-gallery resets matplotlib before each script).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with plt.rc_context():  # only to leave the doctest session as it was
    ...     use_style()
    ...     plt.rcParams["legend.fontsize"], plt.rcParams["axes.spines.top"]
    (10.0, False)
    """
    plt.rcParams.update(RC)


def _name(opt):
    return opt if isinstance(opt, str) else getattr(opt, "__name__", type(opt).__name__)


def marker(opt) -> str:
    """The site-wide marker of an optimizer (an instance, a class or a class name).

    Examples
    --------
    >>> from descent import Adam
    >>> marker(Adam()), marker("Momentum")
    ('P', 's')
    """
    color(opt)  # the same check
    return MARKERS[_name(opt)]


def color(opt) -> str:
    """The site-wide colour of an optimizer (an instance, a class or a class name).

    Examples
    --------
    >>> from descent import Adam
    >>> color(Adam()), color("Momentum")
    ('#CC79A7', '#D55E00')
    """
    name = _name(opt)
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
    if not dataclasses.is_dataclass(opt) or isinstance(opt, type):
        raise ValueError(f"opt must be an optimizer instance, got {opt!r}")
    parts = []
    for field in dataclasses.fields(opt):
        key, value = field.name, getattr(opt, field.name)
        if key != "lr" and isinstance(value, (bool, int, float)) and value == field.default:
            continue  # the class's own default goes without saying
        if key == "bias_correction":
            parts.append("no bias correction")
        elif callable(value):
            parts.append(rf"${SYMBOLS[key]}$={type(value).__name__}")
        elif np.ndim(value):
            parts.append(rf"${SYMBOLS.get(key, key)}$=grid")
        else:
            parts.append(rf"${SYMBOLS.get(key, key)}$={value:.3g}")
    name = type(opt).__name__
    return f"{name} ({', '.join(parts)})" if parts else name


def _labels_and_colors(trajectories, labels, colors):
    """One legend label and one colour per trajectory: the given ones, or its optimizer's."""
    n = len(trajectories)
    if labels is None:
        labels = [
            label(t.optimizer) if t.optimizer is not None else f"run {i}"
            for i, t in enumerate(trajectories)
        ]
    if colors is None:
        colors, spare = [], itertools.cycle(EXTRA + list(COLORS.values()))
        for t in trajectories:
            name = type(t.optimizer).__name__
            c = COLORS.get(name, next(spare))
            colors.append(next(spare) if c in colors else c)
    if isinstance(labels, str) or len(labels) != n:
        raise ValueError(f"labels must have one entry per trajectory ({n}), got {labels!r}")
    if isinstance(colors, str) or len(colors) != n:
        raise ValueError(f"colors must have one entry per trajectory ({n}), got {colors!r}")
    return list(labels), list(colors)


def _plain(symbol):
    """A LaTeX axis symbol as plain text (cheap to redraw every frame)."""
    return {r"\theta": "θ"}.get(symbol, symbol.replace("_", "").replace("{", "").replace("}", ""))
