"""How a computed figure is worked out, in words a finance manager reads.

"Total pay = Pay: substantive staff + Pay: bank staff + Pay: agency and contract
staff", built from a line's formula and the labels of the lines it names; and
for a year total, "2019/20 = sum of Apr-19 to Mar-20".
"""

from __future__ import annotations

from .model import Catalogue, Line


def formula_in_words(line: Line, catalogue: Catalogue) -> str | None:
    """The line's formula with each line code replaced by its label; None for an input."""
    formula = line.formula
    if formula is None:
        return None
    if formula.is_ratio:
        assert formula.numerator and formula.denominator
        numerator = _label(formula.numerator, catalogue)
        denominator = _label(formula.denominator, catalogue)
        return f"{line.label} = {numerator} \u00f7 {denominator} \u00d7 100"
    parts: list[str] = []
    for term in formula.terms:
        name = _label(term.code, catalogue)
        if term.previous:
            name = f"{name} (previous period)"
        elif term.period is not None:
            name = f"{name} ({catalogue.round.label(term.period)})"
        if parts:
            parts.append(f"{'+' if term.sign > 0 else '-'} {name}")
        else:
            parts.append(name if term.sign > 0 else f"- {name}")
    return f"{line.label} = {' '.join(parts)}"


def year_total_in_words(line: Line, year_code: str, catalogue: Catalogue) -> str:
    """How the line's value for the year is worked out from its months."""
    round_ = catalogue.round
    year = round_.year(year_code)
    months = [m for m in year.months if m in line.columns]
    name = f"{line.label} {year.label}"
    if not months:
        return f"{name}: no months to total"
    first, last = round_.label(months[0]), round_.label(months[-1])
    if line.measure == "flow":
        return f"{name} = sum of {first} to {last}"
    if line.measure == "stock" or line.formula is None:
        return f"{name} = {last} (the year's last month)"
    worded = formula_in_words(line, catalogue) or ""
    return f"{name} = {worded.partition(' = ')[2]}, from the year's values"


def _label(code: str, catalogue: Catalogue) -> str:
    line = catalogue.lines.get(code)
    return line.label if line is not None else code
