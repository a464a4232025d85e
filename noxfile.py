"""Sessions for descent: ``nox -s tests``, ``nox -s docs``, ``nox -s lint``, ``nox -s bench``.

Every session installs what it needs from ``pyproject.toml`` (the package and its dependency
groups) into its own virtualenv, so a clean clone needs nothing but ``pip install nox``.
"""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint"]

PYPROJECT = nox.project.load_toml("pyproject.toml")


def _install(session: nox.Session, *groups: str) -> None:
    deps = [dep for group in groups for dep in nox.project.dependency_groups(PYPROJECT, group)]
    session.install("-e", ".", *deps)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite and every docstring example (warnings are errors).

    Extra arguments go to pytest, e.g. ``nox -s tests -- -k adam -x``.
    """
    _install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and common bugs with ruff (``nox -s lint -- --fix`` to fix)."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".", *session.posargs)
    session.run("ruff", "format", "--check", "--diff", "descent", "tests")


@nox.session
def bench(session: nox.Session) -> None:
    """Print optimizer throughput on 10⁶ parameters and Adam on Rosenbrock (10⁴ starts × 10³ steps).

    A benchmark, not a test: run it on a quiet machine and compare ratios from one run. With
    torch installed in the session (``nox -s bench -- --torch``), the same work is timed in
    torch.optim too and the ratios are printed.
    """
    _install(session)
    if "--torch" in session.posargs:
        session.install("torch==2.13.0")
    session.run("python", "benchmarks/bench.py", *session.posargs)
