"""The plan's story at a glance: headline figures, each with a status from the checks.

One source for the dashboard, the board pack and their tests. What each tile shows
is round data (``presentation.toml``): its section, title, figures and the rules
whose findings colour it. Every figure is read from the calculator; a tile's status
comes from the standing findings of its own rules only (red when an error stands,
amber for a warning, green otherwise; grey when its figures are not all entered),
and the tile names the finding it shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalogue import Round
from ..catalogue.presentation import TileDef
from ..checks import Finding
from .figures import FigureReader

if TYPE_CHECKING:
    from ..snapshot import PlanSnapshot

STATUSES = ("green", "amber", "red", "grey")
_SEVERITY_STATUS = {"error": "red", "warning": "amber"}


@dataclass(frozen=True)
class Headline:
    key: str
    section: str  # Finance, Activity, Performance, Workforce
    title: str
    value: str  # the figure as shown
    detail: str  # what it is compared with
    status: str  # green | amber | red | grey
    rules: tuple[str, ...]  # the checks about this figure
    findings: tuple[Finding, ...] = ()  # the findings of its rules, worst first

    @property
    def finding(self) -> Finding | None:
        """The finding the status shows (the most severe of the tile's), if any."""
        return self.findings[0] if self.findings else None

    @property
    def finding_text(self) -> str:
        """The finding the tile names (its rule and message) and how many more there are."""
        return self.finding_summary()

    def finding_summary(self, limit: int | None = None) -> str:
        """``finding_text`` with the message cut to ``limit`` characters (an ellipsis)."""
        first = self.finding
        if first is None:
            return ""
        message = first.message
        if limit is not None and len(message) > limit:
            message = message[: limit - 1].rstrip() + "\u2026"
        more = len(self.findings) - 1
        return f"{first.rule}: {message}" + (f" (and {more} more)" if more else "")


def _in_year(round_: Round, period: str | None, year: str) -> bool:
    """Whether a finding on ``period`` concerns plan year ``year``."""
    if period is None or period == year:
        return True
    kind = round_.periods[period].kind if period in round_.periods else ""
    if kind == "month":
        return period in round_.year(year).months
    if kind == "baseline":
        return round_.is_first_year(year)
    return False  # another plan year


def tile_findings(
    round_: Round, tile: TileDef, findings: Iterable[Finding], year: str
) -> tuple[Finding, ...]:
    """The findings of the tile's rules in the year (on its lines, when it names
    them), errors first."""
    related = [
        f
        for f in findings
        if f.rule in tile.rules
        and _in_year(round_, f.period, year)
        and (not tile.on_lines or f.line in tile.on_lines)
    ]
    order = {"error": 0, "warning": 1}
    return tuple(sorted(related, key=lambda f: order.get(f.severity, 2)))


def _status(found: tuple[Finding, ...]) -> str:
    for finding in found:
        status = _SEVERITY_STATUS.get(finding.severity)
        if status:
            return status
    return "green"


def headlines(
    snapshot: PlanSnapshot, findings: list[Finding] | None = None, year: str | None = None
) -> list[Headline]:
    """The headline figures of ``snapshot`` for plan year ``year`` (the first by default),
    coloured by ``findings`` (by default the snapshot's own)."""
    plan = snapshot.plan
    round_ = plan.round
    if findings is None:
        findings = snapshot.findings()
    year = year or round_.first_year.code
    presentation = round_.presentation
    if presentation is None:
        return []
    reader = FigureReader(plan, year)
    out = []
    for tile in presentation.tiles_for(plan.catalogue.org_kind):
        title = reader.render(tile.title) or ""
        value, detail = reader.render(tile.value), reader.render(tile.detail)
        if value is None or detail is None:
            out.append(
                Headline(
                    tile.key,
                    tile.section,
                    title,
                    "not entered",
                    "the figures are not all entered",
                    "grey",
                    tile.rules,
                )
            )
            continue
        found = tile_findings(round_, tile, findings, year)
        out.append(
            Headline(
                tile.key, tile.section, title, value, detail, _status(found), tile.rules, found
            )
        )
    return out
