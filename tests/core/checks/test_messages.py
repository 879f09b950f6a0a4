"""Messages read true: no figure reads as the threshold it fails, lines are named by their
labels, and every tolerance a check applies is named (checks.md: "every finding that uses
[a threshold] names it")."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from desktop.core.checks import text
from desktop.core.plan import Plan
from tests.core.checks.rule_support import found
from tests.helpers import plan_2017_19, sample_plan

D = Decimal


def _spread(plan: Plan, code: str, amount: str) -> None:
    """A monthly line's year total: equal months to 3 decimals, the rest in March."""
    months = plan.round.year("Y1").months
    total = D(amount)
    each = (total / 12).quantize(D("0.001"), rounding=ROUND_DOWN)
    changes = {(code, m): each for m in months}
    changes[(code, months[-1])] = total - each * 11
    plan.apply(changes)


def test_money_never_reads_as_the_figure_it_is_compared_with() -> None:
    assert text.money_against(D("9500.04"), D("9500")) == "£9,500.04k"
    assert text.money_against(D("1.04"), D("1")) == "£1.04k"
    assert text.money_against(D("250"), D("1")) == "£250k"
    assert text.money_against(D("-8999.5"), D("-9000")) == "(£8,999.5k)"
    assert text.money_against(D("9500"), D("9500")) == "£9,500k"  # equal: nothing to tell apart


def test_a_figure_that_is_not_zero_never_reads_as_zero() -> None:
    assert text.money(D("0.04")) == "£0.04k"
    assert text.money(D("-0.002")) == "(£0.002k)"
    assert text.pct(D("0.016")) == "0.016%"
    assert text.pct(D("0.0001")) == "0.0001%"
    assert text.pct(D("0.00001")) == "less than 0.0001%"
    assert text.pct(D("-0.00001")) == "less than 0.0001% below zero"
    assert text.pct_against(D("0.016"), D("0.5")) == "0.016%"
    assert text.pct(D("0")) == "0%"


def test_f03_agency_just_above_the_ceiling_shows_the_difference() -> None:
    plan = sample_plan()
    plan.apply({("FIN.PAR.AGCEIL", "Y1"): D("9500")})
    _spread(plan, "FIN.PAY.03", "9500.04")
    (hit,) = found(plan, "F03")
    assert hit.message == (
        "Agency spend 2019/20 £9,500.04k exceeds the agency ceiling £9,500k by £0.04k"
    )


def test_f01_a_shortfall_just_above_the_tolerance_shows_it_and_names_the_tolerance() -> None:
    plan = sample_plan()
    measure = plan.number("FIN.CT.EXSF", "Y1")
    assert measure is not None
    plan.apply({("FIN.PAR.CT", "Y1"): measure + D("1.04"), ("FIN.PAR.CTACC", "Y1"): "Y"})
    (hit,) = found(plan, "F01")
    assert "by £1.04k, more than the £1k tolerance" in hit.message


def test_f09_names_its_tolerance() -> None:
    plan = plan_2017_19()  # its bridge is out by £4,300k
    (hit,) = found(plan, "F09")
    assert hit.message.endswith("by £4,300k, more than the £1k tolerance")


def test_f10_names_its_tolerance() -> None:
    plan = sample_plan()
    plan.apply({("FIN.CAP.01", "Y1"): (plan.number("FIN.CAP.01", "Y1") or D(0)) + D("1.5")})
    (hit,) = found(plan, "F10")
    assert "(£1.5k short of the expenditure, above the £1k tolerance)" in hit.message


def test_c01_names_its_tolerance() -> None:
    plan = sample_plan("commissioner")
    surplus = plan.number("CFIN.SURPLUS", "Y1")
    assert surplus is not None
    plan.apply({("CFIN.PAR.CT", "Y1"): surplus + D("1.04")})
    (hit,) = found(plan, "C01")
    assert hit.message.endswith("by £1.04k, more than the £1k tolerance")


def test_c04_a_tiny_share_does_not_read_as_zero_percent() -> None:
    plan = sample_plan("commissioner")
    plan.apply(
        {
            ("CFIN.ALL.01", "Y1"): D("600000"),
            ("CFIN.ALL.02", "Y1"): D("16000"),
            ("CFIN.ALL.03", "Y1"): D("9000"),
            ("CFIN.ALL.04", "Y1"): D("0"),
            ("CFIN.EXP.09", "Y1"): D("100"),
        }
    )
    (hit,) = found(plan, "C04")
    assert "£100k is 0.016% of the revenue resource limit (£625,000k)" in hit.message


def test_g04_names_the_lines_by_their_labels() -> None:
    plan = sample_plan()
    seen = plan.number("E.B.6d", "M05")
    assert seen is not None
    plan.apply({("E.B.6n", "M05"): seen + 1})
    (hit,) = found(plan, "G04")
    assert (
        "Cancer 2-week wait: seen within 14 days (E.B.6n) exceeds "
        "Cancer 2-week wait: patients seen (E.B.6d) in Aug-19"
    ) in hit.message


def test_a04_names_the_lines_by_their_labels() -> None:
    plan = sample_plan()
    months = plan.round.year("Y1").months
    follow_ups = plan.number("E.M.9", "M01")
    assert follow_ups is not None
    plan.apply({("E.M.9", m): follow_ups * 2 for m in months})
    (hit,) = found(plan, "A04")
    assert "E.M.9 / E.M.8" not in hit.message
    assert "Consultant-led follow-up outpatient attendances" in hit.message


def test_c04_contingency_just_short_of_the_minimum_shows_the_difference() -> None:
    plan = sample_plan("commissioner")
    plan.apply(
        {
            ("CFIN.ALL.01", "Y1"): D("380000"),
            ("CFIN.ALL.02", "Y1"): D("12000"),
            ("CFIN.ALL.03", "Y1"): D("9000"),
            ("CFIN.ALL.04", "Y1"): D("-1000"),
            ("CFIN.EXP.09", "Y1"): D("1999.95"),
        }
    )
    (hit,) = found(plan, "C04")
    assert "£1,999.95k is" in hit.message and "(£2,000k)" in hit.message


def test_f03_agency_just_within_the_ceiling_does_not_read_as_the_ceiling() -> None:
    plan = sample_plan()
    plan.apply({("FIN.PAR.AGCEIL", "Y1"): D("9500")})
    _spread(plan, "FIN.PAY.03", "9499.96")
    (hit,) = found(plan, "F03")
    assert hit.severity == "warning"
    assert "£9,499.96k is within the agency ceiling £9,500k" in hit.message


def test_f11_cash_just_below_the_minimum_does_not_read_as_the_minimum() -> None:
    plan = sample_plan()
    minimum = D("1000")
    plan.apply({("FIN.PAR.CASHMIN", "Y1"): minimum})
    lowest = min(plan.number("FIN.CASH.CLOSE", m) or D(0) for m in plan.round.year("Y1").months)
    cash = plan.number("FIN.CASH.05", "M01") or D(0)
    plan.apply({("FIN.CASH.05", "M01"): cash - (lowest - minimum) - D("0.01")})
    (hit,) = found(plan, "F11")
    assert "(lowest £999.99k in" in hit.message
