"""submit, versions, compare and approve from the command line."""

import csv
import io
from decimal import Decimal
from pathlib import Path

from tests.helpers import run_cli, sample_values, write_csv


def test_versions_compare_and_approve(trust: Path, tmp_path: Path) -> None:
    assert run_cli("versions", trust).out.startswith("No version submitted yet.")
    first = run_cli("submit", trust)
    assert first.code == 0 and first.out.startswith("Submitted Draft 1")
    again = run_cli("submit", trust)
    assert again.code == 2 and "already been submitted" in again.err
    assert run_cli("stage", trust, "draft").out.strip().endswith("Draft 2")
    edits = write_csv(
        tmp_path / "edits.csv",
        [
            ("FIN.INC.02", "M01", "30000"),
            ("E.M.7a", "M05", "8000"),
            ("WF.NUR.SUB", "M12", "1906.5"),
        ],
    )
    assert run_cli("load", trust, edits).code == 0
    assert run_cli("submit", trust).out.startswith("Submitted Draft 2")

    listing = run_cli("versions", trust).out.splitlines()
    assert listing[1].split()[:2] == ["1", "Draft"] and listing[2].split()[:2] == ["2", "Draft"]
    assert "identical to Draft 2 (not approved)" in listing[-1]

    human = run_cli("compare", trust, "Draft 1", "Draft 2")
    assert human.out.splitlines()[0] == "Draft 1 -> Draft 2: 3 changed cell(s)"
    rows = list(csv.reader(io.StringIO(run_cli("compare", trust, "1", "2", "--csv").out)))
    assert rows[0][-3:] == ["Draft 1", "Draft 2", "difference"]
    base = sample_values()
    assert [(r[2], r[4], r[7]) for r in rows[1:]] == [
        ("FIN.INC.02", "M01", str(Decimal("30000") - base[("FIN.INC.02", "M01")])),
        ("E.M.7a", "M05", str(Decimal("8000") - base[("E.M.7a", "M05")])),
        ("WF.NUR.SUB", "M12", str(Decimal("1906.5") - base[("WF.NUR.SUB", "M12")])),
    ]
    only_act = run_cli("compare", trust, "1", "2", "--template", "ACT")
    assert "1 changed cell(s)" in only_act.out

    approved = run_cli(
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
    assert approved.code == 0, approved.err
    assert "Draft 2 approved by the trust board on 2019-03-28" in approved.out
    assert "which is approved" in run_cli("versions", trust).out
    edit = write_csv(tmp_path / "edit.csv", [("FIN.INC.02", "M02", "1")])
    run_cli("load", trust, edit)
    assert "not the approved plan" in run_cli("versions", trust).out


def test_approve_refuses_bad_details(trust: Path) -> None:
    run_cli("submit", trust)
    result = run_cli(
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
    assert result.code == 2 and "not a date" in result.err
    missing = run_cli(
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
    assert missing.code == 2 and "no version 'Final'" in missing.err


def test_boardpack_writes_the_pdf_beside_a_running_application(
    trust: Path, tmp_path: Path, qapp
) -> None:
    """In-process the board pack uses the QApplication already there (the test's)."""
    out = tmp_path / "pack.pdf"
    result = run_cli("boardpack", trust, "--out", out)
    assert result.code == 0, result.err
    assert result.out == "" and result.err == f"Wrote the board pack to {out}\n"
    assert out.read_bytes().startswith(b"%PDF-")
    missing = run_cli("boardpack", trust, "--out", tmp_path / "no" / "pack.pdf")
    assert missing.code == 2
    [line] = missing.err.splitlines()
    assert line.startswith("opplan boardpack: error: ") and "no such folder" in line


def test_a_submitted_version_is_exported_and_printed_as_it_was_submitted(
    trust: Path, tmp_path: Path
) -> None:
    """export and boardpack --version V: the version's figures, stage and findings, however
    the working copy changed since."""
    from openpyxl import load_workbook

    from tests.ui.test_boardpack import pdf_text

    assert run_cli("submit", trust).code == 0
    assert run_cli("stage", trust, "draft").code == 0
    edits = write_csv(tmp_path / "edits.csv", [("FIN.PAY.03", "M01", "9999")])
    assert run_cli("load", trust, edits).code == 0

    out = tmp_path / "out"
    first = run_cli("export", trust, "--out", out, "--version", "Draft 1")
    assert first.code == 0, first.err
    assert first.out.splitlines()[0].endswith(", 2019/20, Draft 1")
    working = run_cli("export", trust, "--out", out)
    assert working.out.splitlines()[0].endswith(", 2019/20, Draft 2")

    def agency(stage: str) -> object:
        book = load_workbook(out / f"RZZ_2019-20_{stage}" / f"RZZ_2019-20_Finance_{stage}.xlsx")
        sheet = book["I&E"]
        header = next(r for r in sheet.iter_rows() if any(c.value == "Apr-19" for c in r))
        column = next(c.column for c in header if c.value == "Apr-19")
        row = next(r for r in sheet.iter_rows() if r[0].value == "FIN.PAY.03")
        return sheet.cell(row[0].row, column).value

    assert agency("Draft2") == 9999
    assert agency("Draft1") == float(sample_values()[("FIN.PAY.03", "M01")])
    manifest = (out / "RZZ_2019-20_Draft1" / "manifest.json").read_text(encoding="utf-8")
    assert '"label": "Draft 1"' in manifest

    pack = tmp_path / "draft1.pdf"
    printed = run_cli("boardpack", trust, "--out", pack, "--version", "1")
    assert printed.code == 0, printed.err
    text = " ".join(pdf_text(pack).split())
    assert "Draft 1, submitted" in text and "Working copy" not in text

    unknown = run_cli("export", trust, "--out", out, "--version", "Draft 7")
    assert unknown.code == 2
    assert "no version 'Draft 7'; versions: 1 (Draft 1)" in unknown.err
