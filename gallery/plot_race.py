r"""
The race: seven optimizers on Rosenbrock, Beale and Himmelblau
==============================================================

The seven optimizers of the first chapters from one start, each at the rate with the lowest
median loss over random starts in the sensitivity sweep on that surface, or, where several
rates bring the median run to the minimum to rounding, the fastest of them (not always the best
rate from this start); 2000 steps, 400 on Himmelblau. The other rules of the library race too:
the sensitivity script draws them all.
"""

# %%
# Tune, then race
# ---------------
# ``descent.race`` picks each optimizer's best rate from 19 rates × 64 random starts
# (``descent.sweep_lr``); the race then runs all seven from the same start. Seven paths stay
# readable on one surface. ``experiment`` keeps the runs in the folder the site's build names,
# so the chapter reuses them; run alone, the script computes them.
import os

import matplotlib.pyplot as plt

import descent
from descent.race import RACERS, experiment
from descent.surfaces import ALL

descent.plot.use_style()


def runs_on(name):
    _, runs = experiment(name, RACERS, cache=os.environ.get("DESCENT_RACE_CACHE"))
    return ALL[name], list(runs.values())


# %%
# Rosenbrock
# ----------
# A curved, flat-bottomed valley: getting into it is easy, following it is the test.
surface, runs = runs_on("rosenbrock")
anim_rosenbrock = descent.plot.animate(surface, runs, loss="below", max_frames=61, fps=7)

# %%
# Beale
# -----
# Flat plateaus and steep walls: gradients that differ by orders of magnitude.
surface, runs = runs_on("beale")
anim_beale = descent.plot.animate(surface, runs, loss="below", max_frames=61, fps=7)

# %%
# Himmelblau
# ----------
# Four minima of equal depth: which one a run ends in depends on its path.
# This race is 400 steps long: those that get within the tolerance here do so in fewer than 250.
surface, runs = runs_on("himmelblau")
anim_himmelblau = descent.plot.animate(surface, runs, loss="below", max_frames=61, fps=7)
plt.show()
