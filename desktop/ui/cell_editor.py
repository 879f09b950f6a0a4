"""Typing in a cell, as in Excel.

Typing a character starts a fresh entry that replaces the value (Excel's Enter
mode: the arrow keys then finish the entry and move); F2 or a double-click edits
the value with the caret at its end (Edit mode: the arrows move the caret; F2
switches between the two). Enter, Tab and their Shift forms finish the entry and
move. A value the cell cannot hold is not entered: the editor stays open on the
cell with the typed text and the reason is shown right under the cell, as Excel's
data validation does; Esc abandons the entry.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPolygon
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from . import style

Index = QModelIndex | QPersistentModelIndex
#: Why ``text`` cannot be entered in the cell at the index, or None when it can.
Check = Callable[[Index, str], str | None]
#: Store ``text`` in the cell at the index.
Commit = Callable[[Index, str], None]

K = Qt.Key
ARROWS = {K.Key_Up: (-1, 0), K.Key_Down: (1, 0), K.Key_Left: (0, -1), K.Key_Right: (0, 1)}
MESSAGE_WIDTH = 340


class CellEditor(QLineEdit):
    """The editor of one cell; ``typing`` is Excel's Enter mode (arrows finish the entry)."""

    def __init__(self, index: Index, parent: QWidget):
        super().__init__(parent)
        self.index = QPersistentModelIndex(index)
        self.typing = True
        self.loaded = False
        self.setFrame(False)
        self.setAlignment(style.NUMBER_ALIGNMENT)

    def edit_in_place(self) -> None:
        """Edit mode: the caret at the end of the value, nothing selected (F2)."""
        self.typing = False
        self.deselect()
        self.end(False)


class CellMessage(QLabel):
    """The reason an entry was refused, shown right under its cell."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("cellMessage")
        self.setStyleSheet(
            "QLabel#cellMessage { background: #FFF4F4; color: #1F1F1F; padding: 5px 8px;"
            f" border: 1px solid {style.ERROR.name()}; border-radius: 2px; }}"
        )
        self.hide()

    def show_under(self, cell: QRect, text: str) -> None:
        area = self.parentWidget()
        assert area is not None
        self.setText(text)
        width = min(MESSAGE_WIDTH, max(area.width() - 8, 120))
        self.setFixedWidth(width)
        height = self.heightForWidth(width)
        x = max(0, min(cell.left(), area.width() - width))
        y = cell.bottom() + 2
        if y + height > area.height():
            y = max(0, cell.top() - height - 2)
        self.setGeometry(x, y, width, height)
        self.show()
        self.raise_()


class CellDelegate(QStyledItemDelegate):
    """Edits a cell with a CellEditor; paints finding marks (red, amber)."""

    fillRequested = Signal(str)  # Ctrl+Enter: the typed text, for every selected cell
    moveRequested = Signal(QWidget, int, int)  # an entry to store, then move by (rows, cols)
    refused = Signal(QWidget, str)  # an entry that cannot be stored, and why
    edited = Signal()  # the user changed the text in the editor

    def __init__(self, check: Check, commit: Commit, parent: QObject | None = None):
        super().__init__(parent)
        self._check = check
        self._commit = commit

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = CellEditor(index, parent)
        editor.textEdited.connect(self.edited)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, CellEditor) and not editor.loaded:  # never over typed text
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.loaded = True

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            self._commit(index, editor.text())

    def problem(self, editor: CellEditor) -> str | None:
        return self._check(editor.index, editor.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, CellEditor):
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                if self._key(watched, event):
                    return True
            elif event.type() == QEvent.Type.FocusOut:
                problem = self.problem(watched)
                if problem is not None:  # keep the typed text in its cell, and say why
                    self.refused.emit(watched, problem)
                    return True
        return super().eventFilter(watched, event)

    def _key(self, editor: CellEditor, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if key in (K.Key_Return, K.Key_Enter):
            if ctrl:
                return self._fill(editor)
            return self._finish(editor, -1 if shift else 1, 0)
        if key == K.Key_Tab and not ctrl:
            return self._finish(editor, 0, 1)
        if key == K.Key_Backtab and not ctrl:
            return self._finish(editor, 0, -1)
        if key == K.Key_F2 and not (ctrl or shift):
            if editor.typing:
                editor.edit_in_place()
            else:
                editor.typing = True
            return True
        plain = not (mods & ~Qt.KeyboardModifier.KeypadModifier)
        if editor.typing and plain and key in ARROWS:
            return self._finish(editor, *ARROWS[K(key)])
        return False

    def _finish(self, editor: CellEditor, rows: int, cols: int) -> bool:
        problem = self.problem(editor)
        if problem is not None:
            self.refused.emit(editor, problem)
        else:
            self.moveRequested.emit(editor, rows, cols)
        return True

    def _fill(self, editor: CellEditor) -> bool:
        problem = self.problem(editor)
        if problem is not None:
            self.refused.emit(editor, problem)
            return True
        text = editor.text()
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
        self.fillRequested.emit(text)
        return True

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
