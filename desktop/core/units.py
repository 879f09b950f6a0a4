"""Units of plan lines: what a value may be, how it is typed and how it is shown.

Values are exact decimals (``Decimal``) or, for yes/no lines, the strings
``"Y"`` and ``"N"``. Nothing here uses binary floating point.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

UNITS = ("gbp000", "count", "wte", "pct", "yn")
NUMERIC_UNITS = ("gbp000", "count", "wte", "pct")

#: Largest magnitude of a money value, in £000 (checks.md, G02), unless the round says otherwise.
DEFAULT_MONEY_LIMIT = Decimal("100000000")

Value = Decimal | str

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")


class ValueRefused(ValueError):
    """A value a line cannot hold; the message says why, for a person."""


def parse_number(text: str) -> Decimal:
    """Read a number as a finance user types it.

    Accepts ``1234.5``, ``-1234``, ``1,234`` (thousands separators in the right
    places), ``(1,234)`` (negative in brackets) and a leading ``£``. Refuses
    anything else, including exponents, ``nan`` and ``inf``.
    """
    s = text.strip().replace("\u00a3", "").replace(" ", "").replace("\u00a0", "")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative = True
        s = s[1:-1].strip()
        if s.startswith(("-", "+")):
            raise ValueRefused(f"'{text.strip()}' is not a number")
    body = s.lstrip("+-")
    sign = s[: len(s) - len(body)]
    if "," in body:
        if not _GROUPED.match(body):
            raise ValueRefused(f"'{text.strip()}' is not a number (misplaced thousands separator)")
        body = body.replace(",", "")
    candidate = sign + body
    if not _NUMBER.match(candidate):
        raise ValueRefused(f"'{text.strip()}' is not a number")
    try:
        value = Decimal(candidate)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards
        raise ValueRefused(f"'{text.strip()}' is not a number") from exc
    if negative:
        value = -value
    return value


def decimal_places(value: Decimal) -> int:
    """Decimal places that carry information: 1.50 has 1, 12.000 has 0."""
    if value == 0:
        return 0
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def canonical(value: Decimal) -> str:
    """The stored text of a decimal: plain notation, as entered (1234.50 stays 1234.50)."""
    if value == 0:
        value = abs(value)  # -0 and 0 are the same figure
    return format(value, "f")


def check_value(
    value: Value, unit: str, *, signed: bool = False, money_limit: Decimal = DEFAULT_MONEY_LIMIT
) -> str | None:
    """Why ``value`` breaks ``unit``, or None when it is a value the unit can hold."""
    if unit == "yn":
        if value not in ("Y", "N"):
            return "must be Y or N"
        return None
    if not isinstance(value, Decimal):
        return "must be a number"
    if not value.is_finite():
        return "must be a number"
    if unit == "count":
        if value != value.to_integral_value():
            return "must be a whole number"
        if value < 0:
            return "cannot be negative"
    elif unit == "wte":
        if value < 0:
            return "cannot be negative"
        if decimal_places(value) > 2:
            return "has more than 2 decimal places"
    elif unit == "pct":
        if value < 0 or value > 100:
            return "must be between 0 and 100"
        if decimal_places(value) > 1:
            return "has more than 1 decimal place"
    elif unit == "gbp000":
        if decimal_places(value) > 3:
            return "has more than 3 decimal places"
        if value < 0 and not signed:
            return "cannot be negative on this line"
        if abs(value) > money_limit:
            return f"is beyond \u00b1{money_limit:,} (\u00a3000)"
    else:
        return f"has an unknown unit {unit!r}"
    return None


def parse_value(
    text: str, unit: str, *, signed: bool = False, money_limit: Decimal = DEFAULT_MONEY_LIMIT
) -> Value:
    """Turn typed or file text into a stored value for ``unit``, or raise ValueRefused."""
    raw = text.strip()
    if unit == "yn":
        upper = raw.upper()
        if upper in ("Y", "YES"):
            return "Y"
        if upper in ("N", "NO"):
            return "N"
        raise ValueRefused(f"'{raw}' is not Y or N")
    number = parse_number(raw)
    if unit == "count" and number == number.to_integral_value() and number >= 0:
        number = number.quantize(Decimal(1))
    problem = check_value(number, unit, signed=signed, money_limit=money_limit)
    if problem:
        raise ValueRefused(f"'{raw}' {problem}")
    return number


def compact_text(value: Value) -> str:
    """A value short enough for a message or a cell: huge numbers in scientific form."""
    text = stored_text(value)
    if isinstance(value, Decimal) and len(text) > 24:
        return f"{value:.6E}"
    return text


def stored_text(value: Value) -> str:
    """How a value is written to the plan file and to CSV."""
    return value if isinstance(value, str) else canonical(value)


def from_stored(text: str, unit: str) -> Value:
    """Read a value back from the plan file (no validation: G02 does that)."""
    if unit == "yn":
        return text
    try:
        return Decimal(text)
    except InvalidOperation:
        return text  # kept as it is, so G02 can name it


_DISPLAY_PLACES = {"gbp000": 1, "count": 0, "wte": 2, "pct": 1}
#: The most decimal places a value of each numeric unit may hold (see ``check_value``).
_STORED_PLACES = {"gbp000": 3, "count": 0, "wte": 2, "pct": 1}


def stored_places(unit: str) -> int:
    return _STORED_PLACES.get(unit, 0)


def display_places(unit: str) -> int:
    return _DISPLAY_PLACES.get(unit, 0)


def format_value(value: Value | None, unit: str) -> str:
    """The value as a finance user reads it: 1,234.5 and (1,234.5) for £000."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    places = _DISPLAY_PLACES.get(unit, 0)
    quantum = Decimal(1).scaleb(-places)
    try:
        rounded = value.quantize(quantum)
    except InvalidOperation:  # far beyond any plan figure (a file changed outside the app)
        return compact_text(value)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{abs(rounded):,.{places}f}"
    if rounded < 0:
        return f"({text})" if unit == "gbp000" else f"-{text}"
    return text
