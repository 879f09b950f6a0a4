"""Reading an exported workbook back: the figures in its yellow cells, checked cell by cell,
merged into the plan.

The workbook may have been edited by hand in Excel or LibreOffice. It is
untrusted: the zip is checked before it is opened, XML is parsed through
defusedxml, formulas are never evaluated (an input cell holding a formula gives
its saved result), and every value is typed and range-checked through its
line's unit (text such as "1,234" or "(100)" is read as typed into the plan). A
workbook for another organisation, round or template is refused; text in a number
cell, a value its line cannot hold, or a calculated cell whose formula was changed
are listed cell by cell, and then nothing is imported.

A workbook records (in its hidden ``_meta`` sheet) the plan it was exported from
and the figures it was exported with. Imported into that plan, it is merged three
ways: only the figures changed in the workbook since the export are applied, the
plan's own edits since then are kept, and a cell changed on both sides refuses the
whole import, listing each. Imported into another plan (of the same organisation,
round and template), every figure of the workbook is read.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.reader.excel import SUPPORTED_FORMATS
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..catalogue import Line, Template
from ..cells import parse_for_line, value_problem
from ..errors import BadInput
from ..plan import Cell
from ..snapshot import PlanSnapshot
from ..units import Value, ValueRefused, from_stored, parse_number, stored_text
from . import workbook_layout as wl
from .safety import check_xml_safety, check_zip
from .sheet_limits import check_sheet_sizes

#: What a damaged or foreign file can make openpyxl raise while reading it.
_DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    InvalidFileException,
    ParseError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    EOFError,
)

Grid = dict[tuple[int, int], tuple[Any, str]]  # (row, column) -> (value, data type)


#: How a workbook was read (``WorkbookImport.how``).
MERGED = "merged"  # this plan's workbook: only the figures changed in it since the export
OTHER_PLAN = "other plan"  # another plan's workbook: every figure
OLDER = "older version"  # no record of the exported figures, and the plan had none: every figure

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class WorkbookImport:
    """What importing a workbook does to the plan: ``changes`` (None clears a cell) and
    how the workbook was read."""

    name: str  # the workbook's file name
    template: Template
    how: str  # MERGED | OTHER_PLAN | OLDER
    exported_at: str  # when the workbook was exported, for people
    changes: dict[Cell, Value | None]
    #: MERGED: cells not changed in the workbook since the export; otherwise cells whose
    #: figure already matched the plan.
    unchanged: int
    kept: int = 0  # MERGED: of ``unchanged``, cells edited in the plan since the export
    already: int = 0  # MERGED: changed in the workbook to the plan's current figure

    @property
    def count(self) -> int:
        return len(self.changes)

    def message(self, workbook: object, plan: object) -> str:
        """One line saying what the import did (or does), e.g. for the command line."""
        values = f"{self.count:,} value{'' if self.count == 1 else 's'}"
        if self.how == MERGED:
            since = f"since it was exported ({self.exported_at})"
            if not self.changes and self.already:
                return (
                    f"{workbook}: the {self.already:,} figure(s) changed in the workbook {since} "
                    f"already match {plan}; nothing imported"
                )
            if not self.changes:
                return f"{workbook}: nothing changed in the workbook {since}; nothing imported"
            rest = f"{self.unchanged:,} unchanged"
            if self.kept:
                rest += f", {self.kept:,} of them edited in the plan since and kept"
            if self.already:
                rest += f"; {self.already:,} already as in the plan"
            return (
                f"Imported {values} from {workbook} into {plan}, changed in the workbook "
                f"{since}; {rest}"
            )
        if not self.changes:
            return f"{workbook}: every figure already matches {plan}; nothing imported"
        if self.how == OTHER_PLAN:
            why = f"it was exported from another plan ({self.exported_at})"
        else:
            why = (
                f"it was exported by an older version ({self.exported_at}) and the plan had no "
                f"{self.template.title} figures"
            )
        return (
            f"Imported {values} from {workbook} into {plan}: {why}, so every figure in it was "
            f"read; {self.unchanged:,} already matched"
        )


def import_name(path: Path) -> str:
    """The name of a workbook's import as an operation: the audit trail's and the undo
    step's (the window and the command line alike)."""
    return f"Import workbook {Path(path).name}"


def read_workbook(snapshot: PlanSnapshot, path: Path) -> dict[Cell, Value | None]:
    """The values to apply (None clears a cell), merged as ``plan_import`` says. Raises
    BadInput, naming each bad or conflicting cell, when anything is wrong; reads nothing
    into the plan."""
    return plan_import(snapshot, path).changes


