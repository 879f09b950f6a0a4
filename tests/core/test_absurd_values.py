"""A file changed outside the app can hold absurd figures: they are named, never a crash."""

import sqlite3
from pathlib import Path

from desktop.core.exchange.csvio import dump_csv_text
from desktop.core.samples import build_sample, sample
from desktop.core.session import PlanSession
from desktop.core.units import format_value


def test_a_huge_stored_value_is_reported_by_g02_and_shown(tmp_path: Path) -> None:
    path = build_sample(sample("provider"), tmp_path / "trust.opplan")
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE cell SET value = ? WHERE line = 'FIN.PAY.03' AND period = 'M01'", ("9" * 40,)
    )
    conn.commit()
    conn.close()
    with PlanSession.open(path) as doc:
        g02 = [f for f in doc.findings() if f.rule == "G02"]
        assert len(g02) == 1 and "beyond" in g02[0].message
        assert len(g02[0].message) < 300
        shown = format_value(doc.plan.value("FIN.PAY.03", "Y1"), "gbp000")
        assert "E+" in shown
        assert dump_csv_text(doc.snapshot()).count("9" * 40) == 1  # kept exactly as stored
