"""Importing a workbook exported from the same plan is a three-way merge: only what was changed
in the workbook since the export is applied, the plan's own edits since then are kept, a cell
changed on both sides refuses the import. Another plan's workbook is read in full; an older
workbook (no record of its exported figures) only into a plan with none of its figures."""

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core.exchange import csvio
from desktop.core.exchange import workbook_layout as wl
from desktop.core.exchange.xlsx_import import (
    MERGED,
    OLDER,
    OTHER_PLAN,
    plan_import,
    read_workbook,
)
from desktop.core.operations import ImportWorkbook
from desktop.core.session import PlanSession
from desktop.core.units import stored_text
from tests.exchange.conftest import export, new_plan
from tests.exchange.test_xlsx_import import edited, finance, refused, spot

A = ("FIN.INC.01", "M01")  # 4920.2 in the sample
B = ("FIN.INC.02", "M01")  # 24568.8 in the sample
EXPORTED = "19 February 2019 09:30"  # conftest.EXPORTED_AT, as shown


@pytest.fixture
def trust(trust_path: Path):
    """The sample trust plan the session's trust_bundle was exported from."""
    with PlanSession.open(trust_path) as doc:
        yield doc


def typed(doc: PlanSession, source: Path, dest: Path, figures: dict) -> Path:
    """A copy of ``source`` with ``figures`` typed into their yellow cells (None clears)."""

    def edit(wb) -> None:
        for (code, period), value in figures.items():
            where = spot(doc, code, period)
            wb[where.sheet.title].cell(where.row, where.column).value = value

    return edited(source, dest, edit)


def fin_inputs(doc: PlanSession) -> int:
    return sum(len(line.inputs) for line in doc.catalogue.template("FIN").lines())


# -- this plan's workbook: merged -----------------------------------------------------


def test_a_workbook_edit_is_applied_and_plan_edits_since_the_export_are_kept(
    trust, trust_bundle, tmp_path: Path
) -> None:
    trust.set_cells({A: "5000"}, "edited in the plan after the export")
    path = typed(trust, finance(trust_bundle), tmp_path / "fin.xlsx", {B: 25000.5})
    assert read_workbook(trust.snapshot(), path) == {B: Decimal("25000.5")}
    result = plan_import(trust.snapshot(), path)
    assert result.how == MERGED and result.exported_at == EXPORTED
    assert (result.unchanged, result.kept, result.already) == (fin_inputs(trust) - 1, 1, 0)
    assert trust.run(ImportWorkbook(path)).count == 1
    assert trust.plan.stored(*A) == Decimal("5000")  # not reverted to the exported 4920.2
    assert trust.plan.stored(*B) == Decimal("25000.5")


def test_a_cell_changed_in_both_plan_and_workbook_refuses_the_import_listing_it(
    trust, trust_bundle, tmp_path: Path
) -> None:
    inc03 = ("FIN.INC.03", "M01")
    exported = stored_text(trust.plan.stored(*inc03))  # as in the session's bundle
    trust.set_cells({A: "5000", inc03: "1"}, "edited in the plan")
    figures = {A: 5100, B: 25000.5, inc03: None}
    path = typed(trust, finance(trust_bundle), tmp_path / "both.xlsx", figures)
    problem = refused(trust, path)
    assert problem.summary == (
        f"both.xlsx: 2 cell(s) were changed both in the plan and in the workbook since it was "
        f"exported ({EXPORTED}); nothing was imported: make each agree in the plan or in the "
        "workbook, then import again"
    )
    ref = spot(trust, *inc03).ref
    assert problem.problems == [
        "I&E!E7: FIN.INC.01, M01 (Apr-19): exported 4920.2, workbook 5100, plan now 5000",
        f"I&E!{ref}: FIN.INC.03, M01 (Apr-19): exported {exported}, workbook (blank), plan now 1",
    ]
    assert trust.plan.stored(*B) == Decimal("24568.8")  # B was not imported either


