"""Numbers quoted by the curvature chapter (Newton's method, L-BFGS, and Adam's diagonal)."""

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

import descent
from descent.optimizers.lbfgs import two_loop
from descent.surfaces import ALL, Quadratic, Surface

TOL = 1e-10  # "to 1e-10": an excess loss at most this, from that step to the end of the run
BOWL_START = np.array([-5.0, 2.0])  # the elongated bowl's start, as in the earlier chapters
CONDITIONS = (1, 10, 100, 1000)  # κ of the bowls that one Newton step solves
TURN = np.pi / 6  # the bowls of the κ table are turned by 30°: H is not diagonal
ROSENBROCK = ALL["rosenbrock"]
ROSENBROCK_START = np.array([-1.2, 1.0])  # the classic start (Nocedal & Wright, exercise 3.1)
#: the search's evaluations: torch's default for its own max_iter = 20 (25 per step)
MAX_EVAL = 25
#: tolerances 0: the runs do not stop before 1e-10 (torch's defaults stop them near 4e-10)
NO_STOP = {"tolerance_grad": 0.0, "tolerance_change": 0.0}
#: the rates tried for gradient descent and Adam on Rosenbrock (each keeps its best)
GD_LRS = np.logspace(-4, -2, 9)
ADAM_LRS = np.logspace(-3, 0, 13)
GD_BUDGET, ADAM_BUDGET, FAST_BUDGET, RACE_BUDGET = 16000, 5000, 300, 80
SEARCH_BUDGET = 100  # the line search's runs: every one arrives within it
#: the L-BFGS rates of the line-search comparison
LBFGS_LRS = (0.1, 0.3, 1.0, 1.5, 2.0, 3.0)
#: the quadratic of the L-BFGS section: 10 dimensions, curvatures from 1 to 1000
DIM, KAPPA_LBFGS = 10, 1000.0
HISTORIES = (5, 10, 20)  # the last is the run of the figure
HISTORY_BUDGET = 400
DAMPINGS = (0.0, 1.0, 3.0)  # Newton's damping on Rosenbrock
SADDLE = ALL["saddle"]
SADDLE_STARTS = np.array([[1.0, 0.5], [0.5, 1.0], [-1.5, 0.2]])
ADAM_LR, ADAM_STEPS, ADAM_WINDOW = 0.1, 150, 50


def rotation(angle):
    """The 2×2 rotation by ``angle`` (radians)."""
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def turned_bowl(kappa, angle=TURN):
    """½ xᵀ R diag(1, κ) Rᵀ x: the elongated bowl turned by ``angle``."""
    R = rotation(angle)
    return Quadratic(R @ np.diag([1.0, float(kappa)]) @ R.T, name=f"turned κ = {kappa:g}")


def steps_to_stay(loss, tol=TOL):
    """The first update after which ``loss`` (a trajectory's, or a run's column of it) stays
    within ``tol`` of its minimum 0 to the end of the run (-1 if it is above at the end)."""
    loss = getattr(loss, "loss", loss)
    above = np.asarray(loss) > tol
    if above[-1]:
        return -1
    return int(np.flatnonzero(above).max() + 1) if above.any() else 0


def gd_steps_theory(kappa, loss0, tol=TOL):
    """Gradient descent at α = 2/(λ_min + λ_max) multiplies every error component by
    (κ − 1)/(κ + 1) in size, so the loss by its square: the steps to ``tol`` from ``loss0``."""
    if kappa == 1:
        return 1
    rate = ((kappa - 1) / (kappa + 1)) ** 2
    return int(np.ceil(np.log(tol / loss0) / np.log(rate)))


@lru_cache
def quadratic_numbers():
    """One Newton step against gradient descent at its best rate, per condition number."""
    out = {}
    for kappa in CONDITIONS:
        bowl = turned_bowl(kappa)
        start = rotation(TURN) @ BOWL_START
        newton = descent.run(descent.Newton(), bowl, start, 1)
        lr = 2 / (1 + kappa)
        gd = descent.run(descent.GradientDescent(lr=lr), bowl, start, 10 * int(kappa) + 100)
        out[kappa] = {
            "newton_steps": steps_to_stay(newton),
            "newton_error": float(np.linalg.norm(newton.final) / np.linalg.norm(start)),
            "gd_lr": lr,
            "gd_steps": steps_to_stay(gd),
            "gd_theory": gd_steps_theory(kappa, float(gd.loss[0])),
        }
    return out


