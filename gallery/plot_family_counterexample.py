r"""
Adam's counterexample: the wrong end of an interval
===================================================

Reddi, Kale and Kumar's online problem on :math:`x \in [-1, 1]`: the loss is :math:`C x` at
every third update and :math:`-x` at the other two, so :math:`x = -1` is best. With
:math:`\beta_1 = 0` and :math:`\beta_2 = 1/(1+C^2)`, Adam forgets the rare large gradient
and settles at :math:`x = +1`, the worst point; AMSGrad, which keeps the largest second
moment, goes to :math:`-1`.
"""

# %%
# The online game
# ---------------
# At each update the optimizer steps on :math:`f_t`'s gradient (:math:`C` or :math:`-1`) and
# the point is projected back onto :math:`[-1, 1]`: the projection belongs to the online
# setting, not to Adam. Three C's run side by side, one coordinate each, in one vectorised
# ``opt.step``; the rate decays as :math:`\alpha_t = 0.1/\sqrt{t}`.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.schedules import LambdaLR

descent.plot.use_style()

cs = np.array([3.0, 5.0, 10.0])
shown = 2  # the column drawn: C = 10
steps = 3000
lr = LambdaLR(0.1, lambda t: 1 / np.sqrt(t + 1))
opts = {
    "Adam": descent.Adam(lr=lr, beta1=0.0, beta2=1 / (1 + cs**2)),
    "AMSGrad": descent.Adam(lr=lr, beta1=0.0, beta2=1 / (1 + cs**2), amsgrad=True),
}
runs = {}
for name, opt in opts.items():
    x = np.zeros_like(cs)
    state = opt.init(x)
    path, grads, rates = [x], [], []
    for t in range(1, steps + 1):
        g = cs if t % 3 == 1 else -np.ones_like(cs)
        x, state = opt.step(x, g, state)
        x = np.clip(x, -1.0, 1.0)  # projection onto the interval
        path.append(x)
        grads.append(g)
        if t <= 12:  # the effective rate of the first updates, for the second figure
            rates.append(opt.effective_lr(state) / opt.learning_rate(t - 1))
    path, grads = np.array(path), np.array(grads)
    # average regret: what the points played lost, minus the best fixed point's, over t
    played = np.cumsum(grads * path[:-1], axis=0)
    best = -np.abs(np.cumsum(grads, axis=0))
    regret = (played - best) / np.arange(1, steps + 1)[:, None]
    runs[name] = {"path": path, "regret": regret, "rates": np.array(rates)}
    print(f"{name:8}: x_T = {np.round(path[-1], 3)}, R_T/T = {np.round(regret[-1], 3)} (C = {cs})")

# %%
# Watch x and the average regret
# ------------------------------
# Top: the point played, on a log scale of updates. Bottom: the average regret
# :math:`R_t/t`; Adam's tends to :math:`2(C-2)/3` (dashed), the regret of sitting at
# :math:`+1`, and AMSGrad's falls towards 0.
colors = {"Adam": descent.plot.color("Adam"), "AMSGrad": descent.plot.style.EXTRA[0]}
fig, (ax, rax) = plt.subplots(
    2,
    1,
    figsize=(4.8, 4.6),
    dpi=130,
    sharex=True,
    layout="constrained",
    height_ratios=[1.15, 1],
)
t = np.arange(0, steps + 1)
ax.axhline(-1, color=descent.plot.style.REFERENCE, lw=0.8, ls="--")
ax.axhline(1, color=descent.plot.style.DIVERGED, lw=0.8, ls="--")
ax.text(1.2, -0.93, "optimum $x = -1$", va="bottom", fontsize=9)
ax.text(1.2, 0.93, "worst point $x = +1$", va="top", fontsize=9)
ax.set(xscale="log", xlim=(1, steps), ylim=(-1.15, 1.15), ylabel="point played $x_t$")
limit = 2 * (cs[shown] - 2) / 3
rax.axhline(limit, color=descent.plot.style.REFERENCE, lw=0.8, ls="--")
rax.text(steps, limit * 1.25, "$2(C-2)/3$ ", ha="right", va="bottom", fontsize=9)
rax.set(yscale="log", ylim=(0.03, 20), xlabel="update $t$", ylabel="average regret $R_t/t$")
ax.grid(True, alpha=0.25)
rax.grid(True, which="both", alpha=0.2)
moving = []
for name, run in runs.items():
    style = {"color": colors[name], "lw": 1.6}
    (line,) = ax.plot([], [], label=f"{name}, $C$ = {cs[shown]:g}", **style)
    (dot,) = ax.plot([], [], "o", color=colors[name], ms=6, mec="white", clip_on=False)
    (reg,) = rax.plot([], [], **style)
    moving += [(line, dot, reg, run)]
fig.legend(loc="outside upper center", ncols=2, frameon=False)
counter = rax.text(
    0.02, 0.06, "", transform=rax.transAxes, va="bottom", bbox=descent.plot.style.TEXT_BOX
)
artists = [a for line, dot, reg, _ in moving for a in (line, dot, reg)] + [counter]


def update(frame):
    for line, dot, reg, run in moving:
        x = run["path"][:frame, shown]  # x_1 ... x_frame, played at t = 1 ... frame
        line.set_data(t[1 : frame + 1], x)
        dot.set_data([frame], [x[-1]])
        reg.set_data(t[1 : frame + 1], run["regret"][:frame, shown])
    counter.set_text(f"update {frame}")
    return artists


frames = np.unique(np.geomspace(1, steps, 55).round().astype(int))
anim = descent.plot.TrajectoryAnimation(fig, update, frames, artists, fps=12)

# %%
# Why: the effective rate
# -----------------------
# The rate each gives a gradient, :math:`1/(\sqrt{\hat v_t} + \varepsilon)` (the step over
# :math:`\alpha_t`), over the first twelve updates for :math:`C = 10`. Adam's is small when the
# gradient is :math:`C` and has grown back by the next :math:`-1`: two steps towards
# :math:`+1` at nearly full rate outweigh one step of :math:`C` at a tenth of it. AMSGrad's
# stays at the tenth, so :math:`C` wins.
fig2, ax2 = plt.subplots(figsize=(4.8, 3.3), dpi=150, layout="constrained")
first = np.arange(1, 13)
for name, run in runs.items():
    ax2.plot(first, run["rates"][:12, shown], "-o", color=colors[name], lw=1.6, ms=5, label=name)
for k in first[first % 3 == 1]:
    shade = ax2.axvspan(k - 0.4, k + 0.4, color=descent.plot.style.GREY, alpha=0.18, lw=0)
shade.set_label("$g_t = C$ (else $-1$)")
ax2.set(xlabel="update $t$", ylabel=r"effective rate $/\,\alpha_t$", ylim=(0, 1.05), xticks=first)
ax2.grid(True, alpha=0.25)
fig2.legend(loc="outside upper center", ncols=3, frameon=False)
plt.show()
