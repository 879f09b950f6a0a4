"""Stage and commentary: stored in the plan file with the audit trail."""

from pathlib import Path

import pytest

from desktop.core.errors import BadInput
from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def test_final_is_refused_while_errors_stand_with_the_list(trust: Path) -> None:
    with PlanSession.open(trust) as doc:
        doc.set_cells({("FIN.PAY.03", "M01"): "50000"}, "typing")  # agency over the ceiling
        with pytest.raises(BadInput) as caught:
            doc.set_stage("final")
        assert any(p.startswith("F03 FIN.PAY.03 Y1") for p in caught.value.problems)
        assert doc.snapshot().stage.label == "Draft 1"


def test_draft_numbers_follow_finals(trust: Path) -> None:
    with PlanSession.open(trust) as doc:
        assert doc.snapshot().stage.label == "Draft 1"
        assert doc.set_stage("draft").label == "Draft 1"
        assert doc.set_stage("final").label == "Final"
        assert doc.set_stage("draft").label == "Draft 2"
        assert doc.set_stage("final").label == "Final"
        assert doc.set_stage("draft").label == "Draft 3"
    with PlanSession.open(trust) as doc:
        assert doc.snapshot().stage.label == "Draft 3"
        subjects = [a for a in doc.file.audit() if a.subject == "stage"]
        assert [a.new for a in subjects] == ["final 1", "draft 2", "final 2", "draft 3"]


def test_commentary_is_stored_audited_and_shown_with_its_finding(trust: Path) -> None:
    with PlanSession.open(trust) as doc:
        warning = next(f for f in doc.findings() if f.severity == "warning")
        doc.set_stage("final")
        g06 = [f for f in doc.findings() if f.rule == "G06"]
        doc.set_commentary(
            warning.rule,
            warning.line,
            warning.period,
            "=Board accepted the risk; see narrative p.4",
        )
        assert len([f for f in doc.findings() if f.rule == "G06"]) == len(g06) - 1
    with PlanSession.open(trust) as doc:
        assert (
            doc.snapshot().commentary_for(warning) == "=Board accepted the risk; see narrative p.4"
        )
        [entry] = [a for a in doc.file.audit() if a.subject.startswith("commentary:")]
        assert entry.subject == f"commentary:{warning.rule}" and entry.old is None
        doc.set_commentary(warning.rule, warning.line, warning.period, "")
        assert doc.snapshot().commentary_for(warning) is None


def test_commentary_on_a_finding_that_does_not_stand_is_refused(trust: Path) -> None:
    with PlanSession.open(trust) as doc, pytest.raises(BadInput, match="no finding F03"):
        doc.set_commentary("F03", "FIN.PAY.03", "Y1", "not needed")


def test_commentary_stays_attached_while_the_finding_stands(trust: Path) -> None:
    with PlanSession.open(trust) as doc:
        warning = next(f for f in doc.findings() if f.rule == "F07")
        doc.set_commentary("F07", warning.line, warning.period, "Schemes being worked up")
        total = doc.plan.value("FIN.EFF.09", "M12")
        doc.set_cells({("FIN.EFF.09", "M12"): str(total + 5)}, "typing")  # figures change
        again = next(f for f in doc.findings() if f.rule == "F07")
        assert again.message != warning.message
        assert doc.snapshot().commentary_for(again) == "Schemes being worked up"
