"""submit, versions, compare and approve from the command line."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.samples import build_sample, sample
from tests.e2e.test_cli import opplan
from tests.helpers import sample_values, write_csv


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def test_versions_compare_and_approve(trust: Path, tmp_path: Path) -> None:
    assert opplan("versions", trust).stdout.startswith("No version submitted yet.")
    first = opplan("submit", trust)
    assert first.returncode == 0 and first.stdout.startswith("Submitted Draft 1")
    again = opplan("submit", trust)
    assert again.returncode == 2 and "already been submitted" in again.stderr
    assert opplan("stage", trust, "draft").stdout.strip().endswith("Draft 2")
    edits = write_csv(
        tmp_path / "edits.csv",
        [
            ("FIN.INC.02", "M01", "30000"),
            ("E.M.7a", "M05", "8000"),
            ("WF.NUR.SUB", "M12", "1906.5"),
        ],
    )
    assert opplan("load", trust, edits).returncode == 0
    assert opplan("submit", trust).stdout.startswith("Submitted Draft 2")

    listing = opplan("versions", trust).stdout.splitlines()
    assert listing[1].split()[:2] == ["1", "Draft"] and listing[2].split()[:2] == ["2", "Draft"]
    assert "identical to Draft 2 (not approved)" in listing[-1]

    human = opplan("compare", trust, "Draft 1", "Draft 2")
    assert human.stdout.splitlines()[0] == "Draft 1 -> Draft 2: 3 changed cell(s)"
    rows = list(csv.reader(io.StringIO(opplan("compare", trust, "1", "2", "--csv").stdout)))
    assert rows[0][-3:] == ["Draft 1", "Draft 2", "difference"]
    base = sample_values()
    assert [(r[2], r[4], r[7]) for r in rows[1:]] == [
        ("FIN.INC.02", "M01", str(Decimal("30000") - base[("FIN.INC.02", "M01")])),
        ("E.M.7a", "M05", str(Decimal("8000") - base[("E.M.7a", "M05")])),
        ("WF.NUR.SUB", "M12", str(Decimal("1906.5") - base[("WF.NUR.SUB", "M12")])),
    ]
    only_act = opplan("compare", trust, "1", "2", "--template", "ACT")
    assert "1 changed cell(s)" in only_act.stdout

    approved = opplan(
        "approve",
        trust,
        "--version",
        "Draft 2",
        "--body",
        "trust board",
        "--date",
        "2019-03-28",
        "--by",
        "Jane Smith",
        "--role",
        "Chair",
        "--minute",
        "TB/19/042",
    )
    assert approved.returncode == 0, approved.stderr
    assert "Draft 2 approved by the trust board on 2019-03-28" in approved.stdout
    assert "which is approved" in opplan("versions", trust).stdout
    edit = write_csv(tmp_path / "edit.csv", [("FIN.INC.02", "M02", "1")])
    opplan("load", trust, edit)
    assert "not the approved plan" in opplan("versions", trust).stdout


def test_approve_refuses_bad_details(trust: Path) -> None:
    opplan("submit", trust)
    result = opplan(
        "approve",
        trust,
        "--version",
        "Draft 1",
        "--body",
        "trust board",
        "--date",
        "tomorrow",
        "--by",
        "J",
        "--role",
        "Chair",
        "--minute",
        "M1",
    )
    assert result.returncode == 2 and "not a date" in result.stderr
    missing = opplan(
        "approve",
        trust,
        "--version",
        "Final",
        "--body",
        "b",
        "--date",
        "2019-03-28",
        "--by",
        "J",
        "--role",
        "Chair",
        "--minute",
        "M1",
    )
    assert missing.returncode == 2 and "no version 'Final'" in missing.stderr
