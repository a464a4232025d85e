"""A blitting animation that saves fast: frames piped to ffmpeg (imageio-ffmpeg) or Pillow."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colors as mcolors
from matplotlib.animation import FFMpegWriter, FuncAnimation, HTMLWriter, PillowWriter
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ._inputs import check_dpi, check_fps

__all__ = ["SAVE_FORMATS", "TrajectoryAnimation"]

#: What :meth:`TrajectoryAnimation.save` writes, by the file name's extension.
SAVE_FORMATS = {
    ".mp4": "H.264 video, frames piped to ffmpeg (needs imageio-ffmpeg)",
    ".gif": "a preview of at most 30 frames (Pillow)",
    ".html": "a page that plays the frames (matplotlib's HTMLWriter)",
}


class TrajectoryAnimation(FuncAnimation):
    """A :class:`~matplotlib.animation.FuncAnimation` whose ``save`` takes the fast path.

    Everything that does not move is drawn once; each frame only restores that background and
    draws the moving artists (blitting), and the frames are piped straight into ffmpeg (from
    ``imageio-ffmpeg``) for ``.mp4`` or into Pillow for ``.gif``. A figure on a non-Agg
    canvas, ``.html``, or an explicit matplotlib ``writer`` go through matplotlib's own
    ``save``.

    Parameters
    ----------
    fig : Figure
    update : callable
        ``update(frame)`` moves the artists to ``frame`` and returns the artists it changed.
    frames : iterable of int
        The frames, in order (at least one); each is passed to ``update``.
    artists : list of Artist
        Everything that moves; drawn on top of the static background in this order.
    fps : float
        Frames per second (positive).

    Attributes
    ----------
    fig : Figure
    frames : list of int
        The trajectory index shown by each frame.

    Examples
    --------
    Any blitted figure can use the fast path: give it the function that updates the moving
    artists and returns them.

    >>> import numpy as np
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> (dot,) = ax.plot([], [], "o")
    >>> def update(t):
    ...     dot.set_data([np.cos(t / 5)], [np.sin(t / 5)])
    ...     return [dot]
    >>> anim = TrajectoryAnimation(fig, update, range(30), [dot], fps=10)
    >>> frames = [frame.copy() for frame in anim.rgba_frames()]
    >>> len(frames), frames[0].shape[-1]
    (30, 4)
    """

    def __init__(self, fig, update, frames, artists, fps):
        fps = check_fps(fps)
        if not callable(update):
            raise ValueError(f"update must be a function of the frame, got {update!r}")
        self.fig = fig
        self.frames = list(frames)
        if not self.frames:
            raise ValueError("frames must hold at least one frame, got none")
        self.fps = fps
        self._update = update
        self._artists = artists
        for artist in artists:
            artist.set_animated(True)
        super().__init__(
            fig,
            update,
            frames=self.frames,
            init_func=lambda: artists,
            blit=True,
            interval=min(1000 / fps, 2**31 - 1),  # a GUI timer takes 32-bit milliseconds
            repeat=True,
        )

    def rgba_frames(self, dpi=None, frames=None):
        """Yield each frame (default: all) as an ``(height, width, 4)`` uint8 array.

        The array is a view of the canvas: copy it to keep it past the next frame.
        """
        frames = self.frames if frames is None else list(frames)
        fig = self.fig
        canvas = fig.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            raise TypeError("fast rendering needs an Agg canvas")
        old_dpi = fig.dpi
        if dpi not in (None, "figure"):
            fig.set_dpi(dpi)
        try:
            self._update(frames[0])
            canvas.draw()  # the static background, without the animated artists
            background = canvas.copy_from_bbox(fig.bbox)
            for frame in frames:
                canvas.restore_region(background)
                for artist in self._update(frame):
                    fig.draw_artist(artist)
                yield np.asarray(canvas.buffer_rgba())
        finally:
            fig.set_dpi(old_dpi)

    def save(self, filename, writer=None, fps=None, dpi=None, *args, **kwargs):
        """Save as ``.mp4`` (H.264) or ``.gif`` on the fast path, or ``.html``.

        A GIF keeps at most 30 evenly spaced frames: it is a preview, and sphinx-gallery
        renders one for every animation as its thumbnail.

        Parameters
        ----------
        filename : str or Path
            Ending in one of :data:`SAVE_FORMATS` (any extension, with an explicit
            ``writer``), in a folder that exists.
        writer : str or matplotlib MovieWriter, optional
            Ignored on the fast path (``.mp4`` and ``.gif`` from an Agg figure); otherwise
            passed to matplotlib's ``Animation.save``.
        fps : float, optional
            Frames per second (positive); default: the animation's.
        dpi : float, optional
            Resolution (positive); default: ``rcParams["savefig.dpi"]``.

        Notes
        -----
        It fails before writing anything: a ``ValueError`` for an extension not in
        :data:`SAVE_FORMATS` (without a ``writer``) or a bad ``fps`` or ``dpi``; a
        ``FileNotFoundError`` when the folder of ``filename`` does not exist; an
        ``ImportError`` for ``.mp4`` without imageio-ffmpeg (``pip install imageio-ffmpeg``).

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> fig, ax = plt.subplots()
        >>> (dot,) = ax.plot([0], [0], "o")
        >>> anim = TrajectoryAnimation(fig, lambda t: [dot], range(3), [dot], 10)
        >>> anim.save("a.avi")
        Traceback (most recent call last):
        ...
        ValueError: filename must end in one of .mp4, .gif, .html, got 'a.avi'
        >>> anim.save("a.mp4", fps=0)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: fps must be ...
        """
        path = Path(filename)
        asked_fps = fps
        fps = self.fps if fps is None else check_fps(fps)
        if dpi is None:
            dpi = plt.rcParams["savefig.dpi"]
        dpi = check_dpi(dpi)
        suffix = path.suffix.lower()
        if writer is None and suffix not in SAVE_FORMATS:
            raise ValueError(
                f"filename must end in one of {', '.join(SAVE_FORMATS)}, got {str(filename)!r}"
            )
        if not path.parent.is_dir():
            raise FileNotFoundError(
                f"filename {str(filename)!r}: the folder {str(path.parent)!r} does not exist"
            )
        fast = isinstance(self.fig.canvas, FigureCanvasAgg) and suffix in (".mp4", ".gif")
        if suffix == ".mp4" and (fast or writer is None):
            imageio_ffmpeg = _imageio_ffmpeg()
        if not fast:
            if writer is not None:  # the caller's choice: matplotlib's save, as it is
                # (an fps of our own would clash with a MovieWriter instance's)
                return super().save(filename, writer, asked_fps, dpi, *args, **kwargs)
            # matplotlib's writers, set up here: its default (a system ffmpeg) may be missing
            if suffix == ".mp4":
                with plt.rc_context({"animation.ffmpeg_path": imageio_ffmpeg.get_ffmpeg_exe()}):
                    return super().save(filename, FFMpegWriter(fps=fps), None, dpi, *args, **kwargs)
            make = HTMLWriter if suffix == ".html" else PillowWriter
            return super().save(filename, make(fps=fps), None, dpi, *args, **kwargs)
        if suffix == ".gif":
            # a GIF is a preview (sphinx-gallery's thumbnail): 30 evenly spaced frames at most
            keep = np.unique(np.linspace(0, len(self.frames) - 1, min(30, len(self.frames))))
            frames = self.rgba_frames(dpi, [self.frames[int(i)] for i in keep])
            fps = fps * len(keep) / len(self.frames)  # same duration as the video
            from PIL import Image

            images = [Image.fromarray(f).convert("RGB") for f in frames]
            images[0].save(
                path, save_all=True, append_images=images[1:], loop=0, duration=round(1000 / fps)
            )
            return None
        frames = self.rgba_frames(dpi)
        first = next(frames)
        # an odd width or height is padded by a pixel, in the figure's own background
        pad = mcolors.to_hex(self.fig.get_facecolor(), keep_alpha=False)
        out = imageio_ffmpeg.write_frames(
            str(path),
            (first.shape[1], first.shape[0]),
            pix_fmt_in="rgba",
            fps=fps,
            codec="libx264",
            pix_fmt_out="yuv420p",
            macro_block_size=1,
            quality=None,
            output_params=[
                "-vf",
                f"pad=ceil(iw/2)*2:ceil(ih/2)*2:color={pad}",
                "-crf",
                "27",
                "-preset",
                # not "medium": as small for these flat frames (within 5%), in half the time
                # (the site renders every animation twice, light and dark)
                "veryfast",
                "-tune",
                "animation",
                "-movflags",
                "+faststart",
            ],
        )
        out.send(None)
        try:
            out.send(first)
            for frame in frames:
                out.send(frame)
        finally:
            out.close()
        return None


def _imageio_ffmpeg():
    """The imageio_ffmpeg module, or an ImportError that says how to install it."""
    try:
        import imageio_ffmpeg
    except ImportError as err:
        raise ImportError(
            "saving an .mp4 needs imageio-ffmpeg (it ships its own ffmpeg): "
            "pip install imageio-ffmpeg"
        ) from err
    return imageio_ffmpeg
