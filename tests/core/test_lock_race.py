"""One writer, always: the lock under contention and after a take-over (issue 11, fault 5)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop.core.errors import PlanInUse, ReadOnlyPlan
from desktop.core.session import PlanSession
from desktop.core.store.lock import lock_path
from tests.helpers import new_document, subprocess_env

WORKER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from desktop.core.errors import PlanInUse
    from desktop.core.store.lock import PlanLock
    plan = Path(sys.argv[1])
    for line in sys.stdin:
        word, *rest = line.split()
        if word == "go":
            start = float(rest[0])
            while time.time() < start:
                pass
            lock = PlanLock(plan)
            try:
                lock.acquire()
                print("got", flush=True)
            except PlanInUse:
                lock = None
                print("busy", flush=True)
        elif word == "release":
            if lock is not None:
                lock.release()
            print("released", flush=True)
        elif word == "quit":
            break
""")


def stale_lock(plan: Path) -> None:
    """A lock left by a process of this machine that has gone (an older version's format)."""
    lock_path(plan).write_text(
        json.dumps(
            {"user": "ghost", "host": socket.gethostname(), "pid": 2**22 + 11, "since": "yesterday"}
        ),
        encoding="utf-8",
    )


def other_machine_takes_over(plan: Path, host: str = "LAPTOP-042") -> None:
    """What the other machine's take-over does to the lock file: replaces it."""
    tmp = plan.with_name(".other-machine.tmp")
    tmp.write_text(
        json.dumps(
            {
                "user": "jsmith",
                "host": host,
                "pid": 4242,
                "since": "12 Mar 2019 09:14",
                "token": "0" * 32,
                "app": "OpPlan Desk",
            }
        ),
        encoding="utf-8",
    )
    os.replace(tmp, lock_path(plan))


@pytest.mark.slow
def test_two_processes_acquiring_at_once_never_both_hold_the_lock(tmp_path: Path) -> None:
    plan = tmp_path / "plan.opplan"
    plan.write_bytes(b"")  # the lock does not read the plan
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(plan)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=subprocess_env(),
        )
        for _ in range(2)
    ]
    both = []
    outcomes = []
    try:
        for round_number in range(50):
            if round_number % 2:
                stale_lock(plan)
            start = time.time() + 0.02
            for worker in workers:
                assert worker.stdin is not None
                worker.stdin.write(f"go {start}\n")
                worker.stdin.flush()
            answers = [w.stdout.readline().strip() for w in workers]  # type: ignore[union-attr]
            outcomes.append(tuple(answers))
            if answers.count("got") > 1:
                both.append(round_number)
            for worker in workers:
                worker.stdin.write("release\n")  # type: ignore[union-attr]
                worker.stdin.flush()  # type: ignore[union-attr]
            assert [w.stdout.readline().strip() for w in workers] == ["released"] * 2  # type: ignore[union-attr]
            assert not lock_path(plan).exists()
    finally:
        for worker in workers:
            if worker.stdin is not None:
                worker.stdin.write("quit\n")
                worker.stdin.close()
            worker.wait(timeout=30)
            if worker.stdout is not None:
                worker.stdout.close()
    assert both == [], f"two holders in rounds {both}"
    assert all(o.count("got") == 1 for o in outcomes), outcomes  # and always one


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "trust.opplan"
    with new_document(path) as doc:
        doc.set_cells({("FIN.INC.01", "M01"): "100"}, "typing")
    return path


def test_a_live_holder_on_this_machine_cannot_be_taken_over(plan: Path) -> None:
    with PlanSession.open(plan) as holder:
        with pytest.raises(PlanInUse) as refused:
            PlanSession.open(plan, take_over=True)
        assert not refused.value.can_take_over
        assert "this computer" in str(refused.value)
        holder.set_cells({("FIN.INC.01", "M01"): "200"}, "typing")  # still the writer
    assert not lock_path(plan).exists()


def test_an_editor_whose_lock_was_taken_over_cannot_write(plan: Path) -> None:
    with PlanSession.open(plan) as doc:
        other_machine_takes_over(plan)
        with pytest.raises(ReadOnlyPlan, match="LAPTOP-042"):
            doc.set_cells({("FIN.INC.01", "M01"): "999"}, "typing")
        assert doc.read_only and "jsmith" in doc.read_only_reason
    with PlanSession.open(plan, read_only=True) as check:
        assert check.snapshot().stored_texts()[("FIN.INC.01", "M01")] == "100"


def test_closing_never_deletes_a_lock_that_is_no_longer_ours(plan: Path) -> None:
    doc = PlanSession.open(plan)
    other_machine_takes_over(plan)
    doc.close()
    assert "LAPTOP-042" in lock_path(plan).read_text(encoding="utf-8")
    with pytest.raises(PlanInUse, match="LAPTOP-042"):
        PlanSession.open(plan)


def test_an_empty_lock_being_written_is_not_judged_stale(plan: Path) -> None:
    lock_path(plan).write_bytes(b"")  # another process between creating and writing it
    with pytest.raises(PlanInUse):
        PlanSession.open(plan)
    assert lock_path(plan).exists()
