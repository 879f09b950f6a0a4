"""``opplan restore PLAN [BACKUP]``: list a plan's backups, or put one in its place."""

from __future__ import annotations

import argparse
from pathlib import Path

from .cli import EXIT_OK, _out, command, writable_plan_args
from .core.errors import BadInput
from .core.paths import backups_dir
from .core.store.backups import Backup, find_backups, restore_backup


def _restore_args(p: argparse.ArgumentParser) -> None:
    writable_plan_args(p)  # the plan may be damaged, or missing
    p.add_argument(
        "backup",
        nargs="?",
        help="the backup to restore: its number in the list (without it, the list is "
        "shown), or the path of a backup file",
    )


@command(
    "restore",
    "list a plan's backups, or restore one (the current file is kept aside, not deleted)",
    _restore_args,
)
def cmd_restore(args: argparse.Namespace) -> int:
    plan: Path = args.plan
    backups = find_backups(plan)
    if args.backup is None:
        return _list(plan, backups)
    chosen = _chosen(plan, backups, args.backup)
    done = restore_backup(plan, chosen, take_over=args.take_over)
    _out(f"Restored {plan} from {chosen}")
    if done.aside is not None:
        kept = f"The file it replaced is kept as {done.aside}"
        if done.aside_journal is not None:
            kept += f", with its journal {done.aside_journal.name}"
        _out(kept)
    return EXIT_OK


def _list(plan: Path, backups: list[Backup]) -> int:
    if not backups:
        raise BadInput(
            f"{plan}: no backups of this plan were found in {backups_dir()} (a backup is "
            "kept there each time a plan is opened for editing)"
        )
    _out(f"Backups of {plan}, newest first:")
    for number, backup in enumerate(backups, start=1):
        what = (
            f"damaged, cannot be restored ({backup.problem})"
            if backup.problem
            else f"{backup.organisation}, {backup.values:,} values"
        )
        _out(f"  {number:>2}  {backup.label:<40} {what}")
        _out(f"      {backup.path}")
    _out(f"Restore one with: opplan restore {plan} 1  (or another number)")
    return EXIT_OK


def _chosen(plan: Path, backups: list[Backup], ref: str) -> Path:
    if ref.isdigit():
        number = int(ref)
        if not 1 <= number <= len(backups):
            raise BadInput(
                f"{plan}: there is no backup {number}; "
                f"run opplan restore {plan} to list the {len(backups)} there are"
            )
        return backups[number - 1].path
    return Path(ref)
