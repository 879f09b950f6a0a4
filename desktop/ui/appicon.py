"""The app's icon (resources/icons), for the windows' title bars and the task bar."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from ..core.paths import resources_dir

ICON_FILE = "opplan.png"


def app_icon() -> QIcon:
    """The icon; a null QIcon when the file is missing (the window still opens)."""
    return QIcon(str(resources_dir() / "icons" / ICON_FILE))
