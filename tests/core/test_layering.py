"""House rules: desktop.core never imports Qt; PySide6 survives many signal emits."""

import subprocess
import sys

from tests.helpers import subprocess_env

IMPORT_ALL_CORE = """
import importlib, pkgutil, sys
import desktop.core
names = [m.name for m in pkgutil.walk_packages(desktop.core.__path__, "desktop.core.")
         if ".migrations" not in m.name]
for name in names:
    importlib.import_module(name)
import desktop.cli
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "PySide6")
print(len(names), loaded)
"""


def test_core_and_cli_import_no_qt_module() -> None:
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_CORE],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=120,
        check=True,
    )
    count, loaded = out.stdout.strip().split(" ", 1)
    assert int(count) >= 10
    assert loaded == "[]"


EMIT_MANY = """
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Emitter(QObject):
    changed = Signal(int)

app = QCoreApplication.instance() or QCoreApplication([])
emitter = Emitter()
seen = []
emitter.changed.connect(lambda k: seen.append(k) if k % 10000 == 0 else None)
for k in range(100_000):
    emitter.changed.emit(k)
print("ok", len(seen))
"""


def test_qt_survives_a_hundred_thousand_signal_emits() -> None:
    # PySide6 6.12.0 on CPython 3.11 aborts here (bool_dealloc): pyproject pins around it.
    out = subprocess.run(
        [sys.executable, "-c", EMIT_MANY],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok 10"
