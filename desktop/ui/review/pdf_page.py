"""The PDF page: A4 landscape at 300 dpi, its fonts and wrapped text, and its frame.

``Pdf`` is the painter with the page geometry and the text helpers; a ``Page`` is a
title and a function painting its body; ``Frame`` draws what every page repeats (the
running header, the page title, the footer with "Page n of N", the DRAFT watermark);
``write_pages`` sets up the PDF file and paints the pages into it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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

DPI = 300
FAMILIES = ("DejaVu Sans", "Segoe UI", "Arial", "Liberation Sans", "Helvetica")
NAVY, INK, MUTED, RULE = QColor("#1F3864"), QColor("#1F1F1F"), QColor("#595959"), QColor("#BFBFBF")


def mm(value: float) -> float:
    """Millimetres in device pixels."""
    return value * DPI / 25.4


def font_family() -> str:
    """The first of FAMILIES installed, else the application's font."""
    families = set(QFontDatabase.families())
    for family in FAMILIES:
        if family in families:
            return family
    return QGuiApplication.font().family()


class Pdf:
    """The painter on the PDF, its fonts and the page geometry (device pixels, 300 dpi)."""

    def __init__(self, painter: QPainter, family: str, width: float, height: float):
        self.painter = painter
        self.family = family
        self.page = QRectF(0, 0, width, height)
        self.content = QRectF(mm(15), mm(22), width - mm(30), height - mm(22) - mm(18))
        self.title_font = self.font(17, bold=True)
        self.subtitle_font = self.font(10)

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


Draw = Callable[[Pdf, float], None]  # paints the page body from a top y


@dataclass
class Page:
    section: str
    title: str
    draw: Draw
    subtitle: str = ""
    plain: bool = False  # no running header and no title (a cover)


def body_top(pdf: Pdf, page: Page) -> float:
    """Where the body of ``page`` starts: below its title and subtitle."""
    if page.plain:
        return pdf.content.top()
    top = pdf.content.top()
    top += pdf.text_height(page.title, pdf.content.width(), pdf.title_font)
    if page.subtitle:
        top += mm(1) + pdf.text_height(page.subtitle, pdf.content.width(), pdf.subtitle_font)
    return top + mm(5)


@dataclass(frozen=True)
class Frame:
    """What every page repeats: the running header, the footer and the DRAFT watermark."""

    header_left: str
    header_right: str
    footer: str
    draft: bool

    def draw(self, pdf: Pdf, page: Page, number: int, total: int) -> None:
        """Paint ``page`` (number ``number`` of ``total``) with its frame."""
        painter, content = pdf.painter, pdf.content
        small = pdf.font(8)
        if not page.plain:
            head = QRectF(content.left(), mm(10), content.width(), mm(6))
            pdf.text(head, self.header_left, small, MUTED)
            pdf.text(head, self.header_right, small, MUTED, Qt.AlignmentFlag.AlignRight)
            painter.setPen(QPen(RULE, mm(0.2)))
            painter.drawLine(QPointF(content.left(), mm(15)), QPointF(content.right(), mm(15)))
            y = content.top()
            y += pdf.text(
                QRectF(content.left(), y, content.width(), mm(20)),
                page.title,
                pdf.title_font,
                NAVY,
            )
            if page.subtitle:
                y += mm(1)
                pdf.text(
                    QRectF(content.left(), y, content.width(), mm(20)),
                    page.subtitle,
                    pdf.subtitle_font,
                    MUTED,
                )
        foot_y = pdf.page.height() - mm(13)
        painter.setPen(QPen(RULE, mm(0.2)))
        painter.drawLine(QPointF(content.left(), foot_y), QPointF(content.right(), foot_y))
        foot = QRectF(content.left(), foot_y + mm(1.5), content.width(), mm(6))
        pdf.text(foot, self.footer, small, MUTED)
        pdf.text(foot, f"Page {number} of {total}", small, MUTED, Qt.AlignmentFlag.AlignRight)
        page.draw(pdf, body_top(pdf, page))
        if self.draft:
            watermark(pdf)


def watermark(pdf: Pdf) -> None:
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


def write_pages(
    path: Path, *, title: str, author: str, layout: Callable[[Pdf], list[Page]], frame: Frame
) -> None:
    """Paint the pages ``layout`` lays out, each in ``frame``, into an A4 landscape PDF at
    ``path`` (raises OSError when it cannot be written)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(title)
    writer.setCreator("OpPlan Desk")
    writer.setAuthor(author)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"{path.parent} cannot be written to")
    try:
        size = writer.pageLayout().fullRectPixels(DPI)
        pdf = Pdf(painter, font_family(), size.width(), size.height())
        painter.setFont(pdf.font(9))
        pages = layout(pdf)
        for number, page in enumerate(pages, start=1):
            if number > 1:
                writer.newPage()
            frame.draw(pdf, page, number, len(pages))
    finally:
        ended = painter.end()
    del writer  # closes the file
    if not ended:
        raise OSError(f"{path} could not be completed")
