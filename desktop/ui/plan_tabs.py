"""One tab per template, one sub-tab per sheet (Parameters included), each a SheetView.

The tabs also hold what all the grids share: Ctrl+PgDn / Ctrl+PgUp steps through the
sheets (past the last sheet of a template to the next template), the zoom and the
width of the label column (both remembered for the user).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from ..core.checks import Finding
from ..core.session import PlanSession
from . import settings, style
from .edit_commands import EditController
from .settings import ZOOM_LEVELS, app_settings
from .sheet_model import CellMark, SheetModel
from .sheet_view import SheetView


class PlanTabs(QTabWidget):
    """The plan's sheets. Keeps every grid current after each change of the plan."""

    statusMessage = Signal(str)
    selectionChanged = Signal()

    def __init__(
        self, session: PlanSession, controller: EditController, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.session = session
        self.setDocumentMode(True)
        self.views: list[SheetView] = []
        for template in session.catalogue.templates:
            inner = QTabWidget()
            inner.setTabPosition(QTabWidget.TabPosition.South)
            inner.setDocumentMode(True)
            for sheet in template.sheets:
                model = SheetModel(session, sheet, controller.apply)
                view = SheetView(model, controller)
                view.setObjectName(f"sheet-{template.id}-{sheet.id}")
                view.statusMessage.connect(self.statusMessage)
                view.sheetStepRequested.connect(lambda step, v=view: self.step_sheet(v, step))
                view.zoomRequested.connect(self.step_zoom)
                view.line_header.labelWidthDragged.connect(self._show_label_width)
                view.line_header.labelWidthChosen.connect(self._choose_label_width)
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
        self.zoom = 100
        self.label_width = settings.label_width(style.LABEL_WIDTH)
        self.set_zoom(settings.grid_zoom(), remember=False)

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

    def show_view(self, view: SheetView) -> None:
        """Bring ``view``'s template and sheet tabs to the front."""
        for outer in range(self.count()):
            inner = self.widget(outer)
            if isinstance(inner, QTabWidget) and inner.indexOf(view) >= 0:
                self.setCurrentIndex(outer)
                inner.setCurrentWidget(view)
                return

    def go_to(self, line: str, period: str, *, focus: bool = True) -> SheetView | None:
        """Switch to the sheet holding ``line`` and select its cell in ``period``."""
        for view in self.views:
            if view.sheet_model.has_line(line):
                self.show_view(view)
                view.go_to(line, period, focus=focus)
                return view
        return None

    def step_sheet(self, view: SheetView, step: int) -> None:
        """Ctrl+PgDn / Ctrl+PgUp: the next / previous sheet, across templates, with its
        current cell selected (the first input cell on a sheet not visited yet)."""
        position = self.views.index(view) + step
        if not 0 <= position < len(self.views):
            self.statusMessage.emit(
                "This is the last sheet of the plan" if step > 0 else "This is the first sheet"
            )
            return
        target = self.views[position]
        self.show_view(target)
        target.setFocus()
        target.show_current_cell()

    # -- zoom and the label column -----------------------------------------------------

    def set_zoom(self, percent: int, *, remember: bool = True) -> None:
        """Show every grid at ``percent`` (50-200) and remember it for the user."""
        percent = max(ZOOM_LEVELS[0], min(ZOOM_LEVELS[-1], percent))
        self.zoom = percent
        for view in self.views:
            view.set_zoom(percent)
            view.set_label_width(round(self.label_width * percent / 100))
        if remember:
            settings.set_grid_zoom(percent)
            self.statusMessage.emit(f"Zoom {percent}%")

    def step_zoom(self, step: int) -> None:
        """One zoom level in (+1) or out (-1)."""
        if step > 0:
            larger = [level for level in ZOOM_LEVELS if level > self.zoom]
            self.set_zoom(larger[0] if larger else ZOOM_LEVELS[-1])
        else:
            smaller = [level for level in ZOOM_LEVELS if level < self.zoom]
            self.set_zoom(smaller[-1] if smaller else ZOOM_LEVELS[0])

    def _show_label_width(self, pixels: int) -> None:
        for view in self.views:
            view.set_label_width(pixels)

    def _choose_label_width(self, pixels: int) -> None:
        self._show_label_width(pixels)
        current = self.current_view()
        shown = current.line_header.label_width if current else pixels
        self.label_width = round(shown * 100 / self.zoom)
        settings.set_label_width(self.label_width)

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
