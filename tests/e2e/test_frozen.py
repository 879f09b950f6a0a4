"""The frozen app: built fresh with PyInstaller, then run as a user's machine runs it.

One build per module (about 30 s here): into a temporary folder, never reusing a
dist/ folder, so what is tested is what the spec makes today. The executables run
headless, outside the checkout, with a throwaway data folder: the console ``opplan``
for commands, the windowed ``OpPlanDesk`` for the window. The build script's smoke
test runs once; several tests read what its steps printed.
Skipped when PyInstaller is not installed (``pip install -e '.[test]'`` installs it).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import ROOT

pytest.importorskip("PyInstaller", reason="PyInstaller is not installed")

pytestmark = [pytest.mark.frozen, pytest.mark.slow]

SIZE_LIMIT_BYTES = 200 * 1_000_000


def load_build_script() -> ModuleType:
    """installer/build.py as a module (installer/ is not a package)."""
    spec = importlib.util.spec_from_file_location("opplan_build", ROOT / "installer" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return load_build_script()


@pytest.fixture(scope="module")
def app_dir(build: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("frozen")
    # PyInstaller's cache of its own: --clean empties the cache folder, and a build
    # running at the same time elsewhere on the machine must not lose it midway
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYINSTALLER_CONFIG_DIR", str(folder / "pyinstaller-cache"))
        return build.build(folder / "dist", folder / "build")


@pytest.fixture(scope="module")
def smoke(build: ModuleType, app_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The build script's smoke test, run once: its steps' results by name, and its folder
    (the steps run one after another in it: --version, --selftest with each executable,
    then new, load, check and export on a copy of the sample with opplan)."""
    scratch = tmp_path_factory.mktemp("smoke")
    return {"scratch": scratch, "results": build.smoke_test(app_dir, scratch)}


def step(smoke: dict, name: str):
    """The smoke test's step ``name``, which must have exited 0."""
    [result] = [r for r in smoke["results"] if r.name == name]
    assert result.returncode == 0, (
        f"{name} exited {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    return tmp_path


def run(build: ModuleType, app_dir: Path, scratch: Path, *args: str, program: str = "opplan"):
    result = build.run_app(app_dir, list(args), scratch, " ".join(args), program)
    assert result.returncode == 0, (
        f"{program} {args} exited {result.returncode}\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


def test_both_executables_are_in_the_one_folder(build: ModuleType, app_dir: Path) -> None:
    assert build.CLI_NAME == "opplan"
    names = sorted(p.name for p in app_dir.iterdir())
    if sys.platform == "win32":
        assert names == ["OpPlanDesk.exe", "_internal", "opplan.exe"]
    else:
        assert names == ["OpPlanDesk", "_internal", "opplan"]
    # they share _internal/: the console one adds only its own bootloader and PYZ archive
    windowed = build.executable(app_dir, "OpPlanDesk").stat().st_size
    console = build.executable(app_dir, "opplan").stat().st_size
    assert abs(console - windowed) < 2_000_000


def test_version(build: ModuleType, smoke: dict) -> None:
    result = step(smoke, "opplan --version")
    assert result.stdout.strip() == f"OpPlan Desk {build.read_version()}"


def test_selftest(build: ModuleType, app_dir: Path, scratch: Path) -> None:
    result = run(build, app_dir, scratch, "--selftest", program="OpPlanDesk")
    assert "(frozen, Qt platform offscreen)" in result.stdout
    assert "SELFTEST OK" in result.stdout
    assert "defusedxml" in result.stdout
    # --selftest leaves the (stand-in) user data folder without any plan or backup
    data = scratch / "userdata"
    assert sorted(p.name for p in data.iterdir()) == ["logs"]
    assert "selftest passed" in (data / "logs" / "opplan-desk.log").read_text(encoding="utf-8")


def test_check_and_export_on_a_copy_of_the_sample(smoke: dict) -> None:
    scratch = smoke["scratch"]
    assert "Loaded 1,283 values" in step(smoke, "opplan load").stdout
    assert "0 error(s), 4 warning(s)" in step(smoke, "opplan check").stdout
    step(smoke, "opplan export")
    workbooks = sorted(p.name for p in (scratch / "export").rglob("*.xlsx"))
    assert workbooks == [
        "RZZ_2019-20_Activity_Draft1.xlsx",
        "RZZ_2019-20_Finance_Draft1.xlsx",
        "RZZ_2019-20_Workforce_Draft1.xlsx",
    ]
    assert list((scratch / "export").rglob("manifest.json"))


def test_the_smoke_test_of_the_build_script_passes(smoke: dict) -> None:
    results = smoke["results"]
    assert [r.name for r in results if not r.ok] == []
    assert [r.name for r in results] == [
        "opplan --version",
        "OpPlanDesk --selftest",
        "opplan --selftest",
        "opplan new",
        "opplan load",
        "opplan check",
        "opplan export",
    ]


def test_the_folder_is_under_200_mb(build: ModuleType, app_dir: Path) -> None:
    size = build.folder_size(app_dir)
    print(f"one-folder build: {size / 1_000_000:.1f} MB")
    assert size < SIZE_LIMIT_BYTES


def test_what_is_bundled_and_what_is_left_out(app_dir: Path) -> None:
    internal = app_dir / "_internal"
    names = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    # kept: the data the app reads, and the migrations Alembic reads as files
    migrations = ROOT / "desktop" / "core" / "store" / "migrations"
    for path in [migrations / "env.py", *sorted((migrations / "versions").glob("0*.py"))]:
        assert f"desktop/core/store/migrations/{path.relative_to(migrations).as_posix()}" in names
    assert "resources/samples/samples.toml" in names
    assert "resources/icons/opplan.png" in names
    assert any(n.startswith("resources/rounds/2019-20/") for n in names)
    assert "resources/samples/make_samples.py" not in names
    # kept: the Qt platform plugins a desktop and a headless run need
    plugins = "PySide6/Qt/plugins/platforms/"
    platform_plugin = "qwindows.dll" if sys.platform == "win32" else "libqxcb.so"
    assert f"{plugins}{platform_plugin}" in names
    assert any(n.startswith(plugins) and "offscreen" in n for n in names)
    # left out: Qt modules and translations the app does not use
    unwanted = re.compile(r"qt6(network|qml|quick|webengine|multimedia|sql|test|pdf)", re.I)
    assert sorted(n for n in names if unwanted.search(Path(n).name)) == []
    assert sorted(n for n in names if n.endswith(".qm")) == []
    assert not any(Path(n).name.startswith(("tkinter", "_tkinter")) for n in names)
    assert not any(n.startswith(("pytest", "_pytest", "PyInstaller/")) for n in names)
