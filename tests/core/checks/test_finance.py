"""F01-F12: provider finance checks, in both rounds (2017-19: Y1 and Y2 separately)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, Decimal

import pytest

from desktop.core.checks import CheckEngine, PlanState, load_rules, run_checks
from desktop.core.checks.engine import Context, Finding
from desktop.core.checks.finance import AREA, back_loading
from desktop.core.plan import Plan
from desktop.core.units import Value
from tests.core.checks.rule_support import assert_reads_cover, found
from tests.helpers import plan_2017_19, sample_plan

D = Decimal

PAY = ("FIN.PAY.01", "FIN.PAY.02", "FIN.PAY.03")
NON_PAY = tuple(f"FIN.NPY.0{i}" for i in range(1, 8))
INCOME = tuple(f"FIN.INC.{i:02d}" for i in range(1, 11))
SAVINGS = tuple(f"FIN.EFF.0{i}" for i in range(1, 10))
CAPITAL = tuple(f"FIN.CAP.0{i}" for i in range(1, 6))
FUNDING = tuple(f"FIN.CAP.F0{i}" for i in range(1, 6))
CASH_FLOWS = tuple(f"FIN.CASH.0{i}" for i in range(1, 6))


# -- helpers ---------------------------------------------------------------------------


def months(plan: Plan, year: str = "Y1") -> tuple[str, ...]:
    return plan.round.year(year).months


def spread(plan: Plan, code: str, amount: int | str, year: str = "Y1") -> None:
    """Set a monthly line's year total: equal months to 3 decimals, the rest in March."""
    total = D(amount)
    each = (total / 12).quantize(D("0.001"), rounding=ROUND_DOWN)
    changes: dict[tuple[str, str], Value | None] = {(code, m): each for m in months(plan, year)}
    changes[(code, months(plan, year)[-1])] = total - each * 11
    plan.apply(changes)


def set_lines(plan: Plan, codes: Iterable[str], amount: int | str, year: str = "Y1") -> None:
    """The first line of ``codes`` gets ``amount`` in the year, the others 0 (if in the round)."""
    for i, code in enumerate(c for c in codes if c in plan.catalogue.lines):
        spread(plan, code, amount if i == 0 else 0, year)


def set_fot(plan: Plan, codes: Iterable[str], amount: int | str) -> None:
    present = [c for c in codes if c in plan.catalogue.lines]
    plan.apply({(c, "FOT"): D(amount) if i == 0 else D(0) for i, c in enumerate(present)})


def profile(plan: Plan, code: str, values: Sequence[int | str], year: str = "Y1") -> None:
    plan.apply({(code, m): D(v) for m, v in zip(months(plan, year), values, strict=True)})


def set_param(plan: Plan, code: str, value: int | str, year: str = "Y1") -> None:
    """A parameter: "Y"/"N" as entered, anything else as a number."""
    plan.apply({(code, year): value if value in ("Y", "N") else D(value)})


def blank(plan: Plan, code: str, period: str) -> None:
    plan.apply({(code, period): None})


def both_years(plan: Plan) -> list[str]:
    return [y.code for y in plan.round.years]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f.message for f in findings]
    return findings[0]


# -- reads, registration, incremental re-checking ------------------------------------


def _variants() -> list[Plan]:
    """Plans that take every rule down each of its branches (both rounds)."""
    plans = []
    for make in (sample_plan, plan_2017_19):
        plans.append(make())
        plan = make()
        for year in both_years(plan):
            set_param(plan, "FIN.PAR.CTACC", "N", year)
            set_param(plan, "FIN.PAR.CT", 900000, year)
            set_param(plan, "FIN.PAR.CASHMIN", 900000, year)
            set_param(plan, "FIN.PAR.AGCEIL", 1, year)
        plans.append(plan)
        plan = make()
        for year in both_years(plan):
            set_param(plan, "FIN.PAR.CT", -900000, year)
        plans.append(plan)
    return plans


def finance_rules() -> list:
    return [r for r in load_rules().values() if r.area == AREA]


def test_the_finance_rules_are_registered_for_providers() -> None:
    rules = {r.id: r for r in finance_rules()}
    assert sorted(rules) == [f"F{i:02d}" for i in range(1, 13)]
    for item in rules.values():
        assert item.kinds == ("provider",)
        assert item.doc, item.id
    assert rules["F03"].severity == "error"
    assert {rules[f"F{i:02d}"].severity for i in (1, 2, 9, 10)} == {"error"}
    assert {rules[f"F{i:02d}"].severity for i in (4, 5, 6, 7, 8, 11, 12)} == {"warning"}


def test_reads_cover_every_line_a_rule_reads() -> None:
    for plan in _variants():
        for item in finance_rules():
            assert_reads_cover(item, plan)


def test_f01_reads_the_measure_of_each_round() -> None:
    rules = load_rules()
    for plan in (sample_plan(), plan_2017_19()):
        measure = plan.round.thresholds["control_total_measure"]
        assert measure in rules["F01"].lines_read(plan.round)


