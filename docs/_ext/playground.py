"""Sphinx extension: an interactive playground in a chapter, next to its animation.

In a MyST chapter::

    :::{playground} 2d
    :surface: elongated
    :optimizers: GradientDescent(lr=0.03), Momentum(lr=0.03, beta=0.7)
    :sliders: lr, Momentum.beta
    :start: -5, 2
    :steps: 80
    :caption: Move β to 0 and the two paths coincide.
    :::

The argument is the kind of playground:

``1d``
    A curve (``:surface:`` a 1D surface, default ``parabola``), its tangent and the step;
    ``:lr:``, ``:start:``, ``:steps:``.
``2d``
    Contours of a 2D surface and one path per optimizer from one start (``:matrix:`` ``a b; c
    d`` instead of ``:surface:``: the quadratic ½ xᵀAx of a figure, with ``:extent:``
    ``x0 x1 y0 y1``, built by descent.surfaces.Quadratic); ``:optimizers:`` as
    Python calls of descent's classes, ``:sliders:`` the hyperparameters to put on sliders
    (``lr`` for every optimizer that has it, ``Momentum.beta`` for one; ``lr[0.001:0.1]``
    sets the range).
``triptych``
    Gradient descent at three learning rates (``:factors:`` times one slider's ``:lr:``)
    on a quadratic ``:surface:``, one plot and three colours as the learning-rate figure,
    with 2/λ_max marked on the slider.
``schedules``
    As ``2d``, with a learning-rate schedule in each optimizer's call
    (``GradientDescent(lr=OneCycleLR(0.05, total_steps=140))``, built by
    :mod:`descent.schedules`) and ``:steps:`` the runs' budget, which the time scrubber does
    not pass (a ``OneCycleLR`` ends there); an ``lr`` slider moves every schedule's peak rate.
    Under the loss, each run's rate at every step; the schedules' colours and names are
    :data:`descent.plot.style.SCHEDULE_COLORS` and ``SCHEDULE_NAMES``.
``open``
    Any 2D surface of :data:`descent.surfaces.ALL`, any optimizers, any hyperparameters; the
    suggested rates of each surface come from a sweep from its start at build time
    (``playground_data.open_lr``), so that none diverges.
``ema``
    A noisy signal (``:seed:``) and its moving average with a β slider (``:beta:``).
``sgd``
    Mini-batch against full-batch gradient descent on :class:`descent.problems.
    LinearRegression` data (``:seed:``), one tick per epoch; ``:lr:``, ``:batch-size:``,
    ``:epochs:``.

Everything is checked when the page is read: the surface must be in ``descent.surfaces.ALL``
and each optimizer is built by ``descent`` itself, so a misspelt name or an out-of-range
hyperparameter fails the build with descent's own message. The directive writes a
``<div class="playground" data-kind="..." data-config="{json}">`` with the caption and a
line for readers without JavaScript; the scripts of ``_static/playground/`` draw into it:
``descent-core.js`` (the math), ``descent-plot.js`` (the drawing), ``descent-controls.js``
(sliders, the time scrubber, Step / Play / Reset), ``descent-playground.js`` (the playground
base, which mounts every playground) and one ``kind-<kind>.js`` per kind (:func:`scripts`).
They and the stylesheet are added only to the pages that have a playground, and only the
kinds a page shows, with ``<script type="application/json" id="descent-registry">``: every
optimizer's hyperparameters, defaults, names, colours (light and dark) and symbols, and the
canvases' colours, from descent (``playground_data.py``), which the scripts read instead of
keeping copies.
"""

from __future__ import annotations

import ast
import json
import re
from typing import ClassVar

import numpy as np
import playground_data
from docutils import nodes
from docutils.parsers.rst import directives
from playground_data import SGD_EPOCHS, default_start, ema_signal, open_lr, registry, sgd_data
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import descent
import descent.schedules
from descent.optimizers import ALL as OPTIMIZERS
from descent.surfaces import ALL, Quadratic

