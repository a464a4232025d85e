r"""
The bias of an average that starts at zero
==========================================

An EMA starts from :math:`\bar g_0 = 0`, so its first values are pulled towards 0: with a
constant input :math:`g` it reads :math:`(1-\beta^t)\,g`, not :math:`g`. Dividing by
:math:`1-\beta^t` removes the pull exactly. This is the bias correction of Adam.
"""

# %%
# A constant gradient, measured with noise
# ----------------------------------------
# The true gradient is 1 at every step; each measurement adds noise of standard deviation 0.3.
import matplotlib.pyplot as plt
import numpy as np

import descent

descent.plot.use_style()

rng = np.random.default_rng(1)
T = 150
t = np.arange(1, T + 1)
signal = 1.0 + 0.3 * rng.normal(size=T)
betas = (0.9, 0.99)
colors = [plt.cm.viridis(v) for v in (0.45, 0.1)]
raw = [descent.ema(signal, beta) for beta in betas]
corrected = [descent.ema(signal, beta, bias_correction=True) for beta in betas]
for beta, r, c in zip(betas, raw, corrected):
    print(f"β = {beta}: first value {r[0]:.3f} raw, {c[0]:.3f} corrected (g_1 = {signal[0]:.3f})")

# %%
# Watch the bias fade
# -------------------
# Dashed: the raw EMA, with its expected value :math:`1-\beta^t` dotted. Solid: the same EMA
# divided by :math:`1-\beta^t`. With :math:`\beta = 0.9` the raw average catches up within a
# few dozen steps; with :math:`\beta = 0.99` it is still visibly low at the end.
fig, ax = plt.subplots(figsize=(4.8, 4.2), dpi=200, layout="constrained")
ax.plot(t, signal, ".", color=descent.plot.style.GREY, ms=3, label="gradient $g_t$")
ax.axhline(1.0, color=descent.plot.style.REFERENCE, lw=0.8)
moving = []
for beta, c in zip(betas, colors):
    ax.plot(t, 1 - beta**t, ":", color=c, lw=1)
    (a,) = ax.plot([], [], "--", color=c, lw=1.8, label=rf"raw, $\beta$ = {beta:g}")
    (b,) = ax.plot([], [], "-", color=c, lw=2.2, label=rf"corrected, $\beta$ = {beta:g}")
    moving += [a, b]
ax.plot([], [], ":", color=descent.plot.style.REFERENCE, lw=1, label=r"expected raw: $1-\beta^t$")
ax.set_xlim(0, T)
ax.set_ylim(-0.05, 1.6)
ax.set_xlabel("step $t$")
ax.set_ylabel(r"$\bar g_t$  and  $\bar g_t / (1-\beta^t)$")
# the legend under the plot: inside, it would cover the noisy gradients
fig.legend(loc="outside lower center", ncols=2, frameon=False)
counter = ax.text(
    0.02, 0.96, "", transform=ax.transAxes, va="top", bbox=descent.plot.style.TEXT_BOX
)


def update(frame):
    for i in range(len(betas)):
        moving[2 * i].set_data(t[:frame], raw[i][:frame])
        moving[2 * i + 1].set_data(t[:frame], corrected[i][:frame])
    counter.set_text(f"step {frame}")
    return [*moving, counter]


frames = np.append(np.arange(1, T, 2), T)
anim = descent.plot.TrajectoryAnimation(fig, update, frames, [*moving, counter], fps=12)
plt.show()
