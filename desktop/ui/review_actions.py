"""File > Export board pack… and Plan > Stage in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .. import APP_NAME
from ..core.errors import BadInput, UserError
from ..core.session import PlanSession
from ..core.snapshot import PlanSnapshot
from .exchange_actions import show_problems
from .file_dialogs import remember_choice, start_path


def export_board_pack(
    parent: QWidget,
    snapshot: PlanSnapshot,
    path: Path | None = None,
    *,
    open_when_done: bool = True,
) -> Path | None:
    """Write the board pack PDF of ``snapshot`` (the working copy or a submitted
    version); offer to open it."""
    from .review.boardpack import write_board_pack

    if path is None:
        suggested = start_path(
            f"{snapshot.info.org_code}_{snapshot.round.id}_board_pack_"
            f"{snapshot.stage.file_label}.pdf"
        )
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Export board pack", suggested, "PDF documents (*.pdf)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        remember_choice(path)
    try:
        written = write_board_pack(snapshot, path)
    except UserError as exc:
        QMessageBox.critical(parent, APP_NAME, str(exc))
        return None
    if open_when_done:
        answer = QMessageBox.question(
            parent,
            "Board pack",
            f"The board pack is written to\n{written}\n\nOpen it now?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
        )
        if answer == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))
    return written


def set_stage(parent: QWidget, session: PlanSession, kind: str) -> bool:
    """Move the plan to Draft or Final; a refusal lists the errors that stand."""
    try:
        session.set_stage(kind)
    except BadInput as exc:
        show_problems(parent, exc, "The stage cannot be changed")
        return False
    except UserError as exc:
        QMessageBox.critical(parent, APP_NAME, str(exc))
        return False
    return True
