"""Sessions for descent: ``nox -s tests``, ``nox -s docs``, ``nox -s lint``; ``nox -l`` lists all.

Every session installs what it needs into its own virtualenv, so a clean clone needs nothing but
``pip install nox`` (and Node.js for the JavaScript). With uv installed (``pip install uv``)
nox makes the virtualenvs and installs with it, several times faster; without, it uses the
standard library's venv and pip.

Where versions come from:

* the tests: the newest releases that ``pyproject.toml`` allows; ``tests-lowest``: its floors;
* the site: ``docs/requirements.lock``, every package pinned (``nox -s lock`` refreshes it);
* the linters: ruff pinned in pyproject's lint group, Biome in ``package.json`` and
  ``package-lock.json`` (installed with ``npm ci``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"  # nox.project.dependency_groups
nox.options.default_venv_backend = "uv|venv"  # uv where it is installed, else venv and pip
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint"]
# Byte-compile what uv installs (pip does by default): where PYTHONDONTWRITEBYTECODE is set, as
# on the CI machines, every fresh interpreter (each gallery worker, each chapter's kernel, each
# test run) would otherwise compile matplotlib, numpy and sphinx from source again, seconds each.
os.environ.setdefault("UV_COMPILE_BYTECODE", "1")

PYPROJECT = nox.project.load_toml("pyproject.toml")


def _groups(*groups: str) -> list[str]:
    return [dep for group in groups for dep in nox.project.dependency_groups(PYPROJECT, group)]


def _install(session: nox.Session, *groups: str, constraints: str | None = None) -> None:
    pin = ["-c", constraints] if constraints else []
    session.install(*pin, "-e", ".", *_groups(*groups))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite and every docstring example (warnings are errors).

    Extra arguments go to pytest, e.g. ``nox -s tests -- -k adam -x``.
    """
    _install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session(name="tests-lowest", python="3.11", reuse_venv=False)
