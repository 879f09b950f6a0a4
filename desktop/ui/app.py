"""Start the window: the QApplication, the plan to open, the main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import APP_NAME, __version__


def window_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="opplan", add_help=False)
    parser.add_argument("plan", nargs="?", type=Path)
    parser.add_argument("--read-only", action="store_true")
    known, _unknown = parser.parse_known_args(list(argv))
    return known


def run_window(argv: Sequence[str]) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ..core.errors import UserError
    from ..core.samples import working_copy
    from .main_window import MainWindow

    args = window_arguments(argv)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("OpPlanDesk")
    try:
        path = args.plan or working_copy()
        window = MainWindow.open_plan(path, read_only=args.read_only)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    window.show()
    return app.exec()
