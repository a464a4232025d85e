r"""
Warm restarts, one cycle and warmup–stable–decay on SGD's noise ball
====================================================================

The first schedules chapter's problem and runs: 100 independent SGD runs (one sample per
update) on 1,024 points, 10 epochs, every schedule peaking at :math:`\alpha = 0.1`. Each
animation draws a schedule's rate as time advances (top) and the mean excess loss of its runs
(bottom), beside the constant rate and the cosine planned for the whole run; the last figure
compares what each gives when the run is stopped early.
"""

# %%
# Every schedule in one run
# -------------------------
# The rates of all schedules are stacked along a leading axis of the parameters, so one call
# of ``run_stochastic`` runs them all, each of the 100 runs of each schedule with its own
# shuffles. A schedule planned for fewer updates than the run stops there (its rate is 0
# after), so its runs stand still at the point where they were stopped.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.plot.style import COLORS, GREY, SCHEDULE_COLORS
from descent.problems import LinearRegression
from descent.schedules import (
    CosineAnnealingLR,
    CosineAnnealingWarmRestarts,
    OneCycleLR,
    WarmupStableDecay,
)

descent.plot.use_style()

problem = LinearRegression.synthetic(n=1024, w=2.0, b=-1.0, noise=0.5, seed=0)
N, runs, epochs, lr = problem.n_samples, 100, 10, 0.1
total = epochs * N
stops = (0.25, 0.5, 0.75, 1.0)


def wsd(length):
    """No warmup, the rate α until the last fifth of the run, then 1 − √x down to 0."""
    decay = int(0.2 * length)
    return WarmupStableDecay(lr, 0, length - decay, decay, decay="1-sqrt")


schedules = {
    "constant": (lr, total),
    "cosine": (CosineAnnealingLR(lr, T_max=total), total),
    "sgdr": (CosineAnnealingWarmRestarts(lr, T_0=1463, T_mult=2), total),
    "onecycle": (OneCycleLR(lr, total_steps=total), total),
}
for f in stops:
    n = int(f * total)
    if f < 1:  # the cosine re-planned for a shorter run
        schedules[f"cosine@{f}"] = (CosineAnnealingLR(lr, T_max=n), n)
    schedules[f"wsd@{f}"] = (wsd(n), n)
for fraction in (0.5, 1.0):  # longer cooldowns over the whole run
    decay = int(fraction * total)
    schedules[f"wsd-decay{fraction}"] = (
        WarmupStableDecay(lr, 0, total - decay, decay, "1-sqrt"),
        total,
    )

names = list(schedules)
rates = np.zeros((len(names), total))
for i, (s, n) in enumerate(schedules.values()):
    rates[i, :n] = s.values(n) if callable(s) else s
start = np.broadcast_to(problem.minima[0] + np.array([-2.0, 1.5]), (len(names), runs, 2))
opt = descent.GradientDescent(lr=lambda t: rates[:, t, None, None])
traj = descent.run_stochastic(opt, problem, start, epochs, 1, independent=True)
excess = traj.loss - problem.min_value  # (updates + 1, schedules, runs)
for name in ("constant", "cosine", "sgdr", "onecycle", "wsd@1.0"):
    print(f"{name:9}: mean J - J* at T = {excess[total, names.index(name)].mean():.2e}")

# schedule-free SGD at the same rate, for the last figure: the loss at its average x
free = descent.ScheduleFreeSGD(lr=lr, beta=0.9)
free_traj = descent.run_stochastic(
    free, problem, start[0], epochs, 1, independent=True, record_state=True
)
free_excess = problem(free.eval_params(free_traj.states)) - problem.min_value

# %%
# The rate and the loss as time advances
# --------------------------------------
# One function draws each of the three animations: the rates on top, the mean excess loss
# over the runs below (averaged over every 64 updates), both drawn up to the current update.
chunk = 64
colors = {
    "constant": SCHEDULE_COLORS["constant"],
    "cosine": SCHEDULE_COLORS["CosineAnnealingLR"],
    "sgdr": SCHEDULE_COLORS["CosineAnnealingWarmRestarts"],
    "onecycle": SCHEDULE_COLORS["OneCycleLR"],
    "wsd": SCHEDULE_COLORS["WarmupStableDecay"],
}


