"""The plan the command-line tests start from."""

from pathlib import Path

import pytest


@pytest.fixture
def trust(trust_path: Path) -> Path:
    """A copy of the sample trust plan (2019/20) this test may change."""
    return trust_path
