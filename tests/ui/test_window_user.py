"""The window around the grid, driven as a user drives it: keys and clicks sent to the
focused widget, results checked in the plan file through the core.

Issue 10, "the window": the approval dialog's keyboard (fault 4), the first window on
a small screen, the findings dock, the sample plan's banner, where file dialogs
start, starting the next draft, the changed-since-approval notice in the editor, and
compare's period labels.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
)

from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from desktop.ui.app import start_window
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import app_settings
from tests.ui.keys import click_button as click
from tests.ui.keys import focused, press, type_text


def go_to(address: str) -> None:
    """Ctrl+G, the cell's address, Enter: the grid has the focus on that cell."""
    press(Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    type_text(address)
    press(Qt.Key.Key_Return)


def shown_window(qtbot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def trust_path(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


@pytest.fixture
def window(qtbot, trust_path: Path) -> Iterator[MainWindow]:
    main = shown_window(qtbot, MainWindow.open_plan(trust_path))
    yield main
    main.close()


def stored_approvals(path: Path):
    with PlanSession.open(path, read_only=True) as document:
        return list(document.snapshot().approvals)


def open_approval_dialog(qtbot, window: MainWindow) -> QDialog:
    """Review mode, submit Draft 1, then Record approval… (all by mouse and F9)."""
    press(Qt.Key.Key_F9)
    assert window.in_review()
    panel = window.review_page.versions
    click(panel.submit_button)
    click(panel.approve_button)
    dialog = panel.approval_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


# -- fault 4: the approval dialog ----------------------------------------------------------


def finished(dialog: QDialog) -> list[int]:
    """Collects the dialog's result when it closes (it is deleted on close)."""
    results: list[int] = []
    dialog.finished.connect(results.append)
    return results


def fill_the_rest() -> None:
    """From the meeting date: Tab to the name, the role and the minute, typing each."""
    for text in ("Jane Smith", "Chair", "TB/25/042"):
        press(Qt.Key.Key_Tab)
        type_text(text)


def test_tab_runs_field_to_field_and_the_date_is_typed_whole(
    qtbot, window: MainWindow, trust_path: Path
) -> None:
    dialog = open_approval_dialog(qtbot, window)
    assert dialog.isAncestorOf(focused())  # the body, first
    press(Qt.Key.Key_Tab)
    type_text("2/12/2025")  # D/M/YYYY: 2 December
    press(Qt.Key.Key_Tab)
    type_text("Jane Smith")
    press(Qt.Key.Key_Tab)
    type_text("Chair")
    press(Qt.Key.Key_Tab)
    type_text("TB/25/042")
    closed = finished(dialog)
    press(Qt.Key.Key_Return)
    assert closed == [QDialog.DialogCode.Accepted.value]
    (approval,) = stored_approvals(trust_path)
    assert approval.meeting_date == "2025-12-02"
    assert (approval.body, approval.approver, approval.role, approval.minute) == (
        "trust board",
        "Jane Smith",
        "Chair",
        "TB/25/042",
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("02/12/2025", "2025-12-02"), ("2025-12-02", "2025-12-02"), ("1/4/2025", "2025-04-01")],
)
def test_the_meeting_date_is_read_in_each_way_it_is_written(
    qtbot, window: MainWindow, trust_path: Path, typed: str, stored: str
) -> None:
    dialog = open_approval_dialog(qtbot, window)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(typed)
    fill_the_rest()
    closed = finished(dialog)
    press(Qt.Key.Key_Return)
    assert [a.meeting_date for a in stored_approvals(trust_path)] == [stored]
    assert closed == [QDialog.DialogCode.Accepted.value]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2025", "February 2025 has 28 days"),
        ("12/13/2025", "there is no month 13"),
        ("2/12/25", "DD/MM/YYYY"),
        ("next Tuesday", "DD/MM/YYYY"),
        ("", "meeting date is empty"),
    ],
)
def test_a_bad_date_is_refused_with_the_reason_at_the_field(
    qtbot, window: MainWindow, trust_path: Path, typed: str, reason: str
) -> None:
    dialog = open_approval_dialog(qtbot, window)
    press(Qt.Key.Key_Tab)
    date_field = focused()
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(Qt.Key.Key_Delete)
    type_text(typed)
    fill_the_rest()
    press(Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert reason in dialog.date_problem.text()
    assert dialog.date_problem.isVisible()
    assert focused() is date_field  # back at the field to put it right
    assert stored_approvals(trust_path) == []


def test_a_date_in_the_future_is_refused(qtbot, window: MainWindow, trust_path: Path) -> None:
    dialog = open_approval_dialog(qtbot, window)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    type_text(tomorrow.strftime("%d/%m/%Y"))
    press(Qt.Key.Key_Tab)
    assert "in the future" in dialog.date_problem.text()  # said on leaving the field
    assert stored_approvals(trust_path) == []


def test_the_date_is_picked_from_a_calendar_with_keys(
    qtbot, window: MainWindow, trust_path: Path
) -> None:
    dialog = open_approval_dialog(qtbot, window)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("10/11/2025")
    press(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # opens the calendar
    calendar = dialog.meeting_date.calendar
    qtbot.waitUntil(calendar.isVisible)
    press(Qt.Key.Key_Left)  # a day earlier
    press(Qt.Key.Key_Return)  # picked
    assert not calendar.isVisible()
    assert dialog.meeting_date.text() == "09/11/2025"
    assert dialog.isAncestorOf(focused())
    fill_the_rest()
    press(Qt.Key.Key_Return)
    assert [a.meeting_date for a in stored_approvals(trust_path)] == ["2025-11-09"]


# -- the first window on a small screen, and the findings dock ------------------------------


def inside(inner, outer) -> bool:
    return outer.contains(inner.topLeft()) and outer.contains(inner.bottomRight())


def test_the_first_window_fits_the_screens_available_area(qtbot, trust_path: Path) -> None:
    window = shown_window(qtbot, MainWindow.open_plan(trust_path))
    available = window.screen().availableGeometry()
    qtbot.waitUntil(lambda: inside(window.frameGeometry(), available))
    bar = window.statusBar()
    assert bar.isVisible()
    assert inside(QRect(bar.mapToGlobal(QPoint(0, 0)), bar.size()), available)
    window.close()


def test_a_remembered_geometry_too_large_for_this_screen_is_brought_within(
    qtbot, trust_path: Path
) -> None:
    big = MainWindow()
    big.setGeometry(1500, 900, 1900, 1040)  # last used on a docking station's large monitor
    app_settings().setValue("window/geometry", big.saveGeometry())
    big.deleteLater()
    window = shown_window(qtbot, MainWindow.open_plan(trust_path))
    available = window.screen().availableGeometry()
    qtbot.waitUntil(lambda: inside(window.frameGeometry(), available))
    window.close()


def grid_height(window: MainWindow) -> int:
    return window.workspace.tabs.current_view().viewport().height()


def test_the_findings_dock_folds_to_its_title_and_unfolds(qtbot, window: MainWindow) -> None:
    dock = window.findings
    qtbot.waitUntil(lambda: dock.height() > 100)
    unfolded, rows = dock.height(), grid_height(window)
    assert "4 warnings" in window.findings_fold.title_bar.label.text()
    click(window.findings_fold.title_bar.fold_button)
    qtbot.waitUntil(lambda: dock.height() < 40)
    assert grid_height(window) > rows + 100  # the grid has the room
    assert "4 warnings" in window.findings_fold.title_bar.label.text()  # still said
    window.workspace.tabs.current_view().setFocus()
    press(Qt.Key.Key_F8, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dock.height() >= unfolded - 2)
    assert window.findings.view.isVisible()


def test_with_no_finding_the_dock_stays_small_until_one_comes(qtbot, trust_path: Path) -> None:
    with PlanSession.open(trust_path) as document:  # the sample's four warnings put right
        fixes = {("FIN.EFF.09", f"M{m:02d}"): "0" for m in range(1, 13)}
        fixes |= {("BED.OCC", "M10"): "669", ("BED.OCC", "M11"): "669"}
        fixes |= {("E.B.3n", "M12"): "38000", ("E.B.5n", "M12"): "12400"}
        document.set_cells(fixes, "fixes")
        assert document.findings() == []
    window = shown_window(qtbot, MainWindow.open_plan(trust_path))
    dock = window.findings
    qtbot.waitUntil(lambda: window.findings_fold.folded() and dock.height() < 40)
    assert "none" in window.findings_fold.title_bar.label.text()
    go_to("E.B.3n Mar-20")
    type_text("37319")  # back below the 92% RTT standard: P03 stands again
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.findings_fold.folded() and dock.height() > 100)
    assert "1 warning" in window.findings_fold.title_bar.label.text()
    window.close()


# -- the sample plan's banner ---------------------------------------------------------------


def test_the_sample_plan_says_so_and_offers_a_new_plan(qtbot, monkeypatch) -> None:
    from desktop.ui import dialogs

    opened: list[str] = []

    def new_plan_dialog(dialog: QDialog) -> int:
        opened.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(dialogs.NewPlanDialog, "exec", new_plan_dialog)
    window = shown_window(qtbot, start_window())  # no plan yet: the sample's working copy
    banner = window.workspace.sample_banner
    assert banner is not None and banner.isVisible()
    assert "sample plan" in banner.text() and "Northshire Hospitals" in banner.text()
    (button,) = banner.buttons
    assert button.text() == "New plan\u2026"
    click(button)
    assert opened == ["New plan"]
    window.close()


def test_a_real_plan_has_no_sample_banner(window: MainWindow) -> None:
    assert window.workspace.sample_banner is None


# -- where file dialogs start ---------------------------------------------------------------


@pytest.fixture
def documents(tmp_path: Path, monkeypatch) -> Path:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home / "Documents"


def test_file_dialogs_start_in_documents_then_the_last_folder_never_the_data_folder(
    qtbot, monkeypatch, documents: Path, user_data: Path, tmp_path: Path
) -> None:
    starts: list[str] = []
    chosen = tmp_path / "board papers"
    chosen.mkdir()

    def save_name(_parent, _title, start, _filter="", *args, **kwargs):
        starts.append(str(Path(start).parent))
        return "", ""  # cancelled

    def save_pack(_parent, _title, start, _filter="", *args, **kwargs):
        starts.append(str(Path(start).parent))
        return str(chosen / Path(start).name), ""

    def folder(_parent, _title, start, *args, **kwargs):
        starts.append(start)
        return ""

    window = shown_window(qtbot, start_window())  # the sample: its file is in the data folder
    assert user_data in window.session().path.parents
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder)
    window.save_copy_action.trigger()
    window.export_action.trigger()
    assert starts == [str(documents), str(documents)]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_pack)
    monkeypatch.setattr("desktop.ui.review.boardpack.write_board_pack", lambda doc, path: path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Close)
    window.board_pack_action.trigger()  # chosen: the board papers folder
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    window.save_copy_action.trigger()
    window.export_action.trigger()
    assert starts[2:] == [str(documents), str(chosen), str(chosen)]
    assert not any(start.startswith(str(user_data)) for start in starts)
    window.close()


