"""The CSV interchange format: ``line,period,value``, one entered value per row.

Loading is all-or-nothing: every bad row is listed (row number, line, period,
value and why) and the plan is left as it was. Dumping writes every stored
value in catalogue order, each exactly as entered.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from ..document import PlanDocument, cell_problem, parse_for_line
from ..errors import BadInput
from ..plan import Cell
from ..units import Value, ValueRefused, stored_text

HEADER = ("line", "period", "value")
MAX_CSV_BYTES = 50 * 1024 * 1024


def read_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV file, decoded as UTF-8 (a BOM from Excel is accepted)."""
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise BadInput(f"{path}: the file is {size:,} bytes; a plan CSV is far smaller")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a CSV file") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: is not UTF-8 text (bad byte at offset {exc.start})") from exc
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise BadInput(f"{path}: is not a valid CSV file ({exc})") from exc


def parse_csv(document: PlanDocument, path: Path) -> dict[Cell, Value | None]:
    """Read and check a CSV against the plan's catalogue; BadInput lists every bad row."""
    rows = read_rows(path)
    if not rows:
        raise BadInput(f"{path}: the file is empty (expected the header line,period,value)")
    header = tuple(cell.strip().lower() for cell in rows[0])
    if header != HEADER:
        raise BadInput(
            f"{path}: row 1: the header must be line,period,value, not {','.join(rows[0])!r}"
        )
    catalogue = document.catalogue
    values: dict[Cell, Value | None] = {}
    first_row: dict[Cell, int] = {}
    problems: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or all(not cell.strip() for cell in row):
            continue  # blank lines are harmless
        if len(row) != 3:
            problems.append(
                f"row {number}: expected 3 columns (line, period, value), "
                f"found {len(row)}: {','.join(row)!r}"
            )
            continue
        code, period, raw = (cell.strip() for cell in row)
        where = f"row {number}: {code or '(no line)'}, {period or '(no period)'}, {raw!r}"
        problem = cell_problem(catalogue, code, period)
        if problem:
            problems.append(f"{where}: {problem}")
            continue
        cell = (code, period)
        if cell in first_row:
            problems.append(f"{where}: this cell is already given in row {first_row[cell]}")
            continue
        first_row[cell] = number
        if raw == "":
            values[cell] = None
            continue
        try:
            values[cell] = parse_for_line(catalogue.lines[code], raw, document.round)
        except ValueRefused as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        raise BadInput(f"{path}: {len(problems)} bad row(s); nothing was loaded", problems)
    return values


def load_csv(document: PlanDocument, path: Path) -> int:
    """Load a CSV into the plan as one operation; returns how many values it held."""
    values = parse_csv(document, Path(path))
    document.set_cells(values, f"Load CSV {Path(path).name}")
    return len(values)


def dump_rows(document: PlanDocument) -> list[tuple[str, str, str]]:
    """Every stored value as (line, period, text), in catalogue order."""
    cells = document.plan.stored_cells()
    ordered = sorted(cells, key=document.catalogue.sort_key)
    return [(code, period, stored_text(cells[(code, period)])) for code, period in ordered]


def dump_csv_text(document: PlanDocument) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(dump_rows(document))
    return out.getvalue()


def dump_csv(document: PlanDocument, path: Path) -> int:
    """Write the dump to ``path`` atomically (a temporary file, then a rename)."""
    text = dump_csv_text(document)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True) if tmp.parent.is_dir() else None
        raise BadInput(f"{path}: cannot be written ({exc.strerror or exc})") from exc
    return text.count("\n") - 1
