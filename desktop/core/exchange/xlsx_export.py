"""One workbook per template, in the layout users know from the official templates.

Entered figures sit in yellow, unlocked cells; calculated figures in blue, locked
cells holding live Excel formulas that give exactly the app's figures (blanks
included). Text that came from a person or a file (names, labels, commentary)
is always written as text, never as a formula, whatever it starts with.
Where each thing sits is decided in ``workbook_layout``; this module only writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from ... import APP_NAME, __version__
from ..catalogue import Template
from ..checks import Finding
from ..checks.national import national_figures
from ..snapshot import PlanSnapshot
from ..units import Value, format_value, stored_text
from . import workbook_layout as wl
from .safety import check_xml_safety

# -- styles (shared objects: openpyxl stores each distinct style once) -----------------

_THIN = Side(style="thin", color="FFBFBFBF")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
INPUT_FILL = PatternFill("solid", fgColor="FFFFF2CC")  # pale yellow: entered
CALC_FILL = PatternFill("solid", fgColor="FFDDEBF7")  # pale blue: calculated
EMPTY_FILL = PatternFill("solid", fgColor="FFF2F2F2")  # grey: the line has no such period
HEADER_FILL = PatternFill("solid", fgColor="FF1F4E78")
ERROR_FILL = PatternFill("solid", fgColor="FFF8CBAD")
WARNING_FILL = PatternFill("solid", fgColor="FFFFE699")
FONT_NAME = "Calibri"  # the workbook default; LibreOffice substitutes a look-alike
PLAIN = Font(name=FONT_NAME, size=11)
HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFFFF")
BOLD = Font(name=FONT_NAME, bold=True)
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=14)
SUBTITLE_FONT = Font(name=FONT_NAME, bold=True, size=12)
NOTE_FONT = Font(name=FONT_NAME, italic=True, size=9, color="FF595959")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
LABEL_ALIGN = Alignment(wrap_text=True)

NUMBER_FORMATS = {
    "gbp000": "#,##0.0;(#,##0.0)",
    "count": "#,##0",
    "wte": "#,##0.00",
    "pct": "0.0",
    "yn": "@",
}

#: Column widths, in characters.
CODE_MIN_WIDTH, LABEL_MAX_WIDTH, UNIT_WIDTH, PERIOD_MIN_WIDTH = 10, 62, 7, 9
MAX_TEXT = 32_767  # Excel's limit for one cell
LINE_HEIGHT = 15  # points, one line of 11 pt text
PORTRAIT_WIDTH = 100  # characters: sheets wider than this print landscape
COVER_TEXT_WIDTH = 72
VALIDATION_WIDTHS = (6, 9, 14, 34, 10, 60, 48)

SEVERITY_NAMES = {"error": "Error", "warning": "Warning", "info": "Info"}


@dataclass(frozen=True)
class ExportRun:
    """What every workbook of one export shares."""

    exported_at: dt.datetime
    prepared_by: str
    findings: tuple[Finding, ...]

    @property
    def exported_at_text(self) -> str:
        return self.exported_at.isoformat(sep=" ", timespec="seconds")


def workbook_filename(snapshot: PlanSnapshot, template: Template) -> str:
    """``<ORG>_<round>_<Template>_<Stage>.xlsx``, e.g. RZZ_2019-20_Finance_Draft1.xlsx."""
    stage = snapshot.stage.file_label
    return f"{snapshot.info.org_code}_{snapshot.round.id}_{template.name}_{stage}.xlsx"


def approval_text(snapshot: PlanSnapshot) -> str:
    """The approval shown on the Cover sheet: the board's (governing body's) approval of
    the submitted version the plan is identical to, or "Not recorded"."""
    found = snapshot.approval()
    if found is None:
        return "Not recorded"
    version, approval = found
    return approval.describe(version.label)


def write_workbook(snapshot: PlanSnapshot, template: Template, path: Path, run: ExportRun) -> Path:
    """Write ``template``'s workbook to ``path``."""
    check_xml_safety()
    build_workbook(snapshot, template, run).save(path)
    return path


