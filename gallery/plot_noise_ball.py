r"""
The noise ball: where SGD settles
=================================

With a constant learning rate SGD does not converge to the minimum unless every sample's
gradient vanishes there: it keeps moving in a cloud around it, the noise ball. For a quadratic
loss, a small learning rate and batches drawn afresh, the average excess loss in that cloud is
:math:`\alpha\,\mathrm{tr}\,C/(4B)`, with :math:`C` the covariance of the per-sample
gradients at the minimum: proportional to :math:`\alpha/B`. Here it is measured with
reshuffled epochs, for three batch sizes and five learning rates at once.
"""

# %%
# A grid of runs in one call per batch size
# -----------------------------------------
# The learning rate may be an array broadcasting against the starts: ``lr`` of shape
# ``(5, 1, 1)`` and starts ``(5, 100, 2)`` make 100 independent runs at each of five rates.
# Every run starts at the minimum, makes 8,192 updates, and its excess loss is averaged over
# the second half.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullFormatter

import descent
from descent.problems import LinearRegression

descent.plot.use_style()

problem = LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)
N, runs, updates = problem.n_samples, 100, 8192
w_star = problem.minima[0]
per_sample = problem.grad(np.broadcast_to(w_star, (N, 2)), batch=np.arange(N)[:, None])
trace_C = np.trace(np.cov(per_sample.T, bias=True))
rates = np.array([0.002, 0.005, 0.01, 0.02, 0.05])
sizes = [1, 4, 16]
start = np.broadcast_to(w_star, (len(rates), runs, 2))
measured = {}
for B in sizes:
    opt = descent.GradientDescent(lr=rates[:, None, None])
    traj = descent.run_stochastic(opt, problem, start, updates * B // N, B, independent=True)
    measured[B] = (traj.loss[updates // 2 :] - problem.min_value).mean(axis=(0, 2))
    ratio = measured[B] / (rates * trace_C / (4 * B))
    print(f"B = {B:2}: measured / predicted =", np.round(ratio, 2))

# %%
# Measured against the theory
# ---------------------------
# Dots: the measured average excess loss. Lines: :math:`\alpha\,\mathrm{tr}\,C/(4B)`, slope 1
# on log-log axes. Reshuffling each epoch makes the noise cancel over an epoch, so when an
# epoch of updates (:math:`N/B`) is short against the time SGD takes to forget,
# :math:`1/(\alpha\lambda_{\min})`, the ball is smaller than the formula says.
fig, ax = plt.subplots(figsize=(4.8, 3.4), dpi=200, layout="constrained")
alpha = np.geomspace(rates[0] / 1.3, rates[-1] * 1.3, 50)
for B, c in zip(sizes, descent.plot.style.ordered(3)):
    ax.loglog(alpha, alpha * trace_C / (4 * B), "--", color=c, lw=1.1)
    ax.loglog(rates, measured[B], "o", color=c, ms=5, label=f"$B = {B}$")
ax.plot([], [], "--", color=descent.plot.style.REFERENCE, label=r"$\alpha\,\mathrm{tr}\,C\,/\,4B$")
ax.xaxis.set_minor_formatter(NullFormatter())
ax.set_xlabel(r"learning rate $\alpha$")
ax.set_ylabel(r"stationary $\mathbb{E}\,[J - J^\star]$")
ax.grid(True, alpha=0.3)
ax.legend(loc="upper left")
plt.show()
