"""A month whose percentage has an entered zero denominator leaves the other months checked.

checks.md silences a check only when its inputs are blank. Zeros that were entered
(no beds open in a month, no patients on the diagnostics list) make that month's
percentage impossible to compute, not the year's: the other months are still
checked, and the finding says which month could not be computed.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.core.plan import Plan
from tests.core.checks.rule_support import found
from tests.helpers import sample_plan

D = Decimal


def _months(plan: Plan) -> tuple[str, ...]:
    return plan.round.year("Y1").months


def _set(plan: Plan, code: str, values: list[int]) -> None:
    plan.apply({(code, m): D(v) for m, v in zip(_months(plan), values, strict=True)})


def test_a06_beds_all_zero_in_october_leave_june_checked() -> None:
    plan = sample_plan()
    core, escalation, occupied = [90] * 12, [10] * 12, [85] * 12
    occupied[2] = 100  # Jun-19: 100% occupancy
    core[6] = escalation[6] = occupied[6] = 0  # Oct-19: no beds open, none occupied
    _set(plan, "BED.01", core)
    _set(plan, "BED.02", escalation)
    _set(plan, "BED.OCC", occupied)
    assert plan.number("BED.PCT", "M07") is None  # 0 / 0 cannot be computed
    (hit,) = found(plan, "A06")
    assert hit.period == "M03"
    assert "above 92% in Jun-19" in hit.message
    assert "Oct-19 could not be computed" in hit.message
    assert "Total G&A beds open is 0" in hit.message


def test_a06_a_blank_month_still_silences_the_year() -> None:
    plan = sample_plan()
    _set(plan, "BED.01", [90] * 12)
    _set(plan, "BED.02", [10] * 12)
    _set(plan, "BED.OCC", [100] + [85] * 11)
    assert found(plan, "A06")
    plan.apply({("BED.OCC", "M07"): None})
    assert found(plan, "A06") == []


def test_p05_an_empty_diagnostics_list_in_january_leaves_march_checked() -> None:
    plan = sample_plan()
    _set(plan, "E.B.4d", [1000] * 9 + [0, 1000, 1000])
    _set(plan, "E.B.4n", [10] * 9 + [0, 10, 20])  # Mar-20: 2%
    (hit,) = found(plan, "P05")
    assert hit.period == "M12"
    assert "above 1% in Mar-20" in hit.message
    assert "Jan-20 could not be computed" in hit.message
    assert "Diagnostics: total waiting list is 0" in hit.message


def test_p04_no_attendances_in_april_leave_march_checked_against_the_standard() -> None:
    plan = sample_plan()
    _set(plan, "E.B.5d", [0] + [10000] * 11)
    _set(plan, "E.B.5n", [0] + [9400] * 11)  # Mar-20: 94%
    (hit,) = found(plan, "P04")
    assert "is 94%, below the 95% standard" in hit.message
    assert "lower than" not in hit.message
    assert "Apr-19 could not be computed" in hit.message


def test_a_zero_denominator_with_nothing_else_wrong_reports_nothing() -> None:
    plan = sample_plan()
    _set(plan, "E.B.4d", [1000] * 9 + [0, 1000, 1000])
    _set(plan, "E.B.4n", [10] * 9 + [0, 10, 10])
    assert found(plan, "P05") == []
