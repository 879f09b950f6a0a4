"""The calculator: formulas, year totals by measure, blanks, exact decimals."""

from decimal import Decimal

from desktop.core.plan import Plan
from tests.helpers import catalogue, complete_plan

D = Decimal


def months(n: int = 12) -> list[str]:
    return [f"M{i:02d}" for i in range(1, n + 1)]


def test_computed_lines_follow_their_formulas() -> None:
    plan = Plan(
        catalogue(),
        {
            ("FIN.INC.01", "M01"): D("100.1"),
            ("FIN.INC.02", "M01"): D("200.2"),
            ("FIN.INC.03", "M01"): D("0.1"),
            ("FIN.INC.04", "M01"): D("0.2"),
        },
    )
    assert plan.value("FIN.INC.PC", "M01") == D("300.6")


def test_a_formula_over_a_blank_is_blank_not_zero() -> None:
    plan = Plan(catalogue(), {("FIN.INC.01", "M01"): D("1"), ("FIN.INC.02", "M01"): D("0")})
    assert plan.value("FIN.INC.PC", "M01") is None
    assert plan.value("FIN.INC.01", "Y1") is None  # eleven months not entered


def test_flow_year_is_the_sum_of_months_exactly() -> None:
    values = {("FIN.INC.01", m): D("0.1") for m in months()}
    plan = Plan(catalogue(), values)
    assert plan.value("FIN.INC.01", "Y1") == D("1.2")
    assert str(plan.value("FIN.INC.01", "Y1")) == "1.2"  # no binary residue


def test_stock_year_is_march_and_percentage_year_from_numerator_and_denominator() -> None:
    values = {}
    for i, m in enumerate(months(), start=1):
        values[("E.B.3a", m)] = D(1000 + i)
        values[("E.B.3n", m)] = D(900)
        values[("E.B.5d", m)] = D(100 * i)
        values[("E.B.5n", m)] = D(90 * i) if i < 12 else D(0)
    plan = Plan(catalogue(), values)
    assert plan.value("E.B.3a", "Y1") == D(1012)
    assert plan.value("E.B.3", "Y1") == D(900) * 100 / D(1012)
    total_d = sum(D(100 * i) for i in range(1, 13))
    total_n = sum(D(90 * i) for i in range(1, 12))
    assert plan.value("E.B.5", "Y1") == total_n * 100 / total_d
    assert plan.value("E.B.5", "M12") == 0


def test_wte_totals_by_staffing_type_and_year_is_march() -> None:
    plan = complete_plan()
    subs = [
        plan.value(f"WF.{g}.SUB", "M12")
        for g in ("NUR", "MCON", "MCAR", "MTRN", "AHP", "STT", "HCS", "SCS", "INF")
    ]
    assert plan.value("WF.TOT.SUB", "Y1") == sum(subs)
    assert plan.value("WF.TOT", "M03") == (
        plan.value("WF.TOT.SUB", "M03")
        + plan.value("WF.TOT.BANK", "M03")
        + plan.value("WF.TOT.AGY", "M03")
    )


def test_closing_cash_runs_from_the_opening_balance() -> None:
    values = {("FIN.CASH.CLOSE", "BASE"): D("5000")}
    for m in months():
        values |= {
            ("FIN.CASH.01", m): D("100"),
            ("FIN.CASH.02", m): D("50"),
            ("FIN.CASH.03", m): D("0"),
            ("FIN.CASH.04", m): D("10"),
            ("FIN.CASH.05", m): D("-5"),
        }
    plan = Plan(catalogue(), values)
    assert plan.value("FIN.CASH.CLOSE", "M01") == D("5035")
    assert plan.value("FIN.CASH.CLOSE", "M12") == D("5000") + 12 * D("35")
    assert plan.value("FIN.CASH.CLOSE", "Y1") == plan.value("FIN.CASH.CLOSE", "M12")


def test_bridge_starts_from_the_forecast_outturn_surplus() -> None:
    plan = complete_plan()
    surplus_fot = plan.value("FIN.SURPLUS", "FOT")
    assert surplus_fot is not None
    assert plan.value("FIN.BR.01", "Y1") == surplus_fot
    steps = sum(plan.value(f"FIN.BR.0{i}", "Y1") for i in range(2, 10))
    assert plan.value("FIN.BR.PLAN", "Y1") == surplus_fot + steps


def test_2017_19_has_two_plan_years() -> None:
    plan = complete_plan("provider", "2017-19")
    y1 = sum(plan.value("FIN.INC.01", m) for m in months(12))
    y2 = sum(plan.value("FIN.INC.01", f"M{i:02d}") for i in range(13, 25))
    assert plan.value("FIN.INC.01", "Y1") == y1
    assert plan.value("FIN.INC.01", "Y2") == y2
    assert plan.value("FIN.CT.EXSF", "Y1") == (
        plan.value("FIN.CT.BASIS", "Y1") - plan.value("FIN.INC.07", "Y1")
    )


def test_an_edit_changes_exactly_the_dependent_lines() -> None:
    plan = complete_plan()
    before = plan.value("FIN.SURPLUS", "Y1")
    pay_before = plan.value("FIN.PAY.TOT", "Y1")
    affected = plan.apply({("FIN.PAY.01", "M05"): plan.value("FIN.PAY.01", "M05") + 10})
    assert {"FIN.PAY.TOT", "FIN.EBITDA", "FIN.SURPLUS", "FIN.CT.BASIS", "FIN.BR.01"} <= affected
    assert "FIN.INC.TOT" not in affected
    assert plan.value("FIN.PAY.TOT", "Y1") == pay_before + 10
    assert plan.value("FIN.SURPLUS", "Y1") == before - 10


def test_commissioner_surplus_and_mhis_total_leaves_out_dementia() -> None:
    plan = complete_plan("commissioner")
    mh = sum(plan.value(f"CFIN.MH.0{i}", "Y1") for i in (1, 2, 3, 4, 6))
    assert plan.value("CFIN.MH.TOT", "Y1") == mh
    assert plan.value("CFIN.SURPLUS", "FOT") == (
        plan.value("CFIN.ALL.TOT", "FOT") - plan.value("CFIN.EXP.TOT", "FOT")
    )
