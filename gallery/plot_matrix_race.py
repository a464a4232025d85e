r"""
Four optimizers fit a linear layer
==================================

Gradient descent, Adam, Adafactor and Muon fit the 4×4 weights :math:`W` of a linear layer
whose inputs are ill-conditioned (covariance eigenvalues from 1 down to 0.01) and whose target
:math:`W^\star` puts as much loss in every direction. Each runs 100 steps from :math:`W = 0` at
its tuned rate, decayed linearly to zero, from 65 starts: :math:`W = 0` and 64 within
:math:`10^{-12}` of it. Below the loss: how far each of the target's four singular directions
has been fitted.
"""

# %%
# The layer and the tuned runs
# ----------------------------
# The rates are the best of a grid of 25 (1, 1.5, 2, 3, 5 and 7 in each decade from 0.001 to
# 10) for the median final loss over the starts, under the same linear decay: the chapter's
# sweep. No weight decay for Muon (Adam has none). Starts 1e-12 apart, as far apart as two
# machines' rounding puts two runs, end alike for three of the four optimizers, not for Muon.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.problems import MatrixRegression
from descent.schedules import LinearLR

descent.plot.use_style()

STEPS = 100
layer = MatrixRegression.synthetic(shape=(4, 4), n_samples=64, condition=100.0, seed=0)
TUNED = {"GradientDescent": 1.0, "Adam": 0.7, "Adafactor": 2.0, "Muon": 1.0}
N_STARTS, NUDGE = 65, 1e-12
starts = NUDGE * np.random.default_rng(0).standard_normal((N_STARTS, 4, 4))
starts[0] = 0.0  # the first start is W = 0


def decayed(lr):
    return LinearLR(lr, start_factor=1.0, end_factor=0.0, total_iters=STEPS)


optimizers = [
    descent.GradientDescent(lr=decayed(TUNED["GradientDescent"])),
    descent.Adam(lr=decayed(TUNED["Adam"])),
    descent.Adafactor(lr=decayed(TUNED["Adafactor"]), factored=True),
    descent.Muon(lr=decayed(TUNED["Muon"]), weight_decay=0.0),
]
runs = [descent.run(opt, layer, starts, STEPS) for opt in optimizers]
names = [descent.plot.style.NAMES[type(opt).__name__] for opt in optimizers]
colors = [descent.plot.color(opt) for opt in optimizers]
medians = [np.median(traj.loss, axis=1) for traj in runs]  # (STEPS + 1,) each
for name, traj in zip(names, runs):
    q1, q3 = np.quantile(traj.loss[-1], [0.25, 0.75])
    print(f"{name}: median final loss {np.median(traj.loss[-1]):.2e}, quartiles {q1:.2e} {q3:.2e}")
muon_q1, muon_q3 = np.quantile(runs[3].loss, [0.25, 0.75], axis=1)

# %%
# Along the target's directions
# -----------------------------
# With :math:`W^\star = \sum_k s_k q_k v_k^\top`, the coordinate :math:`q_k^\top W_t v_k` is how
# far direction :math:`k` has been fitted (dashed: its target :math:`s_k`), from
# :math:`W = 0`. Gradient descent's and Muon's :math:`W_t` stay in these directions, so these
# are their singular values. Above, the median loss over the starts, and the middle half of
# Muon's runs shaded.
Q, s, Vt = np.linalg.svd(layer.minima[0])
lam = np.array([q @ layer.covariance @ q for q in Q.T])  # each direction's input variance
along = [np.einsum("tij,ik,kj->tk", traj.path[:, 0], Q, Vt) for traj in runs]
shades = descent.plot.style.ordered(4)  # dark: the largest target, the inputs' least variance
t = np.arange(STEPS + 1)

fig = plt.figure(figsize=(4.8, 5.8), dpi=200, layout="constrained")
top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.5])
ax = top.subplots()
grid = bottom.subplots(2, 2, sharex=True, sharey=True)
ax.set_yscale("log")
ax.set_xlim(0, STEPS)
ax.set_ylim(2e-5, 8)
ax.set_xlabel("step $t$")
ax.set_ylabel(r"loss $J(W_t)$")
loss_lines = [ax.plot([], [], color=c, lw=1.8, label=n)[0] for n, c in zip(names, colors)]
band = plt.Polygon(np.zeros((0, 2)), closed=True, color=colors[3], alpha=0.3, lw=0)
ax.add_patch(band)
top.legend(loc="outside upper center", frameon=False, ncols=2)
fit_lines = []
for panel, name, color, a in zip(grid.flat, names, colors, along):
    for k in range(4):
        panel.axhline(s[k], color=shades[k], ls="--", lw=0.8)
        (line,) = panel.plot([], [], color=shades[k], lw=1.5)
        fit_lines.append((line, a[:, k]))
    panel.set_title(name, color=color, fontsize=10, pad=3)
    panel.set_ylim(-0.5, 1.08 * max(a.max() for a in along))
    panel.set_xlim(0, STEPS)
for panel in grid[1]:
    panel.set_xlabel("step $t$")
for panel in grid[:, 0]:
    panel.set_ylabel(r"$q_k^\top W_t\, v_k$")
for k in range(4):  # a legend of the four directions, under the grid
    grid[0, 0].plot(
        [],
        [],
        color=shades[k],
        lw=1.5,
        label=rf"$s_{k + 1}$ = {s[k]:.2g} ($\lambda$ = {lam[k]:.2g})",
    )
bottom.legend(
    *grid[0, 0].get_legend_handles_labels(),
    loc="outside lower center",
    ncols=2,
    frameon=False,
    fontsize=9,
    handlelength=1.2,
    columnspacing=1.0,
)
counter = ax.text(0.98, 0.92, "", transform=ax.transAxes, ha="right")


def update(frame):
    for line, median in zip(loss_lines, medians):
        line.set_data(t[: frame + 1], median[: frame + 1])
    upper = np.c_[t[: frame + 1], muon_q3[: frame + 1]]
    lower = np.c_[t[: frame + 1], muon_q1[: frame + 1]]
    band.set_xy(np.r_[upper, lower[::-1]])
    for line, values in fit_lines:
        line.set_data(t[: frame + 1], values[: frame + 1])
    counter.set_text(f"step {frame}")
    return [band, *loss_lines, *(line for line, _ in fit_lines), counter]


frames = np.unique(np.r_[np.arange(0, STEPS + 1, 3), STEPS])
artists = [band, *loss_lines, *(line for line, _ in fit_lines), counter]
anim = descent.plot.TrajectoryAnimation(fig, update, frames, artists, fps=8)
plt.show()
