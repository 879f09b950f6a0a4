"""One writer at a time: a lock file beside the plan says who holds it.

``<plan>.lock`` is created atomically (O_EXCL) and holds JSON naming the user,
the machine, the process and since when. A lock left by a process that no
longer runs on this machine is stale and is taken over; a lock held from another
machine is respected (we cannot see its processes), and the message names it.
This is also the "secondary locking mechanism" SQLite asks for on shared drives.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import json
import os
import socket
from pathlib import Path

from .. import errors


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service account, odd environment)
        return os.environ.get("USERNAME") or os.environ.get("USER") or "unknown"


def current_host() -> str:
    return socket.gethostname() or "unknown"


def lock_path(plan_path: Path) -> Path:
    return plan_path.with_name(plan_path.name + ".lock")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)
        if not handle:
            return False
        kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_holder(plan_path: Path) -> dict[str, object] | None:
    """Who holds the plan, or None when nobody does."""
    try:
        text = lock_path(plan_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return {"user": "unknown", "host": "unknown", "since": "unknown"}
    try:
        holder = json.loads(text)
        return holder if isinstance(holder, dict) else {}
    except json.JSONDecodeError:
        return {}


class PlanLock:
    """The lock of one editing session; release() when the plan is closed."""

    def __init__(self, plan_path: Path):
        self.plan_path = plan_path
        self.path = lock_path(plan_path)
        self.held = False

    def acquire(self) -> None:
        for _attempt in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = read_holder(self.plan_path)
                if holder is None:
                    continue  # released meanwhile
                if self._stale(holder):
                    with contextlib.suppress(FileNotFoundError):
                        self.path.unlink()
                    continue
                raise errors.PlanInUse(self.plan_path, holder) from None
            except OSError as exc:
                raise _storage_error(self.plan_path, exc, "cannot lock the plan") from exc
            info = {
                "user": current_user(),
                "host": current_host(),
                "pid": os.getpid(),
                "since": dt.datetime.now().astimezone().strftime("%d %b %Y %H:%M"),
                "app": "OpPlan Desk",
            }
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(info, handle)
            self.held = True
            return
        raise errors.PlanInUse(self.plan_path, read_holder(self.plan_path) or {})

    @staticmethod
    def is_stale(holder: dict[str, object]) -> bool:
        """Whether a lock's holder is gone (a process of this machine no longer running)."""
        return PlanLock._stale(holder)

    @staticmethod
    def _stale(holder: dict[str, object]) -> bool:
        if not holder:
            return True  # unreadable lock: left half-written by a crash
        if holder.get("host") != current_host():
            return False
        pid = holder.get("pid")
        if not isinstance(pid, int):
            return True
        return pid != os.getpid() and not _pid_alive(pid)

    def take_over(self) -> dict[str, object] | None:
        """Break another session's lock (a crashed laptop's) and take it; returns the
        holder that was displaced. Only on the user's explicit word."""
        holder = read_holder(self.plan_path)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self.acquire()
        return holder

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self.held = False


def _storage_error(path: Path, exc: OSError, doing: str) -> errors.PlanStorageError:
    if exc.errno == errno.ENOSPC:
        problem = f"{doing}: the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        problem = f"{doing}: permission denied (the folder is read-only for you)"
    else:
        problem = f"{doing}: {exc.strerror or exc}"
    return errors.PlanStorageError(path, problem)
