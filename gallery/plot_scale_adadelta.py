r"""
Adadelta's first steps are set by ε
===================================

Adadelta's step is :math:`\sqrt{u + \varepsilon}/\sqrt{s + \varepsilon}` times the gradient,
with :math:`u` the average of its past squared steps. That average starts at zero, so the
first steps are :math:`\sqrt\varepsilon`-sized whatever the loss, and they grow only slowly.
"""

# %%
# A constant slope, three ε
# -------------------------
# Every gradient is 1; torch's defaults :math:`\alpha = 1`, :math:`\beta = 0.9`, and three
# :math:`\varepsilon` at once (descent's rules take an array of hyperparameters, one run per row).
import matplotlib.pyplot as plt
import numpy as np

import descent

descent.plot.use_style()

eps = np.array([[1e-8], [1e-6], [1e-4]])
opt = descent.Adadelta(eps=eps)
steps = 3000
x = np.zeros((3, 1))
state, sizes = opt.init(x), []
for _ in range(steps):
    new, state = opt.step(x, np.ones((3, 1)), state)
    sizes.append(x[:, 0] - new[:, 0])
    x = new
sizes = np.array(sizes)  # (steps, 3)
t = np.arange(1, steps + 1)
for e, s in zip(eps[:, 0], sizes.T, strict=True):
    print(f"ε = {e:.0e}: step 1 {s[0]:.2e}, step 100 {s[99]:.2e}, step {steps} {s[-1]:.2e}")

# %%
# Step against update, log-log
# ----------------------------
# Solid: measured. Dashed: :math:`\sqrt{\varepsilon\,(1 + (1-\beta)\,t)}`, what the step tends to
# once :math:`s` has filled up with :math:`g^2`: :math:`u` then grows by about
# :math:`(1-\beta)\,\varepsilon` an update, so the step grows like :math:`\sqrt t`.
colors = descent.plot.style.ordered(3)
fig, ax = plt.subplots(figsize=(4.8, 3.8), layout="constrained")
for e, s, c in zip(eps[:, 0], sizes.T, colors, strict=True):
    power = int(np.rint(np.log10(e)))
    ax.plot(t, s, color=c, lw=1.8, label=rf"$\varepsilon = 10^{{{power}}}$")
    ax.plot(t, np.sqrt(e * (1 + 0.1 * t)), "--", color=descent.plot.style.REFERENCE, lw=1.0)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("update $t$")
ax.set_ylabel(r"step $|\theta_t - \theta_{t-1}|$")
ax.legend(loc="upper left")
plt.show()
