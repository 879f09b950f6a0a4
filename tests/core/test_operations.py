"""Typed operations: each says exactly what it changed (PlanChanges), and each is recorded
as data in the audit trail, so the operations of one session replayed onto a copy of the
plan it started from give the same plan."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from desktop.core.changes import PlanChanges
from desktop.core.errors import BadInput
from desktop.core.exchange.bundle import export_bundle
from desktop.core.operations import (
    Approve,
    ImportWorkbook,
    LoadCsv,
    SetCells,
    SetCommentary,
    SetStage,
    Submit,
    decode,
    encode,
)
from desktop.core.session import PlanSession
from desktop.core.snapshot import PlanSnapshot
from tests.helpers import write_csv

AGENCY = {("FIN.PAY.03", m): "5000" for m in ("M01", "M02", "M03")}  # over the ceiling: F03
F07 = ("F07", "FIN.EFF.09", "Y1")  # the sample trust plan's unidentified savings warning
TODAY = dt.date.today().isoformat()


def test_each_operation_says_what_it_changed(trust_path: Path) -> None:
    heard: list[PlanChanges] = []
    with PlanSession.open(trust_path) as session:
        session.findings()  # shown: the findings are compared from now on
        session.subscribe(heard.append)
        original = {cell: session.snapshot().stored_texts()[cell] for cell in AGENCY}

        typed = session.run(SetCells(AGENCY, "agency overspend"))
        assert {(c.line, c.period) for c in typed.cells} == set(AGENCY)
        assert {"FIN.PAY.03", "FIN.PAY.TOT"} <= typed.lines  # and the lines computed from it
        assert typed.findings is not None
        appeared = {f.rule for f in typed.findings.appeared}
        assert "F03" in appeared and not typed.findings.cleared
        assert not (typed.stage or typed.commentary or typed.versions or typed.approvals)
        assert heard == [typed]

        same = session.run(SetCells({("FIN.PAY.03", "M01"): "5000"}, "the same again"))
        assert not same and same.count == 0  # nothing changed: no one is told

        note = session.run(SetCommentary(*F07, "Schemes being identified"))
        assert note.commentary == {F07} and not note.cells and not note.findings

        undone = session.run(SetCells(original, "Undo agency overspend", exact=True))
        assert undone.findings is not None
        assert {f.rule for f in undone.findings.cleared} == appeared

        for item in [f for f in session.findings() if f.severity == "warning"]:
            session.set_commentary(item.rule, item.line, item.period, "Explained")
        heard.clear()
        stage = session.run(SetStage("final"))
        assert stage.stage and stage.findings  # at Final the sign-off checks stand
        assert any(f.rule == "G05" for f in stage.findings.appeared)

        submitted = session.run(Submit())
        assert submitted.versions and submitted.version is not None
        assert submitted.version.label == "Final" and not submitted.approvals

        approve = Approve("Final", "trust board", TODAY, "J Smith", "Chair", "TB/19/1")
        approved = session.run(approve)
        assert approved.approvals and approved.approval is not None
        assert approved.findings is not None
        assert [f.rule for f in approved.findings.cleared] == ["G05"]
        again = session.run(approve)  # recorded once
        assert not again and again.approval == approved.approval
    assert heard == [stage, submitted, approved]


def test_a_refused_operation_changes_nothing(trust_path: Path) -> None:
    with PlanSession.open(trust_path) as session:
        before = session.snapshot()
        with pytest.raises(BadInput) as refused:
            session.run(SetCells({("FIN.PAY.03", "M01"): "12", ("FIN.INC.01", "M01"): "x"}, "t"))
        assert refused.value.problems == ["FIN.INC.01 M01: 'x' is not a number"]
        with pytest.raises(BadInput, match="no finding G01"):
            session.run(SetCommentary("G01", "FIN.INC.01", "M01", "why"))
        assert session.snapshot() is before
        assert session.operations()[-1].name == "Load CSV sample-trust-2019-20.csv"


def test_every_kind_of_operation_is_data_that_reads_back_the_same(tmp_path: Path) -> None:
    operations = [
        SetCells({("FIN.PAY.03", "M01"): "807", ("FIN.INC.01", "M02"): None}, "typing"),
        SetCells({("FIN.PAY.03", "M01"): "807.0"}, "Undo typing", exact=True),
        LoadCsv(tmp_path / "plan.csv"),
        ImportWorkbook(tmp_path / "RZZ_2019-20_Finance_Draft1.xlsx"),
        SetCommentary("F07", "FIN.EFF.09", "Y1", "Schemes \u2013 being identified\n(two)"),
        SetCommentary("G05", None, None, ""),
        SetStage("final"),
        Submit(),
        Approve("2", "trust board", "2019-03-20", "J Smith", "Chair", "TB/19/042"),
    ]
    for operation in operations:
        record = encode(operation)
        assert decode(record) == operation, record
    with pytest.raises(ValueError, match="not a recorded operation"):
        decode('{"op": "delete_everything"}')


def test_the_operations_of_a_session_replayed_on_a_copy_give_the_same_plan(
    trust_path: Path, tmp_path: Path
) -> None:
    start = Path(shutil.copy(trust_path, tmp_path / "start.opplan"))
    first = PlanSnapshot.read(start)
    with PlanSession.open(start) as session:
        already = session.operations()[-1].id
    out = tmp_path / "out"
    with PlanSession.open(trust_path) as session:  # what a user does in one session
        original = {cell: session.snapshot().stored_texts()[cell] for cell in AGENCY}
        session.set_cells(AGENCY, "agency overspend")
        session.set_cells(original, "Undo agency overspend", restore=True)
        session.set_cells({("FIN.INC.01", "M01"): "21,234.50"}, "typing")  # as typed
        session.run(LoadCsv(write_csv(tmp_path / "edit.csv", [("FIN.INC.02", "M02", "24600.5")])))
        export_bundle(session.snapshot(), out)
        session.set_commentary(*F07, "Schemes being identified")
        session.submit_version()
        session.set_stage("draft")
        session.run(Approve("Draft 1", "trust board", TODAY, "J Smith", "Chair", "TB/19/1"))
        workbook = out / "RZZ_2019-20_Draft2" / "RZZ_2019-20_Finance_Draft2.xlsx"
        export_bundle(session.snapshot(), out)
        edit_workbook(workbook, "FIN.INC.02", "Apr-19", 25000)
        session.run(ImportWorkbook(workbook))
        recorded = session.operations(after=already)
        done = session.snapshot()
    assert [entry.record is not None for entry in recorded] == [True] * len(recorded)
    assert [entry.name for entry in recorded][-1] == f"Import workbook {workbook.name}"
    workbook.unlink()  # the replay needs neither the CSV nor the workbook: their cells are recorded
    (tmp_path / "edit.csv").unlink()
    with PlanSession.open(start) as copy:
        assert copy.snapshot().stored_texts() == first.stored_texts()
        for entry in recorded:
            assert entry.record is not None
            copy.run(decode(entry.record))
        replayed = copy.snapshot()
    assert replayed.stored_texts() == done.stored_texts()
    assert replayed.stored_texts()[("FIN.INC.01", "M01")] == "21234.50"
    assert dict(replayed.commentary) == dict(done.commentary)
    assert replayed.stage == done.stage
    assert [(v.label, v.content_hash) for v in replayed.versions] == [
        (v.label, v.content_hash) for v in done.versions
    ]
    assert [(a.body, a.minute, a.content_hash) for a in replayed.approvals] == [
        (a.body, a.minute, a.content_hash) for a in done.approvals
    ]


def edit_workbook(path: Path, code: str, period_label: str, value: object) -> None:
    """Type ``value`` into ``code``'s cell under ``period_label`` of the workbook, as in Excel."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for sheet in book.worksheets:
        header = next(
            (row for row in sheet.iter_rows() if any(c.value == period_label for c in row)), None
        )
        if header is None:
            continue
        column = next(c.column for c in header if c.value == period_label)
        for row in sheet.iter_rows():
            if row[0].value == code:
                sheet.cell(row[0].row, column).value = value
                book.save(path)
                return
    raise AssertionError(f"{code} {period_label} is not in {path.name}")
