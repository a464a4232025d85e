r"""
Too small, just right, too large
================================

On a quadratic, gradient descent converges exactly when :math:`\alpha < 2/\lambda_{\max}`,
the largest curvature. The three rates below are not picked by hand: they are computed from
the curvatures of the surface.
"""

# %%
# Rates from the curvature
# ------------------------
# The elongated bowl :math:`\tfrac12(x^2 + 25y^2)` has curvatures 1 and 25. Below
# :math:`2/25 = 0.08` every coordinate shrinks; above it, the steep one grows.
# :math:`2/(\lambda_{\min} + \lambda_{\max})` is the best constant rate: it makes both
# coordinates shrink equally fast.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
lam_min, lam_max = bowl.eigenvalues
threshold = 2 / lam_max
rates = {
    "too small": 0.1 * threshold,
    "just right": 2 / (lam_min + lam_max),
    "too large": 1.02 * threshold,
}
start = np.array([-5.0, 2.0])
runs = [descent.run(descent.GradientDescent(lr=lr), bowl, start, steps=60) for lr in rates.values()]
for (name, lr), traj in zip(rates.items(), runs):
    factors = np.abs(1 - lr * bowl.eigenvalues)  # per-step factor of each coordinate
    print(f"{name:10}  α = {lr:.4f}  |1 − αλ| = {np.round(factors, 3)}  diverged: {traj.diverged}")

# %%
# One above the other
# -------------------
# Same surface, same start, same number of steps; only α differs.
titles = [f"{name}: α = {lr:.3g}" for name, lr in rates.items()]
anim = descent.plot.animate(
    bowl,
    runs,
    layout="column",
    panel_titles=titles,
    colors=[descent.plot.color("GradientDescent")] * 3,
    fps=8,
)
plt.show()
