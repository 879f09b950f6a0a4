"""General checks (G01-G06): completeness, units, parameters, ratios, sign-off."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue import Line
from ..units import check_value, compact_text
from .engine import (
    KINDS_ALL,
    STATE,
    Context,
    Finding,
    finding,
    line_rule,
    meta_rule,
    rule,
)
from .text import listing

AREA = "general"


def _entered_line(line: Line) -> bool:
    return bool(line.inputs) and line.kind != "param"


@line_rule("G01", "error", AREA, kinds=KINDS_ALL, applies=_entered_line)
def blank_inputs(ctx: Context, line: Line) -> Iterator[Finding]:
    """An input cell is blank. The regional team cannot review a plan with gaps: every
    input of every template is expected, a zero entered as 0. One finding per line,
    naming the blank periods."""
    blanks = [p for p in line.inputs if ctx.plan.stored(line.code, p) is None]
    if not blanks:
        return
    if len(blanks) == len(line.inputs) and len(blanks) > 1:
        where = f"all {len(blanks)} periods"
    else:
        where = listing(ctx.label(p) for p in blanks)
    yield finding(
        ctx,
        "G01",
        line.code,
        blanks[0],
        f"{line.label} ({line.code}) is not entered for {where}",
        blank=",".join(blanks),
    )


@line_rule(
    "G02", "error", AREA, kinds=KINDS_ALL, applies=lambda line: True, thresholds=("money_limit",)
)
def unit_breaches(ctx: Context, line: Line) -> Iterator[Finding]:
    """A stored value breaks its unit (a whole number of patients, WTE to 2 decimals,
    percentages 0-100, money to 3 decimals and positive unless signed). The editor
    and the loaders refuse such values; this guards files changed by other means."""
    limit = ctx.t("money_limit")
    bad: list[str] = []
    first = None
    for period in line.periods:
        value = ctx.plan.stored(line.code, period)
        if value is None:
            continue
        if period not in line.inputs:
            problem = "is stored in a calculated cell"
        else:
            number_or_text = value
            if line.unit != "yn" and isinstance(value, str):
                problem = "is not a number"
            else:
                problem = (
                    check_value(number_or_text, line.unit, signed=line.signed, money_limit=limit)
                    or ""
                )
        if problem:
            bad.append(f"{ctx.label(period)} '{compact_text(value)}' {problem}")
            first = first or period
    if bad:
        yield finding(ctx, "G02", line.code, first, f"{line.label} ({line.code}): {'; '.join(bad)}")


@line_rule("G03", "error", AREA, kinds=KINDS_ALL, applies=lambda line: line.kind == "param")
def missing_parameters(ctx: Context, line: Line) -> Iterator[Finding]:
    """A parameter is missing (control total, its acceptance, agency ceiling, minimum
    cash, pay award; for a CCG the control total and the mental health uplift). The
    checks that use a parameter cannot run without it."""
    for period in line.inputs:
        if ctx.plan.stored(line.code, period) is None:
            yield finding(
                ctx,
                "G03",
                line.code,
                period,
                f"Parameter '{line.label}' for {ctx.label(period)} is not entered",
            )


@line_rule(
    "G04",
    "error",
    AREA,
    kinds=KINDS_ALL,
    applies=lambda line: line.formula is not None and line.formula.is_ratio,
)
def numerator_above_denominator(ctx: Context, line: Line) -> Iterator[Finding]:
    """A percentage's numerator exceeds its denominator (e.g. more patients within 18
    weeks than on the waiting list): the figures cannot both be right."""
    formula = line.formula
    assert formula is not None and formula.numerator and formula.denominator
    num_line = ctx.lines[formula.numerator]
    den_line = ctx.lines[formula.denominator]
    bad: list[str] = []
    for period in num_line.inputs:
        num = ctx.num(formula.numerator, period)
        den = ctx.num(formula.denominator, period)
        if num is not None and den is not None and num > den:
            bad.append(period)
    if bad:
        first = bad[0]
        num, den = ctx.num(formula.numerator, first), ctx.num(formula.denominator, first)
        yield finding(
            ctx,
            "G04",
            line.code,
            first,
            f"{line.label}: {num_line.label} ({num_line.code}) exceeds {den_line.label} "
            f"({den_line.code}) in "
            f"{listing(ctx.label(p) for p in bad)} (e.g. {ctx.label(first)}: "
            f"{num:,} against {den:,})",
            numerator=num,
            denominator=den,
        )


def _first_template(ctx: Context) -> str:
    return ctx.plan.catalogue.templates[0].id


@rule("G05", "error", AREA, kinds=KINDS_ALL, reads=(STATE,), sign_off=True, approval=True)
def no_approval(ctx: Context) -> Iterator[Finding]:
    """Final stage only: no board (provider) or governing body (CCG) approval is
    recorded. A final plan is submitted only once its board has approved it."""
    if ctx.state.stage == "final" and not ctx.state.approved:
        body = ctx.round.kind(ctx.plan.catalogue.org_kind).approving_body
        yield finding(
            ctx,
            "G05",
            None,
            None,
            f"The plan is at Final stage but no {body} approval is recorded",
            template=_first_template(ctx),
        )


@meta_rule("G06", "error", AREA, kinds=KINDS_ALL, sign_off=True)
def warnings_without_commentary(ctx: Context, found: list[Finding]) -> Iterator[Finding]:
    """Final stage only: a warning has no commentary. Regional teams read the
    commentaries first: every warning left in a final plan needs its explanation."""
    if ctx.state.stage != "final":
        return
    for item in found:
        if item.severity == "warning" and not ctx.state.commentary.get(item.key, "").strip():
            line = ctx.lines.get(item.line or "")
            where = f" on {line.label} ({line.code})" if line else ""
            when = f" {ctx.label(item.period)}" if item.period else ""
            yield finding(
                ctx,
                "G06",
                item.line,
                item.period,
                f"Warning {item.rule}{where}{when} has no commentary: "
                f"explain it for the regional team",
                template=item.template,
                warning=item.rule,
            )
