"""Dialogs: a new plan's details."""

from __future__ import annotations

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

from ..core.catalogue import REGIONS, available_rounds, load_round
from ..core.identity import validate_identity


class NewPlanDialog(QDialog):
    """Organisation code and name, kind, round and region, validated before OK."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New plan")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ODS code, e.g. RXX or 00X")
        self.code.setMaxLength(5)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Northshire Hospitals NHS Foundation Trust")
        self.kind = QComboBox()
        self.round = QComboBox()
        for round_id in available_rounds():
            self.round.addItem(load_round(round_id).name, round_id)
        self.round.currentIndexChanged.connect(lambda *_: self._fill_kinds())
        self._fill_kinds()
        self.region = QComboBox()
        sample_round = load_round(available_rounds()[0])
        for region in REGIONS:
            self.region.addItem(sample_round.mailboxes[region].name, region)
        form = QFormLayout()
        form.addRow("Organisation &code", self.code)
        form.addRow("Organisation &name", self.name)
        form.addRow("&Kind", self.kind)
        form.addRow("Planning &round", self.round)
        form.addRow("&Region", self.region)
        self.problems = QLabel()
        self.problems.setStyleSheet("color: #C00000;")
        self.problems.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def _fill_kinds(self) -> None:
        """The organisation kinds of the chosen round, as its data names them."""
        chosen = self.kind.currentData()
        self.kind.clear()
        for kind in load_round(self.round.currentData()).kinds.values():
            self.kind.addItem(kind.label, kind.id)
        index = self.kind.findData(chosen)
        self.kind.setCurrentIndex(max(index, 0))

    def values(self) -> dict[str, str]:
        return {
            "org_code": self.code.text().strip().upper(),
            "org_name": self.name.text().strip(),
            "org_kind": self.kind.currentData(),
            "round_id": self.round.currentData(),
            "region": self.region.currentData(),
        }

    def accept(self) -> None:
        problems = validate_identity(**self.values())
        if problems:
            self.problems.setText("\n".join(p[:1].upper() + p[1:] for p in problems))
            return
        super().accept()
