"""T01-T05: pay per WTE against the pay award, income and workforce against activity."""

from decimal import Decimal

import pytest

from desktop.core.checks import load_rules
from desktop.core.plan import Plan
from tests.core.checks.rule_support import (
    assert_findings_follow_edits,
    assert_reads_cover,
    found,
)
from tests.helpers import plan_2017_19, sample_plan

D = Decimal

GROUPS = ("NUR", "MCON", "MCAR", "MTRN", "AHP", "STT", "HCS", "SCS", "INF")
RULES = ("T01", "T02", "T03", "T04", "T05")


def months(plan: Plan, year: str = "Y1") -> tuple[str, ...]:
    return plan.round.year(year).months


def spread(plan: Plan, code: str, year: str, total: Decimal | str) -> None:
    """Enter a year total on a monthly flow line: equal months, the rest in the first."""
    total = D(total)
    codes = months(plan, year)
    each = (total / len(codes)).quantize(D(1), rounding="ROUND_FLOOR")
    first = total - each * (len(codes) - 1)
    plan.apply({(code, m): first if i == 0 else each for i, m in enumerate(codes)})


def set_flow(plan: Plan, code: str, fot: Decimal | str, *years: Decimal | str) -> None:
    """A flow line's FOT and the totals of its plan years (Y1, then Y2)."""
    plan.apply({(code, "FOT"): D(fot)})
    for year, total in zip(("Y1", "Y2"), years, strict=False):
        spread(plan, code, year, total)


def set_staff(plan: Plan, kind: str, base: str, monthly: dict[str, str] | str) -> None:
    """All WTE of staffing type ``kind`` (SUB, BANK, AGY) in nursing, none elsewhere.

    ``monthly`` is one value for every month or a value per month."""
    every = plan.round.months
    values = monthly if isinstance(monthly, dict) else dict.fromkeys(every, monthly)
    changes: dict[tuple[str, str], Decimal] = {}
    for group in GROUPS:
        line = f"WF.{group}.{kind}"
        changes[(line, "BASE")] = D(base) if group == "NUR" else D(0)
        for month in every:
            changes[(line, month)] = D(values[month]) if group == "NUR" else D(0)
    plan.apply(changes)


def set_all_staff(plan: Plan, base: str, march: dict[str, str]) -> None:
    """Total WTE: substantive nursing only; ``march`` gives the months that differ from BASE."""
    for kind in ("BANK", "AGY"):
        set_staff(plan, kind, "0", "0")
    monthly = {m: march.get(m, base) for m in plan.round.months}
    set_staff(plan, "SUB", base, monthly)


def set_admitted(plan: Plan, fot: str, *years: str) -> None:
    """Admitted activity: all of it ordinary elective spells (E.M.10a)."""
    for code in ("E.M.10b", "E.M.11a", "E.M.11b"):
        set_flow(plan, code, "0", *(["0"] * len(years)))
    set_flow(plan, "E.M.10a", fot, *years)


def set_income(plan: Plan, fot: str, *years: str) -> None:
    """Patient care income: all of it from CCGs (FIN.INC.02)."""
    for code in ("FIN.INC.01", "FIN.INC.03", "FIN.INC.04"):
        set_flow(plan, code, "0", *(["0"] * len(years)))
    set_flow(plan, "FIN.INC.02", fot, *years)


# -- T01-T03: pay per WTE ---------------------------------------------------------------

PAY_RULES = [
    # rule, pay line, staffing type, line of the finding, tolerance in points, what
    ("T01", "FIN.PAY.01", "SUB", "WF.TOT.SUB", "5", "Substantive pay"),
    ("T02", "FIN.PAY.02", "BANK", "WF.TOT.BANK", "10", "Bank pay"),
    ("T03", "FIN.PAY.03", "AGY", "WF.TOT.AGY", "10", "Agency pay"),
]


