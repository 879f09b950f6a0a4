"""Read and validate the catalogue data under resources/rounds/.

A bad catalogue is refused with a CatalogueError naming the file and the entry,
so a data mistake is found when the app starts, not when a user meets it.
"""

from __future__ import annotations

import os
import tomllib
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import CatalogueError
from ..paths import resources_dir
from ..units import UNITS, ValueRefused, parse_value
from . import formula as formula_mod
from . import presentation as presentation_mod
from .model import (
    ORG_KINDS,
    REGIONS,
    THRESHOLD_UNITS,
    YEAR_SETTING_UNITS,
    Line,
    Mailbox,
    NationalFigure,
    OrgKind,
    Period,
    Round,
    Sheet,
    Template,
    Year,
)

MEASURES = ("flow", "stock", "rate")
LINE_KINDS = ("input", "calc", "param")
ROUND_FILE = "round.toml"
PRESENTATION_FILE = "presentation.toml"
#: The roles of the two periods before the plan (round.toml's [baseline] table).
BASELINE_ROLES = ("outturn", "opening")
SEVERITIES = ("error", "warning")

#: Points the catalogue at another folder of rounds (a round being prepared, tests).
ROUNDS_DIR_VARIABLE = "OPPLAN_ROUNDS_DIR"


def rounds_dir() -> Path:
    """The folder of rounds: ``OPPLAN_ROUNDS_DIR`` when set, else the bundled one."""
    override = os.environ.get(ROUNDS_DIR_VARIABLE)
    return Path(override) if override else resources_dir() / "rounds"


def available_rounds() -> list[str]:
    """Round ids with a folder of data, newest first."""
    folder = rounds_dir()
    if not folder.is_dir():
        return []
    folders = [p.name for p in folder.iterdir() if (p / ROUND_FILE).is_file()]
    return sorted(folders, reverse=True)


def load_round(round_id: str) -> Round:
    """The round ``round_id`` from its data folder (cached: rounds never change at run time)."""
    folder = rounds_dir() / round_id
    if not (folder / ROUND_FILE).is_file():
        known = ", ".join(available_rounds()) or "none"
        raise CatalogueError(f"unknown planning round {round_id!r} (known rounds: {known})")
    return _load_cached(folder.resolve())


@cache
def _load_cached(folder: Path) -> Round:
    return load_round_folder(folder)


def load_round_folder(folder: Path) -> Round:
    reader = _RoundReader(folder)
    return reader.read()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot be read: {exc.strerror}") from exc