@pytest.mark.parametrize(
    "changes",
    [
        {("FIN.PAR.CTACC", "Y1"): "N"},
        {("FIN.PAR.CT", "Y1"): D("5000")},
        {("FIN.ADJ.03", "M04"): D("-20000")},
        {("FIN.PAY.03", "M05"): D("3000")},
        {("FIN.NPY.02", "M06"): D("90000")},
        {("FIN.EFF.09", "M12"): D("5000")},
        {("FIN.EFF.REC", "M01"): D("0")},
        {("FIN.BR.09", "Y1"): D("777")},
        {("FIN.CAP.F02", "Y1"): D("9999")},
        {("FIN.CASH.02", "M03"): D("40000")},
        {("FIN.INC.01", "FOT"): D("1")},
        {("FIN.INC.08", "M02"): None},
    ],
)
def test_incremental_recheck_matches_a_full_run(changes: dict) -> None:
    plan = sample_plan()
    engine = CheckEngine(plan)
    engine.run_all()
    current = engine.update(plan.apply(changes))
    ours = [f for f in current if f.rule.startswith("F")]
    assert ours == [f for f in run_checks(plan) if f.rule.startswith("F")]


def test_the_samples_raise_no_finance_error() -> None:
    findings = [f for f in run_checks(sample_plan()) if f.rule.startswith("F")]
    assert [f for f in findings if f.severity == "error"] == []
    assert {f.rule for f in findings} <= {"F07"}  # the sample's deliberate warning


# -- F01 control total -----------------------------------------------------------------


def set_measure(plan: Plan, code: str, target: int | str, year: str = "Y1") -> None:
    """Make ``code`` (a control-total measure) ``target`` in ``year`` via FIN.ADJ.03."""
    current = plan.number(code, year)
    assert current is not None
    last = months(plan, year)[-1]
    adj = plan.number("FIN.ADJ.03", last)
    assert adj is not None
    plan.apply({("FIN.ADJ.03", last): adj + D(target) - current})
    assert plan.number(code, year) == D(target)


def test_f01_shortfall_against_an_accepted_control_total_2019_20() -> None:
    plan = sample_plan()
    assert found(plan, "F01") == []
    set_measure(plan, "FIN.CT.EXSF", -9000)
    set_param(plan, "FIN.PAR.CTACC", "Y")
    set_param(plan, "FIN.PAR.CT", -8950)
    f = only(found(plan, "F01"))
    assert (f.rule, f.severity, f.line, f.period) == ("F01", "error", "FIN.CT.EXSF", "Y1")
    assert f.template == "FIN"
    assert "2019/20" in f.message
    assert "(£9,000k)" in f.message and "(£8,950k)" in f.message and "by £50k" in f.message
    assert "excluding PSF, FRF and MRET" in f.message


def test_f01_2019_20_uses_the_measure_excluding_sustainability_funding() -> None:
    plan = sample_plan()
    set_measure(plan, "FIN.CT.EXSF", -9000)
    set_param(plan, "FIN.PAR.CT", -8000)
    basis = plan.number("FIN.CT.BASIS", "Y1")
    assert basis is not None and basis > D(-8000)  # the basis including PSF would pass
    assert only(found(plan, "F01")).line == "FIN.CT.EXSF"


def test_f01_shortfall_of_exactly_1k_is_within_tolerance() -> None:
    plan = sample_plan()
    set_measure(plan, "FIN.CT.EXSF", -9000)
    set_param(plan, "FIN.PAR.CTACC", "Y")
    set_param(plan, "FIN.PAR.CT", "-8999")
    assert found(plan, "F01") == []
    set_param(plan, "FIN.PAR.CT", "-8998.999")
    assert only(found(plan, "F01")).period == "Y1"


def test_f01_not_when_the_control_total_is_not_accepted() -> None:
    plan = sample_plan()
    set_measure(plan, "FIN.CT.EXSF", -9000)
    set_param(plan, "FIN.PAR.CT", 5000)
    set_param(plan, "FIN.PAR.CTACC", "N")
    assert found(plan, "F01") == []


def test_f01_2017_19_uses_the_control_total_basis_per_year() -> None:
    plan = plan_2017_19()
    assert found(plan, "F01") == []
    for year in both_years(plan):
        set_measure(plan, "FIN.CT.BASIS", 2000, year)
        set_param(plan, "FIN.PAR.CTACC", "Y", year)
    exsf = plan.number("FIN.CT.EXSF", "Y1")
    assert exsf is not None and exsf < D(1999)  # the measure excluding STF would fail
    set_param(plan, "FIN.PAR.CT", 1999, "Y1")
    set_param(plan, "FIN.PAR.CT", 2300, "Y2")
    f = only(found(plan, "F01"))
    assert (f.severity, f.line, f.period) == ("error", "FIN.CT.BASIS", "Y2")
    assert "2018/19" in f.message and "£2,000k" in f.message and "£2,300k" in f.message
    assert "by £300k" in f.message
    set_param(plan, "FIN.PAR.CT", "2001.5", "Y1")
    assert [f.period for f in found(plan, "F01")] == ["Y1", "Y2"]


