"""Numbers the conventions chapter quotes: five pairs of conventions and two more, weight decay."""

from functools import lru_cache

import numpy as np

import descent
from descent.schedules import ExponentialLR
from descent.surfaces import ALL, Quadratic

BOWL = ALL["elongated"]  # ½(x² + 25 y²), as in the five-pairs figure
START = np.array([-5.0, 2.0])
STEPS = 60


def _loop(step, state, surface=BOWL, n=STEPS, start=START):
    """Run an update written out by hand: ``step(theta, g, state, t) -> theta, state``."""
    theta, path = start.copy(), [start.copy()]
    for t in range(n):
        theta, state = step(theta, surface.grad(theta), state, t)
        path.append(theta)
    return np.array(path)


def _gap(a, b):
    return float(np.abs(a - b).max())


@lru_cache
def pairs():
    """Largest gap between each pair of conventions over 60 steps on the bowl (the table's rows)."""
    lr, beta = 0.1, 0.9
    out = {}
    # 1. the EMA form v = βv + (1-β)g, v0 = 0, with α is torch's v = βv + g with α(1-β)
    ema = _loop(
        lambda th, g, v, t: (th - lr * (beta * v + (1 - beta) * g), beta * v + (1 - beta) * g),
        np.zeros(2),
    )
    torch_form = descent.run(descent.Momentum(lr=lr * (1 - beta), beta=beta), BOWL, START, STEPS)
    out["ema"] = _gap(ema, torch_form.path)

    # 2. α inside the velocity, u = βu + α_t g, θ -= u, against torch's v = βv + g, θ -= α_t v
    def inside(schedule):
        return _loop(
            lambda th, g, u, t: (th - (beta * u + schedule(t) * g), beta * u + schedule(t) * g),
            np.zeros(2),
        )

    constant, decaying = (lambda t: 0.03), ExponentialLR(0.03, gamma=0.95)
    out["alpha_constant"] = _gap(
        inside(constant), descent.run(descent.Momentum(lr=0.03, beta=beta), BOWL, START, STEPS).path
    )
    out["alpha_schedule"] = _gap(
        inside(decaying),
        descent.run(descent.Momentum(lr=decaying, beta=beta), BOWL, START, STEPS).path,
    )

    # 3. ε inside the root against outside (RMSProp), gradients ~ √ε (scaled bowl) and ≫ √ε
    eps = 1e-2

    def eps_pair(surface):
        ms = lambda s, g: 0.99 * s + 0.01 * g * g  # noqa: E731
        in_root = _loop(
            lambda th, g, s, t: (th - 0.1 * g / np.sqrt(ms(s, g) + eps), ms(s, g)),
            np.zeros(2),
            surface=surface,
        )
        return _gap(
            in_root, descent.run(descent.RMSProp(lr=0.1, eps=eps), surface, START, STEPS).path
        )

    small = Quadratic(1e-3 * BOWL.A, extent=BOWL.extent)
    out["eps_small_gradients"] = eps_pair(small)
    out["eps_large_gradients"] = eps_pair(BOWL)
    out["grad_small"] = float(np.abs(small.grad(START)).max())
    out["grad_large"] = float(np.abs(BOWL.grad(START)).min())
    out["sqrt_eps"] = float(np.sqrt(eps))

    # 4. L2 in the gradient (Adam) against decoupled decay (AdamW)
    lam = 0.5
    l2 = Quadratic(BOWL.A + lam * np.eye(2), extent=BOWL.extent)
    out["weight_decay"] = _gap(
        descent.run(descent.Adam(lr=0.3), l2, START, STEPS).path,
        descent.run(descent.AdamW(lr=0.3, weight_decay=lam), BOWL, START, STEPS).path,
    )
    # 5. bias correction off against on: the first step, per coordinate, in units of α
    off = descent.run(descent.Adam(lr=0.3, bias_correction=False), BOWL, START, STEPS).path
    on = descent.run(descent.Adam(lr=0.3), BOWL, START, STEPS).path
    out["bias_correction"] = _gap(off, on)
    out["first_step_off"] = float(np.abs(off[1] - off[0]).max() / 0.3)
    out["first_step_on"] = float(np.abs(on[1] - on[0]).max() / 0.3)
    return out


def _adam_moments(m, v, g, t, beta1=0.9, beta2=0.999):
    """Adam's moments after gradient ``g`` at update ``t`` (from 0), and their corrections."""
    m, v = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g * g
    return m, v, 1 - beta1 ** (t + 1), 1 - beta2 ** (t + 1)


