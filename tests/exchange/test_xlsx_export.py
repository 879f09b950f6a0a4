"""The exported workbooks: names, tabs, cells, styles, protection, print settings, text safety."""

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from defusedxml import ElementTree
from openpyxl import load_workbook

from desktop.core.errors import BadInput
from desktop.core.exchange import workbook_layout as wl
from desktop.core.exchange.bundle import Bundle, export_bundle
from desktop.core.exchange.xlsx_export import NUMBER_FORMATS, approval_text
from desktop.core.exchange.xlsx_import import read_cells
from desktop.core.session import PlanSession
from tests.exchange.conftest import export, new_plan

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
HYPERLINK = '=HYPERLINK("http://example.com","x")'


def workbook(bundle: Bundle, name: str):
    path = next(p for p in bundle.workbooks if f"_{name}_" in p.name)
    return load_workbook(path)


def test_one_workbook_per_template_named_org_round_template_stage(trust_bundle: Bundle) -> None:
    assert [p.name for p in trust_bundle.workbooks] == [
        "RZZ_2019-20_Finance_Draft1.xlsx",
        "RZZ_2019-20_Activity_Draft1.xlsx",
        "RZZ_2019-20_Workforce_Draft1.xlsx",
    ]
    assert trust_bundle.folder.name == "RZZ_2019-20_Draft1"


def test_ccg_has_finance_and_activity(ccg_bundle: Bundle) -> None:
    assert [p.name for p in ccg_bundle.workbooks] == [
        "00Z_2019-20_Finance_Draft1.xlsx",
        "00Z_2019-20_Activity_Draft1.xlsx",
    ]


def test_cover_sheet_fields(trust_bundle: Bundle) -> None:
    wb = workbook(trust_bundle, "Finance")
    assert wb.sheetnames[0] == "Cover"
    ws = wb["Cover"]
    fields = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 30) if ws.cell(r, 2).value}
    assert fields["Organisation code"] == "RZZ"
    assert fields["Organisation name"] == "Northshire Hospitals NHS Foundation Trust"
    assert fields["Organisation kind"] == "Provider (NHS trust)"
    assert fields["Region"] == "North"
    assert fields["Planning round"].startswith("2019/20")
    assert fields["Template"] == "Provider finance (FIN)"
    assert fields["Catalogue version"] == "2019-20.1"
    assert fields["Stage"] == "Draft 1"
    assert fields["Prepared by"] == "jsmith"
    assert fields["Exported at"] == "2019-02-19 09:30:00+00:00"
    assert fields["Exported with"].startswith("OpPlan Desk ")
    assert fields["Approval"] == "Not recorded"


def test_approval_text_is_not_recorded_until_sign_off(trust_path: Path) -> None:
    with PlanSession.open(trust_path, read_only=True) as doc:
        assert approval_text(doc.snapshot()) == "Not recorded"


def test_an_approved_final_with_commentaries_exports(trust_path: Path, tmp_path: Path) -> None:
    with PlanSession.open(trust_path) as doc:
        for item in [f for f in doc.findings() if f.severity == "warning"]:
            doc.set_commentary(item.rule, item.line, item.period, f"Explained: {item.rule}")
        doc.set_stage("final")
        doc.submit_version()
        doc.approve(
            "Final",
            body="board",
            meeting_date="2019-03-28",
            approver="A Chair",
            role="Chair",
            minute="B/19/042",
        )
        assert [f.rule for f in doc.findings() if f.severity == "error"] == []
        bundle = export_bundle(doc.snapshot(), tmp_path / "out", user="jsmith")
    assert bundle.workbooks[0].name == "RZZ_2019-20_Finance_Final.xlsx"
    ws = load_workbook(bundle.workbooks[0])["Cover"]
    cover = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 20)}
    assert cover["Stage"] == "Final"
    assert cover["Approval"] == (
        "Final approved by the board on 2019-03-28: A Chair, Chair (minute B/19/042)"
    )
    validation = load_workbook(bundle.workbooks[0])["Validation"]
    assert validation.cell(wl.FIRST_ROW, 7).value == "Explained: F07"


def test_line_sheet_layout_styles_and_protection(trust_bundle: Bundle) -> None:
    ws = workbook(trust_bundle, "Finance")["I&E"]
    assert ws["A1"].value == "RZZ Northshire Hospitals NHS Foundation Trust"
    assert ws["A2"].value == "Provider finance: I&E"
    assert ws["A3"].value == "2019/20 operational plan, Draft 1"
    header = [ws.cell(wl.HEADER_ROW, c).value for c in range(1, 18)]
    assert header[:5] == ["Code", "Line", "Unit", "FOT 2018/19", "Apr-19"]
    assert header[-2:] == ["Mar-20", "2019/20"]
    entered, total = ws["E7"], ws["E11"]  # FIN.INC.01 M01, FIN.INC.PC M01
    assert (ws["A7"].value, ws["B7"].value, ws["C7"].value) == (
        "FIN.INC.01",
        "Patient care income: NHS England",
        "£000",
    )
    assert entered.value == 4920.2 and entered.number_format == NUMBER_FORMATS["gbp000"]
    assert entered.number_format == "#,##0.0;(#,##0.0)"
    assert entered.fill.fgColor.rgb == "FFFFF2CC" and entered.protection.locked is False
    assert total.value == '=IF(COUNT(E7:E10)<4,"",SUM(E7:E10))'
    assert total.fill.fgColor.rgb == "FFDDEBF7" and total.protection.locked is True
    assert ws.protection.sheet is True and not ws.protection.password
    assert ws.freeze_panes == "D7"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$6:$6"
    assert ws.column_dimensions["B"].width >= 40


