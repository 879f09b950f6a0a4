"""Quitting after a copy: no crash on exit, and what was copied stays for Excel."""

import subprocess
import sys

from tests.helpers import subprocess_env

COPY_THEN_QUIT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from desktop.ui.app import make_application, start_window

app = make_application()
window = start_window()
window.show()
view = window.workspace.tabs.current_view()
view.copy_selection()
QTimer.singleShot(100, window.close)
code = app.exec()
print(repr(QGuiApplication.clipboard().text()), flush=True)
sys.exit(code)
"""


def test_the_app_exits_cleanly_after_a_copy(tmp_path) -> None:
    env = subprocess_env()
    env["OPPLAN_DATA_DIR"] = str(tmp_path / "userdata")
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-c", COPY_THEN_QUIT], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("\\r\\n'")  # the TSV row is still there
