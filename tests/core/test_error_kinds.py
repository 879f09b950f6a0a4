"""The environment's faults are typed errors; everything else is a bug, logged with its
traceback (issue 11, faults 8 and 9)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from desktop.cli import EXIT_BUG, run
from desktop.core.session import PlanSession
from desktop.core.store import planfile
from tests.helpers import new_document, write_csv


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    new_document(tmp_path / "trust.opplan").close()
    return tmp_path / "trust.opplan"


@pytest.fixture
def one_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "one.csv", [("FIN.INC.02", "M01", "5")])


def test_a_constraint_failure_is_a_bug_not_the_users_fault(plan: Path) -> None:
    with PlanSession.open(plan) as doc, pytest.raises(IntegrityError):
        doc.file.write_cells({(None, "M01"): "1"}, "a programming error")  # type: ignore[dict-item]


def test_the_command_line_reports_a_bug_as_internal_and_logs_the_traceback(
    plan: Path,
    one_csv: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    real = planfile._new_operation

    def broken(conn, name, record=None):  # a NOT NULL column left empty: our bug, not the disk's
        real(conn, name, record)
        conn.exec_driver_sql("INSERT INTO operation (at, user, host, name) VALUES (NULL, 1, 1, 1)")

    monkeypatch.setattr(planfile, "_new_operation", broken)
    with caplog.at_level(logging.ERROR):
        assert run(["load", str(plan), str(one_csv)]) == EXIT_BUG
    assert "internal error" in capsys.readouterr().err
    assert any(r.exc_info and "NOT NULL" in str(r.exc_info[1]) for r in caplog.records)


def test_a_failed_rolling_backup_is_logged_and_told_once(
    plan: Path,
    one_csv: Path,
    user_data: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    (user_data / "backups").mkdir(exist_ok=True)
    with PlanSession.open(plan, read_only=True) as doc:
        plan_id = doc.info.plan_id
    (user_data / "backups" / plan_id).write_text("not a folder")  # the backup cannot go there
    with caplog.at_level(logging.WARNING):
        assert run(["load", str(plan), str(one_csv)]) == 0
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "warning" in err and "backup" in err
    assert any(r.exc_info for r in caplog.records if "rolling backup" in r.getMessage())
    with PlanSession.open(plan, read_only=True) as doc:
        assert doc.snapshot().stored_texts()[("FIN.INC.02", "M01")] == "5"
