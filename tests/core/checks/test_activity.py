"""Provider activity and performance checks A01-A06 and P01-P06 (checks.md, ACT)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pytest

from desktop.core.checks import CheckEngine, PlanState, load_rules, run_checks
from desktop.core.checks.activity import (
    GROWTH_LINES,
    activity_growth_findings,
    flat_phasing_findings,
    is_activity_input,
)
from desktop.core.checks.engine import REGISTRY, Context, Finding
from desktop.core.plan import Plan
from tests.core.checks.rule_support import assert_reads_cover, found, lines_read
from tests.helpers import plan_2017_19, sample_plan

D = Decimal
RULES = ("A01", "A02", "A03", "A04", "A05", "A06", "P01", "P02", "P03", "P04", "P05", "P06")


def months(plan: Plan, year: str = "Y1") -> tuple[str, ...]:
    return plan.round.year(year).months


def set_months(plan: Plan, code: str, values: Iterable[int | str | Decimal], year: str = "Y1"):
    """Set the year's months of ``code`` (one value each, in order)."""
    values = list(values)
    assert len(values) == 12
    plan.apply({(code, m): D(v) for m, v in zip(months(plan, year), values, strict=True)})


def set_flat(plan: Plan, code: str, value: int | str, year: str = "Y1") -> None:
    set_months(plan, code, [value] * 12, year)


def days(plan: Plan, year: str = "Y1") -> list[int]:
    return [plan.round.periods[m].days for m in months(plan, year)]


def by_day(plan: Plan, rate: int, year: str = "Y1") -> list[int]:
    """Monthly values of ``rate`` a day."""
    return [rate * d for d in days(plan, year)]


# -- registration, reads, incremental runs ---------------------------------------------


def test_rules_are_registered_as_specified() -> None:
    load_rules()
    for rule_id in RULES:
        item = REGISTRY[rule_id]
        assert item.area == "activity"
        assert item.kinds == ("provider",)
        assert item.severity == ("error" if rule_id == "P01" else "warning")
        assert item.doc
    assert REGISTRY["A02"].per_line


@pytest.mark.parametrize("make", [sample_plan, plan_2017_19])
def test_reads_cover_every_line_read(make) -> None:
    load_rules()
    plan = make()
    for rule_id in RULES:
        item = REGISTRY[rule_id]
        if item.per_line:
            for line in plan.catalogue.lines.values():
                if is_activity_input(line):
                    read = lines_read(item, plan, line)
                    assert read <= {line.code}, (rule_id, line.code, read)
        else:
            assert_reads_cover(item, plan)


def test_a02_applies_to_monthly_activity_inputs_only() -> None:
    lines = sample_plan().catalogue.lines
    chosen = {code for code, line in lines.items() if is_activity_input(line)}
    assert "E.M.7a" in chosen and "E.M.13" in chosen and "E.M.14" in chosen
    assert not {"E.M.7", "E.M.11", "E.M.12", "E.B.5d", "BED.OCC"} & chosen


def ours(findings: list[Finding]) -> list[Finding]:
    return sorted((f for f in findings if f.rule in RULES), key=lambda f: (f.rule, f.key))


def test_incremental_update_matches_full_run() -> None:
    plan = sample_plan()
    engine = CheckEngine(plan)
    engine.run_all()
    edits = [
        {("E.M.8", "M03"): D(20000)},  # A01
        {("E.M.9", "M05"): D(90000)},  # A04
        {("E.M.11a", "M10"): D(10)},  # A03 (via E.M.11)
        {("E.M.12b", "M04"): D(9000)},  # A05 (via E.M.12)
        {("BED.02", "M06"): D(0), ("BED.OCC", "M06"): D(690)},  # A06 (via BED.PCT)
        {("E.B.3a", "M12"): D(45000)},  # P01, P03
        {("E.B.18", "M12"): D(3)},  # P02
        {("E.B.5n", "M12"): D(12900)},  # P04
        {("E.B.4n", "M11"): D(500)},  # P05
        {("E.B.12n", "M02"): D(0)},  # P06
        {("E.M.13", m): D(1000) for m in months(plan)},  # A02
    ]
    for change in edits:
        affected = plan.apply(change)
        after_update = ours(engine.update(affected))
        assert after_update == ours(run_checks(plan)), change
    standing = {f.rule for f in ours(engine.findings())}
    assert standing == set(RULES) - {"P04"}  # March A&E now 99.4%
    plan.apply({("E.B.18", "M12"): D(0)})
    assert "P02" not in {f.rule for f in engine.update({"E.B.18"})}


