r"""
Flat or sharp: where 10,000 SGD runs end
========================================

A loss of one parameter with a sharp and a flat minimum of the same depth, every run started
in the sharp basin, one epoch of mini-batch SGD per run. The fraction that ends in the flat
basin, over the learning rate :math:`\alpha` and the batch size :math:`B`, and against the
noise scale :math:`\alpha/B`.
"""

# %%
# The loss, the starts and the grid
# ---------------------------------
# 128 samples whose offsets have standard deviation 0.7; basins of curvature 20 and 1.
# 10,000 starts uniform over the sharp basin, each with its own shuffle of the data; one
# vectorised call per cell.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.problems import TwoBasins

descent.plot.use_style()

problem = TwoBasins.synthetic(n=128, spread=0.7, seed=0)
rates = [0.01, 0.02, 0.03, 0.06, 0.16]
batches = [1, 2, 4, 8]
runs = 10_000
b = problem.barrier
starts = np.random.default_rng(1).uniform(-b, b, (runs, 1))

flat = np.empty((len(rates), len(batches)))
for i, lr in enumerate(rates):
    for j, B in enumerate(batches):
        traj = descent.run_stochastic(
            descent.GradientDescent(lr=lr),
            problem,
            starts,
            epochs=1,
            batch_size=B,
            seed=2,
            independent=True,
        )
        flat[i, j] = np.mean(traj.path[-1, :, 0] > b)
    print(f"α = {lr:<5}", "  ".join(f"B={B}: {f:6.1%}" for B, f in zip(batches, flat[i])))

# %%
# The fraction over α and B
# -------------------------
# One cell per rate and batch size, its fraction written on it; the line marks the sharp
# basin's limit :math:`2/\lambda_s = 0.1`, above which gradient descent cannot stay in it.
fig, ax = plt.subplots(figsize=(4.6, 3.6), layout="constrained")
image = ax.imshow(flat, cmap="viridis", vmin=0, vmax=1, aspect="auto")
for i in range(len(rates)):
    for j in range(len(batches)):
        f = flat[i, j]
        # more digits where the fraction is near 0 or 1, so that "all" means all
        digits = 2 if 0.99 < f < 1 else 1 if f < 0.01 else 0
        text = f"{f:.{digits}%}".replace("100.00%", "100%")
        ax.text(j, i, text, ha="center", va="center", bbox=descent.plot.style.TEXT_BOX)
ax.set_xticks(range(len(batches)), [str(B) for B in batches])
ax.set_yticks(range(len(rates)), [f"{lr:g}" for lr in rates])
ax.set(xlabel="batch size $B$", ylabel=r"learning rate $\alpha$")
ax.axhline(len(rates) - 1.5, color="white", lw=2.5)
ax.text(len(batches) - 0.5, len(rates) - 1.5, r" $2/\lambda_s$", ha="left", va="center")
ax.grid(False)
fig.colorbar(image, ax=ax, label="in the flat basin", format=lambda v, _: f"{v:.0%}")

# %%
# The fraction against the noise scale α/B
# ----------------------------------------
# If :math:`\alpha/B` were all that mattered, cells with the same ratio would land on one
# point. One colour per rate; the rate above :math:`2/\lambda_s` dashed.
colors = descent.plot.style.ordered(len(rates))
markers = ["o", "s", "^", "D"]
fig2, ax2 = plt.subplots(figsize=(4.6, 4.4), layout="constrained")
for i, (lr, c) in enumerate(zip(rates, colors)):
    ratio = lr / np.array(batches)
    above = lr > 2 / problem.sharp
    ax2.plot(
        ratio,
        flat[i],
        color=c,
        lw=1.2,
        ls="--" if above else "-",
        zorder=2,
        label=rf"$\alpha = {lr:g}$" + (r" $> 2/\lambda_s$" if above else ""),
    )
    for r, f, m in zip(ratio, flat[i], markers):
        ax2.plot(r, f, marker=m, color=c, ms=6, mec="white", mew=0.6, ls="none", zorder=3)
for B, m in zip(batches, markers):
    ax2.plot([], [], marker=m, color=descent.plot.style.GREY, ls="none", label=f"$B = {B}$")
ax2.set(
    xscale="log",
    xlabel=r"noise scale $\alpha/B$",
    ylabel="fraction in the flat basin",
    ylim=(-0.04, 1.04),
)
ax2.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
ax2.grid(True, alpha=0.3)
fig2.legend(loc="outside lower center", ncols=3, frameon=False, handlelength=1.6)
plt.show()
