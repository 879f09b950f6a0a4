"""A plan open read-only follows what its holder saves.

Every ``POLL_MS`` the plan file is looked at (``core.store.watch``: a stat and a
100-byte read, nothing more when nothing changed). When the holder has committed
something, the plan is read again and every grid, the findings and the review
refresh from the session's change set. When it cannot be read again (a write left
unfinished, the file replaced, moved or unreadable), a banner says the figures may
be out of date and offers Reload.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.errors import UserError
from ..core.store.lock import read_holder
from ..core.store.watch import Change, FileWatch
from .banners import Banner

if TYPE_CHECKING:
    from ..core.session import PlanSession

log = logging.getLogger(__name__)

POLL_MS = 1500
#: Polls of a file still being written before the figures are said to be out of date.
BUSY_POLLS = 4

WHY = {
    Change.REPLACED: "another file has been put in its place",
    Change.GONE: "the file has been moved, renamed or deleted",
    Change.BUSY: "a change to it has not been finished",
}


class FileFollower(QObject):
    """Keeps ``session`` (open read-only) current with its file; ``banner`` says when
    it cannot, and its Reload button emits ``reloadRequested``."""

    reloadRequested = Signal()
    statusMessage = Signal(str)

    def __init__(self, session: PlanSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.watch = FileWatch(session.path)
        self.banner = Banner("", "alert", [("Reload", self.reloadRequested.emit)])
        self.banner.hide()
        self._busy = 0
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def out_of_date(self) -> bool:
        return not self.banner.isHidden()

    def poll(self) -> None:
        change = self.watch.check()
        if change is Change.NONE:
            self._busy = 0
            return
        if change is Change.BUSY:
            self._busy += 1
            if self._busy >= BUSY_POLLS:
                self._say_out_of_date(WHY[change])
            return
        if change in (Change.REPLACED, Change.GONE):
            self.stop()  # the open connection is on the old file: only a reload helps
            self._say_out_of_date(WHY[change])
            return
        try:
            changes = self.session.reload()
        except UserError as exc:
            log.warning("%s: not read again: %s", self.session.path, exc)
            self._say_out_of_date(str(exc))
            return
        self.watch.caught_up()
        self._busy = 0
        self.banner.hide()
        if changes:
            holder = read_holder(self.session.path) or {}
            who = f" by {holder['user']}" if holder.get("user") else ""
            what = f"{changes.count:,} cell(s)" if changes.count else "the plan's state"
            self.statusMessage.emit(f"Updated: {what} changed{who} since shown")

    def _say_out_of_date(self, why: str) -> None:
        self.banner.set_text(
            f"<b>The figures shown may be out of date:</b> {html.escape(why)}. "
            "Reload to see the plan as it is now."
        )
        self.banner.show()
