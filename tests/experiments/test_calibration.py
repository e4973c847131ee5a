"""Calibration fits only global parameters, within their ranges, and says how."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from builders import invoke
from politburo.analysis.record import load_record
from politburo.experiments.calibration import (
    Calibration,
    calibrate,
    count_targets,
    parameter_bounds,
    params_yaml,
)
from politburo.experiments.validation import target_for
from politburo.scenario.loading import load_params, load_scenario, params_provenance
from politburo.scenario.params import Params


def fit_ussr(base: Params, **options: Any) -> Calibration:
    """Fit ``base`` on the bundled USSR scenario against its bundled record."""
    return calibrate(load_scenario("ussr-1924"), load_record("ussr-1922-1930"), base, **options)


def test_every_parameter_has_a_declared_range() -> None:
    for name in Params.model_fields:
        low, high = parameter_bounds(name)
        assert low < high


def test_a_fit_moves_only_the_named_parameters_and_keeps_them_in_range() -> None:
    base = load_params()
    result = fit_ussr(
        base, trials=3, runs=2, test_runs=2, seed=5, names=["attack_rate", "vote_loyalty"]
    )
    assert result.fitted == ("attack_rate", "vote_loyalty")
    for name in Params.model_fields:
        value = getattr(result.after, name)
        if name in result.fitted:
            low, high = parameter_bounds(name)
            assert low <= value <= high
        else:
            assert value == getattr(base, name)
    assert result.trials == 3
    # The first trial is the starting point, so the best is at least as good.
    assert result.fit_score_after >= result.fit_score_before


def test_a_fit_until_a_month_sees_neither_later_events_nor_the_winner() -> None:
    scenario, record = load_scenario("ussr-1924"), load_record("ussr-1922-1930")
    full = target_for(scenario, record)
    early = target_for(scenario, record, until="1926-12")
    assert not early.score_winner
    assert all(month <= 35 for month in early.events.values())
    assert count_targets(early) < count_targets(full)
    assert count_targets(full) == len(full.events) + len(full.votes) + 1


def test_the_fitted_file_loads_and_says_how_it_was_made(tmp_path: Path) -> None:
    out = tmp_path / "fitted.yaml"
    result = invoke(
        "calibrate",
        "ussr-1924",
        "--trials",
        "2",
        "--runs",
        "2",
        "--test-runs",
        "2",
        "--fit",
        "attack_rate",
        "--out",
        str(out),
        "--json",
    )
    assert result.exit_code == 0, result.output
    params = load_params(out)
    assert isinstance(params, Params)
    heading = " ".join(params_provenance(out))
    assert "IN-SAMPLE" in heading
    assert "politburo calibrate ussr-1924" in heading
    assert "1 parameters fitted against" in heading


def test_an_unknown_parameter_to_fit_is_a_clear_error() -> None:
    result = invoke("calibrate", "ussr-1924", "--fit", "atack_rate")
    assert result.exit_code == 2
    assert "atack_rate" in result.output
    assert "Traceback" not in result.output


def test_params_yaml_lists_every_parameter() -> None:
    base = load_params()
    result = fit_ussr(base, trials=1, runs=1, test_runs=1, names=["attack_rate"])
    text = params_yaml(result, "cmd")
    for name in Params.model_fields:
        assert f"\n{name}: " in text


@pytest.mark.parametrize("bad", ["1926-13", "soon"])
def test_a_bad_until_month_is_a_clear_error(bad: str) -> None:
    result = invoke("calibrate", "ussr-1924", "--until", bad, "--trials", "1")
    assert result.exit_code == 2
    assert "--until" in result.output
