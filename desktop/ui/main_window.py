"""The main window (a summary view of the open plan; the editor builds on it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow

from .. import APP_NAME
from ..core.document import PlanDocument


class MainWindow(QMainWindow):
    def __init__(self, document: PlanDocument):
        super().__init__()
        self.document = document
        info = document.info
        title = f"{info.org_code} {info.org_name} \u2013 {document.round.name}"
        if document.read_only:
            title += f" [read-only: {document.file.read_only_reason}]"
        self.setWindowTitle(f"{title} \u2013 {APP_NAME}")
        blank = len(document.plan.blank_inputs())
        summary = QLabel(
            f"<h2>{info.org_name}</h2><p>{info.org_kind.title()} plan, {document.round.name}"
            f"<br>{document.entered_count():,} values entered, {blank:,} inputs blank</p>"
        )
        summary.setMargin(24)
        self.setCentralWidget(summary)
        self.resize(1000, 700)

    @classmethod
    def open_plan(cls, path: Path, *, read_only: bool = False) -> MainWindow:
        return cls(PlanDocument.open(path, read_only=read_only))

    def closeEvent(self, event) -> None:
        self.document.close()
        super().closeEvent(event)
