r"""
Adam with and without bias correction
=====================================

Same start, same :math:`\alpha`, one difference: the division by :math:`1-\beta^t`. The
uncorrected run leaps further in its first steps, exactly the opposite of "slow at first".
"""

# %%
# Two runs on Rosenbrock's valley
# -------------------------------
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

surface = ALL["rosenbrock"]
start = np.array([-1.5, 2.5])
runs = [
    descent.run(descent.Adam(lr=0.05, bias_correction=False), surface, start, steps=300),
    descent.run(descent.Adam(lr=0.05), surface, start, steps=300),
]
for traj in runs:
    first = np.linalg.norm(np.diff(traj.path[:11], axis=0), axis=1)
    print(descent.plot.label(traj.optimizer), "first step lengths:", np.round(first[:5], 3))

# %%
# Watch the first steps
# ---------------------
# The uncorrected run is drawn in dark grey, which no optimizer of the site has; where the
# two paths share the valley, Adam's is drawn on top.
anim = descent.plot.animate(
    surface,
    runs,
    colors=[descent.plot.style.REFERENCE, descent.plot.color("Adam")],
    loss="below",
    max_frames=100,
    fps=12,
)
plt.show()
