"""Each panel refreshes only what a change touches (PlanChanges): a typed value that moves
no finding leaves the findings list and the versions list alone; a commentary leaves the
grids alone; the import in the window is the command line's, with its report."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.samples import build_sample, sample
from desktop.ui import exchange_actions
from desktop.ui.main_window import MainWindow
from tests.core.test_operations import edit_workbook
from tests.ui.test_editor import select, sheet, type_into


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    win = MainWindow.open_plan(build_sample(sample("provider"), tmp_path / "trust.opplan"))
    qtbot.addWidget(win)
    win.show()
    win.set_review(True)  # the dashboard and the versions panel made, and watching
    win.set_review(False)
    return win


def count_calls(monkeypatch: pytest.MonkeyPatch, obj: object, name: str) -> list[object]:
    """Count the calls of ``obj.name`` (still made)."""
    calls: list[object] = []
    real = getattr(obj, name)

    def counted(*args: object) -> object:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(obj, name, counted)
    return calls


def test_a_typed_value_refreshes_its_lines_and_nothing_about_findings(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, panel, review = window.workspace, window.findings, window.review_page
    assert workspace is not None and panel is not None and review is not None
    findings = count_calls(monkeypatch, panel, "refresh")
    versions = count_calls(monkeypatch, review.versions, "refresh")
    dashboard = count_calls(monkeypatch, review.dashboard, "refresh")
    marks = count_calls(monkeypatch, workspace.tabs, "show_marks")
    lines = count_calls(monkeypatch, workspace.tabs, "refresh_lines")
    view = sheet(window, "E.M.7a")
    select(view, "E.M.7a", "M05")
    type_into(qtbot, view, "8000")  # first attendances in August: no finding comes or goes
    assert [args[0] >= {"E.M.7a", "E.M.7"} for args in lines] == [True]  # and their total
    assert dashboard and not findings and not marks and not versions

    view = sheet(window, "FIN.PAY.03")
    select(view, "FIN.PAY.03", "M01")
    type_into(qtbot, view, "50000")  # agency over its ceiling: F03 comes
    assert len(findings) == 1 and len(marks) == 1 and not versions
    assert any(row.finding.rule == "F03" for row in panel.model.rows())


def test_a_commentary_or_a_stage_leaves_the_grids_alone(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, panel = window.workspace, window.findings
    assert workspace is not None and panel is not None
    lines = count_calls(monkeypatch, workspace.tabs, "refresh_lines")
    marks = count_calls(monkeypatch, workspace.tabs, "show_marks")
    findings = count_calls(monkeypatch, panel, "refresh")
    session = workspace.session
    session.set_commentary("F07", "FIN.EFF.09", "Y1", "Schemes being identified")
    assert findings and not lines and not marks  # the tick, not the figures
    row = panel.model.row_of(("F07", "FIN.EFF.09", "Y1"))
    assert row is not None and panel.model.rows()[row].commentary == "Schemes being identified"
    session.set_stage("draft")  # Draft 1 not submitted: nothing to change
    session.submit_version()
    session.set_stage("draft")
    assert not lines
    assert window.stage_label.text() == "Stage: Draft 2"


def test_the_window_imports_a_workbook_as_the_command_line_does(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    workspace = window.workspace
    assert workspace is not None
    session = workspace.session
    folder = exchange_actions.export_submission(
        window, session.snapshot(), tmp_path / "out", open_when_done=False
    )
    assert folder is not None
    workbook = folder / "RZZ_2019-20_Finance_Draft1.xlsx"
    # edited in the plan since the export (typed in the grid): kept
    assert workspace.controller.apply({("FIN.INC.02", "M01"): "24600"}, "typing in FIN.INC.02")
    edit_workbook(workbook, "FIN.INC.03", "May-19", 4321)  # edited in the workbook: read
    assert exchange_actions.import_workbook(window, workspace, workbook) == 1
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Imported 1 value from {workbook.name} into trust.opplan")
    assert "1 of them edited in the plan since and kept" in message
    assert str(session.plan.stored("FIN.INC.02", "M01")) == "24600"
    assert str(session.plan.stored("FIN.INC.03", "M02")) == "4321"
    stack = workspace.undo_stack
    assert stack.undoText() == f"Import workbook {workbook.name}"  # as the CLI names it
    assert session.audit("FIN.INC.03")[-1].operation == stack.undoText()
    window.edit_menu.actions()[0].trigger()  # Edit > Undo
    assert str(session.plan.stored("FIN.INC.03", "M02")) != "4321"
    assert str(session.plan.stored("FIN.INC.02", "M01")) == "24600"
    assert stack.redoText() == f"Import workbook {workbook.name}"
