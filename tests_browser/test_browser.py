"""The built site in a real browser: pages load cleanly and offline, MathJax typesets, videos
play, and every playground responds to a click, a slider and Reset, and computes what
``descent`` computes.

Run after ``nox -s docs`` (``nox -s browser``); skipped, with the reason, if the site has not
been built or Chromium is missing.
"""

from __future__ import annotations

import numpy as np
import pytest

import descent
from conftest import SITE
from descent.optimizers import ALL as OPTIMIZERS
from descent.surfaces import ALL

if not (SITE / "index.html").is_file():
    pytest.skip(
        f"the site is not built ({SITE / 'index.html'} is missing): run `nox -s docs` first",
        allow_module_level=True,
    )

CHAPTERS = sorted(p.relative_to(SITE).as_posix() for p in (SITE / "chapters").glob("*.html"))
PAGES = ["index.html", *CHAPTERS, "playground.html"]


def _playground_pages() -> list[tuple[str, int]]:
    found = []
    for page in PAGES:
        html = (SITE / page).read_text(encoding="utf-8")
        found += [(page, i) for i in range(html.count('class="playground"'))]
    return found


PLAYGROUNDS = _playground_pages()


def _outside(requests, base):
    return [u for u in requests if not u.startswith((base, "data:", "blob:"))]


# -- pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_without_errors_or_outside_requests(visit, base_url, page):
    v = visit(base_url + page)
    v.page.wait_for_load_state("networkidle")
    assert not v.errors, f"{page}: console errors {v.errors}"
    assert not _outside(v.requests, base_url), f"{page} asks outside the site"


@pytest.mark.parametrize("page", [p for p in PAGES if p != "playground.html"])
def test_mathjax_typesets(visit, base_url, page):
    v = visit(base_url + page)
    v.page.wait_for_selector("mjx-container", state="attached", timeout=30_000)


@pytest.mark.parametrize("page", CHAPTERS)
def test_videos_load(visit, base_url, page):
    v = visit(base_url + page)
    sources = v.page.eval_on_selector_all("video source", "els => els.map(e => e.src)")
    if not sources:
        pytest.skip(f"{page} has no video")
    for src in sources:
        response = v.page.request.get(src)
        assert response.status == 200, src
        assert response.headers["content-type"].startswith("video/"), src
    # the first video, asked to load: its first frame decodes
    state = v.page.evaluate(
        """() => new Promise(resolve => {
            const video = document.querySelector('video');
            video.addEventListener('loadeddata', () => resolve(video.readyState));
            video.addEventListener('error', () => resolve(-1));
            video.preload = 'auto';
            video.load();
            setTimeout(() => resolve(video.readyState), 15000);
        })"""
    )
    assert state >= 2, f"{page}: video readyState {state}"


def test_playgrounds_work_from_file(visit):
    """Classic scripts, not modules: the playgrounds also start from a copy on disk."""
    v = visit((SITE / "chapters" / "gradient-descent.html").as_uri())
    v.page.wait_for_selector(".playground.pg-ready canvas")
    assert v.page.eval_on_selector_all(".playground.pg-ready", "els => els.length") == 3
    assert not v.errors


def test_the_page_hands_descents_registry_to_the_core(visit, base_url):
    """Colours, hyperparameters and defaults reach the scripts from the page, from descent."""
    v = visit(base_url + "playground.html")
    v.page.wait_for_selector(".playground.pg-ready canvas")
    core = v.page.evaluate("() => DescentCore.registry()")
    page = v.page.evaluate(
        "() => JSON.parse(document.getElementById('descent-registry').textContent)"
    )
    assert core == page
    assert list(core["optimizers"]) == list(OPTIMIZERS)
    for name, spec in core["optimizers"].items():
        assert spec["color"] == descent.plot.color(name)
    swatches = v.page.eval_on_selector_all(
        ".pg-choice .pg-swatch", "els => els.map(e => e.style.getPropertyValue('--pg-color'))"
    )
    assert swatches == [descent.plot.color(name) for name in OPTIMIZERS]
    assert not v.errors


def test_playground_is_readable_on_a_phone(visit, base_url):
    v = visit(base_url + "playground.html", width=390)
    v.page.wait_for_selector(".playground.pg-ready canvas")
    overflow = v.page.evaluate(
        """() => [...document.querySelectorAll('.playground')].map(
            p => p.scrollWidth - p.clientWidth)"""
    )
    assert max(overflow) <= 1, f"playgrounds wider than the phone's column: {overflow}"


# -- playgrounds ----------------------------------------------------------------------------------

STATE = "(el) => el.playground.state()"


def _open(visit, base_url, page, index):
    v = visit(base_url + page)
    pg = v.page.locator(".playground").nth(index)
    pg.locator("canvas").first.wait_for()
    pg.scroll_into_view_if_needed()
    return v, pg


def _paths(state):
    if "runs" in state:
        return [r["path"] for r in state["runs"]]
    return [state["average"]]


