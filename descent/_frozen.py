"""Immutable objectives: attributes are set in ``__init__`` and never again.

Surfaces and problems are shared (``descent.surfaces.ALL`` holds one instance of each, used by
every chapter), so, like the optimizers, they refuse to change: after construction, setting or
deleting an attribute raises ``AttributeError`` and every array attribute is read-only. A
different plotting window is a new object: :meth:`Frozen.with_extent`.
"""

from __future__ import annotations

import copy
import inspect

import numpy as np

from ._checks import check_extent


class _FreezeAfterInit(type):
    """Metaclass: run the class's ``__init__`` (and its subclasses'), then freeze the object."""

    @property
    def __signature__(cls):
        # ``inspect.signature(cls)`` would otherwise report ``__call__``'s (*args, **kwargs):
        # a class shows its own ``__init__``'s, without ``self``. A property of the metaclass,
        # so the instances (callable surfaces) keep the signature of their own ``__call__``.
        init = inspect.signature(cls.__init__)
        return init.replace(parameters=list(init.parameters.values())[1:])

    def __call__(cls, *args, **kwargs):
        obj = super().__call__(*args, **kwargs)
        obj._freeze()
        return obj


class Frozen(metaclass=_FreezeAfterInit):
    """Base of surfaces and problems: immutable once constructed."""

    def _freeze(self):
        for value in vars(self).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        object.__setattr__(self, "_frozen", True)

    def __setattr__(self, name, value):
        if self.__dict__.get("_frozen", False):
            raise AttributeError(
                f"{type(self).__name__} is immutable: cannot set {name!r} "
                "(build a new one, or use with_extent for another plotting window)"
            )
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if self.__dict__.get("_frozen", False):
            raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")
        object.__delattr__(self, name)

    def with_extent(self, extent):
        """The same objective with another plotting window ``extent`` (``2 * dim`` floats).

        Examples
        --------
        >>> from descent.surfaces import ALL
        >>> ALL["bowl"].with_extent((-1, 1, -3, 3)).extent
        (-1.0, 1.0, -3.0, 3.0)
        >>> ALL["bowl"].extent  # unchanged
        (-2.0, 2.0, -2.0, 2.0)
        """
        extent = check_extent(extent, self.dim)
        new = copy.copy(self)
        lazy = isinstance(getattr(type(self), "extent", None), property)  # computed: MLP
        object.__setattr__(new, "_extent" if lazy else "extent", extent)
        return new