class _RoundReader:
    def __init__(self, folder: Path):
        self.folder = folder
        self.file = folder / "round.toml"

    def fail(self, where: str, problem: str, file: Path | None = None) -> CatalogueError:
        return CatalogueError(f"{file or self.file}: {where}: {problem}")

    def read(self) -> Round:
        data = _read_toml(self.file)
        round_id = self._text(data, "id", "round")
        if round_id != self.folder.name:
            raise self.fail("id", f"{round_id!r} does not match its folder {self.folder.name!r}")
        months, periods = self._months(data)
        year_settings = self._year_settings(data)
        years = self._years(data, months, year_settings)
        baselines = self._baselines(data, {*months, *(y.code for y in years)})
        all_periods: dict[str, Period] = dict(baselines)
        all_periods.update(periods)
        for year in years:
            all_periods[year.code] = Period(year.code, year.label, "year")
        figures = self._thresholds(data)
        thresholds = {name: figure.value for name, figure in figures.items()}
        mailboxes = self._mailboxes(data)
        outturn, opening = list(baselines)
        self.round_shell = dict(
            id=round_id,
            months=tuple(months),
            years=tuple(years),
            periods=all_periods,
            opening=opening,
            money_limit=Decimal(thresholds.get("money_limit", "100000000")),
        )
        templates = self._templates(data)
        for kind in ORG_KINDS:
            _check_kind(self.folder, kind, [t for t in templates.values() if t.org_kind == kind])
        kinds = self._kinds(data, templates, mailboxes)
        lines = {
            kind: {
                line.code: line.unit
                for t in templates.values()
                if t.org_kind == kind
                for line in t.lines()
            }
            for kind in kinds
        }
        for name, figure in figures.items():
            if figure.unit == "line" and not any(figure.value in codes for codes in lines.values()):
                raise self.fail(f"thresholds.{name}", f"unknown line {figure.value!r}")
        return Round(
            id=round_id,
            name=self._text(data, "name", "round"),
            catalogue_version=self._text(data, "catalogue_version", "round"),
            guidance=str(data.get("guidance", "")),
            periods=all_periods,
            months=tuple(months),
            years=tuple(years),
            thresholds=thresholds,
            mailboxes=mailboxes,
            contacts={str(k): str(v) for k, v in data.get("contacts", {}).items()},
            templates=templates,
            outturn=outturn,
            opening=opening,
            figures=figures,
            year_settings=year_settings,
            kinds=kinds,
            presentation=self._presentation(lines, figures),
        )

    def _templates(self, data: dict[str, Any]) -> dict[str, Template]:
        """The templates listed in round.toml, each read from its own file."""
        names = data.get("templates")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise self.fail("templates", 'list the round\'s template files, e.g. ["FIN"]')
        if len(set(names)) != len(names):
            raise self.fail("templates", "a template is listed twice")
        templates: dict[str, Template] = {}
        for name in names:
            path = self.folder / f"{name}.toml"
            if not path.is_file():
                raise self.fail("templates", f"{name}.toml is listed but not in the folder")
            templates[name] = _TemplateReader(path, self.round_shell).read()
        known = {*names, Path(ROUND_FILE).stem, Path(PRESENTATION_FILE).stem}
        extra = sorted(p.stem for p in self.folder.glob("*.toml") if p.stem not in known)
        if extra:
            raise self.fail("templates", f"files not listed as templates: {', '.join(extra)}")
        return templates

    def _baselines(self, data: dict[str, Any], taken: set[str]) -> dict[str, Period]:
        """The periods before the plan, by role: the forecast outturn, then the opening."""
        table = data.get("baseline")
        if not isinstance(table, dict):
            raise self.fail("baseline", "missing (outturn and opening periods)")
        unknown = sorted(set(table) - set(BASELINE_ROLES))
        if unknown:
            raise self.fail("baseline", f"unknown roles {', '.join(unknown)}")
        out: dict[str, Period] = {}
        for role in BASELINE_ROLES:
            entry = table.get(role)
            where = f"baseline.{role}"
            if not isinstance(entry, dict):
                raise self.fail(where, "missing: a table with code and label")
            code = self._text(entry, "code", where)
            if code in taken or code in out:
                raise self.fail(where, f"code {code!r} is already a period of the round")
            out[code] = Period(code, self._text(entry, "label", where), "baseline")
        return out

    def _text(self, table: dict[str, Any], key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", "missing or not text")
        return value

    def _months(self, data: dict[str, Any]) -> tuple[list[str], dict[str, Period]]:
        entries = data.get("months")
        if not isinstance(entries, list) or not entries:
            raise self.fail("months", "no months listed")
        months: list[str] = []
        periods: dict[str, Period] = {}
        for index, entry in enumerate(entries, start=1):
            expected = f"M{index:02d}"
            code = entry.get("code")
            if code != expected:
                raise self.fail(f"months[{index}]", f"code {code!r} should be {expected!r}")
            days = entry.get("days")
            if not isinstance(days, int) or not 28 <= days <= 31:
                raise self.fail(f"months.{code}", f"days {days!r} is not 28-31")
            label = self._text(entry, "label", f"months.{code}")
            months.append(code)
            periods[code] = Period(code, label, "month", days)
        return months, periods

    def _years(
        self, data: dict[str, Any], months: list[str], settings: dict[str, NationalFigure]
    ) -> list[Year]:
        entries = data.get("years")
        if not isinstance(entries, list) or not entries:
            raise self.fail("years", "no plan years listed")
        years: list[Year] = []
        covered: list[str] = []
        for index, entry in enumerate(entries, start=1):
            code = entry.get("code")
            if code != f"Y{index}":
                raise self.fail(f"years[{index}]", f"code {code!r} should be 'Y{index}'")
            first, last = entry.get("first"), entry.get("last")
            if first not in months or last not in months:
                raise self.fail(f"years.{code}", f"first/last month {first!r}/{last!r} unknown")
            span = months[months.index(first) : months.index(last) + 1]
            covered.extend(span)
            attributes = {
                k: v for k, v in entry.items() if k not in ("code", "label", "first", "last")
            }
            self._check_settings(f"years.{code}", attributes, settings)
            years.append(
                Year(code, self._text(entry, "label", f"years.{code}"), tuple(span), attributes)
            )
        if covered != months:
            raise self.fail("years", "plan years must cover every month once, in order")
        return years

    def _thresholds(self, data: dict[str, Any]) -> dict[str, NationalFigure]:
        """Each threshold: its value (a string), its unit and the words it is shown in."""
        return self._figures(data, "thresholds", THRESHOLD_UNITS, with_value=True)

    def _year_settings(self, data: dict[str, Any]) -> dict[str, NationalFigure]:
        """The figures set per plan year (on each year), with their unit and words."""
        return self._figures(data, "year_settings", YEAR_SETTING_UNITS, with_value=False)

    def _figures(
        self, data: dict[str, Any], table_name: str, units: tuple[str, ...], *, with_value: bool
    ) -> dict[str, NationalFigure]:
        keys = {"value", "unit", "label"} if with_value else {"unit", "label"}
        example = (
            '{ value = "1.1", unit = "pct", label = "..." }'
            if with_value
            else ('{ unit = "yn", label = "..." }')
        )
        out: dict[str, NationalFigure] = {}
        for name, entry in data.get(table_name, {}).items():
            where = f"{table_name}.{name}"
            if not isinstance(entry, dict):
                raise self.fail(where, f"write {example}")
            unknown = sorted(set(entry) - keys)
            if unknown:
                raise self.fail(where, f"unknown keys {', '.join(unknown)}")
            unit = entry.get("unit")
            if unit not in units:
                raise self.fail(f"{where}.unit", f"{unit!r} is not one of {', '.join(units)}")
            value = entry.get("value", None if with_value else "")
            if not isinstance(value, str):
                raise self.fail(f"{where}.value", 'must be written as a string, e.g. "1.1"')
            if with_value and unit != "line":
                try:
                    Decimal(value)
                except InvalidOperation as exc:
                    raise self.fail(f"{where}.value", f"{value!r} is not a number") from exc
            out[name] = NationalFigure(name, self._text(entry, "label", where), unit, value)
        return out

    def _check_settings(
        self, where: str, values: dict[str, Any], settings: dict[str, NationalFigure]
    ) -> None:
        """A year sets every year setting, each to a value its unit allows, and no other."""
        for name in sorted(set(values) - set(settings)):
            raise self.fail(f"{where}.{name}", "not a figure named in [year_settings]")
        for name, setting in settings.items():
            if name not in values:
                raise self.fail(where, f"{name} is not set")
            value = values[name]
            if setting.unit == "yn" and not isinstance(value, bool):
                raise self.fail(f"{where}.{name}", f"{value!r} is not true or false")
            if setting.unit == "severity" and value not in SEVERITIES:
                raise self.fail(
                    f"{where}.{name}", f"{value!r} is not one of {', '.join(SEVERITIES)}"
                )

    def _kinds(
        self, data: dict[str, Any], templates: dict[str, Template], mailboxes: dict[str, Mailbox]
    ) -> dict[str, OrgKind]:
        """The organisation kinds of the round's templates: names, approving body, mail."""
        table = data.get("kinds", {})
        used = [k for k in ORG_KINDS if any(t.org_kind == k for t in templates.values())]
        unknown = sorted(set(table) - set(ORG_KINDS))
        if unknown:
            raise self.fail(
                "kinds", f"unknown kinds {', '.join(unknown)} (one of {', '.join(ORG_KINDS)})"
            )
        out: dict[str, OrgKind] = {}
        for kind in used:
            entry = table.get(kind)
            where = f"kinds.{kind}"
            if not isinstance(entry, dict):
                raise self.fail(where, "missing: the round has templates of this kind")
            texts = {
                key: self._text(entry, key, where)
                for key in ("label", "approving_body", "pack_title", "mail_to", "mail_cc")
            }
            for key in ("mail_to", "mail_cc"):
                for mailbox in mailboxes.values():
                    if texts[key] not in mailbox.addresses:
                        raise self.fail(
                            f"{where}.{key}",
                            f"{texts[key]!r} is not an address of mailboxes.{mailbox.region}",
                        )
            out[kind] = OrgKind(kind, **texts)
        return out

    def _presentation(
        self, lines: dict[str, dict[str, str]], figures: dict[str, NationalFigure]
    ) -> presentation_mod.Presentation:
        """The headline tiles and charts of presentation.toml, checked against the round."""
        from ..checks import load_rules  # the rules a tile names must exist

        path = self.folder / PRESENTATION_FILE
        if not path.is_file():
            raise self.fail("presentation", f"{PRESENTATION_FILE} is missing", path)
        known = presentation_mod.Vocabulary(
            lines=lines,
            thresholds={name: f.unit for name, f in figures.items()},
            rule_kinds={rule.id: rule.kinds for rule in load_rules().values()},
        )
        try:
            return presentation_mod.read_presentation(_read_toml(path), known)
        except presentation_mod.PresentationError as exc:
            raise CatalogueError(f"{path}: {exc}") from exc

    def _mailboxes(self, data: dict[str, Any]) -> dict[str, Mailbox]:
        """Each region's name and planning mailboxes (every key but name is an address)."""
        table = data.get("mailboxes", {})
        out: dict[str, Mailbox] = {}
        for region in REGIONS:
            entry = table.get(region)
            if not isinstance(entry, dict):
                raise self.fail(f"mailboxes.{region}", "missing")
            where = f"mailboxes.{region}"
            addresses = {k: v for k, v in entry.items() if k != "name"}
            if not addresses:
                raise self.fail(where, "no mailbox addresses")
            for key, address in addresses.items():
                if not isinstance(address, str) or "@" not in address:
                    raise self.fail(f"{where}.{key}", "not an email address")
            out[region] = Mailbox(region, self._text(entry, "name", where), addresses)
        unknown = sorted(set(table) - set(REGIONS))
        if unknown:
            raise self.fail("mailboxes", f"unknown regions {', '.join(unknown)}")
        return out


class _TemplateReader:
    def __init__(self, path: Path, round_shell: dict[str, Any]):
        self.path = path
        self.round = round_shell

    def fail(self, where: str, problem: str) -> CatalogueError:
        return CatalogueError(f"{self.path}: {where}: {problem}")

    def read(self) -> Template:
        data = _read_toml(self.path)
        template_id = data.get("id")
        if template_id != self.path.stem:
            raise self.fail("id", f"{template_id!r} does not match the file name")
        org_kind = data.get("org_kind")
        if org_kind not in ORG_KINDS:
            raise self.fail("org_kind", f"{org_kind!r} is not one of {', '.join(ORG_KINDS)}")
        sheets_data = data.get("sheets")
        if not isinstance(sheets_data, list) or not sheets_data:
            raise self.fail("sheets", "no sheets")
        sheets: list[Sheet] = []
        seen: set[str] = set()
        for entry in sheets_data:
            sheet = self._sheet(template_id, entry)
            if sheet.id in seen:
                raise self.fail(f"sheet {sheet.id}", "duplicate sheet id")
            seen.add(sheet.id)
            sheets.append(sheet)
        for key in ("name", "title"):
            if not isinstance(data.get(key), str):
                raise self.fail(key, "missing")
        return Template(template_id, data["name"], data["title"], org_kind, tuple(sheets))

    def _expand(self, tokens: Any, where: str) -> tuple[str, ...]:
        if not isinstance(tokens, list) or not tokens:
            raise self.fail(where, "columns missing")
        out: list[str] = []
        years = [y.code for y in self.round["years"]]
        for token in tokens:
            if token == "months":
                out.extend(self.round["months"])
            elif token == "years":
                out.extend(years)
            elif token in self.round["periods"]:
                out.append(token)
            else:
                raise self.fail(where, f"unknown column {token!r}")
        if len(set(out)) != len(out):
            raise self.fail(where, "a column is listed twice")
        return tuple(out)

    def _sheet(self, template_id: str, entry: dict[str, Any]) -> Sheet:
        sheet_id = entry.get("id")
        if not isinstance(sheet_id, str):
            raise self.fail("sheets", "a sheet has no id")
        where = f"sheet {sheet_id}"
        columns = self._expand(entry.get("columns"), f"{where} columns")
        parameters = bool(entry.get("parameters", False))
        lines_data = entry.get("lines")
        if not isinstance(lines_data, list) or not lines_data:
            raise self.fail(where, "no lines")
        lines = [
            self._line(template_id, sheet_id, columns, parameters, item) for item in lines_data
        ]
        display: list[str] = []
        for line in lines:
            for period in line.periods:
                if period not in display:
                    display.append(period)
        order = list(self.round["periods"])
        display.sort(key=order.index)
        name = entry.get("name")
        if not isinstance(name, str):
            raise self.fail(where, "no name")
        return Sheet(sheet_id, name, template_id, tuple(display), tuple(lines), parameters)

    def _line(
        self,
        template_id: str,
        sheet_id: str,
        sheet_columns: tuple[str, ...],
        parameters: bool,
        item: dict[str, Any],
    ) -> Line:
        code = item.get("code")
        if not isinstance(code, str) or not code:
            raise self.fail(f"sheet {sheet_id}", "a line has no code")
        where = f"line {code}"
        kind = item.get("kind")
        if kind not in LINE_KINDS:
            raise self.fail(where, f"kind {kind!r} is not one of {', '.join(LINE_KINDS)}")
        if (kind == "param") != parameters:
            raise self.fail(where, "parameters belong on the Parameters sheet, and only there")
        unit = item.get("unit")
        if unit not in UNITS:
            raise self.fail(where, f"unit {unit!r} is not one of {', '.join(UNITS)}")
        signed = bool(item.get("signed", False))
        if signed and unit != "gbp000":
            raise self.fail(where, f"only money lines can be signed, not unit {unit!r}")
        if unit == "yn" and kind != "param":
            raise self.fail(where, "unit 'yn' is for parameters only")
        measure = item.get("measure", "flow" if unit in ("gbp000", "count", "yn") else None)
        if measure not in MEASURES:
            raise self.fail(where, f"measure {measure!r} is not one of {', '.join(MEASURES)}")
        if unit == "pct" and measure != "rate":
            raise self.fail(where, "a percentage line must have measure 'rate'")
        if unit == "wte" and measure != "stock":
            raise self.fail(where, "a WTE line must have measure 'stock'")
        if measure == "rate" and unit != "pct":
            raise self.fail(where, f"unit {unit!r} cannot have measure 'rate'")
        columns = (
            self._expand(item["columns"], f"{where} columns")
            if "columns" in item
            else sheet_columns
        )
        months = set(self.round["months"])
        monthly = any(p in months for p in columns)
        totals: tuple[str, ...] = ()
        if monthly:
            totals = tuple(
                y.code for y in self.round["years"] if any(m in columns for m in y.months)
            )
        parsed = None
        text = item.get("formula")
        if kind == "calc":
            if not isinstance(text, str):
                raise self.fail(where, "a calculated line needs a formula")
            try:
                parsed = formula_mod.parse(text)
            except formula_mod.FormulaError as exc:
                raise self.fail(where, f"formula {text!r}: {exc}") from exc
            if parsed.is_ratio != (unit == "pct"):
                raise self.fail(where, "a percentage is computed as one ratio, and only it")
            for term in parsed.terms:
                if term.period and term.period not in self.round["periods"]:
                    raise self.fail(where, f"formula names unknown period {term.period!r}")
            inputs = self._expand(item["inputs"], f"{where} inputs") if "inputs" in item else ()
            if not set(inputs) <= set(columns):
                raise self.fail(where, "inputs must be among the line's columns")
        else:
            if text is not None:
                raise self.fail(where, f"an {kind} line has no formula")
            if "inputs" in item:
                raise self.fail(where, "'inputs' is for calculated lines")
            inputs = columns
        default = item.get("default")
        if default is not None:
            if kind != "param":
                raise self.fail(where, "only parameters have a default")
            try:
                parse_value(
                    str(default), unit, signed=signed, money_limit=self.round["money_limit"]
                )
            except ValueRefused as exc:
                raise self.fail(where, f"default {exc}") from exc
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            raise self.fail(where, "no label")
        return Line(
            code=code,
            label=label,
            kind=kind,
            unit=unit,
            measure=measure,
            signed=signed,
            formula=parsed,
            columns=columns,
            totals=totals,
            inputs=inputs,
            template=template_id,
            sheet=sheet_id,
            default=None if default is None else str(default),
            note=str(item.get("note", "")),
        )


def _check_kind(folder: Path, kind: str, templates: list[Template]) -> None:
    """Codes unique across one organisation kind; formulas name only its lines."""
    owner: dict[str, str] = {}
    for template in templates:
        for line in template.lines():
            if line.code in owner:
                raise CatalogueError(
                    f"{folder / (template.id + '.toml')}: line {line.code}: duplicate code "
                    f"(also in {owner[line.code]}.toml)"
                )
            owner[line.code] = template.id
    lines = {line.code: line for t in templates for line in t.lines()}
    for line in lines.values():
        if line.formula is None:
            continue
        for code in line.formula.codes():
            if code not in lines:
                raise CatalogueError(
                    f"{folder / (line.template + '.toml')}: line {line.code}: "
                    f"formula names unknown line {code!r}"
                )
        if line.formula.is_ratio:
            for code in line.formula.codes():
                if lines[code].unit != "count" and lines[code].unit != "gbp000":
                    raise CatalogueError(
                        f"{folder / (line.template + '.toml')}: line {line.code}: "
                        f"ratio term {code} must be a count or money line"
                    )
        else:
            for term in line.formula.terms:
                if lines[term.code].unit != line.unit:
                    raise CatalogueError(
                        f"{folder / (line.template + '.toml')}: line {line.code}: "
                        f"formula adds {term.code} ({lines[term.code].unit}) "
                        f"to a {line.unit} line"
                    )
    _check_cycles(folder, lines)


def _check_cycles(folder: Path, lines: dict[str, Line]) -> None:
    state: dict[str, int] = {}

    def visit(code: str, path: list[str]) -> None:
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            raise CatalogueError(f"{folder}: formulas form a cycle: {' -> '.join([*path, code])}")
        state[code] = 1
        formula = lines[code].formula
        if formula is not None:
            for term in formula.terms:
                if not term.previous and term.period is None:
                    visit(term.code, [*path, code])
            if formula.is_ratio:
                for dep in formula.codes():
                    visit(dep, [*path, code])
        state[code] = 2

    for code in lines:
        visit(code, [])
