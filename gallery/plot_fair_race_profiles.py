r"""
Performance profiles of the seven first optimizers
==================================================

Dolan and Moré's performance profile of each rule: the share of the problems (here, held-out
starts) on which it gets within :math:`10^{-6}` of the minimum in at most :math:`\tau` times
the updates of the fastest of the seven on that problem. Its height at :math:`\tau = 1` is the
share it wins; where it ends on the right, the share it finishes at all.
"""

# %%
# The costs
# ---------
# One row per held-out start, one column per rule: the updates to the tolerance at the rule's
# tuned rate, infinite for a run that does not get there within the budget. The runs are read
# from the folder the site's build names; run alone, the script computes them.
import os

import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.plot.style import NAMES
from descent.race import RACERS, SURFACES, held_out, performance_profile
from descent.surfaces import ALL

descent.plot.use_style()

cache = os.environ.get("DESCENT_RACE_CACHE")
taus = np.concatenate([np.logspace(0, 3, 61), [np.inf]])
profiles = {}
for s in SURFACES:
    scores = held_out(s, RACERS, cache=cache)
    costs = np.stack([scores[o].steps for o in RACERS], axis=1)  # (starts, rules)
    profiles[s] = performance_profile(costs, taus)  # (rules, taus)
    wins = ", ".join(f"{NAMES[o]} {p[0]:.2f}" for o, p in zip(RACERS, profiles[s]))
    print(f"{s}: share won: {wins}")

# %%
# The profiles
# ------------
# One panel per surface, stacked. A step up at :math:`\tau` is a start on which the rule needs
# :math:`\tau` times the best of the seven's updates. Right of :math:`\tau = 10^3`, in the grey
# band, each rule's :math:`\rho(\infty)`, the share of the starts it finishes, side by side so
# that the rules which finish none can all be seen at 0.
fig, axes = plt.subplots(3, 1, figsize=(4.8, 8.0), sharex=True, sharey=True, layout="constrained")
finite = np.isfinite(taus)
at_inf = 1e3 * np.logspace(0.2, 0.75, len(RACERS))  # the column of rho(inf), one x per rule
for ax, s in zip(axes, SURFACES):
    ax.axvspan(1e3, 8e3, color="#999999", alpha=0.15, lw=0)
    for j, o in enumerate(RACERS):
        color = descent.plot.color(o)
        ax.step(taus[finite], profiles[s][j, finite], where="post", color=color, lw=1.6,
                label=NAMES[o])  # fmt: skip
        ax.plot(
            at_inf[j],
            profiles[s][j, -1],
            marker=descent.plot.marker(o),
            ms=6,
            mec="white",
            mew=0.6,
            color=color,
            ls="none",
        )
    ax.set(xscale="log", xlim=(1, 8e3), ylim=(-0.04, 1.04))
    ax.set_xticks([1, 10, 100, 1000, 3e3], ["$1$", "$10$", "$10^2$", "$10^3$", r"$\infty$"])
    ax.minorticks_off()
    ax.set_title(ALL[s].name.capitalize(), loc="left")
    ax.set_ylabel(r"$\rho(\tau)$")
    ax.grid(True, which="major", alpha=0.3)
axes[-1].set_xlabel(r"within a factor $\tau$ of the fastest of the seven")
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3, frameon=False)
plt.show()
