"""The board pack: an A4 landscape PDF a trust board or governing body reads and approves.

Pages: a cover (organisation, round, version, date, approval, contents), the
headline figures with their status, the charts, the findings with their commentary,
the changes since the previous version, and the approval block. Every page carries
"Page n of N" and a footer naming the organisation, the version and its content hash;
a light diagonal DRAFT runs across every page unless what the pack shows is the
approved version.

This module writes the file: what the pack shows is decided in
desktop.core.review.pack_content, the pages are laid out in boardpack_pages, and the
PDF page and table helpers live in pdf_page and pdf_table.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from ...core.document import PlanDocument
from ...core.errors import PlanStorageError
from ...core.review.pack_content import PackContent, pack_content, pack_title
from .boardpack_pages import BoardPackPages
from .pdf_page import Frame, Page, Pdf, write_pages

_app: QGuiApplication | None = None


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
    content = pack_content(document, version)
    if not path.parent.is_dir():
        raise PlanStorageError(path, "the board pack cannot be written: no such folder")
    partial = path.with_name(path.name + ".part")
    try:
        _write(document, content, partial)
        os.replace(partial, path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PlanStorageError(path, f"the board pack cannot be written ({reason})") from exc
    finally:
        partial.unlink(missing_ok=True)
    return path


def _write(document: PlanDocument, content: PackContent, path: Path) -> None:
    """Paint every page into a PDF at ``path`` (raises OSError when it cannot)."""
    org = document.info.org_name
    frame = Frame(
        header_left=f"{org} · Operational plan {document.round.name}",
        header_right=f"{pack_title(document)} · {content.label}",
        footer=f"{org} · {content.label} · content hash {content.content_hash[:12]}",
        draft=not content.approved,
    )
    today = dt.date.today()

    def layout(pdf: Pdf) -> list[Page]:
        return BoardPackPages(pdf, document, content, today).build()

    write_pages(
        path,
        title=(
            f"{org}: operational plan {document.round.name}, "
            f"{pack_title(document).lower()} ({content.label})"
        ),
        author=org,
        layout=layout,
        frame=frame,
    )
