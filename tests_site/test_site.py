"""What a reader gets: every chapter built, real videos within their budget, nothing loaded
from outside the site, pages light enough for a phone, math typeset by the site's own MathJax.

Run after ``nox -s docs`` (``nox -s check-site``); skipped, with the reason, if the site has
not been built.
"""

from __future__ import annotations

import re
import struct
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import CHAPTERS, REPO, SITE

if not (SITE / "index.html").is_file():
    pytest.skip(
        f"the site is not built ({SITE / 'index.html'} is missing): run `nox -s docs` first",
        allow_module_level=True,
    )

MAX_VIDEO_BYTES = 400 * 1024
MAX_VIDEO_SECONDS = 15.0
MAX_PAGE_BYTES = int(1.5 * 1024 * 1024)

# (tag, attribute) pairs through which a page loads something when it is displayed
RESOURCE_ATTRS = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    # the light and dark variants of a video (descent-video.js sets the theme's)
    ("video", "data-src-light"),
    ("video", "data-src-dark"),
    ("video", "data-poster-light"),
    ("video", "data-poster-dark"),
    ("audio", "src"),
    ("track", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
}
RESOURCE_LINK_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "manifest"}
THEMES = ("light", "dark")
#: the class beside.py gives an image shown in one theme only (site.css hides the other's)
THEME_CLASS = {"light": "descent-light", "dark": "descent-dark"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)


class Page(HTMLParser):
    """The tags of one page, with their attributes."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(path.read_text(encoding="utf-8"))
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attrs))
        self._in_style = tag == "style"
        if "style" in attrs:
            self.styles.append(attrs["style"])

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)

    def resources(self) -> list[tuple[str, str]]:
        """(tag, url) of everything the page loads to display itself."""
        found = []
        for tag, attrs in self.tags:
            for name, value in attrs.items():
                if (tag, name) in RESOURCE_ATTRS and value:
                    urls = [c.split()[0] for c in value.split(",") if c.strip()]
                    urls = urls if name == "srcset" else [value]
                    found += [(tag, url.strip()) for url in urls]
            rels = set(attrs.get("rel", "").lower().split())
            if tag == "link" and rels & RESOURCE_LINK_RELS and attrs.get("href"):
                found.append((tag, attrs["href"].strip()))
        return found

    def media(self, theme: str) -> list[tuple[str, str]]:
        """(tag, url) of the media a reader of ``theme`` downloads: not the other theme's
        images (hidden and lazy: never fetched), and of a video with a dark variant the
        theme's source and poster only (descent-video.js sets them before anything loads)."""
        other = THEME_CLASS[THEMES[1 - THEMES.index(theme)]]
        found, video = [], {}
        for tag, attrs in self.tags:
            if tag == "video":
                video = attrs
                if "data-src-dark" in attrs:
                    found += [
                        (tag, attrs[f"data-src-{theme}"]),
                        (tag, attrs[f"data-poster-{theme}"]),
                    ]
                elif attrs.get("poster"):
                    found.append((tag, attrs["poster"]))
            elif tag == "source" and "data-src-dark" in video:
                continue  # the video's own source is one of its data-src-*
            elif tag in ("img", "source", "audio", "track", "iframe", "embed", "object"):
                if other in attrs.get("class", "").split():
                    continue
                for name in ("src", "data"):
                    if attrs.get(name):
                        found.append((tag, attrs[name].strip()))
        return found

    def local_file(self, url: str) -> Path:
        return (self.path.parent / unquote(urlsplit(url).path)).resolve()


def _pages() -> list[Path]:
    return sorted(
        p for p in SITE.rglob("*.html") if not p.relative_to(SITE).parts[0].startswith("_")
    )


@cache
def page(path: Path) -> Page:
    return Page(path)


def _ids(paths):
    return [p.relative_to(SITE).as_posix() for p in paths]


PAGES = _pages()
CHAPTER_SOURCES = sorted(CHAPTERS.glob("*.md"))


def _is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme in ("http", "https") or url.startswith("//"))


def _videos() -> dict[Path, list[Path]]:
    """Every local video file, with the pages that show it."""
    videos: dict[Path, list[Path]] = {}
    for path in PAGES:
        for tag, url in page(path).resources():
            if tag in ("video", "source") and not _is_external(url):
                target = page(path).local_file(url)
                if target.suffix.lower() in (".mp4", ".webm", ".ogv", ".mov"):
                    videos.setdefault(target, []).append(path)
    return videos


