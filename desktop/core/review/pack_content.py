"""What a board pack shows, decided without Qt.

Which figures (a submitted version or the working copy), their label and one-line
description, whether an approval applies to exactly them, the findings shown, the
comparison with the previous version, and the sentences the pack says about them.
The PDF pages (desktop.ui.review.boardpack_pages) only lay this out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..checks import Finding, without_approval
from ..snapshot import PlanSnapshot
from .compare import CellDiff, Comparison, compare
from .versions import Approval, Version

LARGEST_CHANGES = 25  # the changes page lists at most this many changed cells
APPROVAL_FIELDS = ("Approving body", "Meeting date", "Approver's name", "Role", "Minute reference")


@dataclass
class PackContent:
    """The figures the pack shows (the working copy or a submitted version) and their story."""

    label: str  # Draft 1, or Working copy
    description: str  # one line for the cover
    content_hash: str
    snapshot: PlanSnapshot  # the figures shown
    findings: list[dict]
    version: Version | None  # the version shown, or the one the working copy is identical to
    approval: tuple[Version, Approval] | None  # the approval of exactly these figures
    previous: Comparison | None  # the changes since the previous version
    previous_label: str | None
    other_approval: str | None = None  # an approval of something else, for the record
    counts: dict[str, int] = field(default_factory=dict)  # findings by severity

    @property
    def approved(self) -> bool:
        return self.approval is not None

    def headline_findings(self) -> list[Finding]:
        return [
            Finding(f["rule"], f["severity"], f["template"], f["line"], f["period"], f["message"])
            for f in self.findings
        ]


@dataclass(frozen=True)
class ShownFinding:
    """One finding as the findings table lists it."""

    severity: str  # error or warning
    rule: str
    line: str
    period: str  # the period's label where the round knows it
    message: str
    commentary: str  # "" when there is none yet


def pack_content(snapshot: PlanSnapshot) -> PackContent:
    """What the pack of ``snapshot`` shows: a submitted version, or the working copy."""
    versions = list(snapshot.versions)
    version = snapshot.version
    if version is None:
        version_like = snapshot.same_version()
        findings = snapshot.as_dicts(without_approval(snapshot.findings()))
    else:
        version_like = version
        findings = list(version.findings)
    approved = snapshot.approval()
    if version_like is not None:
        label = version_like.label
        description = (
            f"{version_like.label}, submitted {version_like.created_at[:10]} "
            f"by {version_like.created_by}"
        )
        index = [v.id for v in versions].index(version_like.id)
        before = versions[index - 1] if index > 0 else None
        right = str(version_like.id)
    else:
        label = "Working copy"
        latest = versions[-1] if versions else None
        description = f"The working copy at {snapshot.stage.label}, not submitted" + (
            f" (changed since {latest.label})" if latest else ""
        )
        before = latest
        right = "working"
    previous = None
    if before is not None:
        previous = compare(snapshot.at(str(before.id)), snapshot.at(right))
    other = None
    if approved is None and snapshot.approvals:
        last = snapshot.approvals[-1]
        names = {v.id: v.label for v in versions}
        other = last.describe(names.get(last.version_id, "another version"))
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in ("error", "warning")}
    return PackContent(
        label,
        description,
        snapshot.content_hash,
        snapshot,
        findings,
        version_like,
        approved,
        previous,
        before.label if before else None,
        other,
        counts,
    )


# -- what the pack says ----------------------------------------------------------------------


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def approving_body(snapshot: PlanSnapshot) -> str:
    """Who approves the plan (round data): a trust's board or a CCG's governing body."""
    return snapshot.round.kind(snapshot.info.org_kind).approving_body


def pack_title(snapshot: PlanSnapshot) -> str:
    """The pack's name on the cover (round data): Board pack or Governing body pack."""
    return snapshot.round.kind(snapshot.info.org_kind).pack_title


def cover_facts(
    snapshot: PlanSnapshot, content: PackContent, today: dt.date
) -> list[tuple[str, str]]:
    """The labelled facts on the cover: version, hash, organisation, date, checks."""
    info = snapshot.info
    return [
        ("Version", content.description),
        ("Content hash", content.content_hash),
        ("Organisation", f"{info.org_name} ({info.org_code})"),
        ("Prepared", today.strftime("%d %B %Y").lstrip("0")),
        (
            "Review checks",
            f"{plural(content.counts.get('error', 0), 'error')}, "
            f"{plural(content.counts.get('warning', 0), 'warning')}",
        ),
    ]


