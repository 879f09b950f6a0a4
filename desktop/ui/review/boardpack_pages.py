"""The pages of the board pack: cover, headline figures, charts, findings, changes, approval.

``BoardPackPages`` lays out what ``PackContent`` decided the pack shows as ``Page``s,
measuring with the PDF's own painter. The figures come from the same calculator and
headline code as the dashboard; the charts are painted by ``paint_chart``, as on screen.
"""

from __future__ import annotations

import datetime as dt
import functools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPen

from ...core.review.compare import CellDiff
from ...core.review.headlines import Headline, headlines
from ...core.review.pack_content import (
    PackContent,
    ShownFinding,
    approval_intro,
    approval_record,
    approval_status,
    change_summary,
    cover_facts,
    findings_summary,
    largest_changes,
    no_previous,
    pack_title,
    recommendation,
    shown_findings,
)
from ...core.review.series import Chart, charts
from ...core.snapshot import PlanSnapshot
from .chart_painter import paint_chart
from .compare_dialog import finding_text, format_cell, format_difference
from .dashboard import STATUS_COLOURS, STATUS_WORDS
from .pdf_page import MUTED, NAVY, RULE, Page, Pdf, mm
from .pdf_table import Column, Row, Table, table_pages

SEVERITY_COLOURS = {"error": STATUS_COLOURS["red"], "warning": STATUS_COLOURS["amber"]}
CHARTS_PER_PAGE = 4
UNIT_NAMES = {"gbp000": "£000", "count": "number", "wte": "WTE", "pct": "%", "yn": "Y/N"}


