"""The figures a round's presentation names, computed from a plan and shown in words.

A tile's texts and a chart's series name measures (``{growth LINE}``); this module
reads their lines from the calculator for the plan year shown, computes them with
``desktop.core.measures`` (the functions the checks use) and writes them as the
checks' messages do (``desktop.core.checks.text``). A figure that cannot be
computed (a blank input, nothing to divide by) is None: its tile shows as not entered.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

from .. import measures
from ..catalogue.presentation import MEASURES, Figure, LineRef, Text
from ..checks.national import in_words
from ..checks.text import in_unit, pct, points, signed_pct
from ..plan import Plan

Number = Decimal | Fraction


class FigureReader:
    """Reads and shows the figures of one plan for one plan year."""

    def __init__(self, plan: Plan, year: str):
        self.plan = plan
        self.round = plan.round
        self.year = year
        self.months = self.round.year(year).months
        self._text: dict[str, Callable[[Figure], str | None]] = {
            "amount": self._amount,
            "points": self._points,
            "growth": self._growth,
            "change": self._change,
            "movement": self._movement,
            "share": self._share,
            "second_half": self._second_half,
            "last_quarter": self._last_quarter,
            "gap": self._gap,
            "required_growth": self._required_growth,
            "monthly_average": self._monthly_average,
            "threshold": self._threshold,
            "label": self._label,
        }
        self._series: dict[str, Callable[[Figure, list[str]], list[Decimal | None]]] = {
            "values": self._values,
            "phased": self._phased,
        }
        missing = set(MEASURES) - set(self._text) - set(self._series)
        assert not missing, f"measures without a reader: {missing}"

    # -- periods and lines -------------------------------------------------------------

    def period(self, role: str) -> str:
        """The period a role names for the plan year shown."""
        if role == "year":
            return self.year
        if role == "year_end":
            return self.round.year(self.year).last_month
        if role == "growth_base":
            return self.round.growth_base(self.year)
        if role == "position_before":
            return self.round.position_before(self.year)
        raise KeyError(role)

    def value(self, ref: LineRef, role: str | None = None) -> Decimal | None:
        """The line (or the sum of lines) at its role's period; None when one is blank."""
        period = self.period(role or ref.role)
        total = Decimal(0)
        for code in ref.codes:
            value = self.plan.number(code, period)
            if value is None:
                return None
            total += value
        return total

    def unit(self, ref: LineRef) -> str:
        return self.plan.catalogue.lines[ref.codes[0]].unit

    # -- texts -------------------------------------------------------------------------

    def render(self, text: Text) -> str | None:
        """A text with its figures filled in, or None when one cannot be computed."""
        parts = []
        for part in text:
            if isinstance(part, str):
                parts.append(part)
                continue
            shown = self.show(part)
            if shown is None:
                return None
            parts.append(shown)
        return "".join(parts)

    def show(self, figure: Figure) -> str | None:
        return self._text[figure.measure](figure)

    def number(self, figure: Figure) -> Decimal | None:
        """A figure as a number a chart can draw (amounts, averages, thresholds)."""
        if figure.measure == "threshold":
            return self.round.threshold(figure.name())
        if figure.measure == "monthly_average":
            total = self.value(figure.line())
            return (
                None
                if total is None
                else _decimal(measures.monthly_average(total, len(self.months)))
            )
        if figure.measure == "amount":
            return self.value(figure.line())
        raise ValueError(f"{figure.measure} is not a number a chart can draw")

    def series(self, figure: Figure, periods: list[str]) -> list[Decimal | None]:
        return self._series[figure.measure](figure, periods)

    # -- measures ----------------------------------------------------------------------

    def _amount(self, figure: Figure) -> str | None:
        value = self.value(figure.line())
        return None if value is None else in_unit(value, self.unit(figure.line()))

    def _points(self, figure: Figure) -> str | None:
        value = self.value(figure.line())
        return None if value is None else points(value)

    def growth(self, ref: LineRef) -> Fraction | None:
        now, before = self.value(ref, "year"), self.value(ref, "growth_base")
        if now is None or before is None:
            return None
        return measures.growth(now, before)

    def _growth(self, figure: Figure) -> str | None:
        rate = self.growth(figure.line())
        return None if rate is None else signed_pct(rate)

    def _moved(self, ref: LineRef) -> Fraction | None:
        now, before = self.value(ref, "year_end"), self.value(ref, "position_before")
        if now is None or before is None:
            return None
        return measures.change(now, before)

    def _change(self, figure: Figure) -> str | None:
        step = self._moved(figure.line())
        if step is None:
            return None
        text = in_unit(step, self.unit(figure.line()))
        return f"+{text}" if step > 0 else text

    def _movement(self, figure: Figure) -> str | None:
        step = self._moved(figure.line())
        if step is None:
            return None
        if step == 0:
            return "unchanged"
        size = in_unit(abs(step), self.unit(figure.line()))
        return f"{'up' if step > 0 else 'down'} {size}"

    def _share(self, figure: Figure) -> str | None:
        part, whole = self.value(figure.line(0)), self.value(figure.line(1))
        if part is None or whole is None:
            return None
        found = measures.share(part, whole)
        return None if found is None else pct(found)

    def _months(self, ref: LineRef) -> list[Decimal] | None:
        values = [self.plan.number(ref.codes[0], month) for month in self.months]
        if any(v is None for v in values):
            return None
        return [v for v in values if v is not None]

    def _second_half(self, figure: Figure) -> str | None:
        values = self._months(figure.line())
        found = None if values is None else measures.second_half_share(values)
        return None if found is None else pct(found)

    def _last_quarter(self, figure: Figure) -> str | None:
        values = self._months(figure.line())
        found = None if values is None else measures.last_quarter_share(values)
        return None if found is None else pct(found)

    def _gap(self, figure: Figure) -> str | None:
        value, target = self.value(figure.line(0)), self.value(figure.line(1))
        if value is None or target is None:
            return None
        gap = measures.gap(value, target)
        if gap == 0:
            return "exactly on it"
        size = in_unit(abs(gap), self.unit(figure.line(0)))
        return f"{size} {'better' if gap > 0 else 'worse'}"

    def _required_growth(self, figure: Figure) -> str | None:
        base, uplift = self.growth(figure.line(0)), self.value(figure.line(1))
        if base is None or uplift is None:
            return None
        return pct(measures.required_growth(base, uplift))

    def _monthly_average(self, figure: Figure) -> str | None:
        value = self.number(figure)
        return None if value is None else in_unit(value, self.unit(figure.line()))

    def _threshold(self, figure: Figure) -> str | None:
        return in_words(self.round, self.round.figures[figure.name()])

    def _label(self, figure: Figure) -> str | None:
        return self.round.label(self.period(figure.name()))

    # -- series ------------------------------------------------------------------------

    def _values(self, figure: Figure, periods: list[str]) -> list[Decimal | None]:
        code = figure.line().codes[0]
        return [self.plan.number(code, p) for p in periods]

    def _phased(self, figure: Figure, periods: list[str]) -> list[Decimal | None]:
        total = self.value(figure.line())
        if total is None:
            return [None] * len(periods)
        each = _decimal(measures.monthly_average(total, len(self.months)))
        return [each if p in self.months else None for p in periods]


def _decimal(value: Number) -> Decimal:
    return measures.to_decimal(value)
