"""The main window: menus, the open plan's workspace, the findings dock, the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..core.document import PlanDocument
from ..core.errors import (
    DamagedPlanFile,
    NewerPlanFile,
    PlanInUse,
    UserError,
    describe_holder,
)
from ..core.samples import working_copy
from ..core.store import PLAN_SUFFIX
from . import exchange_actions, lock_ui, restore_dialog, review_actions
from .dialogs import NewPlanDialog
from .findings_panel import FindingsPanel
from .settings import app_settings, recent_files, remember_file
from .workspace import PlanWorkspace

FILE_FILTER = f"OpPlan Desk plans (*{PLAN_SUFFIX})"
MESSAGE_MS = 8000


class StartPage(QWidget):
    """Shown when no plan is open."""

    def __init__(self, window: MainWindow):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(f"<h2>{APP_NAME}</h2><p>No plan is open.</p>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        for text, slot in (
            ("New plan\u2026", window.new_plan),
            ("Open\u2026", window.open_dialog),
            ("Open the sample plan", window.open_sample),
        ):
            button = QPushButton(text)
            button.setMinimumWidth(240)
            button.clicked.connect(slot)
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    def __init__(self, document: PlanDocument | None = None):
        super().__init__()
        self.workspace: PlanWorkspace | None = None
        self.review_page: QWidget | None = None
        self.findings: FindingsPanel | None = None
        self.lock_watch: lock_ui.LockWatch | None = None
        self._build_status_bar()
        self._build_menus()
        self.resize(1366, 768)
        self._restore_geometry()
        if document is not None:
            self.set_document(document)
        else:
            self._show_start_page()

    @classmethod
    def open_plan(cls, path: Path, *, read_only: bool = False) -> MainWindow:
        return cls(PlanDocument.open(path, read_only=read_only))

    # -- building ----------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self._selection_timer = QTimer(self)  # one summary per burst of selection changes
        self._selection_timer.setSingleShot(True)
        self._selection_timer.setInterval(0)
        self._selection_timer.timeout.connect(self._update_selection)
        self.selection_label = QLabel()
        self.stage_label = QLabel()
        self.saved_label = QLabel()
        for label in (self.selection_label, self.stage_label, self.saved_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def _action(self, menu: QMenu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New plan\u2026", self.new_plan, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Open\u2026", self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(file_menu, "Open &read-only\u2026", lambda: self.open_dialog(read_only=True))
        self.recent_menu = file_menu.addMenu("Recent &files")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self.save_copy_action = self._action(file_menu, "Save a &copy as\u2026", self.save_copy)
        self._action(file_menu, "Restore a &backup\u2026", self.restore_backup)
        file_menu.addSeparator()
        self.export_action = self._action(
            file_menu, "&Export submission\u2026", self.export_submission, "Ctrl+E"
        )
        self.import_action = self._action(file_menu, "&Import workbook\u2026", self.import_workbook)
        file_menu.addSeparator()
        self.close_action = self._action(
            file_menu, "&Close plan", self.close_plan, QKeySequence.StandardKey.Close
        )
        self._action(file_menu, "E&xit", self.close, QKeySequence.StandardKey.Quit)
        self.file_menu = file_menu

        self.board_pack_action = self._action(
            file_menu, "Export &board pack\u2026", self.export_board_pack
        )
        file_menu.insertAction(self.close_action, self.board_pack_action)
        file_menu.insertSeparator(self.close_action)

        self.edit_menu = bar.addMenu("&Edit")
        self.view_menu = bar.addMenu("&View")
        self.review_action = self._action(
            self.view_menu,
            "&Review (dashboard, versions, approval)",
            lambda on: self.set_review(on),
            "F9",
        )
        self.review_action.setCheckable(True)
        self.plan_menu = bar.addMenu("&Plan")
        self.draft_action = self._action(
            self.plan_menu, "Set stage to &Draft", lambda: self.change_stage("draft")
        )
        self.final_action = self._action(
            self.plan_menu, "Set stage to &Final", lambda: self.change_stage("final")
        )

    def _clear_edit_menu(self) -> None:
        for action in self.edit_menu.actions():
            if action.parent() is self:
                action.deleteLater()  # made for the previous plan or mode: not kept
        self.edit_menu.clear()

    def _rebuild_edit_menu(self) -> None:
        menu = self.edit_menu
        self._clear_edit_menu()
        if self.workspace is None:
            return
        stack = self.workspace.undo_stack
        undo = stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        menu.addAction(undo)
        menu.addAction(redo)
        menu.addSeparator()
        tabs = self.workspace.tabs
        editable = not self.workspace.document.read_only

        def on_view(method: str):
            def run() -> None:
                view = tabs.current_view()
                if view is not None:
                    getattr(view, method)()

            return run

        self._action(menu, "&Copy", on_view("copy_selection"))
        for text, method, key in (
            ("&Paste", "paste", None),
            ("C&lear", "clear_selection", None),
            ("Fill &down", "fill_down", "Ctrl+D"),
            ("Fill &right", "fill_right", "Ctrl+R"),
        ):
            action = self._action(menu, text, on_view(method))
            action.setEnabled(editable)
            if key:
                action.setToolTip(key)

    # -- the open plan -----------------------------------------------------------------

    def set_document(self, document: PlanDocument) -> None:
        self._close_workspace()
        self.lock_watch = lock_ui.LockWatch(self, document)
        workspace = PlanWorkspace(document, self)
        workspace.statusMessage.connect(self.show_message)
        workspace.planChanged.connect(self._update_status)
        workspace.tabs.selectionChanged.connect(self._selection_timer.start)
        workspace.undo_stack.cleanChanged.connect(lambda *_: self._update_status())
        workspace.tabs.restore_state()
        self.workspace = workspace
        self.review_page = None
        self.pages = QStackedWidget()
        self.pages.addWidget(workspace)
        self.setCentralWidget(self.pages)
        self.review_action.setChecked(False)
        if self.findings is None:
            self.findings = FindingsPanel(document, self)
            self.findings.cellRequested.connect(self.go_to_cell)
        else:
            self.findings.set_document(document)
        if self.dockWidgetArea(self.findings) == Qt.DockWidgetArea.NoDockWidgetArea:
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings)
            self.resizeDocks([self.findings], [230], Qt.Orientation.Vertical)
            toggle = self.findings.toggleViewAction()
            toggle.setText("&Findings panel")
            toggle.setShortcut(QKeySequence("F8"))
            self.view_menu.addAction(toggle)
        self.findings.show()
        self._rebuild_edit_menu()
        for action in (
            self.save_copy_action,
            self.close_action,
            self.export_action,
            self.board_pack_action,
            self.review_action,
        ):
            action.setEnabled(True)
        self.refresh_editable(rebuild_menu=False)  # built above
        remember_file(document.path)
        if document.file.backup_problem:
            self.show_message(f"Warning: {document.file.backup_problem}")
        view = workspace.tabs.current_view()
        if view is not None:
            view.select_cell(view.model().index(0, 0))
            view.setFocus()

    def refresh_editable(self, *, rebuild_menu: bool = True) -> None:
        """Enable what edits the plan only while it can be edited (it may turn read-only)."""
        document = self.document()
        if document is None:
            return
        for action in (self.import_action, self.draft_action, self.final_action):
            action.setEnabled(not document.read_only)
        if rebuild_menu and not self.in_review():
            self._rebuild_edit_menu()
        self._update_status()

    def _close_workspace(self) -> None:
        if self.lock_watch is not None:
            self.lock_watch.stop()
            self.lock_watch = None
        if self.findings is not None and self.workspace is not None:
            self.findings.commit_commentary()  # typed but not yet saved: keep it
        if getattr(self, "review_page", None) is not None:
            self.review_page.deleteLater()  # type: ignore[union-attr]
            self.review_page = None
        if self.workspace is not None:
            self.workspace.close_document()
            self.workspace.deleteLater()
            self.workspace = None

    def _show_start_page(self) -> None:
        self.setCentralWidget(StartPage(self))
        self.setWindowTitle(APP_NAME)
        for action in (
            self.save_copy_action,
            self.close_action,
            self.export_action,
            self.import_action,
            self.board_pack_action,
            self.review_action,
            self.draft_action,
            self.final_action,
        ):
            action.setEnabled(False)
        self.stage_label.setText("")
        self.saved_label.setText("")
        if self.findings is not None:
            self.findings.hide()
        self._clear_edit_menu()

    def go_to_cell(self, line: str, period: str) -> None:
        if self.workspace is not None and line:
            if self.in_review():
                self.set_review(False)
            self.workspace.tabs.go_to(line, period)

    # -- review ------------------------------------------------------------------------

    def in_review(self) -> bool:
        return self.review_page is not None and self.pages.currentWidget() is self.review_page

    def set_review(self, on: bool) -> None:
        """Show the review page (dashboard, versions, approval) or go back to the sheets.

        Review shows figures only: nothing can be typed or pasted there."""
        if self.workspace is None:
            return
        if on:
            if self.review_page is None:
                from .review.review_page import ReviewPage

                self.review_page = ReviewPage(self.workspace.document)
                self.pages.addWidget(self.review_page)
            self.pages.setCurrentWidget(self.review_page)
            self._clear_edit_menu()
        else:
            self.pages.setCurrentWidget(self.workspace)
            self._rebuild_edit_menu()
        self.review_action.setChecked(on)
        self._update_status()

    def export_board_pack(self) -> None:
        document = self.document()
        if document is not None:
            review_actions.export_board_pack(self, document)

    def change_stage(self, kind: str) -> None:
        document = self.document()
        if document is not None and review_actions.set_stage(self, document, kind):
            self.show_message(f"Stage set to {document.stage().label}")
            self._update_status()

    def document(self) -> PlanDocument | None:
        return self.workspace.document if self.workspace else None

    # -- status and title --------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def _update_status(self) -> None:
        document = self.document()
        if document is None:
            return
        stage = document.stage().label
        info = document.info
        title = f"{info.org_code} {info.org_name} \u2013 {document.round.name} \u2013 {stage}"
        if document.read_only:
            title += " (read-only)"
        if self.in_review():
            title += " \u2013 Review"
        self.setWindowTitle(f"{title} \u2013 {APP_NAME}")
        self.stage_label.setText(f"Stage: {stage}")
        self.saved_label.setText("Read-only" if document.read_only else "All changes saved")
        self._update_selection()

    def _update_selection(self) -> None:
        if self.workspace is not None:
            self.selection_label.setText(self.workspace.selection_summary())

    # -- file actions ------------------------------------------------------------------

    def open_path(self, path: Path, *, read_only: bool = False) -> bool:
        """Open ``path``; a plan held by someone, or from a newer version, is offered
        read-only. The current plan stays open when the new one cannot be opened."""
        current = self.document()
        if current is not None and Path(path).resolve() == current.path.resolve():
            self.show_message(f"{current.path.name} is already open")
            self.raise_()
            self.activateWindow()
            return True
        try:
            document = PlanDocument.open(path, read_only=read_only)
        except PlanInUse as exc:
            choice = self._ask_in_use(exc)
            if choice == "take over":
                try:
                    document = PlanDocument.open(path, take_over=True)
                except UserError as again:
                    QMessageBox.critical(self, APP_NAME, str(again))
                    return False
                self.set_document(document)
                who, machine, _since = describe_holder(exc.holder)
                self.show_message(f"Taken over from {who} on {machine}")
                return True
            if choice == "read-only":
                return self.open_path(path, read_only=True)
            return False
        except NewerPlanFile as exc:
            QMessageBox.information(self, APP_NAME, f"{exc}.\n\nIt will open read-only.")
            return self.open_path(path, read_only=True)
        except DamagedPlanFile as exc:
            return restore_dialog.offer_restore(self, Path(path), exc)
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return False
        self.set_document(document)
        return True

    def _ask_in_use(self, exc: PlanInUse) -> str:
        """Held by someone: open read-only (the default), take over, or cancel."""
        return lock_ui.ask_in_use(self, exc)

    def open_dialog(self, read_only: bool = False) -> None:
        current = self.document()
        start = str(current.path.parent) if current else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open plan", start, FILE_FILTER)
        if path:
            self.open_path(Path(path), read_only=read_only)

    def open_sample(self) -> None:
        try:
            self.open_path(working_copy())
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = recent_files()
        if not files:
            self.recent_menu.addAction("(none)").setEnabled(False)
        for path in files:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))

    def new_plan(self) -> None:
        dialog = NewPlanDialog(self)
        if dialog.exec() != NewPlanDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        suggested = f"{values['org_code']}_{values['round_id']}{PLAN_SUFFIX}"
        current = self.document()
        start = current.path.parent if current else Path.home()
        path, _ = QFileDialog.getSaveFileName(
            self, "Create plan", str(start / suggested), FILE_FILTER
        )
        if not path:
            return
        target = Path(path)
        if target.suffix != PLAN_SUFFIX:
            target = target.with_suffix(PLAN_SUFFIX)
        try:
            document = PlanDocument.create(target, **values)
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return
        self.set_document(document)

    def save_copy(self) -> None:
        document = self.document()
        if document is None:
            return
        suggested = document.path.with_name(f"{document.path.stem} copy{PLAN_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy as", str(suggested), FILE_FILTER)
        if not path:
            return
        try:
            dest = document.save_copy(Path(path))
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return
        self.show_message(f"Saved a copy to {dest}")

    def restore_backup(self) -> None:
        """File > Restore a backup...: for the open plan, else for a plan chosen."""
        restore_dialog.restore_from_menu(self)

    def export_submission(self) -> None:
        if self.workspace is not None:
            exchange_actions.export_submission(self, self.workspace)

    def import_workbook(self) -> None:
        if self.workspace is not None:
            exchange_actions.import_workbook(self, self.workspace)

    def close_plan(self) -> None:
        self._close_workspace()
        self._show_start_page()

    # -- window state ------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def _restore_docks(self) -> None:
        state = app_settings().value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_docks_restored", False):
            self._docks_restored = True
            self._restore_docks()

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        self._close_workspace()
        settings.sync()
        super().closeEvent(event)
