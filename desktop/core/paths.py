"""Where things are: bundled resources and the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "OpPlanDesk"


def resources_dir() -> Path:
    """The bundled resources/ folder, from a source checkout or a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def user_data_dir() -> Path:
    """The user's data folder (backups, the working copy of the sample plan, settings).

    ``OPPLAN_DATA_DIR`` overrides it (tests, portable installs).
    """
    override = os.environ.get("OPPLAN_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_DIR_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_log_dir() -> Path:
    override = os.environ.get("OPPLAN_DATA_DIR")
    path = (
        Path(override) / "logs"
        if override
        else Path(platformdirs.user_log_dir(APP_DIR_NAME, False))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    path = user_data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
