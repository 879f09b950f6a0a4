"""Has a plan file changed since we read it? For a plan open read-only while its
holder edits it.

Every committed transaction in rollback-journal mode increments the database
header's file change counter (offset 24), so one ``stat`` and a 100-byte read tell
whether there is anything new: cheap enough to ask every second or two. While the
holder is writing (or after a writer died mid-write) a ``-journal`` file sits beside
the plan: the file is then not read ("busy"). A different file at the path (a copy
restored over it, the plan moved away) cannot be followed through the connection
already open on the old one: "replaced" or "gone", and the plan must be reopened.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from pathlib import Path

_COUNTER_OFFSET = 24


class Change(enum.Enum):
    NONE = "none"  # nothing committed since it was read
    CHANGED = "changed"  # new commits: read the plan again, then call ``caught_up``
    BUSY = "busy"  # being written (or a write was left unfinished): ask again later
    REPLACED = "replaced"  # another file is at the path now: reopen it
    GONE = "gone"  # no file at the path any more


@dataclass(frozen=True)
class FileState:
    device: int
    inode: int
    size: int
    mtime_ns: int
    counter: bytes
    writing: bool

    def same_file(self, other: FileState) -> bool:
        return (self.device, self.inode) == (other.device, other.inode)

    def content(self) -> tuple[int, int, bytes]:
        return self.size, self.mtime_ns, self.counter


def file_state(path: Path) -> FileState | None:
    """What the file at ``path`` looks like now; None when there is none (or it cannot
    be read)."""
    try:
        info = os.stat(path)
        with open(path, "rb") as handle:
            handle.seek(_COUNTER_OFFSET)
            counter = handle.read(4)
        writing = os.path.exists(f"{path}-journal")
    except OSError:
        return None
    return FileState(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, counter, writing)


class FileWatch:
    """Compares the plan file with the state it had when it was last read.

    Made after the plan was read, it cannot know whether a commit came in between:
    its first ``check`` says CHANGED (unless the file is busy or another), so the
    plan is read once more and nothing is missed.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._opened = file_state(self.path)  # the file the plan's connection is on
        self._read: FileState | None = None
        self._seen: FileState | None = None

    def check(self) -> Change:
        now = file_state(self.path)
        if now is None:
            return Change.GONE
        if self._opened is not None and not now.same_file(self._opened):
            return Change.REPLACED
        if now.writing:
            return Change.BUSY
        if self._read is not None and now.content() == self._read.content():
            return Change.NONE
        self._seen = now
        return Change.CHANGED

    def caught_up(self) -> None:
        """The plan was read again after the last ``check``: that state is now current."""
        self._read = self._seen