@pytest.mark.parametrize(
    "cell",
    [("FIN.PAR.CTACC", "Y1"), ("FIN.PAR.CT", "Y1"), ("FIN.ADJ.01", "M05"), ("FIN.INC.09", "M02")],
)
def test_f01_reports_nothing_when_an_input_is_blank(cell: tuple[str, str]) -> None:
    plan = sample_plan()
    set_measure(plan, "FIN.CT.EXSF", -9000)
    set_param(plan, "FIN.PAR.CT", 5000)
    assert found(plan, "F01")
    blank(plan, *cell)
    assert found(plan, "F01") == []


# -- F02 sustainability funding without a control total ---------------------------------


def test_f02_funding_planned_while_the_control_total_is_not_accepted() -> None:
    plan = sample_plan()
    assert found(plan, "F02") == []
    spread(plan, "FIN.INC.07", 1200)
    spread(plan, "FIN.INC.08", 0)
    spread(plan, "FIN.INC.09", 600)
    set_param(plan, "FIN.PAR.CTACC", "N")
    f = only(found(plan, "F02"))
    assert (f.rule, f.severity, f.line, f.period) == ("F02", "error", "FIN.INC.07", "Y1")
    assert "2019/20 £1,800k" in f.message
    assert "Provider Sustainability Fund (PSF) £1,200k" in f.message
    assert "MRET funding £600k" in f.message and "Financial Recovery" not in f.message


def test_f02_no_funding_or_an_accepted_control_total_is_fine() -> None:
    plan = sample_plan()
    set_param(plan, "FIN.PAR.CTACC", "N")
    for code in ("FIN.INC.07", "FIN.INC.08", "FIN.INC.09"):
        spread(plan, code, 0)
    assert found(plan, "F02") == []
    spread(plan, "FIN.INC.08", "0.001")
    assert only(found(plan, "F02")).period == "Y1"
    set_param(plan, "FIN.PAR.CTACC", "Y")
    assert found(plan, "F02") == []


def test_f02_2017_19_stf_only_per_year() -> None:
    plan = plan_2017_19()
    assert found(plan, "F02") == []
    for year in both_years(plan):
        set_param(plan, "FIN.PAR.CTACC", "N", year)
    spread(plan, "FIN.INC.07", 0, "Y1")
    spread(plan, "FIN.INC.07", 2400, "Y2")
    f = only(found(plan, "F02"))  # FRF and MRET lines do not exist: not part of the sum
    assert (f.line, f.period) == ("FIN.INC.07", "Y2")
    assert "2018/19 £2,400k" in f.message
    assert "Sustainability and Transformation Fund (STF) £2,400k" in f.message
    spread(plan, "FIN.INC.07", 0, "Y2")
    assert found(plan, "F02") == []


@pytest.mark.parametrize("cell", [("FIN.PAR.CTACC", "Y1"), ("FIN.INC.08", "M03")])
def test_f02_reports_nothing_when_an_input_is_blank(cell: tuple[str, str]) -> None:
    plan = sample_plan()
    set_param(plan, "FIN.PAR.CTACC", "N")
    assert found(plan, "F02")
    blank(plan, *cell)
    assert found(plan, "F02") == []


# -- F03 agency ceiling ------------------------------------------------------------------


def test_f03_agency_above_the_ceiling_is_an_error() -> None:
    plan = sample_plan()
    assert found(plan, "F03") == []
    set_param(plan, "FIN.PAR.AGCEIL", 10000)
    spread(plan, "FIN.PAY.03", 10250)
    f = only(found(plan, "F03"))
    assert (f.rule, f.severity, f.line, f.period) == ("F03", "error", "FIN.PAY.03", "Y1")
    assert f.message == (
        "Agency spend 2019/20 £10,250k exceeds the agency ceiling £10,000k by £250k"
    )


def test_f03_agency_at_the_ceiling_is_a_warning() -> None:
    plan = sample_plan()
    set_param(plan, "FIN.PAR.AGCEIL", 10000)
    spread(plan, "FIN.PAY.03", 10000)
    f = only(found(plan, "F03"))
    assert (f.severity, f.line, f.period) == ("warning", "FIN.PAY.03", "Y1")
    assert "£10,000k" in f.message and "95%" in f.message and "(100%)" in f.message
    spread(plan, "FIN.PAY.03", "9500.001")
    assert only(found(plan, "F03")).severity == "warning"


def test_f03_agency_at_95_percent_of_the_ceiling_passes() -> None:
    plan = sample_plan()
    set_param(plan, "FIN.PAR.AGCEIL", 10000)
    spread(plan, "FIN.PAY.03", 9500)
    assert found(plan, "F03") == []


def test_f03_2017_19_each_year_against_its_own_ceiling() -> None:
    plan = plan_2017_19()
    assert found(plan, "F03") == []
    set_param(plan, "FIN.PAR.AGCEIL", 10000, "Y1")
    set_param(plan, "FIN.PAR.AGCEIL", 9000, "Y2")
    spread(plan, "FIN.PAY.03", 9500, "Y1")
    spread(plan, "FIN.PAY.03", 9500, "Y2")
    f = only(found(plan, "F03"))
    assert (f.severity, f.period) == ("error", "Y2")
    assert "2018/19 £9,500k" in f.message and "£9,000k by £500k" in f.message