def smoothed(i, n=total):
    """Mean excess loss of schedule ``i`` over the runs, per chunk of updates up to ``n``."""
    mean = excess[1 : n + 1, i].mean(axis=1)
    return mean[: n // chunk * chunk].reshape(-1, chunk).mean(axis=1)


def rate_and_loss(lines, title, marks=()):
    """``lines``: (name, label, color, lw) per curve; ``marks``: updates to mark on the axis."""
    fig, (ax, bx) = plt.subplots(
        2,
        1,
        figsize=(4.8, 4.0),
        dpi=200,
        sharex=True,
        layout="constrained",
        gridspec_kw={"height_ratios": [1, 1.4]},
    )
    drawn = []
    for name, label, color, lw in lines:
        i = names.index(name)
        n = schedules[name][1]
        x_rate = np.arange(n) / N
        (r,) = ax.plot([], [], color=color, lw=lw, label=label)
        loss = smoothed(i, n)
        x_loss = (np.arange(len(loss)) + 0.5) * chunk / N
        (lo,) = bx.plot([], [], color=color, lw=lw)
        (end,) = bx.plot([], [], "o", color=color, ms=4)
        final = excess[n, i].mean()
        drawn.append((r, x_rate, rates[i, :n], lo, x_loss, loss, end, n / N, final))
    for m in marks:
        for a in (ax, bx):
            a.axvline(m / N, color=GREY, lw=0.8, ls=":")
    ax.set(xlim=(0, epochs), ylim=(-0.005, 0.108))
    ax.set_ylabel(r"$\alpha_t$", rotation=0, labelpad=8)
    ax.set_title(title)
    bx.set(yscale="log", ylim=(5e-5, 3.0))
    bx.set_xlabel("epoch (1,024 updates)")
    bx.set_ylabel(r"mean $J - J^\star$")
    for a in (ax, bx):
        a.grid(True, alpha=0.3)
    fig.legend(loc="outside lower center", ncols=3, frameon=False)
    artists = [a for d in drawn for a in (d[0], d[3], d[6])]

    def update(frame):
        t = frame * chunk  # the updates shown
        for r, x_rate, rate, lo, x_loss, loss, end, stop, final in drawn:
            r.set_data(x_rate[:t], rate[:t])
            k = min(frame, len(loss))
            lo.set_data(x_loss[:k], loss[:k])
            end.set_data(([stop], [final]) if t >= stop * N else ([], []))
        return artists

    frames = range(0, total // chunk + 1, 4)
    update(0)
    return fig, descent.plot.TrajectoryAnimation(fig, update, frames, artists, fps=5)


# %%
# Warm restarts
# -------------
# SGDR with :math:`T_0 = 1463` and :math:`T_{\rm mult} = 2`: three cycles of 1, 2 and 4 times
# :math:`T_0` that end with the run. At each restart the rate jumps back to 0.1 and the loss
# jumps with it; each cycle ends lower than the one before.
restarts = (1463, 1463 * 3)
fig_sgdr, anim_sgdr = rate_and_loss(
    [
        ("constant", "constant", colors["constant"], 1.0),
        ("cosine", "cosine", colors["cosine"], 1.2),
        ("sgdr", "warm restarts", colors["sgdr"], 1.4),
    ],
    "warm restarts (SGDR)",
    marks=restarts,
)
plt.show()

# %%
# One cycle
# ---------
# ``OneCycleLR(0.1, total_steps=T)``: from 0.1/25 up to 0.1 over the first 30% of the run, then
# down to 0.1/25/10⁴ along half a cosine.
fig_one, anim_one = rate_and_loss(
    [
        ("constant", "constant", colors["constant"], 1.0),
        ("cosine", "cosine", colors["cosine"], 1.2),
        ("onecycle", "one cycle", colors["onecycle"], 1.4),
    ],
    "one cycle",
)
plt.show()

# %%
# Warmup–stable–decay, branched
# -----------------------------
# One stable run at the constant rate, and a 1 − √x cooldown over the last fifth branched
# off it for runs stopped at 25%, 50%, 75% and 100% of T: each branch shares the stable run
# up to where it leaves it.
lines = [("constant", "stable (constant)", colors["constant"], 1.0)]
lines += [(f"wsd@{f}", "WSD branches" if f == 1 else None, colors["wsd"], 1.4) for f in stops]
lines += [("cosine", r"cosine for $T$", colors["cosine"], 1.0)]
fig_wsd, anim_wsd = rate_and_loss(lines, "warmup–stable–decay")
plt.show()

# %%
# Stopping early
# --------------
# The mean excess loss after T' updates, T' a fraction of the planned T = 10 epochs, with
# ±2 standard errors over the 100 runs: the cosine planned for T and stopped at T', the cosine
# re-planned for T', warmup–stable–decay with its decay ending at T', schedule-free SGD
# evaluated at its average x, and the constant rate.
fig_stop, ax = plt.subplots(figsize=(4.8, 3.4), dpi=200, layout="constrained")
rows = {
    "constant": (
        [excess[int(f * total), names.index("constant")] for f in stops],
        colors["constant"],
        "o",
        "constant",
    ),
    "stopped": (
        [excess[int(f * total), names.index("cosine")] for f in stops],
        colors["cosine"],
        "v",
        r"cosine for $T$, stopped",
    ),
    "wsd": (
        [excess[int(f * total), names.index(f"wsd@{f}")] for f in stops],
        colors["wsd"],
        "s",
        r"WSD, decayed at $T'$",
    ),
    "replanned": (
        [excess[int(f * total), names.index(f"cosine@{f}" if f < 1 else "cosine")] for f in stops],
        colors["cosine"],
        "^",
        r"cosine re-planned for $T'$",
    ),
    "free": (
        [free_excess[int(f * total)] for f in stops],
        COLORS["ScheduleFreeSGD"],
        "D",
        r"schedule-free, at $x$",
    ),
}
for k, (values, color, marker, label) in enumerate(rows.values()):
    values = np.asarray(values)
    mean = values.mean(axis=1)
    err = 2 * values.std(axis=1, ddof=1) / np.sqrt(runs)
    x = np.array(stops) * 100 + (k - 2) * 1.6  # side by side at each T'
    ls = "--" if label.startswith("cosine for $T$") else "-"
    ax.errorbar(
        x, mean, yerr=err, color=color, marker=marker, ms=4, lw=1.0, ls=ls, capsize=2, label=label
    )
ax.set(yscale="log", xticks=[25, 50, 75, 100], xlim=(17, 108))
ax.set_xlabel(r"stopped at $T'$ (% of the planned $T$)")
ax.set_ylabel(r"mean $J - J^\star$ at $T'$")
ax.grid(True, alpha=0.3)
fig_stop.legend(loc="outside lower center", ncols=2, frameon=False)
plt.show()
