"""descent.cache: results kept in a folder, read back only for the same call by the same code."""

import importlib
import os

import numpy as np
import pytest

import descent
from descent.surfaces import Himmelblau


def _module(name):
    """descent's module as it is now: pytest's doctests may import descent's modules again after
    this file's import, and a result pickles only with the classes of the module now in use."""
    return importlib.import_module(f"descent.{name}")


def _run(*args, **kwargs):
    return _module("runs").run(*args, **kwargs)


def _sweep(*args, **kwargs):
    return _module("sweeps").sweep_lr(*args, **kwargs)


class _Cache:
    """The settings of the cache module that decorated the run function in use."""

    def __getattr__(self, name):
        try:
            return _module("runs").run.__globals__[name]
        except KeyError:
            raise AttributeError(name) from None


cache = _Cache()


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    monkeypatch.setenv(cache.MIN_ENV, "0")  # keep the quick runs of these tests
    return tmp_path


def _files(folder):
    return sorted(p.name for p in folder.glob("*.pickle"))


def test_nothing_is_kept_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.ENV, raising=False)
    _run(descent.Adam(lr=0.1), Himmelblau(), [0.0, 0.0], 5)
    assert not list(tmp_path.iterdir())


def test_the_same_call_is_read_back_as_a_copy_with_the_callers_objects(folder):
    opt, surface = descent.Adam(lr=0.1), Himmelblau()
    first = _run(opt, surface, np.zeros((3, 2)), 20)
    assert len(_files(folder)) == 1
    again_opt = descent.Adam(lr=0.1)
    again = _run(again_opt, Himmelblau(), np.zeros((3, 2)), 20)
    assert len(_files(folder)) == 1
    np.testing.assert_array_equal(again.path, first.path)
    np.testing.assert_array_equal(again.loss, first.loss)
    assert again is not first
    assert again.path is not first.path
    assert again.optimizer is again_opt  # the caller's own optimizer, not a pickled copy


def test_a_different_argument_is_a_different_result(folder):
    a = _run(descent.Adam(lr=0.1), Himmelblau(), [0.0, 0.0], 20)
    b = _run(descent.Adam(lr=0.2), Himmelblau(), [0.0, 0.0], 20)
    c = _run(descent.Adam(lr=0.1), Himmelblau(), [0.0, 0.0], 20, limit=1e6)
    assert len(_files(folder)) == 3
    assert not np.array_equal(a.path, b.path)
    np.testing.assert_array_equal(a.path, c.path)


def test_a_rate_function_is_hashed_by_its_code_and_the_values_it_reads(folder):
    rates = np.array([[0.1], [0.2]])

    def run(fn):
        return _run(descent.GradientDescent(lr=fn), Himmelblau(), np.zeros((2, 2)), 30)

    a = run(lambda t: rates * 0.9**t)
    rates[0] = 0.05  # the closure's value changed: a new result
    b = run(lambda t: rates * 0.9**t)
    c = run(lambda t: rates * 0.8**t)  # the code changed: a new result
    assert len(_files(folder)) == 3
    assert not np.array_equal(a.path[:, 0], b.path[:, 0])
    np.testing.assert_array_equal(a.path[:, 1], b.path[:, 1])
    assert not np.array_equal(b.path, c.path)
    again = run(lambda t: rates * 0.8**t)
    np.testing.assert_array_equal(again.path, c.path)
    assert len(_files(folder)) == 3


SCALE = [0.1]


def _global_rate(t):
    return SCALE[0]


def test_a_global_read_by_a_rate_function_is_part_of_the_key(folder):
    a = _run(descent.GradientDescent(lr=_global_rate), Himmelblau(), [0.0, 0.0], 10)
    SCALE[0] = 0.01
    try:
        b = _run(descent.GradientDescent(lr=_global_rate), Himmelblau(), [0.0, 0.0], 10)
    finally:
        SCALE[0] = 0.1
    assert not np.array_equal(a.path, b.path)
    assert len(_files(folder)) == 2


def test_calls_inside_a_kept_call_are_not_kept_on_their_own(folder):
    sweep = _sweep(descent.Adam, Himmelblau(), np.zeros((2, 2)), [0.01, 0.1], 20)
    assert [name.split("-")[0] for name in _files(folder)] == ["sweep_lr"]
    again = _sweep(descent.Adam, Himmelblau(), np.zeros((2, 2)), [0.01, 0.1], 20)
    np.testing.assert_array_equal(again.excess, sweep.excess)


