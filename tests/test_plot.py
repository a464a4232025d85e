"""The plotting layer: figure objects inspected, not pixels."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

import descent
from descent import plot
from descent.surfaces import ALL


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_every_optimizer_has_its_own_colour():
    assert len(set(plot.COLORS.values())) == len(plot.COLORS)
    for name, cls in descent.optimizers.ALL.items():
        assert plot.color(name) == plot.color(cls) == plot.COLORS[name]
    with pytest.raises(ValueError, match="opt must be one of"):
        plot.color("SGD")


@pytest.mark.parametrize("name", list(descent.optimizers.ALL))
def test_paths_and_animate_draw_a_run_of_every_optimizer(name):
    """One short run per optimizer on a 2D surface, in its colour and marker, labelled. Muon
    takes matrices only, and no objective of descent has a matrix parameter to plot: skipped."""
    cls = descent.optimizers.ALL[name]
    if name == "Muon":
        pytest.skip("Muon runs on matrices; descent has no matrix objective to draw")
    bowl = ALL["bowl"]
    traj = descent.run(cls(lr=0.01), bowl, np.array([1.5, -1.2]), steps=10)
    assert not traj.diverged.any()
    (line,) = plot.paths(plot.contour(bowl), [traj])
    assert line.get_label() == plot.label(cls(lr=0.01))
    assert line.get_color() == plot.COLORS[name]
    anim = plot.animate(bowl, traj, max_frames=5)
    anim._draw_next_frame(anim.new_frame_seq().__next__(), blit=False)


@pytest.mark.parametrize("name", [n for n, s in ALL.items() if s.dim == 2])
def test_contour_marks_the_minima_and_labels_the_axes(name):
    surface = ALL[name]
    ax = plot.contour(surface)
    stars = [line for line in ax.lines if line.get_marker() == "*"]
    if len(surface.minima):
        np.testing.assert_allclose(np.column_stack(stars[0].get_data()), surface.minima)
    assert ax.get_xlabel() == "$x$"
    assert ax.get_ylabel() == "$y$"
    assert ax.get_xlim() == surface.extent[:2]
    assert ax.get_ylim() == surface.extent[2:]


def test_animation_has_one_frame_per_step_and_moves_the_head():
    bowl = ALL["bowl"]
    traj = descent.run(descent.GradientDescent(lr=0.1), bowl, np.array([[1.5, 1.0]]), steps=20)
    anim = plot.animate(bowl, traj)
    assert anim.frames == list(range(21))
    artists = anim._update(5)
    head = next(a for a in artists if a.get_marker() == "o" and a.get_linestyle() == "None")
    np.testing.assert_allclose(np.column_stack(head.get_data())[0], traj.path[5, 0])
    text = next(a for a in artists if isinstance(a, matplotlib.text.Text))
    assert text.get_text().startswith("step 5")
    assert to_hex(head.get_color()) == plot.COLORS["GradientDescent"].lower()


def test_long_runs_are_subsampled_keeping_first_and_last():
    traj = descent.run(descent.Adam(lr=0.05), ALL["rosenbrock"], np.array([-1.0, 2.0]), steps=500)
    anim = plot.animate(ALL["rosenbrock"], traj, max_frames=50)
    assert len(anim.frames) == 50
    assert anim.frames[0] == 0
    assert anim.frames[-1] == 500


def test_panels_layout_and_loss_panel():
    bowl = ALL["elongated"]
    runs = [
        descent.run(o, bowl, np.array([-5.0, 2.0]), steps=10)
        for o in (descent.GradientDescent(lr=0.07), descent.Momentum(lr=0.02))
    ]
    anim = plot.animate(bowl, runs, layout="panels", loss=True)
    assert len(anim.fig.axes) == 3
    assert [ax.get_title() for ax in anim.fig.axes[:2]] == [plot.label(r.optimizer) for r in runs]
    assert anim.fig.axes[2].get_yscale() == "log"


def test_a_diverged_run_is_drawn_leaving_the_frame_and_says_so():
    bowl = ALL["bowl"]
    traj = descent.run(descent.GradientDescent(lr=1.2), bowl, np.array([1.0, 0.5]), steps=120)
    assert traj.diverged
    anim = plot.animate(bowl, traj)
    artists = anim._update(120)
    trail = artists[0]
    x, y = trail.get_data()
    drawn = np.column_stack([x, y])[np.isfinite(x)]
    inside = np.all(np.abs(drawn) <= 2, axis=1)  # the bowl's frame is ±2
    # the line runs up to the first point outside the frame and stops there
    assert inside[:-1].all()
    assert not inside[-1]
    texts = [a.get_text() for a in artists if isinstance(a, matplotlib.text.Text)]
    assert any("left the frame" in t and "diverged" in t for t in texts)
    lines = plot.paths(plot.contour(bowl), [traj])
    assert "diverged" in lines[0].get_label()


def test_momentum_velocity_is_drawn_as_an_arrow():
    bowl = ALL["elongated"]
    opt = descent.Momentum(lr=0.02)
    traj = descent.run(opt, bowl, np.array([-5.0, 2.0]), steps=10, record_state=True)
    anim = plot.animate(bowl, traj, state=True)
    quiver = next(a for a in anim._update(4) if isinstance(a, matplotlib.quiver.Quiver))
    np.testing.assert_allclose(quiver.U[0], -0.02 * traj.states.velocity[4, 0])
    np.testing.assert_allclose(quiver.get_offsets()[0], traj.path[4])


def test_adaptive_state_shows_per_coordinate_rates():
    bowl = ALL["elongated"]
    opt = descent.RMSProp(lr=0.1)
    traj = descent.run(opt, bowl, np.array([-5.0, 2.0]), steps=10, record_state=True)
    anim = plot.animate(bowl, traj, state=True)
    texts = [a.get_text() for a in anim._update(3) if isinstance(a, matplotlib.text.Text)]
    state = type(traj.states)(*(f[3] for f in traj.states))
    rate_x = opt.effective_lr(state)[0]
    assert any(f"{rate_x:.3g}" in t for t in texts)


def test_one_dimensional_animation_draws_the_tangent():
    parabola = ALL["parabola"]
    traj = descent.run(descent.GradientDescent(lr=0.1), parabola, np.array([1.5]), steps=10)
    anim = plot.animate(parabola, traj)
    artists = anim._update(0)
    lines = [a for a in artists if isinstance(a, matplotlib.lines.Line2D)]
    tangent = next(a for a in lines if a.get_linestyle() == "--")
    x, y = tangent.get_data()
    slope = (y[1] - y[0]) / (x[1] - x[0])
    assert slope == pytest.approx(2 * 1.5)  # J'(θ) = 2θ


def test_fast_save_writes_a_gif(tmp_path):
    traj = descent.run(descent.Adam(lr=0.1), ALL["himmelblau"], np.array([0.0, 0.0]), steps=5)
    anim = plot.animate(ALL["himmelblau"], traj)
    anim.save(tmp_path / "a.gif", dpi=20)
    from PIL import Image

    with Image.open(tmp_path / "a.gif") as gif:
        assert gif.n_frames == 6


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"layout": "grid"}, "layout must be"),
        ({"max_frames": 0}, "max_frames must be"),
        ({"state": True}, "record_state=True"),
    ],
)
def test_animate_rejects_bad_arguments(kwargs, match):
    traj = descent.run(descent.GradientDescent(lr=0.1), ALL["bowl"], np.ones(2), steps=3)
    with pytest.raises(ValueError, match=match):
        plot.animate(ALL["bowl"], traj, **kwargs)
    with pytest.raises(ValueError, match="at least one"):
        plot.animate(ALL["bowl"], [])


def test_loss_panel_below_stacks_the_axes():
    traj = descent.run(descent.Adam(lr=0.05), ALL["rosenbrock"], np.array([-1.5, 2.5]), steps=20)
    anim = plot.animate(ALL["rosenbrock"], traj, loss="below")
    surface_ax, loss_ax = anim.fig.axes
    assert loss_ax.get_position().y1 < surface_ax.get_position().y0  # underneath
    with pytest.raises(ValueError, match="loss must be"):
        plot.animate(ALL["rosenbrock"], traj, loss="left")


def test_a_gif_preview_keeps_at_most_thirty_frames_including_the_last(tmp_path):
    traj = descent.run(descent.Adam(lr=0.1), ALL["himmelblau"], np.array([0.0, 0.0]), steps=200)
    anim = plot.animate(ALL["himmelblau"], traj, max_frames=90)
    anim.save(tmp_path / "a.gif", dpi=20)
    from PIL import Image

    with Image.open(tmp_path / "a.gif") as gif:
        assert gif.n_frames == 30
        gif.seek(29)
        last = np.asarray(gif.convert("RGB"))
    first, final = (
        frame[: last.shape[0], : last.shape[1], :3].astype(int).copy()
        for frame in anim.rgba_frames(dpi=20, frames=[anim.frames[0], anim.frames[-1]])
    )
    # the last preview frame is the final state (GIF quantises colours: compare loosely)
    assert np.mean(np.abs(last - final)) < 10
    assert np.mean(np.abs(last - final)) < np.mean(np.abs(last - first))


def test_paths_draws_a_1d_run_on_its_curve():
    parabola = ALL["parabola"]
    traj = descent.run(descent.GradientDescent(lr=0.1), parabola, np.array([1.5]), steps=5)
    (line,) = plot.paths(plot.curve(parabola), [traj], surface=parabola)
    x, y = line.get_data()
    np.testing.assert_allclose(y[:6], x[:6] ** 2)  # every point lies on J(θ) = θ²
    with pytest.raises(ValueError, match="surface is needed"):
        plot.paths(plot.curve(parabola), [traj])
