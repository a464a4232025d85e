r"""
Two hundred SGD runs at once
============================

One SGD run is one draw of a random process; its path depends on the order the samples come
in. Run 200 of them from the same start, each with its own shuffles, in one vectorised call,
and the process itself appears: a median path, a cloud around it that stops shrinking, and a
loss that settles at a level set by the learning rate and the batch size.
"""

# %%
# An ensemble in one call
# -----------------------
# With ``independent=True`` every leading index of ``start`` gets its own shuffles of the
# data: 200 independent SGD runs for the price of one Python loop.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Ellipse

import descent
from descent.problems import LinearRegression

descent.plot.use_style()

problem = LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)
N, runs, lr, B, epochs = problem.n_samples, 200, 0.05, 1, 2
start = np.broadcast_to(problem.minima[0] + np.array([-2.0, 1.5]), (runs, 2))
traj = descent.run_stochastic(
    descent.GradientDescent(lr), problem, start, epochs, B, seed=0, independent=True
)
excess = traj.loss - problem.min_value  # (updates + 1, runs)
median_path = np.median(traj.path, axis=1)
# the stationary excess loss of SGD near the minimum, α tr(C) / (4B) (see the chapter)
w_star = problem.minima[0]
per_sample = problem.grad(np.broadcast_to(w_star, (N, 2)), batch=np.arange(N)[:, None])
predicted = lr * np.trace(np.cov(per_sample.T, bias=True)) / (4 * B)
late = excess[len(excess) // 2 :]
print(f"{runs} runs, {traj.updates} updates each")
print(f"mean J - J* over the second epoch: {late.mean():.4f}; predicted {predicted:.4f}")

# %%
# The cloud and the median
# ------------------------
# Left: every run's current point (faint), the median path (bold) and the ellipse holding
# about 86% of a Gaussian cloud with the runs' covariance (2σ). Right: the mean loss over
# the runs, with the band between the 10th and 90th percentiles.
color = descent.plot.style.SGD
fig, (ax, lax) = plt.subplots(1, 2, figsize=(4.8, 3.3), dpi=200, layout="constrained")
w0, b0 = w_star
extent = (w0 - 2.6, w0 + 0.9, b0 - 1.0, b0 + 2.1)
descent.plot.contour(problem, ax, levels=14, extent=extent)
(cloud,) = ax.plot([], [], ".", color=color, ms=1.5, alpha=0.35, zorder=3)
(median_line,) = ax.plot(
    [], [], "-", color=descent.plot.style.REFERENCE, lw=1.5, zorder=5, label="median path"
)
ellipse = Ellipse(
    (0, 0),
    0,
    0,
    fill=False,
    ec=descent.plot.style.REFERENCE,
    lw=1.0,
    ls="--",
    zorder=5,
    label=r"2$\sigma$ ellipse",
)
ax.add_patch(ellipse)
title = ax.set_title(" ", loc="left")

x_epochs = np.arange(len(excess)) / (N // B)
low, high = np.percentile(excess, [10, 90], axis=1)
mean = excess.mean(axis=1)
lax.set(yscale="log", xlim=(0, epochs), ylim=(low[len(low) // 4 :].min() / 2, 2 * high.max()))
lax.axhline(
    predicted,
    color=descent.plot.style.REFERENCE,
    ls="--",
    lw=1.0,
    label=r"$\alpha\,\mathrm{tr}\,C/4B$",
)
lax.set_xlabel("epoch")
lax.set_ylabel(r"$J - J^\star$")
lax.grid(True, alpha=0.3)
lax.set_box_aspect(1)
(mean_line,) = lax.plot(
    [], [], "-", color=descent.plot.style.REFERENCE, lw=1.3, label=f"mean of {runs}"
)
band = lax.fill_between([0, 0], [1, 1], [1, 1], color=color, alpha=0.3, lw=0, label="10–90%")
# one legend for both panels, under them: clear of the cloud and the band
fig.legend(loc="outside lower center", ncols=3, frameon=False)
artists = [cloud, median_line, ellipse, title, mean_line, band]


def update(t):
    global band
    points = traj.path[t]
    cloud.set_data(points[:, 0], points[:, 1])
    median_line.set_data(*median_path[: t + 1].T)
    values, vectors = np.linalg.eigh(np.cov(points.T) + 1e-12 * np.eye(2))
    ellipse.set_center(points.mean(axis=0))
    ellipse.set_width(4 * np.sqrt(values[1]))
    ellipse.set_height(4 * np.sqrt(values[0]))
    ellipse.set_angle(np.degrees(np.arctan2(vectors[1, 1], vectors[0, 1])))
    title.set_text(f"update {t} (epoch {t / (N // B):.2f})")
    mean_line.set_data(x_epochs[: t + 1], mean[: t + 1])
    band.remove()
    band = lax.fill_between(
        x_epochs[: t + 1], low[: t + 1], high[: t + 1], color=color, alpha=0.3, lw=0, animated=True
    )
    artists[-1] = band
    return artists


# the first quarter epoch, where the runs travel, slowly; then faster through the noise ball
frames = np.r_[np.arange(0, 256, 4), np.arange(256, traj.updates + 1, 64)]
update(0)
anim = descent.plot.TrajectoryAnimation(fig, update, frames, artists, fps=10)
plt.show()
