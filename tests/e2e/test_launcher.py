"""The launcher's safety nets, from source: --selftest, the crash handler, windowed mode."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, subprocess_env

MAIN = str(ROOT / "main.py")


def run_python(args: list[str], data: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = subprocess_env()
    environment["OPPLAN_DATA_DIR"] = str(data)
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=data.parent,
        timeout=120,
    )


def log_text(data: Path) -> str:
    return (data / "logs" / "opplan-desk.log").read_text(encoding="utf-8")


def test_selftest_from_source(tmp_path: Path) -> None:
    data = tmp_path / "userdata"
    result = run_python([MAIN, "--selftest"], data)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("OpPlan Desk ") and "from source" in lines[0]
    assert lines[-1].startswith("SELFTEST OK")
    for step in ("defusedxml guard", "sample plan", "main window", "review checks", "export"):
        assert any(step in line and line.lstrip().startswith("ok") for line in lines), step
    # nothing of the user's is touched: only the log is written
    assert sorted(p.name for p in data.iterdir()) == ["logs"]
    assert "selftest passed" in log_text(data)


def test_selftest_failure_says_why_and_exits_non_zero(tmp_path: Path) -> None:
    data = tmp_path / "userdata"
    # openpyxl then parses without defusedxml: the guard must catch it
    result = run_python([MAIN, "--selftest"], data, OPENPYXL_DEFUSEDXML="False")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith("SELFTEST FAILED: defusedxml guard: ")


def test_commands_refuse_to_run_without_the_xml_guard(tmp_path: Path) -> None:
    result = run_python(
        [MAIN, "info", str(tmp_path / "x.opplan")],
        tmp_path / "userdata",
        OPENPYXL_DEFUSEDXML="False",
    )
    assert result.returncode == 2
    assert "defusedxml" in result.stderr and "Traceback" not in result.stderr


CRASH_AT_START = """
from desktop.launcher import prepare
prepare()
from desktop.ui.app import make_application
app = make_application()
raise RuntimeError("boom at start for the test")
"""


def test_an_unexpected_error_is_logged_and_exits_non_zero_without_a_dialog(
    tmp_path: Path,
) -> None:
    data = tmp_path / "userdata"
    result = run_python(["-c", CRASH_AT_START], data)  # offscreen: no dialog to wait on
    assert result.returncode == 1
    text = log_text(data)
    assert "CRITICAL desktop.crash: unexpected error in MainThread" in text
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: boom at start for the test" in text
    assert "RuntimeError: boom at start for the test" in result.stderr


CRASH_IN_MAIN = """
import sys
import desktop.ui.app

def broken_window(argv):
    raise ZeroDivisionError("boom while opening the window")

desktop.ui.app.run_window = broken_window
from desktop.launcher import main
sys.exit(main([]))
"""


def test_an_error_escaping_the_window_ends_with_exit_70(tmp_path: Path) -> None:
    """main() reports it itself: the frozen windowed bootloader must not see it."""
    data = tmp_path / "userdata"
    result = run_python(["-c", CRASH_IN_MAIN], data)
    assert result.returncode == 70
    text = log_text(data)
    assert "ZeroDivisionError: boom while opening the window" in text
    assert "Traceback (most recent call last)" in text


CRASH_IN_SLOT_AND_THREAD = """
import sys, threading
from PySide6.QtCore import QTimer
from desktop.launcher import prepare
prepare()
from desktop.ui.app import make_application
app = make_application()

def slot():
    raise ValueError("boom in a slot")

def worker():
    raise KeyError("boom in a thread")

QTimer.singleShot(0, slot)
QTimer.singleShot(10, lambda: threading.Thread(target=worker, name="worker-1").start())
QTimer.singleShot(500, app.quit)
sys.exit(app.exec())
"""


def test_errors_in_slots_and_threads_are_logged_and_the_app_carries_on(tmp_path: Path) -> None:
    data = tmp_path / "userdata"
    result = run_python(["-c", CRASH_IN_SLOT_AND_THREAD], data, OPPLAN_NO_CRASH_DIALOG="1")
    assert result.returncode == 0, result.stderr
    text = log_text(data)
    assert "ValueError: boom in a slot" in text
    assert "unexpected error in worker-1" in text
    assert "KeyError: 'boom in a thread'" in text


WINDOWED = """
import sys
sys.stdout = None
sys.stderr = None
from desktop.launcher import main

def call(args):
    try:
        return main(args)
    except SystemExit as exc:  # argparse ends --version and --help this way
        return exc.code

codes = [call(["--version"]), call(["--help"]), call(["info", "no-such-plan.opplan"])]
sys.__stdout__.write(repr(codes))
"""


def test_windowed_mode_without_streams(tmp_path: Path) -> None:
    """The frozen windowed app on Windows has sys.stdout/sys.stderr None."""
    data = tmp_path / "userdata"
    result = run_python(["-c", WINDOWED], data)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[0, 0, 2]"


def test_the_log_falls_back_to_the_temporary_folder(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    script = (
        "import tempfile; from desktop.logsetup import configure_logging; "
        "print(configure_logging().parent == __import__('pathlib').Path(tempfile.gettempdir())"
        " / 'OpPlanDesk-logs')"
    )
    result = run_python(["-c", script], blocked)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_the_crash_dialog_names_the_log(monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
    """With a screen (not offscreen), the dialog shows the error and the log's path."""
    from PySide6.QtWidgets import QMessageBox

    from desktop import crash

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(crash, "_log_file", Path("/logs/opplan-desk.log"))
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")  # what dialogs_allowed reads
    monkeypatch.delenv(crash.NO_DIALOG_ENV, raising=False)
    assert crash.dialogs_allowed()
    crash.report(RuntimeError("the details"))
    assert len(shown) == 1
    assert "RuntimeError: the details" in shown[0]
    assert str(Path("/logs/opplan-desk.log")) in shown[0]

    monkeypatch.setenv(crash.NO_DIALOG_ENV, "1")
    crash.report(RuntimeError("again"))
    assert len(shown) == 1
