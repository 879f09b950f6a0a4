"""The samples' findings, dumps and exported bundles are exactly what they were.

The golden files under ``tests/golden/`` were written before the core was
reorganised; a change that alters what a user or a regional team sees must
regenerate them on purpose (``python -m tests.golden.golden``) and say why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.golden import golden


def _differences(want: Any, got: Any, where: str = "") -> list[str]:
    if isinstance(want, dict) and isinstance(got, dict):
        found: list[str] = []
        for key in sorted(set(want) | set(got), key=str):
            if key not in got:
                found.append(f"{where}/{key}: missing, was {str(want[key])[:120]}")
            elif key not in want:
                found.append(f"{where}/{key}: new, {str(got[key])[:120]}")
            else:
                found += _differences(want[key], got[key], f"{where}/{key}")
        return found
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        found = []
        for index, (a, b) in enumerate(zip(want, got, strict=True)):
            found += _differences(a, b, f"{where}[{index}]")
        return found
    if want != got:
        return [f"{where}: was {str(want)[:160]!r}, now {str(got)[:160]!r}"]
    return []


@pytest.mark.parametrize("case", golden.CASES)
def test_outputs_match_the_golden_files(case: str, tmp_path: Path) -> None:
    want = json.loads(golden.golden_path(case).read_text(encoding="utf-8"))
    got = json.loads(json.dumps(golden.outputs(golden.build(case, tmp_path), tmp_path)))
    differences = _differences(want, got)
    assert not differences, f"{len(differences)} difference(s) from tests/golden/{case}.json:\n" + (
        "\n".join(differences[:40])
    )


def test_a_changed_figure_is_caught(tmp_path: Path) -> None:
    """The comparison is not blind: one edited input shows in the dump and the workbook."""
    plan = golden.build("trust-2019-20", tmp_path)
    golden.cli(
        "load", str(plan), str(golden._write_csv(tmp_path / "e.csv", [("FIN.INC.01", "M01", "1")]))
    )
    want = json.loads(golden.golden_path("trust-2019-20").read_text(encoding="utf-8"))
    got = json.loads(json.dumps(golden.outputs(plan, tmp_path)))
    differences = _differences(want, got)
    assert any("/dump" in d for d in differences)
    assert any("Finance" in d and "I&E" in d for d in differences)
