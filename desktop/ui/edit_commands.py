"""Undoable edits: every change a user makes in the grid is one named QUndoCommand.

Each step (and each undo and redo of it) is saved to the plan file the moment it
runs, through ``PlanDocument.set_cells``: there is no Save.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.document import PlanDocument
from ..core.errors import BadInput, UserError
from ..core.plan import Cell
from ..core.units import Value, stored_text

Changes = dict[Cell, str | None]
Notify = Callable[[str], None]


class CellsCommand(QUndoCommand):
    """Set cells from ``before`` to ``after`` (text as stored; None = blank)."""

    def __init__(
        self, document: PlanDocument, before: Changes, after: Changes, name: str, notify: Notify
    ):
        super().__init__(name)
        self.document = document
        self.before = before
        self.after = after
        self.notify = notify
        self.failed = False

    def redo(self) -> None:
        self._apply(self.after, _capital(self.text()), restore=False)

    def undo(self) -> None:
        self._apply(self.before, f"Undo {self.text()}", restore=True)

    def _apply(self, values: Changes, operation: str, *, restore: bool) -> None:
        try:
            self.document.set_cells(values, operation, restore=restore)
        except UserError as exc:  # disk full, file gone read-only...: say so, keep going
            self.failed = True
            self.setObsolete(True)  # the stack drops a step that did not happen
            self.notify(f"Not saved: {exc}")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def cells_phrase(count: int) -> str:
    return f"{count} cell" if count == 1 else f"{count} cells"


#: What an operation does to cells, as in "nothing can be pasted".
DONE_WORDS = {"paste": "pasted", "clear": "cleared", "entry": "entered"}


def read_only_refusal(reason: str, verb: str) -> str:
    """The status bar's refusal of an edit of a plan open read-only, and why it is."""
    done = DONE_WORDS.get(verb, "filled" if verb.startswith("fill") else "changed")
    why = f" ({reason})" if reason and reason != "opened read-only" else ""
    return f"This plan is open read-only{why}: nothing can be {done}"


class EditController:
    """Validates an edit, and if it changes anything, pushes it on the undo stack."""

    def __init__(self, document: PlanDocument, stack: QUndoStack, notify: Notify):
        self.document = document
        self.stack = stack
        self.notify = notify

    def apply(self, changes: Mapping[Cell, str | Value | None], name: str) -> bool:
        """Apply ``changes`` as one undo step called ``name``; False (and a status
        message naming the cell) when a value is refused. All or nothing."""
        if self.document.read_only:
            self.notify(read_only_refusal(self.document.read_only_reason, "change"))
            return False
        try:
            typed = self.document.validate(dict(changes))
        except BadInput as exc:
            more = len(exc.problems) - 1
            first = exc.problems[0] if exc.problems else exc.summary
            suffix = f" (and {more} more)" if more > 0 else ""
            self.notify(f"Not entered: {first}{suffix}")
            return False
        before: Changes = {}
        after: Changes = {}
        plan = self.document.plan
        for cell, value in typed.items():
            old = plan.stored(*cell)
            old_text = None if old is None else stored_text(old)
            new_text = None if value is None else stored_text(value)
            if old_text != new_text:
                before[cell] = old_text
                after[cell] = new_text
        if not after:
            return True
        command = CellsCommand(self.document, before, after, name, self.notify)
        self.stack.push(command)
        return not command.failed