def test_number_formats_by_unit(trust_bundle: Bundle) -> None:
    wb = workbook(trust_bundle, "Activity")
    formats = {}
    for title in ("Activity", "Performance", "Beds"):
        ws = wb[title]
        for row in range(wl.FIRST_ROW, ws.max_row + 1):
            unit = ws.cell(row, wl.UNIT_COL).value
            formats.setdefault(unit, ws.cell(row, ws.max_column).number_format)
    assert formats["count"] == "#,##0"
    assert formats["%"] == "0.0"
    wte = workbook(trust_bundle, "Workforce")["WTE"]
    assert wte.cell(wl.FIRST_ROW, wl.FIRST_PERIOD_COL).number_format == "#,##0.00"


def test_parameters_sheet_in_every_workbook_with_national_figures(trust_bundle: Bundle) -> None:
    for name in ("Finance", "Activity", "Workforce"):
        ws = workbook(trust_bundle, name)["Parameters"]
        texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert any(t.startswith("National figures used by the checks") for t in texts), name
    fin = workbook(trust_bundle, "Finance")["Parameters"]
    rows = {r[0].value: r for r in fin.iter_rows() if r[0].value}
    assert rows["FIN.PAR.CASHMIN"][3].value == 1000
    figures = {r[1].value: r for r in fin.iter_rows() if r[1].value}
    assert figures["Agency ceiling warning above"][0].value == "F03"
    assert figures["Agency ceiling warning above"][3].value == "95%"
    act = workbook(trust_bundle, "Activity")["Parameters"]
    labels = {r[1].value for r in act.iter_rows() if r[1].value}
    assert {"RTT standard, within 18 weeks", "G&A bed occupancy, maximum"} <= labels


def test_validation_sheet_lists_the_templates_findings_errors_first(trust_bundle: Bundle) -> None:
    ws = workbook(trust_bundle, "Finance")["Validation"]
    header = [ws.cell(wl.HEADER_ROW, c).value for c in range(1, 8)]
    assert header == ["Rule", "Severity", "Line", "Line label", "Period", "Message", "Commentary"]
    row = [ws.cell(wl.FIRST_ROW, c).value for c in range(1, 8)]
    assert row[:5] == ["F07", "Warning", "FIN.EFF.09", "Unidentified", "2019/20"]
    assert "21.4%" in row[5]
    act = workbook(trust_bundle, "Activity")["Validation"]
    rules = [act.cell(r, 1).value for r in range(wl.FIRST_ROW, wl.FIRST_ROW + 3)]
    assert rules == ["A06", "P03", "P04"]


def test_errors_come_first_on_the_validation_sheet(trust_path: Path, tmp_path: Path) -> None:
    with PlanSession.open(trust_path) as doc:
        doc.set_cells({("FIN.PAY.03", "M01"): "50000"}, "agency overspend")  # F03 error
    bundle = export(trust_path, tmp_path / "out")
    ws = load_workbook(bundle.workbooks[0])["Validation"]
    severities = [ws.cell(r, 2).value for r in range(wl.FIRST_ROW, ws.max_row + 1)]
    assert severities[0] == "Error" and "Warning" in severities
    assert severities == sorted(severities, key=lambda s: s != "Error")


def test_properties_and_hidden_meta_sheet(trust_bundle: Bundle) -> None:
    wb = workbook(trust_bundle, "Finance")
    props = wb.properties
    assert props.title == "RZZ 2019/20 operational plan: Provider finance (Draft 1)"
    assert props.creator == "jsmith" and props.version
    assert "OpPlan Desk" in props.description
    meta_ws = wb["_meta"]
    assert meta_ws.sheet_state == "veryHidden"
    meta = {r[0].value: r[1].value for r in meta_ws.iter_rows()}
    assert meta["format"] == "opplan-desk-workbook"
    assert meta["org_code"] == "RZZ" and meta["round_id"] == "2019-20"
    assert meta["template_id"] == "FIN" and meta["catalogue_version"] == "2019-20.1"
    assert meta["layout_version"] == wl.LAYOUT_VERSION and meta["plan_id"]
    assert meta["app_version"]


