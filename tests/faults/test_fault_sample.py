"""A sample of the fault sweep in the normal suite: real CLI processes killed with
SIGKILL (strace) at points that matter, then judged as the full sweep judges them
(``tests/faults/sweep.py`` runs every point; see scenarios.py for the judging).

The points include moments issue 11 found unsafe: a load killed before its 5th unlink
(once "permission denied" for every read until a write), a migration killed half-way
(once exit 70 on the retry), ``new`` before its final link (once a 0-byte plan), an
export as it swaps the new bundle in (once a mix of old and new workbooks), a board
pack and a copy before their rename.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.harness import child_env, run_killed, strace_works, was_killed
from tests.faults.scenarios import BY_NAME, Fixtures, judge, learn

WHY = strace_works()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(WHY is not None, reason=WHY or "")]

#: One point for most operations (a load killed half-way is also in test_recovery.py;
#: submit and comment write as approve and stage do: the full sweep kills them).
POINTS = [
    ("load", "unlink", 5),
    ("import", "pwrite64", 70),
    ("approve", "pwrite64", 80),
    ("stage", "unlink", 7),
    ("migration", "pwrite64", 30),
    ("new", "link", 2),
    ("export", "renameat2", 1),
    ("boardpack", "rename", 1),
    ("save a copy", "rename", 1),
]


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory: pytest.TempPathFactory, qapp) -> Fixtures:
    # qapp first: the fixtures' board pack must not make a bare QGuiApplication
    with pytest.MonkeyPatch.context() as patch:
        root = tmp_path_factory.mktemp("faults")
        patch.setenv("OPPLAN_DATA_DIR", str(root / "data"))
        return Fixtures(root / "fixtures")


@pytest.fixture(scope="session")
def learned() -> set[str]:
    return set()


@pytest.mark.parametrize(("name", "syscall", "when"), POINTS, ids=lambda p: str(p))
def test_a_kill_leaves_the_plan_before_or_after_and_usable(
    name: str,
    syscall: str,
    when: int,
    fixtures: Fixtures,
    learned: set[str],
    tmp_path: Path,
) -> None:
    scenario = BY_NAME[name]
    if name not in learned:
        learn(scenario, fixtures, tmp_path / "learn")
        learned.add(name)
    run = scenario.start(fixtures, tmp_path / "run")
    child = child_env(run.data)
    result = run_killed(scenario.args(fixtures, run), syscall, when, child, run.folder)
    assert was_killed(result), (
        f"{name} finished before its {when}th {syscall}: choose another point "
        f"(python -m tests.faults.sweep --only {name!r} shows the counts)"
    )
    outcome = judge(scenario, fixtures, run)
    assert outcome.ok, outcome
