r"""Results kept in a folder, so that the processes of one build compute each run once.

A chapter of the site and its gallery scripts often make the same run: the script to draw it,
the chapter to quote its numbers. They run in different processes (a gallery worker, a
notebook kernel), so an in-memory cache cannot share it. With the environment variable
:data:`ENV` naming a folder, the functions decorated with :func:`kept` (:func:`~descent.run`,
:func:`~descent.run_stochastic`, :func:`~descent.sharpness`) keep each result there, under a
hash of their arguments and of descent's own source, and read it back when the same call comes
again. Without it (the default, and in the tests) nothing is kept and nothing is read.

What goes into the hash: the arguments as pickle writes them (arrays by their bytes,
optimizers, schedules and problems by their fields), and a function passed in (a learning rate
``lambda t: ...``, say) by its code, its constants, the values of its closure and of the global
names it reads, recursively; numpy's and descent's own functions and classes by their name,
since descent's source is hashed too. An argument that cannot be hashed so (an open file, an
instance of a class defined in a script) makes the call run as if nothing were kept. A call
made inside another kept call is not kept on its own, and neither is a result larger than
:data:`MAX_BYTES` or one that took less than :data:`MIN_SECONDS` to compute.

Examples
--------
>>> import os, tempfile
>>> import numpy as np
>>> import descent
>>> from descent.runs import run
>>> opt, bowl = descent.Adam(lr=0.1), descent.surfaces.Himmelblau()
>>> with tempfile.TemporaryDirectory() as folder:
...     os.environ[ENV] = folder
...     os.environ[MIN_ENV] = "0"  # keep even a run this quick
...     try:
...         first = run(opt, bowl, [0, 0], 50)
...         again = run(descent.Adam(lr=0.1), bowl, [0, 0], 50)
...         kept_files = len(os.listdir(folder))
...     finally:
...         del os.environ[ENV], os.environ[MIN_ENV]
>>> kept_files, bool(np.array_equal(first.path, again.path)), again is first
(1, True, False)
"""

from __future__ import annotations

import dis
import functools
import hashlib
import io
import os
import pickle
import sys
import threading
import time
import types
from pathlib import Path

__all__ = ["ENV", "MAX_BYTES", "MIN_ENV", "MIN_SECONDS", "kept"]

#: the environment variable naming the folder (the site's build sets it)
ENV = "DESCENT_CACHE"
#: the largest result kept, in bytes of its pickle
MAX_BYTES = 512 * 2**20
#: a call quicker than this (in seconds) is not kept: reading it back would cost about as much;
#: the environment variable :data:`MIN_ENV` overrides it
MIN_SECONDS = 0.3
#: the environment variable that overrides :data:`MIN_SECONDS` (the tests set it to 0)
MIN_ENV = "DESCENT_CACHE_MIN_SECONDS"
#: packages whose functions and classes are hashed by name (their code does not change
#: within a build; descent's own source is hashed as a whole)
_BY_NAME = frozenset({"numpy", "descent", *sys.stdlib_module_names})
_inside = threading.local()


