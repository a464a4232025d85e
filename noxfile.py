"""Sessions for descent: ``nox -s tests``, ``nox -s docs``, ``nox -s lint``, ``nox -s bench``.

Every session installs what it needs from ``pyproject.toml`` (the package and its dependency
groups) into its own virtualenv, so a clean clone needs nothing but ``pip install nox``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

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


# -- the documentation site ------------------------------------------------------------------

SITE = "docs/_build/html"


def _install_docs(session: nox.Session, *extra: str) -> None:
    """Install the package and the docs group, then fetch MathJax (once).

    pip is skipped when neither ``pyproject.toml`` nor the requirements changed since it last
    ran in this virtualenv: even with everything in place it takes ~10 s, more than a
    no-change rebuild of the site.
    """
    # joblib: sphinx-gallery runs changed examples on both cores with it
    deps = [*nox.project.dependency_groups(PYPROJECT, "docs"), "joblib", *extra]
    digest = hashlib.sha256("\n".join([Path("pyproject.toml").read_text(), *deps]).encode())
    stamp = Path(session.virtualenv.location, ".descent-docs-installed")
    if not stamp.is_file() or stamp.read_text() != digest.hexdigest():
        session.install("-e", ".", *deps)
        # run_install, like install, is skipped under `nox --no-install`: no stamp then
        write = f"import pathlib; pathlib.Path({str(stamp)!r}).write_text({digest.hexdigest()!r})"
        session.run_install("python", "-c", write)
    session.run("python", "docs/_ext/mathjax_fetch.py")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into ``docs/_build/html``, strictly: any warning, broken cross-reference,
    failing gallery script or failing notebook cell fails the build.

    Only what changed is redone: a gallery script runs again when it changed (sphinx-gallery's
    md5 cache), a chapter's code cells when the chapter changed (myst-nb's jupyter-cache).
    After a change in ``descent`` itself, re-run every script with
    ``nox -s docs -- -D sphinx_gallery_conf.run_stale_examples=True``, or start clean with
    ``rm -rf docs/_build docs/auto_gallery``. MathJax is fetched once into the git-ignored
    ``docs/_static/mathjax/`` (npm, else PyPI).

    Extra arguments go to sphinx-build: ``nox -s docs -- -b linkcheck`` builds with another
    builder (into ``docs/_build/<builder>``), ``nox -s docs -- -E`` re-reads every page.
    """
    _install_docs(session)
    args = list(session.posargs)
    builder = "html"
    if "-b" in args:
        i = args.index("-b")
        if i + 1 == len(args):
            session.error("-b needs a builder name, e.g. nox -s docs -- -b linkcheck")
        builder = args[i + 1]
        del args[i : i + 2]
    out = f"docs/_build/{builder}"
    session.run("sphinx-build", "-W", "--keep-going", "-n", "-b", builder, "docs", out, *args)


@nox.session
def serve(session: nox.Session) -> None:
    """Serve the site on http://127.0.0.1:8000 and rebuild it when a page, a gallery script or
    the library changes (sphinx-autobuild; not strict, so a warning does not stop the preview).

    Extra arguments go to sphinx-autobuild, e.g. ``nox -s serve -- --port 8001``.
    """
    _install_docs(session, "sphinx-autobuild")
    session.run(
        "sphinx-autobuild",
        "--host=127.0.0.1",
        "--port=8000",
        "--watch=gallery",
        "--watch=descent",
        # written by the build itself: watching them would rebuild forever
        r"--re-ignore=(auto_gallery|jupyter_execute|_static[\\/]mathjax|__pycache__)",
        "docs",
        SITE,
        *session.posargs,
    )


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every internal link of the built site: each page, image, video, script or
    stylesheet it points to exists, and so does each ``#anchor`` (run ``nox -s docs`` first).

    The build has no network, so external links are listed, not fetched; the site loads none
    of its resources from outside (``nox -s check-site`` fails if it does).
    """
    session.run("python", "tests_site/check_links.py", SITE, *session.posargs)


@nox.session(name="check-site")
def check_site(session: nox.Session) -> None:
    """Test the built site (``nox -s docs`` first): every chapter is there, every video is a
    valid mp4 of at most 400 KB and 15 s, every page with its media weighs at most 1.5 MB, and
    nothing is loaded from outside the site. Extra arguments go to pytest.
    """
    session.install(*nox.project.dependency_groups(PYPROJECT, "test"), "imageio-ffmpeg")
    session.run("pytest", "tests_site", *session.posargs)


# -- the playgrounds' JavaScript and the built site in a browser -------------------------------


@nox.session
def js(session: nox.Session) -> None:
    """Test the playgrounds' JavaScript against the library: record golden trajectories from
    ``descent`` (``tests_js/export_golden.py``, every optimizer × surface × a few
    hyperparameters), then replay them in ``docs/_static/playground/descent-core.js`` with
    ``node --test`` (Node's built-in runner; no npm packages). Paths must match to 1e-9.

    Needs ``node`` (18 or later) on the PATH. Extra arguments go to ``node --test``.
    """
    if shutil.which("node") is None:
        session.error("node is not on the PATH: install Node.js 18 or later")
    _install(session)
    session.run("python", "tests_js/export_golden.py")
    tests = sorted(str(p) for p in Path("tests_js").glob("*.test.js"))
    session.run("node", "--test", *session.posargs, *tests, external=True)


@nox.session
def browser(session: nox.Session) -> None:
    """Drive the built site in headless Chromium (``nox -s docs`` first; skipped without it):
    every page loads with no console error and no request outside the site, MathJax
    typesets, videos load, and every playground starts a path on a click, changes it with a
    slider, clears it on Reset, and ends where ``descent`` ends after the same steps.

    Uses Debian's ``chromium`` (installed with apt-get when missing and run as root) through
    Playwright; Playwright's own browser downloads are never used. Extra arguments go to pytest.
    """
    if not Path(SITE, "index.html").is_file():
        session.skip(f"the site is not built ({SITE}/index.html is missing): run `nox -s docs`")
    chromium = shutil.which("chromium")
    if chromium is None:
        if shutil.which("apt-get") is None or os.geteuid() != 0:
            session.error("chromium is missing: apt-get install -y chromium (as root)")
        session.run("apt-get", "update", "-q", external=True)
        session.run("apt-get", "install", "-y", "-q", "chromium", external=True)
        chromium = shutil.which("chromium")
    _install(session, "test")
    session.install("playwright")
    session.run("pytest", "tests_browser", *session.posargs, env={"CHROMIUM": chromium})
