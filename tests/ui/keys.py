"""Drive the window as a user does: keys and mouse to the focused widget, the clipboard.

Every helper sends real events (``QTest``) to ``QApplication.focusWidget()`` at the
moment of each key, as the keyboard does: the first character typed on a cell opens
its editor, and the next ones go to that editor.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QWidget

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE, times: int = 1) -> None:
    """Press (and release) ``key`` with ``modifiers`` on the focused widget."""
    for _ in range(times):
        QTest.keyClick(focused(), key, modifiers)
    QApplication.processEvents()


def type_text(text: str) -> None:
    """Type ``text`` one character at a time, each to the widget focused then."""
    for char in text:
        QTest.keyClicks(focused(), char)
    QApplication.processEvents()


def enter(text: str, key: Qt.Key = Qt.Key.Key_Return) -> None:
    """Type ``text`` and finish with ``key`` (Enter unless told)."""
    type_text(text)
    press(key)


def click_cell(view: QAbstractItemView, row: int, column: int) -> None:
    """Click a cell of a grid (scrolled into view first, as with the scroll bars)."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        view.visualRect(index).center(),
    )


def click(widget: QWidget, pos: QPoint | None = None) -> None:
    """A left click on ``widget`` (at ``pos``, else its centre)."""
    if pos is None:
        pos = widget.rect().center()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def click_button(button: QAbstractButton) -> None:
    """Click a button the user can see and use (fails on a hidden or greyed one)."""
    assert button.isVisible() and button.isEnabled(), button.text()
    click(button)
    QApplication.processEvents()


def put_on_clipboard(text: str) -> None:
    """What Excel puts there: tab-separated text."""
    mime = QMimeData()
    mime.setText(text)
    QGuiApplication.clipboard().setMimeData(mime)


def paste(text: str) -> None:
    """Put ``text`` on the clipboard and press Ctrl+V on the focused widget."""
    put_on_clipboard(text)
    press(Qt.Key.Key_V, CTRL)
