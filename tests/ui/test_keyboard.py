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

from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
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
    document = window.session()
    assert document is not None
    return document.snapshot().stored_texts()


def value(window: MainWindow, line: str, period: str) -> Decimal | str | None:
    document = window.session()
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
    with PlanSession.open(plan_path) as reopened:
        assert reopened.snapshot().stored_texts() == before


def test_fault_1_typing_in_review_mode_changes_nothing(qtbot, window: MainWindow) -> None:
    before = stored(window)
    click(window, "FIN.INC.07", "M03")
    press(K.Key_F9)
    assert window.in_review()
    type_text("555")
    assert "Review mode shows the figures only" in status(window)
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


def test_fault_3_a_double_click_also_edits_at_the_end(qtbot, window: MainWindow) -> None:
    from PySide6.QtTest import QTest

    view = click(window, "FIN.INC.10", "M03")
    spot = view.visualRect(view.currentIndex()).center()
    QTest.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot
    )
    editor = focused()
    assert isinstance(editor, QLineEdit) and not editor.hasSelectedText()
    enter("1")
    qtbot.waitUntil(lambda: value(window, "FIN.INC.10", "M03") == Decimal("967.21"))


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
    cell_rect, box = view.visualRect(view.currentIndex()), message.geometry()
    below, above = box.top() - cell_rect.bottom(), cell_rect.top() - box.bottom()
    assert 0 <= below < 8 or 0 <= above < 8  # right at the cell (above it near the bottom)
    press(K.Key_Escape)
    assert not message.isVisible()
    assert focused() is view
    assert stored(window) == before


def test_fault_6_a_click_elsewhere_keeps_the_refused_entry_in_its_cell(
    qtbot, window: MainWindow
) -> None:
    before = stored(window)
    view = click(window, "FIN.INC.10", "M03")
    type_text("abc")
    click_cell(view, *where(view, "FIN.INC.01", "M01"))  # as Excel: stay until fixed or Esc
    editor = focused()
    assert isinstance(editor, QLineEdit) and editor.text() == "abc"
    assert current(window) == ("FIN.INC.10", "M03")
    assert "not a number" in view.cell_message.text()
    press(K.Key_Escape)
    assert stored(window) == before


def test_fault_6_a_count_with_decimals_is_refused_then_corrected(qtbot, window: MainWindow) -> None:
    press(K.Key_PageDown, CTRL, times=6)  # past Finance's six sheets: Activity
    click(window, "E.M.7a", "M02")
    enter("12.5")
    assert "whole number" in grid(window).cell_message.text()
    press(K.Key_Backspace, times=2)  # "12"
    press(K.Key_Return)
    qtbot.waitUntil(lambda: value(window, "E.M.7a", "M02") == Decimal(12))
    assert current(window) == ("E.M.7b", "M02")  # Enter: down


# -- the Excel keyboard table ---------------------------------------------------------


def sheet_id(window: MainWindow) -> tuple[str, str]:
    model = grid(window).sheet_model
    return model.sheet.template, model.sheet.id


def test_ctrl_pgdn_and_pgup_step_through_sheets_and_on_to_the_next_template(
    qtbot, window: MainWindow
) -> None:
    catalogue = window.session().catalogue
    finance, activity = catalogue.templates[0], catalogue.templates[1]
    order = [(finance.id, s.id) for s in finance.sheets]
    for expected in order[1:]:
        press(K.Key_PageDown, CTRL)
        assert sheet_id(window) == expected
        assert selected(window) == [current(window)]
    press(K.Key_PageDown, CTRL)  # past the template's last sheet: the next template
    assert sheet_id(window) == (activity.id, activity.sheets[0].id)
    first = activity.sheets[0].lines[0]
    assert current(window) == (first.code, first.inputs[0])  # a new sheet: its first input
    enter("1234")
    assert value(window, first.code, first.inputs[0]) == Decimal(1234)
    press(K.Key_PageUp, CTRL)
    assert sheet_id(window) == order[-1]
    press(K.Key_PageUp, CTRL, times=len(order) + 3)  # stops at the first sheet
    assert sheet_id(window) == order[0]
    assert "first sheet" in status(window)


