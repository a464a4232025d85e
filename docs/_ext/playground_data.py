"""What the playgrounds know of descent, computed from descent: the data the pages carry.

The playgrounds' JavaScript (``docs/_static/playground/``) keeps no copy of the library's
tables. Every page with a playground carries :func:`registry` as JSON (written by the
``{playground}`` directive, ``playground.py``), and ``descent-core.js`` reads each optimizer's
hyperparameters, defaults, colour and symbols from it; the SGD playground gets the shuffles of
:func:`descent.runs.epoch_batches` from :func:`sgd_data`. ``tests_js/export_golden.py``
records the same data for the JavaScript tests, which feed it to the core as the page does.

No Sphinx here, so that the golden export and the tests import it with the library alone.

Examples
--------
>>> data = registry()
>>> list(data["optimizers"]) == list(descent.optimizers.ALL)
True
>>> momentum = data["optimizers"]["Momentum"]
>>> momentum["color"], momentum["marker"], momentum["hyper"], momentum["defaults"]
('#D55E00', 's', ['lr', 'beta'], {'beta': 0.9})
>>> momentum["ranges"]["beta"]  # β in [0, 1), as descent checks it
{'min': 0, 'max': 1, 'max_open': True}
>>> data["symbols"]["beta1"], data["symbols"]["weight_decay"]
('β₁', 'λ')
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import numpy as np

import descent
import descent.plot
from descent.optimizers import ALL as OPTIMIZERS
from descent.problems import LinearRegression
from descent.runs import epoch_batches

SGD_EPOCHS = 30  # shuffles recorded for the SGD playground: its slider's range

# The open playground's first learning rate on each surface. descent gives the rules that scale
# their step per coordinate (AdaGrad, RMSProp, Adam, AdamW) a default rate, but it is too timid
# on these scales; the others have none, because their good rate depends on the curvature.
# (rate of the rules without a default lr, rate of the others)
OPEN_LR = {
    "bowl": (0.1, 0.1),
    "elongated": (0.03, 0.1),
    "saddle": (0.05, 0.05),
    "rosenbrock": (0.001, 0.05),
    "beale": (0.01, 0.05),
    "himmelblau": (0.01, 0.1),
}
OPEN_LR_ELSE = (0.01, 0.1)  # a 2D surface not listed above


def _plot_symbols() -> dict[str, str]:
    """descent.plot's LaTeX symbol of each hyperparameter (``"beta1": r"\\beta_1"``)."""
    from descent.plot.style import SYMBOLS

    return dict(SYMBOLS)


def plain_symbol(latex: str) -> str:
    r"""A LaTeX symbol as plain text: ``\beta_1`` → ``β₁``, ``\varepsilon`` → ``ε``.

    >>> plain_symbol(r"\alpha"), plain_symbol(r"\beta_2"), plain_symbol(r"\lambda")
    ('α', 'β₂', 'λ')
    """
    match = re.fullmatch(r"\\(?:var)?([a-z]+)(?:_\{?(\d+)\}?)?", latex)
    if not match:
        raise ValueError(f"cannot write {latex!r} as plain text")
    letter, sub = match.groups()
    letter = {"lambda": "lamda"}.get(letter, letter)  # Unicode's spelling
    text = unicodedata.lookup(f"GREEK SMALL LETTER {letter.upper()}")
    for digit in sub or "":
        text += unicodedata.lookup(f"SUBSCRIPT {unicodedata.name(digit).split()[-1]}")
    return text


def defaults(cls) -> dict:
    """The hyperparameters of an optimizer class that have a default, and their defaults."""
    return {
        f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING
    }


