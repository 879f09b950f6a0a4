"""Provider finance checks (F01-F12): control total, agency, efficiency, bridge, capital, cash.

The regional finance team reads the provider's I&E against the control total it
accepted (or not), the agency ceiling and the national efficiency expectation,
then checks that the plan hangs together: the bridge reconciles, capital is
funded, cash stays above the minimum and costs and income grow plausibly.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from .. import measures
from .engine import KINDS_PROVIDER, Context, Finding, finding, rule
from .text import listing, money, money_against, pct, pct_against, signed_pct

AREA = "finance"

_SUSTAINABILITY = ("FIN.INC.07", "FIN.INC.08", "FIN.INC.09")  # STF/PSF, FRF, MRET
_GROWTH_LINES = ("FIN.PAY.TOT", "FIN.NPY.TOT", "FIN.INC.TOT")
BACK_LOADING = ("backload_h2_max_pct", "backload_q4_max_pct")  # F08, C06


def beyond_tolerance(gap: Decimal, tolerance: Decimal) -> str:
    """A gap a check allows up to a tolerance, and the tolerance: "£1.04k, more than the
    £1k tolerance"."""
    return f"{money_against(gap, tolerance)}, more than the {money(tolerance)} tolerance"


def _opex(ctx: Context, year: str) -> Decimal | None:
    """Operating expenditure of a year: total pay plus total non-pay (None when blank)."""
    pay = ctx.num("FIN.PAY.TOT", year)
    non_pay = ctx.num("FIN.NPY.TOT", year)
    if pay is None or non_pay is None:
        return None
    return pay + non_pay


def back_loading(ctx: Context, code: str, year: str) -> tuple[Fraction, Fraction] | None:
    """The back-loading test of F08 (provider savings) and C06 (CCG QIPP).

    Returns (second-half share, last-quarter share), in percent of the year's total of
    the monthly flow line ``code``, when the year is back-loaded: the last six months
    above ``backload_h2_max_pct`` or the last three above ``backload_q4_max_pct``.
    Returns None when it is not back-loaded, when a month is blank (or the line is
    not in the round), or when the year's total is not positive.
    """
    if not ctx.has(code):
        return None
    values: list[Decimal] = []
    for month in ctx.months_of(year):
        value = ctx.num(code, month)
        if value is None:
            return None
        values.append(value)
    if sum(values, Decimal(0)) <= 0:
        return None
    h2 = measures.second_half_share(values)
    q4 = measures.last_quarter_share(values)
    assert h2 is not None and q4 is not None  # the total is positive
    if h2 > Fraction(ctx.t("backload_h2_max_pct")) or q4 > Fraction(ctx.t("backload_q4_max_pct")):
        return h2, q4
    return None


def back_loading_text(ctx: Context, year: str, h2: Fraction, q4: Fraction) -> str:
    """How a back-loaded year reads: the share(s) above their maximum, with the months."""
    months = ctx.months_of(year)
    parts = []
    h2_max, q4_max = ctx.t("backload_h2_max_pct"), ctx.t("backload_q4_max_pct")
    if h2 > h2_max:
        parts.append(
            f"{pct_against(h2, h2_max)} falls in the second half ({ctx.label(months[-6])} to "
            f"{ctx.label(months[-1])}), above the maximum {pct(h2_max)}"
        )
    if q4 > q4_max:
        parts.append(
            f"{pct_against(q4, q4_max)} falls in the last quarter ({ctx.label(months[-3])} to "
            f"{ctx.label(months[-1])}), above the maximum {pct(q4_max)}"
        )
    return " and ".join(parts)


@rule(
    "F01",
    "error",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.PAR.CT", "FIN.PAR.CTACC"),  # and the round's control-total measure
    thresholds=("control_total_measure", "money_tolerance"),
)
def control_total_shortfall(ctx: Context) -> Iterator[Finding]:
    """The provider accepted its control total but plans to miss it by more than £1k.
    The measure is the round's control-total basis: in 2019/20 excluding PSF, FRF and
    MRET; in 2017-19 the adjusted financial performance including STF."""
    code = ctx.line_named("control_total_measure")
    tolerance = ctx.t("money_tolerance")
    for year, label in ctx.years():
        accepted = ctx.text("FIN.PAR.CTACC", year)
        measure = ctx.num(code, year)
        control_total = ctx.num("FIN.PAR.CT", year)
        if accepted != "Y" or measure is None or control_total is None:
            continue
        if measure < control_total - tolerance:
            yield finding(
                ctx,
                "F01",
                code,
                year,
                f"{ctx.lines[code].label} {label} {money_against(measure, control_total)} "
                f"falls short of the accepted control total {money(control_total)} by "
                f"{beyond_tolerance(control_total - measure, tolerance)}",
                measure=measure,
                control_total=control_total,
            )