VIDEOS = _videos()


# -- chapters -----------------------------------------------------------------------------------


def test_there_are_chapters():
    assert CHAPTER_SOURCES, f"no chapter in {CHAPTERS}"


@pytest.mark.parametrize("source", CHAPTER_SOURCES, ids=lambda p: p.stem)
def test_every_chapter_is_built(source):
    built = SITE / "chapters" / f"{source.stem}.html"
    assert built.is_file(), f"{source.name} has no page {built}"


def test_the_front_page_cards_are_the_chapters_in_reading_order_numbered_from_one():
    """The toctree is the one place that orders the chapters; the cards follow it."""
    index = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    toctree = re.search(r"```\{toctree\}\n(?::[^\n]*\n)*:caption: Chapters\n(.*?)```", index, re.S)
    assert toctree, "docs/index.md has no Chapters toctree"
    order = [line.strip() for line in toctree.group(1).splitlines() if line.strip()]
    order = [line for line in order if not line.startswith(":")]
    cards = re.findall(r":::\{grid-item-card\} (\d+) · [^\n]*\n:link: (chapters/[\w-]+)", index)
    assert [link for _, link in cards] == order
    assert [int(number) for number, _ in cards] == list(range(1, len(order) + 1))
    assert {f"chapters/{p.stem}" for p in CHAPTER_SOURCES} == set(order)


@pytest.mark.parametrize("name", ["index.html", "api/index.html", "auto_gallery/index.html"])
def test_main_pages_are_built(name):
    assert (SITE / name).is_file()


# -- videos -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES, ids=_ids(PAGES))
def test_every_referenced_file_exists(path):
    missing = [
        url
        for _tag, url in page(path).resources()
        if not _is_external(url)
        and not url.startswith(("data:", "blob:"))
        and not page(path).local_file(url).is_file()
    ]
    assert not missing, f"{path.name} loads files that are not in the site: {missing}"


def _mp4_brand(path: Path) -> bytes:
    """The major brand of an ISO media file's leading ``ftyp`` box (ValueError if none)."""
    with path.open("rb") as f:
        head = f.read(12)
    if len(head) < 12:
        raise ValueError("too short")
    size, box, brand = struct.unpack(">I4s4s", head)
    if box != b"ftyp" or size < 16:
        raise ValueError(f"first box is {box!r}, not 'ftyp'")
    return brand


@pytest.mark.parametrize("video", list(VIDEOS), ids=_ids(VIDEOS))
def test_video_is_a_small_short_browser_mp4(video):
    import imageio_ffmpeg

    shown_on = ", ".join(p.relative_to(SITE).as_posix() for p in VIDEOS[video])
    assert video.suffix == ".mp4", f"{video.name} ({shown_on}) should be an mp4"
    assert _mp4_brand(video) in (b"isom", b"iso2", b"iso5", b"mp41", b"mp42", b"avc1")
    size = video.stat().st_size
    assert size <= MAX_VIDEO_BYTES, f"{video.name} is {size / 1024:.0f} KB (> 400 KB)"
    reader = imageio_ffmpeg.read_frames(str(video))
    try:
        meta = next(reader)
    finally:
        reader.close()
    assert meta["duration"] <= MAX_VIDEO_SECONDS, f"{video.name} lasts {meta['duration']} s"
    # what every browser plays: H.264 in 4:2:0
    assert meta["codec"] == "h264", meta
    assert meta["pix_fmt"].startswith("yuv420p"), meta


def test_gallery_animations_are_videos():
    """sphinx-gallery renders each animation to an mp4 (matplotlib_animations)."""
    gallery_scripts = sorted(SITE.glob("auto_gallery/plot_*.html"))
    if not gallery_scripts:
        pytest.skip("the gallery has no scripts yet")
    rendered = {v.name for v in VIDEOS}
    assert all(name.startswith("sphx_glr_") for name in rendered)


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_every_card_has_a_still_thumbnail_of_one_size():
    """The gallery's and the front page's cards: one still PNG per script, all 400 × 280 (the
    main panel, cropped; no animated GIF, no letterboxed whole figure)."""
    scripts = sorted(p.stem for p in (REPO / "gallery").glob("plot_*.py"))
    thumbs = SITE / "_images"
    html = (SITE / "auto_gallery" / "index.html").read_text(encoding="utf-8")
    html += (SITE / "index.html").read_text(encoding="utf-8")
    used = set(re.findall(r'src="[^"]*?(sphx_glr_plot_\w+?_thumb(?:\.dark)?\.\w+)"', html))
    assert {f"sphx_glr_{s}_thumb.png" for s in scripts} <= used, "a script has no card"
    assert {f"sphx_glr_{s}_thumb.dark.png" for s in scripts} <= used, "a card has no dark one"
    assert all(name.endswith(".png") for name in used), sorted(used)
    for name in sorted(used):
        assert _png_size(thumbs / name) == (400, 280), name


