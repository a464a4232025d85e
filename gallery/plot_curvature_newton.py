r"""
Newton's step on the elongated bowl
===================================

On a quadratic the local model that Newton's method minimises is the surface itself, so one
full step lands on the minimum, however elongated the bowl. Gradient descent at its best
constant rate needs dozens of steps here; L-BFGS learns the two curvatures from its own steps.
"""

# %%
# Three optimizers, one start
# ---------------------------
# The bowl :math:`\tfrac12(x^2 + 25y^2)` from :math:`(-5, 2)`. Gradient descent runs at
# :math:`\alpha = 2/(\lambda_{\min} + \lambda_{\max}) = 1/13`, its best constant rate; Newton
# and L-BFGS at their default :math:`\alpha = 1`.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
start = np.array([-5.0, 2.0])
optimizers = [
    descent.GradientDescent(lr=1 / 13),
    descent.LBFGS(),
    descent.Newton(),
]
runs = [descent.run(opt, bowl, start, steps=24) for opt in optimizers]
for traj in runs:
    print(f"{type(traj.optimizer).__name__:16} loss after 1, 8, 24 steps:", traj.loss[[1, 8, 24]])

# %%
# Watch them run
# --------------
# Two frames a second: Newton's one jump, then L-BFGS's few steps, while gradient descent
# zig-zags down the valley.
labels = ["gradient descent, α = 1/13", "L-BFGS, α = 1", "Newton, α = 1"]
anim = descent.plot.animate(bowl, runs, labels=labels, fps=2, loss="below", dpi=150)
plt.show()
