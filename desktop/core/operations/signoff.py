"""Operations on where the plan stands: commentary on findings, the stage, submitting a
version and recording the board's (governing body's) approval of one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from ..changes import PlanChanges
from ..checks import CheckEngine, Finding, PlanState, without_approval
from ..errors import BadInput
from ..plaintext import clean_line, clean_text
from ..review.versions import (
    approval_from_row,
    encode_cells,
    encode_commentary,
    version_from_row,
)
from ..snapshot import PlanSnapshot, Stage, encode_content
from .base import Applied, PlanWriter, encode

STAGES = ("draft", "final")


def commentary_key(rule: str, line: str | None, period: str | None) -> tuple[str, str, str]:
    """What a commentary is on, as typed by a person: (RULE, line, period)."""
    return (rule.strip().upper(), (line or "").strip(), (period or "").strip())


@dataclass(frozen=True)
class SetCommentary:
    """Add or replace (an empty text: remove) the commentary on a standing finding."""

    rule: str
    line: str | None
    period: str | None
    text: str
    kind: ClassVar[str] = "set_commentary"

    @property
    def key(self) -> tuple[str, str, str]:
        return commentary_key(self.rule, self.line, self.period)

    @property
    def name(self) -> str:
        return f"Commentary on {' '.join(self.key)}".strip()

    def standing(self, before: PlanSnapshot) -> Finding:
        """The finding commented on; BadInput naming those that stand when it does not."""
        key = self.key
        findings = before.findings()
        for item in findings:
            if item.key == key:
                return item
        same_rule = [f for f in findings if f.rule == key[0]]
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
            f"{before.where}: no finding {key[0]} on line {key[1] or '(none)'}"
            f"{' period ' + key[2] if key[2] else ''}{hint}"
        )

    def apply(self, before: PlanSnapshot, file: PlanWriter) -> Applied:
        self.standing(before)
        key = self.key
        cleaned = clean_text(self.text).strip()
        recorded = SetCommentary(*key, cleaned)
        if not file.write_commentary(key, cleaned or None, self.name, record=encode(recorded)):
            return before, PlanChanges(self.name)
        commentary = dict(before.commentary)
        if cleaned:
            commentary[key] = cleaned
        else:
            commentary.pop(key, None)
        after = before.with_parts(commentary=commentary)
        return after, PlanChanges(self.name, commentary=frozenset({key}))

    def to_record(self) -> dict[str, Any]:
        return {"rule": self.rule, "line": self.line, "period": self.period, "text": self.text}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> SetCommentary:
        return cls(data["rule"], data.get("line"), data.get("period"), data["text"])


@dataclass(frozen=True)
class SetStage:
    """Move the plan to Draft or Final. A new draft number follows a Final or a
    submitted draft; Final is refused while an error stands (BadInput lists them)."""

    stage: str  # draft | final
    kind: ClassVar[str] = "set_stage"

    def next_stage(self, before: PlanSnapshot) -> Stage:
        if self.stage not in STAGES:
            raise BadInput(f"stage {self.stage!r} is not draft or final")
        current = before.stage
        if self.stage == "final":
            if current.kind == "final":
                return current
            draft_state = PlanState("draft", False, dict(before.commentary))
            errors = [
                f for f in CheckEngine(before.plan, draft_state).run_all() if f.severity == "error"
            ]
            if errors:
                raise errors_stand(before, "the plan cannot be set to Final", errors)
            return Stage("final", current.draft_number)
        submitted = any(v.label == current.label for v in before.versions)
        bump = current.kind == "final" or submitted
        return Stage("draft", current.draft_number + 1 if bump else current.draft_number)

    def apply(self, before: PlanSnapshot, file: PlanWriter) -> Applied:
        new = self.next_stage(before)
        name = f"Stage set to {new.label}"
        if new == before.stage:
            return before, PlanChanges(name)
        file.write_stage(new.kind, new.draft_number, name, record=encode(self))
        return before.with_parts(stage=new), PlanChanges(name, stage=True)

    def to_record(self) -> dict[str, Any]:
        return {"stage": self.stage}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> SetStage:
        return cls(data["stage"])


@dataclass(frozen=True)
class Submit:
    """Freeze the figures, findings and commentary as the stage's version (Draft N or
    Final). Refused when the stage was submitted already, and for Final while an error
    stands (other than the approval, which comes after the freeze)."""

    kind: ClassVar[str] = "submit"

    def apply(self, before: PlanSnapshot, file: PlanWriter) -> Applied:
        from ..store.lock import current_user
        from ..store.planfile import now_text

        stage = before.stage
        if any(v.label == stage.label for v in before.versions):
            raise BadInput(
                f"{before.where}: {stage.label} has already been submitted; set the "
                "stage to draft to start the next draft"
            )
        if stage.kind == "final":
            errors = [f for f in without_approval(before.findings()) if f.severity == "error"]
            if errors:
                raise errors_stand(before, "the Final version cannot be submitted", errors)
        values = {
            "label": stage.label,
            "stage_kind": stage.kind,
            "draft_number": stage.draft_number,
            "created_at": now_text(),
            "created_by": current_user(),
            "content_hash": before.content_hash,
            "cells": encode_cells(before.stored_texts()),
            "findings": json.dumps(before.findings_record(), ensure_ascii=False),
            "commentary": encode_commentary(before.commentary),
            "content": encode_content(before),
        }
        name = f"Submitted {stage.label}"
        new_id = file.add_version(values, name, record=encode(self))
        version = version_from_row({"id": new_id, **values})
        after = before.with_parts(versions=(*before.versions, version))
        return after, PlanChanges(name, versions=True, version=version)

    def to_record(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Submit:
        return cls()


APPROVAL_FIELDS = ("body", "meeting_date", "approver", "role", "minute")


@dataclass(frozen=True)
class Approve:
    """Record the board's (governing body's) approval of a submitted version (its number
    or label). Recording the same approval again (a command run twice) changes nothing:
    the change's ``approval`` is the one recorded the first time."""

    version: str
    body: str
    meeting_date: str  # YYYY-MM-DD
    approver: str
    role: str
    minute: str
    kind: ClassVar[str] = "approve"

    def apply(self, before: PlanSnapshot, file: PlanWriter) -> Applied:
        from ..store.lock import current_user
        from ..store.planfile import now_text

        version = before.resolve_version(self.version)
        body, approver, role, minute = (
            clean_line(v) for v in (self.body, self.approver, self.role, self.minute)
        )
        problems = [
            f"the {name} is empty"
            for name, value in (
                ("body", body),
                ("approver's name", approver),
                ("role", role),
                ("minute reference", minute),
            )
            if not value
        ]
        try:
            # A meeting before the version was frozen in the app is allowed: boards often
            # approve on the day and the plan is submitted here afterwards.
            when = dt.date.fromisoformat(self.meeting_date.strip())
            if when > dt.date.today():
                problems.append(f"the meeting date {self.meeting_date} is in the future")
        except ValueError:
            problems.append(f"the meeting date {self.meeting_date!r} is not a date (YYYY-MM-DD)")
        if problems:
            raise BadInput(f"{before.where}: the approval cannot be recorded", problems)
        values = {
            "version_id": version.id,
            "body": body,
            "meeting_date": self.meeting_date.strip(),
            "approver": approver,
            "role": role,
            "minute": minute,
            "content_hash": version.content_hash,
            "recorded_at": now_text(),
            "recorded_by": current_user(),
        }
        name = f"Approval of {version.label} recorded"
        for existing in before.approvals:
            same = ("version_id", *APPROVAL_FIELDS)
            if existing.content_hash == version.content_hash and all(
                getattr(existing, key) == values[key] for key in same
            ):
                return before, PlanChanges(name, approval=existing)  # run twice: recorded once
        recorded = replace(self, version=str(version.id))
        new_id = file.add_approval(values, name, record=encode(recorded))
        approval = approval_from_row({"id": new_id, **values})
        after = before.with_parts(approvals=(*before.approvals, approval))
        return after, PlanChanges(name, approvals=True, approval=approval)

    def to_record(self) -> dict[str, Any]:
        return {"version": self.version, **{key: getattr(self, key) for key in APPROVAL_FIELDS}}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Approve:
        return cls(data["version"], *(data[key] for key in APPROVAL_FIELDS))


def errors_stand(before: PlanSnapshot, what: str, errors: list[Finding]) -> BadInput:
    """A refusal naming every error that stands, one per line."""
    return BadInput(
        f"{before.where}: {what} while {len(errors)} error(s) stand",
        [" ".join(x for x in (f.rule, f.line, f.period) if x) + f": {f.message}" for f in errors],
    )
