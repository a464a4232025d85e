r"""
Adam's diagonal on a bowl aligned with the axes and on a turned one
===================================================================

Adam divides each coordinate by the root of its own running average of squared gradients: a
diagonal preconditioner. On the elongated bowl as it is, a diagonal can undo the elongation;
turned by 45°, the elongation is no longer along a coordinate and no diagonal can.
"""

# %%
# The same bowl twice
# -------------------
# :math:`\tfrac12(x^2 + 25y^2)`, and the same turned by 45° (the start turned with it).
# Adam with :math:`\alpha = 0.1`; gradient descent at its best constant rate :math:`2/26`.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import Quadratic

descent.plot.use_style()


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
# Angles and the condition number Adam leaves
# -------------------------------------------
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
