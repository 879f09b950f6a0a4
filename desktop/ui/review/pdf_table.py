"""The PDF table: wrapping cells, split across pages with the header repeated on each.

``Column`` and ``Row`` describe a table, ``Table`` measures and draws it, and
``table_pages`` lays it out as one or more ``Page``s, "(continued)" after the first.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen

from .pdf_page import INK, MUTED, NAVY, RULE, Draw, Page, Pdf, body_top, mm


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


def table_pages(section: str, title: str, subtitle: str, table: Table) -> list[Page]:
    """``table`` on as many pages as it needs; the subtitle on the first only."""
    pdf = table.pdf
    probe = Page(section, title, _table_part(table, []), subtitle)
    first = pdf.content.bottom() - body_top(pdf, probe)
    rest = pdf.content.bottom() - body_top(pdf, Page(section, title, probe.draw))
    return [
        Page(
            section,
            title if n == 0 else f"{title} (continued)",
            _table_part(table, rows),
            subtitle if n == 0 else "",
        )
        for n, rows in enumerate(table.split(first, rest))
    ]


def _table_part(table: Table, rows: list[Row]) -> Draw:
    def draw(pdf: Pdf, top: float) -> None:
        table.draw(top, rows, pdf.content.bottom())

    return draw
