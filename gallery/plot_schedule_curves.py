r"""
The schedules and Adam's early steps
====================================

Top: the learning rate of each schedule of the chapter against the update number, as
``schedule.values(n)`` returns it. Bottom: the factor by which Adam's early steps exceed
:math:`\alpha` for a constant gradient, with and without bias correction, and the linear
warmup that starts them below it instead.
"""

# %%
# Decays over ten epochs
# ----------------------
# The same schedules as the SGD animation: 10 epochs of 1,024 updates from
# :math:`\alpha_0 = 0.1`.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.schedules import CosineAnnealingLR, ExponentialLR, LinearLR, StepLR

descent.plot.use_style()

N, epochs, lr = 1024, 10, 0.1
total = epochs * N
schedules = {
    "StepLR": StepLR(lr, step_size=2 * N, gamma=0.5),
    "ExponentialLR": ExponentialLR(lr, gamma=0.01 ** (1 / total)),
    "CosineAnnealingLR": CosineAnnealingLR(lr, T_max=total),
}
colors = descent.plot.style.SCHEDULE_COLORS  # one colour per schedule, as in the animations

# %%
# Adam's first steps
# ------------------
# For a constant gradient :math:`g`, :math:`m_t = (1-\beta_1^t)\,g` and
# :math:`v_t = (1-\beta_2^t)\,g^2`, so the uncorrected step is
# :math:`\alpha\,(1-\beta_1^t)/\sqrt{1-\beta_2^t}` per coordinate; the corrected one is
# :math:`\alpha`. Warmup multiplies the corrected step by its factor.
t = np.arange(1, 1001)
uncorrected = (1 - 0.9**t) / np.sqrt(1 - 0.999**t)
warmup = LinearLR(1.0, start_factor=0.05, total_iters=50).values(len(t))  # update t uses t - 1
print(
    f"uncorrected factor: t=1 {uncorrected[0]:.3f}, t=10 {uncorrected[9]:.3f}, "
    f"largest {uncorrected.max():.3f} at t={t[uncorrected.argmax()]}"
)

fig, (ax, bx) = plt.subplots(2, 1, figsize=(4.8, 4.4), dpi=200, layout="constrained")
x = np.arange(total) / N
ax.axhline(lr, color=colors["constant"], lw=1.4, label="constant")
for name, schedule in schedules.items():
    ax.plot(x, schedule.values(total), color=colors[name], lw=1.4, label=name)
ax.set_xlabel("epoch (1,024 updates)")
ax.set_ylabel(r"$\alpha_t$", rotation=0, labelpad=8)
ax.set_title("SGD schedules")
ax.set_ylim(-0.005, 0.115)
ax.legend(
    loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False
)  # beside: none covers a curve

# the colours of the warmup animation: grey without correction (as in the Adam chapter),
# Adam's own, and the warmup's schedule colour
bx.semilogx(t, uncorrected, color=descent.plot.style.REFERENCE, lw=1.4, label="no bias correction")
bx.semilogx(t, np.ones_like(t, dtype=float), color=descent.plot.color("Adam"), lw=1.4, label="Adam")
bx.semilogx(t, warmup, color=colors["LinearLR"], lw=1.4, label="Adam + LinearLR warmup")
bx.set_xlabel("update $t$")
bx.set_ylabel(r"step / $\alpha$")
bx.set_title("Adam, constant gradient")
bx.set_ylim(0, 9.8)
bx.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
for a in (ax, bx):
    a.grid(True, alpha=0.3)
plt.show()
