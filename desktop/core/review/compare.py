"""Compare two versions (or a version and the working copy): every changed cell, with old
value, new value and difference, and the findings that appeared or cleared."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..snapshot import PlanSnapshot


@dataclass(frozen=True)
class CellDiff:
    template: str
    sheet: str
    line: str
    label: str
    period: str
    period_label: str
    old: str | None
    new: str | None

    @property
    def difference(self) -> Decimal | None:
        """new - old when both are numbers (a blank counts as not entered: no difference)."""
        try:
            if self.old is None or self.new is None:
                return None
            return Decimal(self.new) - Decimal(self.old)
        except InvalidOperation:
            return None


@dataclass(frozen=True)
class Comparison:
    left: str
    right: str
    cells: list[CellDiff]
    appeared: list[dict[str, Any]]
    cleared: list[dict[str, Any]]

    def for_template(self, template: str | None) -> list[CellDiff]:
        return [d for d in self.cells if template in (None, d.template)]

    def to_csv(self) -> str:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["template", "sheet", "line", "label", "period", self.left, self.right, "difference"]
        )
        for d in self.cells:
            diff = d.difference
            writer.writerow(
                [
                    d.template,
                    d.sheet,
                    d.line,
                    d.label,
                    d.period,
                    d.old or "",
                    d.new or "",
                    "" if diff is None else f"{diff}",
                ]
            )
        return out.getvalue()


def _finding_key(item: Mapping[str, Any]) -> tuple[str, str, str]:
    return (item["rule"], item.get("line") or "", item.get("period") or "")


def compare(left: PlanSnapshot, right: PlanSnapshot) -> Comparison:
    """Every cell whose value differs between ``left`` and ``right`` (two versions of one
    plan, or a version and the working copy), in catalogue order, and the findings about
    the figures that appeared or cleared."""
    catalogue = right.catalogue
    old, new = left.stored_texts(), right.stored_texts()
    changed = [cell for cell in set(old) | set(new) if old.get(cell) != new.get(cell)]
    changed.sort(key=catalogue.sort_key)
    rnd = catalogue.round
    diffs = []
    for line_code, period in changed:
        line = catalogue.lines.get(line_code)
        diffs.append(
            CellDiff(
                template=line.template if line else "",
                sheet=line.sheet if line else "",
                line=line_code,
                label=line.label if line else line_code,
                period=period,
                period_label=rnd.label(period) if period in rnd.periods else period,
                old=old.get((line_code, period)),
                new=new.get((line_code, period)),
            )
        )
    left_keys = {_finding_key(f): f for f in left.findings_record()}
    right_keys = {_finding_key(f): f for f in right.findings_record()}
    appeared = [f for key, f in right_keys.items() if key not in left_keys]
    cleared = [f for key, f in left_keys.items() if key not in right_keys]
    return Comparison(left.label, right.label, diffs, appeared, cleared)
