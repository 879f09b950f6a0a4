"""Where everything sits in an exported workbook: the one place the writer and the
reader agree on.

One workbook per template. Its tabs: Cover, one tab per template sheet (the
template's parameter sheet among them), a Parameters tab when the template has
none (it then holds the round's national figures only), Validation, and a
hidden ``_meta`` tab. A line sheet has a block of title rows, a header row of
period labels, then one row per line: code, label, unit, then one column per
period of the sheet (baseline first, months, year totals last).

Every cell of a line is one of four kinds: ``input`` (entered: yellow,
unlocked), ``formula`` (calculated: blue, a live Excel formula that gives the
app's figure, blanks included), ``blank`` (calculated but always blank, e.g. a
term outside its line's periods) or ``value`` (calculated from another
template's lines, which live in another workbook: written as the app's figure).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter, quote_sheetname

from ..catalogue import Catalogue, Line, Sheet, Template
from ..catalogue.formula import Term

#: Bump when rows, columns or tabs move: the reader refuses other layouts.
LAYOUT_VERSION = "1"

COVER = "Cover"
PARAMETERS = "Parameters"
VALIDATION = "Validation"
META = "_meta"

#: The ``_meta`` tab holds, beside its keys (columns A:B), the figures the workbook was
#: exported with: a header row, then one row per entered input cell (line, period, value as
#: text) from column D; the key ``exported_values`` gives their count. A workbook without it
#: was exported by an older version.
EXPORTED_COUNT_KEY = "exported_values"
EXPORTED_HEADER = ("line", "period", "value")
EXPORTED_FIRST_COL = 4  # column D

TITLE_ROWS = 4  # organisation; template and sheet; round and stage; legend
HEADER_ROW = 6
FIRST_ROW = 7
CODE_COL, LABEL_COL, UNIT_COL = 1, 2, 3
FIRST_PERIOD_COL = 4
#: Rows between the last parameter line and the national figures on the Parameters tab.
NATIONAL_GAP = 2

UNIT_LABELS = {"gbp000": "£000", "count": "count", "wte": "WTE", "pct": "%", "yn": "Y/N"}

INPUT, FORMULA, BLANK, VALUE = "input", "formula", "blank", "value"

_BAD_TITLE_CHARS = re.compile(r"[\[\]:*?/\\']")
_RESERVED_TITLES = {"history"}  # Excel refuses a tab called History


@dataclass(frozen=True, eq=False)
class SheetLayout:
    """One tab holding line rows (or, for an extra Parameters tab, none)."""

    title: str
    sheet: Sheet | None
    periods: tuple[str, ...]
    rows: Mapping[str, int]  # line code -> row
    national_row: int | None = None  # the Parameters tab: where the national figures start

    def column(self, period: str) -> int:
        return FIRST_PERIOD_COL + self.periods.index(period)

    @property
    def lines(self) -> tuple[Line, ...]:
        return self.sheet.lines if self.sheet else ()

    @property
    def last_row(self) -> int:
        return FIRST_ROW + len(self.rows) - 1 if self.rows else HEADER_ROW

    @property
    def last_column(self) -> int:
        return FIRST_PERIOD_COL + len(self.periods) - 1

    @property
    def quoted(self) -> str:
        return quote_sheetname(self.title)


@dataclass(frozen=True, eq=False)
class Spot:
    """Where one (line, period) sits."""

    sheet: SheetLayout
    row: int
    column: int

    @property
    def ref(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"

    def ref_from(self, here: SheetLayout) -> str:
        return self.ref if here is self.sheet else f"{self.sheet.quoted}!{self.ref}"


@dataclass(frozen=True, eq=False)
class CellLayout:
    line: Line
    period: str
    spot: Spot
    kind: str  # input | formula | blank | value
    formula: str | None = None  # formula cells: the Excel formula, with its "="


@dataclass(eq=False)
class WorkbookLayout:
    catalogue: Catalogue
    template: Template
    sheets: tuple[SheetLayout, ...]  # the template's sheets, in order
    parameters: SheetLayout  # the Parameters tab (one of ``sheets`` or an extra one)
    spots: dict[tuple[str, str], Spot] = field(default_factory=dict)

    @property
    def tabs(self) -> tuple[str, ...]:
        """Every tab title, in workbook order."""
        extra = () if self.parameters in self.sheets else (self.parameters.title,)
        return (COVER, *(s.title for s in self.sheets), *extra, VALIDATION, META)

    def cells(self, sheet: SheetLayout) -> Iterator[CellLayout]:
        """Every cell of every line of ``sheet``, row by row."""
        for line in sheet.lines:
            for period in line.periods:
                yield self.cell(line, period)

    def cell(self, line: Line, period: str) -> CellLayout:
        spot = self.spots[(line.code, period)]
        if period in line.inputs:
            return CellLayout(line, period, spot, INPUT)
        try:
            formula = _FormulaWriter(self, spot.sheet).formula(line, period)
        except _OtherWorkbook:
            return CellLayout(line, period, spot, VALUE)
        if formula is None:
            return CellLayout(line, period, spot, BLANK)
        return CellLayout(line, period, spot, FORMULA, formula)


def layout_for(catalogue: Catalogue, template: Template) -> WorkbookLayout:
    """The layout of ``template``'s workbook in ``catalogue``'s round."""
    taken = {COVER.lower(), VALIDATION.lower(), META.lower()}
    has_parameters = any(s.parameters for s in template.sheets)
    if not has_parameters:
        taken.add(PARAMETERS.lower())
    sheets: list[SheetLayout] = []
    parameters: SheetLayout | None = None
    for sheet in template.sheets:
        title = sheet_title(sheet.name, taken)
        rows = {line.code: FIRST_ROW + i for i, line in enumerate(sheet.lines)}
        national = FIRST_ROW + len(rows) + NATIONAL_GAP if sheet.parameters else None
        layout = SheetLayout(title, sheet, sheet.columns, rows, national)
        sheets.append(layout)
        if sheet.parameters and parameters is None:
            parameters = layout
    if parameters is None:
        parameters = SheetLayout(PARAMETERS, None, (), {}, HEADER_ROW)
    result = WorkbookLayout(catalogue, template, tuple(sheets), parameters)
    for layout in sheets:
        for line in layout.lines:
            for period in line.periods:
                result.spots[(line.code, period)] = Spot(
                    layout, layout.rows[line.code], layout.column(period)
                )
    return result


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unused Excel tab name for ``name`` (adds it to ``taken``, lower case)."""
    base = _BAD_TITLE_CHARS.sub("-", name).strip() or "Sheet"
    if base.lower() in _RESERVED_TITLES:
        base += " sheet"
    base = base[:31]
    title, number = base, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(title.lower())
    return title


