r"""
Which optimizers forgive a badly chosen learning rate
=====================================================

Every optimizer, 19 learning rates from :math:`10^{-4}` to :math:`10^{0.5}`, 64 random starts,
1000 steps, on three classic test surfaces. Each curve is the median excess loss over the
starts; a rate where more than half the starts diverge is drawn at the top.
"""

# %%
# The sweeps
# ----------
# One vectorised call per optimizer and surface (``descent.sweep_lr``): 19 × 64 runs at once.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

MAKERS = {
    "GradientDescent": lambda lr: descent.GradientDescent(lr=lr),
    "Momentum": lambda lr: descent.Momentum(lr=lr, beta=0.9),
    "Nesterov": lambda lr: descent.Nesterov(lr=lr, beta=0.9),
    "AdaGrad": lambda lr: descent.AdaGrad(lr=lr),
    "RMSProp": lambda lr: descent.RMSProp(lr=lr),
    "Adam": lambda lr: descent.Adam(lr=lr),
    "AdamW": lambda lr: descent.AdamW(lr=lr),
}
SURFACES = ["rosenbrock", "beale", "himmelblau"]
lrs = np.logspace(-4, 0.5, 19)
sweeps = {}
for name in SURFACES:
    surface = ALL[name]
    lo, hi = np.reshape(surface.extent, (-1, 2)).T
    starts = np.random.default_rng(0).uniform(lo, hi, size=(64, 2))
    for opt_name, make in MAKERS.items():
        sweeps[name, opt_name] = descent.sweep_lr(make, surface, starts, lrs, steps=1000)
for opt_name in MAKERS:
    best = ", ".join(f"{s} {sweeps[s, opt_name].best_lr:.2g}" for s in SURFACES)
    print(f"{opt_name:16} best rates: {best}")

# %%
# Final loss against learning rate
# --------------------------------
# A wide valley means a forgiving optimizer: many rates work. The dotted line is the
# tolerance :math:`10^{-6}` used in the race's table.
fig, axes = plt.subplots(1, 3, figsize=(11, 3.6), sharey=True, layout="constrained")
for ax, name in zip(axes, SURFACES):
    for opt_name in MAKERS:
        # diverged drawn at the top, exact zeros at the floor of the log axis
        median = np.clip(sweeps[name, opt_name].median, 1e-30, 1e4)
        ax.plot(
            lrs, median, "o-", ms=2.5, lw=1.4, color=descent.plot.COLORS[opt_name], label=opt_name
        )
    ax.axhline(1e-6, color="0.4", lw=0.8, ls=":")
    ax.set(
        xscale="log",
        yscale="log",
        xlabel=r"learning rate $\alpha$",
        title=ALL[name].name.capitalize(),
        ylim=(3e-31, 3e4),
    )
    ax.grid(True, which="major", alpha=0.3)
axes[0].set_ylabel(r"median $f - f^\star$ after 1000 steps")
axes[-1].legend(fontsize=7, loc="lower right")
plt.show()