KINDS = ("1d", "2d", "triptych", "open", "ema", "sgd", "schedules")
BASE_SCRIPTS = (  # on every page with a playground, in this order: each needs the ones before
    "playground/descent-core.js",
    "playground/descent-plot.js",
    "playground/descent-controls.js",
    "playground/descent-playground.js",
)
# each kind's script, after the scripts of the kinds it builds on (open and sgd extend 2d)
KIND_SCRIPTS = {
    "1d": ("playground/kind-1d.js",),
    "2d": ("playground/kind-2d.js",),
    "triptych": ("playground/kind-triptych.js",),
    "open": ("playground/kind-2d.js", "playground/kind-open.js"),
    "ema": ("playground/kind-ema.js",),
    "sgd": ("playground/kind-2d.js", "playground/kind-sgd.js"),
    "schedules": ("playground/kind-2d.js", "playground/kind-schedules.js"),
}
STYLESHEET = "playground/playground.css"
REGISTRY_ID = "descent-registry"  # the id of the page's JSON that descent-playground.js reads
NOSCRIPT = "An interactive version of this figure runs here with JavaScript enabled."


class playground_node(nodes.General, nodes.Element):
    """``<div class="playground" data-kind data-config>`` around its caption."""


def _visit_html(self, node: playground_node) -> None:
    attrs = {"data-kind": node["kind"], "data-config": json.dumps(node["config"])}
    self.body.append(self.starttag(node, "div", CLASS="playground", **attrs))


def _depart_html(self, node: playground_node) -> None:
    self.body.append("</div>\n")


def _skip(self, node: playground_node) -> None:
    raise nodes.SkipNode


def _floats(text: str) -> list[float]:
    return [float(v) for v in text.replace(",", " ").split()]


