"""Plans and exported bundles for the exchange tests, built once per session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.core.exchange.bundle import Bundle, export_bundle
from desktop.core.session import PlanSession

EXPORTED_AT = dt.datetime(2019, 2, 19, 9, 30, tzinfo=dt.UTC)


def export(plan: Path, out: Path, *, make_zip: bool = False) -> Bundle:
    with PlanSession.open(plan, read_only=True) as doc:
        return export_bundle(doc.snapshot(), out, make_zip=make_zip, now=EXPORTED_AT, user="jsmith")


@pytest.fixture(scope="session")
def trust_bundle(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """The sample trust plan's Draft 1 bundle, zipped (do not modify its files)."""
    return export(samples_dir / "trust.opplan", tmp_path_factory.mktemp("bundle"), make_zip=True)


@pytest.fixture(scope="session")
def ccg_bundle(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    return export(samples_dir / "ccg.opplan", tmp_path_factory.mktemp("ccg-bundle"))


def new_plan(
    path: Path, *, org: str = "RZZ", kind: str = "provider", round_id: str = "2019-20"
) -> PlanSession:
    return PlanSession.create(
        path,
        org_code=org,
        org_name="Test Organisation",
        org_kind=kind,
        round_id=round_id,
        region="north",
    )
