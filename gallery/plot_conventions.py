r"""
Five conventions, side by side
==============================

Texts and libraries write the same optimizers in different ways. Some differences are only a
rescaling — the two paths coincide once the hyperparameters are translated — and some change
the method. Each panel runs both forms from the same start on :math:`\tfrac12(x^2+25y^2)`.
"""

# %%
# The pairs
# ---------
# ``descent`` (torch.optim's conventions) on one side; the other convention on the other:
# written out in a few lines for the first three pairs, so the difference is visible in the
# code as well as in the picture, and ``descent`` itself for the last two (``Adam`` on the
# L2-penalised bowl, ``Adam(bias_correction=False)``). The gap printed for each pair is the
# largest difference in either coordinate between the two paths.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.schedules import ExponentialLR
from descent.surfaces import ALL, Quadratic

descent.plot.use_style()

bowl = ALL["elongated"]
start = np.array([-5.0, 2.0])
steps = 60


def loop(step, state, surface=bowl, n=steps):
    """Run an update written out by hand: ``step(theta, g, state, t) -> theta, state``."""
    theta, path = start.copy(), [start.copy()]
    for t in range(n):
        theta, state = step(theta, surface.grad(theta), state, t)
        path.append(theta)
    return np.array(path)


pairs = {}
# 1. momentum as an EMA, v = βv + (1-β)g from v0 = 0, θ -= α v  ==  torch's v = βv + g with α(1-β)
# (not torch's dampening=β, which starts its buffer at g1 instead of 0)
lr, beta = 0.1, 0.9
damped = loop(
    lambda th, g, v, t: (th - lr * (beta * v + (1 - beta) * g), beta * v + (1 - beta) * g),
    np.zeros(2),
)
pairs["EMA (v₀ = 0) vs torch momentum"] = (
    damped,
    descent.run(descent.Momentum(lr=lr * (1 - beta), beta=beta), bowl, start, steps).path,
    "coincide: α_torch = (1−β) α_EMA",
)
# 2. α inside the velocity (u = βu + α_t g, θ -= u) vs outside (torch), under a schedule
schedule = ExponentialLR(0.03, gamma=0.95)
inside = loop(
    lambda th, g, u, t: (th - (beta * u + schedule(t) * g), beta * u + schedule(t) * g), np.zeros(2)
)
pairs["α inside vs outside the velocity"] = (
    inside,
    descent.run(descent.Momentum(lr=schedule, beta=beta), bowl, start, steps).path,
    "differ once α changes",
)
# 3. ε inside vs outside the root (RMSProp), on a bowl scaled so gradients are ~ √ε
eps, small = 1e-2, Quadratic(1e-3 * bowl.A, extent=bowl.extent)
ms = lambda s, g: 0.99 * s + 0.01 * g * g  # noqa: E731
in_root = loop(
    lambda th, g, s, t: (th - 0.1 * g / np.sqrt(ms(s, g) + eps), ms(s, g)),
    np.zeros(2),
    surface=small,
)
pairs["ε inside vs outside √s"] = (
    in_root,
    descent.run(descent.RMSProp(lr=0.1, eps=eps), small, start, steps).path,
    "differ when |g| ≲ √ε",
)
# 4. L2 in the gradient vs decoupled decay (Adam vs AdamW)
lam = 0.5
l2 = Quadratic(bowl.A + lam * np.eye(2), extent=bowl.extent)
pairs["L2 in g vs decoupled decay"] = (
    descent.run(descent.Adam(lr=0.3), l2, start, steps).path,
    descent.run(descent.AdamW(lr=0.3, weight_decay=lam), bowl, start, steps).path,
    "differ: Adam rescales the L2 gradient",
)
# 5. bias correction on / off
pairs["bias correction off vs on"] = (
    descent.run(descent.Adam(lr=0.3, bias_correction=False), bowl, start, steps).path,
    descent.run(descent.Adam(lr=0.3), bowl, start, steps).path,
    "differ from the first step on",
)
for name, (other, ours, verdict) in pairs.items():
    gap = np.abs(other - ours).max()
    print(f"{name:34} largest gap {gap:9.2e}  ({verdict})")

# %%
# The five pairs
# --------------
# Solid: ``descent`` / torch.optim's convention. Dashed: the other one.
fig, axes = plt.subplots(5, 1, figsize=(5.0, 12.5), layout="constrained")
for ax, (name, (other, ours, verdict)) in zip(axes, pairs.items()):
    descent.plot.contour(bowl, ax)
    ax.plot(
        *ours.T,
        "-",
        color=descent.plot.style.categorical(2)[0],
        lw=2.2,
        label="descent / torch.optim",
    )
    ax.plot(
        *other.T, "--", color=descent.plot.style.categorical(2)[1], lw=1.6, label="other convention"
    )
    ax.plot(*ours[-1], "o", color=descent.plot.style.categorical(2)[0], mec="white", ms=6, zorder=6)
    ax.plot(
        *other[-1], "s", color=descent.plot.style.categorical(2)[1], mec="white", ms=5, zorder=7
    )
    ax.set_title(f"{name}:\n{verdict}")
# one legend for the five panels, above them: none covers a path
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside upper center", ncols=3, frameon=False)
plt.show()
