"""Check the internal links of a built site: ``python tests_site/check_links.py docs/_build/html``.

Every ``href``, ``src``, ``srcset`` and ``poster`` of every HTML page that points inside the
site must name a file that exists (a directory means its ``index.html``), and a ``#fragment``
into an HTML page must name an ``id`` (or ``name``) on that page. Links out of the site
(``http(s):``, ``mailto:``) are counted, not fetched: the build machine has no network.
Exit status 1 and one line per broken link if anything is broken.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRS = {"href", "src", "poster", "data"}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "ftp"}
IGNORED_SCHEMES = {"data", "javascript", "blob", "about"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, int]] = []  # (tag, url, line)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in URL_ATTRS and tag != "meta":
                self.urls.append((tag, value.strip(), line))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((tag, candidate.split()[0], line))


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def site_pages(root: Path) -> list[Path]:
    """The HTML pages of the site: not the theme's templates copied into ``_static/``."""
    return [
        path
        for path in sorted(root.rglob("*.html"))
        if not path.relative_to(root).parts[0].startswith("_")
    ]


def check_site(root: Path) -> tuple[list[str], dict[str, int]]:
    """Return the broken links (one message each) and counts of what was checked."""
    root = root.resolve()
    pages = {path: parse(path) for path in site_pages(root)}
    ids = {path: page.ids for path, page in pages.items()}
    broken: list[str] = []
    counts: dict[str, int] = defaultdict(int)
    counts["pages"] = len(pages)
    for path, page in pages.items():
        rel_page = path.relative_to(root).as_posix()
        for tag, url, line in page.urls:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme in EXTERNAL_SCHEMES or url.startswith("//"):
                counts["external"] += 1
                continue
            if scheme in IGNORED_SCHEMES or not url or url == "#":
                continue
            if scheme:
                broken.append(f"{rel_page}:{line}: <{tag}> {url}: unknown scheme {scheme!r}")
                continue
            counts["internal"] += 1
            if parts.path:
                target = (path.parent / unquote(parts.path)).resolve()
                if url.endswith("/") or target.is_dir():
                    target = target / "index.html"
            else:
                target = path
            if not target.is_relative_to(root):
                broken.append(f"{rel_page}:{line}: <{tag}> {url}: points outside the site")
            elif not target.is_file():
                rel = target.relative_to(root).as_posix()
                broken.append(f"{rel_page}:{line}: <{tag}> {url}: no file {rel}")
            elif parts.fragment and target.suffix == ".html":
                fragment = unquote(parts.fragment)
                target_ids = ids.get(target)
                if target_ids is None:
                    target_ids = ids[target] = parse(target).ids
                if fragment not in target_ids:
                    rel = target.relative_to(root).as_posix()
                    broken.append(f"{rel_page}:{line}: <{tag}> {url}: no id {fragment!r} in {rel}")
    return broken, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("docs/_build/html"))
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"no site in {args.site}: build it first (nox -s docs)", file=sys.stderr)
        return 2
    broken, counts = check_site(args.site)
    for message in broken:
        print(message)
    print(
        f"{counts['pages']} pages, {counts['internal']} internal links checked, "
        f"{len(broken)} broken; {counts['external']} external links not fetched (no network)"
    )
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