def build_workbook(snapshot: PlanSnapshot, template: Template, run: ExportRun) -> Workbook:
    layout = wl.layout_for(snapshot.catalogue, template)
    wb = Workbook()
    cover = wb.active
    assert isinstance(cover, Worksheet)
    cover.title = wl.COVER
    styles = Styles()
    _cover(cover, snapshot, template, run)
    for sheet in layout.sheets:
        _line_sheet(wb.create_sheet(sheet.title), snapshot, layout, sheet, styles)
    if layout.parameters not in layout.sheets:
        _title_block(wb.create_sheet(layout.parameters.title), snapshot, template, wl.PARAMETERS)
    _national_figures(wb[layout.parameters.title], snapshot, layout, styles)
    _validation(wb.create_sheet(wl.VALIDATION), snapshot, template, run, styles)
    _meta(wb.create_sheet(wl.META), snapshot, template, run)
    _properties(wb, snapshot, template, run)
    return wb


# -- cells -----------------------------------------------------------------------------


def put_text(cell: Cell, text: object) -> None:
    """Write ``text`` as a string, never a formula (even when it starts with =, +, - or @)."""
    value = str(text)[:MAX_TEXT]
    try:
        cell.value = value
    except IllegalCharacterError:  # control characters cannot be stored in a workbook
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"


def put_value(cell: Cell, value: Value | None) -> None:
    """A plan value: a number for a Decimal (exact: at most 12 significant digits), text
    for Y/N (or for a stored value that is not a number, so the import names it)."""
    if value is None:
        return
    if isinstance(value, Decimal):
        cell.value = int(value) if value == value.to_integral_value() else float(value)
    else:
        put_text(cell, value)


class Styles:
    """Cell styles of one workbook, each combination built once.

    Setting a font or fill on a cell makes openpyxl hash the style object to find it in
    the workbook's list: done cell by cell, that was half the export's time. Here each
    combination is built once on a cell, then its style record is copied (the way
    openpyxl copies styles between cells itself).
    """

    def __init__(self) -> None:
        self._made: dict[tuple[object, ...], Any] = {}

    def apply(
        self,
        cell: Cell,
        *,
        fill: PatternFill | None = None,
        font: Font | None = None,
        number_format: str | None = None,
        alignment: Alignment | None = None,
        unlocked: bool = False,
    ) -> None:
        key = (id(fill), id(font), number_format, id(alignment), unlocked)
        made = self._made.get(key)
        if made is not None:
            cell._style = copy(made)
            return
        cell.border = BORDER
        if fill is not None:
            cell.fill = fill
        if font is not None:
            cell.font = font
        if number_format is not None:
            cell.number_format = number_format
        if alignment is not None:
            cell.alignment = alignment
        if unlocked:
            cell.protection = UNLOCKED
        self._made[key] = copy(cell._style)


# -- sheets ----------------------------------------------------------------------------


def _title_block(
    ws: Worksheet, snapshot: PlanSnapshot, template: Template, sheet_name: str
) -> None:
    info = snapshot.info
    put_text(ws.cell(1, 1), f"{info.org_code} {info.org_name}")
    ws.cell(1, 1).font = TITLE_FONT
    put_text(ws.cell(2, 1), f"{template.title}: {sheet_name}")
    ws.cell(2, 1).font = SUBTITLE_FONT
    put_text(ws.cell(3, 1), f"{snapshot.round.name} operational plan, {snapshot.stage.label}")
    put_text(
        ws.cell(4, 1),
        "Yellow cells are entered figures; blue cells are calculated by live formulas. "
        "A blank is a figure not entered.",
    )
    ws.cell(4, 1).font = NOTE_FONT
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # a reader may widen columns ...
    ws.protection.formatRows = False  # ... and rows, but not change figures
    ws.sheet_view.showGridLines = False
    _print_setup(ws, snapshot, sheet_name)


def _print_setup(ws: Worksheet, snapshot: PlanSnapshot, sheet_name: str) -> None:
    ws.page_setup.orientation = "portrait"  # _set_widths turns wide sheets landscape
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.oddHeader.left.text = _header_text(f"{snapshot.info.org_code} {snapshot.info.org_name}")
    ws.oddHeader.left.size = 8
    ws.oddHeader.right.text = _header_text(
        f"{snapshot.round.name} {snapshot.stage.label}: {sheet_name}"
    )
    ws.oddHeader.right.size = 8
    ws.oddFooter.left.text = _header_text(f"{APP_NAME} {__version__}")
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = 8


