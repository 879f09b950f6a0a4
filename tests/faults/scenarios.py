"""The write operations the fault sweep kills, and how each is judged afterwards.

Every scenario runs a real command (``python main.py ...``, or a short script for
"save a copy", which has no command) on a fresh copy of a plan made once per sweep.
After the kill (``harness.run_killed``) ``judge`` says what it finds, with no manual
step in between:

- **damaged**: ``PRAGMA integrity_check`` fails, or the plan is reported damaged;
- **mixed**: the plan is neither exactly as before the operation nor exactly as after
  it; a bundle's files disagree with its manifest, or are neither the old bundle nor
  a new one (also after the next run finished an interrupted swap); a board pack or a
  copy is neither the old file nor a complete new one;
- **blocked**: the next read or the next write of the same file fails (for an output,
  the same operation run again);
- **leftovers**: temporary files of the killed run still there after the next run.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import DamagedPlanFile, UserError
from desktop.core.session import PlanSession
from tests.helpers import SAMPLE_FILES, SAMPLES

NEW_ARGS = [
    "--org",
    "RZZ",
    "--name",
    "Sweep Trust",
    "--kind",
    "provider",
    "--round",
    "2019-20",
    "--region",
    "north",
]
COMMENT = [
    "--rule",
    "F07",
    "--line",
    "FIN.EFF.09",
    "--period",
    "Y1",
    "--text",
    "Schemes for the unidentified savings are being worked up with divisions",
]
APPROVE = [
    "--version",
    "1",
    "--body",
    "trust board",
    "--date",
    "2019-03-28",
    "--by",
    "A. Chair",
    "--role",
    "Chair",
    "--minute",
    "TB/19/041",
]
COPY_SCRIPT = (
    "import sys; from desktop.core.session import PlanSession\n"
    "with PlanSession.open(sys.argv[1], read_only=True) as doc: doc.save_copy(sys.argv[2])\n"
)
LEFTOVER_PATTERNS = ("*.tmp", "*.tmp-journal", ".opplan-export-*")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan_state(path: Path) -> tuple:
    """Everything an operation may change in a plan, read as the app reads it."""
    with PlanSession.open(path, read_only=True) as doc:
        return (
            doc.schema_revision,
            tuple(sorted(doc.snapshot().stored_texts().items())),
            tuple(sorted(dict(doc.snapshot().commentary).items())),
            doc.snapshot().stage.label,
            tuple((v.label, v.content_hash) for v in doc.snapshot().versions),
            tuple((a.version_id, a.body, a.minute) for a in doc.snapshot().approvals),
        )


def integrity(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def leftovers(*folders: Path) -> list[str]:
    return sorted(
        str(p)
        for folder in folders
        if folder.is_dir()
        for pattern in LEFTOVER_PATTERNS
        for p in folder.glob(pattern)
    )


@dataclass
class Outcome:
    damaged: list[str] = field(default_factory=list)
    mixed: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.damaged or self.mixed or self.blocked or self.leftovers)


# -- the fixtures: made once, copied for every run ---------------------------------------


class Fixtures:
    """The plans and outputs the scenarios start from, made once in ``root``."""

    def __init__(self, root: Path):
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            self._make(root)

    def _make(self, root: Path) -> None:
        from desktop.cli import run
        from tests.core.test_migrations import make_schema_1

        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.sample_csv = SAMPLES / SAMPLE_FILES["provider"]
        self.empty = root / "empty.opplan"
        assert run(["new", str(self.empty), *NEW_ARGS]) == 0
        self.full = root / "full.opplan"
        shutil.copy(self.empty, self.full)
        assert run(["load", str(self.full), str(self.sample_csv)]) == 0
        self.submitted = root / "submitted.opplan"
        shutil.copy(self.full, self.submitted)
        assert run(["submit", str(self.submitted)]) == 0
        self.old = root / "old.opplan"
        make_schema_1(self.old)
        # Outputs made from the plan before a change, so that old and new differ.
        self.old_bundle = root / "old-bundle"
        assert run(["export", str(self.empty), "--out", str(self.old_bundle), "--zip"]) == 0
        self.old_pack = root / "old-pack.pdf"
        assert run(["boardpack", str(self.empty), "--out", str(self.old_pack)]) == 0
        self.old_copy = root / "old-copy.opplan"
        shutil.copy(self.empty, self.old_copy)
        self.workbook = root / "edited.xlsx"
        _edited_workbook(self.full, root / "wb", self.workbook)


def _edited_workbook(plan: Path, out: Path, dest: Path) -> None:
    """The plan's Finance workbook, exported, with one figure typed in as in Excel."""
    from openpyxl import load_workbook

    from desktop.cli import run
    from desktop.core.exchange import workbook_layout as wl

    assert run(["export", str(plan), "--out", str(out)]) == 0
    [finance] = out.glob("*/*_Finance_*.xlsx")
    with PlanSession.open(plan, read_only=True) as doc:
        line = doc.catalogue.lines["FIN.INC.01"]
        layout = wl.layout_for(doc.catalogue, doc.catalogue.template(line.template))
        spot = layout.spots[("FIN.INC.01", "M01")]
    book = load_workbook(finance)
    book[spot.sheet.title].cell(spot.row, spot.column).value = 7777.5
    book.save(dest)


