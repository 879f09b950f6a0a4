"""The window and the plan's lock: whom to tell, what to offer, and losing the lock.

- A plan held by someone else is offered read-only. A live session of this computer
  (another window) is never taken over: no "Take over" button. Another computer's
  session can be taken over after a warning naming it (it may be a laptop that
  crashed or was switched off with the plan open).
- An editor whose lock was taken over turns read-only at once: ``LockWatch`` checks
  the lock every few seconds, and every write checks it too; a banner names who took
  it over. Everything saved before stays saved (every edit is saved when it is made).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from .. import APP_NAME
from ..core.changes import PlanChanges
from ..core.errors import PlanInUse, describe_holder
from ..core.session import PlanSession

if TYPE_CHECKING:
    from .main_window import MainWindow

READ_ONLY, TAKE_OVER, CANCEL = "read-only", "take over", "cancel"


def ask_in_use(parent: QWidget, exc: PlanInUse) -> str:
    """Held by someone: open read-only (the default), take over (only another computer's
    session, after a second warning naming it), or cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, APP_NAME, str(exc), parent=parent)
    if exc.can_take_over:
        box.setInformativeText(
            "Open it read-only to look at it. Take it over only if that session has ended "
            "without closing the plan (a laptop that crashed or was switched off): every "
            "edit made there is already saved in the file."
        )
    else:
        box.setInformativeText(
            "It is open for editing in another OpPlan Desk window on this computer. Open it "
            "read-only here, or switch to that window to edit it."
        )
    read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    take = None
    if exc.can_take_over:
        take = box.addButton("Take over\u2026", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    clicked = box.clickedButton()
    if clicked is read_only:
        return READ_ONLY
    if take is not None and clicked is take and confirm_take_over(parent, exc):
        return TAKE_OVER
    return CANCEL


def confirm_take_over(parent: QWidget, exc: PlanInUse) -> bool:
    who, machine, since = describe_holder(exc.holder)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        APP_NAME,
        f"Take this plan over from {who} on {machine} (editing it since {since})?",
        parent=parent,
    )
    box.setInformativeText(
        f"If {who} is still working on it, their changes from now on cannot be saved: their "
        "window turns read-only. Everything they saved until now is kept."
    )
    take = box.addButton("Take over", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is take


def banner_text(session: PlanSession) -> str:
    reason = session.read_only_reason or "opened read-only"
    return (
        f"<b>Read-only.</b> This plan was {reason}. Every change made here before that "
        "is saved; nothing more can be changed in this window."
    )


class LockWatch(QObject):
    """Watches the open plan's lock; turns the window read-only the moment it is lost."""

    INTERVAL_MS = 3000

    def __init__(self, window: MainWindow, session: PlanSession):
        super().__init__(window)
        self.window = window
        self.session = session
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        session.subscribe(self._on_change)
        if not session.read_only:
            self.timer.start()

    def check(self) -> None:
        """Check the lock now (the session tells its listeners if it was lost)."""
        if not self.session.read_only:
            self.session.check_lock()

    def _on_change(self, change: PlanChanges) -> None:
        if change.lock_lost:
            self.timer.stop()
            QTimer.singleShot(0, self._show_lost)

    def _show_lost(self) -> None:
        workspace = self.window.workspace
        if workspace is None or workspace.session is not self.session:
            return
        workspace.banner.setText(banner_text(self.session))
        workspace.banner.setVisible(True)
        self.window.refresh_editable()
        self.window.show_message(f"Read-only now: {self.session.read_only_reason}")

    def stop(self) -> None:
        self.timer.stop()
        self.session.unsubscribe(self._on_change)
