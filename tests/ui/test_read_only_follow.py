"""Fault 5: a plan open read-only while its holder edits it follows the holder's saves.

The holder is another process editing through the core, as a colleague's app does.
The window shows the new figures within the polling interval (1.5 s), findings and
review included; when it cannot (the file replaced), it says the figures may be out
of date and Reload shows them as they are. Its refusals say "read-only".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from desktop.ui import file_follow
from desktop.ui.app import start_window
from desktop.ui.main_window import MainWindow
from tests.helpers import ROOT

#: What the window must take at most to show a holder's save: the poll, and the reading.
SHOWN_WITHIN_MS = file_follow.POLL_MS + 1500

HOLDER = """
import sys
from desktop.core.session import PlanSession
with PlanSession.open(sys.argv[1]) as plan:
    action = sys.argv[2]
    if action == "set":
        plan.set_cells({(sys.argv[3], sys.argv[4]): sys.argv[5] or None}, "typing")
    elif action == "submit":
        plan.submit_version()
"""


def holder(path: Path, *args: str) -> None:
    """Another process holds the plan and saves a change, as the holder's app does."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(HOLDER), str(path), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def open_read_only(qtbot, path: Path) -> MainWindow:
    window = MainWindow.open_plan(path, read_only=True)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def shown(window: MainWindow, line: str, period: str) -> str:
    """The text the grid shows for a cell (the sheet holding the line)."""
    view = window.workspace.tabs.go_to(line, period)
    return view.sheet_model.index_of(line, period).data()


def test_the_holders_save_shows_in_the_read_only_window(qtbot, plan_path: Path) -> None:
    window = open_read_only(qtbot, plan_path)
    assert shown(window, "FIN.INC.02", "M01") == "24,568.8"
    assert "error" not in window.findings.windowTitle()

    holder(plan_path, "set", "FIN.INC.02", "M01", "24600.5")
    qtbot.waitUntil(
        lambda: shown(window, "FIN.INC.02", "M01") == "24,600.5", timeout=SHOWN_WITHIN_MS
    )
    document = window.session()
    assert document.plan.stored("FIN.INC.02", "M01") == Decimal("24600.5")
    assert shown(window, "FIN.INC.PC", "M01") == "30,049.1"  # the totals with it
    assert "Updated: 1 cell(s) changed" in window.statusBar().currentMessage()
    assert "1 error" in window.findings.windowTitle()  # the bridge no longer reconciles

    holder(plan_path, "set", "FIN.INC.02", "M01", "")  # a blank input: G01 instead
    qtbot.waitUntil(lambda: shown(window, "FIN.INC.02", "M01") == "", timeout=SHOWN_WITHIN_MS)
    assert document.plan.stored("FIN.INC.02", "M01") is None
    assert [f.rule for f in document.findings() if f.severity == "error"] == ["G01"]
    assert "1 error" in window.findings.windowTitle()
    assert not window.follower.out_of_date()
    window.close()


def test_the_review_follows_the_holder_too(qtbot, plan_path: Path) -> None:
    window = start_window(plan_path, review=True)
    qtbot.addWidget(window)
    window.show()
    versions = window.review_page.versions
    assert versions.table.rowCount() == 0
    holder(plan_path, "submit")
    qtbot.waitUntil(lambda: versions.table.rowCount() == 1, timeout=SHOWN_WITHIN_MS)
    assert versions.table.item(0, 0).text().startswith("Draft 1")
    window.close()


def test_a_replaced_file_is_said_out_of_date_and_reload_shows_it(
    qtbot, plan_path: Path, tmp_path: Path
) -> None:
    window = open_read_only(qtbot, plan_path)
    banner = window.follower.banner
    assert banner.isHidden()
    other = tmp_path / "restored.opplan"
    shutil.copyfile(plan_path, other)
    with PlanSession.open(other) as copy:
        copy.set_cells({("FIN.INC.02", "M01"): "777"}, "typing")
    os.replace(other, plan_path)  # e.g. the holder restored a backup over it
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=SHOWN_WITHIN_MS)
    assert "out of date" in banner.text() and "another file" in banner.text()
    assert shown(window, "FIN.INC.02", "M01") == "24,568.8"  # what it had: said to be old

    reload = banner.buttons[0]
    assert reload.text() == "Reload"
    QTest.mouseClick(reload, Qt.MouseButton.LeftButton)
    assert shown(window, "FIN.INC.02", "M01") == "777.0"
    assert window.session().read_only
    assert not window.follower.out_of_date()
    window.close()


def test_an_unfinished_write_is_said_out_of_date(qtbot, plan_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(file_follow, "POLL_MS", 50)
    window = open_read_only(qtbot, plan_path)
    Path(f"{plan_path}-journal").write_bytes(b"\0" * 512)  # a writer died mid-write
    qtbot.waitUntil(window.follower.out_of_date, timeout=3000)
    assert "not been finished" in window.follower.banner.text()
    window.close()


def click_cell(window: MainWindow, line: str, period: str) -> None:
    view = window.workspace.tabs.go_to(line, period)
    rect = view.visualRect(view.sheet_model.index_of(line, period))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert QApplication.focusWidget() is view


def test_paste_and_delete_on_a_read_only_plan_say_read_only(qtbot, plan_path: Path) -> None:
    window = open_read_only(qtbot, plan_path)
    click_cell(window, "FIN.INC.02", "M02")
    QGuiApplication.clipboard().setText("999")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == (
        "This plan is open read-only: nothing can be pasted"
    )
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert window.statusBar().currentMessage() == (
        "This plan is open read-only: nothing can be cleared"
    )
    window.close()
    with PlanSession.open(plan_path, read_only=True) as document:
        assert document.plan.stored("FIN.INC.02", "M02") == Decimal("25551.1")


def test_a_plan_open_for_editing_is_not_polled(qtbot, plan_path: Path) -> None:
    window = MainWindow.open_plan(plan_path)
    qtbot.addWidget(window)
    assert window.follower is None
    window.close()
