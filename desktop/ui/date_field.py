"""A date field that is typed whole or picked from a calendar.

Unlike QDateEdit, there are no day, month and year sections to step through: Tab
goes to the next field, and what is typed (DD/MM/YYYY, D/M/YYYY or YYYY-MM-DD) is
read as a whole when the field is left. The calendar opens from the button beside
it, or with Alt+Down or F4; arrows move, Enter picks, Esc closes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from ..core.dates import day_first, parse_date

CALENDAR_KEYS = (Qt.Key.Key_F4,)


class DateField(QWidget):
    """``date()`` reads the text (DateRefused says why not); ``picked`` fires when a
    date is picked from the calendar; ``editingFinished`` when the field is left."""

    picked = Signal()
    editingFinished = Signal()
    textChanged = Signal(str)

    def __init__(self, what: str = "the date", parent: QWidget | None = None):
        super().__init__(parent)
        self.what = what
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("DD/MM/YYYY")
        self.edit.setAccessibleName(what[:1].upper() + what[1:])
        self.edit.installEventFilter(self)
        self.button = QToolButton()
        self.button.setText("\u25be")  # a small down arrow, as on a drop-down
        self.button.setToolTip("Pick the date from a calendar (Alt+Down)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field
        self.button.clicked.connect(self.open_calendar)
        self.calendar = QCalendarWidget()
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.activated.connect(self._pick)  # Enter or a double click
        self.calendar.clicked.connect(self._pick)
        self.calendar.installEventFilter(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self._normalise)
        self.edit.textChanged.connect(self.textChanged)

    # -- the value -----------------------------------------------------------------------

    def text(self) -> str:
        return self.edit.text()

    def date(self) -> dt.date:
        return parse_date(self.edit.text(), self.what)

    def set_date(self, date: dt.date) -> None:
        self.edit.setText(day_first(date))

    def set_maximum(self, date: dt.date) -> None:
        self.calendar.setMaximumDate(QDate(date.year, date.month, date.day))

    def _normalise(self) -> None:
        """Show a date that was read as it was read (2/12/2019 -> 02/12/2019)."""
        with contextlib.suppress(ValueError):  # else left as typed: the form says why
            self.edit.setText(day_first(self.date()))
        self.editingFinished.emit()

    # -- the calendar --------------------------------------------------------------------

    def open_calendar(self) -> None:
        try:
            current = self.date()
            self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        except ValueError:
            self.calendar.setSelectedDate(QDate.currentDate())
        self.calendar.adjustSize()
        below = self.edit.mapToGlobal(self.edit.rect().bottomLeft())
        self.calendar.move(below)
        self.calendar.show()
        self.calendar.setFocus()

    def _pick(self, date: QDate) -> None:
        self.calendar.hide()
        self.edit.setText(day_first(dt.date(date.year(), date.month(), date.day())))
        self.edit.setFocus()
        self.picked.emit()
        self.editingFinished.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key, alt = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if watched is self.edit and (key in CALENDAR_KEYS or (alt and key == Qt.Key.Key_Down)):
                self.open_calendar()
                return True
            if watched is self.calendar and key == Qt.Key.Key_Escape:
                self.calendar.hide()
                self.edit.setFocus()
                return True
        return super().eventFilter(watched, event)
