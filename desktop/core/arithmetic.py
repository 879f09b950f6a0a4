"""Arithmetic typed into a cell, as Excel users do: ``=100+20*3``, ``=1,234/12``.

Numbers only: no cell references, no functions. The text is read by a small
recursive-descent parser over exact decimals (never ``eval``):

    expression := term (("+" | "-") term)*
    term       := factor (("*" | "/") factor)*
    factor     := ("+" | "-") factor | power
    power      := atom ("^" factor)?         a whole-number exponent, -100..100
    atom       := NUMBER "%"? | "(" expression ")" "%"?

A number may have thousands separators in the right places (``1,234.5``) and a
leading ``£``. The result is then stored as exactly as the line's unit allows:
rounded half up to the unit's decimal places, and the caller is told so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation, localcontext

from .units import ValueRefused, decimal_places, stored_places

MAX_EXPONENT = 100
#: Far beyond any plan figure: a result this large is refused before it is rounded.
TOO_LARGE = Decimal("1e20")
_MAX_LENGTH = 500

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)|(?P<op>[-+*/^()%]))"
)
_WORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$.:]*")


def is_arithmetic(text: str) -> bool:
    """Whether typed text asks for a calculation (it starts with ``=``)."""
    return text.lstrip().startswith("=")


@dataclass(frozen=True)
class Result:
    """A calculation's exact result and the value stored for the unit."""

    expression: str  # as typed, without the "="
    exact: Decimal
    stored: Decimal

    @property
    def rounded(self) -> bool:
        return self.exact != self.stored


def evaluate(text: str) -> Decimal:
    """The value of ``text`` (with or without its leading ``=``); ValueRefused says
    what was not understood."""
    source = text.strip()
    if source.startswith("="):
        source = source[1:]
    if not source.strip():
        raise ValueRefused("'=' needs a calculation after it, such as =100+20*3")
    if len(source) > _MAX_LENGTH:
        raise ValueRefused(f"the calculation is longer than {_MAX_LENGTH} characters")
    parser = _Parser(source.replace("\u00a3", ""), text.strip())
    with localcontext() as ctx:
        ctx.prec = 34
        ctx.traps[DivisionByZero] = True
        ctx.traps[InvalidOperation] = True
        try:
            value = parser.parse()
        except DivisionByZero as exc:
            raise ValueRefused(f"'{text.strip()}' divides by zero") from exc
        except (InvalidOperation, OverflowError) as exc:
            raise ValueRefused(f"'{text.strip()}' cannot be calculated") from exc
    return value


def calculate(text: str, unit: str) -> Result:
    """Evaluate ``text`` and round the result to what ``unit`` can hold.

    Y/N lines take no calculation. Whether the value suits the line otherwise
    (a negative on an unsigned line, a percentage above 100) is for the caller's
    usual validation of the stored value."""
    if unit == "yn":
        raise ValueRefused("a Y/N line cannot hold a calculation: type Y or N")
    exact = evaluate(text)
    if abs(exact) >= TOO_LARGE:
        raise ValueRefused(f"'{text.strip()}' gives {exact:.3E}: far too large for a plan figure")
    places = stored_places(unit)
    stored = exact
    if decimal_places(exact) > places:
        stored = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return Result(text.strip().lstrip("=").strip(), exact, _plain(stored))


def _plain(value: Decimal) -> Decimal:
    """1.50 -> 1.5, 150.0 -> 150 (no exponent): the figure, without trailing zeros."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1)) + 0  # + 0 turns -0 into 0
    return value.normalize()


class _Parser:
    def __init__(self, source: str, shown: str):
        self.shown = shown
        self.tokens: list[tuple[str, str]] = []
        position = 0
        while position < len(source):
            if source[position:].strip() == "":
                break
            match = _TOKEN.match(source, position)
            if match is None:
                raise ValueRefused(self._not_understood(source, position))
            if match["number"] is not None:
                self.tokens.append(("number", match["number"].replace(",", "")))
            else:
                self.tokens.append(("op", match["op"]))
            position = match.end()
        self.position = 0

    def _not_understood(self, source: str, position: int) -> str:
        rest = source[position:].lstrip()
        word = _WORD.match(rest)
        if word:
            return (
                f"'{self.shown}': '{word.group()}' is not a number (only arithmetic on "
                "numbers is understood: no cell references or functions)"
            )
        if rest.startswith(","):
            return (
                f"'{self.shown}': a comma is only understood between groups of three "
                "digits, as in 1,234"
            )
        return f"'{self.shown}': '{rest[:1]}' is not understood (use + - * / ^ % and brackets)"

    def parse(self) -> Decimal:
        value = self.expression()
        if self.position < len(self.tokens):
            _, text = self.tokens[self.position]
            raise ValueRefused(f"'{self.shown}': '{text}' is not understood where it stands")
        return value

    def _peek(self) -> str | None:
        if self.position < len(self.tokens):
            kind, text = self.tokens[self.position]
            return text if kind == "op" else None
        return None

    def _take(self) -> tuple[str, str]:
        if self.position >= len(self.tokens):
            raise ValueRefused(f"'{self.shown}' ends before the calculation is complete")
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expression(self) -> Decimal:
        value = self.term()
        while self._peek() in ("+", "-"):
            _, op = self._take()
            right = self.term()
            value = value + right if op == "+" else value - right
        return value

    def term(self) -> Decimal:
        value = self.factor()
        while self._peek() in ("*", "/"):
            _, op = self._take()
            right = self.factor()
            value = value * right if op == "*" else value / right
        return value

    def factor(self) -> Decimal:
        if self._peek() in ("+", "-"):
            _, op = self._take()
            value = self.factor()
            return -value if op == "-" else value
        return self.power()

    def power(self) -> Decimal:
        base = self.atom()
        if self._peek() != "^":
            return base
        self._take()
        exponent = self.factor()
        if exponent != exponent.to_integral_value() or abs(exponent) > MAX_EXPONENT:
            raise ValueRefused(
                f"'{self.shown}': only whole-number powers from -{MAX_EXPONENT} "
                f"to {MAX_EXPONENT} are understood"
            )
        return base ** int(exponent)

    def atom(self) -> Decimal:
        kind, text = self._take()
        if kind == "number":
            value = Decimal(text)
        elif text == "(":
            value = self.expression()
            if self._peek() != ")":
                raise ValueRefused(f"'{self.shown}': a bracket is not closed")
            self._take()
        else:
            raise ValueRefused(f"'{self.shown}': '{text}' is not understood where it stands")
        while self._peek() == "%":
            self._take()
            value = value / 100
        return value
