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
# One surface, three rates
# ------------------------
# Same start, same number of steps; only α differs. The loss below is on a log scale: a
# straight line down is convergence at a constant rate, a straight line up is divergence.
labels = [f"{name}: α = {lr:.3g}" for name, lr in rates.items()]
colors = descent.plot.style.categorical(len(rates))
anim = descent.plot.animate(bowl, runs, labels=labels, colors=colors, loss="below", fps=8)
plt.show()
