"""Numbers quoted by the chapter on Adam's family (AMSGrad, Adamax, NAdam, RAdam)."""

import math
from functools import lru_cache

import numpy as np

import descent
from descent.schedules import LambdaLR, LinearLR
from descent.surfaces import ALL

from . import adam

# -- the online counterexample (Reddi, Kale & Kumar, 2018) ------------------------------------

#: The C's of the counterexample, run side by side (one coordinate each); any C > 2 works.
CS = (3.0, 5.0, 10.0)
#: The C drawn in the figures.
C_SHOWN = 10.0
#: α of the decaying rate α_t = α / √t of the paper's analysis.
ALPHA = 0.1
#: Updates of each run: 1000 periods of three.
STEPS = 3000
#: Where every run starts: the middle of the interval.
START = 0.0


def inverse_sqrt(alpha=ALPHA):
    """The rate α_t = α / √t (t = 1, 2, ...: descent counts updates from 0)."""
    return LambdaLR(alpha, lambda t: 1 / np.sqrt(t + 1))


def paper_beta2(c):
    """β₂ = 1 / (1 + C²), the value of the paper's Theorem 1."""
    return 1 / (1 + np.asarray(c, dtype=float) ** 2)


def online_gradient(c, t):
    """The gradient of f_t at any x: C when t mod 3 = 1, −1 otherwise (t = 1, 2, ...)."""
    c = np.asarray(c, dtype=float)
    return c if t % 3 == 1 else -np.ones_like(c)


def online_run(opt, c, steps=STEPS, start=START, gradients=None):
    """Play the online game on [−1, 1]: at each t the optimizer steps on f_t's gradient and the
    point is projected back onto the interval (the projection is part of the online setting).

    ``c`` is an array of C's, one coordinate each, and the hyperparameters of ``opt`` may be
    arrays of its shape: every setting runs in one vectorised ``opt.step``. ``gradients(t)``
    replaces the periodic sequence (the stochastic version). Returns the points played
    ``x_1 … x_{T+1}`` (shape ``(T + 1, len(c))``), the gradients ``g_1 … g_T`` and the
    optimizer's states after each update.
    """
    c = np.asarray(c, dtype=float)
    x = np.full(c.shape, float(start))
    state = opt.init(x)
    path, grads, states = [x], [], []
    for t in range(1, steps + 1):
        g = online_gradient(c, t) if gradients is None else gradients(t)
        x, state = opt.step(x, g, state)
        x = np.clip(x, -1.0, 1.0)  # the projection onto the feasible set [−1, 1]
        path.append(x)
        grads.append(g)
        states.append(state)
    return np.array(path), np.array(grads), states


def average_regret(path, grads):
    """R_t / t for t = 1 … T: the loss of the points played, f_s(x_s) = g_s x_s, minus that of
    the best fixed point of [−1, 1] in hindsight, −|Σ g_s|, over t."""
    played = np.cumsum(grads * path[:-1], axis=0)
    best = -np.abs(np.cumsum(grads, axis=0))
    t = np.arange(1, len(grads) + 1).reshape((-1,) + (1,) * (grads.ndim - 1))
    return (played - best) / t


def counterexample_opts(amsgrad, paper_betas=True, c=CS):
    """Adam or AMSGrad at the paper's β's (β₁ = 0, β₂ = 1/(1+C²), one per C) or torch's."""
    if paper_betas:
        return descent.Adam(lr=inverse_sqrt(), beta1=0.0, beta2=paper_beta2(c), amsgrad=amsgrad)
    return descent.Adam(lr=inverse_sqrt(), amsgrad=amsgrad)


@lru_cache
def counterexample_runs(paper_betas=True):
    """Adam's and AMSGrad's runs for every C of ``CS``: paths, gradients, average regret."""
    out = {}
    for name, amsgrad in (("adam", False), ("amsgrad", True)):
        path, grads, states = online_run(counterexample_opts(amsgrad, paper_betas), CS)
        out[name] = {
            "path": path,
            "regret": average_regret(path, grads),
            "grads": grads,
            "states": states,
        }
    return out


