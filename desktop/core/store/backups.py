"""Backups of plans, and restoring one.

Each time a plan is opened for editing a copy goes to the user's data folder,
``backups/<plan id>/<name>.<time>.opplan`` (the last ROLLING_BACKUPS are kept), with
``origin.txt`` naming where the plan was, so its backups can be found even when
the plan itself can no longer be read; before a plan is upgraded to a newer format,
``backups/<name>.before-schema-N.<time>.opplan`` is kept too.

Restoring a backup (File > Restore a backup..., ``opplan restore``) is done by the
app, never by copying files by hand: the backup is checked, copied beside the plan
under a temporary name, the current file *and its journal* are moved aside together
(``<name>.before-restore-<time>.opplan`` and its ``-journal``: kept, never deleted,
still a pair), and the copy is renamed into place. No journal is ever left beside a
restored file: SQLite would apply that stale journal to it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import errors
from ..paths import backups_dir
from . import atomic
from .environment import os_error, storage_error
from .lock import PlanLock
from .recovery import journal_path

if TYPE_CHECKING:
    from .planfile import PlanFile

log = logging.getLogger(__name__)

ROLLING_BACKUPS = 10
ORIGIN = "origin.txt"
SUFFIX = ".opplan"


def stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def upgrade_backup_path(plan: Path) -> Path:
    from .schema import SCHEMA_REVISION

    return backups_dir() / f"{plan.stem}.before-schema-{SCHEMA_REVISION}.{stamp()}{SUFFIX}"


def keep_rolling_backup(file: PlanFile) -> Path:
    """Copy the open plan into its backup folder, keeping the last ROLLING_BACKUPS."""
    folder = backups_dir() / file.info.plan_id
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _record_origin(folder, file.path)
        atomic.clean_leftovers(folder)
    except OSError as exc:
        raise os_error(folder, exc, "cannot write the backup") from exc
    dest = folder / f"{file.path.stem}.{stamp()}{SUFFIX}"
    file.save_copy(dest)
    kept = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime)
    for old in kept[:-ROLLING_BACKUPS]:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
    return dest


def _record_origin(folder: Path, plan: Path) -> None:
    origin = folder / ORIGIN
    where = str(plan.resolve())
    known = origin.read_text(encoding="utf-8").splitlines() if origin.exists() else []
    if where not in known:
        with origin.open("a", encoding="utf-8") as handle:
            handle.write(where + "\n")


# -- finding them ------------------------------------------------------------------------


@dataclass(frozen=True)
class Backup:
    """A backup of a plan, as the user chooses among them."""

    path: Path
    taken: dt.datetime
    size: int
    upgrade: bool  # taken before the plan was upgraded to a newer format
    organisation: str  # "RZZ Northshire Hospitals NHS Foundation Trust"; "" if unreadable
    values: int | None
    problem: str | None  # why it cannot be restored (damaged itself), else None

    @property
    def label(self) -> str:
        when = self.taken.strftime("%d %b %Y %H:%M:%S")
        return f"{when} (before an upgrade)" if self.upgrade else when


def find_backups(plan: Path) -> list[Backup]:
    """The backups of ``plan`` (readable or not), newest first."""
    plan = Path(plan)
    root = backups_dir()
    where = str(plan.resolve())
    folders = set()
    plan_id = _plan_id(plan)
    if plan_id and (root / plan_id).is_dir():
        folders.add(root / plan_id)
    for folder in root.iterdir():
        origin = folder / ORIGIN
        if folder.is_dir() and origin.is_file():
            with contextlib.suppress(OSError, UnicodeDecodeError):
                if where in origin.read_text(encoding="utf-8").splitlines():
                    folders.add(folder)
    paths = [p for folder in folders for p in folder.glob(f"*{SUFFIX}")]
    paths += list(root.glob(f"{plan.stem}.before-schema-*{SUFFIX}"))
    if not folders:  # an older version's backups (no origin.txt): go by the plan's name
        paths += [
            p
            for folder in root.iterdir()
            if folder.is_dir()
            for p in folder.glob(f"{plan.stem}.*{SUFFIX}")
        ]
    found = [_describe(p) for p in set(paths) if p.is_file()]
    return sorted(found, key=lambda b: b.taken, reverse=True)


def _plan_id(plan: Path) -> str | None:
    """The plan's id, if its file can still be read (read-only, nothing recovered)."""
    try:
        conn = sqlite3.connect(f"{plan.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT plan_id FROM plan").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return None
    return str(row[0]) if row else None


def _describe(path: Path) -> Backup:
    from .planfile import PlanFile

    info = path.stat()
    organisation, values, problem = "", None, None
    try:
        with PlanFile.open(path, read_only=True) as file:
            organisation = f"{file.info.org_code} {file.info.org_name}"
            values = len(file.read_cells())
    except errors.PlanFileError as exc:
        problem = exc.problem
    return Backup(
        path=path,
        taken=dt.datetime.fromtimestamp(info.st_mtime),
        size=info.st_size,
        upgrade=".before-schema-" in path.name,
        organisation=organisation,
        values=values,
        problem=problem,
    )


# -- restoring one -----------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    plan: Path
    backup: Path
    aside: Path | None  # where the file it replaced was moved (None: there was none)
    aside_journal: Path | None  # and its journal, when it had one


def restore_backup(plan: Path, backup: Path, *, take_over: bool = False) -> Restored:
    """Put ``backup`` in the place of ``plan``: the current file and its journal are moved
    aside together (never deleted) and no journal is left beside the restored file.

    Refused (PlanFileError) when the backup is itself damaged, and (PlanInUse) while
    someone is editing the plan.
    """
    from .planfile import PlanFile

    plan, backup = Path(plan), Path(backup)
    if not backup.is_file():
        raise errors.PlanFileError(backup, "no such backup")
    if plan.exists() and backup.resolve() == plan.resolve():
        raise errors.PlanFileError(backup, "is the plan itself; choose a backup")
    try:
        with PlanFile.open(backup, read_only=True):
            pass
    except errors.PlanFileError as exc:
        raise errors.DamagedPlanFile(
            backup, f"cannot be restored: {exc.problem}; choose another backup"
        ) from exc
    lock = PlanLock(plan)
    if take_over:
        lock.take_over()
    else:
        lock.acquire()
    tmp = atomic.temp_path(plan)
    try:
        atomic.clean_leftovers(plan.parent)
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
        atomic.fsync_file(tmp)
        aside, aside_journal = _move_aside(plan)
        atomic.replace(tmp, plan)
    except (OSError, sqlite3.Error) as exc:
        problem = storage_error(plan, exc, "cannot restore the backup")
        if problem is None:
            raise
        raise problem from exc
    finally:
        for leftover in (tmp, journal_path(tmp)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        lock.release()
    log.info("%s: restored from %s (previous file kept as %s)", plan, backup, aside)
    return Restored(plan, backup, aside, aside_journal)


def _move_aside(plan: Path) -> tuple[Path | None, Path | None]:
    """Keep the current file and its journal under a new name, as a pair. The plan's
    own name goes on pointing at the file until the restored copy replaces it."""
    journal = journal_path(plan)
    if not plan.exists() and not journal.exists():
        return None, None
    aside = plan.with_name(f"{plan.stem}.before-restore-{stamp()}{plan.suffix}")
    if plan.exists():
        try:
            os.link(plan, aside)
        except OSError:  # no hard links here: the plan's name is briefly free
            os.rename(plan, aside)
    aside_journal = None
    if journal.exists():
        aside_journal = journal_path(aside)
        os.rename(journal, aside_journal)
    atomic.fsync_dir(plan.parent)
    return aside, aside_journal
