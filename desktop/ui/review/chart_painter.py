"""One routine that paints a review chart, on screen and into the board pack PDF alike.

``paint_chart(painter, rect, chart)`` lays the chart out inside ``rect`` from the
painter's device resolution and font metrics, so the same chart reads the same in
a 96 dpi widget and on a 300 dpi PDF page: a title, a legend, a value axis with
"nice" ticks (£000 with thousands separators and negatives in brackets; % kept
within 0-100), bars (grouped or stacked), lines, dashed reference lines with their
labels, and the month labels under the plot.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from ...core.review.series import Chart

TEXT = QColor("#262626")
MUTED = QColor("#595959")
GRID = QColor("#D9D9D9")
AXIS = QColor("#7F7F7F")
UNIT_CAPTIONS = {"gbp000": "£000", "wte": "WTE", "count": "", "pct": ""}
BASE_POINTS = 8.0


# -- numbers on the axis -----------------------------------------------------------------


def nice_step(span: float, target: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``target`` ticks."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / target
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= multiple * magnitude * 1.0000001:
            return multiple * magnitude
    return 10 * magnitude


def axis_range(
    low: float, high: float, *, unit: str, include_zero: bool
) -> tuple[float, float, float]:
    """(bottom, top, step) of a value axis holding ``low``..``high`` with round ticks."""
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    elif high > low:
        pad = (high - low) * 0.08
        low, high = low - pad, high + pad
    if high == low:
        spread = abs(high) * 0.1 or 1.0
        low, high = (
            (low, high + spread) if include_zero and low == 0 else (low - spread, high + spread)
        )
    step = nice_step(high - low)
    bottom = math.floor(low / step + 1e-9) * step
    top = math.ceil(high / step - 1e-9) * step
    if unit == "pct":  # a rate lives between 0% and 100%
        bottom, top = max(bottom, 0.0), min(top, 100.0)
        if top <= bottom:
            bottom, top = 0.0, 100.0
            step = 20.0
    return bottom, top, step


def tick_values(bottom: float, top: float, step: float) -> list[float]:
    count = round((top - bottom) / step)
    values = [bottom + i * step for i in range(count + 1)]
    return [round(v, 10) for v in values if v <= top + step * 1e-6]


def tick_label(value: float, unit: str, step: float) -> str:
    """12,000 / (1,250) for £000; 90% / 1.2% for rates; 5,700 for counts and WTE."""
    places = next(
        (p for p in range(3) if abs(step * 10**p - round(step * 10**p)) < 1e-6 * 10**p), 2
    )
    if abs(value) < step * 1e-6:
        value = 0.0
    body = f"{abs(value):,.{places}f}"
    if unit == "pct":
        return f"{'-' if value < 0 else ''}{body}%"
    if value < 0:
        return f"({body})" if unit == "gbp000" else f"-{body}"
    return body


# -- layout helpers ----------------------------------------------------------------------


def _font(base: QFont, points: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setFeature(QFont.Tag("liga"), 0)  # "fi" stays two letters in a PDF's text
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _floats(values: Sequence[Decimal | None]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def _extent(chart: Chart) -> tuple[float, float] | None:
    """The lowest and highest value the plot must show (stacks summed), or None."""
    points: list[float] = [float(r.value) for r in chart.references]
    bars = [s for s in chart.series if s.kind == "bar"]
    if chart.stacked and bars:
        for i in range(len(chart.categories)):
            cells = (s.values[i] if i < len(s.values) else None for s in bars)
            values = [float(v) for v in cells if v is not None]
            points.append(sum(v for v in values if v > 0))
            points.append(sum(v for v in values if v < 0))
    else:
        points.extend(v for s in bars for v in _floats(s.values) if v is not None)
    points.extend(
        v for s in chart.series if s.kind == "line" for v in _floats(s.values) if v is not None
    )
    has_data = any(v is not None for s in chart.series for v in s.values)
    if not has_data:
        return None
    return min(points), max(points)


class _Scale:
    def __init__(self, plot: QRectF, bottom: float, top: float, count: int):
        self.plot, self.bottom, self.top, self.count = plot, bottom, top, max(count, 1)

    def y(self, value: float) -> float:
        share = (value - self.bottom) / (self.top - self.bottom)
        return self.plot.bottom() - share * self.plot.height()

    def slot(self) -> float:
        return self.plot.width() / self.count

    def x(self, index: int) -> float:
        return self.plot.left() + (index + 0.5) * self.slot()


# -- painting ----------------------------------------------------------------------------


def paint_chart(painter: QPainter, rect: QRectF, chart: Chart, font_scale: float = 1.0) -> None:
    """Paint ``chart`` inside ``rect`` (device coordinates of ``painter``)."""
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        device = painter.device()
        unit = (device.logicalDpiY() if device else 96) / 96.0 * font_scale
        base = painter.font()
        title_font = _font(base, (BASE_POINTS + 1.5) * font_scale, bold=True)
        body_font = _font(base, BASE_POINTS * font_scale)
        body = QFontMetricsF(body_font, device)
        pad = body.height() * 0.5
        area = rect.adjusted(pad * 0.5, pad * 0.5, -pad * 0.5, -pad * 0.5)

        painter.setFont(title_font)
        painter.setPen(TEXT)
        title_rect = painter.boundingRect(
            area, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft, chart.title
        )
        title_rect.setWidth(area.width())
        painter.drawText(
            title_rect, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft, chart.title
        )
        top = title_rect.bottom() + pad * 0.6

        painter.setFont(body_font)
        top = _legend(painter, chart, QRectF(area.left(), top, area.width(), 0), body, unit) + pad
        extent = _extent(chart)
        bottom_labels = _month_label_lines(chart, body, area.width() * 0.85)
        label_block = body.height() * (len(bottom_labels[0]) if bottom_labels else 1) + pad * 0.5
        if extent is None:
            frame = QRectF(area.left(), top, area.width(), area.bottom() - top)
            painter.setPen(QPen(GRID, unit))
            painter.drawRect(frame)
            painter.setPen(MUTED)
            painter.drawText(frame, Qt.AlignmentFlag.AlignCenter, "No figures entered")
            return
        has_bars = any(s.kind == "bar" for s in chart.series)
        low, high, step = axis_range(*extent, unit=chart.unit, include_zero=has_bars)
        ticks = tick_values(low, high, step)
        labels = [tick_label(v, chart.unit, step) for v in ticks]
        caption = UNIT_CAPTIONS.get(chart.unit, "")
        label_width = max(body.horizontalAdvance(t) for t in [*labels, caption])
        plot = QRectF(
            area.left() + label_width + pad,
            top + (body.height() * 1.5 if caption else body.height() * 0.5),
            0,
            0,
        )
        tags = [reference_tag(r.value, chart.unit) for r in chart.references]
        margin = max((body.horizontalAdvance(t) for t in tags), default=0.0)
        plot.setRight(area.right() - pad * 0.5 - (margin + pad * 0.4 if tags else 0.0))
        plot.setBottom(area.bottom() - label_block)
        if plot.height() < body.height() * 2 or plot.width() < body.height() * 2:
            return
        scale = _Scale(plot, low, high, len(chart.categories))
        _grid(painter, scale, ticks, labels, caption, body, unit, pad)
        _bars(painter, chart, scale, unit)
        _lines(painter, chart, scale, unit)
        _references(painter, chart, scale, body, unit, pad)
        _months(painter, chart, scale, body, pad)
    finally:
        painter.restore()


def _legend_entries(chart: Chart) -> list[tuple[str, str, QColor]]:
    entries = [(s.name, s.kind, QColor(s.colour)) for s in chart.series]
    entries += [(r.name, "reference", QColor(r.colour)) for r in chart.references]
    return entries


def _legend(
    painter: QPainter, chart: Chart, at: QRectF, metrics: QFontMetricsF, unit: float
) -> float:
    """Swatches and names flowing in rows; returns the y under the legend."""
    entries = _legend_entries(chart)
    if len(entries) < 2:
        return at.top()
    swatch = metrics.height() * 0.7
    x, y = at.left(), at.top()
    for name, kind, colour in entries:
        line_swatch = swatch * (1.6 if kind == "reference" else 1.0)
        width = line_swatch + metrics.height() * 0.35 + metrics.horizontalAdvance(name)
        if x > at.left() and x + width > at.right():
            x, y = at.left(), y + metrics.height() * 1.15
        middle = y + metrics.height() / 2
        if kind == "bar":
            painter.fillRect(QRectF(x, middle - swatch / 2, swatch, swatch), colour)
        else:
            style = Qt.PenStyle.DashLine if kind == "reference" else Qt.PenStyle.SolidLine
            painter.setPen(QPen(colour, (1.5 if kind == "reference" else 2) * unit, style))
            painter.drawLine(QPointF(x, middle), QPointF(x + line_swatch, middle))
        painter.setPen(TEXT)
        painter.drawText(
            QRectF(x + line_swatch + metrics.height() * 0.35, y, width, metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name,
        )
        x += width + metrics.height() * 1.2
    return y + metrics.height()


def reference_tag(value: Decimal, unit: str) -> str:
    """A reference line's value at its right end: 95%, 66.7%, 5,150, (717)."""
    text = tick_label(float(value), unit, 0.1 if unit == "pct" else 1.0)
    return text.replace(".0%", "%")


