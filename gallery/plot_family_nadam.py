r"""
NAdam when the gradient turns round
===================================

NAdam's step mixes the first moment, one step ahead, with the current gradient, weighted
by torch's momentum schedule :math:`\mu_t`, which starts near :math:`\beta_1/2`. When the
gradient reverses, Adam's first moment keeps it going the old way for a few updates;
NAdam turns with the gradient.
"""

# %%
# A gradient of +1, then −1
# -------------------------
# Forty updates of :math:`g = +1`, then :math:`g = -1`; torch's defaults and
# :math:`\alpha = 1`, so that a step is its own ratio to :math:`\alpha`.
import matplotlib.pyplot as plt
import numpy as np

import descent

descent.plot.use_style()

steps, flip = 70, 40
g = np.where(np.arange(1, steps + 1) <= flip, 1.0, -1.0)
signed = {}
for opt in (descent.Adam(lr=1.0), descent.NAdam(lr=1.0)):
    x, state, s = np.zeros(1), opt.init(np.zeros(1)), []
    for grad in g:
        new, state = opt.step(x, np.array([grad]), state)
        s.append(float(x[0] - new[0]))  # positive: the way g = +1 pushes
        x = new
    signed[type(opt).__name__] = np.array(s)
    later = np.array(s[flip:])
    print(
        f"{type(opt).__name__:5}: updates after the turn still stepping forwards: "
        f"{int(np.argmax(later < 0))}"
    )

# %%
# Watch the steps
# ---------------
# The signed step over :math:`\alpha`; the grey line is the gradient's sign.
fig, ax = plt.subplots(figsize=(4.8, 3.4), dpi=130, layout="constrained")
t = np.arange(1, steps + 1)
ax.step(t, g, where="mid", color=descent.plot.style.GREY, lw=1.2, label="gradient $g_t$")
ax.axhline(0, color=descent.plot.style.REFERENCE, lw=0.6)
ax.set(xlim=(0, steps + 1), ylim=(-1.25, 1.25), xlabel="update $t$", ylabel=r"step / $\alpha$")
ax.grid(True, alpha=0.25)
moving = []
for name, s in signed.items():
    (line,) = ax.plot(
        [],
        [],
        "-",
        marker=descent.plot.marker(name),
        ms=3.5,
        color=descent.plot.color(name),
        lw=1.6,
        label=name,
    )
    moving.append((line, s))
fig.legend(loc="outside upper center", ncols=3, frameon=False)
counter = ax.text(0.03, 0.06, "", transform=ax.transAxes, bbox=descent.plot.style.TEXT_BOX)
artists = [line for line, _ in moving] + [counter]


def update(frame):
    for line, s in moving:
        line.set_data(t[:frame], s[:frame])
    counter.set_text(f"update {frame}")
    return artists


frames = np.arange(1, steps + 1)  # one frame per update: the turn is the point
anim = descent.plot.TrajectoryAnimation(fig, update, frames, artists, fps=10)

# %%
# torch's momentum schedule
# -------------------------
# :math:`\mu_t = \beta_1 (1 - \tfrac12\, 0.96^{t\psi})` with :math:`\psi = 0.004`: it starts
# at about :math:`\beta_1/2` and takes tens of thousands of updates to approach
# :math:`\beta_1`.
fig2, ax2 = plt.subplots(figsize=(4.8, 3.0), dpi=150, layout="constrained")
tt = np.unique(np.geomspace(1, 100_000, 300).round())
ax2.plot(
    tt,
    0.9 * (1 - 0.5 * 0.96 ** (tt * 0.004)),
    color=descent.plot.color("NAdam"),
    lw=1.8,
    label=r"$\mu_t$ (torch's NAdam)",
)
ax2.axhline(0.9, color=descent.plot.style.REFERENCE, lw=0.8, ls="--", label=r"$\beta_1 = 0.9$")
ax2.set(xscale="log", ylim=(0.4, 0.95), xlabel="update $t$", ylabel=r"momentum $\mu_t$")
ax2.grid(True, which="both", alpha=0.2)
ax2.legend(loc="center left", frameon=False)
plt.show()
