"""A new plan's identity: organisation code, name and kind, round and region."""

from __future__ import annotations

from .catalogue import available_rounds
from .catalogue.model import ORG_KINDS, REGIONS
from .plaintext import first_control


def validate_identity(
    org_code: str, org_name: str, org_kind: str, round_id: str, region: str
) -> list[str]:
    """Problems with a new plan's details, each naming the field (empty when valid)."""
    problems = []
    code = org_code.strip().upper()
    if not (3 <= len(code) <= 5 and code.isalnum()):
        problems.append(
            f"organisation code {org_code!r} should be an ODS code of 3-5 letters "
            "and digits (e.g. RXX for a trust, 00X for a CCG)"
        )
    if not org_name.strip():
        problems.append("organisation name is empty")
    elif (position := first_control(org_name)) is not None:
        problems.append(
            f"organisation name {org_name!r} has a line break or control character at "
            f"position {position + 1}: type the name on one line"
        )
    if org_kind not in ORG_KINDS:
        problems.append(f"kind {org_kind!r} is not one of {', '.join(ORG_KINDS)}")
    if round_id not in available_rounds():
        problems.append(f"round {round_id!r} is not one of {', '.join(available_rounds())}")
    if region not in REGIONS:
        problems.append(f"region {region!r} is not one of {', '.join(REGIONS)}")
    return problems
