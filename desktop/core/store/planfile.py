"""The plan file: one SQLite file holding one organisation's plan for one round.

Opening checks the file before trusting it (header, application id, schema
revision, size, ``quick_check``); an editing session holds the file exclusively
(``lock.py``) and takes a rolling backup; every change is committed at once with
its audit rows. Errors a person can act on are raised as ``PlanFileError``
subclasses whose message names the file and the problem.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, insert, literal, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

from ... import __version__
from .. import errors
from ..paths import backups_dir
from .lock import PlanLock, current_host, current_user, read_holder
from .records import AuditEntry, CellChange, PlanInfo
from .schema import (
    APPLICATION_ID,
    SCHEMA_REVISION,
    ApprovalRow,
    AuditRow,
    CellRow,
    CommentaryRow,
    OperationRow,
    PlanRow,
    StageRow,
    VersionRow,
)

log = logging.getLogger(__name__)

ROLLING_BACKUPS = 10
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Header:
    application_id: int
    schema_revision: int
    page_size: int
    page_count: int


def now_text() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_header(path: Path) -> Header:
    """Read the SQLite header without opening the database (the file is not touched)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
        size = path.stat().st_size
    except FileNotFoundError:
        raise errors.PlanFileError(path, "no such file") from None
    except IsADirectoryError:
        raise errors.NotAPlanFile(path, "is a folder, not an OpPlan Desk plan file") from None
    except OSError as exc:
        raise errors.PlanStorageError(path, f"cannot be read: {exc.strerror}") from exc
    if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
        raise errors.NotAPlanFile(path, "is not an OpPlan Desk plan file")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    header = Header(
        application_id=int.from_bytes(head[68:72], "big", signed=False),
        schema_revision=int.from_bytes(head[60:64], "big", signed=True),
        page_size=page_size,
        page_count=int.from_bytes(head[28:32], "big"),
    )
    if header.application_id != APPLICATION_ID:
        raise errors.NotAPlanFile(
            path, "is a database, but not an OpPlan Desk plan file (wrong application id)"
        )
    if header.page_count and size < header.page_size * header.page_count:
        raise errors.DamagedPlanFile(
            path,
            f"is damaged: the file is truncated ({size:,} bytes of "
            f"{header.page_size * header.page_count:,}); restore it from a backup",
        )
    return header


