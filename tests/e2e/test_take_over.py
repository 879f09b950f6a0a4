"""The command line and locks: --take-over, with the same rules as the window (fault 6)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.core.session import PlanSession
from desktop.core.store.lock import lock_path
from tests.core.test_lock_race import other_machine_takes_over
from tests.helpers import new_document, write_csv


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "trust.opplan"
    new_document(path).close()
    return path


@pytest.fixture
def one_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "one.csv", [("FIN.INC.02", "M01", "5")])


def value(plan: Path) -> str | None:
    with PlanSession.open(plan, read_only=True) as doc:
        return doc.snapshot().stored_texts().get(("FIN.INC.02", "M01"))


def test_a_lock_from_another_machine_says_how_to_take_it_over(
    plan: Path, one_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other_machine_takes_over(plan)
    assert run(["load", str(plan), str(one_csv)]) == 2
    err = capsys.readouterr().err
    assert "jsmith" in err and "LAPTOP-042" in err and "--take-over" in err
    assert value(plan) is None
    assert run(["load", str(plan), str(one_csv), "--take-over"]) == 0
    captured = capsys.readouterr()
    assert "LAPTOP-042" in captured.err  # the warning names whom it displaced
    assert value(plan) == "5"
    assert not lock_path(plan).exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["comment", "--rule", "G01", "--line", "X", "--text", "t"],
        ["stage", "draft"],
        ["submit"],
        [
            "approve",
            "--version",
            "1",
            "--body",
            "b",
            "--date",
            "2019-01-01",
            "--by",
            "x",
            "--role",
            "r",
            "--minute",
            "m",
        ],
        ["import", "book.xlsx"],
    ],
    ids=lambda a: a[0],
)
def test_every_write_command_offers_take_over(
    plan: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    other_machine_takes_over(plan)
    assert run([argv[0], str(plan), *argv[1:]]) == 2
    assert "--take-over" in capsys.readouterr().err
    with pytest.raises(SystemExit) as help_exit:
        run([argv[0], "--help"])
    assert help_exit.value.code == 0
    assert "--take-over" in capsys.readouterr().out


def test_a_reused_process_id_on_this_machine_does_not_block_the_plan(
    plan: Path, one_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock_path(plan).write_text(
        json.dumps({"user": "ghost", "host": socket.gethostname(), "pid": 1, "since": "Monday"}),
        encoding="utf-8",
    )  # pid 1 runs, but it is not OpPlan Desk holding this plan
    assert run(["load", str(plan), str(one_csv)]) == 0, capsys.readouterr().err
    assert value(plan) == "5"


def test_a_live_holder_on_this_machine_is_never_taken_over(
    plan: Path, one_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with PlanSession.open(plan) as holder:
        assert run(["load", str(plan), str(one_csv), "--take-over"]) == 2
        err = capsys.readouterr().err
        assert "this computer" in err and "read-only" in err
        holder.set_cells({("FIN.INC.01", "M01"): "7"}, "typing")  # still the writer
    assert value(plan) is None


def test_a_lock_path_that_is_a_folder_says_so(
    plan: Path, one_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock_path(plan).mkdir()
    assert run(["load", str(plan), str(one_csv)]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and "unknown" not in err
