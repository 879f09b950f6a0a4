"""Untrusted files: defusedxml is required, and the zip is checked before it is opened."""

from pathlib import Path

import openpyxl.xml
import pytest

from desktop.core.errors import BadInput, UserError
from desktop.core.exchange.bundle import Bundle, export_bundle
from desktop.core.exchange.safety import (
    UnsafeXmlParser,
    ZipLimits,
    check_xml_safety,
    check_zip,
)
from desktop.core.operations import ImportWorkbook
from desktop.core.session import PlanSession


def test_defusedxml_is_in_use() -> None:
    assert openpyxl.xml.DEFUSEDXML is True
    check_xml_safety()


def test_without_defusedxml_export_and_import_refuse_to_run(
    monkeypatch: pytest.MonkeyPatch, trust_path: Path, trust_bundle: Bundle, tmp_path: Path
) -> None:
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(UnsafeXmlParser, match="does not use defusedxml"):
        check_xml_safety()
    assert issubclass(UnsafeXmlParser, UserError)
    with PlanSession.open(trust_path) as doc:
        with pytest.raises(UnsafeXmlParser):
            export_bundle(doc.snapshot(), tmp_path / "out")
        with pytest.raises(UnsafeXmlParser):
            doc.run(ImportWorkbook(trust_bundle.workbooks[0]))
    assert not (tmp_path / "out").exists()


def test_zip_limits(trust_bundle: Bundle) -> None:
    path = trust_bundle.workbooks[0]
    check_zip(path)
    with pytest.raises(BadInput, match=r"holds \d+ parts; a workbook has far fewer"):
        check_zip(path, ZipLimits(entries=5))
    with pytest.raises(BadInput, match="would unpack to"):
        check_zip(path, ZipLimits(total_bytes=10_000))
    with pytest.raises(BadInput, match="a plan workbook is far smaller"):
        check_zip(path, ZipLimits(file_bytes=1_000))
    with pytest.raises(BadInput, match=r"compressed .* to 1"):
        check_zip(path, ZipLimits(ratio=1, ratio_from_bytes=1_000))
