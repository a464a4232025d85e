r"""
Sign descent never settles
==========================

signSGD, Signum and Lion move every coordinate by exactly :math:`\alpha` at every step (or not
at all where the sign is 0). Near the minimum that step does not shrink, so the runs end in
a cycle around it whose size is set by :math:`\alpha`, not by the gradient.
"""

# %%
# Three sign rules at one rate
# ----------------------------
# The elongated bowl :math:`\tfrac12(x^2 + 25y^2)` from :math:`(-5, 2)`, :math:`\alpha = 0.06`.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
start = np.array([-5.0, 2.0])
optimizers = [descent.SignSGD(lr=0.06), descent.Signum(lr=0.06), descent.Lion(lr=0.06)]
runs = [descent.run(opt, bowl, start, steps=300) for opt in optimizers]
for traj in runs:
    lengths = np.linalg.norm(np.diff(traj.path, axis=0), axis=1)
    print(
        f"{descent.plot.label(traj.optimizer):24} loss after 300 steps {traj.loss[-1]:.3f},"
        f" last step {lengths[-1]:.4f} long"
    )

# %%
# Watch them arrive, and keep moving
# ----------------------------------
# The loss panel shows where each run stops improving: a floor set by the rate.
anim = descent.plot.animate(bowl, runs, loss="below", max_frames=46, fps=10, dpi=150)
plt.show()
