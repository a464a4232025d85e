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
import descent.schedules
from conftest import SITE
from descent.optimizers import ALL as OPTIMIZERS
from descent.surfaces import ALL

#: What the open playground offers: every rule that runs on a point of the plane (not Muon).
VECTOR_RULES = [name for name in OPTIMIZERS if name != "Muon"]

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


BASE = ["descent-core.js", "descent-plot.js", "descent-controls.js", "descent-playground.js"]
BUILDS_ON = {"open": ["2d"], "sgd": ["2d"], "schedules": ["2d"]}  # these kinds extend kind-2d.js


@pytest.mark.parametrize("page", sorted({page for page, _ in PLAYGROUNDS}))
def test_a_page_loads_the_base_and_the_scripts_of_its_kinds_only(page):
    """One script per kind: a page loads the base, then each kind it shows after the kinds
    that kind builds on, and no other kind's script."""
    import re

    html = (SITE / page).read_text(encoding="utf-8")
    loaded = [
        src.split("?")[0].rsplit("/", 1)[-1]
        for src in re.findall(r'<script[^>]*\bsrc="([^"]*_static/playground/[^"]*)"', html)
    ]
    kinds = set(re.findall(r'<div class="playground[^>]*\bdata-kind="([^"]+)"', html))
    assert kinds
    assert loaded[:4] == BASE
    want = {f"kind-{k}.js" for kind in kinds for k in [*BUILDS_ON.get(kind, []), kind]}
    assert set(loaded[4:]) == want
    assert len(loaded) == len(set(loaded))
    for kind in kinds:
        for base in BUILDS_ON.get(kind, []):
            assert loaded.index(f"kind-{base}.js") < loaded.index(f"kind-{kind}.js")
    for name in loaded:
        assert (SITE / "_static" / "playground" / name).is_file()


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
    # the form offers what runs on a point of the plane: all but the matrix rule (Muon)
    assert swatches == [descent.plot.color(name) for name in VECTOR_RULES]
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


def _canvas_click(pg, fx, fy):
    canvas = pg.locator("canvas").first
    box = canvas.bounding_box()
    canvas.click(position={"x": box["width"] * fx, "y": box["height"] * fy})


@pytest.mark.parametrize(("page", "index"), PLAYGROUNDS)
def test_click_slider_play_reset(visit, base_url, page, index):
    """A click moves the start and the whole path is drawn at once; a slider redraws it at the
    same step; Play replays it; Reset clears it."""
    _, pg = _open(visit, base_url, page, index)
    kind = pg.get_attribute("data-kind")
    before = pg.evaluate(STATE)
    if kind != "ema":  # the EMA has no start to choose
        _canvas_click(pg, 0.7, 0.3)
        clicked = pg.evaluate(STATE)
        assert clicked["start"] != before["start"]
        assert clicked["t"] == clicked["horizon"] > 0  # no Play needed
        assert all(len(p) >= 3 for p in _paths(clicked))
    shown = pg.evaluate(STATE)
    # a slider (in the open playground, a learning-rate field) changes the path at once
    if kind == "open":
        field = pg.locator('.pg-params input[data-param="lr"]').first
        field.fill("0.0005")
        field.press("Enter")
    else:
        slider = pg.locator(".pg-sliders input[type=range]").first
        slider.focus()
        for _ in range(10):
            slider.press("ArrowLeft")
    moved = pg.evaluate(STATE)
    assert moved["t"] == shown["t"]
    assert _paths(moved) != _paths(shown)
    # Play replays from the start, and pauses
    pg.get_by_role("button", name="Play", exact=True).click()
    pg.get_by_role("button", name="Pause", exact=True).click()
    assert pg.evaluate(STATE)["t"] <= moved["t"]
    pg.get_by_role("button", name="Reset", exact=True).click()
    reset = pg.evaluate(STATE)
    assert reset["t"] == 0
    assert all(len(p) <= 1 for p in _paths(reset))


def _inside(point, extent):
    x0, x1, y0, y1 = extent
    return x0 - 1e-9 <= point[0] <= x1 + 1e-9 and y0 - 1e-9 <= point[1] <= y1 + 1e-9


def test_dragging_the_start_redraws_the_whole_path_and_keeps_it_inside(visit, base_url):
    v, pg = _open(visit, base_url, "chapters/momentum.html", 0)
    canvas = pg.locator("canvas").first
    box = canvas.bounding_box()
    mouse = v.page.mouse
    mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    mouse.down()
    seen = []
    for f in (0.4, 0.5, 0.6):
        mouse.move(box["x"] + box["width"] * f, box["y"] + box["height"] * 0.6, steps=3)
        v.page.wait_for_function("el => true", arg=pg.element_handle())  # one frame
        state = pg.evaluate(STATE)
        seen.append(state["start"])
        assert state["t"] == state["horizon"]
        assert all(len(r["path"]) == state["horizon"] + 1 for r in state["runs"])
    # dragged far outside the canvas, the start stays on its edge
    mouse.move(box["x"] + box["width"] * 3, box["y"] - box["height"] * 2, steps=4)
    mouse.up()
    state = pg.evaluate(STATE)
    assert len({tuple(s) for s in seen}) == 3, "the start follows the drag"
    assert _inside(state["start"], state["extent"])
    assert state["start"][0] == pytest.approx(state["extent"][1])
    assert state["start"][1] == pytest.approx(state["extent"][3])


