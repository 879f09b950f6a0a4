"""Logging to a file in the user's log folder (the frozen windowed app has no console)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .core.paths import user_log_dir

_configured = False


def log_path() -> Path:
    return user_log_dir() / "opplan-desk.log"


def configure_logging(level: int = logging.INFO) -> Path:
    """Send log records to a rotating file; safe to call more than once."""
    global _configured
    path = log_path()
    if not _configured:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(level)
        _configured = True
    return path
