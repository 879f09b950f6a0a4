"""Operations on the plan's figures: set cells (typed, pasted, filled, cleared, undone),
load a CSV, import a workbook. Each is one transaction and one undo step; a CSV or a
workbook is recorded as the cells it set, so replaying it needs no file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from ..cells import exact as exact_values
from ..cells import validated
from ..changes import PlanChanges
from ..plan import Cell
from ..snapshot import PlanSnapshot, stored_text_or_none
from ..units import Value
from .base import Applied, PlanWriter, encode


@dataclass(frozen=True)
class SetCells:
    """Set input cells (None or "" clears one) as one operation called ``name``.

    All or nothing: every value is checked against its line and one bad value refuses
    the whole operation (BadInput, naming each). With ``exact`` (undo, a recorded
    operation) the texts are put back exactly as they were stored, even one that no
    longer passes its unit (a file changed outside the app: the checks name it).
    """

    cells: Mapping[Cell, str | Value | None]
    name: str
    exact: bool = False
    kind: ClassVar[str] = "set_cells"

    def apply(self, before: PlanSnapshot, file: PlanWriter) -> Applied:
        catalogue = before.catalogue
        typed = (
            exact_values(catalogue, self.cells) if self.exact else validated(catalogue, self.cells)
        )
        texts = {cell: stored_text_or_none(value) for cell, value in typed.items()}
        current = {cell: stored_text_or_none(before.plan.stored(*cell)) for cell in texts}
        recorded = SetCells(texts, self.name, exact=True)
        done = file.write_cells(texts, self.name, current, record=encode(recorded))
        after, lines = before.with_values(
            {(c.line, c.period): typed[(c.line, c.period)] for c in done}
        )
        return after, PlanChanges(self.name, tuple(done), frozenset(lines), given=len(self.cells))

    def to_record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "exact": self.exact,
            "cells": [
                [line, period, value if isinstance(value, str) else stored_text_or_none(value)]
                for (line, period), value in self.cells.items()
            ],
        }

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> SetCells:
        cells = {(str(line), str(period)): text for line, period, text in data["cells"]}
        return cls(cells, str(data["name"]), exact=bool(data.get("exact")))


@dataclass(frozen=True)
class LoadCsv:
    """Load a CSV of line,period,value into the plan: all or nothing (every bad row
    listed), one operation named after the file."""

    path: Path
    kind: ClassVar[str] = "load_csv"

    @property
    def name(self) -> str:
        return f"Load CSV {Path(self.path).name}"

    def apply(self, before: PlanSnapshot, file: PlanWriter) -> Applied:
        from ..exchange.csvio import parse_csv

        values = parse_csv(before.catalogue, Path(self.path))
        return SetCells(values, self.name).apply(before, file)

    def to_record(self) -> dict[str, Any]:
        return {"path": str(self.path)}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> LoadCsv:
        return cls(Path(data["path"]))


@dataclass(frozen=True)
class ImportWorkbook:
    """Read figures from an exported (perhaps hand-edited) workbook into the plan, merged
    with what changed in the plan since the export (``exchange.xlsx_import``). The
    change's ``imported`` says what was read and kept, for the window and the command
    line alike."""

    path: Path
    kind: ClassVar[str] = "import_workbook"

    @property
    def name(self) -> str:
        from ..exchange.xlsx_import import import_name

        return import_name(Path(self.path))

    def apply(self, before: PlanSnapshot, file: PlanWriter) -> Applied:
        from ..exchange.xlsx_import import plan_import

        report = plan_import(before, Path(self.path))
        if not report.changes:
            return before, PlanChanges(self.name, imported=report)
        after, changes = SetCells(report.changes, self.name).apply(before, file)
        return after, replace(changes, imported=report)

    def to_record(self) -> dict[str, Any]:
        return {"path": str(self.path)}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> ImportWorkbook:
        return cls(Path(data["path"]))
