"""CSV load and dump: exact round trip, all-or-nothing loads naming every bad row."""

from pathlib import Path

import pytest

from desktop.core.errors import BadInput
from desktop.core.exchange import csvio
from desktop.core.operations import LoadCsv
from desktop.core.units import stored_text
from tests.helpers import catalogue, complete_values, new_document, write_csv


def complete_rows(kind: str = "provider", round_id: str = "2019-20") -> list[tuple[str, str, str]]:
    values = complete_values(catalogue(kind, round_id))
    return [(code, period, stored_text(v)) for (code, period), v in values.items()]


@pytest.mark.parametrize(
    ("kind", "round_id"), [("provider", "2019-20"), ("commissioner", "2017-19")]
)
def test_a_complete_plan_round_trips_exactly(tmp_path: Path, kind: str, round_id: str) -> None:
    rows = complete_rows(kind, round_id)
    tricky = {
        "FIN.INC.01": "0.1",
        "FIN.INC.02": "1234.567",
        "FIN.FIN.02": "-0.5",
        "CFIN.ALL.04": "-0.5",
        "CFIN.EXP.01": "1234.567",
        "CFIN.ALL.01": "0.1",
    }
    rows = [(c, p, tricky.get(c, v)) for c, p, v in rows]
    source = write_csv(tmp_path / "in.csv", rows)
    with new_document(tmp_path / "plan.opplan", kind, round_id) as doc:
        assert doc.run(LoadCsv(source)).given == len(rows)
        assert doc.plan.blank_inputs() == []
    from desktop.core.session import PlanSession

    with PlanSession.open(tmp_path / "plan.opplan", read_only=True) as doc:
        dumped = csvio.dump_rows(doc.snapshot())
    assert dumped == rows  # catalogue order, each decimal exactly as entered


def test_one_bad_row_among_a_thousand_rejects_the_whole_file(tmp_path: Path) -> None:
    rows = complete_rows()[:1000]
    bad_index = 617
    code, period, _ = rows[bad_index]
    rows[bad_index] = (code, period, "12x")
    source = write_csv(tmp_path / "in.csv", rows)
    with new_document(tmp_path / "plan.opplan") as doc:
        doc.set_cells({("FIN.INC.01", "M01"): "5"}, "typing")
        before = csvio.dump_csv_text(doc.snapshot())
        with pytest.raises(BadInput) as caught:
            doc.run(LoadCsv(source))
        assert csvio.dump_csv_text(doc.snapshot()) == before
        assert doc.file.read_cells()[("FIN.INC.01", "M01")] == "5"
    assert caught.value.problems == [
        f"row {bad_index + 2}: {code}, {period}, '12x': '12x' is not a number"
    ]


def test_every_bad_row_is_named_with_its_reason(tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "in.csv",
        [
            ("FIN.INC.01", "M01", "10"),
            ("FIN.NOPE", "M01", "1"),
            ("FIN.INC.01", "M13", "1"),
            ("FIN.INC.TOT", "M01", "1"),
            ("E.M.7a", "M02", "1.5"),
            ("FIN.INC.01", "M01", "11"),
            ("FIN.INC.01", "Y1", "100"),
            ("FIN.PAR.CTACC", "Y1", "maybe"),
        ],
    )
    with new_document(tmp_path / "plan.opplan") as doc, pytest.raises(BadInput) as caught:
        doc.run(LoadCsv(source))
    problems = caught.value.problems
    assert len(problems) == 7
    assert problems[0].startswith("row 3: FIN.NOPE") and "unknown line" in problems[0]
    assert problems[1].startswith("row 4:") and "unknown period 'M13'" in problems[1]
    assert "calculated" in problems[2]
    assert "whole number" in problems[3]
    assert "already given in row 2" in problems[4]
    assert "year total" in problems[5]
    assert "Y or N" in problems[6]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"code,when,amount\nFIN.INC.01,M01,1\n", "header must be line,period,value"),
        (b"line,period,value\nFIN.INC.01,M01\n", "expected 3 columns"),
        (b"line,period,value\nFIN.INC.01,M01,\xff\xfe\n", "not UTF-8"),
    ],
)
def test_malformed_files_are_refused_with_a_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    with new_document(tmp_path / "plan.opplan") as doc, pytest.raises(BadInput) as caught:
        doc.run(LoadCsv(source))
    assert message in str(caught.value) + " ".join(caught.value.problems)


def test_an_excel_csv_with_a_byte_order_mark_and_crlf_loads(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b'\xef\xbb\xbfline,period,value\r\nFIN.INC.01,M01,"1,234.5"\r\n')
    with new_document(tmp_path / "plan.opplan") as doc:
        assert doc.run(LoadCsv(source)).given == 1
        assert str(doc.plan.value("FIN.INC.01", "M01")) == "1234.5"
