"""The plan file as a document: identity, checks on open, lock, audit, copies, backups."""

import hashlib
import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.core.errors import (
    DamagedPlanFile,
    NewerPlanFile,
    NotAPlanFile,
    PlanInUse,
    PlanStorageError,
    ReadOnlyPlan,
)
from desktop.core.session import PlanSession
from desktop.core.store import PlanFile
from desktop.core.store.lock import lock_path
from desktop.core.store.schema import APPLICATION_ID, SCHEMA_REVISION
from tests.helpers import new_document, subprocess_env


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "trust.opplan"
    with new_document(path) as doc:
        doc.set_cells({("FIN.INC.01", "M01"): "21450.5", ("FIN.FIN.02", "M01"): "-0.5"}, "typing")
    return path


def test_a_new_plan_is_identified_and_durable(plan_path: Path) -> None:
    conn = sqlite3.connect(plan_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_REVISION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    with PlanSession.open(plan_path) as doc:
        assert doc.info.org_code == "RZZ"
        assert str(doc.plan.value("FIN.INC.01", "M01")) == "21450.5"
        assert doc.plan.value("FIN.PAR.CASHMIN", "Y1") is not None  # default given at creation
    assert not lock_path(plan_path).exists()


def test_every_change_writes_an_audit_row(plan_path: Path) -> None:
    with PlanSession.open(plan_path) as doc:
        doc.set_cells({("FIN.INC.01", "M01"): "100"}, "Paste 1 cell")
        doc.set_cells({("FIN.INC.01", "M01"): None}, "Clear 1 cell")
        trail = doc.file.audit("FIN.INC.01")
    assert [(a.operation, a.old, a.new) for a in trail] == [
        ("typing", None, "21450.5"),
        ("Paste 1 cell", "21450.5", "100"),
        ("Clear 1 cell", "100", None),
    ]
    assert all(a.user and a.at.endswith("Z") and a.period == "M01" for a in trail)


def test_a_file_that_is_not_a_plan_is_refused_and_not_modified(tmp_path: Path) -> None:
    text = tmp_path / "notes.opplan"
    text.write_text("minutes of the board\n")
    other_db = tmp_path / "other.opplan"
    sqlite3.connect(other_db).execute("CREATE TABLE t (x)").connection.close()
    for path in (text, other_db):
        before = digest(path)
        with pytest.raises(NotAPlanFile, match="not an OpPlan Desk plan"):
            PlanSession.open(path)
        assert digest(path) == before


def test_a_truncated_plan_is_reported_damaged_and_not_modified(plan_path: Path) -> None:
    data = plan_path.read_bytes()
    plan_path.write_bytes(data[: len(data) // 2])
    before = digest(plan_path)
    with pytest.raises(DamagedPlanFile, match="truncated"):
        PlanSession.open(plan_path)
    assert digest(plan_path) == before


def test_a_corrupted_plan_fails_the_quick_check(plan_path: Path) -> None:
    data = bytearray(plan_path.read_bytes())
    page = 4096
    data[page * 2 : page * 3] = b"\x0d" * 8 + b"\xff" * (page - 8)  # wreck a b-tree page
    plan_path.write_bytes(bytes(data))
    before = digest(plan_path)
    with pytest.raises(DamagedPlanFile, match="damaged"):
        PlanSession.open(plan_path)
    assert digest(plan_path) == before


def test_a_plan_from_a_newer_version_opens_only_read_only(plan_path: Path) -> None:
    conn = sqlite3.connect(plan_path)
    conn.execute(f"PRAGMA user_version={SCHEMA_REVISION + 5}")
    conn.close()
    before = digest(plan_path)
    with pytest.raises(NewerPlanFile, match=r"newer version .*read-only"):
        PlanSession.open(plan_path)
    with PlanSession.open(plan_path, read_only=True) as doc:
        assert "newer version" in doc.file.read_only_reason
        assert str(doc.plan.value("FIN.INC.01", "M01")) == "21450.5"
        with pytest.raises(ReadOnlyPlan):
            doc.set_cells({("FIN.INC.01", "M01"): "1"}, "typing")
    assert digest(plan_path) == before


def test_a_second_process_is_told_who_holds_the_plan_and_can_read_it(plan_path: Path) -> None:
    script = textwrap.dedent(f"""
        import json, sys
        from desktop.core.session import PlanSession
        from desktop.core.errors import PlanInUse
        try:
            PlanSession.open({str(plan_path)!r})
            print(json.dumps({{"opened": True}}))
        except PlanInUse as exc:
            with PlanSession.open({str(plan_path)!r}, read_only=True) as doc:
                value = str(doc.plan.value("FIN.INC.01", "M01"))
            print(json.dumps({{"message": str(exc), "holder": exc.holder, "value": value}}))
    """)
    with PlanSession.open(plan_path) as doc:
        doc.set_cells({("FIN.INC.02", "M01"): "5"}, "typing")
        out = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=subprocess_env(),
            timeout=60,
            check=True,
        )
    result = json.loads(out.stdout)
    assert "in use by" in result["message"] and "can be opened read-only" in result["message"]
    assert result["holder"]["host"] and result["holder"]["user"] and result["holder"]["since"]
    assert result["value"] == "21450.5"


def test_the_same_process_cannot_open_a_plan_twice_for_editing(plan_path: Path) -> None:
    with PlanSession.open(plan_path), pytest.raises(PlanInUse):
        PlanSession.open(plan_path)


def test_a_lock_left_by_a_dead_process_is_taken_over(plan_path: Path) -> None:
    lock_path(plan_path).write_text(
        json.dumps(
            {
                "user": "ghost",
                "host": __import__("socket").gethostname(),
                "pid": 2**22 + 7,
                "since": "yesterday",
            }
        )
    )
    with PlanSession.open(plan_path) as doc:
        assert doc.info.org_code == "RZZ"


def test_save_a_copy_is_complete_and_leaves_no_temporary_file(
    plan_path: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "copies" / "copy.opplan"
    dest.parent.mkdir()
    with PlanSession.open(plan_path) as doc:
        doc.set_cells({("FIN.INC.02", "M02"): "7"}, "typing")
        doc.file.save_copy(dest)
    assert [p.name for p in dest.parent.iterdir()] == ["copy.opplan"]
    with PlanSession.open(dest, read_only=True) as copy:
        assert str(copy.plan.value("FIN.INC.02", "M02")) == "7"


def test_rolling_backups_are_kept_in_the_user_data_folder(plan_path: Path, user_data: Path) -> None:
    for _ in range(12):
        PlanFile.open(plan_path).close()
    with PlanSession.open(plan_path, read_only=True) as doc:
        folder = user_data / "backups" / doc.info.plan_id
    backups = list(folder.glob("*.opplan"))
    assert len(backups) == 10
    with PlanSession.open(backups[0], read_only=True) as old:
        assert str(old.plan.value("FIN.INC.01", "M01")) == "21450.5"


def test_a_full_disk_refuses_the_change_and_keeps_the_plan(plan_path: Path) -> None:
    with PlanSession.open(plan_path) as doc:
        with doc.file.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            conn.exec_driver_sql(f"PRAGMA max_page_count={pages}")
        big = {("FIN.INC.01", f"M{i:02d}"): "1" * 8 for i in range(1, 13)}
        big |= {(f"FIN.NPY.0{n}", f"M{i:02d}"): "2" * 8 for n in range(1, 8) for i in range(1, 13)}
        with pytest.raises(PlanStorageError, match=r"disk is full.*nothing was changed"):
            for _ in range(50):  # fill the few free pages, then fail
                doc.set_cells({cell: str(int(v) + _) for cell, v in big.items()}, "paste")
        snapshot = doc.plan.stored_cells()
        assert doc.file.read_cells() == {c: str(v) for c, v in snapshot.items()}


def test_a_read_only_folder_gives_a_clear_message(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    real_open = os.open

    def refuse_lock(path, flags, *args):  # the share is read-only for this user
        if ".lock" in str(path) and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse_lock)
    with pytest.raises(PlanStorageError, match="permission denied"):
        PlanSession.open(plan_path)
    with PlanSession.open(plan_path, read_only=True) as doc:
        assert doc.info.org_code == "RZZ"


def test_save_a_copy_never_replaces_a_plan_someone_is_editing(
    plan_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.opplan"
    with new_document(other):
        pass
    before = digest(other)
    with PlanSession.open(other), PlanSession.open(plan_path) as doc, pytest.raises(PlanInUse):
        doc.save_copy(other)
    assert digest(other) == before
