r"""
A fair race: 64 held-out starts at once on Rosenbrock
=====================================================

Four rules at the rates their sweeps chose, each from the same 64 starts that the sweep never
saw, all at once; a run that gets within :math:`10^{-6}` of the minimum is marked with a ring
where it finished. The cross is the one start of the race before: L-BFGS fails from there, and
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
from descent.plot.style import FONTSIZE, NAMES, TEXT_BOX
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
# One panel per rule. The frames are evenly spaced in the logarithm of the step, so that a rule
# done in ten updates and one done in a thousand can both be seen finishing.
at = scores[rules[0]].at  # the steps kept, 0 and then evenly spaced in log
frames = np.unique(np.geomspace(1, len(at), 61).round().astype(int) - 1)
fig, axes = plt.subplots(2, 2, figsize=(4.8, 5.0), sharex=True, sharey=True, layout="constrained")
movers = []
for ax, name in zip(axes.flat, rules):
    h = scores[name]
    color, marker = descent.plot.color(name), descent.plot.marker(name)
    descent.plot.contour(surface, ax, labels=False)
    ax.plot(*START["rosenbrock"], "x", color=descent.plot.style.REFERENCE, ms=8, mew=2, zorder=5)
    ax.set_title(NAMES[name], color=color, loc="left")
    (running,) = ax.plot([], [], marker, color=color, mec="white", mew=0.6, ms=5, ls="none")
    (done,) = ax.plot([], [], "o", mfc="none", mec=color, mew=1.4, ms=7, ls="none", zorder=6)
    note = ax.text(
        0.03, 0.04, "", transform=ax.transAxes, fontsize=FONTSIZE["readout"], bbox=TEXT_BOX
    )
    movers.append((h, running, done, note))
for ax in axes[-1]:
    ax.set_xlabel(f"${surface.labels[0]}$")
for ax in axes[:, 0]:
    ax.set_ylabel(f"${surface.labels[1]}$", rotation=0, labelpad=8)
counter = fig.suptitle("", x=0.02, ha="left", fontsize=FONTSIZE["counter"])
lo, hi = np.reshape(surface.extent, (-1, 2)).T


def update(k):
    t = at[k]
    artists = [counter]
    for h, running, done, note in movers:
        finished = h.success & (h.steps_to_tol <= t)
        gone = h.diverged | np.any((h.path[k] < lo) | (h.path[k] > hi), axis=-1)
        moving = ~finished & ~gone
        running.set_data(*h.path[k, moving].T)
        done.set_data(*h.path[k, finished].T)
        text = f"finished {finished.sum()} of {len(finished)}"
        if gone.sum():
            text += f", {gone.sum()} out of the frame"
        note.set_text(text)
        artists += [running, done, note]
    counter.set_text(f"step {t} of {at[-1]}")
    return artists


anim = descent.plot.TrajectoryAnimation(
    fig, update, frames, [a for m in movers for a in m[1:]] + [counter], fps=7
)
plt.show()
