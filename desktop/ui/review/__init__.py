"""Review mode: the dashboard, its charts, versions, approval, comparison and the board pack."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtWidgets import QWidget

from ...core.document import ChangeSet, PlanDocument

W = TypeVar("W", bound=QWidget)


class DocumentWatch(Generic[W]):
    """Calls ``callback(widget, change_set)`` after each change of ``document``.

    The widget is held weakly and checked before each call, so a document that
    outlives the widget never calls into a deleted one; ``cancel`` unsubscribes.
    """

    def __init__(
        self,
        widget: W,
        document: PlanDocument,
        callback: Callable[[W, ChangeSet], None],
    ):
        self._widget = weakref.ref(widget)
        self._callback = callback
        self.document: PlanDocument | None = document
        document.subscribe(self)
        widget.destroyed.connect(self.cancel)

    def cancel(self) -> None:
        if self.document is not None:
            self.document.unsubscribe(self)
            self.document = None

    def __call__(self, change_set: ChangeSet) -> None:
        widget = self._widget()
        if widget is None or not shiboken6.isValid(widget):
            self.cancel()
            return
        self._callback(widget, change_set)
