r"""
Epsilon inside or outside the square root
=========================================

RMSProp divides by :math:`\sqrt{s}+\varepsilon` in torch.optim, by
:math:`\sqrt{s+\varepsilon}` in Keras, TensorFlow, many texts and by default in optax
(``optax.rmsprop(..., eps_in_sqrt=True)``). With :math:`\varepsilon = 10^{-8}` the two agree for
ordinary gradients and part ways when gradients are small.
"""

# %%
# Steady state for a constant gradient
# ------------------------------------
# Feed a constant gradient :math:`g` for 2000 steps, so that :math:`s` has reached
# :math:`g^2`, and compare the step :math:`g/(\sqrt{s}+\varepsilon)` with
# :math:`g/\sqrt{s+\varepsilon}`, both in units of :math:`\alpha`. The moving average is
# ``descent.ema`` — the same one RMSProp uses.
import matplotlib.pyplot as plt
import numpy as np

import descent

descent.plot.use_style()

eps, beta = 1e-8, 0.99
g = np.logspace(-7, 1, 81)
s = descent.ema(np.broadcast_to(g**2, (2000, g.size)), beta)[-1]
outside = g / (np.sqrt(s) + eps)  # torch.optim, descent.RMSProp
inside = g / np.sqrt(s + eps)  # Keras, TensorFlow, optax's default

# the outside form is exactly what descent.RMSProp does
opt = descent.RMSProp(lr=1.0, beta=beta, eps=eps)
x, state = np.zeros_like(g), opt.init(g)
for _ in range(2000):
    new, state = opt.step(x, g, state)
    step, x = x - new, new
print(
    "largest relative gap between descent.RMSProp and the formula:",
    float(np.abs(step / outside - 1).max()),
)

# %%
# Where they part
# ---------------
# The forms differ once :math:`g^2` is comparable to :math:`\varepsilon`, i.e.
# :math:`|g| \lesssim \sqrt{\varepsilon} = 10^{-4}`: inside the root, ε then dominates and
# the step shrinks in proportion to :math:`g`, like plain gradient descent with rate
# :math:`\alpha/\sqrt{\varepsilon}`.
fig, ax = plt.subplots(figsize=(4.8, 3.6), layout="constrained")
ax.plot(g, outside, color=descent.plot.COLORS["RMSProp"], lw=2, label=r"$g/(\sqrt{s}+\varepsilon)$")
ax.plot(
    g, inside, "--", color=descent.plot.style.REFERENCE, lw=1.6, label=r"$g/\sqrt{s+\varepsilon}$"
)
ax.axvline(np.sqrt(eps), color=descent.plot.style.REFERENCE, lw=0.8, ls=":")
ax.annotate(
    r"$|g| = \sqrt{\varepsilon}$",
    (np.sqrt(eps), 0.05),
    xytext=(4, 0),
    textcoords="offset points",
    color=descent.plot.style.REFERENCE,
)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel(r"gradient size $|g|$ (constant)")
ax.set_ylabel(r"step size / $\alpha$")
ax.set_title(rf"RMSProp steady state, $\varepsilon = 10^{{-8}}$, $\beta = {beta}$")
ax.grid(True, which="both", alpha=0.25)
ax.legend()
plt.show()
