"""One sheet of the plan as a Qt table model: lines down, periods across.

The model reads the in-memory plan (never the file) and caches each cell's
display text, so painting is cheap. Edits do not go through ``setData`` into the
plan directly: the model hands them to an ``commit`` callback (the window's undo
controller), which runs them as named, undoable operations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from ..core.arithmetic import calculate, is_arithmetic
from ..core.catalogue import Line, Sheet
from ..core.catalogue.words import formula_in_words, year_total_in_words
from ..core.cells import parse_for_line, value_problem
from ..core.session import PlanSession
from ..core.units import (
    ValueRefused,
    decimal_places,
    format_value,
    stored_places,
    stored_text,
)
from . import style

Index = QModelIndex | QPersistentModelIndex
CommitFunc = Callable[[dict[tuple[str, str], str | None], str], bool]

EDIT_ROLE = Qt.ItemDataRole.EditRole
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole


INPUT, PREPOPULATED, CALCULATED = "input", "prepopulated", "calculated"
YEAR_TOTAL, NOT_APPLICABLE = "year total", "not applicable"
KIND_BRUSHES = {
    INPUT: style.INPUT_BRUSH,
    PREPOPULATED: style.PREPOPULATED_BRUSH,
    CALCULATED: style.CALC_BRUSH,
    YEAR_TOTAL: style.CALC_BRUSH,
    NOT_APPLICABLE: style.NOT_APPLICABLE_BRUSH,
}
UNIT_NAMES = {"gbp000": "£000", "count": "count", "wte": "WTE", "pct": "%", "yn": "Y/N"}


@dataclass(frozen=True)
class CellMark:
    severity: str  # error | warning | info
    messages: tuple[str, ...]


class SheetModel(QAbstractTableModel):
    """Lines of one sheet by the sheet's columns (baseline, months, year totals)."""

    def __init__(self, session: PlanSession, sheet: Sheet, commit: CommitFunc | None = None):
        super().__init__()
        self.session = session
        self.sheet = sheet
        self.lines: list[Line] = list(sheet.lines)
        self.periods: list[str] = list(sheet.columns)
        self._row_of = {line.code: row for row, line in enumerate(self.lines)}
        self._col_of = {period: col for col, period in enumerate(self.periods)}
        self._commit = commit
        self._display: list[list[str]] = []
        self._marks: dict[tuple[str, str], CellMark] = {}
        self._headers = [session.round.label(p) for p in self.periods]
        self._bold = QFont()
        self._bold.setBold(True)
        selectable = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        editable = selectable | Qt.ItemFlag.ItemIsEditable
        self._flags = [
            [editable if self.is_editable(r, c) else selectable for c in range(len(self.periods))]
            for r in range(len(self.lines))
        ]
        self._rebuild_all()

    # -- structure ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.periods)

    def cell(self, row: int, col: int) -> tuple[str, str]:
        return self.lines[row].code, self.periods[col]

    def index_of(self, line: str, period: str) -> QModelIndex:
        row, col = self._row_of.get(line), self._col_of.get(period)
        if row is None or col is None:
            return QModelIndex()
        return self.index(row, col)

    def has_line(self, code: str) -> bool:
        return code in self._row_of

    def row_of(self, code: str) -> int | None:
        return self._row_of.get(code)

    def is_input(self, row: int, col: int) -> bool:
        return self.periods[col] in self.lines[row].inputs

    def is_applicable(self, row: int, col: int) -> bool:
        return self.periods[col] in self.lines[row].periods

    def is_editable(self, row: int, col: int) -> bool:
        return not self.session.read_only and self.is_input(row, col)

    def address(self, row: int, col: int) -> str:
        """ "<line code> Oct-19": how a cell is named to the user (line code, period label)."""
        return f"{self.lines[row].code} {self.session.round.label(self.periods[col])}"

    def how_worked_out(self, row: int, col: int) -> str | None:
        """A computed cell's formula in words; None for an input or a cell with no value."""
        line, period = self.lines[row], self.periods[col]
        if period not in line.periods or period in line.inputs:
            return None
        if period in line.totals:
            return year_total_in_words(line, period, self.session.catalogue)
        return formula_in_words(line, self.session.catalogue)

    def why_locked(self, row: int, col: int) -> str | None:
        """Why nothing can be typed in this cell (for the status bar), or None when it can."""
        if self.session.read_only:
            reason = self.session.read_only_reason or "opened read-only"
            return f"This plan is read-only ({reason}): nothing can be changed"
        line, period = self.lines[row], self.periods[col]
        where = self.address(row, col)
        if period not in line.periods:
            label = self.session.round.label(period)
            return f"{line.code} has no value for {label}: nothing can be entered there"
        if period in line.inputs:
            return None
        words = self.how_worked_out(row, col) or line.label
        if period in line.totals:
            return f"{where} is a year total, worked out from the months: {words}"
        return f"{where} is calculated: {words}. Type in the lines it is worked out from"

    def entry(self, row: int, col: int, text: str) -> tuple[str | None, str]:
        """What typed ``text`` stores in the cell, and a note for the status bar.

        ``=100+20*3`` is worked out and rounded to what the line's unit holds (the note
        says what was stored). Raises ValueRefused, saying why, for a value the cell
        cannot hold."""
        line = self.lines[row]
        raw = text.strip()
        if not raw:
            return None, ""
        round_ = self.session.round
        if not is_arithmetic(raw):
            parse_for_line(line, raw, round_)
            return raw, ""
        result = calculate(raw, line.unit)
        stored = stored_text(result.stored)
        problem = value_problem(line, result.stored, round_)
        if problem:
            raise ValueRefused(f"={result.expression} gives {stored}, which {problem}")
        how = f"={result.expression}"
        if result.rounded:
            how += f" is {_short(result.exact)}, {_rounding(line.unit)}"
        return stored, f"Stored {stored} in {self.address(row, col)} ({how})"

    # -- values ------------------------------------------------------------------------

    def _text(self, line: Line, period: str) -> str:
        if period not in line.periods:
            return ""
        return format_value(self.session.plan.value(line.code, period), line.unit)

    def _rebuild_all(self) -> None:
        self._display = [[self._text(line, p) for p in self.periods] for line in self.lines]

    def refresh_lines(self, codes: Iterable[str]) -> None:
        """Re-read the given lines from the plan; one dataChanged for the rows touched."""
        rows = sorted(self._row_of[c] for c in codes if c in self._row_of)
        if not rows:
            return
        for row in rows:
            line = self.lines[row]
            self._display[row] = [self._text(line, p) for p in self.periods]
        self.dataChanged.emit(
            self.index(rows[0], 0),
            self.index(rows[-1], len(self.periods) - 1),
            [DISPLAY_ROLE, EDIT_ROLE],
        )

    def refresh_all(self) -> None:
        self.beginResetModel()
        self._rebuild_all()
        self.endResetModel()

    def is_filled(self, row: int, col: int) -> bool:
        """Whether the cell shows a value (entered or worked out), as Excel's "not blank"."""
        return bool(self._display[row][col])

    def raw_text(self, row: int, col: int) -> str:
        """The exact value of a cell (as stored, not rounded for display); '' when blank."""
        line, period = self.lines[row], self.periods[col]
        if period not in line.periods:
            return ""
        value = self.session.plan.value(line.code, period)
        return "" if value is None else stored_text(value)

    def number(self, row: int, col: int) -> Decimal | None:
        line, period = self.lines[row], self.periods[col]
        if period not in line.periods:
            return None
        return self.session.plan.number(line.code, period)

    # -- findings marks ----------------------------------------------------------------

    def set_marks(self, marks: dict[tuple[str, str], CellMark]) -> None:
        """Mark cells with a finding; repaints only cells whose mark changed."""
        mine = {
            cell: mark
            for cell, mark in marks.items()
            if cell[0] in self._row_of and cell[1] in self._col_of
        }
        changed = {cell for cell, _ in set(mine.items()) ^ set(self._marks.items())}
        self._marks = mine
        spots = [(self._row_of[line], self._col_of[period]) for line, period in changed]
        if spots:  # one repaint of the range the changes span
            rows = [r for r, _ in spots]
            cols = [c for _, c in spots]
            self.dataChanged.emit(
                self.index(min(rows), min(cols)),
                self.index(max(rows), max(cols)),
                [Qt.ItemDataRole.ToolTipRole, style.MARK_ROLE],
            )

    def mark(self, row: int, col: int) -> CellMark | None:
        return self._marks.get((self.lines[row].code, self.periods[col]))

    # -- Qt roles ----------------------------------------------------------------------

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == DISPLAY_ROLE:
            return self._display[row][col]
        if role == EDIT_ROLE:
            return self.raw_text(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return style.NUMBER_ALIGNMENT
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            text = self._display[row][col]
            if text.startswith(("(", "-")):
                return style.NEGATIVE_BRUSH
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self.lines[row].kind == "calc" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == style.MARK_ROLE:
            mark = self.mark(row, col)
            return mark.severity if mark else None
        return None

    def cell_kind(self, row: int, col: int) -> str:
        """input, prepopulated (a parameter still at its national default), calculated,
        year total, or not applicable (the line has no such period)."""
        line, period = self.lines[row], self.periods[col]
        if period not in line.periods:
            return NOT_APPLICABLE
        if period in line.inputs:
            if line.kind == "param" and line.default is not None:
                stored = self.session.plan.stored(line.code, period)
                if stored is not None and stored_text(stored) == line.default:
                    return PREPOPULATED
            return INPUT
        return YEAR_TOTAL if period in line.totals else CALCULATED

    def _background(self, row: int, col: int) -> QBrush:
        return KIND_BRUSHES[self.cell_kind(row, col)]

    def exact_text(self, row: int, col: int) -> str:
        """The cell's value in full: as stored for an input (up to 3 decimals), and for a
        computed figure to 6 decimal places at most (an ellipsis when cut)."""
        line, period = self.lines[row], self.periods[col]
        if period not in line.periods:
            return ""
        if period in line.inputs:
            return self.raw_text(row, col)
        value = self.session.plan.value(line.code, period)
        if value is None:
            return ""
        return _short(value) if isinstance(value, Decimal) else value

    def _tooltip(self, row: int, col: int) -> str | None:
        line, period = self.lines[row], self.periods[col]
        parts: list[str] = []
        mark = self.mark(row, col)
        if mark:
            parts.extend(mark.messages)
        if period in line.periods and period not in line.inputs:
            if period in line.totals:
                how = {
                    "flow": "sum of the months",
                    "stock": "the year's last month",
                    "rate": "from the year's numerator and denominator",
                }[line.measure]
                parts.append(f"Year total: {how}")
            elif line.formula is not None:
                parts.append(f"Calculated: {formula_in_words(line, self.session.catalogue)}")
        elif line.kind == "param" and line.default is not None:
            parts.append(f"National default: {line.default}")
        if line.note and not parts:
            parts.append(line.note)
        return "\n".join(parts) or None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == DISPLAY_ROLE:
                return self._headers[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return style.HEADER_ALIGNMENT
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.periods[section]
            if (
                role == Qt.ItemDataRole.FontRole
                and self.periods[section].startswith("Y")
                and any(self.periods[section] in ln.totals for ln in self.lines)
            ):
                return self._bold
            return None
        line = self.lines[section]
        if role == DISPLAY_ROLE:
            return f"{line.code}  {line.label}"
        if role == style.CODE_ROLE:
            return line.code
        if role == style.LABEL_ROLE:
            return line.label
        if role == Qt.ItemDataRole.ToolTipRole:
            unit = UNIT_NAMES[line.unit]
            kind = {"input": "input", "calc": "calculated", "param": "parameter"}[line.kind]
            extra = f"\n{line.note}" if line.note else ""
            return f"{line.code}: {line.label}\n{kind}, {unit}{extra}"
        if role == Qt.ItemDataRole.FontRole and line.kind == "calc":
            return self._bold
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = self._flags[index.row()][index.column()]
        if self.session.read_only:  # it may turn read-only (the plan taken over)
            flags &= ~Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = EDIT_ROLE) -> bool:
        """A typed value: handed to the undo controller as one named operation."""
        if role != EDIT_ROLE or not index.isValid() or self._commit is None:
            return False
        if not self.is_editable(index.row(), index.column()):
            return False
        text = "" if value is None else str(value)
        if text.strip() == self.raw_text(index.row(), index.column()):
            return True
        line, period = self.cell(index.row(), index.column())
        return self._commit(
            {(line, period): text or None}, f"Typing in {line} {self.session.round.label(period)}"
        )


def _short(value: Decimal) -> str:
    """An exact figure for a person: at most 6 decimal places, then an ellipsis."""
    if value == value.to_integral_value():
        return stored_text(value.quantize(Decimal(1)))
    if decimal_places(value) <= 6:
        return stored_text(value.normalize())
    return f"{value:.6f}\u2026"


def _rounding(unit: str) -> str:
    places = stored_places(unit)
    if places == 0:
        return "rounded to a whole number"
    return f"rounded to {places} decimal place{'s' if places != 1 else ''}"
