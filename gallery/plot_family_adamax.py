r"""
Adamax after one huge gradient
==============================

Adamax divides by :math:`u_t = \max(\beta_2 u_{t-1}, |g_t| + \varepsilon)`, the largest
recent gradient, where Adam divides by the root mean square. Feed both a gradient of 1 at
every update but one, where it is 100: Adam's step jumps above :math:`\alpha`, Adamax's can
only shrink, and stays small until :math:`\beta_2^k \cdot 100` has decayed to 1.
"""

# %%
# One spike in a constant gradient
# --------------------------------
# Both at torch's defaults (:math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`) with
# :math:`\alpha = 1`, so that a step is its own ratio to :math:`\alpha`.
import matplotlib.pyplot as plt
import numpy as np

import descent

descent.plot.use_style()

steps = 6000
at = 1000  # the update with the spike
g = np.ones(steps)
g[at - 1] = 100.0
sizes = {}
for opt in (descent.Adam(lr=1.0), descent.Adamax(lr=1.0)):
    x, state, s = np.zeros(1), opt.init(np.zeros(1)), []
    for grad in g:
        new, state = opt.step(x, np.array([grad]), state)
        s.append(float(x[0] - new[0]))
        x = new
    sizes[type(opt).__name__] = np.array(s)
    print(
        f"{type(opt).__name__:7}: step/α at the spike {s[at - 1]:.3f}, smallest after it "
        f"{min(s[at - 1 :]):.4f}, largest of the run {max(s):.3f}"
    )

# %%
# Watch the steps
# ---------------
# The step over :math:`\alpha`, on a log scale; the spike is at update 1000 (dotted).
fig, ax = plt.subplots(figsize=(4.8, 3.6), dpi=130, layout="constrained")
t = np.arange(1, steps + 1)
ax.axvline(at, color=descent.plot.style.GREY, lw=0.8, ls=":")
ax.axhline(1.0, color=descent.plot.style.REFERENCE, lw=0.8, ls="--")
ax.text(at + 80, 4.2, "$g = 100$ once", fontsize=9)
ax.set(
    yscale="log",
    xlim=(0, steps),
    ylim=(0.006, 6),
    xlabel="update $t$",
    ylabel=r"step / $\alpha$ (gradient 1, once 100)",
)
ax.grid(True, which="both", alpha=0.2)
moving = []
for name, s in sizes.items():
    (line,) = ax.plot([], [], color=descent.plot.color(name), lw=1.8, label=name)
    moving.append((line, s))
fig.legend(loc="outside upper center", ncols=2, frameon=False)
counter = ax.text(
    0.98, 0.04, "", transform=ax.transAxes, ha="right", bbox=descent.plot.style.TEXT_BOX
)
artists = [line for line, _ in moving] + [counter]


def update(frame):
    for line, s in moving:
        line.set_data(t[:frame], s[:frame])
    counter.set_text(f"update {frame}")
    return artists


frames = np.r_[
    np.arange(10, at, 140), np.arange(at, at + 100, 12), np.arange(at + 150, steps + 1, 170)
]
anim = descent.plot.TrajectoryAnimation(fig, update, frames, artists, fps=12)
plt.show()
