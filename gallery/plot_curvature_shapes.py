r"""
The shape of a preconditioner
=============================

A preconditioned step is :math:`-P g`. Draw :math:`P` as the ellipse of the steps it makes from
unit gradients, :math:`\{P^{1/2} u : \|u\| = 1\}`, and compare it with Newton's :math:`P = A^{-1}`.
L-BFGS's :math:`H_k` grows into that shape from a circle, pair by pair; Adam's diagonal can only
stretch along the axes.
"""

# %%
# The bowl, turned and not
# ------------------------
# :math:`\tfrac12(x^2 + 25y^2)`, and the same bowl turned by 45°, with the start
# :math:`(-5, 2)` turned with it.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Polygon

import descent
from descent.optimizers.lbfgs import two_loop
from descent.plot.animation import StepCounter, Trail
from descent.plot.style import FONTSIZE, REFERENCE, rc_context
from descent.surfaces import ALL, Quadratic

descent.plot.use_style()

aligned = ALL["elongated"]
turn = np.array([[1.0, -1.0], [1.0, 1.0]]) / np.sqrt(2)  # 45°
turned = Quadratic(turn @ aligned.A @ turn.T, name="turned bowl", extent=(-6, 6, -4, 4))
start = np.array([-5.0, 2.0])
circle = np.stack([np.cos(np.linspace(0, 2 * np.pi, 61)), np.sin(np.linspace(0, 2 * np.pi, 61))])


def ellipse(P, centre, area):
    """The outline of {P^½ u : |u| = 1} around ``centre``, scaled to ``area`` (shape only)."""
    w, V = np.linalg.eigh(P)
    half = V @ np.diag(np.sqrt(np.clip(w, 0, None))) @ V.T
    scale = np.sqrt(area / (np.pi * np.sqrt(np.prod(np.clip(w, 1e-300, None)))))
    return (centre[:, None] + scale * half @ circle).T


def shapes(ax, color):
    """Two outlines that follow the run: the preconditioner (solid) and A⁻¹ (dashed)."""
    mine = Polygon(np.zeros((1, 2)), closed=True, fill=False, ec=color, lw=2.0, zorder=6)
    newton = Polygon(np.zeros((1, 2)), closed=True, fill=False, ec=REFERENCE, lw=1.4, ls="--",
                     zorder=6)  # fmt: skip
    ax.add_patch(newton)
    ax.add_patch(mine)
    return mine, newton


# %%
# L-BFGS: H_k from the pairs it keeps
# -----------------------------------
# Without a line search, at :math:`\alpha = 0.5`, on the turned bowl. After each update,
# :math:`H_k` (the two-loop recursion applied to the unit vectors) and its distance from
# :math:`A^{-1}`.
lbfgs = descent.LBFGS(lr=0.5)
steps = 30
traj = descent.run(lbfgs, turned, turn @ start, steps, record_state=True)
inverse = np.linalg.inv(turned.A)
H = []
for k in range(traj.updates + 1):
    state = type(traj.states)(*(field[k] for field in traj.states))
    if k == 0:  # before any pair: the first step is a gradient step
        H.append(np.eye(2))
        continue
    H.append(np.column_stack(
        [-two_loop(e, state.s, state.y, state.rho, state.gamma, state.stored) for e in np.eye(2)]
    ))  # fmt: skip
H = np.array(H)
error = np.linalg.norm(H - inverse, 2, axis=(1, 2)) / np.linalg.norm(inverse, 2)
print("||H_k - A^-1|| / ||A^-1|| after updates 1, 5, 10, 30:", error[[1, 5, 10, 30]].round(3))

color = descent.plot.color(lbfgs)
area = 3.0  # every outline drawn with the same area: only shape and direction count
with rc_context():
    fig, (ax, bx) = plt.subplots(
        2, 1, figsize=(4.8, 5.2), dpi=150, layout="constrained", height_ratios=[1, 0.8]
    )
    descent.plot.contour(turned, ax)
    ax.set_title(r"L-BFGS, $\alpha = 0.5$: $H_k$ (solid), $A^{-1}$ (dashed)",
                 fontsize=FONTSIZE["title"], color=color)  # fmt: skip
    mine, newton = shapes(ax, color)
    bx.set_xlim(0, steps)
    bx.set_ylim(0, 1.05)
    bx.set_xlabel("update $k$")
    bx.set_ylabel(r"$\|H_k - A^{-1}\| \,/\, \|A^{-1}\|$")
    (err_line,) = bx.plot([], [], color=color, lw=1.8, marker=">", ms=3)
    trail = Trail(ax, traj, turned, color, marker=descent.plot.marker(lbfgs))
    counter = StepCounter(ax)


def update(t):
    mine.set_xy(ellipse(H[t], traj.path[t], area))
    newton.set_xy(ellipse(inverse, traj.path[t], area))
    err_line.set_data(np.arange(1, t + 1), error[1 : t + 1])
    return [*trail(t), *counter(t), newton, mine, err_line]


anim = descent.plot.TrajectoryAnimation(fig, update, range(steps + 1), update(0), fps=4)

# %%
# Adam: a diagonal, on both bowls
# -------------------------------
# :math:`P_t = \mathrm{diag}(\alpha / (\sqrt{\hat v_t} + \varepsilon))` at :math:`\alpha = 0.1`,
# one frame every two updates.
# On the aligned bowl its ellipse can take the bowl's shape; on the turned one it can only
# stretch along the axes, while :math:`A^{-1}` lies at 45°.
adam = descent.Adam(lr=0.1)
adam_steps = 150
bowls = {"on the bowl": (aligned, start), "on the bowl turned by 45°": (turned, turn @ start)}
runs, P = {}, {}
for name, (bowl, x0) in bowls.items():
    runs[name] = descent.run(adam, bowl, x0, adam_steps, record_state=True)
    rates = adam.effective_lr(runs[name].states)  # α/(√v̂ + ε) after each update
    rates[0] = 1.0  # before the first update there is no v̂: drawn as a circle
    P[name] = np.einsum("ti,ij->tij", rates, np.eye(2))
    ratio = np.sqrt(rates[-1, 0] / rates[-1, 1])
    print(f"{name}: the outline's axes after {adam_steps} updates, x over y: {ratio:.2f}")

adam_color = descent.plot.color(adam)
with rc_context():
    fig2, axes = plt.subplots(2, 1, figsize=(4.8, 5.2), dpi=150, layout="constrained")
    movers = []
    for ax, (name, (bowl, _)) in zip(axes, bowls.items(), strict=True):
        descent.plot.contour(bowl, ax)
        ax.set_title(rf"Adam, $\alpha = 0.1$, {name}", fontsize=FONTSIZE["title"], color=adam_color)
        outline, newton_outline = shapes(ax, adam_color)
        inverse_b = np.linalg.inv(bowl.A)
        movers.append((name, Trail(ax, runs[name], bowl, adam_color, marker="o"), outline,
                       newton_outline, inverse_b))  # fmt: skip
    counter2 = StepCounter(axes[0])


def update_adam(t):
    artists = list(counter2(t))
    for name, trail_b, outline, newton_outline, inverse_b in movers:
        at = runs[name].path[t]
        outline.set_xy(ellipse(P[name][t], at, area))
        newton_outline.set_xy(ellipse(inverse_b, at, area))
        artists += [*trail_b(t), newton_outline, outline]
    return artists


anim_adam = descent.plot.TrajectoryAnimation(
    fig2, update_adam, range(0, adam_steps + 1, 2), update_adam(0), fps=8
)
plt.show()
