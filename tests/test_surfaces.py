"""Surfaces: gradients and Hessians against finite differences, minima stationary."""

import inspect

import numpy as np
import pytest

from descent.problems import MLP, LinearRegression, MatrixRegression, Network, cubic_data, wave_data
from descent.surfaces import ALL, Bumpy, Quadratic, elongated_bowl

surfaces = pytest.mark.parametrize("surface", ALL.values(), ids=ALL.keys())


def random_points(surface, rng, n=200):
    extent = np.reshape(surface.extent, (-1, 2))
    return rng.uniform(extent[:, 0], extent[:, 1], size=(n, surface.dim))


def central_difference(f, x, h=1e-6):
    steps = np.eye(x.shape[-1]) * h
    return np.stack([(f(x + e) - f(x - e)) / (2 * h) for e in steps], axis=-1)


@surfaces
def test_gradient_matches_central_differences(surface, rng):
    x = random_points(surface, rng)
    numeric = central_difference(surface, x)
    scale = 1 + np.abs(numeric)
    np.testing.assert_allclose(surface.grad(x) / scale, numeric / scale, atol=1e-6)


@surfaces
def test_hessian_matches_differences_of_the_gradient(surface, rng):
    x = random_points(surface, rng)
    numeric = central_difference(surface.grad, x)  # [..., i, j] = d grad_i / d x_j
    scale = 1 + np.abs(numeric)
    np.testing.assert_allclose(surface.hessian(x) / scale, numeric / scale, atol=1e-6)


@surfaces
def test_vectorised_over_leading_axes(surface, rng):
    x = random_points(surface, rng, n=24).reshape(2, 3, 4, surface.dim)
    assert surface(x).shape == (2, 3, 4)
    assert surface.grad(x).shape == x.shape
    np.testing.assert_allclose(surface(x)[1, 2, 3], surface(x[1, 2, 3]))


@surfaces
def test_minima_are_stationary_and_the_lowest_points(surface, rng):
    assert surface.minima.ndim == 2
    assert surface.minima.shape[1] == surface.dim
    if surface.name == "saddle":
        assert len(surface.minima) == 0
        return
    np.testing.assert_allclose(surface.grad(surface.minima), 0, atol=1e-12)
    values = surface(surface.minima)
    np.testing.assert_allclose(values, surface.min_value, atol=1e-12)
    assert np.all(surface(random_points(surface, rng, 2000)) >= surface.min_value - 1e-12)


@surfaces
def test_knows_how_to_be_drawn(surface):
    assert len(surface.extent) == 2 * surface.dim
    assert surface.name
    assert surface.latex
    lo, hi = np.reshape(surface.extent, (-1, 2)).T
    assert np.all(lo < hi)
    assert np.all((surface.minima >= lo) & (surface.minima <= hi))


@surfaces
def test_wrong_last_axis_is_rejected(surface):
    with pytest.raises(ValueError, match=r"x must have shape \(\.\.\., \d\)"):
        surface(np.zeros(surface.dim + 1))


def test_documented_minima():
    np.testing.assert_array_equal(ALL["rosenbrock"].minima, [[1, 1]])
    np.testing.assert_array_equal(ALL["beale"].minima, [[3, 0.5]])
    assert ALL["beale"].min_value == 0
    np.testing.assert_allclose(ALL["himmelblau"](ALL["himmelblau"].minima), 0, atol=1e-24)
    np.testing.assert_array_equal(ALL["parabola"].minima, [[0]])
    assert ALL["parabola"](np.array([3.0])) == 9.0  # J(θ) = θ²
    assert ALL["saddle"](np.array([1.0, 2.0])) == -3.0  # x² - y²


def test_bumpy_has_a_global_and_two_higher_local_minima():
    bumpy = Bumpy()
    critical = np.array(bumpy.critical_points)[:, None]
    np.testing.assert_allclose(bumpy.grad(critical), 0, atol=1e-12)
    curvature = bumpy.hessian(critical)[:, 0, 0]
    assert list(np.sign(curvature)) == [1, -1, 1, -1, 1]  # min, max, min, max, min
    local = bumpy(bumpy.local_minima)
    assert np.all(local > bumpy.min_value + 0.5)
    # the bumps between them are real barriers
    assert np.all(bumpy(bumpy.maxima) > local.max())