@pytest.mark.parametrize(("page", "index"), PLAYGROUNDS)
def test_click_slider_reset(visit, base_url, page, index):
    _, pg = _open(visit, base_url, page, index)
    kind = pg.get_attribute("data-kind")
    before = pg.evaluate(STATE)
    if kind == "ema":  # no start to choose: Reset, then Play draws the average
        pg.get_by_role("button", name="Reset", exact=True).click()
        assert pg.evaluate(STATE)["t"] == 0
        pg.get_by_role("button", name="Play", exact=True).click()
    else:  # a click on the plot starts a path there
        box = pg.locator("canvas").first.bounding_box()
        pg.locator("canvas").first.click(
            position={"x": box["width"] * 0.7, "y": box["height"] * 0.3}
        )
        assert pg.evaluate(STATE)["start"] != before["start"]
    pg.page.wait_for_function(f"el => {STATE[7:]}.t >= 3", arg=pg.element_handle())
    pg.get_by_role("button", name="Pause", exact=True).click()
    moving = pg.evaluate(STATE)
    assert all(len(p) >= 3 for p in _paths(moving))
    # a slider (in the open playground, a learning-rate field) changes the path
    if kind == "open":
        pg.locator('.pg-params input[data-param="lr"]').first.fill("0.0005")
        pg.locator('.pg-params input[data-param="lr"]').first.press("Enter")
        pg.locator('.pg-params input[data-param="lr"]').first.blur()
    else:
        slider = pg.locator("input[type=range]").first
        slider.focus()
        for _ in range(40):
            slider.press("ArrowLeft")
    moved = pg.evaluate(STATE)
    assert moved["t"] == moving["t"]
    assert _paths(moved) != _paths(moving)
    # Reset clears it
    pg.get_by_role("button", name="Reset", exact=True).click()
    reset = pg.evaluate(STATE)
    assert reset["t"] == 0
    assert all(len(p) <= 1 for p in _paths(reset))


def _python_final(state, steps):
    """What descent computes for the playground's own settings."""
    finals = []
    if state["kind"] == "sgd":
        return None
    surface = ALL[state.get("surface", "elongated" if state["kind"] == "triptych" else "parabola")]
    for r in state["runs"]:
        opt = OPTIMIZERS[r["optimizer"]](**r["hyper"])
        finals.append(descent.run(opt, surface, np.array(state["start"]), steps).final)
    return finals


@pytest.mark.parametrize(("page", "index"), PLAYGROUNDS)
def test_final_point_equals_descent(visit, base_url, page, index):
    _, pg = _open(visit, base_url, page, index)
    kind = pg.get_attribute("data-kind")
    if kind == "ema":
        state = pg.evaluate(STATE)
        signal = pg.evaluate("el => JSON.parse(el.dataset.config).signal")
        expected = descent.ema(np.array(signal), state["beta"], state["bias_correction"])
        np.testing.assert_allclose(state["average"], expected, rtol=1e-9, atol=1e-12)
        return
    if kind == "sgd":
        pg.get_by_role("button", name="Reset", exact=True).click()
        for _ in range(5):
            pg.get_by_role("button", name="Step", exact=True).click()
        state = pg.evaluate(STATE)
        config = pg.evaluate("el => JSON.parse(el.dataset.config)")
        from descent.problems import LinearRegression

        problem = LinearRegression.synthetic(seed=0)
        np.testing.assert_array_equal(problem.x, config["x"])
        for run, batch in zip(state["runs"], [problem.n_samples, state["batch_size"]], strict=True):
            traj = descent.run_stochastic(
                descent.GradientDescent(lr=state["lr"]),
                problem,
                np.array(state["start"]),
                epochs=5,
                batch_size=batch,
                seed=0,
            )
            np.testing.assert_allclose(run["path"][-1], traj.final, rtol=1e-9, atol=1e-12)
        return
    pg.get_by_role("button", name="1000 steps", exact=True).click()
    state = pg.evaluate(STATE)
    assert state["t"] == 1000
    for run, final in zip(state["runs"], _python_final(state, 1000), strict=True):
        np.testing.assert_allclose(run["path"][-1], final, rtol=1e-9, atol=1e-12)


def test_open_playground_runs_every_optimizer_on_every_surface(visit, base_url):
    v, pg = _open(visit, base_url, "playground.html", 0)
    for box in pg.locator(".pg-choice input[type=checkbox]").all():
        if not box.is_checked():
            box.check()
    surfaces = pg.locator("select option").evaluate_all("os => os.map(o => o.value)")
    assert sorted(surfaces) == sorted(n for n, s in ALL.items() if s.dim == 2)
    for name in surfaces:
        pg.locator("select").select_option(name)
        pg.get_by_role("button", name="Step", exact=True).click()
        state = pg.evaluate(STATE)
        assert state["surface"] == name
        assert [r["optimizer"] for r in state["runs"]] == list(OPTIMIZERS)
        for r in state["runs"]:
            opt = OPTIMIZERS[r["optimizer"]](**r["hyper"])
            expected = descent.run(opt, ALL[name], np.array(state["start"]), 1).final
            np.testing.assert_allclose(r["path"][-1], expected, rtol=1e-9, atol=1e-12)
    assert not v.errors
