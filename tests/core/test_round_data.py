"""Round data beyond the templates: thresholds in words, year settings, organisation
kinds, the templates list, period roles and the presentation, each validated on load
with a message naming the file and the entry (no silent fallback)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.core.catalogue import load_round
from desktop.core.catalogue.loader import load_round_folder
from desktop.core.errors import CatalogueError
from desktop.core.paths import resources_dir

BUNDLED = resources_dir() / "rounds"


def _copy(tmp_path: Path, round_id: str = "2019-20") -> Path:
    folder = tmp_path / round_id
    shutil.copytree(BUNDLED / round_id, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _refused(folder: Path, pattern: str) -> None:
    with pytest.raises(CatalogueError, match=pattern):
        load_round_folder(folder)


# -- what the bundled rounds say ---------------------------------------------------------


def test_every_threshold_has_words_and_a_unit() -> None:
    for round_id in ("2019-20", "2017-19"):
        round_ = load_round(round_id)
        assert set(round_.figures) == set(round_.thresholds)
        for figure in round_.figures.values():
            assert figure.label and figure.unit, figure.name
        assert round_.figures["money_tolerance"].label == "Money tolerance"
        assert round_.figures["control_total_measure"].unit == "line"


def test_period_roles_are_data() -> None:
    r19, r17 = load_round("2019-20"), load_round("2017-19")
    assert (r19.outturn, r19.opening) == ("FOT", "BASE")
    assert r19.label(r19.outturn) == "FOT 2018/19" and r19.label(r19.opening) == "Mar-19"
    assert r17.growth_base("Y1") == r17.outturn and r17.growth_base("Y2") == "Y1"
    assert r17.position_before("Y1") == r17.opening and r17.position_before("Y2") == "M12"
    assert r17.previous_period("M01") == r17.opening and r17.previous_period("M13") == "M12"


def test_organisation_kinds_are_data() -> None:
    round_ = load_round("2019-20")
    provider, ccg = round_.kind("provider"), round_.kind("commissioner")
    assert (provider.label, provider.approving_body, provider.pack_title) == (
        "Provider (NHS trust)",
        "trust board",
        "Board pack",
    )
    assert (ccg.approving_body, ccg.mail_to, ccg.mail_cc) == ("governing body", "nhse", "nhsi")


def test_the_templates_are_listed_in_round_data_in_their_order() -> None:
    assert list(load_round("2019-20").templates) == ["FIN", "ACT", "WF", "CFIN", "CACT"]


# -- refusals ----------------------------------------------------------------------------


def test_a_threshold_without_words_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "round.toml", ', label = "Money tolerance" }', " }")
    _refused(folder, r"round\.toml: thresholds\.money_tolerance\.label: missing")


def test_a_control_total_measure_naming_no_line_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "round.toml", 'value = "FIN.CT.EXSF"', 'value = "FIN.CT.BASIS2"')
    _refused(folder, r"thresholds\.control_total_measure: unknown line 'FIN\.CT\.BASIS2'")


def test_a_year_setting_without_words_or_value_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "2017-19")
    _edit(folder / "round.toml", 'rtt_severity = "warning"', 'rtt_severity = "amber"')
    _refused(folder, r"years\.Y1\.rtt_severity: 'amber' is not one of error, warning")
    folder = _copy(tmp_path / "b", "2017-19")
    _edit(folder / "round.toml", "ccg_risk_reserve = false\n", "")
    _refused(folder, r"years\.Y2: ccg_risk_reserve is not set")


def test_a_kind_mailing_an_unknown_mailbox_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "round.toml", 'mail_to = "nhsi"', 'mail_to = "nhsx"')
    _refused(folder, r"kinds\.provider\.mail_to: 'nhsx' is not an address of mailboxes\.north")


def test_a_template_file_not_listed_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "round.toml", '"FIN", "ACT", "WF", ', '"FIN", "ACT", ')
    _refused(folder, r"round\.toml: templates: files not listed as templates: WF")


def test_a_missing_period_role_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "round.toml", 'opening = { code = "BASE", label = "Mar-19" }\n', "")
    _refused(folder, r"round\.toml: baseline\.opening: missing")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'value = "{amount FIN.CT.EXSF}"',
            'value = "{amount FIN.CT.BASIS1}"',
            r"headlines\[1\] \(control_total\): value: unknown line 'FIN\.CT\.BASIS1' "
            r"for a provider plan",
        ),
        (
            'value = "{amount FIN.EFF.TOT}"',
            'value = "{amont FIN.EFF.TOT}"',
            r"headlines\[2\] \(efficiency\): value: unknown measure 'amont'",
        ),
        (
            'rules = ["F03"]',
            'rules = ["F33"]',
            r"headlines\[3\] \(agency\): rules: unknown rule 'F33'",
        ),
        (
            'rules = ["F03"]',
            'rules = ["C01"]',
            r"headlines\[3\] \(agency\): rules: C01 does not run for a provider plan",
        ),
        (
            "{threshold ae_standard_pct}",
            "{threshold ae_standard}",
            r"headlines\[11\] \(ae_4h\): detail: unknown threshold 'ae_standard'",
        ),
        (
            'values = "values FIN.EFF.REC"',
            'values = "values FIN.EFF.RECX"',
            r"charts\[2\] \(savings\): series\[1\] values: unknown line 'FIN\.EFF\.RECX'",
        ),
        (
            '{label growth_base} monthly average", value = "monthly_average E.M.10@growth_base"',
            '{label growth_base} monthly average", value = "monthly_average E.M.10@last_year"',
            r"charts\[3\] \(activity:E\.M\.10\): references\[1\] value: unknown period role "
            r"'last_year'",
        ),
    ],
)
def test_a_presentation_naming_what_does_not_exist_is_refused(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "presentation.toml", old, new)
    _refused(folder, r"presentation\.toml: " + message)
