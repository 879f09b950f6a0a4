"""Errors a user can do something about. Each carries a message for a person.

The window shows them in a dialog; the command line prints them on one line and
exits 2. Anything that is not one of these is a bug and is reported as such.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; ``str(error)`` is the message to show."""


class CatalogueError(UserError):
    """The catalogue data under resources/ is wrong (names the file and entry)."""


class PlanFileError(UserError):
    """A plan file cannot be opened or written; names the file."""

    def __init__(self, path: object, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotAPlanFile(PlanFileError):
    pass


class DamagedPlanFile(PlanFileError):
    pass


class NewerPlanFile(PlanFileError):
    """Written by a newer version of the app: can only be opened read-only."""


class PlanInUse(PlanFileError):
    """Held by another editing session; ``holder`` says who, where and since when."""

    def __init__(self, path: object, holder: dict[str, object]):
        self.holder = holder
        who = holder.get("user") or "someone"
        machine = holder.get("host") or "an unknown machine"
        since = holder.get("since") or "an unknown time"
        super().__init__(
            path,
            f"in use by {who} on {machine} since {since}; it can be opened read-only",
        )


class PlanStorageError(PlanFileError):
    """Disk full, permission denied and other failures of the file system."""


class ReadOnlyPlan(PlanFileError):
    """An edit was attempted on a plan opened read-only."""


class BadInput(UserError):
    """A file or value given by the user is refused; ``problems`` lists each one."""

    def __init__(self, summary: str, problems: list[str] | None = None):
        self.summary = summary
        self.problems = problems or []
        super().__init__(summary)
