"""File > Restore a backup..., and the offer to restore when a plan is really damaged
(issue 11, fault 1): the backup chosen with the mouse is put in place, the damaged
file and its journal are kept aside as a pair, no journal is left beside the plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.session import PlanSession
from desktop.ui import restore_dialog
from desktop.ui.main_window import MainWindow
from tests.core.test_recovery import damage, journal
from tests.helpers import new_document
from tests.ui.test_editor import show
from tests.ui.test_lock_window import answer_boxes

REAL_DIALOG_EXEC = restore_dialog.RestoreDialog.exec  # before the suite's guard replaces it


@pytest.fixture
def backed_up(tmp_path: Path) -> tuple[Path, list[dict]]:
    plan = tmp_path / "trust.opplan"
    new_document(plan).close()
    states = []
    for figure in ("100", "200", "300"):
        with PlanSession.open(plan) as doc:  # a backup each time, before the edit
            states.append(doc.snapshot().stored_texts())
            doc.set_cells({("FIN.INC.01", "M01"): figure}, "typing")
    return plan, states


def choose_in_dialog(monkeypatch: pytest.MonkeyPatch, row: int, seen: list) -> None:
    """Run the restore dialog for real: click row ``row`` of its table, then Restore."""
    monkeypatch.setattr(restore_dialog.RestoreDialog, "exec", REAL_DIALOG_EXEC)

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, restore_dialog.RestoreDialog):
            QTimer.singleShot(20, click)
            return
        table = dialog.table
        seen.append([table.item(r, 0).text() for r in range(table.rowCount())])
        rect = table.visualItemRect(table.item(row, 1))
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(20, click)


def test_a_damaged_plan_offers_its_backups_and_restores_the_one_chosen(
    qtbot, backed_up: tuple[Path, list[dict]], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, states = backed_up
    damage(plan)
    damaged = plan.read_bytes()
    boxes = answer_boxes(monkeypatch, lambda box: "Restore a backup\u2026")
    listed: list = []
    choose_in_dialog(monkeypatch, 1, listed)  # the second newest
    window = show(qtbot, MainWindow())
    assert window.open_path(plan)
    assert "damaged" in boxes[0]["text"]
    assert len(listed[0]) == 3
    document = window.session()
    assert document is not None and not document.read_only
    assert document.snapshot().stored_texts() == states[1]
    assert not journal(plan).exists()
    [aside] = [p for p in plan.parent.glob("*.before-restore-*") if not p.name.endswith("journal")]
    assert aside.read_bytes() == damaged  # kept, not deleted
    assert "Restored" in window.statusBar().currentMessage()
    window.close()


def test_file_restore_a_backup_of_the_open_plan(
    qtbot, backed_up: tuple[Path, list[dict]], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, states = backed_up
    window = show(qtbot, MainWindow.open_plan(plan))  # another backup: the newest
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    listed: list = []
    choose_in_dialog(monkeypatch, 2, listed)
    [action] = [a for a in window.file_menu.actions() if a.text() == "Restore a &backup\u2026"]
    action.trigger()
    assert len(listed[0]) == 4
    document = window.session()
    assert document is not None and document.snapshot().stored_texts() == states[1]
    window.close()


def test_an_interrupted_plan_is_not_offered_a_restore(qtbot, tmp_path: Path) -> None:
    from tests.core.test_recovery import cells_of
    from tests.faults.harness import interrupted_copy

    source = tmp_path / "source.opplan"
    new_document(source).close()
    plan = interrupted_copy(
        source, tmp_path / "plan.opplan", [("FIN.INC.01", f"M{m:02d}", "1") for m in range(1, 13)]
    )
    before = cells_of(source)
    window = show(qtbot, MainWindow())
    assert window.open_path(plan)  # no dialog: the suite fails on any unexpected one
    assert window.session().snapshot().stored_texts() == before
    window.close()
