"""A review chart on screen: a plain widget painting with ``paint_chart``."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...core.review.series import Chart
from .chart_painter import paint_chart


class ChartWidget(QWidget):
    """Shows one ``Chart``; ``set_chart`` replaces it and repaints."""

    def __init__(self, chart: Chart | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._chart = chart
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 220)
        self.setAutoFillBackground(False)
        if chart is not None:
            self.setToolTip(chart.title)
            self.setAccessibleName(chart.title)

    @property
    def chart(self) -> Chart | None:
        return self._chart

    def set_chart(self, chart: Chart) -> None:
        if chart != self._chart:
            self._chart = chart
            self.setToolTip(chart.title)
            self.setAccessibleName(chart.title)
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("white"))
            painter.setPen(QColor("#D9D9D9"))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
            if self._chart is not None:
                paint_chart(painter, QRectF(self.rect()).adjusted(4, 4, -4, -4), self._chart)
        finally:
            painter.end()
