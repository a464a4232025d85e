"""Numbers quoted by the EMA chapter (``ema.md``)."""

import math
from functools import lru_cache

import numpy as np

import descent

# the signal of fig-ema-signal (plot_ema_signal.py): cos(2πt/PERIOD) plus unit normal noise
# from default_rng(SEED), T steps, three β; the chapter's tests check the script uses them
SIGNAL = {"seed": 0, "T": 200, "period": 160, "betas": (0.5, 0.9, 0.98)}
# fig-ema-bias (plot_ema_bias.py): a constant gradient of 1 with noise of this scale
BIAS = {"seed": 1, "T": 150, "gradient": 1.0, "noise": 0.3, "betas": (0.9, 0.99)}


def window_weight(beta):
    """Weight of the last 1/(1-β) values: the EMA's response to a unit impulse, summed."""
    n = round(1 / (1 - beta))
    impulse = np.zeros(10 * n)
    impulse[0] = 1.0
    return float(descent.ema(impulse, beta)[:n].sum())


@lru_cache
def smoothing_numbers():
    """How far back the EMA looks, how much noise it removes, how far it lags."""
    noise = np.random.default_rng(0).normal(size=200_000)
    smoothed = descent.ema(noise, 0.9)[1000:]  # past the start, where the bias has faded
    ramp = np.arange(1000.0)  # a signal that grows by 1 per step
    return {
        "window": {beta: window_weight(beta) for beta in (0.9, 0.99, 0.999)},
        "one_minus_inv_e": 1 - 1 / math.e,
        "noise_measured": float(smoothed.std()),
        "noise_theory": math.sqrt((1 - 0.9) / (1 + 0.9)),
        "lag_measured": float(ramp[-1] - descent.ema(ramp, 0.9)[-1]),
        "lag_theory": 0.9 / (1 - 0.9),
    }


@lru_cache
def signal_numbers():
    """The figure's data: trend cos(2πt/160) plus unit noise, 200 steps, three β.

    Because the EMA is linear, its output is the EMA of the trend plus the EMA of the noise:
    the first shows the lag and the lost amplitude, the second the noise left.
    """
    rng = np.random.default_rng(SIGNAL["seed"])
    T = SIGNAL["T"]
    t = np.arange(1, T + 1)
    trend = np.cos(2 * np.pi * t / SIGNAL["period"])
    noise = rng.normal(size=T)
    out = {"noise_left": {}, "rms_from_trend": {}, "trend_min": {}, "min_at": {}, "window": {}}
    for beta in SIGNAL["betas"]:
        smooth_trend = descent.ema(trend, beta)
        left = descent.ema(noise, beta)
        out["noise_left"][beta] = float(np.std(left[50:]))
        out["rms_from_trend"][beta] = float(np.std((smooth_trend + left)[50:] - trend[50:]))
        out["trend_min"][beta] = float(smooth_trend.min())
        out["min_at"][beta] = int(t[np.argmin(smooth_trend)])
        out["window"][beta] = window_weight(beta)  # the shares labelled in the lower panel
    out["trend_min_at"] = int(t[np.argmin(trend)])
    out["lag_steps"] = {b: out["min_at"][b] - out["trend_min_at"] for b in out["min_at"]}
    return out


@lru_cache
def step_response():
    """Exercise 1: steps after a jump from 0 to 1 until an EMA with β = 0.9 passes 0.5, 0.9."""
    step = np.r_[np.zeros(100), np.ones(50)]
    after = descent.ema(step, 0.9)[100:]  # after[k - 1] is the EMA k steps after the jump
    return {level: int(np.argmax(after > level)) + 1 for level in (0.5, 0.9)}


@lru_cache
def bias_numbers():
    """A constant input of 1: the raw EMA's start, its approach, and the corrected EMA."""
    ones = np.ones(2000)
    out = {"first": {}, "one_pct": {}, "windows_to_1pct": {}}
    for beta in (0.9, 0.99):
        raw = descent.ema(ones, beta)
        out["first"][beta] = float(raw[0])
        # the first step t (1-based) at which the raw EMA of a constant is within 1% of it
        out["one_pct"][beta] = int(np.argmax(raw >= 0.99)) + 1
        out["windows_to_1pct"][beta] = out["one_pct"][beta] * (1 - beta)
    out["ln100"] = math.log(100)
    corrected = descent.ema(ones, 0.999, bias_correction=True)
    out["corrected_err"] = float(np.abs(corrected - 1).max())
    out["raw_0999_100"] = float(descent.ema(ones, 0.999)[99])
    return out


@lru_cache
def adam_ratio():
    """Exercise 2: m/√v of a constant gradient at t = 1 and t = 10, without and with correction."""
    g = np.full(10, 0.3)  # any constant gradient
    out = {}
    for correct in (False, True):
        m = descent.ema(g, 0.9, bias_correction=correct)
        v = descent.ema(g**2, 0.999, bias_correction=correct)
        ratio = m / np.sqrt(v)
        out[correct] = {1: float(ratio[0]), 10: float(ratio[9])}
    # the two raw averages at t = 10 over g and g², as the solution writes them
    out["m10"] = float(descent.ema(g, 0.9)[9] / g[0])
    out["v10"] = float(descent.ema(g**2, 0.999)[9] / g[0] ** 2)
    return out


@lru_cache
def bias_figure_numbers():
    """The figure's data: a constant gradient of 1 plus noise of standard deviation 0.3.

    Returns, per β, the raw and the corrected EMA at the first and the last step.
    """
    rng = np.random.default_rng(BIAS["seed"])
    signal = BIAS["gradient"] + BIAS["noise"] * rng.normal(size=BIAS["T"])
    out = {"g1": float(signal[0])}
    for beta in BIAS["betas"]:
        raw = descent.ema(signal, beta)
        corrected = descent.ema(signal, beta, bias_correction=True)
        out[beta] = {
            "raw_first": float(raw[0]),
            "raw_last": float(raw[-1]),
            "corrected_first": float(corrected[0]),
            "expected_raw_last": float(1 - beta ** BIAS["T"]),
        }
    return out
