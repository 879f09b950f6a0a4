"""Killing a real process at a deterministic point, and making interrupted plan files.

``strace -e inject=SYSCALL:signal=SIGKILL:when=N`` kills the traced command the Nth
time it makes SYSCALL (Linux): the same point on every run, so a failure can be
replayed. ``interrupted_copy`` makes, without a process, the state a kill in the
middle of a transaction leaves: a database file with uncommitted pages in it and
the hot journal beside it that SQLite must roll back.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tests.helpers import ROOT, subprocess_env

MAIN = ROOT / "main.py"
STRACE = shutil.which("strace")

#: The system calls the sweep kills at (file writes, syncs, removals and renames).
SYSCALLS = (
    "pwrite64",
    "write",
    "fsync",
    "fdatasync",
    "unlink",
    "unlinkat",
    "rename",
    "renameat2",
    "link",
)


def strace_works() -> str | None:
    """Why strace cannot kill here (None when it can)."""
    if os.name != "posix" or not sys.platform.startswith("linux"):
        return "strace fault injection needs Linux"
    if STRACE is None:
        return "strace is not installed (Debian package strace)"
    probe = subprocess.run(
        [STRACE, "-f", "-qq", "-o", os.devnull, "-e", "inject=write:signal=SIGKILL:when=1", "true"],
        capture_output=True,
    )
    if probe.returncode not in (0, -9, 137):
        return f"strace cannot trace here: {probe.stderr.decode(errors='replace').strip()}"
    return None


def child_env(data_dir: Path) -> dict[str, str]:
    env = subprocess_env()
    env["OPPLAN_DATA_DIR"] = str(data_dir)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def command(args: Sequence[object]) -> list[str]:
    """``python main.py ARGS`` (a leading "-c" runs a script instead)."""
    parts = [str(a) for a in args]
    if parts[:1] == ["-c"]:
        return [sys.executable, *parts]
    return [sys.executable, str(MAIN), *parts]


def count_calls(args: Sequence[object], env: dict[str, str], cwd: Path) -> dict[str, int]:
    """How many times the command makes each of SYSCALLS when it runs to the end."""
    with tempfile.NamedTemporaryFile(suffix=".strace", delete=False) as out:
        report = Path(out.name)
    counting = ["-c", "-o", str(report), "-e", f"trace={','.join(SYSCALLS)}"]
    try:
        done = _strace(counting, args, env, cwd)
        if done.returncode != 0:
            raise AssertionError(f"{args} failed unkilled ({done.returncode}): {done.stderr}")
        counts = dict.fromkeys(SYSCALLS, 0)
        for line in report.read_text().splitlines():
            fields = line.split()
            if fields and fields[-1] in counts and fields[0][0].isdigit():
                calls = fields[3] if len(fields) >= 6 else fields[-2]
                counts[fields[-1]] = int(calls)
        return counts
    finally:
        report.unlink(missing_ok=True)


def run_killed(
    args: Sequence[object], syscall: str, when: int, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Run the command, killed with SIGKILL at the ``when``-th ``syscall`` (if it gets there)."""
    killing = ["-o", os.devnull, "-e", f"inject={syscall}:signal=SIGKILL:when={when}"]
    return _strace(killing, args, env, cwd)


def _strace(
    options: list[str], args: Sequence[object], env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    assert STRACE is not None
    return subprocess.run(
        [STRACE, "-f", "-qq", *options, *command(args)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def was_killed(result: subprocess.CompletedProcess[str]) -> bool:
    return result.returncode in (-9, 128 + 9)


def interrupted_copy(plan: Path, dest: Path, changes: Sequence[tuple[str, str, str]]) -> Path:
    """``dest``: ``plan`` as a kill in the middle of writing ``changes`` leaves it, with
    its hot journal (``plan`` itself is left as it was)."""
    conn = sqlite3.connect(plan, isolation_level=None)
    try:
        conn.execute("PRAGMA cache_size=4")  # spill changed pages into the file mid-way
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO cell (line, period, value) VALUES (?, ?, ?) "
            "ON CONFLICT (line, period) DO UPDATE SET value = excluded.value",
            list(changes),
        )
        journal = Path(f"{plan}-journal")
        assert journal.exists() and journal.stat().st_size > 0
        shutil.copyfile(plan, dest)
        shutil.copyfile(journal, f"{dest}-journal")
        conn.rollback()
    finally:
        conn.close()
    return dest