class BoardPackPages:
    """Builds the pages of a pack, measuring with the PDF's own painter."""

    def __init__(self, pdf: Pdf, snapshot: PlanSnapshot, content: PackContent, today: dt.date):
        self.pdf, self.snapshot, self.content, self.today = pdf, snapshot, content, today
        self.pages: list[Page] = []
        self.body_font = pdf.font(10)

    def build(self) -> list[Page]:
        self.pages.append(Page("Cover", "", self._cover, plain=True))
        for year in self.snapshot.round.years:
            self._headlines(year.code, year.label)
        for year in self.snapshot.round.years:
            self._charts(charts(self.content.snapshot, year.code), year.label)
        self._findings()
        self._changes()
        self.pages.append(Page("Approval", "Approval", self._approval_page))
        return self.pages

    # -- sections ------------------------------------------------------------------------

    def _headlines(self, year: str, year_label: str) -> None:
        items = headlines(self.content.snapshot, self.content.headline_findings(), year)
        rows: list[Row] = []
        section = None
        for item in items:
            if item.section != section:
                section = item.section
                rows.append(Row((section,), group=True))
            rows.append(_headline_row(item))
        columns = [
            Column("Status", 0.11),
            Column("Headline", 0.30),
            Column("Figure", 0.15, Qt.AlignmentFlag.AlignRight),
            Column("Compared with", 0.44),
        ]
        table = Table(self.pdf, columns, rows, points=10)
        subtitle = (
            f"Plan year {year_label}. Status from the regional review checks about each "
            "figure: red where an error stands, amber for a warning (the finding is "
            "named), green when none, grey when the figures are not all entered."
        )
        self._add_table("Headline figures", f"Headline figures {year_label}", subtitle, table)

    def _charts(self, chart_list: list[Chart], year_label: str) -> None:
        for start in range(0, len(chart_list), CHARTS_PER_PAGE):
            group = chart_list[start : start + CHARTS_PER_PAGE]
            title = f"Charts {year_label}" + (" (continued)" if start else "")
            self.pages.append(Page("Charts", title, functools.partial(_chart_grid, group=group)))

    def _findings(self) -> None:
        rows = [_finding_row(f) for f in shown_findings(self.snapshot, self.content)]
        subtitle = findings_summary(self.content)
        if not rows:
            self._say_page(
                "Findings",
                "Findings and commentary",
                "No finding stands: every check passes.",
                subtitle,
            )
            return
        columns = [
            Column("Severity", 0.10),
            Column("Check", 0.06),
            Column("Line", 0.10),
            Column("Period", 0.08),
            Column("Finding", 0.36),
            Column("Commentary", 0.30),
        ]
        table = Table(self.pdf, columns, rows)
        self._add_table("Findings", "Findings and commentary", subtitle, table)

    def _changes(self) -> None:
        comparison = self.content.previous
        if comparison is None:
            title = "Changes since the previous version"
            self._say_page("Changes", title, no_previous(self.content))
            return
        rows = [self._change_row(d) for d in largest_changes(comparison.cells)]
        if not rows:
            rows.append(Row(("No figure changed.",), span=True))
        for name, found in (("appeared", comparison.appeared), ("cleared", comparison.cleared)):
            rows.append(Row((f"Findings that {name} ({len(found)})",), group=True))
            rows += [Row((finding_text(f, self.snapshot.round),), span=True) for f in found]
            if not found:
                rows.append(Row(("None.",), span=True, muted=frozenset({0})))
        right = Qt.AlignmentFlag.AlignRight
        columns = [
            Column("Template", 0.08),
            Column("Line", 0.10),
            Column("Label", 0.38),
            Column("Period", 0.08),
            Column(comparison.left, 0.12, right),
            Column(comparison.right, 0.12, right),
            Column("Difference", 0.12, right),
        ]
        title = f"Changes since {self.content.previous_label}"
        table = Table(self.pdf, columns, rows)
        self._add_table("Changes", title, change_summary(comparison), table)

    def _change_row(self, diff: CellDiff) -> Row:
        snapshot = self.snapshot
        line = snapshot.catalogue.lines.get(diff.line)
        unit = UNIT_NAMES.get(line.unit, "") if line else ""
        return Row(
            (
                diff.template,
                diff.line,
                f"{diff.label} ({unit})" if unit else diff.label,
                diff.period_label,
                format_cell(snapshot, diff.line, diff.old),
                format_cell(snapshot, diff.line, diff.new),
                format_difference(snapshot, diff),
            )
        )

    def _add_table(self, section: str, title: str, subtitle: str, table: Table) -> None:
        self.pages += table_pages(section, title, subtitle, table)

    def _say_page(self, section: str, title: str, text: str, subtitle: str = "") -> None:
        """A page that says one thing in place of a table."""

        def draw(pdf: Pdf, top: float) -> None:
            box = QRectF(pdf.content.left(), top, pdf.content.width(), mm(40))
            pdf.text(box, text, self.body_font)

        self.pages.append(Page(section, title, draw, subtitle))

    # -- cover and approval ---------------------------------------------------------------

    def _cover(self, pdf: Pdf, top: float) -> None:
        info, content = self.snapshot.info, self.content
        left, width = pdf.content.left(), pdf.content.width()
        y = pdf.content.top() + mm(6)
        pdf.painter.fillRect(QRectF(left, y, mm(3), mm(26)), NAVY)
        y += pdf.text(
            QRectF(left + mm(7), y, width * 0.9, mm(30)),
            info.org_name,
            pdf.font(26, bold=True),
            NAVY,
        )
        y += mm(2)
        round_line = f"Operational plan {self.snapshot.round.name}"
        y += pdf.text(QRectF(left + mm(7), y, width, mm(20)), round_line, pdf.font(17))
        y += mm(1)
        y += pdf.text(
            QRectF(left + mm(7), y, width, mm(12)),
            f"{pack_title(self.snapshot)}: review and approval",
            pdf.font(12),
            MUTED,
        )
        y += mm(10)
        label_font, value_font = pdf.font(10, bold=True), pdf.font(10)
        half = width * 0.55
        for label, value in cover_facts(self.snapshot, content, self.today):
            pdf.text(QRectF(left + mm(7), y, mm(34), mm(10)), label, label_font, MUTED)
            box = QRectF(left + mm(42), y, half - mm(42), mm(20))
            used = pdf.text(box, value, value_font, anywhere=label == "Content hash")
            y += max(used, mm(4.2))
            y += mm(2)
        y += mm(6)
        y = self._approval_block(QRectF(left + mm(7), y, half - mm(7), mm(48))) + mm(8)
        if not content.approved:
            pdf.text(
                QRectF(left + mm(7), y, half - mm(7), mm(40)),
                recommendation(self.snapshot),
                pdf.font(10),
            )
        self._contents(
            QRectF(left + half + mm(14), pdf.content.top() + mm(62), width - half - mm(14), mm(100))
        )

    def _contents(self, rect: QRectF) -> None:
        pdf = self.pdf
        y = rect.top() + pdf.text(rect, "Contents", pdf.font(12, bold=True), NAVY) + mm(3)
        seen: dict[str, int] = {}
        for number, page in enumerate(self.pages, start=1):
            if not page.plain and page.section not in seen:
                seen[page.section] = number
        font = pdf.font(10)
        for section, number in seen.items():
            row = QRectF(rect.left(), y, rect.width(), mm(6))
            pdf.text(row, section, font)
            pdf.text(row, str(number), font, MUTED, Qt.AlignmentFlag.AlignRight)
            pdf.painter.setPen(QPen(RULE, mm(0.12), Qt.PenStyle.DotLine))
            pdf.painter.drawLine(
                QPointF(rect.left(), y + mm(5.4)), QPointF(rect.right(), y + mm(5.4))
            )
            y += mm(7)

    def _approval_block(self, rect: QRectF) -> float:
        pdf = self.pdf
        heading, lines = approval_status(self.content)
        colour = QColor(STATUS_COLOURS["green" if self.content.approved else "red"])
        inner = rect.adjusted(mm(5), mm(3.5), -mm(4), 0)
        y = inner.top()
        y += pdf.text(
            QRectF(inner.left(), y, inner.width(), mm(10)), heading, pdf.font(13, bold=True), colour
        )
        y += mm(1.5)
        for line in lines:
            y += pdf.text(QRectF(inner.left(), y, inner.width(), mm(30)), line, pdf.font(10)) + mm(
                1.5
            )
        box = QRectF(rect.left(), rect.top(), rect.width(), y - rect.top() + mm(2.5))
        pdf.painter.fillRect(QRectF(box.left(), box.top(), mm(1.6), box.height()), colour)
        pdf.painter.setPen(QPen(RULE, mm(0.2)))
        pdf.painter.setBrush(Qt.BrushStyle.NoBrush)
        pdf.painter.drawRect(box)
        return box.bottom()

    def _approval_page(self, pdf: Pdf, top: float) -> None:
        left, width = pdf.content.left(), pdf.content.width() * 0.7
        y = self._approval_block(QRectF(left, top, width, mm(40))) + mm(8)
        intro = approval_intro(self.content)
        y += pdf.text(QRectF(left, y, width, mm(40)), intro, self.body_font) + mm(8)
        heading, record = approval_record(self.snapshot, self.content)
        y += pdf.text(QRectF(left, y, width, mm(10)), heading, pdf.font(11, bold=True), NAVY)
        y += mm(4)
        for name, value in record:
            pdf.text(QRectF(left, y, mm(45), mm(8)), name, pdf.font(10), MUTED)
            pdf.text(QRectF(left + mm(48), y, width - mm(48), mm(8)), value, pdf.font(10))
            pdf.painter.setPen(QPen(RULE, mm(0.25)))
            pdf.painter.drawLine(
                QPointF(left + mm(48), y + mm(5.5)), QPointF(left + width, y + mm(5.5))
            )
            y += mm(11)


