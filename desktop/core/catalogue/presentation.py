"""The review's headline tiles and charts, as round data (``presentation.toml``).

A tile names its section and title, the figures it shows and the rules whose
findings colour it; a chart names its series and reference lines. Figures are
written as a measure and its arguments, e.g. ``{growth E.M.7}`` or
``{share FIN.EFF.TOT FIN.PAY.TOT+FIN.NPY.TOT}``, inside the tile's texts. The
measures are a small fixed vocabulary (``MEASURES``) computed in
``desktop.core.review.figures`` over ``desktop.core.measures``; the loader refuses an
unknown measure, line, threshold or rule, naming the file and the entry. The format
is documented in ``resources/rounds/README.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: Where a line is read, relative to the plan year shown: the year itself, its last
#: month, the period it grows from (the forecast outturn, or the year before) and the
#: month-end before it (the opening position, or the last month of the year before).
ROLES = ("year", "year_end", "growth_base", "position_before")

LINE, LINES, THRESHOLD, ROLE = "line", "lines", "threshold", "role"

#: The measures a presentation may name, with the kinds of their arguments.
MEASURES: dict[str, tuple[str, ...]] = {
    "amount": (LINE,),  # the figure, in its line's unit
    "points": (LINE,),  # a percentage figure read as percentage points
    "growth": (LINE,),  # % growth of the year against its growth base, signed
    "change": (LINE,),  # year end against the month-end before, signed, in the unit
    "movement": (LINE,),  # the same change in words: up 150, down 3, unchanged
    "share": (LINE, LINES),  # the first as a % of the second (a sum: A+B)
    "second_half": (LINE,),  # % of the year's total in its last six months
    "last_quarter": (LINE,),  # % of the year's total in its last three months
    "gap": (LINE, LINE),  # the first against a target: £50k better, worse, exactly on it
    "required_growth": (LINE, LINE),  # growth of the first plus the second (points)
    "monthly_average": (LINE,),  # the figure over the months of the plan year
    "phased": (LINE,),  # the year's figure spread evenly over its months (a series)
    "values": (LINE,),  # the line month by month (a series)
    "threshold": (THRESHOLD,),  # a round threshold, in its unit
    "label": (ROLE,),  # the label of a period: {label year_end} is Mar-20
}
#: Measures that give a number a chart can draw (a reference line's value).
NUMERIC = ("amount", "monthly_average", "threshold")
#: Measures that give one value per period of a chart (a series).
SERIES = ("values", "phased")

CHART_UNITS = ("gbp000", "count", "wte", "pct")
CHART_PERIODS = ("months", "opening_and_months")
SERIES_STYLES = ("bar", "line")
PALETTE = {
    "blue": "#2F75B5",
    "green": "#548235",
    "amber": "#E69500",
    "grey": "#7F7F7F",
    "red": "#C00000",
}

_FIGURE = re.compile(r"\{([^{}]*)\}")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class LineRef:
    """A line (or a sum of lines) read at a period role."""

    codes: tuple[str, ...]
    role: str = "year"


@dataclass(frozen=True)
class Figure:
    """One measure with its arguments, as written in the data (``source``)."""

    measure: str
    args: tuple[LineRef | str, ...]
    source: str

    def line(self, index: int = 0) -> LineRef:
        arg = self.args[index]
        assert isinstance(arg, LineRef)
        return arg

    def name(self, index: int = 0) -> str:
        arg = self.args[index]
        assert isinstance(arg, str)
        return arg

    def codes(self) -> tuple[str, ...]:
        return tuple(c for a in self.args if isinstance(a, LineRef) for c in a.codes)


#: A text with figures in it: literal parts and figures, in order.
Text = tuple[str | Figure, ...]


@dataclass(frozen=True)
class TileDef:
    key: str
    kind: str
    section: str
    title: Text
    value: Text
    detail: Text
    rules: tuple[str, ...]  # the checks about this figure: their findings colour the tile
    on_lines: tuple[str, ...] = ()  # when set, only findings on these lines count


@dataclass(frozen=True)
class SeriesDef:
    name: Text
    values: Figure
    style: str  # bar | line
    colour: str


@dataclass(frozen=True)
class ReferenceDef:
    name: Text
    value: Figure
    colour: str


@dataclass(frozen=True)
class ChartDef:
    key: str
    kind: str
    title: Text
    unit: str
    periods: str  # months | opening_and_months
    series: tuple[SeriesDef, ...]
    references: tuple[ReferenceDef, ...] = ()
    stacked: bool = False


@dataclass(frozen=True)
class Presentation:
    tiles: tuple[TileDef, ...]
    charts: tuple[ChartDef, ...]

    def tiles_for(self, kind: str) -> tuple[TileDef, ...]:
        return tuple(t for t in self.tiles if t.kind == kind)

    def charts_for(self, kind: str) -> tuple[ChartDef, ...]:
        return tuple(c for c in self.charts if c.kind == kind)


@dataclass(frozen=True)
class Vocabulary:
    """What the data may name: the lines of each kind, the thresholds, the rules."""

    lines: Mapping[str, Mapping[str, str]]  # kind -> line code -> unit
    thresholds: Mapping[str, str]  # name -> unit
    rule_kinds: Mapping[str, tuple[str, ...]]  # rule ID -> kinds it runs for


class PresentationError(ValueError):
    """A mistake in the presentation data; the loader adds the file's name."""


