"""Benchmark of the submission bundle export, set beside plain openpyxl in the same run.

Run: .venv/bin/python tests/bench/bench_export.py

Targets: the sample trust bundle (three workbooks, manifest, email draft) exports in under
1.5 s, and within 2x of writing the same cells (same workbooks, sheets, positions and
values, formulas included) with plain openpyxl: no styles, widths, protection, print
settings, validation lists, properties, manifest or email.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from harness import measure

WORK = Path(tempfile.mkdtemp(prefix="opplan-bench-export-"))
os.environ["OPPLAN_DATA_DIR"] = str(WORK / "userdata")

from openpyxl import Workbook, load_workbook  # noqa: E402

from desktop.core.exchange.bundle import export_bundle  # noqa: E402
from desktop.core.exchange.xlsx_import import read_workbook  # noqa: E402
from desktop.core.samples import build_sample, sample  # noqa: E402
from desktop.core.session import PlanSession  # noqa: E402

Content = list[tuple[str, list[tuple[int, int, object]]]]  # (sheet, [(row, column, value)])


def workbook_contents(paths: list[Path]) -> list[Content]:
    """What each exported workbook holds: every cell's value (formulas as text), by sheet."""
    contents = []
    for path in paths:
        wb = load_workbook(path)
        contents.append(
            [
                (
                    ws.title,
                    [
                        (c.row, c.column, c.value)
                        for row in ws.iter_rows()
                        for c in row
                        if c.value is not None
                    ],
                )
                for ws in wb.worksheets
            ]
        )
    return contents


def plain_write(contents: list[Content], folder: Path) -> None:
    """The same cells (same sheets, positions and values) with plain openpyxl: no styles,
    widths, protection, print settings, validation, properties, manifest or email."""
    for index, sheets in enumerate(contents):
        wb = Workbook()
        for number, (title, cells) in enumerate(sheets):
            ws = wb.active if number == 0 else wb.create_sheet()
            assert ws is not None
            ws.title = title
            for row, column, value in cells:
                ws.cell(row, column, value=value)
        wb.save(folder / f"plain{index}.xlsx")


def main() -> None:
    plan_path = build_sample(sample("provider"), WORK / "trust.opplan")
    out = WORK / "out"
    doc = PlanSession.open(plan_path, read_only=True)
    first = export_bundle(doc.snapshot(), out)
    contents = workbook_contents(list(first.workbooks))
    total = sum(len(cells) for sheets in contents for _, cells in sheets)
    print(f"sample trust bundle: {len(contents)} workbooks, {total:,} cells holding something")

    def clear() -> None:
        shutil.rmtree(out, ignore_errors=True)

    export_ms = measure(
        "export sample trust bundle (plan open)",
        lambda: export_bundle(doc.snapshot(), out),
        setup=clear,
        target_ms=1500,
    )

    def open_and_export() -> None:
        with PlanSession.open(plan_path, read_only=True) as fresh:
            export_bundle(fresh.snapshot(), out)

    measure("  open the plan, run the checks, export", open_and_export, setup=clear)
    plain = WORK / "plain"
    plain.mkdir()
    plain_ms = measure(
        f"plain openpyxl: the same {total:,} cells, unstyled",
        lambda: plain_write(contents, plain),
    )
    ratio = export_ms / plain_ms
    verdict = "ok" if ratio <= 2 else "MISSED"
    print(f"export / plain openpyxl: {ratio:.2f}x  target 2x: {verdict}")
    finance = first.workbooks[0]
    measure(
        "read the Finance workbook back (import check)",
        lambda: read_workbook(doc.snapshot(), finance),
    )
    doc.close()
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
