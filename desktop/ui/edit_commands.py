"""Undoable edits: every change a user makes to the figures is one named QUndoCommand.

A command runs one operation on the plan (``desktop.core.operations``: typed values,
a paste, a fill, a workbook import...), the same operation the command line runs,
and is named as it is. Each step, and each undo and redo of it, is saved to the plan
file the moment it runs: there is no Save.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.changes import PlanChanges
from ..core.errors import BadInput, UserError
from ..core.operations import ImportWorkbook, LoadCsv, SetCells
from ..core.plan import Cell
from ..core.session import PlanSession
from ..core.units import Value, stored_text

Texts = dict[Cell, str | None]
Notify = Callable[[str], None]
#: The operations on the figures that are undone and redone cell by cell.
CellOperation = SetCells | ImportWorkbook | LoadCsv


class OperationCommand(QUndoCommand):
    """One operation on the figures as one undo step, named ``text``.

    The first redo runs the operation; undo then puts the cells it changed back
    exactly as they were stored, and a later redo puts its values back again. A
    refusal or a failure to save (disk full, the file gone read-only) is kept in
    ``error``, told through ``notify``, and the step is dropped from the stack.
    """

    def __init__(self, session: PlanSession, operation: CellOperation, text: str, notify: Notify):
        super().__init__(text)
        self.session = session
        self.operation = operation
        self.notify = notify
        self.changes: PlanChanges | None = None
        self.error: UserError | None = None
        self.before: Texts = {}
        self.after: Texts = {}

    @property
    def failed(self) -> bool:
        return self.error is not None

    def redo(self) -> None:
        if self.changes is None:
            changes = self._run(self.operation)
            if changes is None:
                return
            self.changes = changes
            self.before = {(c.line, c.period): c.old for c in changes.cells}
            self.after = {(c.line, c.period): c.new for c in changes.cells}
            if not changes.cells:
                self.setObsolete(True)  # nothing changed: nothing to undo
            return
        self._run(SetCells(self.after, _capital(self.text()), exact=True))

    def undo(self) -> None:
        self._run(SetCells(self.before, f"Undo {self.text()}", exact=True))

    def _run(self, operation: CellOperation) -> PlanChanges | None:
        try:
            return self.session.run(operation)
        except UserError as exc:  # refused, disk full, file gone read-only...: say so
            self.error = exc
            self.setObsolete(True)  # the stack drops a step that did not happen
            if not isinstance(exc, BadInput):  # a refusal is shown by whoever asked
                self.notify(f"Not saved: {exc}")
            return None


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

    def __init__(self, session: PlanSession, stack: QUndoStack, notify: Notify):
        self.session = session
        self.stack = stack
        self.notify = notify

    def apply(self, changes: Mapping[Cell, str | Value | None], name: str) -> bool:
        """Apply ``changes`` as one undo step called ``name``; False (and a status
        message naming the cell) when a value is refused. All or nothing."""
        if self.session.read_only:
            self.notify(read_only_refusal(self.session.read_only_reason, "change"))
            return False
        try:
            typed = self.session.validate(dict(changes))
        except BadInput as exc:
            more = len(exc.problems) - 1
            first = exc.problems[0] if exc.problems else exc.summary
            suffix = f" (and {more} more)" if more > 0 else ""
            self.notify(f"Not entered: {first}{suffix}")
            return False
        plan = self.session.plan
        different = {
            cell: value
            for cell, value in typed.items()
            if _text(plan.stored(*cell)) != _text(value)
        }
        if not different:
            return True
        command = self.push(SetCells(different, _capital(name)), name)
        return not command.failed

    def push(self, operation: CellOperation, name: str) -> OperationCommand:
        """Run ``operation`` as the undo step ``name`` (its ``error`` says why it failed)."""
        command = OperationCommand(self.session, operation, name, self.notify)
        self.stack.push(command)
        return command


def _text(value: Value | None) -> str | None:
    return None if value is None else stored_text(value)
