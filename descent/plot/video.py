"""A blitting animation that saves fast: frames piped to ffmpeg (imageio-ffmpeg) or Pillow."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.backends.backend_agg import FigureCanvasAgg

__all__ = ["TrajectoryAnimation"]


class TrajectoryAnimation(FuncAnimation):
    """A :class:`~matplotlib.animation.FuncAnimation` whose ``save`` takes the fast path.

    Everything that does not move is drawn once; each frame only restores that background and
    draws the moving artists (blitting), and the frames are piped straight into ffmpeg (from
    ``imageio-ffmpeg``) for ``.mp4`` or into Pillow for ``.gif``. Other formats, or a figure on
    a non-Agg canvas, fall back to matplotlib's own ``save``.

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
        self.fig = fig
        self.frames = list(frames)
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
            interval=1000 / fps,
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
        """Save as ``.mp4`` (H.264) or ``.gif`` on the fast path; anything else via matplotlib.

        A GIF keeps at most 30 evenly spaced frames: it is a preview, and sphinx-gallery
        renders one for every animation as its thumbnail.
        """
        path = Path(filename)
        fps = fps or self.fps
        if dpi is None:
            dpi = plt.rcParams["savefig.dpi"]
        fast = isinstance(self.fig.canvas, FigureCanvasAgg) and path.suffix in (".mp4", ".gif")
        if fast and path.suffix == ".mp4":
            try:
                import imageio_ffmpeg
            except ImportError:
                fast = False
        if not fast:
            return super().save(filename, writer, fps, dpi, *args, **kwargs)
        if path.suffix == ".gif":
            # a GIF is a preview (sphinx-gallery's thumbnail): 30 evenly spaced frames at most
            keep = np.unique(np.linspace(0, len(self.frames) - 1, min(30, len(self.frames))))
            frames = self.rgba_frames(dpi, [self.frames[int(i)] for i in keep])
            fps = fps * len(keep) / len(self.frames)  # same duration as the video
        else:
            frames = self.rgba_frames(dpi)
        if path.suffix == ".gif":
            from PIL import Image

            images = [Image.fromarray(f).convert("RGB") for f in frames]
            images[0].save(
                path, save_all=True, append_images=images[1:], loop=0, duration=round(1000 / fps)
            )
            return None
        first = next(frames)
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
                "pad=ceil(iw/2)*2:ceil(ih/2)*2:color=white",
                "-crf",
                "27",
                "-preset",
                "medium",
                "-tune",
                "animation",
                "-movflags",
                "+faststart",
            ],
        )
        out.send(None)
        out.send(first)
        for frame in frames:
            out.send(frame)
        out.close()
        return None
