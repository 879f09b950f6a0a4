"""The frozen one-folder app against the same app from source: size, and the wall time
from start to ``--selftest`` done (median of 5 runs, after one warm-up run).

Run: .venv/bin/python tests/bench/bench_frozen.py [--build] [--app dist/OpPlanDesk]

Uses dist/OpPlanDesk when it is there (``python installer/build.py`` makes it);
``--build`` (or a missing folder) builds it first. Each run is a fresh process,
headless, with a throwaway data folder; so the times include starting Python,
importing Qt, opening the window, and the selftest's own work (building the
sample plan, the checks, an export of three workbooks and reading them back).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from subprocess import PIPE

from harness import ROOT, measure

REPEAT = 5


def load_build_script():
    spec = importlib.util.spec_from_file_location("opplan_build", ROOT / "installer" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_ok(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0 or "SELFTEST OK" not in result.stdout:
        raise SystemExit(f"{command} failed:\n{result.stdout}\n{result.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", type=Path, default=ROOT / "dist" / "OpPlanDesk")
    parser.add_argument("--build", action="store_true", help="build dist/OpPlanDesk first")
    args = parser.parse_args()
    build = load_build_script()
    app_dir = args.app.resolve()
    if args.build or not build.executable(app_dir).exists():
        app_dir = build.build(app_dir.parent, ROOT / "build")

    size = build.folder_size(app_dir)
    print(f"one-folder build {app_dir}: {size / 1_000_000:.1f} MB ({size:,} bytes)")

    with tempfile.TemporaryDirectory(prefix="opplan-bench-") as scratch:
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            OPPLAN_DATA_DIR=str(Path(scratch) / "userdata"),
            OPPLAN_NO_CRASH_DIALOG="1",
        )
        env.pop("PYTHONPATH", None)
        frozen = [str(build.executable(app_dir)), "--selftest"]
        source = [sys.executable, str(ROOT / "main.py"), "--selftest"]
        measure(
            "frozen: start to --selftest done",
            lambda: run_ok(frozen, env),
            repeat=REPEAT,
        )
        measure(
            "source: python main.py --selftest",
            lambda: run_ok(source, env),
            repeat=REPEAT,
        )
        measure(
            "frozen: --version",
            lambda: subprocess.run([frozen[0], "--version"], env=env, check=True, stdout=PIPE),
            repeat=REPEAT,
        )
        measure(
            "source: python main.py --version",
            lambda: subprocess.run([*source[:2], "--version"], env=env, check=True, stdout=PIPE),
            repeat=REPEAT,
        )


if __name__ == "__main__":
    main()
