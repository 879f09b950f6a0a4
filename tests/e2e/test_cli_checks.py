"""check, comment and stage from the command line."""

import json
from pathlib import Path

import pytest

from desktop.core.samples import build_sample, sample
from tests.e2e.test_cli import opplan

KEYS = ["rule", "severity", "template", "line", "period", "message", "commentary"]


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    return build_sample(sample("provider"), tmp_path / "trust.opplan")


def test_check_on_the_sample_exits_0_with_warnings(trust: Path) -> None:
    result = opplan("check", trust)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "0 error(s)" in out
    assert "FIN Provider finance" in out and "WARNING F07" in out


def test_check_json_has_exactly_the_documented_keys(trust: Path) -> None:
    result = opplan("check", trust, "--json")
    assert result.returncode == 0
    findings = json.loads(result.stdout)
    assert findings and all(list(f) == KEYS for f in findings)
    assert {f["severity"] for f in findings} <= {"error", "warning", "info"}


def test_an_error_makes_check_exit_1_and_is_listed_first(trust: Path, tmp_path: Path) -> None:
    csv = tmp_path / "agency.csv"
    csv.write_text("line,period,value\nFIN.PAY.03,M01,50000\n", encoding="utf-8")
    assert opplan("load", trust, csv).returncode == 0
    result = opplan("check", trust, "--json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert findings[0]["severity"] == "error"
    f03 = next(f for f in findings if f["rule"] == "F03")
    assert f03["line"] == "FIN.PAY.03" and f03["period"] == "Y1"
    assert "exceeds the agency ceiling" in f03["message"]
    human = opplan("check", trust)
    assert human.returncode == 1
    assert human.stdout.index("ERROR") < human.stdout.index("WARNING")


def test_check_exits_2_when_the_plan_cannot_be_read(tmp_path: Path) -> None:
    bad = tmp_path / "x.opplan"
    bad.write_text("nope")
    result = opplan("check", bad)
    assert result.returncode == 2 and "not an OpPlan Desk plan" in result.stderr


def test_comment_then_check_shows_it_and_stage_final(trust: Path) -> None:
    findings = json.loads(opplan("check", trust, "--json").stdout)
    warnings = [f for f in findings if f["severity"] == "warning"]
    refused = opplan("stage", trust, "final")
    assert refused.returncode == 0, refused.stderr  # warnings do not block Final
    after = json.loads(opplan("check", trust, "--json").stdout)
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
        done = opplan(*args)
        assert done.returncode == 0, done.stderr
    final = json.loads(opplan("check", trust, "--json").stdout)
    assert {f["rule"] for f in final if f["severity"] == "error"} == {"G05"}
    assert all(
        f["commentary"] == f"Explained {f['rule']}" for f in final if f["severity"] == "warning"
    )
    assert opplan("stage", trust, "draft").stdout.strip().endswith("stage is Draft 2")


def test_comment_on_a_missing_finding_exits_2(trust: Path) -> None:
    result = opplan("comment", trust, "--rule", "F03", "--line", "FIN.PAY.03", "--text", "x")
    assert result.returncode == 2 and "no finding F03" in result.stderr


def test_stage_final_is_refused_with_the_errors(trust: Path, tmp_path: Path) -> None:
    csv = tmp_path / "agency.csv"
    csv.write_text("line,period,value\nFIN.PAY.03,M01,50000\n", encoding="utf-8")
    opplan("load", trust, csv)
    result = opplan("stage", trust, "final")
    assert result.returncode == 2
    assert "cannot be set to Final" in result.stderr and "F03" in result.stderr