@lru_cache
def saddle_numbers():
    """Undamped Newton on x² − y² lands on the saddle; a damping of 3 leaves it."""
    plain = descent.run(descent.Newton(), SADDLE, SADDLE_STARTS, 1)
    g = SADDLE.grad(SADDLE_STARTS)
    d = plain.final - plain.path[0]
    damped = descent.run(descent.Newton(damping=3.0), SADDLE, SADDLE_STARTS, 3)
    gd = descent.run(descent.GradientDescent(lr=0.05), SADDLE, SADDLE_STARTS, 3)
    k = 1  # the start (0.5, 1): below the saddle's value, so Newton climbs to it
    return {
        "landed": float(np.abs(plain.final).max()),
        "loss_before": float(plain.loss[0, k]),
        "loss_after": float(plain.loss[1, k]),
        "slope": float(g[k] @ d[k]),  # gᵀd > 0: the Newton step points uphill
        "damped_factor": float(damped.path[1, 0, 1] / damped.path[0, 0, 1]),
        "damped_y": [float(v) for v in damped.path[:, 0, 1]],
        "damped_away": bool(np.all(np.abs(damped.final[:, 1]) > np.abs(SADDLE_STARTS[:, 1]))),
        "gd_away": bool(np.all(np.abs(gd.final[:, 1]) > np.abs(SADDLE_STARTS[:, 1]))),
    }


@lru_cache
def tuned_rates():
    """Gradient descent's and Adam's best rates of their grids on Rosenbrock from (−1.2, 1):
    the rate whose run first gets within :data:`TOL` soonest, and whether it stays there."""
    out = {}
    for name, make, lrs, budget in (
        ("gd", descent.GradientDescent, GD_LRS, GD_BUDGET),
        ("adam", descent.Adam, ADAM_LRS, ADAM_BUDGET),
    ):
        starts = np.broadcast_to(ROSENBROCK_START, (len(lrs), 2))
        traj = descent.run(make(lrs[:, None]), ROSENBROCK, starts, budget)  # one run per rate
        first = traj.steps_to(TOL)
        reached = first >= 0
        # after its first visit below TOL, does the run stay there to the end of the budget?
        stays = np.array(
            [bool(r) and bool(np.all(traj.loss[f:, i] <= TOL)) for i, (f, r) in
             enumerate(zip(first, reached, strict=True))]
        )  # fmt: skip
        best = int(np.argmin(np.where(reached, first, budget + 1)))
        out[name] = {
            "lr": float(lrs[best]),
            "steps": int(first[best]),
            "stays": bool(stays[best]),
            "stays_at_any_rate": bool(stays.any()),
            "rebound": float(traj.loss[first[best] :, best].max()),  # highest loss afterwards
            "index": best,
            "n_rates": len(lrs),
            "budget": budget,
            "edges": (float(lrs[0]), float(lrs[-1])),
        }
    return out


def fast_optimizers():
    """The second-order rules of the Rosenbrock race, none of which stops before 1e-10."""
    return {
        "newton": descent.Newton(),
        "lbfgs_wolfe": descent.LBFGS(line_search_fn="strong_wolfe", max_eval=MAX_EVAL, **NO_STOP),
        "lbfgs": descent.LBFGS(**NO_STOP),
    }


@lru_cache
def rosenbrock_numbers():
    """Steps to 1e-10 on Rosenbrock from (−1.2, 1): Newton, L-BFGS with and without its line
    search, and gradient descent and Adam at their tuned rates."""
    tuned = tuned_rates()
    steps, evals = {}, {}
    for name, opt in fast_optimizers().items():
        traj = descent.run(opt, ROSENBROCK, ROSENBROCK_START, RACE_BUDGET, record_state=True)
        steps[name] = steps_to_stay(traj)
        if name.startswith("lbfgs"):
            evals[name] = int(traj.states.func_evals[steps[name]])
        if name == "newton":
            newton = traj
    for name in ("gd", "adam"):
        steps[name] = tuned[name]["steps"]
    # a fixed damping keeps Newton in the valley, and costs steps
    lams = np.array(DAMPINGS)[:, None]
    starts = np.broadcast_to(ROSENBROCK_START, (len(DAMPINGS), 2))
    damped = descent.run(descent.Newton(damping=lams), ROSENBROCK, starts, 200)
    damping = {
        lam: {"lowest_y": float(damped.path[:, i, 1].min()),
              "steps": steps_to_stay(damped.loss[:, i])}
        for i, lam in enumerate(DAMPINGS)
    }  # fmt: skip
    return {
        "steps": steps,
        "evals": evals,  # evaluations of f and ∇f up to that step (one a step without a search)
        "newton_rise": float(newton.loss[2] / newton.loss[0]),  # the loss goes up at step 2
        "newton_rise_step": int(np.argmax(newton.loss[:4])),
        "damping": damping,
        "kappa_at_minimum": float(np.linalg.cond(ROSENBROCK.hessian(ROSENBROCK.minima[0]))),
        "tuned": tuned,
    }


