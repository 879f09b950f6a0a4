"""What a plan contains: rounds, periods, templates, sheets and lines (read from data)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from .formula import Formula
from .presentation import Presentation

ORG_KINDS = ("provider", "commissioner")  # the kinds the checks are written for
REGIONS = ("north", "midlands-east", "london", "south")
#: Units of a round's thresholds: how a figure reads (money, percent, points, a plain
#: number, a line of the catalogue).
THRESHOLD_UNITS = ("gbp000", "pct", "points", "ratio", "line")
#: Units of a figure set per plan year: a severity, or yes/no.
YEAR_SETTING_UNITS = ("severity", "yn")


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
    """A region's planning mailboxes, by key (e.g. nhse, nhsi)."""

    region: str
    name: str
    addresses: dict[str, str] = field(hash=False, compare=False)

    def address(self, key: str) -> str:
        return self.addresses[key]


@dataclass(frozen=True, slots=True)
class OrgKind:
    """An organisation kind as the round describes it: its name, who approves its plan
    and where its submission goes (keys of the region's mailboxes)."""

    id: str
    label: str  # Provider (NHS trust)
    approving_body: str  # trust board, governing body
    pack_title: str  # Board pack, Governing body pack
    mail_to: str
    mail_cc: str


@dataclass(frozen=True, slots=True)
class NationalFigure:
    """A named figure of the round the checks read, with the words it is shown in.

    A threshold has one value; a year setting has one value per plan year (on the
    round's ``Year.attributes``) and ``value`` is empty.
    """

    name: str
    label: str
    unit: str
    value: str = ""


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
    periods: dict[str, Period]  # every period, in display order: baselines, months, years
    months: tuple[str, ...]
    years: tuple[Year, ...]
    thresholds: dict[str, str]  # name -> value, as written
    mailboxes: dict[str, Mailbox]
    contacts: dict[str, str]
    templates: dict[str, Template]  # in the round's order
    outturn: str = ""  # the forecast outturn period (flows grow from it)
    opening: str = ""  # the position at the end of the year before the plan (stocks)
    figures: dict[str, NationalFigure] = field(default_factory=dict)  # thresholds in words
    year_settings: dict[str, NationalFigure] = field(default_factory=dict)
    kinds: dict[str, OrgKind] = field(default_factory=dict)
    presentation: Presentation | None = None

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

    # -- the roles of periods ----------------------------------------------------------

    @property
    def first_year(self) -> Year:
        return self.years[0]

    def is_first_year(self, year: str) -> bool:
        return year == self.years[0].code

    def _year_before(self, year: str) -> Year | None:
        codes = [y.code for y in self.years]
        index = codes.index(year)
        return self.years[index - 1] if index else None

    def growth_base(self, year: str) -> str:
        """The period a year's flows grow from: the forecast outturn for the first plan
        year, the plan year before after it."""
        before = self._year_before(year)
        return self.outturn if before is None else before.code

    def position_before(self, year: str) -> str:
        """The month-end a year's stocks are compared with: the opening position for the
        first plan year, the last month of the year before after it."""
        before = self._year_before(year)
        return self.opening if before is None else before.last_month

    def previous_period(self, month: str) -> str | None:
        """The period before a month (the opening position before the first), or None
        for a period that is not a month."""
        if month not in self.months:
            return None
        index = self.months.index(month)
        return self.opening if index == 0 else self.months[index - 1]

    def year_setting(self, year: str, name: str) -> object:
        """A figure the round sets per plan year (e.g. the severity of P01 that year)."""
        return self.year(year).attributes[name]

    # -- organisation kinds ------------------------------------------------------------

    def kind(self, org_kind: str) -> OrgKind:
        return self.kinds[org_kind]

    def recipients(self, org_kind: str, region: str) -> tuple[str, str]:
        """(To, Cc) of a submission from ``org_kind`` in ``region``."""
        kind, mailbox = self.kinds[org_kind], self.mailboxes[region]
        return mailbox.address(kind.mail_to), mailbox.address(kind.mail_cc)


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
