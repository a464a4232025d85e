r"""Numbers the loss-landscape chapter quotes: slices of a small tanh network's loss around
trained points, along filter-normalised random directions and along the principal directions
of the training paths (Li et al., 2018), with the paths of gradient descent, momentum and Adam
projected on them."""

from functools import lru_cache

import numpy as np

import descent
from descent.landscape import filter_normalized, pca_directions, project, slice_loss
from descent.problems import Network, wave_data

#: The network's hidden layers (tanh), on POINTS points of ``wave_data``.
WIDTHS = (16, 16)
POINTS = 100
STEPS = 500
#: The three rules, from the same initial weights (PyTorch's default initialisation, seed 0).
#: Gradient descent at α = 0.2, the edge-of-stability lab's middle step size; momentum at the
#: same effective step α/(1 − β); Adam at a rate that brings it lower in the same steps.
OPTIMIZERS = {
    "GradientDescent": descent.GradientDescent(lr=0.2),
    "Momentum": descent.Momentum(lr=0.02, beta=0.9),
    "Adam": descent.Adam(lr=0.01),
}
#: Grid points along each axis of a slice.
GRID = 41
#: The random slices span [-SPAN, SPAN] along each filter-normalised direction.
SPAN = 1.0
#: The seeds of the two directions of each of the two draws.
DRAWS = ((0, 1), (2, 3))
#: A PCA slice extends the range of the projected path by this fraction on every side.
MARGIN = 0.2
#: The principal directions are those of every EVERY-th iterate (Li et al. take one checkpoint
#: per epoch); the projections are of every iterate.
EVERY = 5
#: A spike: a loss more than SPIKE times what it was ten steps before.
SPIKE = 10
#: The sharpness is measured this many steps before and after each spike.
SHARPNESS_AROUND = 5
#: The fraction of a path's variance the exercise asks the principal directions to hold.
TARGET = 0.99


def name(key):
    """The optimizer's name in the prose ("gradient descent", "momentum", "Adam")."""
    return descent.plot.style.NAMES[key]


@lru_cache
def network():
    return Network(*wave_data(n=POINTS), widths=WIDTHS)


@lru_cache
def start():
    return network().init_params(seed=0)


@lru_cache
def runs():
    """One full-batch run per optimizer, all from the same start."""
    net = network()
    return {key: descent.run(opt, net, start(), STEPS) for key, opt in OPTIMIZERS.items()}


# -- random directions ----------------------------------------------------------------------------


def random_directions(draw):
    """The two filter-normalised directions of draw ``draw``, at gradient descent's end."""
    net, end = network(), runs()["GradientDescent"].path[-1]
    return np.stack([filter_normalized(net, end, seed=s) for s in DRAWS[draw]])


@lru_cache
def random_slice(draw, points=GRID):
    """The slice around gradient descent's end along the two directions of draw ``draw``, on
    ``points`` × ``points`` of [-SPAN, SPAN]²: ``(directions, grid, loss)``, ``loss[j, i]`` at
    ``(grid[i], grid[j])``. The chapter's numbers need only its centre and the midpoints of its
    edges (``points=3``); the figure draws the full grid."""
    directions = random_directions(draw)
    grid = np.linspace(-SPAN, SPAN, points)
    end = runs()["GradientDescent"].path[-1]
    return directions, grid, slice_loss(network(), end, directions, grid, grid)


def _in_plane(path, center, directions):
    """How much of the start's offset from ``center`` the plane holds: the shadow's length over
    the offset's, and the largest distance of the shadow from the centre."""
    coords, off = project(path, center, directions)
    offset = np.linalg.norm(path[0] - center)
    shadow = np.linalg.norm(coords @ directions, axis=-1)  # in-plane length, any directions
    return {
        "start_distance": float(offset),
        "start_off": float(off[0]),
        "start_held": float(shadow[0] / offset),
        "start_held_sq": float(1 - (off[0] / offset) ** 2),
        "shadow_max": float(shadow.max()),
    }