def _grid(
    painter: QPainter,
    scale: _Scale,
    ticks: list[float],
    labels: list[str],
    caption: str,
    metrics: QFontMetricsF,
    unit: float,
    pad: float,
) -> None:
    plot = scale.plot
    for value, label in zip(ticks, labels, strict=True):
        y = scale.y(value)
        zero = abs(value) < 1e-9 and ticks[0] < 0 < ticks[-1]
        painter.setPen(QPen(AXIS if zero else GRID, (1.2 if zero else 0.8) * unit))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(MUTED)
        box = QRectF(
            plot.left() - pad * 0.6 - 400 * unit,
            y - metrics.height() / 2,
            400 * unit,
            metrics.height(),
        )
        painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
    if caption:
        box = QRectF(
            plot.left() - pad * 0.6 - 400 * unit,
            plot.top() - metrics.height() * 1.5,
            400 * unit,
            metrics.height(),
        )
        painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, caption)
    painter.setPen(QPen(AXIS, unit))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    painter.drawLine(plot.bottomLeft(), plot.topLeft())


def _bars(painter: QPainter, chart: Chart, scale: _Scale, unit: float) -> None:
    bars = [s for s in chart.series if s.kind == "bar"]
    if not bars:
        return
    group = scale.slot() * 0.72
    painter.setPen(Qt.PenStyle.NoPen)
    zero = scale.y(max(scale.bottom, min(0.0, scale.top)))
    for i in range(len(chart.categories)):
        centre = scale.x(i)
        if chart.stacked:
            up = down = 0.0
            for series in bars:
                value = series.values[i] if i < len(series.values) else None
                if value is None:
                    continue
                v = float(value)
                start = up if v >= 0 else down
                end = start + v
                if v >= 0:
                    up = end
                else:
                    down = end
                box = QRectF(
                    QPointF(centre - group / 2, scale.y(end)),
                    QPointF(centre + group / 2, scale.y(start)),
                )
                painter.fillRect(box.normalized(), QColor(series.colour))
            continue
        width = group / len(bars)
        for k, series in enumerate(bars):
            value = series.values[i] if i < len(series.values) else None
            if value is None:
                continue
            left = centre - group / 2 + k * width
            box = QRectF(QPointF(left, scale.y(float(value))), QPointF(left + width * 0.92, zero))
            painter.fillRect(box.normalized(), QColor(series.colour))


