"""A first, read-only look at a plan file, with the standard library's sqlite3 only.

The window paints the plan's first sheet from this while the plan is opened
properly (lock, checks of the file, backup, migrations: ``planfile``, which needs
SQLAlchemy, a large import). It reads only a file of this build's schema that says
it is a plan; anything else gives None, and opening the plan properly says why.
Nothing can be written through it.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import errors
from .records import (
    APPLICATION_ID,
    SCHEMA_REVISION,
    AuditEntry,
    CellChange,
    OperationEntry,
    PlanInfo,
)

log = logging.getLogger(__name__)

REASON = "still being opened"
_INFO_COLUMNS = (
    "plan_id, org_code, org_name, org_kind, round_id, region, created_at, created_by, app_version"
)


class PreviewFile:
    """A plan file open read-only for a first look; ``PreviewFile.open`` makes one."""

    read_only = True
    read_only_reason = REASON
    schema_revision = SCHEMA_REVISION
    # as on a plan file opened read-only: no lock held, taken or lost, no backup made
    on_lock_lost = None
    taken_from = None
    backup_problem = None

    def check_lock(self) -> bool:
        return False  # never writes

    def __init__(self, path: Path, connection: sqlite3.Connection, info: PlanInfo):
        self.path = path
        self._connection = connection
        self.info = info

    @classmethod
    def open(cls, path: Path) -> PreviewFile | None:
        """The file read-only, or None when it is not a plan of this build's schema or
        cannot be read (locked for a write, damaged, missing...)."""
        path = Path(path)
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5, isolation_level=None
            )
        except (sqlite3.Error, OSError, ValueError) as exc:
            log.info("%s: no preview (%s)", path, exc)
            return None
        try:
            for pragma in ("trusted_schema=OFF", "cell_size_check=ON", "mmap_size=0"):
                connection.execute(f"PRAGMA {pragma}")
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            revision = connection.execute("PRAGMA user_version").fetchone()[0]
            row = None
            if application_id == APPLICATION_ID and revision == SCHEMA_REVISION:
                row = connection.execute(f"SELECT {_INFO_COLUMNS} FROM plan").fetchone()
        except sqlite3.Error as exc:
            log.info("%s: no preview (%s)", path, exc)
            row = None
        if row is None:
            connection.close()
            return None
        return cls(path, connection, PlanInfo(*row))

    # -- reading -----------------------------------------------------------------------

    def _rows(self, sql: str) -> list[Any]:
        try:
            return self._connection.execute(sql).fetchall()
        except sqlite3.Error as exc:
            raise errors.PlanStorageError(self.path, f"cannot be read ({exc})") from exc

    def read_cells(self) -> dict[tuple[str, str], str]:
        rows = self._rows("SELECT line, period, value FROM cell")
        return {(line, period): value for line, period, value in rows}

    def read_stage(self) -> tuple[str, int]:
        rows = self._rows("SELECT kind, draft_number FROM stage")
        return (rows[0][0], rows[0][1]) if rows else ("draft", 1)

    def read_commentary(self) -> dict[tuple[str, str, str], str]:
        rows = self._rows("SELECT rule, line, period, text FROM commentary")
        return {(rule, line, period): text for rule, line, period, text in rows}

    def read_versions(self) -> list[dict[str, Any]]:
        return self._dicts("version")

    def read_approvals(self) -> list[dict[str, Any]]:
        return self._dicts("approval")

    def _dicts(self, table: str) -> list[dict[str, Any]]:
        cursor = self._connection.cursor()
        try:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except sqlite3.Error as exc:
            raise errors.PlanStorageError(self.path, f"cannot be read ({exc})") from exc
        finally:
            cursor.close()

    # -- what needs the plan opened properly ---------------------------------------------

    def _not_yet(self) -> errors.PlanFileError:
        return errors.ReadOnlyPlan(self.path, f"is {REASON}; try again in a moment")

    def audit(self, line: str | None = None) -> list[AuditEntry]:
        raise self._not_yet()

    def save_copy(self, dest: Path) -> Path:
        raise self._not_yet()

    def operations(self, after: int = 0) -> list[OperationEntry]:
        raise self._not_yet()

    def write_cells(
        self,
        changes: Mapping[tuple[str, str], str | None],
        operation: str,
        current: Mapping[tuple[str, str], str | None] | None = None,
        *,
        record: str | None = None,
    ) -> list[CellChange]:
        raise self._not_yet()

    def write_stage(
        self, kind: str, draft_number: int, operation: str, *, record: str | None = None
    ) -> None:
        raise self._not_yet()

    def write_commentary(
        self,
        key: tuple[str, str, str],
        text: str | None,
        operation: str,
        *,
        record: str | None = None,
    ) -> bool:
        raise self._not_yet()

    def add_version(
        self, values: dict[str, Any], operation: str, *, record: str | None = None
    ) -> int:
        raise self._not_yet()

    def add_approval(
        self, values: dict[str, Any], operation: str, *, record: str | None = None
    ) -> int:
        raise self._not_yet()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._connection.close()
