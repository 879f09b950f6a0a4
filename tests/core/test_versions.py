"""Versions, comparison and approval: frozen content tied to a content hash."""

from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.errors import BadInput
from desktop.core.review.compare import compare
from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def approve(doc: PlanSession, ref: str) -> None:
    doc.approve(
        ref,
        body="trust board",
        meeting_date="2019-03-28",
        approver="Jane Smith",
        role="Chair",
        minute="TB/19/042",
    )


def test_submitting_freezes_figures_findings_and_commentary(trust: Path) -> None:
    with PlanSession.open(trust) as doc:
        warning = next(f for f in doc.findings() if f.rule == "F07")
        doc.set_commentary("F07", warning.line, warning.period, "Schemes in development")
        version = doc.submit_version()
        assert version.label == "Draft 1" and len(version.content_hash) == 64
        doc.set_cells({("FIN.INC.02", "M01"): "1"}, "typing")  # the working copy moves on
    with PlanSession.open(trust, read_only=True) as doc:
        [frozen] = doc.snapshot().versions
        assert frozen.cells[("FIN.INC.02", "M01")] != "1"
        assert {f["rule"] for f in frozen.findings} == {"F07", "A06", "P03", "P04"}
        f07 = next(f for f in frozen.findings if f["rule"] == "F07")
        assert f07["commentary"] == "Schemes in development"
        assert [a.subject for a in doc.file.audit() if a.subject == "version"] == ["version"]


def test_the_same_draft_cannot_be_submitted_twice(trust: Path) -> None:
    with PlanSession.open(trust) as doc:
        doc.submit_version()
        with pytest.raises(BadInput, match="already been submitted"):
            doc.submit_version()
        assert doc.set_stage("draft").label == "Draft 2"  # a submitted draft moves on
        assert doc.submit_version().label == "Draft 2"


def test_compare_two_versions_differing_in_three_cells(trust: Path) -> None:
    with PlanSession.open(trust) as doc:
        doc.submit_version()
        doc.set_stage("draft")
        before = {
            c: doc.plan.stored(*c)
            for c in [("FIN.INC.02", "M01"), ("E.M.7a", "M05"), ("WF.NUR.SUB", "M12")]
        }
        doc.set_cells(
            {
                ("FIN.INC.02", "M01"): str(before[("FIN.INC.02", "M01")] + 100),
                ("E.M.7a", "M05"): str(before[("E.M.7a", "M05")] - 20),
                ("WF.NUR.SUB", "M12"): str(before[("WF.NUR.SUB", "M12")] + Decimal("1.5")),
            },
            "typing",
        )
        doc.submit_version()
        result = compare(doc.snapshot().at("Draft 1"), doc.snapshot().at("Draft 2"))
    assert [(d.line, d.period, d.difference) for d in result.cells] == [
        ("FIN.INC.02", "M01", Decimal(100)),
        ("E.M.7a", "M05", Decimal(-20)),
        ("WF.NUR.SUB", "M12", Decimal("1.5")),
    ]
    assert [d.template for d in result.cells] == ["FIN", "ACT", "WF"]
    assert len(result.for_template("ACT")) == 1
    csv_lines = result.to_csv().splitlines()
    assert csv_lines[0].endswith("Draft 1,Draft 2,difference") and len(csv_lines) == 4


def test_compare_shows_findings_that_appeared_and_cleared(trust: Path) -> None:
    with PlanSession.open(trust) as doc:
        doc.submit_version()
        doc.set_cells({("FIN.PAY.03", "M01"): "50000"}, "typing")  # F03 appears
        result = compare(doc.snapshot().at("1"), doc.snapshot().at("working"))
        assert "F03" in {f["rule"] for f in result.appeared}
        assert "F03" not in {f["rule"] for f in result.cleared}
        assert ("F03", "FIN.PAY.03", "Y1") in {
            (f["rule"], f["line"], f["period"]) for f in result.appeared
        }


def test_approval_is_tied_to_the_content_hash(trust: Path) -> None:
    with PlanSession.open(trust) as doc:
        version = doc.submit_version()
        approve(doc, "Draft 1")
        pair = doc.snapshot().approval()
        assert pair is not None and pair[0] == version
        assert pair[1].describe(version.label).startswith("Draft 1 approved by the trust board")
        doc.set_cells({("FIN.INC.02", "M01"): "1"}, "typing")
        assert doc.snapshot().approval() is None  # edited after approval: not the approved plan


def test_g05_clears_with_an_approved_final_and_returns_after_an_edit(trust: Path) -> None:
    with PlanSession.open(trust) as doc:
        for f in [f for f in doc.findings() if f.severity == "warning"]:
            doc.set_commentary(f.rule, f.line, f.period, "Explained in the narrative")
        doc.set_stage("final")
        assert {f.rule for f in doc.findings() if f.severity == "error"} == {"G05"}
        doc.submit_version()
        approve(doc, "Final")
        assert [f for f in doc.findings() if f.severity == "error"] == []
        doc.set_cells({("FIN.INC.02", "M01"): "1"}, "typing")
        assert "G05" in {f.rule for f in doc.findings() if f.severity == "error"}


def test_approval_details_are_validated(trust: Path) -> None:
    with PlanSession.open(trust) as doc:
        doc.submit_version()
        with pytest.raises(BadInput) as caught:
            doc.approve(
                "Draft 1", body="", meeting_date="28/03/2019", approver="J", role="Chair", minute=""
            )
        assert any("body" in p for p in caught.value.problems)
        assert any("not a date" in p for p in caught.value.problems)
        assert any("minute" in p for p in caught.value.problems)
        with pytest.raises(BadInput, match="no version 'Final'"):
            approve(doc, "Final")


def test_a_month_finding_of_year_2_does_not_colour_year_1() -> None:
    from desktop.core.checks import run_checks
    from desktop.core.review.headlines import headlines
    from tests.helpers import in_memory, plan_2017_19

    plan = plan_2017_19("provider")
    # diagnostics above 1% in the last quarter of 2018/19 only (M22-M24)
    for month in ("M22", "M23", "M24"):
        den = plan.value("E.B.4d", month)
        plan.apply({("E.B.4n", month): den // 10})
    findings = run_checks(plan)
    assert {f.period for f in findings if f.rule == "P05"} == {"M22"}
    status = {
        y: next(h for h in headlines(in_memory(plan), findings, y) if h.key == "diagnostics").status
        for y in ("Y1", "Y2")
    }
    assert status == {"Y1": "green", "Y2": "amber"}
