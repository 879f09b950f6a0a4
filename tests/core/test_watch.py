"""A plan open read-only follows its holder: the file watch and ``PlanSession.reload``."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from desktop.core.store.watch import Change, FileWatch


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def test_a_viewer_reads_what_the_holder_commits(plan_path: Path) -> None:
    with (
        PlanSession.open(plan_path) as holder,
        PlanSession.open(plan_path, read_only=True) as viewer,
    ):
        watch = FileWatch(plan_path)
        assert watch.check() is Change.CHANGED  # made after the read: read once more
        assert viewer.reload().count == 0
        watch.caught_up()
        assert watch.check() is Change.NONE
        heard = []
        viewer.subscribe(heard.append)
        total_before = viewer.plan.value("FIN.INC.TOT", "M01")

        holder.set_cells({("FIN.INC.02", "M01"): "24600.5"}, "typing")
        assert watch.check() is Change.CHANGED
        change_set = viewer.reload()
        watch.caught_up()
        assert watch.check() is Change.NONE
        assert [(c.line, c.period, c.new) for c in change_set.cells] == [
            ("FIN.INC.02", "M01", "24600.5")
        ]
        assert "FIN.INC.TOT" in change_set.lines
        assert viewer.plan.stored("FIN.INC.02", "M01") == Decimal("24600.5")
        assert viewer.plan.value("FIN.INC.TOT", "M01") == total_before + Decimal("31.7")
        assert heard == [change_set]

        holder.set_cells({("FIN.INC.02", "M01"): None}, "clear")
        holder.set_commentary("F07", "FIN.EFF.09", "Y1", "Schemes being worked up")
        assert watch.check() is Change.CHANGED
        again = viewer.reload()
        assert viewer.plan.stored("FIN.INC.02", "M01") is None
        assert again.commentary == {("F07", "FIN.EFF.09", "Y1")} and not again.stage
        snapshot = viewer.snapshot()
        assert [f for f in viewer.findings() if snapshot.commentary_for(f)]  # commentary seen


def test_nothing_new_is_cheap_and_silent(plan_path: Path) -> None:
    with PlanSession.open(plan_path, read_only=True) as viewer:
        watch = FileWatch(plan_path)
        watch.check()
        viewer.reload()
        watch.caught_up()
        heard = []
        viewer.subscribe(heard.append)
        for _ in range(3):
            assert watch.check() is Change.NONE
        assert viewer.reload().count == 0 and heard == []


def test_a_write_in_progress_a_replaced_file_and_a_moved_one(plan_path: Path) -> None:
    watch = FileWatch(plan_path)
    journal = Path(f"{plan_path}-journal")
    journal.write_bytes(b"\0" * 512)  # what a writer (or one that died mid-write) leaves
    assert watch.check() is Change.BUSY
    journal.unlink()
    assert watch.check() is Change.CHANGED
    watch.caught_up()
    copy = plan_path.with_name("copy.opplan")
    shutil.copyfile(plan_path, copy)
    os.replace(copy, plan_path)  # a backup restored over it, a colleague's copy saved on it
    assert watch.check() is Change.REPLACED
    plan_path.rename(plan_path.with_name("moved.opplan"))
    assert watch.check() is Change.GONE
