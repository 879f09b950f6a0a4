r"""Build the one-folder app with PyInstaller, then smoke-test what was built.

    python installer/build.py              build into dist/OpPlanDesk, then test it
    python installer/build.py --tarball    ... and pack dist/OpPlanDesk-<v>-linux-x86_64.tar.gz
    python installer/build.py --installer  ... and (Windows) compile the Inno Setup installer
    python installer/build.py --no-build   test an existing dist/OpPlanDesk again

(with the project's virtual environment's Python: .venv/bin/python, or
.venv\Scripts\python on Windows).

The build holds two executables sharing one _internal/ folder: OpPlanDesk (windowed,
the app) and opplan (console, for commands and scripts: on Windows a windowed
executable has no console, so its output would be lost there). The smoke test runs
them headless (QT_QPA_PLATFORM=offscreen) in a temporary folder that stands in for
the user's data folder: ``opplan --version``, ``--selftest`` with each executable,
then the command line with ``opplan`` on a copy of the sample plan made by the
frozen app itself (``new``, ``load`` with the bundled sample CSV, ``check``,
``export``). Every step must exit 0, and the folder must stay under 200 MB.
Exit status: 0 when all is well, 1 when a step or the size check fails.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "opplan.spec"
ISS = ROOT / "installer" / "opplan.iss"
APP_NAME = "OpPlanDesk"  # the windowed executable, and the one-folder build's folder
CLI_NAME = "opplan"  # the console executable in the same folder
SIZE_LIMIT_MB = 200
STEP_TIMEOUT_S = 300


def read_version() -> str:
    """desktop/__init__.py's __version__, read as text (as the spec does)."""
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.MULTILINE)
    if not match:
        raise SystemExit("build.py: no __version__ in desktop/__init__.py")
    return match.group(1)


def say(text: str) -> None:
    print(text, flush=True)


# -- building --------------------------------------------------------------------------


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; return the one-folder app's folder."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
    ]
    say(f"building: {' '.join(command)}")
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    say(f"built in {time.perf_counter() - start:.1f} s")
    return dist / APP_NAME


def executable(app_dir: Path, program: str = APP_NAME) -> Path:
    """The path of one of the build's executables (the windowed app by default)."""
    return app_dir / (f"{program}.exe" if sys.platform == "win32" else program)


def bundled_resources(app_dir: Path) -> Path:
    """The resources/ folder inside the build (PyInstaller 6 puts data in _internal/)."""
    return app_dir / "_internal" / "resources"


def folder_size(path: Path) -> int:
    """Bytes on disk of every file under path (symbolic links not followed)."""
    total = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
    return total


# -- smoke test ------------------------------------------------------------------------


@dataclass
class StepResult:
    name: str
    returncode: int
    seconds: float
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def smoke_env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["OPPLAN_DATA_DIR"] = str(scratch / "userdata")
    env["OPPLAN_NO_CRASH_DIALOG"] = "1"
    env.pop("PYTHONPATH", None)  # the frozen app must not lean on the checkout
    return env


def run_app(
    app_dir: Path, args: list[str], scratch: Path, name: str, program: str = CLI_NAME
) -> StepResult:
    """Run one of the build's executables (the console one by default) headless."""
    start = time.perf_counter()
    result = subprocess.run(
        [str(executable(app_dir, program)), *args],
        capture_output=True,
        env=smoke_env(scratch),
        cwd=scratch,
        timeout=STEP_TIMEOUT_S,
    )
    return StepResult(
        name,
        result.returncode,
        time.perf_counter() - start,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def sample_commands(app_dir: Path, scratch: Path) -> list[tuple[str, list[str]]]:
    """The CLI steps on a copy of the default sample plan, made by the frozen app."""
    samples_dir = bundled_resources(app_dir) / "samples"
    with (samples_dir / "samples.toml").open("rb") as handle:
        first = tomllib.load(handle)["samples"][0]
    plan = scratch / "sample.opplan"
    return [
        (
            "new",
            [
                "new",
                str(plan),
                "--org",
                first["org_code"],
                "--name",
                first["org_name"],
                "--kind",
                first["org_kind"],
                "--round",
                first["round"],
                "--region",
                first["region"],
            ],
        ),
        ("load", ["load", str(plan), str(samples_dir / first["file"])]),
        ("check", ["check", str(plan)]),
        ("export", ["export", str(plan), "--out", str(scratch / "export")]),
    ]


def smoke_test(app_dir: Path, scratch: Path) -> list[StepResult]:
    """Run every step (stopping at the first failure); return what each did.

    Each result is named "<executable> <step>", for example "opplan check"."""
    version = read_version()
    steps: list[tuple[str, str, list[str]]] = [
        (CLI_NAME, "--version", ["--version"]),
        (APP_NAME, "--selftest", ["--selftest"]),
        (CLI_NAME, "--selftest", ["--selftest"]),
        *((CLI_NAME, name, args) for name, args in sample_commands(app_dir, scratch)),
    ]
    results = []
    for program, name, args in steps:
        result = run_app(app_dir, args, scratch, f"{program} {name}", program)
        if result.ok and name == "--version" and version not in result.stdout:
            result.returncode = 1
            result.stderr += f"\n--version did not print {version}"
        if result.ok and name == "--selftest" and "SELFTEST OK" not in result.stdout:
            result.returncode = 1
            result.stderr += "\n--selftest did not print SELFTEST OK"
        if result.ok and name == "export" and not list((scratch / "export").rglob("*.xlsx")):
            result.returncode = 1
            result.stderr += "\nexport wrote no workbook"
        results.append(result)
        if not result.ok:
            break
    return results


def report(results: list[StepResult]) -> bool:
    for result in results:
        say(f"  {'ok  ' if result.ok else 'FAIL'} {result.name:<21} {result.seconds:6.2f} s")
        if not result.ok:
            say(f"    exit status {result.returncode}")
            for label, text in (("stdout", result.stdout), ("stderr", result.stderr)):
                if text.strip():
                    tail = "\n".join(f"      {x}" for x in text.splitlines()[-40:])
                    say(f"    {label}:\n{tail}")
    return all(r.ok for r in results)


# -- packages --------------------------------------------------------------------------


def platform_tag() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, "other")
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"{system}-{machine}"


