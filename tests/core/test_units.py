from decimal import Decimal

import pytest

from desktop.core.units import (
    ValueRefused,
    format_value,
    parse_number,
    parse_value,
    stored_text,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", "1234"),
        ("1,234", "1234"),
        ("(1,234)", "-1234"),
        ("-1234", "-1234"),
        ("1234.5", "1234.5"),
        (" 1,234,567.25 ", "1234567.25"),
        ("(0.5)", "-0.5"),
        ("£1,000", "1000"),
        (".5", "0.5"),
    ],
)
def test_numbers_typed_as_finance_users_type_them(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["abc", "1,23", "12,34.5", "1e5", "nan", "inf", "", "(-5)", "1.2.3"]
)
def test_text_that_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValueRefused):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "unit", "signed", "problem"),
    [
        ("1.5", "count", False, "whole number"),
        ("-1", "count", False, "negative"),
        ("-1", "wte", False, "negative"),
        ("1.234", "wte", False, "2 decimal"),
        ("100.1", "pct", False, "between 0 and 100"),
        ("50.25", "pct", False, "1 decimal"),
        ("1.0005", "gbp000", True, "3 decimal"),
        ("-5", "gbp000", False, "negative"),
        ("100000001", "gbp000", True, "beyond"),
        ("maybe", "yn", False, "Y or N"),
    ],
)
def test_values_a_unit_cannot_hold_are_refused_with_the_reason(
    text: str, unit: str, signed: bool, problem: str
) -> None:
    with pytest.raises(ValueRefused, match=problem):
        parse_value(text, unit, signed=signed)


def test_values_keep_the_precision_entered() -> None:
    assert stored_text(parse_value("1234.50", "gbp000")) == "1234.50"
    assert stored_text(parse_value("0.1", "gbp000")) == "0.1"
    assert stored_text(parse_value("-0.5", "gbp000", signed=True)) == "-0.5"
    assert stored_text(parse_value("12.0", "count")) == "12"
    assert parse_value("y", "yn") == "Y"


def test_display_uses_brackets_for_negative_money() -> None:
    assert format_value(Decimal("-1234.56"), "gbp000") == "(1,234.6)"
    assert format_value(Decimal("1234.5"), "gbp000") == "1,234.5"
    assert format_value(Decimal("41250"), "count") == "41,250"
    assert format_value(Decimal("12.5"), "wte") == "12.50"
    assert format_value(Decimal("91.96"), "pct") == "92.0"
    assert format_value(None, "gbp000") == ""
