"""Who and where we are: the user, the computer, and whether a process still runs."""

from __future__ import annotations

import getpass
import os
import socket


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service account, odd environment)
        return os.environ.get("USERNAME") or os.environ.get("USER") or "unknown"


def current_host() -> str:
    return socket.gethostname() or "unknown"


def pid_alive(pid: int) -> bool:
    """Whether a process of this computer with this id runs (it may not be ours)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
