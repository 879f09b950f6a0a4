"""The command line in-process: new, load, dump, info, help and failures.

``run_cli`` runs ``desktop.cli.run`` as ``main.py`` does, with the output captured;
tests/e2e/test_cli.py runs the few things only a real process shows.
"""

import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.core.store.schema import SCHEMA_REVISION
from tests.helpers import run_cli, write_csv


def new_plan(path: Path, kind: str = "provider") -> None:
    org = "RZZ" if kind == "provider" else "00Z"
    result = run_cli(
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
    assert result.code == 0, result.err


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
    loaded = run_cli("load", plan, source)
    assert loaded.code == 0
    assert loaded.out.startswith("Loaded 4 values")
    dumped = run_cli("dump", plan)
    assert dumped.out.splitlines() == [
        "line,period,value",
        "FIN.INC.01,M01,21450.5",
        "FIN.FIN.02,M01,-0.5",
        "FIN.PAR.CTACC,Y1,Y",
        "FIN.PAR.CASHMIN,Y1,1000",
        "FIN.PAR.PAYAWARD,Y1,2.0",
        "E.B.3a,BASE,41250",
    ]
    out_file = tmp_path / "out.csv"
    assert run_cli("dump", plan, "--out", out_file).code == 0
    assert out_file.read_text() == dumped.out
    info = run_cli("info", plan)
    assert info.code == 0
    assert "RZZ Test Org" in info.out and "2019/20" in info.out
    assert "London" in info.out and f"Schema version: {SCHEMA_REVISION}" in info.out
    assert "Values entered: 6" in info.out and "Inputs blank:   1,277" in info.out


def test_a_bad_load_exits_2_listing_every_bad_row(tmp_path: Path) -> None:
    plan = tmp_path / "trust.opplan"
    new_plan(plan)
    before = run_cli("dump", plan).out
    source = write_csv(
        tmp_path / "bad.csv",
        [
            ("FIN.INC.01", "M01", "1"),
            ("FIN.INC.01", "M99", "1"),
            ("E.M.7a", "M01", "-3"),
        ],
    )
    result = run_cli("load", plan, source)
    assert result.code == 2
    lines = result.err.splitlines()
    assert "2 bad row(s); nothing was loaded" in lines[0]
    assert lines[1].strip().startswith("row 3: FIN.INC.01, M99")
    assert lines[2].strip().startswith("row 4: E.M.7a, M01, '-3'")
    assert run_cli("dump", plan).out == before


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
        result = run_cli(*args)
        assert result.code == 2
        assert len(result.err.strip().splitlines()) == 1
        assert "Traceback" not in result.err
        assert str(args[1]) in result.err


def test_new_refuses_an_existing_file_and_bad_details(tmp_path: Path) -> None:
    plan = tmp_path / "trust.opplan"
    new_plan(plan)
    again = run_cli(
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
    assert again.code == 2 and "already exists" in again.err
    bad = run_cli(
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
    assert bad.code == 2 and "organisation code" in bad.err
    assert not (tmp_path / "b.opplan").exists()


def test_every_command_has_help() -> None:
    top = run_cli("--help")
    assert top.code == 0
    assert {"new", "load", "dump", "info"} <= set(cli.COMMANDS)
    for command in cli.COMMANDS:
        assert command in top.out
        result = run_cli(command, "--help")
        assert result.code == 0 and "usage:" in result.out


def test_a_bad_option_exits_2_with_the_usage() -> None:
    result = run_cli("info", "plan.opplan", "--no-such-option")
    assert result.code == 2
    assert "usage:" in result.err and "unrecognized arguments: --no-such-option" in result.err


def test_dump_to_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    plan = tmp_path / "trust.opplan"
    new_plan(plan)
    result = run_cli("dump", plan, "--out", tmp_path / "no" / "such" / "out.csv")
    assert result.code == 2
    assert "cannot be written" in result.err and "Traceback" not in result.err


def test_a_closed_pipe_is_not_an_error(tmp_path: Path, monkeypatch) -> None:
    plan = tmp_path / "trust.opplan"
    new_plan(plan)

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert cli.run(["dump", str(plan)]) == cli.EXIT_OK  # not 70, "internal error"
