"""The folded cells print their numbers as aligned lines, not as a raw dict."""

import doctest

from claims import show


def test_the_examples_of_show_hold():
    assert doctest.testmod(show).failed == 0
