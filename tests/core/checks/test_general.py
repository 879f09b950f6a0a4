"""G01-G06: completeness, units, parameters, ratios and the Final-stage sign-off checks."""

from decimal import Decimal

from desktop.core.checks import PlanState, run_checks
from desktop.core.plan import Plan
from tests.helpers import catalogue, sample_plan, sample_values

D = Decimal


def found(plan: Plan, rule_id: str, state: PlanState | None = None) -> list:
    return [f for f in run_checks(plan, state) if f.rule == rule_id]


def test_the_samples_have_no_error() -> None:
    for kind in ("provider", "commissioner"):
        errors = [f for f in run_checks(sample_plan(kind)) if f.severity == "error"]
        assert errors == [], kind


def test_g01_lists_the_blank_periods_of_each_line() -> None:
    values = sample_values()
    for period in ("M01", "M02", "FOT"):
        del values[("FIN.INC.03", period)]
    plan = Plan(catalogue(), values)
    [g01] = found(plan, "G01")
    assert (g01.severity, g01.line, g01.template) == ("error", "FIN.INC.03", "FIN")
    assert "FOT 2018/19, Apr-19 and May-19" in g01.message
    assert g01.period == "FOT"


def test_g01_a_line_entirely_blank_and_the_opening_cash() -> None:
    values = sample_values()
    values = {c: v for c, v in values.items() if c[0] not in ("E.M.13", "FIN.CASH.CLOSE")}
    findings = {f.line: f for f in found(Plan(catalogue(), values), "G01")}
    assert set(findings) == {"E.M.13", "FIN.CASH.CLOSE"}
    assert "all 13 periods" in findings["E.M.13"].message
    assert "Mar-19" in findings["FIN.CASH.CLOSE"].message


def test_g01_zero_is_entered_not_blank() -> None:
    plan = sample_plan()
    plan.apply({("FIN.INC.03", m): D(0) for m in ("M01", "M02")})
    assert found(plan, "G01") == []


def test_g02_flags_values_that_break_their_unit() -> None:
    plan = sample_plan()
    plan.apply(
        {
            ("E.M.7a", "M03"): D("10.5"),
            ("FIN.PAY.01", "M04"): D("-1"),
            ("WF.NUR.SUB", "M01"): D("1.234"),
            ("FIN.INC.PC", "M01"): D("5"),
        }
    )
    by_line = {f.line: f for f in found(plan, "G02")}
    assert set(by_line) == {"E.M.7a", "FIN.PAY.01", "WF.NUR.SUB", "FIN.INC.PC"}
    assert "whole number" in by_line["E.M.7a"].message
    assert "Jun-19" in by_line["E.M.7a"].message
    assert "negative" in by_line["FIN.PAY.01"].message
    assert "2 decimal" in by_line["WF.NUR.SUB"].message
    assert "calculated cell" in by_line["FIN.INC.PC"].message


def test_g02_values_at_the_limits_of_their_unit_pass() -> None:
    plan = sample_plan()
    plan.apply(
        {
            ("E.M.7a", "M03"): D("0"),
            ("FIN.FIN.02", "M04"): D("-100000000"),
            ("WF.NUR.SUB", "M01"): D("1234.25"),
            ("FIN.PAY.01", "M02"): D("0.125"),
        }
    )
    assert found(plan, "G02") == []


def test_g03_names_a_missing_parameter_and_g01_does_not() -> None:
    values = sample_values()
    del values[("FIN.PAR.AGCEIL", "Y1")]
    plan = Plan(catalogue(), values)
    [g03] = found(plan, "G03")
    assert (g03.line, g03.period) == ("FIN.PAR.AGCEIL", "Y1")
    assert "Agency" in g03.message and "2019/20" in g03.message
    assert found(plan, "G01") == []
    assert [f for f in run_checks(plan) if f.rule == "F03"] == []  # cannot run without it


def test_g04_numerator_above_denominator_and_equal_is_fine() -> None:
    plan = sample_plan()
    waiting = plan.value("E.B.3a", "M05")
    plan.apply({("E.B.3n", "M05"): waiting})
    assert found(plan, "G04") == []
    plan.apply({("E.B.3n", "M05"): waiting + 1})
    [g04] = found(plan, "G04")
    assert (g04.line, g04.period, g04.severity) == ("E.B.3", "M05", "error")
    assert (
        "RTT incomplete pathways within 18 weeks (E.B.3n) exceeds "
        "RTT incomplete pathways: total waiting list (E.B.3a) in Aug-19"
    ) in g04.message


def test_g05_and_g06_apply_at_final_only() -> None:
    plan = sample_plan()
    assert found(plan, "G05") == [] and found(plan, "G06") == []
    final = PlanState(stage="final", approved=False)
    [g05] = found(plan, "G05", final)
    assert "no trust board approval" in g05.message
    assert found(plan, "G05", PlanState(stage="final", approved=True)) == []
    warnings = [f for f in run_checks(plan) if f.severity == "warning"]
    assert warnings
    g06 = found(plan, "G06", final)
    assert len(g06) == len(warnings)
    commented = PlanState(
        stage="final", approved=True, commentary={w.key: "Explained." for w in warnings[1:]}
    )
    [left] = found(plan, "G06", commented)
    assert (left.line, left.period) == (warnings[0].line, warnings[0].period)
    assert warnings[0].rule in left.message


def test_the_ccg_gets_governing_body_wording() -> None:
    [g05] = found(sample_plan("commissioner"), "G05", PlanState(stage="final"))
    assert "governing body" in g05.message and g05.template == "CFIN"
