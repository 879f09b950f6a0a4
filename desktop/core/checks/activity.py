"""Provider activity and performance checks (A01-A06, P01-P06).

The regional team looks for activity that grows within the planning band, is phased
with the seasons and matches across measures, and for performance that recovers
towards the constitutional standards: RTT, 52-week waiters, A&E 4 hours,
diagnostics and cancer. Every figure compared with a standard is a round threshold.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .. import measures
from ..catalogue import Line
from .engine import KINDS_PROVIDER, Context, Finding, finding, line_rule, rule
from .text import count, listing, pct, pct_against

AREA = "activity"

_HUNDRED = Decimal(100)

#: The activity lines whose growth A01 bands (referrals, outpatients, spells, A&E).
GROWTH_LINES = ("E.M.7", "E.M.8", "E.M.9", "E.M.10", "E.M.11", "E.M.12")
#: The planning band of A01 and C09.
GROWTH_BAND = ("activity_growth_min_pct", "activity_growth_max_pct")

_FIRST_OP = "E.M.8"  # consultant-led first outpatient attendances
_FOLLOW_UP = "E.M.9"  # consultant-led follow-up outpatient attendances
_NON_ELECTIVE = "E.M.11"
_AE_TOTAL = "E.M.12"
_AE_MEASURE = "E.B.5d"
_BED_OCCUPANCY = "BED.PCT"
_RTT_LIST = "E.B.3a"
_RTT_PCT = "E.B.3"
_WW52 = "E.B.18"
_AE_PCT = "E.B.5"
_DIAGNOSTICS = "E.B.4"
#: Cancer standards of P06: line and the threshold naming its standard.
_CANCER = (
    ("E.B.6", "cancer_2ww_pct", "2-week wait"),
    ("E.B.8", "cancer_31d_pct", "31-day"),
    ("E.B.12", "cancer_62d_pct", "62-day"),
)

# Months of a plan year (April first) by position: June-August and December-February.
_SUMMER = slice(2, 5)
_WINTER = slice(8, 11)


# -- shared helpers --------------------------------------------------------------------


def _rate(value: Decimal) -> str:
    """A daily rate in a sentence, to one decimal: 1,234.5."""
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,}"


def _figure(value: Decimal) -> str:
    """A number of patients that may be fractional (half of 151): 75.5; 150."""
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{rounded:,.0f}"
    return f"{rounded:,}"


def _ratio(value: Decimal) -> str:
    """A ratio in a sentence, to two decimals: 1.85."""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def _named(ctx: Context, code: str) -> str:
    """A line as a user reads it: its label and code."""
    return f"{ctx.lines[code].label} ({code})"


def _monthly(ctx: Context, code: str, months: Iterable[str]) -> list[Decimal] | None:
    """The line's values in ``months``, or None when any is blank."""
    values = [ctx.num(code, month) for month in months]
    if any(value is None for value in values):
        return None
    return [value for value in values if value is not None]


def _monthly_rates(
    ctx: Context, code: str, months: Iterable[str]
) -> tuple[list[tuple[str, Decimal]], list[tuple[str, str]]] | None:
    """A percentage line's value in each month that has one, and the months whose
    figures are entered but give no percentage (a denominator of 0), with why.

    None when a month is blank: the check then reports nothing (G01 lists the gaps).
    """
    values: list[tuple[str, Decimal]] = []
    not_computed: list[tuple[str, str]] = []
    for month in months:
        value = ctx.num(code, month)
        if value is not None:
            values.append((month, value))
            continue
        why = ctx.zero_denominator(code, month)
        if why is None:
            return None
        not_computed.append((month, why))
    return values, not_computed


def _not_computed_text(ctx: Context, not_computed: list[tuple[str, str]]) -> str:
    """ "; Oct-19 could not be computed (Total G&A beds open is 0)", or nothing."""
    if not not_computed:
        return ""
    months = _months_text(ctx, (month for month, _ in not_computed))
    reasons = listing(dict.fromkeys(why for _, why in not_computed))
    return f"; {months} could not be computed ({reasons})"