def test_the_same_change_in_plan_and_workbook_is_nothing_to_do(
    trust, trust_bundle, tmp_path: Path
) -> None:
    trust.set_cells({A: "5000"}, "edited in the plan")
    path = typed(trust, finance(trust_bundle), tmp_path / "same.xlsx", {A: 5000})
    result = plan_import(trust.snapshot(), path)
    assert result.changes == {} and result.already == 1
    assert trust.run(ImportWorkbook(path)).count == 0
    assert result.message("same.xlsx", "trust.opplan") == (
        f"same.xlsx: the 1 figure(s) changed in the workbook since it was exported ({EXPORTED}) "
        "already match trust.opplan; nothing imported"
    )
    untouched = plan_import(trust.snapshot(), finance(trust_bundle))
    assert untouched.message("fin.xlsx", "trust.opplan") == (
        f"fin.xlsx: nothing changed in the workbook since it was exported ({EXPORTED}); "
        "nothing imported"
    )


def test_importing_the_same_edited_workbook_twice_changes_nothing_the_second_time(
    trust, trust_bundle, tmp_path: Path
) -> None:
    path = typed(trust, finance(trust_bundle), tmp_path / "twice.xlsx", {B: 1})
    assert trust.run(ImportWorkbook(path)).count == 1
    assert trust.run(ImportWorkbook(path)).count == 0
    assert trust.plan.stored(*B) == Decimal(1)


def test_a_cell_cleared_in_the_workbook_is_cleared_only_if_the_plan_still_has_the_exported_figure(
    trust, trust_bundle, tmp_path: Path
) -> None:
    path = typed(trust, finance(trust_bundle), tmp_path / "cleared.xlsx", {A: None, B: None})
    trust.set_cells({B: "1"}, "edited in the plan")
    problem = refused(trust, path)
    assert problem.problems == [
        "I&E!E8: FIN.INC.02, M01 (Apr-19): exported 24568.8, workbook (blank), plan now 1"
    ]
    trust.set_cells({B: "24568.8"}, "back to the exported figure")
    assert read_workbook(trust.snapshot(), path) == {A: None, B: None}
    assert trust.run(ImportWorkbook(path)).count == 2
    assert trust.plan.stored(*A) is None and trust.plan.stored(*B) is None


def test_a_cell_cleared_in_the_plan_and_untouched_in_the_workbook_stays_cleared(
    trust, trust_bundle, tmp_path: Path
) -> None:
    trust.set_cells({A: None}, "cleared in the plan")
    path = typed(trust, finance(trust_bundle), tmp_path / "fin.xlsx", {B: 1})
    assert read_workbook(trust.snapshot(), path) == {B: Decimal(1)}


def test_a_blank_exported_cell_does_not_clear_a_figure_entered_since(tmp_path: Path) -> None:
    with new_plan(tmp_path / "plan.opplan") as doc:
        doc.set_cells({A: "10"}, "one figure")
        bundle = export(doc.path, tmp_path / "out")
        doc.set_cells({B: "20"}, "entered after the export")  # blank in the workbook
        path = typed(doc, finance(bundle), tmp_path / "fin.xlsx", {A: 11})
        result = plan_import(doc.snapshot(), path)
        assert result.how == MERGED and result.changes == {A: Decimal(11)}
        assert doc.run(ImportWorkbook(path)).count == 1
        assert doc.plan.stored(*B) == Decimal(20)


def test_the_report_says_what_was_merged(trust, trust_bundle, tmp_path: Path) -> None:
    trust.set_cells({A: "5000"}, "edited in the plan")
    figures = {B: 1, ("FIN.INC.03", "M01"): 2, ("FIN.INC.04", "M01"): 3}
    path = typed(trust, finance(trust_bundle), tmp_path / "fin.xlsx", figures)
    result = trust.run(ImportWorkbook(path)).imported
    assert result.count == 3 and trust.plan.stored("FIN.INC.04", "M01") == Decimal(3)
    assert result.message("fin.xlsx", "trust.opplan") == (
        f"Imported 3 values from fin.xlsx into trust.opplan, changed in the workbook since it "
        f"was exported ({EXPORTED}); {fin_inputs(trust) - 3:,} unchanged, 1 of them edited in "
        "the plan since and kept"
    )
    imported = [e for e in trust.file.audit() if e.operation == "Import workbook fin.xlsx"]
    assert len(imported) == 3


