"""The grid of one sheet, behaving like the spreadsheet finance managers know.

Typing starts an entry that replaces the value; F2 edits it with the caret at the
end; Enter / Tab (Shift: backwards) finish it and move; Esc cancels; a value the
cell cannot hold stays in the editor with the reason under the cell
(``cell_editor``). Typing on a cell that cannot be typed in (calculated, a year
total, no such period, a read-only plan) changes nothing and says why.

Every navigation key moves the selection with the current cell, as in Excel:
arrows, Home / End, PgUp / PgDn, Ctrl+arrows to the edge of the data region,
Ctrl+Home to the first input cell, Ctrl+End to the last used cell; with Shift they
extend the selection. Ctrl+PgDn / Ctrl+PgUp ask for the next / previous sheet.
Delete clears the selection; Ctrl+D / Ctrl+R fill down / right (on one cell: from
the cell above / on the left); Ctrl+Enter writes the typed value into every
selected cell; copy and paste speak Excel's clipboard (tab-separated text and an
HTML table). Ctrl+wheel asks for a zoom. Line codes and labels stay frozen on the
left (``line_header``) while the months scroll.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from ..core.arithmetic import is_arithmetic
from ..core.exchange import clipboard as codec
from ..core.units import ValueRefused
from . import grid_moves, style
from .cell_editor import CellDelegate, CellEditor, CellMessage
from .edit_commands import EditController, cells_phrase, read_only_refusal
from .line_header import LineHeader
from .sheet_model import SheetModel

Index = QModelIndex | QPersistentModelIndex
K = Qt.Key
Cursor = QAbstractItemView.CursorAction
Flag = QItemSelectionModel.SelectionFlag

#: Keys that move the current cell, and Qt's move for each (Ctrl forms are Excel's).
MOVES = {
    K.Key_Up: Cursor.MoveUp,
    K.Key_Down: Cursor.MoveDown,
    K.Key_Left: Cursor.MoveLeft,
    K.Key_Right: Cursor.MoveRight,
    K.Key_Home: Cursor.MoveHome,
    K.Key_End: Cursor.MoveEnd,
    K.Key_PageUp: Cursor.MovePageUp,
    K.Key_PageDown: Cursor.MovePageDown,
}
STEPS = {K.Key_Up: (-1, 0), K.Key_Down: (1, 0), K.Key_Left: (0, -1), K.Key_Right: (0, 1)}


def release_clipboard() -> None:
    """Hand what we copied to the clipboard as plain text before the app quits.

    Mime data built in Python and still on the clipboard when the interpreter shuts
    down is freed twice (PySide6 6.11, every platform tried): a crash on exit. The
    tab-separated text is what Excel pastes, so it is kept; the HTML flavour goes.
    """
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(OWN_FORMAT):
        clipboard.setText(mime.text())


#: Marks mime data this app put on the clipboard.
OWN_FORMAT = "application/x-opplan-desk-cells"


class SheetView(QTableView):
    """One sheet's grid. Edits go through the EditController (undoable, saved at once)."""

    statusMessage = Signal(str)
    sheetStepRequested = Signal(int)  # Ctrl+PgDn (+1) / Ctrl+PgUp (-1)
    zoomRequested = Signal(int)  # Ctrl+wheel: +1 zooms in, -1 out

    def __init__(
        self, model: SheetModel, controller: EditController, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.controller = controller
        self.setModel(model)
        self.sheet_model = model
        self.line_header = LineHeader(self)
        self.setVerticalHeader(self.line_header)
        self.line_header.setModel(model)
        self.delegate = CellDelegate(self.entry_problem, self.commit_text, self)
        self.delegate.fillRequested.connect(self.fill_selection_with)
        self.delegate.moveRequested.connect(self._finish_entry)
        self.delegate.refused.connect(self._refuse_entry)
        self.setItemDelegate(self.delegate)
        self.cell_message = CellMessage(self.viewport())
        self.delegate.edited.connect(self.cell_message.hide)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(style.PERIOD_COLUMN_WIDTH)
        header.setHighlightSections(True)
        periods = model.session.round.periods
        for col, period in enumerate(model.periods):
            if periods[period].kind != "month":  # a baseline or a year total: wider
                self.setColumnWidth(col, style.TOTAL_COLUMN_WIDTH)
        self.setStyleSheet(
            "QTableView { gridline-color: #D9D9D9; }"
            "QTableView::item:selected { background: rgba(51,102,204,60);"
            " color: black; }"
        )
        self._base_font = QFont(self.font())
        self.zoom = 1.0

    # -- zoom ------------------------------------------------------------------------------

    def set_zoom(self, percent: int) -> None:
        """Show the grid at ``percent`` of its normal size: text, rows and columns."""
        factor = percent / 100
        if factor == self.zoom:
            return
        font = QFont(self._base_font)
        if self._base_font.pointSizeF() > 0:
            font.setPointSizeF(self._base_font.pointSizeF() * factor)
        else:
            font.setPixelSize(max(6, round(self._base_font.pixelSize() * factor)))
        self.setFont(font)
        for header in (self.line_header, self.horizontalHeader()):
            header.setFont(font)
            header.viewport().setFont(font)  # it paints there; the style sheet stops inheriting
        self.line_header.fit_codes()  # measured in the font just set
        self.line_header.setDefaultSectionSize(round(style.ROW_HEIGHT * factor))
        header = self.horizontalHeader()
        for col in range(header.count()):  # wider or narrower, but never clipping the period
            width = round(header.sectionSize(col) * factor / self.zoom)
            header.resizeSection(col, max(width, header.sectionSizeHint(col)))
        self.zoom = factor

    def set_label_width(self, pixels: int) -> None:
        """The label column's width at this zoom (the code column fits the codes)."""
        self.line_header.set_label_width(pixels)
        self.updateGeometries()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoomRequested.emit(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    # -- typing ------------------------------------------------------------------------

    def keyboardSearch(self, search: str) -> None:
        """Never: Qt's search would move to a cell whose text starts with the typed keys
        (and the next keys would be typed there)."""

    def entry_problem(self, index: Index, text: str) -> str | None:
        """Why ``text`` cannot be entered in the cell at ``index``, or None when it can."""
        try:
            self.sheet_model.entry(index.row(), index.column(), text)
        except ValueRefused as exc:
            return str(exc)
        return None

    def commit_text(self, index: Index, text: str) -> None:
        """Store typed text (a calculation worked out first); the status bar says what."""
        model = self.sheet_model
        row, col = index.row(), index.column()
        try:
            stored, note = model.entry(row, col, text)
        except ValueRefused as exc:
            self.statusMessage.emit(f"Not entered in {model.address(row, col)}: {exc}")
            return
        if model.setData(index, stored or "") and note:
            self.statusMessage.emit(note)

    def _finish_entry(self, editor: QWidget, rows: int, cols: int) -> None:
        self.commitData(editor)
        self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.move_current(rows, cols)

    def _refuse_entry(self, editor: QWidget, problem: str) -> None:
        if not isinstance(editor, CellEditor):
            return
        model = self.sheet_model
        where = model.address(editor.index.row(), editor.index.column())
        self.cell_message.show_under(
            self.visualRect(self.model().index(editor.index.row(), editor.index.column())),
            f"{problem}.\nCorrect the value, or press Esc to cancel.",
        )
        self.statusMessage.emit(f"Not entered in {where}: {problem}")

    def updateEditorGeometries(self) -> None:
        super().updateEditorGeometries()
        editor = self._open_editor()
        if editor is not None and self.cell_message.isVisible():  # scrolled: follow the cell
            self.cell_message.show_under(editor.geometry(), self.cell_message.text())

    def _open_editor(self) -> CellEditor | None:
        if self.state() != QAbstractItemView.State.EditingState:
            return None
        editor = self.indexWidget(self.currentIndex())
        return editor if isinstance(editor, CellEditor) else None

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        self.cell_message.hide()
        moves = {
            QAbstractItemDelegate.EndEditHint.SubmitModelCache: (1, 0),
            QAbstractItemDelegate.EndEditHint.EditNextItem: (0, 1),
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: (0, -1),
        }
        move = moves.get(hint)
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if move else hint)
        if move:
            self.move_current(*move)

    def _edit_in_place(
        self, index: QModelIndex, trigger: QAbstractItemView.EditTrigger, event: QEvent
    ) -> None:
        """F2 or a double-click: edit the value with the caret at its end, or say why not."""
        why = self.sheet_model.why_locked(index.row(), index.column())
        if why is not None:
            self.statusMessage.emit(f"Cannot edit: {why}")
            return
        if self.edit(index, trigger, event):
            editor = self._open_editor()
            if editor is not None:
                editor.edit_in_place()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        editor = self._open_editor()
        if editor is not None:
            problem = self.delegate.problem(editor)
            if problem is not None:  # as Excel's validation: stay on the cell until fixed
                self._refuse_entry(editor, problem)
                editor.setFocus()
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and index.isValid():
            self._edit_in_place(index, QAbstractItemView.EditTrigger.DoubleClicked, event)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # -- moving like Excel ---------------------------------------------------------------

    def move_current(self, drow: int, dcol: int) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        row = min(max(current.row() + drow, 0), self.model().rowCount() - 1)
        col = min(max(current.column() + dcol, 0), self.model().columnCount() - 1)
        self.select_cell(self.model().index(row, col))

    def select_cell(self, index: QModelIndex) -> None:
        """Make ``index`` the current cell and the only one selected (whatever keys are down)."""
        self.selectionModel().setCurrentIndex(index, Flag.ClearAndSelect)

    def _anchor(self) -> QModelIndex:
        """Where a Shift-extended selection starts: the corner of the selected block
        opposite the current cell (the current cell when the selection is not one block)."""
        current = self.currentIndex()
        rect = self.selection_rect()
        if rect is None:
            return current
        top, left, bottom, right = rect
        cells = len(self.selected_cells())
        row, col = current.row(), current.column()
        if cells != (bottom - top + 1) * (right - left + 1) or row not in (top, bottom):
            return current
        if col not in (left, right):
            return current
        return self.model().index(top + bottom - row, left + right - col)

    def move_to(self, index: QModelIndex, *, extend: bool = False) -> None:
        """Move the current cell to ``index``, the selection with it (extended with Shift)."""
        if not index.isValid():
            return
        if extend:
            anchor = self._anchor()
            selection = self.selectionModel()
            selection.setCurrentIndex(index, Flag.NoUpdate)
            selection.select(QItemSelection(anchor, index), Flag.ClearAndSelect)
        else:
            self.select_cell(index)
        self.scrollTo(index)

    def _jump(self, key: int, ctrl: bool) -> QModelIndex:
        """Where a navigation key (with Ctrl or not) lands."""
        model = self.sheet_model
        rows, cols = model.rowCount(), model.columnCount()
        current = self.currentIndex()
        if ctrl and key in STEPS:
            row, col = grid_moves.data_edge(
                model.is_filled, rows, cols, (current.row(), current.column()), STEPS[K(key)]
            )
        elif ctrl and key == K.Key_Home:
            row, col = grid_moves.first_cell(model.is_input, rows, cols)
        elif ctrl and key == K.Key_End:
            row, col = grid_moves.last_used(model.is_filled, rows, cols)
        elif key == K.Key_Home:
            row, col = current.row(), 0
        else:
            return self.moveCursor(MOVES[K(key)], Qt.KeyboardModifier.NoModifier)
        return model.index(row, col)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if self.state() == QAbstractItemView.State.EditingState:
            event.accept()  # what the editor leaves does not move the cell or the tabs
            return
        current = self.currentIndex()
        if ctrl and key in (K.Key_PageDown, K.Key_PageUp):
            self.sheetStepRequested.emit(1 if key == K.Key_PageDown else -1)
            return
        if key in MOVES and current.isValid():
            self.move_to(self._jump(key, ctrl), extend=shift)
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if key in (K.Key_Delete, K.Key_Backspace) and not ctrl:
            self.clear_selection()
            return
        if ctrl and key == K.Key_D:
            self.fill("down")
            return
        if ctrl and key == K.Key_R:
            self.fill("right")
            return
        if key in (K.Key_Return, K.Key_Enter):
            self.move_current(-1 if shift else 1, 0)
            return
        if key == K.Key_Tab:
            self.move_current(0, 1)
            return
        if key == K.Key_Backtab:
            self.move_current(0, -1)
            return
        if key == K.Key_F2 and current.isValid():
            self._edit_in_place(current, QAbstractItemView.EditTrigger.EditKeyPressed, event)
            return
        typed = event.text()
        plain = not mods & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if typed and typed.isprintable() and plain and current.isValid():
            why = self.sheet_model.why_locked(current.row(), current.column())
            if why is not None:  # as Excel on a protected cell: nothing typed, and why
                self.statusMessage.emit(f"Cannot type here: {why}")
                event.accept()
                return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        return False  # Tab moves between cells, never out of the grid

    # -- selection -----------------------------------------------------------------------

    def selected_cells(self) -> list[tuple[int, int]]:
        return sorted((i.row(), i.column()) for i in self.selectionModel().selectedIndexes())

    def selection_rect(self) -> tuple[int, int, int, int] | None:
        """(top, left, bottom, right) of the selection's bounding box, or None."""
        cells = self.selected_cells()
        if not cells:
            current = self.currentIndex()
            if not current.isValid():
                return None
            return current.row(), current.column(), current.row(), current.column()
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        return min(rows), min(cols), max(rows), max(cols)

    def selection_numbers(self) -> list[Decimal]:
        model = self.sheet_model
        out = []
        for row, col in self.selected_cells():
            value = model.number(row, col)
            if value is not None:
                out.append(value)
        return out

    # -- operations ----------------------------------------------------------------------

    def _apply(
        self, targets: dict[tuple[int, int], str | None], verb: str, skipped: int = 0
    ) -> bool:
        model = self.sheet_model
        changes = {model.cell(r, c): v for (r, c), v in targets.items() if model.is_editable(r, c)}
        skipped += len(targets) - len(changes)
        if not changes:
            if model.session.read_only:
                self.statusMessage.emit(read_only_refusal(model.session.read_only_reason, verb))
            elif skipped:
                self.statusMessage.emit(
                    f"Nothing to {verb}: the {cells_phrase(skipped)} selected are calculated"
                )
            return False
        ok = self.controller.apply(changes, f"{verb} of {cells_phrase(len(changes))}")
        if ok:
            note = f"; skipped {cells_phrase(skipped)} that are calculated" if skipped else ""
            self.statusMessage.emit(f"{verb.capitalize()}: {cells_phrase(len(changes))}{note}")
        return ok

    def clear_selection(self) -> None:
        self._apply({cell: None for cell in self.selected_cells()}, "clear")

    def fill(self, direction: str) -> None:
        rect = self.selection_rect()
        if rect is None:
            return
        top, left, bottom, right = rect
        model = self.sheet_model
        if (top, left) == (bottom, right):  # one cell: from the cell above / on the left
            if (top if direction == "down" else left) == 0:
                edge = "above" if direction == "down" else "on the left"
                self.statusMessage.emit(f"Nothing to fill {direction}: no cell {edge}")
                return
            source_cell = (top - 1, left) if direction == "down" else (top, left - 1)
            self._apply({(top, left): model.raw_text(*source_cell) or None}, f"fill {direction}")
            return
        selected = set(self.selected_cells())
        targets: dict[tuple[int, int], str | None] = {}
        if direction == "down":
            for col in range(left, right + 1):
                source = model.raw_text(top, col) or None
                for row in range(top + 1, bottom + 1):
                    if (row, col) in selected:
                        targets[(row, col)] = source
        else:
            for row in range(top, bottom + 1):
                source = model.raw_text(row, left) or None
                for col in range(left + 1, right + 1):
                    if (row, col) in selected:
                        targets[(row, col)] = source
        if targets:
            self._apply(targets, f"fill {direction}")

    def fill_down(self) -> None:
        self.fill("down")

    def fill_right(self) -> None:
        self.fill("right")

    def fill_selection_with(self, text: str) -> None:
        current = self.currentIndex()
        cells = self.selected_cells() or [(current.row(), current.column())]
        if is_arithmetic(text) and current.isValid():  # worked out once, for the typed cell
            try:
                stored, _note = self.sheet_model.entry(current.row(), current.column(), text)
            except ValueRefused as exc:
                self.statusMessage.emit(f"Not entered: {exc}")
                return
            text = stored or ""
        self._apply({cell: text.strip() or None for cell in cells}, "entry")

    def copy_selection(self) -> None:
        rect = self.selection_rect()
        if rect is None:
            return
        top, left, bottom, right = rect
        if len(self.selected_cells()) not in (0, (bottom - top + 1) * (right - left + 1)):
            self.statusMessage.emit("Copy works on one rectangular range")
            return
        model = self.sheet_model
        rows = [
            [model.raw_text(r, c) for c in range(left, right + 1)] for r in range(top, bottom + 1)
        ]
        mime = QMimeData()
        mime.setText(codec.to_tsv(rows))
        mime.setHtml(codec.to_html(rows))
        mime.setData(OWN_FORMAT, b"1")
        QGuiApplication.clipboard().setMimeData(mime)
        self.statusMessage.emit(f"Copied {cells_phrase(len(rows) * len(rows[0]))}")

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return
        formats: dict[str, str] = {}
        if mime.hasText():
            formats["text/plain"] = mime.text()
        if mime.hasHtml():
            formats["text/html"] = mime.html()
        try:
            block = codec.read_clipboard(formats)
        except ValueError as exc:
            self.statusMessage.emit(f"Cannot paste: {exc}")
            return
        if not block or not block[0]:
            self.statusMessage.emit("Nothing to paste: the clipboard holds no cells")
            return
        self.paste_block(block)

    def paste_block(self, block: list[list[str]]) -> bool:
        rect = self.selection_rect()
        if rect is None:
            return False
        top, left, bottom, right = rect
        rows, cols = bottom - top + 1, right - left + 1
        tiled = codec.tile(block, rows, cols) if (rows, cols) != (1, 1) else None
        grid = tiled or block
        model = self.sheet_model
        targets: dict[tuple[int, int], str | None] = {}
        outside = 0
        for dr, values in enumerate(grid):
            for dc, raw in enumerate(values):
                row, col = top + dr, left + dc
                if row >= model.rowCount() or col >= model.columnCount():
                    outside += 1
                    continue
                text = raw.strip()
                targets[(row, col)] = "0" if text == "-" else (text or None)
        ok = self._apply(targets, "paste")
        if ok and outside:
            self.statusMessage.emit(f"Pasted; {cells_phrase(outside)} fell outside the sheet")
        if ok:
            last_row = min(top + len(grid) - 1, model.rowCount() - 1)
            last_col = min(left + len(grid[0]) - 1, model.columnCount() - 1)
            selection = QItemSelection(model.index(top, left), model.index(last_row, last_col))
            self.selectionModel().select(
                selection, self.selectionModel().SelectionFlag.ClearAndSelect
            )
        return ok

    def go_to(self, line: str, period: str, *, focus: bool = True) -> bool:
        """Select ``line``'s cell in ``period``; when the line has no such period, its cell
        in the current column, else its first cell that can be entered. ``focus``: and
        take the keyboard focus."""
        model = self.sheet_model
        row = model.row_of(line)
        if row is None:
            return False
        index = model.index_of(line, period)
        if not index.isValid():
            column = self.currentIndex().column()
            if not (0 <= column < model.columnCount() and model.is_applicable(row, column)):
                columns = range(model.columnCount())
                column = next(
                    (c for c in columns if model.is_input(row, c)),
                    next((c for c in columns if model.is_applicable(row, c)), 0),
                )
            index = model.index(row, column)
        self.select_cell(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        if focus:
            self.setFocus()
        return True

    def show_current_cell(self) -> None:
        """Make sure the sheet has a current cell that is selected, and show it (a sheet
        not visited yet starts on its first input cell)."""
        model = self.sheet_model
        current = self.currentIndex()
        if not current.isValid():
            row, col = grid_moves.first_cell(model.is_input, model.rowCount(), model.columnCount())
            self.move_to(model.index(row, col))
            return
        if not self.selectionModel().isSelected(current):
            self.select_cell(current)
        self.scrollTo(current)
