r"""
The loss landscape along a training path
========================================

Gradient descent, momentum and Adam train a small tanh network from the same start. Each path
is drawn over a slice of the loss through its end, along the two principal directions of the
path (Li et al., 2018), with how far each iterate lies off that plane and the loss at its
shadow on the plane beside the loss the network really has.
"""

# %%
# The network, the data and three runs
# ------------------------------------
# 100 points :math:`x \in [-2, 2]^2` with :math:`y = \sin 2x_1 \cos x_2`; a 2-16-16-1 tanh
# network (337 parameters) from PyTorch's default initialisation; the mean squared error;
# 500 full-batch steps of each rule from the same weights.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.landscape import filter_normalized, pca_directions, project, slice_loss
from descent.problems import Network, wave_data

descent.plot.use_style()

net = Network(*wave_data(n=100), widths=(16, 16))
start = net.init_params(seed=0)
steps = 500
optimizers = [
    descent.GradientDescent(lr=0.2),
    descent.Momentum(lr=0.02, beta=0.9),
    descent.Adam(lr=0.01),
]
runs = [descent.run(opt, net, start, steps) for opt in optimizers]
names = [descent.plot.style.NAMES[type(opt).__name__] for opt in optimizers]
colors = [descent.plot.color(opt) for opt in optimizers]
markers = [descent.plot.marker(opt) for opt in optimizers]

# %%
# Each path in the plane of its principal directions
# --------------------------------------------------
# The two principal directions of the offsets :math:`\theta_t - \theta^*` from the end
# (of every fifth iterate, as Li et al. take one checkpoint per epoch), the coordinates of every
# iterate in the plane through :math:`\theta^*` they span, its distance from that plane, and
# the slice of the loss on a 41 × 41 grid a fifth wider than the path's shadow.
every, grid, margin = 5, 41, 0.2


def window(coords):
    lo, hi = coords.min(axis=0), coords.max(axis=0)
    pad = margin * (hi - lo).max()
    return np.linspace(lo[0] - pad, hi[0] + pad, grid), np.linspace(lo[1] - pad, hi[1] + pad, grid)


planes = []
for name, traj in zip(names, runs):
    end = traj.path[-1]
    directions, explained = pca_directions(traj.path[::every])
    coords, off = project(traj.path, end, directions)
    a, b = window(coords)
    planes.append(
        {
            "coords": coords,
            "off": off,
            "explained": explained,
            "shadow": end + coords @ directions,  # the point of the plane nearest each iterate
            "a": a,
            "b": b,
            "slice": slice_loss(net, end, directions, a, b),
        }
    )
    print(
        f"{name}: explained {explained[0]:.1%} + {explained[1]:.1%}; the start is "
        f"{off[0]:.2f} off the plane, {np.linalg.norm(traj.path[0] - end):.2f} from the end"
    )


def levels(loss):
    """Contour levels 1, 2, 3, 5 × 10^k between the slice's lowest and highest loss."""
    k = np.arange(np.floor(np.log10(loss.min())), np.ceil(np.log10(loss.max())) + 1)
    values = (np.array([1, 2, 3, 5]) * 10.0 ** k[:, None]).ravel()
    return values[(values > loss.min()) & (values < loss.max())]


def slice_panel(ax, a, b, loss, fontsize=9):
    """The slice's contours on a log scale, labelled with the loss (text of ``fontsize`` pt:
    10 px on a phone for a figure 4.4 in wide at 9 pt, 5 in at 10)."""
    lv = levels(loss)
    ax.contourf(a, b, loss, levels=[loss.min(), *lv, loss.max()], cmap="Greys", alpha=0.22,
                norm="log")  # fmt: skip
    cs = ax.contour(a, b, loss, levels=lv, colors="0.55", linewidths=0.6)
    ax.clabel(cs, fmt="%g", fontsize=fontsize, inline_spacing=2)
    ax.set_aspect("equal", adjustable="box")
    ax.set(xlim=(a[0], a[-1]), ylim=(b[0], b[-1]))


