r"""The house style of every figure: one colour per optimizer, legend labels, axis symbols.

Every figure of the site takes its colours, labels and the look of its shared pieces (the star
on a minimum, the white box behind a readout, the font sizes) from here, so that one change
restyles them all.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> from descent import Momentum
>>> with rc_context():
...     fig, ax = plt.subplots()
...     (line,) = ax.plot([0, 1], [1, 0], color=color(Momentum), label=label(Momentum(lr=0.1)))
>>> line.get_color(), line.get_label()
('#E69F00', 'Momentum ($\\alpha$=0.1)')
"""

from __future__ import annotations

import dataclasses
import itertools

import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "COLORS",
    "FONTSIZE",
    "MINIMUM",
    "RC",
    "SYMBOLS",
    "TEXT_BOX",
    "color",
    "label",
    "rc_context",
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
#: Colours for runs whose optimizer has none in :data:`COLORS` (or a second run of one).
_EXTRA = ["#F0E442", "#999999"]

#: The symbol of each hyperparameter in labels (LaTeX, without the dollars).
SYMBOLS = {
    "lr": r"\alpha",
    "beta": r"\beta",
    "beta1": r"\beta_1",
    "beta2": r"\beta_2",
    "eps": r"\varepsilon",
    "weight_decay": r"\lambda",
}

#: The rcParams every figure of the site is drawn with (see :func:`rc_context`). Empty for now:
#: the figures use matplotlib's defaults plus the explicit sizes below.
RC: dict = {}

#: Font sizes, in points: a panel's title, a legend, the step counter, a readout on the data.
FONTSIZE = {"title": 10, "legend": 8, "counter": 9, "readout": 8}

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
TEXT_BOX = {"fc": "white", "ec": "none", "alpha": 0.8}


def rc_context():
    """A context manager that applies the site's rcParams (:data:`RC`) to figures made in it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with rc_context():
    ...     fig = plt.figure()
    >>> fig.get_dpi() == plt.rcParams["figure.dpi"]  # RC is empty: matplotlib's defaults
    True
    """
    return plt.rc_context(RC)


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
        colors, spare = [], itertools.cycle(_EXTRA + list(COLORS.values()))
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
