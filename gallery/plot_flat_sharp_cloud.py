r"""
Flat or sharp: a cloud of SGD runs draining from the sharp basin
================================================================

300 mini-batch SGD runs at the same learning rate, all started in the sharp basin of a loss
whose two minima are equally deep. With batches of 8 samples the noise is too weak to lift
them over the ridge; with single samples it is strong enough, and the cloud moves to the flat
basin, where the same samples push far less.
"""

# %%
# The loss and the runs
# ---------------------
# 128 samples, basins of curvature :math:`\lambda_s = 20` and :math:`\lambda_f = 1`; the
# starts uniform over the sharp basin; one epoch at :math:`\alpha = 0.02` with :math:`B = 8`
# (16 updates) and :math:`B = 1` (128 updates), each run with its own shuffles.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.problems import TwoBasins

descent.plot.use_style()

problem = TwoBasins.synthetic(n=128, spread=0.7, seed=0)
runs, lr = 300, 0.02
b = problem.barrier
starts = np.random.default_rng(1).uniform(-b, b, (runs, 1))
paths = {}
for B in (8, 1):
    traj = descent.run_stochastic(
        descent.GradientDescent(lr=lr),
        problem,
        starts,
        epochs=1,
        batch_size=B,
        seed=2,
        independent=True,
    )
    paths[B] = traj.path[..., 0]
    print(f"B = {B}: α/B = {lr / B:g}, {np.mean(paths[B][-1] > b):.0%} in the flat basin")

# %%
# Watch the cloud
# ---------------
# One frame per two per-sample gradients, so both panels show the same compute: the
# :math:`B = 8` runs move every fourth frame. Each dot is a run at its loss; the dotted line
# is the ridge between the basins.
theta = np.linspace(-1.0, 4.2, 600)
loss = problem(theta[:, None])
fig, axes = plt.subplots(2, 1, figsize=(4.2, 4.8), sharex=True, layout="constrained")
rng = np.random.default_rng(0)
lift = rng.uniform(0.0, 0.35, runs)  # a little height each, so that the dots do not hide
clouds, notes = [], []
for ax, B in zip(axes, paths):
    ax.plot(theta, loss, color=descent.plot.style.REFERENCE, lw=1.6, zorder=1)
    ax.plot(problem.minima[:, 0], [0, 0], **descent.plot.style.MINIMUM)
    ax.axvline(b, color=descent.plot.style.GREY, ls=":", lw=1)
    ax.set(ylim=(-0.3, 4.6), ylabel=r"$J(\theta)$")
    ax.set_title(rf"$\alpha = {lr:g}$, $B = {B}$: $\alpha/B = {lr / B:g}$")
    ax.text(-0.45, 3.9, r"sharp, $\lambda_s = 20$", ha="left", va="bottom")
    ax.text(problem.separation, 3.9, r"flat, $\lambda_f = 1$", ha="center", va="bottom")
    ax.grid(True, alpha=0.25)
    (dots,) = ax.plot([], [], "o", color=descent.plot.style.SGD, ms=3.5, alpha=0.45, zorder=3)
    note = ax.text(
        0.98, 0.5, "", transform=ax.transAxes, ha="right", bbox=descent.plot.style.TEXT_BOX
    )
    clouds.append(dots)
    notes.append(note)
axes[-1].set(xlabel=r"$\theta$", xlim=(theta[0], theta[-1]))


def update(k):
    seen = 2 * k  # per-sample gradients so far
    for dots, note, B in zip(clouds, notes, paths):
        t = seen // B
        x = paths[B][t]
        dots.set_data(x, problem(x[:, None]) + lift)
        note.set_text(f"update {t}\nflat basin: {np.sum(x > b)} of {runs}")
    return [*clouds, *notes]


anim = descent.plot.TrajectoryAnimation(
    fig, update, range(problem.n_samples // 2 + 1), [*clouds, *notes], fps=8
)
plt.show()