@rule("F02", "error", AREA, kinds=KINDS_PROVIDER, reads=(*_SUSTAINABILITY, "FIN.PAR.CTACC"))
def sustainability_funding_without_control_total(ctx: Context) -> Iterator[Finding]:
    """STF/PSF/FRF/MRET income is planned although the control total is not accepted:
    this funding is only available to providers that accept their control total."""
    codes = [code for code in _SUSTAINABILITY if ctx.has(code)]
    for year, label in ctx.years():
        accepted = ctx.text("FIN.PAR.CTACC", year)
        amounts = {code: ctx.num(code, year) for code in codes}
        if accepted is None or any(v is None for v in amounts.values()):
            continue
        planned = {code: v for code, v in amounts.items() if v is not None and v != 0}
        total = sum(planned.values(), Decimal(0))
        if accepted == "N" and total > 0:
            detail = listing(f"{ctx.lines[code].label} {money(v)}" for code, v in planned.items())
            yield finding(
                ctx,
                "F02",
                "FIN.INC.07",
                year,
                f"Sustainability funding {label} {money(total)} is planned ({detail}) "
                f"although the control total is not accepted",
                funding=total,
            )


@rule(
    "F03",
    "error",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.PAY.03", "FIN.PAR.AGCEIL"),
    thresholds=("agency_warning_pct",),
)
def agency_ceiling(ctx: Context) -> Iterator[Finding]:
    """Agency spend above the agency ceiling set for the provider (error), or within it
    but above 95% of it (warning: little headroom left)."""
    warning_pct = ctx.t("agency_warning_pct")
    for year, label in ctx.years():
        agency = ctx.num("FIN.PAY.03", year)
        ceiling = ctx.num("FIN.PAR.AGCEIL", year)
        if agency is None or ceiling is None:
            continue
        if agency > ceiling:
            yield finding(
                ctx,
                "F03",
                "FIN.PAY.03",
                year,
                f"Agency spend {label} {money_against(agency, ceiling)} exceeds the agency "
                f"ceiling {money(ceiling)} by {money(agency - ceiling)}",
                severity="error",
                agency=agency,
                ceiling=ceiling,
            )
            continue
        used = measures.share(agency, ceiling)
        if used is not None and used > Fraction(warning_pct):
            yield finding(
                ctx,
                "F03",
                "FIN.PAY.03",
                year,
                f"Agency spend {label} {money_against(agency, ceiling)} is within the agency "
                f"ceiling {money(ceiling)} but above {pct(warning_pct)} of it "
                f"({pct_against(used, warning_pct, 100)})",
                severity="warning",
                agency=agency,
                ceiling=ceiling,
            )


@rule(
    "F04",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.EFF.TOT", "FIN.PAY.TOT", "FIN.NPY.TOT", "FIN.PAR.CT"),
    thresholds=("efficiency_min_pct", "efficiency_deficit_extra_pct"),
)
def efficiency_below_minimum(ctx: Context) -> Iterator[Finding]:
    """Efficiency savings below the national minimum as a share of operating expenditure
    (pay plus non-pay); in 2019/20 the minimum is higher for a deficit control total."""
    base_pct = ctx.t("efficiency_min_pct")
    extra_pct = ctx.t("efficiency_deficit_extra_pct")
    for year, label in ctx.years():
        savings = ctx.num("FIN.EFF.TOT", year)
        opex = _opex(ctx, year)
        if savings is None or opex is None or opex <= 0:
            continue
        minimum, why = base_pct, ""
        if extra_pct:  # the control total's sign matters only when the round adds to it
            control_total = ctx.num("FIN.PAR.CT", year)
            if control_total is None:
                continue
            if control_total < 0:
                minimum = base_pct + extra_pct
                why = f" ({pct(base_pct)} plus {pct(extra_pct)} for a deficit control total)"
        part = measures.share(savings, opex)
        if part is not None and part < Fraction(minimum):
            yield finding(
                ctx,
                "F04",
                "FIN.EFF.TOT",
                year,
                f"Efficiency savings {label} {money(savings)} are "
                f"{pct_against(part, minimum)} of operating expenditure "
                f"({money(opex)}), below the national minimum {pct(minimum)}{why}",
                savings=savings,
                opex=opex,
                minimum_pct=minimum,
            )


