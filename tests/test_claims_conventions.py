"""The conventions chapter's comparisons, asserted on the numbers its cells glue."""

import numpy as np
import pytest
from claims.conventions import LAM, gd_l2_vs_decay, pairs, weight_decay


def test_the_ema_form_is_torchs_momentum_with_alpha_times_one_minus_beta():
    assert pairs()["ema"] < 1e-12


def test_alpha_inside_or_outside_the_velocity_agree_for_a_constant_rate_only():
    p = pairs()
    assert p["alpha_constant"] < 1e-12
    assert p["alpha_schedule"] > 1e-3


def test_eps_placement_matters_only_when_gradients_are_near_root_eps():
    p = pairs()
    assert p["grad_small"] < p["sqrt_eps"] < p["grad_large"]
    assert p["eps_small_gradients"] > 100 * p["eps_large_gradients"]
    assert p["eps_small_gradients"] > 1


def test_l2_and_decoupled_decay_give_different_adam_paths():
    assert pairs()["weight_decay"] > 1


def test_bias_correction_changes_the_first_step():
    p = pairs()
    assert p["bias_correction"] > 1
    assert p["first_step_on"] == pytest.approx(1.0)
    assert p["first_step_off"] == pytest.approx(np.sqrt(10), rel=1e-6)


def test_adam_with_l2_ends_at_the_minimum_of_the_penalised_loss():
    w = weight_decay()
    np.testing.assert_allclose(w["l2"], w["l2_minimum"], atol=1e-6)
    np.testing.assert_allclose(w["gd_l2"], w["l2_minimum"], atol=1e-9)  # not Adam's doing
    # the weakly curved x shrinks by λ/(1+λ), the steep y by λ/(100+λ)
    np.testing.assert_allclose(w["l2_shrink"], [LAM / (1 + LAM), LAM / (100 + LAM)], rtol=1e-5)
    assert w["l2_shrink"][0] > 50 * w["l2_shrink"][1]


def test_adamw_from_the_symmetric_start_shrinks_both_coordinates_alike():
    w = weight_decay()
    assert w["adamw"][0] == pytest.approx(w["adamw"][1], rel=1e-6)  # up to ε
    assert w["l2_shrink"][1] < w["adamw_shrink"][1500] < w["l2_shrink"][0]


def test_adamw_is_still_moving_and_its_shrinkage_fades():
    """No equilibrium at step 1500: the shrinkage falls with more steps, towards f's minimum."""
    w = weight_decay()
    s = w["adamw_shrink"]
    assert w["adamw_moving"] > 1e-3  # moved in its last 200 steps
    assert s[1500] > s[3000] > s[7500] > 0
    assert s[7500] < s[1500] / 10
    # Xie & Li's bound ‖θ‖∞ ≤ 1/λ does not bind at the minimum (3, 3): AdamW's limit is f's
    assert 1 / LAM > 3


def test_adamws_leftover_gradient_is_lambda_theta_times_the_remembered_rms():
    """∇f = -λθ √v̂ at the end point, and √v̂ shrinks as v̂ forgets the early gradients."""
    w = weight_decay()
    for n in (1500, 3000, 7500):
        np.testing.assert_allclose(w["grad"][n], w["balance"][n], rtol=0.02)
    assert abs(w["grad"][1500][1]) > 1  # still a large gradient after 1500 steps
    assert np.all(w["rms"][1500] > w["rms"][3000])
    assert np.all(w["rms"][3000] > w["rms"][7500])


def test_adamws_shrinkage_depends_on_the_start_not_on_the_curvature():
    """From (0.5, 2.0) x, further from 3, is shrunk more than the steep y."""
    w = weight_decay()
    assert w["asym_shrink"][0] > 2 * w["asym_shrink"][1]


def test_for_gradient_descent_l2_and_decoupled_decay_agree_to_rounding():
    assert gd_l2_vs_decay()["gap"] < 1e-12
