"""The app's settings (recent files, window geometry, column widths) in the user's data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ..core.paths import user_data_dir

RECENT_KEY = "files/recent"
RECENT_MAX = 8


def app_settings() -> QSettings:
    return QSettings(str(user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def recent_files() -> list[Path]:
    value = app_settings().value(RECENT_KEY, [])
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        items = []
    return [Path(p) for p in items if p]


def remember_file(path: Path) -> None:
    path = path.resolve()
    items = [p for p in recent_files() if p.resolve() != path]
    settings = app_settings()
    settings.setValue(RECENT_KEY, [str(p) for p in [path, *items][:RECENT_MAX]])
    settings.sync()


def last_file() -> Path | None:
    for path in recent_files():
        if path.exists():
            return path
    return None
