r"""
Batch gradient descent from many starts
=======================================

Gradient descent moves each point straight down the local slope, at right angles to the
contour it stands on. On a tilted bowl that is not the direction of the minimum, so the paths
curve; every start still arrives, because on a convex bowl the only place the slope vanishes
is the bottom, and :math:`\alpha = 0.2` is below the limit :math:`2/\lambda_{\max}` set by the
steep direction.
"""

# %%
# A tilted bowl and eight starts
# ------------------------------
# :math:`f(x) = \tfrac12 x^\top A x` with curvatures 1 and 4 along the diagonals. The eight
# starts run together, in one vectorised call.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import Quadratic

descent.plot.use_style()

A = np.array([[2.5, 1.5], [1.5, 2.5]])
bowl = Quadratic(A, name="tilted bowl", latex=r"\tfrac12 x^\top A x", extent=(-3, 3, -3, 3))
angles = np.linspace(0, 2 * np.pi, 8, endpoint=False) + 0.3
starts = 2.7 * np.column_stack([np.cos(angles), np.sin(angles)])
traj = descent.run(descent.GradientDescent(lr=0.2), bowl, starts, steps=30)
print("curvatures (eigenvalues of A):", bowl.eigenvalues)
print("loss of each start after 30 steps:", np.array2string(traj.loss[-1], precision=1))

# %%
# Watch them run
# --------------
# One frame per step. Each path leaves its start perpendicular to the contour there.
anim = descent.plot.animate(bowl, traj, fps=6)
plt.show()
