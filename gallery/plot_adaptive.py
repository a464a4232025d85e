r"""
Momentum, AdaGrad and RMSProp on an elongated bowl
==================================================

Momentum gives every coordinate the same learning rate and fixes the zig-zag by averaging.
AdaGrad and RMSProp give each coordinate its own rate, divided by the size of its recent
gradients: the steep coordinate is slowed more than the shallow one.
"""

# %%
# Three optimizers, one start
# ---------------------------
# The bowl :math:`\tfrac12(x^2 + 25y^2)` is 25 times more curved in :math:`y` than in :math:`x`.
# ``record_state=True`` keeps each optimizer's memory for the picture.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
start = np.array([-5.0, 2.0])
optimizers = [
    descent.Momentum(lr=0.02, beta=0.9),
    descent.AdaGrad(lr=1.0),
    descent.RMSProp(lr=0.1),
]
runs = [descent.run(opt, bowl, start, steps=80, record_state=True) for opt in optimizers]
for traj in runs:
    print(f"{descent.plot.label(traj.optimizer):32} loss after 80 steps: {traj.loss[-1]:.2e}")

# %%
# Watch them run
# --------------
# The arrow is momentum's velocity; the box shows each adaptive method's current rate per
# coordinate, :math:`\alpha/(\sqrt{s}+\varepsilon)`.
anim = descent.plot.animate(bowl, runs, layout="column", state=True, fps=10)
plt.show()