def pay_plan(pay: str, kind: str, year_pay: str, award: str = "2.0") -> Plan:
    """FOT pay £1,200k for 10 WTE at BASE (£120k per WTE); 10 WTE every month."""
    plan = sample_plan()
    set_staff(plan, kind, "10", "10")
    set_flow(plan, pay, "1200", year_pay)
    plan.apply({("FIN.PAR.PAYAWARD", "Y1"): D(award)})
    return plan


@pytest.mark.parametrize(("rule_id", "pay", "kind", "line", "tolerance", "what"), PAY_RULES)
def test_pay_per_wte_out_of_line_with_the_pay_award(
    rule_id: str, pay: str, kind: str, line: str, tolerance: str, what: str
) -> None:
    assert found(sample_plan(), rule_id) == []
    plan = pay_plan(pay, kind, "1560")  # £156k per WTE: +30%
    [finding] = found(plan, rule_id)
    assert (finding.rule, finding.severity, finding.line, finding.period) == (
        rule_id,
        "warning",
        line,
        "Y1",
    )
    assert finding.template == "WF"
    low, high = 2 - int(tolerance), 2 + int(tolerance)
    assert finding.message == (
        f"{what} per WTE 2019/20 £156.0k against £120.0k at baseline: a change of 30%, "
        f"outside the expected 2% pay award ±{tolerance} points ({low}% to {high}%)"
    )


@pytest.mark.parametrize(("rule_id", "pay", "kind", "line", "tolerance", "what"), PAY_RULES)
def test_pay_per_wte_at_the_edges_of_the_band_is_not_flagged(
    rule_id: str, pay: str, kind: str, line: str, tolerance: str, what: str
) -> None:
    points = D(tolerance)
    for sign in (1, -1):
        edge = 1200 * (1 + (2 + sign * points) / 100)  # exactly at the edge of the band
        assert found(pay_plan(pay, kind, str(edge)), rule_id) == [], (sign, edge)
        beyond = edge + sign * D("0.01")
        assert len(found(pay_plan(pay, kind, str(beyond)), rule_id)) == 1, (sign, beyond)


def test_pay_per_wte_follows_the_pay_award_parameter() -> None:
    # +30% is in line with a 30% pay award; nothing to flag
    assert found(pay_plan("FIN.PAY.01", "SUB", "1560", award="30.0"), "T01") == []


def test_pay_per_wte_uses_the_average_wte_of_the_year_not_march() -> None:
    plan = pay_plan("FIN.PAY.01", "SUB", "1284")  # +7%: the top of the band
    rising = {m: ("8" if i < 6 else "12") for i, m in enumerate(plan.round.months)}
    set_staff(plan, "SUB", "10", rising)  # average 10 WTE, March 12
    assert found(plan, "T01") == []


def test_pay_per_wte_in_2017_19_year_2_against_year_1() -> None:
    plan = plan_2017_19("provider")
    set_staff(plan, "SUB", "10", "10")
    set_flow(plan, "FIN.PAY.01", "1200", "1212", "1333.2")  # Y1 +1%; Y2 +10% on Y1
    plan.apply({("FIN.PAR.PAYAWARD", y): D("1.0") for y in ("Y1", "Y2")})
    [finding] = found(plan, "T01")
    assert (finding.period, finding.line, finding.severity) == ("Y2", "WF.TOT.SUB", "warning")
    assert finding.message == (
        "Substantive pay per WTE 2018/19 £133.3k against £121.2k in 2017/18: a change of "
        "10%, outside the expected 1% pay award ±5 points (-4% to 6%)"
    )
    # year 1 out of line on its own, year 2 in line with year 1
    set_flow(plan, "FIN.PAY.01", "1200", "1500", "1515")
    assert [f.period for f in found(plan, "T01")] == ["Y1"]


@pytest.mark.parametrize(("rule_id", "pay", "kind", "line", "tolerance", "what"), PAY_RULES)
def test_pay_per_wte_with_a_blank_input_reports_nothing(
    rule_id: str, pay: str, kind: str, line: str, tolerance: str, what: str
) -> None:
    for cell in (
        (pay, "M05"),
        (pay, "FOT"),
        (f"WF.NUR.{kind}", "BASE"),
        (f"WF.AHP.{kind}", "M03"),
        ("FIN.PAR.PAYAWARD", "Y1"),
    ):
        plan = pay_plan(pay, kind, "1560")
        plan.apply({cell: None})
        assert found(plan, rule_id) == [], cell