def sheet_xml(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


def test_a_hyperlink_commentary_is_written_as_text_never_a_formula(
    trust_path: Path, tmp_path: Path
) -> None:
    with PlanSession.open(trust_path) as doc:
        doc.set_commentary("F07", "FIN.EFF.09", "Y1", HYPERLINK)
    bundle = export(trust_path, tmp_path / "out")
    found = 0
    for name, xml in sheet_xml(bundle.workbooks[0]).items():
        root = ElementTree.fromstring(xml)
        for formula in root.iter(f"{{{NS['m']}}}f"):
            assert "HYPERLINK" not in (formula.text or ""), name
        for cell in root.iter(f"{{{NS['m']}}}c"):
            text = "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
            if text == HYPERLINK:
                assert cell.get("t") == "inlineStr" and cell.find("m:f", NS) is None
                found += 1
    assert found == 1
    ws = load_workbook(bundle.workbooks[0])["Validation"]
    assert ws.cell(wl.FIRST_ROW, 7).value == HYPERLINK
    assert ws.cell(wl.FIRST_ROW, 7).data_type == "s"


def test_names_starting_with_formula_characters_stay_text(tmp_path: Path) -> None:
    name = '=cmd|"/c calc"!A1'
    with PlanSession.create(
        tmp_path / "odd.opplan",
        org_code="RQQ",
        org_name=name,
        org_kind="provider",
        round_id="2019-20",
        region="london",
    ) as doc:
        bundle = export_bundle(doc.snapshot(), tmp_path / "out", user="@admin")
    wb = load_workbook(bundle.workbooks[0])
    cover = {wb["Cover"].cell(r, 1).value: wb["Cover"].cell(r, 2) for r in range(1, 20)}
    assert cover["Organisation name"].value == name
    assert cover["Organisation name"].data_type == "s"
    assert cover["Prepared by"].value == "@admin"
    for xml in sheet_xml(bundle.workbooks[0]).values():
        assert b"cmd|" not in b"".join(
            f.text.encode() for f in ElementTree.fromstring(xml).iter(f"{{{NS['m']}}}f") if f.text
        )


def test_numbers_are_written_as_numbers_and_read_back_exactly(tmp_path: Path) -> None:
    tricky = {
        ("FIN.INC.01", "M01"): Decimal("0.1"),
        ("FIN.INC.01", "M02"): Decimal("1234.567"),
        ("FIN.FIN.02", "M01"): Decimal("-0.5"),
        ("FIN.INC.01", "M03"): Decimal("99999999.999"),
        ("FIN.INC.01", "M04"): Decimal("0.001"),
        ("FIN.INC.01", "M05"): Decimal("88987606.438"),
        ("FIN.INC.01", "FOT"): Decimal("58000"),
    }
    with new_plan(tmp_path / "plan.opplan") as doc:
        doc.set_cells(tricky, "tricky values")
        bundle = export_bundle(doc.snapshot(), tmp_path / "out")
        values = read_cells(doc.snapshot(), bundle.workbooks[0])
    for cell, value in tricky.items():
        assert values[cell] == value, cell
        assert str(values[cell]) == str(value) or values[cell].normalize() == value.normalize()
    ws = load_workbook(bundle.workbooks[0])["I&E"]
    assert isinstance(ws["E7"].value, float) and ws["E7"].data_type == "n"
    assert isinstance(ws["D7"].value, int)


def test_a_final_with_errors_is_refused_and_nothing_is_written(
    trust_path: Path, tmp_path: Path
) -> None:
    with PlanSession.open(trust_path) as doc:
        doc.set_stage("final")
        out = tmp_path / "out"
        with pytest.raises(BadInput) as caught:
            export_bundle(doc.snapshot(), out)
    assert "a Final plan cannot be exported while" in caught.value.summary
    assert any(p.startswith("ERROR G05") for p in caught.value.problems)
    assert any(p.startswith("ERROR G06") for p in caught.value.problems)  # warnings unexplained
    assert not out.exists() or not any(out.iterdir())


def test_a_draft_with_errors_exports_with_its_errors_listed(
    trust_path: Path, tmp_path: Path
) -> None:
    with PlanSession.open(trust_path) as doc:
        doc.set_cells({("FIN.PAY.03", "M01"): "50000"}, "agency overspend")
    bundle = export(trust_path, tmp_path / "out")
    assert bundle.counts["error"] >= 1 and len(bundle.workbooks) == 3


def test_control_characters_are_dropped_from_text(trust_path: Path, tmp_path: Path) -> None:
    with PlanSession.open(trust_path) as doc:
        doc.set_commentary("F07", "FIN.EFF.09", "Y1", "Bell\x07 and\x00 nul")
    bundle = export(trust_path, tmp_path / "out")
    ws = load_workbook(bundle.workbooks[0])["Validation"]
    assert ws.cell(wl.FIRST_ROW, 7).value == "Bell and nul"
