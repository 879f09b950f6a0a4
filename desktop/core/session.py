"""An open plan: ``PlanSession``, the plan file held for editing (or open read-only), the
plan as it stands now, and the operations that change it.

The window and the command line both work through a session. ``run(operation)``
applies one operation (``desktop.core.operations``): it is checked against the plan,
written as one transaction with its audit rows and its record, and the session moves
on to the next snapshot. Everyone watching hears a ``PlanChanges`` saying exactly what
changed (cells, the lines computed from them, the findings that appeared, cleared or
changed, the stage, commentary, versions, approvals), so each view refreshes only what
it shows. Nothing else writes to the file. Readers take ``snapshot()``: a value that
no later operation changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .catalogue import Catalogue, Round, load_round
from .cells import Changes, parse_for_line, validated
from .changes import FindingChanges, PlanChanges
from .checks import CheckEngine, Finding
from .errors import BadInput, LockLost, UserError
from .identity import validate_identity
from .operations import Approve, Operation, SetCells, SetCommentary, SetStage, Submit
from .plan import Cell, Plan
from .review.versions import Approval, Version
from .snapshot import PlanSnapshot, Stage
from .store import AuditEntry, CellChange, PlanInfo
from .store.records import OperationEntry
from .units import Value, stored_text

if TYPE_CHECKING:  # imported when a plan is opened: SQLAlchemy is not needed before
    from .store.planfile import PlanFile
    from .store.preview import PreviewFile

Listener = Callable[[PlanChanges], None]


class PlanSession:
    """One open plan. Make one with ``PlanSession.open``, ``create`` or ``preview``."""

    def __init__(self, file: PlanFile | PreviewFile):
        self.file = file
        self._snapshot = PlanSnapshot.from_source(file)
        self._engine: CheckEngine | None = None
        self._listeners: list[Listener] = []
        file.on_lock_lost = self._lock_lost

    # -- opening and creating ----------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path | str, *, read_only: bool = False, take_over: bool = False
    ) -> PlanSession:
        """Open a plan; ``take_over`` takes it from another computer's session (the
        user's choice, after a warning naming it); a live session of this computer is
        never taken over."""
        from .store.planfile import PlanFile

        return cls._from_file(PlanFile.open(Path(path), read_only=read_only, take_over=take_over))

    @classmethod
    def preview(cls, path: Path | str) -> PlanSession | None:
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
    def _from_file(cls, file: PlanFile | PreviewFile) -> PlanSession:
        """The session over an open file; the file is closed (lock released) if that fails."""
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
    ) -> PlanSession:
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

    # -- the file ----------------------------------------------------------------------

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
        the session is then read-only and its listeners were told)."""
        return self.file.check_lock()

    def audit(self, line: str | None = None) -> list[AuditEntry]:
        """The audit trail, oldest first (only ``line``'s rows when given)."""
        return self.file.audit(line)

    def operations(self, after: int = 0) -> list[OperationEntry]:
        """The operations recorded after the one numbered ``after``, oldest first."""
        return self.file.operations(after)

    def _lock_lost(self, lost: LockLost) -> None:
        self._notify(PlanChanges(f"Taken over: {lost.problem}", lock_lost=True))

    # -- the plan as it stands ---------------------------------------------------------

    def snapshot(self) -> PlanSnapshot:
        """The plan as it stands now, as a value no later change touches."""
        return self._snapshot

    @property
    def info(self) -> PlanInfo:
        return self._snapshot.info

    @property
    def catalogue(self) -> Catalogue:
        return self._snapshot.catalogue

    @property
    def round(self) -> Round:
        return self._snapshot.round

    @property
    def plan(self) -> Plan:
        """The figures as they stand now (the current snapshot's calculator)."""
        return self._snapshot.plan

    def checks(self) -> CheckEngine:
        """The check engine of this plan, kept current after every change."""
        if self._engine is None:
            snapshot = self._snapshot
            self._engine = CheckEngine(snapshot.plan, snapshot.state)
            self._snapshot = snapshot.with_findings(self._engine.run_all())
        return self._engine

    def findings(self) -> list[Finding]:
        """Every standing finding, errors first, kept current after every change."""
        return self.checks().findings()

    def validate(self, changes: Changes) -> dict[Cell, Value | None]:
        """Check a change to cells; raise BadInput listing each bad cell, else the values."""
        return validated(self.catalogue, changes)

    # -- changing it -------------------------------------------------------------------

    def run(self, operation: Operation) -> PlanChanges:
        """Apply ``operation`` as one transaction; listeners hear what changed.

        A refusal (BadInput naming each problem, ReadOnlyPlan, a storage error) raises
        and changes nothing."""
        before = self._snapshot
        after, changes = operation.apply(before, self.file)
        if not changes:
            return changes
        return self._advance(after, changes)

    def _advance(self, after: PlanSnapshot, changes: PlanChanges) -> PlanChanges:
        """Move on to ``after``: re-check what the change touches, compare the findings,
        tell the listeners."""
        engine = self._engine
        if engine is not None:
            before = engine.findings()
            content = changes.beyond_figures
            if changes.lines or content:
                # the approval follows the content hash, which any edit changes
                state = after.state if content or after.approvals else None
                engine.update(changes.lines, state=state, plan=after.plan)
            now = engine.findings()
            after = after.with_findings(now)
            changes = replace(changes, findings=FindingChanges.between(before, now))
        self._snapshot = after
        self._notify(changes)
        return changes

    def reload(self) -> PlanChanges:
        """Read the plan again as committed in its file (by its holder, while this
        session has it open read-only): cells, stage, commentary, versions, approvals.
        Listeners hear what changed. PlanFileError when the file cannot be read now."""
        from sqlalchemy.exc import DBAPIError

        from .store.environment import storage_error

        try:
            fresh = PlanSnapshot.from_source(self.file)
        except DBAPIError as exc:
            problem = storage_error(self.path, exc, "the plan cannot be read now")
            if problem is None:
                raise  # a bug, not the environment
            raise problem from exc
        before = self._snapshot
        old, new = before.stored_texts(), fresh.stored_texts()
        cells = tuple(
            CellChange(cell[0], cell[1], old.get(cell), new.get(cell))
            for cell in sorted(set(old) | set(new), key=self.catalogue.sort_key)
            if old.get(cell) != new.get(cell)
        )
        after, lines = before.with_values(
            {(c.line, c.period): fresh.plan.stored(c.line, c.period) for c in cells}
        )
        commentary = {
            key
            for key in set(before.commentary) | set(fresh.commentary)
            if before.commentary.get(key) != fresh.commentary.get(key)
        }
        changes = PlanChanges(
            "Changed in the file",
            cells,
            frozenset(lines),
            stage=fresh.stage != before.stage,
            commentary=frozenset(commentary),
            versions=[v.id for v in fresh.versions] != [v.id for v in before.versions],
            approvals=[a.id for a in fresh.approvals] != [a.id for a in before.approvals],
        )
        if not changes:
            return changes
        after = after.with_parts(
            stage=fresh.stage,
            commentary=fresh.commentary,
            versions=fresh.versions,
            approvals=fresh.approvals,
            unknown_cells=fresh.unknown_cells,
        )
        return self._advance(after, changes)

    # -- the named operations, for callers that hold their parts -----------------------

    def set_cells(self, changes: Changes, operation: str, *, restore: bool = False) -> PlanChanges:
        """``run(SetCells(...))``: set cells (None or "" clears) as one operation;
        ``restore`` (undo) puts back texts exactly as they were stored."""
        return self.run(SetCells(changes, operation, exact=restore))

    def set_stage(self, kind: str) -> Stage:
        """``run(SetStage(kind))``; the stage it leaves the plan at."""
        self.run(SetStage(kind))
        return self._snapshot.stage

    def set_commentary(self, rule: str, line: str | None, period: str | None, text: str) -> Finding:
        """``run(SetCommentary(...))``; the finding commented on."""
        operation = SetCommentary(rule, line, period, text)
        found = operation.standing(self._snapshot)
        self.run(operation)
        return found

    def submit_version(self) -> Version:
        """``run(Submit())``; the version submitted."""
        version = self.run(Submit()).version
        assert version is not None
        return version

    def approve(
        self, ref: str, *, body: str, meeting_date: str, approver: str, role: str, minute: str
    ) -> Approval:
        """``run(Approve(...))``; the approval recorded (or recorded before)."""
        approval = self.run(Approve(ref, body, meeting_date, approver, role, minute)).approval
        assert approval is not None
        return approval

    # -- listening ---------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def listens(self, listener: Listener) -> bool:
        return listener in self._listeners

    def _notify(self, changes: PlanChanges) -> None:
        for listener in list(self._listeners):
            listener(changes)

    # -- closing -----------------------------------------------------------------------

    def close(self) -> None:
        self._listeners.clear()
        self.file.close()

    def __enter__(self) -> PlanSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
