"""What every operation is: plain data that changes an open plan and says what changed.

An operation is a frozen dataclass. ``apply(before, file)`` checks it against the plan
as it stands (``before``, a snapshot), writes it to the plan file as one transaction
(recording itself with its name, through ``PlanWriter``), and returns the next
snapshot with the ``PlanChanges`` it made; it raises a UserError, writing nothing,
when the plan refuses it. ``to_record`` gives the operation as JSON-ready data: what
is recorded in the audit trail, so the operations of one copy can be replayed onto
another (``operations.decode``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from ..changes import PlanChanges
    from ..snapshot import PlanSnapshot
    from ..store.records import CellChange

Applied = tuple["PlanSnapshot", "PlanChanges"]


class PlanWriter(Protocol):
    """The writes of an open plan file (``store.planfile.PlanFile``): each one
    transaction, audited under the operation's name, with the operation recorded."""

    def write_cells(
        self,
        changes: Mapping[tuple[str, str], str | None],
        operation: str,
        current: Mapping[tuple[str, str], str | None] | None = None,
        *,
        record: str | None = None,
    ) -> list[CellChange]: ...

    def write_stage(
        self, kind: str, draft_number: int, operation: str, *, record: str | None = None
    ) -> None: ...

    def write_commentary(
        self,
        key: tuple[str, str, str],
        text: str | None,
        operation: str,
        *,
        record: str | None = None,
    ) -> bool: ...

    def add_version(
        self, values: dict[str, Any], operation: str, *, record: str | None = None
    ) -> int: ...

    def add_approval(
        self, values: dict[str, Any], operation: str, *, record: str | None = None
    ) -> int: ...


class Operation(Protocol):
    """A change to a plan, as data."""

    #: Its name in a record ("set_cells", "set_stage"...).
    kind: ClassVar[str]

    def apply(self, before: PlanSnapshot, file: PlanWriter) -> Applied: ...

    def to_record(self) -> dict[str, Any]: ...


def encode(operation: Operation) -> str:
    """The operation as recorded: JSON with its kind under "op"."""
    return json.dumps(
        {"op": operation.kind, **operation.to_record()}, ensure_ascii=False, sort_keys=True
    )
