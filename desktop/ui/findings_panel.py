"""The findings dock: the regional review checks' findings of the open plan, live.

The panel lists every standing finding (errors first, as the check engine sorts
them), filtered by template, severity and a search text. Selecting or activating
a finding asks the window to show its cell (``cellRequested``); under the list a
small editor adds, replaces or removes the commentary on the selected finding
through ``PlanSession.set_commentary``. Like a grid cell, text typed there is saved
when the editor is left: when another finding is selected, when the editor loses the
focus, and before the panel shows another plan or closes.

The panel watches its session and refreshes when a change touches what it shows:
findings that appeared, cleared or changed, a commentary, the plan turning
read-only. A refresh re-reads ``session.findings()`` (kept current by the check
engine), rebuilds a few dozen display rows and only touches the rows that changed:
rows are removed and inserted one by one, never reset, so the selection and the
commentary being typed stay where they are even when a change comes in the middle
of a change of selection (a commentary saved on leaving a finding that clears a
warning's sign-off error at Final).
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFocusEvent,
    QFont,
    QIcon,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.changes import PlanChanges
from ..core.checks import Finding, load_rules
from ..core.errors import BadInput, UserError
from ..core.session import PlanSession
from .session_watch import SessionWatch

Key = tuple[str, str, str]

SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Info"}
SEVERITY_COLOURS = {"error": "#c62828", "warning": "#e69100", "info": "#5c7c99"}
#: The severity filter: (label, severity or None for all).
SEVERITY_FILTERS = (
    ("All severities", None),
    ("Errors", "error"),
    ("Warnings", "warning"),
    ("Info", "info"),
)
TICK = "\u2713"
TICK_COLOUR = "#2e7d32"
ERROR_COLOUR = "#b71c1c"

COL_SEVERITY, COL_RULE, COL_TEMPLATE, COL_LINE, COL_PERIOD, COL_MESSAGE, COL_COMMENTARY = range(7)
COLUMNS = ("Severity", "Rule", "Template", "Line", "Period", "Message", "Commentary")
COLUMN_TIPS = (
    "Error: must be fixed before Final. Warning: allowed, with a commentary at Final.",
    "The review check that found it",
    "The template the finding belongs to",
    "The plan line (activate the finding to go to its cell)",
    "The period of the finding",
    "What the check found",
    "\u2713 when a commentary explains the finding",
)


@dataclass(frozen=True)
class FindingRow:
    """One finding as shown: its display texts worked out once per refresh."""

    finding: Finding
    texts: tuple[str, ...]
    commentary: str | None
    tooltip: str
    haystack: str  # lower-case rule, line and message, for the search box

    @property
    def key(self) -> Key:
        return self.finding.key


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def counts_title(counts: dict[str, int]) -> str:
    """ "Findings — 2 errors, 4 warnings" (severities with none are left out)."""
    parts = []
    if counts.get("error"):
        parts.append(plural(counts["error"], "error"))
    if counts.get("warning"):
        parts.append(plural(counts["warning"], "warning"))
    if counts.get("info"):
        parts.append(f"{counts['info']} info")
    return "Findings \u2014 " + (", ".join(parts) if parts else "none")


# -- the severity markers ------------------------------------------------------------

_ICONS: dict[str, QIcon] = {}


def severity_icon(severity: str) -> QIcon:
    """A small painted marker: a red disc, an amber triangle, a blue-grey disc."""
    icon = _ICONS.get(severity)
    if icon is None:
        icon = QIcon()
        for size in (16, 32):
            pixmap = _paint_marker(severity, size)
            icon.addPixmap(pixmap)
            icon.addPixmap(pixmap, QIcon.Mode.Selected)  # no tint on a selected row
        _ICONS[severity] = icon
    return icon


def _paint_marker(severity: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(SEVERITY_COLOURS.get(severity, SEVERITY_COLOURS["info"]))
    s = size / 16.0
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    if severity == "warning":
        triangle = QPolygonF([QPointF(8 * s, 1 * s), QPointF(15.5 * s, 14.5 * s)])
        triangle.append(QPointF(0.5 * s, 14.5 * s))
        path = QPainterPath()
        path.addPolygon(triangle)
        path.closeSubpath()
        painter.drawPath(path)
        mark = QColor("#3d2b00")
        bar_top, bar_bottom, dot = 5.5, 10.0, 12.3
    else:
        painter.drawEllipse(QRectF(1 * s, 1 * s, 14 * s, 14 * s))
        mark = QColor("#ffffff")
        bar_top, bar_bottom, dot = 4.0, 9.2, 11.8
    pen = QPen(mark, 1.9 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    if severity == "info":  # an "i": the dot above the bar
        painter.drawPoint(QPointF(8 * s, 4.6 * s))
        painter.drawLine(QPointF(8 * s, 7.4 * s), QPointF(8 * s, 11.6 * s))
    else:  # an "!"
        painter.drawLine(QPointF(8 * s, bar_top * s), QPointF(8 * s, bar_bottom * s))
        painter.drawPoint(QPointF(8 * s, dot * s))
    painter.end()
    return pixmap


# -- the model -----------------------------------------------------------------------


class FindingsModel(QAbstractTableModel):
    """The visible findings (already filtered), one row each; texts are precomputed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[FindingRow] = []
        self._index: dict[Key, int] = {}
        self._tick_brush = QBrush(QColor(TICK_COLOUR))
        self._tick_font = QFont()
        self._tick_font.setBold(True)
        self._tick_font.setPointSizeF(self._tick_font.pointSizeF() * 1.25)

    # -- reading

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip
        if role == Qt.ItemDataRole.DecorationRole and column == COL_SEVERITY:
            return severity_icon(row.finding.severity)
        if column == COL_COMMENTARY:
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._tick_brush
            if role == Qt.ItemDataRole.FontRole:
                return self._tick_font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return COLUMN_TIPS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def row_at(self, row: int) -> FindingRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: Key | None) -> int | None:
        return None if key is None else self._index.get(key)

    def rows(self) -> list[FindingRow]:
        return list(self._rows)

    # -- updating

    def set_rows(self, rows: list[FindingRow]) -> bool:
        """Show ``rows``; True when the list of findings changed (rows came or went).

        Rows of findings that cleared are removed and rows of new findings inserted,
        one by one, so views keep their selection on the findings that stay; only the
        rows whose text changed are repainted. (Only a finding moving in the order, its
        severity changed, resets the model.)
        """
        old_keys = [r.key for r in self._rows]
        new_keys = [r.key for r in rows]
        moved = False
        if old_keys != new_keys:
            new_set, old_set = set(new_keys), set(old_keys)
            staying = [k for k in old_keys if k in new_set]
            if staying != [k for k in new_keys if k in old_set]:
                moved = True
                self.beginResetModel()
                self._rows = list(rows)
                self.endResetModel()
            else:
                self._move_rows(rows, new_set, old_set)
        old = self._rows
        self._rows = list(rows)
        self._index = {r.key: i for i, r in enumerate(self._rows)}
        if not moved:
            last = len(COLUMNS) - 1
            for i, (before, after) in enumerate(zip(old, rows, strict=True)):
                if before != after:
                    self.dataChanged.emit(self.index(i, 0), self.index(i, last))
        return old_keys != new_keys

    def _move_rows(self, rows: list[FindingRow], new: set[Key], old: set[Key]) -> None:
        """Remove the rows not in ``rows`` and insert those new in it, in place."""
        for i in reversed(range(len(self._rows))):
            if self._rows[i].key not in new:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
        for i, row in enumerate(rows):
            if row.key not in old:
                self.beginInsertRows(QModelIndex(), i, i)
                self._rows.insert(i, row)
                self.endInsertRows()