def recommendation(snapshot: PlanSnapshot) -> str:
    """What the board is asked to do (on the cover of a pack not yet approved)."""
    return (
        f"The {approving_body(snapshot)} is asked to review the operational plan for "
        f"{snapshot.round.name}: its headline figures, the findings of the regional "
        "review checks with their commentary, and the changes since the previous "
        "version; and to approve it for submission to NHS England and NHS Improvement."
    )


def approval_status(content: PackContent) -> tuple[str, list[str]]:
    """The approval block: its heading (Approved, Not approved) and its sentences."""
    if content.approval is not None:
        version, approval = content.approval
        return "Approved", [
            approval.describe(version.label) + ".",
            f"Approval recorded {approval.recorded_at[:10]} by {approval.recorded_by}, "
            f"against content hash {approval.content_hash[:12]}: it applies to exactly "
            "the figures in this pack.",
        ]
    lines = [
        f"{'The working copy' if content.version is None else content.label} "
        "has not been approved. "
        "This pack is a draft for review; no approval applies to these figures."
    ]
    if content.other_approval:
        lines.append(
            f"For the record: {content.other_approval}; that approval does not cover this pack."
        )
    return "Not approved", lines


def approval_intro(content: PackContent) -> str:
    """The approval page's opening: what the pack shows and what an approval covers."""
    shows = content.description
    if content.version is None:
        shows = shows[:1].lower() + shows[1:]
    return (
        f"This pack shows {shows}, content hash {content.content_hash}. "
        "An approval is recorded in OpPlan Desk against "
        "a submitted version and its content hash; any later change to the figures or the "
        "commentary means the working copy is no longer the approved plan."
    )


def approval_record(
    snapshot: PlanSnapshot, content: PackContent
) -> tuple[str, list[tuple[str, str]]]:
    """The approval page's record: a heading and its (name, value) lines, blank to complete
    at the meeting or filled in from the recorded approval."""
    if content.approval is None:
        heading = f"To be completed at the {approving_body(snapshot)} meeting"
        return heading, [(name, "") for name in (*APPROVAL_FIELDS, "Signature")]
    version, approval = content.approval
    values = (
        approval.body,
        approval.meeting_date,
        approval.approver,
        approval.role,
        approval.minute,
        f"{version.label}, content hash {approval.content_hash[:12]}",
    )
    names = (*APPROVAL_FIELDS, "Version approved")
    return "The approval as recorded", list(zip(names, values, strict=True))


def shown_findings(snapshot: PlanSnapshot, content: PackContent) -> list[ShownFinding]:
    """The findings table's entries, with the periods as the round labels them."""
    labels = snapshot.round
    shown = []
    for f in content.findings:
        period = f.get("period") or ""
        shown.append(
            ShownFinding(
                f["severity"],
                f["rule"],
                f.get("line") or "",
                labels.label(period) if period in labels.periods else period,
                f["message"],
                f.get("commentary") or "",
            )
        )
    return shown


def findings_summary(content: PackContent) -> str:
    """The findings page's subtitle: how many errors and warnings stand."""
    counts = content.counts
    return (
        f"{plural(counts.get('error', 0), 'error')} and "
        f"{plural(counts.get('warning', 0), 'warning')} from the regional review checks. "
        "Errors must be fixed before Final; every warning needs a commentary."
    )


def no_previous(content: PackContent) -> str:
    """Why the changes page has nothing to compare."""
    if content.version is None:
        return (
            "No previous version: nothing has been submitted yet, so there is nothing "
            "to compare with."
        )
    return (
        f"No previous version: {content.version.label} is the first version "
        "submitted, so there is nothing to compare with."
    )


def largest_changes(cells: list[CellDiff]) -> list[CellDiff]:
    """The changed cells the pack lists: the largest differences first, at most 25."""
    ranked = sorted(
        cells, key=lambda d: abs(d.difference) if d.difference is not None else 0, reverse=True
    )
    return ranked[:LARGEST_CHANGES]


def change_summary(comparison: Comparison) -> str:
    """The changes page's subtitle: cells changed by template, findings appeared and cleared."""
    by_template: dict[str, int] = {}
    for diff in comparison.cells:
        by_template[diff.template] = by_template.get(diff.template, 0) + 1
    parts = ", ".join(f"{t} {n}" for t, n in by_template.items())
    shown = min(len(comparison.cells), LARGEST_CHANGES)
    largest = (
        f" The {shown} largest changes by size are listed."
        if len(comparison.cells) > LARGEST_CHANGES
        else ""
    )
    return (
        f"{comparison.left} to {comparison.right}: {plural(len(comparison.cells), 'cell')} changed"
        f"{f' ({parts})' if parts else ''}; {plural(len(comparison.appeared), 'finding')} "
        f"appeared and {len(comparison.cleared)} cleared.{largest}"
    )
