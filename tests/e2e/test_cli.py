"""The command line as a user runs it, ``python main.py COMMAND ...``: what only a real
process shows (the exit code and streams the shell sees, a reader that goes away, the
installed console script). Everything else about the commands is tested in-process
under tests/cli/.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, subprocess_env

MAIN = str(ROOT / "main.py")


def opplan(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, MAIN, *map(str, args)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=120,
        cwd=cwd,
    )


def test_a_failure_exits_2_with_one_line_naming_the_file(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.opplan"
    bogus.write_bytes(b"not a plan at all")
    result = opplan("info", bogus)
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("opplan info: error: ") and str(bogus) in line
    assert "not an OpPlan Desk plan" in line


def test_help_lists_the_commands_and_exits_0() -> None:
    result = opplan("--help")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("usage: opplan")
    for command in ("new", "load", "check", "export", "import", "submit", "boardpack"):
        assert command in result.stdout


@pytest.mark.parametrize("args", [["dump"], ["check", "--json"]])
def test_a_reader_that_goes_away_is_not_an_error(trust_path: Path, args: list[str]) -> None:
    """``opplan check PLAN --json | head -1``: the pipe closes before the command writes.

    Output to a pipe is buffered as on a user's machine (not PYTHONUNBUFFERED), so a
    short output meets the closed pipe only when it is flushed.
    """
    env = subprocess_env()
    env.pop("PYTHONUNBUFFERED", None)
    with subprocess.Popen(
        [sys.executable, MAIN, args[0], str(trust_path), *args[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # the reader has gone before the first line is written
        stderr = child.stderr.read().decode()
        assert child.wait(timeout=120) == 0, stderr
    assert stderr == ""


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("opplan")
    if not script.exists():
        pytest.skip("package not installed in this environment")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "OpPlan Desk" in result.stdout