def test_the_arrow_keys_keep_the_start_inside_the_plot(visit, base_url):
    _, pg = _open(visit, base_url, "chapters/gradient-descent.html", 1)
    canvas = pg.locator("canvas").first
    canvas.focus()
    for _ in range(60):
        canvas.press("ArrowRight")
        canvas.press("Shift+ArrowUp")
    state = pg.evaluate(STATE)
    assert state["start"] == [state["extent"][1], state["extent"][3]]
    assert state["t"] == state["horizon"]
    canvas.press("Enter")  # one more step
    assert pg.evaluate(STATE)["t"] == state["horizon"] + 1


def test_slider_keys_step_by_the_precision_shown(visit, base_url):
    _, pg = _open(visit, base_url, "chapters/momentum.html", 0)
    lr, beta = pg.locator(".pg-sliders input[type=range]").all()
    beta.focus()
    beta.press("ArrowRight")
    hyper = pg.evaluate(STATE)["runs"][1]["hyper"]
    assert hyper["beta"] == pytest.approx(0.71)  # one key, one shown digit: 0.7 → 0.71
    assert pg.locator(".pg-slider output").nth(1).inner_text() == "0.71"
    before = pg.evaluate(STATE)["runs"][0]["hyper"]["lr"]
    lr.focus()
    lr.press("ArrowRight")
    after = pg.evaluate(STATE)["runs"][0]["hyper"]["lr"]
    assert 1.05 < after / before < 1.15  # a log slider: about 10 % a key


def test_every_learning_rate_slider_on_a_quadratic_marks_two_over_lambda_max(visit, base_url):
    _, pg = _open(visit, base_url, "chapters/gradient-descent.html", 1)
    marks = pg.locator(".pg-slider .pg-mark")
    assert marks.count() == 1
    assert marks.first.inner_text() == "2/λmax"
    _, saddle = _open(visit, base_url, "chapters/saddle.html", 0)
    assert saddle.locator(".pg-slider .pg-mark").count() == 0  # no minimum, no 2/λmax


