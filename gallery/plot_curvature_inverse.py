r"""
What L-BFGS knows of the inverse Hessian
========================================

L-BFGS never forms a matrix, but its two-loop recursion applies one, :math:`H_k`, built
from the stored pairs. Applied to each unit vector it gives that matrix column by column, to
compare with the true inverse Hessian :math:`A^{-1}` of a quadratic.
"""

# %%
# A quadratic in ten dimensions
# -----------------------------
# Curvatures spread from 1 to 1000, axes turned at random; L-BFGS keeps 20 pairs and uses its
# strong-Wolfe search.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.optimizers.lbfgs import two_loop
from descent.surfaces import Quadratic

descent.plot.use_style()

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
# H_k against the inverse Hessian, update by update
# -------------------------------------------------
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