@lru_cache
def order_numbers():
    """Newton's error ‖θ_t − θ*‖ on Rosenbrock, step by step: its digits double."""
    minimum = ROSENBROCK.minima[0]
    out = {}
    for name, opt in (
        ("newton", descent.Newton()),
        ("lbfgs", fast_optimizers()["lbfgs_wolfe"]),
        ("gd", descent.GradientDescent(lr=tuned_rates()["gd"]["lr"])),
    ):
        budget = {"newton": 10, "lbfgs": 60, "gd": 15000}[name]
        traj = descent.run(opt, ROSENBROCK, ROSENBROCK_START, budget)
        out[name] = np.linalg.norm(traj.path - minimum, axis=-1)
    e = out["newton"]
    exact = int(np.argmax(e == 0))  # the first step at the minimum to the last bit
    # the steps in the asymptotic region: e_t < 1 and e_{t+1} > 0
    near = [t for t in range(exact - 1) if e[t] < 0.1]
    ratios = [float(np.log(e[t + 1]) / np.log(e[t])) for t in near]
    digits = [float(-np.log10(e[t])) for t in [*near, near[-1] + 1]]
    # L-BFGS: superlinear (e_{t+1}/e_t → 0); gradient descent: linear (the ratio settles)
    g = out["gd"]
    gd_ratio = g[1:] / g[:-1]
    lb = out["lbfgs"]
    lb_tail = [float(lb[t + 1] / lb[t]) for t in range(len(lb) - 1) if 1e-12 < lb[t + 1] < 1e-3]
    return {
        "errors": {k: v.tolist() for k, v in out.items()},
        "exact_step": exact,
        "near_steps": near,
        "ratios": ratios,
        "digits": digits,
        "last_ratio": ratios[-1],
        "gd_ratio_late": float(np.median(gd_ratio[-500:])),
        "gd_ratio_spread": float(np.ptp(gd_ratio[-500:])),
        "lbfgs_tail": lb_tail,
    }


def lbfgs_quadratic():
    """The 10-D quadratic of the L-BFGS section, and its start (fixed random draws)."""
    q, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((DIM, DIM)))
    A = (q * np.logspace(0, np.log10(KAPPA_LBFGS), DIM)) @ q.T
    return Quadratic(A, name="quadratic-10d"), np.random.default_rng(2).normal(size=DIM)


def implied_inverse(state):
    """The inverse-Hessian approximation H_k of an L-BFGS state, as a matrix: the two-loop
    recursion applied to each unit vector (it never forms the matrix itself)."""
    n = state.d.shape[-1]
    return np.column_stack(
        [-two_loop(e, state.s, state.y, state.rho, state.gamma, state.stored) for e in np.eye(n)]
    )


def _state_at(states, k):
    return type(states)(*(field[k] for field in states))


def _angle(a, b):
    cos = np.sum(a * b, axis=-1) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


@lru_cache
def lbfgs_numbers(steps=60):
    """On the 10-D quadratic: L-BFGS's inverse-Hessian approximation and its direction against
    Newton's over the updates, the secant equations, and the effect of the history size."""
    quad, start = lbfgs_quadratic()
    inverse = np.linalg.inv(quad.A)
    opt = descent.LBFGS(
        history_size=HISTORIES[-1], line_search_fn="strong_wolfe", max_eval=MAX_EVAL, **NO_STOP
    )
    traj = descent.run(opt, quad, start, steps, record_state=True)
    reached = steps_to_stay(traj)
    errors, angles, newest, oldest = [], [], [], []
    for k in range(1, reached + 1):  # the H_k and direction d_k of update k
        state = _state_at(traj.states, k)
        H = implied_inverse(state)
        errors.append(float(np.linalg.norm(H - inverse, 2) / np.linalg.norm(inverse, 2)))
        newton = -inverse @ quad.grad(traj.path[k - 1])
        angles.append(float(_angle(state.d, newton)))
        m, used = state.s.shape[0], int(state.stored)
        if used >= 2:  # the secant equations H y_i = s_i of the newest and the oldest pair
            for i, out in ((m - 1, newest), (m - used, oldest)):
                s, y = state.s[i], state.y[i]
                out.append(float(np.linalg.norm(H @ y - s) / np.linalg.norm(s)))
    histories = {opt.history_size: reached}  # the run above is one of the table's
    search = {"line_search_fn": "strong_wolfe", "max_eval": MAX_EVAL}
    for m in HISTORIES[:-1]:
        run = descent.run(descent.LBFGS(history_size=m, **search, **NO_STOP), quad, start,
                          HISTORY_BUDGET)  # fmt: skip
        histories[m] = steps_to_stay(run)
    histories = {m: histories[m] for m in HISTORIES}
    return {
        "errors": errors,
        "angles": angles,
        "error_first": errors[0],
        "error_at_dim": errors[DIM],  # after DIM stored pairs ... (update DIM + 1)
        "error_last": errors[-1],
        "angle_first": angles[0],
        "angle_at_dim": angles[DIM],
        "reached": reached,
        "secant_newest": float(max(newest)),
        "secant_oldest": float(max(oldest)),
        "history": histories,
        "eigen": (float(quad.eigenvalues[0]), float(quad.eigenvalues[-1])),
    }


