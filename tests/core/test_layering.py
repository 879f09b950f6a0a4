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


def _imports(path) -> set[str]:
    """The desktop modules a module imports (relative imports resolved), at any level."""
    import ast

    from tests.helpers import ROOT

    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = module.split(".")[:-1]  # a package's __init__ is named like a module in it
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found |= {name} | {f"{name}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("desktop.")}


def test_what_reads_a_plan_takes_a_snapshot_not_the_open_plan() -> None:
    """Exporters, the review (compare, board pack, headlines, charts) and the snapshot
    itself never import the session or its operations: they read snapshots, so a
    version, or a plan read without a lock, goes through the same code (and the old
    cycle, the open plan importing the review that imported it, cannot come back)."""
    from tests.helpers import ROOT

    readers = [
        *(ROOT / "desktop/core/review").rglob("*.py"),
        *(ROOT / "desktop/core/exchange").rglob("*.py"),
        ROOT / "desktop/core/snapshot.py",
    ]
    writers = ("desktop.core.session", "desktop.core.operations")
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in readers
        for name in sorted(_imports(path))
        if name.startswith(writers)
    ]
    assert not found, "\n".join(found)
