"""One writer at a time: a lock file beside the plan says who holds it.

``<plan>.lock`` holds JSON naming the user, the computer, the process, since when,
and a random token of the session. How it stays one writer:

- **Created whole, exclusively.** The JSON is written and synced in a temporary
  file first, which is then hard-linked to the lock's name: the link fails if a lock
  is there, and a reader never sees an empty or half-written lock. (Where the file
  system has no hard links, e.g. some network shares, the lock is created with
  O_EXCL and filled at once; a lock with unreadable contents is then taken for one
  being written, unless it is older than a minute.) NTFS has hard links, so Windows
  takes the same path.
- **Held open, with an operating-system lock on it** (``oslock``) for the whole
  session. On the same computer that says for certain whether the holder still runs:
  a lock nobody holds open was left by a process that died, and is removed (also when
  its process id has since been reused). A lock of a live session of this computer is
  never taken over: the plan can be opened read-only.
- **Another computer's lock** cannot be checked from here. It is taken over only on
  the user's word (``take_over``, after a warning naming the holder); that session's
  next write is then refused, because:
- **Every write checks the lock first** (``verify``): still the file we created
  (same file identity), else the token in it compared with ours. A lost lock raises
  LockLost naming who took it over.
- **Release deletes only our own lock** (the same check first).

This is also the "secondary locking mechanism" SQLite asks for on shared drives.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import stat
import sys
import time
import uuid
from pathlib import Path

from .. import errors
from . import oslock
from .environment import os_error
from .process import current_host, current_user, pid_alive

__all__ = ["PlanLock", "current_host", "current_user", "lock_path", "pid_alive"]

log = logging.getLogger(__name__)

#: A lock whose contents cannot be read is one being written, for this long.
BEING_WRITTEN = 60.0
#: How long an operating-system lock seen held is watched, in case it is being let go.
SETTLING = (0.005, 0.02, 0.05)
_DOING = "cannot lock the plan"

GONE, FOLDER, STALE, LIVE_HERE, ELSEWHERE = "gone", "folder", "stale", "live here", "elsewhere"
_CHANGED = "changed"


def lock_path(plan_path: Path) -> Path:
    return plan_path.with_name(plan_path.name + ".lock")


def _temp(path: Path) -> Path:
    from .atomic import temp_path

    return temp_path(path)


def _identity(stat_result: os.stat_result) -> tuple[int, int]:
    return (stat_result.st_dev, stat_result.st_ino)


def _parse(data: bytes) -> dict[str, object]:
    try:
        holder = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return holder if isinstance(holder, dict) else {}


def read_holder(plan_path: Path) -> dict[str, object] | None:
    """Who the lock beside ``plan_path`` names (user, host, since...), or None when there
    is no readable lock: for telling a reader who changed the plan, never for deciding."""
    try:
        data = lock_path(Path(plan_path)).read_bytes()
    except OSError:
        return None
    return _parse(data) or None


class _Seen:
    """What is at the lock's name: GONE, FOLDER, STALE, LIVE_HERE or ELSEWHERE."""

    def __init__(self, kind: str, holder: dict[str, object], fd: int | None = None):
        self.kind = kind
        self.holder = holder
        self.fd = fd  # STALE: the stale file, open and OS-locked by us, to remove safely

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class PlanLock:
    """The lock of one editing session; release() when the plan is closed."""

    def __init__(self, plan_path: Path):
        self.plan_path = Path(plan_path)
        self.path = lock_path(self.plan_path)
        self.token: str | None = None
        self._fd: int | None = None
        self._identity: tuple[int, int] | None = None

    @property
    def held(self) -> bool:
        return self.token is not None

    # -- taking it -----------------------------------------------------------------------

    def acquire(self) -> None:
        """Take the lock, removing one its holder left behind; PlanInUse when a live
        session (or another computer's) holds it."""
        for _attempt in range(20):
            seen = self._look()
            try:
                if seen.kind == GONE:
                    if self._create(replace=False):
                        return
                    continue  # someone was quicker: look again
                if seen.kind == FOLDER:
                    raise self._folder_error()
                if seen.kind == STALE:
                    self._remove_stale(seen)
                    continue
                raise errors.PlanInUse(
                    self.plan_path, seen.holder, live_here=seen.kind == LIVE_HERE
                )
            finally:
                seen.close()
        seen = self._look()
        seen.close()
        raise errors.PlanInUse(self.plan_path, seen.holder, live_here=seen.kind == LIVE_HERE)

    def take_over(self) -> dict[str, object] | None:
        """Take the lock from another computer's session (on the user's word, after a
        warning naming it); returns the holder displaced. A live session of this
        computer is never taken over (PlanInUse, ``can_take_over`` False)."""
        seen = self._look()
        try:
            if seen.kind == FOLDER:
                raise self._folder_error()
            if seen.kind == LIVE_HERE:
                raise errors.PlanInUse(self.plan_path, seen.holder, live_here=True)
            if seen.kind == ELSEWHERE:
                try:
                    self._create(replace=True)
                except errors.PlanStorageError as exc:
                    if sys.platform == "win32" and isinstance(exc.__cause__, PermissionError):
                        raise self._still_open(seen.holder) from exc  # pragma: no cover
                    raise
                log.warning("%s: lock of %s taken over", self.plan_path, seen.holder)
                return seen.holder
        finally:
            seen.close()
        self.acquire()
        return seen.holder or None

    def _create(self, *, replace: bool) -> bool:
        """Write our lock under a temporary name, then give it the lock's name
        (exclusively unless ``replace``); False when another lock got there first."""
        token = uuid.uuid4().hex
        info = {
            "user": current_user(),
            "host": current_host(),
            "pid": os.getpid(),
            "since": dt.datetime.now().astimezone().strftime("%d %b %Y %H:%M"),
            "app": "OpPlan Desk",
            "token": token,
        }
        data = json.dumps(info).encode("utf-8")
        tmp = _temp(self.path)
        fd: int | None = None
        try:
            flags = os.O_CREAT | os.O_EXCL | os.O_RDWR | getattr(os, "O_BINARY", 0)
            fd = os.open(tmp, flags, 0o644)
            os.write(fd, data)
            os.fsync(fd)
            if oslock.LOCKS_BEFORE_LINK:
                oslock.try_hold(fd)  # a new file: nobody else can hold it
            else:  # pragma: no cover - Windows: the link below needs the file closed
                os.close(fd)
                fd = None
            if replace:
                os.replace(tmp, self.path)
            else:
                from .atomic import place_new

                try:
                    place_new(tmp, self.path)
                except FileExistsError:
                    return False
            if fd is None:  # pragma: no cover - Windows
                fd = os.open(self.path, os.O_RDWR)
                oslock.try_hold(fd)
            self._identity = _identity(os.fstat(fd))
            self._fd, fd = fd, None
            self.token = token
            return True
        except OSError as exc:
            raise os_error(self.plan_path, exc, _DOING) from exc
        finally:
            if fd is not None:
                os.close(fd)
            with contextlib.suppress(OSError):
                tmp.unlink()

    # -- looking at it -------------------------------------------------------------------

    def _look(self) -> _Seen:
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return _Seen(GONE, {})
        except OSError as exc:
            raise os_error(self.plan_path, exc, _DOING) from exc
        if stat.S_ISDIR(info.st_mode):
            return _Seen(FOLDER, {})
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return _Seen(GONE, {})
        except OSError as exc:
            raise os_error(self.plan_path, exc, _DOING) from exc
        keep = False
        try:
            holder = _parse(os.read(fd, 65536))
            if holder and holder.get("host") != current_host():
                return _Seen(ELSEWHERE, holder)  # its processes cannot be seen from here
            held = self._held_by_someone(fd, info)
            if held == _CHANGED:
                return _Seen(GONE, {})  # removed or replaced meanwhile: look again
            age = time.time() - info.st_mtime
            if not holder:  # unreadable: being written, or an old crash's
                if held or age < BEING_WRITTEN:
                    return _Seen(LIVE_HERE if held else ELSEWHERE, holder)
            elif held is None:  # no OS locks on this file system: go by the process id
                pid = holder.get("pid")
                held = isinstance(pid, int) and (pid == os.getpid() or pid_alive(pid))
            elif not held and not oslock.LOCKS_BEFORE_LINK and age < BEING_WRITTEN:
                held = True  # pragma: no cover - Windows: locked just after it was made
            if held:
                return _Seen(LIVE_HERE, holder)
            keep = True
            return _Seen(STALE, holder, fd)
        finally:
            if not keep:
                os.close(fd)

    def _held_by_someone(self, fd: int, info: os.stat_result) -> bool | str | None:
        """Whether another open file holds the OS lock (None: cannot tell here; _CHANGED:
        the lock was removed or replaced meanwhile). A lock seen held while its remover
        holds it is looked at again for a moment."""
        for pause in (*SETTLING, None):
            got = oslock.try_hold(fd)
            if got is None:
                return None
            if got:
                return False  # we hold it now (kept until the stale file is removed)
            if pause is None:
                return True
            time.sleep(pause)
            try:
                if _identity(os.stat(self.path)) != _identity(info):
                    return _CHANGED
            except FileNotFoundError:
                return _CHANGED
        return True

    def _remove_stale(self, seen: _Seen) -> None:
        """Remove a lock whose holder has gone, if the name still refers to it (we hold
        its OS lock, so nobody else removes it meanwhile)."""
        assert seen.fd is not None
        try:
            if _identity(os.stat(self.path)) == _identity(os.fstat(seen.fd)):
                os.unlink(self.path)
                log.info("%s: removed the lock left by %s", self.plan_path, seen.holder)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise os_error(self.plan_path, exc, _DOING) from exc

    def _still_open(self, holder: dict[str, object]) -> errors.PlanStorageError:
        """Windows: a lock file its holder still has open cannot be replaced."""
        who, machine, _since = errors.describe_holder(holder)
        return errors.PlanStorageError(
            self.plan_path,
            f"cannot be taken over: {who}'s session on {machine} still has it open (Windows "
            "keeps the lock while that program runs); ask them to close the plan there, or "
            "open it read-only",
        )

    def _folder_error(self) -> errors.PlanStorageError:
        return errors.PlanStorageError(
            self.plan_path,
            f"{_DOING}: {self.path.name} beside it is a folder, not a lock file; remove or "
            "rename that folder, then try again",
        )

    def holder_if_held(self) -> dict[str, object] | None:
        """Who holds the plan now (a live session, or another computer's), else None."""
        seen = self._look()
        seen.close()
        if seen.kind in (LIVE_HERE, ELSEWHERE):
            return seen.holder
        return None

    # -- while holding it ----------------------------------------------------------------

    def verify(self) -> None:
        """Raise LockLost unless we still hold the lock (cheap: the file's identity, else
        its token). A lock file removed by hand is put back."""
        if self.token is None:
            return
        try:
            if _identity(os.stat(self.path)) == self._identity:
                return
            holder = self._read()
        except FileNotFoundError:
            holder = None
        except OSError as exc:
            raise os_error(self.plan_path, exc, "cannot check the plan's lock") from exc
        if holder is not None and holder.get("token") == self.token:
            return
        if holder is None:
            log.warning("%s: the lock file was removed; taking it again", self.plan_path)
            old_fd = self._fd
            if self._create(replace=False):
                if old_fd is not None:
                    os.close(old_fd)
                return
            self._fd = old_fd
            holder = self._read() or {}
        raise errors.LockLost(self.plan_path, holder)

    def _read(self) -> dict[str, object] | None:
        try:
            return _parse(self.path.read_bytes())
        except FileNotFoundError:
            return None

    def owns_file(self) -> bool:
        try:
            if _identity(os.stat(self.path)) == self._identity:
                return True
            holder = self._read()
        except OSError:
            return False
        return holder is not None and holder.get("token") == self.token

    def release(self) -> None:
        """Let the lock go, deleting the file only if it is still ours."""
        if self.token is None:
            return
        try:
            if self.owns_file():
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path)
            else:
                log.warning("%s: the lock is no longer ours; left in place", self.plan_path)
        finally:
            self.forget()

    def forget(self) -> None:
        """Stop holding without touching the file (it is no longer ours)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        self.token = None
        self._identity = None
