"""Start-up: the window paints a read-only first look at the plan, then opens it properly.

Nothing may be editable before the plan is open and locked: keys typed into the
first look change nothing in the file; once ``planOpened`` fired, they do.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.samples import working_copy
from desktop.core.session import PlanSession
from desktop.core.store.lock import read_holder
from desktop.ui.main_window import MainWindow
from desktop.ui.startup import StagedStart
from tests.helpers import ROOT


def stored(path: Path, line: str, period: str) -> Decimal | str | None:
    with PlanSession.open(path, read_only=True) as document:
        return document.plan.stored(line, period)


def type_into_focus(text: str) -> None:
    """Each key to the widget that has the focus then (the grid, then its editor)."""
    for char in text:
        QTest.keyClicks(QApplication.focusWidget(), char)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    QApplication.processEvents()  # the editor commits on a queued call after Return


def test_the_first_look_is_read_only_then_the_plan_opens_locked_and_editable(
    qtbot, monkeypatch
) -> None:
    path = working_copy()
    before = stored(path, "FIN.INC.01", "FOT")
    window = MainWindow()
    qtbot.addWidget(window)
    painted: list[bool] = []
    open_properly = StagedStart.finish
    monkeypatch.setattr(StagedStart, "finish", lambda self: painted.append(True))
    start = StagedStart(window, None, read_only=False, review=False)
    start.begin()
    qtbot.waitUntil(lambda: bool(painted))  # painted: the plan would now be opened
    # the first look: the plan's first sheet, and nothing can change it
    assert window.preview is not None and window.session() is None
    assert window.windowTitle().startswith("RZZ Northshire Hospitals")
    assert "Opening" in window.statusBar().currentMessage()
    assert read_holder(path) is None  # not locked yet
    assert not window.export_action.isEnabled()
    assert not window.save_copy_action.isEnabled()
    assert not window.edit_menu.actions()
    banner = window.preview.sample_banner  # there from the first paint: nothing moves after
    assert banner is not None and not banner.buttons[0].isEnabled()
    preview_view = window.preview.tabs.current_view()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is preview_view)
    type_into_focus("123")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert stored(path, "FIN.INC.01", "FOT") == before
    with qtbot.waitSignal(window.planOpened):
        open_properly(start)
    # opened properly: locked, and the grid takes what is typed
    assert window.preview is None
    document = window.session()
    assert document is not None and not document.read_only
    assert read_holder(path) is not None
    assert window.export_action.isEnabled()
    view = window.workspace.tabs.current_view()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    type_into_focus("58123")
    assert document.plan.stored("FIN.INC.01", "FOT") == Decimal("58123")
    window.close()
    assert stored(path, "FIN.INC.01", "FOT") == Decimal("58123")
    assert read_holder(path) is None


def test_the_plan_opens_after_the_first_paint_on_its_own(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.planOpened, timeout=10_000):
        StagedStart(window, None, read_only=False, review=False).begin()
    assert window.preview is None and window.session() is not None
    window.close()


def test_a_file_that_is_not_a_plan_gives_no_first_look(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.opplan"
    bogus.write_text("not a database")
    assert PlanSession.preview(bogus) is None
    assert PlanSession.preview(tmp_path / "missing.opplan") is None


def test_the_first_look_writes_nothing(tmp_path: Path) -> None:
    path = working_copy()
    preview = PlanSession.preview(path)
    assert preview is not None and preview.read_only
    assert "being opened" in preview.read_only_reason
    try:
        preview.set_cells({("FIN.INC.01", "FOT"): "1"}, "typing")
        raise AssertionError("the first look took a change")
    except Exception as exc:  # the typed refusal, naming the file
        assert "being opened" in str(exc) and str(path) in str(exc)
    finally:
        preview.close()


PAINT_BEFORE_HEAVY_IMPORTS = """
import sys
from desktop.ui.app import make_application
from desktop.ui.main_window import MainWindow
from desktop.ui.startup import StagedStart

app = make_application()
window = MainWindow()
opened = []
window.planOpened.connect(lambda: opened.append(True))
StagedStart(window, None, read_only=False, review=False).begin()
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "openpyxl", "alembic"})
print("before paint:", heavy, "preview:", window.preview is not None)
while not opened:
    app.processEvents()
print("opened:", window.session() is not None, "sqlalchemy" in sys.modules)
window.close()
"""


def test_the_first_paint_does_not_wait_for_sqlalchemy_or_openpyxl(user_data: Path) -> None:
    """What start-up must not load before the window paints (tests/bench/bench_startup.py
    measures the time): the plan file's ORM, workbooks and migrations."""
    working_copy()  # made once, as at the first start ever (in this data folder)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PAINT_BEFORE_HEAVY_IMPORTS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "before paint: [] preview: True" in result.stdout
    assert "opened: True True" in result.stdout


def test_without_the_xml_guard_the_window_says_so_and_ends(qtbot, monkeypatch) -> None:
    """A broken installation (openpyxl without defusedxml): said in a box, then exit 2."""
    import openpyxl.xml

    from desktop.ui import startup

    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    said: list[str] = []
    ended: list[int] = []
    monkeypatch.setattr(startup.QMessageBox, "critical", lambda _w, _t, text: said.append(text))
    monkeypatch.setattr(startup.QApplication, "exit", lambda code=0: ended.append(code))
    window = MainWindow()
    qtbot.addWidget(window)
    StagedStart(window, None, read_only=False, review=False).begin()
    qtbot.waitUntil(lambda: bool(ended), timeout=10_000)
    assert ended == [startup.EXIT_UNSAFE] == [2]
    assert "defusedxml" in said[0]
    window.close()