@lru_cache
def line_search_numbers():
    """L-BFGS on Rosenbrock at several rates (one run each, side by side), with and without
    the strong-Wolfe search."""
    lrs = np.array(LBFGS_LRS)[:, None]  # one rate per run
    starts = np.broadcast_to(ROSENBROCK_START, (len(LBFGS_LRS), 2))
    out = {}
    for search in (False, True):
        kw = {"line_search_fn": "strong_wolfe", "max_eval": MAX_EVAL} if search else {}
        budget = SEARCH_BUDGET if search else FAST_BUDGET
        traj = descent.run(descent.LBFGS(lr=lrs, **kw, **NO_STOP), ROSENBROCK, starts,
                           budget)  # fmt: skip
        out["wolfe" if search else "plain"] = {
            lr: {
                "steps": steps_to_stay(traj.loss[:, i]),
                "diverged": bool(traj.diverged[i]),
                "rises": bool(np.any(np.diff(traj.loss[:, i]) > 0)),
            }
            for i, lr in enumerate(LBFGS_LRS)
        }
    reached = [v["steps"] for v in out["wolfe"].values()]
    out.update(wolfe_min=min(reached), wolfe_max=max(reached))
    return out


@lru_cache
def adam_numbers():
    """Adam's per-coordinate rates against the Hessian's diagonal, on the elongated bowl as it
    is and turned by 45°."""
    out = {}
    for name, angle in (("aligned", 0.0), ("turned", np.pi / 4)):
        bowl = turned_bowl(25.0, angle)
        start = rotation(angle) @ BOWL_START
        H = bowl.A
        inverse = np.linalg.inv(H)
        adam = descent.Adam(lr=ADAM_LR)
        traj = descent.run(adam, bowl, start, ADAM_STEPS, record_state=True)
        gd = descent.run(descent.GradientDescent(lr=2 / 26), bowl, start, ADAM_WINDOW)
        rates = adam.effective_lr(traj.states)[1:]  # α/(√v̂ + ε) after each update

        def preconditioned(p, H=H):
            root = np.diag(np.sqrt(p))
            eig = np.linalg.eigvalsh(root @ H @ root)
            return float(eig[-1] / eig[0])

        conds = [preconditioned(r) for r in rates[:ADAM_WINDOW]]
        jacobi = preconditioned(1 / np.diag(H))

        def angles(run, bowl=bowl, inverse=inverse):
            g = bowl.grad(run.path[:-1])
            return _angle(np.diff(run.path, axis=0), -(g @ inverse))[:ADAM_WINDOW]

        out[name] = {
            "diag": [float(v) for v in np.diag(H)],
            "rate_ratio_first": float(rates[0, 0] / rates[0, 1]),
            "rate_ratio_last": float(rates[-1, 0] / rates[-1, 1]),
            "diag_ratio": float(H[1, 1] / H[0, 0]),
            "cond_plain": float(bowl.condition),
            "cond_jacobi": jacobi,
            "cond_adam_median": float(np.median(conds)),
            "cond_adam_min": float(np.min(conds)),
            "angle_adam": float(np.median(angles(traj))),
            "angle_gd": float(np.median(angles(gd))),
            "loss_end": float(traj.loss[-1]),
            "loss_at_window": float(traj.loss[ADAM_WINDOW]),
        }
    return out


SHAPE_LBFGS_LR, SHAPE_LBFGS_STEPS = 0.5, 30  # the animation of H_k's outline


