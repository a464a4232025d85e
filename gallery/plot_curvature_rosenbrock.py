r"""
Rosenbrock in a handful of steps
================================

Newton's method and L-BFGS against gradient descent and Adam, each of the last two at the
rate of its grid that first reaches a loss of :math:`10^{-10}`: the two that use curvature
are at the minimum while the two that do not have hardly started down the valley. Then
L-BFGS alone, with and without its line search.
"""

# %%
# The classic start
# -----------------
# Rosenbrock's valley :math:`(1 - x)^2 + 100\,(y - x^2)^2` from :math:`(-1.2, 1)`. L-BFGS
# searches along each direction for a step that satisfies the strong Wolfe conditions.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

rosenbrock = ALL["rosenbrock"]
start = np.array([-1.2, 1.0])
GD_LR = 0.001778  # the best of nine rates from 1e-4 to 1e-2
ADAM_LR = 0.5623  # the best of thirteen from 1e-3 to 1
optimizers = [
    descent.GradientDescent(lr=GD_LR),
    descent.Adam(lr=ADAM_LR),
    # tolerances 0: torch's defaults would stop the run near a loss of 4e-10
    descent.LBFGS(
        line_search_fn="strong_wolfe", max_eval=25, tolerance_grad=0.0, tolerance_change=0.0
    ),
    descent.Newton(),
]
runs = [descent.run(opt, rosenbrock, start, steps=36) for opt in optimizers]
for traj in runs:
    print(f"{type(traj.optimizer).__name__:16} loss after 36 steps: {traj.loss[-1]:.2e}")

# %%
# Watch them run
# --------------
# Newton's second step leaves the valley (the loss goes up almost sixty-fold), and its third
# comes back to it: the full step trusts the quadratic model wherever it is. The window
# reaches down to :math:`y = -3.5` to keep that step in view.
labels = [
    f"gradient descent, α = {GD_LR}",
    f"Adam, α = {ADAM_LR}",
    "L-BFGS, strong Wolfe search",
    "Newton",
]
anim_race = descent.plot.animate(
    rosenbrock, runs, labels=labels, fps=4, loss="below", extent=(-2.0, 2.0, -3.5, 3.0), dpi=150
)

# %%
# L-BFGS with and without its line search
# ---------------------------------------
# Without a line search L-BFGS steps the full length :math:`\alpha` along its direction, and
# the rate decides what happens; with torch's strong-Wolfe search the rate is only the first
# length tried. The tolerances are 0 so that no run stops early.
never_stop = {"tolerance_grad": 0.0, "tolerance_change": 0.0}
optimizers = [
    descent.LBFGS(lr=1.0, **never_stop),
    descent.LBFGS(lr=2.0, **never_stop),
    descent.LBFGS(lr=2.0, line_search_fn="strong_wolfe", max_eval=25, **never_stop),
]
labels = ["no search, α = 1", "no search, α = 2", "strong Wolfe, first trial 2"]
colors = descent.plot.style.categorical(3)
runs = [descent.run(opt, rosenbrock, start, steps=60) for opt in optimizers]
for label, traj in zip(labels, runs, strict=True):
    print(f"{label:28} loss after 60 steps: {traj.loss[-1]:.2e}")

# %%
# Watch them run
# --------------
# One frame every two steps. At :math:`\alpha = 2` without a search every step is twice the
# quasi-Newton step: the run overshoots the valley floor again and again. The search picks its
# own length and is at the minimum first.
anim_search = descent.plot.animate(
    rosenbrock, runs, labels=labels, colors=colors, fps=4, loss="below", dpi=150, max_frames=31
)
plt.show()
