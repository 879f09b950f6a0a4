"""The round's national figures a template's checks use, in words, from the rules'
declarations (what an exported Parameters sheet lists).

A rule belongs to a template when it runs for the plan's kind and round and reads a
line of the template (a line rule: applies to one). The figures listed are exactly
those the template's rules declare, in the round's order, each with the words and
unit the round gives it: "Money tolerance: £1k (F01, F09, F10)".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..catalogue import Catalogue, Template
from ..catalogue.model import NationalFigure, Round
from . import load_rules
from .engine import Rule
from .text import in_unit

_YES_NO = {True: "yes", False: "no"}


@dataclass(frozen=True)
class FigureUsed:
    name: str  # as in the round data
    label: str  # in words
    value: str  # in words, with its unit: £1k, 95%, 3 points
    rules: tuple[str, ...]

    @property
    def sentence(self) -> str:
        return f"{self.label}: {self.value}"


def rules_of(catalogue: Catalogue, template: Template) -> list[Rule]:
    """The rules that check ``template`` in plans of ``catalogue``."""
    codes = {line.code for line in template.lines()}
    lines = list(template.lines())
    found = []
    for item in load_rules().values():
        if not item.applies_to(catalogue):
            continue
        if item.applies is not None:
            applies = item.applies
            if any(applies(line) for line in lines):
                found.append(item)
        elif codes.intersection(item.lines_read(catalogue.round)):
            found.append(item)
    return found


def national_figures(catalogue: Catalogue, template: Template) -> list[FigureUsed]:
    """The round figures the checks of ``template`` use, in words, in the round's order."""
    round_ = catalogue.round
    used: dict[str, list[str]] = {}
    for item in rules_of(catalogue, template):
        for name in item.thresholds:
            used.setdefault(name, []).append(item.id)
    figures = {**round_.figures, **round_.year_settings}
    return [
        FigureUsed(name, figure.label, in_words(round_, figure), tuple(sorted(used[name])))
        for name, figure in figures.items()
        if name in used
    ]


def in_words(round_: Round, figure: NationalFigure) -> str:
    """A figure's value as a reader reads it: £1k, 95%, 1.01, a line by its label, and a
    figure set per plan year year by year."""
    if figure.unit == "line":
        line = _line(round_, figure.value)
        return f"{line} ({figure.value})" if line else figure.value
    if figure.unit in ("severity", "yn"):
        parts = []
        for year in round_.years:
            value = year.attributes[figure.name]
            shown = _YES_NO[value] if isinstance(value, bool) else str(value)
            parts.append(f"{year.label}: {shown}")
        return "; ".join(parts)
    return in_unit(Decimal(figure.value), figure.unit)


def _line(round_: Round, code: str) -> str:
    for template in round_.templates.values():
        for line in template.lines():
            if line.code == code:
                return line.label
    return ""