def _days(ctx: Context, month: str) -> int:
    return ctx.round.periods[month].days


def _months_text(ctx: Context, months: Iterable[str]) -> str:
    return listing(ctx.label(month) for month in months)


# -- A01 (and C09) ---------------------------------------------------------------------


def activity_growth_findings(ctx: Context, rule_id: str, codes: Iterable[str]) -> Iterator[Finding]:
    """Growth of each activity line in ``codes``, plan year against FOT (Y2 against Y1),
    outside the band activity_growth_min_pct ... activity_growth_max_pct: one finding per
    line and year, reported as ``rule_id`` (A01 for a trust, C09 for a CCG)."""
    low, high = (ctx.t(name) for name in GROWTH_BAND)
    for code in codes:
        for year, label in ctx.years():
            prior = ctx.prior(year)
            now, before = ctx.num(code, year), ctx.num(code, prior)
            if now is None or before is None or before <= 0:
                continue
            change = measures.growth(now, before)
            assert change is not None  # before is positive
            if Fraction(low) <= change <= Fraction(high):
                continue
            shown = pct_against(change, high if change > high else low)
            yield finding(
                ctx,
                rule_id,
                code,
                year,
                f"{_named(ctx, code)} {label}: {count(now)} against {count(before)} in "
                f"{ctx.label(prior)}, growth of {shown}, outside the planning band "
                f"{pct(low)} to {pct(high)}",
                value=now,
                prior=before,
                growth=measures.to_decimal(change),
                band_min=low,
                band_max=high,
            )


@rule("A01", "warning", AREA, kinds=KINDS_PROVIDER, reads=GROWTH_LINES, thresholds=GROWTH_BAND)
def activity_growth(ctx: Context) -> Iterator[Finding]:
    """Activity growth against FOT outside the planning band (-2% ... +6%) for referrals,
    first and follow-up outpatients, elective and non-elective spells and A&E. Growth
    outside the band needs an explanation (demand, capacity, pathway changes)."""
    yield from activity_growth_findings(ctx, "A01", GROWTH_LINES)


# -- A02 -------------------------------------------------------------------------------


def is_activity_input(line: Line) -> bool:
    """A monthly activity input line (E.M.*): the lines A02 looks at."""
    return line.code.startswith("E.M.") and line.kind == "input" and line.is_monthly


def _spread(high: Decimal, low: Decimal) -> Fraction:
    """How far the highest is above the lowest, in percent (low is positive)."""
    spread = measures.growth(high, low)
    assert spread is not None
    return spread


def flat_phasing_findings(ctx: Context, rule_id: str, line: Line) -> Iterator[Finding]:
    """Per plan year: the line's monthly values, or its daily rates (month value / days
    in the month), vary by less than flat_phasing_ratio (max / min): a flat annual/12
    or annual/365 phasing. Reported as ``rule_id``; nothing when a month is blank or 0."""
    limit = ctx.t("flat_phasing_ratio")
    spread_limit = (limit - 1) * _HUNDRED
    band = pct(spread_limit)
    for year, label in ctx.years():
        months = ctx.months_of(year)
        values = _monthly(ctx, line.code, months)
        if values is None or min(values) <= 0:
            continue
        low, high = min(values), max(values)
        if high < limit * low:
            spread = pct_against(_spread(high, low), spread_limit)
            yield finding(
                ctx,
                rule_id,
                line.code,
                year,
                f"{_named(ctx, line.code)} {label} looks phased flat: its monthly values vary "
                f"by only {spread} across the year ({count(low)} to "
                f"{count(high)}), less than {band}; an annual/12 phasing ignores seasonality",
                minimum=low,
                maximum=high,
                ratio_limit=limit,
            )
            continue
        days = [_days(ctx, month) for month in months]
        if min(days) <= 0:
            continue
        rates = [value / day for value, day in zip(values, days, strict=True)]
        top = max(range(len(rates)), key=rates.__getitem__)
        bottom = min(range(len(rates)), key=rates.__getitem__)
        # max rate / min rate < limit, exactly: v_top * d_bottom < limit * v_bottom * d_top
        if values[top] * days[bottom] < limit * values[bottom] * days[top]:
            yield finding(
                ctx,
                rule_id,
                line.code,
                year,
                f"{_named(ctx, line.code)} {label} looks phased flat: its daily rates (month "
                f"/ days in the month) vary by only "
                f"{pct_against(_spread(rates[top], rates[bottom]), spread_limit)} "
                f"across the year ({_rate(rates[bottom])} to {_rate(rates[top])} a day), less "
                f"than {band}; an annual/365 phasing ignores seasonality",
                minimum_rate=rates[bottom],
                maximum_rate=rates[top],
                ratio_limit=limit,
            )


