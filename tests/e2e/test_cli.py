"""The command line, run as a user runs it: python main.py COMMAND ..."""

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.store.schema import SCHEMA_REVISION
from tests.helpers import ROOT, subprocess_env, write_csv

MAIN = str(ROOT / "main.py")


def opplan(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, MAIN, *map(str, args)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=120,
        cwd=cwd,
    )


def new_plan(path: Path, kind: str = "provider") -> None:
    org = "RZZ" if kind == "provider" else "00Z"
    result = opplan(
        "new",
        path,
        "--org",
        org,
        "--name",
        "Test Org",
        "--kind",
        kind,
        "--round",
        "2019-20",
        "--region",
        "london",
    )
    assert result.returncode == 0, result.stderr


def test_new_load_dump_info(tmp_path: Path) -> None:
    plan = tmp_path / "trust.opplan"
    new_plan(plan)
    source = write_csv(
        tmp_path / "in.csv",
        [
            ("FIN.INC.01", "M01", "21450.5"),
            ("FIN.FIN.02", "M01", "-0.5"),
            ("E.B.3a", "BASE", "41250"),
            ("FIN.PAR.CTACC", "Y1", "Y"),
        ],
    )
    loaded = opplan("load", plan, source)
    assert loaded.returncode == 0
    assert loaded.stdout.startswith("Loaded 4 values")
    dumped = opplan("dump", plan)
    assert dumped.stdout.splitlines() == [
        "line,period,value",
        "FIN.INC.01,M01,21450.5",
        "FIN.FIN.02,M01,-0.5",
        "FIN.PAR.CTACC,Y1,Y",
        "FIN.PAR.CASHMIN,Y1,1000",
        "FIN.PAR.PAYAWARD,Y1,2.0",
        "E.B.3a,BASE,41250",
    ]
    out_file = tmp_path / "out.csv"
    assert opplan("dump", plan, "--out", out_file).returncode == 0
    assert out_file.read_text() == dumped.stdout
    info = opplan("info", plan)
    assert info.returncode == 0
    assert "RZZ Test Org" in info.stdout and "2019/20" in info.stdout
    assert "London" in info.stdout and f"Schema version: {SCHEMA_REVISION}" in info.stdout
    assert "Values entered: 6" in info.stdout and "Inputs blank:   1,277" in info.stdout


def test_a_bad_load_exits_2_listing_every_bad_row(tmp_path: Path) -> None:
    plan = tmp_path / "trust.opplan"
    new_plan(plan)
    before = opplan("dump", plan).stdout
    source = write_csv(
        tmp_path / "bad.csv",
        [
            ("FIN.INC.01", "M01", "1"),
            ("FIN.INC.01", "M99", "1"),
            ("E.M.7a", "M01", "-3"),
        ],
    )
    result = opplan("load", plan, source)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert "2 bad row(s); nothing was loaded" in lines[0]
    assert lines[1].strip().startswith("row 3: FIN.INC.01, M99")
    assert lines[2].strip().startswith("row 4: E.M.7a, M01, '-3'")
    assert opplan("dump", plan).stdout == before


@pytest.mark.parametrize("content", [b"not a plan at all", b""])
def test_failures_are_one_line_naming_the_file_without_traceback(
    tmp_path: Path, content: bytes
) -> None:
    bogus = tmp_path / "bogus.opplan"
    bogus.write_bytes(content)
    for args in (
        ("info", bogus),
        ("dump", bogus),
        ("load", bogus, tmp_path / "x.csv"),
        ("info", tmp_path / "missing.opplan"),
    ):
        result = opplan(*args)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
        assert str(args[1]) in result.stderr


def test_new_refuses_an_existing_file_and_bad_details(tmp_path: Path) -> None:
    plan = tmp_path / "trust.opplan"
    new_plan(plan)
    again = opplan(
        "new",
        plan,
        "--org",
        "RZZ",
        "--name",
        "X",
        "--kind",
        "provider",
        "--round",
        "2019-20",
        "--region",
        "north",
    )
    assert again.returncode == 2 and "already exists" in again.stderr
    bad = opplan(
        "new",
        tmp_path / "b.opplan",
        "--org",
        "R!",
        "--name",
        " ",
        "--kind",
        "provider",
        "--round",
        "2019-20",
        "--region",
        "north",
    )
    assert bad.returncode == 2 and "organisation code" in bad.stderr
    assert not (tmp_path / "b.opplan").exists()


def test_every_command_has_help() -> None:
    top = opplan("--help")
    assert top.returncode == 0
    for command in ("new", "load", "dump", "info"):
        assert command in top.stdout
        result = opplan(command, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("opplan")
    if not script.exists():
        pytest.skip("package not installed in this environment")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "OpPlan Desk" in result.stdout


def test_dump_to_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    plan = tmp_path / "trust.opplan"
    new_plan(plan)
    result = opplan("dump", plan, "--out", tmp_path / "no" / "such" / "out.csv")
    assert result.returncode == 2
    assert "cannot be written" in result.stderr and "Traceback" not in result.stderr


def test_a_closed_pipe_is_not_an_error(tmp_path: Path, monkeypatch) -> None:
    from desktop import cli

    plan = tmp_path / "trust.opplan"
    new_plan(plan)

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert cli.run(["dump", str(plan)]) == cli.EXIT_OK  # not 70, "internal error"
