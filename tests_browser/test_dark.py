"""Dark mode in a real browser: each theme shows its own variant of every gallery figure and
video, the theme's switch swaps them without a reload, and a reader downloads only the
variant they see (the other theme's images, posters and videos are never requested).

Run after ``nox -s docs`` (``nox -s browser``).
"""

from __future__ import annotations

import re

import pytest

from conftest import SITE

if not (SITE / "index.html").is_file():
    pytest.skip(
        f"the site is not built ({SITE / 'index.html'} is missing): run `nox -s docs` first",
        allow_module_level=True,
    )

#: pages with gallery stills, thumbnails and videos
PAGES = ["index.html", "auto_gallery/index.html", "chapters/adam.html", "chapters/race.html"]
#: a gallery file (still, thumbnail, poster, video) and whether it is a dark variant
GALLERY_FILE = re.compile(r"/(sphx_glr_plot_\w+?)(\.dark)?(\.poster)?\.(png|jpg|mp4)$")


def _open(browser, url, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="load")
    return context, page, requests


def _scroll_through(page):
    """Scroll to the bottom a screen at a time, so that every lazy image comes into view."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += 600) {
                window.scrollTo(0, y);
                await new Promise(r => setTimeout(r, 60));
            }
        }"""
    )
    page.wait_for_load_state("networkidle")


def _gallery_requests(requests):
    found = [GALLERY_FILE.search(u.split("?")[0]) for u in requests]
    return [(m.group(0), bool(m.group(2))) for m in found if m]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
def test_a_reader_fetches_only_the_media_of_their_theme(browser, base_url, page, scheme):
    context, tab, requests = _open(browser, base_url + page, scheme)
    try:
        _scroll_through(tab)
        got = _gallery_requests(requests)
        assert got, f"{page}: no gallery media was requested at all"
        wrong = [url for url, dark in got if dark != (scheme == "dark")]
        assert not wrong, f"{page} in {scheme} mode fetched the other theme's {wrong}"
    finally:
        context.close()


def test_the_theme_switch_swaps_figures_and_videos_without_a_reload(browser, base_url):
    context, tab, requests = _open(browser, base_url + "chapters/adam.html", "light")
    try:
        shown = """() => {
            const visible = el => getComputedStyle(el).display !== 'none';
            const imgs = [...document.querySelectorAll('img.descent-light, img.descent-dark')];
            const video = document.querySelector('video[data-src-dark]');
            return {
                images: imgs.filter(visible).map(i => i.getAttribute('src')),
                filters: imgs.filter(visible).map(i => getComputedStyle(i).filter),
                poster: video.getAttribute('poster'),
                source: video.querySelector('source').getAttribute('src'),
                theme: document.documentElement.dataset.theme,
            };
        }"""
        light = tab.evaluate(shown)
        assert light["theme"] == "light"
        assert light["images"]
        assert not any(".dark." in s for s in light["images"])
        assert ".dark." not in light["poster"]
        assert ".dark." not in light["source"]
        requests.clear()
        tab.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
        tab.wait_for_timeout(300)
        dark = tab.evaluate(shown)
        assert len(dark["images"]) == len(light["images"])
        assert all(".dark." in s for s in dark["images"]), dark["images"]
        assert all(f == "none" for f in dark["filters"]), "the theme dims a dark figure"
        assert ".dark." in dark["poster"]
        assert ".dark." in dark["source"]
        tab.wait_for_load_state("networkidle")
        assert any(".dark.poster." in u for u in requests), "the dark poster was not loaded"
        tab.evaluate("() => { document.documentElement.dataset.theme = 'light'; }")
        tab.wait_for_timeout(300)
        assert tab.evaluate(shown)["images"] == light["images"]
    finally:
        context.close()


def test_a_video_playing_when_the_theme_changes_plays_on_in_the_other(browser, base_url):
    context, tab, _requests = _open(browser, base_url + "chapters/adam.html", "light")
    try:
        tab.evaluate(
            """() => new Promise(resolve => {
                const video = document.querySelector('video[data-src-dark]');
                video.scrollIntoView();
                video.addEventListener('playing', resolve, { once: true });
                setTimeout(resolve, 8000);
            })"""
        )
        tab.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
        state = tab.evaluate(
            """() => new Promise(resolve => {
                const video = document.querySelector('video[data-src-dark]');
                const done = () => resolve({ src: video.currentSrc, paused: video.paused });
                video.addEventListener('playing', done, { once: true });
                setTimeout(done, 8000);
            })"""
        )
        assert ".dark." in state["src"], state
        assert not state["paused"], state
    finally:
        context.close()
