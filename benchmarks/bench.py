"""Throughput of descent's update rules, and Adam on Rosenbrock through ``run``.

Run with ``nox -s bench`` (add ``-- --torch`` to time the same work in torch.optim and print the
ratios). A benchmark, not a test: numbers depend on the machine; compare ratios from one run.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

import numpy as np

import descent
from descent.optimizers import ALL as OPTIMIZERS
from descent.surfaces import ALL

# descent's optimizers as torch.optim calls: one table, the one the torch reference data uses
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "data"))
from record_torch import TORCH_OF, torch_call

N_PARAMS = 10**6
LR = 1e-3  # every optimizer at this rate and descent's defaults otherwise


def torch_equivalent(opt):
    """The torch.optim class name and keyword arguments that make the same updates as ``opt``."""
    name = type(opt).__name__
    kwargs = {f.name: getattr(opt, f.name) for f in dataclasses.fields(opt)}
    return torch_call(name, {k: v for k, v in kwargs.items() if k in TORCH_OF[name][1]})


def best_of(fn, repeat=5):
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by other processes)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def numpy_steps(opt, steps=50):
    rng = np.random.default_rng(0)
    params, grad = rng.normal(size=N_PARAMS), rng.normal(size=N_PARAMS)
    state = opt.init(params)

    def work():
        nonlocal params, state
        for _ in range(steps):
            params, state = opt.step(params, grad, state)

    return steps / best_of(work)


def torch_steps(name, kwargs, steps=50):
    import torch

    param = torch.nn.Parameter(torch.randn(N_PARAMS, dtype=torch.float64))
    param.grad = torch.randn(N_PARAMS, dtype=torch.float64)
    opt = getattr(torch.optim, name)([param], **kwargs)

    def work():
        for _ in range(steps):
            opt.step()

    return steps / best_of(work)


def numpy_rosenbrock(starts, steps):
    return best_of(lambda: descent.run(descent.Adam(lr=1e-3), ALL["rosenbrock"], starts, steps), 3)


def torch_rosenbrock(starts, steps):
    import torch

    def work():
        x = torch.tensor(starts, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([x], lr=1e-3)
        with torch.no_grad():
            for _ in range(steps):
                u, v = x[:, 0], x[:, 1]
                valley = v - u * u
                x.grad = torch.stack([-2 * (1 - u) - 400 * u * valley, 200 * valley], dim=1)
                opt.step()

    return best_of(work, 3)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--torch", action="store_true", help="also time torch.optim (float64)")
    args = parser.parse_args()
    if args.torch:
        import torch

        print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print(f"numpy {np.__version__}; steps/s on {N_PARAMS:.0e} float64 parameters")
    header = f"{'optimizer':16} {'descent':>10}"
    print(header + (f" {'torch':>10} {'descent/torch':>14}" if args.torch else ""))
    for label, cls in OPTIMIZERS.items():
        opt = cls(lr=LR)
        if getattr(opt, "needs", ()) or label in ("Muon", "Newton", "LBFGS"):
            # a Hessian, a matrix, or coupled coordinates: not a step on 1e6 independent ones
            print(f"{label:16} {'-':>10}")
            continue
        ours = numpy_steps(opt)
        line = f"{label:16} {ours:10.1f}"
        if args.torch and label in TORCH_OF:
            theirs = torch_steps(*torch_equivalent(opt))
            line += f" {theirs:10.1f} {ours / theirs:14.2f}"
        print(line)

    starts = np.random.default_rng(0).uniform(-2, 2, size=(10**4, 2))
    ours = numpy_rosenbrock(starts, 1000)
    print(f"\nAdam on Rosenbrock, 1e4 starts x 1e3 steps through descent.run: {ours:.3f} s")
    if args.torch:
        theirs = torch_rosenbrock(starts, 1000)
        print(
            f"same work in torch.optim.Adam (no path kept): {theirs:.3f} s;"
            f" torch time / descent time = {theirs / ours:.2f}"
        )


if __name__ == "__main__":
    main()
