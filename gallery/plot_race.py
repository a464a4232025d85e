r"""
The race: every optimizer on Rosenbrock, Beale and Himmelblau
=============================================================

Seven optimizers from one start, each at the learning rate that did best for it in the
sensitivity sweep on that surface (so no one loses to a badly chosen rate), 2000 steps.
"""

# %%
# Tune, then race
# ---------------
# ``descent.sweep_lr`` picks each optimizer's best rate from 19 rates × 64 random starts;
# the race then runs all seven from the same start.
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
START = {"rosenbrock": [-1.5, 2.5], "beale": [-2.0, 2.5], "himmelblau": [0.0, -4.5]}
lrs = np.logspace(-4, 0.5, 19)


def race(name, steps=2000):
    surface = ALL[name]
    lo, hi = np.reshape(surface.extent, (-1, 2)).T
    starts = np.random.default_rng(0).uniform(lo, hi, size=(64, 2))
    runs = []
    for make in MAKERS.values():
        best = descent.sweep_lr(make, surface, starts, lrs, steps=1000).best_lr
        runs.append(descent.run(make(best), surface, np.array(START[name]), steps=steps))
    return surface, runs


# %%
# Rosenbrock
# ----------
# A curved, flat-bottomed valley: getting into it is easy, following it is the test.
surface, runs = race("rosenbrock")
anim_rosenbrock = descent.plot.animate(
    surface, runs, loss="below", max_frames=81, fps=9, legend="lower right"
)

# %%
# Beale
# -----
# Flat plateaus and steep walls: gradients that differ by orders of magnitude.
surface, runs = race("beale")
anim_beale = descent.plot.animate(
    surface, runs, loss="below", max_frames=81, fps=9, legend="lower left"
)

# %%
# Himmelblau
# ----------
# Four minima of equal depth: which one a run ends in depends on its path. 400 steps are
# plenty here.
surface, runs = race("himmelblau", steps=400)
anim_himmelblau = descent.plot.animate(
    surface, runs, loss="below", max_frames=81, fps=9, legend="lower left"
)
plt.show()
