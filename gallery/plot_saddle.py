r"""
Four optimizers at a saddle
===========================

At the saddle of :math:`f(x, y) = x^2 - y^2` the gradient vanishes, but the point is not a
minimum: the surface curves up along :math:`x` and down along :math:`y`. Started a hair off
the ridge, every optimizer leaves, and how fast depends on what it remembers.
"""

# %%
# Same start, one step size
# -------------------------
# The start is 0.01 off the stable axis :math:`y = 0`; all four use :math:`\alpha = 0.05`.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

saddle = ALL["saddle"]
start = np.array([1.5, 0.01])
optimizers = [
    descent.GradientDescent(lr=0.05),
    descent.Momentum(lr=0.05, beta=0.9),
    descent.RMSProp(lr=0.05),
    descent.Adam(lr=0.05),
]
runs = [descent.run(opt, saddle, start, steps=80) for opt in optimizers]
for opt, traj in zip(optimizers, runs):
    left = np.abs(traj.path[:, 1]) >= 1
    when = f"after {np.argmax(left)} steps" if left.any() else "never"
    print(f"{type(opt).__name__:16} reaches |y| ≥ 1 {when}")

# %%
# Watch them leave
# ----------------
# Plain gradient descent multiplies :math:`y` by :math:`1 + 2\alpha` per step: it leaves, but
# the smaller the start's offset the longer it lingers. Adam takes steps of about
# :math:`\alpha` whatever the gradient's size; RMSProp, without bias correction, starts with
# steps ten times larger. The flat top slows neither.
anim = descent.plot.animate(saddle, runs, fps=10, max_frames=81)
plt.show()
