"""The house style: a palette legible for colour-blind readers and on a dark page, text sizes
readable where the figures are shown, and a path that leaves the frame marked at the edge."""

import itertools

import matplotlib.markers
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb

import descent
from descent.plot import style
from descent.surfaces import ALL

#: The page's dark-mode background (tests_site checks it is the theme's).
DARK = style.DARK_BACKGROUND

#: Machado, Oliveira & Fernandes (2009), severity 1: linear RGB as a dichromat sees it.
CVD = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def linear(color):
    c = np.array(to_rgb(color))
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(color):
    return float(linear(color) @ [0.2126, 0.7152, 0.0722])


def contrast(a, b):
    """WCAG 2.1's contrast ratio."""
    lo, hi = sorted([luminance(a), luminance(b)])
    return (hi + 0.05) / (lo + 0.05)


def lab(rgb_linear):
    """CIELAB (D65) of a linear-RGB colour."""
    xyz = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    ) @ np.clip(rgb_linear, 0, 1)
    xyz = xyz / [0.95047, 1.0, 1.08883]
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_wcag_contrast_of_the_extremes():
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21)


@pytest.mark.parametrize("name", sorted(style.COLORS))
@pytest.mark.parametrize("background", ["#FFFFFF", DARK])
def test_every_optimizer_colour_stands_out_on_a_light_and_a_dark_page(name, background):
    assert contrast(style.COLORS[name], background) >= 3.0  # WCAG's minimum for graphics


@pytest.mark.parametrize("background", ["#FFFFFF", DARK])
def test_the_extra_colours_stand_out_too(background):
    for c in style.EXTRA:
        assert contrast(c, background) >= 3.0


def _seen(palette, vision):
    matrix = np.eye(3) if vision is None else np.array(CVD[vision])
    return {name: lab(matrix @ linear(c)) for name, c in getattr(style, palette).items()}


@pytest.mark.parametrize("palette", ["COLORS", "COLORS_DARK"])
@pytest.mark.parametrize("vision", [None, *CVD])
@pytest.mark.parametrize("group", list(style.DRAWN_TOGETHER))
def test_every_two_colours_drawn_together_stay_apart_with_each_colour_blindness(
    group, vision, palette
):
    """In the light palette and in the dark one (each hue lightened to be read as text)."""
    seen = _seen(palette, vision)
    for a, b in itertools.combinations(style.DRAWN_TOGETHER[group], 2):
        assert np.linalg.norm(seen[a] - seen[b]) >= 13, (group, a, b)


@pytest.mark.parametrize(("palette", "apart"), [("COLORS", 10), ("COLORS_DARK", 7)])
def test_every_two_optimizer_colours_differ_for_normal_vision(palette, apart):
    """Across groups too, as the module's notes say (the closest: AdamW and signSGD's greens,
    Signum and schedule-free AdamW's violets in dark)."""
    seen = _seen(palette, None)
    for a, b in itertools.combinations(seen, 2):
        assert np.linalg.norm(seen[a] - seen[b]) >= apart, (a, b)


def test_the_groups_drawn_together_are_the_chapters_and_cover_the_registry():
    groups = style.DRAWN_TOGETHER
    assert groups["first chapters"] == tuple(descent.optimizers.ALL)[:7]
    assert set().union(*groups.values()) == set(descent.optimizers.ALL)
    for group in groups.values():
        assert len(set(group)) == len(group)
        assert "GradientDescent" in group  # every chapter compares against gradient descent


@pytest.mark.parametrize("name", list(descent.optimizers.ALL))
def test_every_optimizer_of_the_registry_has_a_colour_a_dark_colour_and_a_marker(name):
    assert descent.plot.color(name) == style.COLORS[name]
    assert style.dark_color(style.COLORS[name]) == style.COLORS_DARK[name]
    assert contrast(style.COLORS_DARK[name], DARK) >= 4.5  # as text on the dark page
    assert descent.plot.marker(name) in matplotlib.markers.MarkerStyle.filled_markers
    assert descent.plot.marker(name) != style.MINIMUM["marker"]


def test_every_optimizer_has_one_prose_name_and_the_legends_use_it():
    assert list(style.NAMES) == list(descent.optimizers.ALL)
    assert len(set(style.NAMES.values())) == len(style.NAMES)
    for name, cls in descent.optimizers.ALL.items():
        opt = cls(lr=0.1)
        assert descent.plot.label(opt).startswith(style.NAMES[name])


def test_the_seven_first_colours_are_unchanged():
    """Every figure of the site uses them."""
    first = {"GradientDescent": "#0077BB", "Momentum": "#D55E00", "Nesterov": "#AA3377"}
    first |= {"AdaGrad": "#999933", "RMSProp": "#009E73", "Adam": "#CC79A7", "AdamW": "#117733"}
    assert {name: style.COLORS[name] for name in first} == first


