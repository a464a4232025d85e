r"""
L-BFGS with and without its line search
=======================================

Without a line search L-BFGS steps the full length :math:`\alpha` along its direction, and
the rate decides what happens. With torch's strong-Wolfe search the rate is only the first
length tried, and the loss never goes up.
"""

# %%
# Three runs from the classic start
# ---------------------------------
# Rosenbrock from :math:`(-1.2, 1)`; the tolerances are 0 so that no run stops early.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

rosenbrock = ALL["rosenbrock"]
start = np.array([-1.2, 1.0])
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
anim = descent.plot.animate(
    rosenbrock, runs, labels=labels, colors=colors, fps=4, loss="below", dpi=150, max_frames=31
)
plt.show()
