"""The data the playground pages carry is descent's: its registry, palette, defaults, shuffles.

``docs/_ext/playground_data.py`` computes what the directive writes into every page with a
playground and what ``tests_js/export_golden.py`` records for the JavaScript tests; the
scripts keep no copy of it. Here it is checked against the library, entry by entry.
"""

import dataclasses
import doctest
import functools
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
from matplotlib import colors as mcolors

import descent
import descent.plot
from descent.optimizers import ALL
from descent.problems import LinearRegression
from descent.surfaces import ALL as SURFACES

ROOT = Path(__file__).resolve().parents[1]


def _load(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


playground_data = _load(ROOT / "docs" / "_ext" / "playground_data.py")


@pytest.fixture(scope="module")
def registry():
    return playground_data.registry()


def test_every_optimizer_of_the_registry_in_its_order(registry):
    assert list(registry["optimizers"]) == list(ALL)


@pytest.mark.parametrize("name", list(ALL))
def test_colour_hyperparameters_and_defaults_are_descents(registry, name):
    page = registry["optimizers"][name]
    fields = dataclasses.fields(ALL[name])
    assert page["color"] == descent.plot.COLORS[name] == descent.plot.color(name)
    assert page["hyper"] == [f.name for f in fields]
    assert page["defaults"] == {
        f.name: list(f.default) if isinstance(f.default, tuple) else f.default  # JSON's list
        for f in fields
        if f.default is not dataclasses.MISSING
    }
    assert ALL[name](**page["defaults"] | {"lr": 0.1}) == ALL[name](lr=0.1)


def test_a_rate_without_a_default_in_python_has_none_on_the_page(registry):
    """The JavaScript once gave gradient descent and momentum a default lr that descent lacks."""
    for name in ("GradientDescent", "Momentum", "Nesterov"):
        assert "lr" not in registry["optimizers"][name]["defaults"]
        with pytest.raises(TypeError):
            ALL[name]()


def test_symbols_are_descent_plots_in_plain_text(registry):
    latex = playground_data._plot_symbols()
    keys = {f.name for cls in ALL.values() for f in dataclasses.fields(cls)}
    assert set(registry["symbols"]) == keys
    for key, text in registry["symbols"].items():
        assert text == (
            playground_data.plain_symbol(latex[key]) if key in latex else key.replace("_", " ")
        )
    assert (registry["symbols"]["beta1"], registry["symbols"]["eps"]) == ("β₁", "ε")


def test_the_registry_is_plain_json(registry):
    assert json.loads(json.dumps(registry)) == registry


def registry_of_vectors(name):
    return playground_data.vector(ALL[name])


SURFACES_2D = [name for name, s in SURFACES.items() if s.dim == 2]


@pytest.mark.parametrize("surface", SURFACES_2D)
def test_open_playground_rates_never_diverge_from_its_start(surface):
    """The suggested rates, swept at build time: from the playground's start, none diverges
    in the playground's 1000 steps, and on a surface with a minimum none ends outside the
    window (Beale's once diverged at step 2 for three optimizers)."""
    rates = playground_data.open_lr(surface)
    assert list(rates) == [name for name in ALL if registry_of_vectors(name)]
    s = SURFACES[surface]
    start = np.array(playground_data.default_start(surface))
    x0, x1, y0, y1 = s.extent
    assert x0 <= start[0] <= x1
    assert y0 <= start[1] <= y1
    for name, lr in rates.items():
        assert lr in playground_data.RATE_GRID
        traj = descent.run(ALL[name](lr=lr), s, start, playground_data.LONG_RUN)
        if len(s.minima):
            assert traj.diverged_at == -1, f"{name} at {lr} diverges on {surface}"
            x, y = traj.final
            assert x0 <= x <= x1, f"{name} at {lr} leaves {surface}'s window"
            assert y0 <= y <= y1, f"{name} at {lr} leaves {surface}'s window"


@pytest.mark.parametrize("batch_size", [1, 10, 32, 100])
def test_sgd_shuffles_are_run_stochastics(batch_size):
    """The SGD playground cuts these shuffles as run_stochastic does: same path, bit for bit."""
    problem, orders = playground_data.sgd_data(seed=0, epochs=3)
    np.testing.assert_array_equal(problem.x, LinearRegression.synthetic(seed=0).x)
    opt = descent.GradientDescent(lr=0.1)
    traj = descent.run_stochastic(opt, problem, np.zeros(2), epochs=3, batch_size=batch_size)
    x = np.zeros(2)
    state = opt.init(x)
    n = problem.n_samples
    for t, batch in enumerate(
        order[i : i + batch_size] for order in orders for i in range(0, n, batch_size)
    ):
        x, state = opt.step(x, problem.grad(x, batch=batch), state)
        np.testing.assert_array_equal(traj.path[t + 1], x)


def test_the_examples_in_playground_data_hold():
    """docs/_ext is outside pytest's doctest paths: run the module's examples here."""
    failed, tried = doctest.testmod(playground_data, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried >= 4
    assert failed == 0


record_torch = _load(ROOT / "tests" / "data" / "record_torch.py")


@pytest.mark.parametrize("name", list(ALL))
def test_the_torch_call_is_the_one_the_reference_tests_replay(registry, name):
    """The open playground's "copy as code" writes this torch.optim call: the table the torch
    reference data is recorded and replayed with (so the call makes descent's updates), for
    the class the docstring names ("Same as torch.optim.SGD(...")."""
    page = registry["optimizers"][name]["torch"]
    if name not in record_torch.TORCH_OF:
        assert page is None
        return
    cls, kwargs, fixed = record_torch.TORCH_OF[name][:3]
    assert page == {"cls": cls, "kwargs": kwargs, "fixed": fixed}
    assert f"torch.optim.{cls}(" in ALL[name].__doc__
    assert set(page["kwargs"]) <= {f.name for f in dataclasses.fields(ALL[name])}


@pytest.mark.parametrize("name", list(ALL))
def test_names_types_and_dark_colours(registry, name):
    """What the legends call each optimizer (the site's prose names), how the open playground
    asks for each field (True/False a checkbox), and the optimizer's colour in the dark
    figures."""
    page = registry["optimizers"][name]
    assert page["name"] == playground_data.NAMES.get(name, name)
    for f in dataclasses.fields(ALL[name]):
        expected = playground_data.field_types(ALL[name])[f.name]
        assert page["types"][f.name] == expected
        if isinstance(f.default, bool):  # a checkbox, unless the switch leaves the plane
            assert expected == (
                "fixed" if (name, f.name) == ("Adafactor", "factored") or name == "Muon" else "bool"
            )
        elif isinstance(f.default, int | float):
            assert expected == "number"
    assert registry["dark"][page["color"].upper()] == descent.plot.style.COLORS_DARK[name]


def test_the_names_are_the_sites_prose_names(registry):
    assert playground_data.NAMES == descent.plot.style.NAMES
    assert {o["name"] for o in registry["optimizers"].values()} <= set(
        playground_data.NAMES.values()
    )
    assert registry["optimizers"]["GradientDescent"]["name"] == "gradient descent"
    assert registry["optimizers"]["Momentum"]["name"] == "momentum"


def test_the_canvases_colours_are_descent_plots(registry):
    """Light: the figures' paper, text, spines, contours and star; dark: the dark figures'."""
    style = descent.plot.style
    light, dark = registry["theme"]["light"], registry["theme"]["dark"]
    assert light["bg"] == "#FFFFFF"
    assert dark["bg"] == style.DARK_BACKGROUND
    assert light["ink"] == style.RC["axes.labelcolor"].upper()
    assert dark["ink"] == style.DARK_TEXT
    assert (light["signal"], light["trend"]) == (style.GREY, style.REFERENCE)
    for key, value in light.items():
        if key not in ("shadeLo", "shadeHi"):
            assert dark[key] == style.dark_color(value), key
    # the grey ramp at the figures' alpha: white at the bottom, light grey at the top
    assert light["shadeLo"] == "#FFFFFF"
    assert dark["shadeLo"] == style.DARK_BACKGROUND
    grey = np.array(mcolors.to_rgb(light["shadeHi"]))
    assert np.allclose(grey, 1 - 0.22, atol=1 / 255)  # Greys' black at alpha 0.22 on white
    assert mcolors.to_rgb(dark["shadeHi"]) > mcolors.to_rgb(dark["shadeLo"])
    for colour in registry["styles"]["rates"] + [registry["styles"]["ema"]]:
        assert registry["dark"][colour.upper()] == style.dark_color(colour.upper())


@pytest.mark.parametrize("name", list(ALL))
def test_the_page_offers_what_runs_on_a_vector(registry, name):
    """Asked of descent: every rule but Muon runs on a point of a surface (Adafactor at its
    default, unfactored); a factored Adafactor does not."""
    assert registry["optimizers"][name]["vector"] is (name != "Muon")
    assert not playground_data.vector(functools.partial(descent.Adafactor, factored=True))
