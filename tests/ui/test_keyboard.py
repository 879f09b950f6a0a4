"""The grid driven only by key presses and mouse clicks, as an Excel user drives it.

Every test opens the real main window on a copy of the sample trust plan, sends
key and mouse events to the focused widget (``tests/ui/keys.py``) and checks what
the plan file holds through the core, not through the widgets.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.core.document import PlanDocument
from desktop.core.samples import build_sample, sample
from desktop.ui.main_window import MainWindow
from desktop.ui.sheet_view import SheetView

from .keys import CTRL, SHIFT, click_cell, enter, focused, paste, press, type_text

K = Qt.Key


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def open_window(qtbot, path: Path, *, read_only: bool = False) -> MainWindow:
    window = MainWindow.open_plan(path, read_only=read_only)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), SheetView))
    return window


@pytest.fixture
def window(qtbot, plan_path: Path) -> MainWindow:
    return open_window(qtbot, plan_path)


def grid(window: MainWindow) -> SheetView:
    assert window.workspace is not None
    view = window.workspace.tabs.current_view()
    assert view is not None
    return view


def where(view: SheetView, line: str, period: str) -> tuple[int, int]:
    index = view.sheet_model.index_of(line, period)
    assert index.isValid(), f"{line} {period} is not on sheet {view.sheet_model.sheet.id}"
    return index.row(), index.column()


def click(window: MainWindow, line: str, period: str) -> SheetView:
    view = grid(window)
    click_cell(view, *where(view, line, period))
    return view


def stored(window: MainWindow) -> dict[tuple[str, str], str]:
    document = window.document()
    assert document is not None
    return document.stored_texts()


def value(window: MainWindow, line: str, period: str) -> Decimal | str | None:
    document = window.document()
    assert document is not None
    return document.plan.stored(line, period)


def current(window: MainWindow) -> tuple[str, str]:
    view = grid(window)
    return view.sheet_model.cell(view.currentIndex().row(), view.currentIndex().column())


def selected(window: MainWindow) -> list[tuple[str, str]]:
    view = grid(window)
    return [view.sheet_model.cell(r, c) for r, c in view.selected_cells()]


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


# -- fault 1: typing on a cell that cannot be typed in --------------------------------


@pytest.mark.parametrize(
    ("line", "period", "keys", "why"),
    [
        ("FIN.PAY.TOT", "M04", "75", "calculated"),  # the issue: wrote 5 into FIN.NPY.05
        ("FIN.INC.TOT", "M03", "999", "calculated"),
        ("FIN.PAY.01", "Y1", "9", "year total"),
    ],
)
def test_fault_1_typing_on_a_calculated_cell_changes_nothing_and_says_why(
    qtbot, window: MainWindow, line: str, period: str, keys: str, why: str
) -> None:
    before = stored(window)
    click(window, line, period)
    type_text(keys)
    said = status(window)
    press(K.Key_Return)
    qtbot.wait(50)  # a queued commit would land now
    assert stored(window) == before
    assert window.workspace.undo_stack.count() == 0
    assert why in said


def test_fault_1_typing_on_a_cell_with_no_such_period_changes_nothing(
    qtbot, window: MainWindow
) -> None:
    press(K.Key_PageDown, CTRL, times=3)  # the Cash sheet: BASE is the opening balance only
    view = grid(window)
    model = view.sheet_model
    spot = next(
        (r, c)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        if not model.is_applicable(r, c)
    )
    before = stored(window)
    click_cell(view, *spot)
    enter("42")
    qtbot.wait(50)
    assert stored(window) == before
    assert "no value" in status(window)


def test_fault_1_typing_in_a_read_only_plan_changes_nothing(qtbot, plan_path: Path) -> None:
    window = open_window(qtbot, plan_path, read_only=True)
    before = stored(window)
    click(window, "FIN.INC.07", "M03")
    enter("123")
    qtbot.wait(50)
    assert stored(window) == before
    assert "read-only" in status(window).lower()
    window.close()
    with PlanDocument.open(plan_path) as reopened:
        assert reopened.stored_texts() == before


def test_fault_1_typing_in_review_mode_changes_nothing(qtbot, window: MainWindow) -> None:
    before = stored(window)
    click(window, "FIN.INC.07", "M03")
    press(K.Key_F9)
    assert window.in_review()
    type_text("555")
    press(K.Key_Return)
    press(K.Key_Delete)
    qtbot.wait(50)
    assert stored(window) == before


# -- fault 2: navigation keys move the selection with the current cell ----------------


@pytest.mark.parametrize(
    "keys",
    [
        [(K.Key_Home, CTRL)],
        [(K.Key_End, CTRL)],
        [(K.Key_Home, Qt.KeyboardModifier.NoModifier)],
        [(K.Key_Down, CTRL)],
        [(K.Key_Right, CTRL)],
        [(K.Key_PageDown, CTRL)],
        [(K.Key_PageDown, CTRL), (K.Key_PageUp, CTRL)],
    ],
    ids=["ctrl+home", "ctrl+end", "home", "ctrl+down", "ctrl+right", "ctrl+pgdn", "ctrl+pgup"],
)
def test_fault_2_delete_after_a_jump_clears_the_cell_shown_only(
    qtbot, window: MainWindow, keys: list[tuple[Qt.Key, Qt.KeyboardModifier]]
) -> None:
    click(window, "FIN.INC.07", "M03")
    for key, modifiers in keys:
        press(key, modifiers)
    landed = current(window)
    assert landed != ("FIN.INC.07", "M03") or keys[0][0] == K.Key_PageDown
    assert selected(window) == [landed]
    before = stored(window)
    press(K.Key_Delete)
    after = stored(window)
    assert value(window, "FIN.INC.07", "M03") is not None or landed == ("FIN.INC.07", "M03")
    changed = {cell for cell in before.keys() | after.keys() if before.get(cell) != after.get(cell)}
    assert changed <= {landed}


def test_fault_2_paste_after_ctrl_home_lands_on_the_cell_shown(qtbot, window: MainWindow) -> None:
    click(window, "FIN.INC.07", "M03")
    press(K.Key_Home, CTRL)
    landed = current(window)
    paste("4321\r\n")
    assert value(window, *landed) == Decimal(4321)
    assert value(window, "FIN.INC.07", "M03") == Decimal(640)


# -- fault 3: F2 edits at the end of the value ----------------------------------------


def test_fault_3_f2_puts_the_caret_at_the_end(qtbot, window: MainWindow) -> None:
    click(window, "FIN.INC.10", "M03")
    enter("999.5")
    qtbot.waitUntil(lambda: value(window, "FIN.INC.10", "M03") == Decimal("999.5"))
    click(window, "FIN.INC.10", "M03")
    press(K.Key_F2)
    editor = focused()
    assert isinstance(editor, QLineEdit)
    assert not editor.hasSelectedText()
    enter("5")
    qtbot.waitUntil(lambda: value(window, "FIN.INC.10", "M03") == Decimal("999.55"))


def test_fault_3_typing_replaces_the_value(qtbot, window: MainWindow) -> None:
    click(window, "FIN.INC.10", "M03")
    enter("8")
    qtbot.waitUntil(lambda: value(window, "FIN.INC.10", "M03") == Decimal(8))


# -- fault 6: a refused entry stays in its cell with the reason -----------------------


@pytest.mark.parametrize(
    ("line", "period", "typed", "reason"),
    [
        ("FIN.PAY.03", "M06", "(1,234)", "cannot be negative"),
        ("FIN.INC.10", "M03", "abc", "not a number"),
    ],
)
def test_fault_6_a_refused_entry_keeps_the_editor_and_shows_why_at_the_cell(
    qtbot, window: MainWindow, line: str, period: str, typed: str, reason: str
) -> None:
    before = stored(window)
    view = click(window, line, period)
    enter(typed)
    editor = focused()
    assert isinstance(editor, QLineEdit) and editor.text() == typed
    assert current(window) == (line, period)
    message = view.cell_message
    assert message.isVisible() and reason in message.text()
    cell_rect = view.visualRect(view.currentIndex())
    assert abs(message.geometry().top() - cell_rect.bottom()) < 8  # right under the cell
    press(K.Key_Escape)
    assert not message.isVisible()
    assert focused() is view
    assert stored(window) == before


def test_fault_6_a_count_with_decimals_is_refused_then_corrected(
    qtbot, window: MainWindow
) -> None:
    press(K.Key_PageDown, CTRL, times=6)  # past Finance's six sheets: Activity
    click(window, "E.M.7a", "M02")
    enter("12.5")
    assert "whole number" in grid(window).cell_message.text()
    press(K.Key_Backspace, times=2)  # "12"
    press(K.Key_Return)
    qtbot.waitUntil(lambda: value(window, "E.M.7a", "M02") == Decimal(12))
    assert current(window) == ("E.M.7b", "M02")  # Enter: down
