r"""
Momentum is not a guarantee
===========================

The speed that carries momentum out of a local minimum can also carry it past the global one.
Start it a little higher on the same wall and it rolls through the global minimum, over the
next bump, and settles in the local minimum on the other side.
"""

# %%
# The same optimizer from two starts
# ----------------------------------
# Same learning rate and :math:`\beta` as in the previous example; the second start is 0.1
# higher up the wall.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

bumpy = ALL["bumpy"]
opt = descent.Momentum(lr=0.1, beta=0.9)
starts = {"θ₀ = −2.6": -2.6, "θ₀ = −2.7": -2.7}
runs = [
    descent.run(opt, bumpy, np.array([s]), steps=120, record_state=True) for s in starts.values()
]
for name, traj in zip(starts, runs):
    print(f"{name}: ends at θ = {traj.final[0]:.3f}")

# %%
# Watch both
# ----------
# In momentum's colour, the run of the previous example; grey, the same optimizer from a start
# 0.1 higher.
anim = descent.plot.animate(
    bumpy,
    runs,
    labels=[f"momentum, {name}" for name in starts],
    colors=[descent.plot.color("Momentum"), descent.plot.style.EXTRA[0]],
    state=True,
    tangent=False,
    max_frames=121,
    fps=10,
)
plt.show()
