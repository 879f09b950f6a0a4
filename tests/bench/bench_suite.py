"""The whole test suite's time, two checkouts side by side: wall time, CPU time, tests.

Run: .venv/bin/python tests/bench/bench_suite.py --before /tmp/main-before [--runs 2]

Each checkout runs the README's test command with its own ``.venv``
(``QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -p no:cacheprovider``),
the two alternating (before, after, before, after...) so that both meet the same load
on a shared machine. Prints each run (with the load average when it started) and the
medians. CPU time is the suite's and its children's (workers, LibreOffice, PyInstaller).
For example, a checkout of the commit before a change:
``git worktree add --detach /tmp/main-before <commit>``, then its own
``python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(r"^=*\s*(\d+ \w+.*) in [\d.]+s", re.MULTILINE)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_suite(checkout: Path) -> tuple[float, float, str]:
    """One run of the suite in ``checkout``: (wall s, CPU s, pytest's summary line)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)
    command = [str(checkout / ".venv" / "bin" / "python"), "-m", "pytest", "-q"]
    command += ["-p", "no:cacheprovider"]
    cpu, start = children_cpu(), time.perf_counter()
    result = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - start, children_cpu() - cpu
    found = SUMMARY.findall(result.stdout)
    summary = found[-1] if found else (result.stdout.strip().splitlines() or ["?"])[-1]
    return wall, cpu, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument("--after", type=Path, default=ROOT, help="default: this checkout")
    parser.add_argument("--runs", type=int, default=2, help="runs of each (default 2)")
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    for run in range(args.runs):
        for name, checkout in (("before", args.before), ("after", args.after)):
            load = os.getloadavg()[0]
            wall, cpu, summary = run_suite(checkout.resolve())
            results[name].append((wall, cpu))
            print(
                f"run {run + 1} {name:<6} wall {wall:6.1f} s  CPU {cpu:6.1f} s  "
                f"(load {load:.1f} at start)  {summary}",
                flush=True,
            )
    medians = {
        name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in results.items()
    }
    (wall_b, cpu_b), (wall_a, cpu_a) = medians["before"], medians["after"]
    print(f"median before: wall {wall_b:6.1f} s  CPU {cpu_b:6.1f} s")
    print(f"median after:  wall {wall_a:6.1f} s  CPU {cpu_a:6.1f} s")
    print(f"after / before: wall {wall_a / wall_b:.2f}  CPU {cpu_a / cpu_b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
