"""Several cases on the command line: ``calibrate --cases/--leave-out``, ``validate --cases``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from builders import assert_clean_error, flat, invoke
from politburo.scenario.loading import (
    bundled_cases,
    leave_out_params,
    load_params,
    params_provenance,
)

BASELINE_NAMES = {"top_office", "top_body_supporters", "most_reputed", "random_meeting"}
TINY_FIT = ("--trials", "2", "--runs", "2", "--test-runs", "2", "--fit", "attack_rate")


def test_a_leave_out_fit_lists_the_cases_it_fitted_and_the_one_it_left_out(
    tmp_path: Path,
) -> None:
    out = tmp_path / "leave-out.yaml"
    result = invoke("calibrate", "--leave-out", "ussr-1924", *TINY_FIT, "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["left_out"] == "ussr-1924"
    fitted = [case["case"] for case in data["cases"]]
    assert sorted(fitted) == sorted(set(bundled_cases()) - {"ussr-1924"})
    for case in data["cases"]:
        assert set(case["other_seeds"]) == {"before", "after"}
    load_params(out)
    heading = " ".join(params_provenance(out))
    assert "poland-1956 (record poland-1956-1959), ussr-1964 (record ussr-1964-1977)" in heading
    assert "Left out: ussr-1924" in heading
    assert "politburo calibrate --leave-out ussr-1924 --trials 2" in heading
    assert "Seed: 0;" in heading


def test_a_fit_to_listed_cases_writes_each_case_in_the_header(tmp_path: Path) -> None:
    out = tmp_path / "two.yaml"
    cases = "poland-1956,ussr-1964-v1"
    result = invoke("calibrate", "--cases", cases, *TINY_FIT, "--seed", "4", "--out", str(out))
    assert result.exit_code == 0, result.output
    heading = " ".join(params_provenance(out))
    assert "fitted by calibration to 2 cases: poland-1956" in heading
    assert f"politburo calibrate --cases {cases} --trials 2" in heading
    assert "Seed: 4;" in heading
    assert "Left out" not in heading


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ((), ["give one of SCENARIO", "--cases or --leave-out"]),
        (("ussr-1924", "--cases", "all"), ["got SCENARIO and --cases"]),
        (("--cases", "all", "--leave-out", "ussr-1924"), ["got --cases and --leave-out"]),
        (("--cases", "all", "--until", "1926-12"), ["--until", "a fit to one case"]),
        (("--leave-out", "ussr-1924", "--record", "x.csv"), ["--record", "a fit to one case"]),
        (("--cases", "ussr-1924,poland"), ["poland: no such bundled case", "poland-1956"]),
        (("--leave-out", "ussr-1925"), ["ussr-1925", "did you mean 'ussr-1924'"]),
        (("--cases", "ussr-1924,ussr-1924-v1"), ["case named twice"]),
    ],
)
def test_the_cases_to_fit_are_named_once_and_clearly(
    arguments: tuple[str, ...], expected: list[str]
) -> None:
    assert_clean_error(invoke("calibrate", *arguments, "--trials", "1"), *expected)


def leave_out_files(folder: Path, cases: list[str]) -> dict[str, Path]:
    """A leave-out parameter file for each of ``cases`` in ``folder`` (the shipped defaults)."""
    defaults = leave_out_params("any").with_name("default.yaml").read_text(encoding="utf-8")
    files = {case: leave_out_params(case, folder) for case in cases}
    for path in files.values():
        path.write_text(defaults, encoding="utf-8")
    return files


def test_leave_one_out_scores_each_case_with_its_own_file_beside_the_baselines(
    tmp_path: Path,
) -> None:
    files = leave_out_files(tmp_path, bundled_cases())
    arguments = ("--cases", "all", "--leave-one-out", "--params-dir", str(tmp_path))
    result = invoke("validate", *arguments, "--runs", "2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["leave_one_out"] is True
    assert data["runs"] == 2
    assert [row["case"] for row in data["cases"]] == bundled_cases()
    for row in data["cases"]:
        assert row["params"] == str(files[row["case"]])
        assert set(row["baselines"]) == BASELINE_NAMES
        model = row["model"]
        assert model["most_common"]
        assert 0.0 < model["most_common_share"] <= 1.0
        above = all(model["fidelity"] > b["fidelity"] for b in row["baselines"].values())
        assert row["model_above_every_baseline"] is above
        same = model["most_common"] == [row["record_winner"]]
        assert row["record_winner_most_common"] is same
    by_case = {row["case"]: row for row in data["cases"]}
    assert by_case["ussr-1924"]["record_winner"] == "stalin"


def test_leave_one_out_prints_a_row_per_case(tmp_path: Path) -> None:
    leave_out_files(tmp_path, bundled_cases())
    arguments = ("--cases", "ussr-1924,poland-1956", "--leave-one-out")
    result = invoke("validate", *arguments, "--params-dir", str(tmp_path), "--runs", "1")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "each with the parameters fitted without it" in text
    assert "Who wins" in text
    unwrapped = "".join(result.stdout.split())  # long paths wrap anywhere
    for case in ("ussr-1924", "poland-1956"):
        assert f"{case}:parameters{leave_out_params(case, tmp_path)}" in unwrapped
    assert "ussr-1964" not in text


def test_a_missing_leave_out_file_names_the_file_and_the_command_that_makes_it(
    tmp_path: Path,
) -> None:
    leave_out_files(tmp_path, ["ussr-1924"])
    arguments = ("--cases", "all", "--leave-one-out", "--params-dir", str(tmp_path))
    result = invoke("validate", *arguments, "--runs", "1")
    for case in ("poland-1956", "ussr-1964"):
        path = leave_out_params(case, tmp_path)
        command = f"politburo calibrate --leave-out {case} --out {path}"
        assert_clean_error(result, f"{path}: no parameters fitted without {case}", command)
    assert "ussr-1924.yaml" not in result.stderr


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ((), ["give one of SCENARIO or --cases"]),
        (("ussr-1924", "--cases", "all"), ["give one of SCENARIO or --cases; got both"]),
        (("ussr-1924", "--leave-one-out"), ["--leave-one-out: is for --cases"]),
        (("--cases", "all", "--from", "1926-01"), ["--from: is for one SCENARIO"]),
        (("--cases", "all", "--record", "x.csv"), ["--record: is for one SCENARIO"]),
        (("--cases", "all", "--leave-one-out", "--params", "p.yaml"), ["--params: not with"]),
        (("--cases", "all", "--params-dir", "."), ["--params-dir: is for --leave-one-out"]),
        (("--cases", "ussr-1999"), ["ussr-1999: no such bundled case"]),
    ],
)
def test_validate_takes_one_scenario_or_several_cases(
    arguments: tuple[str, ...], expected: list[str]
) -> None:
    assert_clean_error(invoke("validate", *arguments, "--runs", "1"), *expected)


@pytest.mark.parametrize("case", bundled_cases())
def test_each_shipped_leave_out_file_was_fitted_to_every_other_case(case: str) -> None:
    path = leave_out_params(case)
    load_params(path)
    lines = params_provenance(path)
    heading = " ".join(lines)
    assert f"Left out: {case}," in heading
    assert f"politburo calibrate --leave-out {case} " in heading
    assert "Seed: " in heading
    fitted = re.findall(r"([\w-]+) \(record ", lines[0])
    assert fitted == [other for other in bundled_cases() if other != case]
