r"""
Momentum on an elongated bowl
=============================

Momentum keeps the part of the gradient that agrees from step to step. On a bowl 25 times
steeper across than along, that is the difference between crawling along the valley floor
and rolling down it.
"""

# %%
# The surface and the two optimizers
# ----------------------------------
# Same start, same learning rate; only :math:`\beta` differs. With :math:`\beta = 0` the
# velocity is just the current gradient, and momentum is gradient descent exactly.
# (:math:`\beta = 0.7` rather than the usual 0.9: at this :math:`\alpha`, 0.9 puts every
# direction in the oscillating band, where the factor per step is :math:`\sqrt{0.9} \approx
# 0.95`; the chapter's :math:`(\alpha, \beta)` sweep shows it.)
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.surfaces import ALL

descent.plot.use_style()

bowl = ALL["elongated"]
start = np.array([-5.0, 2.0])
lr, steps = 0.03, 80
gd = descent.run(descent.GradientDescent(lr=lr), bowl, start, steps)
momentum = descent.run(descent.Momentum(lr=lr, beta=0.7), bowl, start, steps, record_state=True)
beta0 = descent.run(descent.Momentum(lr=lr, beta=0.0), bowl, start, steps)
print("β = 0 path equals gradient descent's:", np.array_equal(beta0.path, gd.path))
print(f"loss after {steps} steps: GD {gd.loss[-1]:.2e}, momentum {momentum.loss[-1]:.2e}")

# %%
# Watch them run
# --------------
# One frame per step. The arrow on the momentum ball is its velocity, drawn as
# :math:`-\alpha v_t`: the step that brought it here. It keeps pointing along the valley while
# the gradient flips from wall to wall.
anim = descent.plot.animate(
    bowl,
    [gd, momentum],
    layout="column",
    state=True,
    panel_titles=[
        rf"gradient descent, $\alpha$ = {lr:g}",
        rf"momentum, $\alpha$ = {lr:g}, $\beta$ = 0.7",
    ],
    fps=10,
)
plt.show()