def test_colours_and_markers_are_one_per_optimizer_and_distinct():
    assert set(style.COLORS) == set(style.MARKERS) == set(style.COLORS_DARK)
    assert set(style.COLORS) == set(descent.optimizers.ALL)
    assert len(set(style.COLORS.values())) == len(style.COLORS)
    assert len(set(style.COLORS_DARK.values())) == len(style.COLORS_DARK)
    named = {style.GREY, style.REFERENCE, style.DIVERGED, style.SGD, *style.EXTRA}
    assert not named & set(style.COLORS.values())
    for group in style.DRAWN_TOGETHER.values():
        markers = [style.MARKERS[name] for name in group]
        assert len(set(markers)) == len(markers), group
    assert descent.plot.marker(descent.Adam) == style.MARKERS["Adam"]
    with pytest.raises(ValueError, match="opt must be one of"):
        descent.plot.marker("SGD")


@pytest.mark.parametrize("width_in", [4.6, 4.8, 5.0])  # the site's figures beside the text
def test_every_rc_font_size_is_readable_on_a_phone(width_in):
    needed = style.min_font_pt(width_in, shown_px=360)
    sizes = [
        v
        for k, v in style.RC.items()
        if k == "font.size" or k.endswith(("fontsize", "labelsize", "titlesize"))
    ]
    assert sizes
    assert min(sizes) >= needed
    assert min(style.FONTSIZE.values()) >= needed


def test_min_font_pt_is_independent_of_the_dpi():
    # 6.4 in at 100 dpi shown 530 px wide: scaled 0.83, so 10 px needs 12 px = 8.7 pt
    assert style.min_font_pt(6.4, 530) == pytest.approx(10 / (530 / 640) * 72 / 100)


def test_the_style_is_what_the_library_draws_with():
    import matplotlib.pyplot as plt

    with plt.rc_context():
        descent.plot.use_style()
        ax = descent.plot.contour(ALL["bowl"])
        assert ax.xaxis.label.get_fontsize() >= style.min_font_pt(style.MAX_WIDTH)
        assert not ax.spines["top"].get_visible()
        plt.close(ax.figure)


def hue(color):
    """CIELAB hue angle, in degrees."""
    _, a, b = lab(linear(color))
    return np.degrees(np.arctan2(b, a))


# -- the dark variant ---------------------------------------------------------------------------


def test_every_colour_has_its_dark_counterpart_and_every_optimizer_its_hue():
    assert set(style.COLORS_DARK) == set(style.COLORS)
    for name, c in style.COLORS.items():
        assert style.dark_color(c) == style.COLORS_DARK[name]
        # the same hue, only lighter (a reader recognises the optimizer)
        assert abs(hue(style.COLORS_DARK[name]) - hue(c)) < 2, name
        assert lab(linear(style.COLORS_DARK[name]))[0] >= lab(linear(c))[0] - 0.5, name
    for c in [*style.EXTRA, style.GREY, style.REFERENCE, style.DIVERGED, style.SGD]:
        assert c.upper() in style.DARK, c


@pytest.mark.parametrize("name", sorted(style.COLORS))
def test_every_dark_optimizer_colour_is_readable_as_text_on_the_dark_page(name):
    # 4.5:1, WCAG's minimum for text: a panel's title is in its optimizer's colour
    assert contrast(style.COLORS_DARK[name], DARK) >= 4.5


@pytest.mark.parametrize(
    "name", ["EXTRA0", "EXTRA1", "GREY", "REFERENCE", "DIVERGED", "SGD", "ordered"]
)
def test_every_other_dark_line_colour_stands_out_on_the_dark_page(name):
    colors = {
        "EXTRA0": [style.EXTRA[0]],
        "EXTRA1": [style.EXTRA[1]],
        "GREY": [style.GREY],
        "REFERENCE": [style.REFERENCE],
        "DIVERGED": [style.DIVERGED],
        "SGD": [style.SGD],
        "ordered": style.ordered(7),
    }[name]
    for c in colors:
        assert contrast(style.dark_color(c), DARK) >= 3.0, (name, c, style.dark_color(c))
    if name == "DIVERGED":  # its readout is text
        assert contrast(style.dark_color(style.DIVERGED), DARK) >= 4.5


def test_dark_text_ticks_and_spines_are_readable():
    for key in ("axes.labelcolor", "xtick.color", "ytick.color", "axes.edgecolor", "text.color"):
        assert contrast(style.RC_DARK[key], DARK) >= 4.5, key
    assert style.RC_DARK["axes.facecolor"] == style.RC_DARK["figure.facecolor"] == DARK
    # black text and outlines become the text colour, white boxes and halos the background
    assert style.dark_color("black") == style.DARK_TEXT
    assert style.dark_color("white") == DARK


