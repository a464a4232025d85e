r"""
Adafactor's second moment in m + n numbers
==========================================

Adam keeps one running mean of :math:`g^2` per weight: 16 numbers for a 4×4 layer. Adafactor
keeps the means of its rows and of its columns, 4 + 4, and rebuilds the matrix as their outer
product over their total. Here both are fed the same gradients: those of Adam's run on the
chapter's linear layer.
"""

# %%
# Adam's run, and its second moment
# ---------------------------------
# Adam's bias-corrected :math:`\hat v_t` at every step (``record_state=True``), and the rank-1
# matrix with the same row and column means, :math:`R_t C_t / \mathrm{mean}(R_t)`: what
# Adafactor keeps of it (both decay alike, so averaging rows and averaging over time commute).
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm

import descent
from descent.problems import MatrixRegression
from descent.schedules import LinearLR

descent.plot.use_style()

STEPS = 100
layer = MatrixRegression.synthetic(shape=(4, 4), n_samples=64, condition=100.0, seed=0)
opt = descent.Adam(lr=LinearLR(0.7, start_factor=1.0, end_factor=0.0, total_iters=STEPS))
traj = descent.run(opt, layer, np.zeros((4, 4)), STEPS, record_state=True)
t = np.arange(1, STEPS + 1)
v = traj.states.v[1:] / (1 - opt.beta2**t)[:, None, None]
rows = v.mean(axis=-1, keepdims=True)  # R: (steps, 4, 1)
cols = v.mean(axis=-2, keepdims=True)  # C: (steps, 1, 4)
factored = rows * cols / rows.mean(axis=-2, keepdims=True)
error = np.linalg.norm(factored - v, axis=(-2, -1)) / np.linalg.norm(v, axis=(-2, -1))
print(f"relative error: first {error[0]:.3f}, median {np.median(error):.3f}, max {error.max():.3f}")

# %%
# Watch the two side by side
# --------------------------
# Top: :math:`\hat v_t` and its factored twin, on one logarithmic colour scale. Bottom: the
# relative error :math:`\lVert \hat V_t - \hat v_t \rVert_F / \lVert \hat v_t \rVert_F`.
fig = plt.figure(figsize=(4.8, 4.6), dpi=200, layout="constrained")
top, bottom = fig.subfigures(2, 1, height_ratios=[1.25, 1])
ax, bx = top.subplots(1, 2)
norm = LogNorm(vmin=v.min() * 0.9, vmax=v.max() * 1.1)
images = []
for panel, data, title in ((ax, v, "Adam: 16 numbers"), (bx, factored, "Adafactor: 4 + 4")):
    images.append(panel.imshow(data[0], cmap="viridis", norm=norm))
    panel.set_xticks([])
    panel.set_yticks([])
    panel.set_title(title, fontsize=10)
top.colorbar(images[0], ax=[ax, bx], shrink=0.8, label=r"mean of $g^2$")
ex = bottom.subplots()
ex.set_xlim(0, STEPS)
ex.set_ylim(0, 1.1 * error.max())
ex.set_xlabel("step $t$")
ex.set_ylabel("relative error")
(curve,) = ex.plot([], [], color=descent.plot.color("Adafactor"), lw=1.8)
ex.axhline(np.median(error), color=descent.plot.style.REFERENCE, ls="--", lw=0.8)
ex.text(STEPS, np.median(error), "median", ha="right", va="bottom", fontsize=10)
counter = ex.text(0.98, 0.92, "", transform=ex.transAxes, ha="right", va="top")


def update(frame):
    images[0].set_data(v[frame - 1])
    images[1].set_data(factored[frame - 1])
    curve.set_data(t[:frame], error[:frame])
    counter.set_text(f"step {frame}")
    return [*images, curve, counter]


frames = np.r_[1, np.arange(4, STEPS + 1, 4)]
anim = descent.plot.TrajectoryAnimation(fig, update, frames, [*images, curve, counter], fps=6)
plt.show()
