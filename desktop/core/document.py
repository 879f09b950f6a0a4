"""An open plan: the plan file, its values in memory, and the named operations on it.

The window and the command line both work through a ``PlanDocument``: they call
``set_cells`` (typed values, paste, fill, clear, load, import, undo...) which
validates, writes one transaction with its audit rows, updates the in-memory
plan and tells listeners which cells changed. Nothing else writes to the file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .catalogue import Catalogue, Line, Round, load_round
from .catalogue.model import ORG_KINDS, REGIONS
from .checks import CheckEngine, Finding, PlanState, about_figures, without_approval
from .errors import BadInput, LockLost, PlanFileError, UserError
from .plaintext import clean_line, clean_text, first_control
from .plan import Cell, Plan
from .review.compare import Snapshot
from .review.versions import (
    Approval,
    Version,
    approval_from_row,
    content_hash,
    encode_cells,
    encode_commentary,
    version_from_row,
)
from .store import AuditEntry, CellChange, PlanInfo
from .units import Value, ValueRefused, check_value, from_stored, parse_value, stored_text

if TYPE_CHECKING:  # imported when a plan is opened: SQLAlchemy is not needed before
    from .store.planfile import PlanFile
    from .store.preview import PreviewFile

Listener = Callable[["ChangeSet"], None]


@dataclass(frozen=True)
class ChangeSet:
    """What one operation changed: cells (old and new text) and the lines affected.

    ``state_changed`` is set when the stage or a commentary changed (no cells).
    """

    operation: str
    changes: list[CellChange]
    affected_lines: set[str] = field(default_factory=set)
    state_changed: bool = False
    #: The plan turned read-only (another session took it over): ``read_only_reason`` says who.
    lock_lost: bool = False

    @property
    def count(self) -> int:
        return len(self.changes)


@dataclass(frozen=True)
class Stage:
    kind: str  # draft | final
    draft_number: int

    @property
    def label(self) -> str:
        return "Final" if self.kind == "final" else f"Draft {self.draft_number}"

    @property
    def file_label(self) -> str:
        """As in file names: Draft2, Final."""
        return self.label.replace(" ", "")


def cell_problem(catalogue: Catalogue, code: str, period: str) -> str | None:
    """Why (code, period) is not a cell a user can enter, or None."""
    line = catalogue.lines.get(code)
    if line is None:
        return f"unknown line {code!r} for a {catalogue.org_kind} plan in {catalogue.round.name}"
    if period not in catalogue.round.periods:
        return f"unknown period {period!r} in {catalogue.round.name}"
    if line.kind == "calc" and period not in line.inputs:
        return f"{code} is calculated; it cannot be entered"
    if period not in line.inputs:
        if period in line.totals:
            return f"{code} {period} is a year total; it is calculated from the months"
        return f"{code} has no period {period}"
    return None


def parse_for_line(line: Line, text: str, round_: Round) -> Value:
    """Typed or file text to a value ``line`` can hold (raises ValueRefused)."""
    limit = Decimal(round_.thresholds.get("money_limit", "100000000"))
    return parse_value(text, line.unit, signed=line.signed, money_limit=limit)


def value_problem(line: Line, value: Value, round_: Round) -> str | None:
    limit = Decimal(round_.thresholds.get("money_limit", "100000000"))
    return check_value(value, line.unit, signed=line.signed, money_limit=limit)


class PlanDocument:
    """One open plan. Create with ``PlanDocument.open`` or ``PlanDocument.create``."""

    def __init__(self, file: PlanFile | PreviewFile):
        self.file = file
        self.info: PlanInfo = file.info
        try:
            self.round: Round = load_round(self.info.round_id)
        except UserError as exc:
            raise PlanFileError(
                file.path, f"uses a round this version does not know ({exc})"
            ) from exc
        if self.info.org_kind not in ORG_KINDS:
            raise PlanFileError(
                file.path, f"has an unknown organisation kind {self.info.org_kind!r}"
            )
        self.catalogue: Catalogue = self.round.catalogue(self.info.org_kind)
        values, self.unknown_cells = self._typed_cells(file.read_cells())
        self.plan = Plan(self.catalogue, values)
        self._listeners: list[Listener] = []
        kind, number = file.read_stage()
        self._stage = Stage(kind, number)
        self._commentary = file.read_commentary()
        self._engine: CheckEngine | None = None
        self._versions = [version_from_row(row) for row in file.read_versions()]
        self._approvals = [approval_from_row(row) for row in file.read_approvals()]
        self._working_hash: str | None = None
        file.on_lock_lost = self._lock_lost

    def _typed_cells(self, stored: Mapping[Cell, str]) -> tuple[dict[Cell, Value], dict[Cell, str]]:
        """Stored texts as values of their lines' units, and the cells of unknown lines."""
        values: dict[Cell, Value] = {}
        unknown: dict[Cell, str] = {}
        for (code, period), text in stored.items():
            line = self.catalogue.lines.get(code)
            if line is None:
                unknown[(code, period)] = text
            else:
                values[(code, period)] = from_stored(text, line.unit)
        return values, unknown

    # -- opening and creating ----------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path | str, *, read_only: bool = False, take_over: bool = False
    ) -> PlanDocument:
        """Open a plan; ``take_over`` takes it from another computer's session (the
        user's choice, after a warning naming it); a live session of this computer is
        never taken over."""
        from .store.planfile import PlanFile

        return cls._from_file(PlanFile.open(Path(path), read_only=read_only, take_over=take_over))

    @classmethod
    def preview(cls, path: Path | str) -> PlanDocument | None:
        """A read-only look at a plan, read without SQLAlchemy, for the window's first
        paint while the plan is being opened properly. Nothing can be changed through
        it; None when the file cannot be read that way (opening it says why)."""
        from .store.preview import PreviewFile

        file = PreviewFile.open(Path(path))
        if file is None:
            return None
        try:
            return cls._from_file(file)
        except UserError:
            return None

    @classmethod
    def _from_file(cls, file: PlanFile | PreviewFile) -> PlanDocument:
        """The document over an open file; the file is closed (lock released) if that fails."""
        try:
            return cls(file)
        except BaseException:
            file.close()
            raise

    @classmethod
    def create(
        cls,
        path: Path | str,
        *,
        org_code: str,
        org_name: str,
        org_kind: str,
        round_id: str,
        region: str,
    ) -> PlanDocument:
        """Create a plan, with the parameters that have a national default filled in.

        All or nothing: a plan file appears complete, defaults included, or not at all.
        """
        problems = validate_identity(org_code, org_name, org_kind, round_id, region)
        if problems:
            raise BadInput("the new plan's details are not valid", problems)
        from .store.planfile import PlanFile

        round_ = load_round(round_id)
        catalogue = round_.catalogue(org_kind)
        defaults = {
            (line.code, period): stored_text(parse_for_line(line, line.default, round_))
            for line in catalogue.lines.values()
            if line.default is not None
            for period in line.inputs
        }
        file = PlanFile.create(
            Path(path),
            org_code=org_code.strip().upper(),
            org_name=org_name.strip(),
            org_kind=org_kind,
            round_id=round_id,
            region=region,
            cells=defaults,
            operation="New plan: parameter defaults",
        )
        return cls._from_file(file)

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    @property
    def read_only_reason(self) -> str:
        """Why the plan is read-only ("opened read-only", "in use by ...", ...)."""
        return self.file.read_only_reason

    @property
    def schema_revision(self) -> int:
        return self.file.schema_revision

    def save_copy(self, dest: Path) -> Path:
        """A consistent copy of the plan at ``dest`` (atomic)."""
        return self.file.save_copy(Path(dest))

    def check_lock(self) -> bool:
        """Whether this session still holds the plan (False once another took it over:
        the document is then read-only and listeners were told)."""
        return self.file.check_lock()

    def _lock_lost(self, lost: LockLost) -> None:
        self._notify(ChangeSet(f"Taken over: {lost.problem}", [], set(), lock_lost=True))

    def audit(self, line: str | None = None) -> list[AuditEntry]:
        """The audit trail, oldest first (only ``line``'s rows when given)."""
        return self.file.audit(line)

    def reload(self) -> ChangeSet:
        """Read the plan again as committed in its file (by its holder, while this
        document has it open read-only): cells, stage, commentary, versions, approvals.
        Listeners hear what changed. PlanFileError when the file cannot be read now."""
        from sqlalchemy.exc import DBAPIError

        from .store.environment import storage_error

        file = self.file
        try:
            stored = file.read_cells()
            stage = Stage(*file.read_stage())
            commentary = file.read_commentary()
            versions = [version_from_row(row) for row in file.read_versions()]
            approvals = [approval_from_row(row) for row in file.read_approvals()]
        except DBAPIError as exc:
            problem = storage_error(self.path, exc, "the plan cannot be read now")
            if problem is None:
                raise  # a bug, not the environment
            raise problem from exc
        values, self.unknown_cells = self._typed_cells(stored)
        old = self.stored_texts()
        new = {cell: stored[cell] for cell in values}
        changes = [
            CellChange(cell[0], cell[1], old.get(cell), new.get(cell))
            for cell in sorted(set(old) | set(new), key=self.catalogue.sort_key)
            if old.get(cell) != new.get(cell)
        ]
        affected = self.plan.apply(
            {(c.line, c.period): values.get((c.line, c.period)) for c in changes}
        )
        state_changed = (
            stage != self._stage
            or commentary != self._commentary
            or [v.id for v in versions] != [v.id for v in self._versions]
            or [a.id for a in approvals] != [a.id for a in self._approvals]
        )
        self._stage, self._commentary = stage, commentary
        self._versions, self._approvals = versions, approvals
        self._working_hash = None
        change_set = ChangeSet("Changed in the file", changes, affected, state_changed)
        if changes or state_changed:
            if self._engine is not None:
                self._engine.update(affected, state=self.state())
            self._notify(change_set)
        return change_set

    # -- listening ---------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # -- operations --------------------------------------------------------------------

    def validate(self, changes: Mapping[Cell, str | Value | None]) -> dict[Cell, Value | None]:
        """Check every change; raise BadInput listing each bad cell, else the typed values."""
        typed: dict[Cell, Value | None] = {}
        problems: list[str] = []
        for (code, period), raw in changes.items():
            problem = cell_problem(self.catalogue, code, period)
            if problem:
                problems.append(problem)
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                typed[(code, period)] = None
                continue
            line = self.catalogue.lines[code]
            try:
                if isinstance(raw, str):
                    typed[(code, period)] = parse_for_line(line, raw, self.round)
                else:
                    reason = value_problem(line, raw, self.round)
                    if reason:
                        raise ValueRefused(f"'{stored_text(raw)}' {reason}")
                    typed[(code, period)] = raw
            except ValueRefused as exc:
                problems.append(f"{code} {period}: {exc}")
        if problems:
            raise BadInput(f"{len(problems)} value(s) refused", problems)
        return typed

    def set_cells(
        self, changes: Mapping[Cell, str | Value | None], operation: str, *, restore: bool = False
    ) -> ChangeSet:
        """Validate and save values (None or "" clears); one transaction, one audit operation.

        All or nothing: one bad value refuses the whole operation (BadInput). With
        ``restore`` (undo), the values are put back exactly as they were stored, even
        one that no longer passes its unit (a file changed outside the app; G02 names it).
        """
        typed = self._restored(changes) if restore else self.validate(changes)
        texts = {cell: (None if v is None else stored_text(v)) for cell, v in typed.items()}
        current = {}
        for cell in texts:
            old = self.plan.stored(*cell)
            current[cell] = None if old is None else stored_text(old)
        done = self.file.write_cells(texts, operation, current)
        applied = {(c.line, c.period): typed[(c.line, c.period)] for c in done}
        affected = self.plan.apply(applied) if applied else set()
        change_set = ChangeSet(operation, done, affected)
        if done:
            self._working_hash = None
            if self._engine is not None:
                state = self.state() if self._approvals else None
                self._engine.update(affected, state=state)
            self._notify(change_set)
        return change_set

    def _restored(self, changes: Mapping[Cell, str | Value | None]) -> dict[Cell, Value | None]:
        problems = [p for p in (cell_problem(self.catalogue, *cell) for cell in changes) if p]
        if problems:
            raise BadInput(f"{len(problems)} value(s) refused", problems)
        return {
            cell: None
            if raw is None
            else from_stored(raw, self.catalogue.lines[cell[0]].unit)
            if isinstance(raw, str)
            else raw
            for cell, raw in changes.items()
        }

    def _notify(self, change_set: ChangeSet) -> None:
        for listener in list(self._listeners):
            listener(change_set)

    # -- checks, stage and commentary --------------------------------------------------

    def state(self) -> PlanState:
        return PlanState(
            stage=self._stage.kind,
            approved=self.working_approval() is not None,
            commentary=dict(self._commentary),
        )

    def checks(self) -> CheckEngine:
        """The check engine of this plan, kept current after every change."""
        if self._engine is None:
            self._engine = CheckEngine(self.plan, self.state())
            self._engine.run_all()
        return self._engine

    def findings(self) -> list[Finding]:
        return self.checks().findings()

    def stage(self) -> Stage:
        return self._stage

    def set_stage(self, kind: str) -> Stage:
        """Move to Draft or Final. A new draft number follows a Final; Final is refused
        while an error stands (BadInput lists them)."""
        if kind not in ("draft", "final"):
            raise BadInput(f"stage {kind!r} is not draft or final")
        current = self._stage
        if kind == "final":
            if current.kind == "final":
                return current
            draft_state = PlanState("draft", False, dict(self._commentary))
            errors = [
                f for f in CheckEngine(self.plan, draft_state).run_all() if f.severity == "error"
            ]
            if errors:
                raise self._errors_stand("the plan cannot be set to Final", errors)
            new = Stage("final", current.draft_number)
        else:
            submitted = any(v.label == current.label for v in self._versions)
            bump = current.kind == "final" or submitted
            new = Stage("draft", current.draft_number + 1 if bump else current.draft_number)
        if new != current:
            self.file.write_stage(new.kind, new.draft_number, f"Stage set to {new.label}")
            self._stage = new
            self._state_changed(f"Stage set to {new.label}")
        return new

    def commentary(self) -> dict[tuple[str, str, str], str]:
        return dict(self._commentary)

    def commentary_for(self, item: Finding) -> str | None:
        return self._commentary.get(item.key)

    def set_commentary(self, rule: str, line: str | None, period: str | None, text: str) -> Finding:
        """Add or replace (empty text: remove) the commentary on a standing finding."""
        key = (rule.strip().upper(), (line or "").strip(), (period or "").strip())
        standing = [f for f in self.findings() if f.key == key]
        if not standing:
            same_rule = [f for f in self.findings() if f.rule == key[0]]
            hint = (
                "; standing: "
                + ", ".join(
                    f"{f.rule} --line {f.line}" + (f" --period {f.period}" if f.period else "")
                    for f in same_rule[:10]
                )
                if same_rule
                else f"; no {key[0]} finding stands"
            )
            raise BadInput(
                f"{self.path}: no finding {key[0]} on line {key[1] or '(none)'}"
                f"{' period ' + key[2] if key[2] else ''}{hint}"
            )
        cleaned = clean_text(text).strip()
        operation = f"Commentary on {key[0]} {key[1]} {key[2]}".strip()
        if self.file.write_commentary(key, cleaned or None, operation):
            if cleaned:
                self._commentary[key] = cleaned
            else:
                self._commentary.pop(key, None)
            self._state_changed(operation)
        return standing[0]

    # -- versions and approval ---------------------------------------------------------

    def stored_texts(self) -> dict[Cell, str]:
        return {cell: stored_text(v) for cell, v in self.plan.stored_cells().items()}

    def working_hash(self) -> str:
        """The content hash of the working copy (values and commentary)."""
        if self._working_hash is None:
            self._working_hash = content_hash(
                self.info.plan_id, self.stored_texts(), self._commentary
            )
        return self._working_hash

    def versions(self) -> list[Version]:
        return list(self._versions)

    def approvals(self) -> list[Approval]:
        return list(self._approvals)

    def approval_of(self, version: Version) -> Approval | None:
        for approval in reversed(self._approvals):
            if approval.version_id == version.id and approval.content_hash == version.content_hash:
                return approval
        return None

    def working_approval(self) -> tuple[Version, Approval] | None:
        """The approved version the working copy is identical to, if any."""
        if not self._approvals:
            return None
        current = self.working_hash()
        for version in reversed(self._versions):
            if version.content_hash == current:
                approval = self.approval_of(version)
                if approval is not None:
                    return version, approval
        return None

    def findings_as_dicts(self, findings: list[Finding] | None = None) -> list[dict]:
        return [
            {
                "rule": f.rule,
                "severity": f.severity,
                "template": f.template,
                "line": f.line,
                "period": f.period,
                "message": f.message,
                "commentary": self._commentary.get(f.key),
            }
            for f in (self.findings() if findings is None else findings)
        ]

    def submit_version(self) -> Version:
        """Freeze the current figures, findings and commentary as the stage's version.

        Refused when this stage was already submitted, and for Final while an error
        stands (other than the approval, which comes after the freeze).
        """
        stage = self._stage
        if any(v.label == stage.label for v in self._versions):
            raise BadInput(
                f"{self.path}: {stage.label} has already been submitted; set the "
                "stage to draft to start the next draft"
            )
        if stage.kind == "final":
            errors = [f for f in without_approval(self.findings()) if f.severity == "error"]
            if errors:
                raise self._errors_stand("the Final version cannot be submitted", errors)
        from .store.lock import current_user
        from .store.planfile import now_text

        findings = self.findings_as_dicts(about_figures(self.findings()))
        values = {
            "label": stage.label,
            "stage_kind": stage.kind,
            "draft_number": stage.draft_number,
            "created_at": now_text(),
            "created_by": current_user(),
            "content_hash": self.working_hash(),
            "cells": encode_cells(self.stored_texts()),
            "findings": json.dumps(findings, ensure_ascii=False),
            "commentary": encode_commentary(self._commentary),
        }
        new_id = self.file.add_version(values, f"Submitted {stage.label}")
        version = version_from_row({"id": new_id, **values})
        self._versions.append(version)
        self._state_changed(f"Submitted {stage.label}")
        return version

    def resolve_version(self, ref: str) -> Version:
        """A version by its number (1, 2...) or label ("Draft 1", "draft1", "Final")."""
        wanted = ref.strip().lower().replace(" ", "")
        for version in self._versions:
            if wanted in (str(version.id), version.label.lower().replace(" ", "")):
                return version
        known = ", ".join(f"{v.id} ({v.label})" for v in self._versions) or "none yet"
        raise BadInput(f"{self.path}: no version {ref!r}; versions: {known}")

    def snapshot(self, ref: str) -> Snapshot:
        """A version, or "working" for the working copy, for a comparison."""
        if ref.strip().lower() in ("working", "current", "now"):
            return Snapshot(
                "Working copy",
                self.stored_texts(),
                self.findings_as_dicts(about_figures(self.findings())),
            )
        version = self.resolve_version(ref)
        return Snapshot(version.label, version.cells, version.findings)

    def approve(
        self, ref: str, *, body: str, meeting_date: str, approver: str, role: str, minute: str
    ) -> Approval:
        """Record the board's (governing body's) approval of a submitted version.

        Recording the same approval again (e.g. a command run twice) changes nothing and
        returns the approval recorded the first time.
        """
        version = self.resolve_version(ref)
        body, approver, role, minute = (clean_line(v) for v in (body, approver, role, minute))
        problems = []
        for name, value in (
            ("body", body),
            ("approver's name", approver),
            ("role", role),
            ("minute reference", minute),
        ):
            if not value:
                problems.append(f"the {name} is empty")
        try:
            # A meeting before the version was frozen in the app is allowed: boards often
            # approve on the day and the plan is submitted here afterwards.
            when = dt.date.fromisoformat(meeting_date.strip())
            if when > dt.date.today():
                problems.append(f"the meeting date {meeting_date} is in the future")
        except ValueError:
            problems.append(f"the meeting date {meeting_date!r} is not a date (YYYY-MM-DD)")
        if problems:
            raise BadInput(f"{self.path}: the approval cannot be recorded", problems)
        from .store.lock import current_user
        from .store.planfile import now_text

        values = {
            "version_id": version.id,
            "body": body,
            "meeting_date": meeting_date.strip(),
            "approver": approver,
            "role": role,
            "minute": minute,
            "content_hash": version.content_hash,
            "recorded_at": now_text(),
            "recorded_by": current_user(),
        }
        for existing in self._approvals:
            same = ("version_id", "body", "meeting_date", "approver", "role", "minute")
            if existing.content_hash == version.content_hash and all(
                getattr(existing, key) == values[key] for key in same
            ):
                return existing  # run twice: recorded once
        new_id = self.file.add_approval(values, f"Approval of {version.label} recorded")
        approval = approval_from_row({"id": new_id, **values})
        self._approvals.append(approval)
        self._state_changed(f"Approval of {version.label} recorded")
        return approval

    def _errors_stand(self, what: str, errors: list[Finding]) -> BadInput:
        """A refusal naming every error that stands, one per line."""
        return BadInput(
            f"{self.path}: {what} while {len(errors)} error(s) stand",
            [
                " ".join(x for x in (f.rule, f.line, f.period) if x) + f": {f.message}"
                for f in errors
            ],
        )

    def _state_changed(self, operation: str) -> None:
        self._working_hash = None
        if self._engine is not None:
            self._engine.update((), state=self.state())
        self._notify(ChangeSet(operation, [], set(), state_changed=True))

    # -- summaries ---------------------------------------------------------------------

    def entered_count(self) -> int:
        return len(self.plan.stored_cells())

    def close(self) -> None:
        self._listeners.clear()
        self.file.close()

    def __enter__(self) -> PlanDocument:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def validate_identity(
    org_code: str, org_name: str, org_kind: str, round_id: str, region: str
) -> list[str]:
    """Problems with a new plan's details, each naming the field (empty when valid)."""
    from .catalogue import available_rounds

    problems = []
    code = org_code.strip().upper()
    if not (3 <= len(code) <= 5 and code.isalnum()):
        problems.append(
            f"organisation code {org_code!r} should be an ODS code of 3-5 letters "
            "and digits (e.g. RXX for a trust, 00X for a CCG)"
        )
    if not org_name.strip():
        problems.append("organisation name is empty")
    elif (position := first_control(org_name)) is not None:
        problems.append(
            f"organisation name {org_name!r} has a line break or control character at "
            f"position {position + 1}: type the name on one line"
        )
    if org_kind not in ORG_KINDS:
        problems.append(f"kind {org_kind!r} is not one of {', '.join(ORG_KINDS)}")
    if round_id not in available_rounds():
        problems.append(f"round {round_id!r} is not one of {', '.join(available_rounds())}")
    if region not in REGIONS:
        problems.append(f"region {region!r} is not one of {', '.join(REGIONS)}")
    return problems
