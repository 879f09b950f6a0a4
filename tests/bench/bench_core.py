"""Benchmarks of the core (no window): plan files, calculator, CSV load and the checks.

Run: .venv/bin/python tests/bench/bench_core.py
"""

from __future__ import annotations

import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from harness import measure

WORK = Path(tempfile.mkdtemp(prefix="opplan-bench-"))
os.environ["OPPLAN_DATA_DIR"] = str(WORK / "userdata")

from desktop.core.checks import CheckEngine, run_checks  # noqa: E402
from desktop.core.operations import LoadCsv  # noqa: E402
from desktop.core.samples import build_sample, sample  # noqa: E402
from desktop.core.session import PlanSession  # noqa: E402
from desktop.core.snapshot import PlanSnapshot  # noqa: E402


def main() -> None:
    trust = sample("provider")
    plan_path = build_sample(trust, WORK / "trust.opplan")

    def open_and_compute() -> None:
        with PlanSession.open(plan_path) as doc:
            doc.plan.compute_all()

    measure("open sample trust plan + compute every cell", open_and_compute, target_ms=150)

    def open_read_only_and_compute() -> None:
        with PlanSession.open(plan_path, read_only=True) as doc:
            doc.plan.compute_all()

    measure("  (the same, opened read-only: no lock, no backup)", open_read_only_and_compute)

    target = WORK / "load.opplan"

    def remove() -> None:
        target.unlink(missing_ok=True)

    def create_and_load() -> None:
        with PlanSession.create(target, **trust.identity()) as doc:
            doc.run(LoadCsv(trust.csv_path))

    measure(
        "new plan + load sample CSV (1,283 values)",
        create_and_load,
        setup=remove,
        target_ms=1000,
        repeat=9,
    )

    def read_snapshot_and_compute() -> None:
        PlanSnapshot.read(plan_path).plan.compute_all()

    measure("  (read as a snapshot: PlanSnapshot.read)", read_snapshot_and_compute)

    with PlanSession.open(plan_path) as editing:
        editing.findings()  # the check engine running, as in the window
        typed = {"v": Decimal(0)}

        def set_one_cell() -> None:
            typed["v"] += 1
            editing.set_cells({("FIN.PAY.03", "M07"): Decimal(700) + typed["v"]}, "typing")

        measure(
            "one typed value through the open plan (saved, re-checked, told)",
            set_one_cell,
            repeat=50,
            target_ms=50,
        )

    doc = PlanSession.open(plan_path, read_only=True)
    plan = doc.plan
    measure(
        "full check of the sample trust plan (cold calculator)",
        lambda: run_checks(plan),
        setup=lambda: plan.replace_all(plan.stored_cells()),
        target_ms=50,
    )
    measure(
        "full check of the sample trust plan (warm calculator)",
        lambda: run_checks(plan),
        target_ms=50,
    )

    engine = CheckEngine(plan)
    engine.run_all()
    state = {"v": Decimal(0)}

    def edit_and_recheck() -> None:
        state["v"] += 1
        affected = plan.apply({("FIN.PAY.03", "M07"): Decimal(700) + state["v"]})
        engine.update(affected)

    measure(
        "re-check after one edited cell (FIN.PAY.03 M07)", edit_and_recheck, repeat=50, target_ms=5
    )

    def edit_activity() -> None:
        state["v"] += 1
        affected = plan.apply({("E.M.11b", "M10"): Decimal(4000) + state["v"]})
        engine.update(affected)

    measure("re-check after one edited cell (E.M.11b M10)", edit_activity, repeat=50, target_ms=5)
    doc.close()
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