@pytest.mark.parametrize("cell", [("FIN.PAR.AGCEIL", "Y1"), ("FIN.PAY.03", "M07")])
def test_f03_reports_nothing_when_an_input_is_blank(cell: tuple[str, str]) -> None:
    plan = sample_plan()
    set_param(plan, "FIN.PAR.AGCEIL", 1000)
    assert found(plan, "F03")
    blank(plan, *cell)
    assert found(plan, "F03") == []


# -- F04 / F05 efficiency against operating expenditure ----------------------------------


def set_opex(plan: Plan, pay: int, non_pay: int, year: str = "Y1") -> None:
    set_lines(plan, PAY, pay, year)
    set_lines(plan, NON_PAY, non_pay, year)


def set_savings(plan: Plan, total: int | str, year: str = "Y1") -> None:
    set_lines(plan, SAVINGS, total, year)


def test_f04_2019_20_deficit_control_total_adds_half_a_percent() -> None:
    plan = sample_plan()
    assert found(plan, "F04") == []
    set_opex(plan, 200000, 100000)
    set_param(plan, "FIN.PAR.CT", -8600)
    set_savings(plan, 4500)
    f = only(found(plan, "F04"))
    assert (f.rule, f.severity, f.line, f.period) == ("F04", "warning", "FIN.EFF.TOT", "Y1")
    assert f.message == (
        "Efficiency savings 2019/20 £4,500k are 1.5% of operating expenditure (£300,000k), "
        "below the national minimum 1.6% (1.1% plus 0.5% for a deficit control total)"
    )


def test_f04_2019_20_at_the_minimum_passes() -> None:
    plan = sample_plan()
    set_opex(plan, 200000, 100000)
    set_param(plan, "FIN.PAR.CT", -8600)
    set_savings(plan, 4800)  # exactly 1.6%
    assert found(plan, "F04") == []
    set_savings(plan, "4799.999")
    assert only(found(plan, "F04")).period == "Y1"


def test_f04_2019_20_surplus_control_total_needs_1_1_percent() -> None:
    plan = sample_plan()
    set_opex(plan, 200000, 100000)
    set_param(plan, "FIN.PAR.CT", 0)  # break-even is not a deficit
    set_savings(plan, 3300)  # exactly 1.1%
    assert found(plan, "F04") == []
    set_savings(plan, "3299.999")
    f = only(found(plan, "F04"))
    assert "below the national minimum 1.1%" in f.message and "deficit" not in f.message


def test_f04_2017_19_needs_2_percent_in_each_year_whatever_the_control_total() -> None:
    plan = plan_2017_19()
    assert found(plan, "F04") == []
    for year in both_years(plan):
        set_opex(plan, 200000, 100000, year)
        set_param(plan, "FIN.PAR.CT", -8600, year)
        set_savings(plan, 6000, year)  # exactly 2.0%
    assert found(plan, "F04") == []
    set_savings(plan, "5999.999", "Y2")
    f = only(found(plan, "F04"))
    assert (f.line, f.period) == ("FIN.EFF.TOT", "Y2")
    assert "2018/19" in f.message and "minimum 2%" in f.message and "deficit" not in f.message
    set_savings(plan, 3000, "Y1")
    f = found(plan, "F04")[0]
    assert f.period == "Y1" and "£3,000k are 1% of operating expenditure" in f.message


def test_f04_2017_19_does_not_need_the_control_total() -> None:
    plan = plan_2017_19()
    set_opex(plan, 200000, 100000)
    set_savings(plan, 3000)
    blank(plan, "FIN.PAR.CT", "Y1")
    assert only(found(plan, "F04")).period == "Y1"


@pytest.mark.parametrize(
    "cell",
    [("FIN.PAR.CT", "Y1"), ("FIN.NPY.04", "M02"), ("FIN.PAY.02", "M11"), ("FIN.EFF.05", "M01")],
)
def test_f04_reports_nothing_when_an_input_is_blank(cell: tuple[str, str]) -> None:
    plan = sample_plan()
    set_opex(plan, 200000, 100000)
    set_param(plan, "FIN.PAR.CT", -8600)
    set_savings(plan, 1000)
    assert found(plan, "F04")
    blank(plan, *cell)
    assert found(plan, "F04") == []


def test_f05_savings_above_5_percent_of_operating_expenditure() -> None:
    plan = sample_plan()
    assert found(plan, "F05") == []
    set_opex(plan, 200000, 100000)
    set_savings(plan, 18000)
    f = only(found(plan, "F05"))
    assert (f.rule, f.severity, f.line, f.period) == ("F05", "warning", "FIN.EFF.TOT", "Y1")
    assert "2019/20 £18,000k are 6% of operating expenditure (£300,000k)" in f.message
    assert "above 5%" in f.message


def test_f05_savings_of_exactly_5_percent_pass() -> None:
    plan = sample_plan()
    set_opex(plan, 200000, 100000)
    set_savings(plan, 15000)
    assert found(plan, "F05") == []
    set_savings(plan, "15000.001")
    assert only(found(plan, "F05")).period == "Y1"