def _headline_row(item: Headline) -> Row:
    """A headline: its status (naming the check whose finding sets it), title, figure,
    and what it is compared with, followed by that finding."""
    colour = STATUS_COLOURS.get(item.status, STATUS_COLOURS["grey"])
    status = STATUS_WORDS.get(item.status, item.status)
    detail = item.detail
    if item.finding is not None:
        status = f"{status} ({item.finding.rule})"
        detail = f"{detail}\n{item.finding_text}"
    return Row(
        (status, item.title, item.value, detail),
        marker=colour,
        bold=frozenset({2}),
        muted=frozenset({2}) if item.status == "grey" else frozenset(),
    )


def _finding_row(finding: ShownFinding) -> Row:
    return Row(
        (
            finding.severity.capitalize(),
            finding.rule,
            finding.line,
            finding.period,
            finding.message,
            finding.commentary or "No commentary yet",
        ),
        marker=SEVERITY_COLOURS.get(finding.severity, STATUS_COLOURS["grey"]),
        muted=frozenset() if finding.commentary else frozenset({5}),
    )


def _chart_grid(pdf: Pdf, top: float, *, group: list[Chart]) -> None:
    content = pdf.content
    gap = mm(8)
    rows = 1 if len(group) <= 2 else 2
    width = (content.width() - gap) / 2
    height = (content.bottom() - top - gap * (rows - 1)) / rows
    if rows == 1:
        height = min(height, (content.bottom() - top - gap) / 2 * 1.25)
    for i, chart in enumerate(group):
        x = content.left() + (i % 2) * (width + gap)
        y = top + (i // 2) * (height + gap)
        box = QRectF(x, y, width, height)
        pdf.painter.setPen(QPen(RULE, mm(0.2)))
        pdf.painter.drawRect(box)
        pdf.painter.setFont(pdf.font(9))
        paint_chart(pdf.painter, box.adjusted(mm(1.5), mm(1.5), -mm(1.5), -mm(1.5)), chart)
