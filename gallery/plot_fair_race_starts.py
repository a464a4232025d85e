r"""
A fair race: 64 held-out starts at once on Rosenbrock
=====================================================

Four rules at the rates their sweeps chose, each from the same 64 starts that the sweep never
saw, all at once; when a run gets within :math:`10^{-6}` of the minimum, its start is marked
with a ring. The cross is the one start of the race before: L-BFGS fails from there, and
finishes from every held-out start.
"""

# %%
# Tuned on some starts, scored on others
# --------------------------------------
# ``descent.race.held_out`` reads each rule's runs from the folder the site's build names (the
# race's start and the 64 held-out starts are one vectorised run per rule and surface); run
# alone, the script computes them, sweeps included.
import os

import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.plot.style import FONTSIZE, NAMES, REFERENCE, TEXT_BOX
from descent.race import START, held_out
from descent.surfaces import ALL

descent.plot.use_style()

surface = ALL["rosenbrock"]
rules = ["GradientDescent", "Momentum", "Adam", "LBFGS"]
scores = held_out("rosenbrock", rules, cache=os.environ.get("DESCENT_RACE_CACHE"))
for name in rules:
    h = scores[name]
    print(f"{NAMES[name]:17} α = {h.lr:.3g}: {h.success.sum()} of {len(h.starts)} finished")

# %%
# Watch them run
# --------------
# One panel per rule. A run is a dot until it finishes; then its start gets a ring, so that by
# the end the rings map the starts from which the rule finishes, and the dots left are the runs
# that do not. A run that leaves the window stays on its edge as an open marker. The frames are
# evenly spaced in the logarithm of the step, so that a rule done in ten updates and one done in
# a thousand can both be seen finishing.
at = scores[rules[0]].at  # the steps kept, 0 and then evenly spaced in log
frames = np.unique(np.geomspace(1, len(at), 61).round().astype(int) - 1)
fig, axes = plt.subplots(
    2, 2, figsize=(4.8, 4.7), dpi=130, sharex=True, sharey=True, layout="constrained"
)
lo, hi = np.reshape(surface.extent, (-1, 2)).T
movers = []
for ax, name in zip(axes.flat, rules):
    h = scores[name]
    color, marker = descent.plot.color(name), descent.plot.marker(name)
    descent.plot.contour(surface, ax, labels=False)
    ax.plot(*START["rosenbrock"], "x", color=REFERENCE, ms=8, mew=2, zorder=5)
    ax.set_title(NAMES[name], color=color, loc="left")
    count = ax.text(
        0.03, 0.04, "", transform=ax.transAxes, fontsize=FONTSIZE["readout"], bbox=TEXT_BOX
    )
    count.set_in_layout(False)
    (rings,) = ax.plot([], [], "o", mfc="none", mec=color, mew=1.3, ms=6, ls="none", zorder=4)
    (dots,) = ax.plot([], [], marker, color=color, mec="white", mew=0.5, ms=5, ls="none", zorder=6)
    (edge,) = ax.plot(
        [], [], marker, mfc="white", mec=color, mew=1.2, ms=5, ls="none", zorder=6, clip_on=False
    )
    edge.set_in_layout(False)
    movers.append((h, rings, dots, edge, count))
for ax in axes[-1]:
    ax.set_xlabel(f"${surface.labels[0]}$")
for ax in axes[:, 0]:
    ax.set_ylabel(f"${surface.labels[1]}$", rotation=0, labelpad=8)
counter = fig.suptitle("", x=0.02, ha="left", fontsize=FONTSIZE["counter"])


def update(k):
    t = at[k]
    artists = [counter]
    for h, rings, dots, edge, count in movers:
        finished = h.success & (h.steps_to_tol <= t)
        point = h.path[k]
        outside = np.any((point < lo) | (point > hi), axis=-1)
        rings.set_data(*h.starts[finished].T)
        dots.set_data(*point[~finished & ~outside].T)
        edge.set_data(*np.clip(point[~finished & outside], lo, hi).T)
        count.set_text(f"finished {finished.sum()} of {len(finished)}")
        artists += [rings, dots, edge, count]
    counter.set_text(f"step {t} of {at[-1]}")
    return artists


anim = descent.plot.TrajectoryAnimation(
    fig, update, frames, [a for m in movers for a in m[1:]] + [counter], fps=7
)
plt.show()