def ranges(cls) -> dict:
    """The values that ``cls`` accepts for each numeric hyperparameter, asked of descent itself:
    each is built with -1, 0, 1 and 2 in turn (the others at their defaults, ``lr`` 0.1), and
    the ones its checks refuse give the bounds. ``{"min": 0, "min_open": True}`` is ε > 0,
    ``{"min": 0, "max": 1, "max_open": True}`` is β in [0, 1).

    >>> ranges(descent.AdamW)["weight_decay"], ranges(descent.Adam)["eps"]
    ({'min': 0}, {'min': 0, 'min_open': True})
    """
    base = {"lr": 0.1} | defaults(cls)
    out = {}
    for key in (f.name for f in dataclasses.fields(cls)):
        if isinstance(base.get(key), bool):
            continue

        def accepts(value, key=key):
            try:
                cls(**base | {key: value})
            except (ValueError, TypeError):
                return False
            return True

        spec = {}
        if not accepts(-1.0):
            spec["min"] = 0
            if not accepts(0.0):
                spec["min_open"] = True
        if not accepts(2.0):
            spec["max"] = 1
            if not accepts(1.0):
                spec["max_open"] = True
        out[key] = spec
    return out


def registry() -> dict:
    """Every optimizer of :data:`descent.optimizers.ALL`, in its order, as the page gets it.

    ``optimizers[name]``: ``color`` (:func:`descent.plot.color`), ``marker``
    (:func:`descent.plot.marker`), ``hyper`` (the dataclass fields, in order), ``defaults``
    (those fields that have one; ``lr`` has none for gradient descent and momentum, so a
    playground must give it) and ``ranges`` (:func:`ranges`, what descent accepts).
    ``symbols``: each hyperparameter's symbol of :mod:`descent.plot`, in plain text (a field
    without one is written as its name). ``styles``: the colours of :mod:`descent.plot.style`
    for what is not an optimizer (SGD's mini-batch runs, a diverged run, a reference line).
    """
    symbols = _plot_symbols()
    optimizers, names = {}, {}
    for name, cls in OPTIMIZERS.items():
        hyper = [f.name for f in dataclasses.fields(cls)]
        optimizers[name] = {
            "color": descent.plot.color(name),
            "marker": descent.plot.marker(name),
            "hyper": hyper,
            "defaults": defaults(cls),
            "ranges": ranges(cls),
        }
        for key in hyper:
            names[key] = plain_symbol(symbols[key]) if key in symbols else key.replace("_", " ")
    styles = {
        "sgd": descent.plot.style.SGD,
        "diverged": descent.plot.style.DIVERGED,
        "reference": descent.plot.style.REFERENCE,
    }
    return {"optimizers": optimizers, "symbols": names, "styles": styles}


def open_lr(surface: str) -> dict[str, float]:
    """The open playground's first rate on ``surface`` for every optimizer (:data:`OPEN_LR`).

    >>> open_lr("rosenbrock")["GradientDescent"], open_lr("rosenbrock")["Adam"]
    (0.001, 0.05)
    """
    without, with_default = OPEN_LR.get(surface, OPEN_LR_ELSE)
    return {
        name: with_default if "lr" in defaults(cls) else without for name, cls in OPTIMIZERS.items()
    }


def ema_signal(seed: int = 0, length: int = 200):
    """The EMA chapter's signal: a slow cosine and unit Gaussian noise
    (as ``gallery/plot_ema_signal.py``)."""
    t = np.arange(1, length + 1)
    trend = np.cos(2 * np.pi * t / 160)
    return trend + np.random.default_rng(seed).normal(size=length), trend


def sgd_data(seed: int = 0, epochs: int = SGD_EPOCHS):
    """The data of ``LinearRegression.synthetic(seed=seed)`` and the shuffles that
    ``descent.run_stochastic(..., seed=seed)`` takes in its first ``epochs`` epochs: row ``e`` is
    epoch ``e``'s order of the samples, which any batch size cuts into consecutive batches.

    >>> problem, orders = sgd_data(epochs=3)
    >>> orders.shape, sorted(orders[0]) == list(range(problem.n_samples))
    ((3, 100), True)
    """
    problem = LinearRegression.synthetic(seed=seed)
    n = problem.n_samples
    # with batches of N, each batch is one epoch's whole permutation
    orders = np.stack(epoch_batches(n, epochs, batch_size=n, seed=seed))
    return problem, orders
