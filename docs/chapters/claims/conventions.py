"""Numbers the conventions chapter quotes: five pairs and two more, newer rules, weight decay."""

from functools import lru_cache

import numpy as np

import descent
from descent.problems import LinearRegression
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


# -- the newer rules: conventions of NAdam, RAdam, Adadelta, Lion, Muon, Adafactor, L-BFGS, ------
# -- ASGD and schedule-free, each pair on a surface (the other form by hand where descent lacks it)


def _radam(threshold, lr):
    """RAdam by hand, adaptive once rho_t > ``threshold`` (torch: 5; Liu et al.'s paper: 4)."""
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    rho_inf = 2 / (1 - beta2) - 1

    def step(th, g, state, t):
        m, v, c1, c2 = _adam_moments(*state, g, t, beta1, beta2)
        n = t + 1
        rho = rho_inf - 2 * n * beta2**n / c2
        if rho > threshold:
            r = np.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
            update = (m / c1) * r * np.sqrt(c2) / (np.sqrt(v) + eps)
        else:
            update = m / c1
        return th - lr * update, (m, v)

    return step


def _nadam_optax(lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """optax's ``nadam``: Nesterov's look-ahead with the constant momentum β1, no schedule."""

    def step(th, g, state, t):
        m, v, c1, c2 = _adam_moments(*state, g, t, beta1, beta2)
        m_hat = beta1 * m / (1 - beta1 ** (t + 2)) + (1 - beta1) * g / c1
        return th - lr * m_hat / (np.sqrt(v / c2) + eps), (m, v)

    return step


def nadam_mu(t, beta1=0.9, psi=0.004):
    """torch's (and Keras's) NAdam momentum coefficient at update ``t``: β1(1 − ½ 0.96^{tψ})."""
    return beta1 * (1 - 0.5 * 0.96 ** (t * psi))


EPS64 = float(np.finfo(float).eps)  # torch's default eps1 for float64


def _adafactor_absolute(lr, beta2_decay=-0.8, eps1=EPS64, d=1.0):
    """Adafactor with an absolute step, ``lr`` times the clipped update (Hugging Face's
    ``relative_step=False, scale_parameter=False``), on a vector, with torch's floor of V."""

    def step(th, g, v, t):
        beta2_t = 1 - (t + 1) ** beta2_decay
        v = beta2_t * v + (1 - beta2_t) * g * g
        u = g / np.sqrt(np.maximum(v, eps1**2))
        u_hat = u / max(1.0, float(np.sqrt(np.mean(u * u))) / d)
        return th - lr * u_hat, v

    return step


#: Lion against AdamW with AdamW's rate: the figure's steps and rate
LION_STEPS, LION_LR = 500, 0.3


#: weight shapes (rows, columns) of common layers, torch's (out_features, in_features)
MUON_SHAPES = {
    "GPT-2 small, attention": (768, 768),
    "GPT-2 small, MLP in": (3072, 768),
    "GPT-2 small, MLP out": (768, 3072),
    "Llama 7B, attention": (4096, 4096),
    "Llama 7B, MLP in": (11008, 4096),
}


def muon_factor(adjust_lr_fn, rows, cols):
    """The factor torch.optim.Muon multiplies the rate by: √max(1, m/n), or 0.2 √max(m, n)."""
    if adjust_lr_fn == "original":
        return float(np.sqrt(max(1.0, rows / cols)))
    return float(0.2 * np.sqrt(max(rows, cols)))


def _muon_step(adjust_lr_fn, grad, lr=0.01):
    """One Muon update from 0 with no momentum or decay: lr × factor × Newton–Schulz(grad)."""
    opt = descent.Muon(lr=lr, beta=0.0, weight_decay=0.0, nesterov=False, adjust_lr_fn=adjust_lr_fn)
    zero = np.zeros_like(grad)
    return -opt.step(zero, grad, opt.init(zero))[0] / lr


@lru_cache
def newer_pairs():
    """The second table: a convention of each newer rule, the two forms' gap on a surface."""
    out = {}
    zeros = (np.zeros(2), np.zeros(2))

    # RAdam: the adaptive step once rho_t > 5 (torch) or rho_t > 4 (the paper's Algorithm 2)
    lr = 0.01
    torch_radam = descent.run(descent.RAdam(lr=lr), BOWL, START, STEPS).path
    out["radam_by_hand"] = _gap(_loop(_radam(5, lr), zeros), torch_radam)
    out["radam"] = _gap(_loop(_radam(4, lr), zeros), torch_radam)
    rho_inf = 2 / (1 - 0.999) - 1
    rho = {t: rho_inf - 2 * t * 0.999**t / (1 - 0.999**t) for t in (5, 6)}
    out["radam_rho5"], out["radam_rho6"] = rho[5], rho[6]
    r5 = np.sqrt((rho[5] - 4) * (rho[5] - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho[5]))
    out["radam_r5"] = float(r5)

    # NAdam: torch's and Keras's warming μ_t against optax's constant μ = β1
    lr = 0.3
    optax_path = _loop(_nadam_optax(lr), zeros)
    out["nadam"] = _gap(optax_path, descent.run(descent.NAdam(lr=lr), BOWL, START, STEPS).path)
    # torch's with ψ so large that 0.96^{tψ} is 0: μ_t = β1, optax's form (ψ = 0 is not it)
    big_psi = descent.run(descent.NAdam(lr=lr, momentum_decay=1e6), BOWL, START, STEPS).path
    out["nadam_translated"] = _gap(optax_path, big_psi)
    zero_psi = descent.run(descent.NAdam(lr=lr, momentum_decay=0.0), BOWL, START, STEPS).path
    out["nadam_zero_psi"] = _gap(optax_path, zero_psi)
    out["nadam_mu_1"] = nadam_mu(1)
    out["nadam_mu_1000"] = nadam_mu(1000)
    out["nadam_g_weight_1000"] = 1 - nadam_mu(1000)  # the current gradient's term in m̂
    # updates before μ_t reaches 0.8 (of β1 = 0.9): 0.96^{tψ} ≤ 2(1 − 0.8/0.9)
    out["nadam_steps_to_08"] = int(np.ceil(np.log(2 * (1 - 0.8 / 0.9)) / (0.004 * np.log(0.96))))

    # Signum: the sign of the average m = βm + (1 − β)g or of the sum v = βv + g, one path
    lr, beta = 0.1, 0.9
    summed = _loop(lambda th, g, v, t: (th - lr * np.sign(beta * v + g), beta * v + g), np.zeros(2))
    out["signum"] = _gap(
        summed, descent.run(descent.Signum(lr=lr, beta=beta), BOWL, START, STEPS).path
    )

    # Adadelta: Zeiler's rule has no rate (torch's lr = 1); Keras's learning_rate defaults to 1e-3
    n = 200
    torch_ad = descent.run(descent.Adadelta(), BOWL, START, n).path
    keras_ad = descent.run(descent.Adadelta(lr=1e-3), BOWL, START, n).path
    out["adadelta_moved_torch"] = float(np.linalg.norm(torch_ad[-1] - START))
    out["adadelta_moved_keras"] = float(np.linalg.norm(keras_ad[-1] - START))
    out["adadelta_ratio"] = out["adadelta_moved_torch"] / out["adadelta_moved_keras"]
    out["adadelta_steps"] = n

    # Lion with AdamW's rate: every Lion step is α per coordinate, so it circles at about α
    n, lr = LION_STEPS, LION_LR  # the figure's
    adamw = descent.run(descent.AdamW(lr=lr, weight_decay=0.0), BOWL, START, n)
    lion = descent.run(descent.Lion(lr=lr), BOWL, START, n)
    lion_own = descent.run(descent.Lion(lr=lr / 10), BOWL, START, n)
    out["lion_steps"], out["lion_lr"] = n, lr
    out["lion_loss_adamw"] = float(adamw.loss[-1])
    out["lion_loss_copied"] = float(lion.loss[-1])
    out["lion_loss_own"] = float(lion_own.loss[-1])
    out["lion_step_copied"] = float(np.abs(np.diff(lion.path[-50:], axis=0)).mean() / lr)
    out["lion_step_adamw"] = float(np.abs(np.diff(adamw.path[-50:], axis=0)).mean() / lr)
    out["lion_distance_copied"] = float(np.abs(lion.path[-1]).max())
    out["lion_distance_own"] = float(np.abs(lion_own.path[-1]).max())

    # Muon: the rate's factor for the matrix's shape, torch's "original" or "match_rms_adamw"
    out["muon_factors"] = {
        name: {
            "original": muon_factor("original", *shape),
            "match_rms_adamw": muon_factor("match_rms_adamw", *shape),
            "ratio": muon_factor("match_rms_adamw", *shape) / muon_factor("original", *shape),
        }
        for name, shape in MUON_SHAPES.items()
    }
    rng = np.random.default_rng(0)
    measured = {}
    for shape in ((64, 16), (16, 64), (32, 32)):
        g = rng.standard_normal(shape)
        original, match = _muon_step("original", g), _muon_step("match_rms_adamw", g)
        measured[shape] = {
            "ratio": float(np.abs(match).sum() / np.abs(original).sum()),
            "formula": muon_factor("match_rms_adamw", *shape) / muon_factor("original", *shape),
            "rms_match": float(np.sqrt(np.mean(match**2))),
        }
    out["muon_measured"] = measured

    # Adafactor: torch's relative step, min(lr, 1/√t) max(ε2, RMS(θ)), against an absolute lr
    lr = 0.01
    torch_af = descent.run(descent.Adafactor(lr=lr), BOWL, START, STEPS).path
    absolute = _loop(_adafactor_absolute(lr), np.zeros(2))
    out["adafactor"] = _gap(absolute, torch_af)
    out["adafactor_first_ratio"] = float(
        np.abs(torch_af[1] - START).max() / np.abs(absolute[1] - START).max()
    )
    out["adafactor_rms_start"] = float(np.sqrt(np.mean(START**2)))

    # L-BFGS: torch's default takes the step lr = 1 along the direction, with no line search
    rosenbrock, rstart, n = ALL["rosenbrock"], np.array([-1.2, 1.0]), 40
    fixed = descent.run(descent.LBFGS(), rosenbrock, rstart, n)
    wolfe = descent.run(descent.LBFGS(line_search_fn="strong_wolfe", max_eval=25), rosenbrock,
                        rstart, n)  # fmt: skip
    out["lbfgs_steps"] = n
    out["lbfgs_loss_fixed"] = float(fixed.loss[-1])
    out["lbfgs_loss_wolfe"] = float(wolfe.loss[-1])
    g1 = rosenbrock.grad(rstart)
    out["lbfgs_first_step"] = float(np.linalg.norm(fixed.path[1] - rstart))
    out["lbfgs_first_expected"] = float(np.linalg.norm(g1) / np.abs(g1).sum())

    # ASGD: torch's default t0 = 10⁶, so a shorter run never averages; from the start it does
    n = 200
    late = descent.run(descent.ASGD(lr=0.02), BOWL, START, n, record_state=True)
    early = descent.run(descent.ASGD(lr=0.02, t0=0.0), BOWL, START, n, record_state=True)
    out["asgd_steps"] = n
    out["asgd_default_gap"] = _gap(late.states.ax[-1], late.path[-1])
    out["asgd_loss_last"] = float(late.loss[-1])
    out["asgd_loss_averaged"] = float(BOWL(early.states.ax[-1]))

    # schedule-free: evaluate x (the average), not y (the point the gradients are taken at)
    problem = LinearRegression.synthetic(n=200, seed=0)
    best = float(problem(problem.minima[0]))
    for key, opt in (
        ("sf_sgd", descent.ScheduleFreeSGD(lr=0.1)),
        ("sf_adamw", descent.ScheduleFreeAdamW(lr=0.05)),
    ):
        traj = descent.run_stochastic(opt, problem, np.zeros(2), 20, 10, record_state=True)
        at_x = float(problem(opt.eval_params(traj.states)[-1])) - best
        at_y = float(traj.loss[-1]) - best
        out[key] = {"y": at_y, "x": at_x, "ratio": at_y / at_x}
    out["sf_epochs"], out["sf_batch"], out["sf_n"] = 20, 10, 200
    return out