def test_ctrl_arrows_jump_to_the_edge_of_the_data_region(qtbot, window: MainWindow) -> None:
    click(window, "FIN.INC.05", "M03")
    press(K.Key_Delete)  # a gap in the column
    assert value(window, "FIN.INC.05", "M03") is None
    click(window, "FIN.INC.01", "M03")
    press(K.Key_Down, CTRL)  # the last filled cell before the gap
    assert current(window) == ("FIN.INC.PC", "M03")
    press(K.Key_Down, CTRL)  # over the gap to the next filled cell
    assert current(window) == ("FIN.INC.06", "M03")
    enter("77")
    assert value(window, "FIN.INC.06", "M03") == Decimal(77)
    press(K.Key_Up)
    press(K.Key_Right, CTRL)  # a full row: its last cell, the year total
    model = grid(window).sheet_model
    assert current(window) == ("FIN.INC.06", model.periods[-1])
    press(K.Key_Left, CTRL)
    assert current(window) == ("FIN.INC.06", model.periods[0])
    press(K.Key_Down, CTRL | SHIFT)  # Shift extends the selection to the edge
    assert len(selected(window)) > 1
    assert current(window) in selected(window)


def test_ctrl_home_ctrl_end_and_home(qtbot, window: MainWindow) -> None:
    model = grid(window).sheet_model
    click(window, "FIN.PAY.02", "M06")
    press(K.Key_Home)
    assert current(window) == ("FIN.PAY.02", model.periods[0])
    press(K.Key_End, CTRL)
    last_line = model.lines[-1]
    assert current(window) == (last_line.code, model.periods[-1])
    assert selected(window) == [current(window)]
    press(K.Key_Home, CTRL)
    first_line = model.lines[0]
    assert current(window) == (first_line.code, first_line.inputs[0])
    enter("61000")
    assert value(window, first_line.code, first_line.inputs[0]) == Decimal(61000)


def test_ctrl_d_and_ctrl_r_on_one_cell_copy_from_above_and_the_left(
    qtbot, window: MainWindow
) -> None:
    click(window, "FIN.INC.02", "M03")
    press(K.Key_D, CTRL)
    assert value(window, "FIN.INC.02", "M03") == value(window, "FIN.INC.01", "M03")
    click(window, "FIN.INC.03", "M04")
    before = value(window, "FIN.INC.03", "M04")
    press(K.Key_R, CTRL)
    assert value(window, "FIN.INC.03", "M04") == value(window, "FIN.INC.03", "M03") != before
    press(K.Key_Z, CTRL)  # one undo step each
    assert value(window, "FIN.INC.03", "M04") == before


def test_f6_cycles_grid_findings_and_commentary_and_tab_reaches_the_filters(
    qtbot, window: MainWindow
) -> None:
    panel = window.findings
    assert panel is not None
    press(K.Key_F6)
    assert focused() is panel.view
    press(K.Key_Down)  # selects a finding: its commentary can now be written
    item = panel.selected_finding()
    assert item is not None
    press(K.Key_F6)
    assert focused() is panel.commentary_edit
    type_text("Agreed with the regional team")
    press(K.Key_F6)  # back to the grid: the commentary is saved as it is left
    assert isinstance(focused(), SheetView)
    assert window.session().snapshot().commentary_for(item) == "Agreed with the regional team"
    press(K.Key_F6, SHIFT)
    assert focused() is panel.commentary_edit
    press(K.Key_F6, SHIFT)
    assert focused() is panel.view
    press(K.Key_Tab, SHIFT)  # Tab inside the panel reaches its filters
    assert focused() is panel.search_box
    type_text("RTT")
    assert [row.finding.rule for row in panel.model.rows()] == ["P03"]
    press(K.Key_Tab, SHIFT)
    assert focused() is panel.severity_filter
    press(K.Key_Tab, SHIFT)
    assert focused() is panel.template_filter
    press(K.Key_Tab, SHIFT)  # round the panel, never out into the grid; no finding is
    assert focused() is panel.view  # selected now, so the commentary box was skipped
    press(K.Key_Tab)  # the list has the focus: its first finding is current
    assert focused() is panel.commentary_edit
    press(K.Key_Tab, times=2)
    assert focused() is panel.template_filter


