"""The plan file: one SQLite file holding one organisation's plan for one round.

Opening lets SQLite recover an interrupted write first (``recovery.py``), then checks
the file before trusting it (header, application id, schema revision, size,
``quick_check``); an editing session holds the file exclusively (``lock.py``) and
takes a rolling backup (``backups.py``); every change is committed at once with its
audit rows, after checking that the session still holds the lock. A new plan is
built under a temporary name and renamed into place whole. Failures of the
environment are raised as ``PlanFileError`` subclasses naming the file and the cure
(``environment.py``); anything else is a bug and is let through.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, insert, literal, select
from sqlalchemy.exc import DBAPIError

from ... import __version__
from .. import errors
from . import atomic
from .environment import restore_advice, storage_error
from .lock import PlanLock, current_host, current_user
from .records import AuditEntry, CellChange, OperationEntry, PlanInfo
from .recovery import journal_path, recover
from .schema import (
    ADDED_IN,
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
from .sqlite_file import (
    check_is_file,
    copy_database,
    driver,
    make_engine,
    read_header,
)

log = logging.getLogger(__name__)


def now_text() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
        #: Called once when another session takes the plan over (this one turns read-only).
        self.on_lock_lost: Callable[[errors.LockLost], None] | None = None
        #: Why the rolling backup taken at opening failed, if it did (tell the user once).
        self.backup_problem: str | None = None
        #: Whose lock this session took over when it opened (another computer's), if any.
        self.taken_from: dict[str, object] | None = None
        self.info = self._read_info()

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        org_code: str,
        org_name: str,
        org_kind: str,
        round_id: str,
        region: str,
        cells: Mapping[tuple[str, str], str] | None = None,
        operation: str = "New plan",
    ) -> PlanFile:
        """Create a new plan file at ``path`` (refused if a file is there), holding
        ``cells`` (e.g. parameter defaults) written by ``operation``.

        All or nothing: the plan is built under a temporary name in the same folder
        and given its name only when complete; a failure leaves nothing behind.
        """
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise errors.PlanFileError(path, "already exists; choose another name")
        if not path.parent.is_dir():
            raise errors.PlanFileError(
                path, f"cannot create the plan: there is no folder {path.parent}"
            )
        lock = PlanLock(path)
        lock.acquire()
        tmp = atomic.temp_path(path)
        engine = None
        try:
            atomic.clean_leftovers(path.parent)
            build = make_engine(tmp, "rwc")
            try:
                with build.begin() as conn:
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
                    if cells:
                        _write_cells(conn, operation, cells)
            finally:
                build.dispose()
            try:
                atomic.place_new(tmp, path)
            except FileExistsError:
                raise errors.PlanFileError(path, "already exists; choose another name") from None
            engine = make_engine(path, "rw")
            return cls(path, engine, False, "", lock, SCHEMA_REVISION)
        except BaseException as exc:
            if engine is not None:
                engine.dispose()
            lock.release()
            for leftover in (tmp, journal_path(tmp)):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
            if isinstance(exc, Exception) and not isinstance(exc, errors.PlanFileError):
                problem = storage_error(path, exc, "cannot create the plan")
                if problem is not None:
                    raise problem from exc
            raise

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, take_over: bool = False) -> PlanFile:
        """Open a plan for editing (held exclusively) or, with read_only, for viewing.

        An interrupted write is rolled back first. Raises NotAPlanFile,
        DamagedPlanFile, NewerPlanFile (open it read-only instead), PlanInUse
        (likewise), InterruptedPlan or PlanStorageError. ``take_over`` takes the lock
        from another computer's session (the user's choice, after a warning naming
        it); a live session of this computer is never taken over.
        """
        path = Path(path)
        check_is_file(path)
        lock = None
        taken_from = None
        if not read_only:
            lock = PlanLock(path)
            if take_over:
                taken_from = lock.take_over()
            else:
                lock.acquire()
        engine = None
        try:
            recover(path)
            header = read_header(path)
            newer = header.schema_revision > SCHEMA_REVISION
            if newer and not read_only:
                raise errors.NewerPlanFile(
                    path,
                    f"was written by a newer version of OpPlan Desk (schema "
                    f"{header.schema_revision}, this version reads {SCHEMA_REVISION}); "
                    "it can only be opened read-only",
                )
            if not read_only:
                atomic.clean_leftovers(path.parent)
            engine = make_engine(path, "ro" if read_only else "rw")
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
            plan.taken_from = taken_from
        except BaseException as exc:
            if engine is not None:
                engine.dispose()
            if lock is not None:
                lock.release()
            if isinstance(exc, Exception) and not isinstance(exc, errors.PlanFileError):
                problem = storage_error(path, exc, "cannot open the plan")
                if problem is not None:
                    raise problem from exc
            raise
        if not read_only:
            plan._take_rolling_backup()
        return plan

    @staticmethod
    def _quick_check(path: Path, engine: Engine) -> None:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA quick_check").fetchall()
            conn.rollback()
        if [r[0] for r in rows] != ["ok"]:
            detail = "; ".join(str(r[0]) for r in rows[:3])
            raise errors.DamagedPlanFile(path, f"is damaged ({detail}); {restore_advice(path)}")

    @classmethod
    def _migrate(cls, path: Path, engine: Engine, revision: int) -> None:
        """Back the file up, then bring it to this version's schema in one transaction."""
        from .backups import upgrade_backup_path
        from .migrate import upgrade_connection

        backup = upgrade_backup_path(path)
        try:
            atomic.clean_leftovers(backup.parent)
            with engine.connect() as conn:
                copy_database(driver(conn), backup)
                conn.rollback()
        except (OSError, sqlite3.Error) as exc:
            problem = storage_error(backup, exc, "cannot write the backup")
            if problem is None:
                raise
            detail = getattr(problem, "problem", str(problem))
            raise errors.PlanStorageError(
                path,
                f"needs upgrading to this version's format, but the backup taken first "
                f"could not be written to {backup.parent} ({detail}); nothing was changed",
            ) from exc
        try:
            with engine.begin() as conn:
                upgrade_connection(conn)
        except DBAPIError as exc:
            if storage_error(path, exc, "") is not None:
                raise
            # Not the disk's fault: the file holds what its format version says it
            # cannot (made or changed by another program). Kept in the log for support.
            log.exception("%s: the upgrade to schema %s failed", path, SCHEMA_REVISION)
            raise errors.PlanFileError(
                path,
                f"cannot be upgraded to this version's format: its contents are not what "
                f"its format version {revision} says ({exc.orig}); nothing was changed, "
                "and it can still be opened read-only",
            ) from exc

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

    def operations(self, after: int = 0) -> list[OperationEntry]:
        """The operations after the one numbered ``after``, oldest first, each with the
        operation as recorded (None in a row older than schema 4)."""
        record = OperationRow.record if self.schema_revision >= 4 else literal(None)
        query = (
            select(OperationRow.id, OperationRow.at, OperationRow.user, OperationRow.name, record)
            .where(OperationRow.id > after)
            .order_by(OperationRow.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            conn.rollback()
        return [OperationEntry(int(i), at, user, name, rec) for i, at, user, name, rec in rows]

    # -- writing -----------------------------------------------------------------------

    def write_cells(
        self,
        changes: Mapping[tuple[str, str], str | None],
        operation: str,
        current: Mapping[tuple[str, str], str | None] | None = None,
        *,
        record: str | None = None,
    ) -> list[CellChange]:
        """Write values (None clears) as one transaction with one audit row per change.

        Cells whose value does not change are skipped. Returns what changed.
        ``current`` gives the cells' present text when the caller holds it (the open
        plan mirrors the file it holds exclusively); otherwise it is read. ``record``
        is the operation as data, kept with its name.
        """
        with self._writing("the change could not be saved") as conn:
            if current is None:
                current = self._current(conn, changes)
            return _write_cells(conn, operation, changes, current, record)

    @contextmanager
    def _writing(self, doing: str) -> Iterator[Any]:
        """One write transaction, begun only while this session still holds the lock;
        a failure of the environment becomes a typed error, the change rolled back."""
        self._check_writable()
        try:
            with self.engine.begin() as conn:
                yield conn
        except (DBAPIError, sqlite3.Error, OSError) as exc:
            problem = storage_error(self.path, exc, doing)
            if problem is None:
                raise
            raise problem from exc

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

    def write_stage(
        self, kind: str, draft_number: int, operation: str, *, record: str | None = None
    ) -> None:
        old_kind, old_number = self.read_stage()
        with self._writing("the stage could not be saved") as conn:
            conn.execute(delete(StageRow))
            conn.execute(insert(StageRow).values(id=1, kind=kind, draft_number=draft_number))
            op_id = _new_operation(conn, operation, record)
            _audit(
                conn,
                op_id,
                "stage",
                [("", "", f"{old_kind} {old_number}", f"{kind} {draft_number}")],
            )

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

    def write_commentary(
        self,
        key: tuple[str, str, str],
        text: str | None,
        operation: str,
        *,
        record: str | None = None,
    ) -> bool:
        """Add, replace or (text None) remove a commentary; False when nothing changed."""
        rule, line, period = key
        old = self.read_commentary().get(key)
        if old == text:
            return False
        with self._writing("the commentary could not be saved") as conn:
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
            op_id = _new_operation(conn, operation, record)
            _audit(conn, op_id, f"commentary:{rule}", [(line, period, old, text)])
        return True

    def read_versions(self) -> list[dict[str, Any]]:
        """Every submitted version, oldest first, as plain dicts of its columns."""
        return self._read_rows(VersionRow, 3)

    def read_approvals(self) -> list[dict[str, Any]]:
        return self._read_rows(ApprovalRow, 3)

    def _read_rows(self, table: Any, since_revision: int) -> list[dict[str, Any]]:
        if self.schema_revision < since_revision:
            return []
        name = table.__tablename__
        columns = [
            column
            for column in table.__table__.columns
            if ADDED_IN.get((name, column.name), 0) <= self.schema_revision
        ]
        with self.engine.connect() as conn:
            rows = conn.execute(select(*columns).order_by(table.id)).mappings().all()
            conn.rollback()
        return [dict(row) for row in rows]

    def add_version(
        self, values: dict[str, Any], operation: str, *, record: str | None = None
    ) -> int:
        return self._add_row(VersionRow, values, "version", values["label"], operation, record)

    def add_approval(
        self, values: dict[str, Any], operation: str, *, record: str | None = None
    ) -> int:
        return self._add_row(ApprovalRow, values, "approval", values["body"], operation, record)

    def _add_row(
        self,
        table: Any,
        values: dict[str, Any],
        subject: str,
        summary: str,
        operation: str,
        record: str | None,
    ) -> int:
        with self._writing(f"the {subject} could not be saved") as conn:
            key = conn.execute(insert(table).values(**values)).inserted_primary_key
            assert key is not None
            op_id = _new_operation(conn, operation, record)
            _audit(conn, op_id, subject, [("", "", None, summary)])
        return int(key[0])

    def _check_writable(self) -> None:
        """Refuse a write to a plan open read-only, or whose lock another session took
        (this session then turns read-only, and ``on_lock_lost`` is told)."""
        if self.read_only:
            raise errors.ReadOnlyPlan(self.path, f"is open read-only ({self.read_only_reason})")
        if self._lock is None:
            return
        try:
            self._lock.verify()
        except errors.LockLost as lost:
            self._lock.forget()
            self._lock = None
            who, machine, since = errors.describe_holder(lost.holder)
            self.read_only = True
            self.read_only_reason = f"taken over by {who} on {machine} since {since}"
            log.warning("%s: %s", self.path, lost)
            if self.on_lock_lost is not None:
                self.on_lock_lost(lost)
            raise

    def check_lock(self) -> bool:
        """Whether this session may still write (False once the plan was taken over)."""
        if self.read_only:
            return False
        try:
            self._check_writable()
        except errors.LockLost:
            return False
        return True

    # -- copies and backups ------------------------------------------------------------

    def save_copy(self, dest: Path) -> Path:
        """Write a consistent copy of the plan to ``dest`` (atomic: all or nothing)."""
        dest = Path(dest)
        if dest.resolve() == self.path.resolve():
            raise errors.PlanFileError(dest, "is the plan itself; choose another name")
        holder = PlanLock(dest).holder_if_held()
        if holder is not None:
            raise errors.PlanInUse(dest, holder)  # never replace a plan someone is editing
        atomic.clean_leftovers(dest.parent)
        try:
            with self.engine.connect() as conn:
                copy_database(driver(conn), dest)
                conn.rollback()
        except (OSError, sqlite3.Error) as exc:
            problem = storage_error(dest, exc, "cannot save a copy")
            if problem is None:
                raise
            raise problem from exc
        return dest

    def _take_rolling_backup(self) -> None:
        """A failed backup never stops the user working: it is logged with its traceback
        and ``backup_problem`` says why, for the user to be told once."""
        from .backups import keep_rolling_backup

        try:
            keep_rolling_backup(self)
        except (errors.PlanFileError, OSError, sqlite3.Error) as exc:
            log.warning("%s: the rolling backup could not be written", self.path, exc_info=True)
            self.backup_problem = (
                f"the backup copy taken when a plan is opened could not be written ({exc}); "
                "the plan itself is fine and every change is still saved in it"
            )

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


def _write_cells(
    conn: Any,
    operation: str,
    changes: Mapping[tuple[str, str], str | None],
    current: Mapping[tuple[str, str], str | None] | None = None,
    record: str | None = None,
) -> list[CellChange]:
    """Within a transaction: the values and their audit rows; returns what changed."""
    known = current or {}
    done = [
        CellChange(line, period, known.get((line, period)), new)
        for (line, period), new in changes.items()
        if known.get((line, period)) != new
    ]
    if not done:
        return []
    op_id = _new_operation(conn, operation, record)
    for change in done:
        if change.new is None:
            conn.execute(
                delete(CellRow).where(CellRow.line == change.line, CellRow.period == change.period)
            )
    upserts = [c for c in done if c.new is not None]
    if upserts:
        conn.exec_driver_sql(
            "INSERT INTO cell (line, period, value) VALUES (?, ?, ?) "
            "ON CONFLICT (line, period) DO UPDATE SET value = excluded.value",
            [(c.line, c.period, c.new) for c in upserts],
        )
    _audit(conn, op_id, "value", [(c.line, c.period, c.old, c.new) for c in done])
    return done


def _new_operation(conn: Any, name: str, record: str | None = None) -> int:
    key = conn.execute(
        insert(OperationRow).values(
            at=now_text(),
            user=current_user(),
            host=current_host(),
            name=name,
            record=record,
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