def _dark_name(name: str) -> str:
    stem, _, ext = name.rpartition(".")
    return f"{stem}.dark.{ext}"


@pytest.mark.parametrize("path", PAGES, ids=_ids(PAGES))
def test_every_gallery_figure_and_video_has_its_dark_variant(path):
    """Every gallery image on a page (a still, a chapter's figure of one, a card's thumbnail)
    is shown in light mode only and followed by its dark variant, shown in dark mode only;
    every gallery video carries its dark source and poster (beside.py)."""
    tags = page(path).tags
    problems = []
    for i, (tag, attrs) in enumerate(tags):
        src = attrs.get("src", "")
        name = Path(unquote(urlsplit(src).path)).name
        if tag == "img" and name.startswith("sphx_glr_") and ".dark." not in name:
            # the next image (a scaled figure's image is inside a link to its full size)
            twin = next(((t, a) for t, a in tags[i + 1 :] if t not in ("a", "/a")), ("", {}))
            if THEME_CLASS["light"] not in attrs.get("class", "").split():
                problems.append(f"{name} is not marked light-only")
            elif twin[0] != "img" or THEME_CLASS["dark"] not in twin[1].get("class", "").split():
                problems.append(f"{name} is not followed by its dark variant")
            elif Path(twin[1]["src"]).name != _dark_name(name):
                problems.append(f"{name} is followed by {twin[1]['src']}")
            elif not page(path).local_file(twin[1]["src"]).is_file():
                problems.append(f"{twin[1]['src']} is missing")
            elif attrs.get("loading") != "lazy" or twin[1].get("loading") != "lazy":
                problems.append(f"{name} and its dark variant must load lazily")
        if tag == "video":
            light = attrs.get("data-src-light", "")
            if "sphx_glr_" not in light:
                problems.append(f"a video without light and dark sources: {attrs}")
                continue
            for key in ("data-src-dark", "data-poster-dark", "data-poster-light"):
                if not attrs.get(key) or not page(path).local_file(attrs[key]).is_file():
                    problems.append(f"{Path(light).name}: {key} is missing")
            if Path(attrs.get("data-src-dark", "")).name != _dark_name(Path(light).name):
                problems.append(f"{Path(light).name}: its dark source is {attrs['data-src-dark']}")
            if "poster" in attrs:
                problems.append(
                    f"{Path(light).name} has a poster in the HTML (fetched in dark mode)"
                )
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=_ids(PAGES))
def test_videos_are_polite(path):
    """Muted, inline, with controls and a poster; never `autoplay` in the HTML, so that a
    reader who asks for reduced motion gets the still frame (descent-video.js starts the rest).
    """
    for tag, attrs in page(path).tags:
        if tag != "video":
            continue
        name = attrs.get("poster") or attrs.get("src") or "a video"
        assert "autoplay" not in attrs, f"{name} autoplays in {path.name}"
        for needed in ("muted", "playsinline", "controls"):
            assert needed in attrs, f"{name} in {path.name} lacks {needed}"
        # a poster, or one per theme that descent-video.js sets (then none in the HTML)
        posters = [attrs.get("poster")] if "data-src-dark" not in attrs else []
        posters = posters or [attrs.get("data-poster-light"), attrs.get("data-poster-dark")]
        assert all(posters), f"{name} in {path.name} lacks a poster"
        assert all(page(path).local_file(p).is_file() for p in posters)
        assert "descent-autoplay" in attrs.get("class", "").split()


# -- nothing from outside -----------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES, ids=_ids(PAGES))
def test_page_loads_nothing_from_outside(path):
    outside = [f"<{tag}> {url}" for tag, url in page(path).resources() if _is_external(url)]
    for style in page(path).styles:
        outside += [f"style: {url}" for url in CSS_URL.findall(style)]
    assert not outside, f"{path.name} loads from outside the site: {outside}"