def plan_import(snapshot: PlanSnapshot, path: Path) -> WorkbookImport:
    """What importing the workbook at ``path`` would change; changes nothing.

    Exported from this plan, the workbook is merged three ways, cell by cell, between
    the figure it was exported with (E), its figure now (W) and the plan's now (P):
    W == E is left as the plan has it (even when P changed since); otherwise W is
    applied when P == E, nothing is needed when P == W, and a cell with E, W and P
    all different was changed on both sides: the import is refused, listing each.
    Exported from another plan, every figure of the workbook is read. A workbook
    exported by an older version (without the exported figures) is read in full only
    into a plan with no figures of its template.
    """
    path = Path(path)
    book = _read(snapshot, path)
    exported_at = _when(book.meta.get("exported_at", ""))
    same_plan = book.meta.get("plan_id", "") == snapshot.info.plan_id
    if same_plan and book.exported is not None:
        return _merged(snapshot, book, path.name, exported_at)
    if book.exported is None and _has_figures(snapshot, book.values):
        raise BadInput(
            f"{path.name} was exported by an older version: it cannot be merged safely; export "
            f"again (it does not record the figures it was exported with, and this plan already "
            f"has {book.template.title} figures)"
        )
    changes: dict[Cell, Value | None] = {}
    unchanged = 0
    for cell, value in book.values.items():
        if _same(snapshot.plan.stored(*cell), value):
            unchanged += 1
        else:
            changes[cell] = value
    how = OLDER if book.exported is None else OTHER_PLAN
    return WorkbookImport(path.name, book.template, how, exported_at, changes, unchanged)


def _merged(snapshot: PlanSnapshot, book: _Workbook, name: str, exported_at: str) -> WorkbookImport:
    assert book.exported is not None
    changes: dict[Cell, Value | None] = {}
    conflicts: list[str] = []
    unchanged = kept = already = 0
    for cell, new in book.values.items():
        exported = book.exported.get(cell)
        now = snapshot.plan.stored(*cell)
        if _same(new, exported):
            unchanged += 1
            if not _same(now, exported):
                kept += 1  # edited in the plan since the export: the plan's figure stands
        elif _same(now, exported):
            changes[cell] = new
        elif _same(now, new):
            already += 1
        else:
            spot = book.layout.spots[cell]
            code, period = cell
            conflicts.append(
                f"{_where(spot.sheet, spot.row, spot.column)}: {code}, {period} "
                f"({snapshot.round.label(period)}): exported {_figure(exported)}, "
                f"workbook {_figure(new)}, plan now {_figure(now)}"
            )
    if conflicts:
        raise BadInput(
            f"{name}: {len(conflicts)} cell(s) were changed both in the plan and in the workbook "
            f"since it was exported ({exported_at}); nothing was imported: make each agree in "
            "the plan or in the workbook, then import again",
            conflicts,
        )
    return WorkbookImport(
        name, book.template, MERGED, exported_at, changes, unchanged, kept, already
    )


def read_cells(snapshot: PlanSnapshot, path: Path) -> dict[Cell, Value | None]:
    """Every input cell of the workbook's template: its value, or None when blank."""
    return _read(snapshot, Path(path)).values


@dataclass(frozen=True)
class _Workbook:
    """What a workbook holds, checked."""

    template: Template
    layout: wl.WorkbookLayout
    meta: dict[str, str]
    values: dict[Cell, Value | None]  # every input cell, in layout order
    exported: dict[Cell, Value] | None  # its figures at export (absent: blank); None: older


def _read(snapshot: PlanSnapshot, path: Path) -> _Workbook:
    check_xml_safety()
    check_zip(path)
    check_sheet_sizes(path)
    with _opened(path, data_only=False) as book:
        template, meta = _identify(snapshot, book, path.name)
        layout = wl.layout_for(snapshot.catalogue, template)
        exported = _exported(book, layout, meta, path.name)
        grids = {sheet.title: _grid(book, sheet, path.name) for sheet in layout.sheets}
    typed_formulas = any(
        grids[sheet.title].get((spec.spot.row, spec.spot.column), (None, ""))[1] == "f"
        for sheet in layout.sheets
        for spec in layout.cells(sheet)
        if spec.kind == wl.INPUT
    )
    cached: dict[str, Grid] = {}
    if typed_formulas:  # a formula typed into an input cell: its saved result is the value
        with _opened(path, data_only=True) as book:
            cached = {sheet.title: _grid(book, sheet, path.name) for sheet in layout.sheets}
    reader = _CellReader(snapshot, layout, grids, cached)
    values = reader.read()
    if reader.problems:
        raise BadInput(
            f"{path.name}: {len(reader.problems):,} cell(s) refused; nothing was imported",
            reader.problems,
        )
    return _Workbook(template, layout, meta, values, exported)


