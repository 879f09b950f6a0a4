"""Every item model of the window under Qt's model tester, on the sample plans and while
edits, undo, findings, filters and commentary change what the models show.

``qtmodeltester.check(model)`` attaches Qt's QAbstractItemModelTester: it checks the
model at once, then again on every signal the model emits (dataChanged, modelReset...).
It reports a broken rule as a Qt warning, and a Qt warning fails the test
(``qt_log_level_fail`` in pyproject.toml). Both testers only look at the first cell's
data; ``assert_roles_well_typed`` looks at every cell and header.

The item models of desktop/ui are ``SheetModel`` and ``FindingsModel``
(``grep -rn "(QAbstract.*Model)" desktop/ui``); the compare dialog and the versions
panel use Qt's own table widgets.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from desktop.core.session import PlanSession
from desktop.ui import style
from desktop.ui.findings_panel import FindingsModel, FindingsPanel
from desktop.ui.main_window import MainWindow
from desktop.ui.sheet_model import CellMark, SheetModel
from tests.ui.test_editor import show

Role = Qt.ItemDataRole
#: The type each role's value must have (None always allowed), as views read them.
ROLE_TYPES: dict[int, tuple[type, ...]] = {
    Role.DisplayRole: (str,),
    Role.EditRole: (str,),
    Role.ToolTipRole: (str,),
    Role.StatusTipRole: (str,),
    Role.WhatsThisRole: (str,),
    Role.SizeHintRole: (QSize,),
    Role.FontRole: (QFont,),
    Role.BackgroundRole: (QColor, QBrush),
    Role.ForegroundRole: (QColor, QBrush),
    Role.DecorationRole: (QPixmap, QIcon, QColor),
    Role.TextAlignmentRole: (Qt.AlignmentFlag, int),
}
ALIGNMENT_MASK = Qt.AlignmentFlag.AlignHorizontal_Mask | Qt.AlignmentFlag.AlignVertical_Mask
SAMPLE_FILES = {"provider": "trust.opplan", "commissioner": "ccg.opplan"}
AGENCY_OVERSPEND = {("FIN.PAY.03", "M01"): "50000"}  # far above the agency ceiling: F03


def _check_value(where: str, role: int, value: object) -> None:
    if value is None:
        return
    expected = ROLE_TYPES.get(role)
    if expected is not None:
        assert isinstance(value, expected), f"{where}: role {role!r} gave {value!r}"
    if role == Role.TextAlignmentRole:
        flags = Qt.AlignmentFlag(value)
        assert flags & ALIGNMENT_MASK == flags, f"{where}: alignment {value!r}"


def assert_roles_well_typed(model: QAbstractItemModel) -> int:
    """Every cell and header gives each role a value of its type; returns the cells seen."""
    rows, columns = model.rowCount(), model.columnCount()
    for row in range(rows):
        for column in range(columns):
            index = model.index(row, column)
            assert index.isValid() and not index.parent().isValid()
            assert model.rowCount(index) == 0 and model.columnCount(index) == 0
            for role in ROLE_TYPES:
                _check_value(f"cell ({row}, {column})", role, model.data(index, role))
    for orientation, count in (
        (Qt.Orientation.Horizontal, columns),
        (Qt.Orientation.Vertical, rows),
    ):
        for section in range(count):
            for role in ROLE_TYPES:
                value = model.headerData(section, orientation, role)
                _check_value(f"{orientation.name} header {section}", role, value)
    return rows * columns


@pytest.fixture(params=sorted(SAMPLE_FILES))
def sample_doc(request, samples_dir: Path, tmp_path: Path) -> Iterator[PlanSession]:
    """The sample trust plan, then the sample CCG plan, open for editing."""
    path = shutil.copy(samples_dir / SAMPLE_FILES[request.param], tmp_path / "plan.opplan")
    with PlanSession.open(Path(path)) as document:
        yield document


def test_every_sheet_model_of_the_sample_plans(qtmodeltester, sample_doc: PlanSession) -> None:
    sheets = [sheet for template in sample_doc.catalogue.templates for sheet in template.sheets]
    cells = 0
    for sheet in sheets:
        model = SheetModel(sample_doc, sheet)
        qtmodeltester.check(model)
        cells += assert_roles_well_typed(model)
    qtmodeltester.check(SheetModel(sample_doc, sheets[0]), force_py=True)
    assert cells == sum(len(sheet.lines) * len(sheet.columns) for sheet in sheets)


def test_a_sheet_model_with_marks_refreshes_and_a_read_only_plan(
    qtmodeltester, trust_path: Path
) -> None:
    with PlanSession.open(trust_path) as document:
        sheet = document.catalogue.template("FIN").sheets[0]
        model = SheetModel(document, sheet)
        qtmodeltester.check(model)
        document.set_cells(AGENCY_OVERSPEND, "agency overspend")
        changed: list[tuple[QModelIndex, QModelIndex]] = []
        model.dataChanged.connect(lambda top, bottom, *_: changed.append((top, bottom)))
        model.refresh_lines({"FIN.PAY.03", "FIN.PAY.TOT", "NO.SUCH.LINE"})
        marks = {
            (f.line, f.period): f
            for f in document.findings()
            if f.line and f.period and model.has_line(f.line)
        }
        assert ("FIN.PAY.03", "Y1") in marks
        model.set_marks({cell: CellMark(f.severity, (f.message,)) for cell, f in marks.items()})
        assert len(changed) == 2  # the refreshed lines, then the marked cells
        index = model.index_of("FIN.PAY.03", "Y1")
        assert model.data(index, style.MARK_ROLE) == "error"
        assert_roles_well_typed(model)  # with marks: their messages in the tooltips
        model.set_marks({})
        model.refresh_all()
        assert model.data(index, style.MARK_ROLE) is None
        assert_roles_well_typed(model)
    with PlanSession.open(trust_path, read_only=True) as document:
        model = SheetModel(document, document.catalogue.template("FIN").sheets[0])
        qtmodeltester.check(model)
        assert_roles_well_typed(model)
        editable = Qt.ItemFlag.ItemIsEditable
        assert not any(
            model.flags(model.index(r, c)) & editable
            for r in range(model.rowCount())
            for c in range(model.columnCount())
        )


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_the_grid_model_through_typing_paste_delete_and_undo(
    qtbot, qtmodeltester, trust_path: Path
) -> None:
    window = show(qtbot, MainWindow.open_plan(trust_path))
    assert window.workspace is not None
    view = window.workspace.tabs.go_to("FIN.INC.01", "M01")
    assert view is not None
    model = view.sheet_model
    qtmodeltester.check(model)
    signals: list[object] = []
    model.dataChanged.connect(lambda *args: signals.append(args))

    view.setFocus()
    view.select_cell(model.index_of("FIN.INC.01", "M01"))
    qtbot.keyClick(focused(), Qt.Key.Key_7)  # opens the editor
    qtbot.keyClicks(focused(), "777")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.data(model.index_of("FIN.INC.01", "M01")) == "7,777.0")

    mime = QMimeData()
    mime.setText("1\t2\t3\r\n4\t5\t6\r\n")
    QGuiApplication.clipboard().setMimeData(mime)
    view.select_cell(model.index_of("FIN.INC.02", "M03"))
    qtbot.keyClick(focused(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    below = model.lines[model.lines.index(model.session.catalogue.lines["FIN.INC.02"]) + 1]
    view.select_cell(model.index_of("FIN.INC.01", "M06"))
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
    qtbot.keyClick(focused(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the delete
    qtbot.keyClick(focused(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the paste
    qtbot.keyClick(focused(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # paste again

    assert len(signals) >= 5  # every change went past the model tester
    assert_roles_well_typed(model)
    window.close()
    with PlanSession.open(trust_path, read_only=True) as document:  # what the file holds
        assert str(document.plan.value("FIN.INC.01", "M01")) == "7777"
        assert str(document.plan.value("FIN.INC.02", "M03")) == "1"
        assert str(document.plan.value(below.code, "M05")) == "6"
        assert document.plan.value("FIN.INC.01", "M06") is not None  # the delete was undone


def test_the_findings_model_through_edits_filters_and_commentary(
    qtbot, qtmodeltester, trust_path: Path
) -> None:
    with PlanSession.open(trust_path) as document:
        panel = FindingsPanel(document)
        qtbot.addWidget(panel)
        panel.resize(900, 300)
        model = panel.model
        qtmodeltester.check(model)
        assert model.rowCount() == 4  # the sample's warnings
        assert_roles_well_typed(model)
        # findings coming and going: rows inserted and removed, never a reset
        moves: list[str] = []
        model.modelReset.connect(lambda: moves.append("reset"))
        model.rowsInserted.connect(lambda *_: moves.append("inserted"))
        model.rowsRemoved.connect(lambda *_: moves.append("removed"))

        document.set_cells(AGENCY_OVERSPEND, "agency overspend")  # a new error: rows change
        assert "F03" in [row.finding.rule for row in model.rows()]
        document.set_cells({("FIN.PAY.03", "M01"): "60000"}, "more")  # the same findings
        panel.search_box.setText("agency")
        assert 0 < model.rowCount() < 5
        panel.search_box.clear()
        panel.template_filter.setCurrentIndex(panel.template_filter.count() - 1)
        panel.severity_filter.setCurrentIndex(panel.severity_filter.count() - 1)
        panel.search_box.setText("no finding says this")
        assert model.rowCount() == 0
        assert_roles_well_typed(model)
        panel.search_box.clear()
        panel.template_filter.setCurrentIndex(0)
        panel.severity_filter.setCurrentIndex(0)
        f07 = next(f for f in document.findings() if f.rule == "F07")
        document.set_commentary(f07.rule, f07.line, f07.period, "Schemes being identified")
        assert "inserted" in moves and "removed" in moves and "reset" not in moves
        assert_roles_well_typed(model)
        # pytest-qt's Python tester too, on a model of the same rows that outlives the
        # panel (it disconnects from the model after the panel is gone)
        same = FindingsModel()
        same.set_rows(model.rows())
        qtmodeltester.check(same, force_py=True)


def test_the_model_tester_reports_a_model_that_breaks_the_rules(qtlog, trust_path: Path) -> None:
    """The checks above can fail: Qt's tester reports a dataChanged whose bottom row is
    above its top as a "qt.modeltest" warning, which pytest-qt turns into a failure."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtTest import QAbstractItemModelTester

    messages: list[tuple[str, str]] = []
    with PlanSession.open(trust_path, read_only=True) as document, qtlog.disabled():
        model = SheetModel(document, document.catalogue.template("FIN").sheets[0])
        previous = qInstallMessageHandler(
            lambda _mode, context, text: messages.append((context.category, text))
        )
        try:
            tester = QAbstractItemModelTester(
                model, QAbstractItemModelTester.FailureReportingMode.Warning
            )
            assert messages == []  # the model itself is sound
            model.dataChanged.emit(model.index(5, 0), model.index(2, 0))
        finally:
            qInstallMessageHandler(previous)
        del tester
    assert [text for category, text in messages if category == "qt.modeltest"]
    assert "topLeft.row() <= bottomRight.row()" in messages[0][1]
