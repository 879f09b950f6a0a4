"""How figures read in a finding's message: £14,250k, 1.6%, 41,250, Apr-19."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction


def _tidy(value: Decimal, places: int = 1) -> str:
    quantum = Decimal(1).scaleb(-places)
    try:
        rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # an absurd stored figure: G02 names it; say it compactly
        return f"{abs(value):.3E}"
    if rounded == rounded.to_integral_value():
        return f"{abs(rounded):,.0f}"
    return f"{abs(rounded):,.{places}f}"


def _negative(value: Decimal, places: int) -> bool:
    """Whether the value still reads as negative once rounded to ``places``."""
    try:
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) < 0
    except InvalidOperation:
        return value < 0


def money(value: Decimal) -> str:
    """£000 figures in a sentence: £14,250k; a negative in brackets: (£1,250k)."""
    text = f"\u00a3{_tidy(value)}k"
    return f"({text})" if _negative(value, 1) else text


def pct(value: Decimal, places: int = 1) -> str:
    """A percentage: 1.6%, -2.5%."""
    sign = "-" if _negative(value, places) else ""
    return f"{sign}{_tidy(value, places)}%"


def pct_against(value: Decimal, threshold: Decimal) -> str:
    """A percentage compared with a threshold: one decimal, more where one decimal would
    read the same as the threshold (20.04% against a maximum of 20%, 91.99% against a
    92% standard)."""
    return _against(pct, value, threshold)


def points(value: Decimal, places: int = 1) -> str:
    """A difference of percentages: 3.2 points."""
    return f"{_tidy(value, places)} points"


def points_against(value: Decimal, threshold: Decimal) -> str:
    """A difference in points compared with a threshold, as ``pct_against``."""
    return _against(points, value, threshold)


def _against(show: Callable[[Decimal, int], str], value: Decimal, threshold: Decimal) -> str:
    """``show(value, places)`` with one decimal, or up to four where fewer would read
    the same as the threshold it is compared with."""
    for places in (1, 2, 3):
        shown = show(value, places)
        if shown != show(threshold, places):
            return shown
    return show(value, 4)


def count(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}{_tidy(value, 0)}"


def wte(value: Decimal) -> str:
    sign = "-" if _negative(value, 2) else ""
    return f"{sign}{_tidy(value, 2)} WTE"


def listing(labels: Iterable[str]) -> str:
    items = list(labels)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def share(part: Decimal, whole: Decimal) -> Decimal:
    """part as a percentage of whole (whole must not be 0)."""
    return part * 100 / whole


def growth(now: Decimal, before: Decimal) -> Decimal:
    """Growth in percent from ``before`` to ``now`` (before must not be 0)."""
    return (now / before - 1) * 100


def exact_growth(now: Decimal, before: Decimal) -> Fraction:
    """Growth in percent from ``before`` (not 0) to ``now``, exact: for sums and
    comparisons with a threshold that must not depend on rounding."""
    return (Fraction(now) / Fraction(before) - 1) * 100


def to_decimal(value: Fraction) -> Decimal:
    """An exact fraction as a Decimal, for a finding's message and figures."""
    return Decimal(value.numerator) / Decimal(value.denominator)
