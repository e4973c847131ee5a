"""``politburo validate``: JSON and the Markdown report, and clean errors (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from builders import assert_clean_error, copy_of, flat, invoke, write_yaml
from politburo.analysis.record import COLUMNS

BASELINE_NAMES = {"top_office", "top_body_supporters", "most_reputed", "random_meeting"}


def test_json_has_the_model_the_record_and_the_four_baselines() -> None:
    result = invoke("validate", "ussr-1924", "--runs", "5", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"scenario", "record", "runs", "model", "baselines"} <= set(data)
    assert data["scenario"] == "ussr-1924-v1"
    assert data["record"] == "ussr-1922-1930"  # the scenario's own record
    assert data["runs"] == 5
    assert data["since"] is None
    assert data["record_winner"] == {"winner": "stalin", "month": "1929-11"}
    assert set(data["baselines"]) == BASELINE_NAMES
    assert sum(w["share"] for w in data["model"]["winners"].values()) == pytest.approx(1.0)
    (vote,) = data["model"]["congress_votes"]
    assert vote["month"] == "1925-12"
    assert vote["record_share_for"] == pytest.approx(559 / 624)


def test_report_writes_markdown_with_the_formula_targets_and_baselines(tmp_path: Path) -> None:
    path = tmp_path / "out" / "validation.md"
    missing = invoke("validate", "ussr-1924", "--runs", "5", "--report", str(path))
    assert missing.exit_code == 2  # no folder is created on the user's behalf, before any run
    assert f"the folder {path.parent} does not exist" in missing.stderr
    path.parent.mkdir()
    result = invoke("validate", "ussr-1924", "--runs", "5", "--report", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Validation of `ussr-1924-v1` against the record `ussr-1922-1930`")
    assert "Fidelity F = (W + E + O + N + V) / 5" in text
    assert "## Targets" in text
    assert "| target | measured | met |" in text
    assert "the record's winner wins in 60-95% of runs" in text
    assert "## Model and naive baselines" in text
    for name in BASELINE_NAMES:
        assert f"| {name}: " in text
    assert "validate ussr-1924 --runs 5 --report" in text  # the command that made it
    assert "report written to" in flat(result.stderr)


def test_from_a_month_is_accepted_and_recorded_as_since() -> None:
    result = invoke("validate", "ussr-1924", "--runs", "2", "--from", "1927-01", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["since"] == "1927-01"
    months = [e["record_month"] for e in data["model"]["events"]]
    assert months and min(months) >= "1927-01"
    assert data["model"]["congress_votes"] == []


def test_a_month_that_does_not_exist_exits_2() -> None:
    result = invoke("validate", "ussr-1924", "--runs", "2", "--from", "1927-13")
    assert_clean_error(result, "--from", "1927-13", "YYYY-MM")


def test_a_record_with_an_unknown_kind_exits_2_naming_the_file_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.csv").write_text(
        ",".join(COLUMNS)
        + "\n1924-01-21,leader_died,Lenin,,,,Lenin dies,somewhere,yes"
        + "\n1925-01,purged,Trotsky,,,,a kind the record format lacks,somewhere,yes\n",
        encoding="utf-8",
    )
    result = invoke("validate", "ussr-1924", "--runs", "2", "--record", "bad.csv")
    assert_clean_error(result, "bad.csv:3:", "kind", "unknown kind 'purged'")


def test_a_scenario_without_a_record_needs_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, minimal_scenario_dict: dict[str, Any]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_yaml(Path("tiny.yaml"), copy_of(minimal_scenario_dict))  # no `record:`
    result = invoke("validate", "tiny.yaml", "--runs", "2")
    assert_clean_error(result, "tiny.yaml", "names no record", "--record")


def test_a_scenario_without_a_record_validates_against_one_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, minimal_scenario_dict: dict[str, Any]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_yaml(Path("tiny.yaml"), copy_of(minimal_scenario_dict))
    Path("tiny.csv").write_text(
        ",".join(COLUMNS)
        + "\n1925-12,congress_vote,Alpha,Beta,Congress,for=400;against=100,,here,yes"
        + "\n1926-01,politburo_removed,Beta,,Central Committee,,,here,yes\n",
        encoding="utf-8",
    )
    result = invoke("validate", "tiny.yaml", "--runs", "2", "--record", "tiny.csv", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["record"] == "tiny.csv"
    assert data["record_winner"] == {"winner": "alpha", "month": "1926-01"}
    assert [(e["kind"], e["actor"], e["record_month"]) for e in data["model"]["events"]] == [
        ("top_removed", "beta", "1926-01")
    ]
    (vote,) = data["model"]["congress_votes"]
    assert vote["record_share_for"] == pytest.approx(0.8)  # 400 / (400 + 100)


def test_a_month_outside_the_calendar_is_a_clear_error() -> None:
    result = invoke("validate", "ussr-1924", "--runs", "1", "--from", "1931-01")
    assert result.exit_code == 2
    assert "outside the calendar" in result.output
    assert "Traceback" not in result.output