@lru_cache
def more_pairs(lr=0.3, lam=0.5, eps=1e-2):
    """Two conventions of Adam that the figure does not draw: λ in AdamW, ε in Adam.

    * AdamW as Loshchilov & Hutter's Algorithm 2 writes it, θ ← θ − η_t(α m̂/(√v̂ + ε) + λθ)
      with η_t the schedule multiplier (here 1): its λ is torch's αλ.
    * Adam as Keras 3 writes it, θ ← θ − α √(1 − β2^t)/(1 − β1^t) · m/(√v + ε̂): torch's form
      with ε = ε̂/√(1 − β2^t), on the bowl of the ε panel, scaled down a thousandfold.
    """
    out, zeros = {}, (np.zeros(2), np.zeros(2))

    def paper(lam_paper, eta=1.0):
        def step(th, g, state, t):
            m, v, c1, c2 = _adam_moments(*state, g, t)
            return th - eta * (lr * (m / c1) / (np.sqrt(v / c2) + 1e-8) + lam_paper * th), (m, v)

        return step

    torch_adamw = descent.run(descent.AdamW(lr=lr, weight_decay=lam), BOWL, START, STEPS).path
    out["decay_units"] = _gap(_loop(paper(lr * lam), zeros), torch_adamw)  # λ_paper = αλ
    out["decay_untranslated"] = _gap(_loop(paper(lam), zeros), torch_adamw)  # λ copied as is

    small = Quadratic(1e-3 * BOWL.A, extent=BOWL.extent)

    def keras(th, g, state, t):
        m, v, c1, c2 = _adam_moments(*state, g, t)
        return th - lr * np.sqrt(c2) / c1 * m / (np.sqrt(v) + eps), (m, v)

    def torch_form(th, g, state, t):  # torch's form with ε/√(1 − β2^t): the same path
        m, v, c1, c2 = _adam_moments(*state, g, t)
        return th - lr * (m / c1) / (np.sqrt(v / c2) + eps / np.sqrt(c2)), (m, v)

    keras_path = _loop(keras, zeros, surface=small)
    out["eps_adam"] = _gap(
        keras_path, descent.run(descent.Adam(lr=lr, eps=eps), small, START, STEPS).path
    )
    out["eps_adam_translated"] = _gap(keras_path, _loop(torch_form, zeros, surface=small))
    out["eps_adam_first_factor"] = float(1 / np.sqrt(1 - 0.999))  # ε/√(1 − β2) at t = 1
    return out


# -- weight decay: Adam with L2 against AdamW, on ½(x - 3)² + 50(y - 3)² ----------------------
LAM, LR = 0.1, 0.05
A = np.diag([1.0, 100.0])
B = A @ np.array([3.0, 3.0])
F = Quadratic(A, B)
F_L2 = Quadratic(A + LAM * np.eye(2), B)
WD_START = np.array([0.5, 0.5])


def shrink(point):
    """How far short of the minimum (3, 3) each coordinate is, as a fraction of 3."""
    return 1 - np.asarray(point) / 3


@lru_cache
def weight_decay(steps=(1500, 3000, 7500)):
    """End points after 1500 steps, and AdamW's shrinkage after longer runs."""
    l2 = descent.run(descent.Adam(lr=LR), F_L2, WD_START, steps=steps[0]).final
    adamw = descent.run(
        descent.AdamW(lr=LR, weight_decay=LAM), F, WD_START, steps=steps[-1], record_state=True
    )
    asym = descent.run(
        descent.AdamW(lr=LR, weight_decay=LAM), F, np.array([0.5, 2.0]), steps=steps[0]
    ).final
    # at the end point: the gradient left is -λθ(√v̂ + ε), λθ times the remembered RMS gradient
    v = adamw.states.v if hasattr(adamw.states, "v") else adamw.states[1]
    rms = {n: np.sqrt(v[n] / (1 - 0.999**n)) for n in steps}
    grad = {n: F.grad(adamw.path[n]) for n in steps}
    gd_l2 = descent.run(descent.GradientDescent(lr=0.01), F_L2, WD_START, steps=3000).final
    return {
        "l2": l2,
        "gd_l2": gd_l2,  # gradient descent on the same penalised loss: the same end point
        "l2_minimum": F_L2.minima[0],
        "l2_shrink": shrink(l2),
        "adamw": adamw.path[steps[0]],
        "adamw_shrink": {n: float(shrink(adamw.path[n])[0]) for n in steps},
        "adamw_moving": float(np.abs(adamw.path[steps[0]] - adamw.path[steps[0] - 200]).max()),
        "asym_shrink": shrink(asym),
        "rms": {n: rms[n] for n in steps},
        "grad": grad,
        "balance": {n: -LAM * adamw.path[n] * rms[n] for n in steps},
    }


@lru_cache
def gd_l2_vs_decay(lr=0.005, steps=200):
    """The exercise: GD on f + λ/2|θ|² against θ ← (1-αλ)θ - α∇f by hand, largest gap."""
    path = descent.run(descent.GradientDescent(lr=lr), F_L2, WD_START, steps=steps).path
    theta, gap = WD_START.copy(), 0.0
    for t in range(steps):
        theta = (1 - lr * LAM) * theta - lr * F.grad(theta)
        gap = max(gap, float(np.abs(theta - path[t + 1]).max()))
    return {"gap": gap, "steps": steps}
