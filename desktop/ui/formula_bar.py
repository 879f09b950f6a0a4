"""The formula bar above the grid, as in Excel.

On the left, the address box (Excel's Name Box): the current cell's line code and
period, and where Ctrl+G or F5 types an address to go to ("<line code> Oct-19", a
line's label, a period's code; what is not understood is said at once, in the
bar). Then what the cell is (input, calculated, year total, pre-populated, not
applicable), its exact value (the grid rounds to 1 decimal; the file holds up to
3) and its unit, and the line's label with, for a computed figure, how it is
worked out in words, and the catalogue's note on the line. Display only: the
value is typed in the grid.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from ..core.catalogue import Catalogue
from . import style
from .cell_address import Address, AddressError, AddressReader
from .sheet_model import (
    CALCULATED,
    INPUT,
    NOT_APPLICABLE,
    PREPOPULATED,
    UNIT_NAMES,
    YEAR_TOTAL,
    SheetModel,
)

KIND_LOOKS = {
    INPUT: ("Input", style.INPUT),
    PREPOPULATED: ("Pre-populated", style.PREPOPULATED),
    CALCULATED: ("Calculated", style.CALC),
    YEAR_TOTAL: ("Year total", style.CALC),
    NOT_APPLICABLE: ("Not applicable", style.NOT_APPLICABLE),
}
ADDRESS_WIDTH = 230
VALUE_WIDTH = 150


class FormulaBar(QFrame):
    """The current cell's address, kind, exact value and formula in words."""

    goToRequested = Signal(object)  # an Address
    leaveRequested = Signal()  # Esc in the address box: back to the grid

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None):
        super().__init__(parent)
        self.reader = AddressReader(catalogue)
        self.setObjectName("formulaBar")
        self.setStyleSheet(
            "QFrame#formulaBar { border-bottom: 1px solid #D0D0D0; background: #FAFAFA; }"
        )
        self.address = QLineEdit(self)
        self.address.setAccessibleName("Cell address (Go to: Ctrl+G)")
        self.address.setToolTip(
            "The current cell. Ctrl+G or F5: type a line (code or label) and a period, "
            f"e.g. {self.reader.example()}, then Enter"
        )
        self.address.setFixedWidth(ADDRESS_WIDTH)
        self.address.installEventFilter(self)
        self.kind = QLabel(self)
        self.kind.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.kind.setMinimumWidth(self.kind.fontMetrics().horizontalAdvance("Not applicable") + 16)
        self.value = QLineEdit(self)
        self.value.setReadOnly(True)
        self.value.setAccessibleName("Exact value")
        self.value.setToolTip("The cell's exact value, as the plan file holds it")
        self.value.setFixedWidth(VALUE_WIDTH)
        self.value.setAlignment(style.NUMBER_ALIGNMENT)
        self.value.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.unit = QLabel(self)
        self.unit.setMinimumWidth(self.unit.fontMetrics().horizontalAdvance("count") + 6)
        self.description = QLabel(self)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full_description = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 3, 6, 3)
        layout.setSpacing(6)
        layout.addWidget(self.address)
        layout.addWidget(self.kind)
        layout.addWidget(self.value)
        layout.addWidget(self.unit)
        layout.addWidget(self.description, 1)
        self._shown = Address(None, None)
        self.show_cell(None, -1, -1)

    # -- the current cell ------------------------------------------------------------------

    def show_cell(self, model: SheetModel | None, row: int, col: int) -> None:
        """Show the cell at (row, col) of ``model`` (nothing when there is none)."""
        if model is None or row < 0 or col < 0:
            self._shown = Address(None, None)
            self.address.setText("")
            self._set_kind(None)
            self.value.setText("")
            self.unit.setText("")
            self._describe("", error=False)
            return
        line, period = model.lines[row], model.periods[col]
        self._shown = Address(line.code, period)
        if not self.address.hasFocus():
            self.address.setText(model.address(row, col))
        kind = model.cell_kind(row, col)
        self._set_kind(kind)
        self.value.setText(model.exact_text(row, col))
        self.value.setCursorPosition(0)
        self.unit.setText(UNIT_NAMES.get(line.unit, "") if kind != NOT_APPLICABLE else "")
        parts = [model.how_worked_out(row, col) or line.label]
        if kind == NOT_APPLICABLE:
            parts = [f"{line.label}: no value for {model.session.round.label(period)}"]
        if line.note:
            parts.append(line.note)
        if kind == PREPOPULATED or (kind == INPUT and line.default is not None):
            parts.append(f"national default {line.default}")
        self._describe("  \u00b7  ".join(parts), error=False)

    def _set_kind(self, kind: str | None) -> None:
        if kind is None:
            self.kind.setText("")
            self.kind.setStyleSheet("")
            return
        text, colour = KIND_LOOKS[kind]
        self.kind.setText(text)
        self.kind.setStyleSheet(
            f"background: {colour.name()}; border: 1px solid #C8C8C8; border-radius: 2px;"
            " padding: 2px 6px;"
        )

    def _describe(self, text: str, *, error: bool) -> None:
        self._full_description = text
        self.description.setStyleSheet(f"color: {style.ERROR.name()};" if error else "")
        self.description.setToolTip(text)
        self._elide()

    def _elide(self) -> None:
        metrics = self.description.fontMetrics()
        self.description.setText(
            metrics.elidedText(
                self._full_description, Qt.TextElideMode.ElideRight, self.description.width()
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def description_text(self) -> str:
        """The whole description (the label may show it cut short)."""
        return self._full_description

    # -- go to -----------------------------------------------------------------------------

    def start_go_to(self) -> None:
        """Ctrl+G / F5: type an address in the address box."""
        self.address.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.address.selectAll()

    def _go(self) -> None:
        try:
            wanted = self.reader.read(self.address.text())
        except AddressError as exc:
            self._describe(f"Go to: {exc}", error=True)
            return
        self.goToRequested.emit(
            Address(wanted.line or self._shown.line, wanted.period or self._shown.period)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.address and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress:
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._go()
                    return True
                if event.key() == Qt.Key.Key_Escape:
                    self.leaveRequested.emit()
                    return True
        elif watched is self.address and event.type() == QEvent.Type.FocusOut:
            self.address.setText(self._address_text())
        return super().eventFilter(watched, event)

    def _address_text(self) -> str:
        line, period = self._shown.line, self._shown.period
        if line is None or period is None:
            return ""
        return f"{line} {self.reader.catalogue.round.label(period)}"

    def show_problem(self, text: str) -> None:
        """Say in the bar what went wrong (a go to that could not be done)."""
        self._describe(text, error=True)
