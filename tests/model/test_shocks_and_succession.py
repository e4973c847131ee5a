"""Random shocks strike by chance and rule; a leader may name an heir."""

from __future__ import annotations

import copy
from typing import Any

from politburo import simulate
from politburo.model.events import Kind
from politburo.scenario.loading import load_params
from politburo.scenario.schema import Scenario

Data = dict[str, Any]


def _with_random_shock(data: Data, chance: float) -> Scenario:
    out = copy.deepcopy(data)
    out["random_shocks"] = [
        {"name": "Harvest failure", "monthly_chance": chance, "rule": "everyone", "magnitude": 0.01}
    ]
    return Scenario.model_validate(out)


def test_a_random_shock_certain_each_month_strikes_every_month(
    minimal_scenario_dict: Data,
) -> None:
    scenario = _with_random_shock(minimal_scenario_dict, 1.0)
    run = simulate(scenario, seed=1, params=load_params())
    struck = {e.step for e in run.events if e.kind is Kind.SHOCK}
    assert struck == set(range(scenario.calendar.months))


def test_a_random_shock_with_no_chance_never_strikes(minimal_scenario_dict: Data) -> None:
    run = simulate(_with_random_shock(minimal_scenario_dict, 0.0), seed=1, params=load_params())
    assert not [e for e in run.events if e.kind is Kind.SHOCK]


def test_a_named_heir_gains_the_endorsement_in_reputation(minimal_scenario_dict: Data) -> None:
    plain = Scenario.model_validate(minimal_scenario_dict)
    data = copy.deepcopy(minimal_scenario_dict)
    data["events"][0]["successor"] = "beta"
    data["events"][0]["endorsement"] = 0.3
    named = Scenario.model_validate(data)
    params = load_params()
    beta = [a.id for a in plain.actors if a.contender].index("beta")
    month = 1  # the leader dies in the scenario's second month
    before = simulate(plain, seed=4, params=params).series["reputation"][month, beta]
    after = simulate(named, seed=4, params=params).series["reputation"][month, beta]
    assert after > before
    death = next(
        e for e in simulate(named, seed=4, params=params).events if e.kind is Kind.LEADER_DIED
    )
    assert any("heir" in reason for reason in death.reasons)
