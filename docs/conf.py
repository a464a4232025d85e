"""Sphinx configuration of the descent site.

Build it with ``nox -s docs`` (strict: ``sphinx-build -W --keep-going -n``). The site must
work offline, from ``file://`` or any static server: MathJax, fonts and scripts are served by
the site itself, and nothing is loaded from a CDN.

* Chapters are MyST pages read by myst-nb; a chapter with ``{code-cell}``s is executed (and
  cached: an unchanged chapter is not run again), and a cell that raises fails the build.
* ``../gallery/plot_*.py`` are sphinx-gallery scripts, run when they change, rendered into
  ``auto_gallery/``; their matplotlib animations become mp4 videos played by
  sphinxcontrib-video. A script that raises fails the build.
* ``_ext/beside.py`` places such an animation beside its equation in a chapter.
* ``_ext/playground.py`` places an interactive playground (``_static/playground/``) next to it.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXT = HERE / "_ext"
sys.path.insert(0, str(EXT))
# sphinx-gallery's parallel workers are fresh processes: they import the hooks named below
# ("gallery_hooks.…") through PYTHONPATH.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(EXT), os.environ.get("PYTHONPATH")]))
# The race chapter and its gallery scripts share the race's sweeps and runs through this folder
# (descent.race.experiment's ``cache``): run once per build, whichever asks first; the files are
# named with a hash of descent's source, so a change of the library runs them again.
os.environ.setdefault("DESCENT_RACE_CACHE", str(HERE / "_build" / ".race-cache"))
# Every run, sweep and sharpness of the build is kept in this folder (descent.cache), so that a
# chapter quoting the numbers of a run its gallery script drew reads the run rather than making
# it again (the script runs first: sphinx-gallery works before the pages are read).
os.environ.setdefault("DESCENT_CACHE", str(HERE / "_build" / ".descent-cache"))

import gallery_hooks  # noqa: E402  (docs/_ext)
import mathjax_fetch  # noqa: E402

# -- Project ------------------------------------------------------------------------------------

project = "descent"
author = "the descent authors"
copyright = "the descent authors"
release = version = importlib.import_module("descent").__version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx_gallery.gen_gallery",
    "sphinx_design",
    "sphinx_exercise",
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "sphinxcontrib.video",
    "sphinxcontrib.bibtex",
    "beside",
    "playground",
    "reexports",
    "signatures",
]

exclude_patterns = [
    "_build",
    "jupyter_execute",
    "**.ipynb_checkpoints",
    # sphinx-gallery writes a notebook beside each example page, for download only
    "auto_gallery/**.ipynb",
]
nitpicky = True  # as `-n`: a broken cross-reference fails the build
# Without intersphinx (the build has no network) names from numpy, matplotlib and the standard
# library cannot be linked, and a numpydoc type is often prose ("ndarray of bool, shape (n,)"),
# whose words napoleon turns into class references. Those are let through; everything else,
# and every reference into descent, is checked.
nitpick_ignore_regex = [
    ("py:class", r".*\s.*"),  # prose: "updates + 1", "for plots"
    ("py:class", r"[a-z_][a-z0-9_]*"),  # a lowercase word: ndarray, shape, callable, array_like
    ("py:class", r"Figure|Axes|Artist|Colormap|NamedTuple|LaTeX"),
    (r"py:.*", r"(numpy|np|matplotlib|mpl|collections|typing)\..*"),
]

# -- MyST and myst-nb ----------------------------------------------------------------------------

# -- Citations (sphinxcontrib-bibtex): {cite:p}`kingma2015adam` in a chapter, listed on the
# references page ---------------------------------------------------------------------------------

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

myst_enable_extensions = [
    "amsmath",
    "attrs_block",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "dollarmath",
    "substitution",
]
myst_heading_anchors = 3
# The chapters' toctree is numbered (index.md, `:numbered: 1`: chapter titles, not their
# sections), and figures, equations and exercises are numbered per chapter: "Fig. 4.2",
# "(4.3)", "Exercise 4.1". A chapter's heading reads "4 · Momentum and Nesterov", as its card
# on the front page does.
numfig = True  # {numref} to figures (the animations of {beside} are figures) and exercises
numfig_secnum_depth = 1
math_numfig = True
html_secnumber_suffix = " · "

nb_execution_mode = "cache"  # jupyter-cache in _build/.jupyter_cache: unchanged → not re-run
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 300
nb_execution_excludepatterns = ["auto_gallery/*"]
nb_merge_streams = True
nb_render_markdown_format = "myst"  # Markdown output of a cell (the measured tables) as MyST

# -- API reference (autodoc, autosummary, napoleon) ---------------------------------------------

autosummary_generate = True
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"  # the numpydoc sections carry the types
# defaults as the source writes them: limit=1e8, not 100000000.0 (and for classes, whose
# signature autodoc takes from a metaclass or a generated __init__: _ext/signatures.py)
autodoc_preserve_defaults = True
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_param = False  # numpydoc types are prose ("float, default 0.9"), not references
napoleon_use_rtype = False
napoleon_use_ivar = True

# -- sphinx-gallery ------------------------------------------------------------------------------

GALLERY = HERE.parent / "gallery"
CLAIMS = HERE / "chapters" / "claims"


def _stale_examples() -> int:
    """How many gallery scripts changed since sphinx-gallery last ran them (by its md5 files)."""
    from sphinx_gallery.utils import get_md5sum

    stale = 0
    for src in GALLERY.rglob("plot_*.py"):
        md5 = HERE / "auto_gallery" / src.relative_to(GALLERY).with_suffix(".py.md5")
        stale += not md5.is_file() or md5.read_text() != get_md5sum(src, mode="t")
    return stale


def _changed(sources, stamp_name) -> bool:
    """Did ``sources`` change since the last build (by a digest kept in ``_build/``)?"""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(sources))).hexdigest()
    stamp = HERE / "_build" / stamp_name
    if stamp.is_file() and stamp.read_text() == digest:
        return False
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
    return True


def _library_changed() -> bool:
    """Did ``descent/`` change since the last build? Then every figure and number may have.

    sphinx-gallery re-runs a script when the script changes and myst-nb re-executes a chapter
    when the chapter changes, but neither knows that both call the library. On a change,
    forget their caches (the scripts' md5 files, the notebooks' jupyter-cache), so the build
    redoes them all and nothing on the site is older than the code. The chapters' claims
    modules are imported by the chapters only: a change there re-runs the chapters.
    """
    library = _changed((HERE.parent / "descent").rglob("*.py"), ".descent-library.sha256")
    claims = _changed(CLAIMS.glob("*.py"), ".descent-claims.sha256")
    if library:
        for md5 in (HERE / "auto_gallery").rglob("*.py.md5"):
            md5.unlink()
    if library or claims:
        shutil.rmtree(HERE / "_build" / ".jupyter_cache", ignore_errors=True)
    return library


LIBRARY_CHANGED = _library_changed()


# Run examples on both cores, but only when there are several to run: starting the workers
# costs more than a second, which a no-change rebuild should not pay.
GALLERY_PARALLEL = False
if _stale_examples() >= 2:
    try:
        import joblib  # noqa: F401  (sphinx-gallery's parallel mode needs it)

        GALLERY_PARALLEL = min(2, os.cpu_count() or 1)
    except ImportError:
        pass

sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_gallery",
    "filename_pattern": r"/plot_",  # every plot_*.py is executed
    "ignore_pattern": r"(__init__|/_.*)\.py$",
    # the scripts in reading order, by the chapter that first shows them; the index page is
    # then cut into one grid per chapter (gallery_hooks.group_by_chapter), no subfolders
    "within_subsection_order": "gallery_hooks.ReadingOrder",
    # matplotlib animations become mp4 videos (played by sphinxcontrib-video), saved once by
    # our scraper, which also crops each script's thumbnail to its main panel
    "matplotlib_animations": (True, "mp4"),
    "image_scrapers": ("gallery_hooks.scrape",),
    # rcParams are reset before each example; a string, not a function: conf must pickle
    "reset_modules": ("matplotlib", "gallery_hooks.use_imageio_ffmpeg"),
    "reset_modules_order": "before",
    "parallel": GALLERY_PARALLEL,
    # an example that raises fails the build
    "only_warn_on_example_error": False,
    "abort_on_example_error": False,
    # the timing pages load DataTables and jQuery from a CDN: the console summary is enough
    "write_computation_times": False,
    "download_all_examples": False,  # each page still offers its .py and .ipynb
    "remove_config_comments": True,
    "show_signature": False,
    "show_memory": False,
    "thumbnail_size": gallery_hooks.THUMBNAIL_SIZE,
    "min_reported_time": 1,
}

# -- HTML ------------------------------------------------------------------------------------------

mathjax_fetch.ensure()  # MathJax served from _static/mathjax/, fetched once (git-ignored)
mathjax_path = "mathjax/tex-chtml.js"

html_theme = "sphinx_book_theme"
html_title = "descent"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_last_updated_fmt = None
html_copy_source = True
html_show_sourcelink = False
html_context = {"default_mode": "auto"}  # light or dark as the reader's system says; a toggle
html_theme_options = {
    "home_page_in_toc": False,  # the logo links home
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": True,
    # no remote repository: no source, edit, issues or launch buttons
    "use_repository_button": False,
    "use_edit_page_button": False,
    "use_issues_button": False,
    "use_source_button": False,
    "launch_buttons": {},
    "navigation_with_keys": False,
    "navbar_persistent": [],  # search lives in the sidebar and the article header already
    "logo": {"text": "descent"},
}

copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_exclude = ".linenos, .gp, .go"


def _skip_namedtuple_fields(app, what, name, obj, skip, options):
    # the states are NamedTuples: their fields' docstrings say only "Alias for field number 0"
    doc = getattr(obj, "__doc__", None) or ""
    return True if doc.startswith("Alias for field number") else None


def _reread_notebooks(app, env, added, changed, removed):
    """After a library change, re-read (hence re-execute) every page with code cells."""
    if not LIBRARY_CHANGED:
        return []
    return [name for name in env.found_docs if name.startswith("chapters/")]


# Sphinx re-reads every page when a config value of kind "env" changes, but not when an
# extension's code does: the digest of docs/_ext/ is such a value, so that a changed directive
# (a playground's data, the beside layout) cannot leave pages built by its old version.
descent_ext_digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(EXT.glob("*.py"))))
descent_ext_digest = descent_ext_digest.hexdigest()


def _unique_solution_ids(app, doctree, docname):
    """sphinx-exercise gives the body of every gated solution the id "solution-content": make
    each one its solution's ("sol-ema-step-content"), so that a page's ids stay unique."""
    from docutils import nodes

    for section in doctree.findall(nodes.section):
        if section["ids"] == ["solution-content"] and section.parent.get("ids"):
            section["ids"] = [f"{section.parent['ids'][0]}-content"]


def setup(app):
    app.connect("doctree-resolved", _unique_solution_ids)
    app.add_config_value("descent_ext_digest", "", "env")
    app.connect("env-get-outdated", _reread_notebooks)
    # before sphinx-gallery generates the gallery (builder-inited, priority 500)
    app.connect("builder-inited", gallery_hooks.prune_removed_examples, priority=400)
    app.connect("source-read", gallery_hooks.group_by_chapter)  # a grid per chapter
    # after sphinx-gallery (500) has made its thumbnails: the cropped main panels instead
    app.connect("builder-inited", gallery_hooks.cropped_thumbnails, priority=600)
    app.connect("autodoc-skip-member", _skip_namedtuple_fields)
