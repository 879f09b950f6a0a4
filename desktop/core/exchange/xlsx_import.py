"""Reading an exported workbook back: the figures in its yellow cells, checked cell by cell.

The workbook may have been edited by hand in Excel or LibreOffice. It is
untrusted: the zip is checked before it is opened, XML is parsed through
defusedxml, formulas are never evaluated (an input cell holding a formula gives
its saved result), and every value is typed and range-checked through its
line's unit. A workbook for another organisation, round or template is refused;
text in a number cell, a value its line cannot hold, or a calculated cell whose
formula was changed are listed cell by cell, and then nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..catalogue import Line, Template
from ..document import PlanDocument, parse_for_line, value_problem
from ..errors import BadInput
from ..plan import Cell
from ..units import Value, ValueRefused, stored_text
from . import workbook_layout as wl
from .safety import check_xml_safety, check_zip

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


def read_workbook(doc: PlanDocument, path: Path) -> dict[Cell, Value | None]:
    """The values to apply: every input cell whose figure differs from the plan's
    (None clears a cell left blank in the workbook). Raises BadInput, naming each
    bad cell, when anything is wrong; reads nothing into the plan."""
    changes: dict[Cell, Value | None] = {}
    for cell, value in read_cells(doc, path).items():
        current = doc.plan.stored(*cell)
        if not _same(current, value):
            changes[cell] = value
    return changes


def import_workbook(doc: PlanDocument, path: Path) -> int:
    """Import a workbook into the plan as one operation; returns how many cells changed."""
    path = Path(path)
    changes = read_workbook(doc, path)
    if not changes:
        return 0
    return doc.set_cells(changes, f"Import workbook {path.name}").count


def read_cells(doc: PlanDocument, path: Path) -> dict[Cell, Value | None]:
    """Every input cell of the workbook's template: its value, or None when blank."""
    check_xml_safety()
    path = Path(path)
    check_zip(path)
    with _opened(path, data_only=False) as book:
        template = _identify(doc, book, path.name)
        layout = wl.layout_for(doc.catalogue, template)
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
    reader = _CellReader(doc, layout, grids, cached)
    values = reader.read()
    if reader.problems:
        raise BadInput(
            f"{path.name}: {len(reader.problems)} cell(s) refused; nothing was imported",
            reader.problems,
        )
    return values


# -- opening and identifying -----------------------------------------------------------


@contextmanager
def _opened(path: Path, *, data_only: bool) -> Iterator[Any]:
    with _reading(path.name, "cannot be read as an Excel workbook"):
        book = load_workbook(path, read_only=True, data_only=data_only, keep_links=False)
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


def _identify(doc: PlanDocument, book: Any, name: str) -> Template:
    """The plan's template this workbook holds, after checking whose it is."""
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
    info = doc.info
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
    if meta.get("round_id") != doc.round.id:
        raise BadInput(
            f"{name} is for round {meta.get('round_id') or '(none)'}, this plan is {doc.round.id}"
        )
    template_id = meta.get("template_id", "")
    try:
        template = doc.catalogue.template(template_id)
    except KeyError:
        raise BadInput(
            f"{name} is for template {template_id or '(none)'}, which a {info.org_kind} plan "
            f"does not have ({', '.join(t.id for t in doc.catalogue.templates)})"
        ) from None
    if meta.get("catalogue_version") != doc.round.catalogue_version:
        raise BadInput(
            f"{name} was exported with catalogue {meta.get('catalogue_version') or '(none)'}, "
            f"this plan uses {doc.round.catalogue_version}: export the plan again"
        )
    return template


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
        doc: PlanDocument,
        layout: wl.WorkbookLayout,
        grids: dict[str, Grid],
        cached: dict[str, Grid],
    ):
        self.doc = doc
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
            expected = self.doc.round.label(period)
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
            return _typed(line, value, kind, self.doc)
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
        period = f"{spec.period} ({self.doc.round.label(spec.period)})"
        self.problems.append(
            f"{_where(spot.sheet, spot.row, spot.column)}: {spec.line.code}, {period}, "
            f"{shown}: {why}"
        )


def _typed(line: Line, value: Any, kind: str, doc: PlanDocument) -> Value | None:
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
        return parse_for_line(line, value, doc.round)
    if isinstance(value, str):
        raise ValueRefused("is text in a number cell: type a number")
    number = _decimal(value)
    if line.unit == "count" and number == number.to_integral_value() and number >= 0:
        number = number.quantize(Decimal(1))
    problem = value_problem(line, number, doc.round)
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
