"""The house style of every figure: one colour per optimizer, legend labels, axis symbols."""

from __future__ import annotations

import dataclasses

import numpy as np

__all__ = ["COLORS", "color", "label"]

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


def _plain(symbol):
    """A LaTeX axis symbol as plain text (cheap to redraw every frame)."""
    return {r"\theta": "θ"}.get(symbol, symbol.replace("_", "").replace("{", "").replace("}", ""))
