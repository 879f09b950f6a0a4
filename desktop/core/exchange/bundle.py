"""The submission bundle: what leaves the building.

``export_bundle`` writes, into ``<out>/<ORG>_<round>_<Stage>/``, one workbook per
template, ``submission.eml`` (an unsent email draft to the region's planning
mailboxes with the workbooks attached) and ``manifest.json`` (every other file
with its size and SHA-256, and what the bundle is); with ``make_zip`` also
``<out>/<ORG>_<round>_<Stage>.zip`` holding that folder.

All or nothing: the whole bundle (folder and zip) is built in a temporary folder
beside the destination, ``<out>/.opplan-export-*``, and swapped in at the end, each
by one rename, the previous bundle moved aside and removed only after the swap. A
failed, cancelled or killed export leaves the previous bundle as it was, never a
mix of old and new files (``store.atomic.swap_in``: a swap once begun is finished
by the next run if this one dies). Exporting again at the same stage replaces the
bundle; files someone added to the bundle folder are carried over. Leftovers of
killed exports are removed by the next export into the same folder.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import json
import os
import shutil
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from ... import APP_NAME, __version__
from ..checks import Finding
from ..errors import BadInput
from ..snapshot import PlanSnapshot
from ..store import atomic
from ..store.environment import os_error
from ..store.lock import current_user
from .safety import check_xml_safety
from .xlsx_export import ExportRun, workbook_filename, write_workbook

MANIFEST = "manifest.json"
EMAIL = "submission.eml"
XLSX_MAINTYPE = "application"
XLSX_SUBTYPE = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEVERITIES = ("error", "warning", "info")
#: Findings listed in the email body; the Validation sheets hold them all.
EMAIL_FINDINGS = 20

#: ``progress(done, total, what)``: called before each step and once at the end
#: (done == total). Raise from it to cancel: nothing is left behind.
ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Bundle:
    """What an export wrote."""

    folder: Path
    workbooks: tuple[Path, ...]
    manifest: Path
    email: Path
    zip: Path | None
    to: str
    cc: str
    counts: dict[str, int]
    replaced: bool  # the folder existed: its files were replaced

    @property
    def files(self) -> tuple[Path, ...]:
        return (*self.workbooks, self.manifest, self.email)


def bundle_name(snapshot: PlanSnapshot) -> str:
    """The bundle folder's name: ``<ORG>_<round>_<Stage>``, e.g. RZZ_2019-20_Draft1."""
    return f"{snapshot.info.org_code}_{snapshot.round.id}_{snapshot.stage.file_label}"


def export_refusal(
    snapshot: PlanSnapshot, findings: list[Finding] | None = None
) -> BadInput | None:
    """Why the plan cannot be exported now (a Final with an error standing), or None.

    At Final, a warning without commentary is an error and so is a missing approval
    (the sign-off checks), so both refuse the export too.
    """
    if snapshot.stage.kind != "final":
        return None
    found = snapshot.findings() if findings is None else findings
    errors = [f for f in found if f.severity == "error"]
    if not errors:
        return None
    return BadInput(
        f"{snapshot.where}: a Final plan cannot be exported while {len(errors)} error(s) stand",
        [_finding_line(snapshot, f) for f in errors],
    )


