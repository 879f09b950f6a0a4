"""Find (Ctrl+F): a line by its code or label, or a finding by its text.

A bar under the formula bar, as in a browser: type words, then Enter (or F3) for
the next match and Shift+Enter (or Shift+F3) for the previous one; each match is
shown (the line's cell, or the finding selected in the findings panel) while the
typing stays in the box. Esc closes the bar and goes back to the grid.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from ..core.checks import Finding
from ..core.session import PlanSession
from . import style


@dataclass(frozen=True)
class Match:
    """A line (``finding`` None) or a finding that matches the words typed."""

    line: str | None
    finding: Finding | None
    text: str  # how the match is named in the bar


def find_matches(session: PlanSession, words: str) -> list[Match]:
    """Lines whose code and label hold every word (in catalogue order), then findings
    whose rule, line and message hold every word (errors first, as listed)."""
    terms = words.casefold().split()
    if not terms:
        return []
    matches = [
        Match(line.code, None, f"line {line.code} {line.label}")
        for line in session.catalogue.lines.values()
        if all(term in f"{line.code} {line.label}".casefold() for term in terms)
    ]
    for item in session.findings():
        haystack = f"{item.rule} {item.line or ''} {item.message}".casefold()
        if all(term in haystack for term in terms):
            matches.append(Match(item.line, item, f"{item.rule} {item.severity}: {item.message}"))
    return matches


class FindBar(QFrame):
    """The find box with previous / next, the match shown, and a close button."""

    matchRequested = Signal(object)  # the Match to show
    closed = Signal()

    def __init__(self, session: PlanSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("findBar")
        self.setStyleSheet("QFrame#findBar { border-bottom: 1px solid #D0D0D0; }")
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find a line by code or label, or a finding by its text")
        self.edit.setAccessibleName("Find")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(320)
        self.edit.installEventFilter(self)
        self.edit.textChanged.connect(self._text_changed)
        self.previous_button = self._button("\u25b2", "Previous match (Shift+F3, Shift+Enter)")
        self.next_button = self._button("\u25bc", "Next match (F3, Enter)")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.result = QLabel(self)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        close = self._button("\u2715", "Close (Esc)")
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(4)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.edit)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.result, 1)
        layout.addWidget(close)
        self._matches: list[Match] = []
        self._position = -1
        self._searched: str | None = None
        self.hide()

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def has_text(self) -> bool:
        return bool(self.edit.text().strip())

    def step(self, direction: int) -> None:
        """Show the next (+1) or previous (-1) match."""
        words = self.edit.text()
        if words != self._searched:  # typed since, or the plan changed: search again
            self._matches = find_matches(self.session, words)
            self._searched = words
            self._position = -1 if direction > 0 else 0
        if not self._matches:
            self._say(f"Nothing matches '{words.strip()}'" if words.strip() else "", error=True)
            return
        self._position = (self._position + direction) % len(self._matches)
        match = self._matches[self._position]
        self._say(f"{self._position + 1} of {len(self._matches)}: {match.text}", error=False)
        self.matchRequested.emit(match)

    def forget(self) -> None:
        """The plan changed: search again at the next step (findings come and go)."""
        self._searched = None

    def _text_changed(self, text: str) -> None:
        self._searched = None
        if not text.strip():
            self._say("", error=False)
            return
        count = len(find_matches(self.session, text))
        if count:
            plural = "es" if count != 1 else ""
            self._say(f"{count} match{plural}: Enter shows the first", error=False)
        else:
            self._say(f"Nothing matches '{text.strip()}'", error=True)

    def _say(self, text: str, error: bool) -> None:
        self.result.setStyleSheet(f"color: {style.ERROR.name()};" if error else "")
        metrics = self.result.fontMetrics()
        self.result.setToolTip(text)
        self.result.setText(
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(self.result.width(), 200))
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.step(-1 if shift else 1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