# -- another plan's workbook: read in full -------------------------------------------


def test_another_plans_workbook_is_read_in_full_and_says_so(trust_bundle, tmp_path: Path) -> None:
    with new_plan(tmp_path / "new.opplan") as doc:
        doc.set_cells({A: "1", ("E.B.3a", "BASE"): "5"}, "figures before the import")
        result = plan_import(doc.snapshot(), finance(trust_bundle))
        assert result.how == OTHER_PLAN
        assert result.changes[A] == Decimal("4920.2")  # the plan's own figure is replaced
        assert result.count + result.unchanged == fin_inputs(doc)
        count = doc.run(ImportWorkbook(finance(trust_bundle))).count
        assert count == result.count and doc.plan.stored(*A) == Decimal("4920.2")
        assert result.message("w.xlsx", "new.opplan") == (
            f"Imported {count:,} values from w.xlsx into new.opplan: it was exported from "
            f"another plan ({EXPORTED}), so every figure in it was read; "
            f"{result.unchanged:,} already matched"
        )
        again = doc.run(ImportWorkbook(finance(trust_bundle))).imported
        assert again.message("w.xlsx", "new.opplan") == (
            "w.xlsx: every figure already matches new.opplan; nothing imported"
        )


# -- older workbooks and a damaged record ---------------------------------------------


def as_older(wb) -> None:
    """What an older version exported: no record of the exported figures."""
    ws = wb[wl.META]
    for row in ws.iter_rows():
        if row[0].value == wl.EXPORTED_COUNT_KEY:
            row[0].value = row[1].value = None
        for cell in row[wl.EXPORTED_FIRST_COL - 1 :]:
            cell.value = None


def test_an_older_workbook_is_refused_by_a_plan_with_figures_of_its_template(
    trust, trust_bundle, tmp_path: Path
) -> None:
    path = edited(finance(trust_bundle), tmp_path / "old.xlsx", as_older)
    assert str(refused(trust, path)) == (
        "old.xlsx was exported by an older version: it cannot be merged safely; export again "
        "(it does not record the figures it was exported with, and this plan already has "
        "Provider finance figures)"
    )


def test_an_older_workbook_is_read_in_full_into_a_plan_without_figures_of_its_template(
    trust_bundle, samples_dir: Path, tmp_path: Path
) -> None:
    path = edited(finance(trust_bundle), tmp_path / "old.xlsx", as_older)
    with new_plan(tmp_path / "new.opplan") as doc:  # only the parameter defaults of a new plan
        doc.set_cells({("E.B.3a", "BASE"): "5"}, "a figure of another template")
        result = plan_import(doc.snapshot(), path)
        assert result.how == OLDER
        assert result.message("old.xlsx", "new.opplan").startswith(
            f"Imported {result.count:,} values from old.xlsx into new.opplan: it was exported by "
            f"an older version ({EXPORTED}) and the plan had no Provider finance figures, so "
            "every figure in it was read"
        )
        doc.run(ImportWorkbook(path))
        fin = {c: v for c, v in doc.plan.stored_cells().items() if c[0].startswith("FIN.")}
        doc.set_cells({A: "1"}, "a finance figure")
        assert "cannot be merged safely" in str(refused(doc, path))
    with PlanSession.open(samples_dir / "trust.opplan", read_only=True) as source:
        expected = {c: v for c, v in source.plan.stored_cells().items() if c[0].startswith("FIN.")}
    assert fin == expected


def set_count(value: str):
    def change(ws) -> None:
        next(r for r in ws.iter_rows() if r[0].value == wl.EXPORTED_COUNT_KEY)[1].value = value

    return change


