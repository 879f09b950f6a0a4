"""File > Export submission… and File > Import workbook… in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from .. import APP_NAME
from ..core.errors import BadInput, UserError
from ..core.operations import ImportWorkbook
from ..core.snapshot import PlanSnapshot
from .file_dialogs import remember_choice, start_folder
from .workspace import PlanWorkspace


class _Cancelled(Exception):
    """Raised from the progress callback when the user presses Cancel."""


def show_problems(parent: QWidget, error: BadInput | UserError, title: str) -> None:
    """A refusal: the summary, and every problem in the details."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title,
        str(getattr(error, "summary", error)),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    problems = getattr(error, "problems", [])
    if problems:
        shown = "\n".join(f"\u2022 {p}" for p in problems[:8])
        more = (
            f"\n\u2026 and {len(problems) - 8} more (see the details)" if len(problems) > 8 else ""
        )
        box.setInformativeText(shown + more)
        box.setDetailedText("\n".join(problems))
    box.exec()


def export_submission(
    parent: QWidget,
    snapshot: PlanSnapshot,
    folder: Path | None = None,
    *,
    open_when_done: bool = True,
) -> Path | None:
    """Export the bundle of ``snapshot`` (the working copy or a submitted version) with a
    progress dialog; offer to open the folder at the end."""
    from ..core.exchange.bundle import export_bundle

    if folder is None:
        chosen = QFileDialog.getExistingDirectory(
            parent, "Export the submission bundle into", str(start_folder())
        )
        if not chosen:
            return None
        folder = Path(chosen)
        remember_choice(folder)
    progress = QProgressDialog("Preparing the submission bundle\u2026", "Cancel", 0, 1, parent)
    progress.setWindowTitle("Export submission")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)

    def report(done: int, total: int, what: str) -> None:
        progress.setMaximum(total)
        progress.setValue(done)
        progress.setLabelText(what)
        QApplication.processEvents()
        if progress.wasCanceled():
            raise _Cancelled

    try:
        bundle = export_bundle(snapshot, folder, progress=report)
    except _Cancelled:
        progress.close()
        return None
    except BadInput as exc:
        progress.close()
        show_problems(parent, exc, "The submission cannot be exported")
        return None
    except UserError as exc:
        progress.close()
        QMessageBox.critical(parent, APP_NAME, str(exc))
        return None
    progress.setValue(progress.maximum())
    progress.close()
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Submission exported",
        f"The {snapshot.stage.label} bundle is ready in\n{bundle.folder}",
        QMessageBox.StandardButton.Close,
        parent,
    )
    names = "\n".join(p.name for p in bundle.files)
    box.setInformativeText(
        f"{names}\n\nThe email draft is addressed to {bundle.to} (copy {bundle.cc})."
    )
    open_button = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    if open_when_done:
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(bundle.folder)))
    return bundle.folder


def import_workbook(
    parent: QWidget, workspace: PlanWorkspace, path: Path | None = None
) -> int | None:
    """Read an exported (and possibly hand-edited) workbook into the plan as one undo step:
    the import the command line runs, under the same name, with the same report in the
    status bar. Returns how many cells changed (None when refused or cancelled)."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent,
            "Import workbook",
            str(start_folder()),
            "Excel workbooks (*.xlsx)",
        )
        if not chosen:
            return None
        path = Path(chosen)
        remember_choice(path)
    operation = ImportWorkbook(path)
    command = workspace.controller.push(operation, operation.name)
    if isinstance(command.error, BadInput):
        show_problems(parent, command.error, f"{path.name} cannot be imported")
        return None
    if command.error is not None:
        QMessageBox.critical(parent, APP_NAME, str(command.error))
        return None
    changes = command.changes
    assert changes is not None and changes.imported is not None
    report = changes.imported.message(path.name, workspace.session.path.name)
    undo = " (one undo step)" if changes.count else ""
    workspace.statusMessage.emit(report + undo)
    return changes.count
