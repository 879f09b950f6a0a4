"""The plan file's tables (SQLAlchemy 2 typed ORM).

A change here needs a migration under ``migrations/versions`` and a new
``SCHEMA_REVISION``; the migration tests open files of every past revision.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .records import APPLICATION_ID, SCHEMA_REVISION

__all__ = ["APPLICATION_ID", "SCHEMA_REVISION"]  # defined beside the plain records

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class PlanRow(Base):
    """The plan's identity: one row."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(36))
    org_code: Mapped[str] = mapped_column(String(16))
    org_name: Mapped[str] = mapped_column(Text)
    org_kind: Mapped[str] = mapped_column(String(16))
    round_id: Mapped[str] = mapped_column(String(16))
    region: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(Text)
    app_version: Mapped[str] = mapped_column(String(32))


class CellRow(Base):
    """One entered value. The text is the decimal exactly as entered (or Y/N)."""

    __tablename__ = "cell"

    line: Mapped[str] = mapped_column(String(32), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OperationRow(Base):
    """One named change (a typed value, a paste, a CSV load, an undo): one transaction."""

    __tablename__ = "operation"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    user: Mapped[str] = mapped_column(Text)
    host: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    #: The operation as data (JSON, ``desktop.core.operations``), for replaying. Since schema 4.
    record: Mapped[str | None] = mapped_column(Text)


class AuditRow(Base):
    """One change of an operation: old and new text (None = blank).

    ``subject`` says what changed: ``value`` (a cell), ``commentary:RULE`` (the
    commentary on a finding of RULE at line/period) or ``stage``.
    """

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_cell", "line", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operation.id"))
    subject: Mapped[str] = mapped_column(String(40), default="value", server_default="value")
    line: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(8))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)


class StageRow(Base):
    """The plan's current stage: Draft N or Final (one row). Since schema 2."""

    __tablename__ = "stage"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # draft | final
    draft_number: Mapped[int] = mapped_column()


class CommentaryRow(Base):
    """The explanation of a finding, keyed by rule, line and period ('' when none)."""

    __tablename__ = "commentary"

    rule: Mapped[str] = mapped_column(String(8), primary_key=True)
    line: Mapped[str] = mapped_column(String(32), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class VersionRow(Base):
    """A submitted version: the figures, findings and commentary frozen. Since schema 3."""

    __tablename__ = "version"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(16))  # Draft 1, Final
    stage_kind: Mapped[str] = mapped_column(String(8))
    draft_number: Mapped[int] = mapped_column()
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    cells: Mapped[str] = mapped_column(Text)  # JSON {"LINE|PERIOD": "text"}
    findings: Mapped[str] = mapped_column(Text)  # JSON list of findings with commentary
    commentary: Mapped[str] = mapped_column(Text)  # JSON {"RULE|LINE|PERIOD": "text"}
    #: Further kinds of content frozen with the version: JSON {kind: ...}. Since schema 4.
    content: Mapped[str] = mapped_column(Text, server_default="{}")


class ApprovalRow(Base):
    """The board's (or governing body's) approval of a version, tied to its content hash."""

    __tablename__ = "approval"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"))
    body: Mapped[str] = mapped_column(Text)
    meeting_date: Mapped[str] = mapped_column(String(10))
    approver: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)
    minute: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[str] = mapped_column(String(32))
    recorded_by: Mapped[str] = mapped_column(Text)


#: Columns added after a table was made: (table, column) -> the revision that added it.
#: A file of an older revision opened read-only (not migrated) is read without them.
ADDED_IN = {("operation", "record"): 4, ("version", "content"): 4}
