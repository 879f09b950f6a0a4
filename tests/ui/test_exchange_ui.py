"""File > Export submission and File > Import workbook in the window."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.core.samples import build_sample, sample
from desktop.ui import exchange_actions
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    win = MainWindow.open_plan(build_sample(sample("provider"), tmp_path / "trust.opplan"))
    qtbot.addWidget(win)
    return win


def test_export_writes_the_bundle(window: MainWindow, tmp_path: Path) -> None:
    folder = exchange_actions.export_submission(
        window, window.workspace.session.snapshot(), tmp_path / "out", open_when_done=False
    )
    assert folder is not None
    names = sorted(p.name for p in folder.iterdir())
    assert "manifest.json" in names and "submission.eml" in names
    assert "RZZ_2019-20_Finance_Draft1.xlsx" in names


def test_import_of_a_hand_edited_workbook_is_one_undo_step(
    window: MainWindow, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    folder = exchange_actions.export_submission(
        window, window.workspace.session.snapshot(), tmp_path / "out", open_when_done=False
    )
    assert folder is not None
    path = folder / "RZZ_2019-20_Finance_Draft1.xlsx"
    document = window.session()
    assert document is not None
    before = document.plan.stored("FIN.INC.02", "M01")
    workbook = load_workbook(path)
    sheet = workbook["I&E"]
    target = None
    for row in sheet.iter_rows():
        if row[0].value == "FIN.INC.02":
            target = row
            break
    assert target is not None
    header = [
        c.value for c in next(r for r in sheet.iter_rows() if any(c.value == "Apr-19" for c in r))
    ]
    column = header.index("Apr-19")
    target[column].value = 99999.5
    workbook.save(path)
    count = exchange_actions.import_workbook(window, window.workspace, path)
    assert count == 1
    assert document.plan.stored("FIN.INC.02", "M01") == Decimal("99999.5")
    stack = window.workspace.undo_stack
    # the name the command line's import has in the audit trail
    assert stack.undoText() == "Import workbook RZZ_2019-20_Finance_Draft1.xlsx"
    assert document.audit("FIN.INC.02")[-1].operation == stack.undoText()
    stack.undo()
    assert document.plan.stored("FIN.INC.02", "M01") == before


def test_a_bad_workbook_is_refused_and_the_plan_unchanged(
    window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not really a workbook")
    document = window.session()
    assert document is not None
    before = document.plan.stored_cells()
    assert exchange_actions.import_workbook(window, window.workspace, bogus) is None
    assert shown and "bogus.xlsx" in shown[0]
    assert document.plan.stored_cells() == before
