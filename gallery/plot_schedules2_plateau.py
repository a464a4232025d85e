r"""
ReduceLROnPlateau on SGD's noisy loss
=====================================

Instead of a schedule fixed in advance, cut the rate when the loss stops improving. On the
first schedules chapter's runs (100 SGD runs, one sample per update, :math:`\alpha_0 = 0.1`),
the wrapper halves the rate after ``patience`` updates without a new best full-data loss:
a short patience reads the noise as a plateau.
"""

# %%
# Two patiences
# -------------
# ``run_stochastic`` hands the wrapper the full-data loss at the current point before each
# update; ``threshold=1e-4`` asks a new best to be 0.01% below the old one.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.plot.style import EXTRA, SCHEDULE_COLORS, SGD
from descent.problems import LinearRegression
from descent.schedules import CosineAnnealingLR

descent.plot.use_style()

problem = LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)
N, runs, epochs, lr = problem.n_samples, 100, 10, 0.1
total = epochs * N
start = np.broadcast_to(problem.minima[0] + np.array([-2.0, 1.5]), (runs, 2))
results = {}
for patience in (10, 1024):
    opt = descent.ReduceLROnPlateau(
        descent.GradientDescent(lr=lr), factor=0.5, patience=patience, threshold=1e-4
    )
    traj = descent.run_stochastic(
        opt, problem, start, epochs, 1, independent=True, record_state=True
    )
    results[patience] = (np.median(traj.states.lr[..., 0], axis=1), traj.loss - problem.min_value)
    print(f"patience {patience}: mean J - J* at T = {results[patience][1][-1].mean():.2e}")

# %%
# The rate it chose and the loss it got
# -------------------------------------
# Top: the median rate over the runs (log scale), with the cosine planned for the run for
# comparison; bottom: the mean excess loss, averaged over each sixteenth of an epoch.
colors = {10: EXTRA[0], 1024: SGD}
fig, (ax, bx) = plt.subplots(2, 1, figsize=(4.8, 4.0), dpi=200, sharex=True, layout="constrained")
t = np.arange(total + 1) / N
cosine = CosineAnnealingLR(lr, T_max=total).values(total)
ax.semilogy(
    t[:-1],
    cosine,
    color=SCHEDULE_COLORS["CosineAnnealingLR"],
    lw=1.0,
    ls="--",
    label=r"cosine for $T$",
)
chunk = N // 16
x = (np.arange(total // chunk) + 0.5) / 16
for patience, (rate, excess) in results.items():
    ax.semilogy(t, rate, color=colors[patience], lw=1.4, label=f"patience {patience}")
    smooth = excess[1:].mean(axis=1).reshape(-1, chunk).mean(axis=1)
    bx.semilogy(x, smooth, color=colors[patience], lw=1.4)
ax.set_ylabel(r"$\alpha_t$", rotation=0, labelpad=8)
ax.set_ylim(1e-9, 0.3)
bx.set_ylabel(r"mean $J - J^\star$")
bx.set_xlabel("epoch (1,024 updates)")
bx.set_xlim(0, epochs)
for a in (ax, bx):
    a.grid(True, alpha=0.3)
fig.legend(loc="outside lower center", ncols=3, frameon=False)
plt.show()