def _cycle_push(opt, states, grads, cycle):
    """The signed step over α_t, −g_t / (√v̂_t + ε), summed over the three updates of a
    period (``cycle`` = 0 for t = 1, 2, 3): where the period pushes x, at unit rate."""
    push = 0.0
    for t in range(3 * cycle + 1, 3 * cycle + 4):
        rate = opt.effective_lr(states[t - 1]) / opt.learning_rate(t - 1)
        push = push - grads[t - 1] * rate
    return push


@lru_cache
def counterexample_numbers():
    """Where Adam and AMSGrad end, their average regret, and the push of a late period."""
    out = {"cs": list(CS), "steps": STEPS, "alpha": ALPHA, "start": START}
    for paper, tag in ((True, "paper"), (False, "default")):
        runs = counterexample_runs(paper)
        for name, run in runs.items():
            final = run["path"][-1]
            out[f"{name}_{tag}_final"] = [float(v) for v in final]
            out[f"{name}_{tag}_regret"] = [float(v) for v in run["regret"][-1]]
            # the average regret a third and two thirds of the way: falling, or not
            out[f"{name}_{tag}_regret_third"] = [float(v) for v in run["regret"][STEPS // 3 - 1]]
            # the last time x was further than 0.05 from where it ends
            far = np.abs(run["path"] - final) > 0.05
            out[f"{name}_{tag}_settled"] = [
                int(np.flatnonzero(far[:, i]).max() + 1) if far[:, i].any() else 0
                for i in range(len(CS))
            ]
    # at torch's β's: the two runs, point for point, and whether Adam's v ever fell
    default = counterexample_runs(False)
    out["default_gap"] = float(np.abs(default["adam"]["path"] - default["amsgrad"]["path"]).max())
    v = np.array([s.v for s in default["adam"]["states"]])
    out["default_v_falls"] = bool((np.diff(v, axis=0) < 0).any())
    paper = counterexample_runs(True)
    out["amsgrad_gap"] = float(np.abs(paper["amsgrad"]["path"][-1] + 1).max())
    # Adam at +1 plays Cx − x − x against −(C − 2) per period: 2(C − 2)/3 per update
    out["adam_limit_regret"] = [2 * (c - 2) / 3 for c in CS]
    i = CS.index(C_SHOWN)
    late = STEPS // 3 - 1
    for name, amsgrad in (("adam", False), ("amsgrad", True)):
        run = counterexample_runs(True)[name]
        opt = counterexample_opts(amsgrad)
        out[f"{name}_push"] = float(_cycle_push(opt, run["states"], run["grads"], late)[i])
    return out


def effective_rates(steps=12):
    """The figure of the effective rate: α/(√v̂_t + ε) over α_t, t = 1 … ``steps``, for Adam and
    AMSGrad at the paper's β's and C = ``C_SHOWN``; and v̂ itself."""
    i = CS.index(C_SHOWN)
    out = {"t": np.arange(1, steps + 1)}
    for name, amsgrad in (("adam", False), ("amsgrad", True)):
        run = counterexample_runs(True)[name]
        opt = counterexample_opts(amsgrad)
        out[name] = np.array(
            [
                (opt.effective_lr(run["states"][t - 1]) / opt.learning_rate(t - 1))[i]
                for t in range(1, steps + 1)
            ]
        )
    out["grads"] = counterexample_runs(True)["adam"]["grads"][:steps, i]
    return out


#: The stochastic version (Theorem 3): f_t = C x with probability p = (1 + δ)/(C + 1), else −x.
STOCHASTIC_C = 10.0
STOCHASTIC_DELTA = 1.0
STOCHASTIC_RUNS = 100


@lru_cache
def stochastic_numbers(runs=STOCHASTIC_RUNS, steps=STEPS, seed=0):
    """Adam and AMSGrad on the stochastic problem: ``runs`` independent gradient sequences side
    by side (the same ones for both), at the paper's β's. E f_t(x) = δ x: the optimum is −1."""
    c = np.full(runs, STOCHASTIC_C)
    p = (1 + STOCHASTIC_DELTA) / (STOCHASTIC_C + 1)
    draws = np.random.default_rng(seed).random((steps, runs)) < p
    out = {"c": STOCHASTIC_C, "p": p, "runs": runs, "steps": steps}
    for name, amsgrad in (("adam", False), ("amsgrad", True)):
        opt = descent.Adam(
            lr=inverse_sqrt(), beta1=0.0, beta2=float(paper_beta2(STOCHASTIC_C)), amsgrad=amsgrad
        )
        path, _, _ = online_run(
            opt, c, steps, gradients=lambda t: np.where(draws[t - 1], STOCHASTIC_C, -1.0)
        )
        final = path[-1]
        out[f"{name}_median"] = float(np.median(final))
        out[f"{name}_above_09"] = float(np.mean(final > 0.9))
        out[f"{name}_below_0"] = float(np.mean(final < 0))
        out[f"{name}_expected_loss"] = float(STOCHASTIC_DELTA * np.mean(final))
    return out


# -- Adamax: one huge gradient ----------------------------------------------------------------

#: The spike: a gradient of 1 at every update but one, ``SPIKE_SIZE`` at update ``SPIKE_AT``.
SPIKE_AT = 1000
SPIKE_SIZE = 100.0
SPIKE_STEPS = 6000


def spike_gradients(steps=SPIKE_STEPS, at=SPIKE_AT, size=SPIKE_SIZE):
    """g_t = 1 for every t but ``at``, where it is ``size``."""
    g = np.ones(steps)
    g[at - 1] = size
    return g


def step_sizes(opt, grads):
    """The step over α at each update, measured by stepping ``opt`` (``lr`` 1) on ``grads``."""
    x = np.zeros(1)
    state, sizes = opt.init(x), []
    for g in grads:
        new, state = opt.step(x, np.array([g]), state)
        sizes.append(float(x[0] - new[0]))
        x = new
    return np.array(sizes)


@lru_cache
def spike_numbers():
    """Adam's and Adamax's steps around the spike: at it, at their smallest, and how long
    until they are back to 90% of α."""
    g = spike_gradients()
    out = {"at": SPIKE_AT, "size": SPIKE_SIZE, "steps": SPIKE_STEPS}
    for name, opt in (("adam", descent.Adam(lr=1.0)), ("adamax", descent.Adamax(lr=1.0))):
        s = step_sizes(opt, g)
        after = s[SPIKE_AT - 1 :]  # from the spike on
        low = int(after.argmin())
        out[f"{name}_before"] = float(s[SPIKE_AT - 2])
        out[f"{name}_at"] = float(s[SPIKE_AT - 1])
        out[f"{name}_min"] = float(after.min())
        out[f"{name}_min_after"] = low
        out[f"{name}_max"] = float(s.max())
        back = np.flatnonzero(after[low:] >= 0.9)
        out[f"{name}_back_09"] = int(low + back[0]) if back.size else -1
    # Adamax's u forgets the spike when β₂^k · 100 falls to 1: k = ln 100 / −ln β₂
    out["adamax_forget"] = math.log(SPIKE_SIZE) / -math.log(0.999)
    return out


# -- NAdam: torch's momentum schedule and the look-ahead ---------------------------------------


def nadam_mu(t, beta1=0.9, psi=0.004):
    """torch's μ_t = β₁ (1 − ½ · 0.96^{tψ}), t = 1, 2, ..."""
    return beta1 * (1 - 0.5 * 0.96 ** (np.asarray(t, dtype=float) * psi))


#: The flip: a gradient of +1 for ``FLIP_AT`` updates, then −1.
FLIP_AT = 40
FLIP_STEPS = 70


def flip_gradients(steps=FLIP_STEPS, at=FLIP_AT):
    """g_t = +1 for t ≤ ``at``, −1 after."""
    return np.where(np.arange(1, steps + 1) <= at, 1.0, -1.0)


@lru_cache
def nadam_numbers():
    """μ_t at a few t, when it is within 1% of β₁; and how many updates after the gradient
    reverses Adam and NAdam still step the old way."""
    t = np.arange(1, 100_001)
    mu = nadam_mu(t)
    out = {
        "mu_1": float(mu[0]),
        "mu_100": float(mu[99]),
        "mu_1000": float(mu[999]),
        "mu_10000": float(mu[9999]),
        "mu_within_1pc": int(np.argmax(mu >= 0.99 * 0.9)) + 1,
        "flip_at": FLIP_AT,
    }
    g = flip_gradients()
    for name, opt in (("adam", descent.Adam(lr=1.0)), ("nadam", descent.NAdam(lr=1.0))):
        s = step_sizes(opt, g)
        after = s[FLIP_AT:]  # the updates with g = −1
        out[f"{name}_old_way"] = int(np.argmax(after < 0))  # steps still taken forwards
        out[f"{name}_before"] = float(s[FLIP_AT - 1])
        out[f"{name}_low"] = float(s[:FLIP_AT].min())  # its shortest step on g = +1
        out[f"{name}_low_t"] = int(s[:FLIP_AT].argmin()) + 1
    # the state that the measured μ's come from: torch's mu_product after one update
    opt = descent.NAdam(lr=1.0)
    _, state = opt.step(np.zeros(1), np.ones(1), opt.init(np.zeros(1)))
    out["mu_product_1"] = float(state.mu_product[0])
    return out


def flip_steps():
    """The figure's signed steps over α of Adam and NAdam on the flip."""
    g = flip_gradients()
    return {
        "g": g,
        "adam": step_sizes(descent.Adam(lr=1.0), g),
        "nadam": step_sizes(descent.NAdam(lr=1.0), g),
    }


# -- RAdam: the rectification against warmup ---------------------------------------------------


def radam_rho(t, beta2=0.999):
    """rho_inf and rho_t = rho_inf − 2 t β₂^t / (1 − β₂^t)."""
    t = np.asarray(t, dtype=float)
    rho_inf = 2 / (1 - beta2) - 1
    return rho_inf, rho_inf - 2 * t * beta2**t / (1 - beta2**t)


def radam_r(t, beta2=0.999):
    """The rectification r_t where rho_t > 5, and nan where RAdam takes momentum's step."""
    rho_inf, rho = radam_rho(t, beta2)
    with np.errstate(invalid="ignore"):
        r = np.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
    return np.where(rho > 5, r, np.nan)


#: The warmup RAdam is compared with: linear over 2 / (1 − β₂) updates (Ma & Yarats, 2021).
WARMUP_STEPS = 2000


def linear_warmup(t, steps=WARMUP_STEPS):
    """The factor of a linear warmup over ``steps`` updates, t = 1, 2, ..., as descent's
    ``LinearLR(1, start_factor=1/steps, total_iters=steps - 1)``."""
    sched = LinearLR(1.0, start_factor=1 / steps, total_iters=steps - 1)
    return sched.values(int(np.max(t)))[np.asarray(t) - 1]


def _first(mask):
    return int(np.argmax(mask)) + 1 if mask.any() else -1


@lru_cache
def radam_numbers(beta2=0.999, horizon=20_000):
    """rho_inf, the first adaptive update, when r_t passes 0.5, 0.9 and 0.99, the same for the
    warmup; and the steps RAdam takes, measured, on a constant gradient of 2."""
    t = np.arange(1, horizon + 1)
    rho_inf, rho = radam_rho(t, beta2)
    r = radam_r(t, beta2)
    w = linear_warmup(t)
    out = {"rho_inf": float(rho_inf), "first_adaptive": _first(rho > 5), "beta2": beta2}
    out["r_first"] = float(r[out["first_adaptive"] - 1])
    for level in (0.5, 0.9, 0.99):
        tag = f"{round(level * 100)}"
        out[f"r_{tag}"] = _first(np.nan_to_num(r) >= level)
        out[f"warmup_{tag}"] = _first(w >= level)
    # r against the warmup factor: where r is the larger of the two
    out["r_above_warmup_from"] = _first(np.nan_to_num(r) > w)
    out["r_below_warmup_again"] = _first((t > out["r_above_warmup_from"]) & (np.nan_to_num(r) < w))
    s = step_sizes(descent.RAdam(lr=1.0), np.full(8, 2.0))
    out["steps_g2"] = [float(v) for v in s]
    s_adam = step_sizes(descent.Adam(lr=1.0), np.full(8, 2.0))
    out["adam_steps_g2"] = [float(v) for v in s_adam]
    return out


def rectification_curves(horizon=6000, beta2=0.999):
    """The figure: t, r_t (nan while rho_t ≤ 5) and the warmup factor."""
    t = np.arange(1, horizon + 1)
    return {"t": t, "r": radam_r(t, beta2), "warmup": linear_warmup(t)}


@lru_cache
def rosenbrock_radam(lr=0.05, steps=300):
    """RAdam at the Adam chapter's α on Rosenbrock from (−1.5, 2.5): its first steps."""
    start = np.array([-1.5, 2.5])
    surface = ALL["rosenbrock"]
    traj = descent.run(descent.RAdam(lr=lr), surface, start, steps)
    adam = descent.run(descent.Adam(lr=lr), surface, start, steps)
    return {
        "diverged": bool(traj.diverged),
        "diverged_at": int(traj.diverged_at),
        "first_step": float(np.linalg.norm(traj.path[1] - start)),
        "adam_first_step": float(np.linalg.norm(adam.path[1] - start)),
        "grad_norm": float(np.linalg.norm(surface.grad(start))),
        "adam_diverged": bool(adam.diverged),
    }


# -- all five on one surface ------------------------------------------------------------------

SURFACE = "himmelblau"
SURFACE_START = (0.0, 0.0)
SURFACE_LR = 0.05
SURFACE_STEPS = 150
#: The five, by the names the chapter gives them.
FIVE = ("Adam", "AMSGrad", "Adamax", "NAdam", "RAdam")


def five(lr=SURFACE_LR):
    """Adam, AMSGrad, Adamax, NAdam and RAdam at one rate (torch's other defaults)."""
    return {
        "Adam": descent.Adam(lr=lr),
        "AMSGrad": descent.Adam(lr=lr, amsgrad=True),
        "Adamax": descent.Adamax(lr=lr),
        "NAdam": descent.NAdam(lr=lr),
        "RAdam": descent.RAdam(lr=lr),
    }


@lru_cache
def surface_numbers(tol=1e-3):
    """The five from one start: updates to a loss of ``tol``, final loss, first step lengths."""
    surface = ALL[SURFACE]
    start = np.array(SURFACE_START)
    out = {"tol": tol, "lr": SURFACE_LR, "steps": SURFACE_STEPS}
    for name, opt in five().items():
        traj = descent.run(opt, surface, start, SURFACE_STEPS)
        lengths = np.linalg.norm(np.diff(traj.path, axis=0), axis=1)
        out[name] = {
            "steps_to": int(traj.steps_to(tol)),
            "final_loss": float(traj.loss[-1]),
            "first_step": float(lengths[0]),
            "longest_first_5": float(lengths[:5].max()),
            "step_6": float(lengths[5]),
            "diverged": bool(traj.diverged),
        }
    return out


# -- agreement with torch.optim ---------------------------------------------------------------


def torch_agreement(name, amsgrad=False):
    """Largest relative gap between ``descent.<name>`` and the recorded ``torch.optim`` steps
    (``amsgrad``: only Adam's runs with it on), as the Adam chapter measures it."""
    return adam.torch_agreement(name, amsgrad)


@lru_cache
def exercise_numbers(beta2=0.999):
    """rho_inf and the first update at which RAdam uses its adaptive step, for ``beta2``, from the
    formulas; and the same first update measured by stepping ``descent.RAdam``."""
    rho_inf, _ = radam_rho(1, beta2)
    t = np.arange(1, 50)
    _, rho = radam_rho(t, beta2)
    first = _first(rho > 5)
    # measured: RAdam's step on a constant gradient of 2 stops being α·2 at the first adaptive one
    s = step_sizes(descent.RAdam(lr=1.0, beta2=beta2), np.full(12, 2.0))
    measured = _first(~np.isclose(s, 2.0))
    return {
        "rho_inf": float(rho_inf),
        "first": first,
        "measured": measured,
        "rho_5": float(rho[4]),
        "rho_6": float(rho[5]),
    }
