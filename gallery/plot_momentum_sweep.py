r"""
Ten thousand runs of momentum in one call
=========================================

Every pixel is one run of momentum on the bowl :math:`\tfrac12(x^2 + 25y^2)`, from the same
start, with its own learning rate :math:`\alpha` and momentum :math:`\beta`. The dashed line
is the theory's edge of stability, :math:`\alpha = (2 + 2\beta)/\lambda_{\max}`.
"""

# %%
# One vectorised call over an (α, β) grid
# ---------------------------------------
# Hyperparameters may be arrays: they broadcast against the starts, so a 100 × 100 grid is
# one call to ``descent.run``.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
lam_min, lam_max = bowl.eigenvalues
n, steps = 100, 150
lrs = np.linspace(0.002, 0.2, n)
betas = np.linspace(0.0, 0.99, n)
start = np.array([-5.0, 2.0])
opt = descent.Momentum(lr=lrs[:, None, None], beta=betas[None, :, None])
traj = descent.run(opt, bowl, np.broadcast_to(start, (n, n, 2)), steps)
print(f"{traj.diverged.size} runs, {int(traj.diverged.sum())} diverged")

# %%
# The best cell against the theory's best
# ---------------------------------------
# On a quadratic the best constant pair is :math:`\alpha^\star = 4/(\sqrt{\lambda_{\max}} +
# \sqrt{\lambda_{\min}})^2` and :math:`\beta^\star = ((\sqrt\kappa - 1)/(\sqrt\kappa + 1))^2`.
final = np.where(traj.diverged, np.inf, traj.loss[-1])
i, j = np.unravel_index(np.argmin(final), final.shape)
kappa = lam_max / lam_min
best_lr = 4 / (np.sqrt(lam_max) + np.sqrt(lam_min)) ** 2
best_beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
print(f"best cell: α = {lrs[i]:.3f}, β = {betas[j]:.2f}")
print(f"theory:    α = {best_lr:.3f}, β = {best_beta:.3f}")

# %%
# Watch the stable region appear
# ------------------------------
# Colour: the loss after :math:`t` steps (log scale, clipped at :math:`10^{-30}`); red: runs
# that diverged.
# Left of the dashed line every run converges; right of it every run blows up, and all but a
# thin strip along the line have passed the divergence limit by the last frame.
fig, ax = plt.subplots(figsize=(4.8, 4.3), dpi=200, layout="constrained")
cmap = plt.get_cmap("viridis").with_extremes(bad=descent.plot.style.DIVERGED)


def image_at(t):
    log_loss = np.log10(np.maximum(traj.loss[t], 1e-30)).T  # rows: β, columns: α
    gone = ((traj.diverged_at >= 0) & (traj.diverged_at <= t)).T
    return np.ma.masked_array(np.clip(log_loss, -30, 2), mask=gone)


image = ax.imshow(
    image_at(0),
    origin="lower",
    aspect="auto",
    extent=(lrs[0], lrs[-1], betas[0], betas[-1]),
    cmap=cmap,
    vmin=-30,
    vmax=2,
    interpolation="nearest",
)
edge = (2 + 2 * betas) / lam_max
(edge_line,) = ax.plot(edge, betas, "--", color="white", lw=1.6)
note = ax.annotate(
    r"$\alpha = (2+2\beta)/\lambda_{\max}$",
    xy=(edge[30], betas[30]),
    xytext=(0.125, 0.12),
    color="white",
    arrowprops={"arrowstyle": "->", "color": "white", "lw": 0.8},
)
(marker,) = ax.plot(
    best_lr, best_beta, "P", color="white", mec="black", ms=8, label="theory's best"
)
ax.fill_between([], [], color=descent.plot.style.DIVERGED, label="diverged")
legend = fig.legend(loc="outside lower center", ncols=2, frameon=False)  # off the map
ax.set_xlabel(r"learning rate $\alpha$")
ax.set_ylabel(r"momentum $\beta$")
fig.colorbar(image, ax=ax, label=r"$\log_{10}$ loss after $t$ steps", shrink=0.9)
counter = ax.text(
    0.97, 0.04, "", transform=ax.transAxes, ha="right",
    bbox={"fc": "white", "ec": "none", "alpha": 0.85},
)  # fmt: skip


def update(t):
    image.set_data(image_at(t))
    counter.set_text(f"step {t}")
    return moving


# the image changes every frame; what lies on top of it is redrawn after it
moving = [image, edge_line, note, marker, counter]
anim = descent.plot.TrajectoryAnimation(fig, update, np.arange(0, steps + 1, 2), moving, fps=12)
plt.show()