def _lines(painter: QPainter, chart: Chart, scale: _Scale, unit: float) -> None:
    for series in chart.series:
        if series.kind != "line":
            continue
        colour = QColor(series.colour)
        path = QPainterPath()
        started = False
        points = []
        for i, value in enumerate(series.values[: len(chart.categories)]):
            if value is None:
                started = False
                continue
            point = QPointF(scale.x(i), scale.y(float(value)))
            points.append(point)
            if started:
                path.lineTo(point)
            else:
                path.moveTo(point)
                started = True
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(
            QPen(
                colour,
                2 * unit,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        painter.drawPath(path)
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        for point in points:
            painter.drawEllipse(point, 2.6 * unit, 2.6 * unit)
        painter.setBrush(Qt.BrushStyle.NoBrush)


def _references(
    painter: QPainter, chart: Chart, scale: _Scale, metrics: QFontMetricsF, unit: float, pad: float
) -> None:
    """Dashed lines across the plot, each tagged with its value in the right margin."""
    plot = scale.plot
    for reference in chart.references:
        value = float(reference.value)
        if not scale.bottom <= value <= scale.top:
            continue
        y = scale.y(value)
        colour = QColor(reference.colour)
        painter.setPen(QPen(colour, 1.5 * unit, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        box = QRectF(
            plot.right() + pad * 0.3, y - metrics.height() / 2, 400 * unit, metrics.height()
        )
        painter.setPen(colour)
        painter.drawText(
            box,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            reference_tag(reference.value, chart.unit),
        )


def _month_label_lines(chart: Chart, metrics: QFontMetricsF, width: float) -> list[list[str]]:
    """Each category label as one line, or split in two ("Apr" over "19") when crowded."""
    if not chart.categories:
        return []
    slot = width / len(chart.categories)
    widest = max(metrics.horizontalAdvance(c) for c in chart.categories)
    if widest + metrics.height() * 0.3 <= slot:
        return [[c] for c in chart.categories]
    return [c.split("-", 1) if "-" in c else [c] for c in chart.categories]


def _months(
    painter: QPainter, chart: Chart, scale: _Scale, metrics: QFontMetricsF, pad: float
) -> None:
    labels = _month_label_lines(chart, metrics, scale.plot.width())
    if not labels:
        return
    slot = scale.slot()
    widest = max(metrics.horizontalAdvance(part) for parts in labels for part in parts)
    every = max(1, math.ceil((widest + metrics.height() * 0.3) / slot))
    painter.setPen(MUTED)
    for i, parts in enumerate(labels):
        if i % every:
            continue
        box = QRectF(
            scale.x(i) - slot * every / 2,
            scale.plot.bottom() + pad * 0.3,
            slot * every,
            metrics.height() * len(parts),
        )
        painter.drawText(
            box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, "\n".join(parts)
        )
