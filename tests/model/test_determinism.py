"""Runs are fixed by scenario, seed and interventions, byte for byte; seeds make them differ."""

from __future__ import annotations

import json
from typing import Any

import pytest

from politburo import simulate
from politburo.experiments.checks import check_determinism, check_scenario
from politburo.model.result import RunResult
from politburo.scenario.generator import random_scenario
from politburo.scenario.loading import bundled_scenarios, load_scenario

BUNDLED = [ident for ident, _ in bundled_scenarios()]
INTERVENTION = "stalin.patience=0.2"


def outcome(result: RunResult) -> str:
    """What happened in a run (events, series, winner), without the inputs that name it."""
    data: dict[str, Any] = result.to_dict()
    for key in ("seed", "interventions"):
        data.pop(key)
    return json.dumps(data, sort_keys=True)


def test_at_least_one_scenario_is_bundled() -> None:
    assert "ussr-1924-v1" in BUNDLED


@pytest.mark.parametrize("ident", BUNDLED)
def test_every_bundled_scenario_passes_check_scenario(ident: str) -> None:
    check_scenario(load_scenario(ident))


@pytest.mark.parametrize("ident", BUNDLED)
def test_every_bundled_scenario_replays_identically(ident: str) -> None:
    check_determinism(load_scenario(ident), seed=3)


def test_a_generated_scenario_passes_check_scenario_and_replays_identically() -> None:
    scenario = random_scenario(5, months=24)
    check_scenario(scenario)
    check_determinism(scenario, seed=11, interventions=["attack_cost=0.1"])


def test_the_same_seed_gives_identical_json() -> None:
    first = simulate("ussr-1924", seed=42).to_json()
    second = simulate("ussr-1924", seed=42).to_json()
    assert first == second


def test_different_seeds_give_different_runs() -> None:
    outcomes = {outcome(simulate("ussr-1924", seed=seed)) for seed in range(10)}
    assert len(outcomes) == 10


def test_an_intervention_changes_the_run() -> None:
    changed = [
        outcome(simulate("ussr-1924", seed=seed))
        != outcome(simulate("ussr-1924", seed=seed, interventions=[INTERVENTION]))
        for seed in range(5)
    ]
    assert any(changed)


def test_an_intervened_run_is_itself_reproducible_and_names_its_intervention() -> None:
    first = simulate("ussr-1924", seed=7, interventions=[INTERVENTION])
    second = simulate("ussr-1924", seed=7, interventions=[INTERVENTION])
    assert first.to_json() == second.to_json()
    assert first.interventions == (INTERVENTION,)
    assert json.loads(first.to_json())["interventions"] == [INTERVENTION]


def test_a_seed_is_recorded_in_the_result() -> None:
    assert simulate("ussr-1924", seed=9).seed == 9
