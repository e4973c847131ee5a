"""Several cases on the command line: ``calibrate --cases/--leave-out``, ``validate --cases``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import assert_clean_error, invoke
from politburo.scenario.loading import bundled_cases, load_params, params_provenance

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