@line_rule(
    "A02",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    applies=is_activity_input,
    thresholds=("flat_phasing_ratio",),
)
def flat_phasing(ctx: Context, line: Line) -> Iterator[Finding]:
    """Flat phasing: a monthly activity line whose months, or daily rates, vary by less
    than 1% across the year. Dividing the annual plan by 12 or by 365 ignores
    seasonality, so the monthly plan cannot be used to track delivery."""
    yield from flat_phasing_findings(ctx, "A02", line)


# -- A03 -------------------------------------------------------------------------------


@rule("A03", "warning", AREA, kinds=KINDS_PROVIDER, reads=(_NON_ELECTIVE,))
def winter_not_reflected(ctx: Context) -> Iterator[Finding]:
    """Winter not reflected: non-elective spells per day in December-February lower, on
    average, than in June-August. Emergency admissions peak in winter; a plan without
    that peak understates the beds and staff winter needs."""
    for year, label in ctx.years():
        months = ctx.months_of(year)
        winter, summer = months[_WINTER], months[_SUMMER]
        winter_values = _monthly(ctx, _NON_ELECTIVE, winter)
        summer_values = _monthly(ctx, _NON_ELECTIVE, summer)
        if winter_values is None or summer_values is None:
            continue
        winter_days = [_days(ctx, m) for m in winter]
        summer_days = [_days(ctx, m) for m in summer]
        if min(winter_days + summer_days) <= 0:
            continue
        # Compare the sums of the daily rates exactly: scale every rate by a common
        # multiple of the month lengths (both means are over three months).
        common = math.lcm(*winter_days, *summer_days)
        winter_sum = sum(
            (v * (common // d) for v, d in zip(winter_values, winter_days, strict=True)),
            Decimal(0),
        )
        summer_sum = sum(
            (v * (common // d) for v, d in zip(summer_values, summer_days, strict=True)),
            Decimal(0),
        )
        if winter_sum >= summer_sum:
            continue
        winter_mean = winter_sum / (common * len(winter))
        summer_mean = summer_sum / (common * len(summer))
        yield finding(
            ctx,
            "A03",
            _NON_ELECTIVE,
            year,
            f"{_named(ctx, _NON_ELECTIVE)} {label}: winter ({ctx.label(winter[0])} to "
            f"{ctx.label(winter[-1])}) averages {_rate(winter_mean)} a day, lower than summer "
            f"({ctx.label(summer[0])} to {ctx.label(summer[-1])}) at {_rate(summer_mean)} a "
            f"day; the winter peak in emergency admissions is not reflected",
            winter_rate=winter_mean,
            summer_rate=summer_mean,
        )


# -- A04 -------------------------------------------------------------------------------


@rule(
    "A04",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=(_FIRST_OP, _FOLLOW_UP),
    thresholds=("followup_ratio_rise_pct",),
)
def follow_up_ratio(ctx: Context) -> Iterator[Finding]:
    """Outpatient follow-up ratio (follow-ups per first attendance) rising by more than
    10% against FOT: the plan should reduce avoidable follow-ups, not add them."""
    limit = ctx.t("followup_ratio_rise_pct")
    for year, label in ctx.years():
        prior = ctx.prior(year)
        firsts, follow_ups = ctx.num(_FIRST_OP, year), ctx.num(_FOLLOW_UP, year)
        firsts_before, follow_ups_before = ctx.num(_FIRST_OP, prior), ctx.num(_FOLLOW_UP, prior)
        if firsts is None or follow_ups is None:
            continue
        if firsts_before is None or follow_ups_before is None:
            continue
        if min(firsts, firsts_before, follow_ups_before) <= 0:
            continue  # no ratio (or no rise) to measure
        ratio = measures.ratio(follow_ups, firsts)
        ratio_before = measures.ratio(follow_ups_before, firsts_before)
        assert ratio is not None and ratio_before is not None
        rise = measures.growth(ratio, ratio_before)
        if rise is None or rise <= Fraction(limit):
            continue
        shown, shown_before = measures.to_decimal(ratio), measures.to_decimal(ratio_before)
        yield finding(
            ctx,
            "A04",
            _FOLLOW_UP,
            year,
            f"Outpatient follow-up ratio {label} is {_ratio(shown)} follow-ups per first "
            f"attendance against {_ratio(shown_before)} in {ctx.label(prior)} "
            f"({_named(ctx, _FOLLOW_UP)} per {_named(ctx, _FIRST_OP)}), a rise of "
            f"{pct_against(rise, limit)}, more than {pct(limit)}",
            ratio=shown,
            prior_ratio=shown_before,
            rise=measures.to_decimal(rise),
            limit=limit,
        )


# -- A05 -------------------------------------------------------------------------------


@rule(
    "A05",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=(_AE_MEASURE, _AE_TOTAL),
    thresholds=("ae_measure_diff_pct",),
)
def ae_measures_differ(ctx: Context) -> Iterator[Finding]:
    """A&E attendances in the 4-hour measure differ from total A&E attendances by more
    than 2% in a month: the two should count the same attendances."""
    limit = ctx.t("ae_measure_diff_pct")
    for year, label in ctx.years():
        months = ctx.months_of(year)
        measured = _monthly(ctx, _AE_MEASURE, months)
        totals = _monthly(ctx, _AE_TOTAL, months)
        if measured is None or totals is None:
            continue
        bad = [
            (month, m, t)
            for month, m, t in zip(months, measured, totals, strict=True)
            if abs(m - t) * _HUNDRED > limit * t
        ]
        if not bad:
            continue
        month, first_measured, first_total = bad[0]
        example = f"{ctx.label(month)}: {count(first_measured)} against {count(first_total)}"
        if first_total > 0:
            gap = measures.share(abs(first_measured - first_total), first_total)
            assert gap is not None
            example += f", a difference of {pct_against(gap, limit)}"
        yield finding(
            ctx,
            "A05",
            _AE_MEASURE,
            month,
            f"{_named(ctx, _AE_MEASURE)} {label} differ from {_named(ctx, _AE_TOTAL)} by more "
            f"than {pct(limit)} in {_months_text(ctx, (b[0] for b in bad))} (e.g. {example})",
            measure=first_measured,
            total=first_total,
            limit=limit,
            months=",".join(b[0] for b in bad),
        )


# -- A06 -------------------------------------------------------------------------------


@rule(
    "A06",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=(_BED_OCCUPANCY,),
    thresholds=("bed_occupancy_max_pct",),
)
def bed_occupancy(ctx: Context) -> Iterator[Finding]:
    """G&A bed occupancy above 92% in any month: above it, patient flow from A&E
    suffers and elective operations get cancelled. The finding names the months (and
    any month whose occupancy cannot be computed: no beds open)."""
    limit = ctx.t("bed_occupancy_max_pct")
    for year, label in ctx.years():
        found = _monthly_rates(ctx, _BED_OCCUPANCY, ctx.months_of(year))
        if found is None:
            continue
        rates, not_computed = found
        bad = [(month, rate) for month, rate in rates if rate > limit]
        if not bad:
            continue
        worst_month, worst = max(bad, key=lambda item: item[1])
        yield finding(
            ctx,
            "A06",
            _BED_OCCUPANCY,
            bad[0][0],
            f"{_named(ctx, _BED_OCCUPANCY)} {label} is above {pct(limit)} in "
            f"{_months_text(ctx, (b[0] for b in bad))} (highest {pct_against(worst, limit)} in "
            f"{ctx.label(worst_month)}){_not_computed_text(ctx, not_computed)}",
            highest=worst,
            limit=limit,
            months=",".join(b[0] for b in bad),
        )


# -- P01-P06 ---------------------------------------------------------------------------


@rule("P01", "error", AREA, kinds=KINDS_PROVIDER, reads=(_RTT_LIST,), thresholds=("rtt_severity",))
def rtt_list_grows(ctx: Context) -> Iterator[Finding]:
    """The RTT waiting list at the end of the year (March) is higher than at the March
    before: the waiting list must not grow. A warning in 2017/18, an error from
    2018/19 on (the round's rtt_severity of the year)."""
    for year, label in ctx.years():
        end, start = ctx.round.year(year).last_month, ctx.position_before(year)
        now, before = ctx.num(_RTT_LIST, end), ctx.num(_RTT_LIST, start)
        if now is None or before is None or now <= before:
            continue
        severity = str(ctx.year_setting(year, "rtt_severity"))
        yield finding(
            ctx,
            "P01",
            _RTT_LIST,
            year,
            f"{_named(ctx, _RTT_LIST)} at the end of {label} ({ctx.label(end)}) "
            f"{count(now)} is higher than at {ctx.label(start)} {count(before)}, up "
            f"{count(now - before)}; the waiting list must not grow",
            severity=severity,
            value=now,
            prior=before,
        )


@rule(
    "P02",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=(_WW52,),
    thresholds=("ww52_max_pct_of_prior",),
)
def ww52_waiters(ctx: Context) -> Iterator[Finding]:
    """52-week waiters at the end of the year: in 2019/20 any at all; in 2017-19 more
    than half the number at the March before (the round's ww52_max_pct_of_prior)."""
    share = ctx.t("ww52_max_pct_of_prior")
    for year, label in ctx.years():
        end, start = ctx.round.year(year).last_month, ctx.position_before(year)
        now = ctx.num(_WW52, end)
        before = ctx.num(_WW52, start) if share != 0 else Decimal(0)
        if now is None or before is None or now * _HUNDRED <= before * share:
            continue
        where = f"{_named(ctx, _WW52)} at the end of {label} ({ctx.label(end)})"
        if share == 0:
            message = f"{where}: {count(now)}, above zero"
        else:
            message = (
                f"{where}: {count(now)}, above {pct(share)} of the {count(before)} at "
                f"{ctx.label(start)} ({_figure(before * share / _HUNDRED)})"
            )
        yield finding(ctx, "P02", _WW52, year, message, value=now, prior=before, limit_pct=share)


@rule(
    "P03",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=(_RTT_PCT,),
    thresholds=("rtt_standard_pct",),
)
def rtt_standard(ctx: Context) -> Iterator[Finding]:
    """RTT: the share of the waiting list within 18 weeks at the end of the year is
    below the 92% constitutional standard."""
    limit = ctx.t("rtt_standard_pct")
    for year, label in ctx.years():
        value = ctx.num(_RTT_PCT, year)
        if value is None or value >= limit:
            continue
        end = ctx.round.year(year).last_month
        yield finding(
            ctx,
            "P03",
            _RTT_PCT,
            year,
            f"{_named(ctx, _RTT_PCT)} at the end of {label} ({ctx.label(end)}) is "
            f"{pct_against(value, limit)}, below the {pct(limit)} standard",
            value=value,
            standard=limit,
        )


@rule(
    "P04",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=(_AE_PCT,),
    thresholds=("ae_standard_pct",),
)
def ae_standard(ctx: Context) -> Iterator[Finding]:
    """A&E 4-hour performance in March below the 95% standard, or lower in March than
    in the first month of the year: performance should improve through the year. A
    first month with no attendances leaves March checked against the standard."""
    limit = ctx.t("ae_standard_pct")
    for year, label in ctx.years():
        months = ctx.months_of(year)
        first, last = months[0], months[-1]
        found = _monthly_rates(ctx, _AE_PCT, (first, last))
        if found is None:
            continue
        rates, not_computed = dict(found[0]), found[1]
        end, start = rates.get(last), rates.get(first)
        if end is None:
            continue  # March gives no percentage: nothing to check
        reasons = []
        if end < limit:
            reasons.append(f"below the {pct(limit)} standard")
        if start is not None and end < start:
            reasons.append(f"lower than in {ctx.label(first)} ({pct_against(start, end)})")
        if not reasons:
            continue
        yield finding(
            ctx,
            "P04",
            _AE_PCT,
            year,
            f"{_named(ctx, _AE_PCT)} at the end of {label} ({ctx.label(last)}) is "
            f"{pct_against(end, limit if end < limit or start is None else start)}, "
            f"{' and '.join(reasons)}{_not_computed_text(ctx, not_computed)}",
            value=end,
            first_month=start,
            standard=limit,
        )


@rule(
    "P05",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=(_DIAGNOSTICS,),
    thresholds=("diagnostics_max_pct",),
)
def diagnostics_standard(ctx: Context) -> Iterator[Finding]:
    """Diagnostics: more than 1% of patients waiting 6 weeks or more in a month of the
    year's last quarter. The standard should be met by the end of the year."""
    limit = ctx.t("diagnostics_max_pct")
    for year, label in ctx.years():
        found = _monthly_rates(ctx, _DIAGNOSTICS, ctx.months_of(year)[-3:])
        if found is None:
            continue
        values, not_computed = found
        bad = [(month, v) for month, v in values if v > limit]
        if not bad:
            continue
        worst_month, worst = max(bad, key=lambda item: item[1])
        yield finding(
            ctx,
            "P05",
            _DIAGNOSTICS,
            bad[0][0],
            f"{_named(ctx, _DIAGNOSTICS)} {label} is above {pct(limit)} in "
            f"{_months_text(ctx, (b[0] for b in bad))}, in the last quarter of the year "
            f"(highest {pct_against(worst, limit)} in {ctx.label(worst_month)})"
            f"{_not_computed_text(ctx, not_computed)}",
            highest=worst,
            limit=limit,
            months=",".join(b[0] for b in bad),
        )


@rule(
    "P06",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=tuple(c[0] for c in _CANCER),
    thresholds=tuple(c[1] for c in _CANCER),
)
def cancer_standards(ctx: Context) -> Iterator[Finding]:
    """Cancer waiting times below standard for the year: 2-week wait 93%, 31-day 96%,
    62-day 85%. One finding per standard missed."""
    for code, threshold, name in _CANCER:
        limit = ctx.t(threshold)
        for year, label in ctx.years():
            value = ctx.num(code, year)
            if value is None or value >= limit:
                continue
            yield finding(
                ctx,
                "P06",
                code,
                year,
                f"Cancer {name} performance ({code}) {label} is {pct_against(value, limit)}, "
                f"below the "
                f"{pct(limit)} standard",
                value=value,
                standard=limit,
            )
