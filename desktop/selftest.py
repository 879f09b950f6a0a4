"""``--selftest``: prove that this installation works, without touching the user's files.

Runs headless (``QT_QPA_PLATFORM=offscreen`` unless a platform is set), in a
temporary folder that also stands in for the user's data folder:

1. openpyxl parses XML through defusedxml (the guard against hostile workbooks);
2. the bundled sample trust plan is built into a new plan file (catalogue data,
   samples and the Alembic migrations that create a plan file are all there);
3. the main window opens on it and is shown;
4. the review checks run on it (the sample has no error);
5. the submission bundle is exported into a temporary folder, and each workbook
   is read back (every figure matches the plan).

Prints one line per step, then ``SELFTEST OK`` and returns 0; on any failure prints
``SELFTEST FAILED: <step>: <reason>`` (the traceback goes to the log) and returns 1.
A watchdog ends the process with 3 if the whole test has not finished in
``OPPLAN_SELFTEST_TIMEOUT`` seconds (default 180): a modal dialog nobody can see
would otherwise hang a CI job forever.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from . import APP_NAME, __version__

log = logging.getLogger(__name__)

OK_LINE = "SELFTEST OK"
FAILED_PREFIX = "SELFTEST FAILED"
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_TIMEOUT = 3
TIMEOUT_ENV = "OPPLAN_SELFTEST_TIMEOUT"
DEFAULT_TIMEOUT_S = 180.0


class SelftestFailure(Exception):
    """A step found something wrong (as opposed to raising on its own)."""


def _say(text: str) -> None:
    stream = sys.stdout
    if stream is not None:
        print(text, file=stream, flush=True)


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    def expire() -> None:
        _say(f"{FAILED_PREFIX}: timed out after {seconds:g} s")
        log.error("selftest timed out after %s s", seconds)
        logging.shutdown()
        os._exit(EXIT_TIMEOUT)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


@contextmanager
def _errors_in_qt_slots() -> Iterator[list[BaseException]]:
    """Exceptions raised inside Qt slots never reach our ``try``: PySide hands them to
    ``sys.excepthook`` and carries on. Collect them (and still log them)."""
    caught: list[BaseException] = []
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("selftest: error in a Qt slot", exc_info=(exc_type, exc, tb))
        caught.append(exc)

    sys.excepthook = hook
    try:
        yield caught
    finally:
        sys.excepthook = previous


def run_selftest() -> int:
    """Run every step; print the outcome; return the exit code."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    timeout = float(os.environ.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT_S)
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    _say(
        f"{APP_NAME} {__version__} selftest ({frozen}, Qt platform {os.environ['QT_QPA_PLATFORM']})"
    )
    started = time.perf_counter()
    # ignore_cleanup_errors: on Windows a file still held open must not turn a verdict
    # into a crash; the folder is in the temporary folder anyway.
    scratch_dir = tempfile.TemporaryDirectory(prefix="opplan-selftest-", ignore_cleanup_errors=True)
    with scratch_dir as scratch, _watchdog(timeout):
        root = Path(scratch)
        with _environment(OPPLAN_DATA_DIR=str(root / "userdata")):
            try:
                _run_steps(root)
            except _StepFailed as failed:
                _say(f"{FAILED_PREFIX}: {failed}")
                log.error("selftest failed: %s", failed)
                return EXIT_FAILED
    _say(f"{OK_LINE} ({time.perf_counter() - started:.2f} s)")
    log.info("selftest passed")
    return EXIT_OK


class _StepFailed(Exception):
    pass


def _step(name: str, func: Callable[[], str]) -> None:
    start = time.perf_counter()
    try:
        detail = func()
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        log.error("selftest step failed: %s", name, exc_info=True)
        reason = str(exc) if isinstance(exc, SelftestFailure) else f"{type(exc).__name__}: {exc}"
        raise _StepFailed(f"{name}: {reason}") from exc
    elapsed = time.perf_counter() - start
    _say(f"  ok  {name:<28} {elapsed:6.2f} s  {detail}")


def _run_steps(root: Path) -> None:
    state: dict[str, Any] = {}
    with _errors_in_qt_slots() as slot_errors:
        try:
            _step("defusedxml guard", _check_defusedxml)
            _step("Qt application", lambda: _start_qt(state))
            _step("sample plan", lambda: _build_sample(root, state))
            _step("main window", lambda: _open_window(state))
            _step("review checks", lambda: _run_checks(state))
            _step("export and read back", lambda: _export(root, state))
            _step("close", lambda: _close(state))
        finally:
            window = state.get("window")
            if window is not None and window.isVisible():
                window.close()
        if slot_errors:
            exc = slot_errors[0]
            raise _StepFailed(f"error in the window: {type(exc).__name__}: {exc}")


def _check_defusedxml() -> str:
    import openpyxl.xml

    from .core.exchange.safety import check_xml_safety

    if openpyxl.xml.DEFUSEDXML is not True:
        raise SelftestFailure("openpyxl does not parse XML through defusedxml")
    check_xml_safety()
    return "openpyxl parses XML through defusedxml"


def _start_qt(state: dict[str, Any]) -> str:
    from PySide6.QtCore import qVersion

    from .ui.app import make_application
    from .ui.appicon import app_icon

    app = make_application()
    state["app"] = app
    icon = app_icon()
    if icon.isNull():
        raise SelftestFailure("the app icon (resources/icons) is missing")
    app.setWindowIcon(icon)
    return f"Qt {qVersion()}, platform {app.platformName()}"


def _build_sample(root: Path, state: dict[str, Any]) -> str:
    from .core.samples import build_sample, sample

    item = sample("provider")
    path = build_sample(item, root / f"{item.stem}.opplan")
    state["path"] = path
    return f"{path.name} ({path.stat().st_size:,} bytes)"


def _open_window(state: dict[str, Any]) -> str:
    from .ui.main_window import MainWindow

    window = MainWindow.open_plan(state["path"])
    state["window"] = window
    window.show()
    state["app"].processEvents()
    session = window.session()
    if session is None:
        raise SelftestFailure("the window has no plan open")
    if not window.isVisible():
        raise SelftestFailure("the window is not shown")
    if session.info.org_name not in window.windowTitle():
        raise SelftestFailure(f"unexpected window title {window.windowTitle()!r}")
    state["session"] = session
    return window.windowTitle()


def _run_checks(state: dict[str, Any]) -> str:
    findings = state["session"].findings()
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning")}
    if counts["error"]:
        raise SelftestFailure(f"the sample plan has {counts['error']} error(s)")
    return f"{len(findings)} finding(s): {counts['error']} error(s), {counts['warning']} warning(s)"


def _export(root: Path, state: dict[str, Any]) -> str:
    from .core.exchange.bundle import export_bundle
    from .core.exchange.xlsx_import import read_workbook

    session = state["session"]
    bundle = export_bundle(session.snapshot(), root / "export")
    missing = [p.name for p in bundle.files if not p.is_file() or p.stat().st_size == 0]
    if missing:
        raise SelftestFailure(f"the bundle lacks {', '.join(missing)}")
    for workbook in bundle.workbooks:
        changes = read_workbook(session.snapshot(), workbook)
        if changes:
            raise SelftestFailure(f"{workbook.name} reads back {len(changes)} different figure(s)")
    size = sum(p.stat().st_size for p in bundle.files)
    return f"{len(bundle.files)} files, {size:,} bytes, read back unchanged"


def _close(state: dict[str, Any]) -> str:
    window = state["window"]
    window.close()
    state["app"].processEvents()
    return "plan closed"
