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
    """Held by another editing session; ``holder`` says who, where and since when.

    ``can_take_over`` is False when the holder is a live session on this computer:
    that one is never taken over (the plan can still be opened read-only).
    """

    def __init__(self, path: object, holder: dict[str, object], *, live_here: bool = False):
        self.holder = holder
        self.can_take_over = not live_here
        who, machine, since = describe_holder(holder)
        if live_here:
            problem = (
                f"in use by {who} in another OpPlan Desk window on this computer since "
                f"{since}; it can be opened read-only, and edited here once it is closed there"
            )
        else:
            problem = (
                f"in use by {who} on {machine} since {since}; it can be opened read-only, "
                "or taken over if that session has ended (its computer crashed or was "
                "switched off)"
            )
        super().__init__(path, problem)


def describe_holder(holder: dict[str, object]) -> tuple[str, str, str]:
    """(who, which machine, since when) of a lock's holder, for people."""
    who = str(holder.get("user") or "someone")
    machine = str(holder.get("host") or "an unknown computer")
    since = str(holder.get("since") or "an unknown time")
    return who, machine, since


class PlanStorageError(PlanFileError):
    """Disk full, permission denied and other failures of the file system."""


class InterruptedPlan(PlanStorageError):
    """A write was interrupted and its journal cannot be rolled back by this user."""

    def __init__(self, path: object):
        super().__init__(
            path,
            "this plan was interrupted while being written and must be opened once by "
            "someone who can write to it (to it and to its folder); nothing in it is lost",
        )


class ReadOnlyPlan(PlanFileError):
    """An edit was attempted on a plan opened read-only."""


class LockLost(ReadOnlyPlan):
    """Another session took the plan over: this one may no longer write to it."""

    def __init__(self, path: object, holder: dict[str, object]):
        self.holder = holder
        who, machine, since = describe_holder(holder)
        super().__init__(
            path,
            f"was taken over by {who} on {machine} (since {since}); every change made "
            "before that is saved, but no more can be made here: it is now read-only",
        )


#: How many problems a refusal lists; the rest are counted.
MAX_PROBLEMS = 50


class BadInput(UserError):
    """A file or value given by the user is refused; ``problems`` lists each one (the
    first MAX_PROBLEMS, then a line counting the rest)."""

    def __init__(self, summary: str, problems: list[str] | None = None, *, more: int = 0):
        listed = list(problems or [])
        more += max(0, len(listed) - MAX_PROBLEMS)
        self.summary = summary
        self.problems = listed[:MAX_PROBLEMS]
        if more:
            self.problems.append(f"... and {more:,} more problem(s)")
        super().__init__(summary)


class Problems:
    """Collects problems as a file is read, keeping only the first MAX_PROBLEMS (a
    file of millions of bad rows must not fill the memory or the screen)."""

    def __init__(self) -> None:
        self.listed: list[str] = []
        self.count = 0

    def add(self, problem: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_PROBLEMS:
            self.listed.append(problem)

    def __bool__(self) -> bool:
        return self.count > 0

    def refusal(self, summary: str) -> BadInput:
        return BadInput(summary, self.listed, more=self.count - len(self.listed))
