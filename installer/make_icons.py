"""Draw the app icon: resources/icons/opplan.png (256 px) and opplan.ico (16-256 px).

Run once after changing the design: ``.venv/bin/python installer/make_icons.py``.
The icon is a blue sheet (NHS blue) with a grid of figures and a tick.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE = QColor("#005EB8")
DARK = QColor("#003087")
YELLOW = QColor("#FFF4B3")
GREEN = QColor("#009639")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    s = size / 256.0
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(BLUE)
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 40 * s, 40 * s)
    # the sheet: a white page with a header band and a grid of cells
    p.setBrush(QColor("white"))
    p.drawRoundedRect(QRectF(44 * s, 40 * s, 168 * s, 176 * s), 12 * s, 12 * s)
    p.setBrush(DARK)
    p.drawRect(QRectF(44 * s, 52 * s, 168 * s, 28 * s))
    rows = 4 if size >= 32 else 3
    for r in range(rows):
        for c in range(3):
            top = (92 + r * (108 / rows)) * s
            p.setBrush(YELLOW if c else QColor("#D8E6F5"))
            p.drawRect(QRectF((56 + c * 52) * s, top, 44 * s, (108 / rows - 8) * s))
    # the tick: the checks pass
    pen = QPen(GREEN, max(2.0, 26 * s))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    tick = QPainterPath(QPointF(132 * s, 178 * s))
    tick.lineTo(QPointF(162 * s, 206 * s))
    tick.lineTo(QPointF(222 * s, 138 * s))
    p.drawPath(tick)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: list[bytes], sizes: tuple[int, ...]) -> bytes:
    """An ICO file of PNG images (read by Windows Vista and later, and by PyInstaller)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in zip(sizes, images, strict=True):
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def main() -> int:
    QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "opplan.png").write_bytes(png_bytes(draw(256)))
    (ICONS / "opplan.ico").write_bytes(
        ico_bytes([png_bytes(draw(n)) for n in ICO_SIZES], ICO_SIZES)
    )
    print(f"wrote {ICONS / 'opplan.png'} and {ICONS / 'opplan.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
