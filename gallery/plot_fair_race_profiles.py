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
# :math:`\tau` times the best of the seven's updates; the dot on the right edge is
# :math:`\rho(\infty)`, the share of the starts it finishes.
fig, axes = plt.subplots(3, 1, figsize=(4.8, 8.0), sharex=True, sharey=True, layout="constrained")
finite = np.isfinite(taus)
for ax, s in zip(axes, SURFACES):
    for j, o in enumerate(RACERS):
        style = {"color": descent.plot.color(o), "lw": 1.6}
        ax.step(taus[finite], profiles[s][j, finite], where="post", label=NAMES[o], **style)
        ax.plot(
            [1.6e3],
            [profiles[s][j, -1]],
            marker=descent.plot.marker(o),
            ms=6,
            mec="white",
            clip_on=False,
            color=style["color"],
        )
    ax.set(xscale="log", xlim=(1, 1e3), ylim=(-0.03, 1.03))
    ax.set_title(ALL[s].name.capitalize(), loc="left")
    ax.set_ylabel(r"$\rho(\tau)$")
    ax.grid(True, which="major", alpha=0.3)
axes[-1].set_xlabel(r"within a factor $\tau$ of the fastest of the seven")
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3, frameon=False)
plt.show()
