"""A dock that folds to its title bar, as a small screen needs.

The findings dock shows its counts in its title ("Findings — 4 warnings"). Folded,
only that title bar stays (the grid gets the room); the arrow at its left, or
Ctrl+F8, unfolds it to the height it had. With no finding standing the dock folds
by itself, and unfolds by itself when findings come (unless the user folded it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

#: QWIDGETSIZE_MAX
UNLIMITED = 16777215
FOLDED_ARROW = "\u25b8"  # ▸
UNFOLDED_ARROW = "\u25be"  # ▾


class TitleBar(QWidget):
    """The dock's title, with fold, float and close buttons."""

    def __init__(self, dock: QDockWidget, fold: Callable[[], None]):
        super().__init__(dock)
        self.fold_button = self._button(UNFOLDED_ARROW, fold)
        self.fold_button.setAccessibleName("Fold or unfold the panel")
        self.label = QLabel(dock.windowTitle())
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        style = self.style()
        float_button = self._button("", lambda: dock.setFloating(not dock.isFloating()))
        float_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarNormalButton))
        float_button.setToolTip("Float or dock the panel")
        close_button = self._button("", dock.close)
        close_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        close_button.setToolTip("Close the panel (F8 shows it again)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 1, 2, 1)
        layout.setSpacing(4)
        layout.addWidget(self.fold_button)
        layout.addWidget(self.label, 1)
        layout.addWidget(float_button)
        layout.addWidget(close_button)
        dock.windowTitleChanged.connect(self.label.setText)

    def _button(self, text: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _=False: slot())
        return button


class DockFold(QObject):
    """Folds ``dock`` (of ``window``) to its title bar and unfolds it again."""

    def __init__(
        self,
        window: QMainWindow,
        dock: QDockWidget,
        is_empty: Callable[[], bool],
        height: int,
    ):
        super().__init__(dock)
        self.window = window
        self.dock = dock
        self.is_empty = is_empty
        self.height = height  # unfolded
        self._folded = False
        self._by_itself = False  # folded because nothing stood, not by the user
        self.title_bar = TitleBar(dock, self.toggle)
        dock.setTitleBarWidget(self.title_bar)
        # The dock's contents go inside a frame that stays shown when they are hidden:
        # a dock whose own widget is hidden shrinks to its title's width.
        self.body = dock.widget()
        self.frame = QWidget(dock)
        frame_layout = QVBoxLayout(self.frame)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        if self.body is not None:
            frame_layout.addWidget(self.body)
        dock.setWidget(self.frame)
        dock.windowTitleChanged.connect(lambda *_: self.follow_contents())

    def folded(self) -> bool:
        return self._folded

    def toggle(self) -> None:
        if self._folded:
            self.unfold()
        else:
            self.fold()

    def fold(self, *, by_itself: bool = False) -> None:
        body = self.body
        if not self._folded and self.dock.height() > self._folded_height():
            self.height = self.dock.height()
        self._folded, self._by_itself = True, by_itself
        if body is not None:
            body.hide()
        self.dock.setMaximumHeight(self._folded_height())
        self.title_bar.fold_button.setText(FOLDED_ARROW)
        self.title_bar.fold_button.setToolTip("Unfold the panel (Ctrl+F8)")

    def unfold(self) -> None:
        body = self.body
        self._folded = self._by_itself = False
        self.dock.setMaximumHeight(UNLIMITED)
        if body is not None:
            body.show()
        self.window.resizeDocks([self.dock], [self.height], Qt.Orientation.Vertical)
        self.title_bar.fold_button.setText(UNFOLDED_ARROW)
        self.title_bar.fold_button.setToolTip("Fold the panel to this bar (Ctrl+F8)")

    def follow_contents(self) -> None:
        """Fold when nothing stands; unfold when something does, unless the user folded."""
        if self.is_empty():
            if not self._folded:
                self.fold(by_itself=True)
        elif self._by_itself or (not self._folded and self.dock.height() < self.height // 2):
            self.unfold()

    def _folded_height(self) -> int:
        return self.title_bar.sizeHint().height() + 2