def _make_engine(path: Path, mode: str) -> Engine:
    """An engine on one connection to ``path``; mode is ro, rw or rwc (create)."""
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    read_only = mode == "ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, isolation_level=None, timeout=5.0, check_same_thread=False
        )

    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=StaticPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in (
            "trusted_schema=OFF",
            "cell_size_check=ON",
            "mmap_size=0",
            "foreign_keys=ON",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=DELETE")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _storage_problem(path: Path, exc: Exception, doing: str) -> errors.PlanFileError:
    text = str(getattr(exc, "orig", exc)).lower()
    if "full" in text:
        return errors.PlanStorageError(path, f"{doing}: the disk is full; nothing was changed")
    if "readonly" in text or "read-only" in text or "permission" in text:
        return errors.PlanStorageError(
            path, f"{doing}: permission denied (the file or its folder is read-only for you)"
        )
    if "locked" in text or "busy" in text:
        return errors.PlanStorageError(
            path, f"{doing}: the file is busy in another program; try again"
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return errors.DamagedPlanFile(path, f"is damaged ({text}); restore it from a backup")
    if "unable to open" in text:
        return errors.PlanStorageError(path, f"{doing}: the file cannot be opened ({text})")
    return errors.PlanStorageError(path, f"{doing}: {text}")


def _atomic_backup(source: sqlite3.Connection, dest: Path) -> None:
    """Copy a live database with SQLite's backup API into ``dest`` atomically."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        target = sqlite3.connect(str(tmp))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, dest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class PlanFile:
    """An open plan file. Use ``PlanFile.create`` or ``PlanFile.open``; close when done."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        read_only: bool,
        reason: str,
        lock: PlanLock | None,
        revision: int,
    ):
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self.read_only_reason = reason
        self.schema_revision = revision
        self._lock = lock
        self.info = self._read_info()

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path, *, org_code: str, org_name: str, org_kind: str, round_id: str, region: str
    ) -> PlanFile:
        """Create a new, empty plan file at ``path`` (refused if a file is there)."""
        path = Path(path)
        if path.exists():
            raise errors.PlanFileError(path, "already exists; choose another name")
        lock = PlanLock(path)
        lock.acquire()
        engine = None
        try:
            engine = _make_engine(path, "rwc")
            with engine.begin() as conn:
                conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                from .migrate import upgrade_connection

                upgrade_connection(conn)
                conn.execute(
                    insert(PlanRow).values(
                        id=1,
                        plan_id=str(uuid.uuid4()),
                        org_code=org_code,
                        org_name=org_name,
                        org_kind=org_kind,
                        round_id=round_id,
                        region=region,
                        created_at=now_text(),
                        created_by=current_user(),
                        app_version=__version__,
                    )
                )
        except (OperationalError, DBAPIError, OSError) as exc:
            if engine is not None:
                engine.dispose()
            lock.release()
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            raise _storage_problem(path, exc, "cannot create the plan") from exc
        except BaseException:
            if engine is not None:
                engine.dispose()
            lock.release()
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            raise
        return cls(path, engine, False, "", lock, SCHEMA_REVISION)

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, take_over: bool = False) -> PlanFile:
        """Open a plan for editing (held exclusively) or, with read_only, for viewing.

        Raises NotAPlanFile, DamagedPlanFile, NewerPlanFile (open it read-only
        instead), PlanInUse (likewise) or PlanStorageError. ``take_over`` breaks
        another session's lock first (the user's choice, when its holder has gone).
        """
        path = Path(path)
        header = read_header(path)
        newer = header.schema_revision > SCHEMA_REVISION
        if newer and not read_only:
            raise errors.NewerPlanFile(
                path,
                f"was written by a newer version of OpPlan Desk (schema "
                f"{header.schema_revision}, this version reads {SCHEMA_REVISION}); "
                "it can only be opened read-only",
            )
        lock = None
        if not read_only:
            lock = PlanLock(path)
            if take_over:
                holder = lock.take_over()
                log.warning("%s: lock of %s taken over", path, holder)
            else:
                lock.acquire()
        engine = None
        try:
            engine = _make_engine(path, "ro" if read_only else "rw")
            cls._quick_check(path, engine)
            revision = header.schema_revision
            if revision < SCHEMA_REVISION and not read_only:
                cls._migrate(path, engine, revision)
                revision = SCHEMA_REVISION
            reason = ""
            if newer:
                reason = "written by a newer version of OpPlan Desk"
            elif read_only:
                reason = "opened read-only"
            plan = cls(path, engine, read_only, reason, lock, revision)
        except BaseException as exc:
            if engine is not None:
                engine.dispose()
            if lock is not None:
                lock.release()
            if isinstance(exc, (OperationalError, DBAPIError)):
                raise _storage_problem(path, exc, "cannot open the plan") from exc
            if isinstance(exc, OSError):
                raise _storage_problem(path, exc, "cannot open the plan") from exc
            raise
        if not read_only:
            plan.rolling_backup()
        return plan

    @staticmethod
    def _quick_check(path: Path, engine: Engine) -> None:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA quick_check").fetchall()
            conn.rollback()
        if [r[0] for r in rows] != ["ok"]:
            detail = "; ".join(str(r[0]) for r in rows[:3])
            raise errors.DamagedPlanFile(path, f"is damaged ({detail}); restore it from a backup")

    @classmethod
    def _migrate(cls, path: Path, engine: Engine, revision: int) -> None:
        from .migrate import upgrade_connection

        try:
            name = f"{path.stem}.before-schema-{SCHEMA_REVISION}.{_stamp()}.opplan"
            backup = backups_dir() / name
            with engine.connect() as conn:
                _atomic_backup(_driver(conn), backup)
                conn.rollback()
        except OSError as exc:
            raise errors.PlanStorageError(
                path,
                f"needs upgrading to this version's format, but the backup taken first "
                f"could not be written ({exc.strerror or exc}); nothing was changed",
            ) from exc
        with engine.begin() as conn:
            upgrade_connection(conn)

    def _read_info(self) -> PlanInfo:
        with self.engine.connect() as conn:
            row = conn.execute(select(PlanRow)).first()
            conn.rollback()
        if row is None:
            raise errors.DamagedPlanFile(self.path, "is damaged: it has no plan identity row")
        return PlanInfo(
            row.plan_id,
            row.org_code,
            row.org_name,
            row.org_kind,
            row.round_id,
            row.region,
            row.created_at,
            row.created_by,
            row.app_version,
        )

    # -- reading -----------------------------------------------------------------------

    def read_cells(self) -> dict[tuple[str, str], str]:
        """Every entered value, as stored text."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(CellRow.line, CellRow.period, CellRow.value)).all()
            conn.rollback()
        return {(line, period): value for line, period, value in rows}

    def audit(self, line: str | None = None) -> list[AuditEntry]:
        """The audit trail, oldest first; only ``line``'s rows when given."""
        query = (
            select(
                OperationRow.id,
                OperationRow.at,
                OperationRow.user,
                OperationRow.host,
                OperationRow.name,
                AuditRow.subject if self.schema_revision >= 2 else literal("value"),
                AuditRow.line,
                AuditRow.period,
                AuditRow.old,
                AuditRow.new,
            )
            .join(OperationRow, AuditRow.operation_id == OperationRow.id)
            .order_by(AuditRow.id)
        )
        if line is not None:
            query = query.where(AuditRow.line == line)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            conn.rollback()
        return [AuditEntry(*list(row)) for row in rows]

    # -- writing -----------------------------------------------------------------------

    def write_cells(
        self,
        changes: Mapping[tuple[str, str], str | None],
        operation: str,
        current: Mapping[tuple[str, str], str | None] | None = None,
    ) -> list[CellChange]:
        """Write values (None clears) as one transaction with one audit row per change.

        Cells whose value does not change are skipped. Returns what changed.
        ``current`` gives the cells' present text when the caller holds it (the open
        document mirrors the file it holds exclusively); otherwise it is read.
        """
        self._check_writable()
        try:
            with self.engine.begin() as conn:
                if current is None:
                    current = self._current(conn, changes)
                done = [
                    CellChange(line, period, current.get((line, period)), new)
                    for (line, period), new in changes.items()
                    if current.get((line, period)) != new
                ]
                if not done:
                    return []
                op_id = _new_operation(conn, operation)
                cleared = [(c.line, c.period) for c in done if c.new is None]
                for line, period in cleared:
                    conn.execute(
                        delete(CellRow).where(CellRow.line == line, CellRow.period == period)
                    )
                upserts = [c for c in done if c.new is not None]
                if upserts:
                    conn.exec_driver_sql(
                        "INSERT INTO cell (line, period, value) VALUES (?, ?, ?) "
                        "ON CONFLICT (line, period) DO UPDATE SET value = excluded.value",
                        [(c.line, c.period, c.new) for c in upserts],
                    )
                _audit(conn, op_id, "value", [(c.line, c.period, c.old, c.new) for c in done])

        except (OperationalError, DBAPIError) as exc:
            raise _storage_problem(self.path, exc, "the change could not be saved") from exc
        return done

    @staticmethod
    def _current(conn: Any, changes: Mapping[tuple[str, str], str | None]) -> dict:
        if len(changes) > 200:
            rows = conn.execute(select(CellRow.line, CellRow.period, CellRow.value)).all()
        else:
            rows = []
            for line, period in changes:
                row = conn.execute(
                    select(CellRow.line, CellRow.period, CellRow.value).where(
                        CellRow.line == line, CellRow.period == period
                    )
                ).first()
                if row is not None:
                    rows.append(row)
        return {(line, period): value for line, period, value in rows}

    def read_stage(self) -> tuple[str, int]:
        """The current stage: ("draft", N) or ("final", N of the last draft)."""
        if self.schema_revision < 2:  # an older file viewed read-only, not migrated
            return ("draft", 1)
        with self.engine.connect() as conn:
            row = conn.execute(select(StageRow.kind, StageRow.draft_number)).first()
            conn.rollback()
        return (row[0], row[1]) if row else ("draft", 1)

    def write_stage(self, kind: str, draft_number: int, operation: str) -> None:
        self._check_writable()
        old_kind, old_number = self.read_stage()
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(StageRow))
                conn.execute(insert(StageRow).values(id=1, kind=kind, draft_number=draft_number))
                op_id = _new_operation(conn, operation)
                _audit(
                    conn,
                    op_id,
                    "stage",
                    [("", "", f"{old_kind} {old_number}", f"{kind} {draft_number}")],
                )
        except (OperationalError, DBAPIError) as exc:
            raise _storage_problem(self.path, exc, "the stage could not be saved") from exc

    def read_commentary(self) -> dict[tuple[str, str, str], str]:
        """Every commentary, keyed by (rule, line, period) with '' for none."""
        if self.schema_revision < 2:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    CommentaryRow.rule, CommentaryRow.line, CommentaryRow.period, CommentaryRow.text
                )
            ).all()
            conn.rollback()
        return {(rule, line, period): text for rule, line, period, text in rows}

    def write_commentary(self, key: tuple[str, str, str], text: str | None, operation: str) -> bool:
        """Add, replace or (text None) remove a commentary; False when nothing changed."""
        self._check_writable()
        rule, line, period = key
        old = self.read_commentary().get(key)
        if old == text:
            return False
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    delete(CommentaryRow).where(
                        CommentaryRow.rule == rule,
                        CommentaryRow.line == line,
                        CommentaryRow.period == period,
                    )
                )
                if text is not None:
                    conn.execute(
                        insert(CommentaryRow).values(rule=rule, line=line, period=period, text=text)
                    )
                op_id = _new_operation(conn, operation)
                _audit(conn, op_id, f"commentary:{rule}", [(line, period, old, text)])
        except (OperationalError, DBAPIError) as exc:
            raise _storage_problem(self.path, exc, "the commentary could not be saved") from exc
        return True

    def read_versions(self) -> list[dict[str, Any]]:
        """Every submitted version, oldest first, as plain dicts of its columns."""
        return self._read_rows(VersionRow, 3)

    def read_approvals(self) -> list[dict[str, Any]]:
        return self._read_rows(ApprovalRow, 3)

    def _read_rows(self, table: Any, since_revision: int) -> list[dict[str, Any]]:
        if self.schema_revision < since_revision:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(select(table.__table__).order_by(table.id)).mappings().all()
            conn.rollback()
        return [dict(row) for row in rows]

    def add_version(self, values: dict[str, Any], operation: str) -> int:
        return self._add_row(VersionRow, values, "version", values["label"], operation)

    def add_approval(self, values: dict[str, Any], operation: str) -> int:
        return self._add_row(ApprovalRow, values, "approval", values["body"], operation)

    def _add_row(
        self, table: Any, values: dict[str, Any], subject: str, summary: str, operation: str
    ) -> int:
        self._check_writable()
        try:
            with self.engine.begin() as conn:
                key = conn.execute(insert(table).values(**values)).inserted_primary_key
                assert key is not None
                op_id = _new_operation(conn, operation)
                _audit(conn, op_id, subject, [("", "", None, summary)])
        except (OperationalError, DBAPIError) as exc:
            raise _storage_problem(self.path, exc, f"the {subject} could not be saved") from exc
        return int(key[0])

    def _check_writable(self) -> None:
        if self.read_only:
            raise errors.ReadOnlyPlan(self.path, f"is open read-only ({self.read_only_reason})")

    # -- copies and backups ------------------------------------------------------------

    def save_copy(self, dest: Path) -> Path:
        """Write a consistent copy of the plan to ``dest`` (atomic: all or nothing)."""
        dest = Path(dest)
        if dest.resolve() == self.path.resolve():
            raise errors.PlanFileError(dest, "is the plan itself; choose another name")
        holder = read_holder(dest)
        if holder is not None and not PlanLock.is_stale(holder):
            raise errors.PlanInUse(dest, holder)  # never replace a plan someone is editing
        try:
            with self.engine.connect() as conn:
                _atomic_backup(_driver(conn), dest)
                conn.rollback()
        except OSError as exc:
            raise _storage_problem(dest, exc, "cannot save a copy") from exc
        except sqlite3.Error as exc:
            raise _storage_problem(dest, exc, "cannot save a copy") from exc
        return dest

    def rolling_backup(self) -> Path | None:
        """Keep the last ROLLING_BACKUPS copies of this plan in the user's data folder.

        A failed backup never stops the user working: it returns None.
        """
        folder = backups_dir() / self.info.plan_id
        try:
            folder.mkdir(parents=True, exist_ok=True)
            dest = folder / f"{self.path.stem}.{_stamp()}.opplan"
            self.save_copy(dest)
            kept = sorted(folder.glob("*.opplan"), key=lambda p: p.stat().st_mtime)
            for old in kept[:-ROLLING_BACKUPS]:
                old.unlink()
        except (OSError, errors.PlanFileError):
            return None
        return dest

    # -- closing -----------------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> PlanFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _new_operation(conn: Any, name: str) -> int:
    key = conn.execute(
        insert(OperationRow).values(
            at=now_text(),
            user=current_user(),
            host=current_host(),
            name=name,
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def _audit(
    conn: Any, op_id: int, subject: str, rows: list[tuple[str, str, str | None, str | None]]
) -> None:
    conn.execute(
        insert(AuditRow),
        [
            {
                "operation_id": op_id,
                "subject": subject,
                "line": line,
                "period": period,
                "old": old,
                "new": new,
            }
            for line, period, old, new in rows
        ],
    )


def _driver(conn: Any) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLAlchemy connection (for the backup API)."""
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