# -- the scenarios --------------------------------------------------------------------------


@dataclass
class Run:
    """One run's working folder: the plan, the outputs, the data folder."""

    folder: Path
    plan: Path
    out: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"


@dataclass
class Scenario:
    name: str
    prepare: Callable[[Fixtures, Run], None]
    args: Callable[[Fixtures, Run], list[object]]
    kind: str = "plan"  # plan | new | bundle | pack | copy
    before: Any = None
    after: Any = None

    def start(self, fixtures: Fixtures, folder: Path) -> Run:
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        run = Run(folder, folder / "plan.opplan", folder / "out")
        run.data.mkdir()
        self.prepare(fixtures, run)
        return run


def _plan_from(source: Callable[[Fixtures], Path]) -> Callable[[Fixtures, Run], None]:
    def prepare(fixtures: Fixtures, run: Run) -> None:
        shutil.copy(source(fixtures), run.plan)

    return prepare


def _with_outputs(fixtures: Fixtures, run: Run) -> None:
    shutil.copy(fixtures.full, run.plan)
    shutil.copytree(fixtures.old_bundle, run.out)
    shutil.copy(fixtures.old_pack, run.folder / "pack.pdf")
    shutil.copy(fixtures.old_copy, run.folder / "copy.opplan")


def _nothing(fixtures: Fixtures, run: Run) -> None:
    pass


SCENARIOS = [
    Scenario("load", _plan_from(lambda f: f.empty), lambda f, r: ["load", r.plan, f.sample_csv]),
    Scenario("import", _plan_from(lambda f: f.full), lambda f, r: ["import", r.plan, f.workbook]),
    Scenario("submit", _plan_from(lambda f: f.full), lambda f, r: ["submit", r.plan]),
    Scenario(
        "approve", _plan_from(lambda f: f.submitted), lambda f, r: ["approve", r.plan, *APPROVE]
    ),
    Scenario("comment", _plan_from(lambda f: f.full), lambda f, r: ["comment", r.plan, *COMMENT]),
    Scenario("stage", _plan_from(lambda f: f.full), lambda f, r: ["stage", r.plan, "final"]),
    Scenario("migration", _plan_from(lambda f: f.old), lambda f, r: ["stage", r.plan, "draft"]),
    Scenario("new", _nothing, lambda f, r: ["new", r.plan, *NEW_ARGS], kind="new"),
    Scenario(
        "export",
        _with_outputs,
        lambda f, r: ["export", r.plan, "--out", r.out, "--zip"],
        kind="bundle",
    ),
    Scenario(
        "boardpack",
        _with_outputs,
        lambda f, r: ["boardpack", r.plan, "--out", r.folder / "pack.pdf"],
        kind="pack",
    ),
    Scenario(
        "save a copy",
        _with_outputs,
        lambda f, r: ["-c", COPY_SCRIPT, r.plan, r.folder / "copy.opplan"],
        kind="copy",
    ),
]
BY_NAME = {s.name: s for s in SCENARIOS}


def learn(scenario: Scenario, fixtures: Fixtures, folder: Path) -> None:
    """The plan before and after the scenario's operation (run here, to its end)."""
    import contextlib
    import io
    import os

    from desktop.cli import run as cli

    run = scenario.start(fixtures, folder)
    scenario.before = None if scenario.kind == "new" else plan_state(run.plan)
    os.environ["OPPLAN_DATA_DIR"] = str(run.data)
    args = [str(a) for a in scenario.args(fixtures, run)]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = _copy_again(run) if scenario.kind == "copy" else cli(args)
    assert code == 0, f"{scenario.name} failed unkilled"
    scenario.after = plan_state(run.plan)


def count_points(scenario: Scenario, fixtures: Fixtures, folder: Path, env: dict[str, str]) -> dict:
    """How many times the operation makes each system call the sweep kills at."""
    from tests.faults.harness import count_calls

    run = scenario.start(fixtures, folder)
    return count_calls(
        scenario.args(fixtures, run), env | {"OPPLAN_DATA_DIR": str(run.data)}, run.folder
    )


# -- judging a killed run -------------------------------------------------------------------


def judge(scenario: Scenario, fixtures: Fixtures, run: Run) -> Outcome:
    """What a killed run left, and whether the next read and write work."""
    outcome = Outcome()
    if scenario.kind == "new" and not run.plan.exists():
        _next_write(scenario, fixtures, run, outcome)  # leftovers: removed by the next run
        return outcome
    try:
        state = plan_state(run.plan)  # the next read, as every read command does it
    except DamagedPlanFile as exc:
        outcome.damaged.append(str(exc))
        return outcome
    except UserError as exc:
        outcome.blocked.append(f"next read: {exc}")
        return outcome
    if not integrity(run.plan):
        outcome.damaged.append("integrity_check failed")
    if state not in (scenario.before, scenario.after):
        outcome.mixed.append("the plan is neither as before nor as after the operation")
    if scenario.kind == "bundle":
        _judge_bundle(fixtures, run, outcome)
    elif scenario.kind == "pack":
        _judge_pack(fixtures, run, outcome)
    elif scenario.kind == "copy":
        _judge_copy(fixtures, run, state, outcome)
    _next_write(scenario, fixtures, run, outcome)
    return outcome


