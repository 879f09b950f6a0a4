"""The board pack: an A4 landscape PDF a trust board or governing body reads and approves.

Pages: a cover (organisation, round, version, date, approval, contents), the
headline figures with their status, the charts (painted by ``paint_chart``, as on
screen), the findings with their commentary, the changes since the previous
version, and the approval block. Every page carries "Page n of N" and a footer
naming the organisation, the version and its content hash; a light diagonal
DRAFT runs across every page unless what the pack shows is the approved version.

The figures come from the same calculator and headline code as the dashboard.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)

from ...core.checks import Finding
from ...core.document import PlanDocument
from ...core.errors import PlanStorageError
from ...core.plan import Plan
from ...core.review.compare import CellDiff, Comparison, compare
from ...core.review.headlines import Headline, headlines
from ...core.review.series import Chart, charts
from ...core.review.versions import Approval, Version
from ...core.units import from_stored
from .chart_painter import paint_chart
from .compare_dialog import finding_text, format_cell, format_difference
from .dashboard import STATUS_COLOURS, STATUS_WORDS

DPI = 300
FAMILIES = ("DejaVu Sans", "Segoe UI", "Arial", "Liberation Sans", "Helvetica")
NAVY, INK, MUTED, RULE = QColor("#1F3864"), QColor("#1F1F1F"), QColor("#595959"), QColor("#BFBFBF")
SEVERITY_COLOURS = {"error": STATUS_COLOURS["red"], "warning": STATUS_COLOURS["amber"]}
CHARTS_PER_PAGE = 4
LARGEST_CHANGES = 25
UNIT_NAMES = {"gbp000": "£000", "count": "number", "wte": "WTE", "pct": "%", "yn": "Y/N"}

_app: QGuiApplication | None = None


def mm(value: float) -> float:
    return value * DPI / 25.4


# -- what the pack shows -------------------------------------------------------------------


@dataclass
class Subject:
    """The figures the pack shows (the working copy or a submitted version) and their story."""

    label: str  # Draft 1, or Working copy
    description: str  # one line for the cover
    content_hash: str
    plan: Plan
    findings: list[dict]
    version: Version | None
    approval: tuple[Version, Approval] | None
    previous: Comparison | None
    previous_label: str | None
    other_approval: str | None = None  # an approval of something else, for the record
    counts: dict[str, int] = field(default_factory=dict)

    def headline_findings(self) -> list[Finding]:
        return [
            Finding(f["rule"], f["severity"], f["template"], f["line"], f["period"], f["message"])
            for f in self.findings
        ]


def _version_plan(document: PlanDocument, version: Version) -> Plan:
    values = {}
    for (code, period), text in version.cells.items():
        line = document.catalogue.lines.get(code)
        if line is not None:
            values[(code, period)] = from_stored(text, line.unit)
    return Plan(document.catalogue, values)


def _subject(document: PlanDocument, ref: str | None) -> Subject:
    versions = document.versions()
    working = document.working_hash()
    version = document.resolve_version(ref) if ref else None
    if version is None:
        same = [v for v in versions if v.content_hash == working]
        version_like = same[-1] if same else None
    else:
        version_like = version
    if version is not None:
        plan, findings = _version_plan(document, version), list(version.findings)
        content_hash = version.content_hash
        approval = document.approval_of(version)
        approved = (version, approval) if approval else None
    else:
        plan = document.plan
        findings = document.findings_as_dicts([f for f in document.findings() if f.rule != "G05"])
        content_hash = working
        approved = document.working_approval()
    if version_like is not None:
        label = version_like.label
        description = (
            f"{version_like.label}, submitted {version_like.created_at[:10]} "
            f"by {version_like.created_by}"
        )
        index = [v.id for v in versions].index(version_like.id)
        before = versions[index - 1] if index > 0 else None
        right = str(version_like.id)
    else:
        label = "Working copy"
        stage = document.stage().label
        latest = versions[-1] if versions else None
        description = f"The working copy at {stage}, not submitted" + (
            f" (changed since {latest.label})" if latest else ""
        )
        before = latest
        right = "working"
    previous = None
    if before is not None:
        previous = compare(
            document.catalogue, document.snapshot(str(before.id)), document.snapshot(right)
        )
    other = None
    if approved is None and document.approvals():
        last = document.approvals()[-1]
        names = {v.id: v.label for v in versions}
        other = last.describe(names.get(last.version_id, "another version"))
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in ("error", "warning")}
    return Subject(
        label,
        description,
        content_hash,
        plan,
        findings,
        version_like,
        approved,
        previous,
        before.label if before else None,
        other,
        counts,
    )


# -- drawing primitives ------------------------------------------------------------------


class Pdf:
    """The painter on the PDF, its fonts and the page geometry (device pixels, 300 dpi)."""

    def __init__(self, painter: QPainter, family: str, width: float, height: float):
        self.painter = painter
        self.family = family
        self.page = QRectF(0, 0, width, height)
        self.content = QRectF(mm(15), mm(22), width - mm(30), height - mm(22) - mm(18))

    def font(self, points: float, *, bold: bool = False, italic: bool = False) -> QFont:
        font = QFont(self.family)
        font.setFeature(QFont.Tag("liga"), 0)  # "fi" stays two letters: the text is searchable
        font.setPointSizeF(points)
        font.setBold(bold)
        font.setItalic(italic)
        return font

    def text_height(self, text: str, width: float, font: QFont) -> float:
        self.painter.setFont(font)
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        return self.painter.boundingRect(QRectF(0, 0, width, 1e7), flags, text).height()

    def text(
        self,
        rect: QRectF,
        text: str,
        font: QFont,
        colour: QColor = INK,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        *,
        anywhere: bool = False,
    ) -> float:
        """Draw wrapped ``text`` at the top of ``rect``; returns the height used."""
        self.painter.setFont(font)
        self.painter.setPen(colour)
        wrap = Qt.TextFlag.TextWrapAnywhere if anywhere else Qt.TextFlag.TextWordWrap
        flags = wrap | align | Qt.AlignmentFlag.AlignTop
        used = self.painter.boundingRect(rect, flags, text)
        self.painter.drawText(rect, flags, text)
        return used.height()

    def dot(self, centre: QPointF, colour: QColor | str, diameter: float = mm(2.8)) -> None:
        self.painter.setPen(Qt.PenStyle.NoPen)
        self.painter.setBrush(QColor(colour))
        self.painter.drawEllipse(centre, diameter / 2, diameter / 2)
        self.painter.setBrush(Qt.BrushStyle.NoBrush)


@dataclass(frozen=True)
class Column:
    title: str
    share: float
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    group: bool = False  # a section heading across the table
    span: bool = False  # one plain text across the table
    marker: str | None = None  # a status colour: a dot before the first cell
    bold: frozenset[int] = frozenset()
    muted: frozenset[int] = frozenset()


class Table:
    """A table with wrapping cells, split across pages with its header repeated."""

    PAD_X, PAD_Y = mm(1.6), mm(1.1)

    def __init__(self, pdf: Pdf, columns: list[Column], rows: list[Row], points: float = 9):
        self.pdf, self.columns, self.rows = pdf, columns, rows
        self.body = pdf.font(points)
        self.strong = pdf.font(points, bold=True)
        self.faint = pdf.font(points, italic=True)
        self.width = pdf.content.width()
        total = sum(c.share for c in columns)
        self.widths = [self.width * c.share / total for c in columns]

    def _cell_font(self, row: Row, column: int) -> QFont:
        if row.group or column in row.bold:
            return self.strong
        return self.faint if column in row.muted else self.body

    def _inner(self, column: int, row: Row | None = None) -> float:
        extra = mm(4.2) if row is not None and row.marker and column == 0 else 0.0
        return self.widths[column] - 2 * self.PAD_X - extra

    def row_height(self, row: Row) -> float:
        if row.group or row.span:
            font = self.strong if row.group else self.body
            inner = self.width - 2 * self.PAD_X
            return self.pdf.text_height(row.cells[0], inner, font) + 2 * self.PAD_Y
        heights = [
            self.pdf.text_height(text, self._inner(i, row), self._cell_font(row, i))
            for i, text in enumerate(row.cells)
        ]
        return max(heights) + 2 * self.PAD_Y

    def header_height(self) -> float:
        return (
            max(
                self.pdf.text_height(c.title, self._inner(i), self.strong)
                for i, c in enumerate(self.columns)
            )
            + 2 * self.PAD_Y
        )

    def split(self, first: float, rest: float) -> list[list[Row]]:
        """The rows page by page: ``first`` is the height free on the first page."""
        pages: list[list[Row]] = [[]]
        free = first - self.header_height()
        for row in self.rows:
            height = self.row_height(row)
            if height > free and pages[-1]:
                pages.append([])
                free = rest - self.header_height()
            pages[-1].append(row)
            free -= height
        return pages

    def draw(self, top: float, rows: list[Row], bottom: float) -> float:
        pdf, painter = self.pdf, self.pdf.painter
        left = pdf.content.left()
        height = self.header_height()
        painter.fillRect(QRectF(left, top, self.width, height), NAVY)
        x = left
        for i, column in enumerate(self.columns):
            cell = QRectF(x + self.PAD_X, top + self.PAD_Y, self._inner(i), height)
            pdf.text(cell, column.title, self.strong, QColor("white"), column.align)
            x += self.widths[i]
        y = top + height
        for row in rows:
            height = min(self.row_height(row), bottom - y)
            if row.group or row.span:
                if row.group:
                    painter.fillRect(QRectF(left, y, self.width, height), QColor("#EDF1F7"))
                pdf.text(
                    QRectF(left + self.PAD_X, y + self.PAD_Y, self.width - 2 * self.PAD_X, height),
                    row.cells[0],
                    self.strong if row.group else self.body,
                    NAVY if row.group else INK,
                )
            else:
                self._draw_cells(row, y, height)
            painter.setPen(QPen(RULE, mm(0.15)))
            painter.drawLine(QPointF(left, y + height), QPointF(left + self.width, y + height))
            y += height
        return y

    def _draw_cells(self, row: Row, y: float, height: float) -> None:
        pdf = self.pdf
        x = pdf.content.left()
        for i, text in enumerate(row.cells):
            column = self.columns[i]
            start = x + self.PAD_X
            if row.marker and i == 0:
                pdf.dot(QPointF(start + mm(1.4), y + self.PAD_Y + mm(2.0)), row.marker)
                start += mm(4.2)
            colour = MUTED if i in row.muted else INK
            cell = QRectF(start, y + self.PAD_Y, self._inner(i, row), height - self.PAD_Y)
            pdf.painter.save()
            pdf.painter.setClipRect(QRectF(x, y, self.widths[i], height))
            pdf.text(cell, text, self._cell_font(row, i), colour, column.align)
            pdf.painter.restore()
            x += self.widths[i]


# -- pages ---------------------------------------------------------------------------------

Draw = Callable[[Pdf, float], None]  # paints the page body from a top y


@dataclass
class Page:
    section: str
    title: str
    draw: Draw
    subtitle: str = ""


class PackLayout:
    """Builds the pages of a pack, measuring with the PDF's own painter."""

    def __init__(self, pdf: Pdf, document: PlanDocument, subject: Subject, today: dt.date):
        self.pdf, self.document, self.subject, self.today = pdf, document, subject, today
        self.pages: list[Page] = []
        self.title_font = pdf.font(17, bold=True)
        self.subtitle_font = pdf.font(10)
        self.body_font = pdf.font(10)

    def body_top(self, page: Page) -> float:
        top = self.pdf.content.top()
        top += self.pdf.text_height(page.title, self.pdf.content.width(), self.title_font)
        if page.subtitle:
            top += mm(1) + self.pdf.text_height(
                page.subtitle, self.pdf.content.width(), self.subtitle_font
            )
        return top + mm(5)

    def add_table(self, section: str, title: str, subtitle: str, table: Table) -> None:
        probe = Page(section, title, lambda pdf, top: None, subtitle)
        first = self.pdf.content.bottom() - self.body_top(probe)
        rest = self.pdf.content.bottom() - self.body_top(Page(section, title, probe.draw))
        for n, rows in enumerate(table.split(first, rest)):
            self.pages.append(
                Page(
                    section,
                    title if n == 0 else f"{title} (continued)",
                    _table_part(table, rows),
                    subtitle if n == 0 else "",
                )
            )

    def build(self) -> list[Page]:
        self.pages.append(Page("Cover", "", self._cover))
        for year in self.document.round.years:
            self._headlines(year.code, year.label)
        for year in self.document.round.years:
            self._charts(charts(self.subject.plan, year.code), year.label)
        self._findings()
        self._changes()
        self.pages.append(Page("Approval", "Approval", self._approval_page))
        return self.pages

    # -- sections ------------------------------------------------------------------------

    def _headlines(self, year: str, year_label: str) -> None:
        items = headlines(self.subject.plan, self.subject.headline_findings(), year)
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
            f"Plan year {year_label}. Status from the regional review checks: "
            "red where an error stands, amber for a warning, green when none, "
            "grey when the figures are not all entered."
        )
        self.add_table("Headline figures", f"Headline figures {year_label}", subtitle, table)

    def _charts(self, chart_list: list[Chart], year_label: str) -> None:
        for start in range(0, len(chart_list), CHARTS_PER_PAGE):
            group = chart_list[start : start + CHARTS_PER_PAGE]
            title = f"Charts {year_label}" + (" (continued)" if start else "")
            self.pages.append(Page("Charts", title, functools.partial(_chart_grid, group=group)))

    def _findings(self) -> None:
        findings = self.subject.findings
        rows = []
        labels = self.document.round
        for f in findings:
            commentary = f.get("commentary") or ""
            period = f.get("period") or ""
            rows.append(
                Row(
                    (
                        f["severity"].capitalize(),
                        f["rule"],
                        f.get("line") or "",
                        labels.label(period) if period in labels.periods else period,
                        f["message"],
                        commentary or "No commentary yet",
                    ),
                    marker=SEVERITY_COLOURS.get(f["severity"], STATUS_COLOURS["grey"]),
                    muted=frozenset() if commentary else frozenset({5}),
                )
            )
        counts = self.subject.counts
        subtitle = (
            f"{_plural(counts.get('error', 0), 'error')} and "
            f"{_plural(counts.get('warning', 0), 'warning')} from the regional review checks. "
            "Errors must be fixed before Final; every warning needs a commentary."
        )
        if not rows:
            self.pages.append(
                Page(
                    "Findings",
                    "Findings and commentary",
                    lambda pdf, top: self._say(top, "No finding stands: every check passes."),
                    subtitle,
                )
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
        self.add_table("Findings", "Findings and commentary", subtitle, table)

    def _changes(self) -> None:
        comparison = self.subject.previous
        title = "Changes since the previous version"
        if comparison is None:
            self.pages.append(
                Page(
                    "Changes",
                    title,
                    lambda pdf, top: self._say(top, self._no_previous()),
                )
            )
            return
        subtitle = _change_summary(comparison)
        rows = [self._change_row(d) for d in _largest(comparison.cells)]
        if not rows:
            rows.append(Row(("No figure changed.",), span=True))
        for name, found in (("appeared", comparison.appeared), ("cleared", comparison.cleared)):
            rows.append(Row((f"Findings that {name} ({len(found)})",), group=True))
            rows += [Row((finding_text(f),), span=True) for f in found]
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
        title = f"Changes since {self.subject.previous_label}"
        self.add_table("Changes", title, subtitle, Table(self.pdf, columns, rows))

    def _no_previous(self) -> str:
        if self.subject.version is None:
            return (
                "No previous version: nothing has been submitted yet, so there is nothing "
                "to compare with."
            )
        return (
            f"No previous version: {self.subject.version.label} is the first version "
            "submitted, so there is nothing to compare with."
        )

    def _change_row(self, diff: CellDiff) -> Row:
        document = self.document
        line = document.catalogue.lines.get(diff.line)
        unit = UNIT_NAMES.get(line.unit, "") if line else ""
        return Row(
            (
                diff.template,
                diff.line,
                f"{diff.label} ({unit})" if unit else diff.label,
                diff.period_label,
                format_cell(document, diff.line, diff.old),
                format_cell(document, diff.line, diff.new),
                format_difference(document, diff),
            )
        )

    def _say(self, top: float, text: str) -> None:
        pdf = self.pdf
        pdf.text(QRectF(pdf.content.left(), top, pdf.content.width(), mm(40)), text, self.body_font)

    # -- cover and approval ---------------------------------------------------------------

    def _cover(self, pdf: Pdf, top: float) -> None:
        info, subject = self.document.info, self.subject
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
        round_line = f"Operational plan {self.document.round.name}"
        y += pdf.text(QRectF(left + mm(7), y, width, mm(20)), round_line, pdf.font(17))
        y += mm(1)
        kind = "Board" if info.org_kind == "provider" else "Governing body"
        y += pdf.text(
            QRectF(left + mm(7), y, width, mm(12)),
            f"{kind} pack: review and approval",
            pdf.font(12),
            MUTED,
        )
        y += mm(10)
        facts = [
            ("Version", subject.description),
            ("Content hash", subject.content_hash),
            ("Organisation", f"{info.org_name} ({info.org_code})"),
            ("Prepared", self.today.strftime("%d %B %Y").lstrip("0")),
            (
                "Review checks",
                f"{_plural(subject.counts.get('error', 0), 'error')}, "
                f"{_plural(subject.counts.get('warning', 0), 'warning')}",
            ),
        ]
        label_font, value_font = pdf.font(10, bold=True), pdf.font(10)
        half = width * 0.55
        for label, value in facts:
            pdf.text(QRectF(left + mm(7), y, mm(34), mm(10)), label, label_font, MUTED)
            box = QRectF(left + mm(42), y, half - mm(42), mm(20))
            used = pdf.text(box, value, value_font, anywhere=label == "Content hash")
            y += max(used, mm(4.2))
            y += mm(2)
        y += mm(6)
        y = self._approval_block(QRectF(left + mm(7), y, half - mm(7), mm(48))) + mm(8)
        if subject.approval is None:
            pdf.text(
                QRectF(left + mm(7), y, half - mm(7), mm(40)),
                self._recommendation(),
                pdf.font(10),
            )
        self._contents(
            QRectF(left + half + mm(14), pdf.content.top() + mm(62), width - half - mm(14), mm(100))
        )

    def _recommendation(self) -> str:
        body = "trust board" if self.document.info.org_kind == "provider" else "governing body"
        return (
            f"The {body} is asked to review the operational plan for "
            f"{self.document.round.name}: its headline figures, the findings of the regional "
            "review checks with their commentary, and the changes since the previous "
            "version; and to approve it for submission to NHS England and NHS Improvement."
        )

    def _contents(self, rect: QRectF) -> None:
        pdf = self.pdf
        y = rect.top() + pdf.text(rect, "Contents", pdf.font(12, bold=True), NAVY) + mm(3)
        seen: dict[str, int] = {}
        for number, page in enumerate(self.pages, start=1):
            if page.section != "Cover" and page.section not in seen:
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

    def _approval_lines(self) -> tuple[str, list[str], QColor]:
        subject = self.subject
        if subject.approval is not None:
            version, approval = subject.approval
            return (
                "Approved",
                [
                    approval.describe(version.label) + ".",
                    f"Approval recorded {approval.recorded_at[:10]} by {approval.recorded_by}, "
                    f"against content hash {approval.content_hash[:12]}: it applies to exactly "
                    "the figures in this pack.",
                ],
                QColor(STATUS_COLOURS["green"]),
            )
        lines = [
            f"{'The working copy' if subject.version is None else subject.label} "
            "has not been approved. "
            "This pack is a draft for review; no approval applies to these figures."
        ]
        if subject.other_approval:
            lines.append(
                f"For the record: {subject.other_approval}; that approval does not cover this pack."
            )
        return "Not approved", lines, QColor(STATUS_COLOURS["red"])

    def _approval_block(self, rect: QRectF) -> float:
        pdf = self.pdf
        heading, lines, colour = self._approval_lines()
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
        subject = self.subject
        shows = subject.description
        if subject.version is None:
            shows = shows[:1].lower() + shows[1:]
        intro = (
            f"This pack shows {shows}, content hash {subject.content_hash}. "
            "An approval is recorded in OpPlan Desk against "
            "a submitted version and its content hash; any later change to the figures or the "
            "commentary means the working copy is no longer the approved plan."
        )
        y += pdf.text(QRectF(left, y, width, mm(40)), intro, self.body_font) + mm(8)
        body = "trust board" if self.document.info.org_kind == "provider" else "governing body"
        heading = f"To be completed at the {body} meeting"
        values = ["", "", "", "", "", ""]
        if subject.approval is not None:
            version, approval = subject.approval
            heading = "The approval as recorded"
            values = [
                approval.body,
                approval.meeting_date,
                approval.approver,
                approval.role,
                approval.minute,
                f"{version.label}, content hash {approval.content_hash[:12]}",
            ]
        y += pdf.text(QRectF(left, y, width, mm(10)), heading, pdf.font(11, bold=True), NAVY)
        y += mm(4)
        names = ("Approving body", "Meeting date", "Approver's name", "Role", "Minute reference")
        last = "Version approved" if subject.approval is not None else "Signature"
        for name, value in zip((*names, last), values, strict=True):
            pdf.text(QRectF(left, y, mm(45), mm(8)), name, pdf.font(10), MUTED)
            pdf.text(QRectF(left + mm(48), y, width - mm(48), mm(8)), value, pdf.font(10))
            pdf.painter.setPen(QPen(RULE, mm(0.25)))
            pdf.painter.drawLine(
                QPointF(left + mm(48), y + mm(5.5)), QPointF(left + width, y + mm(5.5))
            )
            y += mm(11)


def _table_part(table: Table, rows: list[Row]) -> Draw:
    def draw(pdf: Pdf, top: float) -> None:
        table.draw(top, rows, pdf.content.bottom())

    return draw


def _headline_row(item: Headline) -> Row:
    colour = STATUS_COLOURS.get(item.status, STATUS_COLOURS["grey"])
    return Row(
        (STATUS_WORDS.get(item.status, item.status), item.title, item.value, item.detail),
        marker=colour,
        bold=frozenset({2}),
        muted=frozenset({2}) if item.status == "grey" else frozenset(),
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


def _largest(cells: list[CellDiff]) -> list[CellDiff]:
    ranked = sorted(
        cells, key=lambda d: abs(d.difference) if d.difference is not None else 0, reverse=True
    )
    return ranked[:LARGEST_CHANGES]


def _change_summary(comparison: Comparison) -> str:
    by_template: dict[str, int] = {}
    for diff in comparison.cells:
        by_template[diff.template] = by_template.get(diff.template, 0) + 1
    parts = ", ".join(f"{t} {n}" for t, n in by_template.items())
    shown = min(len(comparison.cells), LARGEST_CHANGES)
    largest = (
        f" The {shown} largest changes by size are listed."
        if len(comparison.cells) > LARGEST_CHANGES
        else ""
    )
    return (
        f"{comparison.left} to {comparison.right}: {_plural(len(comparison.cells), 'cell')} changed"
        f"{f' ({parts})' if parts else ''}; {_plural(len(comparison.appeared), 'finding')} "
        f"appeared and {len(comparison.cleared)} cleared.{largest}"
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# -- page frame and writing ---------------------------------------------------------------


def _frame(pdf: Pdf, layout: PackLayout, page: Page, number: int, total: int, draft: bool) -> None:
    painter, content = pdf.painter, pdf.content
    document, subject = layout.document, layout.subject
    small = pdf.font(8)
    if page.section != "Cover":
        head = QRectF(content.left(), mm(10), content.width(), mm(6))
        pdf.text(
            head, f"{document.info.org_name} · Operational plan {document.round.name}", small, MUTED
        )
        pdf.text(head, f"Board pack · {subject.label}", small, MUTED, Qt.AlignmentFlag.AlignRight)
        painter.setPen(QPen(RULE, mm(0.2)))
        painter.drawLine(QPointF(content.left(), mm(15)), QPointF(content.right(), mm(15)))
        y = content.top()
        y += pdf.text(
            QRectF(content.left(), y, content.width(), mm(20)), page.title, layout.title_font, NAVY
        )
        if page.subtitle:
            y += mm(1)
            pdf.text(
                QRectF(content.left(), y, content.width(), mm(20)),
                page.subtitle,
                layout.subtitle_font,
                MUTED,
            )
    foot_y = pdf.page.height() - mm(13)
    painter.setPen(QPen(RULE, mm(0.2)))
    painter.drawLine(QPointF(content.left(), foot_y), QPointF(content.right(), foot_y))
    foot = QRectF(content.left(), foot_y + mm(1.5), content.width(), mm(6))
    pdf.text(
        foot,
        f"{document.info.org_name} · {subject.label} · content hash {subject.content_hash[:12]}",
        small,
        MUTED,
    )
    pdf.text(foot, f"Page {number} of {total}", small, MUTED, Qt.AlignmentFlag.AlignRight)
    page.draw(pdf, layout.body_top(page) if page.section != "Cover" else content.top())
    if draft:
        _watermark(pdf)


def _watermark(pdf: Pdf) -> None:
    """A light diagonal DRAFT across the page, drawn as a shape (not text to extract)."""
    painter = pdf.painter
    font = pdf.font(10, bold=True)
    font.setPixelSize(round(mm(55)))
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, "DRAFT")
    box = path.boundingRect()
    painter.save()
    painter.translate(pdf.page.center())
    painter.rotate(-30)
    painter.translate(-box.center())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 18))
    painter.drawPath(path)
    painter.restore()