@pytest.mark.parametrize("make", [sample_plan, plan_2017_19])
def test_sample_plans_have_no_errors_here(make) -> None:
    assert not [f for f in run_checks(make()) if f.rule in RULES and f.severity == "error"]


def test_not_run_for_a_commissioner() -> None:
    plan = sample_plan("commissioner")
    set_flat(plan, "E.M.13", 1000)
    set_flat(plan, "E.M.8", 5000)  # way above FOT: would be an A01 and A02 on ACT
    assert not [f for f in run_checks(plan) if f.rule in RULES]


# -- A01 activity growth -----------------------------------------------------------------


def test_a01_not_on_sample() -> None:
    assert found(sample_plan(), "A01") == []
    assert found(plan_2017_19(), "A01") == []


def test_a01_growth_above_band() -> None:
    plan = sample_plan()
    plan.apply({("E.M.8", "FOT"): D(120000)})
    set_months(plan, "E.M.8", [10700] * 11 + [10701])  # 128,401: 7.0% growth
    (hit,) = found(plan, "A01")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("A01", "warning", "E.M.8", "Y1")
    assert hit.template == "ACT"
    assert "(E.M.8) 2019/20" in hit.message
    assert "128,401 against 120,000 in FOT 2018/19" in hit.message
    assert "growth of 7%" in hit.message
    assert "-2% to 6%" in hit.message


def test_a01_growth_below_band_on_a_calculated_line() -> None:
    plan = sample_plan()
    plan.apply({("E.M.11a", "FOT"): D(20000), ("E.M.11b", "FOT"): D(40000)})  # 60,000
    set_flat(plan, "E.M.11a", 1600)
    set_months(plan, "E.M.11b", [3300] * 11 + [3299])  # 58,799: -2.0017%
    (hit,) = found(plan, "A01")
    assert (hit.line, hit.period) == ("E.M.11", "Y1")
    assert "58,799 against 60,000" in hit.message
    assert "growth of -2.002%" in hit.message  # more decimals where -2.0% would hide it


