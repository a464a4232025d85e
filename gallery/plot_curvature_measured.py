r"""
Curvature, measured: digits per step, L-BFGS's inverse Hessian, Adam's diagonal
===============================================================================

Three measurements of the curvature chapter. Newton's error near the minimum of Rosenbrock's
valley, squared at every step; the inverse-Hessian approximation that L-BFGS's two-loop
recursion applies, against the true one on a quadratic; and Adam's per-coordinate rates on
an elongated bowl aligned with the axes and turned by 45°.
"""

import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.optimizers.lbfgs import two_loop
from descent.surfaces import ALL, Quadratic

descent.plot.use_style()

# %%
# Digits per step: quadratic, superlinear, linear
# -----------------------------------------------
# Three runs from :math:`(-1.2, 1)`: gradient descent at the best rate of its grid (see the
# Rosenbrock race), L-BFGS with its strong-Wolfe line search and no stopping tolerance,
# Newton's method.

rosenbrock = ALL["rosenbrock"]
start, minimum = np.array([-1.2, 1.0]), rosenbrock.minima[0]
optimizers = [
    descent.GradientDescent(lr=0.001778),
    descent.LBFGS(
        line_search_fn="strong_wolfe", max_eval=25, tolerance_grad=0.0, tolerance_change=0.0
    ),
    descent.Newton(),
]
errors = [
    np.linalg.norm(descent.run(opt, rosenbrock, start, steps=45).path - minimum, axis=-1)
    for opt in optimizers
]

# %%
# Near the minimum Newton's error is squared at every step, so its number of correct digits
# doubles. An error of exactly 0 (the minimum to the last bit) has no place on a log axis: it
# is drawn as a triangle on the bottom edge.
FLOOR = 1e-17
fig, ax = plt.subplots(figsize=(4.8, 3.8), dpi=200, layout="constrained")
for opt, e in zip(optimizers, errors, strict=True):
    steps = np.arange(len(e))
    exact = e == 0
    last = int(np.argmax(exact)) if exact.any() else len(e)
    color, name = descent.plot.color(opt), type(opt).__name__
    label = {"GradientDescent": "gradient descent", "LBFGS": "L-BFGS"}.get(name, name)
    ax.plot(steps[:last], e[:last], marker=descent.plot.marker(opt), ms=4, color=color,
            label=label)  # fmt: skip
    if exact.any():
        ax.plot(last, FLOOR, "v", color=color, ms=8, clip_on=False)
        ax.annotate("exact", (last, FLOOR), xytext=(6, 4), textcoords="offset points",
                    color=color)  # fmt: skip
newton = errors[-1]
for t in range(3, int(np.argmax(newton == 0))):
    digits = -np.log10(newton[t])
    ax.annotate(f"{digits:.1f} digits", (t, newton[t]), xytext=(8, 0),
                textcoords="offset points", va="center",
                color=descent.plot.color(optimizers[-1]))  # fmt: skip
ax.set_yscale("log")
ax.set_ylim(FLOOR, 10)
ax.set_xlabel("step $t$")
ax.set_ylabel(r"$\|\theta_t - \theta^\star\|$")
ax.legend(loc="lower left", bbox_to_anchor=(0.0, 0.05))
plt.show()

# %%
# What L-BFGS knows of the inverse Hessian
# ----------------------------------------
# The two-loop recursion applied to each unit vector gives the matrix :math:`H_k` it applies,
# column by column. A quadratic in ten dimensions: curvatures spread from 1 to 1000, axes
# turned at random; L-BFGS keeps 20 pairs and uses its strong-Wolfe search.

dim = 10
q, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((dim, dim)))
A = (q * np.logspace(0, 3, dim)) @ q.T
quadratic, start = Quadratic(A), np.random.default_rng(2).normal(size=dim)
opt = descent.LBFGS(
    history_size=20,
    line_search_fn="strong_wolfe",
    max_eval=25,
    tolerance_grad=0.0,
    tolerance_change=0.0,
)
traj = descent.run(opt, quadratic, start, steps=41, record_state=True)

# %%
# Top: the relative error :math:`\|H_k - A^{-1}\|_2 / \|A^{-1}\|_2`. Bottom: the angle between
# the step L-BFGS takes and the Newton step :math:`-A^{-1} g_k` from the same point.
inverse = np.linalg.inv(A)
errors, angles = [], []
for k in range(1, traj.updates + 1):
    state = type(traj.states)(*(field[k] for field in traj.states))
    H = np.column_stack(
        [-two_loop(e, state.s, state.y, state.rho, state.gamma, state.stored) for e in np.eye(dim)]
    )
    errors.append(np.linalg.norm(H - inverse, 2) / np.linalg.norm(inverse, 2))
    newton = -inverse @ quadratic.grad(traj.path[k - 1])
    cos = state.d @ newton / (np.linalg.norm(state.d) * np.linalg.norm(newton))
    angles.append(np.degrees(np.arccos(np.clip(cos, -1, 1))))
