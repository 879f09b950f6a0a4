"""The board pack PDF of the sample plans: pages, figures, fonts, watermark, changes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.checks.text import money
from desktop.core.errors import BadInput, PlanStorageError
from desktop.core.review.headlines import headlines
from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from desktop.ui.review.boardpack import write_board_pack
from desktop.ui.review.dashboard import DashboardWidget

ROOT = Path(__file__).resolve().parents[2]
APPROVAL = {
    "body": "trust board",
    "meeting_date": "2019-03-28",
    "approver": "Jane Smith",
    "role": "Chair",
    "minute": "TB/19/042",
}


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return found


def pdf_text(path: Path) -> str:
    return subprocess.run(
        [poppler("pdftotext"), "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def page_count(path: Path) -> int:
    info = subprocess.run(
        [poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def grey_share(path: Path, page: int) -> float:
    """The share of not-quite-white pixels in the middle of a page (the watermark's tint)."""
    out = subprocess.run(
        [poppler("pdftoppm"), "-gray", "-r", "20", "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", out)
    assert match, out[:40]
    width, height = int(match.group(1)), int(match.group(2))
    pixels = out[match.end() :]
    middle = [
        pixels[y * width + x]
        for y in range(height * 2 // 5, height * 3 // 5)
        for x in range(width // 3, width * 2 // 3)
    ]
    return sum(1 for p in middle if 200 < p < 250) / len(middle)


@pytest.fixture
def doc(tmp_path: Path, qapp) -> Iterator[PlanSession]:
    document = PlanSession.open(build_sample(sample("provider"), tmp_path / "trust.opplan"))
    yield document
    document.close()


def test_the_pack_of_the_sample_trust_plan_is_a_paginated_a4_landscape_pdf(
    doc: PlanSession, tmp_path: Path
) -> None:
    doc.set_commentary("F07", "FIN.EFF.09", "Y1", "Schemes in development.")
    out = write_board_pack(doc.snapshot(), tmp_path / "pack.pdf")
    assert out.read_bytes().startswith(b"%PDF-")
    pages = page_count(out)
    assert pages >= 7
    text = pdf_text(out)
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "842 x 595 pts (A4)" in info  # landscape
    assert "Title:           Northshire Hospitals NHS Foundation Trust" in info
    assert "Creator:         OpPlan Desk" in info
    for heading in (
        "Operational plan 2019/20",
        "Headline figures 2019/20",
        "Charts 2019/20",
        "Findings and commentary",
        "Changes since the previous version",
        "No previous version",
        "Not approved",
        "To be completed at the trust board meeting",
        "Schemes in development.",
        "No commentary yet",
        f"content hash {doc.snapshot().content_hash[:12]}",
    ):
        assert heading in text, heading


def test_the_packs_figures_are_the_dashboards_and_the_calculators(
    qtbot, doc: PlanSession, tmp_path: Path
) -> None:
    dashboard = DashboardWidget(doc)
    qtbot.addWidget(dashboard)
    text = pdf_text(write_board_pack(doc.snapshot(), tmp_path / "pack.pdf"))
    flat = re.sub(r"\s+", " ", text)
    items = headlines(doc.snapshot(), doc.findings(), "Y1")
    assert len(items) == 14
    for item in items:
        assert dashboard.tile(item.key).value_label.text() == item.value
        assert item.value in text, item.key
        assert item.title in flat, item.key
        assert item.detail in flat, item.key
    measure = doc.plan.number(doc.round.thresholds["control_total_measure"], "Y1")
    assert measure is not None
    assert money(measure) == "(£8,550k)"
    assert re.search(r"Surplus/\(deficit\) against the control total\s+\(£8,550k\)", text)
    for finding in doc.findings():  # every finding, with its message
        assert finding.rule in text
        assert finding.message[:40] in flat


def test_the_pack_embeds_its_fonts(doc: PlanSession, tmp_path: Path) -> None:
    out = write_board_pack(doc.snapshot(), tmp_path / "pack.pdf")
    listing = subprocess.run(
        [poppler("pdffonts"), str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    header = listing[0].split()
    rows = [line.split() for line in listing[2:] if line.strip()]
    assert rows, listing
    emb = header.index("emb")
    for row in rows:
        # the name and type may hold spaces: count the yes/no columns from the right
        flags = row[-5:-2]
        assert flags[0] == "yes", f"font not embedded: {row} ({header[emb]})"


def test_draft_is_watermarked_until_the_shown_version_is_approved(
    doc: PlanSession, tmp_path: Path
) -> None:
    draft = write_board_pack(doc.snapshot(), tmp_path / "draft.pdf")
    last = page_count(draft)
    assert grey_share(draft, last) > 0.05  # the approval page of a draft: DRAFT across it
    doc.submit_version()
    doc.approve("Draft 1", **APPROVAL)
    approved = write_board_pack(doc.snapshot(), tmp_path / "approved.pdf")
    assert grey_share(approved, page_count(approved)) < 0.01
    text = pdf_text(approved)
    assert "Approved" in text and "Not approved" not in text
    assert "Draft 1 approved by the trust board on 2019-03-28: Jane Smith, Chair" in text
    assert "TB/19/042" in text

    doc.set_cells({("FIN.INC.02", "M01"): "21000"}, "typing")  # no longer the approved plan
    changed = write_board_pack(doc.snapshot(), tmp_path / "changed.pdf")
    assert grey_share(changed, page_count(changed)) > 0.05
    text = re.sub(r"\s+", " ", pdf_text(changed))
    assert "Not approved" in text
    assert "that approval does not cover this pack" in text


def test_changes_since_the_previous_version(doc: PlanSession, tmp_path: Path) -> None:
    doc.submit_version()
    doc.set_stage("draft")
    doc.set_cells(
        {("FIN.INC.02", "M01"): "21500", ("E.M.8", "M02"): "12000", ("FIN.PAY.03", "M03"): "900"},
        "typing",
    )
    working = pdf_text(write_board_pack(doc.snapshot(), tmp_path / "working.pdf"))
    flat = re.sub(r"\s+", " ", working)
    assert "Changes since Draft 1" in working
    assert "Draft 1 to Working copy: 3 cells changed (FIN 2, ACT 1)" in flat
    assert re.search(r"24,568\.8\s+21,500\.0\s+\(3,068\.8\)", working)
    assert "The working copy at Draft 2, not submitted (changed since Draft 1)" in flat

    first = pdf_text(write_board_pack(doc.snapshot().at("Draft 1"), tmp_path / "draft1.pdf"))
    assert "No previous version: Draft 1 is the first version submitted" in first
    assert "Board pack · Draft 1" in first

    doc.submit_version()  # Draft 2: the working copy is that version now
    second = pdf_text(write_board_pack(doc.snapshot(), tmp_path / "draft2.pdf"))
    assert "Changes since Draft 1" in second
    assert "Draft 1 to Draft 2: 3 cells changed" in re.sub(r"\s+", " ", second)
    with pytest.raises(BadInput):
        write_board_pack(doc.snapshot().at("Draft 7"), tmp_path / "nope.pdf")


def test_a_ccg_pack_names_its_governing_body(tmp_path: Path, qapp) -> None:
    document = PlanSession.open(build_sample(sample("commissioner"), tmp_path / "ccg.opplan"))
    try:
        text = pdf_text(write_board_pack(document.snapshot(), tmp_path / "ccg.pdf"))
    finally:
        document.close()
    assert "Governing body pack: review and approval" in text
    assert "To be completed at the governing body meeting" in text
    assert "Mental Health Investment Standard" in text


@pytest.mark.slow
def test_the_pack_is_written_without_a_running_application(tmp_path: Path) -> None:
    """As the command line does: no QApplication and no display."""
    plan = build_sample(sample("provider"), tmp_path / "trust.opplan")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from desktop.core.session import PlanSession\n"
        "from desktop.ui.review.boardpack import write_board_pack\n"
        "doc = PlanSession.open(sys.argv[1], read_only=True)\n"
        "print(write_board_pack(doc.snapshot(), Path(sys.argv[2])))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-c", script, str(plan), str(tmp_path / "cli.pdf")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "cli.pdf").read_bytes().startswith(b"%PDF-")


def test_a_pack_that_cannot_be_written_says_so(doc: PlanSession, tmp_path: Path) -> None:
    with pytest.raises(PlanStorageError, match="no such folder"):
        write_board_pack(doc.snapshot(), tmp_path / "missing" / "pack.pdf")
    assert not (tmp_path / "missing").exists()
    assert list(tmp_path.glob("*.part")) == []
