"""The findings dock on real plan files: list, filters, live refresh, jumps, commentary."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.errors import BadInput
from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from desktop.ui.findings_panel import (
    COL_COMMENTARY,
    COL_PERIOD,
    FindingsPanel,
    counts_title,
)

AGENCY_OVERSPEND = {("FIN.PAY.03", "M01"): "50000"}  # far above the agency ceiling: F03
AE_MEETS_STANDARD = {("E.B.5n", "M12"): "12464"}  # 96% of 12,983 attendances: no P04
F07 = ("F07", "FIN.EFF.09", "Y1")


@pytest.fixture
def trust_path(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "t.opplan")


@pytest.fixture
def doc(trust_path: Path) -> Iterator[PlanSession]:
    document = PlanSession.open(trust_path)
    yield document
    document.close()


def make_panel(qtbot, document: PlanSession) -> FindingsPanel:
    panel = FindingsPanel(document)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    return panel


def rules(panel: FindingsPanel) -> list[str]:
    return [row.finding.rule for row in panel.model.rows()]


def shown(panel: FindingsPanel, column: int) -> list[str]:
    model = panel.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def row_of(panel: FindingsPanel, key: tuple[str, str, str]) -> int:
    row = panel.model.row_of(key)
    assert row is not None, f"{key} is not listed: {rules(panel)}"
    return row


def select(panel: FindingsPanel, key: tuple[str, str, str]) -> None:
    panel.view.selectRow(row_of(panel, key))


def selected_key(panel: FindingsPanel) -> tuple[str, str, str] | None:
    finding = panel.selected_finding()
    return None if finding is None else finding.key


def commentary(document: PlanSession, key: tuple[str, str, str]) -> str | None:
    finding = next(f for f in document.findings() if f.key == key)
    return document.snapshot().commentary_for(finding)


def ticked(panel: FindingsPanel, key: tuple[str, str, str]) -> bool:
    return shown(panel, COL_COMMENTARY)[row_of(panel, key)] == "\u2713"


def test_the_sample_trust_plan_lists_its_four_warnings(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    assert rules(panel) == ["F07", "A06", "P03", "P04"]
    assert shown(panel, 0) == ["Warning"] * 4
    assert shown(panel, COL_PERIOD) == ["2019/20", "Jan-20", "2019/20", "2019/20"]
    assert panel.windowTitle() == "Findings \u2014 4 warnings"
    assert panel.counts() == {"error": 0, "warning": 4, "info": 0}
    tip = panel.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert "Unidentified savings 2019/20 \u00a33,000k are 21.4%" in tip
    assert [panel.template_filter.itemText(i) for i in range(4)] == [
        "All templates",
        "FIN Provider finance",
        "ACT Provider activity and performance",
        "WF Provider workforce",
    ]


def test_filters_narrow_the_list_but_not_the_counts(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    panel.severity_filter.setCurrentIndex(panel.severity_filter.findText("Errors"))
    assert panel.model.rowCount() == 0
    assert panel.shown_label.text() == "0 of 4"
    assert panel.view.empty_text == "No findings match the filters"
    assert panel.windowTitle() == "Findings \u2014 4 warnings"
    assert panel.counts()["warning"] == 4

    panel.severity_filter.setCurrentIndex(panel.severity_filter.findText("Warnings"))
    assert rules(panel) == ["F07", "A06", "P03", "P04"]
    panel.template_filter.setCurrentIndex(panel.template_filter.findData("ACT"))
    assert rules(panel) == ["A06", "P03", "P04"]
    qtbot.keyClicks(panel.search_box, "rtt")
    assert rules(panel) == ["P03"]
    panel.template_filter.setCurrentIndex(0)
    panel.search_box.setText("fin.eff")  # the line code, any case
    assert rules(panel) == ["F07"]
    panel.search_box.setText("occupancy")  # the message
    assert rules(panel) == ["A06"]
    panel.search_box.clear()
    assert panel.model.rowCount() == 4
    assert panel.shown_label.isHidden()


def test_a_typed_error_appears_first_without_a_refresh(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    select(panel, ("P03", "E.B.3", "Y1"))
    with qtbot.assertNotEmitted(panel.cellRequested):
        doc.set_cells(AGENCY_OVERSPEND, "typing")
    severities = [row.finding.severity for row in panel.model.rows()]
    errors = severities.count("error")
    assert errors >= 1 and severities[:errors] == ["error"] * errors
    assert "F03" in rules(panel)[:errors]
    assert "error" in panel.windowTitle()
    assert panel.counts()["error"] == errors
    # the selection follows the finding to its new row
    assert selected_key(panel) == ("P03", "E.B.3", "Y1")
    assert panel.commentary_label.text() == "Commentary on P03 E.B.3 2019/20"


def test_selecting_and_activating_a_finding_asks_for_its_cell(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    with qtbot.waitSignal(panel.cellRequested, timeout=1000) as blocker:
        panel.view.selectRow(1)
    assert blocker.args == ["BED.PCT", "M10"]

    panel.show()
    panel.view.setFocus()
    with qtbot.waitSignal(panel.cellRequested, timeout=1000) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert blocker.args == ["E.B.3", "Y1"]
    with qtbot.waitSignal(panel.cellRequested, timeout=1000) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert blocker.args == ["E.B.3", "Y1"]


def test_a_finding_without_a_line_asks_for_no_cell(qtbot, doc: PlanSession) -> None:
    doc.set_stage("final")
    panel = make_panel(qtbot, doc)
    g05 = row_of(panel, ("G05", "", ""))
    assert shown(panel, 3)[g05] == ""
    with qtbot.assertNotEmitted(panel.cellRequested):
        panel.view.selectRow(g05)
    assert panel.commentary_label.text() == "Commentary on G05"


def test_saving_a_commentary_stores_it_and_shows_a_tick(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    select(panel, F07)
    assert panel.commentary_label.text() == "Commentary on F07 FIN.EFF.09 2019/20"
    assert panel.commentary_edit.isEnabled()
    text = "Schemes for the last \u00a33m are being worked up with the divisions."
    panel.commentary_edit.setPlainText(text)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    finding = panel.selected_finding()
    assert finding is not None and finding.key == F07
    assert doc.snapshot().commentary_for(finding) == text
    assert shown(panel, COL_COMMENTARY)[row_of(panel, F07)] == "\u2713"
    assert panel.message_label.text() == "Commentary saved"
    tip = panel.model.index(row_of(panel, F07), 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "worked up with the divisions" in tip

    # Ctrl+Return in the editor saves too; an empty text removes the commentary
    panel.commentary_edit.setPlainText("   ")
    qtbot.keyClick(panel.commentary_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert doc.snapshot().commentary_for(finding) is None
    assert shown(panel, COL_COMMENTARY)[row_of(panel, F07)] == ""
    assert panel.message_label.text() == "Commentary removed"
    assert panel.commentary_edit.toPlainText() == ""


def test_at_final_a_saved_commentary_clears_its_g06(qtbot, doc: PlanSession) -> None:
    doc.set_stage("final")
    panel = make_panel(qtbot, doc)
    before = rules(panel).count("G06")
    assert before == 4
    assert panel.counts()["error"] == before + 1  # and G05: no board approval yet
    select(panel, F07)
    panel.commentary_edit.setPlainText("Recovery schemes are being identified.")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert rules(panel).count("G06") == before - 1
    assert panel.counts()["error"] == before  # G05 and the three G06 left
    assert selected_key(panel) == F07


def test_unsaved_text_survives_a_refresh(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    select(panel, F07)
    panel.commentary_edit.setPlainText("half-written")
    doc.set_cells(AGENCY_OVERSPEND, "typing")
    assert selected_key(panel) == F07
    assert panel.commentary_edit.toPlainText() == "half-written"


P03 = ("P03", "E.B.3", "Y1")


def test_typed_commentary_is_saved_when_another_finding_is_selected(
    qtbot, doc: PlanSession
) -> None:
    panel = make_panel(qtbot, doc)
    select(panel, F07)
    panel.commentary_edit.setPlainText("Schemes are being worked up. ")
    select(panel, P03)
    assert commentary(doc, F07) == "Schemes are being worked up."
    assert selected_key(panel) == P03
    assert panel.commentary_edit.toPlainText() == ""  # P03's commentary: none
    assert panel.message_label.text() == "Commentary on F07 FIN.EFF.09 2019/20 saved"
    qtbot.waitUntil(lambda: ticked(panel, F07), timeout=2000)

    select(panel, F07)  # back: the saved text; emptied and left: removed
    assert panel.commentary_edit.toPlainText() == "Schemes are being worked up."
    panel.commentary_edit.setPlainText("")
    select(panel, P03)
    assert commentary(doc, F07) is None
    assert panel.message_label.text() == "Commentary on F07 FIN.EFF.09 2019/20 removed"


def test_at_final_a_commentary_saved_on_leaving_clears_its_g06(qtbot, doc: PlanSession) -> None:
    doc.set_stage("final")
    panel = make_panel(qtbot, doc)
    assert ("G06", "FIN.EFF.09", "Y1") in [row.key for row in panel.model.rows()]
    select(panel, F07)
    panel.commentary_edit.setPlainText("Recovery schemes are being identified.")
    select(panel, P03)  # the list changes: after the selection, not inside it
    assert commentary(doc, F07) == "Recovery schemes are being identified."
    qtbot.waitUntil(
        lambda: ("G06", "FIN.EFF.09", "Y1") not in [row.key for row in panel.model.rows()],
        timeout=2000,
    )
    assert selected_key(panel) == P03
    assert panel.commentary_label.text() == "Commentary on P03 E.B.3 2019/20"


def test_typed_commentary_is_saved_before_another_plan_is_shown(
    qtbot, doc: PlanSession, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, doc)
    select(panel, F07)
    panel.commentary_edit.setPlainText("Saved to the trust's plan")
    ccg_path = build_sample(sample("commissioner"), tmp_path / "ccg.opplan")
    with PlanSession.open(ccg_path) as ccg:
        panel.set_session(ccg)
        assert commentary(doc, F07) == "Saved to the trust's plan"
        assert not any(ccg.snapshot().commentary_for(f) for f in ccg.findings())
        assert panel.commentary_edit.toPlainText() == ""


def test_typed_commentary_is_saved_when_the_editor_loses_the_focus(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    with qtbot.waitExposed(panel):
        panel.show()
    panel.activateWindow()
    select(panel, F07)
    panel.commentary_edit.setFocus()
    qtbot.waitUntil(lambda: panel.commentary_edit.hasFocus(), timeout=2000)
    qtbot.keyClicks(panel.commentary_edit, "Typed, then left")
    assert commentary(doc, F07) is None  # typing alone saves nothing
    panel.search_box.setFocus()
    qtbot.waitUntil(lambda: commentary(doc, F07) == "Typed, then left", timeout=2000)
    assert ticked(panel, F07)
    assert panel.message_label.text() == "Commentary saved"
    assert selected_key(panel) == F07
    assert panel.commentary_edit.toPlainText() == "Typed, then left"


def test_typed_commentary_is_saved_when_the_panel_closes(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    panel.show()
    select(panel, F07)
    panel.commentary_edit.setPlainText("Saved on closing")
    panel.close()
    assert commentary(doc, F07) == "Saved on closing"


def test_a_commentary_refused_on_leaving_stays_in_the_editor(
    qtbot, doc: PlanSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = make_panel(qtbot, doc)
    select(panel, F07)
    panel.commentary_edit.setPlainText("Not accepted")

    def refuse(*_args: object) -> None:
        raise BadInput("Commentary refused", ["the plan said no"])

    monkeypatch.setattr(doc, "set_commentary", refuse)
    select(panel, P03)
    assert selected_key(panel) == P03  # the selection still moves
    assert panel.commentary_label.text() == "Commentary on P03 E.B.3 2019/20"
    assert panel.commentary_edit.toPlainText() == "Not accepted"
    assert panel.message_label.text() == "Commentary refused: the plan said no"
    assert not panel.message_label.isHidden()
    assert commentary(doc, F07) is None
    monkeypatch.undo()
    select(panel, F07)  # left as it was: not saved on P03, where it was not typed
    assert commentary(doc, P03) is None
    assert panel.commentary_edit.toPlainText() == ""

    monkeypatch.setattr(doc, "set_commentary", refuse)
    panel.commentary_edit.setPlainText("Not accepted either")
    select(panel, P03)
    monkeypatch.undo()
    panel.commentary_edit.appendPlainText("(for P03)")  # changed on P03: P03's text now
    select(panel, F07)
    assert commentary(doc, P03) == "Not accepted either\n(for P03)"


def test_a_refused_commentary_is_shown_not_raised(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    panel.show()
    select(panel, ("P04", "E.B.5", "Y1"))
    panel.close()  # a closed panel stops listening, so it does not see P04 go
    doc.set_cells(AE_MEETS_STANDARD, "typing")
    assert "P04" in rules(panel)
    panel.commentary_edit.setPlainText("A&E recovery plan")
    panel.save_commentary()
    assert "no finding P04" in panel.message_label.text()
    assert not panel.message_label.isHidden()
    assert panel.counts()["warning"] == 3  # counts re-read the plan even so
    panel.show()  # shown again: listening again, and up to date
    assert "P04" not in rules(panel)
    doc.set_cells(AGENCY_OVERSPEND, "typing")
    assert "F03" in rules(panel)


def test_a_read_only_plan_disables_the_editor(qtbot, trust_path: Path) -> None:
    with PlanSession.open(trust_path, read_only=True) as document:
        panel = make_panel(qtbot, document)
        panel.show()
        select(panel, F07)
        assert not panel.commentary_edit.isEnabled()
        assert not panel.save_button.isEnabled()
        assert panel.read_only_label.isVisible()
        assert panel.read_only_label.text() == "Read-only plan"
        with qtbot.waitSignal(panel.cellRequested, timeout=1000) as blocker:
            panel.view.selectRow(row_of(panel, ("P04", "E.B.5", "Y1")))
        assert blocker.args == ["E.B.5", "Y1"]


def test_another_plan_replaces_the_first(qtbot, doc: PlanSession, tmp_path: Path) -> None:
    panel = make_panel(qtbot, doc)
    select(panel, F07)
    ccg_path = build_sample(sample("commissioner"), tmp_path / "ccg.opplan")
    with PlanSession.open(ccg_path) as ccg:
        panel.set_session(ccg)
        assert rules(panel) == ["C07", "C08", "C09"]
        assert panel.windowTitle() == "Findings \u2014 3 warnings"
        assert panel.template_filter.itemText(1) == "CFIN Commissioner finance"
        assert panel.selected_finding() is None
        assert not panel.commentary_edit.isEnabled()
        doc.set_cells(AGENCY_OVERSPEND, "typing")  # the first plan: no longer listened to
        assert panel.counts() == {"error": 0, "warning": 3, "info": 0}
        assert doc._listeners == []


def test_a_destroyed_panel_stops_listening(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    panel.deleteLater()
    qtbot.waitUntil(lambda: doc._listeners == [], timeout=2000)
    doc.set_cells(AGENCY_OVERSPEND, "typing")  # nothing calls into the deleted widget
    assert any(f.rule == "F03" for f in doc.findings())


def test_a_panel_outliving_its_closed_document_is_harmless(qtbot, trust_path: Path) -> None:
    document = PlanSession.open(trust_path)
    panel = make_panel(qtbot, document)
    document.close()
    panel.refresh()
    assert rules(panel) == ["F07", "A06", "P03", "P04"]
    panel.deleteLater()
    qtbot.waitUntil(lambda: not document._listeners, timeout=2000)


def test_keyboard_only_tab_order(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    with qtbot.waitExposed(panel):
        panel.show()
    panel.activateWindow()
    panel.template_filter.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.template_filter, timeout=2000)
    order: list[QWidget | None] = [panel.template_filter]
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [
        panel.template_filter,
        panel.severity_filter,
        panel.search_box,
        panel.view,
        panel.commentary_edit,
        panel.save_button,
    ]


def test_enter_in_the_search_box_goes_to_the_first_match(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    panel.show()
    qtbot.keyClicks(panel.search_box, "A&E")
    with qtbot.waitSignal(panel.cellRequested, timeout=1000) as blocker:
        qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    assert blocker.args == ["E.B.5", "Y1"]


def test_the_title_names_each_severity() -> None:
    assert (
        counts_title({"error": 2, "warning": 4, "info": 0})
        == "Findings \u2014 2 errors, 4 warnings"
    )
    assert counts_title({"error": 1, "warning": 0, "info": 3}) == "Findings \u2014 1 error, 3 info"
    assert counts_title({"error": 0, "warning": 0, "info": 0}) == "Findings \u2014 none"


def test_the_panel_renders_at_dock_size(qtbot, doc: PlanSession, tmp_path: Path) -> None:
    doc.set_cells(AGENCY_OVERSPEND, "typing")
    panel = make_panel(qtbot, doc)
    with qtbot.waitExposed(panel):
        panel.show()
    select(panel, F07)
    image = panel.grab()
    assert image.width() == 900 and image.height() == 300
    assert image.save(str(tmp_path / "findings.png"))


def test_closing_the_plan_keeps_commentary_typed_in_the_panel(qtbot, tmp_path) -> None:
    from desktop.core.samples import build_sample, sample
    from desktop.core.session import PlanSession
    from desktop.ui.main_window import MainWindow

    path = build_sample(sample("provider"), tmp_path / "close.opplan")
    window = MainWindow.open_plan(path)
    qtbot.addWidget(window)
    panel = window.findings
    assert panel is not None
    panel.view.selectRow(0)
    finding = panel.selected_finding()
    assert finding is not None
    panel.commentary_edit.setPlainText("Typed, then the plan was closed")
    window.close_plan()
    with PlanSession.open(path, read_only=True) as doc:
        assert doc.snapshot().commentary_for(finding) == "Typed, then the plan was closed"
