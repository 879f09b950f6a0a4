"""Files in the window: new, open (locked, newer), save a copy, close, what is remembered."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from desktop.ui.app import start_window
from desktop.ui.dialogs import NewPlanDialog
from desktop.ui.main_window import MainWindow, StartPage


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def test_start_opens_the_given_file_then_the_last_then_the_sample(
    qtbot, plan_path: Path, user_data: Path
) -> None:
    first = start_window()
    qtbot.addWidget(first)
    assert first.session().path.parent == user_data / "samples"  # nothing yet: the sample
    first.close()
    second = start_window(plan_path)
    qtbot.addWidget(second)
    assert second.session().path == plan_path
    second.close()
    third = start_window()  # the last plan
    qtbot.addWidget(third)
    assert third.session().path == plan_path.resolve()
    third.close()


def test_new_plan_dialog_validates_every_field(qtbot) -> None:
    dialog = NewPlanDialog()
    qtbot.addWidget(dialog)
    dialog.code.setText("R!")
    dialog.accept()
    assert dialog.result() != NewPlanDialog.DialogCode.Accepted
    assert "organisation code" in dialog.problems.text().lower()
    assert "name is empty" in dialog.problems.text()
    dialog.code.setText("rxx")
    dialog.name.setText("Riverside NHS Trust")
    dialog.accept()
    assert dialog.result() == NewPlanDialog.DialogCode.Accepted
    assert dialog.values()["org_code"] == "RXX"


def test_file_new_creates_and_opens_the_plan(qtbot, tmp_path: Path, monkeypatch) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    target = tmp_path / "new plan"

    def fake_exec(dialog: NewPlanDialog) -> int:
        dialog.code.setText("00X")
        dialog.name.setText("NHS Riverside CCG")
        dialog.kind.setCurrentIndex(dialog.kind.findData("commissioner"))
        return NewPlanDialog.DialogCode.Accepted

    monkeypatch.setattr(NewPlanDialog, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.new_plan()
    document = window.session()
    assert document is not None and document.path == target.with_suffix(".opplan")
    assert document.info.org_kind == "commissioner"
    assert "NHS Riverside CCG" in window.windowTitle()
    tabs = window.workspace.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["CFIN  Finance", "CACT  Activity"]
    window.close()


def test_a_plan_held_by_someone_is_offered_read_only(qtbot, plan_path: Path, monkeypatch) -> None:
    holder = PlanSession.open(plan_path)
    asked: list[str] = []

    def answer(window, exc):  # type: ignore[no-untyped-def]
        asked.append(str(exc))
        return "read-only"

    monkeypatch.setattr(MainWindow, "_ask_in_use", answer)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(plan_path)
    assert "in use by" in asked[0]
    assert window.session().read_only
    assert "read-only" in window.windowTitle()
    assert "Read-only" in window.workspace.banner.text()
    window.close()
    holder.close()


def test_a_plan_from_a_newer_version_opens_read_only(qtbot, plan_path: Path, monkeypatch) -> None:
    conn = sqlite3.connect(plan_path)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda parent, title, text, *a: shown.append(text)
    )
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(plan_path)
    assert "newer version" in shown[0]
    assert "newer version" in window.workspace.banner.text()
    window.close()


def test_a_file_that_is_not_a_plan_keeps_the_current_one_open(
    qtbot, plan_path: Path, tmp_path: Path, monkeypatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text, *a: errors.append(text)
    )
    window = MainWindow.open_plan(plan_path)
    qtbot.addWidget(window)
    bogus = tmp_path / "minutes.opplan"
    bogus.write_text("minutes")
    assert not window.open_path(bogus)
    assert "not an OpPlan Desk plan" in errors[0]
    assert window.session().path == plan_path
    window.close()


def test_save_a_copy_and_close(qtbot, plan_path: Path, tmp_path: Path, monkeypatch) -> None:
    window = MainWindow.open_plan(plan_path)
    qtbot.addWidget(window)
    dest = tmp_path / "copy.opplan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), ""))
    window.save_copy()
    assert "Saved a copy" in window.statusBar().currentMessage()
    with PlanSession.open(dest, read_only=True) as copy:
        assert copy.info.org_code == "RZZ"
    window.close_plan()
    assert isinstance(window.centralWidget(), StartPage)
    assert window.session() is None
    with PlanSession.open(plan_path):  # the lock was released
        pass
    window.close()


def test_column_widths_and_geometry_are_restored(qtbot, plan_path: Path) -> None:
    window = MainWindow.open_plan(plan_path)
    qtbot.addWidget(window)
    window.show()
    window.resize(760, 540)  # the offscreen screen is 800 x 600
    view = window.workspace.tabs.go_to("FIN.INC.01", "M01")
    view.setColumnWidth(3, 151)
    window.close()
    again = MainWindow.open_plan(plan_path)
    qtbot.addWidget(again)
    again.show()
    assert again.workspace.tabs.go_to("FIN.INC.01", "M01").columnWidth(3) == 151
    assert (again.size().width(), again.size().height()) == (760, 540)
    again.close()


def test_opening_the_plan_already_open_keeps_editing(qtbot, plan_path: Path, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append("asked"))
    window = MainWindow.open_plan(plan_path)
    qtbot.addWidget(window)
    assert window.open_path(plan_path)
    assert asked == [] and not window.session().read_only
    assert "already open" in window.statusBar().currentMessage()
    window.close()


def test_undo_and_redo_actions_do_not_pile_up(qtbot, plan_path: Path) -> None:
    window = MainWindow.open_plan(plan_path)
    qtbot.addWidget(window)
    from PySide6.QtGui import QAction

    def owned() -> int:
        return len([a for a in window.findChildren(QAction) if a.parent() is window])

    before = owned()
    for _ in range(5):
        window.set_review(True)
        window.set_review(False)
    QApplication.processEvents()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert owned() == before
    window.close()


def test_a_lock_left_by_a_crashed_laptop_can_be_taken_over(
    qtbot, plan_path: Path, monkeypatch
) -> None:
    import json

    from desktop.core.store.lock import lock_path

    lock_path(plan_path).write_text(
        json.dumps(
            {"user": "jsmith", "host": "LAPTOP-42", "pid": 4242, "since": "12 Mar 2019 09:14"}
        )
    )
    monkeypatch.setattr(MainWindow, "_ask_in_use", lambda window, exc: "take over")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(plan_path)
    document = window.session()
    assert document is not None and not document.read_only
    assert "LAPTOP-42" not in lock_path(plan_path).read_text()
    window.close()
    assert not lock_path(plan_path).exists()
