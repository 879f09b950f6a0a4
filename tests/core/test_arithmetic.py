"""Arithmetic typed into a cell: what is worked out, what is stored, what is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.arithmetic import calculate, evaluate, is_arithmetic
from desktop.core.units import ValueRefused


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("=100+20*3", "160"),
        ("=1,234/12", "102.8333333333333333333333333333333"),
        ("=(100+20)*3", "360"),
        ("= 3 - -2", "5"),
        ("=-(5)", "-5"),
        ("=10%", "0.1"),
        ("=1.03^2", "1.0609"),
        ("=2^-1", "0.5"),
        ("=£1,000.50*2", "2001.00"),
        ("=.5+1.", "1.5"),
    ],
)
def test_arithmetic_on_numbers_is_worked_out_exactly(text: str, value: str) -> None:
    assert evaluate(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "unit", "stored", "rounded"),
    [
        ("=1,234/12", "gbp000", "102.833", True),
        ("=2/3", "gbp000", "0.667", True),  # half up, as Excel rounds
        ("=100/3", "count", "33", True),
        ("=100/8", "wte", "12.5", False),
        ("=200/3", "pct", "66.7", True),
        ("=1.5*100", "gbp000", "150", False),
    ],
)
def test_the_result_is_stored_as_exactly_as_the_unit_allows(
    text: str, unit: str, stored: str, rounded: bool
) -> None:
    result = calculate(text, unit)
    assert str(result.stored) == stored
    assert result.rounded is rounded


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("=A1+2", "'A1' is not a number"),
        ("=SUM(1,2)", "no cell references or functions"),
        ("=1,23", "between groups of three digits"),
        ("=12,3456", "between groups of three digits"),
        ("=", "needs a calculation"),
        ("=1/0", "divides by zero"),
        ("=(1", "bracket is not closed"),
        ("=1+", "ends before the calculation is complete"),
        ("=1 2", "'2' is not understood"),
        ("=2^0.5", "whole-number powers"),
        ("=9^99^99", "whole-number powers"),
        ("=10^50", "far too large"),
        ("=1;2", "';' is not understood"),
    ],
)
def test_anything_but_arithmetic_on_numbers_is_refused_with_the_reason(
    text: str, reason: str
) -> None:
    with pytest.raises(ValueRefused, match=reason.replace("(", r"\(").replace("^", r"\^")):
        calculate(text, "gbp000")


def test_a_yes_no_line_takes_no_calculation() -> None:
    with pytest.raises(ValueRefused, match="Y/N"):
        calculate("=1", "yn")


def test_only_text_starting_with_equals_is_a_calculation() -> None:
    assert is_arithmetic("=1+1") and is_arithmetic("  =2")
    assert not is_arithmetic("1+1") and not is_arithmetic("(1,234)")


@given(
    st.integers(-10_000, 10_000),
    st.integers(-10_000, 10_000),
    st.integers(-10_000, 10_000),
    st.sampled_from(["+", "-", "*"]),
    st.sampled_from(["+", "-", "*"]),
)
def test_precedence_matches_python_on_whole_numbers(
    a: int, b: int, c: int, first: str, second: str
) -> None:
    text = f"{a}{first}{b}{second}{c}".replace("--", "- -").replace("+-", "+ -")
    text = text.replace("*-", "* -")
    expected = {"+": int.__add__, "-": int.__sub__, "*": int.__mul__}
    if second == "*" and first != "*":
        value = expected[first](a, b * c)
    else:
        value = expected[second](expected[first](a, b), c)
    assert evaluate("=" + text) == Decimal(value)
