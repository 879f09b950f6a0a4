"""A widget's listener on a plan document that never calls into a deleted widget."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtWidgets import QWidget

from ..core.document import ChangeSet, PlanDocument

W = TypeVar("W", bound=QWidget)


class DocumentWatch(Generic[W]):
    """Calls ``callback(widget, change_set)`` after each change of the watched document.

    The widget is held weakly and checked before each call, so a document that
    outlives the widget never calls into a deleted one. ``attach`` watches a document
    (instead of the one before), ``cancel`` stops watching; destroying the widget
    cancels. ``document`` is the document watched, None when not watching.
    """

    def __init__(
        self,
        widget: W,
        document: PlanDocument | None,
        callback: Callable[[W, ChangeSet], None],
    ):
        self._widget = weakref.ref(widget)
        self._callback = callback
        self.document: PlanDocument | None = None
        if document is not None:
            self.attach(document)
        # A lambda without the widget: it still runs after the widget's Python side is gone.
        widget.destroyed.connect(lambda *_: self.cancel())

    def attach(self, document: PlanDocument) -> None:
        self.cancel()
        self.document = document
        document.subscribe(self)

    def cancel(self) -> None:
        if self.document is not None:
            self.document.unsubscribe(self)  # harmless when the document was closed
            self.document = None

    def listening(self) -> bool:
        """Whether the watched document still reports its changes: False after ``cancel``
        and once the document was closed (closing drops its listeners)."""
        document = self.document
        return document is not None and self in document._listeners

    def __call__(self, change_set: ChangeSet) -> None:
        widget = self._widget()
        if widget is None or not shiboken6.isValid(widget):
            self.cancel()
            return
        self._callback(widget, change_set)
