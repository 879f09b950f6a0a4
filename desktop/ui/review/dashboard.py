"""The review dashboard: the plan's headline figures with their status, then its charts.

Read-only by construction: nothing on it edits the plan. It listens to its
session and refreshes after every change (a refresh re-reads a dozen headline
figures and the chart series from the calculator, and updates the widgets in place).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import PlanChanges
from ...core.review.approval_state import approval_status
from ...core.review.headlines import Headline, headlines
from ...core.review.series import charts
from ...core.session import PlanSession
from ..session_watch import SessionWatch
from .chart_widget import ChartWidget

STATUS_COLOURS = {"green": "#548235", "amber": "#E69500", "red": "#C00000", "grey": "#A6A6A6"}
STATUS_WORDS = {"green": "OK", "amber": "Warning", "red": "Error", "grey": "Incomplete"}
TILE_COLUMNS = 4
FINDING_CHARS = 85  # a tile shows the start of its finding's message; the tooltip all of it
CHART_COLUMNS = 2
VALUE_STYLE = "font-size: 20pt; font-weight: bold; color: #1F1F1F;"
GREY_VALUE_STYLE = "font-size: 14pt; font-style: italic; color: #8C8C8C;"
APPROVED_STYLE = "background: #E2EFDA; color: #375623; padding: 6px 8px; border-radius: 3px;"
CHANGED_STYLE = "background: #C00000; color: white; font-weight: bold; padding: 6px 8px;"
NONE_STYLE = "background: #F2F2F2; color: #404040; padding: 6px 8px; border-radius: 3px;"

__all__ = ["DashboardWidget", "HeadlineTile", "approval_status"]


class HeadlineTile(QFrame):
    """One headline: status marker and word, title, the figure (large) and its detail."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tile")
        self.marker = QLabel()
        self.marker.setFixedSize(12, 12)
        self.status_label = QLabel()
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("color: #262626; font-weight: 600;")
        self.value_label = QLabel()
        self.value_label.setStyleSheet(VALUE_STYLE)
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setStyleSheet("color: #595959;")
        self.finding_label = QLabel()  # the finding the status shows, named
        self.finding_label.setWordWrap(True)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.marker, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.status_label)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.finding_label)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.headline: Headline | None = None

    def show_headline(self, item: Headline) -> None:
        if item == self.headline:
            return
        self.headline = item
        colour = STATUS_COLOURS.get(item.status, STATUS_COLOURS["grey"])
        self.setStyleSheet(
            f"QFrame#tile {{ background: white; border: 1px solid #D9D9D9; "
            f"border-left: 5px solid {colour}; }}"
        )
        self.marker.setStyleSheet(f"background: {colour}; border-radius: 6px;")
        self.status_label.setText(STATUS_WORDS.get(item.status, item.status))
        self.status_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.title_label.setText(item.title)
        self.value_label.setText(item.value)
        self.value_label.setStyleSheet(GREY_VALUE_STYLE if item.status == "grey" else VALUE_STYLE)
        self.detail_label.setText(item.detail)
        finding = item.finding_text
        self.finding_label.setText(item.finding_summary(FINDING_CHARS))
        self.finding_label.setStyleSheet(f"color: {colour}; font-size: 8pt;")
        self.finding_label.setVisible(bool(finding))
        checks = f"Checks about this figure: {', '.join(item.rules)}" if item.rules else ""
        self.setToolTip("\n".join(t for t in (checks, finding) if t))
        self.setAccessibleName(
            f"{item.title}: {item.value} ({STATUS_WORDS.get(item.status)})"
            + (f". {finding}" if finding else "")
        )


