r"""
Adam's family on one surface
============================

Adam, AMSGrad, Adamax, NAdam and RAdam from one start on Himmelblau's function, all with
:math:`\alpha = 0.05` and torch's other defaults. Same rate, not the same first steps:
RAdam's first five are momentum's, as long as the gradient is large.
"""

# %%
# Five runs
# ---------
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

surface = ALL["himmelblau"]
start = np.array([0.0, 0.0])
lr = 0.05
opts = [
    descent.Adam(lr=lr),
    descent.Adam(lr=lr, amsgrad=True),
    descent.Adamax(lr=lr),
    descent.NAdam(lr=lr),
    descent.RAdam(lr=lr),
]
runs = [descent.run(opt, surface, start, steps=150) for opt in opts]
for traj in runs:
    print(
        f"{descent.plot.label(traj.optimizer):28}: loss {traj.loss[-1]:.2e} after 150 "
        f"updates, first reaches 1e-3 at {traj.steps_to(1e-3)}"
    )

# %%
# Watch them run
# --------------
# AMSGrad is Adam with ``amsgrad=True``: it has no colour of its own, and takes the grey of a
# second run of one optimizer. Its path and loss nearly cover Adam's.
names = ["Adam", None, "Adamax", "NAdam", "RAdam"]
colors = [descent.plot.color(n) if n else descent.plot.style.EXTRA[0] for n in names]
labels = [descent.plot.label(traj.optimizer) for traj in runs]
labels[1] = rf"AMSGrad ($\alpha$={lr:g})"
anim = descent.plot.animate(
    surface, runs, colors=colors, labels=labels, loss="below", max_frames=40, fps=8, dpi=140
)
plt.show()
