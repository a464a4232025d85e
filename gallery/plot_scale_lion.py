r"""
Lion's two memories
===================

Lion takes the sign of :math:`c_t`, an interpolation between its momentum and the new gradient
(:math:`\beta_1 = 0.9`), and keeps a momentum :math:`m_t` with a longer memory
(:math:`\beta_2 = 0.99`). Following one coordinate shows which of the two steers.
"""

# %%
# One run, its momentum recorded
# ------------------------------
# The elongated bowl :math:`\tfrac12(x^2 + 25y^2)` from :math:`(-5, 2)`, :math:`\alpha = 0.06`.
# From the recorded momenta and the gradients at each point, :math:`c_t` as Lion forms it.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.plot.animation import StepCounter, Trail
from descent.plot.style import FONTSIZE, GREY, REFERENCE, rc_context
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
start = np.array([-5.0, 2.0])
opt = descent.Lion(lr=0.06)
steps = 150
traj = descent.run(opt, bowl, start, steps, record_state=True)
g = bowl.grad(traj.path[:-1])  # g_t, at the point before update t
m = traj.states.m  # m_0 = 0, then m_t after update t
c = opt.beta1 * m[:-1] + (1 - opt.beta1) * g  # what update t takes the sign of


def first_flip(values):
    """The first update at which ``values`` (per update) has the other sign than at update 1."""
    return int(np.argmax(np.sign(values) != np.sign(values[0]))) + 1


for name, values in (("g", g[:, 1]), ("c", c[:, 1]), ("m", m[1:, 1])):
    print(f"y: {name} changes sign first at update {first_flip(values)}")
print(f"lowest y: {traj.path[:, 1].min():.2f}")

# %%
# The path, and the coordinate y
# ------------------------------
# Top: the path. Bottom, for :math:`y`: the gradient (grey), :math:`c_t` (solid), whose sign is
# the step, and the momentum :math:`m_t` (dashed), up to the current update.
color = descent.plot.color(opt)
t_axis = np.arange(1, steps + 1)


class Memories:
    """g, c and m for the coordinate y up to update ``t``."""

    def __init__(self, ax):
        (self.g,) = ax.plot([], [], color=GREY, lw=1.2, label=r"$g_t$")
        (self.c,) = ax.plot([], [], color=color, lw=1.8, label=r"$c_t$ (its sign is the step)")
        (self.m,) = ax.plot([], [], "--", color=color, lw=1.8, label=r"$m_t$")
        self.artists = [self.g, self.c, self.m]

    def __call__(self, t):
        self.g.set_data(t_axis[:t], g[:t, 1])
        self.c.set_data(t_axis[:t], c[:t, 1])
        self.m.set_data(t_axis[:t], m[1 : t + 1, 1])
        return self.artists


with rc_context():
    fig, (ax, bx) = plt.subplots(
        2, 1, figsize=(4.8, 5.2), dpi=150, layout="constrained", height_ratios=[1, 0.9]
    )
    descent.plot.contour(bowl, ax)
    ax.set_title(r"Lion, $\alpha = 0.06$", fontsize=FONTSIZE["title"], color=color)
    bx.axhline(0, color=REFERENCE, lw=0.8)
    bx.set_xlim(0, steps)
    bx.set_ylim(-12, 12)  # the gradient starts at 50: its first steps leave the frame
    bx.set_xlabel("update $t$")
    bx.set_ylabel("the coordinate $y$ of $g$, $c$, $m$")
    movers = [Trail(ax, traj, bowl, color, marker=descent.plot.marker(opt)), StepCounter(ax)]
    movers.append(Memories(bx))
    bx.legend(loc="upper right", fontsize=FONTSIZE["legend"])


def update(t):
    return [artist for mover in movers for artist in mover(t)]


frames = np.unique(np.linspace(0, steps, 46).round().astype(int))
anim = descent.plot.TrajectoryAnimation(fig, update, frames, update(0), fps=10)
plt.show()
