"""The bundle folder: manifest.json, the submission.eml draft, the zip, progress and cancel."""

import email
import email.policy
import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from desktop.core.exchange.bundle import EMAIL, MANIFEST, Bundle, export_bundle
from desktop.core.session import PlanSession
from tests.exchange.conftest import export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def manifest(bundle: Bundle) -> dict:
    return json.loads(bundle.manifest.read_text(encoding="utf-8"))


def parsed_email(bundle: Bundle) -> email.message.EmailMessage:
    message = email.message_from_bytes(bundle.email.read_bytes(), policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def test_the_folder_holds_the_workbooks_manifest_and_email(trust_bundle: Bundle) -> None:
    names = sorted(p.name for p in trust_bundle.folder.iterdir())
    assert names == sorted([*(p.name for p in trust_bundle.workbooks), MANIFEST, EMAIL])


def test_manifest_lists_every_other_file_with_size_and_sha256(trust_bundle: Bundle) -> None:
    data = manifest(trust_bundle)
    listed = {f["name"]: f for f in data["files"]}
    assert set(listed) == {p.name for p in trust_bundle.workbooks} | {EMAIL}
    for path in (*trust_bundle.workbooks, trust_bundle.email):
        content = path.read_bytes()
        assert listed[path.name]["size"] == len(content)
        assert listed[path.name]["sha256"] == hashlib.sha256(content).hexdigest()
    assert listed["RZZ_2019-20_Finance_Draft1.xlsx"]["template"] == "FIN"
    assert data["plan_id"]
    assert data["organisation"]["code"] == "RZZ"
    assert data["organisation"]["name"] == "Northshire Hospitals NHS Foundation Trust"
    assert data["round"] == {"id": "2019-20", "name": "2019/20"}
    assert data["stage"] == {"kind": "draft", "label": "Draft 1"}
    assert data["app"]["name"] == "OpPlan Desk" and data["app"]["version"]
    assert data["catalogue_version"] == "2019-20.1"
    assert data["findings"] == {"error": 0, "warning": 4, "info": 0}
    assert data["exported_by"] == "jsmith"


def test_email_draft_addressed_to_the_regions_nhsi_mailbox_for_a_trust(
    trust_bundle: Bundle,
) -> None:
    message = parsed_email(trust_bundle)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "NHSI.planningnorth@nhs.net"
    assert message["Cc"] == "england.planning-north@nhs.net"
    assert message["Subject"] == (
        "RZZ Northshire Hospitals NHS Foundation Trust - 2019/20 operational plan - Draft 1"
    )
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    for path in trust_bundle.workbooks:
        assert path.name in text
    assert "0 error(s), 4 warning(s)" in text and "F07" in text


def test_every_workbook_is_attached_with_the_manifests_hash(trust_bundle: Bundle) -> None:
    hashes = {f["name"]: f["sha256"] for f in manifest(trust_bundle)["files"]}
    attached = {}
    for part in parsed_email(trust_bundle).iter_attachments():
        assert part.get_content_type() == XLSX
        content = part.get_content()
        attached[part.get_filename()] = hashlib.sha256(content).hexdigest()
    assert attached == {p.name: hashes[p.name] for p in trust_bundle.workbooks}


def test_a_ccg_writes_to_nhs_england_copying_nhs_improvement(ccg_bundle: Bundle) -> None:
    message = parsed_email(ccg_bundle)
    assert message["To"] == "england.planning-north@nhs.net"
    assert message["Cc"] == "NHSI.planningnorth@nhs.net"
    assert message["Subject"].startswith("00Z NHS Northshire CCG - 2019/20 operational plan")


def test_zip_holds_the_folder(trust_bundle: Bundle) -> None:
    assert trust_bundle.zip == trust_bundle.folder.with_name("RZZ_2019-20_Draft1.zip")
    with zipfile.ZipFile(trust_bundle.zip) as archive:
        names = sorted(archive.namelist())
        for path in trust_bundle.files:
            assert archive.read(f"RZZ_2019-20_Draft1/{path.name}") == path.read_bytes()
    assert len(names) == len(trust_bundle.files)


def test_progress_is_reported_step_by_step(trust_path: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    with PlanSession.open(trust_path, read_only=True) as doc:
        export_bundle(doc.snapshot(), tmp_path, make_zip=True, progress=lambda *a: calls.append(a))
    total = calls[0][1]
    assert total == 6 and [c[0] for c in calls] == list(range(total + 1))
    assert calls[0][2] == "Writing RZZ_2019-20_Finance_Draft1.xlsx"


def test_cancelling_from_the_progress_callback_leaves_nothing(
    trust_path: Path, tmp_path: Path
) -> None:
    class Cancelled(Exception):
        pass

    def progress(done: int, total: int, what: str) -> None:
        if done == 2:
            raise Cancelled

    with PlanSession.open(trust_path, read_only=True) as doc, pytest.raises(Cancelled):
        export_bundle(doc.snapshot(), tmp_path / "out", progress=progress)
    assert list((tmp_path / "out").iterdir()) == []


def test_exporting_again_replaces_the_bundle(trust_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = export(trust_path, out)
    assert not first.replaced
    with PlanSession.open(trust_path) as doc:
        doc.set_cells({("FIN.INC.01", "M01"): "5000"}, "edit")
    second = export(trust_path, out)
    assert second.replaced and second.folder == first.folder
    assert [p.name for p in out.iterdir()] == [first.folder.name]  # no temporary folder left
    assert (
        manifest(second)["files"][0]["sha256"]
        == hashlib.sha256(second.workbooks[0].read_bytes()).hexdigest()
    )


def test_an_output_path_that_is_a_file_is_refused(trust_path: Path, tmp_path: Path) -> None:
    from desktop.core.errors import BadInput

    blocker = tmp_path / "out"
    blocker.write_text("x")
    with pytest.raises(BadInput, match="is a file, not a folder"):
        export(trust_path, blocker)