@lru_cache
def random_numbers():
    """Per draw: the slice's loss at the centre and one unit out along each direction, and how
    much of gradient descent's path its plane holds."""
    traj = runs()["GradientDescent"]
    end = traj.path[-1]
    out = {"end_loss": float(traj.loss[-1])}
    edges = []
    for draw in range(len(DRAWS)):
        directions, _, loss = random_slice(draw, points=3)  # the centre and the edges' midpoints
        out_draw = {
            "centre": float(loss[1, 1]),
            # one unit out along +δ, −δ, +η, −η
            "edges": [float(loss[1, 2]), float(loss[1, 0]), float(loss[2, 1]), float(loss[0, 1])],
            "cosine": float(
                directions[0]
                @ directions[1]
                / np.linalg.norm(directions[0])
                / np.linalg.norm(directions[1])
            ),
            "norms": [float(np.linalg.norm(d)) for d in directions],
            **_in_plane(traj.path, end, directions),
            # the shadow's largest coordinate, in the slice's units (the grid spans ±SPAN)
            "coord_max": float(np.abs(project(traj.path, end, directions)[0]).max()),
        }
        edges += out_draw["edges"]
        out[draw] = out_draw
    out["edge_min"], out["edge_max"] = min(edges), max(edges)
    out["edge_ratio"] = max(edges) / min(edges)
    out["point_norm"] = float(np.linalg.norm(end))
    return out


# -- principal directions -------------------------------------------------------------------------


def _window(coords):
    lo, hi = coords.min(axis=0), coords.max(axis=0)
    pad = MARGIN * (hi - lo).max()
    return np.linspace(lo[0] - pad, hi[0] + pad, GRID), np.linspace(lo[1] - pad, hi[1] + pad, GRID)


@lru_cache
def pca(key):
    """One run in the plane of its own two principal directions, through its end: the
    directions, the explained fractions, the path's coordinates and distance off the plane, and
    the loss at its shadow (the point of the plane nearest each iterate)."""
    traj, net = runs()[key], network()
    end = traj.path[-1]
    directions, explained = pca_directions(traj.path[::EVERY])
    coords, off = project(traj.path, end, directions)
    return {
        "directions": directions,
        "explained": explained,
        "coords": coords,
        "off": off,
        "loss": traj.loss,
        "shadow_loss": net(end + coords @ directions),
    }


def _rises(values):
    return int((np.diff(values) > 0).sum())


def spikes(loss, factor=SPIKE, back=10):
    """The steps at which the loss is the highest within ``back`` steps either side and more
    than ``factor`` times the loss ``back`` steps before."""
    out = []
    for t in range(back, len(loss) - back):
        window = loss[t - back : t + back + 1]
        if loss[t] == window.max() and loss[t] > factor * loss[t - back]:
            out.append(t)
    return out


@lru_cache
def pca_numbers():
    """Per optimizer: what its plane explains, how far the path leaves it, and the loss along
    the path against the loss at its shadow."""
    out = {}
    for key in OPTIMIZERS:
        p = pca(key)
        off, loss, shadow = p["off"], p["loss"], p["shadow_loss"]
        distance = np.linalg.norm(runs()[key].path - runs()[key].path[-1], axis=-1)
        spike = int(np.argmax(loss[1:])) + 1  # the highest loss after the start
        out[key] = {
            "explained": [float(e) for e in p["explained"]],
            "explained_sum": float(p["explained"].sum()),
            "off_max": float(off.max()),
            "off_max_at": int(off.argmax()),
            "off_start": float(off[0]),
            "start_distance": float(distance[0]),
            "off_over_distance_start": float(off[0] / distance[0]),
            "off_end": float(off[-1]),
            "rises": _rises(loss),
            "shadow_rises": _rises(shadow),
            "steps": len(loss) - 1,
            "loss_start": float(loss[0]),
            "shadow_start": float(shadow[0]),
            "loss_end": float(loss[-1]),
            "shadow_end": float(shadow[-1]),
            "spike_at": spike,
            "spike": float(loss[spike]),
            "spike_shadow": float(shadow[spike]),
            "spike_off": float(off[spike]),
            "spike_before": float(loss[spike - 10]),
            "spikes": spikes(loss),
            "spike_losses": [float(loss[t]) for t in spikes(loss)],
            "spike_shadows": [float(shadow[t]) for t in spikes(loss)],
            "spike_offs": [float(off[t]) for t in spikes(loss)],
            # the largest gap between the two losses, relative to the loss along the path
            "gap_max": float(np.max(np.abs(shadow - loss) / loss)),
            "shadow_below": int((shadow < loss).sum()),
            "points": len(loss),
            # the path's length over the distance from its start to its end
            "winding": float(
                np.linalg.norm(np.diff(runs()[key].path, axis=0), axis=-1).sum() / distance[0]
            ),
            **_in_plane(runs()[key].path, runs()[key].path[-1], p["directions"]),
        }
    return out


