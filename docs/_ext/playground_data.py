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
>>> momentum["name"], momentum["color"], momentum["marker"]
('momentum', '#D55E00', 's')
>>> momentum["hyper"]
['lr', 'beta', 'dampening', 'weight_decay']
>>> momentum["defaults"]
{'beta': 0.9, 'dampening': 0.0, 'weight_decay': 0.0}
>>> momentum["types"]["beta"], data["optimizers"]["Adam"]["types"]["amsgrad"]
('number', 'bool')
>>> momentum["ranges"]["beta"]  # β in [0, 1), as descent checks it
{'min': 0, 'max': 1, 'max_open': True}
>>> data["symbols"]["beta1"], data["symbols"]["weight_decay"]
('β₁', 'λ')
>>> data["dark"]["#0077BB"], data["theme"]["dark"]["bg"]  # descent.plot's dark variant
('#2583C8', '#121212')
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import re
import unicodedata
from pathlib import Path

import numpy as np
from matplotlib import colors as mcolors

import descent
import descent.plot
import descent.schedules
from descent.optimizers import ALL as OPTIMIZERS
from descent.problems import LinearRegression
from descent.runs import epoch_batches
from descent.surfaces import ALL

SGD_EPOCHS = 30  # shuffles recorded for the SGD playground: its slider's range

# The open playground's suggested learning rates: for each 2D surface and each optimizer, the
# rate of RATE_GRID that a sweep from the playground's start finds best (:func:`open_lr`).
RATE_GRID = tuple(float(f"{10 ** (-k / 2):.1g}") for k in range(13))  # 1, 0.3, 0.1, ..., 1e-6
#: Rules whose rate is only their first step size (Rprop's Δ₀: its step sizes then grow by η⁺
#: an update). From any Δ₀ of the grid they arrive, so "the smallest that arrives" would be
#: 10⁻⁶, which spends its first 60 or so updates growing; for them :func:`open_lr` takes the
#: rate that arrives soonest instead.
FIRST_STEP_ONLY = ("Rprop",)
LONG_RUN = 1000  # as descent-playground.js: every run is computed this far


# descent's optimizers as torch.optim calls: one table, the one the torch reference data is
# recorded and replayed with (tests/data/record_torch.py: the torch class, descent's keyword ->
# torch's keyword, torch's fixed keywords), so "copy as code" writes calls that the reference
# tests hold equal to descent step for step. An optimizer it lacks has no torch line.
def _load(*parts: str):
    """A module of this repository by its path (the site's and the tests' data live there)."""
    path = Path(__file__).resolve().parents[2].joinpath(*parts)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TORCH_OF = _load("tests", "data", "record_torch.py").TORCH_OF

#: How the text names each optimizer, the words of the figures' legends ("gradient descent,
#: α = 0.03", "momentum, α = 0.03, β = 0.7"): the site's prose names, one table in descent.
NAMES = descent.plot.style.NAMES


def name(optimizer: str) -> str:
    """The words a legend uses for an optimizer (by class name).

    >>> name("GradientDescent"), name("Adam")
    ('gradient descent', 'Adam')
    """
    return NAMES.get(optimizer, optimizer)


def torch_spec(optimizer: str) -> dict | None:
    """The torch.optim call of an optimizer, as the page gets it: ``{"cls", "kwargs", "fixed"}``
    from :data:`record_torch.TORCH_OF` (``kwargs`` maps descent's hyperparameters to torch's
    keywords, ``"betas[0]"`` for an entry of the ``betas`` pair), or None.

    >>> torch_spec("GradientDescent")
    {'cls': 'SGD', 'kwargs': {'lr': 'lr'}, 'fixed': {}}
    >>> torch_spec("Nesterov")["fixed"]
    {'nesterov': True}
    """
    if optimizer not in TORCH_OF:
        return None
    cls, kwargs, fixed = TORCH_OF[optimizer][:3]
    return {"cls": cls, "kwargs": dict(kwargs), "fixed": dict(fixed)}


