"""Starting the window as a user does: paint first, then open the plan properly.

Opening a plan properly (SQLAlchemy's import, the lock, the file's checks, the
backup, the review checks, every sheet and the findings) takes longer than the
user should wait for a window. So the window is shown at once with a first,
read-only look at the plan (``PlanSession.preview``: its first sheet painted from
the file with the standard library's sqlite3), and the plan is opened properly
right after that first paint. Nothing can be edited before: the preview is
read-only and every action that needs a plan is disabled until ``planOpened``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .. import APP_NAME

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

#: Open the plan after this long even if the window was never painted (minimised...).
PAINT_WAIT_MS = 1500
#: The exit code when workbooks cannot be read safely (as the command line's).
EXIT_UNSAFE = 2


class AfterFirstPaint(QObject):
    """Calls ``then`` once, as soon as ``widget`` has been painted (or after ``wait_ms``)."""

    def __init__(self, widget: QWidget, then: Callable[[], None], wait_ms: int = PAINT_WAIT_MS):
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(wait_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self, self._fire)  # once this paint is done and shown
        return False

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


class StagedStart(QObject):
    """Shows ``window`` with a preview of the first plan, then opens the plan."""

    def __init__(
        self, window: MainWindow, plan: Path | None, *, read_only: bool, review: bool
    ) -> None:
        super().__init__(window)
        self.window = window
        self.plan = plan
        self.read_only = read_only
        self.review = review

    def begin(self) -> None:
        from ..core.session import PlanSession
        from .app import first_plan

        path = None if self.review else first_plan(self.plan)  # review opens on its dashboard
        preview = PlanSession.preview(path) if path is not None else None
        painted: QWidget = self.window
        if preview is not None:
            view = self.window.show_preview(preview).tabs.current_view()
            if view is not None:
                painted = view.viewport()
        else:
            self.window.statusBar().showMessage("Opening the plan\u2026")
        self.window.show()
        AfterFirstPaint(painted, self.finish)

    def finish(self) -> None:
        """Open the plan properly, then check that workbooks can be read safely."""
        from .app import open_first_plan

        self.window.statusBar().clearMessage()  # "Opening the plan…"
        open_first_plan(self.window, self.plan, read_only=self.read_only, review=self.review)
        QTimer.singleShot(0, self, self.check_xml_guard)

    def check_xml_guard(self) -> None:
        """Refuse to go on where openpyxl would read workbooks without defusedxml (a
        broken installation); exports and imports check it again before each use."""
        from ..core.exchange.safety import xml_guard_problem

        problem = xml_guard_problem()
        if problem:
            log.error("%s", problem)
            QMessageBox.critical(self.window, APP_NAME, problem)
            QApplication.exit(EXIT_UNSAFE)
