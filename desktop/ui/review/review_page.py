"""Review mode: the dashboard with the versions panel beside it (View > Review)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ...core.session import PlanSession
from .dashboard import DashboardWidget
from .versions_panel import VersionsPanel


class ReviewPage(QWidget):
    """What a board member sees: the plan at a glance, its versions and their approval."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.dashboard = DashboardWidget(session)
        self.versions = VersionsPanel(session)
        self.versions.setMinimumWidth(300)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.dashboard)
        self.splitter.addWidget(self.versions)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([1000, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def refresh(self) -> None:
        self.dashboard.refresh()
        self.versions.refresh()
