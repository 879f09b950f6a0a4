"""What the board pack shows, decided without Qt: the figures, their label and approval."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.review.pack_content import (
    approval_record,
    approval_status,
    change_summary,
    no_previous,
    pack_content,
)
from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession

APPROVAL = {
    "body": "trust board",
    "meeting_date": "2019-03-28",
    "approver": "Jane Smith",
    "role": "Chair",
    "minute": "TB/19/042",
}
APPROVED = "Draft 1 approved by the trust board on 2019-03-28: Jane Smith, Chair (minute TB/19/042)"


@pytest.fixture
def doc(tmp_path: Path) -> Iterator[PlanSession]:
    document = PlanSession.open(build_sample(sample("provider"), tmp_path / "t.opplan"))
    yield document
    document.close()


def test_a_draft_working_copy_is_shown_unapproved_with_nothing_to_compare(
    doc: PlanSession,
) -> None:
    content = pack_content(doc.snapshot())
    assert content.label == "Working copy"
    assert content.description == "The working copy at Draft 1, not submitted"
    assert content.content_hash == doc.snapshot().content_hash
    assert content.version is None and content.previous is None
    assert not content.approved and content.other_approval is None
    assert content.counts == {"error": 0, "warning": len(content.findings)}
    assert {f["rule"] for f in content.findings} == {f.rule for f in doc.findings()} - {"G05"}
    heading, lines = approval_status(content)
    assert heading == "Not approved"
    assert lines[0].startswith("The working copy has not been approved.")
    assert no_previous(content).startswith("No previous version: nothing has been submitted")
    heading, record = approval_record(doc.snapshot(), content)
    assert heading == "To be completed at the trust board meeting"
    assert record[-1] == ("Signature", "") and all(value == "" for _, value in record)


def test_an_approved_version_is_shown_approved(doc: PlanSession) -> None:
    version = doc.submit_version()
    doc.approve("Draft 1", **APPROVAL)
    for ref in (None, "Draft 1"):  # the working copy is that version; or asked for by name
        content = pack_content(doc.snapshot().at(ref))
        assert content.label == "Draft 1"
        assert content.content_hash == version.content_hash
        assert content.approved and content.approval is not None
        assert content.approval[0].id == version.id
        assert content.previous is None
        heading, lines = approval_status(content)
        assert heading == "Approved"
        assert lines[0] == APPROVED + "."
        heading, record = approval_record(doc.snapshot(), content)
        assert heading == "The approval as recorded"
        assert dict(record)["Minute reference"] == "TB/19/042"
        assert dict(record)["Version approved"] == f"Draft 1, content hash {version.short_hash}"


def test_a_working_copy_changed_after_approval_is_not_approved(doc: PlanSession) -> None:
    doc.submit_version()
    doc.approve("Draft 1", **APPROVAL)
    doc.set_cells({("FIN.INC.02", "M01"): "21000"}, "typing")
    content = pack_content(doc.snapshot())
    assert content.label == "Working copy"
    assert content.description.endswith("not submitted (changed since Draft 1)")
    assert not content.approved
    assert content.other_approval == APPROVED
    heading, lines = approval_status(content)
    assert heading == "Not approved"
    assert lines[-1] == f"For the record: {APPROVED}; that approval does not cover this pack."
    assert content.previous_label == "Draft 1"
    assert content.previous is not None
    assert [(d.line, d.period, d.new) for d in content.previous.cells] == [
        ("FIN.INC.02", "M01", "21000")
    ]
    assert change_summary(content.previous).startswith("Draft 1 to Working copy: 1 cell changed")
    # the approved version itself is still shown approved when asked for
    assert pack_content(doc.snapshot().at("Draft 1")).approved