@lru_cache
def shape_numbers():
    """The animations of the preconditioners' outlines: L-BFGS (α = 0.5, no line search) on the
    bowl turned by 45°, ‖H_k − A⁻¹‖/‖A⁻¹‖ after each update; Adam's outline, the square root of
    its rate for x over its rate for y, after the last update, on both bowls."""
    angle = np.pi / 4
    bowl = turned_bowl(25.0, angle)
    inverse = np.linalg.inv(bowl.A)
    traj = descent.run(
        descent.LBFGS(lr=SHAPE_LBFGS_LR), bowl, rotation(angle) @ BOWL_START, SHAPE_LBFGS_STEPS,
        record_state=True,
    )  # fmt: skip
    errors = []
    for k in range(1, traj.updates + 1):
        state = type(traj.states)(*(field[k] for field in traj.states))
        H = np.column_stack(
            [-two_loop(e, state.s, state.y, state.rho, state.gamma, state.stored)
             for e in np.eye(2)]
        )  # fmt: skip
        errors.append(np.linalg.norm(H - inverse, 2) / np.linalg.norm(inverse, 2))
    errors = np.array(errors)
    out = {
        "lbfgs_lr": SHAPE_LBFGS_LR,
        "lbfgs_steps": SHAPE_LBFGS_STEPS,
        "error_first": float(errors[0]),
        "error_best": float(errors.min()),
        "error_best_at": int(errors.argmin()) + 1,
        "error_last": float(errors[-1]),
        "newton_axes": float(np.sqrt(25.0)),
    }
    adam = descent.Adam(lr=ADAM_LR)
    for name, a in (("aligned", 0.0), ("turned", angle)):
        run = descent.run(
            adam, turned_bowl(25.0, a), rotation(a) @ BOWL_START, ADAM_STEPS, record_state=True
        )
        rates = adam.effective_lr(run.states)
        out[f"adam_axes_{name}"] = float(np.sqrt(rates[-1, 0] / rates[-1, 1]))
    return out


class QuarticCurve(Surface):
    """f(θ) = θ⁴: a minimum whose curvature is zero (the exercise's curve)."""

    name, latex, dim, labels = "quartic", r"J(\theta) = \theta^4", 1, (r"\theta",)
    minima, extent = np.zeros((1, 1)), (-1.5, 1.5)

    def _value(self, x):
        return x[..., 0] ** 4

    def _grad(self, x):
        return 4 * x**3

    def _hessian(self, x):
        return (12 * x**2)[..., None]


@lru_cache
def quartic_numbers(steps=60):
    """Newton on θ⁴ from θ = 1: each step multiplies θ by 2/3 exactly; on θ² + θ⁴ it does not."""
    traj = descent.run(descent.Newton(), QuarticCurve(), [1.0], steps)
    theta = traj.path[:, 0]
    ratio = theta[1:] / theta[:-1]
    below = int(np.argmax(np.abs(theta) <= 1e-10))
    return {
        "ratio_min": float(ratio.min()),
        "ratio_max": float(ratio.max()),
        "steps_to_1e-10": below,
        "theory_steps": int(np.ceil(np.log(1e-10) / np.log(2 / 3))),
    }


TORCH_DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "torch_reference.npz"


@lru_cache
def torch_agreement():
    """Largest relative gap between ``descent.LBFGS`` and the recorded ``torch.optim.LBFGS``
    runs (one ``step`` per update, ``max_iter=1``), with and without the line search."""
    with np.load(TORCH_DATA) as data:
        ref = dict(data)
    meta = json.loads(str(ref["meta"]))
    worst, cases, searched = 0.0, 0, 0
    for case in meta["lbfgs"]:
        opt = descent.LBFGS(**case["kwargs"])
        if case["grads"] in meta["fixed"]:
            keys = meta["fixed"][case["grads"]]
            x, state, path = ref[keys["start"]], opt.init(ref[keys["start"]]), []
            for g in ref[keys["grads"]]:
                x, state = opt.step(x, g, state)
                path.append(x)
            path = np.array(path)
        else:
            if case["grads"] in meta["curvature_starts"]:
                spec = meta["curvature_starts"][case["grads"]]
                name, start = spec["surface"], ref[spec["starts"]]
            else:
                name = case["grads"]
                start = np.array(meta["surfaces"][name]["start"])
            spec = meta["surfaces"].get(name) or meta["curvature_surfaces"][name]
            surface = getattr(descent.surfaces, spec["kind"])(**spec["kwargs"])
            path = descent.run(opt, surface, start, steps=meta["steps"]).path[1:]
        expected = ref[case["path"]]
        scale = np.maximum(np.abs(expected), 1e-300)
        worst = max(worst, float(np.max(np.abs(path - expected) / scale)))
        cases += 1
        searched += bool(case["kwargs"].get("line_search_fn"))
    return {
        "worst_rel": worst,
        "cases": cases,
        "searched": searched,
        "steps": int(meta["steps"]),
        "torch": meta["torch"].split("+")[0],
    }
