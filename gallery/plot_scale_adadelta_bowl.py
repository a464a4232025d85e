r"""
Adadelta's steps grow from :math:`\sqrt\varepsilon`
===================================================

Adadelta's step is a ratio of two root mean squares: the past steps' over the gradients'. Before
the first step there are no past steps, and the numerator is :math:`\sqrt\varepsilon`; the steps
then grow from there, whatever the size of the gradient.
"""

# %%
# One run, its state recorded
# ---------------------------
# The elongated bowl :math:`\tfrac12(x^2 + 25y^2)` from :math:`(-5, 2)`, torch's defaults
# (:math:`\beta = 0.9`, :math:`\varepsilon = 10^{-6}`) but for the factor in front, 10.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.plot.animation import StepCounter, Trail
from descent.plot.style import FONTSIZE, REFERENCE, rc_context
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
start = np.array([-5.0, 2.0])
opt = descent.Adadelta(lr=10.0)
steps = 150
traj = descent.run(opt, bowl, start, steps, record_state=True)
moves = np.abs(np.diff(traj.path, axis=0))  # (steps, 2): |θ_t − θ_{t−1}| for x and y
# α √(u_{t−1} + ε): the numerator, what the past steps allow (u_0 = 0)
before = np.concatenate([np.zeros((1, 2)), traj.states.delta_square_avg[:-1]])
allowed = opt.lr * np.sqrt(before + opt.eps)
print(f"first step: {moves[0].round(4)} (x, y); α √ε = {opt.lr * np.sqrt(opt.eps):.4f}")
print(f"largest step: {moves.max(axis=0).round(3)} at updates {moves.argmax(axis=0) + 1}")
print(f"loss after {steps} updates: {traj.loss[-1]:.3g} (from {traj.loss[0]:.3g})")

# %%
# The path and the size of each step
# ----------------------------------
# Top: the path. Bottom: each coordinate's step, :math:`x` solid and :math:`y` dashed, on a log
# axis; dotted, the numerator :math:`\alpha\sqrt{u_{t-1} + \varepsilon}` of the coordinate
# :math:`x`, which the step follows while :math:`|g| \approx \sqrt{s}`.
color = descent.plot.color(opt)
t_axis = np.arange(1, steps + 1)


class StepSizes:
    """Both coordinates' steps, and x's numerator, up to update ``t``."""

    def __init__(self, ax):
        (self.x,) = ax.plot([], [], color=color, lw=1.8, label=r"step in $x$")
        (self.y,) = ax.plot([], [], "--", color=color, lw=1.8, label=r"step in $y$")
        (self.cap,) = ax.plot(
            [], [], ":", color=REFERENCE, lw=1.6, label=r"$\alpha\sqrt{u_{t-1}+\varepsilon}$, $x$"
        )
        self.artists = [self.cap, self.x, self.y]

    def __call__(self, t):
        self.x.set_data(t_axis[:t], moves[:t, 0])
        self.y.set_data(t_axis[:t], moves[:t, 1])
        self.cap.set_data(t_axis[:t], allowed[:t, 0])
        return self.artists


with rc_context():
    fig, (ax, bx) = plt.subplots(
        2, 1, figsize=(4.8, 5.2), dpi=150, layout="constrained", height_ratios=[1, 0.9]
    )
    descent.plot.contour(bowl, ax)
    ax.set_title(r"Adadelta, $\alpha = 10$", fontsize=FONTSIZE["title"], color=color)
    bx.set_yscale("log")
    bx.set_xlim(0, steps)
    floor = moves[moves > 0].min()
    bx.set_ylim(floor / 3, max(moves.max(), allowed.max()) * 3)
    bx.set_xlabel("update $t$")
    bx.set_ylabel(r"$|\theta_t - \theta_{t-1}|$")
    movers = [Trail(ax, traj, bowl, color, marker=descent.plot.marker(opt)), StepCounter(ax)]
    movers.append(StepSizes(bx))
    bx.legend(loc="lower right", fontsize=FONTSIZE["legend"])


def update(t):
    return [artist for mover in movers for artist in mover(t)]


frames = np.unique(np.linspace(0, steps, 46).round().astype(int))
anim = descent.plot.TrajectoryAnimation(fig, update, frames, update(0), fps=10)
plt.show()
