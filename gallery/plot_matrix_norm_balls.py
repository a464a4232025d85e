r"""
Three unit balls, three steepest steps
======================================

Steepest descent under a norm moves along the point of its unit ball that goes furthest along
the gradient. For the largest entry that is the sign of the gradient (sign descent, Adam
without its averages), for the Frobenius norm the gradient itself (gradient descent), for the
spectral norm :math:`U V^\top` (Muon). The symmetric 2×2 matrices
:math:`\left(\begin{smallmatrix} x & y \\ y & x \end{smallmatrix}\right)` form a plane where
the three balls differ.
"""

# %%
# The balls in the plane of the slice
# -----------------------------------
# On this plane the largest entry is :math:`\max(|x|, |y|)`, the Frobenius norm
# :math:`\sqrt{2x^2 + 2y^2}` and the spectral norm :math:`|x| + |y|` (the eigenvalues are
# :math:`x \pm y`): a square, a circle and a diamond.
import matplotlib.pyplot as plt
import numpy as np

import descent

descent.plot.use_style()

G = np.array([[1.0, 0.4], [0.4, 1.0]])  # the gradient, x = 1, y = 0.4
U, _, Vt = np.linalg.svd(G)
steps = {
    "SignSGD": np.sign(G),  # largest entry
    "GradientDescent": G / np.linalg.norm(G),  # Frobenius
    "Muon": U @ Vt,  # spectral
}
for name, D in steps.items():
    print(f"{name}: D = {np.round(D, 3).tolist()}, <G, D> = {np.sum(G * D):.3f}")

# %%
# Draw them
# ---------
# Each ball in its optimizer's colour, the gradient's direction in grey, and each ball's point
# furthest along it: the step of that optimizer, before its rate.
angle = np.linspace(0, 2 * np.pi, 400)
fig, ax = plt.subplots(figsize=(4.8, 4.0), dpi=200, layout="constrained")
shapes = {
    "SignSGD": ([1, -1, -1, 1, 1], [1, 1, -1, -1, 1]),
    "GradientDescent": (np.cos(angle) / np.sqrt(2), np.sin(angle) / np.sqrt(2)),
    "Muon": ([1, 0, -1, 0, 1], [0, 1, 0, -1, 0]),
}
words = {
    "SignSGD": "largest entry ≤ 1: sign descent",
    "GradientDescent": "Frobenius ≤ 1: gradient descent",
    "Muon": r"spectral ≤ 1: Muon, $UV^\top$",
}
for name, (xs, ys) in shapes.items():
    color = descent.plot.color(name)
    ax.fill(xs, ys, color=color, alpha=0.08, lw=0)
    ax.plot(xs, ys, color=color, lw=1.6, label=words[name])
    D = steps[name]
    ax.plot(D[0, 0], D[0, 1], "o", color=color, ms=7, zorder=4)
gx, gy = G[0, 0], G[0, 1]
ax.annotate(
    "",
    xy=(1.45 * gx / np.hypot(gx, gy), 1.45 * gy / np.hypot(gx, gy)),
    xytext=(0, 0),
    arrowprops={"arrowstyle": "-|>", "color": descent.plot.style.REFERENCE, "lw": 1.2},
)
ax.text(1.3, 0.62, "gradient", color=descent.plot.style.REFERENCE, fontsize=10, ha="left")
ax.plot(0, 0, "+", color=descent.plot.style.REFERENCE)
ax.set_aspect("equal")
ax.set_xlim(-1.25, 1.9)
ax.set_ylim(-1.25, 1.25)
ax.set_xlabel("$x$ (the diagonal)")
ax.set_ylabel("$y$ (off the diagonal)")
fig.legend(loc="outside lower center", frameon=False, ncols=1, fontsize=10)
plt.show()
