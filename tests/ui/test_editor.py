"""The plan editor, driven as a finance manager drives it: keys, clipboard, undo, findings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QTableView

from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from desktop.ui.main_window import MainWindow
from desktop.ui.sheet_view import SheetView


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def show(qtbot, win: MainWindow) -> MainWindow:
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


@pytest.fixture
def window(qtbot, plan_path: Path) -> MainWindow:
    return show(qtbot, MainWindow.open_plan(plan_path))


def sheet(window: MainWindow, line: str) -> SheetView:
    assert window.workspace is not None
    view = window.workspace.tabs.go_to(line, "M01")
    assert view is not None
    return view


def cell_text(view: SheetView, line: str, period: str) -> str:
    return view.model().data(view.sheet_model.index_of(line, period))


def type_into(qtbot, view: QTableView, text: str, *, key=Qt.Key.Key_Return) -> None:
    """Type as a user does: the first key opens the editor, the rest go to it."""
    qtbot.keyClicks(view, text[0])
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view, "typing did not open an editor"
    if len(text) > 1:
        qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, key)


def select(view: SheetView, line: str, period: str) -> None:
    view.select_cell(view.sheet_model.index_of(line, period))


def test_typing_a_value_updates_the_year_total_and_a_finding(qtbot, window: MainWindow) -> None:
    view = sheet(window, "FIN.PAY.03")
    document = window.session()
    assert document is not None
    before_total = cell_text(view, "FIN.PAY.03", "Y1")
    assert not [f for f in document.findings() if f.rule == "F03"]
    select(view, "FIN.PAY.03", "M06")
    type_into(qtbot, view, "(1,250)")  # refused: agency spend cannot be negative
    qtbot.waitUntil(lambda: "cannot be negative" in window.statusBar().currentMessage())
    assert cell_text(view, "FIN.PAY.03", "Y1") == before_total
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # the editor stayed open
    select(view, "FIN.PAY.03", "M06")
    type_into(qtbot, view, "9,000")
    qtbot.waitUntil(lambda: cell_text(view, "FIN.PAY.03", "M06") == "9,000.0")
    assert cell_text(view, "FIN.PAY.03", "Y1") != before_total
    expected = document.plan.value("FIN.PAY.03", "Y1")
    assert cell_text(view, "FIN.PAY.03", "Y1") == f"{expected:,.1f}"
    f03 = [f for f in document.findings() if f.rule == "F03"]
    assert f03 and f03[0].severity == "error"
    assert view.currentIndex() == view.sheet_model.index_of("FIN.PAY.TOT", "M06")  # Enter: down
    tooltip = view.model().data(
        view.sheet_model.index_of("FIN.PAY.03", "Y1"), Qt.ItemDataRole.ToolTipRole
    )
    assert "F03" in tooltip


def test_tab_moves_right_and_escape_cancels(qtbot, window: MainWindow) -> None:
    view = sheet(window, "FIN.INC.01")
    select(view, "FIN.INC.01", "M01")
    before = cell_text(view, "FIN.INC.01", "M01")
    type_into(qtbot, view, "123", key=Qt.Key.Key_Escape)
    assert cell_text(view, "FIN.INC.01", "M01") == before
    type_into(qtbot, view, "55", key=Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: cell_text(view, "FIN.INC.01", "M01") == "55.0")
    assert view.currentIndex() == view.sheet_model.index_of("FIN.INC.01", "M02")


def excel_clipboard(rows: list[list[str]], quoted: tuple[int, int] | None = None) -> str:
    lines = []
    for r, row in enumerate(rows):
        cells = [f'"{c}"' if quoted == (r, i) else c for i, c in enumerate(row)]
        lines.append("\t".join(cells))
    return "\r\n".join(lines) + "\r\n"


def test_paste_a_12_by_3_block_from_excel_and_undo_it_in_one_step(
    qtbot, window: MainWindow
) -> None:
    view = sheet(window, "FIN.INC.01")
    document = window.session()
    assert document is not None
    lines = ["FIN.INC.01", "FIN.INC.02", "FIN.INC.03"]
    before = {
        (ln, f"M{m:02d}"): document.plan.value(ln, f"M{m:02d}")
        for ln in lines
        for m in range(1, 13)
    }
    # 12 months by 3 lines, as copied from a row-per-line spreadsheet
    rows = [[f"{1000 + 10 * r + m:,}.5" for m in range(12)] for r in range(3)]
    rows[1][4] = "2,500.25"
    mime = QMimeData()
    mime.setText(excel_clipboard(rows, quoted=(1, 4)))
    QGuiApplication.clipboard().setMimeData(mime)
    select(view, "FIN.INC.01", "M01")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert str(document.plan.value("FIN.INC.02", "M05")) == "2500.25"
    assert str(document.plan.value("FIN.INC.03", "M12")) == "1031.5"
    assert cell_text(view, "FIN.INC.01", "M01") == "1,000.5"
    stack = window.workspace.undo_stack
    assert stack.undoText() == "paste of 36 cells"
    assert "Paste: 36 cells" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {cell: document.plan.value(*cell) for cell in before} == before
    assert stack.index() == 0
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert str(document.plan.value("FIN.INC.02", "M05")) == "2500.25"
    operations = list(
        dict.fromkeys((a.operation_id, a.operation) for a in document.file.audit("FIN.INC.02"))
    )
    assert [name for _, name in operations[-3:]] == [
        "Paste of 36 cells",
        "Undo paste of 36 cells",
        "Paste of 36 cells",
    ]


def test_paste_tiles_over_a_larger_selection_and_skips_calculated_cells(
    qtbot, window: MainWindow
) -> None:
    view = sheet(window, "FIN.INC.01")
    document = window.session()
    assert document is not None
    total_before = document.plan.value("FIN.INC.PC", "M01")
    mime = QMimeData()
    mime.setText("7\r\n")
    QGuiApplication.clipboard().setMimeData(mime)
    model = view.sheet_model
    top = model.index_of("FIN.INC.01", "M01")
    bottom = model.index_of("FIN.INC.PC", "M02")  # 5 lines, the last one calculated
    view.selectionModel().select(
        QItemSelection(top, bottom), view.selectionModel().SelectionFlag.ClearAndSelect
    )
    view.paste()
    message = window.statusBar().currentMessage()
    assert "Paste: 8 cells" in message and "skipped 2 cells that are calculated" in message
    assert document.plan.value("FIN.INC.PC", "M01") == Decimal(28)
    assert total_before != Decimal(28)


def test_paste_onto_calculated_cells_only_says_so(qtbot, window: MainWindow) -> None:
    view = sheet(window, "FIN.INC.PC")
    mime = QMimeData()
    mime.setText("1\t2\r\n")
    QGuiApplication.clipboard().setMimeData(mime)
    select(view, "FIN.INC.PC", "M01")
    before = window.workspace.undo_stack.count()
    view.paste()
    assert "calculated" in window.statusBar().currentMessage()
    assert window.workspace.undo_stack.count() == before


def test_delete_fill_down_and_ctrl_enter(qtbot, window: MainWindow) -> None:
    view = sheet(window, "E.M.7a")
    document = window.session()
    assert document is not None
    model = view.sheet_model
    select(view, "E.M.7a", "M01")
    view.selectionModel().select(
        QItemSelection(model.index_of("E.M.7a", "M01"), model.index_of("E.M.7a", "M03")),
        view.selectionModel().SelectionFlag.ClearAndSelect,
    )
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert document.plan.value("E.M.7a", "M02") is None
    assert any(f.rule == "G01" and f.line == "E.M.7a" for f in document.findings())
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.plan.value("E.M.7a", "M02") is not None
    view.selectionModel().select(
        QItemSelection(model.index_of("E.M.7a", "M01"), model.index_of("E.M.7b", "M01")),
        view.selectionModel().SelectionFlag.ClearAndSelect,
    )
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert document.plan.value("E.M.7b", "M01") == document.plan.value("E.M.7a", "M01")
    view.setCurrentIndex(model.index_of("E.M.8", "M01"))
    view.selectionModel().select(
        QItemSelection(model.index_of("E.M.8", "M01"), model.index_of("E.M.8", "M04")),
        view.selectionModel().SelectionFlag.ClearAndSelect,
    )
    qtbot.keyClicks(view, "5")
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "000")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [document.plan.value("E.M.8", f"M0{m}") for m in range(1, 5)] == [Decimal(5000)] * 4
    assert window.workspace.undo_stack.undoText() == "entry of 4 cells"


def test_jump_from_a_finding_to_its_cell(qtbot, window: MainWindow) -> None:
    panel = window.findings
    assert panel is not None
    document = window.session()
    a06 = next(f for f in document.findings() if f.rule == "A06")
    window.go_to_cell(a06.line, a06.period)
    view = window.workspace.tabs.current_view()
    assert view is not None and view.sheet_model.sheet.id == "BEDS"
    assert view.currentIndex() == view.sheet_model.index_of(a06.line, a06.period)
    model_index = view.sheet_model.index_of(a06.line, a06.period)
    assert view.model().data(model_index, Qt.ItemDataRole.UserRole + 1) == "warning"


def test_every_edit_is_in_the_file_without_saving(qtbot, plan_path: Path) -> None:
    window = show(qtbot, MainWindow.open_plan(plan_path))
    view = sheet(window, "FIN.INC.05")
    select(view, "FIN.INC.05", "M03")
    type_into(qtbot, view, "777.125")
    qtbot.waitUntil(lambda: window.session().plan.stored("FIN.INC.05", "M03") == Decimal("777.125"))
    select(view, "FIN.INC.06", "M03")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    window.close()
    with PlanSession.open(plan_path) as reopened:
        assert str(reopened.plan.stored("FIN.INC.05", "M03")) == "777.125"
        assert reopened.plan.stored("FIN.INC.06", "M03") is None


def test_read_only_shows_everything_and_edits_nothing(qtbot, plan_path: Path) -> None:
    window = show(qtbot, MainWindow.open_plan(plan_path, read_only=True))
    assert "read-only" in window.windowTitle()
    assert window.workspace.banner.isVisible()
    view = sheet(window, "FIN.INC.01")
    before = cell_text(view, "FIN.INC.01", "M01")
    select(view, "FIN.INC.01", "M01")
    qtbot.keyClicks(view, "9")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert cell_text(view, "FIN.INC.01", "M01") == before
    assert (
        not view.model().flags(view.sheet_model.index_of("FIN.INC.01", "M01"))
        & Qt.ItemFlag.ItemIsEditable
    )


def test_status_bar_sums_the_selection_and_shows_the_stage(qtbot, window: MainWindow) -> None:
    view = sheet(window, "FIN.INC.01")
    model = view.sheet_model
    view.selectionModel().select(
        QItemSelection(model.index_of("FIN.INC.01", "M01"), model.index_of("FIN.INC.01", "M03")),
        view.selectionModel().SelectionFlag.ClearAndSelect,
    )
    document = window.session()
    total = sum(document.plan.value("FIN.INC.01", f"M0{m}") for m in (1, 2, 3))
    qtbot.waitUntil(lambda: f"Sum: {total:,.1f}" in window.selection_label.text())
    assert "Count: 3" in window.selection_label.text()
    assert window.stage_label.text() == "Stage: Draft 1"
    assert window.saved_label.text() == "All changes saved"
    assert "Northshire Hospitals" in window.windowTitle() and "Draft 1" in window.windowTitle()


def test_a_change_that_cannot_be_saved_leaves_no_undo_step(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    from desktop.core.errors import PlanStorageError

    document = window.session()
    stack = window.workspace.undo_stack
    before = stack.count()

    def disk_full(*args, **kwargs):
        raise PlanStorageError(document.path, "the change could not be saved: the disk is full")

    monkeypatch.setattr(document.file, "write_cells", disk_full)
    view = sheet(window, "FIN.INC.01")
    select(view, "FIN.INC.01", "M01")
    view.paste_block([["123"]])
    assert stack.count() == before
    assert "disk is full" in window.statusBar().currentMessage()


def test_undo_puts_back_a_value_that_no_longer_passes_its_unit(qtbot, plan_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(plan_path)  # a file changed outside the app
    conn.execute("UPDATE cell SET value = '12.5' WHERE line = 'E.M.7a' AND period = 'M01'")
    conn.commit()
    conn.close()
    window = show(qtbot, MainWindow.open_plan(plan_path))
    document = window.session()
    view = sheet(window, "E.M.7a")
    select(view, "E.M.7a", "M01")
    view.paste_block([["13"]])
    assert document.plan.stored("E.M.7a", "M01") == Decimal(13)
    window.workspace.undo_stack.undo()
    assert str(document.plan.stored("E.M.7a", "M01")) == "12.5"  # exactly as it was
