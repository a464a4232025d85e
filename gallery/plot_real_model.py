r"""
Training a small network: a popular tutorial's experiment
=========================================================

A 1-10-1 ReLU network fitted to :math:`y = x^3 + \text{noise}` by full-batch gradient descent,
momentum, RMSProp and Adam, all at :math:`\alpha = 0.01` from the same initial weights — those
``torch.manual_seed(42)`` gives — and, for contrast, true mini-batch SGD with :math:`B = 32`.
"""

# %%
# Data, model and the five runs
# -----------------------------
# The data are the tutorial's (numpy's legacy seed 42): bit for bit on the same numpy, to a
# couple of units in the last place on builds that round x³ differently. The weights are
# torch's, recorded once (``MLP.torch_init``). Full batch: one update per epoch.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.problems import MLP, cubic_data

descent.plot.use_style()

x, y = cubic_data()
model = MLP(x, y, hidden=10)
start = model.torch_init()
epochs = 200
full_batch = {
    "gradient descent": descent.GradientDescent(lr=0.01),
    "momentum 0.9": descent.Momentum(lr=0.01, beta=0.9),
    "RMSProp": descent.RMSProp(lr=0.01),
    "Adam": descent.Adam(lr=0.01),
}
paths, losses = {}, {}
for name, opt in full_batch.items():
    traj = descent.run(opt, model, start, steps=epochs)
    paths[name], losses[name] = traj.path, traj.loss
sgd = descent.run_stochastic(
    descent.GradientDescent(lr=0.01), model, start, epochs=epochs, batch_size=32, seed=0
)
at_epochs = np.concatenate([[0], sgd.epoch_ends])  # the point at the end of each epoch
paths["SGD, B = 32"], losses["SGD, B = 32"] = sgd.path[at_epochs], sgd.loss[at_epochs]
colors = [descent.plot.COLORS[c] for c in ("GradientDescent", "Momentum", "RMSProp", "Adam")]
colors.append(descent.plot.style.EXTRA[0])  # grey: momentum is orange here
for name, loss in losses.items():
    print(f"{name:17} MSE after {epochs} epochs: {loss[-1]:.4f}")

# %%
# Watch the fits and the losses
# -----------------------------
# Top: the data and each network's prediction; bottom: the full-data loss against epochs.
fig, (ax, lax) = plt.subplots(
    2, 1, figsize=(4.8, 6.4), dpi=200, layout="constrained", gridspec_kw={"height_ratios": [1.2, 1]}
)
ax.plot(x, y, ".", color=descent.plot.style.GREY, ms=3, label="data", zorder=1)
ax.plot(x, x**3, color=descent.plot.style.REFERENCE, lw=0.8, ls=":", label="$x^3$")
grid = np.linspace(-1, 1, 200)
fits = [
    ax.plot([], [], color=c, lw=1.6, ls="--" if "SGD" in n else "-", label=n)[0]
    for n, c in zip(paths, colors)
]
ax.set(xlabel="$x$", ylabel="$y$", xlim=(-1, 1), ylim=(-1.4, 1.4))
ax.legend(ncols=2, loc="upper left")
curves = [
    lax.plot([], [], color=c, lw=1.6, ls="--" if "SGD" in n else "-")[0]
    for n, c in zip(paths, colors)
]
lax.set(xlabel="epoch", ylabel="MSE (full data)", xlim=(0, epochs), yscale="log", ylim=(0.005, 0.2))
lax.grid(True, which="both", alpha=0.25)
counter = ax.text(0.98, 0.04, "", transform=ax.transAxes, ha="right")


def update(epoch):
    for line, curve, name in zip(fits, curves, paths):
        line.set_data(grid, model.predict(paths[name][epoch], grid))
        curve.set_data(np.arange(epoch + 1), losses[name][: epoch + 1])
    counter.set_text(f"epoch {epoch}")
    return [*fits, *curves, counter]


anim = descent.plot.TrajectoryAnimation(
    fig, update, range(0, epochs + 1, 2), [*fits, *curves, counter], fps=12
)
plt.show()
