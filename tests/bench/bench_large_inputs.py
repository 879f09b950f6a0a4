"""Peak memory and time of the CLI on the large inputs of issue 11 (fault 10).

The cases: a 50 MB CSV of valid rows followed by blank lines; a CSV of 2.9 million
duplicate rows; a workbook with 7 million cells in one row. Each is loaded (or
imported) into a fresh copy of a plan by ``/usr/bin/time -v python main.py ...``:
the peak resident memory, the wall time, the exit code and the bytes written to the
terminal are reported, medians of ``--repeat`` runs. ``--compare DIR`` runs the
same on another checkout (e.g. ``git archive <commit> | tar -x -C DIR``) side by side.

Run: .venv/bin/python tests/bench/bench_large_inputs.py [--repeat 3] [--compare DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from harness import ROOT

from tests.faults.scenarios import NEW_ARGS

SAMPLE_CSV = ROOT / "resources" / "samples" / "sample-trust-2019-20.csv"
LIMIT = 50 * 1024 * 1024


def make_inputs(work: Path) -> dict[str, tuple[str, Path, Path]]:
    """{case: (command, plan template, input file)}."""
    env = dict(os.environ, OPPLAN_DATA_DIR=str(work / "data"), PYTHONPATH=str(ROOT))

    def cli(*args: object) -> None:
        command = [sys.executable, str(ROOT / "main.py"), *map(str, args)]
        subprocess.run(command, check=True, env=env, capture_output=True)

    empty = work / "empty.opplan"
    cli("new", empty, *NEW_ARGS)
    sample = work / "sample.opplan"
    shutil.copy(empty, sample)
    cli("load", sample, SAMPLE_CSV)
    text = SAMPLE_CSV.read_text(encoding="utf-8")
    blank = work / "valid-then-blank.csv"
    blank.write_text(text + "\n" * (LIMIT - len(text.encode()) - 1), encoding="utf-8")
    dupes = work / "duplicates.csv"
    with dupes.open("w", encoding="utf-8") as handle:
        handle.write("line,period,value\n")
        handle.write("FIN.INC.01,M01,1\n" * 2_900_000)
    out = work / "bundle"
    cli("export", sample, "--out", out)
    [finance] = out.glob("*/*_Finance_*.xlsx")
    wide = work / "wide-row.xlsx"
    rng = random.Random(7)
    row = "".join(f"<c><v>{rng.randint(0, 99_999_999)}</v></c>" for _ in range(7_000_000))
    with zipfile.ZipFile(finance) as old, zipfile.ZipFile(wide, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(
                    b"</sheetData>", f'<row r="5000">{row}</row>'.encode() + b"</sheetData>"
                )
            new.writestr(item, data)
    return {
        "50 MB CSV: valid rows, then blank lines": ("load", empty, blank),
        "CSV of 2.9 M duplicate rows": ("load", empty, dupes),
        f"xlsx of {wide.stat().st_size / 1e6:.1f} MB, 7 M cells in one row": (
            "import",
            sample,
            wide,
        ),
    }


def run_once(checkout: Path, command: str, plan: Path, source: Path, work: Path) -> dict:
    target = work / "target.opplan"
    shutil.copy(plan, target)
    env = dict(
        os.environ,
        OPPLAN_DATA_DIR=str(work / "data"),
        PYTHONPATH=str(checkout),
        PYTHONDONTWRITEBYTECODE="1",
    )
    done = subprocess.run(
        [
            "/usr/bin/time",
            "-v",
            sys.executable,
            str(checkout / "main.py"),
            command,
            str(target),
            str(source),
        ],
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
    )
    report = done.stderr[done.stderr.rfind("\tCommand being timed") :]
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)[1])  # type: ignore[index]
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", report)[1]  # type: ignore[index]
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60**i for i, p in enumerate(reversed(parts)))
    code = int(re.search(r"Exit status: (\d+)", report)[1])  # type: ignore[index]
    output = len(done.stdout) + len(done.stderr) - len(report)
    return {"peak_mb": peak / 1024, "seconds": seconds, "exit": code, "output": output}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare", type=Path, help="another checkout to run the same on")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="opplan-bench-large-"))
    try:
        cases = make_inputs(work)
        checkouts = [("this checkout", ROOT)]
        if args.compare:
            checkouts.insert(0, (f"{args.compare}", args.compare.resolve()))
        for case, (command, plan, source) in cases.items():
            print(f"{case} ({source.stat().st_size / 1e6:.1f} MB), {command}:", flush=True)
            for label, checkout in checkouts:
                runs = [run_once(checkout, command, plan, source, work) for _ in range(args.repeat)]
                peak = statistics.median(r["peak_mb"] for r in runs)
                seconds = statistics.median(r["seconds"] for r in runs)
                print(
                    f"  {label:<28} peak {peak:8.0f} MB  wall {seconds:6.2f} s  "
                    f"exit {runs[0]['exit']}  terminal output {runs[0]['output']:>11,} bytes  "
                    f"(median of {len(runs)})",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
