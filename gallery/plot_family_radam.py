r"""
RAdam's rectification against a linear warmup
=============================================

RAdam multiplies Adam's step by :math:`r_t`, which is 0 (momentum's step instead) while
:math:`\rho_t \le 5` and then rises towards 1. Drawn against a linear warmup over
:math:`2/(1-\beta_2)` updates, the length often recommended in its place.
"""

# %%
# The rectification, measured on a constant gradient
# ---------------------------------------------------
# ``descent.RAdam`` with :math:`\alpha = 1` on a gradient of 1: from the sixth update its step
# is :math:`r_t` exactly (the adaptive rate is then 1); before, it is momentum's step
# :math:`\hat m_t = 1`.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.schedules import LinearLR

descent.plot.use_style()

steps = 6000
warm = 2000  # the warmup: 2 / (1 - β₂) updates
opt = descent.RAdam(lr=1.0, eps=1e-30)
x, state, r = np.zeros(1), opt.init(np.zeros(1)), []
for _ in range(steps):
    new, state = opt.step(x, np.ones(1), state)
    r.append(float(x[0] - new[0]))
    x = new
r = np.array(r)
r[:5] = np.nan  # the momentum steps: no rectification
t = np.arange(1, steps + 1)
warmup = LinearLR(1.0, start_factor=1 / warm, total_iters=warm - 1).values(steps)
print(
    f"r_6 = {r[5]:.4f}; r_t ≥ 0.9 from t = {np.argmax(np.nan_to_num(r) >= 0.9) + 1}; "
    f"warmup ≥ 0.9 from t = {np.argmax(warmup >= 0.9) + 1}"
)

# %%
# Watch r_t grow
# --------------
# The dotted line marks update 6, RAdam's first adaptive step.
fig, ax = plt.subplots(figsize=(4.8, 3.5), dpi=130, layout="constrained")
ax.axvline(6, color=descent.plot.style.GREY, lw=0.8, ls=":")
ax.axhline(1, color=descent.plot.style.REFERENCE, lw=0.6)
ax.set(
    xscale="log",
    xlim=(1, steps),
    ylim=(0, 1.05),
    xlabel="update $t$",
    ylabel="factor on Adam's step",
)
ax.grid(True, which="both", alpha=0.2)
(rline,) = ax.plot(
    [], [], color=descent.plot.color("RAdam"), lw=1.8, label=r"RAdam's $r_t$ ($\beta_2 = 0.999$)"
)
(wline,) = ax.plot(
    [],
    [],
    color=descent.plot.style.SCHEDULE_COLORS["LinearLR"],
    lw=1.6,
    ls="--",
    label=f"linear warmup over {warm} updates",
)
fig.legend(loc="outside upper center", ncols=1, frameon=False)
counter = ax.text(
    0.97, 0.05, "", transform=ax.transAxes, ha="right", bbox=descent.plot.style.TEXT_BOX
)
artists = [rline, wline, counter]


def update(frame):
    rline.set_data(t[:frame], r[:frame])
    wline.set_data(t[:frame], warmup[:frame])
    counter.set_text(f"update {frame}")
    return artists


frames = np.unique(np.geomspace(1, steps, 50).round().astype(int))
anim = descent.plot.TrajectoryAnimation(fig, update, frames, artists, fps=12)
plt.show()
