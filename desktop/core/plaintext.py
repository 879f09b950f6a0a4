"""Free text from people, made safe: no control characters in, none out to a terminal.

Commentary, names and approval details are typed, pasted or read from files. A
control character in them (an escape sequence, a carriage return, a bidirectional
override) can rewrite what a terminal shows, split a line in the audit trail or an
email header, or hide text. They are stripped on the way in (line breaks and tabs
are kept where the text may have several lines) and again on the way out to a
terminal, for files written by older versions.
"""

from __future__ import annotations

import re

#: C0 and C1 controls but tab and line feed, DEL, and the bidirectional overrides.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str, *, multiline: bool = True) -> str:
    """``text`` without control characters; CR LF and CR become LF (or, in one-line
    text, every line break and tab a space). Leading and trailing spaces are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROLS.sub("", text)


def clean_line(text: str) -> str:
    """One line of text (a name, a role, a minute reference), trimmed."""
    return clean_text(text, multiline=False).strip()


def first_control(text: str) -> int | None:
    """The position of the first control character or line break in ``text``, if any."""
    for position, char in enumerate(text):
        if char in "\r\n\t" or _CONTROLS.match(char):
            return position
    return None


def terminal_safe(text: str) -> str:
    """Text for a terminal: no escape sequence or other control character gets through."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