class DashboardWidget(QWidget):
    """The headline tiles by section and the charts of a plan; follows its session."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._tiles: dict[str, HeadlineTile] = {}
        self._charts: dict[str, ChartWidget] = {}
        self._layout_keys: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

        self.org_label = QLabel()
        self.org_label.setStyleSheet("font-size: 15pt; font-weight: bold; color: #1F3864;")
        self.round_label = QLabel()
        self.round_label.setStyleSheet("color: #404040;")
        self.approval_label = QLabel()
        self.approval_label.setWordWrap(True)
        self.year_combo = QComboBox()
        for year in session.round.years:
            self.year_combo.addItem(year.label, year.code)
        self.year_combo.setVisible(len(session.round.years) > 1)
        self.year_combo.setToolTip("The plan year the figures and charts are for")
        self.year_combo.currentIndexChanged.connect(self.refresh)

        heading = QHBoxLayout()
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.org_label)
        names.addWidget(self.round_label)
        heading.addLayout(names, 1)
        self.year_label = QLabel("Plan &year")
        self.year_label.setBuddy(self.year_combo)
        self.year_label.setVisible(len(session.round.years) > 1)
        heading.addWidget(self.year_label, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.year_combo, 0, Qt.AlignmentFlag.AlignTop)

        self.body = QWidget()
        self.body.setObjectName("dashboardBody")
        self.body.setStyleSheet("QWidget#dashboardBody { background: #F7F7F7; }")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(8, 8, 8, 8)
        self.body_layout.setSpacing(8)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(heading)
        layout.addWidget(self.approval_label)
        layout.addWidget(self.scroll_area, 1)

        self._watch = SessionWatch(self, session, DashboardWidget._session_changed)
        self.refresh()

    # -- reading -----------------------------------------------------------------------

    @property
    def year(self) -> str:
        return self.year_combo.currentData() or self.session.round.years[0].code

    def tile(self, key: str) -> HeadlineTile:
        return self._tiles[key]

    def tiles(self) -> dict[str, HeadlineTile]:
        return dict(self._tiles)

    def chart_widgets(self) -> list[ChartWidget]:
        return list(self._charts.values())

    # -- refreshing --------------------------------------------------------------------

    def _session_changed(self, changes: PlanChanges) -> None:
        """The figures and tiles when figures or findings changed; the heading (stage,
        read-only, approval) when only where the plan stands did."""
        if changes.lines or changes.findings is None or changes.findings:
            self.refresh()
        elif (
            changes.stage
            or changes.versions
            or changes.approvals
            or changes.commentary
            or changes.lock_lost
        ):
            self._show_heading()

    def _show_heading(self) -> None:
        session = self.session
        snapshot = session.snapshot()
        self.org_label.setText(f"{snapshot.info.org_name} ({snapshot.info.org_code})")
        tail = " · read-only" if session.read_only else ""
        self.round_label.setText(
            f"Operational plan {snapshot.round.name} · working copy at {snapshot.stage.label}{tail}"
        )
        kind, text = approval_status(snapshot)
        self.approval_label.setText(text)
        self.approval_label.setProperty("status", kind)
        self.approval_label.setStyleSheet(
            {"approved": APPROVED_STYLE, "changed": CHANGED_STYLE}.get(kind, NONE_STYLE)
        )

    def refresh(self) -> None:
        self._show_heading()
        session = self.session
        findings = session.findings()
        snapshot = session.snapshot()
        items = headlines(snapshot, findings, self.year)
        chart_list = charts(snapshot, self.year)
        keys = (tuple(h.key for h in items), tuple(c.key for c in chart_list))
        if keys != self._layout_keys:
            self._rebuild(items, [c.key for c in chart_list])
            self._layout_keys = keys
        for item in items:
            self._tiles[item.key].show_headline(item)
        for chart in chart_list:
            self._charts[chart.key].set_chart(chart)

    def _rebuild(self, items: list[Headline], chart_keys: list[str]) -> None:
        while self.body_layout.count():
            child = self.body_layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self._tiles.clear()
        self._charts.clear()
        sections: dict[str, list[Headline]] = {}
        for item in items:
            sections.setdefault(item.section, []).append(item)
        for section, members in sections.items():
            self.body_layout.addWidget(_section_label(section))
            grid_host = QWidget()
            grid = QGridLayout(grid_host)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setSpacing(8)
            for i, item in enumerate(members):
                tile = HeadlineTile()
                self._tiles[item.key] = tile
                grid.addWidget(tile, i // TILE_COLUMNS, i % TILE_COLUMNS)
            for column in range(TILE_COLUMNS):
                grid.setColumnStretch(column, 1)
            self.body_layout.addWidget(grid_host)
        if chart_keys:
            self.body_layout.addWidget(_section_label("Charts"))
            grid_host = QWidget()
            grid = QGridLayout(grid_host)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setSpacing(8)
            for i, key in enumerate(chart_keys):
                widget = ChartWidget()
                widget.setMinimumHeight(260)
                self._charts[key] = widget
                grid.addWidget(widget, i // CHART_COLUMNS, i % CHART_COLUMNS)
            for column in range(CHART_COLUMNS):
                grid.setColumnStretch(column, 1)
            self.body_layout.addWidget(grid_host)
        self.body_layout.addStretch(1)


def _section_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(
        "font-size: 11pt; font-weight: bold; color: #1F3864; "
        "border-bottom: 1px solid #BFBFBF; padding: 4px 0 2px 0;"
    )
    return label
