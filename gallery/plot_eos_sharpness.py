r"""
The edge of stability: sharpness against 2/α
=============================================

Full-batch gradient descent on a small tanh network, at three step sizes, with the sharpness
:math:`\lambda_{\max}(\nabla^2 J)` measured along the run. It rises until it reaches
:math:`2/\alpha`, the largest curvature a quadratic would allow, and then stays there while the
loss keeps falling, up and down.
"""

# %%
# The network, the data and three runs
# ------------------------------------
# 200 points :math:`x \in [-2, 2]^2` with :math:`y = \sin 2x_1 \cos x_2`; a 2-16-16-1 tanh
# network (337 parameters) from PyTorch's default initialisation; the mean squared error. The
# three step sizes are one vectorised run from the same start.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.problems import Network, wave_data

descent.plot.use_style()

net = Network(*wave_data(), widths=(16, 16))
step_sizes = np.array([0.3, 0.2, 0.15])
steps = 2000
starts = np.tile(net.init_params(seed=0), (len(step_sizes), 1))
traj = descent.run(descent.GradientDescent(lr=step_sizes[:, None]), net, starts, steps)

# %%
# The sharpness along the run
# ---------------------------
# Every 50 steps, by Lanczos iteration on the network's exact Hessian-vector products (16 of
# them per point, all points at once).
every = 50
at = np.arange(0, steps + 1, every)
sharp = descent.sharpness(net, traj.path[at], method="lanczos", iters=16)
for j, lr in enumerate(step_sizes):
    print(
        f"α = {lr}: sharpness {sharp[0, j]:.2f} at the start, {sharp[-1, j]:.2f} at the end; "
        f"2/α = {2 / lr:.2f}"
    )

# %%
# Watch the loss and the sharpness
# --------------------------------
# Top: the loss on a log scale. Bottom: the sharpness, with a dashed line at :math:`2/\alpha`
# in each run's colour.
colors = descent.plot.style.ordered(len(step_sizes))
fig, (lax, sax) = plt.subplots(2, 1, figsize=(4.2, 5.2), sharex=True, layout="constrained")
losses = [
    lax.plot([], [], color=c, lw=0.9, label=rf"$\alpha = {lr:g}$")[0]
    for lr, c in zip(step_sizes, colors)
]
lax.set(ylabel=r"loss $J(\theta_t)$", yscale="log", xlim=(0, steps))
lax.set_ylim(0.7 * traj.loss.min(), 1.5 * traj.loss.max())
fig.legend(handles=losses, loc="outside upper center", ncols=3, frameon=False)
lax.grid(True, which="major", alpha=0.25)
curves = []
for lr, c in zip(step_sizes, colors):
    sax.axhline(2 / lr, color=c, ls="--", lw=1.0)
    sax.text(
        steps * 0.99,
        2 / lr + 0.5,
        rf"$2/\alpha = {2 / lr:.3g}$",
        color=c,
        ha="right",
        va="bottom",
    )
    curves.append(sax.plot([], [], color=c, lw=1.6, marker="o", ms=2)[0])
sax.set(
    xlabel="step $t$",
    ylabel=r"sharpness $S(\theta_t)$",
    ylim=(0, 1.35 * 2 / step_sizes.min()),
)
sax.set_xticks(range(0, steps + 1, 500))
sax.grid(True, alpha=0.25)
counter = lax.text(0.02, 0.04, "", transform=lax.transAxes, bbox=descent.plot.style.TEXT_BOX)


def update(t):
    shown = at <= t
    for j in range(len(step_sizes)):
        losses[j].set_data(np.arange(t + 1), traj.loss[: t + 1, j])
        curves[j].set_data(at[shown], sharp[shown, j])
    counter.set_text(f"step {t}")
    return [*losses, *curves, counter]


anim = descent.plot.TrajectoryAnimation(
    fig, update, range(0, steps + 1, 20), [*losses, *curves, counter], fps=15
)

# %%
# What the iterate does at the edge
# ---------------------------------
# At :math:`\alpha = 0.2`, the top eigenvector :math:`u` of the Hessian (power iteration on
# Hessian-vector products) at a step before the edge and at one on the plateau, and the
# iterate's position along it, :math:`u^\top(\theta_t - \theta_c)`, for 20 steps either side.
j, window = 1, 20


def top_eigenvector(params, iters=200):
    u = np.random.default_rng(0).standard_normal(net.dim)
    for _ in range(iters):
        u = net.hvp(params, u)
        u /= np.linalg.norm(u)
    return u, u @ net.hvp(params, u)


panels = []
for centre in (100, 1600):
    u, curvature = top_eigenvector(traj.path[centre, j])
    t = np.arange(centre - window, centre + window + 1)
    position = (traj.path[t, j] - traj.path[centre, j]) @ u
    along = np.diff(position)
    flips = np.concatenate([[0], np.cumsum(along[1:] * along[:-1] < 0)])
    panels.append((centre, t, position, flips, step_sizes[j] * curvature))
    print(
        f"step {centre}: αλ_max = {step_sizes[j] * curvature:.2f}, "
        f"{flips[-1]} sign changes in {len(along) - 1} pairs of updates"
    )

fig2, axes = plt.subplots(2, 1, figsize=(4.2, 4.8), layout="constrained")
moving = []
for ax, (centre, t, position, flips, alpha_lambda) in zip(axes, panels):
    where = "before the edge" if alpha_lambda < 1 else "on the edge"
    ax.set_title(rf"{where}: step {centre}, $\alpha\lambda_{{\max}} = {alpha_lambda:.2f}$")
    ax.axhline(0, color=descent.plot.style.REFERENCE, lw=0.8)
    ax.axvline(centre, color=descent.plot.style.GREY, lw=0.8, ls=":")
    span = 1.25 * np.abs(position).max()
    ax.set(xlim=(t[0] - 1, t[-1] + 1), ylim=(-span, span), ylabel=r"$u^\top(\theta_t - \theta_c)$")
    ax.ticklabel_format(axis="y", style="sci", scilimits=(-2, 2))
    ax.grid(True, alpha=0.25)
    (line,) = ax.plot([], [], "o-", color=colors[j], lw=1.2, ms=3.5)
    note = ax.text(0.02, 0.05, "", transform=ax.transAxes, bbox=descent.plot.style.TEXT_BOX)
    moving.append((line, note, t, position, flips))
axes[-1].set_xlabel("step $t$")


def update_oscillation(k):
    for line, note, t, position, flips in moving:
        line.set_data(t[: k + 1], position[: k + 1])
        shown = flips[max(k - 1, 0)]
        note.set_text(f"sign changes of the update: {shown} of {max(k - 1, 0)}")
    return [artist for line, note, *_ in moving for artist in (line, note)]


anim2 = descent.plot.TrajectoryAnimation(
    fig2, update_oscillation, range(2 * window + 1), [a for m in moving for a in m[:2]], fps=6
)
plt.show()