# ranges() finds a range by trying -1, 0, 1 and 2: it cannot tell (-inf, 0] (beta2_decay) or
# [1, inf) (d) or an integer's range (warmup_steps, L-BFGS's history_size and max_eval, Muon's
# ns_steps), nor a string's or a tuple's; those are left to descent (the page sends them as
# they are)
UNDESCRIBED = {
    *("beta2_decay", "d", "warmup_steps", "history_size", "max_eval", "ns_steps"),
    *("line_search_fn", "adjust_lr_fn", "ns_coefficients"),
}


def _plot_symbols() -> dict[str, str]:
    """descent.plot's LaTeX symbol of each hyperparameter (``"beta1": r"\\beta_1"``)."""
    from descent.plot.style import SYMBOLS

    return dict(SYMBOLS)


def plain_symbol(latex: str) -> str:
    r"""A LaTeX symbol as plain text: ``\beta_1`` → ``β₁``, ``\varepsilon`` → ``ε``.

    >>> plain_symbol(r"\alpha"), plain_symbol(r"\beta_2"), plain_symbol(r"\lambda")
    ('α', 'β₂', 'λ')
    >>> plain_symbol("s_0"), plain_symbol("t_0"), plain_symbol("k")  # Latin letters stay
    ('s₀', 't₀', 'k')
    >>> plain_symbol(r"\eta^-"), plain_symbol(r"\eta^+")  # Rprop's factors
    ('η⁻', 'η⁺')
    >>> plain_symbol(r"\Delta_{\min}"), plain_symbol(r"\Delta_{\max}")  # and its bounds
    ('Δₘᵢₙ', 'Δₘₐₓ')
    >>> plain_symbol("T_w")  # no subscript w in Unicode: as LaTeX writes it
    'T_w'
    >>> plain_symbol("(a, b, c)")  # Muon's coefficients, a tuple of Latin letters
    '(a, b, c)'
    """
    if re.fullmatch(r"\([a-z](, [a-z])*\)", latex):
        return latex
    match = re.fullmatch(
        r"(?:\\(?:var)?([A-Za-z]{2,})|([A-Za-z]))(?:_\{?\\?([a-z0-9]+)\}?)?(?:\^([-+]))?", latex
    )
    if not match:
        raise ValueError(f"cannot write {latex!r} as plain text")
    greek, latin, sub, sup = match.groups()
    if latin:
        text = latin
    else:
        case = "CAPITAL" if greek[0].isupper() else "SMALL"
        greek = {"lambda": "lamda"}.get(greek.lower(), greek.lower())  # Unicode's spelling
        text = unicodedata.lookup(f"GREEK {case} LETTER {greek.upper()}")
    if sub:
        try:
            text += "".join(
                unicodedata.lookup(f"SUBSCRIPT {unicodedata.name(c).split()[-1]}")
                if c.isdigit()
                else unicodedata.lookup(f"LATIN SUBSCRIPT SMALL LETTER {c.upper()}")
                for c in sub
            )
        except KeyError:  # a letter Unicode has no subscript of
            text += f"_{sub}"
    if sup:
        text += {"-": "⁻", "+": "⁺"}[sup]
    return text


def defaults(cls) -> dict:
    """The hyperparameters of an optimizer class that have a default, and their defaults (a
    tuple, Muon's coefficients, as a list: as JSON has it)."""
    out = {
        f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING
    }
    return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}  # JSON's lists


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


def field_types(cls) -> dict:
    """How the open playground asks for each hyperparameter of ``cls``: ``"bool"`` (a
    checkbox) for a field whose default is True or False, ``"number"`` (a text field) for a
    number, ``"fixed"`` (not asked, the default kept) for anything else, and for a switch that
    would make the rule leave the plane (asked of descent, :func:`vector`: Adafactor's
    ``factored`` takes matrices).

    >>> field_types(descent.Adam)["bias_correction"], field_types(descent.Adam)["eps"]
    ('bool', 'number')
    >>> field_types(descent.LBFGS)["line_search_fn"]  # kept at its default: "fixed"
    'fixed'
    >>> field_types(descent.Adafactor)["factored"]
    'fixed'
    """

    def kind(field):
        default = field.default
        if isinstance(default, bool):
            flipped = functools.partial(cls, **{field.name: not default})
            return "bool" if vector(flipped) else "fixed"
        if default is dataclasses.MISSING or isinstance(default, int | float):
            return "number"
        return "fixed"  # a name or a tuple (a line search, Muon's coefficients): not asked

    return {f.name: kind(f) for f in dataclasses.fields(cls)}


