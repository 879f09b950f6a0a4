"""The main window: menus, the open plan's workspace, the findings dock, the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
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
from ..core.changes import PlanChanges
from ..core.checks import Finding
from ..core.errors import (
    DamagedPlanFile,
    NewerPlanFile,
    PlanInUse,
    UserError,
    describe_holder,
)
from ..core.samples import working_copy
from ..core.session import PlanSession
from ..core.store import PLAN_SUFFIX
from . import exchange_actions, help_dialogs, lock_ui, panes, restore_dialog, review_actions
from .dialogs import NewPlanDialog
from .dock_fold import DockFold
from .file_dialogs import remember_choice, start_folder, start_path
from .file_follow import FileFollower
from .findings_panel import FindingsPanel
from .settings import app_settings, recent_files, remember_file
from .window_fit import fit_first_window, keep_on_screen
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
    #: A plan was opened (properly: locked unless read-only) and is shown.
    planOpened = Signal()

    def __init__(self, session: PlanSession | None = None):
        super().__init__()
        self.workspace: PlanWorkspace | None = None
        #: A first look at the plan being opened (read-only, nothing enabled), or None.
        self.preview: PlanWorkspace | None = None
        #: Keeps a plan open read-only current with what its holder saves.
        self.follower: FileFollower | None = None
        self.findings_fold: DockFold | None = None
        self.review_page: QWidget | None = None
        self.findings: FindingsPanel | None = None
        self.lock_watch: lock_ui.LockWatch | None = None
        self._build_status_bar()
        self._build_menus()
        if not self._restore_geometry():
            fit_first_window(self)
        if session is not None:
            self.set_session(session)
        else:
            self._show_start_page()

    @classmethod
    def open_plan(cls, path: Path, *, read_only: bool = False) -> MainWindow:
        return cls(PlanSession.open(path, read_only=read_only))

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
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every binding of the platform: Ctrl+W and Ctrl+F4
        elif shortcut is not None:
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
        self._build_view_keys()
        self.plan_menu = bar.addMenu("&Plan")
        self.draft_action = self._action(
            self.plan_menu, "Set stage to &Draft", lambda: self.change_stage("draft")
        )
        self.final_action = self._action(
            self.plan_menu, "Set stage to &Final", lambda: self.change_stage("final")
        )
        self._build_help_menu()

    def _build_view_keys(self) -> None:
        """View menu: the grid's zoom, and F6 / Shift+F6 from pane to pane."""
        menu = self.view_menu
        menu.addSeparator()
        zoom_in = self._action(menu, "Zoom &in", lambda: self.zoom(1))
        zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self._action(menu, "Zoom &out", lambda: self.zoom(-1), "Ctrl+-")
        self._action(menu, "&Actual size (100%)", lambda: self.zoom(0), "Ctrl+0")
        menu.addSeparator()
        self._action(menu, "Next &pane", lambda: self.cycle_pane(1), "F6")
        self._action(menu, "Previous pa&ne", lambda: self.cycle_pane(-1), "Shift+F6")

    def _build_help_menu(self) -> None:
        menu = self.menuBar().addMenu("&Help")
        self._action(menu, "&Keyboard reference", self.show_keyboard_help, "F1")
        self._action(menu, "&Colour legend", self.show_colour_legend)
        menu.addSeparator()
        self._action(menu, f"&About {APP_NAME}", self.show_about)
        self.help_menu = menu

    def _dock_height(self) -> int:
        """The findings dock's unfolded height: a quarter of the screen, at most 230."""
        screen = self.screen()
        available = screen.availableGeometry().height() if screen is not None else 768
        least = self.findings.minimumSizeHint().height() if self.findings is not None else 0
        return max(least, min(230, available // 4))

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
        editable = not self.workspace.session.read_only

        def on_view(method: str):
            def run() -> None:
                view = tabs.current_view()
                if view is not None:
                    getattr(view, method)()

            return run

        workspace = self.workspace
        menu.addSeparator()
        self._action(menu, "&Find\u2026", workspace.find_bar.open_bar, "Ctrl+F")
        self._action(menu, "Find &next", lambda: self.find_step(1), "F3")
        self._action(menu, "Find pre&vious", lambda: self.find_step(-1), "Shift+F3")
        go_to = self._action(menu, "&Go to\u2026", workspace.formula_bar.start_go_to)
        go_to.setShortcuts([QKeySequence("Ctrl+G"), QKeySequence("F5")])
        menu.addSeparator()
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

    def set_session(self, session: PlanSession) -> None:
        self._close_workspace()
        self._drop_preview()
        self.lock_watch = lock_ui.LockWatch(self, session)
        workspace = PlanWorkspace(session, self)
        workspace.statusMessage.connect(self.show_message)
        workspace.planChanged.connect(self._plan_changed)
        workspace.tabs.selectionChanged.connect(self._selection_timer.start)
        workspace.undo_stack.cleanChanged.connect(lambda *_: self._update_status())
        workspace.newPlanRequested.connect(self.new_plan)
        workspace.findingRequested.connect(self.show_finding)
        workspace.tabs.restore_state()
        self.workspace = workspace
        self.review_page = None
        self.pages = QStackedWidget()
        self.pages.addWidget(workspace)
        central: QWidget = self.pages
        if session.read_only:
            self.follower = FileFollower(session, workspace)
            self.follower.statusMessage.connect(self.show_message)
            self.follower.reloadRequested.connect(self.reload_plan)
            central = QWidget()
            column = QVBoxLayout(central)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            column.addWidget(self.follower.banner)  # above the sheets and the review alike
            column.addWidget(self.pages)
        self.setCentralWidget(central)
        self.review_action.setChecked(False)
        if self.findings is None:
            self.findings = FindingsPanel(session, self)
            self.findings.cellRequested.connect(self.go_to_cell)
        else:
            self.findings.set_session(session)
        if self.dockWidgetArea(self.findings) == Qt.DockWidgetArea.NoDockWidgetArea:
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings)
            findings = self.findings
            self.findings_fold = DockFold(
                self, findings, lambda: not any(findings.counts().values()), self._dock_height()
            )
            self.resizeDocks([findings], [self.findings_fold.height], Qt.Orientation.Vertical)
            toggle = self.findings.toggleViewAction()
            toggle.setText("&Findings panel")
            toggle.setShortcut(QKeySequence("F8"))
            self.view_menu.addAction(toggle)
            self._action(
                self.view_menu, "F&old the findings panel", self.findings_fold.toggle, "Ctrl+F8"
            )
        self.findings.show()
        if self.isVisible():  # opened in a window already shown: size the dock once laid out
            QTimer.singleShot(0, self, self._fit_after_show)
        elif self.findings_fold is not None:
            self.findings_fold.follow_contents()
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
        remember_file(session.path)
        if session.file.backup_problem:
            self.show_message(f"Warning: {session.file.backup_problem}")
        self._update_status()
        self._focus_first_cell(workspace)
        self.planOpened.emit()

    @staticmethod
    def _focus_first_cell(workspace: PlanWorkspace) -> None:
        view = workspace.tabs.current_view()
        if view is not None:
            view.select_cell(view.model().index(0, 0))
            view.setFocus()

    def show_preview(self, session: PlanSession) -> PlanWorkspace:
        """Show a first look at the plan being opened: its sheets, read-only, with every
        action disabled, until ``set_session`` shows the plan opened properly."""
        self._close_workspace()
        self._drop_preview()
        self._no_plan_actions()
        workspace = PlanWorkspace(session, self, preview=True)
        workspace.tabs.restore_state()
        self.preview = workspace
        self.setCentralWidget(workspace)
        self.setWindowTitle(f"{session.info.org_code} {session.info.org_name} – {APP_NAME}")
        self.statusBar().showMessage(f"Opening {session.path.name}…")
        self._focus_first_cell(workspace)
        return workspace

    def _drop_preview(self) -> None:
        if self.preview is not None:
            self.preview.session.close()
            self.preview.deleteLater()
            self.preview = None
            self.statusBar().clearMessage()

    def refresh_editable(self, *, rebuild_menu: bool = True) -> None:
        """Enable what edits the plan only while it can be edited (it may turn read-only)."""
        session = self.session()
        if session is None:
            return
        for action in (self.import_action, self.draft_action, self.final_action):
            action.setEnabled(not session.read_only)
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
        if self.follower is not None:
            self.follower.stop()
            self.follower = None
        if self.workspace is not None:
            self.workspace.close_session()
            self.workspace.deleteLater()
            self.workspace = None

    def _show_start_page(self) -> None:
        self._drop_preview()
        self.setCentralWidget(StartPage(self))
        self.setWindowTitle(APP_NAME)
        self._no_plan_actions()

    def _no_plan_actions(self) -> None:
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
        """Show a finding's cell, leaving the focus where it is (the user may be arrowing
        through the findings)."""
        if self.workspace is not None and line:
            if self.in_review():
                self.set_review(False)
            self.workspace.tabs.go_to(line, period, focus=False)

    def show_finding(self, finding: Finding) -> None:
        """Select a finding in the findings panel (which shows its cell), or show its cell
        when the panel's filters hide it."""
        panel = self.findings
        if panel is not None and panel.isVisible() and panel.select_finding(finding):
            return
        if finding.line:
            self.go_to_cell(finding.line, finding.period or "")

    # -- keys around the grid ----------------------------------------------------------

    def find_step(self, step: int) -> None:
        """F3 / Shift+F3: the next / previous match (the Find bar opens when empty)."""
        if self.workspace is None:
            return
        bar = self.workspace.find_bar
        if not bar.has_text():
            bar.open_bar()
            return
        bar.show()
        bar.step(step)

    def zoom(self, step: int) -> None:
        """Zoom the grids one level in (+1) or out (-1), or back to 100% (0)."""
        if self.workspace is None:
            return
        tabs = self.workspace.tabs
        if step:
            tabs.step_zoom(step)
        else:
            tabs.set_zoom(100)

    def cycle_pane(self, step: int) -> None:
        """F6 / Shift+F6: the next / previous pane (grid, findings list, commentary)."""
        view = self.workspace.tabs.current_view() if self.workspace else None
        panes.cycle(None if self.in_review() else view, self.findings, step)

    def show_keyboard_help(self) -> None:
        help_dialogs.show_help(self, "Keyboard reference", help_dialogs.keyboard_html())

    def show_colour_legend(self) -> None:
        help_dialogs.show_help(self, "Colour legend", help_dialogs.colour_legend_html(), (700, 470))

    def show_about(self) -> None:
        from ..logsetup import log_path

        body = help_dialogs.about_html(log_path())
        help_dialogs.show_help(self, f"About {APP_NAME}", body, (700, 420))

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

                self.review_page = ReviewPage(self.workspace.session)
                self.pages.addWidget(self.review_page)
            self.pages.setCurrentWidget(self.review_page)
            self._clear_edit_menu()
        else:
            self.pages.setCurrentWidget(self.workspace)
            self._rebuild_edit_menu()
        self.review_action.setChecked(on)
        self._update_status()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Typing that reaches the window in review mode: nothing can be typed there; say so."""
        text = event.text()
        command = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if self.in_review() and text and text.isprintable() and not event.modifiers() & command:
            self.show_message(
                "Review mode shows the figures only: nothing can be typed here "
                "(F9 goes back to the sheets)"
            )
            event.accept()
            return
        super().keyPressEvent(event)

    def export_board_pack(self) -> None:
        session = self.session()
        if session is not None:
            review_actions.export_board_pack(self, session.snapshot())

    def change_stage(self, kind: str) -> None:
        session = self.session()
        if session is not None and review_actions.set_stage(self, session, kind):
            self.show_message(f"Stage set to {session.snapshot().stage.label}")
            self._update_status()

    def session(self) -> PlanSession | None:
        return self.workspace.session if self.workspace else None

    # -- status and title --------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def _plan_changed(self, changes: PlanChanges) -> None:
        """The title and the stage when they changed; the selection's sum when figures did."""
        if changes.stage or changes.lock_lost:
            self._update_status()
        elif changes.lines:
            self._update_selection()

    def _update_status(self) -> None:
        session = self.session()
        if session is None:
            return
        stage = session.snapshot().stage.label
        info = session.info
        title = f"{info.org_code} {info.org_name} \u2013 {session.round.name} \u2013 {stage}"
        if session.read_only:
            title += " (read-only)"
        if self.in_review():
            title += " \u2013 Review"
        self.setWindowTitle(f"{title} \u2013 {APP_NAME}")
        self.stage_label.setText(f"Stage: {stage}")
        self.saved_label.setText("Read-only" if session.read_only else "All changes saved")
        self._update_selection()

    def _update_selection(self) -> None:
        if self.workspace is not None:
            self.selection_label.setText(self.workspace.selection_summary())

    # -- file actions ------------------------------------------------------------------

    def open_path(self, path: Path, *, read_only: bool = False) -> bool:
        """Open ``path``; a plan held by someone, or from a newer version, is offered
        read-only. The current plan stays open when the new one cannot be opened."""
        current = self.session()
        if current is not None and Path(path).resolve() == current.path.resolve():
            self.show_message(f"{current.path.name} is already open")
            self.raise_()
            self.activateWindow()
            return True
        try:
            session = PlanSession.open(path, read_only=read_only)
        except PlanInUse as exc:
            choice = self._ask_in_use(exc)
            if choice == "take over":
                try:
                    session = PlanSession.open(path, take_over=True)
                except UserError as again:
                    QMessageBox.critical(self, APP_NAME, str(again))
                    return False
                self.set_session(session)
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
        self.set_session(session)
        return True

    def _ask_in_use(self, exc: PlanInUse) -> str:
        """Held by someone: open read-only (the default), take over, or cancel."""
        return lock_ui.ask_in_use(self, exc)

    def open_dialog(self, read_only: bool = False) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open plan", str(start_folder()), FILE_FILTER)
        if path:
            remember_choice(Path(path))
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
        path, _ = QFileDialog.getSaveFileName(
            self, "Create plan", start_path(suggested), FILE_FILTER
        )
        if not path:
            return
        remember_choice(Path(path))
        target = Path(path)
        if target.suffix != PLAN_SUFFIX:
            target = target.with_suffix(PLAN_SUFFIX)
        try:
            session = PlanSession.create(target, **values)
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return
        self.set_session(session)

    def save_copy(self) -> None:
        session = self.session()
        if session is None:
            return
        suggested = start_path(f"{session.path.stem} copy{PLAN_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy as", suggested, FILE_FILTER)
        if not path:
            return
        remember_choice(Path(path))
        try:
            dest = session.save_copy(Path(path))
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return
        self.show_message(f"Saved a copy to {dest}")

    def restore_backup(self) -> None:
        """File > Restore a backup...: for the open plan, else for a plan chosen."""
        restore_dialog.restore_from_menu(self)

    def export_submission(self) -> None:
        if self.workspace is not None:
            exchange_actions.export_submission(self, self.workspace.session.snapshot())

    def import_workbook(self) -> None:
        if self.workspace is not None:
            exchange_actions.import_workbook(self, self.workspace)

    def reload_plan(self) -> None:
        """Open the plan shown again, read-only as it is (and in review if it was)."""
        session = self.session()
        if session is None:
            return
        path, review = session.path, self.in_review()
        self.close_plan()
        if self.open_path(path, read_only=True) and review:
            self.set_review(True)

    def close_plan(self) -> None:
        self._close_workspace()
        self._show_start_page()

    # -- window state ------------------------------------------------------------------

    def _restore_geometry(self) -> bool:
        """The window's last geometry, kept within this screen's available area."""
        geometry = app_settings().value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            keep_on_screen(self)
            return True
        return False

    def _restore_docks(self) -> None:
        state = app_settings().value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_docks_restored", False):
            self._docks_restored = True
            self._restore_docks()
            # laid out now, with the window manager's frame: make sure all of it fits
            QTimer.singleShot(0, self, self._fit_after_show)

    def _fit_after_show(self) -> None:
        keep_on_screen(self)
        fold = self.findings_fold
        if fold is not None and self.findings is not None and self.findings.isVisible():
            if not fold.folded() and self.findings.height() > fold.height * 3 // 2:
                self.resizeDocks([self.findings], [fold.height], Qt.Orientation.Vertical)
            fold.follow_contents()

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        self._close_workspace()
        settings.sync()
        super().closeEvent(event)
