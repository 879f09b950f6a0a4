"""Headline tiles: a tile's status comes from the checks about its figure only, and the
tile names the finding it shows (issue 10, fault 7); the figures are the calculator's
and the checks' own measures."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.checks import run_checks
from desktop.core.checks.text import money
from desktop.core.measures import growth, required_growth, to_decimal
from desktop.core.review.headlines import Headline, headlines
from tests.helpers import in_memory, sample_plan

D = Decimal


def by_key(plan, findings=None) -> dict[str, Headline]:
    findings = run_checks(plan) if findings is None else findings
    return {h.key: h for h in headlines(in_memory(plan), findings)}


def test_the_control_total_tile_is_not_red_because_the_bridge_does_not_reconcile() -> None:
    plan = sample_plan()
    bridge = plan.number("FIN.BR.09", "Y1")
    assert bridge is not None
    plan.apply({("FIN.BR.09", "Y1"): bridge + 5000})  # F09: the bridge is out by £5,000k
    findings = run_checks(plan)
    assert any(f.rule == "F09" and f.severity == "error" for f in findings)
    tile = by_key(plan, findings)["control_total"]
    assert tile.status == "green" and tile.finding is None
    assert tile.value == money(plan.number("FIN.CT.EXSF", "Y1") or D(0))


def test_the_rtt_waiting_list_tile_is_not_amber_because_of_the_rtt_percentage() -> None:
    plan = sample_plan()
    findings = run_checks(plan)
    assert any(f.rule == "P03" for f in findings)  # the sample's RTT % warning
    tile = by_key(plan, findings)["rtt_waiting_list"]
    assert tile.status == "green" and tile.finding is None


def test_a_tile_names_the_finding_that_sets_its_status() -> None:
    plan = sample_plan()
    tile = by_key(plan)["efficiency"]
    assert tile.status == "amber"
    assert tile.finding is not None and tile.finding.rule == "F07"
    assert tile.finding_text.startswith("F07: Unidentified savings 2019/20 £3,000k are 21.4%")


def test_an_error_of_the_tiles_own_check_turns_it_red_and_is_named_first() -> None:
    plan = sample_plan()
    plan.apply({("FIN.PAR.CT", "Y1"): D(5000)})  # F01: far short of the control total
    tile = by_key(plan)["control_total"]
    assert tile.status == "red"
    assert tile.finding is not None and tile.finding.rule == "F01"
    assert "more than the £1k tolerance" in tile.finding_text


def test_activity_tiles_follow_the_growth_band_on_their_own_line_only() -> None:
    plan = sample_plan()
    months = plan.round.year("Y1").months
    plan.apply({("E.M.8", m): D(20000) for m in months})  # first attendances +74%: A01
    tiles = by_key(plan)
    assert tiles["activity:E.M.8"].status == "amber"
    assert tiles["activity:E.M.8"].finding is not None
    assert tiles["activity:E.M.8"].finding.rule == "A01"
    assert tiles["activity:E.M.9"].status == "green"  # A04 (follow-up ratio) is not growth


def test_the_mhis_tile_shows_the_checks_own_required_growth() -> None:
    plan = sample_plan("commissioner")
    tile = by_key(plan)["mhis"]
    allocation = growth(
        plan.number("CFIN.ALL.01", "Y1") or 0, plan.number("CFIN.ALL.01", "FOT") or 1
    )
    uplift = plan.number("CFIN.PAR.MHUP", "Y1")
    assert allocation is not None and uplift is not None
    required = to_decimal(required_growth(allocation, uplift)).quantize(D("0.1"))
    assert tile.detail.startswith(f"Required {required.normalize():f}%")
    assert tile.value.startswith("+")


def test_a_blank_figure_greys_the_tile_out() -> None:
    plan = sample_plan()
    plan.apply({("FIN.EFF.01", "M03"): None})
    tile = by_key(plan)["efficiency"]
    assert (tile.status, tile.value) == ("grey", "not entered")
