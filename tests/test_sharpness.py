"""descent.sharpness: the Hessian's largest eigenvalue, against dense eigendecompositions of the
exact Hessian and of a finite-difference Hessian built from the exact gradient."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import descent
from descent import sharpness
from descent.problems import MLP, LinearRegression, cubic_data
from descent.surfaces import ALL as SURFACES
from descent.surfaces import Quadratic


def fd_hessian(objective, x, h=1e-5):
    """The Hessian at one point by central differences of the exact gradient, symmetrised."""
    dim = len(x)
    columns = [
        (objective.grad(x + h * e) - objective.grad(x - h * e)) / (2 * h) for e in np.eye(dim)
    ]
    hessian = np.column_stack(columns)
    return (hessian + hessian.T) / 2


@pytest.mark.parametrize("name", list(SURFACES))
@pytest.mark.parametrize("method", ["exact", "lanczos"])
def test_every_surface_against_its_finite_difference_hessian(name, method):
    surface = SURFACES[name]
    points = np.random.default_rng(3).uniform(-1.5, 1.5, (6, surface.dim))
    expected = [np.linalg.eigvalsh(fd_hessian(surface, p))[-1] for p in points]
    got = sharpness(surface, points, method=method)
    assert got.shape == (6,)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


def test_a_network_without_a_hessian_against_its_finite_difference_hessian():
    model = MLP(*cubic_data(n=40), hidden=5)
    params = model.init_params(seed=1, size=3)
    expected = [np.linalg.eigvalsh(fd_hessian(model, p))[-1] for p in params]
    got = sharpness(model, params, iters=model.dim)  # the whole space: exact up to differences
    np.testing.assert_allclose(got, expected, rtol=1e-5)
    assert np.all(sharpness(model, params, iters=8) <= got * (1 + 1e-9))  # Ritz values: below


@settings(max_examples=40, deadline=None)
@given(
    eigenvalues=st.lists(st.floats(-50, 50), min_size=1, max_size=12),
    seed=st.integers(0, 2**16),
)
def test_on_a_quadratic_it_is_the_largest_algebraic_eigenvalue(eigenvalues, seed):
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((len(eigenvalues), len(eigenvalues))))
    bowl = Quadratic(q @ np.diag(eigenvalues) @ q.T)
    x = rng.standard_normal((2, len(eigenvalues)))
    for method in ("exact", "lanczos"):
        got = sharpness(bowl, x, method=method, iters=len(eigenvalues))
        np.testing.assert_allclose(
            got, max(eigenvalues), atol=1e-6 * (1 + max(map(abs, eigenvalues)))
        )


def test_the_largest_algebraic_not_the_largest_in_magnitude():
    saddle = Quadratic(np.diag([2.0, -6.0]))
    assert sharpness(saddle, [0.3, 0.1]) == pytest.approx(2.0)
    assert sharpness(saddle, [0.3, 0.1], method="lanczos") == pytest.approx(2.0)


def test_many_points_at_once_equal_each_alone():
    starts = np.random.default_rng(0).uniform(-2, 2, (3, 4, 2))
    for method in ("exact", "lanczos"):
        many = sharpness(SURFACES["himmelblau"], starts, method=method)
        assert many.shape == (3, 4)
        alone = [
            [sharpness(SURFACES["himmelblau"], p, method=method) for p in row] for row in starts
        ]
        np.testing.assert_allclose(many, alone, rtol=1e-9)
    assert np.ndim(sharpness(SURFACES["bowl"], [1.0, 1.0])) == 0


def test_an_objectives_own_hessian_vector_products_are_used():
    class Counted(Quadratic):
        calls = 0

        def hvp(self, params, v):
            type(self).calls += 1
            return v @ self.A.T

    bowl = Counted(np.diag([1.0, 4.0, 9.0]))
    assert sharpness(bowl, np.ones(3), method="lanczos") == pytest.approx(9.0)
    assert Counted.calls == 3  # one product per Lanczos step, min(dim, 40) steps


def test_a_krylov_space_that_closes_early_is_exact():
    # a start along two eigenvectors: span{q, Hq, ...} has dimension 2, Lanczos stops there
    bowl = Quadratic(np.diag([1.0, 1.0, 1.0, 5.0]))
    got = sharpness(bowl, np.zeros((5, 4)), method="lanczos", iters=4, seed=7)
    np.testing.assert_allclose(got, 5.0, rtol=1e-9)


def test_the_sharpness_of_a_linear_regression_is_its_hessians():
    line = LinearRegression.synthetic(n=50, seed=2)
    x = np.column_stack([line.x, np.ones_like(line.x)])
    expected = np.linalg.eigvalsh(2 * x.T @ x / len(line.x))[-1]
    assert sharpness(line, np.zeros(2)) == pytest.approx(expected, rel=1e-12)


def test_where_the_gradient_is_not_finite_the_sharpness_is_nan():
    far = np.array([[1e200, 1e200], [1.0, 1.0]])
    for method in ("exact", "lanczos"):
        got = sharpness(SURFACES["rosenbrock"], far, method=method)
        assert np.isnan(got[0])
        assert np.isfinite(got[1])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"method": "power"}, "method"),
        ({"method": 3}, "method"),
        ({"iters": 0}, "iters"),
        ({"iters": 2.5}, "iters"),
        ({"iters": True}, "iters"),
        ({"seed": -1}, "seed"),
        ({"params": [1.0, 2.0, 3.0]}, "params"),
        ({"params": [np.nan, 1.0]}, "params"),
        ({"params": "ab"}, "params"),
        ({"objective": SURFACES}, "objective"),
        ({"objective": Quadratic}, "objective"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs, name):
    args = {"objective": SURFACES["rosenbrock"], "params": [1.0, 1.0]} | kwargs
    with pytest.raises((ValueError, TypeError), match=name):
        sharpness(**args)


def test_exact_needs_a_hessian():
    with pytest.raises(ValueError, match=r"method='exact' needs objective\.hessian"):
        sharpness(MLP(*cubic_data(n=10), hidden=2), np.zeros(7), method="exact")
    assert descent.sharpness is sharpness
