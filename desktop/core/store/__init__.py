"""The plan file: SQLite as a document (open, lock, migrate, audit, back up).

``PlanFile`` is imported on first use: importing this package (for the plain
records) does not import SQLAlchemy, so the window can paint before it is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .records import PLAN_SUFFIX, AuditEntry, CellChange, PlanInfo

if TYPE_CHECKING:
    from .planfile import PlanFile

__all__ = ["PLAN_SUFFIX", "AuditEntry", "CellChange", "PlanFile", "PlanInfo"]


def __getattr__(name: str) -> Any:
    if name == "PlanFile":
        from .planfile import PlanFile

        return PlanFile
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
