"""Untrusted workbooks: what is checked before openpyxl reads a byte of XML.

A workbook is a zip of XML parts. Two attacks matter on a desktop: an XML
entity bomb ("billion laughs"), which openpyxl only resists when defusedxml is
installed (it then parses every part with defusedxml), and a zip bomb, which
openpyxl opens as it is. So defusedxml is a hard dependency, checked here, and
the zip's directory is checked against limits far above any real plan
workbook (a few hundred kB) before it is opened.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import BadInput, UserError


class UnsafeXmlParser(UserError):
    """openpyxl would parse workbooks without defusedxml: a broken installation."""


@dataclass(frozen=True)
class ZipLimits:
    file_bytes: int = 50 * 1024 * 1024  # the workbook file itself
    entries: int = 1_000
    total_bytes: int = 200 * 1024 * 1024  # all parts, uncompressed
    ratio: int = 100  # uncompressed / compressed, per part ...
    ratio_from_bytes: int = 1024 * 1024  # ... for parts above this size


LIMITS = ZipLimits()


def check_xml_safety() -> None:
    """Raise UnsafeXmlParser unless openpyxl parses XML through defusedxml."""
    try:
        import defusedxml  # noqa: F401
        import openpyxl.xml
    except ImportError as exc:
        raise UnsafeXmlParser(
            f"this installation cannot read or write workbooks safely: {exc.name} is missing "
            "(reinstall OpPlan Desk)"
        ) from exc
    if not openpyxl.xml.DEFUSEDXML:
        raise UnsafeXmlParser(
            "this installation cannot read workbooks safely: openpyxl does not use defusedxml "
            "(is OPENPYXL_DEFUSEDXML set to False?)"
        )


def xml_guard_problem() -> str | None:
    """Why this installation cannot read workbooks safely, or None when it can."""
    try:
        check_xml_safety()
    except UnsafeXmlParser as exc:
        return str(exc)
    return None


def check_zip(path: Path, limits: ZipLimits = LIMITS) -> None:
    """Refuse a file that is not a zip, or whose parts are too many, too big or too
    compressed to be a plan workbook (BadInput naming the file)."""
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror})") from exc
    if path.is_dir():
        raise BadInput(f"{path}: is a folder, not a workbook")
    if size > limits.file_bytes:
        raise BadInput(
            f"{name}: the file is {size:,} bytes; a plan workbook is far smaller "
            f"(the limit is {limits.file_bytes:,})"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        raise BadInput(
            f"{name}: is not an Excel workbook (.xlsx), or the file is damaged or truncated"
        ) from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if len(parts) > limits.entries:
        raise BadInput(
            f"{name}: holds {len(parts):,} parts; a workbook has far fewer "
            f"(the limit is {limits.entries:,}), so it was not opened"
        )
    total = sum(part.file_size for part in parts)
    if total > limits.total_bytes:
        raise BadInput(
            f"{name}: would unpack to {total:,} bytes (the limit is {limits.total_bytes:,}); "
            "it was not opened"
        )
    for part in parts:
        if part.file_size <= limits.ratio_from_bytes:
            continue
        ratio = part.file_size / max(part.compress_size, 1)
        if ratio > limits.ratio:
            raise BadInput(
                f"{name}: part {part.filename} is compressed {ratio:,.0f} to 1 "
                f"(the limit is {limits.ratio} to 1), a sign of a zip bomb; it was not opened"
            )
