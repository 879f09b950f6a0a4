"""Shared fixtures: every test gets its own user data folder; Qt runs offscreen."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh user data folder (backups, sample copies, settings) for each test."""
    folder = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("OPPLAN_DATA_DIR", str(folder))
    return folder