# What the canvases draw that is not a run, in descent.plot's light style (the figures'):
# the paper, text and spines of its rc, contours shaded by its grey ramp at its alpha, the
# minimum's star, a 1D surface's curve, data points and reference lines.
CONTOUR_ALPHA = 0.22  # descent.plot.contour's contourf(cmap="Greys", alpha=0.22)
CONTOUR_LINE = "0.7"  # and its contour(colors="0.7")
CURVE = "0.25"  # descent.plot.curve's line


def _over(color, background, alpha) -> str:
    """``color`` at ``alpha`` over ``background``, as one opaque ``#RRGGBB``."""
    c, b = np.array(mcolors.to_rgb(color)), np.array(mcolors.to_rgb(background))
    return mcolors.to_hex(alpha * c + (1 - alpha) * b).upper()


def theme() -> dict:
    """The canvases' colours in each theme, from :mod:`descent.plot.style`: ``"light"`` as the
    figures are drawn, ``"dark"`` as their dark variants (:func:`descent.plot.style.dark_color`
    of each, the grey ramp :data:`~descent.plot.style.DARK_CMAPS` on the dark background).

    >>> theme()["light"]["shadeHi"], theme()["dark"]["shadeHi"]  # the highest contour's shade
    ('#C7C7C7', '#404142')
    """
    from matplotlib import colormaps

    style = descent.plot.style
    rc = style.RC
    light = {
        "bg": mcolors.to_hex(rc["axes.facecolor"]).upper(),
        "ink": rc["axes.labelcolor"].upper(),
        "axis": rc["axes.edgecolor"].upper(),
        "contour": mcolors.to_hex(CONTOUR_LINE).upper(),
        "curve": mcolors.to_hex(CURVE).upper(),
        "starFill": mcolors.to_hex(style.MINIMUM["color"]).upper(),
        "starEdge": mcolors.to_hex(style.MINIMUM["mec"]).upper(),
        "signal": style.GREY,
        "trend": style.REFERENCE,
    }
    dark = {key: style.dark_color(value) for key, value in light.items()}
    for out, ramp in ((light, colormaps["Greys"]), (dark, style.DARK_CMAPS["Greys"])):
        out["shadeLo"] = _over(ramp(0.0), out["bg"], CONTOUR_ALPHA)
        out["shadeHi"] = _over(ramp(1.0), out["bg"], CONTOUR_ALPHA)
    return {"light": light, "dark": dark}


def vector(cls) -> bool:
    """Whether ``cls`` runs on a point of a 2D surface, asked of descent: two steps of
    :func:`descent.run` on the bowl (which hands Newton its Hessian). Muon and a factored
    Adafactor take matrices: a playground's point is a vector.

    >>> vector(descent.Adam), vector(descent.Newton), vector(descent.Muon)
    (True, True, False)
    """
    try:
        descent.run(cls(lr=0.1), ALL["bowl"], np.zeros(2) + 1, steps=2)
    except ValueError:
        return False
    return True


