"""One tab per template, one sub-tab per sheet (Parameters included), each a SheetView."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from ..core.checks import Finding
from ..core.document import PlanDocument
from .edit_commands import EditController
from .settings import app_settings
from .sheet_model import CellMark, SheetModel
from .sheet_view import SheetView


class PlanTabs(QTabWidget):
    """The plan's sheets. Keeps every grid current after each change of the plan."""

    statusMessage = Signal(str)
    selectionChanged = Signal()

    def __init__(
        self, document: PlanDocument, controller: EditController, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.document = document
        self.setDocumentMode(True)
        self.views: list[SheetView] = []
        for template in document.catalogue.templates:
            inner = QTabWidget()
            inner.setTabPosition(QTabWidget.TabPosition.South)
            inner.setDocumentMode(True)
            for sheet in template.sheets:
                model = SheetModel(document, sheet, controller.apply)
                view = SheetView(model, controller)
                view.setObjectName(f"sheet-{template.id}-{sheet.id}")
                view.statusMessage.connect(self.statusMessage)
                view.selectionModel().selectionChanged.connect(
                    lambda *_: self.selectionChanged.emit()
                )
                view.selectionModel().currentChanged.connect(
                    lambda *_: self.selectionChanged.emit()
                )
                inner.addTab(view, sheet.name.replace("&", "&&"))
                self.views.append(view)
            inner.currentChanged.connect(lambda *_: self.selectionChanged.emit())
            self.addTab(inner, f"{template.id}  {template.name}".replace("&", "&&"))
        self.currentChanged.connect(lambda *_: self.selectionChanged.emit())

    def current_view(self) -> SheetView | None:
        inner = self.currentWidget()
        if isinstance(inner, QTabWidget):
            view = inner.currentWidget()
            if isinstance(view, SheetView):
                return view
        return None

    def refresh_lines(self, codes: set[str]) -> None:
        for view in self.views:
            view.sheet_model.refresh_lines(codes)

    def refresh_all(self) -> None:
        for view in self.views:
            view.sheet_model.refresh_all()

    def show_marks(self, findings: list[Finding]) -> None:
        """Mark each cell that has a finding: red for an error, amber for a warning."""
        grouped: dict[tuple[str, str], list[Finding]] = {}
        for item in findings:
            if item.line and item.period:
                grouped.setdefault((item.line, item.period), []).append(item)
        marks = {
            cell: CellMark(
                "error"
                if any(f.severity == "error" for f in items)
                else "warning"
                if any(f.severity == "warning" for f in items)
                else "info",
                tuple(f"{f.rule} {f.severity}: {f.message}" for f in items),
            )
            for cell, items in grouped.items()
        }
        for view in self.views:
            view.sheet_model.set_marks(marks)

    def go_to(self, line: str, period: str) -> SheetView | None:
        """Switch to the sheet holding ``line`` and select its cell in ``period``."""
        for view in self.views:
            if view.sheet_model.has_line(line):
                for outer in range(self.count()):
                    inner = self.widget(outer)
                    if isinstance(inner, QTabWidget) and inner.indexOf(view) >= 0:
                        self.setCurrentIndex(outer)
                        inner.setCurrentWidget(view)
                        view.go_to(line, period)
                        return view
        return None

    # -- column widths remembered ------------------------------------------------------

    def save_state(self) -> None:
        settings = app_settings()
        for view in self.views:
            settings.setValue(f"columns/{view.objectName()}", view.horizontalHeader().saveState())

    def restore_state(self) -> None:
        settings = app_settings()
        for view in self.views:
            state = settings.value(f"columns/{view.objectName()}")
            if isinstance(state, QByteArray):
                view.horizontalHeader().restoreState(state)
