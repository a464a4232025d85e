r"""
Stochastic and batch gradient descent on the same compute
=========================================================

Both fit :math:`\hat y = wx + b` to 24 noisy points by mean squared error. Per epoch both
evaluate 24 per-sample gradients: batch gradient descent averages them into one update,
stochastic gradient descent makes 24 updates of one sample each. Same compute, same
learning rate, very different progress.
"""

# %%
# The data and the two runs
# -------------------------
# ``LinearRegression`` is a quadratic over :math:`(w, b)`: its contours below are the real
# MSE landscape and its star is the least-squares fit. ``run_stochastic`` with
# ``batch_size=1`` is SGD; ``run`` on the full data is batch gradient descent.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.problems import LinearRegression

descent.plot.use_style()

problem = LinearRegression.synthetic(n=24, w=2.0, b=-1.0, noise=0.5, seed=3)
N = problem.n_samples
epochs = 30
lr = 0.05
start = np.array([-0.5, 1.5])
batch = descent.run(descent.GradientDescent(lr), problem, start, steps=epochs)
sgd = descent.run_stochastic(descent.GradientDescent(lr), problem, start, epochs, batch_size=1)
excess_batch = batch.loss - problem.min_value
excess_sgd = sgd.loss - problem.min_value
print(f"N = {N}, least-squares fit (w, b) = {np.round(problem.minima[0], 3)}")
print(
    f"after {epochs} epochs: batch J - J* = {excess_batch[-1]:.3g}, "
    f"SGD J - J* = {excess_sgd[-1]:.3g}"
)

# %%
# One frame per epoch
# -------------------
# Each frame is one epoch of compute. The batch run (blue) moves one step; SGD (orange) makes
# N faint single-sample steps, and its point at the end of each epoch is drawn bold.
SGD_COLOR = descent.plot.style.SGD  # not an optimizer's colour: this is GD on mini-batches
fig, (ax, lax) = plt.subplots(
    1, 2, figsize=(4.8, 2.9), dpi=200, layout="constrained", width_ratios=[1, 1]
)
w0, b0 = problem.minima[0]
extent = (w0 - 2.9, w0 + 0.9, b0 - 0.9, b0 + 2.9)
descent.plot.contour(problem, ax, levels=15, extent=extent)
ax.plot(*start, "o", color=descent.plot.style.REFERENCE, mec="white", ms=6, zorder=5)
(sgd_faint,) = ax.plot([], [], "-", color=SGD_COLOR, lw=0.5, alpha=0.35, zorder=2)
(sgd_bold,) = ax.plot(
    [],
    [],
    "o-",
    color=SGD_COLOR,
    lw=1.4,
    ms=3.5,
    mec="white",
    mew=0.5,
    zorder=4,
    label="SGD, $B=1$",
)
(gd_line,) = ax.plot(
    [],
    [],
    "o-",
    color=descent.plot.color("GradientDescent"),
    lw=1.4,
    ms=3.5,
    zorder=4,
    label=f"batch GD, $B={N}$",
)
fig.legend(loc="outside lower center", ncols=3, frameon=False)  # clear of the paths
counter = ax.set_title(" ", loc="left")

x_sgd = np.arange(len(excess_sgd)) / N  # epochs of compute at every SGD update
floor = min(excess_sgd.min(), excess_batch.min())
lax.set(yscale="log", xlim=(0, epochs), ylim=(floor / 2, 2 * excess_sgd.max()))
lax.set_xlabel("epoch")
lax.set_ylabel(r"$J - J^\star$")
lax.grid(True, alpha=0.3)
lax.set_box_aspect(1)
(loss_faint,) = lax.plot([], [], color=SGD_COLOR, lw=0.5, alpha=0.4)
(loss_sgd,) = lax.plot([], [], "o-", color=SGD_COLOR, lw=1.3, ms=2.5)
(loss_gd,) = lax.plot([], [], "o-", color=descent.plot.color("GradientDescent"), lw=1.3, ms=2.5)
artists = [sgd_faint, sgd_bold, gd_line, counter, loss_faint, loss_sgd, loss_gd]
ends = np.concatenate([[0], sgd.epoch_ends])


def update(epoch):
    upto = ends[epoch]
    sgd_faint.set_data(*sgd.path[: upto + 1].T)
    sgd_bold.set_data(*sgd.path[ends[: epoch + 1]].T)
    gd_line.set_data(*batch.path[: epoch + 1].T)
    counter.set_text(f"epoch {epoch}: batch GD {epoch} updates, SGD {upto}")
    loss_faint.set_data(x_sgd[: upto + 1], excess_sgd[: upto + 1])
    loss_sgd.set_data(np.arange(epoch + 1), excess_sgd[ends[: epoch + 1]])
    loss_gd.set_data(np.arange(epoch + 1), excess_batch[: epoch + 1])
    return artists


update(0)
anim = descent.plot.TrajectoryAnimation(fig, update, range(epochs + 1), artists, fps=3)
plt.show()
