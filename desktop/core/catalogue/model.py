"""What a plan contains: rounds, periods, templates, sheets and lines (read from data)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from .formula import Formula

ORG_KINDS = ("provider", "commissioner")
REGIONS = ("north", "midlands-east", "london", "south")
BASELINES = ("FOT", "BASE")


@dataclass(frozen=True, slots=True)
class Period:
    code: str  # FOT, BASE, M01..., Y1...
    label: str  # "FOT 2018/19", "Apr-19", "2019/20"
    kind: str  # baseline | month | year
    days: int = 0  # months only


@dataclass(frozen=True, slots=True)
class Year:
    code: str
    label: str
    months: tuple[str, ...]
    attributes: dict[str, object] = field(default_factory=dict, hash=False, compare=False)

    @property
    def last_month(self) -> str:
        return self.months[-1]


@dataclass(frozen=True, slots=True)
class Mailbox:
    region: str
    name: str
    nhse: str
    nhsi: str


@dataclass(frozen=True, slots=True)
class Line:
    code: str
    label: str
    kind: str  # input | calc | param
    unit: str  # gbp000 | count | wte | pct | yn
    measure: str  # flow | stock | rate
    signed: bool
    formula: Formula | None
    columns: tuple[str, ...]  # the entered/computed periods, in order (no year totals)
    totals: tuple[str, ...]  # year totals shown after the months (monthly lines)
    inputs: tuple[str, ...]  # periods the user enters
    template: str
    sheet: str
    default: str | None = None
    note: str = ""

    @property
    def periods(self) -> tuple[str, ...]:
        """Every period the line shows a value in: its columns, then its year totals."""
        return self.columns + self.totals

    @property
    def is_monthly(self) -> bool:
        return bool(self.totals)


@dataclass(frozen=True, slots=True)
class Sheet:
    id: str
    name: str
    template: str
    columns: tuple[str, ...]  # display columns including year totals
    lines: tuple[Line, ...]
    parameters: bool = False


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    name: str
    title: str
    org_kind: str
    sheets: tuple[Sheet, ...]

    def lines(self) -> Iterator[Line]:
        for sheet in self.sheets:
            yield from sheet.lines


@dataclass(frozen=True, slots=True)
class Round:
    """A planning round: its periods, figures, mailboxes and templates."""

    id: str
    name: str
    catalogue_version: str
    guidance: str
    periods: dict[str, Period]  # every period, in display order: FOT, BASE, months, years
    months: tuple[str, ...]
    years: tuple[Year, ...]
    thresholds: dict[str, str]
    mailboxes: dict[str, Mailbox]
    contacts: dict[str, str]
    templates: dict[str, Template]

    def catalogue(self, org_kind: str) -> Catalogue:
        templates = tuple(t for t in self.templates.values() if t.org_kind == org_kind)
        return Catalogue(self, org_kind, templates)

    def year(self, code: str) -> Year:
        for year in self.years:
            if year.code == code:
                return year
        raise KeyError(code)

    def year_of_month(self, month: str) -> Year:
        for year in self.years:
            if month in year.months:
                return year
        raise KeyError(month)

    def threshold(self, name: str) -> Decimal:
        return Decimal(self.thresholds[name])

    def label(self, period: str) -> str:
        return self.periods[period].label


class Catalogue:
    """The templates of one organisation kind in one round: what one plan holds."""

    def __init__(self, round_: Round, org_kind: str, templates: tuple[Template, ...]):
        self.round = round_
        self.org_kind = org_kind
        self.templates = templates
        self.lines: dict[str, Line] = {}
        for template in templates:
            for line in template.lines():
                self.lines[line.code] = line
        self._order = {code: i for i, code in enumerate(self.lines)}
        self._period_order = {code: i for i, code in enumerate(round_.periods)}

    def template(self, template_id: str) -> Template:
        for template in self.templates:
            if template.id == template_id:
                return template
        raise KeyError(template_id)

    def line(self, code: str) -> Line:
        return self.lines[code]

    def input_cells(self) -> Iterator[tuple[str, str]]:
        """Every (line, period) a user enters, in catalogue order."""
        for line in self.lines.values():
            for period in line.inputs:
                yield line.code, period

    def sort_key(self, cell: tuple[str, str]) -> tuple[int, int]:
        return self._order.get(cell[0], len(self._order)), self._period_order.get(cell[1], 0)
