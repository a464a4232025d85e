r"""
Batch size is a noise knob
==========================

The same 1,024 noisy points, the same start, the same learning rate and the same number of
updates; only the batch size :math:`B` changes. A mini-batch gradient is an average of
:math:`B` per-sample gradients, so the larger :math:`B`, the closer each step follows the
full-data gradient.
"""

# %%
# One problem, four batch sizes
# -----------------------------
# ``batch_size=1024`` is the whole data set: batch gradient descent. Every run makes 150
# updates; the number of epochs that costs differs by a factor of 1,024.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.problems import LinearRegression

descent.plot.use_style()

problem = LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)
N = problem.n_samples
lr, updates = 0.15, 150
start = problem.minima[0] + np.array([-2.0, 1.5])
sizes = [1, 32, 256, N]
runs = {}
for B in sizes:
    epochs = -(-updates * B // N)  # enough epochs for 150 updates
    traj = descent.run_stochastic(descent.GradientDescent(lr), problem, start, epochs, B, seed=1)
    runs[B] = (traj.path[: updates + 1], traj.loss[: updates + 1] - problem.min_value)
    tail = runs[B][1][updates // 2 :]
    print(
        f"B = {B:4}: {N // B:4} updates per epoch, "
        f"mean J - J* over updates 75-150 = {tail.mean():.2e}"
    )

# %%
# Watch them run
# --------------
# One frame per two updates. Pure SGD (:math:`B = 1`) never settles; each larger batch settles
# closer to the least-squares fit (the star).
w0, b0 = problem.minima[0]
extent = (w0 - 2.6, w0 + 0.9, b0 - 1.0, b0 + 2.1)
fig, axes = plt.subplots(
    2, 2, figsize=(4.8, 4.6), dpi=200, layout="constrained", sharex=True, sharey=True
)
colors = descent.plot.style.ordered(4)
movers = []
for ax, B, c in zip(axes.flat, sizes, colors):
    descent.plot.contour(problem, ax, levels=14, labels=False, extent=extent)
    ax.plot(*start, "o", color=descent.plot.style.REFERENCE, mec="white", ms=5, zorder=5)
    name = "full batch" if B == N else f"$B = {B}$"
    ax.set_title(f"{name}: {N // B} update{'s' * (B < N)} per epoch", color=c)
    (trail,) = ax.plot([], [], "-", color=c, lw=1.0, alpha=0.9, zorder=3)
    (head,) = ax.plot([], [], "o", color=c, mec="white", mew=0.8, ms=6, zorder=6)
    text = ax.text(
        0.97,
        0.96,
        "",
        transform=ax.transAxes,
        ha="right",
        va="top",
        bbox={"fc": "white", "ec": "none", "alpha": 0.85},
        zorder=8,
    )
    movers.append((trail, head, text, *runs[B]))
for ax in axes[1]:
    ax.set_xlabel("$w$")
for ax in axes[:, 0]:
    ax.set_ylabel("$b$", rotation=0, labelpad=6)
artists = [a for m in movers for a in m[:3]]


def update(t):
    for trail, head, text, path, excess in movers:
        trail.set_data(*path[: t + 1].T)
        head.set_data(path[t : t + 1, 0], path[t : t + 1, 1])
        text.set_text(f"update {t}\n$J - J^\\star$ = {excess[t]:.1e}")
    return artists


update(0)
anim = descent.plot.TrajectoryAnimation(fig, update, range(0, updates + 1, 2), artists, fps=10)
plt.show()
