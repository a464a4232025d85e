"""Sphinx extension: a gallery animation beside the equation it illustrates.

In a MyST chapter::

    ::::{beside} plot_gd_1d
    :caption: Each step moves against the slope, by α times the slope.
    :name: fig-gd-1d

    ```{math}
    :label: eq-gd-1d
    \\theta_{t+1} = \\theta_t - \\alpha\\, J'(\\theta_t)
    ```
    ::::

The argument names a sphinx-gallery script (``gallery/plot_gd_1d.py``); the directive plays
the mp4 that sphinx-gallery rendered from its animation (``auto_gallery/images/
sphx_glr_plot_gd_1d_001.mp4``) next to the content, side by side when the column is wide and
stacked when it is narrow (``beside.css``), with the caption and a link to the full script
page (where the ``.py`` and ``.ipynb`` downloads are). A script that makes several
animations takes ``:figure: N`` (its N-th figure). A missing video or a wrong script name
fails the build.

Every video sits in a box that carries its aspect ratio (``--descent-ar``, width / height, in
the box's ``style``), and so does the ``{beside}`` block: ``beside.css`` caps the height of a
video at what a screen shows at once and makes the box (and the beside column) only as wide
as the capped video, so that a tall, stacked figure neither runs 1,000 px down the page nor
pushes its equation away from the sentence that leads into it.

Every video on the site (these and those on the gallery pages) is also made quiet and
polite here: muted, inline on phones, looping where sphinx-gallery asked for it, with a
still poster (the last frame, so a reader who never presses play still sees the whole
path) and ``preload="none"``. No video carries ``autoplay`` in the HTML: ``descent-video.js``
starts the ones marked ``descent-autoplay`` when they scroll into view, unless the reader
asked for reduced motion, who gets the poster and a play button instead. For the same
reasons the gallery's thumbnails are stills (``gallery_hooks.scrape``).

**Dark mode.** Every gallery figure, video, poster and thumbnail has a dark variant beside it
(``….dark.png``, ``….dark.mp4``: ``gallery_hooks.scrape``), and a reader sees the one of the
theme they read in, switching with the theme's toggle, without a reload, and downloading only
that one. An image (a gallery still, a chapter's ``{figure}`` of one, a card's thumbnail) is
followed by its dark twin (:class:`DarkImages`): the two are ``loading="lazy"`` and the
stylesheet hides the other theme's, so the browser never fetches it (a lazy image that is not
displayed is not loaded). A video carries both variants in ``data-src-light``/``-dark`` and
``data-poster-light``/``-dark`` and no ``poster`` attribute: ``descent-video.js`` gives it
the poster and source of the current theme before anything loads (it is ``preload="none"``)
and swaps them when the theme changes. Without JavaScript a video has no poster.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import urllib.parse
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri
from sphinx.util.typing import OptionSpec
from sphinxcontrib.video import (
    depart_video_node_html,
    get_video,
    video_node,
    visit_video_node_html,
)

logger = logging.getLogger(__name__)

AUTOPLAY_CLASS = "descent-autoplay"  # descent-video.js plays these unless motion is reduced
POSTER_SUFFIX = ".poster.jpg"
DARK_SUFFIX = ".dark"  # the dark variant of x.png is x.dark.png (gallery_hooks.dark_path)
DARK_CLASSES = {"light": "descent-light", "dark": "descent-dark"}  # site.css shows one


def dark_variant(path: str) -> str:
    """The path (or URI) of the dark variant of an image or video: ``.dark`` before the
    extension."""
    stem, dot, ext = path.rpartition(".")
    return f"{stem}{DARK_SUFFIX}.{ext}" if dot else path + DARK_SUFFIX


class ratio_box(nodes.container):
    """A container that tells the stylesheet the aspect ratio of the video in it.

    In HTML ``<div class="... docutils container" style="--descent-ar: 0.4792">`` (width /
    height); other builders see a plain container (Sphinx's translators fall back on the
    visitor of the base class).
    """


def _visit_ratio_box_html(translator, node: ratio_box) -> None:
    ratio = node.get("ratio")
    style = {"style": f"--descent-ar: {ratio:.4f}"} if ratio else {}
    translator.body.append(translator.starttag(node, "div", CLASS="docutils container", **style))


def _depart_ratio_box_html(translator, node: ratio_box) -> None:
    translator.body.append("</div>\n")


def _gallery_dir(config) -> str:
    return config.beside_gallery_dir.strip("/")


def _video_rel(config, example: str, figure: int) -> str:
    return f"{_gallery_dir(config)}/images/sphx_glr_{example}_{figure:03d}.mp4"


def _script_label(config, example: str) -> str:
    # sphinx-gallery's label of an example page: its path from the source dir, "/" -> "_"
    return f"sphx_glr_{_gallery_dir(config).replace('/', '_')}_{example}.py"


class Beside(SphinxDirective):
    """``{beside} <example>``: content on one side, the example's animation on the other."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[OptionSpec] = {
        "figure": directives.positive_int,
        "caption": directives.unchanged,
        "alt": directives.unchanged,
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        example = self.arguments[0].removesuffix(".py")
        srcdir = Path(self.env.srcdir)
        images = srcdir / _gallery_dir(self.config) / "images"
        if "figure" in self.options:
            video = _video_rel(self.config, example, self.options["figure"])
            if not (srcdir / video).is_file():
                raise self.error(f"beside: {video} does not exist (is :figure: right?)")
        else:
            found = sorted(images.glob(f"sphx_glr_{example}_[0-9][0-9][0-9].mp4"))
            if len(found) != 1:
                what = "no animation" if not found else f"{len(found)} animations"
                raise self.error(
                    f"beside: {what} rendered for {example!r} in {images}"
                    + (" (choose one with :figure: N)" if found else "")
                    + "; is it a gallery script that leaves a FuncAnimation in a variable?"
                )
            video = found[0].relative_to(srcdir).as_posix()

        text = nodes.container(classes=["beside-text"])
        text += self.parse_content_to_nodes()

        media = nodes.figure(classes=["beside-media"])
        self.add_name(media)
        media += video_node(
            sources=[get_video("/" + video, self.env)],
            alt=self.options.get("alt", "Animation; the full script is linked below."),
            autoplay=False,
            controls=True,
            controlslist="",
            height="",
            loop=True,
            muted=True,
            poster="",
            preload="none",
            width="",
            klass=f"beside-video {AUTOPLAY_CLASS}",
            playsinline=True,
            align="default",
            caption="",
            figwidth="",
        )
        if "caption" in self.options:
            inline, messages = self.parse_inline(self.options["caption"], lineno=self.lineno)
            media += nodes.caption(self.options["caption"], "", *inline)
            media += messages
        link = pending_xref(
            "",
            nodes.inline("", example + ".py"),
            refdomain="std",
            reftype="ref",
            reftarget=_script_label(self.config, example),
            refexplicit=False,
            refwarn=True,
        )
        media += nodes.legend(
            "", nodes.paragraph("", "", nodes.Text("Full script: "), link, classes=["beside-link"])
        )

        grid = nodes.container(classes=["beside-grid"])
        grid += [text, media]
        # full-width: sphinx-book-theme lets it grow into the right margin on a wide screen
        # its --descent-ar is the video's, set with the video's size (PoliteVideos)
        outer = ratio_box(classes=["beside", "full-width", *self.options.get("class", [])])
        outer += grid
        self.set_source_info(outer)
        return [outer]


