"""Logging to a file in the user's log folder (the frozen windowed app has no console).

The log is ``opplan-desk.log`` in the user's log folder (``OPPLAN_DATA_DIR/logs``
when that is set), rotated at 1 MB with three old files kept. When that folder
cannot be written (a locked-down profile), the log goes to the temporary folder
instead: logging never stops the app from starting.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import platform
import sys
import tempfile
from pathlib import Path

from .core.paths import APP_DIR_NAME, user_log_dir

LOG_NAME = "opplan-desk.log"

_configured: Path | None = None


class _RotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Rotation that gives up instead of failing: on Windows a second running copy of
    the app holds the file open and it cannot be renamed; keep writing to it then."""

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            self.maxBytes = 0  # no more attempts in this process
            if self.stream is None:
                self.stream = self._open()


def log_path() -> Path:
    """The log file in use (once configured), else where it will be."""
    if _configured is not None:
        return _configured
    return user_log_dir() / LOG_NAME


def _open_handler() -> tuple[logging.Handler, Path]:
    candidates = []
    with contextlib.suppress(OSError):
        candidates.append(user_log_dir() / LOG_NAME)
    candidates.append(Path(tempfile.gettempdir()) / f"{APP_DIR_NAME}-logs" / LOG_NAME)
    for path in candidates:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = _RotatingFileHandler(
                path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
            )
        except OSError:
            continue
        return handler, path
    return logging.NullHandler(), candidates[-1]


def configure_logging(level: int = logging.INFO) -> Path:
    """Send log records to a rotating file; safe to call more than once."""
    global _configured
    if _configured is None:
        handler, path = _open_handler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(level)
        _configured = path
    return _configured


def describe_runtime() -> str:
    """One line for the log: what is running, where (useful to IT reading a log)."""
    from . import __version__

    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    return (
        f"OpPlan Desk {__version__} ({frozen}, {sys.executable}), Python "
        f"{platform.python_version()}, {platform.platform()}"
    )