def _font_family() -> str:
    families = set(QFontDatabase.families())
    for family in FAMILIES:
        if family in families:
            return family
    return QGuiApplication.font().family()


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new offscreen one (the command line has none)."""
    global _app
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        raise RuntimeError("the board pack needs a QGuiApplication, not a QCoreApplication")
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(["opplan"])
    return _app


def write_board_pack(document: PlanDocument, path: Path, *, version: str | None = None) -> Path:
    """Write the board pack of ``document`` (the working copy, or ``version``) to ``path``.

    Raises BadInput for an unknown version and PlanStorageError when the file
    cannot be written.
    """
    ensure_gui_application()
    path = Path(path)
    subject = _subject(document, version)
    if not path.parent.is_dir():
        raise PlanStorageError(path, "the board pack cannot be written: no such folder")
    partial = path.with_name(path.name + ".part")
    try:
        _write(document, subject, partial)
        os.replace(partial, path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PlanStorageError(path, f"the board pack cannot be written ({reason})") from exc
    finally:
        partial.unlink(missing_ok=True)
    return path


def _write(document: PlanDocument, subject: Subject, path: Path) -> None:
    """Paint every page into a PDF at ``path`` (raises OSError when it cannot)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(
        f"{document.info.org_name}: operational plan {document.round.name}, "
        f"board pack ({subject.label})"
    )
    writer.setCreator("OpPlan Desk")
    writer.setAuthor(document.info.org_name)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"{path.parent} cannot be written to")
    try:
        size = writer.pageLayout().fullRectPixels(DPI)
        pdf = Pdf(painter, _font_family(), size.width(), size.height())
        painter.setFont(pdf.font(9))
        layout = PackLayout(pdf, document, subject, dt.date.today())
        pages = layout.build()
        for number, page in enumerate(pages, start=1):
            if number > 1:
                writer.newPage()
            _frame(pdf, layout, page, number, len(pages), subject.approval is None)
    finally:
        painter.end()
    del writer  # closes the file