def _call(node, where: str):
    """``Name(key=value, ...)`` of the directive's text: the name and its keyword arguments (a
    nested call left as an :class:`ast.Call`), positional arguments in order."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise ValueError(f"cannot read {where} {ast.unparse(node)!r}; write Name(key=value, ...)")
    if any(k.arg is None for k in node.keywords):
        raise ValueError(f"cannot read {where} {ast.unparse(node)!r}; write Name(key=value, ...)")

    def value(v):
        return v if isinstance(v, ast.Call) else ast.literal_eval(v)

    return (
        node.func.id,
        [value(a) for a in node.args],
        {k.arg: value(k.value) for k in node.keywords},
    )


def parse_schedule(node) -> tuple[dict, object]:
    """A schedule of :mod:`descent.schedules` written as a call
    (``OneCycleLR(0.07, total_steps=140)``) → its page form ``{"name", "args"}`` (every
    argument by its keyword, its peak rate among them) and the schedule descent built from it,
    so that descent validates it. Only schedules the playgrounds compute and a figure draws
    (one with a colour in :data:`descent.plot.style.SCHEDULE_COLORS`) are allowed."""
    name, args, kwargs = _call(node, "schedule")
    known = playground_data.schedules()
    if name not in known:
        raise ValueError(f"{name!r} is not a schedule the playgrounds run: {', '.join(known)}")
    if not known[name]["color"]:
        raise ValueError(f"{name} has no colour in descent.plot.style.SCHEDULE_COLORS")
    if any(isinstance(v, ast.Call) for v in [*args, *kwargs.values()]):
        raise ValueError(f"{name}: a schedule's arguments are numbers, names or lists")
    fields = known[name]["hyper"]
    if len(args) > len(fields):
        raise ValueError(f"{name} takes at most {len(fields)} arguments, got {len(args)}")
    given = dict(zip(fields, args, strict=False))
    twice = set(given) & set(kwargs)
    if twice:
        raise ValueError(f"{name} got {', '.join(sorted(twice))} twice")
    given |= kwargs
    built = getattr(descent.schedules, name)(**given)  # descent's checks
    return {"name": name, "args": given}, built


def parse_optimizers(text: str) -> list[dict]:
    """``"GradientDescent(lr=0.1), Adam(lr=0.05, bias_correction=False)"`` → name and
    hyperparameters of each, every one built by descent (so descent validates it). ``lr`` may
    be a schedule (``GradientDescent(lr=OneCycleLR(0.07, total_steps=140))``,
    :func:`parse_schedule`): then ``hyper["lr"]`` is its peak rate and ``schedule`` the rest.

    >>> text = "Momentum(lr=CosineAnnealingWarmRestarts(0.07, T_0=20), beta=0.5)"
    >>> (run,) = parse_optimizers(text)
    >>> run["hyper"], run["schedule"]
    ({'lr': 0.07, 'beta': 0.5}, {'name': 'CosineAnnealingWarmRestarts', 'args': {'T_0': 20}})
    """
    try:
        tree = ast.parse(f"[{text}]", mode="eval").body
    except SyntaxError:
        raise ValueError(f"cannot read optimizers {text!r}; write Name(key=value, ...)") from None
    found = []
    for node in tree.elts:
        name, args, hyper = _call(node, "optimizer")
        if name not in OPTIMIZERS:
            raise ValueError(f"{name!r} is not an optimizer of descent: {', '.join(OPTIMIZERS)}")
        if args:
            raise ValueError(f"{name}: give its hyperparameters by name (lr=...)")
        entry = {"name": name, "hyper": hyper}
        if isinstance(hyper.get("lr"), ast.Call):
            schedule, built = parse_schedule(hyper["lr"])
            peak = playground_data.schedules()[schedule["name"]]["peak"]
            if peak not in schedule["args"]:
                raise ValueError(f"{schedule['name']} needs its {peak}, the peak rate")
            hyper["lr"] = schedule["args"].pop(peak)
            entry["schedule"] = schedule
            OPTIMIZERS[name](**hyper | {"lr": built})  # descent's checks, with the schedule
        elif any(isinstance(v, ast.Call) for v in hyper.values()):
            raise ValueError(f"{name}: only lr may be a schedule")
        else:
            OPTIMIZERS[name](**hyper)  # descent's own checks: unknown or out-of-range raise
        found.append(entry)
    return found


SLIDER = re.compile(r"^(?:(\w+)\.)?(\w+)(?:\[([^:\]]+):([^\]]+)\])?$")


def parse_sliders(text: str) -> list[dict]:
    """``"lr[0.001:0.1], Momentum.beta"`` → slider specs for descent-playground.js."""
    sliders = []
    for item in filter(None, (s.strip() for s in text.split(","))):
        match = SLIDER.match(item)
        if not match:
            raise ValueError(
                f"cannot read slider {item!r}; write param, Optimizer.param or param[lo:hi]"
            )
        opt, param, lo, hi = match.groups()
        spec = {"param": param}
        if opt:
            spec["optimizer"] = opt
        if lo is not None:
            spec.update(min=float(lo), max=float(hi))
        sliders.append(spec)
    return sliders


def item_name(slider: dict) -> str:
    return ".".join(filter(None, [slider.get("optimizer"), slider["param"]]))


class Playground(SphinxDirective):
    """``{playground} <kind>``: an interactive figure drawn by descent-playground.js."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict] = {
        "surface": directives.unchanged,
        "matrix": directives.unchanged,
        "extent": directives.unchanged,
        "optimizers": directives.unchanged,
        "sliders": directives.unchanged,
        "start": directives.unchanged,
        "ring": directives.unchanged,
        "lr": float,
        "beta": float,
        "factors": directives.unchanged,
        "steps": directives.positive_int,
        "epochs": directives.positive_int,
        "batch-size": directives.positive_int,
        "seed": directives.nonnegative_int,
        "caption": directives.unchanged,
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in KINDS:
            raise self.error(f"playground: kind must be one of {', '.join(KINDS)}, got {kind!r}")
        try:
            config = self._config(kind)
        except (ValueError, TypeError, SyntaxError) as err:
            raise self.error(f"playground {kind}: {err}") from err
        node = playground_node(kind=kind, config=config, classes=self.options.get("class", []))
        self.add_name(node)
        if "caption" in self.options:
            inline, messages = self.parse_inline(self.options["caption"], lineno=self.lineno)
            node += nodes.paragraph("", "", *inline, classes=["pg-caption"])
            node += messages
        node += nodes.paragraph("", NOSCRIPT, classes=["pg-noscript"])
        self.set_source_info(node)
        return [node]

    def _surface(self, default: str, dim: int | None):
        name = self.options.get("surface", default)
        if name not in ALL:
            raise ValueError(f"surface must be one of {', '.join(ALL)}, got {name!r}")
        if dim is not None and ALL[name].dim != dim:
            raise ValueError(f"surface {name!r} is {ALL[name].dim}D, this kind needs {dim}D")
        return name

    def _start(self, config: dict, dim: int) -> None:
        if "start" in self.options:
            start = _floats(self.options["start"])
            if len(start) != dim:
                raise ValueError(f"start needs {dim} numbers, got {self.options['start']!r}")
            config["start"] = start

    def _budget(self, config: dict) -> None:
        """A schedules playground's runs made by :func:`descent.run` for its ``:steps:`` from
        its start: descent refuses a schedule that ends before them (a ``OneCycleLR`` shorter
        than the budget), whatever the peak rate."""
        if "steps" not in config:
            raise ValueError("a schedules playground needs :steps:, the runs' budget")
        if not any(p.get("schedule") for p in config["optimizers"]):
            raise ValueError("a schedules playground needs a schedule in some optimizer's lr")
        surface = Quadratic(np.array(config["quadratic"]["A"])) if "quadratic" in config else None
        surface = surface or ALL[config["surface"]]
        start = np.array(config.get("start", default_start(config["surface"])), dtype=float)
        for p in config["optimizers"]:
            lr = p["hyper"]["lr"]
            if p.get("schedule"):
                s = p["schedule"]
                peak = playground_data.schedules()[s["name"]]["peak"]
                lr = getattr(descent.schedules, s["name"])(**s["args"] | {peak: lr})
            descent.run(
                OPTIMIZERS[p["name"]](**p["hyper"] | {"lr": lr}), surface, start, config["steps"]
            )

    def _config(self, kind: str) -> dict:
        o = self.options
        config: dict = {}
        if "steps" in o:
            config["steps"] = o["steps"]
        if kind == "1d":
            config["surface"] = self._surface("parabola", 1)
            descent.GradientDescent(lr=o.get("lr", 0.1))
            config["lr"] = o.get("lr", 0.1)
            self._start(config, 1)
        elif kind in ("2d", "schedules"):
            if "matrix" in o:
                rows = [_floats(row) for row in o["matrix"].split(";")]
                extent = _floats(o.get("extent", "-3 3 -3 3"))
                # descent's checks: a finite symmetric 2×2 matrix, a window of 4 numbers
                surface = Quadratic(np.array(rows), extent=extent)
                if surface.dim != 2:
                    raise ValueError(f"matrix must be 2×2, got {o['matrix']!r}")
                config["quadratic"] = {"A": rows, "extent": extent}
                config["surface"] = "quadratic"
            else:
                config["surface"] = self._surface("bowl", 2)
            if "optimizers" not in o:
                raise ValueError("a 2d playground needs :optimizers:")
            config["optimizers"] = parse_optimizers(o["optimizers"])
            if "ring" in o:  # a figure's ring of starts, "radius count phase", drawn faintly
                ring = _floats(o["ring"])
                if not (len(ring) == 3 and ring[0] > 0 and ring[1] >= 1 and ring[1] % 1 == 0):
                    raise ValueError(f"ring must be 'radius count phase', got {o['ring']!r}")
                radius, count, phase = ring
                angles = np.linspace(0, 2 * np.pi, int(count), endpoint=False) + phase
                config["others"] = (
                    radius * np.column_stack([np.cos(angles), np.sin(angles)])
                ).tolist()
            config["sliders"] = parse_sliders(o.get("sliders", ""))
            for s in config["sliders"]:
                built = [
                    (p, OPTIMIZERS[p["name"]](**p["hyper"]))
                    for p in config["optimizers"]
                    if s.get("optimizer", p["name"]) == p["name"]
                ]
                have = [(p, opt) for p, opt in built if hasattr(opt, s["param"])]
                if not have:
                    raise ValueError(f"slider {item_name(s)}: no optimizer here has it")
                for p, opt in have:  # a slider for a defaulted hyperparameter starts there
                    p["hyper"].setdefault(s["param"], getattr(opt, s["param"]))
            self._start(config, 2)
            if kind == "schedules":
                self._budget(config)
        elif kind == "triptych":
            config["surface"] = self._surface("elongated", 2)
            if not hasattr(ALL[config["surface"]], "eigenvalues"):
                raise ValueError("a triptych needs a quadratic surface (its 2/λ_max)")
            if "lr" in o:
                config["lr"] = o["lr"]
            if "factors" in o:
                config["factors"] = _floats(o["factors"])
            self._start(config, 2)
            config.setdefault("start", [-5.0, 2.0])
        elif kind == "open":
            config["surfaces"] = [name for name, s in ALL.items() if s.dim == 2]
            if "surface" in o:
                config["surface"] = self._surface("bowl", 2)
            if "optimizers" in o:
                config["optimizers"] = parse_optimizers(o["optimizers"])
            self._start(config, 2)
            # where each surface starts, and the rates a sweep from there suggests
            first = config.get("surface", config["surfaces"][0])
            starts = {name: default_start(name) for name in config["surfaces"]}
            if "start" in config:
                starts[first] = config["start"]
            steps = config.get("steps", 300)
            config["starts"] = starts
            config["lr"] = {n: open_lr(n, tuple(starts[n]), steps) for n in config["surfaces"]}
        elif kind == "ema":
            signal, trend = ema_signal(o.get("seed", 0))
            config.update(signal=signal.tolist(), trend=trend.tolist(), beta=o.get("beta", 0.9))
            descent.ema(signal[:1], config["beta"])  # descent checks β
        elif kind == "sgd":
            epochs = o.get("epochs", 20)
            if epochs > SGD_EPOCHS:
                raise ValueError(f"epochs must be at most {SGD_EPOCHS}")
            problem, orders = sgd_data(o.get("seed", 0))
            batch = o.get("batch-size", 10)
            if batch > problem.n_samples:
                raise ValueError(f"batch-size must be at most {problem.n_samples}")
            descent.GradientDescent(lr=o.get("lr", 0.1))
            config.update(
                x=problem.x.tolist(),
                y=problem.y.tolist(),
                orders=orders.tolist(),
                lr=o.get("lr", 0.1),
                batch_size=batch,
                epochs=epochs,
            )
            self._start(config, 2)
        return config


