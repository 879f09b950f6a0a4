"""The SQLite file under a plan: its header, connections to it, and copies of it.

Plain SQLite plumbing for ``planfile.py``: reading the header without opening the
database, making the one-connection engine every open plan uses (rollback journal,
``synchronous=FULL``, untrusted-file pragmas, ``BEGIN IMMEDIATE`` for writers), and
copying a live database with the backup API, all or nothing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from .. import errors
from . import atomic
from .environment import os_error, restore_advice
from .recovery import journal_path
from .schema import APPLICATION_ID

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Header:
    application_id: int
    schema_revision: int
    page_size: int
    page_count: int


def read_header(path: Path) -> Header:
    """Read the SQLite header without opening the database (the file is not touched).

    Only meaningful once a hot journal has been rolled back (``recovery.recover``)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
        size = path.stat().st_size
    except FileNotFoundError:
        raise errors.PlanFileError(path, "no such file") from None
    except IsADirectoryError:
        raise errors.NotAPlanFile(path, "is a folder, not an OpPlan Desk plan file") from None
    except OSError as exc:
        raise os_error(path, exc, "cannot be read") from exc
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
            f"{header.page_size * header.page_count:,}); {restore_advice(path)}",
        )
    return header


def make_engine(path: Path, mode: str) -> Engine:
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


def copy_database(source: sqlite3.Connection, dest: Path) -> None:
    """Copy a live database with SQLite's backup API to ``dest``, which is written under
    a temporary name and renamed into place (all or nothing; ``dest`` may exist)."""
    tmp = atomic.temp_path(dest)
    try:
        target = sqlite3.connect(str(tmp))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        atomic.fsync_file(tmp)
        atomic.replace(tmp, dest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        with contextlib.suppress(FileNotFoundError):
            journal_path(tmp).unlink()


def check_is_file(path: Path) -> None:
    try:
        if path.is_dir():
            raise errors.NotAPlanFile(path, "is a folder, not an OpPlan Desk plan file")
        if not path.exists():
            raise errors.PlanFileError(path, "no such file")
    except OSError as exc:
        raise os_error(path, exc, "cannot be read") from exc


def driver(conn: Any) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLAlchemy connection (for the backup API)."""
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver
