r"""
Gradient descent in one dimension
=================================

On :math:`J(\theta) = \theta^2` the slope :math:`J'(\theta) = 2\theta` sets both the direction
and the size of every step: where the tangent is steep the step is long, and as the tangent
flattens near the minimum the steps shrink by themselves, with no change of :math:`\alpha`.
"""

# %%
# The curve, the start and the rule
# ---------------------------------
# One parameter, one learning rate. ``descent.run`` returns the whole path.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

parabola = ALL["parabola"]
opt = descent.GradientDescent(lr=0.1)
traj = descent.run(opt, parabola, np.array([1.8]), steps=20)

# %%
# Each step is α times the slope
# ------------------------------
# With α = 0.1, every step multiplies θ by 1 − 2α = 0.8, so the distance to the minimum
# shrinks by the same factor each time while the steps themselves get shorter.
theta = traj.path[:, 0]
print("θ after each of the first 5 steps:", np.round(theta[:6], 4))
print("ratio θ_{t+1} / θ_t:", np.round(theta[1:6] / theta[:5], 6))

# %%
# Watch it run
# ------------
# The dashed line is the tangent at the current point: its slope is the gradient.
anim = descent.plot.animate(parabola, traj, fps=4)
plt.show()
