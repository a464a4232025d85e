r"""
Which optimizers forgive a badly chosen learning rate
=====================================================

Every optimizer, 19 learning rates from :math:`10^{-4}` to :math:`10^{0.5}`, 64 random starts,
1000 steps, on three classic test surfaces. Each curve is the median excess loss over the
starts; a rate where half the starts or more diverge is drawn at the top.
"""

# %%
# The sweeps
# ----------
# ``descent.race.sensitivity`` makes one vectorised call per optimizer and surface
# (``descent.sweep_lr``): 19 × 64 runs at once.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.race import LRS, RACERS, SURFACES, SWEEP_STEPS, sensitivity
from descent.surfaces import ALL

descent.plot.use_style()

sweeps = {name: sensitivity(name) for name in SURFACES}
for opt_name in RACERS:
    best = ", ".join(f"{s} {sweeps[s][opt_name].best_lr:.2g}" for s in SURFACES)
    print(f"{opt_name:16} best rates: {best}")

# %%
# Final loss against learning rate
# --------------------------------
# A wide valley without a hole means a forgiving optimizer: many neighbouring rates work.
# The dotted line is the tolerance :math:`10^{-6}` used in the race's table. One panel per
# surface, stacked, so that the text stays readable beside the chapter's prose.
fig, axes = plt.subplots(3, 1, figsize=(4.8, 8.2), sharex=True, sharey=True, layout="constrained")
for ax, name in zip(axes, SURFACES):
    for opt_name, sweep in sweeps[name].items():
        # diverged drawn at the top, exact zeros at the floor of the log axis
        median = np.clip(sweep.median, 1e-30, 1e4)
        ax.plot(
            LRS,
            median,
            "-",
            marker=descent.plot.marker(opt_name),
            ms=5,
            mfc="none",  # open: where two optimizers agree (momentum, Nesterov), both show
            lw=1.4,
            color=descent.plot.color(opt_name),
            label=opt_name,
        )
    ax.axhline(1e-6, color=descent.plot.style.REFERENCE, lw=0.8, ls=":")
    ax.set(xscale="log", yscale="log", ylim=(3e-31, 3e4))
    ax.set_title(ALL[name].name.capitalize(), loc="left")
    ax.set_ylabel(r"median $f - f^\star$")
    ax.grid(True, which="major", alpha=0.3)
axes[-1].set_xlabel(rf"learning rate $\alpha$ (median after {SWEEP_STEPS} steps)")
# one legend for the three panels, under them: clear of every curve
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3, frameon=False)
plt.show()