def test_quadratic_condition_and_elongated_bowl():
    bowl = elongated_bowl(25)
    # the condition is a ratio of eigvalsh's eigenvalues, and LAPACK is backward stable, not
    # exact: up to ~25 ε off in the eigenvalue 1 is ~40 ulps of 25 (a diagonal A gives 0 ulps)
    np.testing.assert_array_max_ulp(bowl.condition, 25.0, maxulp=64)
    np.testing.assert_array_equal(bowl.minima, [[0, 0]])
    np.testing.assert_array_max_ulp(ALL["elongated"].condition, 25.0, maxulp=64)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"A": [[1.0, 2.0], [0.0, 1.0]]}, "A must be symmetric"),
        ({"A": [[1.0, 0.0]]}, "A must be a finite square matrix"),
        ({"A": np.eye(2), "b": [1.0]}, r"b must have shape \(2,\)"),
    ],
)
def test_quadratic_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Quadratic(**kwargs)


def test_elongated_bowl_rejects_condition_below_one():
    with pytest.raises(ValueError, match="condition must be in"):
        elongated_bowl(0.5)


# problems follow the surface interface


def test_linear_regression_loss_is_the_mse_and_its_minimum_the_least_squares_fit(rng):
    problem = LinearRegression.synthetic(n=50, seed=3)
    params = rng.normal(size=(10, 2))
    mse = np.mean((params[:, :1] * problem.x + params[:, 1:] - problem.y) ** 2, axis=1)
    np.testing.assert_allclose(problem(params), mse, rtol=1e-12)
    design = np.column_stack([problem.x, np.ones(50)])
    fit = np.linalg.lstsq(design, problem.y, rcond=None)[0]
    np.testing.assert_allclose(problem.minima[0], fit, rtol=1e-10)


def test_linear_regression_batch_gradient(rng):
    problem = LinearRegression.synthetic(n=40, seed=2)
    params = rng.normal(size=(3, 2))
    np.testing.assert_allclose(problem.grad(params, batch=np.arange(40)), problem.grad(params))
    batch = np.array([3, 7, 7, 20])
    sub = LinearRegression(problem.x[batch], problem.y[batch])
    np.testing.assert_allclose(problem.grad(params, batch=batch), sub.grad(params), rtol=1e-12)
    per_start = rng.integers(0, 40, size=(3, 5))  # one batch per start
    for k in range(3):
        np.testing.assert_allclose(
            problem.grad(params, batch=per_start)[k], problem.grad(params[k], batch=per_start[k])
        )


@pytest.mark.parametrize("batch", [[], [0.5], [-1], [40], 3])
def test_bad_batches_are_rejected(batch):
    problem = LinearRegression.synthetic(n=40)
    with pytest.raises((ValueError, TypeError), match="batch"):
        problem.grad(np.zeros(2), batch=batch)


@pytest.mark.parametrize("hidden", [1, 4, 10])
def test_mlp_gradient_matches_finite_differences(hidden, rng):
    model = MLP(*cubic_data(), hidden=hidden)
    params = model.init_params(seed=hidden, size=3)
    numeric = central_difference(model, params)
    np.testing.assert_allclose(model.grad(params), numeric, rtol=1e-5, atol=1e-8)
    batch = rng.integers(0, 200, size=16)
    sub = MLP(model.x[batch], model.y[batch], hidden=hidden)
    np.testing.assert_allclose(model.grad(params, batch=batch), sub.grad(params), rtol=1e-12)


def test_mlp_parameter_layout_is_torch_state_dict_order():
    model = MLP(np.array([2.0]), np.array([0.0]), hidden=2)
    #              W1 (2,1)  b1        W2 (1,2)  b2
    params = np.array([1.0, -1.0, 0.5, 0.5, 3.0, 4.0, 0.25])
    # hidden = relu([2 + .5, -2 + .5]) = [2.5, 0]; out = 3 * 2.5 + 4 * 0 + .25
    assert model.predict(params)[0] == 7.75


