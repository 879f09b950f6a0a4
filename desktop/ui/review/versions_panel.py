"""The submitted versions of a plan, with Submit, Record approval and Compare, and the
selected version's submission bundle and board pack."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.changes import PlanChanges
from ...core.errors import UserError
from ...core.review.versions import Version
from ...core.session import PlanSession
from ...core.snapshot import PlanSnapshot
from .. import exchange_actions, review_actions
from ..session_watch import SessionWatch
from .approval_dialog import ApprovalDialog, refusal_text
from .compare_dialog import CompareDialog

COLUMNS = ("Version", "Submitted", "Approval")


def local_time(stamp: str) -> str:
    """A stored UTC time (2019-03-20T09:30:00Z) as local time: 2019-03-20 09:30."""
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%Y-%m-%d %H:%M")


def version_texts(snapshot: PlanSnapshot, version: Version) -> tuple[str, str, str]:
    """The three cells of a version's row: label and hash, when and by whom, approval."""
    approval = snapshot.approval_of(version)
    approved = (
        f"Approved by the {approval.body}\non {approval.meeting_date}\nminute {approval.minute}"
        if approval
        else "Not approved"
    )
    return (
        f"{version.label}\n{version.short_hash}",
        f"{local_time(version.created_at)}\nby {version.created_by}",
        approved,
    )


