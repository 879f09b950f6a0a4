"""The catalogue data: complete for both rounds and kinds, and validated on load."""

import re
import shutil
from pathlib import Path

import pytest

from desktop.core.catalogue import load_round
from desktop.core.catalogue.loader import load_round_folder, rounds_dir
from desktop.core.errors import CatalogueError

SPEC = Path(__file__).resolve().parents[3] / "shared" / "domain" / "templates.md"


def test_both_rounds_load_with_their_months_and_years() -> None:
    r19 = load_round("2019-20")
    assert r19.months[0] == "M01" and len(r19.months) == 12
    assert r19.label("M01") == "Apr-19" and r19.label("M12") == "Mar-20"
    assert r19.periods["M11"].days == 29  # February 2020
    assert [y.code for y in r19.years] == ["Y1"]
    r17 = load_round("2017-19")
    assert len(r17.months) == 24 and r17.label("M24") == "Mar-19"
    assert [y.label for y in r17.years] == ["2017/18", "2018/19"]
    assert r17.year("Y2").months[0] == "M13"


def test_templates_per_kind_and_round_specific_lines() -> None:
    r19, r17 = load_round("2019-20"), load_round("2017-19")
    assert [t.id for t in r19.catalogue("provider").templates] == ["FIN", "ACT", "WF"]
    assert [t.id for t in r19.catalogue("commissioner").templates] == ["CFIN", "CACT"]
    assert "FIN.INC.08" in r19.catalogue("provider").lines
    assert "FIN.INC.08" not in r17.catalogue("provider").lines
    assert "CFIN.EXP.10" in r17.catalogue("commissioner").lines
    assert "CFIN.EXP.10" not in r19.catalogue("commissioner").lines
    wf = r19.catalogue("provider").template("WF")
    kinds = [line.kind for line in wf.lines()]
    assert kinds.count("input") == 27 and kinds.count("calc") == 13


@pytest.mark.skipif(not SPEC.exists(), reason="domain reference not beside the checkout")
def test_every_line_code_of_the_specification_is_in_the_catalogue() -> None:
    text = SPEC.read_text(encoding="utf-8")
    codes = set(re.findall(r"^\| ((?:FIN|CFIN|E\.[MBA]|BED)\.[A-Za-z0-9.]+) \|", text, re.M))
    groups = ["NUR", "MCON", "MCAR", "MTRN", "AHP", "STT", "HCS", "SCS", "INF"]
    codes |= {f"WF.{g}.{t}" for g in groups for t in ("SUB", "BANK", "AGY", "TOT")}
    r19, r17 = load_round("2019-20"), load_round("2017-19")
    known = set()
    for rnd in (r19, r17):
        for kind in ("provider", "commissioner"):
            known |= set(rnd.catalogue(kind).lines)
    assert len(codes) > 150
    assert codes - known == set()


def test_thresholds_and_mailboxes_are_round_data() -> None:
    r19, r17 = load_round("2019-20"), load_round("2017-19")
    assert str(r19.threshold("efficiency_min_pct")) == "1.1"
    assert str(r17.threshold("efficiency_min_pct")) == "2.0"
    assert r19.mailboxes["london"].address("nhsi") == "NHSI.planninglondon@nhs.net"
    assert r19.mailboxes["north"].address("nhse") == "england.planning-north@nhs.net"
    assert r19.recipients("provider", "london") == (
        "NHSI.planninglondon@nhs.net",
        "england.londonsubmissions@nhs.net",
    )
    assert r19.recipients("commissioner", "north") == (
        "england.planning-north@nhs.net",
        "NHSI.planningnorth@nhs.net",
    )
    assert r17.kind("commissioner").approving_body == "governing body"


def _copy_round(tmp_path: Path) -> Path:
    folder = tmp_path / "2019-20"
    shutil.copytree(rounds_dir() / "2019-20", folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_formula_naming_an_unknown_line_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    folder = _copy_round(tmp_path)
    _edit(folder / "FIN.toml", "FIN.INC.03 + FIN.INC.04", "FIN.INC.03 + FIN.INC.99")
    with pytest.raises(CatalogueError, match=r"FIN\.toml: line FIN\.INC\.PC: .*FIN\.INC\.99"):
        load_round_folder(folder)


def test_a_duplicate_code_is_refused(tmp_path: Path) -> None:
    folder = _copy_round(tmp_path)
    _edit(folder / "FIN.toml", 'code = "FIN.INC.02"', 'code = "FIN.INC.01"')
    with pytest.raises(CatalogueError, match=r"FIN\.toml: line FIN\.INC\.01: duplicate code"):
        load_round_folder(folder)


def test_a_unit_a_line_cannot_have_is_refused(tmp_path: Path) -> None:
    folder = _copy_round(tmp_path)
    text = (folder / "WF.toml").read_text(encoding="utf-8")
    (folder / "WF.toml").write_text(text.replace('unit = "wte"', 'unit = "pct"', 1), "utf-8")
    with pytest.raises(CatalogueError, match=r"WF\.toml: line WF\.NUR\.SUB: .*rate"):
        load_round_folder(folder)
    folder2 = _copy_round(tmp_path / "b")
    _edit(folder2 / "FIN.toml", 'unit = "gbp000"', 'unit = "euros"')
    with pytest.raises(CatalogueError, match=r"FIN\.toml: line FIN\.INC\.01: unit 'euros'"):
        load_round_folder(folder2)
