"""What the rule tests share: one rule's findings, what a rule reads, incremental re-checks."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.catalogue import Line
from desktop.core.checks import CheckEngine, PlanState, Rule, run_checks
from desktop.core.checks.engine import Context, Finding
from desktop.core.plan import Cell, Plan


def found(plan: Plan, rule_id: str) -> list[Finding]:
    """The findings of one rule on ``plan``."""
    return [f for f in run_checks(plan) if f.rule == rule_id]


class RecordingContext(Context):
    """A Context that notes every line a rule reads."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan, PlanState())
        self.read: set[str] = set()

    def num(self, code: str, period: str) -> Decimal | None:
        self.read.add(code)
        return super().num(code, period)

    def text(self, code: str, period: str) -> str | None:
        self.read.add(code)
        return super().text(code, period)


def lines_read(item: Rule, plan: Plan, line: Line | None = None) -> set[str]:
    """The lines ``item`` reads when run on ``plan`` (a line rule: on ``line``)."""
    ctx = RecordingContext(plan)
    list(item.func(ctx) if line is None else item.func(ctx, line))
    return ctx.read


def assert_reads_cover(item: Rule, plan: Plan, *, reads_something: bool = True) -> None:
    """Run ``item`` on ``plan``: its ``reads`` must name every line it read.

    With ``reads_something`` it must also have read at least one line.
    """
    read = lines_read(item, plan)
    if reads_something:
        assert read, item.id
    declared = set(item.lines_read(plan.round))
    assert read <= declared, (item.id, read - declared)


def assert_findings_follow_edits(
    plan: Plan, edits: list[dict[Cell, Decimal | None]], rules: tuple[str, ...]
) -> None:
    """Apply ``edits`` one by one: after each, the engine's incremental findings of ``rules``
    equal a full run's; between them the edits raise every rule of ``rules``."""
    engine = CheckEngine(plan, PlanState())
    engine.run_all()
    seen: set[str] = set()
    for changes in edits:
        engine.update(plan.apply(changes))
        fresh = run_checks(plan)
        mine = [(f.rule, f.line, f.period, f.message) for f in fresh if f.rule in rules]
        assert [
            (f.rule, f.line, f.period, f.message) for f in engine.findings() if f.rule in rules
        ] == mine
        seen |= {rule for rule, *_ in mine}
    assert seen == set(rules)