def _media_info(path: Path) -> dict:
    """Frame size and duration of a video, read by imageio-ffmpeg (no system ffmpeg)."""
    import imageio_ffmpeg

    reader = imageio_ffmpeg.read_frames(str(path))
    try:
        return next(reader)
    finally:
        reader.close()


def make_poster(video: Path) -> Path:
    """The last frame of ``video`` as a JPEG still beside it (remade when the video changes)."""
    import imageio_ffmpeg

    poster = video.with_name(video.stem + POSTER_SUFFIX)
    if poster.is_file() and poster.stat().st_mtime >= video.stat().st_mtime:
        return poster
    # one temporary file per process: with parallel reading (-j), the chapter and the gallery
    # page that show the same video can make its poster at the same time
    tmp = poster.with_name(f"{poster.stem}.{os.getpid()}.tmp.jpg")
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-sseof", "-0.5"]
    cmd += ["-i", str(video), "-update", "1", "-q:v", "5", str(tmp)]
    subprocess.run(cmd, check=True, capture_output=True)
    tmp.replace(poster)
    return poster


class PoliteVideos(SphinxTransform):
    """Give every local video a poster, its real size, mute and JS-driven autoplay.

    Runs when a document is read, on the videos of ``{beside}`` and on those sphinx-gallery
    writes into its example pages (``.. video:: ... :autoplay:``).
    """

    default_priority = 900

    def apply(self, **kwargs) -> None:
        env = self.env
        for node in list(self.document.findall(video_node)):  # _box() moves them
            src, _type, is_remote = node["sources"][0]
            if is_remote:
                continue
            path = Path(env.srcdir) / src
            node["muted"] = node["playsinline"] = True
            node["preload"] = "none"
            if node["autoplay"]:
                node["autoplay"] = False
                node["klass"] = f"{node['klass']} {AUTOPLAY_CLASS}".strip()
            try:
                info = _media_info(path)
                poster = make_poster(path)
            except (OSError, RuntimeError, StopIteration, subprocess.CalledProcessError) as err:
                logger.warning("cannot read video %s: %s", src, err, location=node)
                continue
            width, height = info["size"]
            node["width"], node["height"] = str(width), str(height)
            _box(node, width / height)
            poster_rel = poster.relative_to(env.srcdir).as_posix()
            env.images.add_file(env.docname, poster_rel)
            node["poster_src"] = poster_rel
            dark = path.with_name(dark_variant(path.name))
            if dark.is_file():
                try:
                    dark_poster = make_poster(dark)
                except (OSError, subprocess.CalledProcessError) as err:
                    logger.warning("cannot read video %s: %s", dark, err, location=node)
                    continue
                for key, file in (("dark_src", dark), ("dark_poster_src", dark_poster)):
                    node[key] = file.relative_to(env.srcdir).as_posix()
                    env.images.add_file(env.docname, node[key])


