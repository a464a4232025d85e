"""The folded cells print their numbers as aligned lines, not as a raw dict."""

import doctest

from claims import show


def test_the_examples_of_show_hold():
    assert doctest.testmod(show).failed == 0


def test_common_claims_reshuffled_epochs_settle_below_the_formula_at_every_rate():
    """The common-claims row on SGD's noise ball: with reshuffled epochs the ball "falls below"
    the formula, at every rate of the sweep, not only the smallest."""
    from claims import sgd

    assert max(sgd.ball_ratios()["r16"]) < 1
