"""Throughput of descent's update rules, Adam on Rosenbrock through ``run``, and how fast the
site's playgrounds redraw a 1000-step path.

Run with ``nox -s bench`` (add ``-- --torch`` to time the same work in torch.optim and print the
ratios; ``-- --only playground`` or ``-- --only optimizers`` for one part). A benchmark, not a
test: numbers depend on the machine; compare ratios from one run.

The playgrounds' part needs the built site (``nox -s docs``) and Chromium (Debian's
``chromium``, or ``$CHROMIUM``), driven by Playwright: each playground of each page is run to
its longest path (1000 steps; the EMA's signal has 200, SGD's 30 epochs), then a slider is
moved, the start is moved, and the path drawn again, many times each, as a reader's drag does
it; the median time of each, in milliseconds, is printed per playground. The chapters promise
that the whole path redraws while one drags (under 50 ms for 1000 steps); the browser tests
check that it redraws whole, this checks how fast.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import os
import shutil
import sys
import threading
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

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "docs" / "_build" / "html"
REDRAWS = 60  # redraws timed per playground and per way (the median is printed)
BUDGET_MS = 50  # "the whole path redraws in under 50 ms for 1000 steps" (issue 13)


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


# -- the playgrounds: a redraw of the whole path in a real browser ------------------------------

# In the page, for one playground `el`: run it to its longest path, then time (performance.now,
# around the synchronous work a drag's event does: the runs computed again and every canvas
# drawn) `n` moves of its first slider (an `input` event, as a drag sends; in the open
# playground, a typed rate), `n` moves of its start (what a drag on the plot calls), and `n`
# redraws alone. Returns the medians in ms and the steps drawn.
TIME_REDRAWS = r"""(el, n) => {
  const pg = el.playground;
  pg.stop();
  pg.setT(pg.limit);
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = (fn) => {
    const out = [];
    for (let k = 0; k < n; k++) {
      const t0 = performance.now();
      fn(k);
      out.push(performance.now() - t0);
    }
    return median(out);
  };
  const out = { kind: pg.config.kind, steps: pg.t };
  const slider = el.querySelector(".pg-sliders input[type=range]");
  const field = el.querySelector('.pg-params input[data-param="lr"]');
  if (slider) {
    const at = Number(slider.value);
    const to = at > Number(slider.min) ? at - 1 : at + 1;
    out.slider = time((k) => {
      slider.value = String(k % 2 ? at : to);
      slider.dispatchEvent(new Event("input"));
    });
  } else if (field) {
    const at = field.value;
    out.slider = time((k) => {
      field.value = k % 2 ? at : String(Number(at) * 1.1);
      field.dispatchEvent(new Event("input"));
    });
  }
  if (pg.start && pg.startExtent) {
    const [x0, x1, y0, y1] = pg.startExtent;
    const a = pg.start.slice();
    const b = a.map((v, i) => v + 0.01 * (i ? y1 - y0 : x1 - x0));
    out.start = time((k) => pg.setStart(k % 2 ? a : b));
  }
  out.draw = time(() => pg.draw());
  return out;
}"""


def _serve(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def playground_pages(site):
    """The pages of the built site with a playground, and how many each has."""
    paths = [*sorted((site / "chapters").glob("*.html")), site / "playground.html"]
    pages = []
    for path in paths:
        count = path.read_text(encoding="utf-8").count('<div class="playground"')
        if count:
            pages.append((path.relative_to(site).as_posix(), count))
    return pages


def playground_redraws(site=SITE, repeat=REDRAWS, width=1280):
    """Per playground of the built site: the median redraw times in ms (see TIME_REDRAWS)."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    server, base = _serve(site)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            for page, count in playground_pages(site):
                context = browser.new_context(viewport={"width": width, "height": 900})
                tab = context.new_page()
                tab.goto(base + page, wait_until="load")
                tab.wait_for_selector(".playground.pg-ready canvas")
                for i in range(count):
                    el = tab.locator(".playground").nth(i)
                    el.scroll_into_view_if_needed()
                    got = el.evaluate(TIME_REDRAWS, repeat)
                    rows.append({"page": f"{page}#{i}", **got})
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def _ms(value):
    return f"{value:7.2f}" if value is not None else f"{'-':>7}"


def print_playgrounds():
    print(f"\nPlaygrounds: one redraw of a whole path, ms (median of {REDRAWS}, headless Chromium)")
    if not (SITE / "index.html").is_file():
        print(f"  skipped: the site is not built ({SITE}); run `nox -s docs` first")
        return
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("  skipped: Playwright is not installed (nox -s bench installs it)")
        return
    rows = playground_redraws()
    print(f"{'playground':34} {'kind':9} {'steps':>5} {'slider':>7} {'start':>7} {'draw':>7}")
    for r in rows:
        line = f"{r['page']:34} {r['kind']:9} {r['steps']:5d}"
        print(f"{line} {_ms(r.get('slider'))} {_ms(r.get('start'))} {_ms(r['draw'])}")
    moves = [r[key] for r in rows for key in ("slider", "start") if r.get(key) is not None]
    verdict = "within" if max(moves) < BUDGET_MS else "OVER"
    print(f"slowest move: {max(moves):.2f} ms, {verdict} the {BUDGET_MS} ms the chapters promise")
    print("(slider: a slider moved, or the open playground's rate typed; start: the start moved;")
    print(" each computes every run again and draws every canvas; draw: the drawing alone;")
    print(" steps: the path's length, in epochs for SGD, the signal's length for the EMA)")


def print_optimizers(args):
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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--torch", action="store_true", help="also time torch.optim (float64)")
    parser.add_argument(
        "--only", choices=["optimizers", "playground"], help="run one part of the benchmark"
    )
    args = parser.parse_args()
    if args.only != "playground":
        print_optimizers(args)
    if args.only != "optimizers":
        print_playgrounds()


if __name__ == "__main__":
    main()
