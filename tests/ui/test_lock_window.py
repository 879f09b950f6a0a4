"""The window and the lock: losing it turns the editor read-only at once with a banner
naming who took it over; a live session of this computer is never taken over; another
computer's is, after a warning naming it (issue 11, fault 5)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from desktop.core.store.lock import lock_path
from desktop.ui import lock_ui
from desktop.ui.main_window import MainWindow
from tests.core.test_lock_race import other_machine_takes_over
from tests.ui.test_editor import select, sheet, show, type_into

REAL_MESSAGE_BOX_EXEC = QMessageBox.exec  # before the suite's guard replaces it


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def stored(plan: Path, line: str, period: str) -> str | None:
    with PlanSession.open(plan, read_only=True) as doc:
        return doc.snapshot().stored_texts().get((line, period))


def answer_boxes(monkeypatch: pytest.MonkeyPatch, *answers: Callable[[QMessageBox], str]) -> list:
    """Let message boxes run for real, each answered by the next of ``answers``: it looks
    at the box and names the button to click, which is clicked with the mouse."""
    monkeypatch.setattr(QMessageBox, "exec", REAL_MESSAGE_BOX_EXEC)
    seen: list[dict] = []
    pending = list(answers)

    def click_when_shown() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click_when_shown)
            return
        buttons = {b.text(): b for b in box.findChildren(QPushButton) if b.isVisible()}
        seen.append({"text": box.text(), "buttons": sorted(buttons)})
        choice = pending.pop(0)(box)
        QTest.mouseClick(buttons[choice], Qt.MouseButton.LeftButton)
        if pending:
            QTimer.singleShot(20, click_when_shown)

    QTimer.singleShot(20, click_when_shown)
    return seen


def test_an_editor_whose_plan_is_taken_over_turns_read_only_with_a_banner(
    qtbot, plan_path: Path
) -> None:
    window = show(qtbot, MainWindow.open_plan(plan_path))
    view = sheet(window, "FIN.INC.01")
    select(view, "FIN.INC.01", "M01")
    type_into(qtbot, view, "5000")
    qtbot.waitUntil(lambda: stored(plan_path, "FIN.INC.01", "M01") == "5000")
    assert not window.workspace.banner.isVisible()
    before = stored(plan_path, "FIN.INC.02", "M01")

    other_machine_takes_over(plan_path)
    select(view, "FIN.INC.02", "M01")
    type_into(qtbot, view, "7000")
    banner = window.workspace.banner
    qtbot.waitUntil(banner.isVisible)
    assert "jsmith" in banner.text() and "LAPTOP-042" in banner.text()
    assert "read-only" in window.windowTitle()
    assert stored(plan_path, "FIN.INC.02", "M01") == before  # refused, not half-saved
    assert stored(plan_path, "FIN.INC.01", "M01") == "5000"  # what was saved stays saved
    select(view, "FIN.INC.03", "M01")
    qtbot.keyClicks(view, "9")  # no editor opens any more
    assert QApplication.focusWidget() is view
    window.close()
    assert "LAPTOP-042" in lock_path(plan_path).read_text(encoding="utf-8")  # theirs, kept


def test_the_lock_is_watched_even_while_nobody_types(
    qtbot, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock_ui.LockWatch, "INTERVAL_MS", 50)
    window = show(qtbot, MainWindow.open_plan(plan_path))
    other_machine_takes_over(plan_path)
    qtbot.waitUntil(window.workspace.banner.isVisible, timeout=3000)
    assert "LAPTOP-042" in window.workspace.banner.text()
    assert not window.import_action.isEnabled() and not window.final_action.isEnabled()
    window.close()


def test_a_live_session_of_this_computer_is_not_offered_for_take_over(
    qtbot, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = PlanSession.open(plan_path)  # another window of this computer
    try:
        seen = answer_boxes(monkeypatch, lambda box: "Open read-only")
        window = show(qtbot, MainWindow())
        assert window.open_path(plan_path)
        assert seen[0]["buttons"] == ["Cancel", "Open read-only"]  # no Take over
        assert "this computer" in seen[0]["text"]
        assert window.session().read_only
        holder.set_cells({("FIN.INC.01", "M01"): "123"}, "typing")  # still the writer
        window.close()
    finally:
        holder.close()
    assert stored(plan_path, "FIN.INC.01", "M01") == "123"


def test_another_computers_session_is_taken_over_after_a_warning_naming_it(
    qtbot, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other_machine_takes_over(plan_path)
    seen = answer_boxes(monkeypatch, lambda box: "Take over\u2026", lambda box: "Take over")
    window = show(qtbot, MainWindow())
    assert window.open_path(plan_path)
    assert "Take over\u2026" in seen[0]["buttons"]
    assert "jsmith on LAPTOP-042" in seen[1]["text"]
    document = window.session()
    assert document is not None and not document.read_only
    assert "LAPTOP-042" not in lock_path(plan_path).read_text(encoding="utf-8")
    window.close()
    assert not lock_path(plan_path).exists()
