"""What the chapters' tests read: a chapter's text on one line, a gallery script, its literals."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def flat(chapter):
    """The chapter ``docs/chapters/<chapter>.md`` with its line breaks as spaces."""
    return " ".join((ROOT / "docs" / "chapters" / f"{chapter}.md").read_text().split())


def gallery(name):
    """The source of ``gallery/<name>.py``."""
    return (ROOT / "gallery" / f"{name}.py").read_text()


def literal(script, name):
    """The value of the literal assigned to ``name`` at the top level of ``script``."""
    for node in ast.parse(script).body:
        if isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == [name]:
            return ast.literal_eval(node.value)
    raise LookupError(name)
