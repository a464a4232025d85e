"""Sphinx extension: classes show the signature one calls them with, defaults as written.

The surfaces and problems give their ``__init__``'s signature (``descent._frozen``), but
autodoc prints its defaults by ``repr``. A dataclass's ``__init__`` is generated, so
``autodoc_preserve_defaults`` cannot find the source of its defaults and ``start_factor=1/3``
printed as ``0.3333333333333333``. A
``typing.Protocol`` is never called, so it shows no signature at all.

:func:`signature_of` builds the signature from ``__init__`` (or the dataclass fields), with
each default as the source writes it (``1e-8``, ``1/3``); the ``reexports`` directive uses it
too, so ``descent.run_stochastic`` on the API index shows the same signature as its entry.

It also keeps napoleon from taking the first words of a data docstring for its type.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap

from sphinx.application import Sphinx
from sphinx.util.inspect import stringify_signature


class _Source:
    """A default value shown by its source text (``repr`` is what Sphinx prints)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _source_defaults(func) -> dict[str, str]:
    """Each parameter's default in ``func``'s source, as written: ``{"limit": "1e8"}``."""
    try:
        source = textwrap.dedent(inspect.getsource(func))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return {}
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return {}
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    pairs = list(
        zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True)
    )
    pairs += [
        (a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None
    ]
    return {a.arg: ast.get_source_segment(source, d) for a, d in pairs}


def _field_defaults(cls) -> dict[str, str]:
    """A dataclass's field defaults as its class body writes them (``lr: float = 1e-3``)."""
    texts = {}
    for klass in reversed(cls.__mro__):  # a subclass's default wins
        if not dataclasses.is_dataclass(klass):
            continue
        try:
            source = textwrap.dedent(inspect.getsource(klass))
            tree = ast.parse(source)
        except (OSError, TypeError, SyntaxError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for stmt in body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
                value = stmt.value
                if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "field":
                    value = next((k.value for k in value.keywords if k.arg == "default"), None)
                if value is not None:
                    texts[stmt.target.id] = ast.get_source_segment(source, value)
    return texts


def _with_source_defaults(sig: inspect.Signature, texts: dict[str, str]) -> inspect.Signature:
    params = [
        p.replace(default=_Source(texts[p.name]))
        if p.default is not p.empty and texts.get(p.name)
        else p
        for p in sig.parameters.values()
    ]
    return sig.replace(parameters=params)


def signature_of(obj) -> str | None:
    """``obj``'s call signature as the source writes it, ``"(lr, beta=0.9)"``; ``""`` for a
    protocol; ``None`` when it has none that Python can tell."""
    if inspect.isclass(obj):
        if getattr(obj, "_is_protocol", False):
            return ""
        init = obj.__init__
        if dataclasses.is_dataclass(obj):
            sig, texts = inspect.signature(obj), _field_defaults(obj)
        elif inspect.isfunction(init):  # written in Python: what the metaclass's call runs
            sig = inspect.signature(init)
            sig = sig.replace(parameters=list(sig.parameters.values())[1:])  # self
            texts = _source_defaults(init)
        elif type(obj).__call__ is not type.__call__:  # the metaclass's, but no __init__
            return "()"
        else:  # a NamedTuple's __new__, say
            sig, texts = inspect.signature(obj), {}
    elif callable(obj):
        try:
            sig = inspect.signature(obj)
        except (TypeError, ValueError):
            return None
        texts = _source_defaults(obj)
    else:
        return None
    sig = _with_source_defaults(sig, texts)
    return stringify_signature(sig, show_annotation=False, show_return_annotation=False)


def _class_signature(app, what, name, obj, options, signature, return_annotation):
    """Where autodoc gets a class's signature wrong: a protocol, a dataclass (defaults) and
    a class whose metaclass defines ``__call__`` (its ``*args, **kwargs``)."""
    if what not in {"class", "exception"} or not inspect.isclass(obj):
        return None
    custom_call = type(obj).__call__ is not type.__call__
    if not (getattr(obj, "_is_protocol", False) or dataclasses.is_dataclass(obj) or custom_call):
        return None
    sig = signature_of(obj)
    return None if sig is None else (sig, return_annotation)


def _no_inline_type(app, what, name, obj, options, lines):
    """Keep napoleon from reading a data or property docstring's first words as its type.

    Given ``#: Font sizes, in points: a panel's title, ...``, napoleon takes what precedes the
    first colon as the type ("Type: Font sizes, in points"). descent's first lines are prose
    (types are in the numpydoc sections), so an empty reST comment goes first: napoleon reads
    it as the line without a type, and it renders as nothing. (An empty line would not do:
    napoleon skips leading empty lines.) Runs before napoleon (priority 499 < 500).
    """
    if what in {"data", "attribute", "property"} and lines and lines[0].strip():
        lines[:0] = ["..", ""]


def setup(app: Sphinx) -> dict:
    app.connect("autodoc-process-signature", _class_signature)
    app.connect("autodoc-process-docstring", _no_inline_type, priority=499)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
