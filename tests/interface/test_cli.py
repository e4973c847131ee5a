"""The command line: runs, listings, checks, and clear errors (exit 2, no traceback).

The loader's errors are covered at library level in ``test_loading.py``; here
the same bad inputs go through the command line, which must print the file,
line and field on standard error and exit with code 2.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from builders import assert_clean_error, invoke, line_of, write_yaml

BUNDLED_FILE = (
    Path(__file__).resolve().parents[2] / "src/politburo/scenario/data/scenarios/ussr-1924-v1.yaml"
)
MONTH_HEADING = re.compile(
    r"^(January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{4}$"
)
VERDICT = re.compile(r"^(No winner by .+|.+ wins, in .+)$")

# --------------------------------------------------------------------------- good input


def test_run_tells_the_story_month_by_month_and_ends_with_a_verdict() -> None:
    result = invoke("run", "ussr-1924", "--seed", "7")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    headings = [n for n, line in enumerate(lines) if MONTH_HEADING.match(line)]
    verdicts = [n for n, line in enumerate(lines) if VERDICT.match(line)]
    assert "January 1924" in lines
    assert len(verdicts) == 1, "one verdict line"
    assert headings and verdicts[0] > max(headings), "the verdict comes after the last month"


def test_run_prints_the_same_story_for_the_same_seed() -> None:
    assert (
        invoke("run", "ussr-1924", "--seed", "3").stdout
        == invoke("run", "ussr-1924", "--seed", "3").stdout
    )


def test_run_json_parses_with_winner_events_and_series() -> None:
    result = invoke("run", "ussr-1924", "--seed", "7", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"winner", "events", "series"} <= set(data)
    assert data["winner"] is None or data["winner"] in data["contenders"]
    assert data["events"] and all("kind" in e and "month" in e for e in data["events"])
    assert set(data["series"]) >= {"reputation"}


def test_run_accepts_a_trait_override_and_records_it() -> None:
    result = invoke("run", "ussr-1924", "--seed", "7", "--json", "--set", "stalin.patience=0.2")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["interventions"] == ["stalin.patience=0.2"]


def test_run_writes_the_event_log_as_parquet_one_row_per_event(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    result = invoke("run", "ussr-1924", "--seed", "7", "--json", "--events", str(out))
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)["events"]
    table = pq.read_table(out)
    assert table.num_rows == len(events)
    assert table.column("kind").to_pylist() == [e["kind"] for e in events]
    assert table.column("month").to_pylist() == [e["month"] for e in events]
    assert set(table.column("seed").to_pylist()) == {7}


def test_scenarios_lists_the_bundled_reference_scenario() -> None:
    result = invoke("scenarios")
    assert result.exit_code == 0
    assert "ussr-1924-v1" in result.stdout
    listed = json.loads(invoke("scenarios", "--json").stdout)
    assert "ussr-1924-v1" in [item["id"] for item in listed]


def test_check_passes_the_bundled_file() -> None:
    result = invoke("check", str(BUNDLED_FILE))
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout
    ok = json.loads(invoke("check", str(BUNDLED_FILE), "--json").stdout)
    assert (ok["scenario"], ok["ok"]) == ("ussr-1924-v1", True)
    assert all(set(w) == {"month", "rule", "detail"} for w in ok["warnings"])


def test_check_plays_the_run_of_the_seed_it_is_given() -> None:
    from politburo.experiments.checks import check_scenario
    from politburo.scenario.loading import load_scenario

    checked = json.loads(invoke("check", "ussr-1964", "--seed", "3", "--json").stdout)
    expected = check_scenario(load_scenario("ussr-1964"), seed=3)
    assert checked["seed"] == 3
    assert checked["warnings"] == [
        {"month": w.month, "rule": w.rule, "detail": w.detail} for w in expected
    ]


def test_schema_prints_the_json_schema_of_the_format() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "properties" in schema
    assert {"actors", "bodies", "offices", "events"} <= set(schema["properties"])


# --------------------------------------------------------------------------- bad input


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a temporary folder, so that file names in messages are short."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _bad(base: dict[str, Any], change: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    change(data)
    return data


def _misspell_trait(d: dict[str, Any]) -> None:
    d["actors"][1]["traits"]["patienc"] = d["actors"][1]["traits"].pop("patience")


def _wrong_type(d: dict[str, Any]) -> None:
    d["bodies"][1]["size"] = "many"


def _unknown_holder(d: dict[str, Any]) -> None:
    d["offices"][0]["holder"] = "nobody"


def _self_electing(d: dict[str, Any]) -> None:
    d["bodies"][0]["elected_by"] = "politburo"


def _outside_calendar(d: dict[str, Any]) -> None:
    d["events"][1]["month"] = "1930-01"


BAD_FILES = {
    "misspelt field": (_misspell_trait, "patienc:", "actors[1].traits.patienc", "patience"),
    "wrong type": (_wrong_type, "size: many", "bodies[1].size", "whole number"),
    "unknown actor in an office": (
        _unknown_holder, "holder: nobody", "offices[0].holder", "unknown actor"
    ),
    "body that elects itself": (
        _self_electing, "elected_by: politburo", "bodies[0].elected_by", "elect itself"
    ),
    "event outside the calendar": (
        _outside_calendar, "1930-01", "events[1].month", "outside the calendar"
    ),
}  # fmt: skip


@pytest.mark.parametrize("command", ["check", "run"])
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_scenario_file_gives_file_line_and_field_and_exit_2(
    in_tmp: Path, minimal_scenario_dict: dict[str, Any], case: str, command: str
) -> None:
    change, needle, field, words = BAD_FILES[case]
    text = write_yaml(in_tmp / "bad.yaml", _bad(minimal_scenario_dict, change))
    result = invoke(command, "bad.yaml")
    assert_clean_error(result, f"bad.yaml:{line_of(text, needle)}:", field, words)


def test_an_override_of_a_trait_that_does_not_exist_exits_2() -> None:
    result = invoke("run", "ussr-1924", "--set", "stalin.patienc=0.2")
    assert_clean_error(result, "--set", "stalin.patienc", "patience")


def test_an_override_of_an_unknown_actor_exits_2() -> None:
    result = invoke("run", "ussr-1924", "--set", "nobody.patience=0.2")
    assert_clean_error(result, "--set", "nobody.patience")


def test_an_override_out_of_range_exits_2() -> None:
    result = invoke("run", "ussr-1924", "--set", "stalin.patience=2")
    assert_clean_error(result, "--set", "stalin.patience")


def test_yaml_that_does_not_parse_gives_file_and_line_and_exit_2(in_tmp: Path) -> None:
    (in_tmp / "broken.yaml").write_text("id: tiny-v1\ntitle: [unclosed\nactors: {\n")
    for command in ("check", "run"):
        result = invoke(command, "broken.yaml")
        assert_clean_error(result, "broken.yaml:", "YAML syntax error")
        assert re.search(r"broken\.yaml:[23]:", result.stderr), "the line of the fault"


def test_a_missing_file_is_named_and_exits_2(in_tmp: Path) -> None:
    for command in ("check", "run"):
        assert_clean_error(invoke(command, "missing.yaml"), "missing.yaml", "not found")


def test_an_unknown_bundled_id_is_named_and_exits_2() -> None:
    assert_clean_error(invoke("run", "ussr-1942"), "ussr-1942")


# --------------------------------------------------------------------------- a real process


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _politburo(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "politburo", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_environment(),
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_python_m_politburo_runs_without_a_traceback() -> None:
    done = _politburo("run", "ussr-1924", "--seed", "7")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "January 1924" in done.stdout


def test_python_m_politburo_reports_bad_input_without_a_traceback(tmp_path: Path) -> None:
    done = _politburo("check", "missing.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "missing.yaml" in done.stderr and done.stdout == ""


def test_an_error_names_a_long_file_path_unbroken_when_stderr_is_a_pipe(
    tmp_path: Path, minimal_scenario_dict: dict[str, Any]
) -> None:
    folder = tmp_path / ("a_folder_with_a_rather_long_name_" * 2)
    folder.mkdir()
    path = folder / "scenario_with_a_long_name.yaml"
    write_yaml(path, _bad(minimal_scenario_dict, _unknown_holder))
    assert len(str(path)) > 80
    done = _politburo("check", str(path))
    assert done.returncode == 2
    assert str(path) in done.stderr
