"""A full disk, for real: a small tmpfs made by the test (root only, else skipped with
the reason). Every write operation exits 2 naming the file and the cure, leaves the
plan and earlier outputs as they were, and works once there is space again."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from tests.core.test_migrations import make_schema_1
from tests.faults.scenarios import NEW_ARGS, digest
from tests.faults.scenarios import integrity as integrity_ok
from tests.helpers import SAMPLE_FILES, SAMPLES


class SmallDisk:
    """A tmpfs of a few MB at ``root``, filled on demand to leave ``free`` bytes."""

    def __init__(self, root: Path):
        self.root = root
        self.filler = root / "filler.bin"

    def fill(self, free: int = 0) -> None:
        self.release()
        chunk = b"\0" * 4096
        fd = os.open(self.filler, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o644)
        try:
            while True:
                os.write(fd, chunk)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        if free:
            size = self.filler.stat().st_size
            os.truncate(self.filler, max(0, size - free))

    def release(self) -> None:
        self.filler.unlink(missing_ok=True)

    def leftovers(self, *keep: Path) -> list[str]:
        kept = {p.name for p in keep} | {self.filler.name}
        return sorted(p.name for p in self.root.rglob("*") if p.name not in kept and p.is_file())


def _mount(where: Path, size: str) -> None:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real full disk needs a small tmpfs, which only root can mount here")
    where.mkdir(parents=True, exist_ok=True)
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    where = tmp_path / "disk"
    _mount(where, "3m")
    try:
        yield SmallDisk(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def values(path: Path) -> dict:
    with PlanSession.open(path, read_only=True) as doc:
        return doc.snapshot().stored_texts()


@pytest.fixture
def plan(disk: SmallDisk) -> Path:
    """A new plan on the small disk."""
    path = disk.root / "plan.opplan"
    assert run(["new", str(path), *NEW_ARGS]) == 0
    return path


def test_new_on_a_full_disk_leaves_nothing_and_a_retry_works(
    disk: SmallDisk, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = disk.root / "new.opplan"
    disk.fill(free=32 * 1024)  # less than a new plan takes
    assert run(["new", str(plan), *NEW_ARGS]) == 2
    err = capsys.readouterr().err
    assert "disk is full" in err and str(plan) in err
    assert disk.leftovers() == []  # no plan, journal, lock or temporary file
    disk.release()
    assert run(["new", str(plan), *NEW_ARGS]) == 0, capsys.readouterr().err
    assert values(plan)  # the parameter defaults are there


def test_load_on_a_full_disk_changes_nothing(
    disk: SmallDisk, plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = values(plan)
    source = SAMPLES / SAMPLE_FILES["provider"]
    disk.fill(free=8 * 1024)
    assert run(["load", str(plan), str(source)]) == 2
    err = capsys.readouterr().err
    assert "disk is full" in err and "internal error" not in err
    assert integrity_ok(plan) and values(plan) == before
    disk.release()
    assert run(["load", str(plan), str(source)]) == 0


def test_the_lock_on_a_full_disk_is_a_typed_error(
    disk: SmallDisk, plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(plan)
    disk.fill()
    code = run(["stage", str(plan), "final"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "cannot lock" in err and "disk is full" in err
    assert digest(plan) == before
    assert disk.leftovers(plan) == []  # no empty lock file left behind


@pytest.fixture
def sample_plan(disk: SmallDisk) -> Path:
    return build_sample(sample("provider"), disk.root / "trust.opplan")


def bundle_consistent(folder: Path) -> bool:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    present = {p.name for p in folder.iterdir()} - {"manifest.json"}
    return present == set(listed) and all(digest(folder / n) == h for n, h in listed.items())


def bundle_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir())


@pytest.mark.parametrize("zipped", [False, True], ids=["folder", "zip"])
def test_export_on_a_full_disk_keeps_the_previous_bundle(
    disk: SmallDisk, plan: Path, tmp_path: Path, zipped: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    out = disk.root / "out"
    assert run(["export", str(plan), "--out", str(out), "--zip"]) == 0  # an almost empty plan
    [folder] = [p for p in out.iterdir() if p.is_dir()]
    zipped_bundle = out / f"{folder.name}.zip"
    before = {p.name: digest(p) for p in folder.iterdir()}
    zip_before = digest(zipped_bundle)
    assert run(["load", str(plan), str(SAMPLES / SAMPLE_FILES["provider"])]) == 0
    measure = tmp_path / "measure"
    assert run(["export", str(plan), "--out", str(measure), "--zip"]) == 0
    new_bytes = bundle_bytes(measure / folder.name)
    zip_bytes = (measure / zipped_bundle.name).stat().st_size
    capsys.readouterr()
    # Zipped: room for the new bundle's files but not for its zip as well. Unzipped: not
    # even room for all the new files.
    free = new_bytes + zip_bytes // 2 if zipped else new_bytes // 2
    disk.fill(free=free)
    argv = ["export", str(plan), "--out", str(out)] + (["--zip"] if zipped else [])
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert {p.name: digest(p) for p in folder.iterdir()} == before
    assert digest(zipped_bundle) == zip_before
    assert "disk is full" in err, err
    assert sorted(p.name for p in out.iterdir()) == [folder.name, zipped_bundle.name]
    disk.release()
    assert run(argv) == 0
    assert bundle_consistent(folder)


def test_boardpack_on_a_full_disk_keeps_the_previous_pack(
    disk: SmallDisk, sample_plan: Path, capsys: pytest.CaptureFixture[str], qapp
) -> None:
    # qapp: the suite's QApplication exists before the command wants a GUI application
    pack = disk.root / "pack.pdf"
    assert run(["boardpack", str(sample_plan), "--out", str(pack)]) == 0
    before = digest(pack)
    capsys.readouterr()
    disk.fill(free=16 * 1024)
    assert run(["boardpack", str(sample_plan), "--out", str(pack)]) == 2
    err = capsys.readouterr().err
    assert "disk is full" in err and "Wrote" not in err
    assert digest(pack) == before
    assert disk.leftovers(sample_plan, pack) == []
    disk.release()
    assert run(["boardpack", str(sample_plan), "--out", str(pack)]) == 0


def test_a_migration_whose_backup_cannot_be_written_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _mount(data, "1m")
    try:
        monkeypatch.setenv("OPPLAN_DATA_DIR", str(data))
        (data / "backups").mkdir()
        plan = tmp_path / "old.opplan"
        make_schema_1(plan)
        before = digest(plan)
        SmallDisk(data).fill()
        assert run(["stage", str(plan), "draft"]) == 2
        err = capsys.readouterr().err
        assert "internal error" not in err and "disk is full" in err
        assert "backup" in err and "nothing was changed" in err
        assert digest(plan) == before
    finally:
        subprocess.run(["umount", "-l", str(data)], check=False)


def test_a_migration_on_a_full_disk_changes_nothing(
    disk: SmallDisk, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = disk.root / "old.opplan"
    make_schema_1(plan)
    before = digest(plan)
    disk.fill(free=4 * 1024)
    assert run(["stage", str(plan), "draft"]) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and "disk is full" in err
    assert digest(plan) == before
    disk.release()
    assert run(["stage", str(plan), "draft"]) == 0