def test_mlp_init_follows_torch_default_bounds():
    model = MLP(*cubic_data())
    params = model.init_params(seed=0, size=2000)
    w1, b1, w2, b2 = model.unpack(params)
    assert np.abs(w1).max() <= 1
    assert np.abs(b1).max() <= 1
    assert np.abs(w2).max() <= 10**-0.5
    assert np.abs(b2).max() <= 10**-0.5
    assert np.abs(w1).max() > 0.99
    assert np.abs(w2).max() > 0.99 * 10**-0.5
    np.testing.assert_allclose(np.var(w1), 1 / 3, rtol=0.05)  # U(-1, 1)


@pytest.mark.parametrize(
    ("widths", "activation"), [((5,), "tanh"), ((4, 3), "tanh"), ((3, 4, 2), "relu")]
)
def test_network_gradient_and_hessian_vector_products_match_finite_differences(
    widths, activation, rng
):
    model = Network(*wave_data(n=30), widths=widths, activation=activation)
    params = model.init_params(seed=len(widths), size=2)
    np.testing.assert_allclose(
        model.grad(params), central_difference(model, params), rtol=1e-5, atol=1e-8
    )
    v = rng.standard_normal(params.shape)
    h = 1e-5
    differenced = (model.grad(params + h * v) - model.grad(params - h * v)) / (2 * h)
    np.testing.assert_allclose(model.hvp(params, v), differenced, rtol=1e-5, atol=1e-7)
    batch = rng.integers(0, 30, size=8)
    sub = Network(model.x[batch], model.y[batch], widths=widths, activation=activation)
    np.testing.assert_allclose(model.grad(params, batch=batch), sub.grad(params), rtol=1e-12)
    np.testing.assert_allclose(model.hvp(params, v, batch=batch), sub.hvp(params, v), rtol=1e-12)


def test_network_hessian_is_symmetric_and_its_products_linear():
    model = Network(*wave_data(n=20), widths=(3, 3))
    params = model.init_params(seed=4)
    hessian = model.hvp(params, np.eye(model.dim))  # one product per basis vector, at once
    np.testing.assert_allclose(hessian, hessian.T, atol=1e-12)
    v, w = np.random.default_rng(0).standard_normal((2, model.dim))
    np.testing.assert_allclose(
        model.hvp(params, 2 * v - w), 2 * model.hvp(params, v) - model.hvp(params, w), atol=1e-12
    )


