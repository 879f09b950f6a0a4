"""Smaller faults of issue 11 (fault 11): approve twice records once; control characters
never get into free text, nor out to a terminal; a new plan's name is one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from tests.faults.scenarios import APPROVE, COMMENT, NEW_ARGS

ESCAPE = "\x1b[2J\x1b[31mAll clear\x1b[0m\rOverwritten\x07"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def test_approving_twice_records_one_approval(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["submit", str(plan)]) == 0
    assert run(["approve", str(plan), *APPROVE]) == 0
    assert run(["approve", str(plan), *APPROVE]) == 0
    out = capsys.readouterr().out
    assert "Already recorded" in out
    with PlanSession.open(plan, read_only=True) as doc:
        assert len(doc.snapshot().approvals) == 1
        assert len([a for a in doc.audit() if a.subject == "approval"]) == 1


def test_commentary_is_stored_without_control_characters(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*COMMENT[:-1], f"Line one\r\nLine two {ESCAPE}"]
    assert run(["comment", str(plan), *args]) == 0
    with PlanSession.open(plan, read_only=True) as doc:
        [text] = dict(doc.snapshot().commentary).values()
    assert text == "Line one\nLine two [2J[31mAll clear[0m\nOverwritten"
    assert "\x1b" not in capsys.readouterr().out


def test_check_never_prints_escape_sequences_from_an_older_file(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = sqlite3.connect(plan)  # as an older version (or another tool) stored it
    conn.execute(
        "INSERT INTO commentary (rule, line, period, text) VALUES ('F07', 'FIN.EFF.09', 'Y1', ?)",
        (ESCAPE,),
    )
    conn.commit()
    conn.close()
    run(["check", str(plan)])
    out = capsys.readouterr().out
    assert "All clear" in out
    assert not any(ch in out for ch in "\x1b\r\x07")


def test_approval_fields_are_one_clean_line(plan: Path) -> None:
    assert run(["submit", str(plan)]) == 0
    argv = [*APPROVE]
    argv[argv.index("A. Chair")] = "A. Chair\r\n\x1b[8mhidden"
    assert run(["approve", str(plan), *argv]) == 0
    with PlanSession.open(plan, read_only=True) as doc:
        [approval] = doc.snapshot().approvals
    assert approval.approver == "A. Chair [8mhidden"


@pytest.mark.parametrize("name", ["Northshire\r\nHospitals", "Northshire\x1b[31m", "A\tB"])
def test_new_refuses_a_name_with_line_breaks_or_control_characters(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.opplan"
    args = [*NEW_ARGS]
    args[args.index("--name") + 1] = name
    code = run(["new", str(target), *args])
    assert code == 2
    assert "organisation name" in capsys.readouterr().err
    assert not target.exists()