def make_tarball(app_dir: Path, version: str) -> Path:
    """dist/OpPlanDesk-<version>-linux-x86_64.tar.gz holding the OpPlanDesk/ folder."""
    dest = app_dir.parent / f"{APP_NAME}-{version}-{platform_tag()}.tar.gz"
    partial = dest.with_name(dest.name + ".partial")

    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(partial, "w:gz", compresslevel=9) as archive:
        archive.add(app_dir, arcname=app_dir.name, filter=normalise)
    os.replace(partial, dest)
    return dest


def find_iscc() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").exists():
            return str(Path(base) / "Inno Setup 6" / "ISCC.exe")
    local = os.environ.get("LOCALAPPDATA")
    if local and (Path(local) / "Programs" / "Inno Setup 6" / "ISCC.exe").exists():
        return str(Path(local) / "Programs" / "Inno Setup 6" / "ISCC.exe")
    return None


def make_installer(app_dir: Path, version: str) -> Path:
    """Compile installer/opplan.iss with Inno Setup 6 (Windows only)."""
    iscc = find_iscc()
    if iscc is None:
        raise SystemExit(
            "build.py: ISCC.exe (Inno Setup 6) not found: install it or put it on PATH"
        )
    out = app_dir.parent
    subprocess.run(
        [iscc, f"/DAppVersion={version}", f"/DBuildDir={app_dir}", f"/O{out}", str(ISS)],
        check=True,
    )
    return out / f"{APP_NAME}-{version}-setup.exe"


# -- main ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder")
    parser.add_argument("--no-build", action="store_true", help="test an existing build")
    parser.add_argument("--no-smoke", action="store_true", help="skip the smoke test")
    parser.add_argument("--tarball", action="store_true", help="also pack a .tar.gz (Linux)")
    parser.add_argument(
        "--installer", action="store_true", help="also compile the Inno Setup installer (Windows)"
    )
    args = parser.parse_args(argv)
    version = read_version()
    dist = args.dist.resolve()
    app_dir = dist / APP_NAME if args.no_build else build(dist, args.work.resolve())
    for program in (APP_NAME, CLI_NAME):
        if not executable(app_dir, program).exists():
            say(f"no executable at {executable(app_dir, program)}")
            return 1

    size_mb = folder_size(app_dir) / 1_000_000
    say(f"{app_dir}: {size_mb:.1f} MB (limit {SIZE_LIMIT_MB} MB), version {version}")
    for program in (APP_NAME, CLI_NAME):
        path = executable(app_dir, program)
        say(f"  {path.name}: {path.stat().st_size / 1_000_000:.1f} MB")
    ok = size_mb < SIZE_LIMIT_MB
    if not ok:
        say(f"FAIL: the one-folder build is {size_mb:.1f} MB, not under {SIZE_LIMIT_MB} MB")

    if not args.no_smoke:
        say("smoke test (headless):")
        with tempfile.TemporaryDirectory(prefix="opplan-smoke-") as scratch:
            ok = report(smoke_test(app_dir, Path(scratch))) and ok

    if ok and args.tarball:
        tarball = make_tarball(app_dir, version)
        say(f"wrote {tarball} ({tarball.stat().st_size / 1_000_000:.1f} MB)")
    if ok and args.installer:
        setup = make_installer(app_dir, version)
        say(f"wrote {setup}")
    say("BUILD OK" if ok else "BUILD FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
