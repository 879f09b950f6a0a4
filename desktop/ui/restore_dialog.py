"""File > Restore a backup...: choose one of a plan's backups and put it in its place.

Offered from the menu, and when a plan turns out to be really damaged (never for a
plan whose last write was merely interrupted: that is rolled back on opening). The
restore itself is done by ``core.store.backups.restore_backup``: the current file and
its journal are moved aside together, never deleted, and no journal is ever left
beside the restored file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..core.errors import DamagedPlanFile, UserError
from ..core.store import PLAN_SUFFIX
from ..core.store.backups import Backup, find_backups, restore_backup

if TYPE_CHECKING:
    from .main_window import MainWindow


class RestoreDialog(QDialog):
    """The backups of one plan, newest first; Restore puts the chosen one in its place."""

    def __init__(self, plan: Path, backups: list[Backup], parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.backups = backups
        self.setWindowTitle(f"Restore a backup of {plan.name}")
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Choose the backup to put in the place of <b>{plan}</b>. The file there now "
            "(and its journal, if it has one) is kept beside it as "
            f"<i>{plan.stem}.before-restore-&lt;time&gt;{plan.suffix}</i>: nothing is deleted."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(backups), 4, self)
        self.table.setHorizontalHeaderLabels(["Taken", "Organisation", "Values", "State"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, backup in enumerate(backups):
            values = "" if backup.values is None else f"{backup.values:,}"
            state = f"damaged: {backup.problem}" if backup.problem else "sound"
            for column, text in enumerate((backup.label, backup.organisation, values, state)):
                item = QTableWidgetItem(text)
                item.setToolTip(str(backup.path))
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if backup.problem:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)  # cannot be chosen
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        first = next((i for i, b in enumerate(backups) if not b.problem), None)
        if first is not None:
            self.table.selectRow(first)

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> Backup | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        backup = self.backups[rows.pop()]
        return None if backup.problem else backup


def choose_and_restore(window: MainWindow, plan: Path) -> bool:
    """Show the plan's backups, restore the one chosen and open it; False if none was."""
    backups = find_backups(plan)
    if not backups:
        QMessageBox.information(
            window,
            APP_NAME,
            f"No backup of {plan} was found. A backup is kept each time a plan is opened "
            "for editing; a plan never opened for editing on this computer has none here.",
        )
        return False
    dialog = RestoreDialog(plan, backups, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    backup = dialog.chosen()
    if backup is None:
        return False
    try:
        done = restore_backup(plan, backup.path)
    except UserError as exc:
        QMessageBox.critical(window, APP_NAME, str(exc))
        return False
    opened = window.open_path(plan)
    kept = f"; the previous file is kept as {done.aside.name}" if done.aside else ""
    window.show_message(f"Restored the backup of {backup.label}{kept}")
    return opened


def offer_restore(window: MainWindow, plan: Path, exc: DamagedPlanFile) -> bool:
    """A plan that is really damaged: say so, and offer to restore a backup."""
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, str(exc), parent=window)
    box.setInformativeText(
        "Restoring puts one of its backups in its place; the damaged file is kept beside "
        "it, not deleted."
    )
    restore = box.addButton("Restore a backup\u2026", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    return choose_and_restore(window, plan)


def restore_from_menu(window: MainWindow) -> bool:
    """File > Restore a backup...: of the open plan (closed first), else of a plan chosen."""
    session = window.session()
    if session is not None:
        plan = session.path
        answer = QMessageBox.question(
            window,
            APP_NAME,
            f"Restoring a backup closes {plan.name} and puts the backup in its place (the "
            "current file is kept beside it). Choose a backup?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        window.close_plan()
    else:
        chosen, _ = QFileDialog.getOpenFileName(
            window,
            "Restore a backup of",
            str(Path.home()),
            f"OpPlan Desk plans (*{PLAN_SUFFIX})",
        )
        if not chosen:
            return False
        plan = Path(chosen)
    return choose_and_restore(window, plan)
