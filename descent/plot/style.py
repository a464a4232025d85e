r"""The house style of every figure: one colour per optimizer, legend labels, axis symbols.

Every figure of the site takes its colours, labels and the look of its shared pieces (the star
on a minimum, the white box behind a readout, the font sizes, line widths, grid and spines)
from here, so that one change restyles them all. A gallery script calls :func:`use_style`
first; the library's own plots draw inside :func:`rc_context`.

**The palette.** One colour per optimizer of :data:`descent.optimizers.ALL` (:data:`COLORS`).
The seven of the first chapters have seven colours taken from Paul Tol's qualitative schemes
(Tol, "Colour Schemes", SRON/EPS/TN/09-002, 2021: *vibrant* blue, *bright* purple, *muted*
olive and green) and Okabe & Ito's ("Color Universal Design", 2008: vermillion, bluish green,
reddish purple). They are chosen so that

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

**Twenty-two optimizers.** Twenty-two colours cannot all be that far apart at that
luminance: between 3:1 on white and 3:1 on ``#121212`` lies a band of CIELAB lightness about 40
to 60 wide, and a dichromat sees it nearly in two dimensions, too few for 22 points 13 apart.
No figure draws them all, though: a chapter draws its new rules with the few it compares them
against. So the palette is designed by groups drawn together (:data:`DRAWN_TOGETHER`, one per
chapter, each with its references: Adam's family with Adam, AdamW and gradient descent; the
steps without a scale with gradient descent and Adam; the matrix rules and the curvature
rules with gradient descent, momentum and Adam; the averages with gradient descent, momentum
and AdamW): within each group every two colours are at least 13 apart in each vision, in the
light and the dark palette; across groups two colours may be close (Adamax's dark yellow and
AdaGrad's olive are never drawn together), but no two are the same, and every two are at least
10 apart for normal vision (7 in the dark palette; the closest, AdamW's and signSGD's greens,
Signum's and schedule-free AdamW's violets). Each new colour keeps the contrast of the
seven (3:1 on white and on the dark page, its dark twin 4.5:1), and each marker is distinct
within its groups. The
seven colours were kept as they were (every figure of the site uses them); the fifteen new
ones were searched for one at a time, in random orders, among Tol's and Okabe & Ito's named
colours first (Tol's *bright*, *vibrant*, *muted*, *medium-contrast*, *high-contrast* and
*discrete rainbow* schemes) and, where none fits, a grid of CIELAB lightness, chroma and hue;
seven come from the named schemes, eight from the grid. A figure that draws optimizers of two
groups adds a group here, and the tests say whether the palette still holds.

**Dark mode.** Every figure also has a dark variant, drawn on the page's dark background
(:data:`DARK_BACKGROUND`, sphinx-book-theme's ``#121212``) with light text, ticks and spines
(:data:`RC_DARK`). Its colours are not chosen figure by figure: each colour of the light
style has one counterpart (:data:`DARK`), and :func:`restyle` turns a finished light figure
into its dark variant by exact lookup (:func:`dark_color`). An optimizer keeps its hue
(:data:`COLORS_DARK`), lightened in CIELAB (same a*, b*) until it has a contrast ratio of at
least 4.5:1 against the dark background (WCAG's minimum for text: the panels' titles are in
their optimizer's colour), with every two colours still at least 13 apart as seen with each
colour blindness; Adam and RMSProp are lightened a little more so that they stay apart from
Nesterov and AdamW. A grey swaps ends: white becomes the background, black the text colour
(:func:`dark_color`); the surfaces' grey ramp becomes a dark ramp (:data:`DARK_CMAPS`).

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
('#D55E00', 'momentum ($\\alpha$=0.1)')
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
    "COLORS_DARK",
    "DARK",
    "DARK_BACKGROUND",
    "DARK_CMAPS",
    "DARK_TEXT",
    "DIVERGED",
    "DRAWN_TOGETHER",
    "EXTRA",
    "FONTSIZE",
    "GREY",
    "MARKERS",
    "MAX_WIDTH",
    "MINIMUM",
    "MIN_TEXT_PX",
    "NAMES",
    "RC",
    "RC_DARK",
    "REFERENCE",
    "SCHEDULE_COLORS",
    "SCHEDULE_NAMES",
    "SGD",
    "SYMBOLS",
    "TEXT_BOX",
    "categorical",
    "color",
    "dark_color",
    "label",
    "marker",
    "min_font_pt",
    "ordered",
    "rc_context",
    "restyle",
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
    # the later chapters' (see the module's notes: apart from those drawn with them)
    "NAdam": "#6A6293",  # CIELAB L* 44, C* 30, h 290: a slate violet
    "RAdam": "#C90E6B",  # L* 45, C* 70, h 350: a raspberry
    "Adamax": "#997700",  # Tol medium-contrast dark yellow
    "Adadelta": "#F95A57",  # L* 60, C* 60, h 30: a coral
    "Rprop": "#CC6677",  # Tol muted rose
    "SignSGD": "#228833",  # Tol bright green
    "Signum": "#5853C8",  # L* 42, C* 60, h 290: an indigo
    "Lion": "#DC050C",  # Tol discrete rainbow red (26)
    "Adafactor": "#879762",  # L* 60, C* 30, h 120: a sage
    "Muon": "#994F88",  # Tol discrete rainbow purple (3)
    "Newton": "#B05A32",  # L* 48, C* 50, h 50: a rust
    "LBFGS": "#EE3377",  # Tol vibrant magenta
    "ASGD": "#AE76A3",  # Tol discrete rainbow mauve (9)
    "ScheduleFreeSGD": "#C57D80",  # L* 60, C* 30, h 10: a dusty rose
    "ScheduleFreeAdamW": "#8D80FC",  # L* 60, C* 70, h 300: a lavender
}
#: One marker per optimizer (the dot of an animation, a legend's handle): a second channel,
#: distinct within each group of :data:`DRAWN_TOGETHER`. The star is the minimum's.
MARKERS = {
    "GradientDescent": "o",
    "Momentum": "s",
    "Nesterov": "D",
    "AdaGrad": "^",
    "RMSProp": "v",
    "Adam": "P",
    "AdamW": "X",
    "NAdam": "<",
    "RAdam": ">",
    "Adamax": "p",
    "Adadelta": "h",
    "Rprop": "d",
    "SignSGD": "<",
    "Signum": ">",
    "Lion": "p",
    "Adafactor": "d",
    "Muon": "p",
    "Newton": "<",
    "LBFGS": ">",
    "ASGD": "h",
    "ScheduleFreeSGD": "d",
    "ScheduleFreeAdamW": "p",
}
#: How the site's prose names each optimizer, by class name: the words of the legends
#: (:func:`label`), of the playgrounds and of the text ("gradient descent", "L-BFGS").
NAMES = {
    "GradientDescent": "gradient descent",
    "Momentum": "momentum",
    "Nesterov": "Nesterov",
    "AdaGrad": "AdaGrad",
    "RMSProp": "RMSProp",
    "Adam": "Adam",
    "AdamW": "AdamW",
    "NAdam": "NAdam",
    "RAdam": "RAdam",
    "Adamax": "Adamax",
    "Adadelta": "Adadelta",
    "Rprop": "Rprop",
    "SignSGD": "signSGD",
    "Signum": "Signum",
    "Lion": "Lion",
    "Adafactor": "Adafactor",
    "Muon": "Muon",
    "Newton": "Newton",
    "LBFGS": "L-BFGS",
    "ASGD": "ASGD",
    "ScheduleFreeSGD": "schedule-free SGD",
    "ScheduleFreeAdamW": "schedule-free AdamW",
}
#: The optimizers a figure draws together, one group per chapter: the seven of the first
#: chapters, then each later chapter's rules with the ones it compares them against. Every
#: two colours of a group are apart for every reader, in light and in dark (the module's notes).
#: A figure that draws optimizers of two groups together adds its group here (and the tests
#: check it).
DRAWN_TOGETHER = {
    "first chapters": (
        "GradientDescent",
        "Momentum",
        "Nesterov",
        "AdaGrad",
        "RMSProp",
        "Adam",
        "AdamW",
    ),
    "Adam's family": ("GradientDescent", "Adam", "AdamW", "NAdam", "RAdam", "Adamax"),
    "steps without a scale": (
        *("GradientDescent", "Adam", "Adadelta", "Rprop", "SignSGD", "Signum", "Lion"),
    ),
    "matrices": ("GradientDescent", "Momentum", "Adam", "Adafactor", "Muon"),
    "curvature": ("GradientDescent", "Momentum", "Adam", "Newton", "LBFGS"),
    "averaging": (
        *("GradientDescent", "Momentum", "AdamW", "ASGD", "ScheduleFreeSGD", "ScheduleFreeAdamW"),
    ),
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
#:
#: The schedules the figures draw have one: the four decays and warm-up of the first schedules
#: chapter, then warm restarts, one-cycle and warmup–stable–decay. Warm restarts take Okabe &
#: Ito's reddish purple, next to the cosine's purple (its family) yet apart from it;
#: warmup–stable–decay Tol's muted green; one-cycle Tol's bright red (:data:`EXTRA`'s, which has
#: its dark counterpart). Each is 3:1 on white and on the dark page, and in the light and the
#: dark style every two are at least 10 apart in CIELAB as seen with each colour blindness (the
#: closest: one-cycle and the staircase, with tritanopia), and those compared in one figure
#: (constant, the warm-up, cosine, warm restarts, one-cycle and WSD) at least 13. The other
#: classes (the compositions, a factor of your own, the rarer decays) have none: eight colours
#: are about as many as a reader tells apart, and a figure that draws one adds it here.
SCHEDULE_COLORS = {
    "constant": "#0077BB",  # Tol vibrant blue
    "StepLR": "#D55E00",  # Okabe-Ito vermillion
    "ExponentialLR": "#009E73",  # Okabe-Ito bluish green
    "CosineAnnealingLR": "#AA3377",  # Tol bright purple
    "LinearLR": "#999933",  # Tol muted olive
    "CosineAnnealingWarmRestarts": "#8D80FC",  # lavender: far from the cosine's purple
    "OneCycleLR": EXTRA[1],  # Tol bright red
    "WarmupStableDecay": "#117733",  # Tol muted green
}
#: How the figures' legends name each schedule of :data:`SCHEDULE_COLORS` (the playgrounds'
#: legends too): the words of the text, not the class names.
SCHEDULE_NAMES = {
    "constant": "constant",
    "StepLR": "step decay",
    "ExponentialLR": "exponential decay",
    "CosineAnnealingLR": "cosine",
    "LinearLR": "linear warm-up",
    "CosineAnnealingWarmRestarts": "warm restarts",
    "OneCycleLR": "one cycle",
    "WarmupStableDecay": "warmup–stable–decay",
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


#: The symbol of each hyperparameter in labels (LaTeX, without the dollars), as its optimizer's
#: docstring writes it. A field without one (L-BFGS's tolerances, Muon's ``adjust_lr_fn``) is
#: written by its name; a switch (``amsgrad``, ``nesterov``) by its name when it is not at its
#: default.
SYMBOLS = {
    "lr": r"\alpha",
    "beta": r"\beta",
    "beta1": r"\beta_1",
    "beta2": r"\beta_2",
    "eps": r"\varepsilon",
    "weight_decay": r"\lambda",
    "dampening": r"\tau",
    "lr_decay": r"\eta",
    "initial_accumulator_value": "s_0",
    "momentum": r"\mu",
    "momentum_decay": r"\psi",
    # Rprop
    "eta_minus": r"\eta^-",
    "eta_plus": r"\eta^+",
    "step_size_min": r"\Delta_{\min}",
    "step_size_max": r"\Delta_{\max}",
    # Adafactor
    "beta2_decay": r"\tau",
    "eps1": r"\varepsilon_1",
    "eps2": r"\varepsilon_2",
    "d": "d",
    # Muon
    "ns_coefficients": "(a, b, c)",
    "ns_steps": "k",
    # Newton, L-BFGS
    "damping": r"\lambda",
    "history_size": "m",
    # ASGD
    "lambd": r"\lambda",
    "alpha": "a",
    "t0": "t_0",
    # schedule-free
    "warmup_steps": "T_w",
    "r": "r",
    "weight_lr_power": "p",
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
    "axes.prop_cycle": cycler(color=[COLORS[n] for n in DRAWN_TOGETHER["first chapters"]]),
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


# -- the dark variant ------------------------------------------------------------------------

#: The page's background in dark mode (sphinx-book-theme sets pydata-sphinx-theme's
#: ``--pst-color-background`` to it): a dark figure is drawn on it, so that it has no edge.
DARK_BACKGROUND = "#121212"
#: Text, tick labels and spines on the dark background (pydata-sphinx-theme's dark text colour,
#: 12:1 against :data:`DARK_BACKGROUND`).
DARK_TEXT = "#CED6DD"

#: Each optimizer's colour on the dark background: the same hue as in :data:`COLORS`,
#: lightened where needed to 4.5:1 (see the module's notes).
COLORS_DARK = {
    "GradientDescent": "#2583C8",  # lighter (3.9:1 → 4.6:1)
    "Momentum": "#D55E00",  # as in light (4.8:1)
    "Nesterov": "#CB5394",  # lighter (3.1:1 → 4.6:1)
    "AdaGrad": "#999933",  # as in light (6.2:1)
    "RMSProp": "#28AE82",  # lighter, apart from AdamW (5.5:1 → 6.7:1)
    "Adam": "#E08CBA",  # lighter, apart from Nesterov (6.1:1 → 7.7:1)
    "AdamW": "#328F48",  # lighter (3.3:1 → 4.6:1)
    "NAdam": "#7F76A8",  # lighter (3.4:1 → 4.5:1)
    "RAdam": "#E33680",  # lighter (3.4:1 → 4.6:1)
    "Adamax": "#9A7802",  # lighter (4.45:1 → 4.52:1)
    "Adadelta": "#F95A57",  # as in light (5.9:1)
    "Rprop": "#CC6677",  # as in light (5.1:1)
    "SignSGD": "#2B8F39",  # lighter (4.1:1 → 4.5:1)
    "Signum": "#776DE6",  # lighter (3.1:1 → 4.6:1)
    "Lion": "#F02A1C",  # lighter (3.6:1 → 4.5:1)
    "Adafactor": "#879762",  # as in light (5.9:1)
    "Muon": "#AF639D",  # lighter (3.4:1 → 4.5:1)
    "Newton": "#BD653D",  # lighter (3.9:1 → 4.5:1)
    "LBFGS": "#EE3377",  # as in light (4.8:1)
    "ASGD": "#AE76A3",  # as in light (5.3:1)
    "ScheduleFreeSGD": "#C57D80",  # as in light (5.9:1)
    "ScheduleFreeAdamW": "#8D80FC",  # as in light (5.9:1)
}


def _viridis_entry(i):
    return mcolors.to_hex(plt.cm.viridis(i)).upper()


#: Every colour of the light style and its dark counterpart, as ``#RRGGBB``: the optimizers,
#: the other named colours, the rc's text, spines, grid and legend frame, and white (the
#: background, the boxes behind text, the halos round markers) and black (outlines, text).
#: :func:`ordered`'s viridis moves up its scale (its dark end would vanish on the page). Any
#: other grey swaps ends (:func:`dark_color`).
DARK: dict = {
    **{COLORS[name].upper(): COLORS_DARK[name] for name in COLORS},
    EXTRA[0]: "#8A8A8A",  # mid grey, 5.4:1
    EXTRA[1]: "#EE6677",  # Tol's bright red, 6.1:1 as it is
    GREY: "#737373",  # data that is not a run: low-key as on white (3.9:1)
    REFERENCE: "#B4B4B4",  # a reference line: as strong as on white (9.4:1)
    DIVERGED: "#E24722",  # Tol's vibrant red, lighter (3.6:1 → 4.6:1)
    SGD: "#EE7733",  # Tol's vibrant orange, 6.5:1 as it is
    "#222222": DARK_TEXT,  # axes.labelcolor
    "#333333": "#B9C1C9",  # ticks, tick labels, spines (9.8:1)
    "#B0B0B0": "#59606B",  # grid (seen at alpha 0.35)
    "#CCCCCC": "#48566B",  # the legend's frame: the theme's dark border colour
    "#FFFFFF": DARK_BACKGROUND,
    "#000000": DARK_TEXT,
    # viridis entries 12-178 (ordered()'s 0.05-0.65) move 77 entries up (0.35-0.95)
    **{_viridis_entry(i): _viridis_entry(min(i + 77, 255)) for i in range(12, 179)},
}

#: Colour maps swapped in a dark figure (by name): the surfaces' grey ramp, light to dark from
#: the minimum up, becomes a ramp from the background up to a light grey (drawn at the same
#: alpha, 0.22, it rises to about ``#3D4043``).
DARK_CMAPS = {
    "Greys": mcolors.LinearSegmentedColormap.from_list(
        "descent_dark_greys", [DARK_BACKGROUND, "#E2E8EE"]
    ),
}

#: :data:`RC` in dark mode: the dark background, light text, ticks and spines, the dark
#: palette as the colour cycle.
RC_DARK: dict = {
    **RC,
    "axes.prop_cycle": cycler(color=[COLORS_DARK[n] for n in DRAWN_TOGETHER["first chapters"]]),
    "axes.edgecolor": DARK["#333333"],
    "axes.labelcolor": DARK["#222222"],
    "xtick.color": DARK["#333333"],
    "ytick.color": DARK["#333333"],
    "text.color": DARK_TEXT,
    "grid.color": DARK["#B0B0B0"],
    "legend.edgecolor": DARK["#CCCCCC"],
    "figure.facecolor": DARK_BACKGROUND,
    "figure.edgecolor": DARK_BACKGROUND,
    "axes.facecolor": DARK_BACKGROUND,
    "savefig.facecolor": DARK_BACKGROUND,
    "savefig.edgecolor": DARK_BACKGROUND,
}

_THEMES = {"light": RC, "dark": RC_DARK}


def _rc(theme):
    if theme not in _THEMES:
        raise ValueError(f"theme must be one of {sorted(_THEMES)}, got {theme!r}")
    return _THEMES[theme]


def _relative_luminance(rgb):
    c = np.asarray(rgb, dtype=float)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(c @ [0.2126, 0.7152, 0.0722])


def _lightness(rgb):
    """CIELAB L* (0-100) of an sRGB colour."""
    y = _relative_luminance(rgb)
    return 116 * np.cbrt(y) - 16 if y > 216 / 24389 else 24389 / 27 * y


def _grey_of_lightness(lightness):
    y = ((lightness + 16) / 116) ** 3 if lightness > 8 else lightness * 27 / 24389
    v = 12.92 * y if y <= 0.0031308 else 1.055 * y ** (1 / 2.4) - 0.055
    return (v, v, v)


def dark_color(c):
    """The dark counterpart of a colour of a light figure, with the same alpha.

    A colour of :data:`DARK` becomes its counterpart; any other grey swaps ends, its CIELAB
    lightness mirrored between :data:`DARK_BACKGROUND` (white's counterpart) and
    :data:`DARK_TEXT` (black's): a light contour line becomes a dim one, a dark curve a light
    one. Any other colour, and ``"none"``, is returned as it is.

    Examples
    --------
    >>> dark_color("white"), dark_color(COLORS["Nesterov"])
    ('#121212', '#CB5394')
    >>> dark_color(REFERENCE)
    '#B4B4B4'
    >>> dark_color((1.0, 1.0, 1.0, 0.85))  # a box behind text: as see-through
    (0.0706, 0.0706, 0.0706, 0.85)
    >>> dark_color("0.7"), dark_color("none"), dark_color("#123456")
    ('#404040', 'none', '#123456')
    """
    out = _counterpart(c)
    if out is None:
        return c
    rgba = mcolors.to_rgba(c)
    if isinstance(c, str) and rgba[3] == 1:
        return out
    return tuple(round(v, 4) for v in (*mcolors.to_rgb(out), rgba[3]))


def _counterpart(c):
    """The ``#RRGGBB`` counterpart of ``c`` (:func:`dark_color`), or None if it has none."""
    if isinstance(c, str) and c.lower() == "none":
        return None
    rgba = mcolors.to_rgba(c)
    key = mcolors.to_hex(rgba).upper()
    if key in DARK:
        return DARK[key]
    if rgba[0] == rgba[1] == rgba[2]:
        lo, hi = _lightness(mcolors.to_rgb(DARK_BACKGROUND)), _lightness(mcolors.to_rgb(DARK_TEXT))
        grey = _grey_of_lightness(lo + (hi - lo) * (1 - _lightness(rgba[:3]) / 100))
        return mcolors.to_hex(grey).upper()
    return None


def _dark_array(colors):
    """:func:`dark_color` of every row of an ``(n, 4)`` array (a collection's colours)."""
    colors = np.asarray(colors, dtype=float)
    if colors.size == 0:
        return colors
    return np.array([mcolors.to_rgba(dark_color(tuple(row))) for row in colors.reshape(-1, 4)])


def _dark_cmap(cmap, dark):
    """A colour map's dark counterpart: one of :data:`DARK_CMAPS`, or, for a map made from a
    list of colours (``contour(colors=...)``), the same list in dark; else ``cmap`` itself."""
    import matplotlib

    if cmap.name in DARK_CMAPS:
        return DARK_CMAPS[cmap.name]
    if isinstance(cmap, mcolors.ListedColormap) and cmap.name not in matplotlib.colormaps:
        out = mcolors.ListedColormap([dark(c) for c in cmap.colors], name=cmap.name)
        return out.with_extremes(
            bad=dark(cmap.get_bad()), under=dark(cmap.get_under()), over=dark(cmap.get_over())
        )
    return cmap


def restyle(fig, theme="dark"):
    """Turn a finished light figure into its dark variant, in place (``theme="dark"``).

    Every colour the figure holds goes through :func:`dark_color`: the figure's and each
    axes' background, lines and their markers, text and the boxes behind it, patches (bars,
    spines, legend frames, arrows), collections (scatter points, filled bands, contour lines);
    the tick colours of each axis; a colour map named in :data:`DARK_CMAPS` is swapped for its
    dark counterpart. Each artist is restyled once, from its light colours, so a figure is
    restyled once: draw it, :func:`restyle` it, draw it again (an animation renders its
    frames from the restyled artists). ``theme="light"`` leaves the figure as it is.

    Returns the colours (``#RRGGBB``) that had no counterpart and were left as they were (a
    colour a script chose outside the style), so that a caller can report them.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with rc_context():
    ...     fig, ax = plt.subplots()
    ...     style = {"color": COLORS["AdamW"], "mec": "white", "marker": "o"}
    ...     (line,) = ax.plot([0, 1], [1, 0], **style)
    ...     title = ax.set_title("a title")
    >>> restyle(fig)
    set()
    >>> line.get_color(), line.get_markeredgecolor(), title.get_color()
    ('#328F48', '#121212', '#CED6DD')
    >>> mcolors.to_hex(fig.get_facecolor()), mcolors.to_hex(ax.get_facecolor())
    ('#121212', '#121212')
    >>> plt.close(fig)
    """
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Annotation, Text

    _rc(theme)
    if theme == "light":
        return set()
    left = set()

    def dark(c):
        if _counterpart(c) is None and not (isinstance(c, str) and c.lower() == "none"):
            rgba = mcolors.to_rgba(c)
            if rgba[3] > 0:
                left.add(mcolors.to_hex(rgba).upper())
        return dark_color(c)

    def patch(p):
        p.set_facecolor(dark(p.get_facecolor()))
        p.set_edgecolor(dark(p.get_edgecolor()))

    ticks = {}
    for ax in fig.axes:
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            tick = axis.get_major_ticks()[0] if axis.get_major_ticks() else None
            if tick is not None:
                ticks[ax, name] = (
                    tick.tick1line.get_color(),
                    tick.label1.get_color(),
                    tick.gridline.get_color(),
                )

    seen = set()
    for artist in fig.findobj():  # fig.patch and each axes' patch too
        if id(artist) in seen:
            continue
        seen.add(id(artist))
        if isinstance(artist, Line2D):
            # read every colour first: a marker's "auto" colours follow the line's
            line, face, edge = (
                artist.get_color(),
                artist.get_markerfacecolor(),
                artist.get_markeredgecolor(),
            )
            alt = artist.get_markerfacecoloralt()
            artist.set_color(dark(line))
            artist.set_markerfacecolor(dark(face))
            artist.set_markeredgecolor(dark(edge))
            if artist.get_fillstyle() != "full":
                artist.set_markerfacecoloralt(dark(alt))
        elif isinstance(artist, Text):
            artist.set_color(dark(artist.get_color()))
            box = artist.get_bbox_patch()
            if box is not None and id(box) not in seen:
                seen.add(id(box))
                patch(box)
            arrow = getattr(artist, "arrow_patch", None) if isinstance(artist, Annotation) else None
            if arrow is not None and id(arrow) not in seen:
                seen.add(id(arrow))
                patch(arrow)
        elif isinstance(artist, Patch):
            patch(artist)
        elif isinstance(artist, (Collection, AxesImage)):
            face_mapped = edge_mapped = False
            if artist.get_array() is not None:  # coloured through its colour map
                artist.set_cmap(_dark_cmap(artist.get_cmap(), dark))
                if isinstance(artist, Collection):
                    artist._set_mappable_flags()  # which of face and edge the map colours
                    face_mapped, edge_mapped = artist._face_is_mapped, artist._edge_is_mapped
            if isinstance(artist, Collection):
                # no colours at all ("none": contour lines have no face) stays none: an empty
                # array given back would fill them with the default colour
                face, edge = artist.get_facecolor(), artist.get_edgecolor()
                if not face_mapped and len(face):
                    artist.set_facecolor(_dark_array(face))
                if not edge_mapped and len(edge):
                    artist.set_edgecolor(_dark_array(edge))
    for (ax, name), (line, text, grid) in ticks.items():
        ax.tick_params(
            axis=name, which="both", color=dark(line), labelcolor=dark(text), grid_color=dark(grid)
        )
    return left


def rc_context(theme="light"):
    """A context manager that applies the site's rcParams (:data:`~descent.plot.style.RC`, or
    :data:`~descent.plot.style.RC_DARK` for ``theme="dark"``) to the figures made in it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with rc_context():
    ...     fig, ax = plt.subplots()
    ...     text = ax.set_title("a title")
    >>> text.get_fontsize() >= min_font_pt(MAX_WIDTH)
    True
    >>> with rc_context("dark"):
    ...     plt.rcParams["figure.facecolor"]
    '#121212'
    """
    return plt.rc_context(_rc(theme))


def use_style(theme="light"):
    """Apply the site's rcParams (:data:`~descent.plot.style.RC`, or
    :data:`~descent.plot.style.RC_DARK` for ``theme="dark"``) for the rest of the session:
    a gallery script's first line, so that the page and ``python plot_x.py`` look the same
    (sphinx-gallery resets matplotlib before each script).

    The dark rcParams give a new figure its dark background, text, ticks and colour cycle;
    the colours a plot picks itself (an optimizer's, the star on a minimum, the white box
    behind a readout) are light ones, which :func:`restyle` maps on the finished figure. The
    site builds every gallery figure light and restyles a copy (``docs/_ext/gallery_hooks.py``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with plt.rc_context():  # only to leave the doctest session as it was
    ...     use_style()
    ...     plt.rcParams["legend.fontsize"], plt.rcParams["axes.spines.top"]
    (10.0, False)
    >>> with plt.rc_context():
    ...     use_style("dark")
    ...     plt.rcParams["axes.facecolor"], plt.rcParams["text.color"]
    ('#121212', '#CED6DD')
    """
    plt.rcParams.update(_rc(theme))


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
    r"""A legend label: the optimizer's prose name (:data:`~descent.plot.style.NAMES`) and its
    hyperparameters that differ from defaults.

    Examples
    --------
    >>> from descent import Adam, Momentum
    >>> label(Momentum(lr=0.02, beta=0.9))
    'momentum ($\\alpha$=0.02)'
    >>> label(Adam(lr=0.1, bias_correction=False))
    'Adam ($\\alpha$=0.1, no bias correction)'
    >>> label(Adam(lr=0.1, amsgrad=True, weight_decay=0.01))  # torch's options
    'Adam ($\\alpha$=0.1, $\\lambda$=0.01, amsgrad)'
    >>> from descent import LBFGS, Muon
    >>> label(Muon(lr=0.02, ns_steps=3, adjust_lr_fn="match_rms_adamw"))
    'Muon ($\\alpha$=0.02, $k$=3, adjust_lr_fn=match_rms_adamw)'
    >>> label(LBFGS(lr=1.0, line_search_fn="strong_wolfe", tolerance_grad=0.0))
    'L-BFGS ($\\alpha$=1, tolerance_grad=0, line_search_fn=strong_wolfe)'
    """
    if not dataclasses.is_dataclass(opt) or isinstance(opt, type):
        raise ValueError(f"opt must be an optimizer instance, got {opt!r}")
    resolved = _resolved_defaults(opt)
    parts = []
    for field in dataclasses.fields(opt):
        key, value = field.name, getattr(opt, field.name)
        if key != "lr" and _same(value, resolved.get(key, field.default)):
            continue  # the class's own default goes without saying
        symbol = rf"${SYMBOLS[key]}$" if key in SYMBOLS else key
        if key == "bias_correction":
            parts.append("no bias correction")
        elif isinstance(value, bool):  # an option switched on: amsgrad, centered
            parts.append(key if value else f"no {key}")
        elif value is None or isinstance(value, str):  # a choice: line_search_fn, adjust_lr_fn
            parts.append(f"{key}={value}")
        elif callable(value):
            parts.append(f"{symbol}={type(value).__name__}")
        elif isinstance(value, tuple):  # Muon's coefficients
            parts.append(f"{symbol}=({', '.join(f'{v:.3g}' for v in value)})")
        elif np.ndim(value):
            parts.append(f"{symbol}=grid")
        elif isinstance(value, (int, np.integer)):  # a count: ns_steps, history_size
            parts.append(f"{symbol}={value}")
        else:
            parts.append(f"{symbol}={value:.3g}")
    name = NAMES.get(type(opt).__name__, type(opt).__name__)
    return f"{name} ({', '.join(parts)})" if parts else name


def _resolved_defaults(opt):
    """The field values of ``type(opt)`` built at ``opt``'s rate: a default of None may be
    resolved at construction (L-BFGS's ``max_eval`` follows its line search)."""
    try:
        base = type(opt)(lr=opt.lr)
    except (TypeError, ValueError):
        return {}
    return {f.name: getattr(base, f.name) for f in dataclasses.fields(base)}


def _same(value, default):
    """Whether a field is at its default (a scalar, a string, a tuple or None; never an array)."""
    if (np.ndim(value) and not isinstance(value, tuple)) or callable(value):
        return False
    if isinstance(value, bool) != isinstance(default, bool):
        return False
    try:
        return bool(value == default)
    except (TypeError, ValueError):
        return False


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
