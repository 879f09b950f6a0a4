"""How figures read in a finding's message: £14,250k, 1.6%, 41,250, Apr-19.

Two promises: a figure that is not zero never reads as zero (£0.04k, 0.016%), and a
figure compared with another (its threshold, its ceiling) never reads the same as it
unless they are equal (``money_against``, ``pct_against``, ``points_against``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from ..measures import to_decimal

Shown = Decimal | Fraction | int

#: Decimal places a figure may grow to so that it does not read as zero (or as the
#: figure it is compared with).
MAX_PLACES = 4


def _rounded(value: Decimal, places: int) -> Decimal | None:
    try:
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # an absurd stored figure: G02 names it
        return None


def _tidy(value: Decimal, places: int = 1) -> str:
    rounded = _rounded(value, places)
    if rounded is None:
        return f"{abs(value):.3E}"
    if rounded == rounded.to_integral_value():
        return f"{abs(rounded):,.0f}"
    return f"{abs(rounded):,.{places}f}"


def _negative(value: Decimal, places: int) -> bool:
    """Whether the value still reads as negative once rounded to ``places``."""
    rounded = _rounded(value, places)
    return (rounded if rounded is not None else value) < 0


def _places(value: Decimal, places: int) -> int | None:
    """``places``, or more where fewer would show a figure that is not zero as zero (then
    two significant digits where they fit in MAX_PLACES: 0.016%, £0.04k); None when even
    MAX_PLACES would show it as zero."""
    if value == 0:
        return places
    for wanted in range(places, max(places, MAX_PLACES) + 1):
        rounded = _rounded(value, wanted)
        if rounded is None or (rounded != 0 and wanted == places):
            return wanted
        if rounded != 0:
            more = min(wanted + 1, MAX_PLACES)
            return more if _rounded(value, more) != rounded else wanted
    return None


def _smallest(unit: str, value: Decimal) -> str:
    """A figure too small to show: less than the smallest step shown."""
    step = f"0.{'0' * (MAX_PLACES - 1)}1"
    text = unit.format(step)
    return f"less than {text}" if value > 0 else f"less than {text} below zero"


def _show(value: Shown, places: int, unit: str, write: Callable[[str, bool], str]) -> str:
    """A figure with ``places`` decimals (more when fewer would read as zero), written by
    ``write(digits, negative)``; ``unit`` words the smallest step when it is too small."""
    number = to_decimal(value)
    shown = _places(number, places)
    if shown is None:
        return _smallest(unit, number)
    return write(_tidy(number, shown), _negative(number, shown))


def money(value: Shown, places: int = 1) -> str:
    """£000 figures in a sentence: £14,250k; a negative in brackets: (£1,250k)."""
    return _show(value, places, "£{}k", lambda d, neg: f"(£{d}k)" if neg else f"£{d}k")


def money_against(value: Shown, *others: Shown) -> str:
    """A sum of money compared with others (a ceiling, a tolerance): one decimal, more
    where one would read the same as one of them (£9,500.04k against a £9,500k ceiling)."""
    return _against(money, value, others)


def pct(value: Shown, places: int = 1) -> str:
    """A percentage: 1.6%, -2.5%; a small one with the decimals it needs: 0.016%."""
    return _show(value, places, "{}%", lambda d, neg: f"-{d}%" if neg else f"{d}%")


def pct_against(value: Shown, *thresholds: Shown) -> str:
    """A percentage compared with thresholds: one decimal, more where one decimal would
    read the same as one of them (20.04% against a maximum of 20%, 91.99% against a
    92% standard)."""
    return _against(pct, value, thresholds)


def points(value: Shown, places: int = 1) -> str:
    """A difference of percentages: 3.2 points."""
    return _show(value, places, "{} points", lambda d, neg: f"{d} points")


def points_against(value: Shown, *thresholds: Shown) -> str:
    """A difference in points compared with thresholds, as ``pct_against``."""
    return _against(points, value, thresholds)


def signed_pct(value: Shown) -> str:
    """A growth or a bound with its sign: +10%, -5%, 0%."""
    text = pct(value)
    return f"+{text}" if to_decimal(value) > 0 else text


def _against(show: Callable[[Shown, int], str], value: Shown, thresholds: tuple[Shown, ...]) -> str:
    """``show(value, places)`` with one decimal, or up to four where fewer would read
    the same as a figure it is compared with (one that differs from it)."""
    others = [t for t in thresholds if to_decimal(t) != to_decimal(value)]
    for places in (1, 2, 3):
        shown = show(value, places)
        if all(shown != show(other, places) for other in others):
            return shown
    return show(value, 4)


def count(value: Shown) -> str:
    value = to_decimal(value)
    sign = "-" if value < 0 else ""
    return f"{sign}{_tidy(value, 0)}"


def wte(value: Shown) -> str:
    value = to_decimal(value)
    sign = "-" if _negative(value, 2) else ""
    return f"{sign}{_tidy(value, 2)} WTE"


def number(value: Shown) -> str:
    """A plain number as written: 1.01, 0.05."""
    return f"{to_decimal(value).normalize():f}"


def listing(labels: Iterable[str]) -> str:
    items = list(labels)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


#: How a figure reads in each unit of a line or a threshold.
BY_UNIT: dict[str, Callable[[Shown], str]] = {
    "gbp000": money,
    "pct": pct,
    "count": count,
    "wte": wte,
    "points": points,
    "ratio": number,
}


def in_unit(value: Shown, unit: str) -> str:
    """A figure as it reads in ``unit`` (a line's or a threshold's)."""
    return BY_UNIT[unit](value)
