"""The frozen left part of a grid: each line's code and label.

The code column is as wide as the sheet's longest code (never clipped, at any
zoom). The label column is as wide as the user makes it: drag the header's right
edge, or double-click it to fit the longest label; the width is remembered.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter
from PySide6.QtWidgets import QHeaderView, QWidget

from . import style

GRIP = 5  # pixels either side of the right edge that resize the label column
MIN_LABEL_WIDTH = 60
MAX_LABEL_WIDTH = 1200
CODE_PADDING = 16
LABEL_PADDING = 12


class LineHeader(QHeaderView):
    """Lines' codes and labels, frozen at the left of the grid."""

    labelWidthDragged = Signal(int)  # pixels, while the edge is dragged
    labelWidthChosen = Signal(int)  # pixels, when the drag ends or on a double-click

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultSectionSize(style.ROW_HEIGHT)
        self.setHighlightSections(True)
        self.setSectionsClickable(True)
        self.setMouseTracking(True)
        self.code_width = style.CODE_WIDTH
        self.label_width = style.LABEL_WIDTH
        self._drag_from: tuple[int, int] | None = None  # (x pressed, label width then)
        self.setFixedWidth(self.code_width + self.label_width)

    # -- widths ------------------------------------------------------------------------

    def _codes_and_labels(self) -> list[tuple[str, str]]:
        model = self.model()
        if model is None:
            return []
        return [
            (
                model.headerData(row, Qt.Orientation.Vertical, style.CODE_ROLE) or "",
                model.headerData(row, Qt.Orientation.Vertical, style.LABEL_ROLE) or "",
            )
            for row in range(model.rowCount())
        ]

    def _bold_metrics(self) -> QFontMetrics:
        font = QFont(self.viewport().font())  # the font the sections are painted in
        font.setBold(True)  # calculated lines are drawn bold: measure the widest
        return QFontMetrics(font)

    def fit_codes(self) -> None:
        """Make the code column as wide as the longest code in the current font."""
        metrics = self._bold_metrics()
        codes = [code for code, _ in self._codes_and_labels()]
        widest = max((metrics.horizontalAdvance(code) for code in codes), default=0)
        self.code_width = max(widest + CODE_PADDING, style.CODE_WIDTH // 2)
        self.setFixedWidth(self.code_width + self.label_width)

    def set_label_width(self, pixels: int) -> None:
        self.label_width = max(MIN_LABEL_WIDTH, min(MAX_LABEL_WIDTH, pixels))
        self.setFixedWidth(self.code_width + self.label_width)
        self.update()

    def longest_label(self) -> int:
        """The label column's width that shows every label of the sheet in full."""
        metrics = self._bold_metrics()
        labels = [label for _, label in self._codes_and_labels()]
        return max((metrics.horizontalAdvance(label) for label in labels), default=0) + (
            LABEL_PADDING
        )

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.fit_codes()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_codes()

    # -- resizing the label column with the mouse ---------------------------------------

    def _on_grip(self, x: int) -> bool:
        return x >= self.width() - GRIP

    def mousePressEvent(self, event: QMouseEvent) -> None:
        x = int(event.position().x())
        if event.button() == Qt.MouseButton.LeftButton and self._on_grip(x):
            self._drag_from = (x, self.label_width)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = int(event.position().x())
        if self._drag_from is not None:
            pressed, width = self._drag_from
            self.labelWidthDragged.emit(width + x - pressed)
            event.accept()
            return
        if self._on_grip(x):
            self.setCursor(Qt.CursorShape.SplitHCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.labelWidthChosen.emit(self.label_width)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._on_grip(int(event.position().x())):
            self.labelWidthChosen.emit(self.longest_label())
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # -- painting ----------------------------------------------------------------------

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
        code_rect = QRect(rect.left() + 6, rect.top(), self.code_width - 6, rect.height())
        label_rect = QRect(
            rect.left() + self.code_width,
            rect.top(),
            rect.width() - self.code_width - 6,
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
