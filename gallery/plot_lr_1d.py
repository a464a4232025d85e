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

descent.plot.use_style()

parabola = ALL["parabola"]
rates = {"small": 0.08, "optimal": 0.5, "large": 0.9, "too large": 1.08}
colors = [*descent.plot.style.ordered(3), descent.plot.style.DIVERGED]
start = np.array([1.6])

fig, axes = plt.subplots(2, 2, figsize=(5.0, 4.8), sharex=True, sharey=True, layout="constrained")
(x0, x1), (y0, y1) = parabola.extent, (-0.3, 4.2)
for ax, (name, lr), c in zip(axes.flat, rates.items(), colors):
    descent.plot.curve(parabola, ax)
    traj = descent.run(descent.GradientDescent(lr=lr), parabola, start, steps=6)
    theta = traj.path[:, 0]
    for step, (a, b) in enumerate(itertools.pairwise(theta), start=1):
        (ax_, ay), (bx, by) = (a, a**2), (b, b**2)
        out = not (x0 <= bx <= x1 and by <= y1)
        if out:  # the step leaves the frame: stop the arrow at the edge and say so
            frac = (
                min((x1 if bx > x1 else x0) - ax_, np.inf) / (bx - ax_) if not x0 <= bx <= x1 else 1
            )
            frac = min(frac, (y1 - ay) / (by - ay) if by > y1 else 1)
            bx, by = ax_ + frac * (bx - ax_), ay + frac * (by - ay)
        ax.annotate(
            "",
            xy=(bx, by),
            xytext=(ax_, ay),
            arrowprops={"arrowstyle": "-|>", "color": c, "lw": 1.6, "shrinkA": 2, "shrinkB": 2},
        )
        if out:
            ax.plot(bx, by, "o", mfc="white", mec=c, mew=1.8, ms=7, clip_on=False, zorder=5)
            ax.annotate(
                f"step {step} leaves\nthe frame (θ = {b:.2f})",
                (bx, by),
                xytext=(0.5 * (x0 + x1), 0.45 * y1),  # between the arms, clear of the arrows
                ha="center",
                va="center",
                arrowprops={"arrowstyle": "-", "color": c, "lw": 0.8, "shrinkB": 5},
                color=c,
                bbox=descent.plot.style.TEXT_BOX,
            )
            theta = theta[:step]
            break
    ax.plot(theta, theta**2, "o", color=c, ms=4)
    ax.set_title(f"{name}: α = {lr:g}\n|θ| × {abs(1 - 2 * lr):.2f} per step")
    ax.set_ylim(y0, y1)
for ax in axes[:, 1]:
    ax.set_ylabel("")
for ax in axes[0]:
    ax.set_xlabel("")
plt.show()
