"""How figures read in a finding's message: £14,250k, 1.6%, 41,250, Apr-19."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

_TENTH = Decimal("0.1")


def _tidy(value: Decimal, places: int = 1) -> str:
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{abs(rounded):,.0f}"
    return f"{abs(rounded):,.{places}f}"


def money(value: Decimal) -> str:
    """£000 figures in a sentence: £14,250k; a negative in brackets: (£1,250k)."""
    text = f"\u00a3{_tidy(value)}k"
    return f"({text})" if value.quantize(_TENTH, rounding=ROUND_HALF_UP) < 0 else text


def pct(value: Decimal, places: int = 1) -> str:
    """A percentage: 1.6%, -2.5%."""
    sign = "-" if value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) < 0 else ""
    return f"{sign}{_tidy(value, places)}%"


def points(value: Decimal) -> str:
    """A difference of percentages: 3.2 points."""
    return f"{_tidy(value)} points"


def count(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}{_tidy(value, 0)}"


def wte(value: Decimal) -> str:
    sign = "-" if value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) < 0 else ""
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