def export_bundle(
    snapshot: PlanSnapshot,
    out_dir: Path,
    *,
    make_zip: bool = False,
    progress: ProgressCallback | None = None,
    now: dt.datetime | None = None,
    user: str | None = None,
) -> Bundle:
    """Export the plan's submission bundle into ``out_dir`` (created if needed)."""
    check_xml_safety()
    findings = snapshot.findings()
    refusal = export_refusal(snapshot, findings)
    if refusal:
        raise refusal
    run = ExportRun(
        exported_at=(now or dt.datetime.now().astimezone()).replace(microsecond=0),
        prepared_by=user or current_user(),
        findings=tuple(findings),
    )
    report = progress or (lambda done, total, what: None)
    templates = snapshot.catalogue.templates
    total = len(templates) + 2 + (1 if make_zip else 0)
    out_dir = Path(out_dir)
    name = bundle_name(snapshot)
    folder = out_dir / name
    zip_name = f"{name}.zip"
    _make_folder(out_dir)
    with _writing(out_dir):
        atomic.clean_leftovers(out_dir)
        work = atomic.work_folder(out_dir)
    swapped = False
    try:
        staged = work / name
        with _writing(out_dir):
            staged.mkdir()
        workbooks: list[tuple[str, Path]] = []
        for step, template in enumerate(templates):
            path = staged / workbook_filename(snapshot, template)
            report(step, total, f"Writing {path.name}")
            with _writing(out_dir):
                write_workbook(snapshot, template, path, run)
            workbooks.append((template.id, path))
        report(len(templates), total, f"Writing {EMAIL}")
        message = submission_email(snapshot, [path for _, path in workbooks], run)
        with _writing(out_dir):
            (staged / EMAIL).write_bytes(message.as_bytes())
        report(len(templates) + 1, total, f"Writing {MANIFEST}")
        manifest = build_manifest(snapshot, workbooks, staged / EMAIL, run)
        with _writing(out_dir):
            (staged / MANIFEST).write_text(
                json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
        names = [path.name for _, path in workbooks] + [EMAIL, MANIFEST]
        swap = [name]
        if make_zip:
            report(total - 1, total, f"Writing {zip_name}")
            with _writing(out_dir):
                _write_zip(staged, names, work / zip_name, run.exported_at)
            swap.append(zip_name)
        replaced = folder.exists()
        with _writing(out_dir):
            _carry_over(folder, staged, names)
            for path in [*(staged / n for n in names), *(work / n for n in swap[1:])]:
                atomic.fsync_file(path)
            atomic.fsync_dir(staged)
            atomic.swap_in(work, out_dir, swap)
        swapped = True
        report(total, total, f"Exported {name}")
    finally:
        if swapped or not (work / atomic.COMMIT).exists():
            shutil.rmtree(work, ignore_errors=True)
        # else: the swap began and failed part-way; the next export finishes it
    zip_path = out_dir / zip_name if make_zip else None
    to, cc = recipients(snapshot)
    return Bundle(
        folder=folder,
        workbooks=tuple(folder / path.name for _, path in workbooks),
        manifest=folder / MANIFEST,
        email=folder / EMAIL,
        zip=zip_path,
        to=to,
        cc=cc,
        counts=severity_counts(findings),
        replaced=replaced,
    )


# -- manifest --------------------------------------------------------------------------


def file_entry(path: Path) -> dict[str, object]:
    data = path.read_bytes()
    return {"name": path.name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {severity: counts.get(severity, 0) for severity in SEVERITIES}


def build_manifest(
    snapshot: PlanSnapshot, workbooks: list[tuple[str, Path]], eml: Path, run: ExportRun
) -> dict[str, object]:
    """What the bundle is and every file in it (the manifest does not list itself)."""
    info, rnd, stage = snapshot.info, snapshot.round, snapshot.stage
    files = [{**file_entry(path), "template": template_id} for template_id, path in workbooks]
    files.append({**file_entry(eml), "template": None})
    return {
        "format": "opplan-desk-bundle",
        "format_version": 1,
        "plan_id": info.plan_id,
        "organisation": {
            "code": info.org_code,
            "name": info.org_name,
            "kind": info.org_kind,
            "region": info.region,
        },
        "round": {"id": rnd.id, "name": rnd.name},
        "stage": {"kind": stage.kind, "label": stage.label},
        "app": {"name": APP_NAME, "version": __version__},
        "catalogue_version": rnd.catalogue_version,
        "exported_at": run.exported_at.isoformat(timespec="seconds"),
        "exported_by": run.prepared_by,
        "findings": severity_counts(list(run.findings)),
        "files": files,
    }


# -- the email draft -------------------------------------------------------------------


def recipients(snapshot: PlanSnapshot) -> tuple[str, str]:
    """(To, Cc) of the submission: which of the region's mailboxes an organisation kind
    writes to and copies is round data, as are the addresses."""
    return snapshot.round.recipients(snapshot.info.org_kind, snapshot.info.region)


def email_subject(snapshot: PlanSnapshot) -> str:
    info = snapshot.info
    return _one_line(
        f"{info.org_code} {info.org_name} - {snapshot.round.name} operational plan - "
        f"{snapshot.stage.label}"
    )


def submission_email(snapshot: PlanSnapshot, workbooks: list[Path], run: ExportRun) -> EmailMessage:
    """An unsent draft (``X-Unsent: 1`` makes Outlook open it ready to send)."""
    to, cc = recipients(snapshot)
    message = EmailMessage(policy=email.policy.SMTP)
    message["To"] = to
    message["Cc"] = cc
    message["Subject"] = email_subject(snapshot)
    message["X-Unsent"] = "1"
    message.set_content(email_body(snapshot, [p.name for p in workbooks], run))
    for path in workbooks:
        message.add_attachment(
            path.read_bytes(), maintype=XLSX_MAINTYPE, subtype=XLSX_SUBTYPE, filename=path.name
        )
    return message


def email_body(snapshot: PlanSnapshot, names: list[str], run: ExportRun) -> str:
    info, stage = snapshot.info, snapshot.stage
    counts = severity_counts(list(run.findings))
    lines = [
        "Dear colleagues,",
        "",
        f"Please find attached the {snapshot.round.name} operational plan of {info.org_code} "
        f"{info.org_name} ({stage.label}).",
        "",
        "Attachments:",
        *(f"- {name}" for name in names),
        "",
        f"Open findings of the review checks: {counts['error']} error(s), "
        f"{counts['warning']} warning(s), {counts['info']} info.",
    ]
    for item in run.findings[:EMAIL_FINDINGS]:
        lines.append(f"- {_finding_line(snapshot, item)}")
        note = snapshot.commentary_for(item)
        if note:
            lines.append(f"  Commentary: {_one_line(note)}")
    if len(run.findings) > EMAIL_FINDINGS:
        lines.append(
            f"- and {len(run.findings) - EMAIL_FINDINGS} more: see each workbook's Validation sheet"
        )
    lines += [
        "",
        f"Prepared by {run.prepared_by} with {APP_NAME} {__version__} at {run.exported_at_text}.",
        "",
    ]
    return "\n".join(lines)


def _finding_line(snapshot: PlanSnapshot, item: Finding) -> str:
    period = snapshot.round.label(item.period) if item.period in snapshot.round.periods else ""
    where = " ".join(x for x in (item.line, period) if x)
    return f"{item.severity.upper()} {item.rule}{' ' + where if where else ''}: {item.message}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- files -----------------------------------------------------------------------------


def _write_zip(folder: Path, names: list[str], dest: Path, when: dt.datetime) -> None:
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename in names:
            entry = zipfile.ZipInfo(f"{folder.name}/{filename}", date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, (folder / filename).read_bytes())


def _carry_over(old: Path, new: Path, names: list[str]) -> None:
    """Files someone put in the previous bundle folder (not the bundle's own, which
    its manifest lists) go on into the new one: the swap must not lose them."""
    if not old.is_dir():
        return
    ours = set(names)
    try:
        listed = json.loads((old / MANIFEST).read_text(encoding="utf-8"))["files"]
        ours |= {str(item["name"]) for item in listed}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    for path in old.iterdir():
        if path.name in ours or not path.is_file():
            continue
        try:
            os.link(path, new / path.name)
        except OSError:
            shutil.copy2(path, new / path.name)


def _make_folder(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise BadInput(f"{path}: is a file, not a folder")
    with _writing(path):
        path.mkdir(parents=True, exist_ok=True)


@contextmanager
def _writing(where: Path) -> Iterator[None]:
    """A failure of the file system (disk full, no permission) is the user's to fix;
    the previous bundle is left as it was."""
    try:
        yield
    except OSError as exc:
        problem = os_error(where, exc, "cannot write the bundle").problem
        raise BadInput(f"{where}: {problem}; the previous bundle, if any, is unchanged") from exc
