"""Fixtures for the doctests under ``descent/`` (``tests/conftest.py`` serves ``tests/``)."""

import sys

import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a doctest made: pyplot warns (an error here) past 20 open ones."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
