"""A widget's listener on a plan session that never calls into a deleted widget."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtWidgets import QWidget

from ..core.changes import PlanChanges
from ..core.session import PlanSession

W = TypeVar("W", bound=QWidget)


class SessionWatch(Generic[W]):
    """Calls ``callback(widget, changes)`` after each change of the watched session.

    The widget is held weakly and checked before each call, so a session that
    outlives the widget never calls into a deleted one. ``attach`` watches a session
    (instead of the one before), ``cancel`` stops watching; destroying the widget
    cancels. ``session`` is the session watched, None when not watching.
    """

    def __init__(
        self,
        widget: W,
        session: PlanSession | None,
        callback: Callable[[W, PlanChanges], None],
    ):
        self._widget = weakref.ref(widget)
        self._callback = callback
        self.session: PlanSession | None = None
        if session is not None:
            self.attach(session)
        # A lambda without the widget: it still runs after the widget's Python side is gone.
        widget.destroyed.connect(lambda *_: self.cancel())

    def attach(self, session: PlanSession) -> None:
        self.cancel()
        self.session = session
        session.subscribe(self)

    def cancel(self) -> None:
        if self.session is not None:
            self.session.unsubscribe(self)  # harmless when the session was closed
            self.session = None

    def listening(self) -> bool:
        """Whether the watched session still reports its changes: False after ``cancel``
        and once the session was closed (closing drops its listeners)."""
        session = self.session
        return session is not None and session.listens(self)

    def __call__(self, changes: PlanChanges) -> None:
        widget = self._widget()
        if widget is None or not shiboken6.isValid(widget):
            self.cancel()
            return
        self._callback(widget, changes)
