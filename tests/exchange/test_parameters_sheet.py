"""Every workbook's Parameters sheet lists exactly the national figures its template's
checks use, in words with their units, in both rounds and for both kinds of plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core.catalogue import load_round
from desktop.core.checks import load_rules
from tests.exchange.conftest import export, new_plan

CASES = [
    (kind, round_id) for kind in ("provider", "commissioner") for round_id in ("2019-20", "2017-19")
]


def national_rows(path: Path) -> dict[str, tuple[str, str]]:
    """label -> (checks, value) of the national figures table of a workbook."""
    ws = load_workbook(path)["Parameters"]
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[:2] == ("Checks", "National figure"))
    found = {}
    for row in rows[header + 1 :]:
        if row[1]:
            found[row[1]] = (row[0], row[3])
    return found


def expected(kind: str, round_id: str, template_id: str) -> dict[str, set[str]]:
    """label -> rule IDs: the declared figures of the rules reading the template's lines."""
    round_ = load_round(round_id)
    catalogue = round_.catalogue(kind)
    template = catalogue.template(template_id)
    lines = list(template.lines())
    codes = {line.code for line in lines}
    words = {**round_.figures, **round_.year_settings}
    out: dict[str, set[str]] = {}
    for rule in load_rules().values():
        if kind not in rule.kinds or any(c not in catalogue.lines for c in rule.requires):
            continue
        applies = rule.applies
        checks = (
            any(applies(line) for line in lines)
            if applies
            else bool(codes & set(rule.lines_read(round_)))
        )
        if checks:
            for name in rule.thresholds:
                out.setdefault(words[name].label, set()).add(rule.id)
    return out


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[Path]]:
    folder = tmp_path_factory.mktemp("parameters")
    found = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OPPLAN_DATA_DIR", str(folder / "userdata"))
        for kind, round_id in CASES:
            plan = folder / f"{kind}-{round_id}.opplan"
            new_plan(
                plan, kind=kind, round_id=round_id, org="RZZ" if kind == "provider" else "00Z"
            ).close()
            found[(kind, round_id)] = list(
                export(plan, folder / f"out-{kind}-{round_id}").workbooks
            )
    return found


@pytest.mark.parametrize(("kind", "round_id"), CASES)
def test_each_workbook_lists_exactly_its_checks_figures_in_words(
    bundles: dict[tuple[str, str], list[Path]], kind: str, round_id: str
) -> None:
    round_ = load_round(round_id)
    templates = list(round_.catalogue(kind).templates)
    assert len(bundles[(kind, round_id)]) == len(templates)
    for template, path in zip(templates, bundles[(kind, round_id)], strict=True):
        shown = national_rows(path)
        want = expected(kind, round_id, template.id)
        assert {label: set(checks.split(", ")) for label, (checks, _) in shown.items()} == want, (
            path.name
        )
        names = set(round_.figures) | set(round_.year_settings)
        cells = {
            str(v)
            for row in load_workbook(path)["Parameters"].iter_rows(values_only=True)
            for v in row
            if v
        }
        assert not names & cells, f"{path.name} names figures by their code names"


def test_the_ccg_workbooks_list_the_back_loading_and_growth_band_figures(
    bundles: dict[tuple[str, str], list[Path]],
) -> None:
    for round_id in ("2019-20", "2017-19"):
        finance, activity = bundles[("commissioner", round_id)]
        fin = national_rows(finance)
        assert fin["Savings (QIPP) in the second half of the year, maximum share"] == ("C06", "60%")
        assert fin["Savings (QIPP) in the last quarter of the year, maximum share"] == (
            "C06",
            "35%",
        )
        act = national_rows(activity)
        assert act["Activity growth planning band, lowest"] == ("C09", "-2%")
        assert act["Activity growth planning band, highest"] == ("C09", "6%")


def test_figures_read_in_words_with_their_units(
    bundles: dict[tuple[str, str], list[Path]],
) -> None:
    finance = national_rows(bundles[("provider", "2019-20")][0])
    assert finance["Money tolerance"] == ("F01, F09, F10", "£1k")
    assert finance["Agency ceiling warning above"] == ("F03", "95%")
    assert finance["Measure compared with the control total"] == (
        "F01",
        "Adjusted financial performance excluding PSF, FRF and MRET (FIN.CT.EXSF)",
    )
    assert finance["Income growth against activity growth and net tariff uplift, largest gap"] == (
        "T04",
        "3 points",
    )
    activity = national_rows(bundles[("provider", "2017-19")][1])
    assert activity["Severity of a growing RTT waiting list"] == (
        "P01",
        "2017/18: warning; 2018/19: error",
    )
    ccg_2017 = national_rows(bundles[("commissioner", "2017-19")][0])
    assert ccg_2017["Uncommitted risk reserve required"] == ("C05", "2017/18: yes; 2018/19: no")
    ccg_2019 = national_rows(bundles[("commissioner", "2019-20")][0])
    assert "Uncommitted risk reserve required" not in ccg_2019  # no reserve line in 2019/20