# %%
# Watch gradient descent's path on its slice
# ------------------------------------------
# Top: the slice, with the path's shadow; the star is the end of the run, the centre of the
# slice. Middle: each iterate's distance from the plane. Bottom: the loss of the network at
# each iterate, and the loss at its shadow, the point of the plane the top panel draws it at.
gd, g = runs[0], planes[0]
g["shadow_loss"] = net(g["shadow"])  # the loss at the shadow
t = np.arange(steps + 1)
fig, (ax, dax, lax) = plt.subplots(
    3, 1, figsize=(4.4, 6.6), layout="constrained", height_ratios=[2.3, 1, 1.2]
)
slice_panel(ax, g["a"], g["b"], g["slice"])
ax.plot(0, 0, label=r"end $\theta^*$", **descent.plot.style.MINIMUM)
ax.annotate("start", g["coords"][0], xytext=(-4, 6), textcoords="offset points", ha="right")
ax.set(xlabel=r"first principal direction $a$", ylabel=r"second $b$")
ax.set_title(f"{names[0]}: {g['explained'][0]:.0%} + {g['explained'][1]:.0%} of the variance")
(trail,) = ax.plot([], [], color=colors[0], lw=1.0)
(dot,) = ax.plot([], [], markers[0], color=colors[0], ms=7, mec="white")
dax.set(xlim=(0, steps), ylim=(0, 1.15 * g["off"].max()), ylabel="off the\nplane")
dax.grid(True, alpha=0.25)
(dline,) = dax.plot([], [], color=colors[0], lw=1.2)
lax.set(xlim=(0, steps), yscale="log", xlabel="step $t$", ylabel="loss")
lax.set_ylim(0.5 * min(gd.loss.min(), g["shadow_loss"].min()), 2 * gd.loss.max())
lax.grid(True, alpha=0.25)
(lline,) = lax.plot([], [], color=colors[0], lw=1.2, label=r"at $\theta_t$")
(sline,) = lax.plot(
    [], [], color=descent.plot.style.REFERENCE, lw=1.0, ls="--", label="at its shadow"
)
lax.legend(loc="upper right", ncols=2, fontsize=9)
counter = ax.text(0.03, 0.04, "", transform=ax.transAxes, bbox=descent.plot.style.TEXT_BOX)
artists = [trail, dot, dline, lline, sline, counter]


def update(k):
    trail.set_data(*g["coords"][: k + 1].T)
    dot.set_data([g["coords"][k, 0]], [g["coords"][k, 1]])
    dline.set_data(t[: k + 1], g["off"][: k + 1])
    lline.set_data(t[: k + 1], gd.loss[: k + 1])
    sline.set_data(t[: k + 1], g["shadow_loss"][: k + 1])
    counter.set_text(f"step {k}")
    return artists


spike = int(np.argmax(gd.loss[1:])) + 1
frames = np.unique(np.r_[np.linspace(0, steps, 46).round().astype(int), spike - 1, spike])
anim = descent.plot.TrajectoryAnimation(fig, update, frames, artists, fps=6)
print(
    f"step {spike}: loss {gd.loss[spike]:.3f} at the iterate, {g['shadow_loss'][spike]:.3f} at "
    f"its shadow, {g['off'][spike]:.2f} off the plane"
)

# %%
# Two random directions instead
# -----------------------------
# Li et al.'s filter-normalised directions: Gaussian, each neuron's incoming weights scaled to
# the norm of that neuron's weights at :math:`\theta^*`, the biases left alone. Two draws of
# two directions, the slice on :math:`[-1, 1]^2` around gradient descent's end, and the path's
# shadow on each plane.
span = 1.0
figr, raxes = plt.subplots(1, 2, figsize=(5.0, 3.0), layout="constrained", sharey=True)
for rax, seeds, title in zip(raxes, [(0, 1), (2, 3)], ["first draw", "second draw"]):
    plane = np.stack([filter_normalized(net, gd.path[-1], seed=s) for s in seeds])
    r = np.linspace(-span, span, grid)
    slice_panel(rax, r, r, slice_loss(net, gd.path[-1], plane, r, r), fontsize=10)
    coords, off = project(gd.path, gd.path[-1], plane)
    rax.plot(0, 0, **descent.plot.style.MINIMUM)
    rax.plot(*coords.T, color=colors[0], lw=1.6, zorder=5)
    rax.plot(*coords[0], markers[0], color=colors[0], ms=5, mec="white", zorder=5)
    rax.set(title=title, xlabel=r"along $\delta$", xticks=[-1, 0, 1], yticks=[-1, 0, 1])
    print(f"{title}: the shadow of {names[0]}'s path stays within {np.abs(coords).max():.2f}")
