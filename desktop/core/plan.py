"""The Plan: entered values by (line, period) and everything computed from them.

One code path computes a number: the grid, the checks, the workbooks, the board
pack and the command line all read ``Plan.value``. Values are exact decimals;
a blank is "not entered" (None), not zero, and a formula over a blank is blank.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from decimal import Decimal, localcontext

from .catalogue.model import Catalogue, Line
from .units import Value

Cell = tuple[str, str]  # (line code, period code)

_HUNDRED = Decimal(100)


class Plan:
    """Values of one plan, with computed lines and year totals evaluated on demand.

    Computed values are cached; a change invalidates exactly the lines that depend
    on the changed line (transitively), so re-reading after an edit is cheap.
    """

    def __init__(self, catalogue: Catalogue, values: Mapping[Cell, Value] | None = None):
        self.catalogue = catalogue
        self.round = catalogue.round
        self._lines = catalogue.lines
        self._values: dict[Cell, Value] = dict(values or {})
        self._cache: dict[str, dict[str, Value | None]] = {}
        self._dependents = self._build_dependents()
        self._month_index = {m: i for i, m in enumerate(self.round.months)}
        self._years = {y.code: y for y in self.round.years}

    # -- structure ---------------------------------------------------------------------

    def _build_dependents(self) -> dict[str, frozenset[str]]:
        direct: dict[str, set[str]] = {code: set() for code in self._lines}
        for line in self._lines.values():
            if line.formula is not None:
                for code in line.formula.codes():
                    direct[code].add(line.code)
        closure: dict[str, frozenset[str]] = {}
        for code in self._lines:
            seen: set[str] = set()
            stack = [code]
            while stack:
                for dep in direct[stack.pop()]:
                    if dep not in seen:
                        seen.add(dep)
                        stack.append(dep)
            closure[code] = frozenset(seen)
        return closure

    def affected_lines(self, codes: Iterable[str]) -> set[str]:
        """The changed lines and every computed line that reads them, directly or not."""
        out: set[str] = set()
        for code in codes:
            out.add(code)
            out |= self._dependents.get(code, frozenset())
        return out

    def line(self, code: str) -> Line:
        return self._lines[code]

    # -- entered values ----------------------------------------------------------------

    def stored(self, code: str, period: str) -> Value | None:
        """The entered value of a cell, or None when blank."""
        return self._values.get((code, period))

    def stored_cells(self) -> dict[Cell, Value]:
        return dict(self._values)

    def is_input(self, code: str, period: str) -> bool:
        line = self._lines.get(code)
        return line is not None and period in line.inputs

    def apply(self, changes: Mapping[Cell, Value | None]) -> set[str]:
        """Set (or, with None, clear) entered values; returns the lines affected."""
        _put(self._values, changes)
        affected = self.affected_lines({code for code, _ in changes})
        for code in affected:
            self._cache.pop(code, None)
        return affected

    def changed(self, changes: Mapping[Cell, Value | None]) -> tuple[Plan, set[str]]:
        """A new plan with ``changes`` made (None clears), and the lines affected; this
        plan stays as it is.

        The new plan shares this one's structure and the figures it computed on lines
        the changes do not affect, so it costs a copy of the entered values, not a
        recomputation. (A figure either plan computes later on a shared line is the same
        for both: none of its inputs differ.)
        """
        new = copy.copy(self)
        new._values = dict(self._values)
        _put(new._values, changes)
        affected = self.affected_lines({code for code, _ in changes})
        new._cache = {code: v for code, v in self._cache.items() if code not in affected}
        return new, affected

    def replace_all(self, values: Mapping[Cell, Value]) -> None:
        self._values = dict(values)
        self._cache.clear()

    # -- computed values ---------------------------------------------------------------

    def value(self, code: str, period: str) -> Value | None:
        """The value of any cell: entered, computed, or a year total. None when blank."""
        line = self._lines[code]
        if period in line.inputs:
            return self._values.get((code, period))
        per_line = self._cache.get(code)
        if per_line is None:
            per_line = self._cache[code] = {}
        elif period in per_line:
            return per_line[period]
        result = self._compute(line, period)
        per_line[period] = result
        return result

    def number(self, code: str, period: str) -> Decimal | None:
        """``value`` for numeric lines: a Decimal or None."""
        value = self.value(code, period)
        return value if isinstance(value, Decimal) else None

    def _compute(self, line: Line, period: str) -> Value | None:
        year = self._years.get(period)
        if year is not None and line.is_monthly:
            if line.measure == "flow":
                total = Decimal(0)
                for month in year.months:
                    if month not in line.columns:
                        continue
                    value = self.value(line.code, month)
                    if not isinstance(value, Decimal):
                        return None
                    total += value
                return total
            if line.measure == "stock" or line.formula is None:
                return self.value(line.code, year.last_month)
            return self._ratio(line, period)
        if line.formula is None or period not in line.columns:
            return None
        if line.formula.is_ratio:
            return self._ratio(line, period)
        total = Decimal(0)
        for term in line.formula.terms:
            if term.previous:
                at = self._previous(period)
                if at is None:
                    return None
            else:
                at = term.period or period
            term_line = self._lines[term.code]
            if at not in term_line.periods:
                return None
            value = self.value(term.code, at)
            if not isinstance(value, Decimal):
                return None
            total += value if term.sign > 0 else -value
        return total

    def _ratio(self, line: Line, period: str) -> Decimal | None:
        formula = line.formula
        assert formula is not None and formula.numerator and formula.denominator
        num = self.number(formula.numerator, period)
        den = self.number(formula.denominator, period)
        if num is None or den is None or den == 0:
            return None
        with localcontext() as ctx:
            ctx.prec = 28
            return num * _HUNDRED / den

    def _previous(self, period: str) -> str | None:
        index = self._month_index.get(period)
        if index is None:
            return None
        return self.round.opening if index == 0 else self.round.months[index - 1]

    # -- summaries ---------------------------------------------------------------------

    def blank_inputs(self) -> list[Cell]:
        """Input cells (parameters included) not yet entered, in catalogue order."""
        return [cell for cell in self.catalogue.input_cells() if cell not in self._values]

    def compute_all(self) -> int:
        """Evaluate every cell of every line (fills the cache); returns how many are set."""
        count = 0
        for line in self._lines.values():
            for period in line.periods:
                if self.value(line.code, period) is not None:
                    count += 1
        return count


def _put(values: dict[Cell, Value], changes: Mapping[Cell, Value | None]) -> None:
    """Set (or, with None, clear) ``changes`` in ``values``."""
    for cell, value in changes.items():
        if value is None:
            values.pop(cell, None)
        else:
            values[cell] = value
