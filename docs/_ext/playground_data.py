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
>>> momentum["color"], momentum["marker"], momentum["hyper"]
('#D55E00', 's', ['lr', 'beta', 'dampening', 'weight_decay'])
>>> momentum["defaults"]
{'beta': 0.9, 'dampening': 0.0, 'weight_decay': 0.0}
>>> momentum["ranges"]["beta"]  # β in [0, 1), as descent checks it
{'min': 0, 'max': 1, 'max_open': True}
>>> data["symbols"]["beta1"], data["symbols"]["weight_decay"]
('β₁', 'λ')
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata

import numpy as np

import descent
import descent.plot
from descent.optimizers import ALL as OPTIMIZERS
from descent.problems import LinearRegression
from descent.runs import epoch_batches
from descent.surfaces import ALL

SGD_EPOCHS = 30  # shuffles recorded for the SGD playground: its slider's range

# The open playground's suggested learning rates: for each 2D surface and each optimizer, the
# rate of RATE_GRID that a sweep from the playground's start finds best (:func:`open_lr`).
RATE_GRID = tuple(float(f"{10 ** (-k / 2):.1g}") for k in range(13))  # 1, 0.3, 0.1, ..., 1e-6
LONG_RUN = 1000  # as descent-playground.js: every run is computed this far


# The torch.optim line of each optimizer, as its docstring says ("Same as torch.optim...");
# the open playground's "copy as code" fills in the hyperparameters. None: torch has no
# equivalent (Adam without bias correction is said so in the code it writes).
TORCH = {
    "GradientDescent": "torch.optim.SGD([x], lr={lr})",
    "Momentum": (
        "torch.optim.SGD([x], lr={lr}, momentum={beta}, dampening={dampening}, "
        "weight_decay={weight_decay})"
    ),
    "Nesterov": (
        "torch.optim.SGD([x], lr={lr}, momentum={beta}, nesterov=True, weight_decay={weight_decay})"
    ),
    "AdaGrad": (
        "torch.optim.Adagrad([x], lr={lr}, lr_decay={lr_decay}, weight_decay={weight_decay}, "
        "initial_accumulator_value={initial_accumulator_value}, eps={eps})"
    ),
    "RMSProp": (
        "torch.optim.RMSprop([x], lr={lr}, alpha={beta}, eps={eps}, "
        "weight_decay={weight_decay}, momentum={momentum}, centered={centered})"
    ),
    "Adam": (
        "torch.optim.Adam([x], lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
        "weight_decay={weight_decay}, amsgrad={amsgrad})"
    ),
    "AdamW": (
        "torch.optim.AdamW([x], lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
        "weight_decay={weight_decay}, amsgrad={amsgrad})"
    ),
    "NAdam": (
        "torch.optim.NAdam([x], lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
        "weight_decay={weight_decay}, momentum_decay={momentum_decay}, "
        "decoupled_weight_decay={decoupled_weight_decay})"
    ),
    "RAdam": (
        "torch.optim.RAdam([x], lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
        "weight_decay={weight_decay}, decoupled_weight_decay={decoupled_weight_decay})"
    ),
    "Adamax": (
        "torch.optim.Adamax([x], lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
        "weight_decay={weight_decay})"
    ),
    "Adadelta": (
        "torch.optim.Adadelta([x], lr={lr}, rho={beta}, eps={eps}, weight_decay={weight_decay})"
    ),
    "Rprop": (
        "torch.optim.Rprop([x], lr={lr}, etas=({eta_minus}, {eta_plus}), "
        "step_sizes=({step_size_min}, {step_size_max}))"
    ),
    "SignSGD": None,  # no library has sign descent
    "Signum": None,
    "Lion": (
        "lion_pytorch.Lion([x], lr={lr}, betas=({beta1}, {beta2}), weight_decay={weight_decay})"
    ),
    # torch factors every parameter of two axes or more: a vector is never factored
    "Adafactor": (
        "torch.optim.Adafactor([x], lr={lr}, beta2_decay={beta2_decay}, eps=({eps1}, {eps2}), "
        "d={d}, weight_decay={weight_decay})"
    ),
    "Muon": (
        "torch.optim.Muon([x], lr={lr}, weight_decay={weight_decay}, momentum={beta}, "
        "nesterov={nesterov}, ns_coefficients={ns_coefficients}, eps={eps}, "
        "ns_steps={ns_steps}, adjust_lr_fn={adjust_lr_fn})"
    ),
    "Newton": None,  # torch has no Newton's method
    "LBFGS": (
        "torch.optim.LBFGS([x], lr={lr}, max_iter=1, history_size={history_size}, "
        "tolerance_grad={tolerance_grad}, tolerance_change={tolerance_change}, "
        "line_search_fn={line_search_fn}, max_eval={max_eval})"
    ),
    "ASGD": (
        "torch.optim.ASGD([x], lr={lr}, lambd={lambd}, alpha={alpha}, t0={t0}, "
        "weight_decay={weight_decay})"
    ),
    # schedule-free steps in train mode (its .eval() gives the averaged point)
    "ScheduleFreeSGD": (
        "schedulefree.SGDScheduleFreeReference([x], lr={lr}, momentum={beta}, "
        "weight_decay={weight_decay}, warmup_steps={warmup_steps}, r={r}, "
        "weight_lr_power={weight_lr_power})\nopt.train()"
    ),
    "ScheduleFreeAdamW": (
        "schedulefree.AdamWScheduleFreeReference([x], lr={lr}, betas=({beta1}, {beta2}), "
        "eps={eps}, weight_decay={weight_decay}, warmup_steps={warmup_steps}, r={r}, "
        "weight_lr_power={weight_lr_power}, decay_at_z={decay_at_z})\nopt.train()"
    ),
}
#: Hyperparameters a TORCH line leaves out, and why.
NOT_IN_TORCH = {"bias_correction": "descent's own switch", "factored": "torch decides by shape"}

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

    ``optimizers[name]``: ``color`` (:func:`descent.plot.color`), ``marker``
    (:func:`descent.plot.marker`), ``hyper`` (the dataclass fields, in order), ``defaults``
    (those fields that have one; ``lr`` has none for gradient descent and momentum, so a
    playground must give it), ``ranges`` (:func:`ranges`, what descent accepts) and ``torch``
    (:data:`TORCH`, the torch.optim line with ``{hyperparameter}`` holes, or None),
    ``vector`` (:func:`vector`: whether a playground can run it; only those have a rule in
    descent-core.js).
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
            "ranges": {k: v for k, v in ranges(cls).items() if k not in UNDESCRIBED},
            "torch": TORCH[name],
            "vector": vector(cls),
        }
        for key in hyper:
            names[key] = plain_symbol(symbols[key]) if key in symbols else key.replace("_", " ")
    styles = {
        "sgd": descent.plot.style.SGD,
        "diverged": descent.plot.style.DIVERGED,
        "reference": descent.plot.style.REFERENCE,
    }
    return {"optimizers": optimizers, "symbols": names, "styles": styles}


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
    is, the one with the lowest loss after ``steps``. On one without (a saddle, which every
    run leaves): the largest rate whose steps inside the window are at most a tenth of its
    width, so the path is seen leaving. Raises if no rate of the grid qualifies.

    >>> rates = open_lr("beale")
    >>> rates["GradientDescent"] < 0.001 < rates["Adam"]
    True
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
            if len(there):  # the smallest rate that gets there: the calmest path that arrives
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
