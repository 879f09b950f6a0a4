"""The app's settings (recent files, window geometry, column widths, the grid's zoom and
label column) in the user's data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ..core.paths import user_data_dir

RECENT_KEY = "files/recent"
RECENT_MAX = 8
ZOOM_KEY = "grid/zoom"
LABEL_WIDTH_KEY = "grid/label_width"
ZOOM_LEVELS = (50, 60, 70, 80, 90, 100, 110, 125, 150, 175, 200)


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


def _int_setting(key: str, default: int, low: int, high: int) -> int:
    try:
        value = int(str(app_settings().value(key, default)))
    except ValueError:
        return default
    return value if low <= value <= high else default


def grid_zoom() -> int:
    """The grid's zoom, in percent (100 when never set)."""
    return _int_setting(ZOOM_KEY, 100, ZOOM_LEVELS[0], ZOOM_LEVELS[-1])


def set_grid_zoom(percent: int) -> None:
    settings = app_settings()
    settings.setValue(ZOOM_KEY, percent)
    settings.sync()


def label_width(default: int) -> int:
    """The width of the grids' label column at 100% zoom, in pixels."""
    return _int_setting(LABEL_WIDTH_KEY, default, 40, 2000)


def set_label_width(pixels: int) -> None:
    settings = app_settings()
    settings.setValue(LABEL_WIDTH_KEY, pixels)
    settings.sync()
