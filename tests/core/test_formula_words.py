"""A computed figure's formula in words, from the catalogue's formulas and labels."""

from __future__ import annotations

from desktop.core.catalogue.words import formula_in_words, year_total_in_words
from tests.helpers import catalogue


def test_a_sum_reads_as_the_labels_of_its_lines() -> None:
    cat = catalogue("provider")
    assert formula_in_words(cat.lines["FIN.PAY.TOT"], cat) == (
        "Total pay = Pay: substantive staff + Pay: bank staff + Pay: agency and contract staff"
    )


def test_signs_pinned_periods_and_the_previous_period_are_said() -> None:
    cat = catalogue("provider")
    words = formula_in_words(cat.lines["FIN.CASH.CLOSE"], cat)
    assert words is not None
    assert words.startswith("Closing cash balance = Closing cash balance (previous period) + ")
    assert " - Capital expenditure paid " in words
    pinned = [
        line
        for line in cat.lines.values()
        if line.formula and any(term.period for term in line.formula.terms)
    ]
    assert pinned
    label = cat.round.label(next(t.period for t in pinned[0].formula.terms if t.period))
    assert f"({label})" in (formula_in_words(pinned[0], cat) or "")


def test_a_rate_reads_as_a_percentage_of_two_lines() -> None:
    cat = catalogue("provider")
    assert formula_in_words(cat.lines["BED.PCT"], cat) == (
        "G&A bed occupancy = Average occupied G&A beds \u00f7 Total G&A beds open \u00d7 100"
    )
    assert year_total_in_words(cat.lines["BED.PCT"], "Y1", cat).endswith(
        "\u00d7 100, from the year's values"
    )


def test_year_totals_say_how_the_months_make_the_year() -> None:
    cat = catalogue("provider")
    assert year_total_in_words(cat.lines["FIN.PAY.01"], "Y1", cat) == (
        "Pay: substantive staff 2019/20 = sum of Apr-19 to Mar-20"
    )
    assert year_total_in_words(cat.lines["FIN.CASH.CLOSE"], "Y1", cat) == (
        "Closing cash balance 2019/20 = Mar-20 (the year's last month)"
    )


def test_an_input_line_has_no_formula() -> None:
    cat = catalogue("provider")
    assert formula_in_words(cat.lines["FIN.PAY.01"], cat) is None
