"""The bundled sample plans: CSV data under resources/samples, built into plan files.

The shipped sample never changes: the window works on a copy in the user's
data folder, made from the CSV the first time it is needed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError
from .paths import resources_dir, user_data_dir
from .store import PLAN_SUFFIX


@dataclass(frozen=True)
class Sample:
    file: str
    org_code: str
    org_name: str
    org_kind: str
    round_id: str
    region: str
    description: str

    @property
    def csv_path(self) -> Path:
        return resources_dir() / "samples" / self.file

    def identity(self) -> dict[str, str]:
        """The keyword arguments of PlanSession.create for this organisation."""
        return {
            "org_code": self.org_code,
            "org_name": self.org_name,
            "org_kind": self.org_kind,
            "round_id": self.round_id,
            "region": self.region,
        }

    @property
    def stem(self) -> str:
        return Path(self.file).stem


def samples() -> list[Sample]:
    """The bundled samples, the default (the trust plan) first."""
    path = resources_dir() / "samples" / "samples.toml"
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [
        Sample(
            s["file"],
            s["org_code"],
            s["org_name"],
            s["org_kind"],
            s["round"],
            s["region"],
            s.get("description", ""),
        )
        for s in data.get("samples", [])
    ]


def sample(kind: str | None = None) -> Sample:
    for item in samples():
        if kind is None or item.org_kind == kind:
            return item
    raise UserError(f"no bundled sample plan for {kind}")


def build_sample(item: Sample, dest: Path) -> Path:
    """Create the plan file ``dest`` from the sample's CSV (dest must not exist)."""
    from .operations import LoadCsv
    from .session import PlanSession

    with PlanSession.create(dest, **item.identity()) as session:
        session.run(LoadCsv(item.csv_path))
    return dest


def working_copy_path(item: Sample | None = None) -> Path:
    """Where the user's copy of a sample plan is (made or not)."""
    item = item or sample()
    return user_data_dir() / "samples" / f"{item.stem}{PLAN_SUFFIX}"


def working_copy(item: Sample | None = None) -> Path:
    """The user's copy of a sample plan, made on first use."""
    item = item or sample()
    dest = working_copy_path(item)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not dest.exists():
        build_sample(item, dest)
    return dest


def existing_working_copy() -> Path | None:
    """The user's copy of the default sample plan when it was made, else None."""
    path = working_copy_path()
    return path if path.exists() else None


def sample_of(path: Path) -> Sample | None:
    """The sample ``path`` is the user's working copy of, or None for any other plan."""
    try:
        resolved = Path(path).resolve()
        return next(
            (item for item in samples() if working_copy_path(item).resolve() == resolved), None
        )
    except OSError:
        return None
