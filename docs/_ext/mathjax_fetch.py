"""Put MathJax 3 in ``docs/_static/mathjax/`` so the site typesets math with no network.

The site must work from ``file://`` and from a static server with no internet, so MathJax and
its fonts are served by the site itself. They are not kept in git: this fetches the pinned
release from a package registry, once, into the git-ignored ``docs/_static/mathjax/``.

* First choice: the npm package ``mathjax`` (``npm pack``), its ``es5/`` build.
* Without npm: the PyPI wheel ``sphinx-mathjax-offline``, which bundles the same ``es5/`` build
  of MathJax 3.2.2 (only its files are used, not its Sphinx extension).

Only what a page can load is kept: ``tex-chtml.js``, the TeX extensions it autoloads, the
CommonHTML woff fonts, and the menu and accessibility components (about 7 MB).

``python docs/_ext/mathjax_fetch.py`` fetches if needed (``nox -s docs`` does this, and
``conf.py`` calls :func:`ensure` too); ``--force`` fetches again.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

VERSION = "3.2.2"
PYPI_FALLBACK = "sphinx-mathjax-offline==0.0.2"  # bundles MathJax 3.2.2's es5/ build
ENTRY = "tex-chtml.js"
KEEP = (ENTRY, "input/tex/extensions/", "output/chtml/fonts/woff-v2/", "ui/", "a11y/", "sre/")
DEST = Path(__file__).resolve().parent.parent / "_static" / "mathjax"
STAMP = ".version"


def is_present(dest: Path = DEST) -> bool:
    """Whether ``dest`` holds this MathJax version."""
    stamp = dest / STAMP
    return (dest / ENTRY).is_file() and stamp.is_file() and stamp.read_text().strip() == VERSION


def ensure(dest: Path = DEST, force: bool = False) -> Path:
    """Fetch MathJax into ``dest`` unless it is already there; return ``dest``."""
    if is_present(dest) and not force:
        return dest
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        staged = tmp / "mathjax"
        try:
            _from_npm(tmp, staged)
        except (OSError, subprocess.CalledProcessError) as npm_error:
            print(f"mathjax: npm failed ({npm_error}); trying {PYPI_FALLBACK}", file=sys.stderr)
            shutil.rmtree(staged, ignore_errors=True)
            _from_pypi(tmp, staged)
        if not (staged / ENTRY).is_file():
            raise RuntimeError(f"MathJax {VERSION} fetched, but {ENTRY} is missing from it")
        (staged / STAMP).write_text(VERSION + "\n")
        if dest.exists():
            shutil.rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staged, dest)
    return dest


def _wanted(relpath: str) -> bool:
    return any(relpath == keep or relpath.startswith(keep) for keep in KEEP)


def _from_npm(tmp: Path, staged: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise OSError("npm not found")
    out = subprocess.run(
        [npm, "pack", f"mathjax@{VERSION}", "--pack-destination", str(tmp), "--silent"],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = tmp / out.stdout.strip().splitlines()[-1]
    prefix = "package/es5/"
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            rel = member.name.removeprefix(prefix)
            if member.isfile() and member.name.startswith(prefix) and _wanted(rel):
                _write(staged / rel, tar.extractfile(member).read())
            elif member.name == "package/LICENSE":
                _write(staged / "LICENSE", tar.extractfile(member).read())


def _from_pypi(tmp: Path, staged: Path) -> None:
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
    subprocess.run([*pip, "--dest", str(tmp), PYPI_FALLBACK], check=True)
    (wheel,) = tmp.glob("*.whl")
    prefix = "sphinx-mathjax-offline/static/mathjax/"
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            rel = name.removeprefix(prefix)
            if name.startswith(prefix) and not name.endswith("/") and _wanted(rel):
                _write(staged / rel, zf.read(name))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="fetch even if present")
    parser.add_argument("--dest", type=Path, default=DEST, help=f"default: {DEST}")
    args = parser.parse_args(argv)
    was_present = is_present(args.dest) and not args.force
    dest = ensure(args.dest, force=args.force)
    files = [p for p in dest.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1e6
    state = "already present" if was_present else "fetched"
    print(f"MathJax {VERSION} {state} in {dest} ({len(files)} files, {size:.1f} MB)")


if __name__ == "__main__":
    main()
