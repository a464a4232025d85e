r"""
The same loss in other units: f and 100·f
=========================================

Seven rules on the elongated bowl :math:`f = \tfrac12(x^2 + 25y^2)` (top) and on
:math:`100 f` (bottom), from the same start at the same rates. Multiplying the loss by 100
multiplies every gradient by 100: gradient descent's step grows with it and the run leaves at
once; the other six take the same path on both.
"""

# %%
# Seven rules, two scales of one loss
# -----------------------------------
# :math:`100 f` is the quadratic with matrix :math:`100\,\mathrm{diag}(1, 25)`: the same
# contours, other numbers on them.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.plot.animation import StepCounter, Trail
from descent.plot.style import FONTSIZE, rc_context
from descent.surfaces import ALL, Quadratic

descent.plot.use_style()

bowl = ALL["elongated"]
scaled = Quadratic(100 * bowl.A, name="elongated", extent=bowl.extent)
start = np.array([-5.0, 2.0])
optimizers = [
    descent.GradientDescent(lr=0.07),
    descent.Adam(lr=0.1),
    descent.Adadelta(lr=10.0),
    descent.Rprop(lr=0.1),
    descent.SignSGD(lr=0.06),
    descent.Signum(lr=0.06),
    descent.Lion(lr=0.06),
]
steps = 150
runs = {
    surface: [descent.run(opt, surface, start, steps) for opt in optimizers]
    for surface in (bowl, scaled)
}
for a, b in zip(runs[bowl], runs[scaled], strict=True):
    same = np.array_equal(a.path, b.path)
    gap = np.abs(a.path - b.path).max() if np.all(np.isfinite(b.path)) else np.inf
    print(f"{descent.plot.label(a.optimizer):34} same path: {same!s:5}  largest gap {gap:.1e}")

# %%
# Watch both
# ----------
# Top the loss :math:`f`, bottom :math:`100 f`; one colour per rule in both panels. Where the
# paths are identical, the lower panel repeats the upper one step for step.
with rc_context():
    fig, axes = plt.subplots(2, 1, figsize=(4.8, 6.2), dpi=150, layout="constrained")
    movers = []
    for ax, surface, title in zip(axes, runs, ["loss $f$", "loss $100 f$"], strict=True):
        descent.plot.contour(surface, ax)
        ax.set_title(title, fontsize=FONTSIZE["title"])
        for traj in runs[surface]:
            opt = traj.optimizer
            movers.append(Trail(ax, traj, surface, descent.plot.color(opt),
                                marker=descent.plot.marker(opt)))  # fmt: skip
        movers.append(StepCounter(ax))
    fig.legend(
        [m.head for m in movers[:7]],
        [descent.plot.label(opt) for opt in optimizers],
        loc="outside lower center",
        ncols=2,
        fontsize=FONTSIZE["legend"],
        frameon=False,
    )


def update(t):
    return [artist for mover in movers for artist in mover(t)]


frames = np.unique(np.linspace(0, steps, 46).round().astype(int))
anim = descent.plot.TrajectoryAnimation(fig, update, frames, update(0), fps=10)
plt.show()
