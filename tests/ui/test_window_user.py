"""The window around the grid, driven as a user drives it: keys and clicks sent to the
focused widget, results checked in the plan file through the core.

Issue 10, "the window": the approval dialog's keyboard (fault 4), the first window on
a small screen, the findings dock, the sample plan's banner, where file dialogs
start, starting the next draft, the changed-since-approval notice in the editor, and
compare's period labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from desktop.core.document import PlanDocument
from desktop.core.samples import build_sample, sample
from desktop.ui.main_window import MainWindow

# -- key and mouse helpers (the grid's branch has its own; the lead folds them) ----------


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)
    QApplication.processEvents()


def type_text(text: str) -> None:
    """Each character to the widget that has the focus when it is typed."""
    for char in text:
        QTest.keyClicks(focused(), char)
    QApplication.processEvents()


def click(button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def shown_window(qtbot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def trust_path(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


@pytest.fixture
def window(qtbot, trust_path: Path) -> Iterator[MainWindow]:
    main = shown_window(qtbot, MainWindow.open_plan(trust_path))
    yield main
    main.close()


def stored_approvals(path: Path):
    with PlanDocument.open(path, read_only=True) as document:
        return document.approvals()


def open_approval_dialog(qtbot, window: MainWindow) -> QDialog:
    """Review mode, submit Draft 1, then Record approval… (all by mouse and F9)."""
    press(Qt.Key.Key_F9)
    assert window.in_review()
    panel = window.review_page.versions
    click(panel.submit_button)
    click(panel.approve_button)
    dialog = panel.approval_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


# -- fault 4: the approval dialog ----------------------------------------------------------


def finished(dialog: QDialog) -> list[int]:
    """Collects the dialog's result when it closes (it is deleted on close)."""
    results: list[int] = []
    dialog.finished.connect(results.append)
    return results


def fill_the_rest() -> None:
    """From the meeting date: Tab to the name, the role and the minute, typing each."""
    for text in ("Jane Smith", "Chair", "TB/25/042"):
        press(Qt.Key.Key_Tab)
        type_text(text)


def test_tab_runs_field_to_field_and_the_date_is_typed_whole(
    qtbot, window: MainWindow, trust_path: Path
) -> None:
    dialog = open_approval_dialog(qtbot, window)
    assert dialog.isAncestorOf(focused())  # the body, first
    press(Qt.Key.Key_Tab)
    type_text("2/12/2025")  # D/M/YYYY: 2 December
    press(Qt.Key.Key_Tab)
    type_text("Jane Smith")
    press(Qt.Key.Key_Tab)
    type_text("Chair")
    press(Qt.Key.Key_Tab)
    type_text("TB/25/042")
    closed = finished(dialog)
    press(Qt.Key.Key_Return)
    assert closed == [QDialog.DialogCode.Accepted.value]
    (approval,) = stored_approvals(trust_path)
    assert approval.meeting_date == "2025-12-02"
    assert (approval.body, approval.approver, approval.role, approval.minute) == (
        "trust board",
        "Jane Smith",
        "Chair",
        "TB/25/042",
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("02/12/2025", "2025-12-02"), ("2025-12-02", "2025-12-02"), ("1/4/2025", "2025-04-01")],
)
def test_the_meeting_date_is_read_in_each_way_it_is_written(
    qtbot, window: MainWindow, trust_path: Path, typed: str, stored: str
) -> None:
    dialog = open_approval_dialog(qtbot, window)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(typed)
    fill_the_rest()
    closed = finished(dialog)
    press(Qt.Key.Key_Return)
    assert [a.meeting_date for a in stored_approvals(trust_path)] == [stored]
    assert closed == [QDialog.DialogCode.Accepted.value]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2025", "February 2025 has 28 days"),
        ("12/13/2025", "there is no month 13"),
        ("2/12/25", "DD/MM/YYYY"),
        ("next Tuesday", "DD/MM/YYYY"),
        ("", "meeting date is empty"),
    ],
)
def test_a_bad_date_is_refused_with_the_reason_at_the_field(
    qtbot, window: MainWindow, trust_path: Path, typed: str, reason: str
) -> None:
    dialog = open_approval_dialog(qtbot, window)
    press(Qt.Key.Key_Tab)
    date_field = focused()
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(Qt.Key.Key_Delete)
    type_text(typed)
    fill_the_rest()
    press(Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert reason in dialog.date_problem.text()
    assert dialog.date_problem.isVisible()
    assert focused() is date_field  # back at the field to put it right
    assert stored_approvals(trust_path) == []


def test_a_date_in_the_future_is_refused(qtbot, window: MainWindow, trust_path: Path) -> None:
    dialog = open_approval_dialog(qtbot, window)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    type_text(tomorrow.strftime("%d/%m/%Y"))
    press(Qt.Key.Key_Tab)
    assert "in the future" in dialog.date_problem.text()  # said on leaving the field
    assert stored_approvals(trust_path) == []


def test_the_date_is_picked_from_a_calendar_with_keys(
    qtbot, window: MainWindow, trust_path: Path
) -> None:
    dialog = open_approval_dialog(qtbot, window)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("10/11/2025")
    press(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # opens the calendar
    calendar = dialog.meeting_date.calendar
    qtbot.waitUntil(calendar.isVisible)
    press(Qt.Key.Key_Left)  # a day earlier
    press(Qt.Key.Key_Return)  # picked
    assert not calendar.isVisible()
    assert dialog.meeting_date.text() == "09/11/2025"
    assert dialog.isAncestorOf(focused())
    fill_the_rest()
    press(Qt.Key.Key_Return)
    assert [a.meeting_date for a in stored_approvals(trust_path)] == ["2025-11-09"]