raxes[0].set_ylabel(r"along $\eta$")

# %%
# Momentum and Adam, each in its own plane
# ----------------------------------------
# The same construction for the other two runs: each slice is centred on its own end.
fig2, axes = plt.subplots(2, 1, figsize=(5.0, 5.6), layout="constrained", height_ratios=[1, 1.5])
for ax2, name, color, marker, p in zip(axes, names[1:], colors[1:], markers[1:], planes[1:]):
    slice_panel(ax2, p["a"], p["b"], p["slice"], fontsize=10)
    ax2.plot(*p["coords"].T, color=color, lw=1.0)
    ax2.plot(*p["coords"][0], marker, color=color, ms=7, mec="white")
    ax2.plot(0, 0, **descent.plot.style.MINIMUM)
    ax2.set_title(
        f"{name}: {p['explained'][0]:.0%} + {p['explained'][1]:.0%} of the variance",
        color=color,
    )
    ax2.set(ylabel="second $b$")
axes[-1].set_xlabel("first principal direction $a$")

# %%
# The three paths in one plane
# ----------------------------
# One plane for all three: through their common start, along the two principal directions of
# the three paths stacked. Bottom: each path's distance from it.
stacked = np.concatenate([traj.path[::every] for traj in runs])
directions, explained = pca_directions(stacked, center=start)
shared = [project(traj.path, start, directions) for traj in runs]
a, b = window(np.concatenate([coords for coords, _ in shared]))
common = slice_loss(net, start, directions, a, b)
print(f"the common plane holds {explained[0]:.1%} + {explained[1]:.1%} of the three paths")
for name, traj, (coords, off) in zip(names, runs, shared):
    shadow = net(start + coords[-1] @ directions)
    print(
        f"{name}: ends {off[-1]:.2f} off it, loss {traj.loss[-1]:.4f}, at its shadow {shadow:.3f}"
    )

fig3, (ax3, dax3) = plt.subplots(
    2, 1, figsize=(4.4, 5.6), layout="constrained", height_ratios=[2.4, 1]
)
slice_panel(ax3, a, b, common)
ax3.plot(0, 0, "o", color="white", mec="black", ms=7, zorder=4)
ax3.annotate("start", (0, 0), xytext=(6, -12), textcoords="offset points")
ax3.set(xlabel="first principal direction", ylabel="second")
ax3.set_title(
    f"one plane: {explained[0]:.0%} + {explained[1]:.0%} of the three paths' variance", fontsize=10
)
dax3.set(xlim=(0, steps), xlabel="step $t$", ylabel="off the\nplane")
dax3.set_ylim(0, 1.15 * max(off.max() for _, off in shared))
dax3.grid(True, alpha=0.25)
moving = []
for name, color, marker in zip(names, colors, markers):
    (line,) = ax3.plot([], [], color=color, lw=1.0, label=name)
    (head,) = ax3.plot([], [], marker, color=color, ms=7, mec="white")
    (off_line,) = dax3.plot([], [], color=color, lw=1.2)
    moving.append((line, head, off_line))
fig3.legend(loc="outside upper center", ncols=3, frameon=False)
counter3 = ax3.text(0.03, 0.04, "", transform=ax3.transAxes, bbox=descent.plot.style.TEXT_BOX)
artists3 = [artist for m in moving for artist in m] + [counter3]


def update_common(k):
    for (line, head, off_line), (coords, off) in zip(moving, shared):
        line.set_data(*coords[: k + 1].T)
        head.set_data([coords[k, 0]], [coords[k, 1]])
        off_line.set_data(t[: k + 1], off[: k + 1])
    counter3.set_text(f"step {k}")
    return artists3


anim3 = descent.plot.TrajectoryAnimation(
    fig3, update_common, np.linspace(0, steps, 46).round().astype(int), artists3, fps=6
)
plt.show()