# -- formulas -------------------------------------------------------------------------


class _OtherWorkbook(Exception):
    """A formula reads a line of another template (another workbook)."""


class _FormulaWriter:
    """The Excel formula of one calculated cell, mirroring ``Plan._compute``.

    The app treats a blank as "not entered" and a formula over a blank as blank,
    so every formula first counts the numbers it reads: ``=IF(COUNT(E7:E10)<4,"",
    E7+E8+E9+E10)``. A percentage is blank when its denominator is blank or 0.
    """

    def __init__(self, layout: WorkbookLayout, here: SheetLayout):
        self.layout = layout
        self.here = here
        self.round = layout.catalogue.round

    def formula(self, line: Line, period: str) -> str | None:
        if period in line.totals:
            return self._year_total(line, period)
        if line.formula is None or period not in line.columns:
            return None
        if line.formula.is_ratio:
            assert line.formula.numerator and line.formula.denominator
            return self._ratio(line.formula.numerator, line.formula.denominator, period)
        spots: list[tuple[int, Spot]] = []
        for term in line.formula.terms:
            spot = self._term(term, period)
            if spot is None:
                return None
            spots.append((term.sign, spot))
        return self._sum(spots)

    def _year_total(self, line: Line, year_code: str) -> str | None:
        year = self.round.year(year_code)
        if line.measure == "flow":
            months = [m for m in year.months if m in line.columns]
            if not months:
                return "=0"
            return self._sum([(1, self._spot(line.code, m)) for m in months], total=True)
        if line.measure == "stock" or line.formula is None:
            if year.last_month not in line.periods:
                return None
            ref = self._spot(line.code, year.last_month).ref_from(self.here)
            return f'=IF(COUNT({ref})<1,"",{ref})'
        assert line.formula.numerator and line.formula.denominator
        return self._ratio(line.formula.numerator, line.formula.denominator, year_code)

    def _term(self, term: Term, period: str) -> Spot | None:
        if term.previous:
            at = self._previous(period)
            if at is None:
                return None
        else:
            at = term.period or period
        term_line = self.layout.catalogue.lines[term.code]
        if at not in term_line.periods:
            return None
        return self._spot(term.code, at)

    def _previous(self, period: str) -> str | None:
        return self.round.previous_period(period)

    def _spot(self, code: str, period: str) -> Spot:
        spot = self.layout.spots.get((code, period))
        if spot is None:
            raise _OtherWorkbook(code)
        return spot

    def _ratio(self, numerator: str, denominator: str, period: str) -> str | None:
        lines = self.layout.catalogue.lines
        if period not in lines[numerator].periods or period not in lines[denominator].periods:
            return None
        num = self._spot(numerator, period).ref_from(self.here)
        den = self._spot(denominator, period).ref_from(self.here)
        return f'=IF(COUNT({num},{den})<2,"",IF({den}=0,"",{num}*100/{den}))'

    def _sum(self, spots: list[tuple[int, Spot]], *, total: bool = False) -> str:
        ranges = _compact([spot for _, spot in spots], self.here)
        count = f"COUNT({','.join(ranges)})<{len(spots)}"
        if total or (len(ranges) == 1 and len(spots) > 2 and all(s > 0 for s, _ in spots)):
            expression = f"SUM({','.join(ranges)})"
        else:
            parts = []
            for i, (sign, spot) in enumerate(spots):
                ref = spot.ref_from(self.here)
                parts.append(("-" if sign < 0 else ("+" if i else "")) + ref)
            expression = "".join(parts)
        return f'=IF({count},"",{expression})'


