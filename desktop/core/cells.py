"""What a plan's cell can hold: which cells can be entered, and values read for a line.

One place decides it for typing, pasting, CSV, workbooks and undo: a change is a
mapping of cells to text (as typed or as stored), a value, or None (blank).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .catalogue import Catalogue, Line, Round
from .errors import BadInput
from .plan import Cell
from .units import Value, ValueRefused, check_value, from_stored, parse_value, stored_text

#: A change to cells: text (typed or stored), a value, or None for blank.
Changes = Mapping[Cell, str | Value | None]


def cell_problem(catalogue: Catalogue, code: str, period: str) -> str | None:
    """Why (code, period) is not a cell a user can enter, or None."""
    line = catalogue.lines.get(code)
    if line is None:
        return f"unknown line {code!r} for a {catalogue.org_kind} plan in {catalogue.round.name}"
    if period not in catalogue.round.periods:
        return f"unknown period {period!r} in {catalogue.round.name}"
    if line.kind == "calc" and period not in line.inputs:
        return f"{code} is calculated; it cannot be entered"
    if period not in line.inputs:
        if period in line.totals:
            return f"{code} {period} is a year total; it is calculated from the months"
        return f"{code} has no period {period}"
    return None


def _money_limit(round_: Round) -> Decimal:
    return Decimal(round_.thresholds.get("money_limit", "100000000"))


def parse_for_line(line: Line, text: str, round_: Round) -> Value:
    """Typed or file text to a value ``line`` can hold (raises ValueRefused)."""
    return parse_value(text, line.unit, signed=line.signed, money_limit=_money_limit(round_))


def value_problem(line: Line, value: Value, round_: Round) -> str | None:
    """Why ``line`` cannot hold ``value``, or None."""
    return check_value(value, line.unit, signed=line.signed, money_limit=_money_limit(round_))


def validated(catalogue: Catalogue, changes: Changes) -> dict[Cell, Value | None]:
    """Every change checked; raise BadInput listing each bad cell, else the typed values."""
    typed: dict[Cell, Value | None] = {}
    problems: list[str] = []
    round_ = catalogue.round
    for (code, period), raw in changes.items():
        problem = cell_problem(catalogue, code, period)
        if problem:
            problems.append(problem)
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            typed[(code, period)] = None
            continue
        line = catalogue.lines[code]
        try:
            if isinstance(raw, str):
                typed[(code, period)] = parse_for_line(line, raw, round_)
            else:
                reason = value_problem(line, raw, round_)
                if reason:
                    raise ValueRefused(f"'{stored_text(raw)}' {reason}")
                typed[(code, period)] = raw
        except ValueRefused as exc:
            problems.append(f"{code} {period}: {exc}")
    if problems:
        raise BadInput(f"{len(problems)} value(s) refused", problems)
    return typed


def exact(catalogue: Catalogue, changes: Changes) -> dict[Cell, Value | None]:
    """The values put back exactly as they were stored (undo, a recorded operation), even
    one that no longer passes its unit (a file changed outside the app: the checks name it).
    Only cells that cannot be entered at all are refused (BadInput)."""
    problems = [p for p in (cell_problem(catalogue, *cell) for cell in changes) if p]
    if problems:
        raise BadInput(f"{len(problems)} value(s) refused", problems)
    return {
        cell: None
        if raw is None
        else from_stored(raw, catalogue.lines[cell[0]].unit)
        if isinstance(raw, str)
        else raw
        for cell, raw in changes.items()
    }


def typed_cells(
    catalogue: Catalogue, stored: Mapping[Cell, str]
) -> tuple[dict[Cell, Value], dict[Cell, str]]:
    """Stored texts as values of their lines' units, and the cells of unknown lines."""
    values: dict[Cell, Value] = {}
    unknown: dict[Cell, str] = {}
    for (code, period), text in stored.items():
        line = catalogue.lines.get(code)
        if line is None:
            unknown[(code, period)] = text
        else:
            values[(code, period)] = from_stored(text, line.unit)
    return values, unknown