def scripts(kinds) -> list[str]:
    """The scripts a page with playgrounds of ``kinds`` loads, in order: the base, then each
    kind's (:data:`KIND_SCRIPTS`, once each, after those it builds on), no other kind's.

    >>> scripts(["sgd", "1d"])[4:]
    ['playground/kind-1d.js', 'playground/kind-2d.js', 'playground/kind-sgd.js']
    """
    out = list(BASE_SCRIPTS)
    for kind in KINDS:  # a fixed order, whatever the page's
        if kind in kinds:
            out += [s for s in KIND_SCRIPTS[kind] if s not in out]
    return out


def _add_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Load the playground's scripts and stylesheet on the pages that have one, only: the base
    scripts and those of the kinds the page shows."""
    if doctree is None:
        return
    kinds = {node["kind"] for node in doctree.findall(playground_node)}
    if not kinds:
        return
    app.add_css_file(STYLESHEET)
    # "<" escaped: the JSON cannot close its <script> element, whatever it holds
    data = json.dumps(registry(), ensure_ascii=False).replace("<", "\\u003c")
    app.add_js_file(None, body=data, type="application/json", id=REGISTRY_ID)
    for script in scripts(kinds):
        app.add_js_file(script, loading_method="defer")


def setup(app: Sphinx) -> dict:
    skip = (_skip, None)
    app.add_node(
        playground_node,
        html=(_visit_html, _depart_html),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.add_directive("playground", Playground)
    app.connect("html-page-context", _add_assets)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
