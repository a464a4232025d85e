"""The site as a reader meets it: no layout defect on a phone, on a desktop or in dark mode.

Every page (front page, chapters, playground, claims, references, API, gallery) is loaded
once and looked at on a 1280 px desktop and a 390 px phone (the window resized), light and
dark (the browser's ``prefers-color-scheme``, which the theme follows, switched). One script
then checks, in each of the four views:

* the page does not pan sideways (``scrollWidth`` of the document at most the window's);
* no display equation and no code line is cut off: each either fits its box or scrolls in it
  (``overflow-x: auto``), and no ancestor that clips (``overflow: hidden``) hides part of it;
* no console error;
* canvases follow the theme: their background pixel is dark in dark mode, light in light mode;
* every coloured text of the playgrounds has at least 4.5:1 contrast with what is behind it,
  and in dark mode every optimizer's swatch at least 3:1 (a non-text mark; in light mode the
  swatches are descent's colours, those of the figures);
* the front page links every chapter.

Run after ``nox -s docs`` (``nox -s browser``).
"""

from __future__ import annotations

import pytest

from conftest import SITE

if not (SITE / "index.html").is_file():
    pytest.skip(
        f"the site is not built ({SITE / 'index.html'} is missing): run `nox -s docs` first",
        allow_module_level=True,
    )


def _pages(folder: str) -> list[str]:
    return sorted(p.relative_to(SITE).as_posix() for p in (SITE / folder).glob("*.html"))


CHAPTERS = _pages("chapters")
ROOT = ["index.html", "playground.html", "claims.html", "references.html"]
OTHERS = _pages("api") + _pages("auto_gallery")
WIDTHS = {"phone": 390, "desktop": 1280}

PAGES = ROOT + CHAPTERS + OTHERS
# each page is loaded once, then looked at in these four ways: the window resized, the
# colour scheme switched (the theme follows prefers-color-scheme, as for a reader whose
# system turns dark at night); resizing re-lays out and redraws what a fresh load would
VIEWS = [("desktop", "light"), ("phone", "light"), ("phone", "dark"), ("desktop", "dark")]

MIN_TEXT_CONTRAST = 4.5
MIN_MARK_CONTRAST = 3.0

# One evaluate: wait for MathJax and the playgrounds, then measure everything.
CHECK = r"""async () => {
  if (window.MathJax?.startup?.promise) await MathJax.startup.promise;
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  const frames = () => frame().then(frame);
  await frames();
  // after a resize the theme slides its sidebar back in (a CSS transition): measure the end
  const finite = document.getAnimations()
    .filter((a) => a.playState === "running" && a.effect?.getTiming().iterations !== Infinity);
  // (bounded: a transition on something not rendered may never report that it finished)
  const ended = Promise.all(finite.map((a) => a.finished.catch(() => null)));
  await Promise.race([ended, new Promise((done) => setTimeout(done, 1000))]);
  await frames();
  const out = {
    width: innerWidth, scrollWidth: document.scrollingElement.scrollWidth,
    theme: document.documentElement.dataset.theme,
    wide: [], clipped: [], canvases: [], contrast: [], chapterLinks: [],
  };
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const text = (el) => el.textContent.replace(/\s+/g, " ").trim().slice(0, 50);
  const name = (el) => `${el.tagName.toLowerCase()} "${text(el)}"`;

  // what makes the page wider than the window (elements not inside a scroller)
  if (out.scrollWidth > innerWidth) {
    const inside = "pre, mjx-container, .pst-scrollable-table-container";
    for (const el of document.querySelectorAll(".bd-main *")) {
      const r = el.getBoundingClientRect();
      // (the theme's hidden off-screen sidebars are not what a reader pans to); an element
      // ends where its box ends, or where its text does when that runs out of it (a word
      // too long for the line)
      const seen = el.checkVisibility({ visibilityProperty: true });
      const spills = getComputedStyle(el).overflowX === "visible";
      const end = spills ? Math.max(r.right, r.left + el.scrollWidth) : r.right;
      if (seen && r.width && end > innerWidth + 1 && !el.parentElement.closest(inside))
        out.wide.push(`${name(el)} ends at ${Math.round(end)} px`);
    }
    out.wide = out.wide.slice(-5); // the innermost: the culprit, not what holds it
  }

  // display math and code: fits, or scrolls itself; and no clipping ancestor cuts it
  for (const el of document.querySelectorAll('mjx-container[display="true"], pre')) {
    if (!el.getClientRects().length) continue; // folded away (a closed dropdown)
    if (el.scrollWidth > el.clientWidth + 1 && !scrolls(el)) {
      const size = `${el.scrollWidth} px in a ${el.clientWidth} px box`;
      out.clipped.push(`${name(el)}: ${size} that does not scroll`);
      continue;
    }
    const r = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox === "visible") continue;
      const ra = a.getBoundingClientRect();
      const out_ = r.right > ra.right + 1 || r.left < ra.left - 1;
      if (!["auto", "scroll"].includes(ox) && out_)
        out.clipped.push(`${name(el)}: cut by ${a.tagName}.${a.className} (overflow ${ox})`);
      break;
    }
  }

  // canvases: the luminance of a corner pixel (the plot's paper)
  for (const c of document.querySelectorAll("canvas.pg-canvas")) {
    const [r, g, b] = c.getContext("2d").getImageData(1, 1, 1, 1).data;
    out.canvases.push((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255);
  }

  // contrast of the playgrounds' coloured texts and swatches with what is behind them
  const rgba = (css) => (css.match(/[\d.]+/g) || [0, 0, 0, 0]).map(Number);
  const lin = (c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const ratio = (a, b) => {
    const [h, l] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (h + 0.05) / (l + 0.05);
  };
  const behind = (el) => {
    for (let a = el; a; a = a.parentElement) {
      const c = rgba(getComputedStyle(a).backgroundColor);
      if (c.length < 4 || c[3] > 0.5) return c;
    }
    return out.theme === "dark" ? [0, 0, 0] : [255, 255, 255];
  };
  const texts = [
    ".pg-mark", ".pg-bad", ".pg-error:not(:empty)", ".pg-legend li", ".pg-hint", ".pg-counter",
    ".pg-panel-title", ".pg-slider label", ".pg-caption",
  ].map((s) => `.playground ${s}`).join(", ");
  for (const el of document.querySelectorAll(texts)) {
    const k = ratio(rgba(getComputedStyle(el).color), behind(el));
    out.contrast.push({what: name(el), ratio: k, min: MIN_TEXT});
  }
  for (const el of document.querySelectorAll(".playground .pg-swatch")) {
    const k = ratio(rgba(getComputedStyle(el).borderTopColor), behind(el));
    const what = `swatch ${el.style.getPropertyValue("--pg-color")}`;
    out.contrast.push({what: what, ratio: k, min: MIN_MARK});
  }

  for (const a of document.querySelectorAll(".bd-article a[href]"))
    out.chapterLinks.push(new URL(a.href).pathname.split("/").slice(-2).join("/"));
  return out;
}""".replace("MIN_TEXT", str(MIN_TEXT_CONTRAST)).replace("MIN_MARK", str(MIN_MARK_CONTRAST))