def test_pay_per_wte_with_no_staff_reports_nothing() -> None:
    plan = pay_plan("FIN.PAY.03", "AGY", "1560")
    set_staff(plan, "AGY", "0", "0")
    assert found(plan, "T03") == []


# -- T04: income against activity -------------------------------------------------------


def income_plan(income_y1: str) -> Plan:
    """Admitted activity +3% (1,200 to 1,236 spells); income £1,000k at FOT."""
    plan = sample_plan()
    set_admitted(plan, "1200", "1236")
    set_income(plan, "1000", income_y1)
    return plan


def test_t04_income_growing_out_of_line_with_activity() -> None:
    assert found(sample_plan(), "T04") == []
    [finding] = found(income_plan("1088"), "T04")  # +8.8% against 3% + (3.8% - 1.1%)
    assert (finding.rule, finding.severity, finding.line, finding.period) == (
        "T04",
        "warning",
        "FIN.INC.PC",
        "Y1",
    )
    assert finding.message == (
        "Patient care income 2019/20 £1,088k grows 8.8% against FOT 2018/19 (£1,000k), but "
        "admitted activity (elective and non-elective spells) grows 3%, which with the net "
        "tariff uplift 2.7% (3.8% less 1.1% efficiency) means 5.7%: income growth is "
        "3.1 points above that, more than 3 points"
    )
    [below] = found(income_plan("1026"), "T04")  # +2.6%: 3.1 points below 5.7%
    assert "grows 2.6%" in below.message
    assert "3.1 points below that" in below.message


def test_t04_just_inside_the_gap_is_not_flagged() -> None:
    assert found(income_plan("1087"), "T04") == []  # 8.7% = 5.7% + 3 points
    assert found(income_plan("1027"), "T04") == []  # 2.7% = 5.7% - 3 points
    assert len(found(income_plan("1087.001"), "T04")) == 1
    assert len(found(income_plan("1026.999"), "T04")) == 1


def test_t04_in_2017_19_uses_its_tariff_and_runs_for_each_year() -> None:
    plan = plan_2017_19("provider")
    set_admitted(plan, "1200", "1200", "1200")
    # net uplift 2.1% - 2.0% = 0.1%: year 1 +3.1% is at the edge; year 2 +3.2% is beyond
    set_income(plan, "1000", "1031", "1063.992")
    [finding] = found(plan, "T04")
    assert (finding.period, finding.line) == ("Y2", "FIN.INC.PC")
    assert finding.message == (
        "Patient care income 2018/19 £1,064k grows 3.2% against 2017/18 (£1,031k), but "
        "admitted activity (elective and non-elective spells) grows 0%, which with the net "
        "tariff uplift 0.1% (2.1% less 2% efficiency) means 0.1%: income growth is "
        "3.1 points above that, more than 3 points"
    )
    set_income(plan, "1000", "1032", "1032")
    assert [f.period for f in found(plan, "T04")] == ["Y1"]


def test_t04_with_a_blank_input_reports_nothing() -> None:
    for cell in (
        ("FIN.INC.02", "M07"),
        ("FIN.INC.04", "FOT"),
        ("E.M.10a", "FOT"),
        ("E.M.11b", "M12"),
    ):
        plan = income_plan("1088")
        plan.apply({cell: None})
        assert found(plan, "T04") == [], cell


def test_t04_with_no_activity_or_income_before_reports_nothing() -> None:
    plan = income_plan("1088")
    set_admitted(plan, "0", "1236")
    assert found(plan, "T04") == []
    plan = income_plan("1088")
    set_income(plan, "0", "1088")
    assert found(plan, "T04") == []


# -- T05: workforce against activity ----------------------------------------------------