def _next_write(scenario: Scenario, fixtures: Fixtures, run: Run, outcome: Outcome) -> None:
    """The next write of the same file works with no manual step; for an output, the
    same operation run again; then nothing of the killed run is left."""
    import contextlib
    import io
    import os

    from desktop.cli import run as cli

    os.environ["OPPLAN_DATA_DIR"] = str(run.data)
    args = [str(a) for a in scenario.args(fixtures, run)]
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        rerun = scenario.kind in ("bundle", "pack") or not run.plan.exists()
        if rerun:
            code = cli(args)
        elif scenario.kind == "copy":
            code = _copy_again(run)
        else:
            code = 0
    if code != 0:
        outcome.blocked.append(f"next run of {scenario.name}: exit {code}: {err.getvalue()}")
        return
    try:
        with PlanSession.open(run.plan) as doc:
            doc.set_cells({("FIN.INC.05", "M12"): "42"}, "sweep: the next write")
    except UserError as exc:
        outcome.blocked.append(f"next write: {exc}")
    backups = run.data / "backups"
    folders = [backups, *(p for p in backups.glob("*") if p.is_dir())]
    left = leftovers(run.folder, run.out, *folders)
    if left:
        outcome.leftovers.extend(left)


def _copy_again(run: Run) -> int:
    try:
        with PlanSession.open(run.plan, read_only=True) as doc:
            doc.save_copy(run.folder / "copy.opplan")
    except UserError:
        return 2
    return 0


def _bundle_files(folder: Path) -> dict[str, str] | None:
    """The bundle folder's files by hash, if its manifest agrees with them; else None."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    present = {p.name: digest(p) for p in folder.iterdir() if p.name != "manifest.json"}
    if present != listed:
        return None
    return present | {"manifest.json": digest(folder / "manifest.json")}


def _zip_files(path: Path) -> dict[str, str] | None:
    try:
        with zipfile.ZipFile(path) as archive:
            data = {Path(i.filename).name: archive.read(i) for i in archive.infolist()}
    except (OSError, zipfile.BadZipFile, KeyError):
        return None
    manifest = json.loads(data.get("manifest.json", b"{}") or b"{}")
    listed = {f["name"]: f["sha256"] for f in manifest.get("files", [])}
    present = {n: hashlib.sha256(b).hexdigest() for n, b in data.items() if n != "manifest.json"}
    if not listed or present != listed:
        return None
    return present | {"manifest.json": hashlib.sha256(data["manifest.json"]).hexdigest()}


def _judge_bundle(fixtures: Fixtures, run: Run, outcome: Outcome) -> None:
    from desktop.core.store import atomic

    [old_folder] = [p for p in fixtures.old_bundle.iterdir() if p.is_dir()]
    old = (_bundle_files(old_folder), _zip_files(fixtures.old_bundle / f"{old_folder.name}.zip"))
    folder, zipped = run.out / old_folder.name, run.out / f"{old_folder.name}.zip"
    for what, files in (("folder", _bundle_files(folder)), ("zip", _zip_files(zipped))):
        if files is None:
            outcome.mixed.append(f"the bundle {what} is missing or disagrees with its manifest")
    atomic.clean_leftovers(run.out)  # what the next export does first
    now = (_bundle_files(folder), _zip_files(zipped))
    if None in now:
        outcome.mixed.append("after the next run's clean-up, the bundle is incomplete")
    elif (now[0] == old[0]) != (now[1] == old[1]):
        outcome.mixed.append("after the next run's clean-up, folder and zip differ in age")


def _judge_pack(fixtures: Fixtures, run: Run, outcome: Outcome) -> None:
    from desktop.ui.review.boardpack import incomplete_pdf

    pack = run.folder / "pack.pdf"
    if not pack.exists():
        outcome.mixed.append("the board pack is gone")
    elif digest(pack) != digest(fixtures.old_pack) and incomplete_pdf(pack):
        outcome.mixed.append(f"a truncated board pack: {incomplete_pdf(pack)}")


def _judge_copy(fixtures: Fixtures, run: Run, state: tuple, outcome: Outcome) -> None:
    copy = run.folder / "copy.opplan"
    if not copy.exists():
        outcome.mixed.append("the copy is gone")
        return
    if digest(copy) == digest(fixtures.old_copy):
        return
    try:
        ok = integrity(copy) and plan_state(copy) == state
    except UserError:
        ok = False
    if not ok:
        outcome.mixed.append("the copy is neither the old file nor a complete copy")