def _problems(got, page, width, scheme):
    where = f"{page} at {WIDTHS[width]} px, {scheme}"
    found = []
    if got["theme"] != scheme:
        found.append(f"{where}: the theme is {got['theme']}")
    if got["scrollWidth"] > got["width"]:
        found.append(f"{where} is {got['scrollWidth']} px wide: {got['wide']}")
    found += [f"{where}: cut off: {c}" for c in got["clipped"]]
    for lum in got["canvases"]:
        if scheme == "dark" and lum >= 0.25:
            found.append(f"{where}: a playground's canvas stays light ({lum:.2f})")
        if scheme == "light" and lum <= 0.8:
            found.append(f"{where}: a playground's canvas is dark in light mode ({lum:.2f})")
    # the swatches are descent's colours (those of the figures) in light mode, checked dark only
    checked = [c for c in got["contrast"] if scheme == "dark" or not c["what"].startswith("swatch")]
    found += [
        f"{where}: too little contrast: {c['what']}: {c['ratio']:.2f}"
        for c in checked
        if c["ratio"] < c["min"]
    ]
    if page == "index.html":
        missing = set(CHAPTERS) - set(got["chapterLinks"])
        if missing:
            found.append(f"the front page does not link {sorted(missing)}")
    return found


@pytest.mark.parametrize("page", PAGES)
def test_layout(visit, base_url, page):
    v = visit(base_url + page)
    if v.page.locator(".playground").count():
        v.page.wait_for_selector(".playground.pg-ready canvas", timeout=15_000)
    problems = []
    for width, scheme in VIEWS:
        v.page.set_viewport_size({"width": WIDTHS[width], "height": 900})
        v.page.emulate_media(color_scheme=scheme)
        problems += _problems(v.page.evaluate(CHECK), page, width, scheme)
    assert not v.errors, f"{page}: console errors {v.errors}"
    assert not problems, "\n".join(problems)


def test_canvases_follow_a_change_of_theme(visit, base_url):
    """The reader flips the theme's switch: every canvas is drawn again in the other theme."""
    v = visit(base_url + "playground.html")
    v.page.wait_for_selector(".playground.pg-ready canvas")
    corner = """() => new Promise((done) => requestAnimationFrame(() => done(
        [...document.querySelectorAll('canvas.pg-canvas')].map((c) => {
            const [r, g, b] = c.getContext('2d').getImageData(1, 1, 1, 1).data;
            return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        }))))"""
    assert min(v.page.evaluate(corner)) > 0.8
    v.page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
    assert max(v.page.evaluate(corner)) < 0.25
    v.page.evaluate("() => { document.documentElement.dataset.theme = 'light'; }")
    assert min(v.page.evaluate(corner)) > 0.8
    assert not v.errors
