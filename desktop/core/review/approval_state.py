"""Where the working copy stands against the board's (governing body's) approval."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..snapshot import PlanSnapshot


def approval_status(snapshot: PlanSnapshot) -> tuple[str, str]:
    """("approved" | "changed" | "none", the sentence saying where the working copy stands)."""
    current = snapshot.approval()
    if current is not None:
        version, approval = current
        return "approved", f"Approved: {approval.describe(version.label)}"
    approvals = snapshot.approvals
    if approvals:
        latest = approvals[-1]
        labels = {v.id: v.label for v in snapshot.versions}
        label = labels.get(latest.version_id, "a version")
        return (
            "changed",
            f"The working copy has changed since {label} was approved on "
            f"{latest.meeting_date}: it is no longer the approved plan",
        )
    versions = snapshot.versions
    if versions:
        return "none", f"Not yet approved (latest version: {versions[-1].label})"
    return "none", "Not yet approved: no version has been submitted"
