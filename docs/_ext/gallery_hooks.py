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