def _box(video: video_node, ratio: float) -> None:
    """Put ``video`` in a ratio box (once), and tell an enclosing ``{beside}`` its ratio."""
    parent = video.parent
    if not (isinstance(parent, ratio_box) and "descent-video-box" in parent["classes"]):
        box = ratio_box(classes=["descent-video-box"])
        video.replace_self(box)
        box += video
        parent = box
    parent["ratio"] = ratio
    while parent is not None:
        if isinstance(parent, ratio_box) and "beside" in parent["classes"]:
            parent["ratio"] = ratio
            break
        parent = parent.parent


def _resolve_posters(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Copy each poster with the images and point the video at it from this page."""
    builder = app.builder
    if builder.format != "html":
        return
    images_dir = relative_uri(builder.get_target_uri(docname), builder.imagedir)

    def uri(src):
        builder.images[src] = app.env.images[src][1]
        return posixpath.join(images_dir, urllib.parse.quote(builder.images[src]))

    for node in doctree.findall(video_node):
        src = node.get("poster_src")
        if src and src in app.env.images:
            node["poster"] = uri(src)
        if node.get("dark_src") in app.env.images and node.get("dark_poster_src") in app.env.images:
            # descent-video.js sets the poster of the reader's theme: none in the HTML, or a
            # dark reader would fetch the light one first
            node["themed"] = {
                "data-poster-light": node["poster"],
                "data-poster-dark": uri(node["dark_poster_src"]),
                "data-src-dark": uri(node["dark_src"]),
            }
            node["poster"] = ""


def _visit_video_html(translator, node: video_node) -> None:
    """sphinxcontrib-video's <video>, with the light and dark variants of a themed video."""
    visit_video_node_html(translator, node)
    themed = node.get("themed")
    if not themed:
        return
    html = translator.body[-1]
    source = html.index('<source src="') + len('<source src="')
    light = html[source : html.index('"', source)]
    attrs = {"data-src-light": light, **themed}
    extra = " ".join(f'{k}="{v}"' for k, v in attrs.items())
    translator.body[-1] = html.replace("<video ", f"<video {extra} ", 1)


class DarkImages(SphinxTransform):
    """Follow every image that has a dark variant (``x.dark.png`` beside ``x.png``) with it.

    The light image gets the class ``descent-light``, its twin ``descent-dark`` (and the
    theme's ``dark-light``, which spares it the theme's dimming filter); both load lazily, so
    that the one site.css hides is never fetched. sphinx-gallery's ``image-sg`` nodes (its
    stills) become plain images first (with one file they are one). Not ``only-light`` /
    ``only-dark``: the theme also hides the caption that follows such an image.
    """

    # before the images are collected: the doctree-read event is a transform of priority 880
    default_priority = 870

    def apply(self, **kwargs) -> None:
        from sphinx_gallery.directives import imgsgnode

        for node in list(self.document.findall(imgsgnode)):
            classes = node.get("class") or []
            image = nodes.image(uri=node["uri"], alt=node.get("alt", ""), classes=list(classes))
            node.replace_self(image)
        for node in list(self.document.findall(nodes.image)):
            uri = node["uri"]
            if "://" in uri or DARK_SUFFIX + "." in uri or DARK_CLASSES["light"] in node["classes"]:
                continue
            _rel, path = self.env.relfn2path(uri, self.env.docname)
            if not Path(path).with_name(dark_variant(Path(path).name)).is_file():
                continue
            twin = node.deepcopy()
            twin["uri"] = dark_variant(uri)
            twin.attributes.pop("candidates", None)
            node["classes"].append(DARK_CLASSES["light"])
            twin["classes"] += [DARK_CLASSES["dark"], "dark-light"]
            node["loading"] = twin["loading"] = "lazy"
            node.parent.insert(node.parent.index(node) + 1, twin)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.video")
    app.add_node(video_node, override=True, html=(_visit_video_html, depart_video_node_html))
    app.add_config_value("beside_gallery_dir", "auto_gallery", "env", types=[str])
    app.add_node(ratio_box, html=(_visit_ratio_box_html, _depart_ratio_box_html))
    app.add_directive("beside", Beside)
    app.add_transform(PoliteVideos)
    app.add_transform(DarkImages)
    app.connect("doctree-resolved", _resolve_posters)
    app.add_css_file("beside.css")
    app.add_js_file("descent-video.js", loading_method="defer")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