def set_recorded(row: int, offset: int, value: object):
    def change(ws) -> None:
        ws.cell(row, wl.EXPORTED_FIRST_COL + offset).value = value

    return change


def twice(ws) -> None:
    for offset in (0, 1):
        ws.cell(3, wl.EXPORTED_FIRST_COL + offset).value = ws.cell(
            2, wl.EXPORTED_FIRST_COL + offset
        ).value


@pytest.mark.parametrize(
    "change",
    [
        set_recorded(2, 1, "M99"),  # not an input cell
        set_recorded(3, 2, None),  # a row lost its figure
        twice,  # a cell recorded twice
        set_recorded(1, 0, "code"),  # not the header
        set_count("9"),  # fewer rows than recorded
        set_count("100000"),  # more than the template has
        set_count("many"),
    ],
)
def test_a_damaged_record_of_exported_figures_is_refused(
    trust, trust_bundle, tmp_path: Path, change
) -> None:
    path = edited(finance(trust_bundle), tmp_path / "damaged.xlsx", lambda wb: change(wb["_meta"]))
    assert str(refused(trust, path)) == (
        "damaged.xlsx: the record of the figures it was exported with (in its hidden _meta "
        "sheet) is damaged; it cannot be merged safely: export again"
    )


def test_the_export_records_every_entered_input_figure_as_text(trust, trust_bundle) -> None:
    ws = load_workbook(finance(trust_bundle))[wl.META]
    meta = {r[0].value: r[1].value for r in ws.iter_rows(max_col=2) if r[0].value}
    first = wl.EXPORTED_FIRST_COL
    rows = list(ws.iter_rows(min_col=first, max_col=first + 2))
    assert tuple(c.value for c in rows[0]) == wl.EXPORTED_HEADER
    recorded = {(r[0].value, r[1].value): r[2] for r in rows[1:] if r[0].value}
    assert meta[wl.EXPORTED_COUNT_KEY] == str(len(recorded)) == str(fin_inputs(trust))
    assert recorded[A].value == "4920.2" and recorded[A].data_type == "s"
    assert recorded[("FIN.PAR.CTACC", "Y1")].value == "Y"
    assert meta["plan_id"] == trust.info.plan_id


# -- text typed into a yellow cell ---------------------------------------------------


def test_text_in_a_yellow_cell_is_read_as_typed(trust, trust_bundle, tmp_path: Path) -> None:
    figures = {
        A: "1,234",
        B: " 12 ",
        ("FIN.FIN.02", "M03"): "(100)",  # a signed line
        ("FIN.INC.03", "M01"): "£2,500.5",
    }
    path = typed(trust, finance(trust_bundle), tmp_path / "text.xlsx", figures)
    assert read_workbook(trust.snapshot(), path) == {
        A: Decimal(1234),
        B: Decimal(12),
        ("FIN.FIN.02", "M03"): Decimal(-100),
        ("FIN.INC.03", "M01"): Decimal("2500.5"),
    }


def test_text_that_is_not_a_figure_is_still_refused_cell_by_cell(
    trust, trust_bundle, tmp_path: Path
) -> None:
    figures = {A: "abc", B: "(100)", ("FIN.INC.03", "M01"): "1,23"}
    path = typed(trust, finance(trust_bundle), tmp_path / "text.xlsx", figures)
    before = csvio.dump_csv_text(trust.snapshot())
    problem = refused(trust, path)
    inc03 = spot(trust, "FIN.INC.03", "M01").ref
    assert problem.problems == [
        "I&E!E7: FIN.INC.01, M01 (Apr-19), 'abc': is text in a number cell: type a number",
        "I&E!E8: FIN.INC.02, M01 (Apr-19), '(100)': cannot be negative on this line",
        f"I&E!{inc03}: FIN.INC.03, M01 (Apr-19), '1,23': is text in a number cell: type a number",
    ]
    assert csvio.dump_csv_text(trust.snapshot()) == before
