"""The main window on the screen it opens on: within the screen's available area (the
area a task bar or a panel leaves), never larger, never off it.

A laptop at 1366 x 768 with a task bar leaves about 728 pixels of height: a window
of 768 would hide its status bar behind the task bar. The first window is sized to
the available area (frame included); a geometry restored from another screen (a
docking station's large monitor) is brought back within it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QStyle, QWidget

#: The size the window asks for on a screen that has room for it.
PREFERRED = QSize(1366, 768)


def screen_of(window: QWidget) -> QScreen | None:
    center = window.frameGeometry().center()
    return QGuiApplication.screenAt(center) or window.screen() or QGuiApplication.primaryScreen()


def frame_margins(window: QWidget) -> tuple[int, int]:
    """(width, height) the window manager's frame adds: measured once shown, else guessed."""
    if window.isVisible():
        frame, inner = window.frameGeometry(), window.geometry()
        return frame.width() - inner.width(), frame.height() - inner.height()
    title = window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
    border = 2 * window.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
    return border, title + border


def fitted(available: QRect, wanted: QSize, margins: tuple[int, int]) -> QSize:
    """``wanted`` (the window's inside), shrunk so that with its frame it fits."""
    width = min(wanted.width(), available.width() - margins[0])
    height = min(wanted.height(), available.height() - margins[1])
    return QSize(max(width, 200), max(height, 200))


def fit_first_window(window: QWidget) -> None:
    """Size a window that has no remembered geometry to fit, centred in the available area."""
    screen = screen_of(window)
    if screen is None:
        window.resize(PREFERRED)
        return
    available = screen.availableGeometry()
    margins = frame_margins(window)
    size = fitted(available, PREFERRED, margins)
    window.resize(size)
    left = available.left() + (available.width() - size.width() - margins[0]) // 2
    top = available.top() + (available.height() - size.height() - margins[1]) // 2
    window.move(max(left, available.left()), max(top, available.top()))


def keep_on_screen(window: QWidget) -> None:
    """Bring a window (restored, or just shown with its frame) within its screen's
    available area: smaller if it is larger, moved if it sticks out."""
    if window.isMaximized() or window.isFullScreen():
        return
    screen = screen_of(window)
    if screen is None:
        return
    available = screen.availableGeometry()
    margins = frame_margins(window)
    size = fitted(available, window.size(), margins)
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    left = min(max(frame.left(), available.left()), available.right() + 1 - frame.width())
    top = min(max(frame.top(), available.top()), available.bottom() + 1 - frame.height())
    if (left, top) != (frame.left(), frame.top()):
        window.move(max(left, available.left()), max(top, available.top()))
