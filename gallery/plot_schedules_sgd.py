r"""
Decaying learning rates shrink the noise ball
=============================================

SGD with a constant learning rate settles in a noise ball whose size is proportional to
:math:`\alpha`. Lower :math:`\alpha` as training goes and the ball shrinks with it: 100
independent SGD runs per schedule, with the same shuffles for every schedule, one colour per
schedule: constant, step, exponential and cosine.
"""

# %%
# Four schedules, same start, same batches
# ----------------------------------------
# Every schedule starts at :math:`\alpha_0 = 0.1` and is evaluated at the update number.
# Over 10 epochs of 1,024 single-sample updates, the step schedule halves the rate every two
# epochs, the exponential one divides it by 100 in total, and the cosine one goes to zero.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.problems import LinearRegression
from descent.schedules import CosineAnnealingLR, ExponentialLR, StepLR

descent.plot.use_style()

problem = LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)
N, runs, epochs, lr = problem.n_samples, 100, 10, 0.1
total = epochs * N
schedules = {
    "constant": lr,
    "step": StepLR(lr, step_size=2 * N, gamma=0.5),
    "exponential": ExponentialLR(lr, gamma=0.01 ** (1 / total)),
    "cosine": CosineAnnealingLR(lr, T_max=total),
}
# one colour per schedule, the same in every figure of the site
colors = [
    descent.plot.style.SCHEDULE_COLORS[type(s).__name__ if callable(s) else "constant"]
    for s in schedules.values()
]
start = np.broadcast_to(problem.minima[0] + np.array([-2.0, 1.5]), (runs, 2))
trajs = {}
for name, schedule in schedules.items():
    opt = descent.GradientDescent(lr=schedule)
    trajs[name] = descent.run_stochastic(opt, problem, start, epochs, 1, independent=True)
    excess = trajs[name].loss[-N:] - problem.min_value
    print(f"{name:12}: mean J - J* over the last epoch = {excess.mean():.2e}")

# %%
# The clouds and the loss
# -----------------------
# Left: the 100 runs' current points for each schedule, in a window of ±0.8 around the
# least-squares fit (+); the constant rate's cloud keeps its size, the others contract.
# Right: the mean excess loss over the runs, averaged over each sixteenth of an epoch.
fig = plt.figure(figsize=(4.8, 3.0), dpi=200, layout="constrained")
grid = fig.add_gridspec(2, 3, width_ratios=[1, 1, 1.9])
axes = [fig.add_subplot(grid[i // 2, i % 2]) for i in range(4)]
lax = fig.add_subplot(grid[:, 2])
w0, b0 = problem.minima[0]
extent = (w0 - 0.8, w0 + 0.8, b0 - 0.8, b0 + 0.8)
for i, (ax, name, c) in enumerate(zip(axes, schedules, colors)):
    descent.plot.contour(problem, ax, levels=10, labels=False, minima=False, extent=extent)
    ax.plot(w0, b0, "+", color="black", ms=7, mew=1.0, zorder=5)  # the least-squares fit
    ax.set_title(name, color=c, pad=2)
    ax.set_xticks([]), ax.set_yticks([])
    if i >= 2:
        ax.set_xlabel("$w$", labelpad=1)
    if i % 2 == 0:
        ax.set_ylabel("$b$", rotation=0, labelpad=6)
title = fig.suptitle(" ", x=0.02, ha="left")
chunk = N // 16
x = (np.arange(total // chunk) + 0.5) / 16
clouds, curves = [], []
for ax, (name, traj), c in zip(axes, trajs.items(), colors):
    (cloud,) = ax.plot([], [], ".", color=c, ms=1.5, alpha=0.6, zorder=3)
    clouds.append((cloud, traj.path))
    excess = (traj.loss[1:] - problem.min_value).mean(axis=1)
    smooth = excess.reshape(-1, chunk).mean(axis=1)
    (line,) = lax.plot([], [], "-", color=c, lw=1.3, label=name)
    curves.append((line, smooth))
lax.set(yscale="log", xlim=(0, epochs))
lows = [s[len(s) // 8 :].min() for _, s in curves]
lax.set_ylim(min(lows) / 2, max(s.max() for _, s in curves) * 2)
lax.set_xlabel("epoch")
lax.set_ylabel(r"mean $J - J^\star$")
lax.grid(True, alpha=0.3)
fig.legend(loc="outside lower center", ncols=4, frameon=False)  # clear of the curves
artists = [title] + [c for c, _ in clouds] + [line for line, _ in curves]


def update(frame):
    t = frame * chunk
    for cloud, path in clouds:
        cloud.set_data(path[t, :, 0], path[t, :, 1])
    for line, values in curves:
        line.set_data(x[:frame], values[:frame])
    title.set_text(f"epoch {t / N:.2f}")
    return artists


frames = range(0, total // chunk + 1, 2)
update(0)
anim = descent.plot.TrajectoryAnimation(fig, update, frames, artists, fps=10)
plt.show()
