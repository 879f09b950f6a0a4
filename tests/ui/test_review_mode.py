"""Review mode in the window: View > Review, --review, File > Export board pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.core.checks.text import money
from desktop.core.samples import build_sample, sample
from desktop.ui.app import start_window
from desktop.ui.main_window import MainWindow
from desktop.ui.review.review_page import ReviewPage


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def test_view_review_shows_the_dashboard_and_back(qtbot, plan_path: Path) -> None:
    window = MainWindow.open_plan(plan_path)
    qtbot.addWidget(window)
    window.review_action.trigger()
    assert window.in_review() and "Review" in window.windowTitle()
    page = window.pages.currentWidget()
    assert isinstance(page, ReviewPage)
    document = window.session()
    measure = document.round.thresholds["control_total_measure"]
    tile = page.dashboard.tile("control_total")
    assert tile.value_label.text() == money(document.plan.number(measure, "Y1"))
    assert window.edit_menu.isEmpty()  # nothing to paste into by accident
    window.review_action.trigger()
    assert not window.in_review() and not window.edit_menu.isEmpty()
    window.close()


def test_going_to_a_finding_leaves_review(qtbot, plan_path: Path) -> None:
    window = MainWindow.open_plan(plan_path)
    qtbot.addWidget(window)
    window.set_review(True)
    window.go_to_cell("BED.PCT", "M10")
    assert not window.in_review()
    assert window.workspace.tabs.current_view().sheet_model.sheet.id == "BEDS"
    window.close()


def test_review_flag_opens_read_only_straight_into_review(qtbot, plan_path: Path) -> None:
    window = start_window(plan_path, review=True)
    qtbot.addWidget(window)
    assert window.in_review()
    assert window.session().read_only
    assert not window.final_action.isEnabled()
    window.close()


def test_stage_from_the_plan_menu_and_refusal(qtbot, plan_path: Path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window = MainWindow.open_plan(plan_path)
    qtbot.addWidget(window)
    window.session().set_cells({("FIN.PAY.03", "M01"): "50000"}, "typing")
    window.final_action.trigger()
    assert shown and "cannot be set to Final" in shown[0]
    assert window.stage_label.text() == "Stage: Draft 1"
    window.session().set_cells({("FIN.PAY.03", "M01"): "807"}, "typing")
    window.final_action.trigger()
    assert window.stage_label.text() == "Stage: Final"
    assert "Final" in window.windowTitle()
    window.close()


def test_export_board_pack_from_the_window(qtbot, plan_path: Path, tmp_path: Path) -> None:
    from desktop.ui import review_actions

    window = MainWindow.open_plan(plan_path)
    qtbot.addWidget(window)
    written = review_actions.export_board_pack(
        window, window.session().snapshot(), tmp_path / "pack.pdf", open_when_done=False
    )
    assert written is not None and written.read_bytes().startswith(b"%PDF")
    window.close()
