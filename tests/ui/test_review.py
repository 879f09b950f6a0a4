"""Review mode on real plan files: the dashboard, versions, approval and comparison."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QDialog

from desktop.core.checks.text import money
from desktop.core.review.headlines import headlines
from desktop.core.review.series import Chart, Reference, Series, charts
from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from desktop.core.units import format_value
from desktop.ui.review.approval_dialog import ApprovalDialog
from desktop.ui.review.chart_painter import axis_range, paint_chart, tick_label, tick_values
from desktop.ui.review.compare_dialog import CompareDialog
from desktop.ui.review.dashboard import DashboardWidget, approval_status
from desktop.ui.review.review_page import ReviewPage
from desktop.ui.review.versions_panel import VersionsPanel

#: Three cells in two templates (values chosen to differ from the sample's).
THREE_CHANGES = {
    ("FIN.INC.02", "M01"): "21500",
    ("E.M.8", "M02"): "12000",
    ("FIN.PAY.03", "M03"): "900",
}
APPROVAL = {
    "body": "trust board",
    "meeting_date": "2019-03-28",
    "approver": "Jane Smith",
    "role": "Chair",
    "minute": "TB/19/042",
}


@pytest.fixture
def trust_path(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


@pytest.fixture
def doc(trust_path: Path) -> Iterator[PlanSession]:
    document = PlanSession.open(trust_path)
    yield document
    document.close()


def control_total(document: PlanSession) -> Decimal:
    measure = document.round.thresholds["control_total_measure"]
    value = document.plan.number(measure, "Y1")
    assert value is not None
    return value


def make_dashboard(qtbot, document: PlanSession) -> DashboardWidget:
    dashboard = DashboardWidget(document)
    qtbot.addWidget(dashboard)
    dashboard.resize(1100, 700)
    dashboard.show()
    return dashboard


def make_panel(qtbot, document: PlanSession) -> VersionsPanel:
    panel = VersionsPanel(document)
    qtbot.addWidget(panel)
    panel.resize(480, 400)
    panel.show()
    return panel


def fill_approval(dialog: ApprovalDialog, **overrides: str) -> None:
    values = {**APPROVAL, **overrides}
    dialog.body.setCurrentText(values["body"])
    dialog.meeting_date.set_date(dt.date.fromisoformat(values["meeting_date"]))
    dialog.approver.setText(values["approver"])
    dialog.role.setText(values["role"])
    dialog.minute.setText(values["minute"])


def differing_versions(document: PlanSession) -> None:
    """Draft 1, then Draft 2 with the three changes, both submitted."""
    document.submit_version()
    document.set_stage("draft")
    document.set_cells(THREE_CHANGES, "typing")
    document.submit_version()


# -- dashboard ---------------------------------------------------------------------------


def test_the_dashboard_shows_the_calculators_control_total(qtbot, doc: PlanSession) -> None:
    dashboard = make_dashboard(qtbot, doc)
    expected = money(control_total(doc))
    tile = dashboard.tile("control_total")
    assert tile.value_label.text() == expected == "(£8,550k)"
    by_key = {h.key: h for h in headlines(doc.snapshot(), doc.findings(), "Y1")}
    assert by_key["control_total"].value == expected
    assert tile.title_label.text() == by_key["control_total"].title
    assert tile.detail_label.text() == "Control total (£8,600k): £50k better"
    assert tile.status_label.text() == "OK"
    for key, item in by_key.items():  # every tile is the headline the core computes
        shown = dashboard.tile(key)
        assert (shown.value_label.text(), shown.detail_label.text()) == (item.value, item.detail)
    assert dashboard.tile("efficiency").status_label.text() == "Warning"  # F07 stands


def test_a_tile_names_the_finding_behind_its_status(qtbot, doc: PlanSession) -> None:
    dashboard = make_dashboard(qtbot, doc)
    efficiency = dashboard.tile("efficiency")
    assert efficiency.status_label.text() == "Warning"
    assert efficiency.finding_label.isVisibleTo(dashboard)
    assert efficiency.finding_label.text().startswith("F07: Unidentified savings")
    assert "F07: Unidentified savings 2019/20" in efficiency.toolTip()
    waiting_list = dashboard.tile("rtt_waiting_list")  # P03 (RTT %) does not colour it
    assert waiting_list.status_label.text() == "OK"
    assert not waiting_list.finding_label.isVisibleTo(dashboard)


def test_a_new_finding_on_an_unchanged_figure_reaches_its_tile(qtbot, doc: PlanSession) -> None:
    dashboard = make_dashboard(qtbot, doc)
    efficiency = dashboard.tile("efficiency")
    value, detail = efficiency.value_label.text(), efficiency.detail_label.text()
    months = doc.round.year("Y1").months
    doc.set_cells({("FIN.EFF.REC", m): "100" for m in months}, "typing")  # F06 too
    assert (efficiency.value_label.text(), efficiency.detail_label.text()) == (value, detail)
    assert efficiency.finding_label.text().endswith("(and 1 more)")


def test_editing_a_figure_changes_the_dashboard_by_itself(qtbot, doc: PlanSession) -> None:
    dashboard = make_dashboard(qtbot, doc)
    tile = dashboard.tile("control_total")
    before = tile.value_label.text()
    income = doc.plan.number("FIN.INC.02", "M01")
    assert income is not None
    doc.set_cells({("FIN.INC.02", "M01"): str(income + 1000)}, "typing")
    after = money(control_total(doc))
    assert after != before
    assert tile.value_label.text() == after == "(£7,550k)"
    wanted = next(c for c in charts(doc.snapshot(), "Y1") if c.key == "surplus")
    shown = next(w for w in dashboard.chart_widgets() if w.chart and w.chart.key == "surplus")
    assert shown.chart == wanted


def test_the_dashboard_has_a_tile_per_headline_and_a_widget_per_chart(
    qtbot, doc: PlanSession
) -> None:
    dashboard = make_dashboard(qtbot, doc)
    assert list(dashboard.tiles()) == [h.key for h in headlines(doc.snapshot(), doc.findings())]
    assert [w.chart for w in dashboard.chart_widgets()] == charts(doc.snapshot(), "Y1")
    assert not dashboard.year_combo.isVisibleTo(dashboard)  # 2019/20 has one plan year
    assert dashboard.org_label.text() == "Northshire Hospitals NHS Foundation Trust (RZZ)"
    assert "Draft 1" in dashboard.round_label.text()
    image = dashboard.chart_widgets()[0].grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7) for y in (150,)}
    assert "#2f75b5" in colours  # the bars are painted


def test_two_plan_years_get_a_year_selector(qtbot, tmp_path: Path) -> None:
    document = PlanSession.create(
        tmp_path / "two.opplan",
        org_code="RAA",
        org_name="Two Year Trust",
        org_kind="provider",
        round_id="2017-19",
        region="london",
    )
    try:
        dashboard = make_dashboard(qtbot, document)
        assert dashboard.year_combo.isVisibleTo(dashboard)
        assert [dashboard.year_combo.itemData(i) for i in range(2)] == ["Y1", "Y2"]
        tile = dashboard.tile("control_total")
        assert (tile.value_label.text(), tile.status_label.text()) == ("not entered", "Incomplete")
        dashboard.year_combo.setCurrentIndex(1)
        assert dashboard.year == "Y2"
        assert "Mar-18 to Mar-19" in dashboard.tile("wte_change").title_label.text()
    finally:
        document.close()


def test_a_deleted_dashboard_stops_listening(qtbot, doc: PlanSession) -> None:
    dashboard = DashboardWidget(doc)
    dashboard.deleteLater()
    qtbot.wait(1)
    del dashboard
    gc.collect()
    doc.set_cells({("FIN.INC.02", "M01"): "21000"}, "typing")  # no call into a deleted widget


# -- versions and approval -----------------------------------------------------------------


def test_approving_then_editing_shows_the_working_copy_is_not_approved(
    qtbot, doc: PlanSession
) -> None:
    page = ReviewPage(doc)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    banner = page.dashboard.approval_label
    assert banner.text() == "Not yet approved: no version has been submitted"
    panel = page.versions
    assert panel.submit_button.text() == "Submit as Draft 1"
    qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
    assert [v.label for v in doc.snapshot().versions] == ["Draft 1"]
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 0).text().startswith("Draft 1\n")
    assert not panel.submit_button.isEnabled()  # Draft 1 is submitted
    assert banner.text() == "Not yet approved (latest version: Draft 1)"

    dialog = panel.record_approval()
    assert dialog is not None
    qtbot.addWidget(dialog)
    fill_approval(dialog)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert doc.snapshot().approval() is not None
    assert banner.text() == (
        "Approved: Draft 1 approved by the trust board on 2019-03-28: "
        "Jane Smith, Chair (minute TB/19/042)"
    )
    assert banner.property("status") == "approved"
    assert "Approved by the trust board" in panel.table.item(0, 2).text()

    doc.set_cells({("FIN.INC.02", "M01"): "21000"}, "typing")
    assert doc.snapshot().approval() is None
    assert banner.text() == (
        "The working copy has changed since Draft 1 was approved on 2019-03-28: "
        "it is no longer the approved plan"
    )
    assert banner.property("status") == "changed"
    assert "changed since Draft 1" in panel.working_label.text()
    assert approval_status(doc.snapshot())[0] == "changed"


def test_the_approval_dialog_refuses_inline_and_says_what_is_recorded(
    qtbot, doc: PlanSession
) -> None:
    version = doc.submit_version()
    dialog = ApprovalDialog(doc, version)
    qtbot.addWidget(dialog)
    assert dialog.body.currentText() == "trust board"
    assert dialog.body.isEditable()
    assert dialog.meeting_date.calendar.maximumDate() == QDate.currentDate()  # never ahead
    assert version.short_hash in dialog.version_label.text()
    fill_approval(dialog, approver="  ")
    assert dialog.sentence.text().startswith(
        "You are recording that the trust board approved Draft 1"
    )
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "The approver's name is empty" in dialog.problems.text()
    assert str(doc.path) not in dialog.problems.text()
    assert doc.snapshot().approvals == ()
    dialog.approver.setText("Jane Smith")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.approval is not None and dialog.approval.content_hash == version.content_hash


def test_a_ccg_records_its_governing_body(qtbot, tmp_path: Path) -> None:
    document = PlanSession.open(build_sample(sample("commissioner"), tmp_path / "ccg.opplan"))
    try:
        dialog = ApprovalDialog(document, document.submit_version())
        qtbot.addWidget(dialog)
        assert dialog.body.currentText() == "governing body"
        assert "the governing body approved Draft 1" in dialog.sentence.text()
    finally:
        document.close()


def test_a_refused_submission_is_shown_in_a_message_box(qtbot, doc: PlanSession) -> None:
    panel = make_panel(qtbot, doc)
    assert panel.submit() is not None
    assert panel.submit() is None  # Draft 1 again: refused
    box = panel.message_box
    assert box is not None and box.isVisible()
    assert "Draft 1 has already been submitted" in box.text()
    box.close()


def test_a_read_only_plan_can_be_reviewed_but_not_submitted(
    qtbot, doc: PlanSession, trust_path: Path
) -> None:
    doc.submit_version()
    doc.set_stage("draft")
    doc.close()
    viewer = PlanSession.open(trust_path, read_only=True)
    try:
        panel = make_panel(qtbot, viewer)
        assert not panel.submit_button.isEnabled()
        assert not panel.approve_button.isEnabled()
        assert panel.compare_button.isEnabled()
        dashboard = make_dashboard(qtbot, viewer)
        assert "read-only" in dashboard.round_label.text()
    finally:
        viewer.close()


# -- comparison ----------------------------------------------------------------------------


def test_two_versions_differing_in_three_cells_list_exactly_those(
    qtbot, doc: PlanSession, tmp_path: Path
) -> None:
    before = {cell: doc.plan.stored(*cell) for cell in THREE_CHANGES}
    differing_versions(doc)
    dialog = CompareDialog(doc.snapshot())
    qtbot.addWidget(dialog)
    assert dialog.left_combo.currentText().startswith("Draft 1 (")
    assert dialog.right_combo.currentText().startswith("Draft 2 (")
    table = dialog.table
    assert table.rowCount() == 3
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert header == ["Template", "Line", "Label", "Period", "Draft 1", "Draft 2", "Difference"]
    rows = {
        table.item(r, 1).text(): [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(3)
    }
    assert set(rows) == {"FIN.INC.02", "E.M.8", "FIN.PAY.03"}
    for (line, period), new in THREE_CHANGES.items():
        unit = doc.catalogue.lines[line].unit
        old = before[(line, period)]
        assert isinstance(old, Decimal)
        difference = Decimal(new) - old
        row = rows[line]
        assert row[3] == doc.round.label(period)
        assert row[4] == format_value(old, unit)
        assert row[5] == format_value(Decimal(new), unit)
        assert row[6] == ("+" if difference > 0 else "") + format_value(difference, unit)
    assert rows["FIN.INC.02"][4:] == ["24,568.8", "21,500.0", "(3,068.8)"]
    alignment = table.item(0, 6).textAlignment()
    assert alignment & Qt.AlignmentFlag.AlignRight
    assert "3 changed cells" in dialog.summary.text()

    dialog.template_combo.setCurrentIndex(dialog.template_combo.findData("ACT"))
    assert table.rowCount() == 1 and table.item(0, 1).text() == "E.M.8"
    assert "1 of 3 changed cells" in dialog.summary.text()

    appeared = [dialog.appeared.item(i).text() for i in range(dialog.appeared.count())]
    assert any(text.startswith("F01 FIN.CT.EXSF") for text in appeared)
    assert dialog.cleared.count() == 0

    out = dialog.export_csv(tmp_path / "changes.csv")
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "template,sheet,line,label,period,Draft 1,Draft 2,difference"
    assert len(lines) == 4


def test_compare_defaults_to_the_latest_version_against_the_working_copy(
    qtbot, doc: PlanSession
) -> None:
    doc.submit_version()
    doc.set_cells({("FIN.INC.02", "M01"): "21000"}, "typing")
    panel = make_panel(qtbot, doc)
    dialog = panel.open_compare()
    qtbot.addWidget(dialog)
    assert dialog.left_combo.currentText().startswith("Draft 1 (")
    assert dialog.right_combo.currentText() == "Working copy"
    assert dialog.table.rowCount() == 1
    dialog.right_combo.setCurrentIndex(dialog.right_combo.findData("1"))
    assert dialog.table.rowCount() == 0
    assert not dialog.export_button.isEnabled()


# -- the chart painter ---------------------------------------------------------------------


def test_value_axes_have_round_ticks_in_the_units_of_the_plan() -> None:
    low, high, step = axis_range(-1323.0, 150.0, unit="gbp000", include_zero=True)
    labels = [tick_label(v, "gbp000", step) for v in tick_values(low, high, step)]
    assert labels == ["(1,500)", "(1,000)", "(500)", "0", "500"]
    low, high, step = axis_range(88.0, 96.0, unit="pct", include_zero=False)
    assert low >= 0 and high <= 100
    assert [tick_label(v, "pct", step) for v in tick_values(low, high, step)][-1] == "98%"
    low, high, step = axis_range(97.0, 99.8, unit="pct", include_zero=False)
    assert high == 100.0  # a rate never goes past 100%
    low, high, step = axis_range(0.0, 6248.0, unit="wte", include_zero=True)
    assert tick_label(high, "wte", step) == "8,000"
    assert tick_label(2.5, "count", 2.5) == "2.5"


@pytest.mark.parametrize("stacked", [False, True])
def test_paint_chart_draws_bars_lines_and_references(qapp, stacked: bool) -> None:
    chart = Chart(
        "test",
        "A test chart",
        "gbp000",
        ["Apr-19", "May-19", "Jun-19"],
        [
            Series("Bars", [Decimal(-100), Decimal(250), None], "bar", "#2F75B5"),
            Series("More", [Decimal(50), Decimal(50), Decimal(50)], "bar", "#548235"),
            Series("Line", [Decimal(100), None, Decimal(200)], "line", "#C00000"),
        ],
        [Reference("Average", Decimal(120), "#7F7F7F")],
        stacked=stacked,
    )
    image = QImage(600, 360, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_chart(painter, QRectF(0, 0, 600, 360), chart)
    painter.end()
    names = {image.pixelColor(x, y).name() for x in range(0, 600, 3) for y in range(0, 360, 3)}
    assert {"#2f75b5", "#548235"} <= names


def test_a_chart_without_figures_says_so(qapp) -> None:
    chart = Chart("empty", "Nothing", "count", ["Apr-19"], [Series("S", [None])])
    image = QImage(300, 200, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_chart(painter, QRectF(0, 0, 300, 200), chart)  # no exception, no axis maths
    painter.end()


def test_the_selected_version_is_exported_and_printed_as_it_was_submitted(
    qtbot, doc: PlanSession, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop.core.exchange.xlsx_import import read_cells
    from desktop.ui.review.boardpack import incomplete_pdf

    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Close)
    panel = make_panel(qtbot, doc)
    assert not panel.export_button.isEnabled()  # nothing submitted, nothing selected
    submitted = doc.snapshot().stored_texts()
    panel.submit()
    doc.set_stage("draft")
    doc.set_cells({("FIN.PAY.03", "M01"): "9999"}, "typing")  # the working copy moves on
    panel.select_version("Draft 1")
    assert panel.export_button.isEnabled() and "Draft 1" in panel.pack_button.toolTip()
    folder = panel.export_version(tmp_path / "out")
    assert folder is not None and folder.name == "RZZ_2019-20_Draft1"
    finance = folder / "RZZ_2019-20_Finance_Draft1.xlsx"
    exported = read_cells(doc.snapshot(), finance)
    assert exported[("FIN.PAY.03", "M01")] == Decimal(submitted[("FIN.PAY.03", "M01")])
    pack = panel.board_pack_of_version(tmp_path / "draft1.pdf")
    assert pack is not None and incomplete_pdf(pack) is None
