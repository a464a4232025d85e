"""Sphinx extension: ``reexports`` lists the names a package re-exports at its top level.

``descent.Momentum`` and ``descent.run`` are what scripts and docstrings write, but autodoc
documents each object once, where its module puts it (``descent.optimizers.Momentum``).
``.. reexports:: descent`` describes every name of ``descent.__all__`` that is defined in a
submodule — class or function, not module — by its first docstring line and a link to its
full entry, so that ``:class:`descent.Momentum``` resolves and the list cannot go stale.
Each shows its signature (``signatures.signature_of``), defaults as the source writes them.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys

from docutils import nodes
from signatures import signature_of  # docs/_ext: the same signature as the full entry's
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def _public_path(modname: str, name: str, obj) -> str:
    """Where autodoc documents ``obj``: the outermost submodule whose ``__all__`` has it."""
    parts = obj.__module__.split(".")
    for i in range(len(modname.split(".")) + 1, len(parts) + 1):
        module = sys.modules.get(".".join(parts[:i]))
        if module is not None and name in getattr(module, "__all__", ()):
            return f"{module.__name__}.{name}"
    return f"{obj.__module__}.{obj.__qualname__}"


def _data_home(modname: str, name: str, obj) -> str | None:
    """The submodule that defines the data ``obj`` (a dict, a tuple...: no ``__module__``)."""
    for sub, module in sorted(sys.modules.items()):
        in_all = name in getattr(module, "__all__", ())
        if sub.startswith(modname + ".") and in_all and getattr(module, name, None) is obj:
            return f"{sub}.{name}"
    return None


#: A cross-reference role with a bare target (``:data:`NAMES```), as a docstring writes it for
#: a name of its own module.
BARE_ROLE = re.compile(r":(py:)?(data|class|func|meth|attr|obj|const):`(?![~.!])([A-Za-z_]\w*)`")


def _qualified(summary: str, obj) -> str:
    """``summary`` with each bare reference to a name of ``obj``'s own module made full
    (``:data:`~descent.plot.style.NAMES```): here it is read under the package, where the
    bare name does not resolve."""
    home = sys.modules.get(getattr(obj, "__module__", "") or "")

    def qualify(match):
        role, name = match.group(2), match.group(3)
        if home is None or not hasattr(home, name):
            return match.group(0)
        return f":{match.group(1) or ''}{role}:`~{home.__name__}.{name}`"

    return BARE_ROLE.sub(qualify, summary)


class ReExports(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        modname = self.arguments[0]
        module = importlib.import_module(modname)
        lines = [f".. py:currentmodule:: {modname}", ""]
        for name in module.__all__:
            try:
                obj = getattr(module, name)
            except ImportError:  # a lazily imported submodule that is not there
                continue
            if inspect.ismodule(obj):
                continue
            if not (inspect.isclass(obj) or callable(obj)):
                # data such as a palette: described by the submodule's #: comment
                target = _data_home(modname, name, obj)
                if target is None:
                    continue
                kind, role, summary, sig = "data", "data", "", ""
            elif getattr(obj, "__module__", modname) == modname:
                continue
            else:
                kind = "class" if inspect.isclass(obj) else "function"
                target = _public_path(modname, name, obj)
                role = "class" if kind == "class" else "func"
                summary = (inspect.getdoc(obj) or "").split("\n\n")[0].replace("\n", " ")
                summary = _qualified(summary, obj)
                sig = signature_of(obj) or ""
            if f"{modname}.{name}" in sys.modules:
                raise ValueError(f"{modname}.{name} is both a submodule and a re-exported name")
            lines += [
                f".. py:{kind}:: {name}{sig}",
                "   :no-index-entry:",
                "",
                f"   {summary} Documented as :py:{role}:`{target}`.".replace("    ", "   ", 1),
                "",
            ]
        return self.parse_text_to_nodes("\n".join(lines))


def setup(app: Sphinx) -> dict:
    app.add_directive("reexports", ReExports)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
