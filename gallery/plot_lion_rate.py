r"""
Lion with AdamW's learning rate
===============================

Every Lion step moves each coordinate by exactly :math:`\alpha`, the first step as the
thousandth; AdamW's steps shrink as it nears a minimum. So a rate copied from AdamW makes Lion
circle the minimum at a distance of about :math:`\alpha`, for ever. Its authors advise a rate
3 to 10 times smaller than AdamW's. Three runs on :math:`\tfrac12(x^2+25y^2)` from
:math:`(-5, 2)`.
"""

# %%
# The same start, two rates
# -------------------------
# AdamW and Lion with the same :math:`\alpha = 0.3`, and Lion with a tenth of it.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.plot import style
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
start = np.array([-5.0, 2.0])
steps, lr = 500, 0.3
runs = [
    descent.run(descent.AdamW(lr=lr, weight_decay=0.0), bowl, start, steps),
    descent.run(descent.Lion(lr=lr), bowl, start, steps),
    descent.run(descent.Lion(lr=lr / 10), bowl, start, steps),
]
labels = ["AdamW, α = 0.3", "Lion, α = 0.3 (AdamW's)", "Lion, α = 0.03"]
for label, run in zip(labels, runs):
    last = np.abs(np.diff(run.path[-50:], axis=0)).mean()
    print(f"{label:24} loss {run.loss[-1]:9.2e}, mean step over the last 50: {last:.2e}")

# %%
# Watch them
# ----------
# The loss panel below: AdamW's falls without end, each Lion run stops falling once it is
# within its :math:`\alpha` of the minimum, and the smaller rate ends a hundred times lower.
colors = [style.color(runs[0].optimizer), style.color(runs[1].optimizer), style.EXTRA[0]]
anim = descent.plot.animate(
    bowl, runs, labels=labels, colors=colors, loss="below", max_frames=50, fps=10
)
plt.show()