@pytest.mark.parametrize("total", [127200, 117600])  # +6% and -2% exactly
def test_a01_band_edges_do_not_trigger(total: int) -> None:
    plan = sample_plan()
    plan.apply({("E.M.8", "FOT"): D(120000)})
    set_flat(plan, "E.M.8", total // 12)
    assert found(plan, "A01") == []


def test_a01_2017_19_year_two_grows_from_year_one() -> None:
    plan = plan_2017_19()
    assert found(plan, "A01") == []
    y1 = plan.number("E.M.9", "Y1")
    assert y1 is not None
    set_flat(plan, "E.M.9", 30000, "Y2")  # 360,000
    growth = (D(360000) / y1 - 1) * 100
    assert growth > 6
    (hit,) = found(plan, "A01")
    assert (hit.line, hit.period, hit.severity) == ("E.M.9", "Y2", "warning")
    assert "2018/19" in hit.message and "in 2017/18" in hit.message
    assert "360,000" in hit.message


def test_a01_2017_19_year_one_grows_from_fot() -> None:
    plan = plan_2017_19()
    plan.apply({("E.M.12a", "FOT"): D(50000)})
    periods = {f.period for f in found(plan, "A01") if f.line == "E.M.12"}
    assert periods == {"Y1"}  # Y2 repeats Y1: no growth


def test_a01_blank_input_reports_nothing() -> None:
    plan = sample_plan()
    plan.apply({("E.M.8", "FOT"): D(1000)})
    assert [f.line for f in found(plan, "A01")] == ["E.M.8"]
    plan.apply({("E.M.8", "M05"): None})
    assert found(plan, "A01") == []
    plan.apply({("E.M.8", "M05"): D(1000), ("E.M.8", "FOT"): None})
    assert found(plan, "A01") == []
    plan.apply({("E.M.8", "FOT"): D(0)})  # no growth from zero: nothing, no error
    assert found(plan, "A01") == []


def test_a01_helper_is_reusable_with_another_rule_id() -> None:
    load_rules()
    plan = sample_plan()
    plan.apply({("E.M.10a", "FOT"): D(1)})
    ctx = Context(plan, PlanState())
    hits = list(activity_growth_findings(ctx, "A01", ("E.M.10",)))
    assert [(f.rule, f.line, f.period) for f in hits] == [("A01", "E.M.10", "Y1")]
    assert list(activity_growth_findings(ctx, "A01", ("E.M.8",))) == []
    assert set(GROWTH_LINES) == {"E.M.7", "E.M.8", "E.M.9", "E.M.10", "E.M.11", "E.M.12"}


# -- A02 flat phasing --------------------------------------------------------------------


def test_a02_not_on_sample() -> None:
    assert found(sample_plan(), "A02") == []
    assert found(plan_2017_19(), "A02") == []


def test_a02_flat_monthly_values() -> None:
    plan = sample_plan()
    set_months(plan, "E.M.13", [1000] * 11 + [1009])  # max / min 1.009
    (hit,) = found(plan, "A02")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("A02", "warning", "E.M.13", "Y1")
    assert "Endoscopy" in hit.message and "(E.M.13) 2019/20" in hit.message
    assert "monthly values vary by only 0.9%" in hit.message
    assert "1,000 to 1,009" in hit.message and "less than 1%" in hit.message
    assert "annual/12" in hit.message


def test_a02_flat_daily_rates() -> None:
    plan = sample_plan()
    values = by_day(plan, 40)  # 40 a day every month: annual/365
    values[0] = 1211  # April (30 days): 40.37 a day
    set_months(plan, "E.M.14", values)
    (hit,) = found(plan, "A02")
    assert (hit.line, hit.period) == ("E.M.14", "Y1")
    assert "daily rates" in hit.message and "annual/365" in hit.message
    assert "40.0 to 40.4 a day" in hit.message
    assert "vary by only 0.9%" in hit.message


def test_a02_just_seasonal_enough_does_not_trigger() -> None:
    plan = sample_plan()
    set_months(plan, "E.M.13", [1000] * 11 + [1010])  # max / min = 1.01 exactly
    values = by_day(plan, 40)
    values[0] = 1212  # April: 40.4 a day, max / min = 1.01 exactly
    set_months(plan, "E.M.14", values)
    assert found(plan, "A02") == []


def test_a02_2017_19_each_year() -> None:
    plan = plan_2017_19()
    set_flat(plan, "E.M.7a", 2000, "Y2")
    hits = found(plan, "A02")
    assert [(f.line, f.period) for f in hits] == [("E.M.7a", "Y2")]
    assert "2018/19" in hits[0].message
    set_months(plan, "E.M.7b", by_day(plan, 10, "Y1"), "Y1")
    assert {(f.line, f.period) for f in found(plan, "A02")} == {
        ("E.M.7a", "Y2"),
        ("E.M.7b", "Y1"),
    }


def test_a02_blank_or_zero_reports_nothing() -> None:
    plan = sample_plan()
    set_flat(plan, "E.M.13", 1000)
    assert len(found(plan, "A02")) == 1
    plan.apply({("E.M.13", "M07"): None})
    assert found(plan, "A02") == []
    set_flat(plan, "E.M.13", 0)  # nothing planned: not a phasing question
    assert found(plan, "A02") == []


def test_a02_helper_is_reusable() -> None:
    load_rules()
    plan = sample_plan()
    set_flat(plan, "E.M.10b", 500)
    ctx = Context(plan, PlanState())
    hits = list(flat_phasing_findings(ctx, "A02", plan.line("E.M.10b")))
    assert [(f.rule, f.line, f.period) for f in hits] == [("A02", "E.M.10b", "Y1")]


# -- A03 winter ------------------------------------------------------------------------


def set_non_elective(plan: Plan, winter_rate: int, summer_rate: int, year: str = "Y1") -> None:
    """E.M.11 at ``summer_rate`` a day all year except December-February."""
    values = by_day(plan, summer_rate, year)
    for i in (8, 9, 10):
        values[i] = winter_rate * days(plan, year)[i]
    set_flat(plan, "E.M.11a", 0, year)
    set_months(plan, "E.M.11b", values, year)


def test_a03_not_on_sample() -> None:
    assert found(sample_plan(), "A03") == []
    assert found(plan_2017_19(), "A03") == []


def test_a03_winter_lower_than_summer() -> None:
    plan = sample_plan()
    set_non_elective(plan, 99, 100)
    (hit,) = found(plan, "A03")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("A03", "warning", "E.M.11", "Y1")
    assert "winter (Dec-19 to Feb-20) averages 99.0 a day" in hit.message
    assert "summer (Jun-19 to Aug-19) at 100.0 a day" in hit.message


def test_a03_uses_daily_rates_not_monthly_totals() -> None:
    plan = sample_plan()
    # 100 a day all year: winter's three months (91 days) total 9,100, summer's (92
    # days) 9,200; the daily rates are the same, so winter is not lower.
    set_non_elective(plan, 100, 100)
    assert sum(plan.number("E.M.11", m) or 0 for m in ("M09", "M10", "M11")) == 9100
    assert sum(plan.number("E.M.11", m) or 0 for m in ("M03", "M04", "M05")) == 9200
    assert found(plan, "A03") == []
    # 3,000 every month: winter 96.8, 96.8, 103.4 a day; summer 100, 96.8, 96.8.
    set_flat(plan, "E.M.11b", 3000)
    assert found(plan, "A03") == []
    plan.apply({("E.M.11b", "M11"): D(2800)})  # February 96.6 a day: winter now lower
    assert len(found(plan, "A03")) == 1


def test_a03_equal_means_do_not_trigger() -> None:
    plan = sample_plan()
    # Equal means made of different months: 101 + 99 + 100 against 100 a day.
    values = by_day(plan, 100)
    values[8], values[9] = 101 * 31, 99 * 31
    set_months(plan, "E.M.11b", values)
    assert found(plan, "A03") == []


def test_a03_2017_19_year_two() -> None:
    plan = plan_2017_19()
    set_non_elective(plan, 90, 100, "Y2")
    (hit,) = found(plan, "A03")
    assert hit.period == "Y2"
    assert "2018/19" in hit.message and "Dec-18 to Feb-19" in hit.message


def test_a03_blank_reports_nothing() -> None:
    plan = sample_plan()
    set_non_elective(plan, 90, 100)
    assert len(found(plan, "A03")) == 1
    plan.apply({("E.M.11a", "M10"): None})
    assert found(plan, "A03") == []


# -- A04 follow-up ratio ---------------------------------------------------------------


def set_outpatients(plan: Plan, follow_up_m01: int) -> None:
    """FOT ratio 2.0 (240,000 / 120,000); the year 2.2 plus whatever M01 adds."""
    plan.apply({("E.M.8", "FOT"): D(120000), ("E.M.9", "FOT"): D(240000)})
    set_flat(plan, "E.M.8", 10000)
    set_months(plan, "E.M.9", [follow_up_m01] + [22000] * 11)


def test_a04_not_on_sample() -> None:
    assert found(sample_plan(), "A04") == []
    assert found(plan_2017_19(), "A04") == []


def test_a04_ratio_rises_more_than_ten_percent() -> None:
    plan = sample_plan()
    set_outpatients(plan, 22012)  # ratio 2.2001: +10.005%
    (hit,) = found(plan, "A04")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("A04", "warning", "E.M.9", "Y1")
    assert "2019/20 is 2.20 follow-ups per first attendance" in hit.message
    assert "against 2.00 in FOT 2018/19" in hit.message
    assert "a rise of 10.01%, more than 10%" in hit.message


def test_a04_ten_percent_exactly_does_not_trigger() -> None:
    plan = sample_plan()
    set_outpatients(plan, 22000)  # ratio 2.2: +10.0% exactly
    assert found(plan, "A04") == []


def test_a04_2017_19_year_two_against_year_one() -> None:
    plan = plan_2017_19()
    set_flat(plan, "E.M.8", 10000, "Y1")
    set_flat(plan, "E.M.9", 20000, "Y1")  # 2.0, below the sample's FOT ratio
    set_flat(plan, "E.M.8", 10000, "Y2")
    set_flat(plan, "E.M.9", 22000, "Y2")  # 2.2: +10% exactly
    assert found(plan, "A04") == []
    plan.apply({("E.M.9", "M13"): D(22012)})
    (hit,) = found(plan, "A04")
    assert hit.period == "Y2"
    assert "2018/19 is 2.20" in hit.message and "against 2.00 in 2017/18" in hit.message


def test_a04_blank_or_zero_reports_nothing() -> None:
    plan = sample_plan()
    set_outpatients(plan, 30000)
    assert len(found(plan, "A04")) == 1
    plan.apply({("E.M.9", "FOT"): None})
    assert found(plan, "A04") == []
    plan.apply({("E.M.9", "FOT"): D(240000), ("E.M.8", "M04"): None})
    assert found(plan, "A04") == []
    plan.apply({("E.M.8", "M04"): D(10000), ("E.M.8", "FOT"): D(0)})
    assert found(plan, "A04") == []


# -- A05 A&E measures ------------------------------------------------------------------


def set_ae(plan: Plan, measured: list[int], year: str = "Y1") -> None:
    """Total A&E 10,000 a month (E.M.12a + E.M.12b); E.B.5d as given."""
    set_flat(plan, "E.M.12a", 8000, year)
    set_flat(plan, "E.M.12b", 2000, year)
    set_months(plan, "E.B.5d", measured, year)
    set_months(plan, "E.B.5n", [min(m, 9600) for m in measured], year)


def test_a05_not_on_sample() -> None:
    assert found(sample_plan(), "A05") == []
    assert found(plan_2017_19(), "A05") == []


def test_a05_months_differing_more_than_two_percent() -> None:
    plan = sample_plan()
    measured = [10000] * 12
    measured[2], measured[4] = 10201, 9799  # Jun +2.01%, Aug -2.01%
    set_ae(plan, measured)
    (hit,) = found(plan, "A05")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("A05", "warning", "E.B.5d", "M03")
    assert "(E.B.5d) 2019/20 differ from" in hit.message and "(E.M.12)" in hit.message
    assert "more than 2% in Jun-19 and Aug-19 (e.g." in hit.message
    assert "Jun-19: 10,201 against 10,000, a difference of 2.01%" in hit.message


def test_a05_two_percent_exactly_does_not_trigger() -> None:
    plan = sample_plan()
    set_ae(plan, [10200] * 6 + [9800] * 6)
    assert found(plan, "A05") == []


def test_a05_2017_19_year_two() -> None:
    plan = plan_2017_19()
    set_ae(plan, [10000] * 11 + [11000], "Y2")
    (hit,) = found(plan, "A05")
    assert (hit.period, "Mar-19" in hit.message) == ("M24", True)


def test_a05_blank_reports_nothing() -> None:
    plan = sample_plan()
    set_ae(plan, [11000] * 12)
    assert len(found(plan, "A05")) == 1
    plan.apply({("E.M.12b", "M06"): None})
    assert found(plan, "A05") == []


# -- A06 bed occupancy -----------------------------------------------------------------


def set_beds(plan: Plan, occupied: list[int], year: str = "Y1") -> None:
    """100 G&A beds open each month (core 90, escalation 10); occupied as given."""
    set_flat(plan, "BED.01", 90, year)
    set_flat(plan, "BED.02", 10, year)
    set_months(plan, "BED.OCC", occupied, year)


def test_a06_sample_warning_and_boundary() -> None:
    # The sample's deliberate warning (winter occupancy) may stand: warnings only.
    assert all(f.severity == "warning" for f in found(sample_plan(), "A06"))
    plan = sample_plan()
    set_beds(plan, [92] * 12)  # 92% exactly
    assert found(plan, "A06") == []


def test_a06_months_above_ninety_two_percent() -> None:
    plan = sample_plan()
    occupied = [85] * 12
    occupied[8], occupied[10] = 93, 95
    set_beds(plan, occupied)
    (hit,) = found(plan, "A06")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("A06", "warning", "BED.PCT", "M09")
    assert "(BED.PCT) 2019/20 is above 92% in Dec-19 and Feb-20" in hit.message
    assert "highest 95% in Feb-20" in hit.message


def test_a06_just_above_shows_the_decimals() -> None:
    plan = sample_plan()
    set_flat(plan, "BED.01", 900)
    set_flat(plan, "BED.02", 100)
    set_months(plan, "BED.OCC", [850] * 11 + [921])
    (hit,) = found(plan, "A06")
    assert hit.period == "M12" and "highest 92.1% in Mar-20" in hit.message


def test_a06_2017_19_each_year() -> None:
    plan = plan_2017_19()
    set_beds(plan, [90] * 12, "Y1")
    set_beds(plan, [90] * 12, "Y2")
    assert found(plan, "A06") == []
    set_beds(plan, [90] * 3 + [93] + [90] * 8, "Y2")
    (hit,) = found(plan, "A06")
    assert (hit.period, "2018/19" in hit.message, "Jul-18" in hit.message) == ("M16", True, True)


def test_a06_blank_reports_nothing() -> None:
    plan = sample_plan()
    set_beds(plan, [95] * 12)
    assert len(found(plan, "A06")) == 1
    plan.apply({("BED.OCC", "M01"): None})
    assert found(plan, "A06") == []


# -- P01 RTT waiting list --------------------------------------------------------------


def test_p01_not_on_samples() -> None:
    assert found(sample_plan(), "P01") == []
    assert found(plan_2017_19(), "P01") == []


def test_p01_2019_20_list_grows_is_an_error() -> None:
    plan = sample_plan()
    plan.apply({("E.B.3a", "BASE"): D(40000), ("E.B.3a", "M12"): D(40000)})
    assert found(plan, "P01") == []  # equal: not higher
    plan.apply({("E.B.3a", "M12"): D(40001)})
    (hit,) = found(plan, "P01")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("P01", "error", "E.B.3a", "Y1")
    assert "at the end of 2019/20 (Mar-20) 40,001" in hit.message
    assert "higher than at Mar-19 40,000, up 1" in hit.message


def test_p01_2017_19_warning_then_error() -> None:
    plan = plan_2017_19()
    plan.apply(
        {("E.B.3a", "BASE"): D(40000), ("E.B.3a", "M12"): D(41000), ("E.B.3a", "M24"): D(42000)}
    )
    hits = {f.period: f for f in found(plan, "P01")}
    assert hits["Y1"].severity == "warning"
    assert "(Mar-18) 41,000" in hits["Y1"].message and "Mar-17 40,000" in hits["Y1"].message
    assert hits["Y2"].severity == "error"
    assert "(Mar-19) 42,000" in hits["Y2"].message and "Mar-18 41,000" in hits["Y2"].message


def test_p01_2017_19_year_two_compares_with_year_one_march() -> None:
    plan = plan_2017_19()
    plan.apply(
        {("E.B.3a", "BASE"): D(40000), ("E.B.3a", "M12"): D(41000), ("E.B.3a", "M24"): D(40500)}
    )
    assert [f.period for f in found(plan, "P01")] == ["Y1"]  # M24 is below M12


def test_p01_blank_reports_nothing() -> None:
    plan = sample_plan()
    plan.apply({("E.B.3a", "M12"): D(50000)})
    assert len(found(plan, "P01")) == 1
    plan.apply({("E.B.3a", "BASE"): None})
    assert found(plan, "P01") == []


# -- P02 52-week waiters ---------------------------------------------------------------


def test_p02_not_on_samples() -> None:
    assert found(sample_plan(), "P02") == []
    assert found(plan_2017_19(), "P02") == []


def test_p02_2019_20_any_waiter_at_year_end() -> None:
    plan = sample_plan()
    plan.apply({("E.B.18", "BASE"): D(40), ("E.B.18", "M12"): D(0)})
    assert found(plan, "P02") == []
    plan.apply({("E.B.18", "M12"): D(1)})
    (hit,) = found(plan, "P02")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("P02", "warning", "E.B.18", "Y1")
    assert "(E.B.18) at the end of 2019/20 (Mar-20): 1, above zero" in hit.message


def test_p02_2017_19_half_the_march_before() -> None:
    plan = plan_2017_19()
    plan.apply({("E.B.18", "BASE"): D(300), ("E.B.18", "M12"): D(150), ("E.B.18", "M24"): D(75)})
    assert found(plan, "P02") == []  # exactly half, each year
    plan.apply({("E.B.18", "M12"): D(151), ("E.B.18", "M24"): D(76)})
    hits = {f.period: f for f in found(plan, "P02")}
    assert set(hits) == {"Y1", "Y2"}
    assert "(Mar-18): 151, above 50% of the 300 at Mar-17 (150)" in hits["Y1"].message
    # Y2: M24 76 against half of M12 151 = 75.5
    assert "(Mar-19): 76, above 50% of the 151 at Mar-18 (75.5)" in hits["Y2"].message
    assert hits["Y2"].severity == "warning"


def test_p02_blank_reports_nothing() -> None:
    plan = sample_plan()
    plan.apply({("E.B.18", "M12"): D(5)})
    assert len(found(plan, "P02")) == 1
    plan.apply({("E.B.18", "M12"): None})
    assert found(plan, "P02") == []
    plan = plan_2017_19()
    plan.apply({("E.B.18", "M12"): D(500), ("E.B.18", "M24"): D(400), ("E.B.18", "BASE"): None})
    assert [f.period for f in found(plan, "P02")] == ["Y2"]  # Y1 cannot be judged


# -- P03 RTT 18 weeks ------------------------------------------------------------------


def test_p03_sample_warning_and_boundary() -> None:
    assert all(f.severity == "warning" for f in found(sample_plan(), "P03"))
    plan = sample_plan()
    plan.apply({("E.B.3a", "M12"): D(40000), ("E.B.3n", "M12"): D(36800)})  # 92.0%
    assert found(plan, "P03") == []


def test_p03_below_standard() -> None:
    plan = sample_plan()
    plan.apply({("E.B.3a", "M12"): D(40000), ("E.B.3n", "M12"): D(36799)})  # 91.9975%
    (hit,) = found(plan, "P03")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("P03", "warning", "E.B.3", "Y1")
    assert "at the end of 2019/20 (Mar-20) is 91.998%, below the 92% standard" in hit.message


def test_p03_2017_19_each_year() -> None:
    plan = plan_2017_19()
    plan.apply({("E.B.3a", "M12"): D(1000), ("E.B.3n", "M12"): D(950)})
    plan.apply({("E.B.3a", "M24"): D(1000), ("E.B.3n", "M24"): D(900)})
    (hit,) = found(plan, "P03")
    assert hit.period == "Y2" and "2018/19 (Mar-19) is 90%" in hit.message


def test_p03_blank_reports_nothing() -> None:
    plan = sample_plan()
    plan.apply({("E.B.3n", "M12"): None})
    assert found(plan, "P03") == []


# -- P04 A&E 4 hours -------------------------------------------------------------------


def set_four_hours(plan: Plan, within: list[int], year: str = "Y1") -> None:
    """10,000 attendances a month in the measure; ``within`` seen in 4 hours."""
    set_flat(plan, "E.B.5d", 10000, year)
    set_months(plan, "E.B.5n", within, year)


def test_p04_sample_warning_and_boundary() -> None:
    assert all(f.severity == "warning" for f in found(sample_plan(), "P04"))
    plan = sample_plan()
    set_four_hours(plan, [9500] * 12)  # 95% in March, as in April
    assert found(plan, "P04") == []
    set_four_hours(plan, [9600] + [9000] * 10 + [9700])  # above April, above 95%
    assert found(plan, "P04") == []


def test_p04_march_below_standard() -> None:
    plan = sample_plan()
    set_four_hours(plan, [9000] * 11 + [9499])  # March 94.99%, above April's 90%
    (hit,) = found(plan, "P04")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("P04", "warning", "E.B.5", "Y1")
    assert "(E.B.5) at the end of 2019/20 (Mar-20) is 94.99%, below the 95% standard" in (
        hit.message
    )
    assert "lower than" not in hit.message


def test_p04_march_lower_than_first_month() -> None:
    plan = sample_plan()
    set_four_hours(plan, [9800] + [9700] * 11)
    (hit,) = found(plan, "P04")
    assert "(Mar-20) is 97%, lower than in Apr-19 (98%)" in hit.message
    assert "standard" not in hit.message
    set_four_hours(plan, [9600] + [9700] * 10 + [9400])
    (hit,) = found(plan, "P04")
    assert "is 94%, below the 95% standard and lower than in Apr-19 (96%)" in hit.message


def test_p04_2017_19_year_two_starts_in_april_2018() -> None:
    plan = plan_2017_19()
    set_four_hours(plan, [9600] * 12, "Y1")
    set_four_hours(plan, [9900] + [9600] * 11, "Y2")
    (hit,) = found(plan, "P04")
    assert hit.period == "Y2" and "(Mar-19) is 96%, lower than in Apr-18 (99%)" in (hit.message)


def test_p04_blank_reports_nothing() -> None:
    plan = sample_plan()
    plan.apply({("E.B.5n", "M01"): None})
    assert found(plan, "P04") == []


# -- P05 diagnostics -------------------------------------------------------------------


def set_diagnostics(plan: Plan, waiting: list[int], year: str = "Y1") -> None:
    """1,000 on the diagnostics list each month; ``waiting`` 6 weeks or more."""
    set_flat(plan, "E.B.4d", 1000, year)
    set_months(plan, "E.B.4n", waiting, year)


def test_p05_not_on_sample_and_boundary() -> None:
    assert found(sample_plan(), "P05") == []
    assert found(plan_2017_19(), "P05") == []
    plan = sample_plan()
    set_diagnostics(plan, [50] * 9 + [10] * 3)  # 1% exactly in the last quarter
    assert found(plan, "P05") == []


def test_p05_last_quarter_above_one_percent() -> None:
    plan = sample_plan()
    set_diagnostics(plan, [10] * 10 + [11, 12])
    (hit,) = found(plan, "P05")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("P05", "warning", "E.B.4", "M11")
    assert "(E.B.4) 2019/20 is above 1% in Feb-20 and Mar-20" in hit.message
    assert "highest 1.2% in Mar-20" in hit.message


def test_p05_2017_19_year_two() -> None:
    plan = plan_2017_19()
    set_diagnostics(plan, [10] * 12, "Y1")
    set_diagnostics(plan, [10] * 9 + [20, 10, 10], "Y2")
    (hit,) = found(plan, "P05")
    assert (hit.period, "Jan-19" in hit.message) == ("M22", True)


def test_p05_blank_reports_nothing() -> None:
    plan = sample_plan()
    set_diagnostics(plan, [50] * 12)
    assert len(found(plan, "P05")) == 1
    plan.apply({("E.B.4d", "M12"): None})
    assert found(plan, "P05") == []


# -- P06 cancer ------------------------------------------------------------------------

CANCER = [("E.B.6", 93, "2-week wait"), ("E.B.8", 96, "31-day"), ("E.B.12", 85, "62-day")]


@pytest.mark.parametrize(("code", "standard", "name"), CANCER)
def test_p06_each_standard(code: str, standard: int, name: str) -> None:
    assert found(sample_plan(), "P06") == []
    plan = sample_plan()
    set_flat(plan, f"{code}d", 100)
    set_flat(plan, f"{code}n", standard)  # the standard exactly
    assert found(plan, "P06") == []
    set_months(plan, f"{code}n", [standard - 1] + [standard] * 11)
    (hit,) = found(plan, "P06")
    assert (hit.rule, hit.severity, hit.line, hit.period) == ("P06", "warning", code, "Y1")
    shown = f"{(D(standard * 12 - 1) * 100 / 1200).quantize(D('0.1'))}%"
    assert f"Cancer {name} performance ({code}) 2019/20 is {shown}" in hit.message
    assert f"below the {standard}% standard" in hit.message


def test_p06_one_finding_per_line_and_year() -> None:
    plan = plan_2017_19()
    assert found(plan, "P06") == []
    for code, standard, _ in CANCER:
        set_flat(plan, f"{code}d", 100, "Y2")
        set_flat(plan, f"{code}n", standard - 5, "Y2")
    hits = found(plan, "P06")
    assert sorted((f.line, f.period) for f in hits) == [
        ("E.B.12", "Y2"),
        ("E.B.6", "Y2"),
        ("E.B.8", "Y2"),
    ]
    assert all("2018/19" in f.message for f in hits)


def test_p06_blank_reports_nothing() -> None:
    plan = sample_plan()
    set_flat(plan, "E.B.8d", 100)
    set_flat(plan, "E.B.8n", 50)
    assert len(found(plan, "P06")) == 1
    plan.apply({("E.B.8n", "M06"): None})
    assert found(plan, "P06") == []
