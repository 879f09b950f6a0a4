"""A process killed in the middle of a large load leaves a sound file: all of it or none."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.core.exchange import csvio
from desktop.core.session import PlanSession
from desktop.core.units import stored_text
from tests.helpers import catalogue, complete_values, new_document, subprocess_env, write_csv

CHILD = textwrap.dedent("""
    import sqlite3, sys, time
    real_connect = sqlite3.connect

    def slow_connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.execute("PRAGMA cache_size=8")  # spill pages to the file mid-transaction
        state = {"rows": 0}

        def trace(statement):
            if statement.startswith("INSERT INTO audit"):
                state["rows"] += 1
                if state["rows"] == 1:
                    print("MIDDLE", flush=True)
                    time.sleep(60)
        conn.set_trace_callback(trace)
        return conn

    sqlite3.connect = slow_connect
    from desktop.core.operations import LoadCsv
    from desktop.core.session import PlanSession
    with PlanSession.open(sys.argv[1]) as doc:
        doc.run(LoadCsv(sys.argv[2]))
    print("DONE", flush=True)
""")


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_sigkill_in_the_middle_of_a_large_load(tmp_path: Path) -> None:
    cat = catalogue("provider", "2017-19")
    rows = [(c, p, stored_text(v)) for (c, p), v in complete_values(cat).items()]
    source = write_csv(tmp_path / "big.csv", rows)
    plan = tmp_path / "plan.opplan"
    new_document(plan, "provider", "2017-19").close()
    with PlanSession.open(plan, read_only=True) as doc:
        before = csvio.dump_rows(doc.snapshot())
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(plan), str(source)],
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "MIDDLE"
    assert Path(str(plan) + "-journal").exists()  # the transaction is under way
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()

    conn = sqlite3.connect(plan)  # rolls the hot journal back
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    with PlanSession.open(plan) as doc:  # the dead process's lock is taken over
        after = csvio.dump_rows(doc.snapshot())
    assert after == before  # none of the load
    assert len(rows) > 2000
