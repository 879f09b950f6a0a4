"""The open plan in the window: its sheets, its undo stack, and the read-only banner."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..core.document import ChangeSet, PlanDocument
from ..core.units import format_value
from . import style
from .banners import ApprovalBanner, sample_banner
from .edit_commands import EditController
from .plan_tabs import PlanTabs

UNDO_LIMIT = 500


class PlanWorkspace(QWidget):
    """Everything that belongs to one open plan (closed with it)."""

    statusMessage = Signal(str)
    planChanged = Signal()
    newPlanRequested = Signal()  # from the sample plan's banner

    def __init__(
        self, document: PlanDocument, parent: QWidget | None = None, *, preview: bool = False
    ):
        """``preview``: a first look while the plan is opened properly (no read-only
        banner, no checks run, not kept current, the banners' buttons disabled)."""
        super().__init__(parent)
        self.document = document
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.controller = EditController(document, self.undo_stack, self.statusMessage.emit)
        self.tabs = PlanTabs(document, self.controller)
        self.tabs.statusMessage.connect(self.statusMessage)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            f"background: {style.READ_ONLY_BANNER.name()}; padding: 6px 10px;"
            "border-bottom: 1px solid #E0B090;"
        )
        layout.addWidget(self.banner)
        self.banner.setVisible(document.read_only and not preview)
        # in the first look too, so the sheets do not move down when the plan opens
        self.sample_banner = sample_banner(document, self.newPlanRequested.emit, self)
        self.approval_banner = ApprovalBanner(document, self)
        for banner in (self.sample_banner, self.approval_banner):
            if banner is not None:
                layout.addWidget(banner)
                for button in banner.buttons:
                    button.setEnabled(not preview)
        layout.addWidget(self.tabs)
        if preview:
            return
        if document.read_only:
            self.banner.setText(
                f"<b>Read-only.</b> {self._read_only_reason()}: you can "
                "look at everything, but nothing can be changed."
            )
        document.subscribe(self._on_change)
        self.tabs.show_marks(document.findings())

    def _read_only_reason(self) -> str:
        reason = self.document.read_only_reason or "opened read-only"
        return reason[:1].upper() + reason[1:]

    def _on_change(self, change: ChangeSet) -> None:
        if change.affected_lines:
            self.tabs.refresh_lines(change.affected_lines)
        self.tabs.show_marks(self.document.findings())
        self.planChanged.emit()

    def selection_summary(self) -> str:
        """Sum, average and count of the selected numbers, as Excel shows them."""
        view = self.tabs.current_view()
        if view is None:
            return ""
        numbers = view.selection_numbers()
        if len(numbers) < 2:
            return ""
        unit = "gbp000"
        total = sum(numbers, Decimal(0))
        average = total / len(numbers)
        return (
            f"Sum: {format_value(total, unit)}    Average: {format_value(average, unit)}"
            f"    Count: {len(numbers):,}"
        )

    def close_document(self) -> None:
        self.tabs.save_state()
        self.document.unsubscribe(self._on_change)
        self.undo_stack.clear()
        self.document.close()
