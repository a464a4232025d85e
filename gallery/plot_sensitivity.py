r"""
Which optimizers forgive a badly chosen learning rate
=====================================================

Every optimizer that runs on a plane, 19 learning rates from :math:`10^{-4}` to :math:`10^{0.5}`,
64 random starts,
1000 steps, on three classic test surfaces. Each curve is the median excess loss over the
starts; a rate where half the starts or more diverge is drawn at the top. The curves are those
of the seven first optimizers; a second figure sums up all twenty-one.
"""

# %%
# The sweeps
# ----------
# ``descent.race.experiment`` makes one vectorised call per optimizer and surface
# (``descent.sweep_lr``): 19 × 64 runs at once, every rate of the grid a leading axis of the
# optimizer's rate. It then races each optimizer from one start at its best rate, and keeps both
# in the folder the site's build names, so the chapter reuses them; run alone, the script
# computes them.
import os

import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.plot.style import NAMES, REFERENCE, categorical
from descent.race import LRS, RACERS, STEPS, SURFACES, SWEEP_STEPS, SWEPT, TOL, experiment
from descent.surfaces import ALL

descent.plot.use_style()

cache = os.environ.get("DESCENT_RACE_CACHE")
# the rules the race animates last: the race's own script, built alongside this one, runs
# those seven meanwhile and keeps them in the same folder
later = [name for name in SWEPT if name not in RACERS]
sweeps, races = {s: {} for s in SURFACES}, {s: {} for s in SURFACES}
for names in (later, RACERS):
    for name in SURFACES:
        part = experiment(name, names, cache=cache)
        sweeps[name] |= part[0]
        races[name] |= part[1]
for name in SURFACES:  # back in reading order
    sweeps[name] = {o: sweeps[name][o] for o in SWEPT}
    races[name] = {o: races[name][o] for o in SWEPT}
for opt_name in sweeps["rosenbrock"]:
    best = ", ".join(f"{s} {sweeps[s][opt_name].best_lr:.2g}" for s in SURFACES)
    print(f"{opt_name:18} best rates: {best}")

# %%
# Final loss against learning rate
# --------------------------------
# A wide valley without a hole means a forgiving optimizer: many neighbouring rates work.
# The dotted line is the tolerance :math:`10^{-6}` used in the race's table. One panel per
# surface, stacked, so that the text stays readable beside the chapter's prose.
fig, axes = plt.subplots(3, 1, figsize=(4.8, 8.2), sharex=True, sharey=True, layout="constrained")
for ax, name in zip(axes, SURFACES):
    for opt_name in RACERS:
        # diverged drawn at the top, exact zeros at the floor of the log axis
        median = np.clip(sweeps[name][opt_name].median, 1e-30, 1e4)
        ax.plot(
            LRS,
            median,
            "-",
            marker=descent.plot.marker(opt_name),
            ms=5,
            mfc="none",  # open: where two optimizers agree (momentum, Nesterov), both show
            lw=1.4,
            color=descent.plot.color(opt_name),
            label=opt_name,
        )
    ax.axhline(1e-6, color=REFERENCE, lw=0.8, ls=":")
    ax.set(xscale="log", yscale="log", ylim=(3e-31, 3e4))
    ax.set_title(ALL[name].name.capitalize(), loc="left")
    ax.set_ylabel(r"median $f - f^\star$")
    ax.grid(True, which="major", alpha=0.3)
axes[-1].set_xlabel(rf"learning rate $\alpha$ (median after {SWEEP_STEPS} steps)")
# one legend for the three panels, under them: clear of every curve
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3, frameon=False)

# %%
# All twenty-one, at a glance
# ---------------------------
# Twenty-one curves per panel would hide each other, and twenty-one colours cannot all stay
# apart for a colour-blind reader. So each optimizer is a row, named, sorted by its mean width of
# good rates; the colour and the marker are the surface's. Left: the width in decades of the
# widest gap-free band of rates whose median run ends within :math:`10^{-3}`. Right: the
# updates each needs from the race's start, at its best rate, to get within :math:`10^{-6}`;
# a run that never gets there sits in the column on the right.
TOL_SWEEP = 1e-3
names = list(sweeps["rosenbrock"])
width = {o: [sweeps[s][o].forgiving(TOL_SWEEP) for s in SURFACES] for o in names}
# the widest at the top; equal widths in the registry's order, top down, as the chapter's text
order = sorted(names, key=lambda o: -np.mean(width[o]))[::-1]
finish = {
    o: [int(races[s][o].steps_to(TOL + ALL[s].min_value)[()]) for s in SURFACES] for o in names
}
never = 15 * max(STEPS.values())  # where "not within the race" is drawn
colors, markers = categorical(len(SURFACES)), ("o", "s", "^")
offsets = np.linspace(-0.22, 0.22, len(SURFACES))  # the three surfaces side by side in a row
fig, (left, right) = plt.subplots(
    1, 2, figsize=(4.8, 7.6), sharey=True, layout="constrained", width_ratios=(1, 1.15)
)
rows = np.arange(len(order))
for k, s in enumerate(SURFACES):
    style = {"color": colors[k], "marker": markers[k], "ls": "none", "ms": 5}
    label = ALL[s].name.capitalize()
    left.plot([width[o][k] for o in order], rows + offsets[k], label=label, **style)
    steps = np.array([finish[o][k] for o in order], float)
    steps[steps < 0] = never
    steps[steps == 0] = 1  # the log axis: a start already within the tolerance
    right.plot(steps, rows + offsets[k], mfc="none", **style)
left.set_yticks(rows, [NAMES[o] for o in order])
left.set_ylim(-0.7, len(order) - 0.3)
left.set_xlabel("good rates (decades)")
left.set_xlim(-0.3, 5.2)
right.set(xscale="log", xlim=(2, 3 * never))  # a gap before "never"
right.set_xticks([10, 100, 1000, never], ["$10$", "$10^2$", "$10^3$", "never"])
right.set_xlabel(r"steps to $f - f^\star \leq 10^{-6}$")
for ax in (left, right):
    ax.grid(True, axis="x", alpha=0.3)
    for r in rows[1::2]:  # a light band every other row, to follow a row across
        ax.axhspan(r - 0.5, r + 0.5, color="#999999", alpha=0.12, lw=0)
fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=3, frameon=False)
plt.show()