def _header_text(text: str) -> str:
    """Text for a page header or footer, where & starts a code."""
    return ILLEGAL_CHARACTERS_RE.sub("", text).replace("&", "&&")[:200]


def _line_sheet(
    ws: Worksheet,
    snapshot: PlanSnapshot,
    layout: wl.WorkbookLayout,
    sheet: wl.SheetLayout,
    styles: Styles,
) -> None:
    _title_block(ws, snapshot, layout.template, sheet.title)
    plan = snapshot.plan
    header = ["Code", "Line", "Unit", *(snapshot.round.label(p) for p in sheet.periods)]
    for col, text in enumerate(header, start=1):
        cell = ws.cell(wl.HEADER_ROW, col)
        put_text(cell, text)
        styles.apply(cell, fill=HEADER_FILL, font=HEADER_FONT, alignment=HEADER_ALIGN)
    widths = [max(len(h), PERIOD_MIN_WIDTH) for h in header]
    extremes = _Extremes()
    yes_no = DataValidation(type="list", formula1='"Y,N"', allow_blank=True)
    yes_no.error, yes_no.errorTitle, yes_no.showErrorMessage = "Type Y or N", "Y or N", True
    for line in sheet.lines:
        row = sheet.rows[line.code]
        font = BOLD if line.kind == "calc" else None
        code, label, unit = (ws.cell(row, c) for c in (wl.CODE_COL, wl.LABEL_COL, wl.UNIT_COL))
        put_text(code, line.code)
        styles.apply(code, font=font)
        put_text(label, line.label)
        styles.apply(label, font=font, alignment=LABEL_ALIGN)
        put_text(unit, wl.UNIT_LABELS.get(line.unit, line.unit))
        styles.apply(unit)
        widths[0] = max(widths[0], len(line.code))
        widths[1] = max(widths[1], len(line.label))
        number_format = NUMBER_FORMATS.get(line.unit, "General")
        for period in sheet.periods:
            col = sheet.column(period)
            cell = ws.cell(row, col)
            if period not in line.periods:
                styles.apply(cell, fill=EMPTY_FILL)
                continue
            spec = layout.cell(line, period)
            if spec.kind == wl.INPUT:
                put_value(cell, plan.stored(line.code, period))
                styles.apply(cell, fill=INPUT_FILL, number_format=number_format, unlocked=True)
                if line.unit == "yn":
                    yes_no.add(cell.coordinate)
            else:
                if spec.kind == wl.FORMULA:
                    cell.value = spec.formula
                elif spec.kind == wl.VALUE:
                    put_value(cell, plan.value(line.code, period))
                styles.apply(cell, fill=CALC_FILL, font=font, number_format=number_format)
            figure = plan.value(line.code, period)
            if figure is not None:
                extremes.add(col, figure, line.unit)
    if yes_no.sqref:
        ws.add_data_validation(yes_no)
    for col, width in extremes.widths().items():
        widths[col - 1] = max(widths[col - 1], width)
    widths[0] = max(widths[0], CODE_MIN_WIDTH)
    widths[1] = min(widths[1], LABEL_MAX_WIDTH)
    widths[2] = UNIT_WIDTH
    _set_widths(ws, widths)
    for line in sheet.lines:
        _fit_row(ws, sheet.rows[line.code], [(line.label, widths[1] + 2)])
    ws.row_dimensions[wl.HEADER_ROW].height = 30
    ws.freeze_panes = ws.cell(wl.FIRST_ROW, wl.FIRST_PERIOD_COL).coordinate
    ws.print_title_rows = f"{wl.HEADER_ROW}:{wl.HEADER_ROW}"
    last_col = get_column_letter(max(sheet.last_column, wl.UNIT_COL))
    ws.print_area = f"A1:{last_col}{sheet.last_row}"


