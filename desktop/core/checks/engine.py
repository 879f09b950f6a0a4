"""The rule engine: the regional review checks, run in full or again after an edit.

A rule is a function registered with ``@rule``: its ID, severity, organisation
kinds, the lines it reads and the round's figures (thresholds) it reads. After an
edit only the rules that read a changed line (or a line computed from it) run
again, so findings follow the user's typing. Line rules (``@line_rule``) run per
line, so an edit re-checks only the lines it touched. What a rule declares is what
the exports print: the Parameters sheet lists the thresholds of a template's rules.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from ..catalogue import Catalogue, Line, Round
from ..plan import Plan

log = logging.getLogger(__name__)

SEVERITIES = ("error", "warning", "info")
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}

#: Rules that read plan state (stage, approval, commentary) rather than lines.
STATE = "@state"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    template: str
    line: str | None
    period: str | None
    message: str
    figures: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, str, str]:
        """What a commentary is attached to: stays the same while the finding stands."""
        return (self.rule, self.line or "", self.period or "")

    def sort_key(self, template_order: dict[str, int]) -> tuple:
        return (
            _SEVERITY_ORDER[self.severity],
            template_order.get(self.template, 99),
            self.rule,
            self.line or "",
            self.period or "",
        )


@dataclass(frozen=True)
class PlanState:
    """What the checks need besides the figures."""

    stage: str = "draft"  # draft | final
    approved: bool = False
    commentary: dict[tuple[str, str, str], str] = field(default_factory=dict)


class Context:
    """What a rule sees: the plan's figures, the round's figures, and plan state.

    A rule reads the round's thresholds only through ``t``, ``line_named`` and
    ``year_setting`` (what it reads is what it declares; a test holds them equal).
    """

    def __init__(self, plan: Plan, state: PlanState):
        self.plan = plan
        self.round: Round = plan.round
        self.state = state
        self.lines = plan.catalogue.lines

    def num(self, code: str, period: str) -> Decimal | None:
        if code not in self.lines:
            return None
        return self.plan.number(code, period)

    def text(self, code: str, period: str) -> str | None:
        if code not in self.lines:
            return None
        value = self.plan.value(code, period)
        return value if isinstance(value, str) else None

    def t(self, name: str) -> Decimal:
        """A threshold of the round (a number)."""
        return self.round.threshold(name)

    def line_named(self, name: str) -> str:
        """A line the round names by a threshold (e.g. the control-total measure)."""
        return self.round.thresholds[name]

    def year_setting(self, year: str, name: str) -> object:
        """A figure the round sets per plan year (e.g. the severity of P01 that year)."""
        return self.round.year_setting(year, name)

    def has(self, code: str) -> bool:
        return code in self.lines

    def zero_denominator(self, code: str, period: str) -> str | None:
        """Why a percentage cannot be computed in a period although its figures are
        entered ("Total G&A beds open is 0"), or None (computed, or not all entered)."""
        line = self.lines.get(code)
        formula = line.formula if line is not None else None
        if formula is None or not formula.is_ratio or formula.denominator is None:
            return None
        numerator = self.plan.number(formula.numerator or "", period)
        denominator = self.plan.number(formula.denominator, period)
        if numerator is None or denominator is None or denominator != 0:
            return None
        return f"{self.lines[formula.denominator].label} is 0"

    def years(self) -> Iterator[tuple[str, str]]:
        """(year code, label) of each plan year."""
        for year in self.round.years:
            yield year.code, year.label

    def months_of(self, year: str) -> tuple[str, ...]:
        return self.round.year(year).months

    def prior(self, year: str) -> str:
        """The period a year's flows grow from: the forecast outturn for the first plan
        year, the year before after it."""
        return self.round.growth_base(year)

    def position_before(self, year: str) -> str:
        """The month-end a year's stocks are compared with: the opening position for the
        first plan year, the last month of the year before after it."""
        return self.round.position_before(year)

    def is_first_year(self, year: str) -> bool:
        return self.round.is_first_year(year)

    def label(self, period: str) -> str:
        return self.round.label(period)

    def template_of(self, code: str) -> str:
        return self.lines[code].template


F = TypeVar("F", bound=Callable[..., Iterable["Finding"]])
RuleFunc = Callable[[Context], Iterable[Finding]]
LineRuleFunc = Callable[[Context, Line], Iterable[Finding]]
MetaRuleFunc = Callable[[Context, list[Finding]], Iterable[Finding]]


@dataclass(frozen=True, kw_only=True)
class Rule:
    id: str
    severity: str
    area: str
    kinds: tuple[str, ...]
    func: Callable[..., Iterable[Finding]]
    doc: str
    reads: tuple[str, ...] = ()  # the lines it reads (plan-wide rules), or STATE
    applies: Callable[[Line], bool] | None = None  # line rules only
    meta: bool = False  # reads the other rules' findings (runs last)
    thresholds: tuple[str, ...] = ()  # the round's figures it reads (thresholds, year settings)
    requires: tuple[str, ...] = ()  # lines without which it does not apply in a round
    sign_off: bool = False  # about the plan's sign-off (stage, approval, commentary), not figures
    approval: bool = False  # stands until the approval is recorded (after the version is frozen)

    @property
    def per_line(self) -> bool:
        return self.applies is not None

    def lines_read(self, round_: Round) -> tuple[str, ...]:
        """The lines the rule reads in ``round_``: those it declares, and those the round
        names by the thresholds it reads (the control-total measure)."""
        named = tuple(
            round_.thresholds[name]
            for name in self.thresholds
            if name in round_.figures and round_.figures[name].unit == "line"
        )
        return self.reads + tuple(code for code in named if code not in self.reads)

    def applies_to(self, catalogue: Catalogue) -> bool:
        """Whether the rule runs for plans of ``catalogue`` (its kind and round)."""
        return catalogue.org_kind in self.kinds and all(
            code in catalogue.lines for code in self.requires
        )


REGISTRY: dict[str, Rule] = {}

KINDS_PROVIDER = ("provider",)
KINDS_COMMISSIONER = ("commissioner",)
KINDS_ALL = ("provider", "commissioner")


def rule(
    rule_id: str,
    severity: str,
    area: str,
    *,
    kinds: tuple[str, ...],
    reads: tuple[str, ...],
    thresholds: tuple[str, ...] = (),
    requires: tuple[str, ...] = (),
    sign_off: bool = False,
    approval: bool = False,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a plan-wide rule; ``reads`` lists every line (or STATE) it depends on,
    ``thresholds`` every figure of the round it reads."""
    return _registrar(
        rule_id,
        severity,
        area,
        kinds=kinds,
        reads=reads,
        thresholds=thresholds,
        requires=requires,
        sign_off=sign_off,
        approval=approval,
    )


