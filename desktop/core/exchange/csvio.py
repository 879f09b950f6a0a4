"""The CSV interchange format: ``line,period,value``, one entered value per row.

Loading is all-or-nothing: the bad rows are listed (row number, line, period,
value and why: the first 50, and how many more) and the plan is left as it was.
The file is read one line at a time, within limits named when they refuse it (its
size, its length in lines, a line's length, and no more rows than the plan has
cells to enter). Dumping writes every stored
value in catalogue order, each exactly as entered.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ..catalogue import Catalogue
from ..cells import cell_problem, parse_for_line
from ..errors import BadInput, Problems
from ..plan import Cell
from ..snapshot import PlanSnapshot
from ..store import atomic
from ..units import Value, ValueRefused, stored_text

HEADER = ("line", "period", "value")
MAX_CSV_BYTES = 50 * 1024 * 1024
#: A row of line,period,value is a few dozen characters; anything longer is refused
#: without being split (a "row" of millions of commas must not fill the memory).
MAX_LINE_CHARS = 1_000
#: Lines read at most, blank ones included, beyond the rows a plan can take.
MIN_LINE_LIMIT = 100_000


def _lines(path: Path) -> Iterator[str]:
    """The file's lines, decoded as UTF-8 (a BOM from Excel is accepted), one at a time."""
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise BadInput(
                f"{path}: the file is {size:,} bytes; a plan CSV is far smaller "
                f"(the limit is {MAX_CSV_BYTES:,})"
            )
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from handle
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a CSV file") from None
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{path}: is not UTF-8 text (bad byte {exc.object[exc.start]:#04x})"
        ) from exc
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror})") from exc


def read_rows(path: Path, *, max_lines: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV file as (line number, cells), read one line at a time.

    Refuses (BadInput, naming the limit) a line longer than MAX_LINE_CHARS and a file of
    more than ``max_lines`` lines. A row is one line: a plan CSV has no quoted line breaks.
    """
    for number, text in enumerate(_lines(path), start=1):
        if max_lines is not None and number > max_lines:
            raise BadInput(
                f"{path}: has more than {max_lines:,} lines, blank lines included; a plan CSV "
                "has one line per value"
            )
        if len(text) > MAX_LINE_CHARS:
            raise BadInput(
                f"{path}: row {number} is {len(text):,} characters long; a row of "
                f"line,period,value is far shorter (the limit is {MAX_LINE_CHARS:,})"
            )
        try:
            row = next(csv.reader([text]), [])
        except csv.Error as exc:
            raise BadInput(f"{path}: row {number} is not valid CSV ({exc})") from exc
        yield number, row


def parse_csv(catalogue: Catalogue, path: Path) -> dict[Cell, Value | None]:
    """Read and check a CSV against a plan's catalogue, streaming; BadInput lists the
    bad rows (the first MAX_PROBLEMS, and how many more)."""
    capacity = sum(1 for _ in catalogue.input_cells())
    plan_kind = f"a {catalogue.org_kind} plan in {catalogue.round.name}"
    rows = read_rows(path, max_lines=max(MIN_LINE_LIMIT, 10 * capacity))
    first = next(rows, None)
    if first is None:
        raise BadInput(f"{path}: the file is empty (expected the header line,period,value)")
    header = tuple(cell.strip().lower() for cell in first[1])
    if header != HEADER:
        shown = ",".join(first[1])[:80]
        raise BadInput(f"{path}: row 1: the header must be line,period,value, not {shown!r}")
    values: dict[Cell, Value | None] = {}
    first_row: dict[Cell, int] = {}
    problems = Problems()
    given = 0
    for number, row in rows:
        if not row or all(not cell.strip() for cell in row):
            continue  # blank lines are harmless
        given += 1
        if given > capacity:
            raise problems.refusal(
                f"{path}: has more than {capacity:,} rows of values, the cells {plan_kind} "
                f"has to enter, each given once; nothing was loaded (row {number:,})"
            )
        problem = _row_problem(catalogue, row, number, first_row, values)
        if problem:
            problems.add(problem)
    if problems:
        raise problems.refusal(f"{path}: {problems.count:,} bad row(s); nothing was loaded")
    return values


def _row_problem(
    catalogue: Catalogue,
    row: list[str],
    number: int,
    first_row: dict[Cell, int],
    values: dict[Cell, Value | None],
) -> str | None:
    """What is wrong with one row (None when it is good: its value goes into ``values``)."""
    if len(row) != 3:
        return (
            f"row {number}: expected 3 columns (line, period, value), "
            f"found {len(row)}: {','.join(row)!r}"
        )
    code, period, raw = (cell.strip() for cell in row)
    where = f"row {number}: {code or '(no line)'}, {period or '(no period)'}, {raw!r}"
    problem = cell_problem(catalogue, code, period)
    if problem:
        return f"{where}: {problem}"
    cell = (code, period)
    if cell in first_row:
        return f"{where}: this cell is already given in row {first_row[cell]}"
    first_row[cell] = number
    if raw == "":
        values[cell] = None
        return None
    try:
        values[cell] = parse_for_line(catalogue.lines[code], raw, catalogue.round)
    except ValueRefused as exc:
        return f"{where}: {exc}"
    return None


def dump_rows(snapshot: PlanSnapshot) -> list[tuple[str, str, str]]:
    """Every stored value as (line, period, text), in catalogue order."""
    cells = snapshot.plan.stored_cells()
    ordered = sorted(cells, key=snapshot.catalogue.sort_key)
    return [(code, period, stored_text(cells[(code, period)])) for code, period in ordered]


def dump_csv_text(snapshot: PlanSnapshot) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(dump_rows(snapshot))
    return out.getvalue()


def dump_csv(snapshot: PlanSnapshot, path: Path) -> int:
    """Write the dump to ``path`` atomically (a temporary file, then a rename)."""
    text = dump_csv_text(snapshot)
    path = Path(path)
    tmp = atomic.temp_path(path)
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        atomic.fsync_file(tmp)
        atomic.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True) if tmp.parent.is_dir() else None
        raise BadInput(f"{path}: cannot be written ({exc.strerror or exc})") from exc
    return text.count("\n") - 1
