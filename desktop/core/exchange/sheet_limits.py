"""How big a workbook's sheets are, read before openpyxl parses them.

openpyxl reads a sheet a row at a time, but a whole row at once: one row of seven
million cells (no spreadsheet program writes that: Excel stops at 16,384 columns)
takes gigabytes. So every worksheet part is scanned first, streaming, with expat
and no DTD allowed, counting cells per row and per sheet; a sheet beyond the limits
below is refused, naming the sheet, the row and the limit, before it is read.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import IO
from xml.parsers import expat

from defusedxml.ElementTree import fromstring

from ..errors import BadInput

#: Excel's own limits: columns in a row, rows in a sheet.
MAX_ROW_CELLS = 16_384
MAX_SHEET_ROWS = 1_048_576
#: Far above any plan sheet (a few thousand cells), far below what exhausts memory.
MAX_SHEET_CELLS = 2_000_000
_CHUNK = 1 << 16


class _Refused(Exception):
    pass


def check_sheet_sizes(path: Path) -> None:
    """Refuse (BadInput) a workbook with a sheet too big to be a plan's."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            titles = _sheet_titles(archive)
            for info in archive.infolist():
                part = info.filename
                if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                    with archive.open(info) as stream:
                        problem = _scan(stream, titles.get(part, posixpath.basename(part)))
                    if problem:
                        raise BadInput(f"{name}: {problem}; it was not read")
    except (zipfile.BadZipFile, OSError):
        return  # reading it properly says what is wrong with it


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> sheet title (empty when they cannot be read)."""
    try:
        book = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # damaged or hostile: the import's own reading reports it
        return {}
    targets = {
        rel.get("Id"): posixpath.normpath(posixpath.join("xl", rel.get("Target", "")))
        for rel in rels
    }
    titles = {}
    for element in book.iter():
        if element.tag.rpartition("}")[2] != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rel_id)
        if target:
            titles[target.lstrip("/")] = element.get("name", "")
    return titles


def _scan(stream: IO[bytes], title: str) -> str | None:
    """Why the sheet in ``stream`` is too big (None when it is not)."""
    counts = {"rows": 0, "cells": 0, "in_row": 0}
    current = {"row": ""}

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "row":
            counts["rows"] += 1
            counts["in_row"] = 0
            current["row"] = attrs.get("r") or str(counts["rows"])
            if counts["rows"] > MAX_SHEET_ROWS:
                raise _Refused(
                    f"sheet {title!r} has more than {MAX_SHEET_ROWS:,} rows, more than Excel allows"
                )
        elif local == "c":
            counts["cells"] += 1
            counts["in_row"] += 1
            if counts["in_row"] > MAX_ROW_CELLS:
                raise _Refused(
                    f"sheet {title!r}, row {current['row']}, has more than {MAX_ROW_CELLS:,} "
                    f"cells, more than Excel allows (a plan sheet has a few dozen columns)"
                )
            if counts["cells"] > MAX_SHEET_CELLS:
                raise _Refused(
                    f"sheet {title!r} has more than {MAX_SHEET_CELLS:,} cells (a plan sheet "
                    "has a few thousand)"
                )

    def no_dtd(*_args: object) -> None:
        raise _Refused(
            "contains XML entity declarations, which a workbook never needs (a sign of an "
            f"XML bomb, in sheet {title!r})"
        )

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Refused as refused:
        return str(refused)
    except expat.ExpatError:
        return None  # malformed: reading it properly says so
    return None