def tests_lowest(session: nox.Session) -> None:
    """Run the tests at the lowest versions ``pyproject.toml`` declares: Python 3.11, and the
    package's dependencies and the test group at their floors (numpy 1.26, matplotlib 3.8,
    pytest 8, ...: uv's ``--resolution lowest-direct``; what they depend on is the newest that
    fits). A floor set too low fails here, not at a user's.

    A fresh virtualenv every time, so that nothing newer is left from an earlier run. Uses uv
    (installed into the session when nox itself runs without it). Extra arguments go to pytest.
    """
    args = ["--resolution=lowest-direct", "-e", ".", *_groups("test")]
    if session.venv_backend == "uv":
        session.install(*args)
    else:
        session.install("uv")
        session.run_install("uv", "pip", "install", *args)
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and format-check the whole tree: the Python with ruff (``ruff check``, ``ruff format
    --check``), the site's JavaScript and its tests with Biome (``biome ci``: lint and format;
    its files and rules are in ``biome.jsonc``). Warnings fail too.

    ``nox -s lint -- --fix`` fixes what the tools can fix safely and formats every file; other
    extra arguments go to ``ruff check``. Needs ``npm`` (Node.js 18 or later) for Biome.
    """
    if shutil.which("npm") is None:
        session.error("npm is not on the PATH: install Node.js 18 or later (Biome lints the JS)")
    session.install(*_groups("lint"))
    # exactly package-lock.json's Biome, into the git-ignored node_modules/
    session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=True)
    fix = "--fix" in session.posargs
    biome = ["check", "--write"] if fix else ["ci"]
    checks = {
        "ruff check": ["ruff", "check", ".", *session.posargs],
        "ruff format": ["ruff", "format", *([] if fix else ["--check", "--diff"]), "."],
        "biome": ["npx", "--no", "--", "biome", *biome, "--error-on-warnings"],
    }
    failed = []
    for name, command in checks.items():  # all of them, so one run reports every problem
        try:
            session.run(*command, external=command[0] == "npx")
        except nox.command.CommandFailed:
            failed.append(name)
    if failed:
        session.error(f"{', '.join(failed)} found problems (see above)")


@nox.session
def bench(session: nox.Session) -> None:
    """Print optimizer throughput on 10⁶ parameters, Adam on Rosenbrock (10⁴ starts × 10³ steps)
    and, on the built site (``nox -s docs`` first), how long each playground takes to redraw
    its whole 1000-step path when a slider or the start moves (headless Chromium through
    Playwright, as ``nox -s browser``; skipped without the site).

    A benchmark, not a test: run it on a quiet machine and compare ratios from one run. With
    torch installed in the session (``nox -s bench -- --torch``), the same work is timed in
    torch.optim too and the ratios are printed. ``-- --only playground`` (or ``optimizers``)
    runs one part.
    """
    _install(session)
    # Playwright at the lock's version, as the browser session; its own browsers are not used
    session.install("-c", LOCK, "playwright")
    if "--torch" in session.posargs:
        session.install("torch==2.13.0")
    chromium = shutil.which("chromium") or ""
    session.run("python", "benchmarks/bench.py", *session.posargs, env={"CHROMIUM": chromium})


# -- the documentation site ------------------------------------------------------------------

SITE = "docs/_build/html"
LOCK = "docs/requirements.lock"
# what the lock is compiled from, hashed into its first line: a change here makes it stale
LOCK_INPUTS = {
    "requires-python": PYPROJECT["project"]["requires-python"],
    "dependencies": PYPROJECT["project"]["dependencies"],
    "docs": _groups("docs"),
}
LOCK_DIGEST = hashlib.sha256(json.dumps(LOCK_INPUTS, sort_keys=True).encode()).hexdigest()
LOCK_STAMP = f"# inputs: {LOCK_DIGEST[:16]} (pyproject.toml's dependencies and docs group)"


@nox.session
def lock(session: nox.Session) -> None:
    """Refresh ``docs/requirements.lock`` from pyproject.toml: the package's dependencies and
    the docs group, every package pinned, for any OS and every Python the package supports,
    with one version of each package for all of them (so the site is the same whichever
    builds it). Run it after changing either; ``nox -s docs`` fails while the lock is stale.

    Versions already in the lock stay where they still fit; ``nox -s lock -- --upgrade`` takes
    the newest of everything, ``-- --upgrade-package sphinx`` of one. Uses uv (installed into
    the session when nox itself runs without it).
    """
    if session.venv_backend != "uv":
        session.install("uv")
    python = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    session.run(
        *("uv", "pip", "compile", "pyproject.toml", "--group", "docs", "--quiet"),
        *("--universal", "--python-version", python, "--fork-strategy", "fewest"),
        *("--custom-compile-command", "nox -s lock", "--output-file", LOCK, *session.posargs),
    )
    text = Path(LOCK).read_text().splitlines(keepends=True)
    text = [line for line in text if not line.startswith("# inputs: ")]
    Path(LOCK).write_text(LOCK_STAMP + "\n" + "".join(text))


def _install_docs(session: nox.Session, *extra: str) -> None:
    """Install the locked docs environment and the package, then fetch MathJax (once).

    With uv the virtualenv is synced to the lock (what the lock no longer lists is removed);
    with pip the lock is installed. ``extra`` is held to the lock's versions where the lock
    has them. All this is skipped when neither the lock nor ``extra`` changed since it last ran
    in this virtualenv: even with everything in place it takes seconds, more than a no-change
    rebuild of the site.
    """
    locked = Path(LOCK).read_text()
    if not locked.startswith(LOCK_STAMP + "\n"):
        session.error(f"{LOCK} is stale: pyproject.toml's dependencies changed. Run `nox -s lock`")
    digest = hashlib.sha256("\n".join([locked, *extra]).encode()).hexdigest()
    stamp = Path(session.virtualenv.location, ".descent-docs-installed")
    if not stamp.is_file() or stamp.read_text() != digest:
        if session.venv_backend == "uv":
            session.run_install("uv", "pip", "sync", LOCK)
        else:
            session.install("-r", LOCK)
        if extra:
            session.install("-c", LOCK, *extra)
        session.install("--no-deps", "-e", ".")  # its dependencies are in the lock
        # run_install, like install, is skipped under `nox --no-install`: no stamp then
        write = f"import pathlib; pathlib.Path({str(stamp)!r}).write_text({digest!r})"
        session.run_install("python", "-c", write)
    if shutil.which("npm") is None and session.venv_backend == "uv":
        session.install("pip")  # MathJax's fallback is `pip download`; uv's venvs have no pip
    session.run("python", "docs/_ext/mathjax_fetch.py")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into ``docs/_build/html``, strictly: any warning, broken cross-reference,
    failing gallery script or failing notebook cell fails the build.

    With the versions of ``docs/requirements.lock``, every package pinned, so that a build
    today and a build next year (or GitHub's, see .github/workflows/pages.yml) are the same.

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
    # -j auto: the chapters' notebooks execute while their pages are read, one per core
    session.run(
        "sphinx-build", "-j", "auto", "-W", "--keep-going", "-n", "-b", builder, "docs", out, *args
    )


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
    # the package (a test compares the pages' data with the library) and the docs build's
    # imageio-ffmpeg (the lock's): its ffmpeg made the videos checked here
    _install(session, "test", constraints=LOCK)
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
    slider, clears it on Reset, and ends where ``descent`` ends after the same steps; and every
    page at a phone's and a desktop's width, light and dark (``tests_browser/test_layout.py``):
    nothing pans sideways or is cut off, canvases follow the theme, coloured text is readable.

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
    # numpy and matplotlib at the lock's versions: the endpoints are compared with the build's
    _install(session, "test", constraints=LOCK)
    session.install("-c", LOCK, "playwright")
    session.run("pytest", "tests_browser", *session.posargs, env={"CHROMIUM": chromium})