updates = np.arange(1, traj.updates + 1)
color = descent.plot.color(opt)
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 5.0), dpi=200, layout="constrained",
                                  sharex=True)  # fmt: skip
top.plot(updates, errors, color=color, marker=">", ms=3)
top.set_ylabel(r"$\|H_k - A^{-1}\| \,/\, \|A^{-1}\|$")
top.set_ylim(0, 1.05)
bottom.plot(updates, angles, color=color, marker=">", ms=3)
bottom.set_ylabel("angle to Newton's step (°)")
bottom.set_xlabel("update $k$")
bottom.set_ylim(0, 90)
for ax in (top, bottom):
    ax.axvline(dim + 1, color=descent.plot.style.REFERENCE, ls=":", lw=1.2)
top.annotate(f"{dim} pairs stored", (dim + 1, 0.5), xytext=(5, 0), textcoords="offset points",
             color=descent.plot.style.REFERENCE)  # fmt: skip
plt.show()

# %%
# Adam's diagonal
# ---------------
# A diagonal preconditioner can undo the elongation of a bowl aligned with the axes, not of
# a turned one: :math:`\tfrac12(x^2 + 25y^2)`, and the same turned by 45° (the start turned
# with it). Adam with :math:`\alpha = 0.1`; gradient descent at its best constant rate
# :math:`2/26`.


def turned(angle):
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


WINDOW = 50
bowls = {}
for name, angle in (("aligned", 0.0), ("turned by 45°", np.pi / 4)):
    R = turned(angle)
    bowls[name] = (Quadratic(R @ np.diag([1.0, 25.0]) @ R.T), R @ np.array([-5.0, 2.0]))


def angles_to_newton(bowl, traj):
    """Angle (°) between each step and the Newton step -A⁻¹g from the same point."""
    g = bowl.grad(traj.path[:-1])
    newton = -np.linalg.solve(bowl.A, g.T).T
    steps = np.diff(traj.path, axis=0)
    cos = np.sum(steps * newton, -1) / np.linalg.norm(steps, axis=-1)
    return np.degrees(np.arccos(np.clip(cos / np.linalg.norm(newton, axis=-1), -1, 1)))


# %%
# Top: the angle between each step and Newton's. Bottom: the condition number of
# :math:`P^{1/2} A P^{1/2}`, with :math:`P` Adam's per-coordinate rates
# :math:`\alpha/(\sqrt{\hat v}+\varepsilon)`: 25 is no help, 1 would undo the elongation.
adam = descent.Adam(lr=0.1)
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 5.0), dpi=200, layout="constrained",
                                  sharex=True)  # fmt: skip
steps = np.arange(1, WINDOW + 1)
for (name, (bowl, start)), ls in zip(bowls.items(), ("-", "--"), strict=True):
    traj = descent.run(adam, bowl, start, WINDOW, record_state=True)
    gd = descent.run(descent.GradientDescent(lr=2 / 26), bowl, start, WINDOW)
    top.plot(steps, angles_to_newton(bowl, traj), ls=ls, color=descent.plot.color(adam),
             label=f"Adam, {name}")  # fmt: skip
    if ls == "-":  # gradient descent does not care about the turn: one line for both
        top.plot(steps, angles_to_newton(bowl, gd), color=descent.plot.color(gd.optimizer),
                 label="gradient descent, either")  # fmt: skip
    conds = []
    for rates in adam.effective_lr(traj.states)[1:]:
        root = np.diag(np.sqrt(rates))
        eig = np.linalg.eigvalsh(root @ bowl.A @ root)
        conds.append(eig[-1] / eig[0])
    bottom.plot(steps, conds, ls=ls, color=descent.plot.color(adam), label=f"Adam, {name}")
bottom.axhline(25, color=descent.plot.style.REFERENCE, ls=":", lw=1.2)
bottom.annotate("no preconditioner", (WINDOW, 25), xytext=(0, -4), textcoords="offset points",
                ha="right", va="top", color=descent.plot.style.REFERENCE)  # fmt: skip
top.set_ylabel("angle to Newton's step (°)")
top.set_ylim(0, 90)
top.legend(loc="upper right", fontsize="small")
bottom.set_yscale("log")
bottom.set_ylim(1, 60)
bottom.set_yticks([1, 2, 5, 10, 25], ["1", "2", "5", "10", "25"])
bottom.minorticks_off()
bottom.set_ylabel(r"condition of $P^{1/2} A P^{1/2}$")
bottom.set_xlabel("step $t$")
plt.show()
