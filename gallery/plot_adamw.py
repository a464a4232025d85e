r"""
Weight decay: in the gradient (L2) or decoupled (AdamW)
=======================================================

Adam on :math:`f + \tfrac\lambda2\|\theta\|^2` and AdamW on :math:`f` with the same
:math:`\lambda` look like the same idea. On a surface whose two coordinates have very different
curvatures they go to different places: L2 ends at the minimum of the penalised loss, which
shrinks the weakly curved coordinate most; AdamW, from a start equally far from the minimum in
both coordinates, lags equally in both, and that lag fades as Adam's second moment forgets the
early gradients.
"""

# %%
# A bowl with curvatures 1 and 100, minimum at (3, 3)
# ---------------------------------------------------
# L2 regularisation is a change of surface: :math:`A \to A + \lambda I`, so its minimum is
# known exactly. AdamW keeps the surface and shrinks the parameters at every step; it has no
# fixed objective of its own, and after 1500 steps it is still moving.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import Quadratic

descent.plot.use_style()

lam, lr = 0.1, 0.05
A = np.diag([1.0, 100.0])
b = A @ np.array([3.0, 3.0])
f = Quadratic(A, b, c=0.5 * b @ np.linalg.solve(A, b), name="bowl", extent=(0, 4, 0, 4))  # f* = 0
f_l2 = Quadratic(A + lam * np.eye(2), b, name="bowl + L2", extent=f.extent)
start = np.array([0.5, 0.5])
l2 = descent.run(descent.Adam(lr=lr), f_l2, start, steps=1500)
decoupled = descent.run(descent.AdamW(lr=lr, weight_decay=lam), f, start, steps=1500)
print("minimum of f:                 ", f.minima[0])
print(
    "Adam with L2 ends at          ",
    l2.final.round(4),
    "= minimum of f + L2:",
    f_l2.minima[0].round(4),
)
print("AdamW (decoupled) ends at     ", decoupled.final.round(4))

# %%
# Watch both
# ----------
# The white star is the minimum of :math:`f`; the grey square the minimum of :math:`f` plus the
# L2 penalty, where Adam with L2 must end.
anim = descent.plot.animate(
    f,
    [l2, decoupled],
    labels=[r"Adam, $\lambda\theta$ added to $g$", "AdamW (decoupled)"],
    max_frames=100,
    fps=10,
)
anim.fig.axes[0].plot(
    *f_l2.minima[0], "s", color=descent.plot.style.REFERENCE, mec="black", ms=7, zorder=5
)
plt.show()
