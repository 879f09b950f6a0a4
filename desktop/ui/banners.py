"""Strips above the sheets that say something about the whole plan, each with the
action that answers it: a sample plan (New plan…), a working copy that is no longer
the approved plan, figures that may be out of date (Reload)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ..core.review.approval_state import approval_status
from .session_watch import SessionWatch

if TYPE_CHECKING:
    from ..core.changes import PlanChanges
from ..core.session import PlanSession

#: background, border
TONES = {
    "info": ("#DDEBF7", "#9DC3E6"),
    "warning": ("#FFF2CC", "#E6C35C"),
    "alert": ("#F8CBAD", "#C55A11"),
}


class Banner(QFrame):
    """A sentence (rich text) and, where there are any, buttons that act on it."""

    def __init__(
        self,
        text: str,
        tone: str = "info",
        actions: Sequence[tuple[str, Callable[[], object]]] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        background, border = TONES[tone]
        self.setObjectName("banner")
        self.setStyleSheet(
            f"QFrame#banner {{ background: {background}; border-bottom: 1px solid {border}; }}"
        )
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 8, 4)
        layout.addWidget(self.label, 1)
        self.buttons: list[QPushButton] = []
        for caption, slot in actions:
            button = QPushButton(caption)
            button.clicked.connect(lambda _=False, run=slot: run())
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            self.buttons.append(button)

    def text(self) -> str:
        return self.label.text()

    def set_text(self, text: str) -> None:
        self.label.setText(text)


def sample_banner(
    session: PlanSession, new_plan: Callable[[], object], parent: QWidget | None = None
) -> Banner | None:
    """For the working copy of a bundled sample plan: say so, and offer New plan…"""
    from ..core.samples import sample_of

    item = sample_of(session.path)
    if item is None:
        return None
    return Banner(
        f"<b>This is a sample plan</b> ({item.org_name}, a made-up organisation) to try "
        "OpPlan Desk on. Your changes stay in this copy. To prepare your organisation's "
        "plan, start a new plan.",
        "info",
        [("New plan\u2026", new_plan)],
        parent,
    )


class ApprovalBanner(Banner):
    """Shown while the working copy has changed since a version was approved."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None):
        super().__init__("", "alert", parent=parent)
        self.session = session
        self._watch = SessionWatch(self, session, ApprovalBanner._changed)
        self.refresh()

    def _changed(self, changes: PlanChanges) -> None:
        # what the approval is tied to: the figures and commentary (the content hash)
        if changes.cells or changes.commentary or changes.versions or changes.approvals:
            self.refresh()

    def refresh(self) -> None:
        changed = False
        snapshot = self.session.snapshot()
        if snapshot.approvals:  # no approval: nothing to compare (and no hash)
            kind, sentence = approval_status(snapshot)
            changed = kind == "changed"
            if changed:
                self.set_text(
                    f"<b>Not the approved plan.</b> {sentence}. Submit it as a new version "
                    "and record its approval again (View &gt; Review)."
                )
        self.setVisible(changed)