def test_ctrl_f_finds_lines_by_code_or_label_with_next_and_previous(
    qtbot, window: MainWindow
) -> None:
    click(window, "FIN.INC.01", "M04")
    press(K.Key_F, CTRL)
    type_text("agency")
    press(K.Key_Return)
    assert current(window) == ("FIN.PAY.03", "M04")  # the first line, in the same month
    press(K.Key_Return)
    assert current(window)[0] == "FIN.EFF.02"
    press(K.Key_Return, SHIFT)
    assert current(window) == ("FIN.PAY.03", "M04")
    press(K.Key_F3)
    assert current(window)[0] == "FIN.EFF.02"
    press(K.Key_F3, SHIFT)
    assert current(window)[0] == "FIN.PAY.03"
    press(K.Key_Escape)  # back to the grid, on the cell found
    assert isinstance(focused(), SheetView)
    enter("500")
    assert value(window, "FIN.PAY.03", "M04") == Decimal(500)


def test_ctrl_f_finds_a_finding_by_its_text(qtbot, window: MainWindow) -> None:
    press(K.Key_F, CTRL)
    type_text("above 92%")
    press(K.Key_Return)
    panel = window.findings
    assert panel is not None and panel.selected_finding() is not None
    assert panel.selected_finding().rule == "A06"
    a06 = panel.selected_finding()
    assert current(window) == (a06.line, a06.period)
    type_text("xyzzy")
    press(K.Key_Return)
    assert "Nothing matches" in window.workspace.find_bar.result.toolTip()


@pytest.mark.parametrize(
    ("key", "typed", "cell"),
    [
        (K.Key_G, "FIN.PAY.03 Oct-19", ("FIN.PAY.03", "M07")),
        (K.Key_F5, "fin.pay.02 m08", ("FIN.PAY.02", "M08")),
        (K.Key_G, "Pay: substantive staff Sep-19", ("FIN.PAY.01", "M06")),
        (K.Key_G, "E.M.7a FOT 2018/19", ("E.M.7a", "FOT")),
    ],
)
def test_ctrl_g_and_f5_go_to_a_cell_by_line_and_period(
    qtbot, window: MainWindow, key: Qt.Key, typed: str, cell: tuple[str, str]
) -> None:
    press(key, CTRL if key == K.Key_G else Qt.KeyboardModifier.NoModifier)
    assert focused() is window.workspace.formula_bar.address
    type_text(typed)
    press(K.Key_Return)
    assert current(window) == cell
    assert selected(window) == [cell]
    assert isinstance(focused(), SheetView)
    enter("321")
    assert value(window, *cell) == Decimal(321)


def test_go_to_says_what_was_not_understood(qtbot, window: MainWindow) -> None:
    before = current(window)
    bar = window.workspace.formula_bar
    press(K.Key_G, CTRL)
    type_text("FIN.PAY.03 Oct-1")
    press(K.Key_Return)
    assert "'Oct-1' is not a period" in bar.description_text()
    assert focused() is bar.address and bar.address.text() == "FIN.PAY.03 Oct-1"
    press(K.Key_A, CTRL)
    type_text("NOPE.01 Oct-19")
    press(K.Key_Return)
    assert "'NOPE.01' is not a line code or label" in bar.description_text()
    press(K.Key_Escape)
    assert isinstance(focused(), SheetView) and current(window) == before


