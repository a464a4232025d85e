r"""
Digits per step: quadratic, superlinear, linear
===============================================

The distance to the minimum of Rosenbrock's valley, step by step, on a log scale. Near the
minimum Newton's error is squared at every step, so its number of correct digits doubles;
L-BFGS gains digits faster and faster without doubling; gradient descent, at the best rate
of its grid, has hardly begun.
"""

# %%
# Three runs from the classic start
# ---------------------------------
# Gradient descent at the best rate of its grid (see the Rosenbrock race); L-BFGS with its
# strong-Wolfe line search and no stopping tolerance.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

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
# The errors
# ----------
# An error of exactly 0 (the minimum to the last bit) has no place on a log axis: it is drawn
# as a triangle on the bottom edge.
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
