"""The engine: every rule of checks.md registered, incremental re-checks equal full runs."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.checks import CheckEngine, load_rules, run_checks
from desktop.core.checks.engine import Context, PlanState
from tests.helpers import plan_2017_19, sample_plan

SPEC = Path(__file__).resolve().parents[4] / "shared" / "domain" / "checks.md"


def spec_rules() -> dict[str, str]:
    text = SPEC.read_text(encoding="utf-8")
    return dict(re.findall(r"^\| ([GFAPTC]\d\d) \| (error|warning|info) \|", text, re.M))


@pytest.mark.skipif(not SPEC.exists(), reason="domain reference not beside the checkout")
def test_every_check_of_the_specification_is_a_rule_with_its_severity() -> None:
    registry = load_rules()
    expected = spec_rules()
    assert len(expected) == 44
    assert {rid: registry[rid].severity for rid in expected if rid in registry} == expected
    assert set(registry) == set(expected)
    for item in registry.values():
        assert len(item.doc) > 40, f"{item.id} needs a docstring saying what is looked for"


def test_rules_run_for_their_organisation_kind_only() -> None:
    provider = {f.rule[0] for f in run_checks(sample_plan("provider"), PlanState("final"))}
    commissioner = {f.rule[0] for f in run_checks(sample_plan("commissioner"), PlanState("final"))}
    assert "C" not in provider
    assert not {"F", "A", "P", "T"} & commissioner


def test_a_rule_whose_inputs_are_blank_reports_nothing_and_never_raises() -> None:
    for kind in ("provider", "commissioner"):
        plan = sample_plan(kind)
        plan.replace_all({})
        findings = run_checks(plan, PlanState("final", False))
        assert {f.rule for f in findings} <= {"G01", "G03", "G05"}


def test_every_rule_reads_only_lines_that_exist_or_say_so() -> None:
    registry = load_rules()
    for kind, plan in (("provider", sample_plan()), ("commissioner", sample_plan("commissioner"))):
        ctx = Context(plan, PlanState())
        for item in registry.values():
            if kind not in item.kinds:
                continue
            for code in item.reads:
                assert (
                    code == "@state"
                    or code in ctx.lines
                    or code in ("FIN.INC.08", "FIN.INC.09", "CFIN.EXP.10")
                ), (item.id, code)


def _edits(plan_kind: str):
    plan = sample_plan(plan_kind)
    cells = sorted(c for c in plan.stored_cells() if plan.line(c[0]).unit != "yn")
    return st.lists(
        st.tuples(
            st.sampled_from(cells),
            st.sampled_from(["0", "0.5", "1", "-3", "37", "1000", "250000", None, "x2"]),
        ),
        min_size=1,
        max_size=6,
    )


def _new_value(plan, cell, how):
    current = plan.stored(*cell)
    if how is None:
        return None
    if how == "x2":
        return current * 2 if isinstance(current, Decimal) else current
    return Decimal(how)


@pytest.mark.parametrize("kind", ["provider", "commissioner"])
def test_incremental_findings_equal_a_full_run(kind: str) -> None:
    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(edits=_edits(kind))
    def check(edits) -> None:
        plan = sample_plan(kind)
        engine = CheckEngine(plan, PlanState())
        engine.run_all()
        for cell, how in edits:
            affected = plan.apply({cell: _new_value(plan, cell, how)})
            engine.update(affected)
        fresh = run_checks(plan, PlanState())
        assert [(f.rule, f.line, f.period, f.severity, f.message) for f in engine.findings()] == [
            (f.rule, f.line, f.period, f.severity, f.message) for f in fresh
        ]

    check()


def test_incremental_after_state_changes() -> None:
    plan = sample_plan()
    engine = CheckEngine(plan, PlanState())
    engine.run_all()
    warnings = [f for f in engine.findings() if f.severity == "warning"]
    final = PlanState("final", True, {warnings[0].key: "Known; see narrative."})
    engine.update((), state=final)
    assert [f.rule for f in engine.findings()].count("G06") == len(warnings) - 1
    assert [f.rule for f in engine.findings()] == [f.rule for f in run_checks(plan, final)]


def test_2017_19_checks_run_for_both_years() -> None:
    plan = plan_2017_19("provider")
    findings = run_checks(plan)
    assert {f.period for f in findings if f.rule == "F03"} <= {"Y1", "Y2"}
    years = {f.period for f in findings if f.period in ("Y1", "Y2")}
    assert years == {"Y1", "Y2"}
