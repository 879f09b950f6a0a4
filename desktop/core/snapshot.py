"""A plan as a value: ``PlanSnapshot``, what every reader of a plan takes.

A snapshot holds one plan as it stood: its identity, catalogue, entered figures (with
the calculator over them), commentary, stage, submitted versions and approvals.
Findings, computed figures and the content hash are worked out on demand, once.
Nothing changes a snapshot: each operation on an open plan (``PlanSession``) makes
the next one, sharing what did not change.

Where snapshots come from: the working copy of an open plan
(``PlanSession.snapshot()``); a plan file read without a lock, a backup or a check
engine (``PlanSnapshot.read(path)``, to read many plans at once); and a submitted
version decoded (``snapshot.at("Draft 1")``), so exporting or printing a version is
the same call as for the working copy. Exporters, the board pack, headlines, charts,
compare and the checks all read snapshots.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

from .catalogue import Catalogue, Round, load_round
from .catalogue.model import ORG_KINDS
from .cells import typed_cells
from .checks import CheckEngine, Finding, PlanState, about_figures
from .errors import BadInput, PlanFileError, UserError
from .plan import Cell, Plan
from .review.versions import (
    Approval,
    Version,
    approval_from_row,
    content_hash,
    version_from_row,
)
from .store.records import SCHEMA_REVISION, PlanInfo
from .units import Value, stored_text

Key = tuple[str, str, str]  # what a commentary is on: (rule, line, period), '' for none
WORKING = "Working copy"
#: What names the working copy where a version is asked for.
WORKING_REFS = ("working", "current", "now")


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


class PlanSource(Protocol):
    """What a plan is read from: an open plan file (``store.planfile.PlanFile``) or a
    first look at one (``store.preview.PreviewFile``)."""

    path: Path
    info: PlanInfo
    schema_revision: int

    def read_cells(self) -> dict[Cell, str]: ...
    def read_stage(self) -> tuple[str, int]: ...
    def read_commentary(self) -> dict[Key, str]: ...
    def read_versions(self) -> list[dict[str, Any]]: ...
    def read_approvals(self) -> list[dict[str, Any]]: ...


@dataclass(frozen=True, eq=False)
class PlanSnapshot:
    """One plan as it stood: the working copy, or a submitted version (``version``)."""

    info: PlanInfo
    plan: Plan  # the calculator over these figures; nothing changes it
    stage: Stage = Stage("draft", 1)
    commentary: Mapping[Key, str] = field(default_factory=dict)
    versions: tuple[Version, ...] = ()
    approvals: tuple[Approval, ...] = ()
    #: The submitted version these figures are; None for the working copy.
    version: Version | None = None
    #: Where it was read from (None for a plan made in memory), and in which schema.
    path: Path | None = None
    schema_revision: int = SCHEMA_REVISION
    #: Stored cells of lines the catalogue does not know (kept, never shown).
    unknown_cells: Mapping[Cell, str] = field(default_factory=dict)
    #: The findings when they are known already (an open plan's check engine keeps
    #: them current); otherwise they are worked out on first use.
    known_findings: tuple[Finding, ...] | None = field(default=None, repr=False)
    #: The working copy a version was decoded from (to find other versions by name).
    origin: PlanSnapshot | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "commentary", MappingProxyType(dict(self.commentary)))
        object.__setattr__(self, "unknown_cells", MappingProxyType(dict(self.unknown_cells)))

    # -- reading -----------------------------------------------------------------------

    @classmethod
    def read(cls, path: Path | str) -> PlanSnapshot:
        """The plan in the file at ``path``, read without a lock, a backup or a check
        engine (an interrupted write is still rolled back first, or the file refused,
        as any opening does). Raises the PlanFileError of a plan that cannot be read."""
        from .store.planfile import PlanFile

        with PlanFile.open(Path(path), read_only=True) as file:
            return cls.from_source(file)

    @classmethod
    def from_source(cls, source: PlanSource) -> PlanSnapshot:
        """The plan as ``source`` holds it now."""
        info = source.info
        catalogue = catalogue_of(info, source.path)
        values, unknown = typed_cells(catalogue, source.read_cells())
        return cls(
            info=info,
            plan=Plan(catalogue, values),
            stage=Stage(*source.read_stage()),
            commentary=source.read_commentary(),
            versions=tuple(version_from_row(row) for row in source.read_versions()),
            approvals=tuple(approval_from_row(row) for row in source.read_approvals()),
            path=source.path,
            schema_revision=source.schema_revision,
            unknown_cells=unknown,
        )

    # -- what it is --------------------------------------------------------------------

    @property
    def catalogue(self) -> Catalogue:
        return self.plan.catalogue

    @property
    def round(self) -> Round:
        return self.plan.round

    @property
    def label(self) -> str:
        """Draft 1, Final, or Working copy."""
        return WORKING if self.version is None else self.version.label

    @property
    def where(self) -> str:
        """The plan as refusals name it: its file, or its organisation."""
        return str(self.path) if self.path is not None else self.info.org_code

    @cached_property
    def _texts(self) -> Mapping[Cell, str]:
        return MappingProxyType(
            {cell: stored_text(v) for cell, v in self.plan.stored_cells().items()}
        )

    def stored_texts(self) -> dict[Cell, str]:
        """Every entered value as stored text."""
        return dict(self._texts)

    def stored(self, code: str, period: str) -> Value | None:
        return self.plan.stored(code, period)

    def entered_count(self) -> int:
        return len(self._texts)

    @cached_property
    def content_hash(self) -> str:
        """The content hash of these figures and commentary (a version: as recorded)."""
        if self.version is not None:
            return self.version.content_hash
        return content_hash(self.info.plan_id, self._texts, self.commentary)

    # -- the next snapshot ---------------------------------------------------------------

    def with_values(self, changes: Mapping[Cell, Value | None]) -> tuple[PlanSnapshot, set[str]]:
        """This plan with ``changes`` made to its entered values (None clears), and the
        lines affected; computed figures of the other lines are shared, not redone."""
        if not changes:
            return self, set()
        plan, lines = self.plan.changed(changes)
        return replace(self, plan=plan, known_findings=None), lines

    def with_parts(self, **parts: Any) -> PlanSnapshot:
        """This plan with other parts (stage, commentary, versions, approvals...)."""
        return replace(self, known_findings=None, **parts)

    def with_findings(self, findings: list[Finding]) -> PlanSnapshot:
        """The same plan, its findings known (as the open plan's check engine keeps them)."""
        return replace(self, known_findings=tuple(findings))

    def frozen_content(self) -> dict[str, Any]:
        """Further kinds of content as a version freezes them, by kind (``Version.content``);
        the plan holds none beyond its figures and commentary yet."""
        return {}

    # -- checks and findings -----------------------------------------------------------

    @property
    def state(self) -> PlanState:
        """What the checks read besides the figures."""
        return PlanState(
            stage=self.stage.kind,
            approved=self.approval() is not None,
            commentary=dict(self.commentary),
        )

    @cached_property
    def _findings(self) -> tuple[Finding, ...]:
        if self.known_findings is not None:
            return self.known_findings
        return tuple(CheckEngine(self.plan, self.state).run_all())

    def findings(self) -> list[Finding]:
        """Every standing finding of these figures at this stage, errors first."""
        return list(self._findings)

    def commentary_for(self, item: Finding) -> str | None:
        return self.commentary.get(item.key)

    def as_dicts(self, findings: list[Finding]) -> list[dict[str, Any]]:
        """Findings as plain records, each with its commentary (a version freezes these)."""
        return [
            {
                "rule": f.rule,
                "severity": f.severity,
                "template": f.template,
                "line": f.line,
                "period": f.period,
                "message": f.message,
                "commentary": self.commentary.get(f.key),
            }
            for f in findings
        ]

    def findings_record(self) -> list[dict[str, Any]]:
        """The findings about the figures, as a version records them: a version's as they
        were frozen, the working copy's as they stand (without the sign-off checks)."""
        if self.version is not None:
            return list(self.version.findings)
        return self.as_dicts(about_figures(self.findings()))

    # -- versions and approvals --------------------------------------------------------

    def resolve_version(self, ref: str) -> Version:
        """A version by its number (1, 2...) or label ("Draft 1", "draft1", "Final")."""
        wanted = ref.strip().lower().replace(" ", "")
        for version in self.versions:
            if wanted in (str(version.id), version.label.lower().replace(" ", "")):
                return version
        known = ", ".join(f"{v.id} ({v.label})" for v in self.versions) or "none yet"
        raise BadInput(f"{self.where}: no version {ref!r}; versions: {known}")

    def at(self, ref: str | None) -> PlanSnapshot:
        """A submitted version (its number or label) as a snapshot, or the working copy
        for "working" (or None). Raises BadInput for an unknown version."""
        working = self.origin or self
        if ref is None or ref.strip().lower() in WORKING_REFS:
            return working
        return working.at_version(working.resolve_version(ref))

    def at_version(self, version: Version) -> PlanSnapshot:
        """``version``'s frozen figures, stage and commentary as a snapshot (with the
        plan's versions and approvals as they are now)."""
        working = self.origin or self
        values, unknown = typed_cells(self.catalogue, version.cells)
        current = working.plan.stored_cells()
        differ: dict[Cell, Value | None] = {
            cell: values.get(cell)
            for cell in set(values) | set(current)
            if stored_text_or_none(values.get(cell)) != stored_text_or_none(current.get(cell))
        }
        plan, _ = working.plan.changed(differ)
        return replace(
            working,
            plan=plan,
            stage=Stage(version.stage_kind, version.draft_number),
            commentary=version.commentary,
            version=version,
            unknown_cells=unknown,
            known_findings=None,
            origin=working,
        )

    def approval_of(self, version: Version) -> Approval | None:
        """The approval recorded for ``version`` (of exactly its content), if any."""
        for approval in reversed(self.approvals):
            if approval.version_id == version.id and approval.content_hash == version.content_hash:
                return approval
        return None

    def approval(self) -> tuple[Version, Approval] | None:
        """The approval of exactly these figures: a version's own, or for the working
        copy that of an approved version it is identical to."""
        if not self.approvals:
            return None
        if self.version is not None:
            found = self.approval_of(self.version)
            return None if found is None else (self.version, found)
        current = self.content_hash
        for version in reversed(self.versions):
            if version.content_hash == current:
                approval = self.approval_of(version)
                if approval is not None:
                    return version, approval
        return None

    def same_version(self) -> Version | None:
        """The latest version with exactly these figures and commentary, if any."""
        same = [v for v in self.versions if v.content_hash == self.content_hash]
        return same[-1] if same else None


def stored_text_or_none(value: Value | None) -> str | None:
    """How a value is stored (2.0 and 2 differ as entered), None for blank."""
    return None if value is None else stored_text(value)


def catalogue_of(info: PlanInfo, path: Path) -> Catalogue:
    """The catalogue a plan's identity names; PlanFileError when this version cannot
    read it (an unknown round or organisation kind)."""
    try:
        round_ = load_round(info.round_id)
    except UserError as exc:
        raise PlanFileError(path, f"uses a round this version does not know ({exc})") from exc
    if info.org_kind not in ORG_KINDS:
        raise PlanFileError(path, f"has an unknown organisation kind {info.org_kind!r}")
    return round_.catalogue(info.org_kind)


def encode_content(snapshot: PlanSnapshot) -> str:
    """``Version.content`` as stored: JSON of the snapshot's further kinds of content."""
    return json.dumps(snapshot.frozen_content(), ensure_ascii=False, sort_keys=True)
