"""Record the trust board's (governing body's) approval of a submitted version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import DateRefused, long_date
from ...core.errors import BadInput, UserError
from ...core.review.versions import Approval, Version
from ...core.session import PlanSession
from ..date_field import DateField


def refusal_text(exc: UserError, path: Path | None = None) -> str:
    """A refusal for a person: the summary (without the plan file's ``path``), then each
    problem."""
    summary = exc.summary if isinstance(exc, BadInput) else str(exc)
    if path is not None and summary.startswith(f"{path}: "):
        summary = summary[len(f"{path}: ") :]
    summary = summary[:1].upper() + summary[1:]
    if isinstance(exc, BadInput) and exc.problems:
        problems = [p[:1].upper() + p[1:] for p in exc.problems]
        return "\n".join([summary, *(f"• {p}" for p in problems)])
    return summary


class ApprovalDialog(QDialog):
    """Body, meeting date, approver, role and minute for ``version``; OK records them.

    A refusal (an empty field, a date in the future) is shown in the dialog, which
    stays open; ``approval`` holds the recorded approval once accepted.
    """

    def __init__(self, session: PlanSession, version: Version, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.version = version
        self.approval: Approval | None = None
        self.setWindowTitle(f"Record approval of {version.label}")

        self.body = QComboBox()
        self.body.setEditable(True)
        self.body.addItem(session.round.kind(session.info.org_kind).approving_body)
        self.meeting_date = DateField("the meeting date")
        self.meeting_date.set_maximum(dt.date.today())
        self.meeting_date.set_date(dt.date.today())
        # under the date: how it was read ("Monday 2 December 2019"), or why it was not
        self.date_problem = QLabel()
        self.date_problem.setWordWrap(True)
        self.approver = QLineEdit()
        self.approver.setPlaceholderText("e.g. Jane Smith")
        self.role = QLineEdit()
        self.role.setPlaceholderText("e.g. Chair")
        self.minute = QLineEdit()
        self.minute.setPlaceholderText("e.g. TB/19/042")

        self.version_label = QLabel(
            f"<b>{version.label}</b>, submitted {version.created_at} by {version.created_by}"
            f"<br>Content hash <code>{version.short_hash}</code>"
        )
        self.version_label.setToolTip(version.content_hash)
        existing = session.snapshot().approval_of(version)
        self.existing_label = QLabel(
            f"Already recorded: {existing.describe(version.label)}" if existing else ""
        )
        self.existing_label.setWordWrap(True)
        self.existing_label.setVisible(existing is not None)
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setStyleSheet("font-weight: bold; padding: 6px 0;")
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #C00000;")

        form = QFormLayout()
        form.addRow("Version", self.version_label)
        form.addRow("Approving &body", self.body)
        form.addRow("&Meeting date", self.meeting_date)
        form.addRow("", self.date_problem)
        form.addRow("Approver's &name", self.approver)
        form.addRow("Approver's &role", self.role)
        form.addRow("M&inute reference", self.minute)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Record approval")
        ok.setEnabled(not session.read_only)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.existing_label)
        layout.addWidget(self.sentence)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

        for first, second in (
            (self.body, self.meeting_date),
            (self.meeting_date, self.approver),
            (self.approver, self.role),
            (self.role, self.minute),
        ):
            QWidget.setTabOrder(first, second)  # reading order; the calendar button is skipped
        self.body.currentTextChanged.connect(self._update_sentence)
        self.meeting_date.textChanged.connect(self._update_sentence)
        self.meeting_date.editingFinished.connect(self._check_date)
        self._check_date()
        self._update_sentence()
        self.resize(520, self.sizeHint().height())

    def meeting_date_text(self) -> str:
        """The meeting date as stored (YYYY-MM-DD); DateRefused says why there is none."""
        return self._meeting_date().isoformat()

    def _meeting_date(self) -> dt.date:
        when = self.meeting_date.date()
        if when > dt.date.today():
            raise DateRefused(f"the meeting date {long_date(when)} is in the future")
        return when

    def _check_date(self) -> bool:
        """Say under the field how the date was read, or why it was not; False if not."""
        try:
            when = self._meeting_date()
        except DateRefused as exc:
            reason = str(exc)
            self.date_problem.setText(reason[:1].upper() + reason[1:])
            self.date_problem.setStyleSheet("color: #C00000;")
            return False
        self.date_problem.setText(long_date(when))
        self.date_problem.setStyleSheet("color: #595959;")
        return True

    def _update_sentence(self) -> None:
        body = self.body.currentText().strip() or "…"
        try:
            when = long_date(self.meeting_date.date())
        except DateRefused:
            when = "…"
        self.sentence.setText(
            f"You are recording that the {body} approved {self.version.label} "
            f"(content hash {self.version.short_hash}) at its meeting on {when}."
        )

    def accept(self) -> None:
        if not self._check_date():
            self.meeting_date.setFocus()
            return
        try:
            self.approval = self.session.approve(
                str(self.version.id),
                body=self.body.currentText(),
                meeting_date=self.meeting_date_text(),
                approver=self.approver.text(),
                role=self.role.text(),
                minute=self.minute.text(),
            )
        except UserError as exc:
            self.problems.setText(refusal_text(exc, self.session.path))
            return
        super().accept()