def registry() -> dict:
    """Every optimizer of :data:`descent.optimizers.ALL`, in its order, as the page gets it.

    ``optimizers[name]``: ``name`` (:func:`name`, the words of the legends), ``color``
    (:func:`descent.plot.color`), ``marker`` (:func:`descent.plot.marker`), ``hyper`` (the
    dataclass fields, in order), ``defaults`` (those fields that have one; ``lr`` has none for
    gradient descent and momentum, so a playground must give it), ``types``
    (:func:`field_types`), ``ranges`` (:func:`ranges`, what descent accepts) and ``torch``
    (:func:`torch_spec`, or None). ``symbols``: each hyperparameter's symbol of
    :mod:`descent.plot`, in plain text (a field without one is written as its name).
    ``styles``: the colours of :mod:`descent.plot.style` for what is not an optimizer (SGD's
    mini-batch runs, a diverged run, a reference line, data points; the three rates of the
    learning-rate figure, ``categorical(3)``; the moving average of the EMA figure at
    β = 0.9, ``ordered(3)[1]``). ``dark``: every one of these colours and its counterpart in
    the dark figures (:func:`descent.plot.style.dark_color`). ``schedules``: :func:`schedules`.
    ``theme``: :func:`theme`. ``vector``
    (:func:`vector`: whether a playground can run it; only those have a rule in
    descent-core.js).
    """
    symbols = _plot_symbols()
    style = descent.plot.style
    optimizers, names = {}, {}
    for opt, cls in OPTIMIZERS.items():
        hyper = [f.name for f in dataclasses.fields(cls)]
        optimizers[opt] = {
            "name": name(opt),
            "color": descent.plot.color(opt),
            "marker": descent.plot.marker(opt),
            "hyper": hyper,
            "defaults": defaults(cls),
            "types": field_types(cls),
            "ranges": {k: v for k, v in ranges(cls).items() if k not in UNDESCRIBED},
            "torch": torch_spec(opt),
            "vector": vector(cls),
        }
        for key in hyper:
            names[key] = plain_symbol(symbols[key]) if key in symbols else key.replace("_", " ")
    styles = {
        "sgd": style.SGD,
        "diverged": style.DIVERGED,
        "reference": style.REFERENCE,
        "grey": style.GREY,
        "rates": style.categorical(3),
        "ema": style.ordered(3)[1],
    }
    scheduled = schedules()
    colors = [o["color"] for o in optimizers.values()]
    colors += [s["color"] for s in scheduled.values() if s["color"]]
    for value in styles.values():
        colors += value if isinstance(value, list) else [value]
    dark = {c.upper(): style.dark_color(c.upper()) for c in colors}
    return {
        "optimizers": optimizers,
        "schedules": scheduled,
        "symbols": names,
        "styles": styles,
        "dark": dark,
        "theme": theme(),
    }


#: The schedules of :mod:`descent.schedules` that descent-core.js computes (each with a rule
#: there, which checks that it has one for every schedule the page lists): the ones the
#: chapters run in a playground and those they are built from (WarmupStableDecay's LinearLR
#: and ConstantLR).
SCHEDULES = (
    "ConstantLR",
    "LinearLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "OneCycleLR",
    "WarmupStableDecay",
)


def schedules() -> dict:
    """Each schedule of :data:`SCHEDULES` as the page gets it: ``name`` (the legends' words,
    :data:`descent.plot.style.SCHEDULE_NAMES`), ``color`` (its
    :data:`~descent.plot.style.SCHEDULE_COLORS`, or None for a schedule no figure draws),
    ``hyper`` (the dataclass fields, in order), ``defaults`` and ``peak``, the field that sets
    its largest rate (``lr``, or OneCycleLR's ``max_lr``): the one a rate slider moves.

    >>> one = schedules()["OneCycleLR"]
    >>> one["name"], one["color"], one["peak"], one["defaults"]["pct_start"]
    ('one cycle', '#EE6677', 'max_lr', 0.3)
    >>> schedules()["ConstantLR"]["color"] is None
    True
    """
    style = descent.plot.style
    out = {}
    for name in SCHEDULES:
        cls = getattr(descent.schedules, name)
        fields = [f.name for f in dataclasses.fields(cls)]
        out[name] = {
            "name": style.SCHEDULE_NAMES.get(name, name),
            "color": style.SCHEDULE_COLORS.get(name),
            "hyper": fields,
            "defaults": defaults(cls),
            "peak": fields[0],
        }
    return out


