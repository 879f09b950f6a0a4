"""Rules declare the round figures they read, as they declare the lines they read.

Every rule runs on complete plans of both kinds and both rounds and on perturbed ones,
through a Context that records each threshold and year setting it reads; what it
read must be exactly what it declared (the exported Parameters sheets print the
declarations, so a missing declaration is a figure the regional team never sees).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.checks import PlanState, Rule, load_rules
from desktop.core.checks.engine import Context, Finding
from desktop.core.plan import Plan
from tests.helpers import complete_plan, plan_2017_19, sample_plan

CHECKS = Path(__file__).resolve().parents[3] / "desktop" / "core" / "checks"
RULE_MODULES = ("general", "finance", "activity", "workforce", "commissioner")


class ThresholdRecorder(Context):
    """A Context that notes every figure of the round a rule reads."""

    def __init__(self, plan: Plan, state: PlanState) -> None:
        super().__init__(plan, state)
        self.read: set[str] = set()

    def t(self, name: str) -> Decimal:
        self.read.add(name)
        return super().t(name)

    def line_named(self, name: str) -> str:
        self.read.add(name)
        return super().line_named(name)

    def year_setting(self, year: str, name: str) -> object:
        self.read.add(name)
        return super().year_setting(year, name)


def _perturbed(kind: str) -> Plan:
    """The sample plan with figures that raise most checks (and grow the RTT list)."""
    plan = sample_plan(kind)
    months = plan.round.year("Y1").months
    edits: dict[tuple[str, str], Decimal | str | None] = {
        ("E.B.3a", months[-1]): Decimal(900000),
        ("E.B.18", months[-1]): Decimal(40),
        ("E.M.11a", months[-1]): Decimal(100),
    }
    if kind == "provider":
        edits |= {
            ("FIN.PAY.03", "M01"): Decimal(2500),
            ("FIN.BR.02", "Y1"): Decimal(2734),
            ("FIN.EFF.09", "M12"): Decimal(2900),
            ("FIN.PAR.CT", "Y1"): Decimal(5000),
        }
    else:
        edits |= {
            ("CFIN.EXP.01", "Y1"): Decimal(299000),
            ("CFIN.QIPP.05", "M12"): Decimal(5000),
        }
    plan.apply({cell: v for cell, v in edits.items() if cell[0] in plan.catalogue.lines})
    return plan


def _plans() -> list[Plan]:
    plans = []
    for kind in ("provider", "commissioner"):
        plans += [
            complete_plan(kind, "2019-20"),
            complete_plan(kind, "2017-19"),
            sample_plan(kind),
            plan_2017_19(kind),
            _perturbed(kind),
        ]
    return plans


def _read_by(item: Rule, plan: Plan) -> set[str]:
    """The round figures ``item`` reads when run on ``plan`` (every line of a line rule)."""
    ctx = ThresholdRecorder(plan, PlanState("final"))
    if item.meta:
        earlier: list[Finding] = []
        list(item.func(ctx, earlier))
    elif item.applies is not None:
        for line in plan.catalogue.lines.values():
            if item.applies(line):
                list(item.func(ctx, line))
    else:
        list(item.func(ctx))
    return ctx.read


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return _plans()


def test_every_rule_reads_exactly_the_round_figures_it_declares(plans: list[Plan]) -> None:
    problems = []
    for item in load_rules().values():
        declared = set(item.thresholds)
        union: set[str] = set()
        for plan in plans:
            if not item.applies_to(plan.catalogue):
                continue
            read = _read_by(item, plan)
            if read - declared:
                problems.append(f"{item.id} reads undeclared {sorted(read - declared)}")
            union |= read
        if union != declared:
            problems.append(
                f"{item.id} declares {sorted(declared)} but read {sorted(union)}: "
                f"never read {sorted(declared - union)}"
            )
    assert not problems, "\n".join(problems)


def test_declared_figures_are_figures_of_both_rounds() -> None:
    from desktop.core.catalogue import load_round

    for round_id in ("2019-20", "2017-19"):
        round_ = load_round(round_id)
        known = set(round_.figures) | set(round_.year_settings)
        for item in load_rules().values():
            assert set(item.thresholds) <= known, (round_id, item.id)


def test_rules_read_the_round_only_through_their_context() -> None:
    """No rule reaches round figures behind the Context's recording methods."""
    direct = re.compile(r"\.thresholds\b|\.threshold\(|\.attributes\b|round\.year_setting\(")
    for name in RULE_MODULES:
        text = (CHECKS / f"{name}.py").read_text(encoding="utf-8")
        assert not direct.findall(text), name
