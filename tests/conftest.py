"""Shared fixtures: every test gets its own user data folder; Qt runs offscreen."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every end-to-end test slow; put the modules with the slowest tests first.

    The workers take whole modules in this order (pyproject.toml: --dist loadfile), so
    the frozen build runs on one worker while the others share the rest, rather than
    starting last and running alone.
    """
    e2e = ROOT / "tests" / "e2e"
    for item in items:
        if item.path.is_relative_to(e2e):
            item.add_marker(pytest.mark.slow)
    rank: dict[Path, int] = {}
    for item in items:
        level = (
            0 if item.get_closest_marker("frozen") else 1 if item.get_closest_marker("slow") else 2
        )
        rank[item.path] = min(rank.get(item.path, 2), level)
    items.sort(key=lambda item: rank[item.path])


@pytest.fixture(autouse=True)
def user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh user data folder (backups, sample copies, settings) for each test."""
    folder = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("OPPLAN_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def samples_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trust and CCG sample plans (2019/20), built once: copy them, never change them."""
    from desktop.core.samples import build_sample, sample

    folder = tmp_path_factory.mktemp("samples")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OPPLAN_DATA_DIR", str(folder / "userdata"))
        build_sample(sample("provider"), folder / "trust.opplan")
        build_sample(sample("commissioner"), folder / "ccg.opplan")
    return folder


@pytest.fixture
def trust_path(samples_dir: Path, tmp_path: Path) -> Path:
    """A copy of the sample trust plan this test may change."""
    return Path(shutil.copy(samples_dir / "trust.opplan", tmp_path / "trust.opplan"))


@pytest.fixture
def ccg_path(samples_dir: Path, tmp_path: Path) -> Path:
    """A copy of the sample CCG plan this test may change."""
    return Path(shutil.copy(samples_dir / "ccg.opplan", tmp_path / "ccg.opplan"))


@pytest.fixture(autouse=True, scope="session")
def _one_qapplication(request: pytest.FixtureRequest) -> None:
    """The QApplication, made before any test runs (pytest-qt's ``qapp``).

    Code under test may need a Qt application without asking for ``qapp``: the board
    pack run in-process (``run_cli("boardpack", ...)``) makes a bare QGuiApplication
    when there is none, and a widget test that came after it in the same process would
    then abort Qt ("Cannot create a QWidget without QApplication"). Which tests share a
    process depends on how the workers share them out, so it must not matter.
    """
    request.getfixturevalue("qapp")


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


class ModalDialogInTest(AssertionError):
    """A test opened a modal dialog it did not answer: it would wait for ever."""


@pytest.fixture(autouse=True)
def _no_unanswered_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail fast when code under test opens a modal dialog the test did not patch.

    A headless run has nobody to click: an unexpected dialog would hang the suite.
    Tests that expect a dialog patch it themselves (their patch wins: it comes later).
    """
    try:
        from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
    except ImportError:
        return

    def refuse(*args: object, **kwargs: object) -> None:
        raise ModalDialogInTest(f"a modal dialog was opened: {args[1:3]!r}")

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, refuse)
    monkeypatch.setattr(QMessageBox, "exec", refuse)
    monkeypatch.setattr(QDialog, "exec", refuse)