def test_a_one_layer_relu_network_on_one_input_is_the_mlp():
    x, y = cubic_data(n=40)
    mlp, net = MLP(x, y, hidden=6), Network(x, y, widths=(6,), activation="relu")
    assert net.dim == mlp.dim
    params = mlp.init_params(seed=2, size=3)
    np.testing.assert_allclose(net(params), mlp(params), rtol=1e-13)
    np.testing.assert_allclose(net.grad(params), mlp.grad(params), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(net.predict(params, x[:5]), mlp.predict(params, x[:5]), rtol=1e-13)


def test_network_layout_is_torch_state_dict_order_and_init_its_bounds():
    model = Network(np.array([[1.0, 2.0]]), np.array([0.0]), widths=(2,))
    #                  W1 (2, 2) row-major    b1        W2 (1, 2)  b2
    params = np.array([1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, -1.0, 0.5])
    assert model.predict(params)[0] == pytest.approx(np.tanh(1.0) - np.tanh(2.0) + 0.5)
    draws = Network(*wave_data(), widths=(16, 4)).init_params(seed=0, size=500)
    layers = Network(*wave_data(), widths=(16, 4)).unpack(draws)
    for (w, b), fan_in in zip(layers, (2, 16, 4), strict=True):
        assert np.abs(w).max() <= fan_in**-0.5
        assert np.abs(b).max() <= fan_in**-0.5
        assert np.abs(w).max() > 0.99 * fan_in**-0.5


def test_cubic_data_is_the_source_texts_numpy_code():
    state = np.random.get_state()
    try:
        np.random.seed(42)
        x = np.linspace(-1, 1, 200).reshape(-1, 1)
        y = x**3 + 0.1 * np.random.randn(200, 1)
    finally:
        np.random.set_state(state)
    cx, cy = cubic_data()
    # the same numpy evaluating the same operations on the same values: the same bits
    np.testing.assert_array_equal(cx, x.ravel())
    np.testing.assert_array_equal(cy, y.ravel())


@pytest.mark.parametrize(
    "cls", [*{type(s) for s in ALL.values()}, MLP, LinearRegression, MatrixRegression, Network]
)
def test_a_class_shows_the_signature_of_its_init(cls):
    # the freezing metaclass must not hide the constructor's parameters (help(), the API pages)
    shown = inspect.signature(cls).parameters
    assert list(shown) == list(inspect.signature(cls.__init__).parameters)[1:]
    assert "args" not in shown


def test_a_surface_instance_keeps_the_signature_of_its_call():
    assert list(inspect.signature(ALL["bowl"]).parameters) == ["x"]


# %% A matrix problem


def test_matrix_regression_gradient_matches_central_differences(rng):
    problem = MatrixRegression.synthetic(shape=(4, 3), n_samples=20, noise=0.3, seed=4)
    W = rng.normal(size=(2, 4, 3))
    eps = 1e-6
    numeric = np.zeros_like(W)
    for index in np.ndindex(4, 3):
        step = np.zeros((4, 3))
        step[index] = eps
        numeric[(..., *index)] = (problem(W + step) - problem(W - step)) / (2 * eps)
    np.testing.assert_allclose(problem.grad(W), numeric, rtol=1e-6, atol=1e-8)
    batch = np.array([3, 7, 7, 11])
    sub = MatrixRegression(problem.x[batch], problem.y[batch])
    np.testing.assert_allclose(problem.grad(W, batch=batch), sub.grad(W), rtol=1e-12)
    each = problem.grad(W, batch=np.array([[0, 1], [2, 3]]))  # a batch per matrix
    for k, rows in enumerate([[0, 1], [2, 3]]):
        sub = MatrixRegression(problem.x[rows], problem.y[rows])
        np.testing.assert_allclose(each[k], sub.grad(W[k]), rtol=1e-12)


def test_matrix_regression_minimum_is_the_least_squares_fit(rng):
    problem = MatrixRegression.synthetic(shape=(3, 5), n_samples=12, noise=0.5, seed=1)
    best = problem.minima[0]
    np.testing.assert_allclose(problem.grad(best), 0, atol=1e-12)
    assert problem(best) == pytest.approx(problem.min_value)
    others = best + 0.1 * rng.normal(size=(20, 3, 5))
    assert np.all(problem(others) > problem.min_value)
    residual = problem.x @ best - problem.y
    assert problem.min_value == pytest.approx(np.sum(residual**2) / 12)
    assert problem(np.zeros((2, 7, 3, 5))).shape == (2, 7)


@pytest.mark.parametrize("shape", [(4, 4), (5, 2), (2, 5)])
def test_synthetic_matrix_regression_has_the_documented_spectra(shape):
    problem = MatrixRegression.synthetic(shape=shape, condition=1e4, seed=3)
    m, n = shape
    lam = np.linalg.eigvalsh(problem.covariance)[::-1]
    np.testing.assert_allclose(lam, 1e4 ** -(np.arange(m) / (m - 1)), rtol=1e-10)
    s = np.linalg.svd(problem.minima[0], compute_uv=False)
    np.testing.assert_allclose(s, np.sort(lam[: min(m, n)] ** -0.5)[::-1], rtol=1e-8)
    assert problem.min_value == pytest.approx(0, abs=1e-20)
    assert problem(np.zeros(shape)) == pytest.approx(min(m, n))  # each direction adds 1
