"""Benchmarks of the window: start-up, a large paste, switching sheet tabs.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_ui.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, measure

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(tempfile.mkdtemp(prefix="opplan-bench-ui-"))
os.environ["OPPLAN_DATA_DIR"] = str(WORK / "userdata")

from PySide6.QtCore import QItemSelection  # noqa: E402
from PySide6.QtWidgets import QApplication, QTabWidget  # noqa: E402

from desktop.core.samples import build_sample, sample, working_copy  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402

CHILD = """
import sys, time
from desktop.ui.app import make_application, start_window
app = make_application()
window = start_window()
window.show()
app.processEvents()
print("SHOWN", flush=True)
"""


def bench_start(repeat: int = 7) -> None:
    working_copy()  # the first start ever builds the sample copy; measure the usual start
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        times.append((time.perf_counter() - start) * 1000)
        child.kill()
        child.wait()
        assert line.strip() == "SHOWN", line
    times = times[1:]
    median = statistics.median(times)
    print(
        f"{'start to first window shown (process spawn)':<48} median {median:8.2f} ms  "
        f"(min {min(times):.2f}, max {max(times):.2f}, n={repeat})  target 1500 ms: "
        f"{'ok' if median < 1500 else 'MISSED'}",
        flush=True,
    )


def bench_window() -> None:
    app = QApplication.instance() or QApplication([])
    item = sample("provider")
    plan = build_sample(item, WORK / "trust.opplan")
    window = MainWindow.open_plan(plan)
    window.show()
    app.processEvents()
    tabs = window.workspace.tabs

    view = tabs.go_to("FIN.INC.01", "M01")
    model = view.sheet_model
    rows, cols = model.rowCount(), model.columnCount()
    block = [[str(1000 + r + c) for c in range(cols)] for r in range(rows)]
    state = {"k": 0}

    def paste_sheet() -> None:
        state["k"] += 1
        grid = [[str(int(v) + state["k"]) for v in row] for row in block]
        view.setCurrentIndex(model.index(0, 0))
        view.selectionModel().select(
            QItemSelection(model.index(0, 0), model.index(0, 0)),
            view.selectionModel().SelectionFlag.ClearAndSelect,
        )
        view.paste_block(grid)
        app.processEvents()

    inputs = sum(1 for r in range(rows) for c in range(cols) if model.is_input(r, c))
    median = measure(
        f"paste the whole I&E sheet ({rows}x{cols}; {inputs} input cells)", paste_sheet, repeat=9
    )
    print(
        f"{'  per input cell':<48} {median / inputs * 1000:8.1f} us  "
        f"(10,000 cells at this rate: {median / inputs * 10000:.0f} ms; no sheet holds "
        f"10,000 input cells)",
        flush=True,
    )

    outer = tabs
    order = []
    for t in range(outer.count()):
        inner = outer.widget(t)
        assert isinstance(inner, QTabWidget)
        for s in range(inner.count()):
            order.append((t, s))
    position = {"i": 0}

    def switch_tab() -> None:
        position["i"] = (position["i"] + 1) % len(order)
        t, s = order[position["i"]]
        outer.setCurrentIndex(t)
        inner = outer.widget(t)
        inner.setCurrentIndex(s)
        inner.currentWidget().repaint()
        app.processEvents()

    measure("switch sheet tab (and paint it)", switch_tab, repeat=30, target_ms=100)
    window.close()


def main() -> None:
    bench_start()
    bench_window()
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
