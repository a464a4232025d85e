"""Every public class and function documents itself with a runnable example."""

import inspect
import re
from pathlib import Path

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


# the API pages show an example in a column about 77 monospace characters wide: a longer line
# scrolls sideways, and the end of the call is out of sight
EXAMPLE_WIDTH = 76
PACKAGE = Path(descent.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_example_lines_fit_the_api_column(path):
    too_long, base = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if match := re.match(r"^(\s*)>>> ", line):
            base = len(match.group(1))
        elif not line.strip() or line.strip().startswith('"""'):
            base = None  # the example (input and output) ends at a blank line
        if base is not None and len(line.rstrip()) - base > EXAMPLE_WIDTH:
            too_long.append(f"{path.name}:{number}: {line.strip()}")
    assert not too_long, "\n".join(too_long)
