"""Start the window: the QApplication, the plan to open, the main window.

``python main.py [PLAN]`` opens PLAN, else the last plan, else a copy of the
bundled sample plan in the user's data folder (the shipped sample never changes).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow


def window_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="opplan", add_help=False)
    parser.add_argument("plan", nargs="?", type=Path)
    parser.add_argument("--read-only", action="store_true")
    parser.add_argument("--review", action="store_true")
    known, _unknown = parser.parse_known_args(list(argv))
    return known


def make_application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    from .sheet_view import release_clipboard

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0]])
    app.aboutToQuit.connect(release_clipboard)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("OpPlanDesk")
    return app


def start_window(
    plan: Path | None = None, *, read_only: bool = False, review: bool = False
) -> MainWindow:
    """The main window on ``plan``, else the last plan, else the sample plan.

    ``review`` opens the plan read-only, straight into review mode (for board members).
    """
    from ..core.samples import working_copy
    from .main_window import MainWindow
    from .settings import last_file

    window = MainWindow()
    read_only = read_only or review
    path = plan or last_file()
    opened = path is not None and window.open_path(path, read_only=read_only)
    if not opened and plan is None:
        window.open_path(working_copy(), read_only=read_only)
    if review:
        window.set_review(True)
    return window


def run_window(argv: Sequence[str]) -> int:
    args = window_arguments(argv)
    app = make_application()
    window = start_window(args.plan, read_only=args.read_only, review=args.review)
    window.show()
    return int(app.exec())
