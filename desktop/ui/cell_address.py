"""Reading a cell's address as a user types it in the Go to box (Ctrl+G, F5).

"<line code> Oct-19": a line (its code, or its label, in any case) then a period
(its label, such as Oct-19 or 2019/20, or its code). Either part alone is fine: a
line alone keeps the current column, a period alone the current line. What is not
understood is said plainly. Plain Python: no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.catalogue import Catalogue, Line

MAX_PERIOD_WORDS = 3  # a baseline's label (the outturn of a year) has two
SHOWN_CHOICES = 3


class AddressError(ValueError):
    """Text that is not a cell address; the message says which part was not understood."""


@dataclass(frozen=True)
class Address:
    line: str | None  # None: the current line
    period: str | None  # None: the current column


def _words(text: str) -> list[str]:
    return text.split()


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class AddressReader:
    """Reads addresses against one plan's catalogue."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        round_ = catalogue.round
        self._periods: dict[str, str] = {}
        for code, period in round_.periods.items():
            self._periods[_key(code)] = code
            self._periods[_key(period.label)] = code
        self._lines: dict[str, Line] = {}
        for line in catalogue.lines.values():
            self._lines.setdefault(_key(line.code), line)
            self._lines.setdefault(_key(line.label), line)

    def example(self) -> str:
        """An address of this plan to show in a hint: its first line and first month."""
        round_ = self.catalogue.round
        first_line = next(iter(self.catalogue.lines.values()), None)
        month = round_.label(round_.months[0]) if round_.months else ""
        return " ".join(part for part in (first_line.code if first_line else "", month) if part)

    def period(self, text: str) -> str | None:
        return self._periods.get(_key(text))

    def read(self, text: str) -> Address:
        """The address in ``text``; AddressError says what was not understood."""
        words = _words(text)
        if not words:
            raise AddressError(f"Type a line and a period, for example {self.example()}")
        whole = self._lines.get(_key(text))
        if whole is not None:
            return Address(whole.code, None)
        for count in range(min(MAX_PERIOD_WORDS, len(words)), 0, -1):
            period = self.period(" ".join(words[-count:]))
            if period is None:
                continue
            head = " ".join(words[:-count])
            if not head:
                return Address(None, period)
            return Address(self.line(head).code, period)
        try:
            return Address(self.line(text).code, None)
        except AddressError:
            if len(words) > 1 and self._find_line(" ".join(words[:-1])) is not None:
                raise AddressError(
                    f"'{words[-1]}' is not a period of {self.catalogue.round.name}: use a "
                    f"label such as {self._month_example()}"
                ) from None
            raise

    def line(self, text: str) -> Line:
        """The line named by ``text``: its code or label, or a part of one label only."""
        matches = self._candidates(text)
        if len(matches) == 1:
            return matches[0]
        typed = " ".join(text.split())
        if not matches:
            raise AddressError(f"'{typed}' is not a line code or label of this plan")
        shown = ", ".join(f"{m.code} {m.label}" for m in matches[:SHOWN_CHOICES])
        more = f" and {len(matches) - SHOWN_CHOICES} more" if len(matches) > SHOWN_CHOICES else ""
        raise AddressError(
            f"'{typed}' matches {len(matches)} lines ({shown}{more}): "
            "type the code or more of the label"
        )

    def _candidates(self, text: str) -> list[Line]:
        exact = self._lines.get(_key(text))
        if exact is not None:
            return [exact]
        wanted = _key(text)
        return [
            line
            for line in self.catalogue.lines.values()
            if wanted in line.label.casefold() or wanted in line.code.casefold()
        ]

    def _find_line(self, text: str) -> Line | None:
        matches = self._candidates(text)
        return matches[0] if len(matches) == 1 else None

    def _month_example(self) -> str:
        round_ = self.catalogue.round
        if not round_.months:
            return ", ".join(p.label for p in round_.periods.values())
        first = round_.months[0]
        return f"{round_.label(first)} (or its code {first})"
