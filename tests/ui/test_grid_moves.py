"""Where Excel's jump keys land, and reading a typed cell address (plain Python)."""

from __future__ import annotations

import pytest

from desktop.ui.cell_address import Address, AddressError, AddressReader
from desktop.ui.grid_moves import data_edge, first_cell, last_used
from tests.helpers import catalogue

# 1 = a value; a 1 x 9 row read left to right
ROW = [1, 1, 1, 0, 0, 1, 0, 1, 1]


def filled(row: int, col: int) -> bool:
    return bool(ROW[col])


@pytest.mark.parametrize(
    ("start", "step", "lands"),
    [
        (0, 1, 2),  # in a run: its last cell
        (2, 1, 5),  # at the end of a run: the next filled cell
        (3, 1, 5),  # on a blank: the next filled cell
        (5, 1, 7),
        (7, 1, 8),
        (8, 1, 8),  # at the edge: stays
        (8, -1, 7),
        (7, -1, 5),
        (5, -1, 2),
        (2, -1, 0),
    ],
)
def test_ctrl_arrow_lands_where_excel_lands(start: int, step: int, lands: int) -> None:
    assert data_edge(filled, 1, len(ROW), (0, start), (0, step)) == (0, lands)


def test_ctrl_arrow_on_an_empty_row_goes_to_the_edge() -> None:
    assert data_edge(lambda r, c: False, 1, 9, (0, 4), (0, 1)) == (0, 8)
    assert data_edge(lambda r, c: False, 1, 9, (0, 4), (0, -1)) == (0, 0)


def test_first_input_and_last_used_cell() -> None:
    grid = {(1, 2), (3, 1), (2, 4)}
    assert first_cell(lambda r, c: (r, c) in grid, 5, 6) == (1, 2)
    assert last_used(lambda r, c: (r, c) in grid, 5, 6) == (3, 4)
    assert last_used(lambda r, c: False, 5, 6) == (0, 0)


@pytest.fixture(scope="module")
def reader() -> AddressReader:
    return AddressReader(catalogue("provider"))


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("FIN.PAY.03 Oct-19", Address("FIN.PAY.03", "M07")),
        ("fin.pay.03   m07", Address("FIN.PAY.03", "M07")),
        ("Pay: agency and contract staff Oct-19", Address("FIN.PAY.03", "M07")),
        ("FIN.INC.01 FOT 2018/19", Address("FIN.INC.01", "FOT")),
        ("FIN.PAY.03 2019/20", Address("FIN.PAY.03", "Y1")),
        ("FIN.PAY.03", Address("FIN.PAY.03", None)),
        ("Oct-19", Address(None, "M07")),
        ("pay: substantive Oct-19", Address("FIN.PAY.01", "M07")),  # one label holds it
    ],
)
def test_an_address_is_read_from_codes_or_labels(
    reader: AddressReader, typed: str, address: Address
) -> None:
    assert reader.read(typed) == address


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("FIN.PAY.03 Oct-1", "'Oct-1' is not a period of 2019/20: use a label such as Apr-19"),
        ("NOPE.01 Oct-19", "'NOPE.01' is not a line code or label of this plan"),
        ("pay Oct-19", "'pay' matches 12 lines (FIN.PAY.01 Pay: substantive staff"),
        ("", "Type a line and a period, for example FIN.INC.01 Apr-19"),
    ],
)
def test_what_is_not_understood_is_said(reader: AddressReader, typed: str, message: str) -> None:
    with pytest.raises(AddressError) as caught:
        reader.read(typed)
    assert message in str(caught.value)