def test_greys_swap_ends_and_keep_their_order():
    # the greys that have no role of their own (a role's grey is in style.DARK: a mid-grey
    # run stays as visible as it was)
    greys = [str(round(v, 2)) for v in np.linspace(0.05, 0.95, 19)]
    greys = [g for g in greys if to_hex(to_rgb(g)).upper() not in style.DARK]
    dark = [luminance(style.dark_color(g)) for g in greys]
    assert dark == sorted(dark, reverse=True)
    assert style.dark_color((1, 1, 1, 0.85))[3] == 0.85  # alpha kept


def test_restyle_maps_every_colour_the_library_draws():
    import matplotlib.pyplot as plt

    surface = ALL["bowl"]
    start = np.array([[2.0, 1.5], [-1.0, 2.0]])
    runs = [
        descent.run(opt, surface, start, steps=20)
        for opt in (descent.GradientDescent(lr=0.1), descent.Adam(lr=0.3))
    ]
    with style.rc_context():
        anim = descent.plot.animate(surface, runs, loss=True, dpi=40)
        fig = anim.fig
        fig.canvas.draw()
        assert style.restyle(fig) == set()
        assert to_hex(fig.get_facecolor()).upper() == DARK
        for ax in fig.axes:
            assert to_hex(ax.get_facecolor()).upper() == DARK
            tick = ax.xaxis.get_major_ticks()[0]
            assert contrast(tick.label1.get_color(), DARK) >= 4.5
        fig.canvas.draw()
        for cs in fig.axes[0].collections:  # contour lines stay lines, not filled shapes
            if getattr(cs, "filled", True) is False:
                assert len(cs.get_facecolor()) == 0
        frames = list(anim.rgba_frames(dpi=40, frames=anim.frames[-1:]))
        corner = frames[-1][1, 1, :3]
        assert to_hex(corner / 255).upper() == DARK  # drawn on the page's background
        plt.close(fig)


@pytest.mark.parametrize("n", [1, 4, 7])
def test_categorical_and_ordered_colours_are_distinct(n):
    assert len(set(style.categorical(n))) == n
    assert len(set(style.ordered(n))) == n
    with pytest.raises(ValueError, match="n must be"):
        style.categorical(8)


@pytest.mark.parametrize("surface", ["bowl", "parabola"])
def test_a_diverging_run_is_marked_on_the_frame_edge_with_its_step(surface):
    f = ALL[surface]
    start = np.array([1.0, 0.5]) if f.dim == 2 else np.array([1.0])
    traj = descent.run(descent.GradientDescent(lr=1.2), f, start, steps=30)
    anim = descent.plot.animate(f, traj)
    trail = next(u for u in anim.updaters if isinstance(u, descent.plot.animation.Trail))
    left = int(trail.left_at[0])
    assert left > 0
    anim._update(anim.frames[-1])
    x, y = trail.exit.get_data()
    _, hi = np.reshape(f.extent, (-1, 2)).T
    assert len(x) == 1
    assert np.isclose(abs(x[0]), hi[0]) or (f.dim == 2 and np.isclose(abs(y[0]), hi[1]))
    assert len(trail.head.get_xdata()) == 0  # the dot is not drawn off the frame
    assert trail.exit_labels[0][1].get_text() == f"left at step {left}"
    # before it leaves, no exit marker
    anim._update(left - 1)
    assert len(trail.exit.get_xdata()) == 0


def test_the_legend_of_a_race_is_outside_the_data():
    f = ALL["rosenbrock"]
    runs = [
        descent.run(opt, f, np.array([-1.5, 2.0]), steps=20)
        for opt in (descent.GradientDescent(lr=1e-3), descent.Adam(lr=0.1))
    ]
    anim = descent.plot.animate(f, runs, loss="below", dpi=50)
    anim.fig.canvas.draw()
    (legend,) = anim.fig.legends
    box = legend.get_window_extent()
    for ax in anim.fig.axes:
        assert not box.overlaps(ax.get_window_extent())


def test_before_the_first_gradient_no_learning_rate_is_read_out():
    f = ALL["elongated"]
    traj = descent.run(descent.RMSProp(lr=0.1), f, np.array([-5.0, 2.0]), 5, record_state=True)
    ax = descent.plot.contour(f)
    readout = descent.plot.animation.LearningRateReadout(ax, traj, f, style.color("RMSProp"))
    assert "e+" not in readout(0)[0].get_text()
    assert "–" in readout(0)[0].get_text()
