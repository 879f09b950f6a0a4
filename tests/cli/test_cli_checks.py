"""check, comment and stage from the command line."""

import json
from pathlib import Path

from tests.helpers import run_cli

KEYS = ["rule", "severity", "template", "line", "period", "message", "commentary"]


def test_check_on_the_sample_exits_0_with_warnings(trust: Path) -> None:
    result = run_cli("check", trust)
    assert result.code == 0, result.out + result.err
    out = result.out
    assert "0 error(s)" in out
    assert "FIN Provider finance" in out and "WARNING F07" in out


def test_check_json_has_exactly_the_documented_keys(trust: Path) -> None:
    result = run_cli("check", trust, "--json")
    assert result.code == 0
    findings = json.loads(result.out)
    assert findings and all(list(f) == KEYS for f in findings)
    assert {f["severity"] for f in findings} <= {"error", "warning", "info"}


def test_an_error_makes_check_exit_1_and_is_listed_first(trust: Path, tmp_path: Path) -> None:
    csv = tmp_path / "agency.csv"
    csv.write_text("line,period,value\nFIN.PAY.03,M01,50000\n", encoding="utf-8")
    assert run_cli("load", trust, csv).code == 0
    result = run_cli("check", trust, "--json")
    assert result.code == 1
    findings = json.loads(result.out)
    assert findings[0]["severity"] == "error"
    f03 = next(f for f in findings if f["rule"] == "F03")
    assert f03["line"] == "FIN.PAY.03" and f03["period"] == "Y1"
    assert "exceeds the agency ceiling" in f03["message"]
    human = run_cli("check", trust)
    assert human.code == 1
    assert human.out.index("ERROR") < human.out.index("WARNING")


def test_check_exits_2_when_the_plan_cannot_be_read(tmp_path: Path) -> None:
    bad = tmp_path / "x.opplan"
    bad.write_text("nope")
    result = run_cli("check", bad)
    assert result.code == 2 and "not an OpPlan Desk plan" in result.err


def test_comment_then_check_shows_it_and_stage_final(trust: Path) -> None:
    findings = json.loads(run_cli("check", trust, "--json").out)
    warnings = [f for f in findings if f["severity"] == "warning"]
    refused = run_cli("stage", trust, "final")
    assert refused.code == 0, refused.err  # warnings do not block Final
    after = json.loads(run_cli("check", trust, "--json").out)
    assert {f["rule"] for f in after if f["severity"] == "error"} == {"G05", "G06"}
    for w in warnings:
        args = [
            "comment",
            trust,
            "--rule",
            w["rule"],
            "--line",
            w["line"],
            "--text",
            f"Explained {w['rule']}",
        ]
        if w["period"]:
            args += ["--period", w["period"]]
        done = run_cli(*args)
        assert done.code == 0, done.err
    final = json.loads(run_cli("check", trust, "--json").out)
    assert {f["rule"] for f in final if f["severity"] == "error"} == {"G05"}
    assert all(
        f["commentary"] == f"Explained {f['rule']}" for f in final if f["severity"] == "warning"
    )
    assert run_cli("stage", trust, "draft").out.strip().endswith("stage is Draft 2")


def test_comment_on_a_missing_finding_exits_2(trust: Path) -> None:
    result = run_cli("comment", trust, "--rule", "F03", "--line", "FIN.PAY.03", "--text", "x")
    assert result.code == 2 and "no finding F03" in result.err


def test_stage_final_is_refused_with_the_errors(trust: Path, tmp_path: Path) -> None:
    csv = tmp_path / "agency.csv"
    csv.write_text("line,period,value\nFIN.PAY.03,M01,50000\n", encoding="utf-8")
    run_cli("load", trust, csv)
    result = run_cli("stage", trust, "final")
    assert result.code == 2
    assert "cannot be set to Final" in result.err and "F03" in result.err
