"""Files from every past schema revision open in this version: backed up, then migrated."""

import sqlite3
from pathlib import Path

import pytest

from desktop.core.document import PlanDocument
from desktop.core.errors import PlanFileError
from desktop.core.store.migrate import upgrade_connection
from desktop.core.store.schema import APPLICATION_ID, SCHEMA_REVISION
from desktop.core.store.sqlite_file import make_engine as _make_engine


def make_schema_1(path: Path, *, extra_sql: str = "") -> None:
    """A plan file exactly as version 0.1 (schema 1) wrote it."""
    engine = _make_engine(path, "rwc")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        upgrade_connection(conn, 1)
        conn.exec_driver_sql(
            "INSERT INTO plan VALUES (1, 'a1b2', 'RZZ', 'Old Trust', 'provider', '2019-20', "
            "'south', '2019-01-20T10:00:00Z', 'jsmith', '0.1.0')"
        )
        conn.exec_driver_sql("INSERT INTO cell VALUES ('FIN.INC.01', 'M01', '21450.5')")
        conn.exec_driver_sql(
            "INSERT INTO operation VALUES (1, '2019-01-20T10:01:00Z', "
            "'jsmith', 'pc1', 'Load CSV plan.csv')"
        )
        conn.exec_driver_sql(
            "INSERT INTO audit (operation_id, line, period, old, new) "
            "VALUES (1, 'FIN.INC.01', 'M01', NULL, '21450.5')"
        )
        if extra_sql:
            conn.exec_driver_sql(extra_sql)
    engine.dispose()


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_a_schema_1_plan_is_backed_up_then_migrated(tmp_path: Path, user_data: Path) -> None:
    path = tmp_path / "old.opplan"
    make_schema_1(path)
    original = path.read_bytes()
    assert user_version(path) == 1
    with PlanDocument.open(path) as doc:
        assert doc.file.schema_revision == SCHEMA_REVISION
        assert str(doc.plan.value("FIN.INC.01", "M01")) == "21450.5"
        assert doc.stage().label == "Draft 1"
        [entry] = doc.file.audit()
        assert (entry.subject, entry.user, entry.new) == ("value", "jsmith", "21450.5")
    assert user_version(path) == SCHEMA_REVISION
    [backup] = (user_data / "backups").glob("old.before-schema-*.opplan")
    assert user_version(backup) == 1
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT value FROM cell").fetchall() == [("21450.5",)]
    assert conn.execute("SELECT name FROM operation").fetchall() == [("Load CSV plan.csv",)]
    conn.close()
    assert original != path.read_bytes()  # the plan itself was upgraded, the backup was not


def test_a_schema_1_plan_opens_read_only_without_being_changed(tmp_path: Path) -> None:
    path = tmp_path / "old.opplan"
    make_schema_1(path)
    before = path.read_bytes()
    with PlanDocument.open(path, read_only=True) as doc:
        assert doc.file.schema_revision == 1
        assert str(doc.plan.value("FIN.INC.01", "M01")) == "21450.5"
        assert doc.stage().label == "Draft 1"
        assert [a.subject for a in doc.file.audit()] == ["value"]
        assert any(f.rule == "G01" for f in doc.findings())
    assert path.read_bytes() == before


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "odd.opplan"
    make_schema_1(path, extra_sql="CREATE TABLE stage (x INTEGER)")  # blocks revision 2
    before = path.read_bytes()
    with pytest.raises(PlanFileError, match=r"odd\.opplan"):
        PlanDocument.open(path)
    assert path.read_bytes() == before
    assert user_version(path) == 1
