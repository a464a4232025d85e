r"""
Rprop's step sizes, coordinate by coordinate
============================================

Rprop keeps one step size per coordinate. It grows by :math:`\eta^+ = 1.2` while that
coordinate's gradient keeps its sign and halves (:math:`\eta^- = 0.5`) when the sign flips;
the size of the gradient is never used.
"""

# %%
# One run, its state recorded
# ---------------------------
# The elongated bowl :math:`\tfrac12(x^2 + 25y^2)` from :math:`(-5, 2)`, every step size
# starting at :math:`\Delta_0 = 0.1`.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.plot.animation import StepCounter, Trail
from descent.plot.style import FONTSIZE, REFERENCE, rc_context
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
start = np.array([-5.0, 2.0])
opt = descent.Rprop(lr=0.1)
steps = 150
traj = descent.run(opt, bowl, start, steps, record_state=True)
sizes = traj.states.step_size  # (steps + 1, 2): Δ for x and for y after each update
peak = sizes.max(axis=0)
print("largest step sizes (x, y):", peak.round(3), "at updates", sizes.argmax(axis=0))
print("loss after", steps, "updates:", f"{traj.loss[-1]:.1e}")

# %%
# The path and the step sizes
# ---------------------------
# Top: the path. Bottom: :math:`\Delta` for :math:`x` (solid) and :math:`y` (dashed), on a
# log axis, up to the current update; the dotted line is :math:`\Delta_0`.
color = descent.plot.color(opt)


class StepSizes:
    """Both coordinates' step sizes up to update ``t``."""

    def __init__(self, ax):
        (self.x,) = ax.plot([], [], color=color, lw=1.8, label=r"$\Delta$ for $x$")
        (self.y,) = ax.plot([], [], "--", color=color, lw=1.8, label=r"$\Delta$ for $y$")
        self.artists = [self.x, self.y]

    def __call__(self, t):
        self.x.set_data(np.arange(t + 1), sizes[: t + 1, 0])
        self.y.set_data(np.arange(t + 1), sizes[: t + 1, 1])
        return self.artists


with rc_context():
    fig, (ax, bx) = plt.subplots(
        2, 1, figsize=(4.8, 5.2), dpi=150, layout="constrained", height_ratios=[1, 0.9]
    )
    descent.plot.contour(bowl, ax)
    ax.set_title(r"Rprop, $\Delta_0 = 0.1$", fontsize=FONTSIZE["title"], color=color)
    bx.axhline(opt.lr, color=REFERENCE, ls=":", lw=1.2)
    bx.set_yscale("log")
    bx.set_xlim(0, steps)
    bx.set_ylim(sizes.min() / 3, peak.max() * 3)
    bx.set_xlabel("update $t$")
    bx.set_ylabel(r"step size $\Delta_t$")
    movers = [Trail(ax, traj, bowl, color, marker=descent.plot.marker(opt)), StepCounter(ax)]
    movers.append(StepSizes(bx))
    bx.legend(loc="lower left", fontsize=FONTSIZE["legend"])


def update(t):
    return [artist for mover in movers for artist in mover(t)]


frames = np.unique(np.linspace(0, steps, 46).round().astype(int))
anim = descent.plot.TrajectoryAnimation(fig, update, frames, update(0), fps=10)
plt.show()