def line_rule(
    rule_id: str,
    severity: str,
    area: str,
    *,
    kinds: tuple[str, ...],
    applies: Callable[[Line], bool],
    thresholds: tuple[str, ...] = (),
) -> Callable[[LineRuleFunc], LineRuleFunc]:
    """Register a rule checked line by line over the lines ``applies`` selects."""
    return _registrar(rule_id, severity, area, kinds=kinds, applies=applies, thresholds=thresholds)


def meta_rule(
    rule_id: str, severity: str, area: str, *, kinds: tuple[str, ...], sign_off: bool = False
) -> Callable[[MetaRuleFunc], MetaRuleFunc]:
    """Register a rule over the other rules' findings and the plan state (runs last)."""
    return _registrar(
        rule_id, severity, area, kinds=kinds, reads=(STATE,), meta=True, sign_off=sign_off
    )


def _registrar(
    rule_id: str, severity: str, area: str, *, kinds: tuple[str, ...], **properties: Any
) -> Callable[[F], F]:
    """A decorator registering its function as the rule with these properties."""

    def register(func: F) -> F:
        _register(
            Rule(
                id=rule_id,
                severity=severity,
                area=area,
                kinds=kinds,
                func=func,
                doc=_doc(func),
                **properties,
            )
        )
        return func

    return register


def about_figures(findings: Iterable[Finding]) -> list[Finding]:
    """The findings about the plan's figures: without the sign-off checks (approval,
    commentary), which are about where the plan stands, not what it says."""
    return [f for f in findings if not REGISTRY[f.rule].sign_off]


def without_approval(findings: Iterable[Finding]) -> list[Finding]:
    """The findings without those that stand until the approval is recorded (the
    approval follows the version it approves, and what a board reads before it)."""
    return [f for f in findings if not REGISTRY[f.rule].approval]


def _doc(func: Callable[..., object]) -> str:
    return " ".join((func.__doc__ or "").split())


def _register(item: Rule) -> None:
    if item.id in REGISTRY:
        raise ValueError(f"rule {item.id} registered twice")
    if item.severity not in SEVERITIES:
        raise ValueError(f"rule {item.id}: unknown severity {item.severity}")
    REGISTRY[item.id] = item


