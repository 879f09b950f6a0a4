"""Plan files of every past schema revision open in this version: read-only, untouched;
for editing, backed up first, then migrated, with everything they held still there.

The files are tests/fixtures/schemas/schema-N.opplan, each made by the code of the
commit where revision N was current (README.md there), beside schema-N.expected.json:
what the file held, read from its tables when it was made. A new revision adds one
file of the revision before it: nothing here changes.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop.core.errors import PlanFileError
from desktop.core.review.versions import content_hash
from desktop.core.session import PlanSession
from desktop.core.store.schema import SCHEMA_REVISION
from desktop.core.units import stored_text
from tests.fixtures.schemas.expected import read
from tests.helpers import ROOT, sample_values

FIXTURES = ROOT / "tests" / "fixtures" / "schemas"
REVISIONS = sorted(int(path.stem.split("-")[1]) for path in FIXTURES.glob("schema-*.opplan"))
PAST = [n for n in REVISIONS if n < SCHEMA_REVISION]

#: The CSV files make_fixtures.sh loaded after the sample, by revision, in order.
EDITS = {
    1: ["edits.csv"],
    2: ["edits.csv", "restore.csv"],
    3: ["edits.csv", "restore.csv", "after-approval.csv"],
}
#: What a plan shows for what its revision did not hold yet.
NEW_PLAN = {"stage": {"kind": "draft", "draft_number": 1}, "commentary": {}}
AUDIT_DEFAULTS = {"subject": "value"}  # schema 1 audited cell values only


def expected(revision: int) -> dict[str, Any]:
    import json

    return json.loads((FIXTURES / f"schema-{revision}.expected.json").read_text(encoding="utf-8"))


def copy_of(revision: int, folder: Path) -> Path:
    """A copy of the fixture (the committed file is never opened for writing)."""
    return Path(
        shutil.copy(FIXTURES / f"schema-{revision}.opplan", folder / f"old-{revision}.opplan")
    )


def make_schema_1(path: Path, *, extra_sql: str = "") -> None:
    """A plan file of schema revision 1 at ``path`` (the committed one, made by the code
    of its time), with ``extra_sql`` run on it; for tests of opening and migrating."""
    shutil.copy(FIXTURES / "schema-1.opplan", path)
    if extra_sql:
        conn = sqlite3.connect(path)
        with conn:
            conn.executescript(extra_sql)
        conn.close()


def pragma(path: Path, name: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(f"PRAGMA {name}").fetchall()
    finally:
        conn.close()


def cells(encoded: dict[str, str]) -> dict[tuple[str, str], str]:
    return {tuple(key.split("|")): text for key, text in encoded.items()}  # type: ignore[misc]


def assert_holds(doc: PlanSession, held: dict[str, Any]) -> None:
    """``doc`` shows every figure, commentary, stage, version, approval and audit row of
    ``held`` (the fixture's expected JSON), value by value."""
    info = doc.info
    assert {key: getattr(info, key) for key in held["plan"]} == held["plan"]
    assert doc.snapshot().stored_texts() == cells(held["cells"])
    assert len(held["cells"]) > 1200  # the sample plan, complete

    stage = held.get("stage", NEW_PLAN["stage"])
    assert (doc.snapshot().stage.kind, doc.snapshot().stage.draft_number) == (
        stage["kind"],
        stage["draft_number"],
    )
    commentary = held.get("commentary", NEW_PLAN["commentary"])
    assert dict(doc.snapshot().commentary) == {
        tuple(key.split("|")): text for key, text in commentary.items()
    }

    columns = ["operation", "at", "user", "host", "subject", "line", "period", "old", "new"]
    want = [
        [
            dict(zip(held["audit_columns"], row, strict=True)).get(c, AUDIT_DEFAULTS.get(c))
            for c in columns
        ]
        for row in held["audit"]
    ]
    assert [[getattr(entry, c) for c in columns] for entry in doc.audit()] == want

    versions = doc.snapshot().versions
    assert len(versions) == len(held.get("versions", []))
    for version, row in zip(versions, held.get("versions", []), strict=True):
        for key in ("id", "label", "stage_kind", "draft_number", "created_at", "created_by"):
            assert getattr(version, key) == row[key], (version.label, key)
        assert version.content_hash == row["content_hash"]
        assert version.cells == cells(row["cells"])
        assert version.commentary == {tuple(k.split("|")): t for k, t in row["commentary"].items()}
        assert version.findings == row["findings"]
        # the frozen content still hashes to what was frozen (what approvals are tied to)
        assert content_hash(info.plan_id, version.cells, version.commentary) == row["content_hash"]

    approvals = doc.snapshot().approvals
    assert [vars(a) for a in approvals] == held.get("approvals", [])
    for approval in approvals:
        [version] = [v for v in versions if v.id == approval.version_id]
        assert doc.snapshot().approval_of(version) == approval


def sample_with_edits(revision: int) -> dict[tuple[str, str], str]:
    """What make_fixtures.sh typed in: the sample trust plan, then its edit files."""
    values = {cell: stored_text(value) for cell, value in sample_values("provider").items()}
    for name in EDITS[revision]:
        with (FIXTURES / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                cell = (row["line"], row["period"])
                if row["value"]:
                    values[cell] = row["value"]
                else:
                    values.pop(cell, None)
    return values


def test_there_is_a_plan_file_of_every_past_revision() -> None:
    assert set(range(1, SCHEMA_REVISION)) <= set(REVISIONS)
    assert max(REVISIONS) <= SCHEMA_REVISION
    for n in REVISIONS:
        assert pragma(FIXTURES / f"schema-{n}.opplan", "user_version") == [(n,)]
        held = expected(n)
        assert held["revision"] == n
        assert {
            k: v for k, v in read(str(FIXTURES / f"schema-{n}.opplan"), held["made_with"]).items()
        } == held
        assert cells(held["cells"]) == sample_with_edits(n)


@pytest.mark.parametrize("revision", REVISIONS)
def test_an_old_plan_is_backed_up_then_migrated_with_everything_it_held(
    revision: int, tmp_path: Path, user_data: Path
) -> None:
    path = copy_of(revision, tmp_path)
    held = expected(revision)
    with PlanSession.open(path) as doc:
        assert doc.schema_revision == SCHEMA_REVISION
        assert not doc.read_only
        assert_holds(doc, held)
    assert pragma(path, "user_version") == [(SCHEMA_REVISION,)]
    assert pragma(path, "integrity_check") == [("ok",)]
    assert pragma(path, "foreign_key_check") == []
    backups = sorted((user_data / "backups").glob(f"{path.stem}.before-schema-*.opplan"))
    if revision == SCHEMA_REVISION:
        assert backups == []  # nothing to migrate
        return
    [backup] = backups  # taken before the migration: the old revision, all of it
    assert pragma(backup, "user_version") == [(revision,)]
    assert read(str(backup), held["made_with"]) == held
    with PlanSession.open(path) as again:  # the migrated file opens as any other
        assert again.schema_revision == SCHEMA_REVISION
        assert_holds(again, held)


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_read_only_open_shows_an_old_plan_without_changing_it(
    revision: int, tmp_path: Path, user_data: Path
) -> None:
    path = copy_of(revision, tmp_path)
    before = path.read_bytes()
    with PlanSession.open(path, read_only=True) as doc:
        assert doc.schema_revision == revision
        assert doc.read_only
        assert_holds(doc, expected(revision))
        assert doc.findings()  # the checks run on it
    assert path.read_bytes() == before
    assert list(user_data.glob("backups/**/*.opplan")) == []


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old-1.opplan"
    make_schema_1(path, extra_sql="CREATE TABLE stage (x INTEGER)")  # blocks revision 2
    before = path.read_bytes()
    with pytest.raises(PlanFileError, match=r"old-1\.opplan"):
        PlanSession.open(path)
    assert path.read_bytes() == before
    assert pragma(path, "user_version") == [(1,)]
