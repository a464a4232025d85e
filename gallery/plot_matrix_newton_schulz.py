r"""
Newton–Schulz: the singular values of Muon's update
===================================================

Muon replaces its update :math:`G = U \Sigma V^\top` by about :math:`U V^\top`, without an SVD:
five steps of a quintic that act on each singular value alone. Here the update is the first
gradient of the chapter's linear layer, whose singular values span a factor of 10.
"""

# %%
# The gradient and five iterations
# --------------------------------
# :func:`descent.optimizers.newton_schulz` with 0, 1, ..., 5 steps; its singular values,
# divided by the Frobenius norm first, go through :math:`p(s) = a s + b s^3 + c s^5` once a step.
import matplotlib.pyplot as plt
import numpy as np

import descent
from descent.optimizers import newton_schulz
from descent.problems import MatrixRegression

descent.plot.use_style()

a, b, c = 3.4445, -4.7750, 2.0315
layer = MatrixRegression.synthetic(shape=(4, 4), n_samples=64, condition=100.0, seed=0)
G = layer.grad(np.zeros((4, 4)))


def p(s):
    return a * s + b * s**3 + c * s**5


# each singular value on its own: s_0 = σ / ‖G‖_F, then s_{k+1} = p(s_k); the SVD of the
# iterated matrix has the same values (sorted), which is the point of the iteration
sv = [np.linalg.svd(G, compute_uv=False) / np.linalg.norm(G)]
for _ in range(5):
    sv.append(p(sv[-1]))
sv = np.array(sv)  # (iteration, 4): the k-th column is the k-th singular value of G, followed
for k, row in enumerate(sv):
    svd = np.linalg.svd(newton_schulz(G, k, (a, b, c)), compute_uv=False)
    assert np.allclose(np.sort(row)[::-1], svd, rtol=1e-9)
    print(f"after {k} steps: singular values {np.round(row, 3)}")


# the band p keeps: [p(hi)'s lowest image, hi] with hi = max p on [0, 1]
grid = np.linspace(0, 1.0, 20001)
hi = p(grid).max()
lo = p(np.linspace(grid[p(grid).argmax()], hi, 20001)).min()
print(f"band: [{lo:.3f}, {hi:.3f}]")

# %%
# Watch the singular values move
# ------------------------------
# Left: the quintic and the diagonal; a value :math:`s` steps to :math:`p(s)` (the staircase).
# Right: the four singular values after each step, against :math:`U V^\top`'s, all 1.
shades = descent.plot.style.ordered(4)[::-1]  # the largest singular value darkest
muon = descent.plot.color("Muon")
fig, (ax, bx) = plt.subplots(1, 2, figsize=(4.8, 2.9), dpi=200, layout="constrained")
s = np.linspace(0, 1.25, 400)
for panel in (ax, bx):
    panel.axhspan(lo, hi, color=muon, alpha=0.12, lw=0)
ax.plot(s, p(s), color=muon, lw=1.6, label="$p(s)$")
ax.plot(s, s, color=descent.plot.style.REFERENCE, ls="--", lw=0.8)
ax.set_xlim(0, 1.25)
ax.set_ylim(0, 1.3)
ax.set_xlabel("$s$")
ax.set_ylabel("$p(s)$")
stairs = [ax.plot([], [], color=shades[i], lw=1.0)[0] for i in range(4)]
dots = ax.scatter(sv[0], np.zeros(4), c=shades, s=22, zorder=3)

bars = bx.bar(np.arange(4), sv[0], color=shades, width=0.7)
bx.axhline(1.0, color=descent.plot.style.REFERENCE, ls="--", lw=0.8)
bx.text(3.45, 1.03, r"$UV^\top$", ha="right", va="bottom", fontsize=10)
bx.text(
    1.5, 1.215, "the band $p$ maps into itself", ha="center", va="bottom", color=muon, fontsize=9
)
bx.set_xticks(np.arange(4), [rf"$\sigma_{i + 1}$" for i in range(4)])
bx.set_ylim(0, 1.3)
bx.set_ylabel("singular value")
label = bx.set_title("after 0 steps", fontsize=10)

SUB = 6  # frames per iteration: the values glide from s to p(s)
frames = np.arange(5 * SUB + 1 + SUB)  # and rest on the last step


def update(frame):
    k, f = divmod(min(frame, 5 * SUB), SUB)
    now = sv[k] if k == 5 else sv[k] + (sv[k + 1] - sv[k]) * (f / SUB)
    for i, line in enumerate(stairs):  # the staircase s_0 -> p(s_0) -> ... so far
        xs, ys = [sv[0, i]], [0.0]
        for j in range(min(k, 5)):
            xs += [sv[j, i], sv[j + 1, i]]
            ys += [sv[j + 1, i], sv[j + 1, i]]
        line.set_data(xs, ys)
    dots.set_offsets(np.column_stack([now, np.zeros(4)]))
    for bar, h in zip(bars, now):
        bar.set_height(h)
    label.set_text(f"after {k + (f > 0) if k < 5 else 5} steps")
    return [*stairs, dots, *bars, label]


anim = descent.plot.TrajectoryAnimation(fig, update, frames, [*stairs, dots, *bars, label], fps=6)
plt.show()