def _has_figures(snapshot: PlanSnapshot, cells: Collection[Cell]) -> bool:
    """Whether the plan has figures in ``cells`` (the parameter defaults a new plan starts
    with do not count)."""
    for cell, value in snapshot.plan.stored_cells().items():
        if cell not in cells:
            continue
        line = snapshot.catalogue.lines[cell[0]]
        if line.default is None:
            return True
        try:
            default = parse_for_line(line, line.default, snapshot.round)
        except ValueRefused:
            return True
        if not _same(value, default):
            return True
    return False


def _when(text: str) -> str:
    """An exported_at time as people read it: 19 February 2019 09:30."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text or "at an unknown time"
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year} {moment:%H:%M}"


def _figure(value: Value | None) -> str:
    return "(blank)" if value is None else stored_text(value)


# -- opening and identifying -----------------------------------------------------------


@contextmanager
def _opened(path: Path, *, data_only: bool) -> Iterator[Any]:
    # The file is opened here rather than by openpyxl: when openpyxl fails half-way
    # (a damaged or hostile file) it leaves its own handle open, and on Windows that
    # keeps the refused file locked until the garbage collector gets to it.
    with path.open("rb") as handle:
        with _reading(path.name, "cannot be read as an Excel workbook"):
            if path.suffix.lower() not in SUPPORTED_FORMATS:  # as openpyxl checks a name
                raise InvalidFileException(f"{path.suffix} is not a workbook format")
            book = load_workbook(handle, read_only=True, data_only=data_only, keep_links=False)
        try:
            yield book
        finally:
            book.close()


@contextmanager
def _reading(name: str, what: str) -> Iterator[None]:
    """Turn what openpyxl raises on a damaged or hostile file into BadInput naming it."""
    try:
        yield
    except (DefusedXmlException, *_DAMAGED) as exc:
        if _caused_by_entities(exc):
            raise BadInput(
                f"{name}: contains XML entity declarations, which a workbook never needs "
                "(a sign of an XML bomb); it was not read"
            ) from None
        raise BadInput(
            f"{name}: {what}; the file is damaged, truncated or not a workbook "
            f"({type(exc).__name__})"
        ) from None


def _caused_by_entities(exc: BaseException | None) -> bool:
    """defusedxml refused the XML (openpyxl may wrap that in a ValueError)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _identify(snapshot: PlanSnapshot, book: Any, name: str) -> tuple[Template, dict[str, str]]:
    """The plan's template this workbook holds, after checking whose it is, and the
    workbook's identity (the keys of its ``_meta`` sheet)."""
    if wl.META not in book.sheetnames:
        raise BadInput(
            f"{name}: is not a workbook exported by OpPlan Desk (it has no {wl.META} sheet); "
            "export the plan and type figures into the exported workbook's yellow cells"
        )
    meta: dict[str, str] = {}
    with _reading(name, f"the {wl.META} sheet cannot be read"):
        rows = list(book[wl.META].iter_rows(min_row=1, max_row=100, max_col=2, values_only=True))
    for row in rows:
        if row and row[0] is not None:
            meta[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
    info = snapshot.info
    if meta.get("format") != "opplan-desk-workbook":
        raise BadInput(f"{name}: is not a workbook exported by OpPlan Desk")
    if meta.get("layout_version") != wl.LAYOUT_VERSION:
        raise BadInput(
            f"{name}: has workbook layout {meta.get('layout_version') or '(none)'}; this "
            f"version of OpPlan Desk reads layout {wl.LAYOUT_VERSION}: export the plan again"
        )
    if meta.get("org_code", "").upper() != info.org_code.upper():
        raise BadInput(
            f"{name} is for organisation {meta.get('org_code') or '(none)'}, "
            f"this plan is {info.org_code}"
        )
    if meta.get("round_id") != snapshot.round.id:
        raise BadInput(
            f"{name} is for round {meta.get('round_id') or '(none)'}, "
            f"this plan is {snapshot.round.id}"
        )
    template_id = meta.get("template_id", "")
    try:
        template = snapshot.catalogue.template(template_id)
    except KeyError:
        raise BadInput(
            f"{name} is for template {template_id or '(none)'}, which a {info.org_kind} plan "
            f"does not have ({', '.join(t.id for t in snapshot.catalogue.templates)})"
        ) from None
    if meta.get("catalogue_version") != snapshot.round.catalogue_version:
        raise BadInput(
            f"{name} was exported with catalogue {meta.get('catalogue_version') or '(none)'}, "
            f"this plan uses {snapshot.round.catalogue_version}: export the plan again"
        )
    return template, meta


def _exported(
    book: Any, layout: wl.WorkbookLayout, meta: dict[str, str], name: str
) -> dict[Cell, Value] | None:
    """The figures the workbook was exported with, from its ``_meta`` sheet (a cell not
    listed was blank); None for a workbook exported by an older version."""
    if wl.EXPORTED_COUNT_KEY not in meta:
        return None
    damaged = BadInput(
        f"{name}: the record of the figures it was exported with (in its hidden {wl.META} "
        "sheet) is damaged; it cannot be merged safely: export again"
    )
    lines = {
        (spec.line.code, spec.period): spec.line
        for sheet in layout.sheets
        for spec in layout.cells(sheet)
        if spec.kind == wl.INPUT
    }
    try:
        count = int(meta[wl.EXPORTED_COUNT_KEY])
    except ValueError:
        raise damaged from None
    if not 0 <= count <= len(lines):
        raise damaged
    first, width = wl.EXPORTED_FIRST_COL, len(wl.EXPORTED_HEADER)
    with _reading(name, f"the {wl.META} sheet cannot be read"):
        rows = list(
            book[wl.META].iter_rows(
                min_row=1,
                max_row=count + 2,  # the header, the figures and a row that must be blank
                min_col=first,
                max_col=first + width - 1,
                values_only=True,
            )
        )
    rows = [tuple(row) + (None,) * (width - len(row)) for row in rows]
    if not rows or tuple(_text(v) for v in rows[0]) != wl.EXPORTED_HEADER:
        raise damaged
    if len(rows) > count + 1 and any(v is not None for v in rows[count + 1]):
        raise damaged  # more figures than recorded
    found: dict[Cell, Value] = {}
    for code, period, value in rows[1 : count + 1]:
        cell = (_text(code), _text(period))
        line = lines.get(cell)
        if line is None or cell in found:
            raise damaged
        if isinstance(value, str) and value.strip():
            found[cell] = from_stored(value.strip(), line.unit)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            try:
                found[cell] = _decimal(value)
            except ValueRefused:
                raise damaged from None
        else:
            raise damaged
    if len(found) != count:
        raise damaged
    return found


def _grid(book: Any, sheet: wl.SheetLayout, name: str) -> Grid:
    if sheet.title not in book.sheetnames:
        raise BadInput(f"{name}: the sheet {sheet.title!r} is missing")
    grid: Grid = {}
    with _reading(name, f"the sheet {sheet.title!r} cannot be read"):
        rows = list(
            book[sheet.title].iter_rows(
                min_row=wl.HEADER_ROW,
                max_row=sheet.last_row,
                min_col=1,
                max_col=sheet.last_column,
            )
        )
    for row_number, row in enumerate(rows, start=wl.HEADER_ROW):
        for column, cell in enumerate(row, start=1):
            value = getattr(cell, "value", None)
            if value is not None:
                grid[(row_number, column)] = (value, getattr(cell, "data_type", "n"))
    return grid


# -- cells -----------------------------------------------------------------------------


class _CellReader:
    """Reads and checks every cell of every line sheet, collecting problems."""

    def __init__(
        self,
        snapshot: PlanSnapshot,
        layout: wl.WorkbookLayout,
        grids: dict[str, Grid],
        cached: dict[str, Grid],
    ):
        self.snapshot = snapshot
        self.layout = layout
        self.grids = grids
        self.cached = cached
        self.problems: list[str] = []

    def read(self) -> dict[Cell, Value | None]:
        values: dict[Cell, Value | None] = {}
        for sheet in self.layout.sheets:
            if not self._structure_ok(sheet):
                continue
            for spec in self.layout.cells(sheet):
                if spec.kind == wl.INPUT:
                    values[(spec.line.code, spec.period)] = self._input(spec)
                elif spec.kind in (wl.FORMULA, wl.BLANK):
                    self._calculated(spec)
        return values

    def _structure_ok(self, sheet: wl.SheetLayout) -> bool:
        """The header and the line codes are where the layout says (no rows moved)."""
        grid = self.grids[sheet.title]
        before = len(self.problems)
        for period in sheet.periods:
            column = sheet.column(period)
            found = _text(grid.get((wl.HEADER_ROW, column), (None, ""))[0])
            expected = self.snapshot.round.label(period)
            if found != expected:
                self.problems.append(
                    f"{_where(sheet, wl.HEADER_ROW, column)}: the column header should be "
                    f"{expected!r}, found {found!r} (were columns inserted or moved?)"
                )
                break
        for line in sheet.lines:
            row = sheet.rows[line.code]
            found = _text(grid.get((row, wl.CODE_COL), (None, ""))[0])
            if found != line.code:
                self.problems.append(
                    f"{_where(sheet, row, wl.CODE_COL)}: the line code should be {line.code}, "
                    f"found {found!r} (were rows inserted, deleted or moved?)"
                )
                break
        return len(self.problems) == before

    def _input(self, spec: wl.CellLayout) -> Value | None:
        spot, line = spec.spot, spec.line
        value, kind = self.grids[spot.sheet.title].get((spot.row, spot.column), (None, "n"))
        if kind == "f":
            value, kind = self.cached.get(spot.sheet.title, {}).get(
                (spot.row, spot.column), (None, "n")
            )
            if value is None:
                why = "holds a formula with no saved result: type the figure"
                self._problem(spec, "(a formula)", why)
                return None
        try:
            return _typed(line, value, kind, self.snapshot)
        except ValueRefused as exc:
            self._problem(spec, _shown(value), str(exc))
            return None

    def _calculated(self, spec: wl.CellLayout) -> None:
        spot = spec.spot
        value, kind = self.grids[spot.sheet.title].get((spot.row, spot.column), (None, "n"))
        if spec.kind == wl.BLANK:
            if value is not None and _text(value) != "":
                self._problem(spec, _shown(value), "is calculated and must stay blank")
            return
        assert spec.formula is not None
        if kind != "f":
            what = "is blank" if value is None else "holds a value"
            self._problem(
                spec,
                _shown(value),
                f"is calculated, but {what} instead of its formula {spec.formula}",
            )
            return
        found = str(getattr(value, "text", value))
        if wl.normal_formula(found) != wl.normal_formula(spec.formula):
            self._problem(
                spec, found, f"is calculated; its formula was changed (exported: {spec.formula})"
            )

    def _problem(self, spec: wl.CellLayout, shown: str, why: str) -> None:
        spot = spec.spot
        period = f"{spec.period} ({self.snapshot.round.label(spec.period)})"
        self.problems.append(
            f"{_where(spot.sheet, spot.row, spot.column)}: {spec.line.code}, {period}, "
            f"{shown}: {why}"
        )


def _typed(line: Line, value: Any, kind: str, snapshot: PlanSnapshot) -> Value | None:
    """A cell's content as a value of ``line`` (None when blank); ValueRefused says why not."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == "e":
        raise ValueRefused(f"holds the error {value}, not a figure")
    if isinstance(value, bool):
        raise ValueRefused("is TRUE/FALSE, not a figure")
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        raise ValueRefused("is a date or time, not a figure")
    if line.unit == "yn":
        if not isinstance(value, str):
            raise ValueRefused("is a number; type Y or N")
        return parse_for_line(line, value, snapshot.round)
    if isinstance(value, str):  # typed into a cell formatted as text: read as typed
        try:
            number = parse_number(value)
        except ValueRefused:
            raise ValueRefused("is text in a number cell: type a number") from None
    else:
        number = _decimal(value)
    if line.unit == "count" and number == number.to_integral_value() and number >= 0:
        number = number.quantize(Decimal(1))
    problem = value_problem(line, number, snapshot.round)
    if problem:
        raise ValueRefused(problem)
    return number


def _decimal(value: int | float) -> Decimal:
    """A cell's number as the decimal a person typed: Excel keeps 15 significant digits,
    so a double is read to 15 (1234.567 stays 1234.567, never 1234.5670000000002)."""
    if isinstance(value, int):
        return Decimal(value)
    try:
        number = Decimal(format(value, ".15g"))
    except (InvalidOperation, ValueError):
        raise ValueRefused("is not a finite number") from None
    if not number.is_finite():
        raise ValueRefused("is not a finite number")
    return number


def _same(current: Value | None, new: Value | None) -> bool:
    """Equal figures: 2.0 in the plan and 2 in the workbook are the same (kept as entered)."""
    if current is None or new is None:
        return current is new
    if isinstance(current, Decimal) and isinstance(new, Decimal):
        return current == new
    return stored_text(current) == stored_text(new)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _shown(value: Any) -> str:
    text = "(blank)" if value is None else repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _where(sheet: wl.SheetLayout, row: int, column: int) -> str:
    return f"{sheet.title}!{get_column_letter(column)}{row}"
