"""The regional review checks: one engine, rules grouped by area.

``run_checks(plan, state)`` gives every finding; ``CheckEngine`` keeps findings
current after edits. Thresholds and national figures come from the round data.
"""

from __future__ import annotations

import importlib

from .engine import (
    REGISTRY,
    CheckEngine,
    Finding,
    PlanState,
    Rule,
    about_figures,
    run_checks,
    without_approval,
)

AREAS = ("general", "finance", "activity", "workforce", "commissioner")


def load_rules() -> dict[str, Rule]:
    """Import every rule module (registering its rules) and return the registry."""
    for area in AREAS:
        importlib.import_module(f"{__name__}.{area}")
    return REGISTRY


__all__ = [
    "AREAS",
    "CheckEngine",
    "Finding",
    "PlanState",
    "Rule",
    "about_figures",
    "load_rules",
    "run_checks",
    "without_approval",
]
