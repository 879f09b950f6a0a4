"""The Help menu's pages: the keyboard reference (F1), the colour legend, About.

Each is rich text in a small window that stays open beside the plan (not modal),
so a user can read it while trying the keys. The keyboard table is data
(``KEYS``): the README's table lists the same keys (a test checks it).
"""

from __future__ import annotations

import html
import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from .. import APP_NAME, __version__
from ..core.paths import user_data_dir
from . import style

#: (section, [(keys, what they do)]): every key the plan window answers to.
KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Moving around a sheet",
        (
            ("Arrow keys", "Move one cell"),
            ("Ctrl+arrow", "Jump to the edge of the data region, as in Excel"),
            ("Shift+arrow, Ctrl+Shift+arrow", "Extend the selection (to the edge)"),
            ("Home", "First column of the row"),
            ("Ctrl+Home", "First input cell of the sheet"),
            ("Ctrl+End", "Last used cell of the sheet"),
            ("PgUp / PgDn", "One screen up / down"),
            (
                "Ctrl+PgDn / Ctrl+PgUp",
                "Next / previous sheet; past a template's last sheet, the next template",
            ),
            ("Enter / Shift+Enter", "Move down / up"),
            ("Tab / Shift+Tab", "Move right / left"),
            ("Ctrl+A", "Select the whole sheet"),
        ),
    ),
    (
        "Finding and going to",
        (
            (
                "Ctrl+G or F5",
                "Go to a cell: type a line code or label and a period (label or code) "
                "in the address box, then Enter; Esc goes back to the grid",
            ),
            ("Ctrl+F", "Find a line by code or label, or a finding by its text"),
            ("F3 / Shift+F3", "Next / previous match (Enter / Shift+Enter in the Find box)"),
            ("Esc (in the Find box)", "Close the Find bar, back to the grid"),
        ),
    ),
    (
        "Entering figures",
        (
            ("Typing", "Starts a new entry that replaces the value"),
            ("F2", "Edit the value with the caret at its end (F2 again: arrows finish it)"),
            ("Enter, Tab, arrows", "Finish the entry and move (arrows: when typed over)"),
            ("Esc", "Abandon the entry: the cell keeps its value"),
            (
                "=100+20*3",
                "Arithmetic on numbers (+ - * / ^ % and brackets) is worked out and the "
                "result stored, rounded as the line's unit allows; the status bar says what",
            ),
            ("Ctrl+Enter", "Write the typed value into every selected cell"),
            ("Delete", "Clear the selected cells"),
            (
                "Ctrl+D / Ctrl+R",
                "Fill down / right; on one cell, copy the cell above / on the left",
            ),
            ("Ctrl+C / Ctrl+V", "Copy / paste ranges, with Excel and LibreOffice"),
            ("Ctrl+Z / Ctrl+Y", "Undo / redo (every change is saved at once)"),
        ),
    ),
    (
        "Panels, view and help",
        (
            ("F6 / Shift+F6", "Next / previous pane: the grid, the findings list, the commentary"),
            ("Tab (in the findings panel)", "Its filters, the list, the commentary, Save"),
            ("F8", "Show or hide the findings panel"),
            ("F9", "Review mode: the dashboard, versions and approval"),
            ("Ctrl+= / Ctrl+- / Ctrl+0", "Zoom the grid in / out / back to 100% (remembered)"),
            ("Ctrl+wheel", "Zoom the grid in / out"),
            ("F1", "This keyboard reference"),
            ("Ctrl+N / Ctrl+O / Ctrl+E", "New plan / open a plan / export the submission"),
            ("Ctrl+W or Ctrl+F4", "Close the plan"),
        ),
    ),
)

GUIDE = (
    "The user guide is the README that comes with OpPlan Desk (README.md); "
    "Help &gt; Colour legend explains the cell colours and marks."
)


def keyboard_html() -> str:
    rows = []
    for section, keys in KEYS:
        rows.append(
            f"<tr><td colspan='2' style='padding-top:8px'><b>{html.escape(section)}</b></td></tr>"
        )
        for key, what in keys:
            rows.append(
                f"<tr><td width='34%' style='padding-right:10px'><b>{html.escape(key)}</b></td>"
                f"<td>{html.escape(what)}</td></tr>"
            )
    return (
        "<h3>Keyboard reference</h3>"
        "<p>The grid answers to the keys an Excel user knows.</p>"
        f"<table width='100%' cellspacing='0' cellpadding='2'>{''.join(rows)}</table>"
        f"<p>{GUIDE}</p>"
    )


