"""F6 / Shift+F6: the keyboard focus from pane to pane, as in Excel.

The panes, in order: the grid, the findings list, the commentary box. A pane that
is hidden (the findings panel closed, the grid in review mode) or disabled (no
finding selected: nothing to write a commentary on) is skipped.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from .findings_panel import FindingsPanel

GRID, LIST, COMMENTARY = range(3)


def _available(grid: QWidget | None, panel: FindingsPanel | None) -> dict[int, QWidget]:
    panes: dict[int, QWidget] = {}
    if grid is not None:
        panes[GRID] = grid
    if panel is not None and panel.isVisible():
        panes[LIST] = panel.view
        if panel.commentary_edit.isEnabled():
            panes[COMMENTARY] = panel.commentary_edit
    return panes


def pane_of(widget: QWidget | None, panel: FindingsPanel | None) -> int:
    """The pane holding ``widget``: the panel's list part, its commentary part, else the grid
    (the formula bar and the find bar belong with the grid)."""
    if panel is not None and widget is not None and panel.isAncestorOf(widget):
        return COMMENTARY if widget in (panel.commentary_edit, panel.save_button) else LIST
    return GRID


def cycle(grid: QWidget | None, panel: FindingsPanel | None, step: int) -> None:
    """Give the focus to the next (+1) or previous (-1) pane that can take it."""
    panes = _available(grid, panel)
    if not panes:
        return
    order = sorted(panes)
    here = pane_of(QApplication.focusWidget(), panel)
    position = order.index(here) if here in order else 0
    panes[order[(position + step) % len(order)]].setFocus(Qt.FocusReason.OtherFocusReason)
