"""Recovery first: an interrupted write is rolled back before anything judges the file.

A write killed half-way (a crash, a power cut, a laptop lid) leaves the plan with
some new pages in it and, beside it, ``PLAN-journal`` holding the old ones: a *hot
journal*. The plan is sound; SQLite puts the old pages back the next time it reads
the file with write access. Until then the raw file looks wrong (its header may
count more pages than it has), and a read-only connection cannot roll the journal
back. So every open, read-only ones included, first lets SQLite recover through a
short writable connection; only then are the header and ``quick_check`` judged.
When the plan cannot be written by this user, they are told exactly that (never
that the plan is damaged, never "permission denied" without the reason).

Never move, delete or copy a plan without its journal while one is there: the
journal belongs to that file and no other (restoring moves both aside together).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from .. import errors
from . import environment as env

log = logging.getLogger(__name__)

#: Result codes meaning "this user cannot write the file or its folder" here.
_CANNOT_WRITE = {env.SQLITE_READONLY, env.SQLITE_PERM, env.SQLITE_CANTOPEN}
#: The journal could not be deleted after the rollback (its folder is read-only).
_IOERR_DELETE = env.SQLITE_IOERR | (10 << 8)
#: Not a database at all: left for the header check to name.
_NOT_A_DATABASE = {env.SQLITE_NOTADB, env.SQLITE_CORRUPT}


def journal_path(path: Path) -> Path:
    return Path(f"{path}-journal")


def recover(path: Path) -> bool:
    """Roll back the hot journal beside ``path``, if there is one; True if there was.

    Raises InterruptedPlan when the journal cannot be rolled back by this user, and
    PlanStorageError when the file is busy in another program.
    """
    journal = journal_path(path)
    if not journal.exists():
        return False
    log.info("%s: a journal is beside it; letting SQLite roll it back", path)
    uri = f"{path.resolve().as_uri()}?mode=rw"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5.0)
    except sqlite3.Error as exc:
        raise _problem(path, exc) from exc
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read
    except sqlite3.Error as exc:
        code = env.sqlite_code(exc)
        if code is not None and code & 0xFF in _NOT_A_DATABASE:
            return True  # not a plan (or really damaged): the checks that follow say so
        raise _problem(path, exc) from exc
    finally:
        conn.close()
    if journal.exists():
        # A journal SQLite did not find hot (killed before its header was complete):
        # nothing to roll back; the next write transaction reuses it.
        log.info("%s: a journal with nothing to roll back is beside it", path)
    return True


def _problem(path: Path, exc: sqlite3.Error) -> errors.PlanFileError:
    code = env.sqlite_code(exc)
    primary = None if code is None else code & 0xFF
    if primary in _CANNOT_WRITE or code == _IOERR_DELETE:
        return errors.InterruptedPlan(path)
    typed = env.storage_error(path, exc, "cannot open the plan")
    if typed is None:
        raise exc
    return typed