# -- starting the next draft ----------------------------------------------------------------


def test_after_a_submission_the_next_draft_is_offered_where_submit_was(
    qtbot, window: MainWindow, trust_path: Path
) -> None:
    press(Qt.Key.Key_F9)
    panel = window.review_page.versions
    assert not panel.next_draft_button.isVisible()
    click(panel.submit_button)
    assert not panel.submit_button.isEnabled()
    assert panel.submit_button.text() == "Submit as Draft 1"
    assert panel.next_draft_label.isVisible()
    assert "Draft 1 has been submitted" in panel.next_draft_label.text()
    assert "start Draft 2" in panel.next_draft_label.text()
    assert panel.next_draft_button.text() == "Start Draft 2"
    click(panel.next_draft_button)
    with PlanSession.open(trust_path, read_only=True) as document:
        assert document.snapshot().stage.label == "Draft 2"
    assert panel.submit_button.isEnabled() and panel.submit_button.text() == "Submit as Draft 2"
    assert not panel.next_draft_button.isVisible()
    assert window.stage_label.text() == "Stage: Draft 2"


def test_a_read_only_viewer_is_told_how_the_next_draft_starts(qtbot, trust_path: Path) -> None:
    with PlanSession.open(trust_path) as document:
        document.submit_version()
    window = shown_window(qtbot, start_window(trust_path, review=True))
    panel = window.review_page.versions
    assert panel.next_draft_label.isVisible()
    assert "the plan's holder can start Draft 2" in panel.next_draft_label.text()
    assert not panel.next_draft_button.isVisible()
    window.close()


# -- the changed-since-approval notice in the editor ----------------------------------------


def test_an_edit_after_approval_shows_a_notice_in_the_editor(qtbot, trust_path: Path) -> None:
    with PlanSession.open(trust_path) as document:
        version = document.submit_version()
        document.approve(
            str(version.id),
            body="trust board",
            meeting_date="2025-11-27",
            approver="Jane Smith",
            role="Chair",
            minute="TB/25/042",
        )
    window = shown_window(qtbot, MainWindow.open_plan(trust_path))
    banner = window.workspace.approval_banner
    assert not banner.isVisible()  # the working copy is the approved plan
    go_to("FIN.INC.02 Apr-19")
    type_text("24600")
    press(Qt.Key.Key_Return)
    assert banner.isVisible()
    assert "Not the approved plan" in banner.text()
    assert "changed since Draft 1 was approved on 2025-11-27" in banner.text()
    window.workspace.tabs.current_view().setFocus()
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undone: the approved plan again
    assert not banner.isVisible()
    with PlanSession.open(trust_path, read_only=True) as document:
        assert document.snapshot().approval() is not None
    window.close()


# -- compare: period labels, never codes ----------------------------------------------------

CODE = re.compile(r"\b(Y\d|M\d\d|FOT|BASE)\b")


def test_compare_shows_period_labels_never_codes(qtbot, window: MainWindow) -> None:
    press(Qt.Key.Key_F9)
    panel = window.review_page.versions
    click(panel.submit_button)
    press(Qt.Key.Key_F9)  # back to the sheets
    go_to("E.B.3n Mar-20")
    type_text("38000")  # above the RTT standard at March: P03 clears
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_F9)
    click(panel.compare_button)
    dialog = panel.compare_dialog
    qtbot.waitUntil(dialog.isVisible)
    table = dialog.table
    texts = [table.item(r, c).text() for r in range(table.rowCount()) for c in range(4)]
    texts += [dialog.cleared.item(r).text() for r in range(dialog.cleared.count())]
    texts += [dialog.appeared.item(r).text() for r in range(dialog.appeared.count())]
    texts += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    texts += [dialog.summary.text(), dialog.left_combo.currentText()]
    assert "Mar-20" in texts
    assert any(t.startswith("P03 E.B.3 2019/20:") for t in texts)
    assert [t for t in texts if CODE.search(t)] == []
    dialog.close()
