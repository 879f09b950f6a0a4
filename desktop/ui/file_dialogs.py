"""Where the file dialogs start: the user's documents folder, then the last folder
used (remembered), never the app's data folder (backups, the sample's working copy,
settings: not a place to save an export in, or to look for a plan)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from ..core.paths import user_data_dir
from .settings import app_settings

LAST_FOLDER_KEY = "dialogs/last_folder"


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def _in_data_folder(folder: Path) -> bool:
    data = user_data_dir().resolve()
    resolved = folder.resolve()
    return resolved == data or data in resolved.parents


def start_folder() -> Path:
    """The last folder a file was chosen in, else the documents folder."""
    last = app_settings().value(LAST_FOLDER_KEY)
    if isinstance(last, str) and last:
        folder = Path(last)
        if folder.is_dir() and not _in_data_folder(folder):
            return folder
    return documents_folder()


def start_path(name: str) -> str:
    """A suggested file name in the folder the dialog starts in."""
    return str(start_folder() / name)


def remember_choice(chosen: Path) -> None:
    """The folder of a chosen file (or a chosen folder) is where the next dialog starts."""
    folder = chosen if chosen.is_dir() else chosen.parent
    if folder.is_dir() and not _in_data_folder(folder):
        settings = app_settings()
        settings.setValue(LAST_FOLDER_KEY, str(folder))
        settings.sync()
