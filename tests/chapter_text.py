"""What the chapters' tests read: a chapter's text on one line, a gallery script, its literals."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def text(chapter):
    """The MyST source of ``docs/chapters/<chapter>.md``."""
    return (ROOT / "docs" / "chapters" / f"{chapter}.md").read_text()


def flat(chapter):
    """The chapter ``docs/chapters/<chapter>.md`` with its line breaks as spaces."""
    return " ".join(text(chapter).split())


def gallery(name):
    """The source of ``gallery/<name>.py``."""
    return (ROOT / "gallery" / f"{name}.py").read_text()


def literal(script, name):
    """The value of the literal assigned to ``name`` at the top level of ``script``."""
    for node in ast.parse(script).body:
        if isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == [name]:
            return ast.literal_eval(node.value)
    raise LookupError(name)


def figure(chapter, name):
    """The block of the figure ``:name: <name>`` in ``chapter`` (a ``{beside}`` block with its
    caption, alt text and the prose beside it, or a ``{figure}``), from its opening fence to the
    fence that closes it, on one line."""
    lines = text(chapter).splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == f":name: {name}")
    opening = next(
        i for i in range(at, -1, -1) if lines[i].lstrip(":`").startswith(("{beside}", "{figure}"))
    )
    fence = lines[opening][: len(lines[opening]) - len(lines[opening].lstrip(":`"))]
    closing = next(i for i in range(at, len(lines)) if lines[i].strip() == fence)
    return " ".join(" ".join(lines[opening : closing + 1]).split())
