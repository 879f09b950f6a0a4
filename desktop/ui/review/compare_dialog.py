"""Compare two versions, or a version and the working copy: changed cells and findings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.catalogue import Round
from ...core.errors import UserError
from ...core.review.compare import CellDiff, Comparison, compare
from ...core.snapshot import PlanSnapshot
from ...core.units import format_value, from_stored
from ..file_dialogs import remember_choice, start_path
from .approval_dialog import refusal_text

WORKING = "working"
COLUMNS = ("Template", "Line", "Label", "Period", "Old", "New", "Difference")
NUMERIC_COLUMNS = (4, 5, 6)


def format_cell(snapshot: PlanSnapshot, line: str, text: str | None) -> str:
    """A stored value as the grid shows it: 1,234.5 and (1,234.5) for £000."""
    if text is None:
        return ""
    known = snapshot.catalogue.lines.get(line)
    if known is None:
        return text
    return format_value(from_stored(text, known.unit), known.unit)


def format_difference(snapshot: PlanSnapshot, diff: CellDiff) -> str:
    value = diff.difference
    if value is None:
        return ""
    known = snapshot.catalogue.lines.get(diff.line)
    unit = known.unit if known else "count"
    text = format_value(value, unit)
    return f"+{text}" if value > 0 else text


def finding_text(item: dict, round_: Round) -> str:
    """RULE LINE PERIOD: message, the period as people read it (2019/20, not its code)."""
    period = item.get("period")
    label = round_.label(period) if period and period in round_.periods else period
    where = " ".join(p for p in (item.get("line"), label) if p)
    return f"{item['rule']} {where}: {item['message']}".replace("  ", " ")


def default_refs(snapshot: PlanSnapshot) -> tuple[str, str]:
    """The latest version against the working copy; when they are the same, the
    version before it against the latest."""
    versions = snapshot.versions
    if not versions:
        return WORKING, WORKING
    latest = versions[-1]
    if latest.content_hash == snapshot.content_hash and len(versions) > 1:
        return str(versions[-2].id), str(latest.id)
    return str(latest.id), WORKING


class CompareDialog(QDialog):
    """Two pickers, a template filter, the changed cells and the findings appeared/cleared."""

    def __init__(
        self,
        snapshot: PlanSnapshot,
        left: str | None = None,
        right: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.snapshot = snapshot
        self.comparison: Comparison | None = None
        self.setWindowTitle("Compare versions")
        self.left_combo = QComboBox()
        self.right_combo = QComboBox()
        for combo in (self.left_combo, self.right_combo):
            for version in snapshot.versions:
                combo.addItem(
                    f"{version.label} ({version.created_at[:10]}, {version.short_hash})",
                    str(version.id),
                )
            combo.addItem("Working copy", WORKING)
        default_left, default_right = default_refs(snapshot)
        self._select(self.left_combo, left or default_left)
        self._select(self.right_combo, right or default_right)
        self.template_combo = QComboBox()
        self.template_combo.addItem("All templates", None)
        for template in snapshot.catalogue.templates:
            self.template_combo.addItem(f"{template.id} {template.title}", template.id)

        pickers = QHBoxLayout()
        from_label = QLabel("&From")
        from_label.setBuddy(self.left_combo)
        pickers.addWidget(from_label)
        pickers.addWidget(self.left_combo, 1)
        pickers.addWidget(QLabel("to"))
        pickers.addWidget(self.right_combo, 1)
        pickers.addSpacing(12)
        pickers.addWidget(self.template_combo)

        self.summary = QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        periods = [snapshot.round.label(p) for p in snapshot.round.periods]
        fits = max(metrics.horizontalAdvance(text) for text in [*periods, "Period"]) + 16
        money = metrics.horizontalAdvance("(100,000,000.0)") + 16
        for column, width in enumerate((70, 100, 280, fits, money, money, money)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.appeared = QListWidget()
        self.cleared = QListWidget()
        for findings in (self.appeared, self.cleared):  # long messages wrap, never cut off
            findings.setWordWrap(True)
            findings.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            findings.setResizeMode(QListWidget.ResizeMode.Adjust)
            findings.setAlternatingRowColors(True)
        self.appeared_label = QLabel()
        self.cleared_label = QLabel()
        lists = QWidget()
        lists_layout = QHBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            (self.appeared_label, self.appeared),
            (self.cleared_label, self.cleared),
        ):
            stack = QVBoxLayout()
            stack.addWidget(label)
            stack.addWidget(widget)
            lists_layout.addLayout(stack)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lists)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.problem = QLabel()
        self.problem.setStyleSheet("color: #C00000;")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.clicked.connect(self._ask_export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        for combo in (self.left_combo, self.right_combo):
            combo.currentIndexChanged.connect(self.refresh)
        self.template_combo.currentIndexChanged.connect(self._fill_table)
        available = self.screen().availableGeometry()  # wide enough for the labels
        self.resize(min(1200, available.width() * 9 // 10), min(720, available.height() * 17 // 20))
        self.refresh()

    @staticmethod
    def _select(combo: QComboBox, ref: str) -> None:
        index = combo.findData(ref)
        if index < 0:  # a label such as "Draft 1"
            wanted = ref.strip().lower().replace(" ", "")
            for i in range(combo.count()):
                if combo.itemText(i).split(" (")[0].lower().replace(" ", "") == wanted:
                    index = i
        if index >= 0:
            combo.setCurrentIndex(index)

    def refresh(self) -> None:
        try:
            left = self.snapshot.at(self.left_combo.currentData())
            right = self.snapshot.at(self.right_combo.currentData())
        except UserError as exc:
            self.problem.setText(refusal_text(exc, self.snapshot.path))
            return
        self.problem.clear()
        self.comparison = compare(left, right)
        self.table.setHorizontalHeaderLabels([*COLUMNS[:4], left.label, right.label, COLUMNS[6]])
        self._fill_findings(self.comparison)
        self._fill_table()

    def rows(self) -> list[CellDiff]:
        if self.comparison is None:
            return []
        return self.comparison.for_template(self.template_combo.currentData())

    def _fill_table(self) -> None:
        rows = self.rows()
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(rows))
        for r, diff in enumerate(rows):
            texts = (
                diff.template,
                diff.line,
                diff.label,
                diff.period_label,
                format_cell(self.snapshot, diff.line, diff.old),
                format_cell(self.snapshot, diff.line, diff.new),
                format_difference(self.snapshot, diff),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column in NUMERIC_COLUMNS:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, column, item)
        self.table.setUpdatesEnabled(True)
        comparison = self.comparison
        if comparison is None:
            return
        total = len(comparison.cells)
        shown = f"{len(rows)} of {total}" if len(rows) != total else f"{total}"
        self.summary.setText(
            f"{comparison.left} → {comparison.right}: {shown} changed cell"
            f"{'' if total == 1 else 's'}; {len(comparison.appeared)} finding(s) appeared, "
            f"{len(comparison.cleared)} cleared"
        )
        self.export_button.setEnabled(total > 0)

    def _fill_findings(self, comparison: Comparison) -> None:
        self.appeared.clear()
        self.cleared.clear()
        round_ = self.snapshot.round
        self.appeared.addItems([finding_text(f, round_) for f in comparison.appeared])
        self.cleared.addItems([finding_text(f, round_) for f in comparison.cleared])
        self.appeared_label.setText(f"Findings that appeared ({len(comparison.appeared)})")
        self.cleared_label.setText(f"Findings that cleared ({len(comparison.cleared)})")

    def export_csv(self, path: Path) -> Path:
        """Write every changed cell (all templates) as CSV, UTF-8 with a byte-order mark."""
        if self.comparison is None:
            raise ValueError("nothing compared")
        path.write_text(self.comparison.to_csv(), encoding="utf-8-sig", newline="")
        return path

    def _ask_export(self) -> None:
        if self.comparison is None:
            return
        name = f"{self.comparison.left}-vs-{self.comparison.right}.csv".replace(" ", "")
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export comparison", start_path(name), "CSV (*.csv)"
        )
        if not chosen:
            return
        remember_choice(Path(chosen))
        try:
            self.export_csv(Path(chosen))
        except OSError as exc:
            self.problem.setText(f"{chosen}: {exc.strerror or exc}")
            return
        self.problem.setText("")
        self.summary.setText(self.summary.text() + f" · exported to {chosen}")