def default_start(surface: str) -> list[float]:
    """Where the open playground starts on ``surface`` (descent-playground.js's
    ``defaultStart``): 15 % in from the left of the plotting window, 80 % up.

    >>> default_start("beale")
    [-3.15, 2.7]
    """
    x0, x1, y0, y1 = ALL[surface].extent
    return [round(x0 + 0.15 * (x1 - x0), 12), round(y0 + 0.8 * (y1 - y0), 12)]


@functools.lru_cache
def open_lr(surface: str, start: tuple[float, float] | None = None, steps: int = 300):
    """The open playground's suggested rate on ``surface`` for every optimizer it offers
    (:func:`vector`), by a sweep
    over :data:`RATE_GRID` from ``start`` (default :func:`default_start`), all rates at once.

    On a surface with a minimum: of the rates whose run neither diverges nor ends outside the
    plotting window in :data:`LONG_RUN` steps, the smallest that is within 2 % of the window's
    width of a minimum after a third of ``steps`` (the calmest path that arrives); if none
    is, the one with the lowest loss after ``steps``. For a rule whose rate is only its first
    step size (:data:`FIRST_STEP_ONLY`): of those that arrive, the one there first (the
    smaller on a tie). On one without (a saddle, which every run leaves): the largest rate
    whose steps inside the window are at most a tenth of its width, so the path is seen
    leaving. Raises if no rate of the grid qualifies.

    >>> rates = open_lr("beale")
    >>> rates["GradientDescent"] < 0.001 < rates["Adam"]
    True
    >>> open_lr("bowl")["Rprop"]  # not 1e-6: every Δ₀ arrives, 0.1 soonest
    0.1
    """
    s = ALL[surface]
    start = np.array(default_start(surface) if start is None else start, dtype=float)
    lrs = np.array(RATE_GRID)[:, None]
    x0, x1, y0, y1 = s.extent
    lo, hi = np.array([x0, y0]), np.array([x1, y1])
    out = {}
    for name, cls in OPTIMIZERS.items():
        if not vector(cls):
            continue
        traj = descent.run(cls(lr=lrs), s, np.tile(start, (len(lrs), 1)), LONG_RUN)
        path = traj.path  # (LONG_RUN + 1, rates, 2)
        inside = np.all((path >= lo) & (path <= hi), axis=-1)
        if len(s.minima):
            ok = (traj.diverged_at < 0) & inside[-1]
            gap = np.where(ok, traj.loss[steps] - s(s.minima).min(), np.inf)
            # within 2 % of the window's width of a minimum after a third of the steps
            near = np.linalg.norm(path[steps // 3][:, None, :] - s.minima[None], axis=-1)
            there = np.flatnonzero(ok & (near.min(axis=-1) <= 0.02 * (x1 - x0)))
            if len(there) and name in FIRST_STEP_ONLY:  # the one there first
                dist = np.linalg.norm(path[: steps + 1, :, None, :] - s.minima, axis=-1)
                first = np.argmax(dist.min(axis=-1) <= 0.02 * (x1 - x0), axis=0)
                smaller_first = there[::-1]  # argmin's first on a tie: the smaller rate
                k = int(smaller_first[np.argmin(first[smaller_first])])
            elif len(there):  # the smallest rate that gets there: the calmest path that arrives
                k = int(there[-1])
            else:  # else the lowest loss, the larger rate on a tie (the grid runs downwards)
                k = int(np.argmin(gap)) if np.isfinite(gap.min()) else -1
        else:
            jump = np.linalg.norm(np.diff(path[: steps + 1], axis=0), axis=-1)
            jump = np.where(inside[:steps], jump, 0.0)
            ok = (jump.max(axis=0) <= 0.1 * (x1 - x0)) & (traj.diverged_at[...] != 1)
            k = int(np.argmax(ok)) if ok.any() else -1
        if k < 0:
            raise ValueError(f"no rate of RATE_GRID suits {name} on {surface} from {start}")
        out[name] = RATE_GRID[k]
    return out


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
