"""Workforce and triangulation checks (T01-T05): pay, WTE, income and activity together.

The regional team reads the finance, activity and workforce templates side by side:
pay should follow the staff in post and the pay award, income should follow
activity and tariff, and the workforce should not grow far ahead of activity.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .. import measures
from ..measures import to_decimal
from .engine import KINDS_PROVIDER, Context, Finding, finding, rule
from .text import money, pct, pct_against, points, points_against, wte

AREA = "workforce"

_HUNDRED = Decimal(100)
_ADMITTED = ("E.M.10", "E.M.11")  # elective and non-elective spells


def _per_wte(value: Decimal) -> str:
    """A cost per WTE (£000 per WTE) in a sentence, to one decimal: £45.2k."""
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"\u00a3{rounded:,.1f}k"


def _average(ctx: Context, code: str, year: str) -> Fraction | None:
    """The average of a line's monthly values in a year, or None when any is blank."""
    months = ctx.months_of(year)
    total = Fraction(0)
    for month in months:
        value = ctx.num(code, month)
        if value is None:
            return None
        total += Fraction(value)
    return total / len(months)


def _cost_per_wte(ctx: Context, pay_line: str, wte_line: str, year: str) -> Fraction | None:
    """Pay of the year per WTE in post on average over its months (£000 per WTE)."""
    spend = ctx.num(pay_line, year)
    staff = _average(ctx, wte_line, year)
    if spend is None or staff is None or staff == 0:
        return None
    return Fraction(spend) / staff


def _baseline_cost_per_wte(
    ctx: Context, pay_line: str, wte_line: str, year: str
) -> Fraction | None:
    """The cost per WTE a year is compared with: forecast outturn pay per WTE at the
    opening position for the first year, the year before's cost per WTE after it."""
    prior = ctx.prior(year)
    if not ctx.is_first_year(year):
        return _cost_per_wte(ctx, pay_line, wte_line, prior)
    spend = ctx.num(pay_line, prior)
    staff = ctx.num(wte_line, ctx.position_before(year))
    if spend is None or staff is None:
        return None
    return measures.ratio(spend, staff)


def _pay_per_wte_findings(
    ctx: Context, rule_id: str, pay_line: str, wte_line: str, tolerance_name: str, what: str
) -> Iterator[Finding]:
    """T01-T03: the change in pay per WTE against the pay award, within a tolerance."""
    tolerance = ctx.t(tolerance_name)
    for year, label in ctx.years():
        current = _cost_per_wte(ctx, pay_line, wte_line, year)
        before = _baseline_cost_per_wte(ctx, pay_line, wte_line, year)
        award = ctx.num("FIN.PAR.PAYAWARD", year)
        if current is None or before is None or award is None or before == 0:
            continue
        ratio = current / before
        expected = 1 + Fraction(award) / 100
        if abs(ratio - expected) <= Fraction(tolerance):
            continue
        prior = ctx.prior(year)
        since = "at baseline" if ctx.is_first_year(year) else f"in {ctx.label(prior)}"
        change = to_decimal((ratio - 1) * 100)
        band = tolerance * _HUNDRED
        now, then = to_decimal(current), to_decimal(before)
        low, high = award - band, award + band
        bound = high if change > award else low
        # the bound it is outside shown as precisely as the change, so they differ
        low_text = pct_against(low, change) if bound == low else pct(low)
        high_text = pct_against(high, change) if bound == high else pct(high)
        yield finding(
            ctx,
            rule_id,
            wte_line,
            year,
            f"{what} per WTE {label} {_per_wte(now)} against {_per_wte(then)} "
            f"{since}: a change of {pct_against(change, bound)}, outside the expected "
            f"{pct(award)} pay award \u00b1{points(band)} ({low_text} to {high_text})",
            cost_per_wte=now,
            baseline_cost_per_wte=then,
            change_pct=change,
            pay_award_pct=award,
            tolerance=tolerance,
        )


@rule(
    "T01",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.PAY.01", "WF.TOT.SUB", "FIN.PAR.PAYAWARD"),
    thresholds=("pay_per_wte_tolerance_sub",),
)
def substantive_pay_per_wte(ctx: Context) -> Iterator[Finding]:
    """Substantive pay per substantive WTE moves out of line with the pay award: the pay
    bill and the staff in post cannot both be right, or the plan has unfunded (or
    unexplained) changes in grade mix."""
    yield from _pay_per_wte_findings(
        ctx, "T01", "FIN.PAY.01", "WF.TOT.SUB", "pay_per_wte_tolerance_sub", "Substantive pay"
    )


@rule(
    "T02",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.PAY.02", "WF.TOT.BANK", "FIN.PAR.PAYAWARD"),
    thresholds=("pay_per_wte_tolerance_bank",),
)
def bank_pay_per_wte(ctx: Context) -> Iterator[Finding]:
    """Bank pay per bank WTE moves out of line with the pay award: bank spend and bank
    staff numbers do not tell the same story."""
    yield from _pay_per_wte_findings(
        ctx, "T02", "FIN.PAY.02", "WF.TOT.BANK", "pay_per_wte_tolerance_bank", "Bank pay"
    )


