"""The workbook layout: tab names, where lines sit, and the formulas of calculated cells."""

import re

import pytest

from desktop.core.catalogue import load_round
from desktop.core.exchange import workbook_layout as wl
from tests.helpers import catalogue


def fin_layout() -> tuple[wl.WorkbookLayout, dict]:
    cat = catalogue("provider")
    return wl.layout_for(cat, cat.template("FIN")), cat.lines


def cell(layout: wl.WorkbookLayout, lines: dict, code: str, period: str) -> wl.CellLayout:
    return layout.cell(lines[code], period)


def test_tabs_in_order_with_a_parameters_tab_in_every_workbook() -> None:
    cat = catalogue("provider")
    tabs = {t.id: wl.layout_for(cat, t).tabs for t in cat.templates}
    assert tabs["FIN"] == (
        "Cover",
        "I&E",
        "Efficiency",
        "Capital",
        "Cash",
        "Bridge",
        "Parameters",
        "Validation",
        "_meta",
    )
    assert tabs["WF"] == ("Cover", "WTE", "Parameters", "Validation", "_meta")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("I&E", "I&E"),
        ("a/b:c*d?[e]", "a-b-c-d--e-"),
        ("'quoted'", "-quoted-"),
        ("History", "History sheet"),
        ("x" * 40, "x" * 31),
        ("Cover", "Cover (2)"),
        ("", "Sheet"),
    ],
)
def test_sheet_titles_are_valid_excel_names(name: str, expected: str) -> None:
    taken = {"cover", "validation", "_meta"}
    title = wl.sheet_title(name, taken)
    assert title == expected
    assert len(title) <= 31 and not re.search(r"[\[\]:*?/\\']", title)
    assert title.lower() in taken


def test_lines_sit_one_per_row_below_the_header_and_periods_in_order() -> None:
    layout, lines = fin_layout()
    ie = layout.sheets[0]
    assert ie.title == "I&E" and ie.periods[0] == "FOT" and ie.periods[-1] == "Y1"
    first = cell(layout, lines, "FIN.INC.01", "FOT").spot
    assert (first.row, first.column, first.ref) == (wl.FIRST_ROW, wl.FIRST_PERIOD_COL, "D7")
    assert cell(layout, lines, "FIN.INC.01", "M01").spot.ref == "E7"
    assert cell(layout, lines, "FIN.INC.01", "Y1").spot.ref == "Q7"
    assert cell(layout, lines, "FIN.INC.01", "M01").kind == wl.INPUT


def test_sum_formulas_count_their_terms_so_a_blank_stays_blank() -> None:
    layout, lines = fin_layout()
    assert cell(layout, lines, "FIN.INC.PC", "M01").formula == (
        '=IF(COUNT(E7:E10)<4,"",SUM(E7:E10))'
    )
    assert cell(layout, lines, "FIN.EBITDA", "FOT").formula == (
        '=IF(COUNT(D19,D23,D31)<3,"",D19-D23-D31)'
    )


def test_year_totals_flow_sum_stock_last_month_rate_from_year_figures() -> None:
    layout, lines = fin_layout()
    assert cell(layout, lines, "FIN.INC.PC", "Y1").formula == (
        '=IF(COUNT(E11:P11)<12,"",SUM(E11:P11))'
    )
    assert cell(layout, lines, "FIN.CASH.CLOSE", "Y1").formula == '=IF(COUNT(P12)<1,"",P12)'
    act = catalogue("provider")
    act_layout = wl.layout_for(act, act.template("ACT"))
    rtt = act_layout.cell(act.lines["E.B.3"], "Y1")
    assert rtt.formula == '=IF(COUNT(R8,R7)<2,"",IF(R7=0,"",R8*100/R7))'


def test_pinned_and_previous_terms_reference_the_right_cells() -> None:
    layout, lines = fin_layout()
    surplus = cell(layout, lines, "FIN.SURPLUS", "FOT").spot.ref
    assert cell(layout, lines, "FIN.BR.01", "Y1").formula == (
        f"=IF(COUNT('I&E'!{surplus})<1,\"\",'I&E'!{surplus})"
    )
    close_m01 = cell(layout, lines, "FIN.CASH.CLOSE", "M01")
    assert close_m01.formula == '=IF(COUNT(D12,E7:E11)<6,"",D12+E7-E8+E9-E10+E11)'
    assert cell(layout, lines, "FIN.CASH.CLOSE", "BASE").kind == wl.INPUT  # the opening balance
    assert cell(layout, lines, "FIN.CASH.CLOSE", "M02").formula.startswith("=IF(COUNT(E12,")


@pytest.mark.parametrize("round_id", ["2019-20", "2017-19"])
@pytest.mark.parametrize("kind", ["provider", "commissioner"])
def test_every_cell_of_the_shipped_catalogues_is_entered_or_a_live_formula(
    round_id: str, kind: str
) -> None:
    cat = load_round(round_id).catalogue(kind)
    for template in cat.templates:
        layout = wl.layout_for(cat, template)
        for sheet in layout.sheets:
            for spec in layout.cells(sheet):
                expected = wl.INPUT if spec.period in spec.line.inputs else wl.FORMULA
                assert spec.kind == expected, (spec.line.code, spec.period)


def test_formulas_compare_the_same_after_excel_or_libreoffice_rewrites_them() -> None:
    exported = "=IF(COUNT('I&E'!D39)<1,\"\",'I&E'!D39)"
    assert wl.normal_formula("=if(count('I&E'!$D$39)<1, \"\", 'I&E'!D39)") == (
        wl.normal_formula(exported)
    )
    assert wl.normal_formula('=IF(COUNT(D40)<1,"",D40)') != wl.normal_formula(exported)
