"""Evidence that templates, rounds and checks are data: no line code, rule ID, template id
or period code is written in the review and exchange code or anywhere in the window.

The words looked for come from the data itself (every line, template and period of every
round, every rule ID), so a code added to the catalogue is looked for too. Data loading
(``desktop/core/catalogue``) and the rules (``desktop/core/checks``) are where such codes
belong; nothing else is exempt.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.catalogue import available_rounds, load_round
from desktop.core.checks import load_rules

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("desktop/core/review", "desktop/core/exchange", "desktop/ui")
#: Allowed exceptions, as "path:word". None.
ALLOWED: frozenset[str] = frozenset()


def codes() -> set[str]:
    found = set(load_rules())
    for round_id in available_rounds():
        round_ = load_round(round_id)
        found |= set(round_.periods) | set(round_.templates)
        for template in round_.templates.values():
            found |= {line.code for line in template.lines()}
    return found


def code_pattern() -> re.Pattern[str]:
    """A code of the data as a whole word (a line code followed by a letter is another)."""
    words = sorted(codes(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, words)) + r")(?!\w)")


def files() -> list[Path]:
    return [p for folder in FOLDERS for p in sorted((ROOT / folder).rglob("*.py"))]


def test_the_vocabulary_is_the_datas() -> None:
    words = codes()
    assert {"FIN.CT.EXSF", "E.M.7", "F09", "G05", "CFIN", "WF", "FOT", "BASE", "Y1", "M24"} <= words


def test_no_code_of_the_data_is_written_in_review_or_exchange_code() -> None:
    pattern = code_pattern()
    found = []
    for path in files():
        relative = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in pattern.finditer(line):
                if f"{relative}:{match.group(1)}" not in ALLOWED:
                    found.append(f"{relative}:{number}: {match.group(1)}: {line.strip()}")
    assert not found, "codes written in code:\n" + "\n".join(found)


def test_the_scan_finds_a_code_written_in_code() -> None:
    """The scan is not blind: it finds what it is looking for."""
    pattern = code_pattern()
    sample = 'x = plan.number("FIN.PAY.03", "Y1") if f.rule != "G05" else fot  # E.M.7.'
    assert [m.group(1) for m in pattern.finditer(sample)] == ["FIN.PAY.03", "Y1", "G05", "E.M.7"]
