"""Every public class and function documents itself with a runnable example."""

import inspect

import pytest

import descent
from descent import objectives, optimizers, plot, problems, schedules, surfaces

PUBLIC = {
    f"{module.__name__}.{name}": getattr(module, name)
    for module in (descent, objectives, optimizers, plot, problems, schedules, surfaces)
    for name in module.__all__
    if callable(getattr(module, name))
    and not inspect.ismodule(getattr(module, name))
    # the optimizers' states are plain NamedTuples, shown in each optimizer's example
    and not name.endswith("State")
}


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_object_has_numpy_docstring_with_examples(name):
    doc = inspect.getdoc(PUBLIC[name]) or ""
    assert doc.strip(), f"{name} has no docstring"
    assert "Examples\n--------\n>>>" in doc or "Examples\n--------\n" in doc, name
    assert ">>> " in doc.split("Examples", 1)[-1], f"{name}: Examples has no doctest"
