"""Line formulas as data: a signed sum of line terms, or one ratio (a percentage).

Grammar (see resources/rounds/README.md)::

    formula := term (("+" | "-") term)*  |  CODE "/" CODE
    term    := CODE | CODE "@" PERIOD | "prev(" CODE ")"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODE = r"[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*"
_TERM = re.compile(rf"^(?:prev\((?P<prev>{_CODE})\)|(?P<code>{_CODE})(?:@(?P<period>[A-Z0-9]+))?)$")
_RATIO = re.compile(rf"^(?P<num>{_CODE})\s*/\s*(?P<den>{_CODE})$")


class FormulaError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Term:
    sign: int  # +1 or -1
    code: str
    period: str | None = None  # pinned period, e.g. FOT
    previous: bool = False  # prev(CODE): the line's value in the previous period


@dataclass(frozen=True, slots=True)
class Formula:
    text: str
    terms: tuple[Term, ...] = ()
    numerator: str | None = None  # ratio formulas only
    denominator: str | None = None

    @property
    def is_ratio(self) -> bool:
        return self.numerator is not None

    def codes(self) -> tuple[str, ...]:
        """The line codes the formula reads."""
        if self.is_ratio:
            assert self.numerator and self.denominator
            return (self.numerator, self.denominator)
        return tuple(dict.fromkeys(term.code for term in self.terms))


def parse(text: str) -> Formula:
    source = text.strip()
    ratio = _RATIO.match(source)
    if ratio:
        return Formula(source, numerator=ratio["num"], denominator=ratio["den"])
    tokens = re.split(r"\s*([+-])\s*", source)
    if not tokens or tokens[0] == "":
        tokens = ["", *tokens[1:]] if tokens else []
    terms: list[Term] = []
    sign = 1
    expect_term = True
    for token in tokens:
        if not expect_term:
            if token not in ("+", "-"):
                raise FormulaError(f"expected + or - before {token!r}")
            sign = 1 if token == "+" else -1
            expect_term = True
            continue
        if token == "" and not terms:
            expect_term = False  # a formula starting with a sign
            continue
        match = _TERM.match(token)
        if not match:
            raise FormulaError(f"cannot read term {token!r}")
        if match["prev"]:
            terms.append(Term(sign, match["prev"], previous=True))
        else:
            terms.append(Term(sign, match["code"], period=match["period"]))
        sign = 1
        expect_term = False
    if expect_term or not terms:
        raise FormulaError("formula ends without a term")
    return Formula(source, terms=tuple(terms))
