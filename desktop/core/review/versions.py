"""Submitted versions and approvals: frozen content, identified by a content hash.

A version holds the figures, findings and commentary as they were submitted.
Its content hash covers the plan's identity, every entered value and every
commentary, so an approval recorded against it says exactly what was approved:
the working copy is "the approved plan" only while its own hash is the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..plan import Cell

Commentary = dict[tuple[str, str, str], str]


@dataclass(frozen=True)
class Version:
    id: int
    label: str  # Draft 1, Final
    stage_kind: str
    draft_number: int
    created_at: str
    created_by: str
    content_hash: str
    cells: dict[Cell, str] = field(compare=False)
    findings: list[dict[str, Any]] = field(compare=False)
    commentary: Commentary = field(compare=False)
    #: Further kinds of content frozen with the version, by kind (none yet; see
    #: ``encode_content``): a kind added to the plan is frozen here without a new column.
    content: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]


@dataclass(frozen=True)
class Approval:
    id: int
    version_id: int
    body: str
    meeting_date: str
    approver: str
    role: str
    minute: str
    content_hash: str
    recorded_at: str
    recorded_by: str

    def describe(self, version_label: str) -> str:
        return (
            f"{version_label} approved by the {self.body} on {self.meeting_date}: "
            f"{self.approver}, {self.role} (minute {self.minute})"
        )


def content_hash(
    plan_id: str,
    cells: Mapping[Cell, str],
    commentary: Mapping,
    content: Mapping[str, Iterable[str]] | None = None,
) -> str:
    """SHA-256 of the plan's identity, values and commentary in a canonical form.

    ``content`` adds further kinds of content, each as lines of canonical text; a kind
    with no line adds nothing, so the hash of a plan without it (and of every version
    frozen before the kind existed) stays what it was.
    """
    payload: dict[str, object] = {
        "plan": plan_id,
        "cells": sorted(f"{line}|{period}={text}" for (line, period), text in cells.items()),
        "commentary": sorted(f"{'|'.join(key)}={text}" for key, text in commentary.items()),
    }
    for kind, lines in sorted((content or {}).items()):
        canonical = sorted(lines)
        if canonical:
            payload[kind] = canonical
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def encode_cells(cells: Mapping[Cell, str]) -> str:
    return json.dumps(
        {f"{line}|{period}": text for (line, period), text in sorted(cells.items())},
        ensure_ascii=False,
    )


def decode_cells(text: str) -> dict[Cell, str]:
    out: dict[Cell, str] = {}
    for key, value in json.loads(text).items():
        line, _, period = key.partition("|")
        out[(line, period)] = value
    return out


def encode_commentary(commentary: Mapping[tuple[str, str, str], str]) -> str:
    return json.dumps(
        {"|".join(key): text for key, text in sorted(commentary.items())}, ensure_ascii=False
    )


def decode_commentary(text: str) -> Commentary:
    out: Commentary = {}
    for key, value in json.loads(text).items():
        rule, line, period = [*key.split("|"), "", ""][:3]
        out[(rule, line, period)] = value
    return out


def version_from_row(row: Mapping[str, Any]) -> Version:
    return Version(
        id=row["id"],
        label=row["label"],
        stage_kind=row["stage_kind"],
        draft_number=row["draft_number"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        content_hash=row["content_hash"],
        cells=decode_cells(row["cells"]),
        findings=json.loads(row["findings"]),
        commentary=decode_commentary(row["commentary"]),
        content=json.loads(row.get("content") or "{}"),
    )


def approval_from_row(row: Mapping[str, Any]) -> Approval:
    return Approval(**{k: row[k] for k in Approval.__dataclass_fields__})