# -- the widgets ---------------------------------------------------------------------


class FindingsView(QTableView):
    """The findings table: whole rows, fixed row height, a message when it is empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.empty_text = ""
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table for the commentary editor
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setIconSize(QSize(14, 14))
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(max(22, self.fontMetrics().height() + 8))
        self.setAccessibleName("Findings")

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Reached from the keyboard with no finding current: the first one becomes
        current, so the keys and the commentary act on it (the rows are never reset,
        which is when Qt's own view does this)."""
        super().focusInEvent(event)
        model = self.model()
        if (
            model is not None
            and model.rowCount()
            and not self.currentIndex().isValid()
            and event.reason() != Qt.FocusReason.MouseFocusReason
        ):
            self.selectionModel().setCurrentIndex(
                model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self.empty_text and model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            painter.end()


class CommentaryEdit(QPlainTextEdit):
    """The commentary text: Tab moves on, Ctrl+Return (or Ctrl+Enter) asks to save;
    ``left`` is emitted when it loses the focus (the panel saves then)."""

    submitted = Signal()
    left = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setAccessibleName("Commentary")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            self.submitted.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        lines = self.fontMetrics().lineSpacing() * 3
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        return QSize(hint.width(), lines + frame)


class FindingsPanel(QDockWidget):
    """The dock listing the plan's findings, with the commentary editor under it.

    ``cellRequested(line, period)`` asks the window to show a cell ("" when the
    finding has no period); it is emitted when the user selects or activates a
    finding that has a line, never by a refresh. The receiver should move the
    grid without taking the focus, so the user can arrow through the findings.
    """

    cellRequested = Signal(str, str)

    def __init__(self, session: PlanSession, parent: QWidget | None = None):
        super().__init__("Findings", parent)
        self.setObjectName("findingsPanel")  # for QMainWindow.saveState
        self._session = session
        self._subscription = SessionWatch(self, None, FindingsPanel._session_changed)
        self._all: list[FindingRow] = []
        self._selected: Key | None = None
        self._restoring = False
        # the finding the editor's text is for, and its commentary as stored
        self._editor_key: Key | None = None
        self._editor_loaded = ""
        # text refused on the finding it was typed for, still shown: not saved on
        # another finding unless the user changes it (or saves it there)
        self._carried = False
        self._committing = False  # saving the editor's text

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)

        # filters
        self.template_filter = QComboBox(body)
        self.template_filter.setAccessibleName("Template filter")
        self.template_filter.setToolTip("Show the findings of one template")
        # Narrow enough for a side dock; the popup list still shows the whole names.
        self.template_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.template_filter.setMinimumContentsLength(18)
        self.severity_filter = QComboBox(body)
        self.severity_filter.setAccessibleName("Severity filter")
        self.severity_filter.setToolTip("Show errors, warnings or information only")
        for label, severity in SEVERITY_FILTERS:
            self.severity_filter.addItem(label, severity)
        self.search_box = QLineEdit(body)
        self.search_box.setPlaceholderText("Search rule, line or message")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search findings")
        self.shown_label = QLabel(body)
        self.shown_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.template_filter)
        filters.addWidget(self.severity_filter)
        filters.addWidget(self.search_box, 1)
        filters.addWidget(self.shown_label)
        layout.addLayout(filters)

        # the table
        self.model = FindingsModel(self)
        self.view = FindingsView(body)
        self.view.setModel(self.model)
        self._set_column_widths()

        # the commentary editor
        editor_box = QWidget(body)
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 2, 0, 0)
        editor_layout.setSpacing(3)
        self.commentary_label = QLabel(editor_box)
        font = self.commentary_label.font()
        font.setBold(True)
        self.commentary_label.setFont(font)
        self.commentary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.read_only_label = QLabel("Read-only plan", editor_box)
        self.read_only_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.read_only_label.setToolTip("This plan is open read-only: commentary cannot be changed")
        heading = QHBoxLayout()
        heading.addWidget(self.commentary_label, 1)
        heading.addWidget(self.read_only_label)
        editor_layout.addLayout(heading)
        self.commentary_edit = CommentaryEdit(editor_box)
        self.commentary_edit.setMaximumHeight(3 * self.fontMetrics().lineSpacing() + 12)
        self.commentary_label.setBuddy(self.commentary_edit)
        self.save_button = QPushButton("Save commentary", editor_box)
        self.save_button.setToolTip(
            "Store this commentary with the plan (Ctrl+Enter in the text). "
            "An empty text removes it."
        )
        self.save_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        text_row = QHBoxLayout()
        text_row.setSpacing(6)
        text_row.addWidget(self.commentary_edit, 1)
        text_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        editor_layout.addLayout(text_row)
        self.message_label = QLabel(editor_box)
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        editor_layout.addWidget(self.message_label)

        splitter = QSplitter(Qt.Orientation.Vertical, body)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(editor_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        layout.addWidget(splitter, 1)
        self.setWidget(body)

        # keyboard: filters -> table -> editor -> button
        QWidget.setTabOrder(self.template_filter, self.severity_filter)
        QWidget.setTabOrder(self.severity_filter, self.search_box)
        QWidget.setTabOrder(self.search_box, self.view)
        QWidget.setTabOrder(self.view, self.commentary_edit)
        QWidget.setTabOrder(self.commentary_edit, self.save_button)

        self.template_filter.currentIndexChanged.connect(self._apply_filters)
        self.severity_filter.currentIndexChanged.connect(self._apply_filters)
        self.search_box.textChanged.connect(self._apply_filters)
        self.search_box.returnPressed.connect(self._go_to_table)
        selection = self.view.selectionModel()
        selection.currentRowChanged.connect(self._current_row_changed)
        self.view.activated.connect(self._activated)
        self.save_button.clicked.connect(self.save_commentary)
        self.commentary_edit.submitted.connect(self.save_commentary)
        self.commentary_edit.left.connect(self.commit_commentary)
        self.commentary_edit.textChanged.connect(self._text_changed)

        self.set_session(session, force=True)

    # -- public API --------------------------------------------------------------------

    @property
    def session(self) -> PlanSession:
        return self._session

    def set_session(self, session: PlanSession, *, force: bool = False) -> None:
        """Show the findings of ``session`` (another plan was opened).

        Commentary typed for the plan shown before is saved to it first (when it is
        still open); if it is refused, the text and the reason stay in the panel."""
        if session is self._session and not force:
            self.refresh()
            return
        refused = self._commit_editor() is False
        self._session = session
        self._subscription.attach(session)
        self._fill_template_filter()
        self._selected = None
        if refused:  # the text stays, for no finding
            self._editor_key, self._editor_loaded = None, ""
        else:
            self._load_editor(None, "")
        self.read_only_label.setVisible(session.read_only)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the session's findings and commentary; keeps the selected finding."""
        session = self._session
        round_ = session.round
        lines = session.catalogue.lines
        templates = {t.id: t for t in session.catalogue.templates}
        rows = []
        findings = session.findings()
        snapshot = session.snapshot()
        for item in findings:
            commentary = snapshot.commentary_for(item)
            period = round_.label(item.period) if item.period else ""
            line = lines.get(item.line) if item.line else None
            template = templates.get(item.template)
            texts = (
                SEVERITY_LABELS.get(item.severity, item.severity.title()),
                item.rule,
                item.template,
                item.line or "",
                period,
                item.message,
                TICK if commentary else "",
            )
            head = " \u00b7 ".join(
                part
                for part in (
                    f"<b>{html.escape(item.rule)} {html.escape(texts[0].lower())}</b>",
                    html.escape(f"{item.line} {line.label}" if line else item.line or ""),
                    html.escape(period),
                    html.escape(template.title if template else item.template),
                )
                if part
            )
            tooltip = f"<qt>{head}<p>{html.escape(item.message)}</p>"
            if commentary:
                tooltip += f"<p><i>Commentary:</i> {html.escape(commentary)}</p>"
            tooltip += "</qt>"
            haystack = f"{item.rule}\n{item.line or ''}\n{item.message}".lower()
            rows.append(FindingRow(item, texts, commentary, tooltip, haystack))
        self._all = rows
        self.setWindowTitle(counts_title(self._count(rows)))
        self._apply_filters()

    def counts(self) -> dict[str, int]:
        """How many findings of each severity stand (whatever the filters show)."""
        if self._subscription.session is None:  # closed, so not kept current: re-read
            self.refresh()
        return self._count(self._all)

    def select_finding(self, item: Finding) -> bool:
        """Select ``item`` in the list (the window then shows its cell); False when the
        filters hide it."""
        row = self.model.row_of(item.key)
        if row is None:
            return False
        self.view.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab go round the panel: the filters, the list, the commentary and
        its Save button (the disabled ones skipped), never out into the grid."""
        chain = [
            w
            for w in (
                self.template_filter,
                self.severity_filter,
                self.search_box,
                self.view,
                self.commentary_edit,
                self.save_button,
            )
            if w.isEnabled() and w.isVisibleTo(self)
        ]
        focus = QApplication.focusWidget()
        here = [
            position
            for position, widget in enumerate(chain)
            if focus is widget or (focus is not None and widget.isAncestorOf(focus))
        ]
        if not here:
            return super().focusNextPrevChild(next)
        target = chain[(here[0] + (1 if next else -1)) % len(chain)]
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        return True

    # -- commentary --------------------------------------------------------------------

    def selected_finding(self) -> Finding | None:
        row = self.model.row_at(self.view.currentIndex().row())
        return row.finding if row else None

    def save_commentary(self) -> None:
        """Store the editor's text as the selected finding's commentary (empty: remove)."""
        item = self.selected_finding()
        if item is None or self._session.read_only:
            return
        text = self.commentary_edit.toPlainText()
        try:
            self._session.set_commentary(item.rule, item.line, item.period, text)
        except UserError as exc:
            self._show_message(_user_message(exc), error=True)
            return
        stored = self._session.snapshot().commentary_for(item) or ""
        self._load_editor(item.key, stored)
        self._show_message("Commentary saved" if stored else "Commentary removed", error=False)

    def commit_commentary(self) -> bool:
        """Save the commentary typed in the editor and not yet saved, as a grid saves a
        cell when it is left: the editor calls this when it loses the focus, and the
        window should call it before it closes the plan. False when it was refused
        (the reason is shown and the text stays in the editor)."""
        outcome = self._commit_editor()
        if outcome:
            self._show_message(self._saved_note(None), error=False)
        return outcome is not False

    # -- internals ---------------------------------------------------------------------

    @staticmethod
    def _count(rows: list[FindingRow]) -> dict[str, int]:
        found = Counter(r.finding.severity for r in rows)
        return {severity: found.get(severity, 0) for severity in SEVERITY_LABELS}

    def _session_changed(self, changes: PlanChanges) -> None:
        """Refresh when the change touches the findings, their commentary or whether
        the plan can be changed; a typed value that moves no finding changes nothing here."""
        if changes.findings is None or changes.findings or changes.commentary:
            self.refresh()
        elif changes.lock_lost:
            self.read_only_label.setVisible(self._session.read_only)
            self._apply_filters()

    def _fill_template_filter(self) -> None:
        combo = self.template_filter
        current = combo.currentData()
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem("All templates", None)
            for template in self._session.catalogue.templates:
                combo.addItem(f"{template.id} {template.title}", template.id)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(index, 0))
        finally:
            combo.blockSignals(False)

    def _visible(self) -> list[FindingRow]:
        template = self.template_filter.currentData()
        severity = self.severity_filter.currentData()
        terms = self.search_box.text().lower().split()
        return [
            row
            for row in self._all
            if (template is None or row.finding.template == template)
            and (severity is None or row.finding.severity == severity)
            and all(term in row.haystack for term in terms)
        ]

    def _apply_filters(self) -> None:
        visible = self._visible()
        key = self._selected
        self._restoring = True
        try:
            self.model.set_rows(visible)
            row = self.model.row_of(key)
            selection = self.view.selectionModel()
            if row is None:
                self._selected = None
                if selection.hasSelection() or self.view.currentIndex().isValid():
                    selection.clear()
            elif self.view.currentIndex().row() != row or not selection.hasSelection():
                selection.setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        finally:
            self._restoring = False
        selected = self.model.row_of(self._selected)
        self._sync_editor(None if selected is None else self.model.row_at(selected))
        total = len(self._all)
        self.shown_label.setText("" if len(visible) == total else f"{len(visible)} of {total}")
        self.shown_label.setVisible(len(visible) != total)
        if not total:
            self.view.empty_text = "No findings: the plan passes every review check"
        else:
            self.view.empty_text = "No findings match the filters"
        self.view.viewport().update()

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring:  # moved by a refresh, which puts the selection right itself
            return
        row = self.model.row_at(current.row()) if current.isValid() else None
        self._selected = row.key if row else None
        self._sync_editor(row)
        if row is not None:
            self._request(row.finding)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self._request(row.finding)

    def _request(self, item: Finding) -> None:
        if item.line:
            self.cellRequested.emit(item.line, item.period or "")

    def _go_to_table(self) -> None:
        self.view.setFocus(Qt.FocusReason.TabFocusReason)
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def _sync_editor(self, row: FindingRow | None) -> None:
        """Show the selected finding's commentary; keep unsaved text on the same finding.

        Unsaved text typed for another finding is saved on that finding first. If that
        is refused, the reason is shown and the text stays in the editor; it is saved
        on the finding now selected only if the user changes or saves it there."""
        key = row.key if row is not None else None
        note = ""
        if key != self._editor_key:
            before = self._editor_key
            outcome = self._commit_editor()
            if outcome is False:
                self._editor_key = key
                self._editor_loaded = self._stored(row)
                self._carried = True
            elif outcome:
                note = self._saved_note(before)
        writable = row is not None and not self._session.read_only
        self.commentary_edit.setEnabled(writable)
        self.save_button.setEnabled(writable)
        if self._session.read_only:
            hint = "Read-only plan: commentary cannot be changed"
        elif row is None:
            hint = "Select a finding above to explain it for the regional team"
        else:
            hint = (
                "Explain this finding for the regional team (Ctrl+Enter saves; "
                "an empty text removes the commentary)"
            )
        if self.commentary_edit.placeholderText() != hint:
            self.commentary_edit.setPlaceholderText(hint)
        if row is None:
            self.commentary_label.setText("Commentary: select a finding")
            if self._editor_key is not None:
                self._load_editor(None, "")
        else:
            item = row.finding
            where = " ".join(p for p in (item.rule, item.line or "", row.texts[COL_PERIOD]) if p)
            self.commentary_label.setText(f"Commentary on {where}")
            stored = self._stored(row)
            if row.key != self._editor_key or (
                stored != self._editor_loaded and not self._unsaved()
            ):
                self._load_editor(row.key, stored)
        if note:
            self._show_message(note, error=False)

    def _stored(self, row: FindingRow | None) -> str:
        """The finding's commentary as stored now (the row may predate a save)."""
        if row is None:
            return ""
        return self._session.snapshot().commentary_for(row.finding) or ""

    def _unsaved(self) -> bool:
        """Whether the editor holds text other than the commentary stored (the session
        stores it stripped, so spaces around it change nothing)."""
        return self.commentary_edit.toPlainText().strip() != self._editor_loaded

    def _commit_editor(self) -> bool | None:
        """Save the editor's unsaved text on the finding it was typed for.

        None: nothing to save (no text typed, text carried over from a refusal, a
        read-only plan, or a plan closed or no longer watched); True: saved; False:
        refused, the reason shown in the message label and the text left in the
        editor."""
        key = self._editor_key
        session = self._session
        if (
            key is None
            or self._committing
            or self._carried
            or session.read_only
            or not self._subscription.listening()
            or not self._unsaved()
        ):
            return None
        self._committing = True
        try:
            item = session.set_commentary(*key, self.commentary_edit.toPlainText())
        except UserError as exc:
            self._show_message(_user_message(exc), error=True)
            return False
        finally:
            self._committing = False
        self._editor_loaded = session.snapshot().commentary_for(item) or ""
        return True

    def _saved_note(self, key: Key | None) -> str:
        """ "Commentary saved" (or removed), naming the finding ``key`` when given: the
        editor shows another one now."""
        done = "saved" if self._editor_loaded else "removed"
        if key is None:
            return f"Commentary {done}"
        rule, line, period = key
        label = self._session.round.label(period) if period else ""
        where = " ".join(p for p in (rule, line, label) if p)
        return f"Commentary on {where} {done}"

    def _load_editor(self, key: Key | None, text: str) -> None:
        self._editor_key = key
        self._editor_loaded = text
        self.commentary_edit.setPlainText(text)
        self._carried = False
        self._hide_message()

    def _text_changed(self) -> None:
        self._carried = False  # changed here: now the text for the finding shown
        self._hide_message()

    def _show_message(self, text: str, *, error: bool) -> None:
        colour = ERROR_COLOUR if error else TICK_COLOUR
        self.message_label.setStyleSheet(f"color: {colour};")
        self.message_label.setText(text)
        self.message_label.show()

    def _hide_message(self) -> None:
        if self.message_label.isVisible() or self.message_label.text():
            self.message_label.clear()
            self.message_label.hide()

    def _set_column_widths(self) -> None:
        header = self.view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        metrics = self.view.fontMetrics()
        pad = 18

        def width(*samples: str) -> int:
            return max(metrics.horizontalAdvance(s) for s in samples) + pad

        # wide enough for the plan's own codes and labels (the round's data)
        catalogue = self._session.catalogue
        widths = {
            COL_SEVERITY: width("Warning", "Severity") + 22,
            COL_RULE: width("Rule", *(f"{rule}W" for rule in load_rules())),
            COL_TEMPLATE: width("Template", *(t.id for t in catalogue.templates)),
            COL_LINE: width(*catalogue.lines),
            COL_PERIOD: width("Period", *(p.label for p in catalogue.round.periods.values())),
            COL_COMMENTARY: width("Commentary"),
        }
        for column, size in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, size)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_COMMENTARY, QHeaderView.ResizeMode.Fixed)

    # -- lifetime ----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.commit_commentary()
        self._subscription.cancel()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if self._subscription.session is None:  # shown again after being closed
            self._subscription.attach(self._session)
            self.refresh()
        super().showEvent(event)


def _user_message(exc: UserError) -> str:
    if isinstance(exc, BadInput) and exc.problems:
        return f"{exc.summary}: " + "; ".join(exc.problems)
    return str(exc)