def test_f05_2017_19_per_year() -> None:
    plan = plan_2017_19()
    assert found(plan, "F05") == []
    set_opex(plan, 200000, 100000, "Y2")
    set_savings(plan, 16000, "Y2")
    f = only(found(plan, "F05"))
    assert f.period == "Y2" and "2018/19" in f.message


@pytest.mark.parametrize("cell", [("FIN.EFF.05", "M01"), ("FIN.NPY.07", "M09")])
def test_f05_reports_nothing_when_an_input_is_blank(cell: tuple[str, str]) -> None:
    plan = sample_plan()
    set_opex(plan, 200000, 100000)
    set_savings(plan, 18000)
    assert found(plan, "F05")
    blank(plan, *cell)
    assert found(plan, "F05") == []


# -- F06 / F07 recurrent and unidentified savings --------------------------------------


def test_f06_recurrent_savings_below_70_percent() -> None:
    plan = sample_plan()
    assert found(plan, "F06") == []
    set_savings(plan, 10000)
    spread(plan, "FIN.EFF.REC", 6000)
    f = only(found(plan, "F06"))
    assert (f.rule, f.severity, f.line, f.period) == ("F06", "warning", "FIN.EFF.REC", "Y1")
    assert f.message == (
        "Recurrent savings 2019/20 £6,000k are 60% of total efficiency savings £10,000k, "
        "below the minimum 70%"
    )


def test_f06_recurrent_savings_of_exactly_70_percent_pass() -> None:
    plan = sample_plan()
    set_savings(plan, 10000)
    spread(plan, "FIN.EFF.REC", 7000)
    assert found(plan, "F06") == []
    spread(plan, "FIN.EFF.REC", "6999.999")
    assert only(found(plan, "F06")).period == "Y1"


def test_f06_no_savings_reports_nothing() -> None:
    plan = sample_plan()
    set_savings(plan, 0)
    spread(plan, "FIN.EFF.REC", 0)
    assert found(plan, "F06") == []


def test_f06_2017_19_per_year() -> None:
    plan = plan_2017_19()
    assert found(plan, "F06") == []
    set_savings(plan, 10000, "Y2")
    spread(plan, "FIN.EFF.REC", 5000, "Y2")
    f = only(found(plan, "F06"))
    assert f.period == "Y2" and "2018/19 £5,000k are 50%" in f.message


@pytest.mark.parametrize("cell", [("FIN.EFF.REC", "M04"), ("FIN.EFF.02", "M12")])
def test_f06_reports_nothing_when_an_input_is_blank(cell: tuple[str, str]) -> None:
    plan = sample_plan()
    set_savings(plan, 10000)
    spread(plan, "FIN.EFF.REC", 6000)
    assert found(plan, "F06")
    blank(plan, *cell)
    assert found(plan, "F06") == []


def set_unidentified(
    plan: Plan, identified: int | str, unidentified: int | str, year: str = "Y1"
) -> None:
    set_savings(plan, identified, year)
    spread(plan, "FIN.EFF.09", unidentified, year)


def test_f07_unidentified_savings_above_20_percent() -> None:
    plan = sample_plan()  # the sample has 21.4% unidentified: a deliberate warning
    set_unidentified(plan, 8000, 2000)
    assert found(plan, "F07") == []
    set_unidentified(plan, 7500, 2500)
    f = only(found(plan, "F07"))
    assert (f.rule, f.severity, f.line, f.period) == ("F07", "warning", "FIN.EFF.09", "Y1")
    assert f.message == (
        "Unidentified savings 2019/20 £2,500k are 25% of total efficiency savings £10,000k, "
        "above the maximum 20%"
    )


def test_f07_unidentified_savings_of_exactly_20_percent_pass() -> None:
    plan = sample_plan()
    set_unidentified(plan, 8000, 2000)
    assert found(plan, "F07") == []
    set_unidentified(plan, "7999.999", "2000.001")
    assert only(found(plan, "F07")).period == "Y1"


def test_f07_just_above_20_percent_does_not_read_as_20_percent() -> None:
    plan = sample_plan()
    set_unidentified(plan, 7996, 2004)
    assert only(found(plan, "F07")).message == (
        "Unidentified savings 2019/20 £2,004k are 20.04% of total efficiency savings "
        "£10,000k, above the maximum 20%"
    )


def test_f07_2017_19_per_year() -> None:
    plan = plan_2017_19()
    for year in both_years(plan):
        set_unidentified(plan, 8000, 2000, year)
    assert found(plan, "F07") == []
    set_unidentified(plan, 6000, 4000, "Y2")
    f = only(found(plan, "F07"))
    assert f.period == "Y2" and "2018/19 £4,000k are 40%" in f.message


@pytest.mark.parametrize("cell", [("FIN.EFF.09", "M01"), ("FIN.EFF.03", "M06")])
def test_f07_reports_nothing_when_an_input_is_blank(cell: tuple[str, str]) -> None:
    plan = sample_plan()
    set_unidentified(plan, 7500, 2500)
    assert found(plan, "F07")
    blank(plan, *cell)
    assert found(plan, "F07") == []


