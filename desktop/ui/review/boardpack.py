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
import errno
import os
import shutil
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from ...core.errors import PlanStorageError
from ...core.review.pack_content import PackContent, pack_content, pack_title
from ...core.snapshot import PlanSnapshot
from ...core.store import atomic
from ...core.store.environment import os_error
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


def write_board_pack(snapshot: PlanSnapshot, path: Path) -> Path:
    """Write the board pack of ``snapshot`` (the working copy, or a submitted version:
    ``snapshot.at("Draft 1")``) to ``path``.

    All or nothing: the PDF is written under a temporary name beside ``path``, checked
    to be complete, and renamed into place; when anything fails the previous pack at
    ``path`` stays as it was. Raises PlanStorageError when the file cannot be written.
    """
    ensure_gui_application()
    path = Path(path)
    content = pack_content(snapshot)
    if not path.parent.is_dir():
        raise PlanStorageError(path, "the board pack cannot be written: no such folder")
    atomic.clean_leftovers(path.parent)
    partial = atomic.temp_path(path)
    try:
        _write(snapshot, content, partial)
        problem = incomplete_pdf(partial)
        if problem and _nearly_full(path.parent):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(partial))
        if problem:
            raise OSError(f"the PDF written was incomplete ({problem})")
        atomic.fsync_file(partial)
        atomic.replace(partial, path)
    except OSError as exc:
        problem = os_error(path, exc, "the board pack cannot be written").problem
        raise PlanStorageError(
            path, f"{problem}; the previous board pack there, if any, is unchanged"
        ) from exc
    finally:
        partial.unlink(missing_ok=True)
    return path


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def incomplete_pdf(path: Path) -> str | None:
    """Why the file at ``path`` is not a complete PDF (None when it is): Qt's PDF writer
    does not report a failed write, so what it wrote is checked."""
    size = path.stat().st_size
    if size < 1024:
        return f"{size:,} bytes"
    with path.open("rb") as handle:
        head = handle.read(8)
        handle.seek(max(0, size - 64))
        tail = handle.read()
    if not head.startswith(b"%PDF-"):
        return "no PDF header"
    if not tail.rstrip().endswith(b"%%EOF"):
        return "no end of file marker"
    return None


def _write(snapshot: PlanSnapshot, content: PackContent, path: Path) -> None:
    """Paint every page into a PDF at ``path`` (raises OSError when it cannot)."""
    org = snapshot.info.org_name
    frame = Frame(
        header_left=f"{org} · Operational plan {snapshot.round.name}",
        header_right=f"{pack_title(snapshot)} · {content.label}",
        footer=f"{org} · {content.label} · content hash {content.content_hash[:12]}",
        draft=not content.approved,
    )
    today = dt.date.today()

    def layout(pdf: Pdf) -> list[Page]:
        return BoardPackPages(pdf, snapshot, content, today).build()

    write_pages(
        path,
        title=(
            f"{org}: operational plan {snapshot.round.name}, "
            f"{pack_title(snapshot).lower()} ({content.label})"
        ),
        author=org,
        layout=layout,
        frame=frame,
    )
