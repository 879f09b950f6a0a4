"""Large inputs are read streaming, with limits named in the refusal, and the list of
problems is capped (issue 11, fault 10). Peak memory and time are measured by
tests/bench/bench_large_inputs.py, not here."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.core.errors import MAX_PROBLEMS, BadInput
from desktop.core.exchange import csvio
from desktop.core.operations import LoadCsv
from desktop.core.session import PlanSession
from tests.exchange.test_xlsx_import import finance, refused, rewritten
from tests.helpers import SAMPLE_FILES, SAMPLES, new_document


@pytest.fixture
def doc(tmp_path: Path):
    with new_document(tmp_path / "plan.opplan") as document:
        yield document


def test_millions_of_bad_rows_give_the_first_50_and_a_count(doc, tmp_path: Path) -> None:
    source = tmp_path / "dupes.csv"
    with source.open("w", encoding="utf-8") as handle:
        handle.write("line,period,value\n")
        handle.write("FIN.INC.01,M01,1\n" * 200_000)
    before = csvio.dump_csv_text(doc.snapshot())
    with pytest.raises(BadInput) as caught:
        doc.run(LoadCsv(source))
    refusal = caught.value
    inputs = len(list(doc.catalogue.input_cells()))
    assert f"{inputs:,}" in refusal.summary and "rows" in refusal.summary
    assert len(refusal.problems) == MAX_PROBLEMS + 1
    assert re.fullmatch(r"\.\.\. and [\d,]+ more problem\(s\)", refusal.problems[-1])
    assert csvio.dump_csv_text(doc.snapshot()) == before


def test_the_command_line_prints_a_capped_list(tmp_path: Path, capsys) -> None:
    plan = tmp_path / "cli.opplan"
    new_document(plan).close()
    source = tmp_path / "dupes.csv"
    source.write_text("line,period,value\n" + "FIN.INC.01,M01,1\n" * 100_000, encoding="utf-8")
    assert run(["load", str(plan), str(source)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) <= MAX_PROBLEMS + 2
    assert len(err) < 20_000


def test_a_flood_of_blank_lines_is_refused_naming_the_limit(doc, tmp_path: Path) -> None:
    source = tmp_path / "blank.csv"
    sample = (SAMPLES / SAMPLE_FILES["provider"]).read_text(encoding="utf-8")
    source.write_text(sample + "\n" * 300_000, encoding="utf-8")
    with pytest.raises(BadInput, match=r"more than [\d,]+ lines") as caught:
        doc.run(LoadCsv(source))
    assert "blank" in caught.value.summary
    assert doc.snapshot().entered_count() == len(doc.plan.stored_cells())  # nothing loaded


def test_a_huge_row_is_refused_without_echoing_it(doc, tmp_path: Path) -> None:
    source = tmp_path / "wide.csv"
    source.write_text("line,period,value\n" + "1," * 400_000 + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        doc.run(LoadCsv(source))
    shown = caught.value.summary + "\n".join(caught.value.problems)
    assert "row 2" in shown and "characters" in shown
    assert len(shown) < 2_000


def test_a_sample_csv_still_loads(doc) -> None:
    assert doc.run(LoadCsv(SAMPLES / SAMPLE_FILES["provider"])).given > 1000


def huge_row(cells: int) -> bytes:
    rng = random.Random(11)
    row = "".join(f"<c><v>{rng.randint(0, 999_999)}</v></c>" for _ in range(cells))
    return f'<row r="4000">{row}</row>'.encode()


def test_a_workbook_row_wider_than_excel_allows_is_refused_before_it_is_read(
    trust_path: Path, trust_bundle, tmp_path: Path
) -> None:
    def widen(data: bytes) -> bytes:
        return data.replace(b"</sheetData>", huge_row(20_000) + b"</sheetData>")

    path = rewritten(
        finance(trust_bundle), tmp_path / "wide.xlsx", "xl/worksheets/sheet2.xml", widen
    )
    with PlanSession.open(trust_path) as doc:
        refusal = refused(doc, path)
    assert "16,384" in refusal.summary and "row 4000" in refusal.summary