@rule(
    "F05",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.EFF.TOT", "FIN.PAY.TOT", "FIN.NPY.TOT"),
    thresholds=("efficiency_max_pct",),
)
def efficiency_above_deliverable(ctx: Context) -> Iterator[Finding]:
    """Efficiency savings above 5% of operating expenditure: rarely delivered, so the
    regional team asks how the plan will achieve them."""
    maximum = ctx.t("efficiency_max_pct")
    for year, label in ctx.years():
        savings = ctx.num("FIN.EFF.TOT", year)
        opex = _opex(ctx, year)
        if savings is None or opex is None or opex <= 0:
            continue
        part = measures.share(savings, opex)
        if part is not None and part > Fraction(maximum):
            yield finding(
                ctx,
                "F05",
                "FIN.EFF.TOT",
                year,
                f"Efficiency savings {label} {money(savings)} are "
                f"{pct_against(part, maximum)} of operating expenditure "
                f"({money(opex)}), above {pct(maximum)}: is this deliverable?",
                savings=savings,
                opex=opex,
                maximum_pct=maximum,
            )


@rule(
    "F06",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.EFF.REC", "FIN.EFF.TOT"),
    thresholds=("recurrent_min_pct",),
)
def savings_not_recurrent(ctx: Context) -> Iterator[Finding]:
    """Too little of the savings is recurrent: non-recurrent savings leave the gap open
    for the following year."""
    minimum = ctx.t("recurrent_min_pct")
    for year, label in ctx.years():
        recurrent = ctx.num("FIN.EFF.REC", year)
        total = ctx.num("FIN.EFF.TOT", year)
        if recurrent is None or total is None or total <= 0:
            continue
        part = measures.share(recurrent, total)
        if part is not None and part < Fraction(minimum):
            yield finding(
                ctx,
                "F06",
                "FIN.EFF.REC",
                year,
                f"Recurrent savings {label} {money(recurrent)} are "
                f"{pct_against(part, minimum)} of total efficiency savings "
                f"{money(total)}, below the minimum {pct(minimum)}",
                recurrent=recurrent,
                total=total,
            )


@rule(
    "F07",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.EFF.09", "FIN.EFF.TOT"),
    thresholds=("unidentified_max_pct",),
)
def savings_unidentified(ctx: Context) -> Iterator[Finding]:
    """Too much of the savings is not yet identified as schemes: a delivery risk."""
    maximum = ctx.t("unidentified_max_pct")
    for year, label in ctx.years():
        unidentified = ctx.num("FIN.EFF.09", year)
        total = ctx.num("FIN.EFF.TOT", year)
        if unidentified is None or total is None or total <= 0:
            continue
        part = measures.share(unidentified, total)
        if part is not None and part > Fraction(maximum):
            yield finding(
                ctx,
                "F07",
                "FIN.EFF.09",
                year,
                f"Unidentified savings {label} {money(unidentified)} are "
                f"{pct_against(part, maximum)} of total efficiency savings "
                f"{money(total)}, above the maximum {pct(maximum)}",
                unidentified=unidentified,
                total=total,
            )


@rule(
    "F08",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.EFF.TOT",),
    thresholds=BACK_LOADING,
)
def savings_back_loaded(ctx: Context) -> Iterator[Finding]:
    """Savings are back-loaded: too much of the year's savings falls in its second half
    or last quarter, leaving little time to recover a slipping programme."""
    for year, label in ctx.years():
        shares = back_loading(ctx, "FIN.EFF.TOT", year)
        total = ctx.num("FIN.EFF.TOT", year)
        if shares is None or total is None:
            continue
        h2, q4 = shares
        yield finding(
            ctx,
            "F08",
            "FIN.EFF.TOT",
            year,
            f"Efficiency savings {label} are back-loaded: of {money(total)}, "
            f"{back_loading_text(ctx, year, h2, q4)}",
            second_half_pct=measures.to_decimal(h2),
            last_quarter_pct=measures.to_decimal(q4),
        )


