"""What an operation changed: ``PlanChanges``, told to everyone watching an open plan.

Each part is what one kind of view shows, so each view refreshes only when its part
changed: the grids read ``lines`` (and ``findings`` for their marks), the findings
list ``findings`` and ``commentary``, the review ``stage``, ``versions`` and
``approvals``, the window ``lock_lost``. A new kind of content adds its own part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .checks import Finding
from .store.records import CellChange

if TYPE_CHECKING:
    from .exchange.xlsx_import import WorkbookImport
    from .review.versions import Approval, Version

Key = tuple[str, str, str]


@dataclass(frozen=True)
class FindingChanges:
    """Findings that appeared, cleared, or still stand with another message or severity."""

    appeared: tuple[Finding, ...] = ()
    cleared: tuple[Finding, ...] = ()
    changed: tuple[Finding, ...] = ()  # as they stand now

    def __bool__(self) -> bool:
        return bool(self.appeared or self.cleared or self.changed)

    @property
    def listed(self) -> bool:
        """Whether the list of standing findings changed (not only their texts)."""
        return bool(self.appeared or self.cleared)

    @classmethod
    def between(cls, before: Iterable[Finding], after: Iterable[Finding]) -> FindingChanges:
        old = {f.key: f for f in before}
        new = {f.key: f for f in after}
        return cls(
            appeared=tuple(f for key, f in new.items() if key not in old),
            cleared=tuple(f for key, f in old.items() if key not in new),
            changed=tuple(
                f
                for key, f in new.items()
                if key in old and (old[key].message, old[key].severity) != (f.message, f.severity)
            ),
        )


@dataclass(frozen=True)
class PlanChanges:
    """What one operation (or a reload of the file) changed in the plan."""

    operation: str  # its name, as in the audit trail and the undo step
    #: The cells written, with their old and new text (None: blank).
    cells: tuple[CellChange, ...] = ()
    #: The lines whose figures changed: the cells' lines and the computed lines reading them.
    lines: frozenset[str] = frozenset()
    #: The findings that appeared, cleared or changed; None when the plan's findings had
    #: not been worked out before (nobody shows them yet), so there is nothing to compare.
    findings: FindingChanges | None = None
    stage: bool = False
    #: The findings whose commentary was added, changed or removed.
    commentary: frozenset[Key] = frozenset()
    versions: bool = False
    approvals: bool = False
    #: The plan turned read-only (another session took it over).
    lock_lost: bool = False
    #: How many values the operation was given (a CSV's rows, a paste's cells).
    given: int = 0
    #: What the operation made: the version submitted, the approval recorded (or the
    #: same approval recorded before), the workbook import's report.
    version: Version | None = field(default=None, compare=False)
    approval: Approval | None = field(default=None, compare=False)
    imported: WorkbookImport | None = field(default=None, compare=False)

    @property
    def beyond_figures(self) -> bool:
        """Whether anything besides the figures changed: what the checks read as the plan's
        state (``checks.PlanState``). A new kind of content adds its part here."""
        return bool(self.stage or self.commentary or self.versions or self.approvals)

    @property
    def count(self) -> int:
        """How many cells changed."""
        return len(self.cells)

    def __bool__(self) -> bool:
        return bool(
            self.cells
            or self.findings
            or self.stage
            or self.commentary
            or self.versions
            or self.approvals
            or self.lock_lost
        )
