"""A new round is a folder of data: no code change.

The test builds a round folder in a temporary directory from 2019-20 with one line
renamed (the control-total measure, named by the round's thresholds and the
presentation), one headline added and one template added, points the catalogue at it
(``OPPLAN_ROUNDS_DIR``) and runs new, load, check, export, the review (the dashboard's
headlines and charts, the board pack's content) and the board pack on it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core.catalogue.loader import ROUNDS_DIR_VARIABLE
from desktop.core.paths import resources_dir
from desktop.core.review.headlines import headlines
from desktop.core.review.pack_content import pack_content
from desktop.core.review.series import charts
from desktop.core.session import PlanSession
from tests.golden.golden import cli

SOURCE = resources_dir() / "rounds" / "2019-20"
SAMPLE = resources_dir() / "samples" / "sample-trust-2019-20.csv"
OLD, NEW = "FIN.CT.EXSF", "FIN.CT.EXFUND"

ESTATES = """# A template added as data: the estates backlog.
id = "EST"
name = "Estates"
title = "Provider estates"
org_kind = "provider"

[[sheets]]
id = "BACKLOG"
name = "Backlog"
columns = ["BASE", "months"]

[[sheets.lines]]
code = "EST.BACKLOG"
label = "Backlog maintenance outstanding"
kind = "input"
unit = "gbp000"
measure = "stock"
"""

BACKLOG_TILE = """
[[headlines]]
kind = "provider"
key = "estates_backlog"
section = "Estates"
title = "Backlog maintenance at {label year_end}"
value = "{amount EST.BACKLOG@year_end}"
detail = "{label position_before}: {amount EST.BACKLOG@position_before} ({movement EST.BACKLOG})"
rules = ["G01"]
on_lines = ["EST.BACKLOG"]
"""


def _replace(path: Path, old: str, new: str, count: int = -1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def make_round(rounds: Path) -> Path:
    folder = rounds / "2020-21"
    shutil.copytree(SOURCE, folder)
    round_file = folder / "round.toml"
    _replace(round_file, 'id = "2019-20"', 'id = "2020-21"')
    _replace(round_file, 'name = "2019/20"', 'name = "2020/21 (trial)"')
    _replace(round_file, '"FIN", "ACT", "WF",', '"FIN", "ACT", "WF", "EST",')
    for name in ("FIN.toml", "round.toml", "presentation.toml"):  # the renamed line
        _replace(folder / name, OLD, NEW)
    (folder / "EST.toml").write_text(ESTATES, encoding="utf-8")
    with (folder / "presentation.toml").open("a", encoding="utf-8") as handle:
        handle.write(BACKLOG_TILE)
    return folder


@pytest.fixture
def rounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "rounds"
    make_round(folder)
    monkeypatch.setenv(ROUNDS_DIR_VARIABLE, str(folder))
    yield folder


def _load(plan: Path, rows: list[tuple[str, str, str]], path: Path) -> None:
    path.write_text(
        "line,period,value\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows), encoding="utf-8"
    )
    code, _, err = cli("load", str(plan), str(path))
    assert code == 0, err


def test_a_round_folder_of_data_runs_end_to_end(rounds: Path, tmp_path: Path) -> None:
    plan = tmp_path / "trial.opplan"
    code, out, err = cli(
        "new", str(plan), "--org", "RZZ", "--name", "Trial Trust", "--kind", "provider",
        "--round", "2020-21", "--region", "north",
    )  # fmt: skip
    assert code == 0, err
    assert "2020/21 (trial)" in out

    code, out, err = cli("load", str(plan), str(SAMPLE))
    assert code == 0, err
    months = [f"M{i:02d}" for i in range(1, 13)]
    backlog = [("EST.BACKLOG", "BASE", "5200")]
    backlog += [("EST.BACKLOG", m, str(5200 - 100 * i)) for i, m in enumerate(months, start=1)]
    _load(plan, [*backlog, ("FIN.PAR.CT", "Y1", "5000")], tmp_path / "more.csv")

    # check: F01 reads the renamed measure through the round's data
    code, out, err = cli("check", str(plan), "--json")
    assert code == 1, err  # F01 stands: the plan is far short of a £5,000k surplus
    findings = json.loads(out)
    f01 = [f for f in findings if f["rule"] == "F01"]
    assert [f["line"] for f in f01] == [NEW]
    assert not [f for f in findings if f["template"] == "EST"]  # the backlog is complete

    # export: one workbook per template, the added one included; the renamed line in words
    out_dir = tmp_path / "out"
    code, out, err = cli("export", str(plan), "--out", str(out_dir))
    assert code == 0, err
    bundle = out_dir / "RZZ_2020-21_Draft1"
    names = sorted(p.name for p in bundle.glob("*.xlsx"))
    assert "RZZ_2020-21_Estates_Draft1.xlsx" in names and len(names) == 4
    estates = load_workbook(bundle / "RZZ_2020-21_Estates_Draft1.xlsx")
    assert estates["Backlog"]["A7"].value == "EST.BACKLOG"
    finance = load_workbook(bundle / "RZZ_2020-21_Finance_Draft1.xlsx")["Parameters"]
    values = [c for row in finance.iter_rows(values_only=True) for c in row if c]
    assert any(isinstance(v, str) and v.endswith(f"({NEW})") for v in values)

    # review: the dashboard's headlines and charts, and the board pack's content
    with PlanSession.open(plan, read_only=True) as doc:
        tiles = {h.key: h for h in headlines(doc.snapshot(), doc.findings())}
        backlog_tile = tiles["estates_backlog"]
        assert backlog_tile.title == "Backlog maintenance at Mar-20"
        assert (backlog_tile.value, backlog_tile.status) == ("£4,000k", "green")
        assert backlog_tile.detail == "Mar-19: £5,200k (down £1,200k)"
        control_total = tiles["control_total"]
        assert control_total.status == "red" and control_total.finding is not None
        assert control_total.value != "not entered"
        surplus = next(c for c in charts(doc.snapshot()) if c.key == "surplus")
        assert surplus.series[0].values == [doc.plan.number(NEW, m) for m in months]
        content = pack_content(doc.snapshot())
        assert {f["rule"] for f in content.findings} >= {"F01"}

    # board pack
    pdf = tmp_path / "pack.pdf"
    code, out, err = cli("boardpack", str(plan), "--out", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Backlog maintenance at Mar-20" in text and "Estates" in text
