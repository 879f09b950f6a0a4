"""The operations that change a plan, as plain data (``base`` says what they share).

``PlanSession.run(operation)`` applies one and returns its ``PlanChanges``. Each is
recorded in the plan file's audit trail as JSON (``encode``); ``decode`` reads one
back, so the operations of one copy can be replayed onto another.
"""

from __future__ import annotations

import json

from .base import Applied, Operation, PlanWriter, encode
from .signoff import Approve, SetCommentary, SetStage, Submit, commentary_key
from .values import ImportWorkbook, LoadCsv, SetCells

#: Every kind of operation, by its name in a record.
KINDS = {
    cls.kind: cls
    for cls in (SetCells, LoadCsv, ImportWorkbook, SetCommentary, SetStage, Submit, Approve)
}


def decode(record: str) -> Operation:
    """The operation ``encode`` recorded (ValueError when the record is not one)."""
    data = json.loads(record)
    kind = data.pop("op", None) if isinstance(data, dict) else None
    if kind not in KINDS:
        raise ValueError(f"not a recorded operation: {record[:80]!r}")
    operation: Operation = KINDS[kind].from_record(data)
    return operation


__all__ = [
    "KINDS",
    "Applied",
    "Approve",
    "ImportWorkbook",
    "LoadCsv",
    "Operation",
    "PlanWriter",
    "SetCells",
    "SetCommentary",
    "SetStage",
    "Submit",
    "commentary_key",
    "decode",
    "encode",
]
