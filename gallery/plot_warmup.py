r"""
Warmup for Adam
===============

Adam's first steps are as large as its learning rate, in whatever direction the first few
noisy gradients point; without bias correction they are several times larger still. A
linear warmup starts the rate small and raises it over the first updates, while Adam's
moment estimates fill up. Adam with :math:`\alpha = 0.6` on single-sample gradients, from
a start where the loss is steep.
"""

# %%
# Three variants, 200 independent runs each
# -----------------------------------------
# ``LinearLR(0.6, start_factor=0.05, total_iters=50)`` raises the rate from 0.03 to 0.6 over
# 50 updates and keeps it there. ``bias_correction=False`` drops Adam's division by
# :math:`1-\beta^t`. Every variant makes 200 independent runs from the same start.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.problems import LinearRegression
from descent.schedules import LinearLR

descent.plot.use_style()

problem = LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)
lr, updates, runs = 0.6, 100, 200
start = np.broadcast_to(problem.minima[0] + np.array([-2.0, 1.5]), (runs, 2))
variants = {
    "no bias correction": descent.Adam(lr, bias_correction=False),
    "Adam": descent.Adam(lr),
    "Adam + warmup": descent.Adam(LinearLR(lr, start_factor=0.05, total_iters=50)),
}
# grey without correction (as in the Adam chapter), Adam's colour, and the warmup's schedule colour
colors = [
    descent.plot.style.REFERENCE,
    descent.plot.color("Adam"),
    descent.plot.style.SCHEDULE_COLORS["LinearLR"],
]
trajs = {}
for name, opt in variants.items():
    traj = descent.run_stochastic(opt, problem, start, 1, 1, seed=0, independent=True)
    trajs[name] = (traj.path[: updates + 1], traj.loss[: updates + 1] - problem.min_value)
    peak = trajs[name][1][1:].max(axis=0)
    print(
        f"{name:18}: highest J - J* in the first {updates} updates, median over runs "
        f"{np.median(peak):.3g}, 90th percentile {np.percentile(peak, 90):.3g}"
    )
print(f"J - J* at the start: {trajs['Adam'][1][0, 0]:.3g}")

# %%
# Watch the clouds
# ----------------
# Top: the 200 runs' current points for each variant (the window is ±4 around the fit, and
# runs that leave it are simply not drawn). Bottom: the median excess loss over the runs.
fig = plt.figure(figsize=(4.8, 3.7), dpi=200, layout="constrained")
grid = fig.add_gridspec(2, 3, height_ratios=[1, 1.05])
axes = [fig.add_subplot(grid[0, i]) for i in range(3)]
lax = fig.add_subplot(grid[1, :])
w0, b0 = problem.minima[0]
extent = (w0 - 4.0, w0 + 4.0, b0 - 4.0, b0 + 4.0)
clouds, curves = [], []
for i, (ax, (name, (path, excess)), c) in enumerate(zip(axes, trajs.items(), colors)):
    descent.plot.contour(problem, ax, levels=12, labels=False, minima=False, extent=extent)
    ax.plot(w0, b0, "+", color="black", ms=7, mew=1.0, zorder=5)  # the least-squares fit
    ax.plot(*start[0], "o", color=descent.plot.style.REFERENCE, mec="white", ms=4, zorder=5)
    ax.set_title(name, color=c, pad=2)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("$w$", labelpad=1)
    if i == 0:
        ax.set_ylabel("$b$", rotation=0, labelpad=6)
    (cloud,) = ax.plot([], [], ".", color=c, ms=1.5, alpha=0.6, zorder=3)
    clouds.append((cloud, path))
    (line,) = lax.plot([], [], "-", color=c, lw=1.4, label=name)
    curves.append((line, np.median(excess, axis=1)))
lax.set(yscale="log", xlim=(0, updates))
lax.set_ylim(min(v.min() for _, v in curves) / 2, max(v.max() for _, v in curves) * 2)
lax.set_xlabel("update $t$")
lax.set_ylabel(r"median $J - J^\star$")
lax.grid(True, alpha=0.3)
lax.legend(loc="upper right")
title = lax.set_title(" ", loc="left")
artists = [title] + [c for c, _ in clouds] + [line for line, _ in curves]


def update(t):
    for cloud, path in clouds:
        cloud.set_data(path[t, :, 0], path[t, :, 1])
    for line, values in curves:
        line.set_data(np.arange(t + 1), values[: t + 1])
    title.set_text(f"update {t}")
    return artists


update(0)
frames = np.r_[np.arange(0, 50), np.arange(50, updates + 1, 2)]  # the start matters most
anim = descent.plot.TrajectoryAnimation(fig, update, frames, artists, fps=10)
plt.show()
