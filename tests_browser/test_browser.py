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
        pg.get_by_role("button", name="Reset", exact=True).click()
        pg.get_by_role("button", name="Step", exact=True).click()
        state = pg.evaluate(STATE)
        assert state["surface"] == name
        assert [r["optimizer"] for r in state["runs"]] == list(OPTIMIZERS)
        for r in state["runs"]:
            opt = OPTIMIZERS[r["optimizer"]](**r["hyper"])
            expected = descent.run(opt, ALL[name], np.array(state["start"]), 1).final
            np.testing.assert_allclose(r["path"][-1], expected, rtol=1e-9, atol=1e-12)
    assert not v.errors


def test_the_open_playground_keeps_its_state_in_the_url_and_writes_its_code(visit, base_url):
    run = "Adam(lr=0.03),Momentum(lr=1e-4,beta=0.8)"
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
    assert runs["Momentum"] == {"lr": 1e-4, "beta": 0.8, "dampening": 0, "weight_decay": 0}
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
    assert "torch.optim.SGD([x], lr=0.0001, momentum=0.8, dampening=0, weight_decay=0)" in code
    script = code.split("# the same with torch.optim")[0]
    namespace = {}
    exec(compile(script.replace("print(", "(lambda *a: None)("), "<playground>", "exec"), namespace)
    state = pg.evaluate(STATE)
    for traj, r in zip(namespace["runs"], state["runs"], strict=True):
        np.testing.assert_allclose(traj.final, r["path"][-1], rtol=1e-9, atol=1e-12)
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