class _Extremes:
    """The widest figure of each column as shown, from the largest magnitude per unit
    (formatting every figure to measure it would cost more than writing it)."""

    def __init__(self) -> None:
        self._largest: dict[tuple[int, str], tuple[Decimal, bool]] = {}

    def add(self, col: int, value: Value, unit: str) -> None:
        if not isinstance(value, Decimal):  # Y/N
            value, unit = Decimal(len(value)), "text"
        size, negative = self._largest.get((col, unit), (Decimal(-1), False))
        self._largest[(col, unit)] = (max(size, abs(value)), negative or value < 0)

    def widths(self) -> dict[int, int]:
        found: dict[int, int] = {}
        for (col, unit), (size, negative) in self._largest.items():
            shown = int(size) if unit == "text" else len(format_value(size, unit))
            found[col] = max(found.get(col, 0), shown + (2 if negative else 0) + 1)
        return found


def _set_widths(ws: Worksheet, widths: Iterable[float]) -> None:
    total = 0.0
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width + 2
        total += width + 2
    if total > PORTRAIT_WIDTH:
        ws.page_setup.orientation = "landscape"


def _fit_row(ws: Worksheet, row: int, texts: Iterable[tuple[str, float]]) -> None:
    """Give a row of wrapped text the height it needs: spreadsheet readers do not
    measure rows on opening a file, so long text would overflow into the next row."""
    lines = 1
    for text, width in texts:
        per_line = max(width * 1.15 - 2, 8)
        needed = sum(max(1, -(-len(part) // int(per_line))) for part in text.split("\n"))
        lines = max(lines, needed)
    if lines > 1:
        ws.row_dimensions[row].height = LINE_HEIGHT * lines + 2


def _cover(ws: Worksheet, snapshot: PlanSnapshot, template: Template, run: ExportRun) -> None:
    info, rnd = snapshot.info, snapshot.round
    put_text(ws.cell(1, 1), f"{info.org_code} {info.org_name}")
    ws.cell(1, 1).font = TITLE_FONT
    put_text(ws.cell(2, 1), f"{rnd.name} operational plan: {template.title}")
    ws.cell(2, 1).font = SUBTITLE_FONT
    fields = [
        ("Organisation code", info.org_code),
        ("Organisation name", info.org_name),
        ("Organisation kind", rnd.kind(info.org_kind).label),
        ("Region", rnd.mailboxes[info.region].name if info.region in rnd.mailboxes else ""),
        ("Planning round", f"{rnd.name} ({rnd.guidance})"),
        ("Template", f"{template.title} ({template.id})"),
        ("Catalogue version", rnd.catalogue_version),
        ("Stage", snapshot.stage.label),
        ("Prepared by", run.prepared_by),
        ("Exported at", run.exported_at_text),
        ("Exported with", f"{APP_NAME} {__version__}"),
        ("Approval", approval_text(snapshot)),
        ("Plan id", info.plan_id),
    ]
    first = 4
    for i, (label, value) in enumerate(fields):
        put_text(ws.cell(first + i, 1), label)
        ws.cell(first + i, 1).font = BOLD
        put_text(ws.cell(first + i, 2), value)
        ws.cell(first + i, 2).alignment = WRAP
    notes = [
        "How to read this workbook",
        "Yellow cells hold the figures entered; blue cells are calculated by live formulas "
        "(totals, year totals, percentages). A blank cell is a figure not entered.",
        "Money is in £000 (thousands of pounds); negatives are shown in brackets.",
        "Sheets are protected without a password, against accidental changes.",
        "Validation lists the findings of the regional review checks for this template, "
        "errors first, with the organisation's commentary.",
        "To return changes: type figures into the yellow cells, save, and import the workbook "
        "into the plan in OpPlan Desk.",
    ]
    row = first + len(fields) + 1
    put_text(ws.cell(row, 1), notes[0])
    ws.cell(row, 1).font = BOLD
    for i, note in enumerate(notes[1:], start=1):
        put_text(ws.cell(row + i, 2), note)
        ws.cell(row + i, 2).alignment = WRAP
        _fit_row(ws, row + i, [(note, COVER_TEXT_WIDTH + 2)])
    for i, (_, value) in enumerate(fields):
        _fit_row(ws, first + i, [(value, COVER_TEXT_WIDTH + 2)])
    ws.protection.sheet = True
    ws.sheet_view.showGridLines = False
    _print_setup(ws, snapshot, wl.COVER)
    _set_widths(ws, (22, COVER_TEXT_WIDTH))


def _validation(
    ws: Worksheet, snapshot: PlanSnapshot, template: Template, run: ExportRun, styles: Styles
) -> None:
    _title_block(ws, snapshot, template, wl.VALIDATION)
    put_text(ws.cell(4, 1), "Findings of the review checks of this template, errors first.")
    header = ("Rule", "Severity", "Line", "Line label", "Period", "Message", "Commentary")
    for col, text in enumerate(header, start=1):
        cell = ws.cell(wl.HEADER_ROW, col)
        put_text(cell, text)
        styles.apply(cell, fill=HEADER_FILL, font=HEADER_FONT, alignment=HEADER_ALIGN)
    mine = [f for f in run.findings if f.template == template.id]
    lines = snapshot.catalogue.lines
    row = wl.FIRST_ROW
    for item in mine:
        line = lines.get(item.line or "")
        values = (
            item.rule,
            SEVERITY_NAMES.get(item.severity, item.severity),
            item.line or "",
            line.label if line else "",
            snapshot.round.label(item.period) if item.period in snapshot.round.periods else "",
            item.message,
            snapshot.commentary_for(item) or "",
        )
        severity_fill = {"error": ERROR_FILL, "warning": WARNING_FILL}.get(item.severity)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col)
            put_text(cell, value)
            styles.apply(cell, alignment=WRAP, fill=severity_fill if col == 2 else None)
        _fit_row(ws, row, [(v, w + 2) for v, w in zip(values, VALIDATION_WIDTHS, strict=True)])
        row += 1
    if not mine:
        put_text(ws.cell(row, 1), "No findings: this template passes every review check.")
        row += 1
    _set_widths(ws, VALIDATION_WIDTHS)
    ws.freeze_panes = ws.cell(wl.FIRST_ROW, 1).coordinate
    ws.print_title_rows = f"{wl.HEADER_ROW}:{wl.HEADER_ROW}"
    ws.print_area = f"A1:G{row - 1}"
    ws.auto_filter.ref = f"A{wl.HEADER_ROW}:G{max(row - 1, wl.HEADER_ROW)}"
    ws.protection.autoFilter = False
    ws.protection.sort = False


def _meta(ws: Worksheet, snapshot: PlanSnapshot, template: Template, run: ExportRun) -> None:
    """The hidden identity of the workbook (keys and values in columns A:B) and the figures
    it was exported with (columns D:F, one row per entered input cell, as text), which the
    import merges against."""
    exported = exported_values(snapshot, template)
    fields = meta_fields(snapshot, template, run)
    fields.append((wl.EXPORTED_COUNT_KEY, str(len(exported))))
    for row, (key, value) in enumerate(fields, start=1):
        put_text(ws.cell(row, 1), key)
        put_text(ws.cell(row, 2), value)
    for col, text in enumerate(wl.EXPORTED_HEADER, start=wl.EXPORTED_FIRST_COL):
        put_text(ws.cell(1, col), text)
    for row, ((code, period), figure) in enumerate(exported, start=2):
        put_text(ws.cell(row, wl.EXPORTED_FIRST_COL), code)
        put_text(ws.cell(row, wl.EXPORTED_FIRST_COL + 1), period)
        put_text(ws.cell(row, wl.EXPORTED_FIRST_COL + 2), stored_text(figure))
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def exported_values(
    snapshot: PlanSnapshot, template: Template
) -> list[tuple[tuple[str, str], Value]]:
    """The entered figure of every input cell of ``template`` that has one, in layout order
    (a cell not listed was blank)."""
    found: list[tuple[tuple[str, str], Value]] = []
    for line in template.lines():
        for period in line.inputs:
            value = snapshot.plan.stored(line.code, period)
            if value is not None:
                found.append(((line.code, period), value))
    return found


def meta_fields(
    snapshot: PlanSnapshot, template: Template, run: ExportRun
) -> list[tuple[str, str]]:
    """The hidden identity of a workbook: what the import checks before reading figures."""
    info = snapshot.info
    return [
        ("format", "opplan-desk-workbook"),
        ("layout_version", wl.LAYOUT_VERSION),
        ("app_version", __version__),
        ("plan_id", info.plan_id),
        ("org_code", info.org_code),
        ("org_kind", info.org_kind),
        ("round_id", snapshot.round.id),
        ("catalogue_version", snapshot.round.catalogue_version),
        ("template_id", template.id),
        ("stage", snapshot.stage.label),
        ("exported_at", run.exported_at_text),
    ]


def _properties(wb: Workbook, snapshot: PlanSnapshot, template: Template, run: ExportRun) -> None:
    info = snapshot.info
    props = wb.properties
    props.title = (
        f"{info.org_code} {snapshot.round.name} operational plan: {template.title} "
        f"({snapshot.stage.label})"
    )
    props.subject = f"{info.org_code} {info.org_name}"
    props.creator = run.prepared_by
    props.lastModifiedBy = run.prepared_by
    props.description = f"Exported by {APP_NAME} {__version__} at {run.exported_at_text}"
    props.keywords = f"NHS operational plan; {snapshot.round.id}; {template.id}"
    props.category = "NHS operational plan submission"
    props.version = __version__
    props.identifier = info.plan_id
    props.contentStatus = snapshot.stage.label
    created = run.exported_at.astimezone(dt.UTC).replace(tzinfo=None)
    props.created = props.modified = created
    wb.custom_doc_props.append(StringProperty(name="Application", value=APP_NAME))
    wb.custom_doc_props.append(StringProperty(name="Application version", value=__version__))
    wb.custom_doc_props.append(StringProperty(name="Template", value=template.id))


# -- the Parameters tab: the round's national figures ----------------------------------

#: Widest the label and value columns grow to for the national figures (characters);
#: longer texts wrap.
NATIONAL_LABEL_WIDTH, NATIONAL_VALUE_WIDTH = 80, 28


def _national_figures(
    ws: Worksheet, snapshot: PlanSnapshot, layout: wl.WorkbookLayout, styles: Styles
) -> None:
    """The round's figures the template's checks use, in words with their units."""
    row = layout.parameters.national_row
    assert row is not None
    figures = national_figures(snapshot.catalogue, layout.template)
    put_text(
        ws.cell(row - 1, 1),
        f"National figures used by the checks ({snapshot.round.name} round data, read-only)",
    )
    ws.cell(row - 1, 1).font = SUBTITLE_FONT
    for col, text in ((1, "Checks"), (2, "National figure"), (3, ""), (4, "Value")):
        cell = ws.cell(row, col)
        put_text(cell, text)
        styles.apply(cell, fill=HEADER_FILL, font=HEADER_FONT, alignment=HEADER_ALIGN)
    for i, figure in enumerate(figures, start=1):
        values = (", ".join(figure.rules), figure.label, "", figure.value)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row + i, col)
            if value:
                put_text(cell, value)
            styles.apply(cell, fill=CALC_FILL if col == 4 else None, alignment=WRAP)
    value_width = min(max((len(f.value) for f in figures), default=10), NATIONAL_VALUE_WIDTH)
    label_width = min(max((len(f.label) for f in figures), default=10), NATIONAL_LABEL_WIDTH)
    if layout.parameters not in layout.sheets:
        _set_widths(ws, (14, label_width, 2, value_width))
    else:  # below the parameters' own table: widen its columns where needed
        for letter, wanted in (("A", 14), ("B", label_width), ("D", value_width)):
            current = ws.column_dimensions[letter].width or 0
            ws.column_dimensions[letter].width = max(current, wanted + 2)
        total = sum(
            ws.column_dimensions[get_column_letter(col)].width or 0
            for col in range(1, layout.parameters.last_column + 1)
        )
        if total > PORTRAIT_WIDTH:
            ws.page_setup.orientation = "landscape"
    widths = [ws.column_dimensions[letter].width or 10 for letter in "ABCD"]
    for i, figure in enumerate(figures, start=1):
        _fit_row(ws, row + i, [(figure.label, widths[1]), (figure.value, widths[3])])
    last = row + len(figures)
    ws.print_area = f"A1:{get_column_letter(max(layout.parameters.last_column, 4))}{last}"
    ws.print_title_rows = None
