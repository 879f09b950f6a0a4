"""LibreOffice opens every exported workbook; after a full recalculation every formula cell
equals the app's figure; its saved workbooks import back exactly; the pages print cleanly.

Skipped when LibreOffice is not installed (.ci/run installs libreoffice-calc-nogui).
LibreOffice is slow to start, so each check converts all its workbooks in one call.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core.exchange import csvio
from desktop.core.exchange import workbook_layout as wl
from desktop.core.exchange.bundle import Bundle, export_bundle
from desktop.core.exchange.xlsx_import import read_workbook
from desktop.core.operations import ImportWorkbook
from desktop.core.session import PlanSession
from tests.exchange.conftest import EXPORTED_AT, new_plan
from tests.helpers import plan_2017_19

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]

#: A private profile that recalculates every formula when a workbook is loaded.
RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

TOLERANCE = Decimal("1e-9")  # percentages: binary division against 28-digit decimals


def convert(files: list[Path], target: str, out: Path, profile: Path) -> list[Path]:
    """Convert ``files`` with one LibreOffice run; returns the converted files."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD, encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    assert SOFFICE is not None
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    converted = [out / f"{path.stem}.{target}" for path in files]
    missing = [p.name for p in converted if not p.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}"
    return converted


@pytest.fixture(scope="module")
def plans(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The trust and CCG samples, and a complete two-year 2017-19 trust plan."""
    folder = tmp_path_factory.mktemp("plans-1719")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OPPLAN_DATA_DIR", str(folder / "userdata"))
        with new_plan(folder / "trust-1719.opplan", round_id="2017-19") as doc:
            doc.set_cells(plan_2017_19().stored_cells(), "2017-19 values")
    return {
        "trust": samples_dir / "trust.opplan",
        "ccg": samples_dir / "ccg.opplan",
        "trust-1719": folder / "trust-1719.opplan",
    }


@pytest.fixture(scope="module")
def bundles(plans: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Bundle]:
    out = tmp_path_factory.mktemp("lo-bundles")
    result = {}
    for name, path in plans.items():
        with PlanSession.open(path, read_only=True) as doc:
            result[name] = export_bundle(doc.snapshot(), out / name, now=EXPORTED_AT, user="jsmith")
    return result


@pytest.fixture(scope="module")
def partial(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A plan with two of the four figures FIN.INC.PC adds up for M01, and its Finance
    workbook: the app's total is blank, and so is its year total of FIN.INC.01."""
    folder = tmp_path_factory.mktemp("partial")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OPPLAN_DATA_DIR", str(folder / "userdata"))
        with new_plan(folder / "partial.opplan") as doc:
            doc.set_cells(
                {("FIN.INC.01", "M01"): "10", ("FIN.INC.02", "M01"): "0.1"}, "two of four figures"
            )
            bundle = export_bundle(doc.snapshot(), folder / "out")
            layout = wl.layout_for(doc.catalogue, doc.catalogue.template("FIN"))
            cells = [("FIN.INC.PC", "M01"), ("FIN.INC.01", "Y1")]
            return {  # named apart: LibreOffice writes every file of a run into one folder
                "workbook": shutil.copy(bundle.workbooks[0], folder / "Finance_partial.xlsx"),
                "app": [doc.plan.value(*cell) for cell in cells],
                "refs": [layout.spots[cell].ref for cell in cells],
            }


@pytest.fixture(scope="module")
def recalculated(
    bundles: dict[str, Bundle], partial: dict, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[Path]]:
    """Every exported workbook, opened, recalculated and saved again by LibreOffice (in one
    run: it is slow to start); under "edited", the trust's Finance workbook with a formula
    typed into a yellow cell; under "partial", the partial plan's Finance workbook."""
    work = tmp_path_factory.mktemp("lo")
    edited = work / "edited" / "Finance_edited.xlsx"
    edited.parent.mkdir()
    wb = load_workbook(bundles["trust"].workbooks[0])
    wb["I&E"]["F7"] = "=100+20.5"  # FIN.INC.01 M02
    wb["I&E"]["G7"] = 4321.5  # FIN.INC.01 M03
    wb.save(edited)
    files = [path for bundle in bundles.values() for path in bundle.workbooks]
    files += [edited, partial["workbook"]]
    converted = dict(
        zip(files, convert(files, "xlsx", work / "out", work / "profile"), strict=True)
    )
    result = {name: [converted[p] for p in b.workbooks] for name, b in bundles.items()}
    result["edited"] = [converted[edited]]
    result["partial"] = [converted[partial["workbook"]]]
    return result


def test_every_formula_cell_equals_the_apps_figure(
    plans: dict[str, Path], recalculated: dict[str, list[Path]]
) -> None:
    compared = 0
    for name, files in recalculated.items():
        if name not in plans:
            continue
        with PlanSession.open(plans[name], read_only=True) as doc:
            for template, path in zip(doc.catalogue.templates, files, strict=True):
                layout = wl.layout_for(doc.catalogue, template)
                wb = load_workbook(path, data_only=True)
                assert wb.sheetnames[: len(layout.tabs) - 1] == list(layout.tabs[:-1])
                for sheet in layout.sheets:
                    ws = wb[sheet.title]
                    for spec in layout.cells(sheet):
                        app = doc.plan.value(spec.line.code, spec.period)
                        got = ws.cell(spec.spot.row, spec.spot.column).value
                        where = (name, sheet.title, spec.spot.ref, spec.line.code, spec.period)
                        if spec.kind != wl.FORMULA:
                            continue
                        compared += 1
                        if app is None:
                            assert got in (None, ""), where
                            continue
                        assert isinstance(got, int | float), (where, got, app)
                        figure = Decimal(repr(got))
                        if spec.line.unit == "pct" and spec.line.formula is not None:
                            assert abs(figure - app) < TOLERANCE, (where, got, app)
                        else:  # sums of figures with at most 3 decimals: exact to 3 decimals
                            assert figure.quantize(Decimal("0.001")) == app, (where, got, app)
    assert compared > 2000


def test_blank_inputs_give_blank_formulas_in_libreoffice(
    partial: dict, recalculated: dict[str, list[Path]]
) -> None:
    assert partial["app"] == [None, None]  # two of four figures are not entered: no total
    (converted,) = recalculated["partial"]
    ws = load_workbook(converted, data_only=True)["I&E"]
    total, year = partial["refs"]
    assert ws[total].value in (None, "")  # not 10.1: two figures are not entered
    assert ws[year].value in (None, "")


def test_workbooks_saved_by_libreoffice_import_back_exactly(
    plans: dict[str, Path], recalculated: dict[str, list[Path]], tmp_path: Path
) -> None:
    with new_plan(tmp_path / "new.opplan") as doc:
        for path in recalculated["trust"]:
            doc.run(ImportWorkbook(path))
        imported = csvio.dump_csv_text(doc.snapshot())
    with PlanSession.open(plans["trust"], read_only=True) as source:
        assert imported == csvio.dump_csv_text(source.snapshot())


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler (pdftotext) is not installed")
def test_pages_print_without_hash_marks_or_blank_pages(
    bundles: dict[str, Bundle], tmp_path: Path
) -> None:
    files = [*bundles["trust"].workbooks, *bundles["ccg"].workbooks]
    pdfs = convert(files, "pdf", tmp_path / "pdf", tmp_path / "profile")
    assert PDFTOTEXT is not None
    for pdf in pdfs:
        text = subprocess.run(
            [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = text.split("\f")[:-1]
        assert pages, pdf.name
        for number, page in enumerate(pages, start=1):
            assert page.strip(), f"{pdf.name} page {number} is blank"
            assert "###" not in page, f"{pdf.name} page {number} has a column too narrow"


def test_a_formula_typed_into_a_yellow_cell_gives_its_saved_result(
    plans: dict[str, Path], recalculated: dict[str, list[Path]], tmp_path: Path
) -> None:
    plan = Path(shutil.copy(plans["trust"], tmp_path / "trust.opplan"))
    with PlanSession.open(plan) as doc:
        (edited,) = recalculated["edited"]
        assert read_workbook(doc.snapshot(), edited) == {
            ("FIN.INC.01", "M02"): Decimal("120.5"),
            ("FIN.INC.01", "M03"): Decimal("4321.5"),
        }
        assert doc.run(ImportWorkbook(edited)).count == 2
        assert doc.plan.stored("FIN.INC.01", "M02") == Decimal("120.5")
