r"""
What Adam's bias correction corrects
====================================

Adam's moments start at zero, so early on both are too small. With the default
:math:`\beta_1 = 0.9,\ \beta_2 = 0.999` the second moment is far more too small than the first,
and without the correction the first steps are *larger* than :math:`\alpha`, not smaller.
"""

# %%
# A constant gradient
# -------------------
# With :math:`g_t = g` for every :math:`t`, the moments are :math:`m_t = (1-\beta_1^t)\,g` and
# :math:`v_t = (1-\beta_2^t)\,g^2`, so the uncorrected step direction
# :math:`m_t/\sqrt{v_t}` is :math:`(1-\beta_1^t)/\sqrt{1-\beta_2^t}` instead of 1. We measure it
# by running both variants of ``descent.Adam`` on the gradient sequence itself.
import matplotlib.pyplot as plt
import numpy as np

import descent

descent.plot.use_style()

steps = 2000
g = np.ones((steps, 1))
ratios = {}
for corrected in (True, False):
    opt = descent.Adam(lr=1.0, eps=1e-30, bias_correction=corrected)
    x, state, step_sizes = np.zeros(1), opt.init(np.zeros(1)), []
    for grad in g:  # feed the constant gradient; the step is m̂/√v̂ (or m/√v) exactly
        new, state = opt.step(x, grad, state)
        step_sizes.append(float(x[0] - new[0]))
        x = new
    ratios[corrected] = np.array(step_sizes)
t = np.arange(1, steps + 1)
print("uncorrected step / α at t = 1, 10, 100:", np.round(ratios[False][[0, 9, 99]], 2))
print("corrected   step / α at t = 1, 10, 100:", np.round(ratios[True][[0, 9, 99]], 2))

# %%
# The ratio over time
# -------------------
# The uncorrected step overshoots by more than a factor of six, then settles back towards 1 over
# thousands of steps: the second moment's memory is about :math:`1/(1-\beta_2)` steps.
fig, ax = plt.subplots(figsize=(4.8, 3.8), layout="constrained")
ax.plot(
    t,
    ratios[False],
    color=descent.plot.COLORS["Adam"],
    ls="--",
    lw=1.8,
    label=r"uncorrected $m_t/\sqrt{v_t}$",
)
ax.plot(
    t,
    ratios[True],
    color=descent.plot.COLORS["Adam"],
    lw=1.8,
    label=r"corrected $\hat m_t/\sqrt{\hat v_t}$",
)
# the formula as open circles: a line would hide under the measured one it equals
marks = np.unique(np.geomspace(1, steps, 16).round().astype(int))
ax.plot(
    marks,
    (1 - 0.9**marks) / np.sqrt(1 - 0.999**marks),
    "o",
    mfc="none",
    mec=descent.plot.style.REFERENCE,
    ms=6,
    mew=1.0,
    label=r"$(1-\beta_1^t)/\sqrt{1-\beta_2^t}$",
)
peak = int(np.argmax(ratios[False]))
ax.annotate(
    f"peak {ratios[False][peak]:.2f} at t = {peak + 1}",
    (peak + 1, ratios[False][peak]),
    xytext=(1.6, 7.2),
    arrowprops={"arrowstyle": "->", "lw": 0.8},
)
ax.set_xscale("log")
ax.set_xlabel("step $t$")
ax.set_ylabel(r"step size / $\alpha$ (constant gradient)")
ax.set_ylim(0, 8)
ax.grid(True, which="both", alpha=0.25)
ax.legend(loc="upper right")
plt.show()