def test_stylesheets_load_nothing_from_outside():
    outside = {
        css.relative_to(SITE).as_posix(): found
        for css in SITE.rglob("*.css")
        if (found := CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")))
    }
    assert not outside, f"stylesheets load fonts or images from outside: {outside}"


# -- weight -------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("path", PAGES, ids=_ids(PAGES))
def test_page_with_its_media_is_light(path, theme):
    """The HTML and the media a reader of one theme downloads (images, posters, videos: the
    other theme's variants are never fetched, ``Page.media``), at most 1.5 MB. The theme's
    scripts, stylesheets and fonts and MathJax are shared by every page and cached once, so
    they are not counted."""
    media = {
        page(path).local_file(url) for _tag, url in page(path).media(theme) if not _is_external(url)
    }
    sizes = {p: p.stat().st_size for p in media if p.is_file()}
    total = path.stat().st_size + sum(sizes.values())
    heaviest = sorted(sizes, key=sizes.get, reverse=True)[:3]
    assert total <= MAX_PAGE_BYTES, (
        f"{path.name} ({theme}) weighs {total / 1e6:.2f} MB with its media; heaviest: "
        + ", ".join(f"{p.name} ({sizes[p] / 1e3:.0f} kB)" for p in heaviest)
    )


# -- math ---------------------------------------------------------------------------------------


def _mathjax_scripts() -> dict[Path, Path]:
    found = {}
    for path in PAGES:
        for tag, url in page(path).resources():
            if tag == "script" and "mathjax" in url.lower():
                found[path] = url
    return found


def test_mathjax_is_served_by_the_site():
    scripts = _mathjax_scripts()
    assert scripts, "no page loads MathJax, yet the title page has math"
    for path, url in scripts.items():
        assert not _is_external(url), f"{path.name} loads MathJax from {url}"
        assert page(path).local_file(url).is_file(), f"{path.name}: {url} is missing"
    fonts = list((SITE / "_static" / "mathjax" / "output" / "chtml" / "fonts").rglob("*.woff"))
    assert len(fonts) >= 10, "MathJax's CommonHTML fonts are not in the site"
    assert (SITE / "_static" / "mathjax" / "input" / "tex" / "extensions").is_dir()


# -- playgrounds ---------------------------------------------------------------------------------

REGISTRY = re.compile(
    r'<script(?=[^>]*\bid="descent-registry")(?=[^>]*\btype="application/json")[^>]*>(.*?)</script>',
    re.S,
)


def _playground_data():
    """``docs/_ext/playground_data.py``: what the directive writes into the pages."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "docs" / "_ext" / "playground_data.py"
    spec = importlib.util.spec_from_file_location("playground_data", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pages_with_a_playground_carry_descents_registry():
    """The playgrounds' scripts keep no copy of descent's optimizers: the page hands them the
    registry, and it is the library's as it is now (colours, hyperparameters, defaults)."""
    import json

    expected = _playground_data().registry()
    pages = [p for p in PAGES if 'class="playground' in p.read_text(encoding="utf-8")]
    assert pages, "no page has a playground"
    for path in pages:
        found = REGISTRY.findall(path.read_text(encoding="utf-8"))
        assert len(found) == 1, f"{path.name}: {len(found)} registries, expected 1"
        assert json.loads(found[0]) == expected, f"{path.name}: the registry is not descent's"


# -- dark mode ----------------------------------------------------------------------------------


def test_dark_figures_are_drawn_on_the_dark_pages_background():
    """The dark figures' background (descent.plot.style.DARK_BACKGROUND) is the page's, as the
    theme's stylesheets set it for dark mode (the last one loaded wins): a dark figure has no
    visible edge."""
    from descent.plot.style import DARK_BACKGROUND

    found = []
    for css in ("pydata-sphinx-theme.css", "sphinx-book-theme.css"):
        text = (SITE / "_static" / "styles" / css).read_text(encoding="utf-8")
        for block in re.findall(r"html\[data-theme=\"?dark\"?\]\{([^}]*)\}", text):
            found += re.findall(r"--pst-color-background:\s*(#[0-9a-fA-F]{3,6})", block)
    assert found, "the theme's stylesheets set no dark background"
    assert found[-1].upper() == DARK_BACKGROUND
