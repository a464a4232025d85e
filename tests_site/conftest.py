"""The built site under test: ``docs/_build/html``, or the directory in ``$DESCENT_SITE``."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("DESCENT_SITE", REPO / "docs" / "_build" / "html")).resolve()
CHAPTERS = REPO / "docs" / "chapters"
