"""Every ``--json`` prints JSON that any parser reads: no NaN or Infinity, a reason for a null.

Finding 4 of issue 13 (its output half): bare ``NaN`` came out of ``--json``
and ``query --json``, which strict JSON parsers refuse.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from politburo.experiments.configuration import Configuration
from politburo.experiments.queries import query
from politburo.experiments.runner import run_ensemble
from politburo.interface.cli.app import app
from politburo.interface.jsontext import finite, finite_json_text, json_text
from politburo.model.result import RunResult

runner = CliRunner()


def strict(text: str) -> Any:
    """``text`` read as JSON, refusing the NaN and Infinity that Python's reader lets through."""

    def refuse(word: str) -> None:
        raise AssertionError(f"{word} in JSON output")

    return json.loads(text, parse_constant=refuse)


def nulls_with_reasons(data: Any) -> int:
    """How many null figures carry a reason in their object's ``missing`` (each one must)."""
    found = 0
    if isinstance(data, dict):
        for key, value in data.items():
            if value is None and key in data.get("missing", {}):
                found += 1
            found += nulls_with_reasons(value)
    elif isinstance(data, list):
        found += sum(nulls_with_reasons(value) for value in data)
    return found


def test_figures_that_are_not_finite_become_null_with_the_reason_given() -> None:
    data = {"a": 1.5, "b": math.nan, "c": [math.inf, {"d": -math.inf}], "e": "NaN"}
    assert finite(data) == {"a": 1.5, "b": None, "c": [None, {"d": None}], "e": "NaN"}
    explained = finite(data, {"b": "no runs"})
    assert explained["missing"] == {"b": "no runs"}
    assert explained["c"][1]["missing"] == {"d": "no figure: not a finite number"}
    assert strict(json_text(data, reasons={"b": "no runs"})) == explained


def test_json_made_elsewhere_is_unchanged_unless_it_holds_nan() -> None:
    clean = '{"b":1,"a":[2.5,"x"]}'
    assert finite_json_text(clean) is clean
    assert strict(finite_json_text('{"b":NaN,"a":[Infinity,-Infinity,1]}')) == {
        "a": [None, None, 1],
        "b": None,
    }


def test_query_json_prints_nan_and_infinity_as_null(tmp_path: Path) -> None:
    run_ensemble(Configuration.of("ussr-1924"), runs=1, out_dir=tmp_path, workers=1)
    sql = "SELECT 'nan'::DOUBLE AS a, 'inf'::DOUBLE AS b, '-inf'::DOUBLE AS c, 1.5::DOUBLE AS d"
    result = runner.invoke(app, ["query", str(tmp_path), sql, "--json"])
    assert result.exit_code == 0, result.output
    assert strict(result.stdout) == [{"a": None, "b": None, "c": None, "d": 1.5}]


def test_query_json_stays_json_when_the_query_takes_seconds(tmp_path: Path) -> None:
    """DuckDB drew its progress bar on standard output after two seconds, into the JSON."""
    run_ensemble(Configuration.of("ussr-1924"), runs=1, out_dir=tmp_path, workers=1)
    slow = "SELECT max(hash(i)) AS m FROM range(600000000) t(i)"  # seconds, reading no file
    done = subprocess.run(
        [sys.executable, "-m", "politburo", "query", str(tmp_path), slow, "--json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert list(strict(done.stdout)[0]) == ["m"]
    [row] = query(tmp_path, "SELECT current_setting('enable_progress_bar') AS bar").to_pylist()
    assert row["bar"] is False


def test_validate_json_is_strict_json_and_every_null_says_why() -> None:
    result = runner.invoke(app, ["validate", "ussr-1924", "--runs", "3", "--json"])
    assert result.exit_code == 0, result.output
    data = strict(result.stdout)
    assert nulls_with_reasons(data) > 0
    baseline = next(iter(data["baselines"].values()))
    assert baseline["fidelity"]["low"] is None
    assert baseline["fidelity"]["missing"]["low"].startswith("no interval")


def test_run_json_never_prints_nan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RunResult, "to_json", lambda self: '{"winner":null,"x":NaN}')
    result = runner.invoke(app, ["run", "ussr-1924", "--json"])
    assert result.exit_code == 0, result.output
    assert strict(result.stdout) == {"winner": None, "x": None}