def finding(
    ctx: Context,
    rule_id: str,
    line: str | None,
    period: str | None,
    message: str,
    *,
    severity: str | None = None,
    template: str | None = None,
    **figures: Decimal | str | None,
) -> Finding:
    """A finding of ``rule_id``; the template defaults to the line's."""
    return Finding(
        rule=rule_id,
        severity=severity or REGISTRY[rule_id].severity,
        template=template or (ctx.template_of(line) if line else ""),
        line=line,
        period=period,
        message=message,
        figures={k: str(v) for k, v in figures.items() if v is not None},
    )


class CheckEngine:
    """Findings of one plan, kept current as the plan changes.

    ``run_all`` checks everything; ``update(lines)`` re-runs only the rules that
    read those lines. ``findings()`` gives the current list, errors first.
    """

    def __init__(self, plan: Plan, state: PlanState | None = None):
        from . import load_rules

        load_rules()
        self.plan = plan
        self.state = state or PlanState()
        self.rules = [r for r in REGISTRY.values() if r.applies_to(plan.catalogue)]
        self._plan_rules = [r for r in self.rules if not r.per_line and not r.meta]
        self._meta_rules = [r for r in self.rules if r.meta]
        self._line_rules = [r for r in self.rules if r.per_line]
        self._readers: dict[str, list[Rule]] = {}
        for item in self._plan_rules:
            for code in item.lines_read(plan.round):
                self._readers.setdefault(code, []).append(item)
        self._applicable: dict[str, list[Line]] = {
            item.id: [line for line in plan.catalogue.lines.values() if item.applies(line)]
            for item in self._line_rules
            if item.applies is not None
        }
        self._by_rule: dict[str, list[Finding]] = {}
        self._by_line_rule: dict[tuple[str, str], list[Finding]] = {}
        order = {t.id: i for i, t in enumerate(plan.catalogue.templates)}
        self._template_order = order
        self._cached: list[Finding] | None = None

    # -- running -----------------------------------------------------------------------

    def run_all(self) -> list[Finding]:
        ctx = Context(self.plan, self.state)
        self._by_rule.clear()
        self._by_line_rule.clear()
        for item in self._plan_rules:
            self._run(item, ctx)
        for item in self._line_rules:
            for line in self._applicable[item.id]:
                self._run_line(item, ctx, line)
        self._cached = None
        return self.findings()

    def update(
        self, lines: Iterable[str], *, state: PlanState | None = None, plan: Plan | None = None
    ) -> list[Finding]:
        """Re-check after ``lines`` changed (use Plan.affected_lines) and/or the state;
        ``plan`` is the plan with those changes when it is a new one (a snapshot's)."""
        if plan is not None:
            self.plan = plan
        if state is not None:
            self.state = state
        ctx = Context(self.plan, self.state)
        changed = set(lines)
        due: dict[str, Rule] = {}
        for code in changed:
            for item in self._readers.get(code, ()):
                due[item.id] = item
        if state is not None:
            for item in self._readers.get(STATE, ()):
                due[item.id] = item
        for item in due.values():
            self._run(item, ctx)
        for item in self._line_rules:
            assert item.applies is not None
            for code in changed:
                line = self.plan.catalogue.lines.get(code)
                if line is not None and item.applies(line):
                    self._run_line(item, ctx, line)
        self._cached = None
        return self.findings()

    def _run(self, item: Rule, ctx: Context) -> None:
        self._by_rule[item.id] = _guarded(item, lambda: list(item.func(ctx)))

    def _run_line(self, item: Rule, ctx: Context, line: Line) -> None:
        found = _guarded(item, lambda: list(item.func(ctx, line)))
        if found:
            self._by_line_rule[(item.id, line.code)] = found
        else:
            self._by_line_rule.pop((item.id, line.code), None)

    # -- results -----------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """Every standing finding, errors first, then by template, rule, line and period."""
        if self._cached is None:
            found = [f for group in self._by_rule.values() for f in group]
            found += [f for group in self._by_line_rule.values() for f in group]
            ctx = Context(self.plan, self.state)
            for item in self._meta_rules:
                found += list(item.func(ctx, list(found)))
            found.sort(key=lambda f: f.sort_key(self._template_order))
            self._cached = found
        return self._cached

    def errors(self) -> list[Finding]:
        return [f for f in self.findings() if f.severity == "error"]


def _guarded(item: Rule, run: Callable[[], list[Finding]]) -> list[Finding]:
    """Run a rule; a decimal overflow on an absurd stored figure (which G02 names) skips
    the rule rather than stopping every check. It is logged, not hidden."""
    try:
        return run()
    except ArithmeticError:
        log.warning("rule %s skipped: a figure is out of range", item.id, exc_info=True)
        return []


def run_checks(plan: Plan, state: PlanState | None = None) -> list[Finding]:
    """All findings of ``plan``, errors first."""
    return CheckEngine(plan, state).run_all()