def _compact(spots: list[Spot], here: SheetLayout) -> list[str]:
    """Runs of adjacent cells as ranges (E7:E10), in order; others one by one."""
    runs: list[list[Spot]] = []
    for spot in spots:
        if runs and _extends(runs[-1], spot):
            runs[-1].append(spot)
        else:
            runs.append([spot])
    texts = []
    for run in runs:
        first, last = run[0], run[-1]
        text = first.ref if len(run) == 1 else f"{first.ref}:{last.ref}"
        texts.append(text if first.sheet is here else f"{first.sheet.quoted}!{text}")
    return texts


def _extends(run: list[Spot], spot: Spot) -> bool:
    last = run[-1]
    if spot.sheet is not last.sheet:
        return False
    down = spot.column == last.column and spot.row == last.row + 1
    across = spot.row == last.row and spot.column == last.column + 1
    if len(run) == 1:
        return down or across
    return down if run[0].column == last.column else across


_SPACE = re.compile(r"\s+")


def normal_formula(text: str) -> str:
    """A formula as compared on import: no "=", no spaces, no $, no quotes, upper case
    (Excel and LibreOffice may re-quote sheet names or change case when saving)."""
    body = text[1:] if text.startswith("=") else text
    return _SPACE.sub("", body).replace("$", "").replace("'", "").upper()