def read_presentation(data: Mapping[str, Any], known: Vocabulary) -> Presentation:
    """Parse and validate the presentation data (raises PresentationError naming the entry)."""
    reader = _Reader(known)
    tiles = tuple(
        reader.entry("headlines", i, item, reader.tile)
        for i, item in enumerate(_entries(data, "headlines"), start=1)
    )
    charts = tuple(
        reader.entry("charts", i, item, reader.chart)
        for i, item in enumerate(_entries(data, "charts"), start=1)
    )
    for what, keys in (
        ("headlines", [(t.kind, t.key) for t in tiles]),
        ("charts", [(c.kind, c.key) for c in charts]),
    ):
        twice = sorted({f"{kind} {key}" for kind, key in keys if keys.count((kind, key)) > 1})
        if twice:
            raise PresentationError(f"{what}: key used twice: {', '.join(twice)}")
    unknown = sorted(set(data) - {"headlines", "charts"})
    if unknown:
        raise PresentationError(f"unknown tables: {', '.join(unknown)}")
    return Presentation(tiles, charts)


def _entries(data: Mapping[str, Any], name: str) -> list[Any]:
    entries = data.get(name, [])
    if not isinstance(entries, list):
        raise PresentationError(f"{name}: must be a list of tables ([[{name}]])")
    return entries