@rule(
    "F09",
    "error",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.BR.PLAN", "FIN.SURPLUS"),
    thresholds=("money_tolerance",),
)
def bridge_not_reconciled(ctx: Context) -> Iterator[Finding]:
    """The bridge from forecast outturn to plan does not arrive at the planned surplus
    or deficit of the first plan year: one of the two is wrong."""
    year, label = next(ctx.years())  # the bridge is to the first plan year
    bridge = ctx.num("FIN.BR.PLAN", year)
    surplus = ctx.num("FIN.SURPLUS", year)
    if bridge is None or surplus is None:
        return
    tolerance = ctx.t("money_tolerance")
    if abs(bridge - surplus) > tolerance:
        yield finding(
            ctx,
            "F09",
            "FIN.BR.PLAN",
            year,
            f"The bridge does not reconcile: plan surplus/(deficit) per bridge "
            f"{money_against(bridge, surplus)} differs from the {label} surplus/(deficit) in "
            f"the I&E {money(surplus)} by {beyond_tolerance(abs(bridge - surplus), tolerance)}",
            bridge=bridge,
            surplus=surplus,
        )


@rule(
    "F10",
    "error",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=("FIN.CAP.TOT", "FIN.CAP.FTOT"),
    thresholds=("money_tolerance",),
)
def capital_not_funded(ctx: Context) -> Iterator[Finding]:
    """Planned capital expenditure and its funding differ: every scheme needs a source
    of funding, and funding without schemes is not a plan."""
    tolerance = ctx.t("money_tolerance")
    for year, label in ctx.years():
        spend = ctx.num("FIN.CAP.TOT", year)
        funding = ctx.num("FIN.CAP.FTOT", year)
        if spend is None or funding is None:
            continue
        if abs(spend - funding) > tolerance:
            how = "short of" if funding < spend else "more than"
            yield finding(
                ctx,
                "F10",
                "FIN.CAP.TOT",
                year,
                f"Capital {label} is not matched by its funding: expenditure "
                f"{money(spend)}, funding {money_against(funding, spend)} "
                f"({money_against(abs(spend - funding), tolerance)} {how} the expenditure, "
                f"above the {money(tolerance)} tolerance)",
                spend=spend,
                funding=funding,
            )


@rule("F11", "warning", AREA, kinds=KINDS_PROVIDER, reads=("FIN.CASH.CLOSE", "FIN.PAR.CASHMIN"))
def cash_below_minimum(ctx: Context) -> Iterator[Finding]:
    """Closing cash falls below the provider's minimum cash balance in a month: the
    provider would need revenue support to pay its bills."""
    for year, label in ctx.years():
        minimum = ctx.num("FIN.PAR.CASHMIN", year)
        closing = {month: ctx.num("FIN.CASH.CLOSE", month) for month in ctx.months_of(year)}
        if minimum is None or any(v is None for v in closing.values()):
            continue
        low = {m: v for m, v in closing.items() if v is not None and v < minimum}
        if not low:
            continue
        lowest = min(low, key=lambda m: low[m])
        first = next(iter(low))
        yield finding(
            ctx,
            "F11",
            "FIN.CASH.CLOSE",
            first,
            f"Closing cash {label} is below the minimum cash balance "
            f"{money(minimum)} in {listing(ctx.label(m) for m in low)} (lowest "
            f"{money_against(low[lowest], minimum)} in {ctx.label(lowest)})",
            minimum=minimum,
            lowest=low[lowest],
            months=",".join(low),
        )


@rule(
    "F12",
    "warning",
    AREA,
    kinds=KINDS_PROVIDER,
    reads=_GROWTH_LINES,
    thresholds=("cost_growth_min_pct", "cost_growth_max_pct"),
)
def cost_income_growth(ctx: Context) -> Iterator[Finding]:
    """Total pay, non-pay or operating income grows implausibly against the year before
    (forecast outturn for the first plan year): the regional team asks what drives it."""
    low, high = ctx.t("cost_growth_min_pct"), ctx.t("cost_growth_max_pct")
    for year, label in ctx.years():
        before_period = ctx.prior(year)
        for code in _GROWTH_LINES:
            now = ctx.num(code, year)
            before = ctx.num(code, before_period)
            if now is None or before is None or before <= 0:
                continue
            rate = measures.growth(now, before)
            assert rate is not None  # before is positive
            too_low, too_high = rate < Fraction(low), rate > Fraction(high)
            if not (too_low or too_high):
                continue
            direction = "up" if rate >= 0 else "down"
            shown = pct_against(abs(rate), abs(high if too_high else low))
            yield finding(
                ctx,
                "F12",
                code,
                year,
                f"{ctx.lines[code].label} {label} {money(now)} is {shown} {direction} "
                f"on {ctx.label(before_period)} {money(before)}, outside the expected growth "
                f"{signed_pct(low)} to {signed_pct(high)}",
                now=now,
                before=before,
                growth_pct=measures.to_decimal(rate),
            )