# -- F08 back-loaded savings -------------------------------------------------------------

EVEN_AT_THE_LIMITS = [80] * 6 + [100] * 3 + [140] * 3  # 60% in H2, 35% in Q4 of 1,200
SECOND_HALF = [75] * 6 + [130] * 3 + [120] * 3  # 62.5% in H2, 30% in Q4
LAST_QUARTER = [85] * 6 + [80] * 3 + [150] * 3  # 57.5% in H2, 37.5% in Q4


def set_savings_profile(plan: Plan, values: Sequence[int | str], year: str = "Y1") -> None:
    set_savings(plan, 0, year)
    profile(plan, "FIN.EFF.01", values, year)


def test_f08_second_half_above_60_percent() -> None:
    plan = sample_plan()
    assert found(plan, "F08") == []
    set_savings_profile(plan, SECOND_HALF)
    f = only(found(plan, "F08"))
    assert (f.rule, f.severity, f.line, f.period) == ("F08", "warning", "FIN.EFF.TOT", "Y1")
    assert f.message == (
        "Efficiency savings 2019/20 are back-loaded: of £1,200k, 62.5% falls in the second "
        "half (Oct-19 to Mar-20), above the maximum 60%"
    )


def test_f08_last_quarter_above_35_percent() -> None:
    plan = sample_plan()
    set_savings_profile(plan, LAST_QUARTER)
    f = only(found(plan, "F08"))
    assert "37.5% falls in the last quarter (Jan-20 to Mar-20), above the maximum 35%" in (
        f.message
    )
    assert "second half" not in f.message


def test_f08_at_the_limits_passes_and_just_above_fails() -> None:
    plan = sample_plan()
    set_savings_profile(plan, EVEN_AT_THE_LIMITS)
    assert found(plan, "F08") == []
    set_savings_profile(plan, [*EVEN_AT_THE_LIMITS[:-1], "140.001"])
    f = only(found(plan, "F08"))
    assert "second half" in f.message and "last quarter" in f.message


def test_f08_no_savings_reports_nothing() -> None:
    plan = sample_plan()
    set_savings_profile(plan, [0] * 12)
    assert found(plan, "F08") == []


def test_f08_2017_19_checks_each_year_with_its_own_months() -> None:
    plan = plan_2017_19()
    assert found(plan, "F08") == []
    set_savings_profile(plan, EVEN_AT_THE_LIMITS, "Y1")
    set_savings_profile(plan, SECOND_HALF, "Y2")
    f = only(found(plan, "F08"))
    assert f.period == "Y2"
    assert "2018/19" in f.message and "(Oct-18 to Mar-19)" in f.message


def test_f08_reports_nothing_when_a_month_is_blank() -> None:
    plan = sample_plan()
    set_savings_profile(plan, SECOND_HALF)
    assert found(plan, "F08")
    blank(plan, "FIN.EFF.04", "M03")
    assert found(plan, "F08") == []


def test_back_loading_helper_serves_ccg_qipp() -> None:
    plan = sample_plan("commissioner")
    codes = [f"CFIN.QIPP.0{i}" for i in range(1, 7)]
    set_lines(plan, codes, 0)
    profile(plan, "CFIN.QIPP.01", SECOND_HALF)
    ctx = Context(plan, PlanState())
    assert back_loading(ctx, "CFIN.QIPP.TOT", "Y1") == (D("62.5"), D(30))
    profile(plan, "CFIN.QIPP.01", EVEN_AT_THE_LIMITS)
    assert back_loading(ctx, "CFIN.QIPP.TOT", "Y1") is None
    assert back_loading(ctx, "FIN.EFF.TOT", "Y1") is None  # not in a CCG plan


# -- F09 bridge --------------------------------------------------------------------------


def bridge_gap(plan: Plan) -> Decimal:
    bridge, surplus = plan.number("FIN.BR.PLAN", "Y1"), plan.number("FIN.SURPLUS", "Y1")
    assert bridge is not None and surplus is not None
    return bridge - surplus


def shift_bridge(plan: Plan, gap: int | str) -> None:
    """Move FIN.BR.09 so that the bridge differs from the Y1 surplus by ``gap``."""
    other = plan.number("FIN.BR.09", "Y1")
    assert other is not None
    plan.apply({("FIN.BR.09", "Y1"): other - bridge_gap(plan) + D(gap)})


def test_f09_bridge_differs_from_the_plan_surplus() -> None:
    plan = sample_plan()
    assert found(plan, "F09") == []
    shift_bridge(plan, 250)
    f = only(found(plan, "F09"))
    assert (f.rule, f.severity, f.line, f.period) == ("F09", "error", "FIN.BR.PLAN", "Y1")
    assert "2019/20" in f.message and "by £250k" in f.message
    surplus = plan.number("FIN.SURPLUS", "Y1")
    assert surplus is not None and D(f.figures["surplus"]) == surplus
    assert D(f.figures["bridge"]) == surplus + 250


