"""The plan file: SQLite as a document (open, lock, migrate, audit, back up)."""

from .planfile import PLAN_SUFFIX, AuditEntry, CellChange, PlanFile, PlanInfo

__all__ = ["PLAN_SUFFIX", "AuditEntry", "CellChange", "PlanFile", "PlanInfo"]
