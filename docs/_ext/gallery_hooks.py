"""Hooks that sphinx-gallery imports by name (``"gallery_hooks.<function>"`` in ``conf.py``).

They live in a module rather than in ``conf.py`` because sphinx-gallery pickles its
configuration (for Sphinx's environment and for its parallel workers): a function object
defined in ``conf.py`` cannot be pickled and Sphinx warns, which fails a ``-W`` build. A
dotted string is imported where it is needed instead.
"""

from __future__ import annotations


def use_imageio_ffmpeg(gallery_conf, fname):
    """Point matplotlib at the ffmpeg binary that ships with imageio-ffmpeg.

    sphinx-gallery resets matplotlib's rcParams before every example, so setting
    ``animation.ffmpeg_path`` once in ``conf.py`` is not enough: this runs after the reset
    (it follows ``"matplotlib"`` in ``reset_modules``), in whichever process runs the example.
    No system ffmpeg is needed.
    """
    import imageio_ffmpeg
    import matplotlib

    matplotlib.rcParams["animation.ffmpeg_path"] = imageio_ffmpeg.get_ffmpeg_exe()
    # a video that starts playing before it has fully downloaded
    matplotlib.rcParams["animation.ffmpeg_args"] = ["-movflags", "+faststart"]


def prune_removed_examples(app) -> None:
    """Delete what sphinx-gallery wrote for scripts that no longer exist.

    sphinx-gallery never removes the page, downloads and images of a script that was renamed
    or deleted, and the orphaned page then fails the strict build ("document isn't included in
    any toctree"). Connected to ``builder-inited`` before sphinx-gallery runs (``conf.py``).
    """
    import glob
    import re
    from pathlib import Path

    def as_list(value):
        return [value] if isinstance(value, str) else list(value)

    conf = app.config.sphinx_gallery_conf
    srcdir = Path(app.srcdir)
    pairs = zip(as_list(conf["examples_dirs"]), as_list(conf["gallery_dirs"]), strict=True)
    for examples, gallery in pairs:
        examples, gallery = (srcdir / examples).resolve(), srcdir / gallery
        if not gallery.is_dir():
            continue
        # sphinx-gallery keeps a copy of every script it has processed next to its page
        for copy in gallery.rglob("*.py"):
            rel = copy.relative_to(gallery)
            if "images" in rel.parts or (examples / rel).is_file():
                continue
            stem = copy.stem
            images = re.compile(rf"sphx_glr_{re.escape(stem)}_(\d+|thumb)(\.[^/]*)?$")
            stale = list(copy.parent.glob(f"{glob.escape(stem)}.*"))
            stale += [p for p in copy.parent.glob("images/**/*") if images.match(p.name)]
            for path in stale:
                path.unlink()


class ReadingOrder:
    """Sort key of the gallery (``within_subsection_order``): the scripts in reading order.

    A script's place is the first chapter that shows it (the chapters' order is the numbered
    toctree of ``index.md``) and, within that chapter, where it first appears (a ``{beside}``,
    a link to its page, its thumbnail). Scripts no chapter uses come last, by name. A class,
    given to sphinx-gallery by its dotted name and instantiated with the gallery's folder, so
    that the configuration still pickles.
    """

    def __init__(self, src_dir):
        self.src_dir = str(src_dir)

    def __repr__(self) -> str:
        return "ReadingOrder"

    def __call__(self, filename) -> tuple:
        from pathlib import Path

        stem = Path(filename).stem
        return (*_reading_positions().get(stem, (float("inf"), 0)), stem)


def _reading_positions() -> dict[str, tuple[int, int]]:
    """``{script stem: (chapter number, offset in the chapter)}`` where each is first used."""
    import re
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent
    chapters = _chapters(docs)
    stems = sorted(p.stem for p in (docs.parent / "gallery").glob("plot_*.py"))
    # a stem, not the start of a longer one: plot_saddle in sphx_glr_plot_saddle_001.png, not
    # in plot_saddle_escape
    pattern = re.compile("|".join(rf"{re.escape(stem)}(?!_?[a-z])" for stem in stems))
    positions: dict[str, tuple[int, int]] = {}
    for number, chapter in enumerate(chapters, 1):
        text = (docs / f"{chapter}.md").read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            positions.setdefault(match.group(), (number, match.start()))
    return positions


_OPEN = '.. raw:: html\n\n    <div class="sphx-glr-thumbnails">\n\n.. thumbnail-parent-div-open\n'
_CLOSE = ".. thumbnail-parent-div-close\n\n.. raw:: html\n\n    </div>\n"
_CARD = '.. raw:: html\n\n    <div class="sphx-glr-thumbcontainer"'


def group_by_chapter(app, docname, source) -> None:
    """Split the gallery's one grid of thumbnails into one grid per chapter, under its title.

    sphinx-gallery makes sections only from subfolders; the scripts are one flat folder, in
    reading order (:class:`ReadingOrder`). Connected to ``source-read``, this rewrites the
    generated ``auto_gallery/index.rst`` in memory: before the first script of each chapter it
    closes the grid, writes the chapter's title as a section with a link to it, and opens a new
    grid. If sphinx-gallery's markup changes so that the grid is not found, the page is left as
    it is (one grid, still in reading order).
    """
    import re
    from pathlib import Path

    if docname != "auto_gallery/index":
        return
    text = source[0]
    start, end = text.find(_OPEN), text.find(_CLOSE)
    if start < 0 or end < start:
        return
    body = text[start + len(_OPEN) : end]
    cards = [c for c in body.split(_CARD) if c.strip()]
    if body.split(_CARD)[0].strip():  # something other than cards in the grid: leave it
        return
    docs = Path(__file__).resolve().parent.parent
    chapters = _chapters(docs)
    positions = _reading_positions()
    groups: list[tuple[int | None, list[str]]] = []
    for card in cards:
        stem = re.search(r"/auto_gallery/(plot_\w+)`", card)
        number = positions.get(stem.group(1), (None,))[0] if stem else None
        if not groups or groups[-1][0] != number:
            groups.append((number, []))
        groups[-1][1].append(_CARD + card)
    out = []
    for number, group in groups:
        if number is None:
            title, link = "More", ""
        else:
            chapter = chapters[number - 1]
            heading = re.search(r"^# (.+)$", (docs / f"{chapter}.md").read_text("utf-8"), re.M)
            title = f"{number} · {heading.group(1).strip()}"
            link = f":doc:`Read the chapter </{chapter}>`\n\n"
        out += [f"{title}\n{'-' * len(title)}\n\n{link}", _OPEN, "\n", *group, _CLOSE, "\n"]
    source[0] = text[:start] + "".join(out) + text[end + len(_CLOSE) :]


def _chapters(docs) -> list[str]:
    """The chapters' docnames, in the order of ``index.md``'s numbered toctree."""
    import re

    index = (docs / "index.md").read_text(encoding="utf-8")
    toctree = re.search(r"```\{toctree\}\n(?:.*\n)*?:caption: Chapters\n(.*?)```", index, re.S)
    chapters = [line.strip() for line in toctree.group(1).splitlines()]
    return [c for c in chapters if c and not c.startswith(":")]
