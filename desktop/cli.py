"""The headless commands: thin over desktop.core, no Qt.

Every command exits 0 on success and 2 on a problem the user can fix, printed
on one line naming the file and the problem (a refused load also lists every
bad row). Anything else is a bug: its traceback goes to the log file.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import APP_NAME, __version__
from .core.catalogue import ORG_KINDS, REGIONS, available_rounds
from .core.errors import BadInput, PlanInUse, UserError, describe_holder
from .core.exchange import csvio
from .core.operations import ImportWorkbook, LoadCsv
from .core.plaintext import terminal_safe
from .core.session import PlanSession
from .core.snapshot import PlanSnapshot
from .core.store.schema import SCHEMA_REVISION

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USER = 2
EXIT_BUG = 70

log = logging.getLogger(__name__)

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Command]] = {}


def command(name: str, help_text: str, configure: Callable[[argparse.ArgumentParser], None]):
    def register(func: Command) -> Command:
        COMMANDS[name] = (help_text, configure, func)
        return func

    return register


def _out(text: str = "") -> None:
    stream = sys.stdout
    if stream is not None:
        print(terminal_safe(text), file=stream)


def _err(text: str) -> None:
    stream = sys.stderr
    if stream is not None:
        print(terminal_safe(text), file=stream)


# -- plans opened for writing ----------------------------------------------------------

TAKE_OVER_HINT = (
    "if that session has ended (its computer crashed or was switched off), "
    "run the command again with --take-over"
)


def writable_plan_args(p: argparse.ArgumentParser) -> None:
    """The plan argument of a command that writes to it, and --take-over."""
    p.add_argument("plan", type=Path, help="the plan file")
    p.add_argument(
        "--take-over",
        action="store_true",
        help="take the plan over from a session on another computer that holds it (one "
        "that ended without closing it); a session running on this computer is never "
        "taken over",
    )


def open_for_writing(args: argparse.Namespace) -> PlanSession:
    """The plan of a writing command, held by this process; says whom --take-over
    displaced and, once, when the rolling backup could not be written."""
    session = PlanSession.open(args.plan, take_over=getattr(args, "take_over", False))
    if session.file.taken_from:
        who, machine, since = describe_holder(session.file.taken_from)
        _err(
            f"opplan {args.command}: warning: took {args.plan} over from {who} on {machine} "
            f"(holding it since {since}); that session can no longer save changes to it"
        )
    if session.file.backup_problem:
        _err(f"opplan {args.command}: warning: {session.file.backup_problem}")
    return session


# -- new -------------------------------------------------------------------------------


def _new_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", type=Path, help="the plan file to create (.opplan)")
    p.add_argument("--org", required=True, help="organisation ODS code, e.g. RXX or 00X")
    p.add_argument("--name", required=True, help="organisation name")
    p.add_argument(
        "--kind",
        required=True,
        choices=ORG_KINDS,
        help="provider (NHS trust) or commissioner (CCG)",
    )
    p.add_argument(
        "--round", required=True, dest="round_id", choices=available_rounds(), help="planning round"
    )
    p.add_argument("--region", required=True, choices=REGIONS, help="NHS region")


@command("new", "create a new, empty plan file", _new_args)
def cmd_new(args: argparse.Namespace) -> int:
    with PlanSession.create(
        args.plan,
        org_code=args.org,
        org_name=args.name,
        org_kind=args.kind,
        round_id=args.round_id,
        region=args.region,
    ) as session:
        info = session.info
        mailbox = session.round.mailboxes[info.region]
        _out(
            f"Created {session.path}: {info.org_code} {info.org_name} "
            f"({info.org_kind}, {session.round.name}, {mailbox.name})"
        )
    return EXIT_OK


# -- load ------------------------------------------------------------------------------


def _load_args(p: argparse.ArgumentParser) -> None:
    writable_plan_args(p)
    p.add_argument("csv", type=Path, help="a CSV file with the header line,period,value")


@command("load", "load values from a CSV file (all or nothing)", _load_args)
def cmd_load(args: argparse.Namespace) -> int:
    with open_for_writing(args) as session:
        count = session.run(LoadCsv(args.csv)).given
    _out(f"Loaded {count:,} values from {args.csv} into {args.plan}")
    return EXIT_OK


# -- dump ------------------------------------------------------------------------------


def _dump_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", type=Path, help="the plan file")
    p.add_argument("--out", type=Path, help="write to this CSV file instead of the screen")


@command("dump", "write every stored value as CSV, in catalogue order", _dump_args)
def cmd_dump(args: argparse.Namespace) -> int:
    snapshot = PlanSnapshot.read(args.plan)
    if args.out:
        count = csvio.dump_csv(snapshot, args.out)
        _err(f"Wrote {count:,} values to {args.out}")
    else:
        sys.stdout.write(csvio.dump_csv_text(snapshot))
    return EXIT_OK


# -- info ------------------------------------------------------------------------------


def _info_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", type=Path, help="the plan file")


@command("info", "show the plan's organisation, round and completeness", _info_args)
def cmd_info(args: argparse.Namespace) -> int:
    snapshot = PlanSnapshot.read(args.plan)
    info = snapshot.info
    rnd = snapshot.round
    blank = snapshot.plan.blank_inputs()
    templates = ", ".join(t.id for t in snapshot.catalogue.templates)
    rows = [
        ("File", str(snapshot.path)),
        ("Organisation", f"{info.org_code} {info.org_name}"),
        ("Kind", f"{info.org_kind} ({templates})"),
        ("Round", f"{rnd.name} (catalogue {rnd.catalogue_version})"),
        ("Region", rnd.mailboxes[info.region].name),
        ("Schema version", f"{snapshot.schema_revision} (this app: {SCHEMA_REVISION})"),
        ("Values entered", f"{snapshot.entered_count():,}"),
        ("Inputs blank", f"{len(blank):,}"),
        ("Created", f"{info.created_at} by {info.created_by}"),
        ("Plan id", info.plan_id),
    ]
    if snapshot.unknown_cells:
        rows.append(("Unknown cells", f"{len(snapshot.unknown_cells):,} (not in the catalogue)"))
    width = max(len(k) for k, _ in rows) + 1
    for key, value in rows:
        _out(f"{key + ':':<{width}} {value}")
    return EXIT_OK


# -- check -----------------------------------------------------------------------------


def _check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", type=Path, help="the plan file")
    p.add_argument(
        "--json",
        action="store_true",
        help="print the findings as a JSON array (keys: rule, severity, template, "
        "line, period, message, commentary)",
    )


@command("check", "run the regional review checks; exit 1 when an error stands", _check_args)
def cmd_check(args: argparse.Namespace) -> int:
    snapshot = PlanSnapshot.read(args.plan)
    findings = snapshot.findings()
    if args.json:
        _out(json.dumps(snapshot.as_dicts(findings), indent=2, ensure_ascii=False))
    else:
        _print_findings(snapshot, findings)
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def _print_findings(snapshot: PlanSnapshot, findings: list) -> None:
    info = snapshot.info
    _out(f"{info.org_code} {info.org_name}, {snapshot.round.name}, {snapshot.stage.label}")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    for template in snapshot.catalogue.templates:
        mine = [f for f in findings if f.template == template.id]
        if not mine:
            continue
        tally = ", ".join(
            f"{n} {s}{'s' if n != 1 else ''}"
            for s, n in (
                (s, sum(1 for f in mine if f.severity == s)) for s in ("error", "warning", "info")
            )
            if n
        )
        _out()
        _out(f"{template.id} {template.title} ({tally})")
        for f in mine:  # already errors first
            where = " ".join(x for x in (f.line, f.period) if x)
            _out(f"  {f.severity.upper():<7} {f.rule:<4} {where:<22} {f.message}")
            note = snapshot.commentary_for(f)
            if note:
                _out(f"  {'':<7} {'':<4} {'':<22} Commentary: {note}")
    _out()
    _out(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info")


# -- comment ---------------------------------------------------------------------------


def _comment_args(p: argparse.ArgumentParser) -> None:
    writable_plan_args(p)
    p.add_argument("--rule", required=True, help="the finding's rule ID, e.g. F07")
    p.add_argument("--line", required=True, help="the finding's line code, e.g. FIN.EFF.09")
    p.add_argument("--period", help="the finding's period, e.g. Y1 or M10, when it has one")
    p.add_argument(
        "--text", required=True, help="the explanation for the regional team (empty to remove it)"
    )


@command("comment", "add or replace the commentary on a finding", _comment_args)
def cmd_comment(args: argparse.Namespace) -> int:
    with open_for_writing(args) as session:
        found = session.set_commentary(args.rule, args.line, args.period, args.text)
    action = "Commentary saved" if args.text.strip() else "Commentary removed"
    _out(f"{action} on {found.rule} {found.line or ''} {found.period or ''}".rstrip())
    return EXIT_OK


# -- stage -----------------------------------------------------------------------------


def _stage_args(p: argparse.ArgumentParser) -> None:
    writable_plan_args(p)
    p.add_argument(
        "stage",
        choices=("draft", "final"),
        help="draft (a new draft number after a Final) or final (refused while errors stand)",
    )


@command("stage", "set the plan's stage: draft or final", _stage_args)
def cmd_stage(args: argparse.Namespace) -> int:
    with open_for_writing(args) as session:
        stage = session.set_stage(args.stage)
    _out(f"{args.plan}: stage is {stage.label}")
    return EXIT_OK


# -- export ----------------------------------------------------------------------------


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", type=Path, help="the plan file")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="the folder to write the bundle folder <ORG>_<round>_<Stage> into (created if needed)",
    )
    p.add_argument("--zip", action="store_true", help="also write the bundle folder as one zip")
    p.add_argument(
        "--version",
        dest="plan_version",
        metavar="V",
        help="export a submitted version (its number or label, e.g. 1 or 'Draft 1') "
        "instead of the working copy",
    )


@command(
    "export",
    "write the submission bundle: one workbook per template, manifest.json, submission.eml",
    _export_args,
)
def cmd_export(args: argparse.Namespace) -> int:
    from .core.exchange.bundle import export_bundle

    snapshot = PlanSnapshot.read(args.plan).at(args.plan_version)
    info = snapshot.info
    bundle = export_bundle(snapshot, args.out, make_zip=args.zip)
    _out(
        f"{'Replaced' if bundle.replaced else 'Wrote'} {bundle.folder}: {info.org_code} "
        f"{info.org_name}, {snapshot.round.name}, {snapshot.stage.label}"
    )
    for path in bundle.files:
        _out(f"  {path.name:<40} {path.stat().st_size:>10,} bytes")
    _out(f"  email draft to {bundle.to}, copied to {bundle.cc}")
    if bundle.zip:
        _out(f"Wrote {bundle.zip}")
    counts = bundle.counts
    _out(
        f"Findings: {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['info']} info"
    )
    return EXIT_OK


# -- import ----------------------------------------------------------------------------


def _import_args(p: argparse.ArgumentParser) -> None:
    writable_plan_args(p)
    p.add_argument("workbook", type=Path, help="a workbook exported by export (.xlsx)")


@command("import", "read figures from an exported workbook (all or nothing)", _import_args)
def cmd_import(args: argparse.Namespace) -> int:
    with open_for_writing(args) as session:
        result = session.run(ImportWorkbook(args.workbook)).imported
    assert result is not None
    _out(result.message(args.workbook, args.plan))
    return EXIT_OK


# -- parser and dispatch ---------------------------------------------------------------


def _quiet_stdout() -> None:
    """After a broken pipe, send what is left to devnull so the interpreter's final
    flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opplan",
        description=f"{APP_NAME}: prepare, check and submit NHS operational plans. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, configure, func) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:])
        configure(p)
        p.set_defaults(func=func)
    return parser


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USER
    try:
        code = int(args.func(args))
        if sys.stdout is not None:  # a closed pipe shows here, not at the interpreter's exit
            sys.stdout.flush()
        return code
    except BadInput as exc:
        _err(f"opplan {args.command}: error: {exc.summary}")
        for problem in exc.problems:
            _err(f"  {problem}")
        return EXIT_USER
    except PlanInUse as exc:
        hint = f"; {TAKE_OVER_HINT}" if exc.can_take_over and "take_over" in args else ""
        _err(f"opplan {args.command}: error: {exc}{hint}")
        return EXIT_USER
    except UserError as exc:
        _err(f"opplan {args.command}: error: {exc}")
        return EXIT_USER
    except KeyboardInterrupt:
        _err(f"opplan {args.command}: interrupted")
        return EXIT_USER
    except BrokenPipeError:  # e.g. "check --json | head": the reader has gone, not a bug
        _quiet_stdout()
        return EXIT_OK
    except Exception as exc:  # a bug: say so, keep the traceback in the log
        from .logsetup import log_path

        log.exception("unexpected error in command %s", args.command)
        _err(
            f"opplan {args.command}: internal error ({type(exc).__name__}: {exc}); "
            f"details in {log_path()}"
        )
        return EXIT_BUG


# Commands defined in other modules register themselves when imported.
from . import cli_restore, cli_review  # noqa: E402, F401
