r"""
Each coordinate's learning rate, over time
==========================================

AdaGrad's accumulator only grows, so its rates only shrink, and freeze once the gradients
vanish. RMSProp's average forgets: as the gradients fade near the minimum its rates grow back,
past the stability limit :math:`2/\lambda_{\max}` of the steep coordinate, until the
instability this starts has grown large enough to refill the average and knock the rate down.
"""

# %%
# The rates along the runs
# ------------------------
# The effective rate of coordinate :math:`i` is :math:`\alpha/(\sqrt{s_i}+\varepsilon)`, read
# from the optimizer's recorded state after every step.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
start = np.array([-5.0, 2.0])
fig, ax = plt.subplots(figsize=(4.8, 4.0), layout="constrained")
for opt in (descent.AdaGrad(lr=1.0), descent.RMSProp(lr=0.1)):
    traj = descent.run(opt, bowl, start, steps=800, record_state=True)
    states = type(traj.states)(*(field[1:] for field in traj.states))  # after each update
    rates = opt.effective_lr(states)  # (steps, 2): one rate per coordinate
    name = type(opt).__name__
    for i, (coordinate, style) in enumerate([("x (shallow)", "-"), ("y (steep)", "--")]):
        ax.plot(
            np.arange(1, 801),
            rates[:, i],
            style,
            color=descent.plot.COLORS[name],
            lw=1.6,
            label=f"{name}, {coordinate}",
        )
ax.axhline(2 / bowl.eigenvalues[-1], color=descent.plot.style.REFERENCE, lw=0.8, ls=":")
ax.annotate(
    r"$2/\lambda_{\max}$",
    (800, 2 / bowl.eigenvalues[-1]),
    xytext=(-4, -4),
    textcoords="offset points",
    ha="right",
    va="top",
    color=descent.plot.style.REFERENCE,
)
ax.set_yscale("log")
ax.set_xlabel("step $t$")
ax.set_ylabel(r"effective rate $\alpha/(\sqrt{s_t}+\varepsilon)$")
ax.grid(True, which="both", alpha=0.25)
fig.legend(loc="outside lower center", ncols=2, frameon=False)
plt.show()
