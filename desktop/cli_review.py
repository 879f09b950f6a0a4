"""The review commands: versions, compare, approve, submit and the board pack."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .cli import EXIT_OK, _err, _out, command, open_for_writing, writable_plan_args
from .core.errors import BadInput
from .core.operations import Approve
from .core.review.compare import compare
from .core.snapshot import PlanSnapshot
from .core.units import format_value


def _plan_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", type=Path, help="the plan file")


@command(
    "submit",
    "freeze the current figures, findings and commentary as a version",
    writable_plan_args,
)
def cmd_submit(args: argparse.Namespace) -> int:
    with open_for_writing(args) as session:
        version = session.submit_version()
    _out(f"Submitted {version.label} (version {version.id}, hash {version.short_hash})")
    return EXIT_OK


@command("versions", "list the submitted versions and their approvals", _plan_arg)
def cmd_versions(args: argparse.Namespace) -> int:
    snapshot = PlanSnapshot.read(args.plan)
    versions = snapshot.versions
    if not versions:
        _out("No version submitted yet.")
    else:
        _out(f"{'#':<3} {'Version':<9} {'Submitted':<21} {'By':<12} {'Hash':<13} Approval")
        for v in versions:
            approval = snapshot.approval_of(v)
            text = (
                f"approved by the {approval.body} on {approval.meeting_date} "
                f"(minute {approval.minute})"
                if approval
                else "-"
            )
            when = v.created_at.replace("T", " ").replace("Z", " UTC")
            _out(f"{v.id:<3} {v.label:<9} {when:<21} {v.created_by:<12} {v.short_hash:<13} {text}")
    pair = snapshot.approval()
    same = next((v for v in versions if v.content_hash == snapshot.content_hash), None)
    if pair:
        state = f"identical to {pair[0].label}, which is approved"
    elif same:
        state = f"identical to {same.label} (not approved)"
    elif snapshot.approvals:
        state = "changed since the last approval: not the approved plan"
    else:
        state = "not submitted as it stands"
    _out(f"Working copy: {snapshot.stage.label}; hash {snapshot.content_hash[:12]}; {state}")
    return EXIT_OK


def _compare_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", type=Path, help="the plan file")
    p.add_argument(
        "v1",
        help="a version number or label (e.g. 1, 'Draft 1', Final), "
        "or 'working' for the working copy",
    )
    p.add_argument("v2", help="the version to compare it with (or 'working')")
    p.add_argument("--template", help="only this template, e.g. FIN")
    p.add_argument("--csv", action="store_true", help="print the changed cells as CSV")


@command("compare", "list every cell changed between two versions", _compare_args)
def cmd_compare(args: argparse.Namespace) -> int:
    snapshot = PlanSnapshot.read(args.plan)
    result = compare(snapshot.at(args.v1), snapshot.at(args.v2))
    template = args.template.upper() if args.template else None
    known = [t.id for t in snapshot.catalogue.templates]
    if template is not None and template not in known:
        raise BadInput(
            f"{args.plan}: no template {args.template!r} in this plan "
            f"(templates: {', '.join(known)})"
        )
    cells = result.for_template(template)
    if args.csv:
        filtered = type(result)(result.left, result.right, cells, result.appeared, result.cleared)
        _out(filtered.to_csv().rstrip("\n"))
        return EXIT_OK
    _out(f"{result.left} -> {result.right}: {len(cells)} changed cell(s)")
    for d in cells:
        line = snapshot.catalogue.lines.get(d.line)
        unit = line.unit if line else "gbp000"
        diff = d.difference
        old = d.old if d.old is not None else "(blank)"
        new = d.new if d.new is not None else "(blank)"
        shown = "" if diff is None else format_value(diff, unit)
        _out(
            f"  {d.template:<5} {d.line:<16} {d.period_label:<12} {old:>14} -> "
            f"{new:>14}  {shown:>12}"
        )
    for title, items in (
        ("Findings that appeared", result.appeared),
        ("Findings that cleared", result.cleared),
    ):
        if items:
            _out(f"{title}:")
            for f in items:
                _out(f"  {f['severity']:<8} {f['rule']:<4} {f['message']}")
    return EXIT_OK


def _approve_args(p: argparse.ArgumentParser) -> None:
    writable_plan_args(p)
    p.add_argument("--version", required=True, help="the version approved (number or label)")
    p.add_argument("--body", required=True, help='e.g. "trust board" or "governing body"')
    p.add_argument("--date", required=True, help="the meeting date, YYYY-MM-DD")
    p.add_argument("--by", required=True, help="the approver's name")
    p.add_argument("--role", required=True, help="the approver's role, e.g. Chair")
    p.add_argument("--minute", required=True, help="the minute reference")


@command("approve", "record the board's or governing body's approval of a version", _approve_args)
def cmd_approve(args: argparse.Namespace) -> int:
    with open_for_writing(args) as session:
        changes = session.run(
            Approve(args.version, args.body, args.date, args.by, args.role, args.minute)
        )
        approval = changes.approval
        assert approval is not None
        version = session.snapshot().resolve_version(args.version)
        again = not changes.approvals
    if again:
        _out(f"Already recorded, nothing changed: {approval.describe(version.label)}")
    else:
        _out(f"Recorded: {approval.describe(version.label)}")
    return EXIT_OK


def _boardpack_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", type=Path, help="the plan file")
    p.add_argument("--out", type=Path, required=True, help="the PDF to write")
    p.add_argument(
        "--version",
        dest="plan_version",
        metavar="V",
        help="the pack of a submitted version (its number or label, e.g. 1 or 'Draft 1') "
        "instead of the working copy",
    )


@command("boardpack", "write the board pack (PDF) for the governing body", _boardpack_args)
def cmd_boardpack(args: argparse.Namespace) -> int:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and os.name != "nt":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .ui.review.boardpack import write_board_pack

    snapshot = PlanSnapshot.read(args.plan).at(args.plan_version)
    path = write_board_pack(snapshot, args.out)
    _err(f"Wrote the board pack to {path}")
    return EXIT_OK
