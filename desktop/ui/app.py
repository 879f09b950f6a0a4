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
    from .main_window import MainWindow

    window = MainWindow()
    open_first_plan(window, plan, read_only=read_only, review=review)
    return window


def first_plan(plan: Path | None) -> Path | None:
    """The plan the window opens first: ``plan``, else the last plan, else the working
    copy of the sample plan when it was already made (None: it is made on opening)."""
    from ..core.samples import existing_working_copy
    from .settings import last_file

    return plan or last_file() or existing_working_copy()


def open_first_plan(
    window: MainWindow, plan: Path | None, *, read_only: bool = False, review: bool = False
) -> bool:
    """Open ``plan`` (else the last plan, else the sample plan) in ``window``."""
    from ..core.samples import working_copy
    from .settings import last_file

    read_only = read_only or review
    path = plan or last_file()
    opened = path is not None and window.open_path(path, read_only=read_only)
    if not opened and plan is None:
        opened = window.open_path(working_copy(), read_only=read_only)
    if not opened:
        window.close_plan()  # the start page, rather than a preview of a plan not opened
    elif review:
        window.set_review(True)
    return opened


def run_window(argv: Sequence[str]) -> int:
    """The window as a user starts it: painted first, the plan opened right after."""
    from .main_window import MainWindow
    from .startup import StagedStart

    args = window_arguments(argv)
    app = make_application()
    window = MainWindow()
    start = StagedStart(window, args.plan, read_only=args.read_only, review=args.review)
    start.begin()
    return int(app.exec())
