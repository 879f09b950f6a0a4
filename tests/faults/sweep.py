"""The full fault-injection sweep: every write operation killed (SIGKILL, strace) before
the Nth call of each file-writing system call, for every N it makes, then judged.

Run (Linux, strace installed; about half an hour on a 2-core machine):

    .venv/bin/python -m tests.faults.sweep [--only load export ...] [--every K] [--json FILE]

Prints, per operation: points run, runs actually killed, and the runs that left the
plan damaged, mixed (neither before nor after; a mixed bundle; a truncated PDF),
blocked (the next read or write failed) or leftovers (temporary files still there
after the next run). All four must be 0. Exit status 1 when any is not.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.faults.harness import (
    SYSCALLS,
    child_env,
    run_killed,
    strace_works,
    was_killed,
)
from tests.faults.scenarios import SCENARIOS, Fixtures, count_points, judge, learn

COLUMNS = ("points", "killed", "damaged", "mixed", "blocked", "leftovers")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="operations to sweep (default: all)")
    parser.add_argument("--every", type=int, default=1, help="only every Kth point of each call")
    parser.add_argument("--json", type=Path, help="write the figures and failures here")
    args = parser.parse_args()
    why = strace_works()
    if why:
        print(f"cannot sweep: {why}", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="opplan-sweep-"))
    os.environ["OPPLAN_DATA_DIR"] = str(root / "data")
    fixtures = Fixtures(root / "fixtures")
    env = child_env(root / "data")
    chosen = [s for s in SCENARIOS if not args.only or s.name in args.only]
    table: dict[str, dict[str, int]] = {}
    failures: list[dict] = []
    started = time.monotonic()
    for scenario in chosen:
        folder = root / "runs" / scenario.name.replace(" ", "-")
        learn(scenario, fixtures, folder)
        counts = count_points(scenario, fixtures, folder, env)
        figures = dict.fromkeys(COLUMNS, 0)
        for syscall in SYSCALLS:
            for when in range(1, counts[syscall] + 1, args.every):
                run = scenario.start(fixtures, folder)
                child = env | {"OPPLAN_DATA_DIR": str(run.data)}
                result = run_killed(scenario.args(fixtures, run), syscall, when, child, run.folder)
                outcome = judge(scenario, fixtures, run)
                figures["points"] += 1
                figures["killed"] += was_killed(result)
                for kind in ("damaged", "mixed", "blocked", "leftovers"):
                    found = getattr(outcome, kind)
                    if found:
                        figures[kind] += 1
                        failures.append(
                            {
                                "operation": scenario.name,
                                "syscall": syscall,
                                "when": when,
                                "kind": kind,
                                "detail": found[:3],
                            }
                        )
        table[scenario.name] = figures
        print(_row(scenario.name, figures), flush=True)
    total = {c: sum(t[c] for t in table.values()) for c in COLUMNS}
    print(_row("total", total))
    print(f"({time.monotonic() - started:.0f} s; calls killed at: {', '.join(SYSCALLS)})")
    for failure in failures[:40]:
        print(f"  {failure}")
    if args.json:
        args.json.write_text(
            json.dumps({"figures": table, "total": total, "failures": failures}, indent=2)
        )
    return 1 if any(total[k] for k in ("damaged", "mixed", "blocked", "leftovers")) else 0


def _row(name: str, figures: dict[str, int]) -> str:
    return f"{name:<12} " + " ".join(f"{c} {figures[c]:>4}" for c in COLUMNS)


if __name__ == "__main__":
    sys.exit(main())
