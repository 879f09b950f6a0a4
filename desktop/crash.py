"""Unexpected errors in the desktop app: logged with their traceback, then shown to the user.

The frozen Windows build is windowed (no console): ``sys.stdout`` and ``sys.stderr``
may be None there, and a traceback printed to them is lost. So:

- ``ensure_streams`` replaces a missing stream with a writer to ``os.devnull``, so a
  ``print`` anywhere (argparse's ``--version`` and ``--help`` included) cannot fail;
- ``install`` points ``faulthandler`` at a file in the user's log folder (a hard
  crash in Qt or SQLite leaves the Python stack there) and installs ``sys.excepthook``
  and ``threading.excepthook``: the traceback goes to the log, and, when a
  QApplication is running, a dialog tells the user what happened and where the log is.

The dialog must never make things worse: if Qt itself is what broke, showing it
fails quietly (logged) and the traceback is still in the log and on stderr. On
Windows without Qt, a plain system message box is tried instead. No dialog is shown
when ``OPPLAN_NO_CRASH_DIALOG=1`` or on the ``offscreen``/``minimal`` Qt platforms
(tests, CI, ``--selftest``): nobody is there to close it.

This module imports no Qt at load time: the command line stays Qt-free.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from . import APP_NAME

log = logging.getLogger(__name__)

NO_DIALOG_ENV = "OPPLAN_NO_CRASH_DIALOG"
HEADLESS_PLATFORMS = ("offscreen", "minimal")
FAULT_LOG_NAME = "opplan-desk-faults.log"

_log_file: Path | None = None
_fault_stream: IO[str] | None = None
_showing_dialog = False


def ensure_streams() -> None:
    """Give the process usable ``sys.stdout``/``sys.stderr``/``sys.stdin`` (windowed mode)."""
    for name, mode in (("stdout", "w"), ("stderr", "w"), ("stdin", "r")):
        if getattr(sys, name, None) is None:
            # Kept open for the life of the process, like the streams it stands in for.
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115


def install(log_file: Path) -> None:
    """Log unexpected errors (and fatal crashes) next to ``log_file``; safe to call twice."""
    global _log_file
    _log_file = log_file
    _enable_faulthandler(log_file.with_name(FAULT_LOG_NAME))
    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook


def log_file() -> Path | None:
    return _log_file


def _enable_faulthandler(path: Path) -> None:
    """A separate file: on Windows the rotating log cannot be renamed while it is open."""
    global _fault_stream
    if _fault_stream is not None:
        return
    try:
        # Kept open: faulthandler writes to its descriptor when the process dies.
        _fault_stream = open(path, "a", encoding="utf-8")  # noqa: SIM115
        faulthandler.enable(file=_fault_stream, all_threads=True)
    except (OSError, ValueError, RuntimeError):
        log.warning("cannot write fatal errors to %s", path, exc_info=True)
        _fault_stream = None


def excepthook(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> None:
    """``sys.excepthook``: log, print to stderr, and tell the user."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    _record(exc_type, exc, tb, threading.current_thread().name)
    report(exc)


def thread_excepthook(args: threading.ExceptHookArgs) -> None:
    """``threading.excepthook``: as above; the dialog is shown by the GUI thread."""
    if args.exc_type is SystemExit:
        return
    thread_name = args.thread.name if args.thread is not None else "a thread"
    _record(args.exc_type, args.exc_value, args.exc_traceback, thread_name)
    if args.exc_value is not None:
        report(args.exc_value)


def _record(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
    where: str,
) -> None:
    with contextlib.suppress(Exception):
        if exc is not None:
            log.critical("unexpected error in %s", where, exc_info=(exc_type, exc, tb))
        else:
            log.critical("unexpected error in %s: %s", where, exc_type.__name__)
    with contextlib.suppress(Exception):
        stream = sys.stderr
        if stream is not None:
            traceback.print_exception(exc_type, exc, tb, file=stream)
            stream.flush()


def crash_message(exc: BaseException) -> str:
    where = str(_log_file) if _log_file else "the log file"
    summary = f"{type(exc).__name__}: {exc}"
    if len(summary) > 300:
        summary = summary[:297] + "..."
    return (
        f"{APP_NAME} met an unexpected error and could not finish what it was doing.\n\n"
        f"{summary}\n\n"
        "Every change made before this point is saved in the plan file. If something "
        f"looks wrong, close {APP_NAME} and open the plan again.\n\n"
        f"The details are in the log file:\n{where}\n\n"
        "Please send that file to your IT service desk."
    )


def dialogs_allowed() -> bool:
    if os.environ.get(NO_DIALOG_ENV, "").strip() not in ("", "0"):
        return False
    return os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] not in HEADLESS_PLATFORMS


def report(exc: BaseException) -> None:
    """Show the crash dialog when someone can see it; never raise."""
    if not dialogs_allowed():
        return
    try:
        if _report_with_qt(exc):
            return
    except Exception:
        with contextlib.suppress(Exception):
            log.exception("the crash dialog itself failed")
        return
    with contextlib.suppress(Exception):
        _report_without_qt(exc)


def _report_with_qt(exc: BaseException) -> bool:
    """True when Qt took care of it (shown now, or queued to the GUI thread)."""
    if "PySide6.QtWidgets" not in sys.modules:
        return False
    from PySide6.QtCore import QThread, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    message = crash_message(exc)
    if QThread.currentThread() is app.thread():
        _show_qt_dialog(message)
    else:  # widgets live in the GUI thread: queue the dialog there
        QTimer.singleShot(0, app, lambda: _show_qt_dialog(message))
    return True


def _show_qt_dialog(message: str) -> None:
    global _showing_dialog
    if _showing_dialog:  # an error while the dialog is up: logged, not stacked
        return
    _showing_dialog = True
    try:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()
    except Exception:
        with contextlib.suppress(Exception):
            log.exception("the crash dialog itself failed")
    finally:
        _showing_dialog = False


def _report_without_qt(exc: BaseException) -> None:
    """Qt is not running (or broke before it started): a system message box on Windows."""
    if sys.platform != "win32":
        return
    import ctypes

    windll: Any = getattr(ctypes, "windll", None)
    if windll is None:
        return
    mb_iconerror = 0x10
    windll.user32.MessageBoxW(None, crash_message(exc), APP_NAME, mb_iconerror)