class VersionsPanel(QWidget):
    """The version list (newest first) and what can be done with it."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.message_box: QMessageBox | None = None
        self.approval_dialog: ApprovalDialog | None = None
        self.compare_dialog: CompareDialog | None = None

        title = QLabel("Versions")
        title.setStyleSheet("font-size: 11pt; font-weight: bold; color: #1F3864;")
        self.working_label = QLabel()
        self.working_label.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column, width in enumerate((100, 130)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # the rows' wrapped text is laid out again when the panel is resized: never cut off
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.submit_button = QPushButton()
        # once the stage is submitted: how to go on, said where the greyed Submit is
        self.next_draft_label = QLabel()
        self.next_draft_label.setWordWrap(True)
        self.next_draft_button = QPushButton()
        self.next_draft_button.clicked.connect(self.start_next_draft)
        self.approve_button = QPushButton("Record approval…")
        self.compare_button = QPushButton("Compare…")
        self.submit_button.clicked.connect(self.submit)
        self.approve_button.clicked.connect(self.record_approval)
        self.compare_button.clicked.connect(self.open_compare)
        # the selected version as it was submitted: its bundle and its board pack
        self.export_button = QPushButton("Export…")
        self.pack_button = QPushButton("Board pack…")
        self.export_button.clicked.connect(lambda: self.export_version())
        self.pack_button.clicked.connect(lambda: self.board_pack_of_version())
        self.table.itemSelectionChanged.connect(self._update_buttons)

        buttons = QHBoxLayout()
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        version_buttons = QHBoxLayout()
        version_buttons.addWidget(self.export_button)
        version_buttons.addWidget(self.pack_button)
        version_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(title)
        layout.addWidget(self.working_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(version_buttons)
        next_draft = QHBoxLayout()
        next_draft.addWidget(self.next_draft_label, 1)
        next_draft.addWidget(self.next_draft_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(next_draft)

        self._watch = SessionWatch(self, session, VersionsPanel._session_changed)
        self.refresh()

    # -- reading -----------------------------------------------------------------------

    def versions(self) -> list[Version]:
        """The versions in the order listed (newest first)."""
        return list(reversed(self.session.snapshot().versions))

    def selected_version(self) -> Version | None:
        rows = self.table.selectionModel().selectedRows()
        listed = self.versions()
        if not rows or rows[0].row() >= len(listed):
            return None
        return listed[rows[0].row()]

    def select_version(self, label: str) -> None:
        for row, version in enumerate(self.versions()):
            if version.label == label:
                self.table.selectRow(row)
                return

    # -- refreshing --------------------------------------------------------------------

    def _session_changed(self, changes: PlanChanges) -> None:
        """The list when versions or approvals changed; the working copy's line and the
        buttons when the stage, the figures or the commentary did (the working copy may
        now be identical to a version, or no longer)."""
        if changes.versions or changes.approvals:
            self.refresh()
        elif changes.stage or changes.cells or changes.commentary or changes.lock_lost:
            self.working_label.setText(self._working_text())
            self._update_buttons()

    def refresh(self) -> None:
        snapshot = self.session.snapshot()
        selected = self.selected_version()
        listed = self.versions()
        self.table.setRowCount(len(listed))
        for row, version in enumerate(listed):
            for column, text in enumerate(version_texts(snapshot, version)):
                item = QTableWidgetItem(text)
                item.setToolTip(f"Content hash {version.content_hash}" if column == 0 else text)
                if column == 2 and snapshot.approval_of(version):
                    item.setForeground(QColor("#375623"))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if listed:
            keep = selected.label if selected else listed[0].label
            self.select_version(keep)
        self.working_label.setText(self._working_text())
        self._update_buttons()

    def _working_text(self) -> str:
        snapshot = self.session.snapshot()
        stage = snapshot.stage.label
        versions = snapshot.versions
        same = snapshot.same_version() if versions else None
        if same:
            return f"Working copy at {stage}: identical to {same.label}."
        if versions:
            return f"Working copy at {stage}: changed since {versions[-1].label} was submitted."
        return f"Working copy at {stage}: nothing submitted yet."

    def _update_buttons(self) -> None:
        session = self.session
        snapshot = session.snapshot()
        stage = snapshot.stage
        submitted = any(v.label == stage.label for v in snapshot.versions)
        self.submit_button.setText(f"Submit as {stage.label}")
        self.submit_button.setEnabled(not session.read_only and not submitted)
        self.submit_button.setToolTip(
            f"{stage.label} has already been submitted"
            if submitted
            else f"Freeze the current figures, findings and commentary as {stage.label}"
        )
        self._show_next_draft(submitted)
        version = self.selected_version()
        self.approve_button.setEnabled(version is not None and not session.read_only)
        self.approve_button.setToolTip(
            f"Record the approval of {version.label}" if version else "Select a version first"
        )
        self.compare_button.setEnabled(bool(snapshot.versions))
        name = version.label if version else ""
        self.export_button.setText(f"Export {name}…" if version else "Export…")
        self.pack_button.setText(f"Board pack of {name}…" if version else "Board pack…")
        for button, what in (
            (self.export_button, "Export the submission bundle of {} as it was submitted"),
            (self.pack_button, "Write the board pack of {} as it was submitted"),
        ):
            button.setEnabled(version is not None)
            button.setToolTip(what.format(name) if version else "Select a version first")

    def _show_next_draft(self, submitted: bool) -> None:
        """After a submission, say how to go on, and (for the plan's holder) offer it."""
        session = self.session
        stage = session.snapshot().stage
        following = f"Draft {stage.draft_number + 1}"
        if session.read_only:
            text = f"the plan's holder can start {following} to go on editing it."
        else:
            text = f"start {following} to go on editing towards the next submission."
        self.next_draft_label.setText(f"{stage.label} has been submitted: {text}")
        self.next_draft_button.setText(f"Start {following}")
        self.next_draft_label.setVisible(submitted)
        self.next_draft_button.setVisible(submitted and not session.read_only)

    # -- actions -----------------------------------------------------------------------

    def start_next_draft(self) -> None:
        """The stage becomes the next draft (the working copy is edited towards it)."""
        try:
            self.session.set_stage("draft")
        except UserError as exc:
            self._show_refusal("The next draft was not started", exc)

    def submit(self) -> Version | None:
        """Freeze the working copy as the stage's version; a refusal is shown in a box."""
        try:
            version = self.session.submit_version()
        except UserError as exc:
            self._show_refusal("The version was not submitted", exc)
            return None
        self.select_version(version.label)
        return version

    def _selected_snapshot(self) -> PlanSnapshot | None:
        version = self.selected_version()
        if version is None:
            return None
        return self.session.snapshot().at_version(version)

    def export_version(self, folder: Path | None = None) -> Path | None:
        """The selected version's submission bundle (its figures, stage and findings)."""
        snapshot = self._selected_snapshot()
        if snapshot is None:
            return None
        return exchange_actions.export_submission(self, snapshot, folder)

    def board_pack_of_version(self, path: Path | None = None) -> Path | None:
        """The selected version's board pack."""
        snapshot = self._selected_snapshot()
        if snapshot is None:
            return None
        return review_actions.export_board_pack(self, snapshot, path)

    def record_approval(self) -> ApprovalDialog | None:
        version = self.selected_version()
        if version is None:
            return None
        dialog = ApprovalDialog(self.session, version, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.approval_dialog = dialog
        dialog.open()
        return dialog

    def open_compare(self) -> CompareDialog:
        dialog = CompareDialog(self.session.snapshot(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.compare_dialog = dialog
        dialog.open()
        return dialog

    def _show_refusal(self, title: str, exc: UserError) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, refusal_text(exc, self.session.path))
        box.setParent(self, box.windowFlags())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()