def _swatch(colour: QColor, border: str = "#C8C8C8") -> str:
    return (
        f"<td style='background:{colour.name()}; border:1px solid {border};' width='46'>&nbsp;</td>"
    )


def colour_legend_html() -> str:
    cells = (
        (style.INPUT, "Input: type the figure here (pale yellow, as in the official templates)"),
        (style.CALC, "Calculated or a year total: worked out by the app, never typed (blue)"),
        (style.PREPOPULATED, "Pre-populated: a parameter still at its national default (green)"),
        (style.NOT_APPLICABLE, "Not applicable: the line has no value for that period (grey)"),
    )
    marks = (
        (style.ERROR, "Red corner and red border: an error found by the review checks"),
        (style.WARNING, "Amber corner: a warning (a Final plan needs a commentary on it)"),
        (style.INFO, "Blue corner: information"),
    )
    rows = [f"<tr>{_swatch(colour)}<td>{html.escape(text)}</td></tr>" for colour, text in cells]
    rows += [
        f"<tr>{_swatch(QColor('white'), colour.name())}<td>"
        f"<span style='color:{colour.name()}'>&#9701;</span> {html.escape(text)}</td></tr>"
        for colour, text in marks
    ]
    negative = style.NEGATIVE.name()
    return (
        "<h3>Colour legend</h3>"
        f"<table cellspacing='4' cellpadding='4'>{''.join(rows)}</table>"
        f"<p><span style='color:{negative}'>(1,234.5)</span>: a negative figure, in £000 "
        "with brackets. Bold lines are totals. Point at a marked cell to read its findings; "
        "the findings panel (F8) lists them all.</p>"
        "<p>The formula bar above the grid shows the current cell's kind, its exact "
        "value and how a calculated figure is worked out.</p>"
        f"<p style='background:{style.READ_ONLY_BANNER.name()}'>&nbsp;A banner in this "
        "colour: the plan is read-only, and says why.</p>"
    )


def about_html(log_file: Path) -> str:
    def row(name: str, value: str) -> str:
        return (
            f"<tr><td style='padding-right:12px'><b>{html.escape(name)}</b></td>"
            f"<td>{html.escape(value)}</td></tr>"
        )

    return (
        f"<h3>{html.escape(APP_NAME)} {html.escape(__version__)}</h3>"
        "<p>Prepare, check and submit NHS operational plans on the desktop.</p>"
        "<table cellspacing='0' cellpadding='3'>"
        + row("Version", __version__)
        + row("Data folder", str(user_data_dir()))
        + row("Log file", str(log_file))
        + row("Settings", str(user_data_dir() / "settings.ini"))
        + row("Python, Qt", f"{platform.python_version()}, PySide6 {pyside_version}")
        + "</table>"
        "<p>The data folder holds the backups, the sample plans and the settings; "
        "the log file is what to send with a fault report.</p>"
        f"<p>{GUIDE}</p>"
    )


class HelpWindow(QDialog):
    """One help page in a small window beside the plan (not modal)."""

    def __init__(
        self,
        title: str,
        body: str,
        parent: QWidget | None = None,
        size: tuple[int, int] = (760, 700),
    ):
        super().__init__(parent)
        self.setWindowTitle(f"{title} \u2013 {APP_NAME}")
        self.setObjectName(f"help-{title.lower().replace(' ', '-')}")
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setHtml(body)
        self.browser.setAccessibleName(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(*size)

    def text(self) -> str:
        return self.browser.toPlainText()


def show_help(
    parent: QWidget, title: str, body: str, size: tuple[int, int] = (760, 700)
) -> HelpWindow:
    """Show the help page ``title`` (the same window again if it is open)."""
    for window in parent.findChildren(HelpWindow):
        if window.windowTitle().startswith(title):
            window.browser.setHtml(body)
            break
    else:
        window = HelpWindow(title, body, parent, size)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
