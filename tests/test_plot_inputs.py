"""The plotting layer refuses hostile arguments with an error that names them, and saves safely."""

import math
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import descent
from descent import plot
from descent.surfaces import ALL, Quadratic

BOWL, PARABOLA = ALL["bowl"], ALL["parabola"]
NOT_POSITIVE = [0, -1, -0.5, math.nan, math.inf, -math.inf, "12", None, True]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def bowl_run(steps=3, start=(1.0, 0.5), lr=0.1):
    return descent.run(descent.GradientDescent(lr=lr), BOWL, np.array(start), steps=steps)


def parabola_run(steps=3):
    return descent.run(descent.GradientDescent(lr=0.1), PARABOLA, np.array([1.5]), steps=steps)


def tiny_animation(steps=3):
    return plot.animate(BOWL, bowl_run(steps), dpi=20)


# -- animate ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"layout": "grid"}, "layout must be one of 'overlay', 'panels', 'column'"),
        ({"layout": None}, "layout must be one of"),
        ({"loss": "left"}, "loss must be one of False, True, 'right', 'below'"),
        ({"loss": 1}, "loss must be one of"),
        ({"loss": np.array(["right"])}, "loss must be one of"),
        ({"max_frames": 0}, "max_frames must be"),
        ({"max_frames": 2.5}, "max_frames must be"),
        ({"figsize": (0, 3)}, "figsize must be"),
        ({"figsize": (3,)}, "figsize must be"),
        ({"figsize": "ab"}, "figsize must be"),
        ({"min_value": math.nan}, "min_value must be"),
        ({"legend": "top"}, "legend must be one of .*upper right"),
        ({"labels": ["a", "b"]}, r"labels must have one entry per trajectory \(1\)"),
        ({"labels": "one"}, "labels must have one entry"),
        ({"colors": []}, "colors must have one entry"),
        ({"panel_titles": ["a", "b"]}, r"panel_titles must have one entry per surface panel \(1\)"),
        ({"state": True}, "record_state=True"),
    ],
)
def test_animate_names_the_bad_argument(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        plot.animate(BOWL, bowl_run(), **kwargs)


@pytest.mark.parametrize("name", ["fps", "dpi"])
@pytest.mark.parametrize("value", NOT_POSITIVE)
def test_animate_wants_a_positive_finite_fps_and_dpi(name, value):
    # a value of the wrong kind (a string, None, a bool) is a TypeError, out of range a ValueError
    with pytest.raises((ValueError, TypeError), match=name):
        plot.animate(BOWL, bowl_run(), **{name: value})


@given(fps=st.floats(min_value=0, exclude_min=True, allow_infinity=False))
def test_any_positive_finite_fps_is_taken(fps):
    anim = plot.TrajectoryAnimation(plt.figure(), lambda t: [], [0], [], fps=fps)
    assert anim.fps == fps
    plt.close("all")


@given(fps=st.floats(max_value=0) | st.just(math.nan) | st.just(math.inf))
def test_a_non_positive_fps_is_refused_by_the_writer(fps):
    with pytest.raises(ValueError, match="fps"):
        plot.TrajectoryAnimation(plt.figure(), lambda t: [], [0], [], fps=fps)
    plt.close("all")


@pytest.mark.parametrize(
    ("trajectories", "match"),
    [
        ([], "trajectories must hold at least one Trajectory"),
        ((), "trajectories must hold at least one Trajectory"),
        (np.ones((3, 2)), r"trajectories\[0\] must be a Trajectory"),
        (5, "trajectories must be a Trajectory or a list"),
        ("path", r"trajectories\[0\] must be a Trajectory"),
    ],
)
def test_animate_wants_trajectories(trajectories, match):
    with pytest.raises(ValueError, match=match):
        plot.animate(BOWL, trajectories)


def test_a_trajectory_of_another_dimension_is_named():
    with pytest.raises(ValueError, match=r"trajectories\[1\] has dimension 1.*dim=2"):
        plot.animate(BOWL, [bowl_run(), parabola_run()])
    with pytest.raises(ValueError, match=r"trajectories\[0\] has dimension 2.*dim=1"):
        plot.animate(PARABOLA, bowl_run())


@pytest.mark.parametrize("surface", [Quadratic(np.eye(3)), "bowl", None])
def test_animate_wants_a_1d_or_2d_surface(surface):
    with pytest.raises(ValueError, match="surface must be 1D or 2D to animate"):
        plot.animate(surface, bowl_run())


# -- extent: a plotting window that leaves the surface alone -------------------------------------

BAD_EXTENTS_2D = [(0, 1), (0, 1, 0), (1, 0, 0, 1), (0, 1, 1, 1), (0, math.nan, 0, 1), "abcd", 3]


@pytest.mark.parametrize("extent", BAD_EXTENTS_2D)
@pytest.mark.parametrize(
    "draw", [plot.contour, lambda s, extent: plot.animate(s, bowl_run(), extent=extent)]
)
def test_a_bad_2d_extent_is_named(draw, extent):
    with pytest.raises(ValueError, match=r"extent must be \(x0, x1, y0, y1\) for a 2D surface"):
        draw(BOWL, extent=extent)


@pytest.mark.parametrize("extent", [(0, 1, 2, 3), (1, 0), (0, math.inf), ()])
def test_a_bad_1d_extent_is_named(extent):
    with pytest.raises(ValueError, match=r"extent must be \(x0, x1\) for a 1D surface"):
        plot.curve(PARABOLA, extent=extent)


@settings(max_examples=20)  # each example draws a contour plot
@given(
    corner=st.tuples(*[st.floats(-10, 10)] * 2),
    size=st.tuples(*[st.floats(0.1, 10)] * 2),
)
def test_extent_sets_the_window_and_leaves_the_surface_alone(corner, size):
    (x0, y0), (w, h) = corner, size
    extent = (x0, x0 + w, y0, y0 + h)
    before = BOWL.extent
    ax = plot.contour(BOWL, extent=extent, levels=3)
    assert ax.get_xlim() == pytest.approx(extent[:2])
    assert ax.get_ylim() == pytest.approx(extent[2:])
    assert BOWL.extent == before
    plt.close("all")


def test_animate_draws_a_run_leaving_the_given_window_as_leaving():
    traj = bowl_run(steps=20, start=(1.5, 0.0))  # 1.5, 1.2, 0.96, ...: leaves x <= 1 at step 2
    anim = plot.animate(BOWL, traj, extent=(-1, 1, -1, 1))
    assert BOWL.extent == (-2.0, 2.0, -2.0, 2.0)
    assert anim.fig.axes[0].get_xlim() == (-1.0, 1.0)
    texts = [a.get_text() for a in anim._update(20) if isinstance(a, matplotlib.text.Text)]
    assert not any("left the frame" in t for t in texts)  # it came back in: it does not stay out
    away = bowl_run(steps=20, start=(1.0, 0.5), lr=1.2)  # diverges
    anim = plot.animate(BOWL, away, extent=(-1.5, 1.5, -1.5, 1.5))
    texts = [a.get_text() for a in anim._update(20) if isinstance(a, matplotlib.text.Text)]
    assert any("left the frame" in t for t in texts)


# -- static drawings ----------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [0, 1, -3, 2.5, True, "20", None])
def test_contour_wants_at_least_two_levels(levels):
    with pytest.raises(ValueError, match="levels must be an integer >= 2"):
        plot.contour(BOWL, levels=levels)


def test_each_drawing_names_the_dimension_it_needs():
    with pytest.raises(ValueError, match="surface must be 2D for a contour plot, got dim=1"):
        plot.contour(PARABOLA)
    with pytest.raises(ValueError, match="surface must be 1D for a curve, got dim=2"):
        plot.curve(BOWL)
    with pytest.raises(ValueError, match=r"surface must be 2D .* got dim=3"):
        plot.contour(Quadratic(np.eye(3)))


@pytest.mark.parametrize("draw", [plot.paths, plot.loss_curves])
def test_static_trajectory_drawings_want_trajectories(draw):
    ax = plt.figure().add_subplot()
    with pytest.raises(ValueError, match="trajectories must hold at least one"):
        draw(ax, [])
    with pytest.raises(ValueError, match=r"trajectories\[0\] must be a Trajectory"):
        draw(ax, [np.zeros((3, 2))])
    with pytest.raises(ValueError, match="labels must have one entry"):
        draw(ax, [bowl_run()], labels=["a", "b"])


def test_paths_refuses_mixed_or_mismatched_dimensions():
    ax = plt.figure().add_subplot()
    with pytest.raises(ValueError, match="must all be 1D or all 2D"):
        plot.paths(ax, [bowl_run(), parabola_run()])
    with pytest.raises(ValueError, match=r"trajectories\[0\] has dimension 2.*dim=1"):
        plot.paths(ax, [bowl_run()], surface=PARABOLA)


def test_loss_curves_wants_a_finite_min_value():
    with pytest.raises(ValueError, match="min_value must be a finite number"):
        plot.loss_curves(plt.figure().add_subplot(), [bowl_run()], min_value=math.nan)


@pytest.mark.parametrize("opt", ["Adam", descent.Adam, 3])
def test_label_wants_an_optimizer_instance(opt):
    with pytest.raises(ValueError, match="opt must be an optimizer instance"):
        plot.label(opt)


# -- saving -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.avi", "a", "a.png", "a.MP3"])
def test_an_unknown_extension_lists_the_allowed_ones(tmp_path, name):
    with pytest.raises(ValueError, match=r"filename must end in one of \.mp4, \.gif, \.html"):
        tiny_animation().save(tmp_path / name)


@pytest.mark.parametrize("name", ["a.mp4", "a.gif", "a.html"])
def test_a_missing_folder_is_named(tmp_path, name):
    target = tmp_path / "no" / "such" / name
    with pytest.raises(FileNotFoundError, match="does not exist") as err:
        tiny_animation().save(target)
    assert str(target.parent) in str(err.value)
    assert not target.parent.exists()


@pytest.mark.parametrize("fps", NOT_POSITIVE[:-3])
@pytest.mark.parametrize("name", ["a.mp4", "a.gif"])
def test_save_wants_a_positive_finite_fps(tmp_path, name, fps):
    with pytest.raises(ValueError, match="fps"):
        tiny_animation().save(tmp_path / name, fps=fps)
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("dpi", [0, -100, math.nan])
def test_save_wants_a_positive_dpi(tmp_path, dpi):
    with pytest.raises(ValueError, match="dpi"):
        tiny_animation().save(tmp_path / "a.gif", dpi=dpi)


def test_mp4_without_imageio_ffmpeg_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # `import imageio_ffmpeg` fails
    with pytest.raises(ImportError, match="pip install imageio-ffmpeg"):
        tiny_animation().save(tmp_path / "a.mp4")
    assert not (tmp_path / "a.mp4").exists()
    tiny_animation().save(tmp_path / "a.gif", dpi=20)  # a GIF needs only Pillow
    assert (tmp_path / "a.gif").stat().st_size > 0


def test_save_writes_an_mp4(tmp_path):
    tiny_animation().save(tmp_path / "a.mp4", dpi=30)
    with open(tmp_path / "a.mp4", "rb") as f:
        assert f.read(12)[4:8] == b"ftyp"  # an MP4 container


def test_save_writes_html(tmp_path):
    tiny_animation(steps=2).save(tmp_path / "a.html", dpi=20)
    assert "<script" in (tmp_path / "a.html").read_text()


def test_jupyter_can_show_an_animation():
    # to_jshtml saves through an HTMLWriter instance, which must not also be given an fps
    assert "<script" in tiny_animation(steps=2).to_jshtml()


def test_an_explicit_writer_goes_to_matplotlib(tmp_path):
    from matplotlib.animation import PillowWriter

    tiny_animation(steps=2).save(tmp_path / "a.webp", writer=PillowWriter(fps=5), dpi=20)
    assert (tmp_path / "a.webp").stat().st_size > 0


def test_the_writer_wants_frames():
    with pytest.raises(ValueError, match="frames must hold at least one frame"):
        plot.TrajectoryAnimation(plt.figure(), lambda t: [], [], [], fps=10)


def test_a_non_agg_figure_saves_through_matplotlib_without_warnings(tmp_path):
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    anim = tiny_animation(steps=2)
    FigureCanvasSVG(anim.fig)  # no blitting on this canvas: matplotlib's own writers
    anim.save(tmp_path / "a.gif", dpi=20)
    from PIL import Image

    with Image.open(tmp_path / "a.gif") as gif:
        assert gif.n_frames == 3