def test_a_divergence_is_marked_inside_the_plot(visit, base_url):
    """Past 2/λmax the path stops at the frame's edge with the step it diverged at."""
    _, pg = _open(visit, base_url, "chapters/gradient-descent.html", 1)
    slider = pg.locator(".pg-sliders input[type=range]").first
    slider.focus()
    slider.press("End")  # α = 0.6 > 2/λmax = 0.5 on the figure's tilted bowl
    state = pg.evaluate(STATE)
    (run,) = state["runs"]
    assert run["hyper"]["lr"] == pytest.approx(0.6)
    # within the 30 steps shown it has left the frame, not yet passed descent's limit of 10⁸
    assert not run["diverged"]
    assert run["exit"]["text"].startswith("leaves at step")
    assert _inside(run["exit"]["point"], state["extent"])
    pg.get_by_role("button", name="1000 steps", exact=True).click()
    state = pg.evaluate(STATE)
    (run,) = state["runs"]
    assert run["diverged"]
    assert run["exit"]["text"] == f"diverged at step {run['exit']['text'].split()[-1]}"
    assert _inside(run["exit"]["point"], state["extent"])
    on_edge = [abs(run["exit"]["point"][i // 2] - e) < 1e-9 for i, e in enumerate(state["extent"])]
    assert any(on_edge), "the mark sits on the frame's edge"
    legend = pg.locator(".pg-legend").inner_text()
    assert "diverged at step" in legend
    assert "10^" not in legend
    assert "e+" not in legend
    # the canvas shows the mark where the state says: not the plot's background there
    x, y = run["exit"]["pixel"]
    pixel = pg.locator("canvas").first.evaluate(
        """(c, [x, y]) => {
            const d = window.devicePixelRatio || 1;
            const ctx = c.getContext('2d');
            let dark = 0;
            for (let i = -6; i <= 6; i++) for (let j = -6; j <= 6; j++) {
                const [r, g, b] = ctx.getImageData(x * d + i, y * d + j, 1, 1).data;
                if (r + g + b < 400) dark++;
            }
            return dark;
        }""",
        [x, y],
    )
    assert pixel > 10


def test_leaving_a_saddle_is_an_escape_with_the_steps_it_lingered(visit, base_url):
    _, pg = _open(visit, base_url, "chapters/saddle.html", 0)
    state = pg.evaluate(STATE)
    assert [r["optimizer"] for r in state["runs"]] == [
        "GradientDescent",
        "Momentum",
        "RMSProp",
        "Adam",
    ]
    for r in state["runs"]:
        if r["exit"]:
            assert r["exit"]["text"].startswith("escapes at step")
    legend = pg.locator(".pg-legend").inner_text()
    assert "diverged" not in legend
    assert legend.count("near the saddle (|y| < 1) for") == 4
    # as plot_saddle.py counts it: the first step with |y| ≥ 1
    start = np.array(state["start"])
    for r, line in zip(state["runs"], legend.splitlines(), strict=True):
        opt = OPTIMIZERS[r["optimizer"]](**r["hyper"])
        path = descent.run(opt, ALL["saddle"], start, state["t"]).path
        left = np.abs(path[:, 1]) >= 1
        if left.any():
            assert f"near the saddle (|y| < 1) for {np.argmax(left)} steps" in line


def test_the_scrubber_moves_the_marker_and_the_loss_cursor(visit, base_url):
    _, pg = _open(visit, base_url, "chapters/momentum.html", 0)
    scrub = pg.locator(".pg-scrubber")
    scrub.focus()
    scrub.press("Home")
    cursors = []
    for t in range(6):
        state = pg.evaluate(STATE)
        assert state["t"] == t
        assert all(len(r["path"]) == t + 1 for r in state["runs"])
        cursors.append(state["loss_cursor"])
        scrub.press("ArrowRight")
    assert cursors == sorted(cursors)
    assert len(set(cursors)) == 6
    # a drag along the loss plot scrubs too
    loss = pg.locator("canvas.pg-loss-plot")
    box = loss.bounding_box()
    loss.click(position={"x": box["width"] - 12, "y": box["height"] / 2})
    state = pg.evaluate(STATE)
    assert state["t"] >= state["horizon"] - 2


def test_the_adaptive_playground_shows_adagrad_and_the_rates_per_coordinate(visit, base_url):
    _, pg = _open(visit, base_url, "chapters/adaptive.html", 0)
    state = pg.evaluate(STATE)
    assert [r["optimizer"] for r in state["runs"]] == ["Momentum", "AdaGrad", "RMSProp"]
    assert state["rate_boxes"] == 2
    pg.get_by_label("rate per coordinate α/(√s + ε)").uncheck()
    assert pg.evaluate(STATE)["rate_boxes"] == 0


def test_sgd_divergence_is_said_in_epochs(visit, base_url):
    _, pg = _open(visit, base_url, "chapters/sgd.html", 0)
    lr, batch = pg.locator(".pg-sliders input[type=range]").all()
    lr.focus()
    lr.press("End")  # α = 0.5
    batch.focus()
    batch.press("Home")  # B = 1
    state = pg.evaluate(STATE)
    assert state["lr"] == pytest.approx(0.5)
    assert state["batch_size"] == 1
    sgd = state["runs"][1]
    assert sgd["exit"]["text"].startswith("diverged in epoch")
    assert _inside(sgd["exit"]["point"], state["extent"])
    assert "diverged in epoch" in pg.locator(".pg-legend").inner_text()
    # one tick per epoch on both paths
    assert [len(r["epoch_ends"]) for r in state["runs"]] == [state["t"] + 1] * 2


def test_open_fields_validate_like_descent_and_keep_half_typed_numbers(visit, base_url):
    _, pg = _open(visit, base_url, "playground.html", 0)
    adam = pg.locator(".pg-choice").filter(has_text="Adam").first
    eps = adam.locator('input[data-param="eps"]')
    before = pg.evaluate(STATE)
    eps.fill("-1")
    eps.press("Tab")
    assert eps.get_attribute("aria-invalid") == "true"
    assert "eps must be in (0, inf)" in pg.locator(".pg-error").inner_text()
    assert _paths(pg.evaluate(STATE)) == _paths(before)  # the last valid ε runs on
    lr = adam.locator('input[data-param="lr"]')
    lr.fill("")
    lr.press_sequentially("1e")  # on the way to 1e-3: kept, not cleared, no error yet
    assert lr.input_value() == "1e"
    assert "lr" not in pg.locator(".pg-error").inner_text()
    lr.press_sequentially("-3")
    eps.fill("1e-8")
    eps.press("Tab")
    assert pg.locator(".pg-error").inner_text() == ""
    runs = {r["optimizer"]: r for r in pg.evaluate(STATE)["runs"]}
    assert runs["Adam"]["hyper"]["lr"] == pytest.approx(1e-3)
    # a typed rate survives a change of surface; "Suggested rates" puts them back
    pg.locator("select").select_option("beale")
    assert lr.input_value() == "1e-3"
    pg.get_by_role("button", name="Suggested rates").click()
    assert lr.input_value() != "1e-3"


def test_playgrounds_follow_the_dark_theme(visit, base_url):
    v, pg = _open(visit, base_url, "chapters/momentum.html", 0)
    v.page.evaluate("document.documentElement.dataset.theme = 'dark'")
    v.page.wait_for_timeout(100)  # the theme's observer redraws
    corners = pg.locator("canvas").evaluate_all(
        """cs => cs.map(c => {
            const [r, g, b] = c.getContext('2d').getImageData(2, 2, 1, 1).data;
            return r + g + b;
        })"""
    )
    assert len(corners) == 2  # the plot and the loss plot
    assert max(corners) < 200, corners


def test_the_live_region_is_quiet_while_playing(visit, base_url):
    v, pg = _open(visit, base_url, "playground.html", 0)
    live = pg.locator(".pg-live")
    assert live.get_attribute("aria-live") == "polite"
    assert pg.locator("[aria-live]").count() == 1  # the step counter is not live
    pg.get_by_role("button", name="Play", exact=True).click()
    v.page.wait_for_function("el => el.playground.state().t > 20", arg=pg.element_handle())
    assert live.inner_text() == ""
    pg.get_by_role("button", name="Pause", exact=True).click()
    live.filter(has_text="step").wait_for(state="attached")
    assert live.inner_text().startswith("step ")


def _python_final(state, steps):
    """What descent computes for the playground's own settings."""
    finals = []
    if state["kind"] == "sgd":
        return None
    name = state.get("surface", "elongated" if state["kind"] == "triptych" else "parabola")
    if state.get("matrix"):  # a figure's own quadratic (the directive's :matrix:)
        surface = descent.surfaces.Quadratic(np.array(state["matrix"]))
    else:
        surface = ALL[name]
    for r in state["runs"]:
        hyper = dict(r["hyper"])
        if r.get("schedule"):  # lr a schedule of descent.schedules, as the run took it
            hyper["lr"] = getattr(descent.schedules, r["schedule"]["name"])(**r["schedule"]["args"])
        opt = OPTIMIZERS[r["optimizer"]](**hyper)
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
    if kind == "schedules":  # a budget the schedules are planned for: the scrubber's end
        pg.locator(".pg-scrubber").focus()
        pg.locator(".pg-scrubber").press("End")
        state = pg.evaluate(STATE)
        steps = state["horizon"]
        assert any(r.get("schedule") for r in state["runs"])
    else:
        pg.get_by_role("button", name="1000 steps", exact=True).click()
        state = pg.evaluate(STATE)
        steps = 1000
    assert state["t"] == steps
    for run, final in zip(state["runs"], _python_final(state, steps), strict=True):
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
        pg.get_by_role("button", name="Reset", exact=True).click()
        pg.get_by_role("button", name="Step", exact=True).click()
        state = pg.evaluate(STATE)
        assert state["surface"] == name
        assert [r["optimizer"] for r in state["runs"]] == list(VECTOR_RULES)
        for r in state["runs"]:
            opt = OPTIMIZERS[r["optimizer"]](**r["hyper"])
            expected = descent.run(opt, ALL[name], np.array(state["start"]), 1).final
            np.testing.assert_allclose(r["path"][-1], expected, rtol=1e-9, atol=1e-12)
    assert not v.errors


def test_the_open_playground_keeps_its_state_in_the_url_and_writes_its_code(visit, base_url):
    run = "Adam(lr=0.03),Momentum(lr=0.002,beta=0.8)"
    url = f"{base_url}playground.html?surface=beale&start=1,1&run={run}&t=50"
    v = visit(url)
    pg = v.page.locator(".playground").first
    pg.locator("canvas").first.wait_for()
    state = pg.evaluate(STATE)
    assert state["surface"] == "beale"
    assert state["start"] == [1, 1]
    assert state["t"] == 50
    runs = {r["optimizer"]: r["hyper"] for r in state["runs"]}
    assert set(runs) == {"Adam", "Momentum"}
    assert runs["Adam"]["lr"] == 0.03
    # every field of the class is an input, torch's options (off) too
    assert runs["Momentum"] == {"lr": 0.002, "beta": 0.8, "dampening": 0, "weight_decay": 0}
    # a change goes back into the address
    pg.get_by_role("button", name="Step", exact=True).click()
    v.page.wait_for_function("() => location.search.includes('t=51')")
    # the code: descent's script gives the playground's numbers; torch's lines are there too
    pg.get_by_role("button", name="Copy as code").click()
    code = pg.locator("textarea.pg-code").input_value()
    adam = "lr=0.03, beta1=0.9, beta2=0.999, eps=1e-8, bias_correction=True"
    assert f"descent.Adam({adam}, weight_decay=0, amsgrad=False)" in code
    adam = "lr=0.03, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False"
    assert f"torch.optim.Adam([x], {adam})" in code
    assert "torch.optim.SGD([x], lr=0.002, momentum=0.8, dampening=0, weight_decay=0)" in code
    # each run named as its legend names it, in the script and in its torch lines
    legend = [li.split(": ")[0] for li in pg.locator(".pg-legend li").all_inner_texts()]
    assert legend == ["momentum, α = 0.002, β = 0.8", "Adam, α = 0.03"]
    for name in legend:
        assert f'    "{name}": descent.' in code
        assert f"# {name}\n" in code
    script = code.split("# the same runs with torch.optim")[0]
    namespace = {}
    exec(compile(script.replace("print(", "(lambda *a: None)("), "<playground>", "exec"), namespace)
    assert list(namespace["runs"]) == legend
    state = pg.evaluate(STATE)
    for traj, r in zip(namespace["runs"].values(), state["runs"], strict=True):
        np.testing.assert_allclose(traj.final, r["path"][-1], rtol=1e-9, atol=1e-12)
    assert not v.errors


def test_copy_as_code_says_what_torch_cannot_do(visit, base_url):
    """A field that torch.optim has no keyword for, away from descent's default, is said in a
    comment instead of a torch line that would run something else."""
    run = "Adam(lr=0.03,bias_correction=False),GradientDescent(lr=1e-3)"
    v = visit(f"{base_url}playground.html?surface=beale&run={run}&t=20")
    pg = v.page.locator(".playground").first
    pg.locator("canvas").first.wait_for()
    pg.get_by_role("button", name="Copy as code").click()
    code = pg.locator("textarea.pg-code").input_value()
    assert "# Adam, α = 0.03, no bias correction: torch.optim has no equivalent of" in code
    assert "bias_correction=False" in code.split("# the same runs")[1]
    assert "torch.optim.Adam(" not in code
    assert "# gradient descent, α = 0.001\nx = torch.tensor" in code
    assert "torch.optim.SGD([x], lr=0.001)" in code
    assert not v.errors


def test_the_sgd_data_panel_highlights_the_last_mini_batch(visit, base_url):
    _, pg = _open(visit, base_url, "chapters/sgd.html", 0)
    assert pg.locator("canvas").count() == 3  # the paths, the loss, the data
    scrub = pg.locator(".pg-scrubber")
    scrub.focus()
    scrub.press("Home")
    assert pg.evaluate(STATE)["last_batch"] == []
    for _ in range(3):
        scrub.press("ArrowRight")
    state = pg.evaluate(STATE)
    orders = pg.evaluate("el => JSON.parse(el.dataset.config).orders")
    n, b = len(orders[0]), state["batch_size"]
    assert state["last_batch"] == orders[2][(n - 1) // b * b :]  # epoch 3's last batch
    pg.get_by_label("−∇f of the next mini-batch and of all data (one scale)").check()


# -- every playground, every way a reader works it ------------------------------------------------


def _kind(pg):
    return pg.get_attribute("data-kind")


def _full(state):
    """Every run drawn to the scrubber's end: the whole path, not a part of it."""
    if state["kind"] == "ema":
        return len(state["average"]) == state["t"]
    if state["kind"] == "sgd":
        return all(len(r["epoch_ends"]) == state["t"] + 1 for r in state["runs"])
    return all(len(r["path"]) == state["t"] + 1 for r in state["runs"])


def _registry(pg):
    return pg.evaluate("() => DescentCore.registry()")


@pytest.mark.parametrize(("page", "index"), PLAYGROUNDS)
def test_dragging_the_start_redraws_every_path_whole(visit, base_url, page, index):
    v, pg = _open(visit, base_url, page, index)
    if _kind(pg) == "ema":
        pytest.skip("the EMA has no start to drag")
    canvas = pg.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    mouse = v.page.mouse
    mouse.move(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.35)
    mouse.down()
    starts, paths = [], []
    for f in (0.45, 0.55, 0.65):
        mouse.move(box["x"] + box["width"] * f, box["y"] + box["height"] * 0.5, steps=2)
        v.page.evaluate("() => new Promise(requestAnimationFrame)")  # the drag's frame
        state = pg.evaluate(STATE)
        assert state["t"] == state["horizon"] > 0, "drawn to the end, with no Play"
        assert _full(state)
        starts.append(tuple(state["start"]))
        paths.append(_paths(state))
    mouse.up()
    assert len(set(starts)) == 3, "the start follows the drag"
    assert paths[0] != paths[1] != paths[2]
    assert not v.errors


@pytest.mark.parametrize(("page", "index"), PLAYGROUNDS)
def test_dragging_a_slider_redraws_every_path_whole(visit, base_url, page, index):
    """The mouse on a slider's thumb, moved along it: each move redraws the whole path at the
    step shown (how fast is measured by ``nox -s bench``)."""
    v, pg = _open(visit, base_url, page, index)
    sliders = pg.locator(".pg-sliders input[type=range]")
    if not sliders.count():
        pytest.skip("no slider: the open playground's rates are fields")
    slider = sliders.first
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    before = pg.evaluate(STATE)
    y = box["y"] + box["height"] / 2
    v.page.mouse.move(box["x"] + 8, y)
    v.page.mouse.down()
    seen = []
    for f in (0.2, 0.4, 0.6):
        v.page.mouse.move(box["x"] + box["width"] * f, y, steps=2)
        state = pg.evaluate(STATE)
        assert state["t"] == before["t"]
        assert _full(state)
        seen.append(_paths(state))
    v.page.mouse.up()
    assert seen[0] != seen[1] != seen[2]
    assert not v.errors


@pytest.mark.parametrize(("page", "index"), PLAYGROUNDS)
def test_keyboard_only(visit, base_url, page, index):
    """Tab reaches every control of the playground, each with a name; the arrow keys move the
    start on the focused plot, PageUp moves a slider by a tenth of its range, Space steps."""
    v, pg = _open(visit, base_url, page, index)
    kind = _kind(pg)
    pg.evaluate(
        """(root) => {
            const b = document.createElement('button');
            b.id = 'pg-test-before';
            b.textContent = 'before';
            root.before(b);
            b.focus();
        }"""
    )
    reached = []
    for _ in range(80):
        v.page.keyboard.press("Tab")
        info = v.page.evaluate(
            """(root) => {
                const el = document.activeElement;
                if (!root.contains(el)) return null;
                const label = el.getAttribute('aria-label')
                    || (el.labels && el.labels.length ? el.labels[0].textContent : '')
                    || el.textContent.trim();
                return {tag: el.tagName.toLowerCase(), type: el.type || '', name: label,
                        cls: el.className || ''};
            }""",
            pg.element_handle(),
        )
        if info is None:
            if reached:
                break
            continue
        reached.append(info)
    assert reached, "Tab never enters the playground"
    assert all(r["name"].strip() for r in reached), [r for r in reached if not r["name"].strip()]
    tags = [(r["tag"], r["type"]) for r in reached]
    buttons = [r["name"] for r in reached if r["tag"] == "button"]
    assert {"Step", "Play", "Reset"} <= set(buttons)
    assert ("input", "range") in tags  # the scrubber, the sliders
    if kind != "ema":
        assert ("canvas", "") in tags, "the plot that takes the start is focusable"
        canvas = pg.locator("canvas.pg-interactive").first
        canvas.focus()
        before = pg.evaluate(STATE)["start"]
        v.page.keyboard.press("ArrowRight")
        v.page.keyboard.press("ArrowUp" if kind != "1d" else "ArrowRight")
        after = pg.evaluate(STATE)["start"]
        assert after != before
        v.page.keyboard.press("Home")
        assert pg.evaluate(STATE)["start"] == pytest.approx(before)
    sliders = pg.locator(".pg-sliders input[type=range]")
    if sliders.count():
        sliders.first.focus()
        before = _paths(pg.evaluate(STATE))
        v.page.keyboard.press("PageDown")
        assert _paths(pg.evaluate(STATE)) != before
    pg.get_by_role("button", name="Reset", exact=True).focus()
    v.page.keyboard.press("Enter")
    pg.get_by_role("button", name="Step", exact=True).focus()
    v.page.keyboard.press("Space")
    assert pg.evaluate(STATE)["t"] == 1
    assert not v.errors


def _touch_drag(page, points):
    cdp = page.context.new_cdp_session(page)
    kinds = ["touchStart"] + ["touchMove"] * (len(points) - 1)
    for kind, (x, y) in zip(kinds, points, strict=True):
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


@pytest.mark.parametrize(("page", "index"), PLAYGROUNDS)
def test_a_phone_with_touch(visit, base_url, page, index):
    """At 390 px with a touch screen: the playground fits the column, a tap on the plot moves
    the start, a finger dragged on it moves it along (the page does not scroll instead), and
    a tap on Step steps."""
    v = visit(base_url + page, width=390, has_touch=True, is_mobile=True)
    pg = v.page.locator(".playground").nth(index)
    pg.locator("canvas").first.wait_for()
    pg.scroll_into_view_if_needed()
    assert pg.evaluate("el => el.scrollWidth - el.clientWidth") <= 1
    kind = _kind(pg)
    if kind != "ema":
        canvas = pg.locator("canvas.pg-interactive").first
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        before = pg.evaluate(STATE)["start"]
        canvas.tap(position={"x": box["width"] * 0.6, "y": box["height"] * 0.4})
        tapped = pg.evaluate(STATE)["start"]
        assert tapped != before
        scroll = v.page.evaluate("() => scrollY")
        x0, y0 = box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.5
        _touch_drag(v.page, [(x0 + 12 * k, y0 - 6 * k) for k in range(8)])
        v.page.evaluate("() => new Promise(requestAnimationFrame)")
        dragged = pg.evaluate(STATE)
        assert dragged["start"] != tapped
        assert _full(dragged)
        assert v.page.evaluate("() => scrollY") == scroll, "the drag scrolled the page"
        v.page.wait_for_timeout(600)  # the finger lifted: a tap now is a tap, not a fling's end
    pg.get_by_role("button", name="Reset", exact=True).tap()
    pg.get_by_role("button", name="Step", exact=True).tap()
    v.page.wait_for_function("el => el.playground.state().t === 1", arg=pg.element_handle())
    assert not v.errors


@pytest.mark.parametrize(("page", "index"), PLAYGROUNDS)
def test_the_scrubber_moves_every_playgrounds_marker_and_loss_cursor(visit, base_url, page, index):
    _, pg = _open(visit, base_url, page, index)
    scrub = pg.locator(".pg-scrubber")
    scrub.focus()
    scrub.press("Home")
    seen = []
    for _ in range(4):
        scrub.press("ArrowRight")
        state = pg.evaluate(STATE)
        assert _full(state)
        seen.append((state["t"], state.get("loss_cursor")))
    assert [t for t, _ in seen] == [1, 2, 3, 4]
    cursors = [c for _, c in seen]
    if _kind(pg) != "ema":  # the EMA's weights plot is not against time
        assert cursors == sorted(cursors)
        assert len(set(cursors)) == 4


@pytest.mark.parametrize(("page", "index"), PLAYGROUNDS)
def test_legends_name_optimizers_as_the_figures_do(visit, base_url, page, index):
    """ "gradient descent, α = 0.03", never "GradientDescent (α = 0.03)": the names are the
    page's registry's (descent's prose names), not the class names."""
    v, pg = _open(visit, base_url, page, index)
    names = {k: o["name"] for k, o in _registry(pg)["optimizers"].items()}
    text = pg.locator(".pg-body").inner_text()  # what the playground writes (not the caption)
    for cls, words in names.items():
        if cls != words:
            assert cls not in text.replace(f"{cls}\n", ""), f"{cls} named by its class"
    for r in pg.evaluate(STATE).get("runs", []):
        if "optimizer" in r and "label" in r and pg.get_attribute("data-kind") != "triptych":
            assert r["label"].startswith(names[r["optimizer"]] + ", α = ")
    assert "(α =" not in text
    assert not v.errors


def test_the_legends_of_the_momentum_playground_read_as_its_figure(visit, base_url):
    _, pg = _open(visit, base_url, "chapters/momentum.html", 0)
    lines = pg.locator(".pg-legend li").all_inner_texts()
    assert lines[0].startswith("gradient descent, α = 0.03: loss ")
    assert lines[1].startswith("momentum, α = 0.03, β = 0.7: loss ")
    live = pg.evaluate("el => el.playground.summary()")
    assert "gradient descent, α = 0.03:" in live
    assert "descent" in pg.locator("canvas").first.get_attribute("aria-label")


def test_the_1d_stepper_marks_where_it_leaves(visit, base_url):
    """Past 2/λ the steps grow: the path stops at the frame with the step it left at."""
    _, pg = _open(visit, base_url, "chapters/gradient-descent.html", 0)
    slider = pg.locator(".pg-sliders input[type=range]").first
    slider.focus()
    slider.press("End")
    state = pg.evaluate(STATE)
    (run,) = state["runs"]
    assert run["hyper"]["lr"] > 1  # 2/λ = 1 on the parabola
    assert run["exit"]["text"].startswith("leaves at step")
    assert "leaves at step" in pg.locator(".pg-readout").inner_text()


def test_the_learning_rate_playground_is_its_figure(visit, base_url):
    """One plot with the three paths in the figure's colours; the largest rate, past 2/λmax,
    leaves the frame and says at which step, inside the canvas."""
    _, pg = _open(visit, base_url, "chapters/gradient-descent.html", 2)
    assert pg.locator("canvas").count() == 2  # the paths, the losses
    state = pg.evaluate(STATE)
    colors = pg.evaluate(
        "el => [...el.querySelectorAll('.pg-legend .pg-swatch')]"
        ".map(s => s.style.getPropertyValue('--pg-color'))"
    )
    assert colors == descent.plot.style.categorical(3)
    small, middle, large = state["runs"]
    assert small["exit"] is None
    assert middle["exit"] is None
    assert large["exit"]["text"] == "leaves at step 11"
    assert _inside(large["exit"]["point"], state["extent"])
    legend = pg.locator(".pg-legend li").all_inner_texts()
    assert "converges" in legend[0]
    assert "converges" in legend[1]
    assert "diverges; leaves at step 11" in legend[2]


def _marks_around(pg, pixel):
    """How many pixels within 6 px of `pixel` differ from the plot's paper and contours
    there (its background, drawn once): what is drawn on it, the exit's mark."""
    return pg.evaluate(
        """(el, [x, y]) => {
            const plot = el.playground.plot;
            const d = plot.dpr;
            const shown = plot.ctx.getImageData(x * d - 6, y * d - 6, 13, 13).data;
            const paper = plot.background.getContext('2d')
                .getImageData(x * d - 6, y * d - 6, 13, 13).data;
            let drawn = 0;
            for (let i = 0; i < shown.length; i += 4) {
                const diff = Math.abs(shown[i] - paper[i]) + Math.abs(shown[i + 1] - paper[i + 1])
                    + Math.abs(shown[i + 2] - paper[i + 2]);
                if (diff > 90) drawn++;
            }
            return drawn;
        }""",
        pixel,
    )


@pytest.mark.parametrize(("page", "index"), PLAYGROUNDS)
def test_no_setting_hides_a_divergence(visit, base_url, page, index):
    """Every playground whose rate slider marks where it diverges (2/λmax): at the slider's
    end (in the open playground, a rate of 5 typed), and with the longest run drawn, a run
    that left the frame is cut on its edge and marked there in the canvas, with the step;
    never drawn to a point far outside."""
    _, pg = _open(visit, base_url, page, index)
    marked = pg.locator(".pg-slider.pg-has-marks input[type=range]")
    if _kind(pg) == "open":  # a rate typed far too large
        field = pg.locator('.pg-choice input[data-param="lr"]').first
        field.fill("5")
        field.press("Enter")
    elif marked.count():
        marked.first.focus()
        marked.first.press("End")
    else:
        pytest.skip("no rate slider with a divergence mark here")
    longest = pg.get_by_role("button", name="1000 steps", exact=True)
    if longest.count():
        longest.click()
    else:
        pg.locator(".pg-scrubber").focus()
        pg.locator(".pg-scrubber").press("End")
    state = pg.evaluate(STATE)
    left = [r for r in state["runs"] if r["exit"]]
    assert left, "at the largest rate, past 2/λmax, some run leaves the frame"
    for r in left:
        point = r["exit"]["point"]
        assert _inside(point, state["extent"])
        assert any(word in r["exit"]["text"] for word in ("diverged", "leaves", "escapes"))
        assert any(ch.isdigit() for ch in r["exit"]["text"])
        assert _marks_around(pg, r["exit"]["pixel"]) > 10
    assert "e+" not in pg.locator(".pg-body").inner_text()


def test_the_open_playground_asks_for_any_field_descent_gives(visit, base_url):
    """No code per optimizer: every field of every class is in the form, a number as a text
    field, True/False as a checkbox (torch's options: amsgrad, dampening), and so is a field
    the registry gains tomorrow (two invented here); each reaches the legend and the code."""
    import json
    import re

    def add_fields(route):
        html = route.fetch().text()
        match = re.search(r'(<script[^>]*id="descent-registry"[^>]*>)(.*?)(</script>)', html, re.S)
        data = json.loads(match.group(2))
        adam = data["optimizers"]["Adam"]
        adam["hyper"].append("foresight")
        adam["defaults"]["foresight"] = False
        adam["types"]["foresight"] = "bool"
        momentum = data["optimizers"]["Momentum"]
        momentum["hyper"].append("drag")
        momentum["defaults"]["drag"] = 0.0
        momentum["types"]["drag"] = "number"
        momentum["ranges"]["drag"] = {"min": 0, "max": 1}
        body = html[: match.start(2)] + json.dumps(data) + html[match.end(2) :]
        route.fulfill(response=route.fetch(), body=body)

    v = visit("about:blank")
    v.page.route("**/playground.html*", add_fields)
    v.page.goto(base_url + "playground.html?surface=beale&run=Adam(lr=0.03),Momentum(lr=1e-4)")
    pg = v.page.locator(".playground").first
    pg.locator("canvas").first.wait_for()

    def choice(words):
        return pg.locator(".pg-choice").filter(has=v.page.locator(f'[aria-label="{words}"]'))

    for name, spec in _registry(pg)["optimizers"].items():
        if not spec["vector"]:  # Muon, a matrix rule: not offered
            assert choice(spec["name"]).count() == 0, name
            continue
        fields = choice(spec["name"])
        for key in spec["hyper"]:
            field = fields.locator(f'input[data-param="{key}"]')
            if spec["types"][key] == "fixed":  # a name or a tuple, kept at its default
                assert field.count() == 0, (name, key)
                continue
            assert field.count() == 1, (name, key)
            want = "checkbox" if spec["types"][key] == "bool" else "text"
            assert field.get_attribute("type") == want, (name, key)
    adam, momentum = choice("Adam"), choice("momentum")
    adam.locator('input[data-param="amsgrad"]').check()
    adam.locator('input[data-param="foresight"]').check()
    drag = momentum.locator('input[data-param="drag"]')
    assert drag.input_value() == "0"
    drag.fill("2")
    drag.press("Tab")
    assert drag.get_attribute("aria-invalid") == "true"  # the registry's range, [0, 1]
    drag.fill("0.5")
    drag.press("Tab")
    dampening = momentum.locator('input[data-param="dampening"]')
    dampening.fill("0.25")
    dampening.press("Tab")
    legend = pg.locator(".pg-legend").inner_text()
    assert "Adam, α = 0.03, amsgrad, foresight:" in legend
    assert "momentum, α = 1.0\xa0×\xa010⁻⁴, τ = 0.25, drag = 0.5:" in legend
    pg.get_by_role("button", name="Copy as code").click()
    code = pg.locator("textarea.pg-code").input_value()
    assert "amsgrad=True, foresight=True)" in code
    assert "dampening=0.25, weight_decay=0, drag=0.5)" in code
    assert "torch.optim has no equivalent of foresight=True" in code
    assert "torch.optim has no equivalent of drag=0.5" in code
    assert not v.errors


def test_the_tilted_bowl_playground_runs_the_figures_ring_of_starts(visit, base_url):
    """As its figure: eight starts on a circle of radius 2.7 at α = 0.2, each path descent's;
    the slider moves them all (a rate past 2/λmax diverges every one)."""
    v, pg = _open(visit, base_url, "chapters/gradient-descent.html", 1)
    others = pg.evaluate("(el) => el.playground.others.map((r) => r.path)")
    angles = np.linspace(0, 2 * np.pi, 8, endpoint=False) + 0.3
    starts = 2.7 * np.column_stack([np.cos(angles), np.sin(angles)])
    bowl = descent.surfaces.Quadratic(np.array([[2.5, 1.5], [1.5, 2.5]]))
    expected = descent.run(descent.GradientDescent(lr=0.2), bowl, starts, 30).path
    assert len(others) == 8
    for k, path in enumerate(others):
        np.testing.assert_allclose(path[0], starts[k], rtol=1e-12)
        np.testing.assert_allclose(path[30], expected[30, k], rtol=1e-9, atol=1e-12)
    slider = pg.locator('input[type="range"]').last  # under the step scrubber: α
    slider.focus()
    slider.press("End")  # the largest rate, past 2/λmax = 0.5
    moved = pg.evaluate("(el) => el.playground.others.map((r) => r.path[1])")
    assert not np.allclose(moved, [p[1] for p in others])
    assert not v.errors
