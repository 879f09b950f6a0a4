"""Failures of the environment, told apart from bugs.

A full disk, an I/O error, a read-only file or folder, a file busy in another
program, a damaged file or one that cannot be opened are the user's to cure: they
become typed errors naming the file and the cure. SQLite errors are sorted by
their result code (``sqlite_errorcode``, through SQLAlchemy ``exc.orig``), never by
the words of their message; operating-system errors by ``errno``. Anything else
(a constraint failure, a misuse of the API...) is a bug: ``storage_error`` returns
None and the caller lets the exception through, to be logged with its traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path

from .. import errors

# SQLite primary result codes (https://www.sqlite.org/rescode.html).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
# Extended codes that need their own words.
SQLITE_READONLY_ROLLBACK = SQLITE_READONLY | (3 << 8)
SQLITE_IOERR_NOMEM = SQLITE_IOERR | (12 << 8)

FULL = "the disk is full: free some space (or choose another disk), then try again"
READ_ONLY = (
    "permission denied: the file or its folder is read-only for you "
    "(ask for write access, or save a copy somewhere you can write)"
)
BUSY = "the file is busy in another program: close it there, then try again"
IO = "the disk or network reported an error reading or writing it: check the drive or connection"
CANT_OPEN = "it cannot be opened: check that the file and its folder exist and can be reached"


def restore_advice(path: Path) -> str:
    return f"restore it from a backup (File > Restore a backup..., or: opplan restore {path})"


def sqlite_code(exc: BaseException) -> int | None:
    """The SQLite extended result code of an error (raw or wrapped by SQLAlchemy)."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


def storage_error(path: Path, exc: BaseException, doing: str) -> errors.PlanFileError | None:
    """The typed error for a failure of the environment, or None for a bug."""
    if isinstance(exc, errors.PlanFileError):
        return exc
    code = sqlite_code(exc)
    if code is not None:
        return _from_sqlite(path, code, doing)
    if isinstance(exc, OSError):
        return os_error(path, exc, doing)
    return None


def _from_sqlite(path: Path, code: int, doing: str) -> errors.PlanFileError | None:
    if code == SQLITE_READONLY_ROLLBACK:
        return errors.InterruptedPlan(path)
    if code == SQLITE_IOERR_NOMEM:
        return None  # out of memory is not the disk's fault
    primary = code & 0xFF
    if primary == SQLITE_FULL:
        return errors.PlanStorageError(path, f"{doing}: {FULL}; nothing was changed")
    if primary in (SQLITE_READONLY, SQLITE_PERM):
        return errors.PlanStorageError(path, f"{doing}: {READ_ONLY}")
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return errors.PlanStorageError(path, f"{doing}: {BUSY}")
    if primary == SQLITE_IOERR:
        return errors.PlanStorageError(path, f"{doing}: {IO}")
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return errors.DamagedPlanFile(path, f"is damaged; {restore_advice(path)}")
    if primary == SQLITE_CANTOPEN:
        return errors.PlanStorageError(path, f"{doing}: {CANT_OPEN}")
    return None


def os_error(path: Path, exc: OSError, doing: str) -> errors.PlanStorageError:
    """An operating-system error while reading or writing ``path``."""
    number = exc.errno
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        problem = FULL
    elif number in (errno.EACCES, errno.EPERM, errno.EROFS):
        problem = READ_ONLY
    elif number in (errno.EBUSY, errno.ETXTBSY):
        problem = BUSY
    elif number == errno.EIO:
        problem = IO
    else:
        problem = exc.strerror or str(exc)
    return errors.PlanStorageError(path, f"{doing}: {problem}")
