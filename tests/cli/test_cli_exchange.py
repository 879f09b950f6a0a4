"""export and import from the command line."""

import json
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.test_cli import new_plan
from tests.helpers import run_cli


def test_export_writes_the_bundle_and_says_what_it_wrote(trust: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("export", trust, "--out", out, "--zip")
    assert result.code == 0, result.err
    folder = out / "RZZ_2019-20_Draft1"
    lines = result.out.splitlines()
    assert lines[0] == (
        f"Wrote {folder}: RZZ Northshire Hospitals NHS Foundation Trust, 2019/20, Draft 1"
    )
    for name in (
        "RZZ_2019-20_Finance_Draft1.xlsx",
        "RZZ_2019-20_Activity_Draft1.xlsx",
        "RZZ_2019-20_Workforce_Draft1.xlsx",
        "manifest.json",
        "submission.eml",
    ):
        assert (folder / name).is_file()
        assert any(line.strip().startswith(name) for line in lines), name
    assert (
        "email draft to NHSI.planningnorth@nhs.net, copied to england.planning-north@nhs.net"
        in (result.out)
    )
    assert f"Wrote {out / 'RZZ_2019-20_Draft1.zip'}" in lines
    assert lines[-1] == "Findings: 0 error(s), 4 warning(s), 0 info"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 4


def test_import_into_a_new_plan_then_dump_matches(trust: Path, tmp_path: Path) -> None:
    assert run_cli("export", trust, "--out", tmp_path / "out").code == 0
    fresh = tmp_path / "fresh.opplan"
    new_plan(fresh)  # RZZ, 2019-20
    folder = tmp_path / "out" / "RZZ_2019-20_Draft1"
    finance = folder / "RZZ_2019-20_Finance_Draft1.xlsx"
    result = run_cli("import", fresh, finance)
    assert result.code == 0, result.err
    assert result.out.startswith("Imported ") and f"values from {finance} into {fresh}" in (
        result.out
    )
    for name in ("Activity", "Workforce"):
        assert run_cli("import", fresh, folder / f"RZZ_2019-20_{name}_Draft1.xlsx").code == 0
    assert run_cli("dump", fresh).out == run_cli("dump", trust).out
    again = run_cli("import", fresh, finance)
    assert again.code == 0 and "nothing imported" in again.out


def exported_finance(trust: Path, out: Path) -> Path:
    assert run_cli("export", trust, "--out", out).code == 0
    return out / "RZZ_2019-20_Draft1" / "RZZ_2019-20_Finance_Draft1.xlsx"


def typed_into(source: Path, dest: Path, **cells: object) -> Path:
    wb = load_workbook(source)
    for ref, value in cells.items():
        wb["I&E"][ref] = value
    wb.save(dest)
    return dest


def test_import_merges_workbook_edits_keeping_plan_edits_since_the_export(
    trust: Path, tmp_path: Path
) -> None:
    workbook = exported_finance(trust, tmp_path / "out")
    edits = tmp_path / "edits.csv"
    edits.write_text("line,period,value\nFIN.INC.01,M01,5000\n", encoding="utf-8")
    assert run_cli("load", trust, edits).code == 0  # edited in the plan after the export
    changed = typed_into(workbook, tmp_path / "changed.xlsx", E8=25000.5)  # FIN.INC.02 M01
    result = run_cli("import", trust, changed)
    assert result.code == 0, result.err
    assert result.out.startswith("Imported 1 value") and len(result.out.splitlines()) == 1
    dump = run_cli("dump", trust).out.splitlines()
    assert "FIN.INC.01,M01,5000" in dump  # kept, not reverted to the exported 4920.2
    assert "FIN.INC.02,M01,25000.5" in dump


def test_a_cell_changed_in_both_plan_and_workbook_exits_2_listing_it(
    trust: Path, tmp_path: Path
) -> None:
    workbook = exported_finance(trust, tmp_path / "out")
    edits = tmp_path / "edits.csv"
    edits.write_text("line,period,value\nFIN.INC.01,M01,5000\n", encoding="utf-8")
    assert run_cli("load", trust, edits).code == 0
    both = typed_into(workbook, tmp_path / "both.xlsx", E7=5100, E8=25000.5)
    before = run_cli("dump", trust).out
    result = run_cli("import", trust, both)
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0].startswith(
        "opplan import: error: both.xlsx: 1 cell(s) were changed both in the plan and in the "
        "workbook since it was exported ("
    )
    assert lines[1:] == [
        "  I&E!E7: FIN.INC.01, M01 (Apr-19): exported 4920.2, workbook 5100, plan now 5000"
    ]
    assert run_cli("dump", trust).out == before


def test_a_bad_workbook_exits_2_listing_each_cell(trust: Path, tmp_path: Path) -> None:
    assert run_cli("export", trust, "--out", tmp_path / "out").code == 0
    source = tmp_path / "out" / "RZZ_2019-20_Draft1" / "RZZ_2019-20_Finance_Draft1.xlsx"
    wb = load_workbook(source)
    wb["I&E"]["E7"] = "lots"
    wb["I&E"]["F7"] = "=2*3"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    before = run_cli("dump", trust).out
    result = run_cli("import", trust, bad)
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0] == "opplan import: error: bad.xlsx: 2 cell(s) refused; nothing was imported"
    assert lines[1] == (
        "  I&E!E7: FIN.INC.01, M01 (Apr-19), 'lots': is text in a number cell: type a number"
    )
    assert lines[2].startswith("  I&E!F7: FIN.INC.01, M02 (May-19), (a formula): holds a formula")
    assert run_cli("dump", trust).out == before


def test_a_workbook_of_another_organisation_exits_2(trust: Path, tmp_path: Path) -> None:
    assert run_cli("export", trust, "--out", tmp_path / "out").code == 0
    other = tmp_path / "other.opplan"
    result = run_cli(
        "new", other, "--org", "RAA", "--name", "Another Trust", "--kind", "provider",
        "--round", "2019-20", "--region", "south",
    )  # fmt: skip
    assert result.code == 0
    workbook = tmp_path / "out" / "RZZ_2019-20_Draft1" / "RZZ_2019-20_Finance_Draft1.xlsx"
    refused = run_cli("import", other, workbook)
    assert refused.code == 2
    assert refused.err.strip() == (
        "opplan import: error: RZZ_2019-20_Finance_Draft1.xlsx is for organisation RZZ, "
        "this plan is RAA"
    )


def test_exporting_a_final_with_errors_exits_2_listing_them(trust: Path, tmp_path: Path) -> None:
    assert run_cli("stage", trust, "final").code == 0
    result = run_cli("export", trust, "--out", tmp_path / "out")
    assert result.code == 2
    lines = result.err.splitlines()
    assert "a Final plan cannot be exported while" in lines[0]
    assert any("G05" in line for line in lines[1:])
    assert not (tmp_path / "out" / "RZZ_2019-20_Final").exists()


def test_help_lists_export_and_import() -> None:
    result = run_cli("--help")
    assert "export" in result.out and "import" in result.out
    assert "--zip" in run_cli("export", "--help").out
