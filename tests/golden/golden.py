"""Golden outputs: what the samples produce today, to prove a refactor changes nothing.

``build(case, folder)`` makes a plan through the command line (in-process), and
``outputs(plan, folder)`` reads back what a user and a regional team see of it: the
findings (``check --json``), the dump, and every cell of every exported workbook
with its value, number format and fill, the manifest (less sizes and hashes) and
the email draft's headers and text. Volatile parts (times, the plan's id, the app
version) are masked.

Regenerate after an intended change, and say why in the commit:
``.venv/bin/python -m tests.golden.golden``.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SAMPLES = ROOT / "resources" / "samples"

IDENTITY = {
    "provider": ["--org", "RZZ", "--name", "Northshire Hospitals NHS Foundation Trust"],
    "commissioner": ["--org", "00Z", "--name", "NHS Northshire CCG"],
}

#: Edits that raise errors and more warnings on the sample trust plan.
TRUST_PERTURBED = [
    ("FIN.PAY.03", "M01", "2500"),  # agency over the ceiling
    ("FIN.BR.02", "Y1", "2734"),  # the bridge no longer reconciles
    ("FIN.INC.07", "M05", ""),  # a blank input
    ("E.M.11a", "M12", "100"),  # winter not reflected, growth out of band
    ("FIN.EFF.09", "M12", "2900"),  # back-loaded, unidentified savings
]
CCG_PERTURBED = [
    ("CFIN.EXP.01", "Y1", "299000"),
    ("CFIN.QIPP.05", "M12", "5000"),
    ("E.M.11a", "M03", ""),
]


def _cases() -> dict[str, dict[str, Any]]:
    return {
        "trust-2019-20": dict(
            kind="provider", round="2019-20", csv=[SAMPLES / "sample-trust-2019-20.csv"]
        ),
        "ccg-2019-20": dict(
            kind="commissioner", round="2019-20", csv=[SAMPLES / "sample-ccg-2019-20.csv"]
        ),
        "trust-2019-20-perturbed": dict(
            kind="provider",
            round="2019-20",
            csv=[SAMPLES / "sample-trust-2019-20.csv"],
            edits=TRUST_PERTURBED,
        ),
        "ccg-2019-20-perturbed": dict(
            kind="commissioner",
            round="2019-20",
            csv=[SAMPLES / "sample-ccg-2019-20.csv"],
            edits=CCG_PERTURBED,
        ),
        "trust-2017-19": dict(kind="provider", round="2017-19", csv=[], from_2019="provider"),
        "ccg-2017-19": dict(kind="commissioner", round="2017-19", csv=[], from_2019="commissioner"),
    }


CASES = tuple(_cases())


def cli(*argv: str) -> tuple[int, str, str]:
    """Run one command in-process; (exit code, stdout, stderr)."""
    from tests.helpers import run_cli

    result = run_cli(*argv)
    return result.code, result.out, result.err


def _must(*argv: str) -> str:
    code, out, err = cli(*argv)
    if code not in (0, 1):
        raise AssertionError(f"{argv[0]} exited {code}: {err}")
    return out


def _write_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text(
        "line,period,value\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows), encoding="utf-8"
    )
    return path


def build(case: str, folder: Path) -> Path:
    spec = _cases()[case]
    plan = folder / f"{case}.opplan"
    _must(
        "new",
        str(plan),
        *IDENTITY[spec["kind"]],
        "--kind",
        spec["kind"],
        "--round",
        spec["round"],
        "--region",
        "north",
    )
    for source in spec["csv"]:
        _must("load", str(plan), str(source))
    if "from_2019" in spec:
        sys.path.insert(0, str(ROOT))
        from desktop.core.units import stored_text
        from tests.helpers import plan_2017_19

        values = plan_2017_19(spec["from_2019"]).stored_cells()
        rows = [(code, period, stored_text(v)) for (code, period), v in values.items()]
        _must("load", str(plan), str(_write_csv(folder / f"{case}.csv", rows)))
    if spec.get("edits"):
        _must("load", str(plan), str(_write_csv(folder / f"{case}-edits.csv", spec["edits"])))
    return plan


_TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?(\.\d+)?([+-]\d\d:\d\d|Z)?")
_DATE_WORDS = re.compile(r"\b\d{1,2} [A-Z][a-z]+ \d{4}(,? (at )?\d{1,2}:\d\d)?\b")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def mask(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    from desktop import __version__

    value = _UUID.sub("<id>", _TIME.sub("<time>", value))
    value = _DATE_WORDS.sub("<date>", value)
    return value.replace(__version__, "<version>") if __version__ in value else value


def _fill(cell: Any) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type is None:
        return None
    return str(fill.fgColor.rgb)


def _workbook(path: Path) -> dict[str, Any]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheets: dict[str, Any] = {}
    for ws in book.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and _fill(cell) is None:
                    continue
                cells[cell.coordinate] = [mask(cell.value), cell.number_format, _fill(cell)]
        sheets[ws.title] = {"state": ws.sheet_state, "cells": cells}
    return sheets


def _email(path: Path) -> dict[str, Any]:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    return {
        "to": message["To"],
        "cc": message["Cc"],
        "subject": mask(message["Subject"]),
        "attachments": sorted(part.get_filename() for part in message.iter_attachments()),
        "body": mask(body.get_content() if body else ""),
    }


def _manifest(path: Path) -> Any:
    def strip(item: Any) -> Any:
        if isinstance(item, dict):
            return {k: strip(v) for k, v in item.items() if k not in ("size", "sha256", "bytes")}
        if isinstance(item, list):
            return [strip(v) for v in item]
        return mask(item)

    return strip(json.loads(path.read_text(encoding="utf-8")))


def outputs(plan: Path, folder: Path) -> dict[str, Any]:
    findings = json.loads(_must("check", str(plan), "--json"))
    dump = folder / "dump.csv"
    _must("dump", str(plan), "--out", str(dump))
    out = folder / "export"
    code, _, err = cli("export", str(plan), "--out", str(out))
    if code != 0:
        raise AssertionError(f"export exited {code}: {err}")
    (bundle,) = [p for p in out.iterdir() if p.is_dir()]
    exported: dict[str, Any] = {}
    for path in sorted(bundle.iterdir()):
        if path.suffix == ".xlsx":
            exported[path.name] = _workbook(path)
        elif path.suffix == ".eml":
            exported[path.name] = _email(path)
        elif path.suffix == ".json":
            exported[path.name] = _manifest(path)
    return {
        "findings": [{k: mask(v) for k, v in f.items()} for f in findings],
        "dump": dump.read_text(encoding="utf-8").splitlines(),
        "bundle": exported,
    }


def golden_path(case: str) -> Path:
    return HERE / f"{case}.json"


def regenerate() -> None:
    import tempfile

    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            data = outputs(build(case, Path(tmp)), Path(tmp))
        golden_path(case).write_text(
            json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(f"wrote {golden_path(case).relative_to(ROOT)}")


if __name__ == "__main__":
    import os
    import tempfile

    os.environ.setdefault("OPPLAN_DATA_DIR", tempfile.mkdtemp(prefix="opplan-golden-"))
    regenerate()
