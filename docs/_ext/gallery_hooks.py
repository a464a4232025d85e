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
    """The chapters' docnames, in the order of ``index.md``'s numbered toctree.

    Read line by line: the toctree whose options include ``:caption: Chapters``. (A regular
    expression over the page backtracked for two seconds on every call, and sphinx-gallery
    calls :class:`ReadingOrder` once per script.)
    """
    blocks, block = [], None
    for line in (docs / "index.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```{toctree}"):
            block = []
        elif block is not None and line.startswith("```"):
            blocks.append(block)
            block = None
        elif block is not None:
            block.append(line.strip())
    chapters = next(b for b in blocks if ":caption: Chapters" in b)
    return [c for c in chapters if c and not c.startswith(":")]


THUMBNAIL_SIZE = (400, 280)  # the gallery's and the front page's cards: one aspect ratio


def scrape(block, block_vars, gallery_conf) -> str:
    """sphinx-gallery's matplotlib scraper, with the animations and thumbnails done our way.

    An animation is saved once, as the mp4 that the page plays, and as one still
    (sphinx-gallery's own scraper renders every animation a second time, as an animated GIF
    for its thumbnail, that :func:`cropped_thumbnails` would replace anyway). A still figure
    is saved as sphinx-gallery saves it. The first figure of a script also leaves its
    thumbnail source: its main panel as it ends (the last frame of an animation), cropped to
    the cards' aspect ratio (:func:`main_panel_thumbnail`).

    Each figure also leaves its dark variant beside it (:func:`dark_path`: ``….dark.png``,
    ``….dark.mp4`` and the dark thumbnail): the finished figure is restyled in place
    (:func:`descent.plot.style.restyle`, every colour mapped to its dark counterpart) and saved
    again; an animation renders its frames again from the restyled artists. The script runs
    once. ``beside.py`` shows whichever variant matches the reader's theme.
    """
    from pathlib import Path, PurePosixPath

    import matplotlib.pyplot as plt
    from matplotlib.animation import Animation
    from matplotlib.colors import to_rgba
    from sphinx_gallery.scrapers import (
        _ANIMATION_VIDEO_RST,
        HLIST_HEADER,
        HLIST_IMAGE_MATPLOTLIB,
        figure_rst,
    )

    from descent.plot.style import restyle

    anims = {a._fig: a for a in block_vars["example_globals"].values() if isinstance(a, Animation)}
    src_dir = gallery_conf["src_dir"]
    rsts = []
    paths = block_vars["image_path_iterator"]
    for number, image_path in zip(plt.get_fignums(), paths, strict=False):
        fig, image_path = plt.figure(number), PurePosixPath(image_path)
        first = image_path.stem.endswith("_001")
        if anim := anims.get(fig):
            video = image_path.with_suffix(".mp4")
            anim.save(video)
            dpi = plt.rcParams["savefig.dpi"]
            dpi = fig.dpi if dpi == "figure" else dpi
            width, height = fig.get_size_inches() * dpi
            # as sphinx-gallery asks: autoplay (which beside.PoliteVideos turns into playing
            # when scrolled into view, unless motion is reduced), loop if the animation repeats
            options = "   :autoplay:\n" + ("   :loop:\n" if getattr(anim, "_repeat", False) else "")
            uri = Path(video).relative_to(src_dir).as_posix()
            rsts.append(
                _ANIMATION_VIDEO_RST.format(
                    video=f"/{uri}", width=int(width), height=int(height), options=options
                )
            )
            # sphinx-gallery expects a still at image_path: the cropped last frame, which is
            # also the thumbnail source of a script that starts with an animation
            main_panel_thumbnail(fig, Path(image_path))
            _report(restyle(fig), image_path)
            anim.save(dark_path(video))
            main_panel_thumbnail(fig, dark_path(image_path))
            if first:
                for variant in (image_path, dark_path(image_path)):
                    thumb = _thumbnail_source(variant)
                    thumb.parent.mkdir(parents=True, exist_ok=True)
                    thumb.write_bytes(Path(variant).read_bytes())
        else:
            # a figure coloured on purpose keeps its colours (as sphinx-gallery does)
            keep = {
                attr: getattr(fig, f"get_{attr}")()
                for attr in ("facecolor", "edgecolor")
                if to_rgba(getattr(fig, f"get_{attr}")()) != to_rgba(plt.rcParams[f"figure.{attr}"])
            }
            fig.savefig(image_path, **keep)
            titles = ", ".join(t for t in (ax.get_title() for ax in fig.axes) if t)
            rsts.append(figure_rst([image_path], src_dir, titles))
            if first:
                main_panel_thumbnail(fig, _thumbnail_source(image_path))
            _report(restyle(fig), image_path)
            fig.savefig(
                dark_path(image_path), facecolor=fig.get_facecolor(), edgecolor=fig.get_edgecolor()
            )
            if first:
                main_panel_thumbnail(fig, _thumbnail_source(dark_path(image_path)))
    plt.close("all")
    if len(rsts) <= 1:
        return "".join(rsts)
    multi = [r.replace(":class: sphx-glr-single-img", ":class: sphx-glr-multi-img") for r in rsts]
    return HLIST_HEADER + "".join(HLIST_IMAGE_MATPLOTLIB + _indent(r, 6) for r in multi)


DARK_SUFFIX = ".dark"  # sphx_glr_x_001.png -> sphx_glr_x_001.dark.png (and .mp4, _thumb)


