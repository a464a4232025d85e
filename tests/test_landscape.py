"""descent.landscape: Li et al.'s filter-normalised directions, trajectory PCA, projections and
slices, against their definitions and independent computations."""

import numpy as np
import pytest

import descent
from descent.landscape import filter_normalized, pca_directions, project, slice_loss
from descent.problems import Network, wave_data
from descent.surfaces import ALL as SURFACES

NET = Network(*wave_data(n=40), widths=(6, 4))


def test_every_filter_of_the_direction_has_the_norm_of_the_same_filter_of_the_point():
    theta = NET.init_params(seed=3)
    d = filter_normalized(NET, theta, seed=5)
    for (d_w, d_b), (w, _) in zip(NET.unpack(d), NET.unpack(theta), strict=True):
        np.testing.assert_allclose(np.linalg.norm(d_w, axis=-1), np.linalg.norm(w, axis=-1))
        np.testing.assert_array_equal(d_b, 0.0)
    kept = filter_normalized(NET, theta, seed=5, biases="keep")
    for (_, d_b), (_, b) in zip(NET.unpack(kept), NET.unpack(theta), strict=True):
        np.testing.assert_array_equal(d_b, b)
    assert not np.allclose(d, filter_normalized(NET, theta, seed=6))  # the seed matters


def test_a_rescaled_relu_network_has_the_same_slice_along_its_filter_normalised_direction():
    """ReLU is positively homogeneous: W1 → cW1, b1 → cb1, W2 → W2/c is the same network. Along
    filter-normalised directions (the biases left alone) the two slices are the same; along one
    raw Gaussian direction they are not (the reason for the normalisation)."""
    net = Network(*wave_data(n=40), widths=(5,), activation="relu")
    theta = net.init_params(seed=1)
    (w1, b1), (w2, b2) = net.unpack(theta)
    c = 10.0
    scaled = np.concatenate([(c * w1).ravel(), c * b1, (w2 / c).ravel(), b2])
    np.testing.assert_allclose(net(scaled), net(theta), rtol=1e-12)
    grid = np.linspace(-1, 1, 5)
    slices = []
    for point in (theta, scaled):
        dirs = np.stack([filter_normalized(net, point, seed=s) for s in (0, 1)])
        slices.append(slice_loss(net, point, dirs, grid, grid))
    np.testing.assert_allclose(slices[0], slices[1], rtol=1e-10)
    raw = np.random.default_rng(0).standard_normal((2, net.dim))
    assert not np.allclose(
        slice_loss(net, theta, raw, grid, grid), slice_loss(net, scaled, raw, grid, grid), rtol=1e-3
    )


def test_pca_directions_are_numpys_principal_axes_and_explain_what_they_say():
    traj = descent.run(descent.Adam(lr=0.01), NET, NET.init_params(seed=0), 200)
    path = traj.path
    directions, explained = pca_directions(path)
    np.testing.assert_allclose(directions @ directions.T, np.eye(2), atol=1e-12)
    offsets = path - path[-1]
    cov = np.cov(offsets.T, bias=True)
    values, vectors = np.linalg.eigh(cov)
    for k in range(2):  # the top eigenvectors of the offsets' covariance, up to sign
        assert abs(directions[k] @ vectors[:, -1 - k]) == pytest.approx(1.0, abs=1e-8)
    np.testing.assert_allclose(explained, values[::-1][:2] / values.sum(), rtol=1e-8)
    assert np.all(directions @ offsets[0] >= 0)


def test_projection_is_least_squares_and_its_residual_the_distance_to_the_plane():
    rng = np.random.default_rng(2)
    path, center = rng.standard_normal((7, 5)), rng.standard_normal(5)
    directions = rng.standard_normal((2, 5))  # not orthonormal
    coords, off = project(path, center, directions)
    q, _ = np.linalg.qr(directions.T)
    offsets = path - center
    in_plane = offsets @ q @ q.T
    np.testing.assert_allclose(coords @ directions, in_plane, atol=1e-12)
    np.testing.assert_allclose(off, np.linalg.norm(offsets - in_plane, axis=-1), atol=1e-12)


def test_a_path_in_its_pca_plane_is_projected_exactly():
    t = np.linspace(0, 1, 30)[:, None]
    plane = np.linalg.qr(np.random.default_rng(0).standard_normal((6, 2)))[0].T
    path = np.cos(3 * t) * plane[0] + t**2 * plane[1]
    directions, explained = pca_directions(path)
    _, off = project(path, path[-1], directions)
    np.testing.assert_allclose(off, 0.0, atol=1e-12)
    assert explained.sum() == pytest.approx(1.0)


def test_slice_loss_is_the_loss_at_each_point_of_the_grid():
    center, dirs = np.array([0.5, -0.2]), np.array([[1.0, 1.0], [0.0, 2.0]])
    a, b = np.linspace(-1, 1, 4), np.linspace(-0.5, 0.5, 3)
    grid = slice_loss(SURFACES["rosenbrock"], center, dirs, a, b)
    assert grid.shape == (3, 4)
    for j, bj in enumerate(b):
        for i, ai in enumerate(a):
            point = center + ai * dirs[0] + bj * dirs[1]
            assert grid[j, i] == SURFACES["rosenbrock"](point)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: filter_normalized(SURFACES["bowl"], np.zeros(2)), "network"),
        (lambda: filter_normalized(NET, np.zeros(3)), "params"),
        (lambda: filter_normalized(NET, np.full(NET.dim, np.nan)), "params"),
        (lambda: filter_normalized(NET, np.zeros((2, NET.dim))), "params"),
        (lambda: filter_normalized(NET, np.zeros(NET.dim), biases="none"), "biases"),
        (lambda: filter_normalized(NET, np.zeros(NET.dim), seed=-1), "seed"),
        (lambda: pca_directions(np.zeros((2, 3))), "path"),
        (lambda: pca_directions(np.zeros(3)), "path"),
        (lambda: pca_directions([[0.0, np.inf]] * 3), "path"),
        (lambda: pca_directions(np.zeros((4, 3)), center=np.zeros(2)), "center"),
        (lambda: project(np.zeros((3, 2)), np.zeros(2), np.zeros((2, 2))), "directions"),
        (lambda: project(np.zeros((3, 2)), np.zeros(2), np.eye(3)), "directions"),
        (lambda: project(np.zeros((3, 2)), np.zeros(3), np.eye(2)), "center"),
        (lambda: slice_loss(SURFACES["bowl"], np.zeros(2), np.eye(2), [], [0.0]), "a"),
        (lambda: slice_loss(SURFACES["bowl"], np.zeros(2), np.eye(2), [0.0], [[0.0]]), "b"),
        (lambda: slice_loss(SURFACES["bowl"], np.zeros(2), np.eye(2), [np.nan], [0.0]), "a"),
        (lambda: slice_loss(None, np.zeros(2), np.eye(2), [0.0], [0.0]), "objective"),
    ],
)
def test_bad_arguments_are_refused_by_name(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()


def test_a_constant_path_has_no_variance_to_explain():
    directions, explained = pca_directions(np.ones((4, 3)))
    np.testing.assert_array_equal(explained, 0.0)
    assert directions.shape == (2, 3)
