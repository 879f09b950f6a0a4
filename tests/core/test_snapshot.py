"""PlanSnapshot: a plan as a value. What an open plan does later never changes a snapshot
taken before; a submitted version decodes to one; a plan file is read into one without
a lock, a backup or a check engine, and an interrupted write is still rolled back first."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core import checks
from desktop.core.errors import BadInput, InterruptedPlan
from desktop.core.review.compare import compare
from desktop.core.session import PlanSession
from desktop.core.snapshot import PlanSnapshot
from desktop.core.store import recovery
from desktop.core.store.environment import SQLITE_READONLY
from desktop.core.store.lock import read_holder

PAY = ("FIN.PAY.03", "M01")  # agency staff, April: FIN.PAY.TOT and the surplus read it


def test_a_snapshot_is_not_changed_by_what_the_plan_does_after_it(trust_path: Path) -> None:
    with PlanSession.open(trust_path) as session:
        session.findings()  # the check engine running, as in the window
        before = session.snapshot()
        total = before.plan.value("FIN.PAY.TOT", "M01")
        findings, texts = before.findings(), before.stored_texts()
        session.set_cells({PAY: "50000"}, "agency overspend")
        session.set_stage("draft")
        session.set_commentary("F07", "FIN.EFF.09", "Y1", "Being worked up")
        after = session.snapshot()
        assert after is not before
        assert after.plan.value("FIN.PAY.TOT", "M01") != total
        assert any(f.rule == "F03" for f in after.findings())
        # the earlier value: its figures, computed lines, findings and commentary
        assert before.plan.stored(*PAY) != Decimal("50000")
        assert before.plan.value("FIN.PAY.TOT", "M01") == total
        assert before.findings() == findings and before.stored_texts() == texts
        assert not before.commentary and dict(after.commentary)
        with pytest.raises(TypeError):
            before.commentary[("F07", "FIN.EFF.09", "Y1")] = "changed"  # type: ignore[index]


def test_a_version_decodes_to_a_snapshot_of_its_own_figures(trust_path: Path) -> None:
    with PlanSession.open(trust_path) as session:
        session.set_commentary("F07", "FIN.EFF.09", "Y1", "Schemes being identified")
        draft1 = session.submit_version()
        total = session.plan.value("FIN.PAY.TOT", "M01")
        session.set_stage("draft")
        session.set_cells({PAY: "900"}, "typing")
        session.set_commentary("F07", "FIN.EFF.09", "Y1", "")
        working = session.snapshot()
    version = working.at("Draft 1")
    assert version.version == draft1 and version.label == "Draft 1"
    assert version.stage.label == "Draft 1" and working.stage.label == "Draft 2"
    assert version.stored_texts() == draft1.cells
    assert (
        version.plan.value("FIN.PAY.TOT", "M01")
        == total
        != working.plan.value("FIN.PAY.TOT", "M01")
    )
    assert dict(version.commentary) == {("F07", "FIN.EFF.09", "Y1"): "Schemes being identified"}
    assert version.content_hash == draft1.content_hash != working.content_hash
    assert version.findings_record() == draft1.findings
    assert version.at("working") is working and working.at("1").version == draft1
    # the working copy's figures are not disturbed by decoding a version from it
    assert working.plan.stored(*PAY) == Decimal("900")
    with pytest.raises(BadInput, match="no version 'Draft 7'"):
        working.at("Draft 7")
    assert compare(version, working).cells[0].line == PAY[0]


def test_reading_a_plan_takes_no_lock_no_backup_and_runs_no_check(
    trust_path: Path, user_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[str] = []
    real = checks.CheckEngine.run_all
    monkeypatch.setattr(
        checks.CheckEngine, "run_all", lambda engine: runs.append("run") or real(engine)
    )
    with PlanSession.open(trust_path) as editor:  # held for editing by someone else
        editor.set_cells({PAY: "807"}, "typing")
        held = read_holder(trust_path)
        runs.clear()
        backups = sorted((user_data / "backups").glob("*"))
        snapshot = PlanSnapshot.read(trust_path)  # reading many plans at once costs this
        assert runs == []  # no check engine until findings are asked for
        assert read_holder(trust_path) == held  # the editor's lock, untouched
        assert sorted((user_data / "backups").glob("*")) == backups
        assert snapshot.plan.stored(*PAY) == Decimal("807")
        assert snapshot.path == trust_path and snapshot.label == "Working copy"
        snapshot.findings()
        snapshot.findings()
        assert runs == ["run"]  # once, then kept


def test_reading_a_plan_rolls_an_interrupted_write_back_first(
    interrupted: tuple[Path, dict[tuple[str, str], str]],
) -> None:
    plan, before = interrupted
    assert Path(f"{plan}-journal").exists()
    assert PlanSnapshot.read(plan).stored_texts() == before
    assert not Path(f"{plan}-journal").exists()


def test_reading_refuses_an_interrupted_write_it_cannot_roll_back(
    interrupted: tuple[Path, dict[tuple[str, str], str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, _ = interrupted

    def read_only_folder(*args: object, **kwargs: object) -> sqlite3.Connection:
        error = sqlite3.OperationalError("attempt to write a readonly database")
        error.sqlite_errorcode = SQLITE_READONLY  # as on a shared drive it cannot write
        raise error

    monkeypatch.setattr(recovery.sqlite3, "connect", read_only_folder)
    with pytest.raises(InterruptedPlan):
        PlanSnapshot.read(plan)
    assert Path(f"{plan}-journal").exists()  # left for someone who can roll it back
