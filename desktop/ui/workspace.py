"""The open plan in the window: the read-only banner, the formula bar (with Go to), the
find bar, its sheets and its undo stack."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..core.changes import PlanChanges
from ..core.session import PlanSession
from ..core.units import format_value
from . import style
from .banners import ApprovalBanner, sample_banner
from .cell_address import Address
from .edit_commands import EditController
from .find_bar import FindBar, Match
from .formula_bar import FormulaBar
from .plan_tabs import PlanTabs

UNDO_LIMIT = 500


class PlanWorkspace(QWidget):
    """Everything that belongs to one open plan (closed with it)."""

    statusMessage = Signal(str)
    planChanged = Signal(object)  # the PlanChanges of each change
    newPlanRequested = Signal()  # from the sample plan's banner
    findingRequested = Signal(object)  # a Finding the find bar matched: show it

    def __init__(
        self, session: PlanSession, parent: QWidget | None = None, *, preview: bool = False
    ):
        """``preview``: a first look while the plan is opened properly (no read-only
        banner, no checks run, not kept current, the banners' buttons disabled)."""
        super().__init__(parent)
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.controller = EditController(session, self.undo_stack, self.statusMessage.emit)
        self.tabs = PlanTabs(session, self.controller)
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
        self.formula_bar = FormulaBar(session.catalogue, self)
        self.find_bar = FindBar(session, self)
        layout.addWidget(self.banner)
        # in the first look too, so the sheets do not move down when the plan opens
        self.sample_banner = sample_banner(session, self.newPlanRequested.emit, self)
        self.approval_banner = ApprovalBanner(session, self)
        for banner in (self.sample_banner, self.approval_banner):
            if banner is not None:
                layout.addWidget(banner)
                for button in banner.buttons:
                    button.setEnabled(not preview)
        layout.addWidget(self.formula_bar)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.tabs)
        self.banner.setVisible(session.read_only and not preview)
        if preview:
            return
        self.tabs.selectionChanged.connect(self.show_current_cell)
        self.formula_bar.goToRequested.connect(self.go_to_address)
        self.formula_bar.leaveRequested.connect(self.focus_grid)
        self.find_bar.closed.connect(self.focus_grid)
        self.find_bar.matchRequested.connect(self._show_match)
        if session.read_only:
            self.banner.setText(
                f"<b>Read-only.</b> {self._read_only_reason()}: you can "
                "look at everything, but nothing can be changed."
            )
        session.subscribe(self._on_change)
        self.tabs.show_marks(session.findings())

    def _read_only_reason(self) -> str:
        reason = self.session.read_only_reason or "opened read-only"
        return reason[:1].upper() + reason[1:]

    def _on_change(self, changes: PlanChanges) -> None:
        """Refresh what the change touches: the figures of its lines, the marks of the
        findings that came, went or changed, the current cell's description."""
        if changes.lines:
            self.tabs.refresh_lines(set(changes.lines))
        if changes.findings is None or changes.findings:
            self.tabs.show_marks(self.session.findings())
            self.find_bar.forget()
        if changes.lines or changes.findings is None or changes.findings or changes.lock_lost:
            self.show_current_cell()
        self.planChanged.emit(changes)

    # -- the formula bar, go to and find ----------------------------------------------

    def show_current_cell(self) -> None:
        view = self.tabs.current_view()
        if view is None:
            self.formula_bar.show_cell(None, -1, -1)
            return
        index = view.currentIndex()
        self.formula_bar.show_cell(view.sheet_model, index.row(), index.column())

    def focus_grid(self) -> None:
        view = self.tabs.current_view()
        if view is not None:
            view.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_to_address(self, address: Address) -> None:
        """Go to a cell typed in the address box; say so when the line has no such period."""
        if address.line is None:
            return
        view = self.tabs.go_to(address.line, address.period or "")
        if view is None:
            self.formula_bar.show_problem(f"Go to: {address.line} is not on a sheet of this plan")
            return
        index = view.currentIndex()
        landed = view.sheet_model.cell(index.row(), index.column())
        if address.period is not None and landed[1] != address.period:
            label = self.session.round.label(address.period)
            self.statusMessage.emit(
                f"{address.line} has no value for {label}: "
                f"showing {view.sheet_model.address(index.row(), index.column())}"
            )

    def go_to_line(self, line: str) -> None:
        """Show ``line`` in the current column when it has it (a find match)."""
        view = self.tabs.current_view()
        period = ""
        if view is not None and view.currentIndex().isValid():
            period = view.sheet_model.periods[view.currentIndex().column()]
        self.tabs.go_to(line, period)

    def _show_match(self, match: Match) -> None:
        if match.finding is not None:
            self.findingRequested.emit(match.finding)
        elif match.line is not None:
            self.go_to_line(match.line)
        self.find_bar.edit.setFocus(Qt.FocusReason.OtherFocusReason)  # keep typing there

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

    def close_session(self) -> None:
        self.tabs.save_state()
        self.session.unsubscribe(self._on_change)
        self.undo_stack.clear()
        self.session.close()
