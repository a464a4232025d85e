r"""
Small, optimal and large steps on a curve
=========================================

The one-dimensional picture of the learning rate. On :math:`J(\theta) = \theta^2` the curvature
is 2, so :math:`\alpha = 1/2` lands on the minimum in one step, smaller rates creep towards it,
rates between 1/2 and 1 overshoot and bounce back, and rates above :math:`2/\lambda = 1`
bounce further out every time.
"""

# %%
# Four rates, one start
# ---------------------
# Each arrow is one update, from :math:`\theta_t` to :math:`\theta_{t+1}` on the curve.
import itertools

import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

parabola = ALL["parabola"]
rates = {"small": 0.08, "optimal": 0.5, "large": 0.9, "too large": 1.08}
colors = ["#0072B2", "#009E73", "#E69F00", "#D55E00"]
start = np.array([1.6])

fig, axes = plt.subplots(2, 2, figsize=(7.5, 5.6), sharex=True, sharey=True, layout="constrained")
for ax, (name, lr), c in zip(axes.flat, rates.items(), colors):
    descent.plot.curve(parabola, ax)
    traj = descent.run(descent.GradientDescent(lr=lr), parabola, start, steps=6)
    theta = traj.path[:, 0]
    for a, b in itertools.pairwise(theta):
        ax.annotate(
            "",
            xy=(b, b**2),
            xytext=(a, a**2),
            arrowprops={"arrowstyle": "-|>", "color": c, "lw": 1.6, "shrinkA": 2, "shrinkB": 2},
        )
    ax.plot(theta, theta**2, "o", color=c, ms=4)
    ax.set_title(f"{name}: α = {lr:g}\n|θ| × {abs(1 - 2 * lr):.2f} per step", fontsize=10)
    ax.set_ylim(-0.3, 4.2)
for ax in axes[:, 1]:
    ax.set_ylabel("")
for ax in axes[0]:
    ax.set_xlabel("")
plt.show()
