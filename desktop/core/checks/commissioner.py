"""Commissioner checks (C01-C09): the CCG's financial duties, QIPP and key ambitions.

A CCG plan must deliver its control total, invest in mental health at least in line
with its allocation (the Mental Health Investment Standard), stay within its
running cost allowance, hold contingency, and plan QIPP and activity realistically.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from .. import measures
from ..measures import to_decimal
from .activity import GROWTH_BAND, GROWTH_LINES, activity_growth_findings
from .engine import KINDS_COMMISSIONER, Context, Finding, finding, rule
from .finance import BACK_LOADING, back_loading, back_loading_text, beyond_tolerance
from .text import money, money_against, pct, pct_against, points

AREA = "commissioner"


@rule(
    "C01",
    "error",
    AREA,
    kinds=KINDS_COMMISSIONER,
    reads=("CFIN.SURPLUS", "CFIN.PAR.CT"),
    thresholds=("money_tolerance",),
)
def control_total(ctx: Context) -> Iterator[Finding]:
    """The CCG's in-year surplus/(deficit) falls short of its control total by more than
    £1k: a CCG must plan to deliver its control total."""
    tolerance = ctx.t("money_tolerance")
    for year, label in ctx.years():
        surplus = ctx.num("CFIN.SURPLUS", year)
        target = ctx.num("CFIN.PAR.CT", year)
        if surplus is None or target is None:
            continue
        shortfall = target - surplus
        if shortfall > tolerance:
            yield finding(
                ctx,
                "C01",
                "CFIN.SURPLUS",
                year,
                f"In-year surplus/(deficit) {label} {money(surplus)} is below the control "
                f"total {money(target)} by {beyond_tolerance(shortfall, tolerance)}",
                surplus=surplus,
                control_total=target,
                shortfall=shortfall,
            )


@rule(
    "C02",
    "error",
    AREA,
    kinds=KINDS_COMMISSIONER,
    reads=("CFIN.MH.TOT", "CFIN.ALL.01", "CFIN.PAR.MHUP"),
)
def mental_health_investment(ctx: Context) -> Iterator[Finding]:
    """Mental Health Investment Standard not met: mental health spend (dementia left
    out) must grow at least as fast as the core programme allocation plus the required
    mental health uplift."""
    for year, label in ctx.years():
        prior = ctx.prior(year)
        spend, spend_before = ctx.num("CFIN.MH.TOT", year), ctx.num("CFIN.MH.TOT", prior)
        alloc, alloc_before = ctx.num("CFIN.ALL.01", year), ctx.num("CFIN.ALL.01", prior)
        uplift = ctx.num("CFIN.PAR.MHUP", year)
        if (
            spend is None
            or spend_before is None
            or alloc is None
            or alloc_before is None
            or uplift is None
        ):
            continue
        # growth compared exactly (as fractions), shown rounded
        spend_growth = measures.growth(spend, spend_before)
        alloc_growth = measures.growth(alloc, alloc_before)
        if spend_growth is None or alloc_growth is None:
            continue  # nothing spent or allocated before: no growth to measure
        required = measures.required_growth(alloc_growth, uplift)
        if spend_growth >= required:
            continue
        growth_pct, alloc_pct, required_pct = (
            to_decimal(spend_growth),
            to_decimal(alloc_growth),
            to_decimal(required),
        )
        yield finding(
            ctx,
            "C02",
            "CFIN.MH.TOT",
            year,
            f"Mental health spend counted in the MHIS {label} {money(spend)} grows "
            f"{pct_against(growth_pct, required_pct)} against {ctx.label(prior)} "
            f"({money(spend_before)}), below the required "
            f"{pct_against(required_pct, growth_pct)}: core programme allocation growth "
            f"{pct(alloc_pct)} plus the mental health uplift {points(uplift)}",
            growth_pct=growth_pct,
            allocation_growth_pct=alloc_pct,
            uplift_pp=uplift,
            required_pct=required_pct,
        )


@rule("C03", "error", AREA, kinds=KINDS_COMMISSIONER, reads=("CFIN.EXP.11", "CFIN.ALL.03"))
def running_costs(ctx: Context) -> Iterator[Finding]:
    """Running costs exceed the running cost allowance, which a CCG may not overspend."""
    for year, label in ctx.years():
        costs = ctx.num("CFIN.EXP.11", year)
        allowance = ctx.num("CFIN.ALL.03", year)
        if costs is None or allowance is None:
            continue
        if costs > allowance:
            yield finding(
                ctx,
                "C03",
                "CFIN.EXP.11",
                year,
                f"Running costs {label} {money_against(costs, allowance)} exceed the running "
                f"cost allowance "
                f"{money(allowance)} by {money(costs - allowance)}",
                running_costs=costs,
                allowance=allowance,
            )


@rule(
    "C04",
    "warning",
    AREA,
    kinds=KINDS_COMMISSIONER,
    reads=("CFIN.EXP.09", "CFIN.ALL.TOT"),
    thresholds=("ccg_contingency_min_pct",),
)
def contingency(ctx: Context) -> Iterator[Finding]:
    """Programme contingency is below the minimum share of the revenue resource limit
    that a CCG holds against in-year risk."""
    minimum = ctx.t("ccg_contingency_min_pct")
    for year, label in ctx.years():
        held = ctx.num("CFIN.EXP.09", year)
        limit = ctx.num("CFIN.ALL.TOT", year)
        if held is None or limit is None or limit == 0:
            continue
        required = limit * minimum / 100
        part = measures.share(held, limit)
        if part is not None and held < required:
            yield finding(
                ctx,
                "C04",
                "CFIN.EXP.09",
                year,
                f"Programme contingency {label} {money_against(held, required)} is "
                f"{pct_against(part, minimum)} "
                f"of the revenue resource limit ({money(limit)}), below the minimum "
                f"{pct(minimum)} ({money(required)})",
                contingency=held,
                resource_limit=limit,
                minimum_pct=minimum,
            )


@rule(
    "C05",
    "warning",
    AREA,
    kinds=KINDS_COMMISSIONER,
    reads=("CFIN.EXP.10", "CFIN.ALL.01"),
    thresholds=("ccg_risk_reserve_min_pct", "ccg_risk_reserve"),
    requires=("CFIN.EXP.10",),
)
def risk_reserve(ctx: Context) -> Iterator[Finding]:
    """In the years the round asks for it (2017/18), the uncommitted risk reserve is
    below the minimum share of the core programme allocation to be held uncommitted."""
    minimum = ctx.t("ccg_risk_reserve_min_pct")
    for year, label in ctx.years():
        if not ctx.year_setting(year, "ccg_risk_reserve"):
            continue
        reserve = ctx.num("CFIN.EXP.10", year)
        allocation = ctx.num("CFIN.ALL.01", year)
        if reserve is None or allocation is None or allocation == 0:
            continue
        required = allocation * minimum / 100
        part = measures.share(reserve, allocation)
        if part is not None and reserve < required:
            yield finding(
                ctx,
                "C05",
                "CFIN.EXP.10",
                year,
                f"Uncommitted risk reserve {label} {money_against(reserve, required)} is "
                f"{pct_against(part, minimum)} of the core programme "
                f"allocation ({money(allocation)}), below the minimum {pct(minimum)} "
                f"({money(required)})",
                reserve=reserve,
                allocation=allocation,
                minimum_pct=minimum,
            )


@rule(
    "C06",
    "warning",
    AREA,
    kinds=KINDS_COMMISSIONER,
    reads=("CFIN.QIPP.TOT",),
    thresholds=BACK_LOADING,
)
def qipp_back_loaded(ctx: Context) -> Iterator[Finding]:
    """QIPP is back-loaded: too much of the year's QIPP falls in its second half or last
    quarter, leaving little time to recover a slipping programme (as F08 for a trust's
    savings)."""
    for year, label in ctx.years():
        shares = back_loading(ctx, "CFIN.QIPP.TOT", year)
        total = ctx.num("CFIN.QIPP.TOT", year)
        if shares is None or total is None:
            continue
        h2, q4 = shares
        yield finding(
            ctx,
            "C06",
            "CFIN.QIPP.TOT",
            year,
            f"QIPP {label} is back-loaded: of {money(total)}, "
            f"{back_loading_text(ctx, year, h2, q4)}",
            second_half_pct=to_decimal(h2),
            last_quarter_pct=to_decimal(q4),
        )


@rule(
    "C07",
    "warning",
    AREA,
    kinds=KINDS_COMMISSIONER,
    reads=("CFIN.QIPP.06", "CFIN.QIPP.TOT"),
    thresholds=("unidentified_max_pct",),
)
def unidentified_qipp(ctx: Context) -> Iterator[Finding]:
    """Too much of the QIPP programme is not yet identified: unidentified schemes are
    the least likely to deliver."""
    maximum = ctx.t("unidentified_max_pct")
    for year, label in ctx.years():
        unidentified = ctx.num("CFIN.QIPP.06", year)
        total = ctx.num("CFIN.QIPP.TOT", year)
        if unidentified is None or total is None or total <= 0:
            continue
        part = measures.share(unidentified, total)
        if part is None or part <= Fraction(maximum):
            continue
        yield finding(
            ctx,
            "C07",
            "CFIN.QIPP.06",
            year,
            f"Unidentified QIPP {label} {money(unidentified)} is "
            f"{pct_against(part, maximum)} of total "
            f"QIPP ({money(total)}), above the maximum {pct(maximum)}",
            unidentified=unidentified,
            total=total,
            share_pct=to_decimal(part),
            maximum_pct=maximum,
        )


#: C08: (line, what it is, threshold name, what the threshold is).
_AMBITIONS = (
    ("E.A.S.1", "Dementia diagnosis rate", "dementia_diagnosis_pct", "national ambition"),
    ("E.A.S.2", "IAPT recovery rate", "iapt_recovery_pct", "national standard"),
)


@rule(
    "C08",
    "warning",
    AREA,
    kinds=KINDS_COMMISSIONER,
    reads=("E.A.S.1", "E.A.S.2"),
    thresholds=tuple(a[2] for a in _AMBITIONS),
)
def mental_health_ambitions(ctx: Context) -> Iterator[Finding]:
    """The dementia diagnosis rate or the IAPT recovery rate planned for the end of the
    year (March) is below the national figure."""
    for code, what, name, kind in _AMBITIONS:
        minimum = ctx.t(name)
        for year, label in ctx.years():
            rate = ctx.num(code, year)
            if rate is None or rate >= minimum:
                continue
            march = ctx.label(ctx.round.year(year).last_month)
            yield finding(
                ctx,
                "C08",
                code,
                year,
                f"{what} ({code}) at the end of {label} ({march}) is "
                f"{pct_against(rate, minimum)}, below the "
                f"{kind} {pct(minimum)}",
                rate=rate,
                minimum_pct=minimum,
            )


@rule(
    "C09",
    "warning",
    AREA,
    kinds=KINDS_COMMISSIONER,
    reads=GROWTH_LINES,
    thresholds=GROWTH_BAND,
)
def commissioner_activity_growth(ctx: Context) -> Iterator[Finding]:
    """The CCG's activity growth against FOT is outside the planning band (-2% ... +6%)
    for referrals, first and follow-up outpatients, elective and non-elective spells and
    A&E (as A01 for a trust): growth outside the band needs an explanation."""
    yield from activity_growth_findings(ctx, "C09", GROWTH_LINES)
