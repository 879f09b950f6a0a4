"""An operating-system lock on an open file: held as long as the file stays open.

The session that holds a plan keeps its lock file open with this lock on it, so
another process of the same computer can tell for certain whether the holder still
runs (the lock goes when the process dies, however it dies; a process id may be
reused, this cannot). POSIX: ``flock``, per open file, so another open of the same
file, even in the same process, sees it. Windows: a byte-range lock far beyond the
lock file's contents (Windows locks are mandatory: the JSON stays readable).
"""

from __future__ import annotations

import os
import sys

if sys.platform == "win32":  # pragma: no cover - Windows
    import msvcrt

    _FAR = 1 << 30

    def try_hold(fd: int) -> bool | None:
        """Take the lock without waiting; False when another open file holds it."""
        position = os.lseek(fd, 0, os.SEEK_CUR)
        try:
            os.lseek(fd, _FAR, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
        finally:
            os.lseek(fd, position, os.SEEK_SET)

    def let_go(fd: int) -> None:
        position = os.lseek(fd, 0, os.SEEK_CUR)
        try:
            os.lseek(fd, _FAR, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        finally:
            os.lseek(fd, position, os.SEEK_SET)

    #: Windows cannot lock before the lock file has its name (see lock.py).
    LOCKS_BEFORE_LINK = False

else:
    import contextlib
    import errno
    import fcntl

    def try_hold(fd: int) -> bool | None:
        """Take the lock without waiting; False when another open file holds it, None
        when this file system has no such locks."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            if exc.errno in (errno.ENOLCK, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
                return None  # a file system without locks: go by the lock's contents
            raise
        return True

    def let_go(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)

    LOCKS_BEFORE_LINK = True
