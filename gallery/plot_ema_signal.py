r"""
Smoothing a noisy gradient
==========================

An exponential moving average keeps a running mean that forgets geometrically: each new value
gets weight :math:`1-\beta`, and everything before it is scaled down by :math:`\beta`. The
larger :math:`\beta`, the smoother the average, and the further it lags behind the signal.
"""

# %%
# A noisy signal and three averages
# ---------------------------------
# A slowly turning trend (what the gradient "really" is) plus noise of standard deviation 1
# (what one mini-batch measures). ``descent.ema`` averages along the first axis.
import matplotlib.pyplot as plt
import numpy as np

import descent

descent.plot.use_style()

rng = np.random.default_rng(0)
T = 200
t = np.arange(1, T + 1)
trend = np.cos(2 * np.pi * t / 160)
signal = trend + rng.normal(size=T)
betas = (0.5, 0.9, 0.98)
averages = [descent.ema(signal, beta) for beta in betas]
for beta, avg in zip(betas, averages):
    residual = np.std(avg[50:] - trend[50:])
    print(f"β = {beta}: window 1/(1-β) = {1 / (1 - beta):.0f}, std around the trend {residual:.2f}")

# %%
# The weights behind each average
# -------------------------------
# The EMA's response to a single 1 at lag 0 is the weight it gives to a value :math:`k` steps
# back, :math:`(1-\beta)\beta^k`. The last :math:`n = 1/(1-\beta)` values carry
# :math:`1 - \beta^n` of the total: 75% for :math:`\beta = 0.5`, 65% for 0.9 and 64% for 0.98,
# tending to :math:`1 - 1/e \approx 63\%` as the window grows.
lags = np.arange(80)
impulse = np.zeros(len(lags))
impulse[0] = 1.0
weights = [descent.ema(impulse, beta) for beta in betas]
windows = [round(1 / (1 - beta)) for beta in betas]
for beta, w, n in zip(betas, weights, windows):
    print(f"β = {beta}: the last {n} values carry {w[:n].sum():.3f} of the weight")

# %%
# Watch the averages follow the signal
# ------------------------------------
# The lightly smoothed average (β = 0.5) keeps about half the noise; the heavily smoothed one
# is calm but arrives late at every turn of the trend. Below: the weights, the window shaded.
colors = descent.plot.style.ordered(3)[::-1]  # light to dark: little to much smoothing
fig, (ax, wax) = plt.subplots(
    2, 1, figsize=(4.8, 5.8), dpi=200, layout="constrained", height_ratios=[1.6, 1]
)
ax.plot(t, signal, ".", color=descent.plot.style.GREY, ms=3, label="gradient $g_t$")
ax.plot(t, trend, "--", color=descent.plot.style.REFERENCE, lw=1, label="trend")
lines = []
for beta, c in zip(betas, colors):
    (line,) = ax.plot([], [], color=c, lw=2, label=rf"EMA, $\beta$ = {beta:g}")
    lines.append(line)
ax.set_xlim(0, T)
ax.set_ylim(-3.2, 3.6)
ax.set_xlabel("step $t$")
ax.set_ylabel(r"$g_t$ and $\bar g_t$")
fig.legend(loc="outside upper center", ncols=2, frameon=False)
counter = ax.text(0.02, 0.04, "", transform=ax.transAxes)

for beta, w, n, c in zip(betas, weights, windows, colors):
    wax.plot(lags, w, color=c, lw=1.6)
    wax.fill_between(lags[:n], w[:n], color=c, alpha=0.3, lw=0)
    wax.annotate(
        rf"last $1/(1-\beta)$ = {n}: {w[:n].sum():.0%}",
        xy=(n - 1, w[n - 1]),
        xytext=(n + 4, w[n - 1] * (1.6 if beta == 0.98 else 1.9)),
        color=c,
        arrowprops={"arrowstyle": "-", "color": c, "lw": 0.8},
    )
wax.set_yscale("log")
wax.set_ylim(1e-3, 0.9)
wax.set_xlim(0, lags[-1])
wax.set_xlabel("lag $k$ (steps back)")
wax.set_ylabel(r"weight $(1-\beta)\beta^k$")


def update(frame):
    for line, avg in zip(lines, averages):
        line.set_data(t[:frame], avg[:frame])
    counter.set_text(f"step {frame}")
    return [*lines, counter]


frames = np.arange(2, T + 1, 2)
anim = descent.plot.TrajectoryAnimation(fig, update, frames, [*lines, counter], fps=12)
plt.show()
