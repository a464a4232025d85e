r"""
Rolling through a local minimum
===============================

On a curve with three valleys, gradient descent with a small learning rate settles in the first
one downhill of its start: there the slope is zero and it has nothing else to go on. Momentum
arrives with speed, and speed carries it over the next bump.
"""

# %%
# One start, two optimizers
# -------------------------
# The curve has a local minimum at :math:`-2.2`, the global one at 0 and another local one
# at 2.1. Both start on the far left wall with the same learning rate.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

bumpy = ALL["bumpy"]
start, lr, steps = np.array([-2.6]), 0.1, 120
gd = descent.run(descent.GradientDescent(lr=lr), bumpy, start, steps)
momentum = descent.run(descent.Momentum(lr=lr, beta=0.9), bumpy, start, steps, record_state=True)
print(f"gradient descent ends at θ = {gd.final[0]:.3f}, momentum at θ = {momentum.final[0]:.3f}")

# %%
# Watch them roll
# ---------------
# The arrow on the momentum ball is its velocity, drawn as :math:`-\alpha v_t`: the step that
# brought it here. It still points forward at the bottom of the first valley, where the slope
# is zero.
anim = descent.plot.animate(
    bumpy,
    [gd, momentum],
    labels=[
        rf"gradient descent, $\alpha$ = {lr:g}",
        rf"momentum, $\alpha$ = {lr:g}, $\beta$ = 0.9",
    ],
    state=True,
    tangent=False,
    max_frames=121,
    fps=10,
)
plt.show()
