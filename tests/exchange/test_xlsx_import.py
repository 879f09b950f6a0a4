"""Importing workbooks: the exact round trip, hand edits, and every refusal leaving the plan as
it was (wrong cells listed one by one, other organisations, damaged and hostile files)."""

import contextlib
import os
import shutil
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core.errors import BadInput
from desktop.core.exchange import csvio
from desktop.core.exchange import workbook_layout as wl
from desktop.core.exchange.xlsx_import import read_cells, read_workbook
from desktop.core.operations import ImportWorkbook
from desktop.core.session import PlanSession
from tests.exchange.conftest import export, new_plan


def finance(bundle) -> Path:
    return bundle.workbooks[0]


def spot(doc: PlanSession, code: str, period: str) -> wl.Spot:
    line = doc.catalogue.lines[code]
    layout = wl.layout_for(doc.catalogue, doc.catalogue.template(line.template))
    return layout.spots[(code, period)]


def edited(source: Path, dest: Path, edit: Callable) -> Path:
    """A copy of ``source`` changed with openpyxl, as a person would in Excel."""
    wb = load_workbook(source)
    edit(wb)
    wb.save(dest)
    return dest


def rewritten(source: Path, dest: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of ``source`` with one zip part's bytes changed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == part else data)
    return dest


def held_open(path: Path) -> bool:
    """Whether this process still has ``path`` open (Linux: /proc; elsewhere: unknown, no).

    A handle left open keeps a file locked on Windows: the user could not delete or
    replace the workbook the app refused."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return False
    target = str(path.resolve())
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):
            if os.readlink(fd) == target:
                return True
    return False


def refused(doc: PlanSession, path: Path) -> BadInput:
    """Import ``path``, expecting a refusal; checks that the plan did not change and
    that the file was not left open."""
    before = csvio.dump_csv_text(doc.snapshot())
    with pytest.raises(BadInput) as caught:
        doc.run(ImportWorkbook(path))
    assert csvio.dump_csv_text(doc.snapshot()) == before
    assert not held_open(path), f"{path.name} is still open after it was refused"
    return caught.value


@pytest.fixture
def trust(trust_path: Path):
    with PlanSession.open(trust_path) as doc:
        yield doc


# -- the round trip --------------------------------------------------------------------


def test_round_trip_into_a_new_plan_gives_an_identical_dump(
    trust_bundle, samples_dir: Path, tmp_path: Path
) -> None:
    with new_plan(tmp_path / "new.opplan") as doc:
        for path in trust_bundle.workbooks:
            assert doc.run(ImportWorkbook(path)).count > 0
        imported = csvio.dump_csv_text(doc.snapshot())
    with PlanSession.open(samples_dir / "trust.opplan", read_only=True) as source:
        assert imported == csvio.dump_csv_text(source.snapshot())


def test_round_trip_of_a_ccg_plan(ccg_bundle, samples_dir: Path, tmp_path: Path) -> None:
    with new_plan(tmp_path / "new.opplan", org="00Z", kind="commissioner") as doc:
        for path in ccg_bundle.workbooks:
            doc.run(ImportWorkbook(path))
        values = doc.plan.stored_cells()
    with PlanSession.open(samples_dir / "ccg.opplan", read_only=True) as source:
        assert values == source.plan.stored_cells()  # equal figures (49.0 comes back as 49)


def test_importing_an_unchanged_workbook_changes_nothing(trust, trust_bundle) -> None:
    assert read_workbook(trust.snapshot(), finance(trust_bundle)) == {}
    assert trust.run(ImportWorkbook(finance(trust_bundle))).count == 0


def test_read_cells_gives_every_input_cell_of_the_template(trust, trust_bundle) -> None:
    values = read_cells(trust.snapshot(), finance(trust_bundle))
    fin_inputs = [
        (line.code, p) for line in trust.catalogue.template("FIN").lines() for p in line.inputs
    ]
    assert sorted(values) == sorted(fin_inputs)
    assert values[("FIN.INC.01", "M01")] == Decimal("4920.2")
    assert values[("FIN.PAR.CTACC", "Y1")] == "Y"


def test_values_typed_into_yellow_cells_land_as_one_operation(
    trust, trust_bundle, tmp_path: Path
) -> None:
    inc = spot(trust, "FIN.INC.01", "M01")
    ctacc = spot(trust, "FIN.PAR.CTACC", "Y1")
    fin02 = spot(trust, "FIN.FIN.02", "M03")
    rec = spot(trust, "FIN.EFF.REC", "M12")

    def edit(wb) -> None:
        wb[inc.sheet.title].cell(inc.row, inc.column).value = 5001.25
        wb[ctacc.sheet.title].cell(ctacc.row, ctacc.column).value = "n"
        wb[fin02.sheet.title].cell(fin02.row, fin02.column).value = -12
        wb[rec.sheet.title].cell(rec.row, rec.column).value = None  # cleared

    path = edited(finance(trust_bundle), tmp_path / "edited.xlsx", edit)
    changes = read_workbook(trust.snapshot(), path)
    assert changes == {
        ("FIN.INC.01", "M01"): Decimal("5001.25"),
        ("FIN.PAR.CTACC", "Y1"): "N",
        ("FIN.FIN.02", "M03"): Decimal("-12"),
        ("FIN.EFF.REC", "M12"): None,
    }
    assert trust.run(ImportWorkbook(path)).count == 4
    assert trust.plan.stored("FIN.INC.01", "M01") == Decimal("5001.25")
    assert trust.plan.stored("FIN.EFF.REC", "M12") is None
    imported = [e for e in trust.file.audit() if e.operation == "Import workbook edited.xlsx"]
    assert len(imported) == 4 and len({e.operation_id for e in imported}) == 1


def test_a_formula_typed_into_an_input_cell_gives_its_saved_result(
    trust, trust_bundle, tmp_path: Path
) -> None:
    inc = spot(trust, "FIN.INC.01", "M02")
    path = edited(
        finance(trust_bundle),
        tmp_path / "formula.xlsx",
        lambda wb: setattr(wb[inc.sheet.title].cell(inc.row, inc.column), "value", "=100+20"),
    )
    problem = refused(trust, path)  # openpyxl saves no result: nothing to read
    assert "holds a formula with no saved result" in problem.problems[0]


# -- cells refused one by one ----------------------------------------------------------


def test_bad_cells_are_listed_one_by_one_and_nothing_is_imported(
    trust, trust_bundle, tmp_path: Path
) -> None:
    text = spot(trust, "FIN.INC.01", "M01")
    decimals = spot(trust, "FIN.INC.02", "M01")
    negative = spot(trust, "FIN.PAY.01", "M01")
    total = spot(trust, "FIN.INC.PC", "M01")
    changed = spot(trust, "FIN.INC.TOT", "M02")
    good = spot(trust, "FIN.INC.03", "M01")

    def edit(wb) -> None:
        ws = wb["I&E"]
        ws.cell(text.row, text.column).value = "abc"
        ws.cell(decimals.row, decimals.column).value = 1.2345
        ws.cell(negative.row, negative.column).value = -5
        ws.cell(total.row, total.column).value = 123
        ws.cell(changed.row, changed.column).value = "=1+1"
        ws.cell(good.row, good.column).value = 99

    problem = refused(trust, edited(finance(trust_bundle), tmp_path / "bad.xlsx", edit))
    assert problem.summary == "bad.xlsx: 5 cell(s) refused; nothing was imported"
    assert problem.problems == [
        "I&E!E7: FIN.INC.01, M01 (Apr-19), 'abc': is text in a number cell: type a number",
        "I&E!E8: FIN.INC.02, M01 (Apr-19), 1.2345: has more than 3 decimal places",
        "I&E!E11: FIN.INC.PC, M01 (Apr-19), 123: is calculated, but holds a value instead of "
        'its formula =IF(COUNT(E7:E10)<4,"",SUM(E7:E10))',
        "I&E!F19: FIN.INC.TOT, M02 (May-19), =1+1: is calculated; its formula was changed "
        '(exported: =IF(COUNT(F11,F18)<2,"",F11+F18))',
        "I&E!E20: FIN.PAY.01, M01 (Apr-19), -5: cannot be negative on this line",
    ]


def test_units_are_checked(trust, trust_bundle, tmp_path: Path) -> None:
    count_line = next(
        line for line in trust.catalogue.template("ACT").lines() if line.unit == "count"
    )
    count = spot(trust, count_line.code, "M01")
    yes_no = spot(trust, "FIN.PAR.CTACC", "Y1")
    pct = spot(trust, "FIN.PAR.PAYAWARD", "Y1")
    act = edited(
        trust_bundle.workbooks[1],
        tmp_path / "act.xlsx",
        lambda wb: setattr(wb[count.sheet.title].cell(count.row, count.column), "value", 10.5),
    )
    problem = refused(trust, act)
    assert problem.problems == [
        f"{count.sheet.title}!{count.ref}: {count_line.code}, M01 (Apr-19), 10.5: "
        "must be a whole number"
    ]

    def edit(wb) -> None:
        wb["Parameters"].cell(pct.row, pct.column).value = 120
        wb["Parameters"].cell(yes_no.row, yes_no.column).value = 1

    problem = refused(trust, edited(finance(trust_bundle), tmp_path / "fin.xlsx", edit))
    assert [p.split(": ", 1)[1] for p in problem.problems] == [
        "FIN.PAR.CTACC, Y1 (2019/20), 1: is a number; type Y or N",
        "FIN.PAR.PAYAWARD, Y1 (2019/20), 120: must be between 0 and 100",
    ]


def test_moved_rows_are_refused(trust, trust_bundle, tmp_path: Path) -> None:
    path = edited(
        finance(trust_bundle),
        tmp_path / "moved.xlsx",
        lambda wb: wb["Efficiency"].insert_rows(wl.FIRST_ROW + 2),
    )
    problem = refused(trust, path)
    assert "Efficiency!A9: the line code should be FIN.EFF.03" in problem.problems[0]


# -- whose workbook --------------------------------------------------------------------


def test_a_workbook_for_another_organisation_is_refused(
    trust, tmp_path: Path, samples_dir: Path
) -> None:
    with new_plan(tmp_path / "raa.opplan", org="RAA") as other:
        other.set_cells({("FIN.INC.01", "M01"): "1"}, "one value")
    bundle = export(tmp_path / "raa.opplan", tmp_path / "out")
    problem = refused(trust, bundle.workbooks[0])
    assert str(problem) == (
        "RAA_2019-20_Finance_Draft1.xlsx is for organisation RAA, this plan is RZZ"
    )


def meta_edit(key: str, value: str) -> Callable:
    def edit(wb) -> None:
        ws = wb["_meta"]
        for row in ws.iter_rows():
            if row[0].value == key:
                row[1].value = value

    return edit


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("round_id", "2017-19", "is for round 2017-19, this plan is 2019-20"),
        ("template_id", "CFIN", "is for template CFIN, which a provider plan does not have"),
        ("layout_version", "99", "has workbook layout 99"),
        ("catalogue_version", "2019-20.0", "was exported with catalogue 2019-20.0"),
        ("format", "something", "is not a workbook exported by OpPlan Desk"),
    ],
)
def test_a_workbook_for_another_round_template_or_layout_is_refused(
    trust, trust_bundle, tmp_path: Path, key: str, value: str, message: str
) -> None:
    path = edited(finance(trust_bundle), tmp_path / "other.xlsx", meta_edit(key, value))
    assert message in str(refused(trust, path))


def test_a_ccg_workbook_is_refused_by_a_trust_plan(trust, ccg_bundle) -> None:
    message = str(refused(trust, ccg_bundle.workbooks[0]))
    assert "is for organisation 00Z, this plan is RZZ" in message


def test_a_workbook_not_exported_by_the_app_is_refused(trust, tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "plain.xlsx"
    Workbook().save(path)
    assert "is not a workbook exported by OpPlan Desk (it has no _meta sheet)" in str(
        refused(trust, path)
    )


# -- damaged and hostile files ---------------------------------------------------------


def test_a_truncated_file_is_refused_naming_it(trust, trust_bundle, tmp_path: Path) -> None:
    data = finance(trust_bundle).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert str(refused(trust, path)) == (
        "cut.xlsx: is not an Excel workbook (.xlsx), or the file is damaged or truncated"
    )


def test_a_damaged_sheet_is_refused_naming_the_file(trust, trust_bundle, tmp_path: Path) -> None:
    path = rewritten(
        finance(trust_bundle),
        tmp_path / "damaged.xlsx",
        "xl/worksheets/sheet2.xml",
        lambda data: data[: len(data) // 2],
    )
    message = str(refused(trust, path))
    assert message.startswith("damaged.xlsx: the sheet 'I&E' cannot be read; the file is damaged")


def test_other_files_are_refused(trust, tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("hello")
    assert "is not an Excel workbook" in str(refused(trust, text))
    assert "no such file" in str(refused(trust, tmp_path / "missing.xlsx"))
    assert "is a folder" in str(refused(trust, tmp_path))


def test_a_zip_bomb_is_refused_before_it_is_opened(trust, trust_bundle, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    shutil.copy(finance(trust_bundle), path)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w") as entry,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(64):  # 64 MB of zeros, about 64 kB compressed
            entry.write(chunk)
    assert path.stat().st_size < 1024 * 1024
    message = str(refused(trust, path))
    assert message.startswith("bomb.xlsx: part xl/media/padding.bin is compressed")
    assert "a sign of a zip bomb" in message


LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)


def with_laughs(data: bytes) -> bytes:
    body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
    return LAUGHS + body.replace(b"<t>Code</t>", b"<t>&lol9;</t>", 1)


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet2.xml"])
def test_a_billion_laughs_entity_is_refused(trust, trust_bundle, tmp_path: Path, part: str) -> None:
    path = rewritten(finance(trust_bundle), tmp_path / "laughs.xlsx", part, with_laughs)
    message = str(refused(trust, path))
    assert message.startswith("laughs.xlsx: contains XML entity declarations")


def test_a_workbook_under_another_extension_is_refused(trust, trust_bundle, tmp_path: Path) -> None:
    path = Path(shutil.copy(finance(trust_bundle), tmp_path / "finance.zip"))
    message = str(refused(trust, path))
    assert message.startswith("finance.zip: cannot be read as an Excel workbook")