@lru_cache
def spike_sharpness(around=SHARPNESS_AROUND):
    """Gradient descent's sharpness (the previous lab's measure) ``around`` steps before and
    after each spike of its loss, against its 2/α."""
    traj = runs()["GradientDescent"]
    at = spikes(traj.loss)
    steps = np.array([[t - around, t + around] for t in at])
    sharp = descent.sharpness(network(), traj.path[steps.ravel()], method="lanczos", iters=16)
    sharp = sharp.reshape(steps.shape)
    return {
        "limit": 2 / OPTIMIZERS["GradientDescent"].lr,
        "around": around,
        "before": [float(v) for v in sharp[:, 0]],
        "after": [float(v) for v in sharp[:, 1]],
        "start": float(descent.sharpness(network(), traj.path[0], method="lanczos", iters=16)),
    }


# -- the three runs in one plane -------------------------------------------------------------------


@lru_cache
def common():
    """The three runs in one plane: through their common start, along the two principal
    directions of the three paths stacked."""
    net, paths = network(), {key: t.path for key, t in runs().items()}
    directions, explained = pca_directions(
        np.concatenate([p[::EVERY] for p in paths.values()]), center=start()
    )
    coords, off, shadow = {}, {}, {}
    for key, path in paths.items():
        coords[key], off[key] = project(path, start(), directions)
        shadow[key] = net(start() + coords[key] @ directions)
    a, b = _window(np.concatenate(list(coords.values())))
    return {
        "directions": directions,
        "explained": explained,
        "coords": coords,
        "off": off,
        "shadow_loss": shadow,
        "a": a,
        "b": b,
        "slice": slice_loss(net, start(), directions, a, b),
    }


@lru_cache
def common_numbers():
    """The common plane's explained fractions, each path's distance from it, where the ends lie
    on it, and how far apart the three ends are."""
    c, r = common(), runs()
    ends = {key: t.path[-1] for key, t in r.items()}
    out = {
        "explained": [float(e) for e in c["explained"]],
        "explained_sum": float(c["explained"].sum()),
        "slice_min": float(c["slice"].min()),
    }
    for key in OPTIMIZERS:
        off = c["off"][key]
        travelled = np.linalg.norm(ends[key] - start())
        out[key] = {
            "off_max": float(off.max()),
            "off_end": float(off[-1]),
            "off_end_over_travelled": float(off[-1] / travelled),
            "travelled": float(travelled),
            "loss_end": float(r[key].loss[-1]),
            "shadow_end": float(c["shadow_loss"][key][-1]),
            "off_start": float(off[0]),
        }
    keys = list(OPTIMIZERS)
    out["apart"] = {
        f"{a}-{b}": float(np.linalg.norm(ends[a] - ends[b]))
        for i, a in enumerate(keys)
        for b in keys[i + 1 :]
    }
    return out


# -- exercise ----------------------------------------------------------------------------------


@lru_cache
def exercise_numbers(target=TARGET):
    """How many principal directions it takes to hold ``target`` of each path's variance."""
    out = {}
    for key, traj in runs().items():
        offsets = traj.path[::EVERY] - traj.path[-1]
        singular = np.linalg.svd(offsets - offsets.mean(axis=0), compute_uv=False)
        cumulative = np.cumsum(singular**2) / np.sum(singular**2)
        out[key] = {
            "components": int(np.searchsorted(cumulative, target) + 1),
            "two": float(cumulative[1]),
        }
    return out


@lru_cache
def ends_plane_numbers():
    """The other common plane: the one through the three ends. It holds them exactly; how far
    is the common start from it?"""
    ends = [t.path[-1] for t in runs().values()]
    basis, _ = np.linalg.qr(np.stack([ends[1] - ends[0], ends[2] - ends[0]]).T)
    out = {}
    for key, traj in runs().items():
        _, off = project(traj.path, ends[0], basis.T)
        out[key] = {"off_start": float(off[0]), "off_end": float(off[-1])}
    out["start_distance"] = out["GradientDescent"]["off_start"]
    return out
