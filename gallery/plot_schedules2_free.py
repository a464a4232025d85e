r"""
Schedule-free SGD: where the gradient is taken, and what is evaluated
=====================================================================

Schedule-free SGD keeps three points per run: :math:`z` takes the SGD steps, :math:`x` is the
running average of the :math:`z`'s, and the gradient is taken at :math:`y`, between the two.
On the first schedules chapter's problem, 100 independent runs at :math:`\alpha = 0.1`, one
sample per update: the three clouds, and the mean excess loss at each point.
"""

# %%
# One run per start, the state kept
# ---------------------------------
# ``step`` returns :math:`y` (the ``path`` of the trajectory); the state holds :math:`z` and
# :math:`x`, and ``eval_params`` gives :math:`x`.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.plot.style import COLORS, GREY, REFERENCE
from descent.problems import LinearRegression

descent.plot.use_style()

problem = LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)
N, runs, epochs, lr = problem.n_samples, 100, 10, 0.1
start = np.broadcast_to(problem.minima[0] + np.array([-2.0, 1.5]), (runs, 2))
opt = descent.ScheduleFreeSGD(lr=lr, beta=0.9)
traj = descent.run_stochastic(opt, problem, start, epochs, 1, independent=True, record_state=True)
points = {"z": traj.states.z, "y": traj.path, "x": opt.eval_params(traj.states)}
excess = {k: (problem(p) - problem.min_value).mean(axis=1) for k, p in points.items()}
for k in points:
    print(f"{k}: mean J - J* after 10 epochs = {excess[k][-1]:.2e}")

# %%
# The three clouds and their losses
# ---------------------------------
# Left: the 100 runs' z (light grey), y (dark grey) and x (the schedule-free colour) in a
# window of ±1.2 around the least-squares fit (+), and ten times closer below it. Right: the
# mean excess loss at each, over each sixteenth of an epoch.
colors = {"z": GREY, "y": REFERENCE, "x": COLORS["ScheduleFreeSGD"]}
labels = {"z": "z: SGD steps", "y": "y: gradient point", "x": "x: average"}
fig = plt.figure(figsize=(4.8, 3.4), dpi=200, layout="constrained")
grid = fig.add_gridspec(2, 2, width_ratios=[1, 1.7])
wide, zoom = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[1, 0])
lax = fig.add_subplot(grid[:, 1])
w0, b0 = problem.minima[0]
for ax, half in ((wide, 1.2), (zoom, 0.12)):
    extent = (w0 - half, w0 + half, b0 - half, b0 + half)
    descent.plot.contour(problem, ax, levels=10, labels=False, minima=False, extent=extent)
    ax.plot(w0, b0, "+", color="black", ms=8, mew=1.0, zorder=6)
    ax.set_xticks([]), ax.set_yticks([])
    ax.set_ylabel("$b$", rotation=0, labelpad=6)
    ax.set_title(f"±{half}", pad=2)
zoom.set_xlabel("$w$", labelpad=1)
title = fig.suptitle(" ", x=0.02, ha="left")
chunk = N // 16
total = epochs * N
x = (np.arange(total // chunk) + 0.5) / 16
clouds, curves = [], []
for k in ("z", "y", "x"):
    for ax in (wide, zoom):
        (cloud,) = ax.plot([], [], ".", color=colors[k], ms=2.2, alpha=0.8, zorder=3)
        clouds.append((cloud, points[k]))
    smooth = excess[k][1:].reshape(-1, chunk).mean(axis=1)
    (line,) = lax.plot([], [], color=colors[k], lw=1.3, label=labels[k])
    curves.append((line, smooth))
lax.set(yscale="log", xlim=(0, epochs), ylim=(1e-5, 5.0))
lax.set_xlabel("epoch")
lax.set_ylabel(r"mean $J - J^\star$")
lax.grid(True, alpha=0.3)
fig.legend(loc="outside lower center", ncols=3, frameon=False)
artists = [title] + [c for c, _ in clouds] + [line for line, _ in curves]


def update(frame):
    t = frame * chunk
    for cloud, path in clouds:
        cloud.set_data(path[t, :, 0], path[t, :, 1])
    for line, values in curves:
        line.set_data(x[:frame], values[:frame])
    title.set_text(f"epoch {t / N:.2f}")
    return artists


frames = range(0, total // chunk + 1, 4)
update(0)
anim = descent.plot.TrajectoryAnimation(fig, update, frames, artists, fps=5)
plt.show()
