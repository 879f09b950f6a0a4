"""Plans for tests: complete value sets made from the catalogue, and plan files."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from desktop.core.catalogue import Catalogue, load_round
from desktop.core.plan import Cell, Plan
from desktop.core.session import PlanSession
from desktop.core.snapshot import PlanSnapshot
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


def in_memory(plan: Plan, kind: str = "provider") -> PlanSnapshot:
    """A plan made in memory as a snapshot (a test organisation's, never saved)."""
    from desktop.core.store import PlanInfo

    identity = IDENTITY[kind]
    info = PlanInfo(
        plan_id="00000000-0000-0000-0000-000000000000",
        org_code=identity["org_code"],
        org_name=identity["org_name"],
        org_kind=plan.catalogue.org_kind,
        round_id=plan.round.id,
        region="north",
        created_at="2019-01-01T00:00:00Z",
        created_by="tests",
        app_version="tests",
    )
    return PlanSnapshot(info=info, plan=plan)


def new_document(
    path: Path, kind: str = "provider", round_id: str = "2019-20", region: str = "north"
) -> PlanSession:
    return PlanSession.create(path, round_id=round_id, region=region, **IDENTITY[kind])


def write_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["line,period,value"] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ROOT = Path(__file__).resolve().parents[1]


def subprocess_env() -> dict[str, str]:
    """The environment for a child process: this checkout importable, Qt offscreen."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


SAMPLES = ROOT / "resources" / "samples"
SAMPLE_FILES = {"provider": "sample-trust-2019-20.csv", "commissioner": "sample-ccg-2019-20.csv"}


def sample_values(kind: str = "provider") -> dict[Cell, Value]:
    """The 2019/20 sample plan's entered values, parsed as the loader does."""
    import csv

    from desktop.core.units import parse_value

    cat = catalogue(kind, "2019-20")
    values: dict[Cell, Value] = {}
    with (SAMPLES / SAMPLE_FILES[kind]).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            line = cat.lines[row["line"]]
            values[(row["line"], row["period"])] = parse_value(
                row["value"], line.unit, signed=line.signed
            )
    return values


def sample_plan(kind: str = "provider") -> Plan:
    """The complete 2019/20 sample plan (trust or CCG), in memory."""
    return Plan(catalogue(kind, "2019-20"), sample_values(kind))


def plan_2017_19(kind: str = "provider") -> Plan:
    """A complete 2017-19 plan made from the 2019/20 sample: year 2 repeats year 1.

    Lines only in 2019/20 are dropped; lines only in 2017-19 get a plausible value.
    """
    source = sample_values(kind)
    cat = catalogue(kind, "2017-19")
    values: dict[Cell, Value] = {}
    for code, period in cat.input_cells():
        value: Value | None = None
        if period.startswith("M"):
            month = int(period[1:])
            value = source.get((code, f"M{(month - 1) % 12 + 1:02d}"))
        elif period == "Y2":
            value = source.get((code, "Y1"))
        else:
            value = source.get((code, period))
        if value is None:
            line = cat.lines[code]
            value = Decimal("0") if line.unit != "yn" else "Y"
        values[(code, period)] = value
    return Plan(cat, values)


@dataclass(frozen=True)
class Result:
    """What a command did: its exit code and what it printed."""

    code: int
    out: str
    err: str


def run_cli(*argv: object) -> Result:
    """Run ``opplan COMMAND ...`` in this process, as ``main.py`` runs it after start-up.

    ``desktop.cli.run`` with stdout and stderr captured; argparse's exits (``--help``,
    a bad option) become the exit code. The command must leave the process as it found
    it: the same logging handlers, environment and current directory (a later command
    in the same process, or the next test, would otherwise see what it left behind).
    """
    from desktop import cli

    handlers = list(logging.getLogger().handlers)
    environ = dict(os.environ)
    cwd = Path.cwd()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.run([str(arg) for arg in argv])
        except SystemExit as exc:  # argparse: --help, --version, a bad option
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:  # as the interpreter does with sys.exit("message")
                print(exc.code, file=sys.stderr)
                code = 1
    assert logging.getLogger().handlers == handlers, "the command changed the logging handlers"
    assert dict(os.environ) == environ, "the command changed the environment"
    assert Path.cwd() == cwd, "the command changed the current directory"
    return Result(code, out.getvalue(), err.getvalue())
