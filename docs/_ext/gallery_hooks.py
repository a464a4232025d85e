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