class _Reader:
    def __init__(self, known: Vocabulary):
        self.known = known
        self.kind = ""

    def entry(
        self, table: str, index: int, item: Any, read: Callable[[dict[str, Any]], Any]
    ) -> Any:
        if not isinstance(item, dict):
            raise PresentationError(f"{table}[{index}]: not a table")
        key = item.get("key")
        where = f"{table}[{index}] ({key})" if isinstance(key, str) else f"{table}[{index}]"
        try:
            return read(item)
        except PresentationError as exc:
            raise PresentationError(f"{where}: {exc}") from exc

    # -- entries -----------------------------------------------------------------------

    def tile(self, item: dict[str, Any]) -> TileDef:
        self._start(
            item, ("key", "kind", "section", "title", "value", "detail", "rules", "on_lines")
        )
        rules = self._list(item, "rules")
        if not rules:
            raise PresentationError("rules: name the checks about this figure")
        for rule in rules:
            kinds = self.known.rule_kinds.get(rule)
            if kinds is None:
                raise PresentationError(f"rules: unknown rule {rule!r}")
            if self.kind not in kinds:
                raise PresentationError(f"rules: {rule} does not run for a {self.kind} plan")
        on_lines = self._list(item, "on_lines", required=False)
        for code in on_lines:
            self._code(code, "on_lines")
        return TileDef(
            key=self._text(item, "key"),
            kind=self.kind,
            section=self._text(item, "section"),
            title=self.template(self._text(item, "title"), "title"),
            value=self.template(self._text(item, "value"), "value"),
            detail=self.template(self._text(item, "detail"), "detail"),
            rules=tuple(rules),
            on_lines=tuple(on_lines),
        )

    def chart(self, item: dict[str, Any]) -> ChartDef:
        self._start(
            item,
            ("key", "kind", "title", "unit", "periods", "stacked", "series", "references"),
        )
        unit = self._choice(item, "unit", CHART_UNITS)
        periods = self._choice(item, "periods", CHART_PERIODS, default="months")
        stacked = item.get("stacked", False)
        if not isinstance(stacked, bool):
            raise PresentationError("stacked: must be true or false")
        series_data = item.get("series")
        if not isinstance(series_data, list) or not series_data:
            raise PresentationError("series: list at least one series")
        series = tuple(self.series(s, i) for i, s in enumerate(series_data, start=1))
        references = tuple(
            self.reference(r, i) for i, r in enumerate(item.get("references", []), start=1)
        )
        return ChartDef(
            key=self._text(item, "key"),
            kind=self.kind,
            title=self.template(self._text(item, "title"), "title"),
            unit=unit,
            periods=periods,
            series=series,
            references=references,
            stacked=stacked,
        )

    def series(self, item: Any, index: int) -> SeriesDef:
        where = f"series[{index}]"
        values = self._part(item, where, "values", SERIES, ("name", "values", "style", "colour"))
        return SeriesDef(
            name=self.template(self._text(item, "name", where), f"{where} name"),
            values=values,
            style=self._choice(item, "style", SERIES_STYLES, where=where),
            colour=self._colour(item, where),
        )

    def reference(self, item: Any, index: int) -> ReferenceDef:
        where = f"references[{index}]"
        value = self._part(item, where, "value", NUMERIC, ("name", "value", "colour"))
        return ReferenceDef(
            name=self.template(self._text(item, "name", where), f"{where} name"),
            value=value,
            colour=self._colour(item, where),
        )

    def _part(
        self,
        item: Any,
        where: str,
        key: str,
        measures: tuple[str, ...],
        allowed: tuple[str, ...],
    ) -> Figure:
        """A chart's series or reference: a table whose ``key`` is one of ``measures``."""
        if not isinstance(item, dict):
            raise PresentationError(f"{where}: not a table")
        self._only(item, allowed, where)
        figure = self.figure(self._text(item, key, where), f"{where} {key}")
        if figure.measure not in measures:
            raise PresentationError(
                f"{where} {key}: {figure.measure!r} is not one of {', '.join(measures)}"
            )
        return figure

    # -- texts and figures -------------------------------------------------------------

    def template(self, text: str, where: str) -> Text:
        """A text with ``{measure args}`` figures in it."""
        parts: list[str | Figure] = []
        position = 0
        for match in _FIGURE.finditer(text):
            if match.start() > position:
                parts.append(text[position : match.start()])
            parts.append(self.figure(match.group(1), where))
            position = match.end()
        rest = text[position:]
        if "{" in rest or "}" in rest:
            raise PresentationError(f"{where}: unbalanced braces in {text!r}")
        if rest:
            parts.append(rest)
        return tuple(parts)

    def figure(self, source: str, where: str) -> Figure:
        words = source.split()
        if not words:
            raise PresentationError(f"{where}: an empty figure {{}}")
        measure, raw = words[0], words[1:]
        kinds = MEASURES.get(measure)
        if kinds is None:
            raise PresentationError(f"{where}: unknown measure {measure!r} in {{{source}}}")
        if len(raw) != len(kinds):
            raise PresentationError(
                f"{where}: {measure} takes {len(kinds)} argument(s), not {len(raw)}, "
                f"in {{{source}}}"
            )
        args: list[LineRef | str] = []
        for kind, word in zip(kinds, raw, strict=True):
            if kind in (LINE, LINES):
                args.append(self._line_ref(word, kind == LINES, where))
            elif kind == THRESHOLD:
                if word not in self.known.thresholds:
                    raise PresentationError(f"{where}: unknown threshold {word!r}")
                args.append(word)
            else:
                if word not in ROLES:
                    raise PresentationError(
                        f"{where}: unknown period role {word!r} (one of {', '.join(ROLES)})"
                    )
                args.append(word)
        return Figure(measure, tuple(args), source)

    def _line_ref(self, word: str, many: bool, where: str) -> LineRef:
        codes_text, _, role = word.partition("@")
        role = role or "year"
        if role not in ROLES:
            raise PresentationError(f"{where}: unknown period role {role!r} in {word!r}")
        codes = tuple(codes_text.split("+"))
        if len(codes) > 1 and not many:
            raise PresentationError(f"{where}: one line expected, not a sum, in {word!r}")
        for code in codes:
            self._code(code, where)
        return LineRef(codes, role)

    # -- fields ------------------------------------------------------------------------

    def _start(self, item: dict[str, Any], allowed: tuple[str, ...]) -> None:
        self._only(item, allowed, "")
        kind = self._text(item, "kind")
        if kind not in self.known.lines:
            raise PresentationError(f"kind: {kind!r} is not one of {', '.join(self.known.lines)}")
        self.kind = kind

    def _only(self, item: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        unknown = sorted(set(item) - set(allowed))
        if unknown:
            prefix = f"{where} " if where else ""
            raise PresentationError(f"{prefix}unknown field(s) {', '.join(unknown)}")

    def _code(self, code: str, where: str) -> None:
        if code not in self.known.lines[self.kind]:
            raise PresentationError(f"{where}: unknown line {code!r} for a {self.kind} plan")

    @staticmethod
    def _text(item: dict[str, Any], key: str, where: str = "") -> str:
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            prefix = f"{where} " if where else ""
            raise PresentationError(f"{prefix}{key}: missing or not text")
        return value

    @staticmethod
    def _list(item: dict[str, Any], key: str, *, required: bool = True) -> list[str]:
        value = item.get(key, None if required else [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PresentationError(f"{key}: must be a list of strings")
        return value

    @staticmethod
    def _choice(
        item: dict[str, Any],
        key: str,
        allowed: tuple[str, ...],
        *,
        default: str | None = None,
        where: str = "",
    ) -> str:
        value = item.get(key, default)
        if value not in allowed:
            prefix = f"{where} " if where else ""
            raise PresentationError(f"{prefix}{key}: {value!r} is not one of {', '.join(allowed)}")
        return str(value)

    @staticmethod
    def _colour(item: dict[str, Any], where: str) -> str:
        colour = item.get("colour", "blue")
        if isinstance(colour, str) and colour in PALETTE:
            return PALETTE[colour]
        if isinstance(colour, str) and _HEX.fullmatch(colour):
            return colour.upper()
        raise PresentationError(
            f"{where} colour: {colour!r} is not one of {', '.join(PALETTE)} or #RRGGBB"
        )