def test_f09_a_gap_of_exactly_1k_either_way_is_within_tolerance() -> None:
    plan = sample_plan()
    for gap in ("1", "-1"):
        shift_bridge(plan, gap)
        assert found(plan, "F09") == []
    shift_bridge(plan, "-1.001")
    assert only(found(plan, "F09")).period == "Y1"


def test_f09_2017_19_checks_the_first_year_only() -> None:
    plan = plan_2017_19()
    shift_bridge(plan, 0)
    assert found(plan, "F09") == []
    other = plan.number("FIN.INC.10", "M24")
    assert other is not None
    plan.apply({("FIN.INC.10", "M24"): other + 5000})  # the 2018/19 surplus moves
    assert found(plan, "F09") == []
    shift_bridge(plan, -400)
    f = only(found(plan, "F09"))
    assert f.period == "Y1" and "2017/18" in f.message and "by £400k" in f.message


@pytest.mark.parametrize("cell", [("FIN.BR.03", "Y1"), ("FIN.INC.01", "M01")])
def test_f09_reports_nothing_when_an_input_is_blank(cell: tuple[str, str]) -> None:
    plan = sample_plan()
    shift_bridge(plan, 250)
    assert found(plan, "F09")
    blank(plan, *cell)
    assert found(plan, "F09") == []


# -- F10 capital funding -----------------------------------------------------------------


def set_capital(plan: Plan, spend: int | str, funding: int | str, year: str = "Y1") -> None:
    plan.apply({(c, year): D(spend) if i == 0 else D(0) for i, c in enumerate(CAPITAL)})
    plan.apply({(c, year): D(funding) if i == 0 else D(0) for i, c in enumerate(FUNDING)})


def test_f10_capital_not_fully_funded() -> None:
    plan = sample_plan()
    assert found(plan, "F10") == []
    set_capital(plan, 20000, 19500)
    f = only(found(plan, "F10"))
    assert (f.rule, f.severity, f.line, f.period) == ("F10", "error", "FIN.CAP.TOT", "Y1")
    assert f.message == (
        "Capital 2019/20 is not matched by its funding: expenditure £20,000k, "
        "funding £19,500k (£500k short of the expenditure, above the £1k tolerance)"
    )
    set_capital(plan, 20000, 20300)
    assert "(£300k more than the expenditure, above the £1k" in only(found(plan, "F10")).message


def test_f10_a_difference_of_exactly_1k_is_within_tolerance() -> None:
    plan = sample_plan()
    for funding in ("19999", "20001"):
        set_capital(plan, 20000, funding)
        assert found(plan, "F10") == []
    set_capital(plan, 20000, "20001.001")
    assert only(found(plan, "F10")).period == "Y1"


def test_f10_2017_19_per_year() -> None:
    plan = plan_2017_19()
    assert found(plan, "F10") == []
    set_capital(plan, 20000, 20000, "Y1")
    set_capital(plan, 15000, 12000, "Y2")
    f = only(found(plan, "F10"))
    assert f.period == "Y2" and "2018/19" in f.message and "£3,000k short" in f.message


@pytest.mark.parametrize("cell", [("FIN.CAP.F03", "Y1"), ("FIN.CAP.02", "Y1")])
def test_f10_reports_nothing_when_an_input_is_blank(cell: tuple[str, str]) -> None:
    plan = sample_plan()
    set_capital(plan, 20000, 19500)
    assert found(plan, "F10")
    blank(plan, *cell)
    assert found(plan, "F10") == []


# -- F11 minimum cash ------------------------------------------------------------------


def flat_cash(plan: Plan, opening: int) -> None:
    """Opening cash ``opening`` and no cash flows in any month: closing cash stays flat."""
    changes: dict[tuple[str, str], Value | None] = {("FIN.CASH.CLOSE", "BASE"): D(opening)}
    changes.update({(c, m): D(0) for c in CASH_FLOWS for m in plan.round.months})
    plan.apply(changes)


def dip(plan: Plan, out: str, back: str, amount: int) -> None:
    """Pay ``amount`` of capital in month ``out`` and receive as much financing in ``back``."""
    plan.apply({("FIN.CASH.02", out): D(amount), ("FIN.CASH.03", back): D(amount)})


def test_f11_closing_cash_below_the_minimum_names_the_months() -> None:
    plan = sample_plan()
    assert found(plan, "F11") == []
    flat_cash(plan, 5000)
    dip(plan, "M07", "M10", 4500)  # Oct-Dec at £500k
    plan.apply({("FIN.CASH.02", "M08"): D(100), ("FIN.CASH.03", "M09"): D(100)})  # Nov £400k
    set_param(plan, "FIN.PAR.CASHMIN", 1000)
    f = only(found(plan, "F11"))
    assert (f.rule, f.severity, f.line, f.period) == ("F11", "warning", "FIN.CASH.CLOSE", "M07")
    assert f.message == (
        "Closing cash 2019/20 is below the minimum cash balance £1,000k in Oct-19, Nov-19 "
        "and Dec-19 (lowest £400k in Nov-19)"
    )