def workforce_plan(march: str, activity_y1: str = "1236") -> Plan:
    """Admitted activity +3% by default; 100 WTE at BASE and every month but March."""
    plan = sample_plan()
    set_admitted(plan, "1200", activity_y1)
    set_all_staff(plan, "100", {"M12": march})
    return plan


def test_t05_workforce_growing_ahead_of_activity() -> None:
    assert found(sample_plan(), "T05") == []
    [finding] = found(workforce_plan("110"), "T05")
    assert (finding.rule, finding.severity, finding.line, finding.period) == (
        "T05",
        "warning",
        "WF.TOT",
        "Y1",
    )
    assert finding.message == (
        "Total WTE grows 10% from Mar-19 to Mar-20 (100 WTE to 110 WTE) while admitted "
        "activity (elective and non-elective spells) grows 3% in 2019/20: 7 points above it, "
        "more than 5 points"
    )


def test_t05_just_inside_the_gap_or_below_activity_is_not_flagged() -> None:
    assert found(workforce_plan("108"), "T05") == []  # 8% = 3% + 5 points
    assert len(found(workforce_plan("108.01"), "T05")) == 1
    assert found(workforce_plan("80"), "T05") == []  # shrinking: not this check
    assert found(workforce_plan("104", activity_y1="1188"), "T05") == []  # 4% = -1% + 5


def test_t05_compares_march_not_the_average() -> None:
    plan = workforce_plan("108")
    plan.apply({("WF.NUR.SUB", m): D("150") for m in months(plan)[:-1]})
    assert found(plan, "T05") == []


def test_t05_in_2017_19_compares_each_march_with_the_march_before() -> None:
    plan = plan_2017_19("provider")
    set_admitted(plan, "1200", "1200", "1200")
    set_all_staff(plan, "100", {"M24": "110"})
    [finding] = found(plan, "T05")
    assert finding.period == "Y2"
    assert "from Mar-18 to Mar-19 (100 WTE to 110 WTE)" in finding.message
    assert "grows 0% in 2018/19: 10 points above it" in finding.message
    set_all_staff(plan, "100", {m: "110" for m in months(plan, "Y2")} | {"M12": "110"})
    assert [f.period for f in found(plan, "T05")] == ["Y1"]


def test_t05_with_a_blank_input_reports_nothing() -> None:
    for cell in (
        ("WF.NUR.SUB", "M12"),
        ("WF.INF.AGY", "BASE"),
        ("E.M.10a", "M01"),
        ("E.M.11a", "FOT"),
    ):
        plan = workforce_plan("110")
        plan.apply({cell: None})
        assert found(plan, "T05") == [], cell


# -- what the rules read ----------------------------------------------------------------


def flagging_plans() -> list[Plan]:
    plans = [sample_plan(), plan_2017_19("provider"), income_plan("1088"), workforce_plan("110")]
    plans += [pay_plan(pay, kind, "1560") for _, pay, kind, *_ in PAY_RULES]
    return plans


def test_reads_covers_every_line_each_rule_reads() -> None:
    registry = load_rules()
    for plan in flagging_plans():
        for rule_id in RULES:
            item = registry[rule_id]
            assert item.area == "workforce" and item.kinds == ("provider",)
            assert_reads_cover(item, plan)


def test_findings_follow_edits_incrementally() -> None:
    plan = sample_plan()
    edits: list[dict[tuple[str, str], Decimal | None]] = [
        {("WF.NUR.SUB", m): D("3000") for m in months(plan)},  # T01 and T05 through totals
        {("FIN.PAY.02", "M03"): D("9000")},  # T02
        {("WF.MCON.AGY", "BASE"): D("900")},  # T03
        {("FIN.INC.01", "M06"): D("90000")},  # T04 through FIN.INC.PC
        {("E.M.11b", "FOT"): D("1")},  # T04 and T05 through E.M.11
        {("FIN.PAR.PAYAWARD", "Y1"): D("40")},
        {("FIN.PAY.01", "M01"): None},
    ]
    assert_findings_follow_edits(plan, edits, RULES)
