"""How figures read in a finding's message, above all next to the threshold they fail."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from desktop.core.checks.text import (
    pct,
    pct_against,
    points,
    points_against,
)
from desktop.core.measures import growth, to_decimal

D = Decimal


def test_pct_rounds_to_one_decimal() -> None:
    assert pct(D("20.04")) == "20%"
    assert pct(D("21.44")) == "21.4%"
    assert pct(D("-2.46")) == "-2.5%"
    assert pct(D("-0.04")) == "-0.04%"  # not zero: never reads as zero


@pytest.mark.parametrize(
    ("value", "threshold", "shown"),
    [
        ("20.04", "20", "20.04%"),  # one decimal would read "20%, above the maximum 20%"
        ("21.4", "20", "21.4%"),
        ("20", "20", "20%"),  # exactly the threshold: nothing to tell apart
        ("19.96", "20", "19.96%"),
        ("91.99", "92", "91.99%"),
        ("20.0004", "20", "20.0004%"),
        ("20.00004", "20", "20%"),  # four decimals at most
        ("5.25", "5.2", "5.3%"),  # one decimal already differs
        ("-5.04", "-5", "-5.04%"),
        ("3", "2.5", "3%"),
    ],
)
def test_pct_against_shows_enough_decimals_to_differ(
    value: str, threshold: str, shown: str
) -> None:
    assert pct_against(D(value), D(threshold)) == shown


def test_pct_against_is_symmetric_for_a_computed_threshold() -> None:
    value, threshold = D("2.996"), D("3.004")
    assert (pct_against(value, threshold), pct_against(threshold, value)) == ("2.996%", "3.004%")


def test_points_against_shows_enough_decimals_to_differ() -> None:
    assert points(D("2.03")) == "2 points"
    assert points_against(D("2.03"), D("2")) == "2.03 points"
    assert points_against(D("3.5"), D("2")) == "3.5 points"


def test_exact_growth_and_its_decimal() -> None:
    rate = growth(D("110"), D("100"))
    assert rate == Fraction(10)
    assert growth(D("1"), D("3")) == Fraction(-200, 3)
    assert growth(D("1"), D("0")) is None
    assert to_decimal(Fraction(1, 8)) == D("0.125")
    assert to_decimal(growth(D("103"), D("100")) or 0) == D("3")
