"""Named measures: the numbers the checks test and the review shows, computed one way.

Plain functions over exact figures: every result is an exact ``Fraction`` (a
percentage in percent), so a check compares it with its threshold without rounding
and the review shows the same number the check tested. ``None`` means the measure
cannot be computed (nothing to divide by). ``to_decimal`` turns a result into a
Decimal for a message or a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

Number = Decimal | Fraction | int

_HUNDRED = Fraction(100)


def exact(value: Number) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def to_decimal(value: Number) -> Decimal:
    """An exact figure as a Decimal (28 significant digits), for messages and charts."""
    if isinstance(value, Decimal):
        return value
    fraction = exact(value)
    return Decimal(fraction.numerator) / Decimal(fraction.denominator)


def ratio(numerator: Number, denominator: Number) -> Fraction | None:
    """numerator / denominator, or None when the denominator is 0."""
    if denominator == 0:
        return None
    return exact(numerator) / exact(denominator)


def share(part: Number, whole: Number) -> Fraction | None:
    """``part`` as a percentage of ``whole`` (None when the whole is 0)."""
    quotient = ratio(part, whole)
    return None if quotient is None else quotient * _HUNDRED


def growth(now: Number, before: Number) -> Fraction | None:
    """Growth in percent from ``before`` to ``now`` (None when there was nothing before)."""
    quotient = ratio(now, before)
    return None if quotient is None else (quotient - 1) * _HUNDRED


def change(now: Number, before: Number) -> Fraction:
    """How much a figure moved: ``now`` less ``before``."""
    return exact(now) - exact(before)


def gap(figure: Number, target: Number) -> Fraction:
    """How far a figure is above (positive) or below (negative) its target."""
    return exact(figure) - exact(target)


def second_half_share(months: Sequence[Number]) -> Fraction | None:
    """The share (%) of a year's total that falls in its second half (its last six
    months of twelve), or None when the year's total is 0."""
    return share(sum(map(exact, months[len(months) // 2 :]), Fraction(0)), _total(months))


def last_quarter_share(months: Sequence[Number]) -> Fraction | None:
    """The share (%) of a year's total that falls in its last quarter (its last three
    months of twelve), or None when the year's total is 0."""
    quarter = len(months) // 4
    return share(sum(map(exact, months[-quarter:]), Fraction(0)), _total(months))


def required_growth(base_growth: Number, uplift_points: Number) -> Fraction:
    """The growth a figure needs: the growth of its base plus an uplift in points (the
    Mental Health Investment Standard: allocation growth plus the required uplift)."""
    return exact(base_growth) + exact(uplift_points)


def monthly_average(total: Number, months: int) -> Fraction:
    """A year's figure over its months."""
    return exact(total) / months


def phased(total: Number, months: int) -> list[Fraction]:
    """A year's figure spread evenly over its months."""
    return [monthly_average(total, months)] * months


def _total(months: Sequence[Number]) -> Fraction:
    return sum(map(exact, months), Fraction(0))