class Local:  # a class of the caller's own: its code is not hashed, so nothing is kept
    def __call__(self, t):
        return 0.1


def test_what_cannot_be_hashed_runs_as_if_nothing_were_kept(folder):
    traj = _run(descent.GradientDescent(lr=Local()), Himmelblau(), [0.0, 0.0], 10)
    assert traj.loss.shape == (11,)
    assert not _files(folder)


def test_hostile_input_still_fails_by_name(folder):
    with pytest.raises(ValueError, match="steps"):
        _run(descent.Adam(lr=0.1), Himmelblau(), [0.0, 0.0], -1)
    assert not _files(folder)


def test_a_result_too_large_is_not_kept(folder, monkeypatch):
    monkeypatch.setitem(_module("runs").run.__globals__, "MAX_BYTES", 100)
    _run(descent.Adam(lr=0.1), Himmelblau(), [0.0, 0.0], 10)
    assert not _files(folder)


def test_a_quick_call_is_not_kept(folder, monkeypatch):
    monkeypatch.setenv(cache.MIN_ENV, "1e9")
    _run(descent.Adam(lr=0.1), Himmelblau(), [0.0, 0.0], 10)
    assert not _files(folder)


def test_an_unusable_folder_or_a_broken_file_only_costs_the_run(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.MIN_ENV, "0")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(blocker))
    assert _run(descent.Adam(lr=0.1), Himmelblau(), [0.0, 0.0], 5).loss.shape == (6,)
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    first = _run(descent.Adam(lr=0.1), Himmelblau(), [0.0, 0.0], 5)
    (kept,) = tmp_path.glob("*.pickle")
    kept.write_bytes(b"garbage")
    again = _run(descent.Adam(lr=0.1), Himmelblau(), [0.0, 0.0], 5)
    np.testing.assert_array_equal(again.path, first.path)


def test_files_of_another_descent_are_removed(folder):
    stale = folder / "run-0123456789abcdef-00.pickle"
    stale.write_bytes(b"old")
    cache._tidy.cache_clear()
    _run(descent.Adam(lr=0.1), Himmelblau(), [0.0, 0.0], 5)
    assert not stale.exists()
    assert len(_files(folder)) == 1
    assert os.environ[cache.ENV] == str(folder)


def _rates_in_a_closure(table):
    rates = table
    return lambda t: rates[:, t, None]


TABLE = np.array([[0.1, 0.05, 0.02], [0.2, 0.1, 0.05]])
rates = TABLE.copy()  # as a gallery script's module-level name


def test_a_script_and_a_chapter_writing_the_same_rate_function_share_the_run(folder):
    """A gallery script's rate reads a global, a chapter's function reads a closure: the same
    lambda on the same values is the same run."""
    script = _run(
        descent.GradientDescent(lr=lambda t: rates[:, t, None]), Himmelblau(), np.zeros((2, 2)), 3
    )
    chapter = _run(
        descent.GradientDescent(lr=_rates_in_a_closure(TABLE.copy())), Himmelblau(),
        np.zeros((2, 2)), 3,
    )  # fmt: skip
    assert len(_files(folder)) == 1
    np.testing.assert_array_equal(chapter.path, script.path)
    _run(
        descent.GradientDescent(lr=_rates_in_a_closure(TABLE * 2)),
        Himmelblau(),
        np.zeros((2, 2)),
        3,
    )
    assert len(_files(folder)) == 2


def test_equal_arguments_hash_alike_however_their_parts_are_shared(folder):
    """A run's fresh path and the same path read back are equal, not the same objects."""
    shared = np.array([[0.1], [0.2]])
    a = _run(descent.GradientDescent(lr=shared), Himmelblau(), shared * [1, 1], 4)
    b = _run(descent.GradientDescent(lr=shared.copy()), Himmelblau(), shared * [1, 1], 4)
    assert len(_files(folder)) == 1
    np.testing.assert_array_equal(a.path, b.path)
    assert cache._key(_module("runs").run, (shared, shared), {}) == cache._key(
        _module("runs").run, (shared, shared.copy()), {}
    )
