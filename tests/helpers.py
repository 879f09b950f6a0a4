"""Plans for tests: complete value sets made from the catalogue, and plan files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop.core.catalogue import Catalogue, load_round
from desktop.core.document import PlanDocument
from desktop.core.plan import Cell, Plan
from desktop.core.units import Value

IDENTITY = {
    "provider": dict(org_code="RZZ", org_name="Test Hospitals NHS Trust", org_kind="provider"),
    "commissioner": dict(org_code="00Z", org_name="NHS Test CCG", org_kind="commissioner"),
}


def catalogue(kind: str = "provider", round_id: str = "2019-20") -> Catalogue:
    return load_round(round_id).catalogue(kind)


def filler_value(line_unit: str, index: int) -> Value:
    """A plausible value for any unit; index varies it."""
    if line_unit == "yn":
        return "Y"
    if line_unit == "pct":
        return Decimal(50 + index % 40) / 1  # 50..89
    if line_unit == "wte":
        return Decimal(100 + index % 50) + Decimal("0.25")
    if line_unit == "count":
        return Decimal(1000 + (index * 37) % 500)
    return Decimal(2000 + (index * 13) % 700) + Decimal("0.5")


def complete_values(cat: Catalogue) -> dict[Cell, Value]:
    return {
        cell: filler_value(cat.lines[cell[0]].unit, i) for i, cell in enumerate(cat.input_cells())
    }


def complete_plan(kind: str = "provider", round_id: str = "2019-20") -> Plan:
    cat = catalogue(kind, round_id)
    return Plan(cat, complete_values(cat))


def new_document(
    path: Path, kind: str = "provider", round_id: str = "2019-20", region: str = "north"
) -> PlanDocument:
    return PlanDocument.create(path, round_id=round_id, region=region, **IDENTITY[kind])


def write_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["line,period,value"] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ROOT = Path(__file__).resolve().parents[1]


def subprocess_env() -> dict[str, str]:
    """The environment for a child process: this checkout importable, Qt offscreen."""
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env
