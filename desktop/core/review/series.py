"""The data behind the review charts (the dashboard and the board pack paint these).

Which charts a plan has, their series and reference lines, are round data
(``presentation.toml``); the values come from the calculator through the same
figures as the headline tiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..catalogue.presentation import PALETTE, ChartDef
from .figures import FigureReader

if TYPE_CHECKING:
    from ..snapshot import PlanSnapshot


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Decimal | None]
    kind: str = "bar"  # bar | line
    colour: str = PALETTE["blue"]


@dataclass(frozen=True)
class Reference:
    """A horizontal line: a standard or an average."""

    name: str
    value: Decimal
    colour: str = PALETTE["red"]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    unit: str  # gbp000 | count | wte | pct
    categories: list[str]
    series: list[Series]
    references: list[Reference] = field(default_factory=list)
    stacked: bool = False


def _periods(reader: FigureReader, chart: ChartDef) -> list[str]:
    months = list(reader.months)
    if chart.periods == "opening_and_months":
        return [reader.period("position_before"), *months]
    return months


def _chart(reader: FigureReader, chart: ChartDef) -> Chart:
    periods = _periods(reader, chart)
    series = [
        Series(
            reader.render(item.name) or "",
            reader.series(item.values, periods),
            item.style,
            item.colour,
        )
        for item in chart.series
    ]
    references = []
    for item in chart.references:
        value = reader.number(item.value)
        name = reader.render(item.name)
        if value is not None and name is not None:
            references.append(Reference(name, value, item.colour))
    return Chart(
        chart.key,
        reader.render(chart.title) or "",
        chart.unit,
        [reader.round.label(p) for p in periods],
        series,
        references,
        chart.stacked,
    )


def charts(snapshot: PlanSnapshot, year: str | None = None) -> list[Chart]:
    """The review charts of ``snapshot`` for plan year ``year`` (the first by default), in
    the order they are shown."""
    plan = snapshot.plan
    year = year or plan.round.first_year.code
    presentation = plan.round.presentation
    if presentation is None:
        return []
    reader = FigureReader(plan, year)
    return [_chart(reader, c) for c in presentation.charts_for(plan.catalogue.org_kind)]
