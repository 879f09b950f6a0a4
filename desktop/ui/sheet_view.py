"""The grid of one sheet, behaving like the spreadsheet finance managers know.

Typing starts an edit; Enter commits and moves down, Tab right; F2 edits; Esc
cancels; Delete clears the selection; Ctrl+D / Ctrl+R fill down / right;
Ctrl+Enter writes the typed value into every selected cell; copy and paste speak
Excel's clipboard (tab-separated text and an HTML table). Line codes and labels
stay frozen on the left (the vertical header) while the months scroll.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence, QPainter, QPolygon
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ..core.exchange import clipboard as codec
from . import style
from .edit_commands import EditController, cells_phrase, read_only_refusal
from .sheet_model import SheetModel

Index = QModelIndex | QPersistentModelIndex


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


class LineHeader(QHeaderView):
    """The frozen left part of the grid: each line's code and label."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultSectionSize(style.ROW_HEIGHT)
        self.setFixedWidth(style.CODE_WIDTH + style.LABEL_WIDTH)
        self.setHighlightSections(True)
        self.setSectionsClickable(True)

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        model = self.model()
        if model is None:
            return
        painter.save()
        selection = self.selectionModel()
        selected = selection is not None and selection.rowIntersectsSelection(
            logical, QModelIndex()
        )
        painter.fillRect(rect, QColor("#DCE6F1") if selected else QColor("#F7F7F7"))
        painter.setPen(QColor("#D0D0D0"))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        font = model.headerData(logical, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole)
        if font is not None:
            painter.setFont(font)
        code = model.headerData(logical, Qt.Orientation.Vertical, style.CODE_ROLE) or ""
        label = model.headerData(logical, Qt.Orientation.Vertical, style.LABEL_ROLE) or ""
        code_rect = QRect(rect.left() + 6, rect.top(), style.CODE_WIDTH - 8, rect.height())
        label_rect = QRect(
            rect.left() + style.CODE_WIDTH,
            rect.top(),
            rect.width() - style.CODE_WIDTH - 6,
            rect.height(),
        )
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.setPen(QColor("#595959"))
        painter.drawText(code_rect, align, code)
        painter.setPen(QColor("#1F1F1F"))
        metrics = painter.fontMetrics()
        painter.drawText(
            label_rect,
            align,
            metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_rect.width()),
        )
        painter.restore()


class CellDelegate(QStyledItemDelegate):
    """Edits a cell with a plain line editor; paints finding marks (red, amber)."""

    fillRequested = Signal(str)  # Ctrl+Enter: the typed text, for every selected cell

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(style.NUMBER_ALIGNMENT)
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QLineEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            text = watched.text()
            self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.RevertModelCache)
            self.fillRequested.emit(text)
            return True
        return super().eventFilter(watched, event)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        severity = index.data(style.MARK_ROLE)
        if not severity:
            return
        colour = style.SEVERITY_COLOURS.get(severity, style.INFO)
        rect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        size = 8
        painter.drawPolygon(
            QPolygon(
                [
                    QPoint(rect.right() - size, rect.top()),
                    QPoint(rect.right(), rect.top()),
                    QPoint(rect.right(), rect.top() + size),
                ]
            )
        )
        if severity == "error":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(colour)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.restore()


class SheetView(QTableView):
    """One sheet's grid. Edits go through the EditController (undoable, saved at once)."""

    statusMessage = Signal(str)

    def __init__(
        self, model: SheetModel, controller: EditController, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.controller = controller
        self.setModel(model)
        self.sheet_model = model
        self.setVerticalHeader(LineHeader(self))
        self.verticalHeader().setModel(model)
        self.delegate = CellDelegate(self)
        self.delegate.fillRequested.connect(self.fill_selection_with)
        self.setItemDelegate(self.delegate)
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
        for col, period in enumerate(model.periods):
            if period.startswith("Y") or period in ("FOT", "BASE"):
                self.setColumnWidth(col, style.TOTAL_COLUMN_WIDTH)
        self.setStyleSheet(
            "QTableView { gridline-color: #D9D9D9; }"
            "QTableView::item:selected { background: rgba(51,102,204,60);"
            " color: black; }"
        )

    # -- editing moves like Excel ------------------------------------------------------

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        moves = {
            QAbstractItemDelegate.EndEditHint.SubmitModelCache: (1, 0),
            QAbstractItemDelegate.EndEditHint.EditNextItem: (0, 1),
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: (0, -1),
        }
        move = moves.get(hint)
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if move else hint)
        if move:
            self.move_current(*move)

    def move_current(self, drow: int, dcol: int) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        row = min(max(current.row() + drow, 0), self.model().rowCount() - 1)
        col = min(max(current.column() + dcol, 0), self.model().columnCount() - 1)
        self.select_cell(self.model().index(row, col))

    def select_cell(self, index: QModelIndex) -> None:
        """Make ``index`` the current cell and the only one selected (whatever keys are down)."""
        self.selectionModel().setCurrentIndex(
            index, self.selectionModel().SelectionFlag.ClearAndSelect
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not ctrl:
                self.clear_selection()
                return
            if ctrl and key == Qt.Key.Key_D:
                self.fill("down")
                return
            if ctrl and key == Qt.Key.Key_R:
                self.fill("right")
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                up = bool(mods & Qt.KeyboardModifier.ShiftModifier)
                self.move_current(-1 if up else 1, 0)
                return
            if key == Qt.Key.Key_Tab:
                self.move_current(0, 1)
                return
            if key == Qt.Key.Key_Backtab:
                self.move_current(0, -1)
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
            if model.document.read_only:
                self.statusMessage.emit(read_only_refusal(model.document.read_only_reason, verb))
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
        cells = self.selected_cells() or [(self.currentIndex().row(), self.currentIndex().column())]
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

    def go_to(self, line: str, period: str) -> bool:
        index = self.sheet_model.index_of(line, period)
        if not index.isValid():
            row = self.sheet_model.row_of(line)
            if row is None:
                return False
            index = self.sheet_model.index(row, 0)
        self.select_cell(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setFocus()
        return True