def dark_path(path):
    """Where the dark variant of a gallery image, video or thumbnail is: beside it, ``.dark``
    before its extension (``sphx_glr_plot_x_001.dark.mp4``)."""
    from pathlib import Path

    path = Path(path)
    return path.with_name(path.stem + DARK_SUFFIX + path.suffix)


def _report(unmapped, image_path) -> None:
    """Say which colours of a figure have no dark counterpart (they are left as they are)."""
    import sys

    if unmapped:
        name = getattr(image_path, "name", image_path)
        print(f"dark variant of {name}: no counterpart for {sorted(unmapped)}", file=sys.stderr)


def _indent(text: str, n: int) -> str:
    import textwrap

    return textwrap.indent(text, " " * n)


def _thumbnail_source(image_path):
    """Where :func:`scrape` leaves a script's cropped thumbnail (``images/thumb/crop/``)."""
    from pathlib import Path

    stem = Path(image_path).stem
    dark = DARK_SUFFIX if stem.endswith(DARK_SUFFIX) else ""
    stem = stem.removesuffix(DARK_SUFFIX).removesuffix("_001")  # sphx_glr_<script>
    return Path(image_path).parent / "thumb" / "crop" / f"{stem}_thumb{dark}.png"


def main_panel_thumbnail(fig, path, size=THUMBNAIL_SIZE) -> None:
    """Save the main panel of ``fig`` (its first axes at least half the largest's area) as a PNG.

    The panel is drawn alone, with its ticks, labels, title and what it holds, but without the
    other panels, a legend outside its frame or the figure's own legends and titles; cropped to
    its bounding box, at twice the pixels it needs, and centred on a card of the aspect ratio of
    ``size`` (pixels) in the figure's background colour.
    """
    import io

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox
    from PIL import Image

    panels = [ax for ax in fig.axes if ax.get_visible() and not hasattr(ax, "_colorbar")]
    if not panels:
        return
    areas = [ax.get_position().width * ax.get_position().height for ax in panels]
    # the first panel (where the scripts draw the paths), unless it is a small one of several
    main = next(ax for ax, a in zip(panels, areas, strict=True) if a >= 0.5 * max(areas))
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()  # lay the figure out as it is shown, then keep that layout while we crop
    engine = fig.get_layout_engine()
    fig.set_layout_engine("none")
    renderer = canvas.get_renderer()
    legend = main.get_legend()
    frame = main.get_window_extent(renderer)
    if legend is not None:
        (lx0, ly0), (lx1, ly1) = legend.get_window_extent(renderer).get_points()
        outside = not frame.contains((lx0 + lx1) / 2, (ly0 + ly1) / 2)
    else:
        outside = False
    hide = [ax for ax in fig.axes if ax is not main] + list(fig.legends) + list(fig.texts)
    hide += [t for t in (getattr(fig, "_suptitle", None), getattr(fig, "_supxlabel", None)) if t]
    hide += [legend] if outside else []
    shown = [artist.get_visible() for artist in hide]
    try:
        for artist in hide:
            artist.set_visible(False)
        box = main.get_tightbbox(renderer, bbox_extra_artists=[]).padded(4 * fig.dpi / 72)
        box = box.transformed(fig.dpi_scale_trans.inverted())
        box = Bbox(np.clip(box.get_points(), 0, fig.get_size_inches()))  # inches, in the figure
        buffer = io.BytesIO()
        dpi = 2 * max(size[0] / box.width, size[1] / box.height)
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches=box, pad_inches=0)
    finally:
        for artist, visible in zip(hide, shown, strict=True):
            artist.set_visible(visible)
        fig.set_layout_engine(engine)
    crop = Image.open(buffer).convert("RGB")
    width, height = size
    card_w = max(crop.width, round(crop.height * width / height))
    card_h = max(crop.height, round(crop.width * height / width))
    card = Image.new("RGB", (card_w, card_h), crop.getpixel((0, 0)))
    card.paste(crop, ((card_w - crop.width) // 2, (card_h - crop.height) // 2))
    path.parent.mkdir(parents=True, exist_ok=True)
    # 256 colours (median cut, refined by k-means, no dithering): the optimizers' colours and
    # the contours' greys come through, at half the bytes; the gallery's index shows them all
    card = card.resize(size, Image.Resampling.LANCZOS)
    card.quantize(256, method=Image.Quantize.MEDIANCUT, kmeans=4, dither=Image.Dither.NONE).save(
        path, optimize=True
    )


def cropped_thumbnails(app) -> None:
    """Give each gallery card the cropped main panel :func:`scrape` left for its script.

    sphinx-gallery makes a thumbnail from a script's first image (or, for an animation, from
    no image: its "no image" picture); this runs after it (``builder-inited``, after
    sphinx-gallery) and puts the crop in its place, and the dark crop beside it, unless the two
    are already the same bytes (so that an unchanged build copies nothing).
    """
    from pathlib import Path

    thumbs = Path(app.srcdir) / app.config.sphinx_gallery_conf["gallery_dirs"] / "images" / "thumb"
    for crop in sorted((thumbs / "crop").glob("*_thumb*.png")):  # and *_thumb.dark.png
        target = thumbs / crop.name
        if not target.is_file() or target.read_bytes() != crop.read_bytes():
            target.write_bytes(crop.read_bytes())