def test_f11_cash_at_the_minimum_passes() -> None:
    plan = sample_plan()
    flat_cash(plan, 5000)
    dip(plan, "M07", "M10", 4500)
    set_param(plan, "FIN.PAR.CASHMIN", 500)
    assert found(plan, "F11") == []
    set_param(plan, "FIN.PAR.CASHMIN", "500.001")
    assert only(found(plan, "F11")).period == "M07"


def test_f11_2017_19_each_year_against_its_own_minimum() -> None:
    plan = plan_2017_19()
    assert found(plan, "F11") == []
    flat_cash(plan, 5000)
    dip(plan, "M19", "M22", 4500)  # Oct-Dec 2018 at £500k
    set_param(plan, "FIN.PAR.CASHMIN", 5000, "Y1")
    set_param(plan, "FIN.PAR.CASHMIN", 1000, "Y2")
    f = only(found(plan, "F11"))
    assert f.period == "M19"
    assert "2018/19" in f.message and "Oct-18, Nov-18 and Dec-18" in f.message
    set_param(plan, "FIN.PAR.CASHMIN", "5000.5", "Y1")
    findings = found(plan, "F11")
    assert [f.period for f in findings] == ["M01", "M19"]
    assert "2017/18" in findings[0].message and "Apr-17" in findings[0].message
    set_param(plan, "FIN.PAR.CASHMIN", 100, "Y2")
    assert [f.period for f in found(plan, "F11")] == ["M01"]


@pytest.mark.parametrize("cell", [("FIN.PAR.CASHMIN", "Y1"), ("FIN.CASH.05", "M02")])
def test_f11_reports_nothing_when_an_input_is_blank(cell: tuple[str, str]) -> None:
    plan = sample_plan()
    flat_cash(plan, 5000)
    dip(plan, "M07", "M10", 4500)
    set_param(plan, "FIN.PAR.CASHMIN", 1000)
    assert found(plan, "F11")
    blank(plan, *cell)
    assert found(plan, "F11") == []


# -- F12 growth of pay, non-pay and income ------------------------------------------------

GROWTH_LINES = {"FIN.PAY.TOT": PAY, "FIN.NPY.TOT": NON_PAY, "FIN.INC.TOT": INCOME}


def set_growth(plan: Plan, before: int, now: dict[str, int | str], year: str = "Y1") -> None:
    """Each total at ``before`` in the prior period and ``now[total]`` in ``year``."""
    for total, codes in GROWTH_LINES.items():
        if year == "Y1":
            set_fot(plan, codes, before)
        else:
            set_lines(plan, codes, before, plan.round.years[0].code)
        set_lines(plan, codes, now.get(total, before), year)


def test_f12_growth_outside_the_band_one_finding_per_line() -> None:
    plan = sample_plan()
    assert found(plan, "F12") == []
    set_growth(plan, 100000, {"FIN.PAY.TOT": 112000, "FIN.INC.TOT": 94000})
    findings = {f.line: f for f in found(plan, "F12")}
    assert set(findings) == {"FIN.PAY.TOT", "FIN.INC.TOT"}
    pay = findings["FIN.PAY.TOT"]
    assert (pay.rule, pay.severity, pay.period, pay.template) == ("F12", "warning", "Y1", "FIN")
    assert pay.message == (
        "Total pay 2019/20 £112,000k is 12% up on FOT 2018/19 £100,000k, "
        "outside the expected growth -5% to +10%"
    )
    assert findings["FIN.INC.TOT"].message.startswith(
        "Total operating income 2019/20 £94,000k is 6% down on FOT 2018/19 £100,000k"
    )


@pytest.mark.parametrize("total", list(GROWTH_LINES))
def test_f12_growth_at_the_band_edges_passes(total: str) -> None:
    plan = sample_plan()
    for edge, beyond in (("110000", "110000.001"), ("95000", "94999.999")):
        set_growth(plan, 100000, {total: edge})
        assert found(plan, "F12") == []
        set_growth(plan, 100000, {total: beyond})
        assert only(found(plan, "F12")).line == total


def test_f12_2017_19_year_2_grows_from_year_1() -> None:
    plan = plan_2017_19()
    assert found(plan, "F12") == []
    set_growth(plan, 100000, {})  # 2017/18 level with the FOT
    set_growth(plan, 100000, {"FIN.NPY.TOT": 111000}, "Y2")
    f = only(found(plan, "F12"))
    assert (f.line, f.period) == ("FIN.NPY.TOT", "Y2")
    assert "Total non-pay 2018/19 £111,000k is 11% up on 2017/18 £100,000k" in f.message


def test_f12_reports_nothing_for_a_line_with_a_blank_input() -> None:
    plan = sample_plan()
    set_growth(plan, 100000, {t: 120000 for t in GROWTH_LINES})
    assert len(found(plan, "F12")) == 3
    blank(plan, "FIN.PAY.02", "FOT")
    blank(plan, "FIN.NPY.05", "M08")
    assert [f.line for f in found(plan, "F12")] == ["FIN.INC.TOT"]
    set_fot(plan, INCOME, 0)  # no prior income: growth undefined
    assert found(plan, "F12") == []
