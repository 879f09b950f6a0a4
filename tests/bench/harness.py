"""A tiny benchmark harness: run a step repeatedly, report the median (and spread)."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def measure(
    name: str,
    step: Callable[[], object],
    *,
    setup: Callable[[], object] | None = None,
    teardown: Callable[[], object] | None = None,
    repeat: int = 15,
    target_ms: float | None = None,
) -> float:
    """Time ``step`` ``repeat`` times (after one warm-up run); print and return the median ms."""
    times = []
    for i in range(repeat + 1):
        if setup:
            setup()
        start = time.perf_counter()
        step()
        elapsed = (time.perf_counter() - start) * 1000
        if teardown:
            teardown()
        if i:
            times.append(elapsed)
    median = statistics.median(times)
    verdict = ""
    if target_ms is not None:
        verdict = f"  target {target_ms:g} ms: {'ok' if median < target_ms else 'MISSED'}"
    print(
        f"{name:<48} median {median:8.2f} ms  (min {min(times):.2f}, max {max(times):.2f}, "
        f"n={repeat}){verdict}",
        flush=True,
    )
    return median
