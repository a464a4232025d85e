r"""
Nesterov's look-ahead
=====================

Nesterov momentum takes the gradient where momentum is about to carry it, not where it
stands. On the elongated bowl, that correction arrives one step earlier at every wall, and
the zig-zag across the valley dies out much sooner.
"""

# %%
# Momentum and Nesterov, same α and β
# -----------------------------------
# Both keep the same velocity; only the step differs (see the chapter for the two forms).
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
start = np.array([-5.0, 2.0])
lr, beta, steps = 0.03, 0.9, 100
momentum = descent.run(descent.Momentum(lr=lr, beta=beta), bowl, start, steps)
nesterov = descent.run(descent.Nesterov(lr=lr, beta=beta), bowl, start, steps)
for name, traj in (("momentum", momentum), ("Nesterov", nesterov)):
    print(f"{name:9} loss after {steps} steps: {traj.loss[-1]:.2e}")

# %%
# Watch them race
# ---------------
# One frame per step, both on the same bowl.
anim = descent.plot.animate(
    bowl,
    [momentum, nesterov],
    labels=[
        rf"momentum, $\alpha$ = {lr:g}, $\beta$ = {beta:g}",
        rf"Nesterov, $\alpha$ = {lr:g}, $\beta$ = {beta:g}",
    ],
    fps=10,
    max_frames=101,
)
plt.show()
