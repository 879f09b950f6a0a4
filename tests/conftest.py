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


@pytest.fixture(autouse=True, scope="session")
def _release_the_clipboard():
    """Empty the clipboard before Qt is torn down at the end of the run.

    Mime data put on the clipboard from Python is otherwise freed twice when the
    interpreter exits after QApplication (PySide6 6.11, offscreen): a segfault after
    every test passed.
    """
    yield
    try:
        from PySide6.QtGui import QGuiApplication
    except ImportError:
        return
    if QGuiApplication.instance() is not None:
        from desktop.ui.sheet_view import release_clipboard

        release_clipboard()  # what the app does when it quits
        QGuiApplication.clipboard().clear()  # tests also put raw Python mime data there
