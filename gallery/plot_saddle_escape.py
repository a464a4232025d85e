r"""
Escape time from a saddle
=========================

How long does each optimizer take to leave the saddle of :math:`x^2 - y^2`, as a function of
how close to the ridge :math:`y = 0` it starts? Gradient descent needs
:math:`\log(1/|y_0|)/\log(1 + 2\alpha)` steps; the adaptive methods barely care.
"""

# %%
# Forty-five starts, one call per optimizer
# -----------------------------------------
# Offsets :math:`|y_0|` from :math:`10^{-12}` to :math:`10^{-1}`, all at :math:`x_0 = 1`,
# run together. The escape time is the first step with :math:`|y| \ge 1`.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

saddle = ALL["saddle"]
lr = 0.05
y0 = np.logspace(-12, -1, 45)
starts = np.column_stack([np.ones_like(y0), y0])
optimizers = [
    descent.GradientDescent(lr=lr),
    descent.Momentum(lr=lr, beta=0.9),
    descent.RMSProp(lr=lr),
    descent.Adam(lr=lr),
]


def escape_time(traj):
    """First step with |y| >= 1, per start (-1 if never)."""
    out = np.abs(traj.path[..., 1]) >= 1
    return np.where(out.any(axis=0), out.argmax(axis=0), -1)


times = {type(o).__name__: escape_time(descent.run(o, saddle, starts, 2000)) for o in optimizers}
exactly_on = descent.run(descent.Adam(lr=lr), saddle, np.array([1.0, 0.0]), 2000)
print("start exactly on y = 0: max |y| over 2000 Adam steps =", np.abs(exactly_on.path[:, 1]).max())

# %%
# Escape time against the offset
# ------------------------------
# The dashed line is the formula for gradient descent; the markers are measured.
fig, ax = plt.subplots(figsize=(4.8, 4.6), layout="constrained")
for name, t in times.items():
    ax.plot(y0, t, "o-", ms=3, lw=1.4, color=descent.plot.COLORS[name], label=name)
ax.plot(
    y0,
    np.log(1 / y0) / np.log(1 + 2 * lr),
    "--",
    color=descent.plot.style.REFERENCE,
    lw=1.2,
    label=r"$\log(1/|y_0|)\,/\,\log(1+2\alpha)$",
)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel(r"offset from the ridge $|y_0|$")
ax.set_ylabel(r"steps until $|y| \geq 1$")
ax.set_title(rf"saddle $x^2 - y^2$, $\alpha = {lr}$")
ax.grid(True, which="both", alpha=0.25)
fig.legend(loc="outside lower center", ncols=2, frameon=False)  # clear of the curves
plt.show()
