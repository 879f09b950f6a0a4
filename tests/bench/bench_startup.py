"""Start-up: the app on the sample plan against a bare PySide6 window, side by side.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_startup.py [--runs N]

Each run is a fresh process that ends the moment its grid's first paint is done:

- **bare**: a QMainWindow holding a 40 x 14 QTableWidget filled with figures (the
  floor: Python, Qt and one painted table);
- **app**: ``desktop.launcher.main([])``, what ``python main.py`` runs, on the
  working copy of the sample trust plan (it opens the last plan, else the sample),
  until the first paint of a plan sheet's grid;
- **app ready**: the same until the plan is open for editing (locked, every sheet,
  the checks run and the findings listed: ``MainWindow.planOpened``).

Both children install the same application-wide event filter, which ends the process
(``os._exit``) at the first paint of the grid's viewport, so start-up work that comes
after the first paint is not counted in "first paint", and the exit costs nothing.
The app's bytecode is written once by a first round that is not counted, as an
installed app has it. The runs alternate (bare, app, app ready, bare, ...) so a busy
machine weighs on all three alike. Reported: medians of the whole process's CPU
time (user + system, from ``wait4``) and of the wall time from spawn to the end,
and the app / bare ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT

TARGET_RATIO = 3.0

#: Ends the process when a watched viewport has painted once (after the paint is done).
HOOK = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def __init__(self, accept):
        super().__init__()
        self.accept = accept
        self.done = False

    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint and self.accept(obj):
            self.done = True
            QTimer.singleShot(0, finish)
        return False

def finish():
    sys.stdout.write("PAINTED\\n")
    sys.stdout.flush()
    os._exit(0)
"""

BARE = (
    HOOK
    + """
from PySide6.QtWidgets import QMainWindow, QTableWidget, QTableWidgetItem
app = QApplication([sys.argv[0]])
table = QTableWidget(40, 14)
for r in range(40):
    for c in range(14):
        table.setItem(r, c, QTableWidgetItem(f"{(r + 1) * (c + 3) * 101.7:,.1f}"))
hook = FirstPaint(lambda obj: obj is table.viewport())
app.installEventFilter(hook)
window = QMainWindow()
window.setCentralWidget(table)
window.resize(1366, 700)
window.show()
app.exec()
"""
)

APP = (
    HOOK
    + """
from desktop.ui.app import make_application
app = make_application()

def is_grid(obj):
    parent = obj.parent()
    return (
        obj.objectName() == "qt_scrollarea_viewport"
        and parent is not None
        and any(k.__name__ == "SheetView" for k in type(parent).__mro__)
    )

ready = None
if os.environ.get("BENCH_UNTIL") == "ready":
    from desktop.ui.main_window import MainWindow
    ready = getattr(MainWindow, "planOpened", None)  # older builds: ready at first paint
if ready is not None:
    original = MainWindow.__init__
    def patched(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.planOpened.connect(finish)
    MainWindow.__init__ = patched
else:
    hook = FirstPaint(is_grid)
    app.installEventFilter(hook)
from desktop.launcher import main
main([])
"""
)


def run_child(code: str, env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds of the whole process, wall seconds from spawn to exit)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    assert child.stdout is not None and child.stderr is not None
    out, err = child.stdout.read(), child.stderr.read()
    child.returncode = os.waitstatus_to_exitcode(status)
    if "PAINTED" not in out:
        raise SystemExit(f"a child did not paint (exit {child.returncode}):\n{out}\n{err}")
    return usage.ru_utime + usage.ru_stime, wall


def prepare(scratch: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), OPPLAN_DATA_DIR=str(scratch / "userdata"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # As installed, the app's modules are compiled once: keep their bytecode (in the
    # scratch folder) even where PYTHONDONTWRITEBYTECODE is set for development.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    # The first start ever builds the working copy of the sample: measure the usual start.
    subprocess.run(
        [sys.executable, "-c", "from desktop.core.samples import working_copy; working_copy()"],
        check=True,
        env=env,
        cwd=ROOT,
    )
    return env


def report(name: str, values: list[float]) -> float:
    median = statistics.median(values)
    print(
        f"  {name:<30} median {median * 1000:7.0f} ms  "
        f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, n={len(values)})",
        flush=True,
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9, help="runs of each (at least 7)")
    args = parser.parse_args()
    runs = max(7, args.runs)
    with tempfile.TemporaryDirectory(prefix="opplan-bench-start-") as scratch:
        env = prepare(Path(scratch))
        kinds = {
            "bare": (BARE, env),
            "app first paint": (APP, env),
            "app ready": (APP, dict(env, BENCH_UNTIL="ready")),
        }
        results: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
        for i in range(runs + 1):  # the first round writes bytecode, warms caches: not counted
            for name, (code, child_env) in kinds.items():
                measured = run_child(code, child_env)
                if i:
                    results[name].append(measured)
    medians: dict[str, tuple[float, float]] = {}
    for label, index in (("CPU (user + system)", 0), ("wall", 1)):
        print(f"{label}:")
        for name, values in results.items():
            medians.setdefault(name, (0.0, 0.0))
            value = report(name, [v[index] for v in values])
            cpu, wall = medians[name]
            medians[name] = (value, wall) if index == 0 else (cpu, value)
    bare_cpu, bare_wall = medians["bare"]
    for name in ("app first paint", "app ready"):
        cpu, wall = medians[name]
        print(
            f"{name} / bare: CPU {cpu / bare_cpu:.2f}x, wall {wall / bare_wall:.2f}x",
            flush=True,
        )
    ratio = medians["app first paint"][0] / bare_cpu
    verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
    print(f"target: first paint within {TARGET_RATIO:g}x the bare CPU: {ratio:.2f}x {verdict}")


if __name__ == "__main__":
    main()
