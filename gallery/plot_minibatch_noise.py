r"""
Gradient noise against batch size
=================================

How far is a mini-batch gradient from the full-data gradient? Measured over 2,000 batches per
size, drawn without replacement from 1,024 points, the spread falls like
:math:`1/\sqrt B`, and then faster as :math:`B` approaches :math:`N`, where the mini-batch
*is* the data set.
"""

# %%
# Many batches at once
# --------------------
# ``problem.grad(params, batch=idx)`` with ``idx`` of shape ``(draws, B)`` gives one
# mini-batch gradient per row. Each row is the first :math:`B` indices of its own shuffle:
# a sample without replacement. The noise is the root-mean-square distance to the full
# gradient, at the start point of the other figures.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.problems import LinearRegression

descent.plot.use_style()

problem = LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)
N = problem.n_samples
theta = problem.minima[0] + np.array([-2.0, 1.5])
full = problem.grad(theta)
rng = np.random.default_rng(0)
draws = 2000
sizes = np.unique(np.geomspace(1, N - 1, 24).round().astype(int))
shuffles = rng.permuted(np.broadcast_to(np.arange(N), (draws, N)), axis=-1)
points = np.broadcast_to(theta, (draws, 2))
noise = np.array(
    [
        np.sqrt(np.mean(np.sum((problem.grad(points, batch=shuffles[:, :B]) - full) ** 2, -1)))
        for B in sizes
    ]
)

# %%
# The theory
# ----------
# With :math:`\sigma^2` the variance of the N per-sample gradients, the mean of B of them
# drawn with replacement has variance :math:`\sigma^2/B`; without replacement, the extra
# factor :math:`(N-B)/(N-1)`.
per_sample = problem.grad(np.broadcast_to(theta, (N, 2)), batch=np.arange(N)[:, None])
sigma = np.sqrt(np.mean(np.sum((per_sample - full) ** 2, -1)))
B = np.geomspace(1, N - 1, 400)
with_replacement = sigma / np.sqrt(B)
without = with_replacement * np.sqrt((N - B) / (N - 1))
for b, n in zip(sizes[::4], noise[::4]):
    exact = sigma / np.sqrt(b) * np.sqrt((N - b) / (N - 1))
    print(f"B = {b:4}: measured {n:.4f}, predicted {exact:.4f}")

# %%
# On log-log axes
# ---------------
# A slope of −1/2 is :math:`1/\sqrt B`: quadrupling the batch halves the noise. Below, the
# difference drawn large: the noise divided by :math:`\sigma/\sqrt B`, which sampling without
# replacement brings down from 1 to 0 as :math:`B` nears :math:`N`.
fig, (ax, rax) = plt.subplots(
    2, 1, figsize=(4.8, 5.0), dpi=200, layout="constrained", sharex=True, height_ratios=[1.6, 1]
)
ax.loglog(
    B,
    with_replacement,
    "--",
    color=descent.plot.style.REFERENCE,
    lw=1.2,
    label=r"$\sigma/\sqrt{B}$ (with replacement)",
)
ax.loglog(
    B,
    without,
    "-",
    color=descent.plot.style.categorical(2)[0],
    lw=1.4,
    label=r"$\sigma\sqrt{(N-B)/(N-1)}\,/\sqrt{B}$",
)
ax.loglog(
    sizes,
    noise,
    "o",
    color=descent.plot.style.categorical(2)[1],
    ms=4,
    label=f"measured, {draws} batches each",
)
ax.axvline(N, color=descent.plot.style.GREY, lw=0.8, ls=":")
ax.text(
    N * 0.93, sigma * 0.9, f"$N = {N}$", ha="right", va="top", color=descent.plot.style.REFERENCE
)
ax.set_ylabel(r"noise $\sqrt{\mathbb{E}\,\|g_B - \nabla J\|^2}$")
ax.set_ylim(noise.min() / 3, sigma * 1.6)
ax.grid(True, alpha=0.3)
ax.legend(loc="lower left")

rax.axhline(1, ls="--", color=descent.plot.style.REFERENCE, lw=1.2)
rax.semilogx(B, without / with_replacement, "-", color=descent.plot.style.categorical(2)[0], lw=1.4)
rax.semilogx(
    sizes, noise * np.sqrt(sizes) / sigma, "o", color=descent.plot.style.categorical(2)[1], ms=4
)
rax.axvline(N, color=descent.plot.style.GREY, lw=0.8, ls=":")
rax.set(xlabel="batch size $B$", ylabel=r"noise / $(\sigma/\sqrt{B})$", ylim=(-0.05, 1.15))
rax.grid(True, alpha=0.3)
plt.show()
