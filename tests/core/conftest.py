"""Fixtures of the core's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.units import stored_text
from tests.faults.harness import interrupted_copy
from tests.helpers import catalogue, complete_values, new_document


@pytest.fixture
def interrupted(tmp_path: Path) -> tuple[Path, dict[tuple[str, str], str]]:
    """A plan whose load was killed half-way (hot journal beside it), and its values
    before the load."""
    source = tmp_path / "source.opplan"
    with new_document(source) as doc:
        doc.set_cells({("FIN.INC.01", "M01"): "21450.5"}, "typing")
        before = doc.snapshot().stored_texts()
    rows = [(c, p, stored_text(v)) for (c, p), v in complete_values(catalogue()).items()]
    plan = interrupted_copy(source, tmp_path / "plan.opplan", rows)
    return plan, before
