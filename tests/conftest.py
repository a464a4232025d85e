import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

# the chapters' claims modules (docs/chapters/claims/): a chapter and its test call the same
# functions, so the test checks the numbers the page shows
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "chapters"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # chapter_text, shared by them

settings.register_profile("descent", deadline=None, max_examples=60)
settings.load_profile("descent")


@pytest.fixture
def rng():
    return np.random.default_rng(20261123)