@rule(
    "T03",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.PAY.03", "WF.TOT.AGY", "FIN.PAR.PAYAWARD"),
    thresholds=("pay_per_wte_tolerance_agency",),
)
def agency_pay_per_wte(ctx: Context) -> Iterator[Finding]:
    """Agency pay per agency WTE moves out of line with the pay award: agency spend and
    agency staff numbers do not tell the same story (e.g. a cut in agency spend without
    fewer agency staff)."""
    yield from _pay_per_wte_findings(
        ctx, "T03", "FIN.PAY.03", "WF.TOT.AGY", "pay_per_wte_tolerance_agency", "Agency pay"
    )


def _admitted(ctx: Context, period: str) -> Decimal | None:
    """Elective plus non-elective spells in a period (a year or FOT)."""
    elective = ctx.num("E.M.10", period)
    non_elective = ctx.num("E.M.11", period)
    if elective is None or non_elective is None:
        return None
    return elective + non_elective


def _admitted_growth(ctx: Context, year: str) -> Fraction | None:
    """Growth in % of admitted activity (E.M.10 + E.M.11), the year against FOT (or the
    year before); None when blank or when there was none before."""
    now = _admitted(ctx, year)
    before = _admitted(ctx, ctx.prior(year))
    if now is None or before is None:
        return None
    return measures.growth(now, before)


@rule(
    "T04",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.INC.PC", *_ADMITTED),
    thresholds=("tariff_uplift_pct", "tariff_efficiency_pct", "income_activity_gap_pp"),
)
def income_follows_activity(ctx: Context) -> Iterator[Finding]:
    """Patient care income does not follow admitted activity: income growth should be
    about activity growth plus the net tariff uplift (uplift less the efficiency
    factor). A gap means the income or the activity plan is out of line."""
    uplift = ctx.t("tariff_uplift_pct")
    efficiency = ctx.t("tariff_efficiency_pct")
    gap_max = ctx.t("income_activity_gap_pp")
    net_uplift = uplift - efficiency
    for year, label in ctx.years():
        prior = ctx.prior(year)
        income = ctx.num("FIN.INC.PC", year)
        income_before = ctx.num("FIN.INC.PC", prior)
        activity = _admitted_growth(ctx, year)
        if income is None or income_before is None or activity is None:
            continue
        income_growth = measures.growth(income, income_before)
        if income_growth is None:
            continue
        expected = activity + Fraction(net_uplift)
        gap = income_growth - expected
        if abs(gap) <= Fraction(gap_max):
            continue
        direction = "above" if gap > 0 else "below"
        income_pct, activity_pct = to_decimal(income_growth), to_decimal(activity)
        expected_pct, gap_pp = to_decimal(expected), to_decimal(gap)
        yield finding(
            ctx,
            "T04",
            "FIN.INC.PC",
            year,
            f"Patient care income {label} {money(income)} grows {pct(income_pct)} against "
            f"{ctx.label(prior)} ({money(income_before)}), but admitted activity (elective "
            f"and non-elective spells) grows {pct(activity_pct)}, which with the net tariff "
            f"uplift {pct(net_uplift)} ({pct(uplift)} less {pct(efficiency)} efficiency) "
            f"means {pct(expected_pct)}: income growth is "
            f"{points_against(abs(gap_pp), gap_max)} {direction} "
            f"that, more than {points(gap_max)}",
            income_growth_pct=income_pct,
            activity_growth_pct=activity_pct,
            net_uplift_pct=net_uplift,
            expected_pct=expected_pct,
            gap_pp=gap_pp,
        )


@rule(
    "T05",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("WF.TOT", *_ADMITTED),
    thresholds=("wte_activity_gap_pp",),
)
def workforce_follows_activity(ctx: Context) -> Iterator[Finding]:
    """The workforce grows well ahead of admitted activity: total WTE at the end of the
    year against the March before grows more than the allowed gap above the growth of
    elective and non-elective spells, which the plan needs to explain."""
    gap_max = ctx.t("wte_activity_gap_pp")
    for year, label in ctx.years():
        start = ctx.position_before(year)  # the opening position, or the March before
        staff = ctx.num("WF.TOT", year)  # a stock: the year's last month
        staff_before = ctx.num("WF.TOT", start)
        activity = _admitted_growth(ctx, year)
        if staff is None or staff_before is None or activity is None:
            continue
        staff_growth = measures.growth(staff, staff_before)
        if staff_growth is None:
            continue
        gap = staff_growth - activity
        if gap <= Fraction(gap_max):
            continue
        end = ctx.round.year(year).last_month
        wte_pct, activity_pct = to_decimal(staff_growth), to_decimal(activity)
        gap_pp = to_decimal(gap)
        yield finding(
            ctx,
            "T05",
            "WF.TOT",
            year,
            f"Total WTE grows {pct(wte_pct)} from {ctx.label(start)} to {ctx.label(end)} "
            f"({wte(staff_before)} to {wte(staff)}) while admitted activity (elective and "
            f"non-elective spells) grows {pct(activity_pct)} in {label}: "
            f"{points_against(gap_pp, gap_max)} "
            f"above it, more than {points(gap_max)}",
            wte_growth_pct=wte_pct,
            activity_growth_pct=activity_pct,
            gap_pp=gap_pp,
        )
