"""Numbers the momentum chapter quotes from the theory, checked on the library's runs."""

import numpy as np
import pytest

from descent import GradientDescent, Momentum, run
from descent.surfaces import Quadratic, elongated_bowl


def measured_rate(opt, surface, start, steps, skip=20):
    """Per-step factor of the distance to the minimum: slope of a least-squares fit of its log."""
    distance = np.linalg.norm(run(opt, surface, start, steps).path, axis=-1)
    t = np.arange(steps + 1)
    keep = (t >= skip) & (distance > 1e-13)
    return float(np.exp(np.polyfit(t[keep], np.log(distance[keep]), 1)[0]))


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.6, 0.9])
def test_momentum_is_stable_exactly_below_alpha_lambda_two_plus_two_beta(beta):
    """0 < αλ < 2 + 2β: 1% below the edge the run shrinks, 1% above it grows."""
    lam = 4.0
    line = Quadratic([[lam]])
    edge = (2 + 2 * beta) / lam
    below = run(Momentum(lr=0.99 * edge, beta=beta), line, np.array([1.0]), steps=3000)
    above = run(Momentum(lr=1.01 * edge, beta=beta), line, np.array([1.0]), steps=3000)
    assert abs(below.path[-1, 0]) < 1e-3
    assert above.diverged or abs(above.path[-1, 0]) > 1e3


@pytest.mark.parametrize("beta", [0.8, 0.9, 0.95])
def test_oscillating_momentum_shrinks_by_sqrt_beta_per_step(beta):
    """With complex roots, (1-√β)² < αλ < (1+√β)² for every λ, the factor is √β."""
    bowl = elongated_bowl(100)
    lr = 0.02  # αλ in [0.02, 2]: inside the complex band for these β
    lo, hi = (1 - np.sqrt(beta)) ** 2, (1 + np.sqrt(beta)) ** 2
    assert lo < lr * 1 and lr * 100 < hi
    rate = measured_rate(Momentum(lr=lr, beta=beta), bowl, np.array([1.0, 1.0]), steps=400)
    assert rate == pytest.approx(np.sqrt(beta), rel=0.01)


def test_best_heavy_ball_beats_best_gradient_descent_as_the_theory_says():
    """κ = 100: GD at best (κ-1)/(κ+1) = 0.980; heavy ball near (√κ-1)/(√κ+1) = 0.818."""
    kappa = 100
    bowl = elongated_bowl(kappa)
    start = np.array([1.0, 1.0])
    gd = measured_rate(GradientDescent(lr=2 / (1 + kappa)), bowl, start, steps=200)
    hb_lr = 4 / (np.sqrt(kappa) + 1) ** 2
    hb_beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
    hb = measured_rate(Momentum(lr=hb_lr, beta=hb_beta), bowl, start, steps=200)
    assert gd == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-6)
    # the double root makes the distance fall like t·r^t: slightly slower than r^t
    assert (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1) <= hb <= 0.84