def test_zoom_keys_and_ctrl_wheel_are_remembered(qtbot, plan_path: Path) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    from desktop.ui.settings import grid_zoom

    window = open_window(qtbot, plan_path)
    view = grid(window)
    height = view.verticalHeader().defaultSectionSize()
    size = view.font().pointSizeF()
    press(K.Key_Equal, CTRL)
    assert grid_zoom() == 110 and view.font().pointSizeF() > size
    assert view.verticalHeader().defaultSectionSize() > height
    for header in (view.line_header, view.horizontalHeader()):  # codes, labels and periods too
        assert header.viewport().font().pointSizeF() == view.font().pointSizeF()
    wheel = QWheelEvent(
        QPointF(50, 50),
        QPointF(view.viewport().mapToGlobal(QPoint(50, 50))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        CTRL,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert grid_zoom() == 125
    press(K.Key_Minus, CTRL)
    assert grid_zoom() == 110
    press(K.Key_0, CTRL)
    assert grid_zoom() == 100 and view.font().pointSizeF() == size
    press(K.Key_Equal, CTRL, times=2)
    window.close()
    again = open_window(qtbot, plan_path)
    assert grid(again).zoom == 1.25  # remembered for the user


def test_f1_opens_the_keyboard_reference(qtbot, window: MainWindow) -> None:
    from desktop.ui.help_dialogs import HelpWindow

    press(K.Key_F1)
    shown = [w for w in window.findChildren(HelpWindow) if w.isVisible()]
    assert len(shown) == 1
    text = shown[0].text()
    for key in ("Ctrl+PgDn", "Ctrl+G or F5", "F6 / Shift+F6", "=100+20*3", "Ctrl+0"):
        assert key in text
    shown[0].close()


@pytest.mark.parametrize(
    ("line", "period", "typed", "stored", "said"),
    [
        ("FIN.INC.10", "M03", "=100+20*3", Decimal(160), "Stored 160"),
        ("FIN.INC.10", "M03", "=1,234/12", Decimal("102.833"), "rounded to 3 decimal places"),
        ("E.M.7a", "M02", "=100/3", Decimal(33), "rounded to a whole number"),
    ],
)
def test_typing_arithmetic_stores_the_result(
    qtbot,
    window: MainWindow,
    line: str,
    period: str,
    typed: str,
    stored: Decimal,
    said: str,
) -> None:
    press(K.Key_G, CTRL)
    type_text(f"{line} {period}")
    press(K.Key_Return)
    enter(typed)
    qtbot.waitUntil(lambda: value(window, line, period) == stored)
    assert said in status(window)
    assert str(value(window, line, period)) == str(stored)


@pytest.mark.parametrize(
    ("line", "typed", "reason"),
    [
        ("FIN.INC.10", "=A1+2", "'A1' is not a number"),
        ("FIN.INC.10", "=SUM(1,2)", "no cell references or functions"),
        ("FIN.INC.10", "=5-10", "cannot be negative"),
        ("FIN.INC.10", "=1/0", "divides by zero"),
        ("FIN.INC.10", "=(1", "bracket"),
    ],
)
def test_anything_else_starting_with_equals_is_refused_with_the_reason(
    qtbot, window: MainWindow, line: str, typed: str, reason: str
) -> None:
    before = stored(window)
    press(K.Key_G, CTRL)
    type_text(f"{line} M03")
    press(K.Key_Return)
    enter(typed)
    assert reason in grid(window).cell_message.text()
    editor = focused()
    assert isinstance(editor, QLineEdit) and editor.text() == typed
    press(K.Key_Escape)
    assert stored(window) == before


# -- around the grid: the formula bar, the label column --------------------------------


def test_formula_bar_shows_address_kind_exact_value_and_formula_in_words(
    qtbot, window: MainWindow
) -> None:
    bar = window.workspace.formula_bar
    click(window, "FIN.PAY.03", "M04")
    enter("745.836")
    qtbot.waitUntil(lambda: value(window, "FIN.PAY.03", "M04") == Decimal("745.836"))
    press(K.Key_Up)
    assert bar.address.text() == "FIN.PAY.03 Jul-19"
    assert bar.kind.text() == "Input"
    assert bar.value.text() == "745.836"  # the grid shows 745.8
    assert grid(window).model().data(grid(window).currentIndex()) == "745.8"
    assert bar.unit.text() == "£000"
    assert "Pay: agency and contract staff" in bar.description_text()
    assert "compared with the agency ceiling" in bar.description_text()  # the line's note
    press(K.Key_Down)
    assert bar.address.text() == "FIN.PAY.TOT Jul-19"
    assert bar.kind.text() == "Calculated"
    document = window.session()
    assert bar.value.text() == str(document.plan.value("FIN.PAY.TOT", "M04"))
    assert bar.description_text() == (
        "Total pay = Pay: substantive staff + Pay: bank staff + Pay: agency and contract staff"
    )
    press(K.Key_Right, CTRL)
    assert bar.kind.text() == "Year total"
    assert "Total pay 2019/20 = sum of Apr-19 to Mar-20" in bar.description_text()


def test_the_label_column_is_widened_by_dragging_and_remembered(qtbot, plan_path: Path) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    from desktop.ui.settings import app_settings

    window = open_window(qtbot, plan_path)
    header = grid(window).line_header
    before = header.label_width
    y = header.sectionViewportPosition(0) + 5
    left = Qt.MouseButton.LeftButton
    area, edge = header.viewport(), header.width()
    QTest.mousePress(area, left, Qt.KeyboardModifier.NoModifier, QPoint(edge - 2, y))
    QTest.mouseMove(area, QPoint(edge + 118, y))
    QTest.mouseRelease(area, left, Qt.KeyboardModifier.NoModifier, QPoint(edge + 118, y))
    assert header.label_width == before + 120
    press(K.Key_PageDown, CTRL)  # every sheet has the same label column
    assert grid(window).line_header.label_width == before + 120
    assert int(app_settings().value("grid/label_width")) == before + 120
    window.close()
    again = open_window(qtbot, plan_path)
    assert grid(again).line_header.label_width == before + 120
    header = grid(again).line_header
    edge = header.width()
    QTest.mouseDClick(header.viewport(), left, Qt.KeyboardModifier.NoModifier, QPoint(edge - 2, y))
    assert header.label_width == header.longest_label()  # double-click: fit every label


def test_codes_are_never_clipped_at_any_zoom(qtbot, window: MainWindow) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    for _ in range(8):
        press(K.Key_Minus, CTRL)
        for view in window.workspace.tabs.views:
            header = view.line_header
            bold = QFont(header.viewport().font())  # what the codes are painted in
            bold.setBold(True)
            metrics = QFontMetrics(bold)
            widest = max(metrics.horizontalAdvance(line.code) for line in view.sheet_model.lines)
            assert header.code_width - 6 >= widest  # what paintSection gives the code
    press(K.Key_0, CTRL)
    for _ in range(6):
        press(K.Key_Equal, CTRL)
    view = grid(window)
    bold = QFont(view.line_header.viewport().font())
    bold.setBold(True)
    widest = max(QFontMetrics(bold).horizontalAdvance(ln.code) for ln in view.sheet_model.lines)
    assert view.line_header.code_width - 6 >= widest


def test_an_entry_still_being_typed_is_kept_when_the_plan_is_closed(qtbot, plan_path: Path) -> None:
    window = open_window(qtbot, plan_path)
    click(window, "FIN.INC.10", "M03")
    type_text("4321")  # no Enter yet
    press(K.Key_W, CTRL)  # File > Close plan
    assert window.session() is None
    with PlanSession.open(plan_path) as reopened:
        assert reopened.plan.stored("FIN.INC.10", "M03") == Decimal(4321)
