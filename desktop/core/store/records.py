"""What a plan file holds, as plain values: no SQLAlchemy here.

The window imports these before the plan is opened (its first paint must not wait
for SQLAlchemy's import); ``planfile`` and ``schema`` use the same definitions.
"""

from __future__ import annotations

from dataclasses import dataclass

PLAN_SUFFIX = ".opplan"
#: ``PRAGMA application_id`` of every plan file: "OPPD".
APPLICATION_ID = 0x4F505044
#: ``PRAGMA user_version``: the schema revision this build writes.
SCHEMA_REVISION = 4


@dataclass(frozen=True)
class PlanInfo:
    plan_id: str
    org_code: str
    org_name: str
    org_kind: str
    round_id: str
    region: str
    created_at: str
    created_by: str
    app_version: str


@dataclass(frozen=True)
class CellChange:
    line: str
    period: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class AuditEntry:
    operation_id: int
    at: str
    user: str
    host: str
    operation: str
    subject: str
    line: str
    period: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class OperationEntry:
    """One operation of the audit trail: its name and, since schema 4, the operation
    itself as recorded data (JSON; None for older rows)."""

    id: int
    at: str
    user: str
    name: str
    record: str | None
