"""Where Excel's jump keys land in a grid, worked out from which cells hold a value.

Plain functions over a grid's size and a ``filled(row, col)`` test, so they are easy
to check on their own; the sheet view moves the current cell and the selection there.
"""

from __future__ import annotations

from collections.abc import Callable

Cell = tuple[int, int]
Test = Callable[[int, int], bool]


def data_edge(filled: Test, rows: int, cols: int, start: Cell, step: Cell) -> Cell:
    """Ctrl+arrow: from ``start`` in direction ``step``, the edge of the data region.

    From a filled cell whose neighbour is filled: the last filled cell of that run.
    Otherwise: the next filled cell, or the edge of the sheet when there is none.
    """
    (row, col), (drow, dcol) = start, step

    def inside(r: int, c: int) -> bool:
        return 0 <= r < rows and 0 <= c < cols

    r, c = row + drow, col + dcol
    if not inside(r, c):
        return row, col
    if filled(row, col) and filled(r, c):
        while inside(r + drow, c + dcol) and filled(r + drow, c + dcol):
            r, c = r + drow, c + dcol
        return r, c
    while not filled(r, c) and inside(r + drow, c + dcol):
        r, c = r + drow, c + dcol
    return r, c


def first_cell(test: Test, rows: int, cols: int) -> Cell:
    """The first cell, row by row, that passes ``test`` (Ctrl+Home: the first input)."""
    for r in range(rows):
        for c in range(cols):
            if test(r, c):
                return r, c
    return 0, 0


def last_used(filled: Test, rows: int, cols: int) -> Cell:
    """Ctrl+End: the last row and the last column that hold a value (Excel's used range)."""
    last_row = last_col = 0
    for r in range(rows):
        for c in range(cols):
            if filled(r, c):
                last_row = max(last_row, r)
                last_col = max(last_col, c)
    return last_row, last_col
