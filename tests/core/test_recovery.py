"""Recovery first: an interrupted write is rolled back before the file is judged, and
restoring a backup never pairs it with a stale journal (issue 11, faults 1-3)."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.core.session import PlanSession
from desktop.core.units import stored_text
from tests.faults.harness import interrupted_copy
from tests.helpers import catalogue, complete_values, new_document

READS = (
    ["info"],
    ["dump"],
    ["check"],
    ["versions"],
    ["compare", "working", "working"],
)


def journal(path: Path) -> Path:
    return Path(f"{path}-journal")


def integrity(path: Path) -> list[tuple[str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def cells_of(path: Path) -> dict[tuple[str, str], str]:
    with PlanSession.open(path, read_only=True) as doc:
        return doc.snapshot().stored_texts()


@pytest.mark.parametrize("command", READS, ids=lambda c: c[0])
def test_every_read_recovers_an_interrupted_write(
    interrupted: tuple[Path, dict], command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    plan, before = interrupted
    code = run([command[0], str(plan), *command[1:]])
    err = capsys.readouterr().err
    assert code == (1 if command[0] == "check" else 0), err  # check: errors stand (blanks)
    assert "permission denied" not in err and "damaged" not in err
    assert not journal(plan).exists()
    assert integrity(plan) == [("ok",)]
    assert cells_of(plan) == before


def test_the_window_read_only_open_recovers_too(interrupted: tuple[Path, dict]) -> None:
    plan, before = interrupted
    with PlanSession.open(plan, read_only=True) as doc:
        assert doc.snapshot().stored_texts() == before
    assert not journal(plan).exists()


def test_a_write_after_an_interrupted_write_works(
    interrupted: tuple[Path, dict], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, before = interrupted
    source = tmp_path / "one.csv"
    source.write_text("line,period,value\nFIN.INC.02,M01,5\n", encoding="utf-8")
    assert run(["load", str(plan), str(source)]) == 0, capsys.readouterr().err
    assert cells_of(plan) == {**before, ("FIN.INC.02", "M01"): "5"}


@pytest.fixture
def read_only_mount(tmp_path: Path):
    """A folder on a tmpfs that can be remounted read-only (needs root), else skip."""
    import os
    import shutil

    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("making a read-only file system needs root (mount)")
    where = tmp_path / "share"
    where.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")

    def make_read_only() -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)

    yield where, make_read_only
    subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_read_only_share_with_an_interrupted_write_says_exactly_what_to_do(
    interrupted: tuple[Path, dict], read_only_mount, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, _before = interrupted
    where, make_read_only = read_only_mount
    shared = where / plan.name
    shared.write_bytes(plan.read_bytes())
    journal(shared).write_bytes(journal(plan).read_bytes())
    make_read_only()
    assert run(["info", str(shared)]) == 2
    err = capsys.readouterr().err
    assert (
        "this plan was interrupted while being written and must be opened once by someone "
        "who can write to it" in err
    )
    assert "damaged" not in err and "restore" not in err


def test_a_load_killed_half_way_is_rolled_back_not_called_damaged(
    tmp_path: Path, user_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.faults.harness import child_env, run_killed, strace_works, was_killed
    from tests.helpers import SAMPLE_FILES, SAMPLES

    why = strace_works()
    if why:
        pytest.skip(why)
    plan = tmp_path / "plan.opplan"
    new_document(plan).close()
    before = cells_of(plan)
    source = SAMPLES / SAMPLE_FILES["provider"]
    killed = run_killed(["load", plan, source], "pwrite64", 60, child_env(user_data), tmp_path)
    assert was_killed(killed), killed.stderr
    assert journal(plan).exists()
    assert run(["info", str(plan)]) == 0, capsys.readouterr().err
    assert cells_of(plan) == before
    assert run(["load", str(plan), str(source)]) == 0, capsys.readouterr().err
    assert len(cells_of(plan)) > 1000


def damage(path: Path) -> None:
    """Cut the file in half: really damaged, as a failing disk or a bad copy leaves it."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.fixture
def backed_up(tmp_path: Path) -> tuple[Path, list[dict]]:
    """A plan opened for editing three times (a rolling backup each time), with the
    values it had at each backup, oldest first."""
    plan = tmp_path / "trust.opplan"
    new_document(plan).close()
    states = []
    for figure in ("100", "200", "300"):
        with PlanSession.open(plan) as doc:  # the backup is taken here, then the edit
            states.append(doc.snapshot().stored_texts())
            doc.set_cells({("FIN.INC.01", "M01"): figure}, "typing")
    return plan, states


def test_a_damaged_plan_says_how_to_restore_it(
    backed_up: tuple[Path, list[dict]], capsys: pytest.CaptureFixture[str]
) -> None:
    plan, _states = backed_up
    damage(plan)
    assert run(["info", str(plan)]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and f"opplan restore {plan}" in err and "File > Restore a backup" in err


def test_restore_lists_the_backups_newest_first(
    backed_up: tuple[Path, list[dict]], capsys: pytest.CaptureFixture[str]
) -> None:
    plan, _states = backed_up
    damage(plan)
    assert run(["restore", str(plan)]) == 0
    out = capsys.readouterr().out.splitlines()
    listed = [line for line in out if line.lstrip()[:1].isdigit()]
    assert len(listed) == 3
    assert listed[0].split()[0] == "1" and "RZZ" in listed[0]
    assert f"opplan restore {plan} 1" in "\n".join(out)


def test_restore_moves_the_damaged_file_and_its_journal_aside(
    backed_up: tuple[Path, list[dict]], capsys: pytest.CaptureFixture[str]
) -> None:
    plan, states = backed_up
    rows = [(c, p, stored_text(v)) for (c, p), v in complete_values(catalogue()).items()]
    hot = interrupted_copy(plan, plan.with_name("hot.opplan"), rows)
    plan.unlink()
    hot.rename(plan)
    journal(hot).rename(journal(plan))
    damage(plan)  # really damaged, with a (now stale) journal beside it
    damaged_bytes = plan.read_bytes()
    journal_bytes = journal(plan).read_bytes()
    assert run(["restore", str(plan), "1"]) == 0, capsys.readouterr().err
    assert not journal(plan).exists()
    assert integrity(plan) == [("ok",)]
    assert cells_of(plan) == states[-1]  # the newest backup
    kept = {p.read_bytes(): p for p in plan.parent.iterdir() if p != plan}
    assert damaged_bytes in kept and journal_bytes in kept  # moved aside, never deleted
    aside = kept[damaged_bytes]
    assert kept[journal_bytes] == journal(aside)  # still paired with its own file
    assert run(["load", str(plan), str(_one_csv(plan.parent))]) == 0  # and it can be written


def test_restore_refuses_a_backup_that_is_damaged_too(
    backed_up: tuple[Path, list[dict]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, _states = backed_up
    bad = tmp_path / "bad-backup.opplan"
    bad.write_bytes(plan.read_bytes())
    damage(bad)
    before = plan.read_bytes()
    assert run(["restore", str(plan), str(bad)]) == 2
    assert "damaged" in capsys.readouterr().err
    assert plan.read_bytes() == before


def _one_csv(folder: Path) -> Path:
    path = folder / "one.csv"
    path.write_text("line,period,value\nFIN.INC.02,M01,5\n", encoding="utf-8")
    return path
