"""Colours, alignments and sizes shared by the grid, the findings and the window.

The cell colours are those of the official planning templates: pale yellow
inputs, blue calculated cells, green pre-populated cells.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

INPUT = QColor("#FFF2CC")
CALC = QColor("#DDEBF7")
PREPOPULATED = QColor("#E2EFDA")
NOT_APPLICABLE = QColor("#F2F2F2")
NEGATIVE = QColor("#9C0006")
ERROR = QColor("#C00000")
WARNING = QColor("#E69500")
INFO = QColor("#2F75B5")
READ_ONLY_BANNER = QColor("#FCE4D6")

INPUT_BRUSH = QBrush(INPUT)
CALC_BRUSH = QBrush(CALC)
PREPOPULATED_BRUSH = QBrush(PREPOPULATED)
NOT_APPLICABLE_BRUSH = QBrush(NOT_APPLICABLE)
NEGATIVE_BRUSH = QBrush(NEGATIVE)

SEVERITY_COLOURS = {"error": ERROR, "warning": WARNING, "info": INFO}

NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
HEADER_ALIGNMENT = Qt.AlignmentFlag.AlignCenter

ROW_HEIGHT = 22
PERIOD_COLUMN_WIDTH = 78
TOTAL_COLUMN_WIDTH = 92
CODE_WIDTH = 96
LABEL_WIDTH = 300

MARK_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
LABEL_ROLE = Qt.ItemDataRole.UserRole + 3
