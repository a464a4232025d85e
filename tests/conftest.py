import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("descent", deadline=None, max_examples=60)
settings.load_profile("descent")


@pytest.fixture
def rng():
    return np.random.default_rng(20261123)