@functools.lru_cache
def source_digest() -> str:
    """A hash of descent's source: a kept result is read only by the code that made it."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(here.rglob("*.py")):
        h.update(path.relative_to(here).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


class _Unhashable(Exception):
    pass


def _by_name(obj) -> bool:
    """A function or class of numpy, descent or the standard library, named by its module and
    qualified name (a ``lambda`` made inside descent is not one: it is hashed by its code)."""
    module = getattr(obj, "__module__", None) or ""
    qualname = getattr(obj, "__qualname__", "")
    # builtins are left to pickle: its reductions call str and tuple themselves
    return module != "builtins" and module.partition(".")[0] in _BY_NAME and "<" not in qualname


#: instructions that only manage the frame (cells, the stack's NULL before a call): two
#: functions that read the same names the same way hash alike whatever their scope
_FRAME_OPS = frozenset({"RESUME", "COPY_FREE_VARS", "MAKE_CELL", "PUSH_NULL", "NOP", "CACHE"})
_LOADS = frozenset({"LOAD_GLOBAL", "LOAD_DEREF", "LOAD_NAME", "LOAD_FAST", "LOAD_CLASSDEREF"})


def _code(code: types.CodeType):
    """A code object as its instructions, a name read from any scope written as a plain load:
    ``lambda t: rates[t]`` in a script (``rates`` global) and in a function (``rates`` a
    closure) are the same code, told apart only by the values the key adds for its names."""
    ops = []
    for ins in dis.get_instructions(code):
        if ins.opname in _FRAME_OPS:
            continue
        arg = _code(ins.argval) if isinstance(ins.argval, types.CodeType) else ins.argval
        ops.append(("LOAD" if ins.opname in _LOADS else ins.opname, arg))
    return ("code", tuple(ops))


class _KeyPickler(pickle.Pickler):
    """Pickles what a result depends on: functions by their code and the values they read."""

    def reducer_override(self, obj):
        if isinstance(obj, type | types.FunctionType | types.BuiltinFunctionType) and _by_name(
            obj
        ):  # by its name, not by pickle's reference (which asks for the very object)
            return str, (f"{type(obj).__name__} {obj.__module__}.{obj.__qualname__}",)
        if isinstance(obj, types.FunctionType):
            code = obj.__code__
            names = _global_names(code)
            reads = {n: obj.__globals__[n] for n in sorted(names) if n in obj.__globals__}
            cells = zip(code.co_freevars, obj.__closure__ or (), strict=True)
            reads |= {n: c.cell_contents for n, c in cells}  # the values of the names it reads
            reads = dict(sorted(reads.items()))
            return tuple, ((_code(code), obj.__defaults__, obj.__kwdefaults__, reads),)
        if isinstance(obj, types.ModuleType):
            return str, (f"module {obj.__name__}",)
        if isinstance(obj, type) and obj.__module__.partition(".")[0] not in _BY_NAME:
            raise _Unhashable(obj)  # a class of a script: its code is not hashed
        return NotImplemented


def _global_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _key(fn, args, kwargs) -> str:
    buffer = io.BytesIO()
    pickler = _KeyPickler(buffer, protocol=5)
    # no memo: pickle would write an object met twice as a reference to its first place,
    # so equal arguments that share parts differently (a string, an array) would hash apart
    pickler.fast = True
    try:
        pickler.dump((fn.__module__, fn.__qualname__, args, kwargs))
    except (_Unhashable, pickle.PicklingError, TypeError, AttributeError, RecursionError) as e:
        raise _Unhashable from e
    return hashlib.sha256(buffer.getvalue()).hexdigest()[:32]


def kept(fn):
    """Decorate ``fn`` so that, with :data:`ENV` set, its results are kept in that folder.

    The result is read back (a fresh copy, by pickle) when ``fn`` is called again with equal
    arguments by the same descent, in this process or another. Calls with arguments that
    cannot be hashed, calls inside another kept call and results over :data:`MAX_BYTES`
    simply run.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        folder = os.environ.get(ENV)
        if not folder or getattr(_inside, "depth", 0):
            return _call(fn, args, kwargs)
        try:
            key = _key(fn, args, kwargs)
        except _Unhashable:
            return _call(fn, args, kwargs)
        path = Path(folder) / f"{fn.__name__}-{source_digest()}-{key}.pickle"
        given = [*args, *kwargs.values()]
        try:
            return _Reader(io.BytesIO(path.read_bytes()), given).load()
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
        began = time.perf_counter()
        result = _call(fn, args, kwargs)
        if time.perf_counter() - began < float(os.environ.get(MIN_ENV, MIN_SECONDS)):
            return result
        buffer = io.BytesIO()
        try:
            _Writer(buffer, given).dump(result)
        except (pickle.PicklingError, TypeError, AttributeError):
            return result
        data = buffer.getvalue()
        if len(data) <= MAX_BYTES:
            try:
                _tidy(path.parent)
                part = path.with_name(f"{path.name}.{os.getpid()}.part")
                part.write_bytes(data)
                os.replace(part, path)  # atomic: a reader never sees half a file
            except OSError:
                pass
        return result

    return wrapper


class _Writer(pickle.Pickler):
    """Pickles a result with the call's own arguments left out, by their place: a trajectory
    holds its optimizer and its objective, which the reader of the result passes in again
    (and an optimizer whose rate is a ``lambda`` could not be pickled)."""

    def __init__(self, file, given):
        super().__init__(file, protocol=5)
        self._places = {id(a): i for i, a in enumerate(given)}

    def persistent_id(self, obj):
        place = self._places.get(id(obj))
        return None if place is None else place


class _Reader(pickle.Unpickler):
    def __init__(self, file, given):
        super().__init__(file)
        self._given = given

    def persistent_load(self, place):
        return self._given[place]


@functools.lru_cache
def _tidy(folder: Path) -> None:
    """Make the folder, once per process, and remove what an older descent kept there."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.pickle"):
        if f"-{source_digest()}-" not in old.name:
            old.unlink(missing_ok=True)


def _call(fn, args, kwargs):
    _inside.depth = getattr(_inside, "depth", 0) + 1
    try:
        return fn(*args, **kwargs)
    finally:
        _inside.depth -= 1
