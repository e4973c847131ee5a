"""Levers change causes, never outcomes, and apply as plain changes."""

from __future__ import annotations

import pytest

from politburo import simulate
from politburo.model.events import Kind
from politburo.scenario.errors import InputError
from politburo.scenario.levers import apply_levers, find_lever, resolve
from politburo.scenario.loading import load_params, load_scenario
from politburo.scenario.schema import Scenario, ScheduledKind


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario("ussr-1924")


def _traits(scenario: Scenario, actor: str) -> dict[str, object]:
    return next(a for a in scenario.actors if a.id == actor).traits.model_dump()


def test_the_reference_scenario_defines_the_essays_levers(scenario: Scenario) -> None:
    ids = {lever.id for lever in scenario.levers}
    assert {"patronage", "timing", "allies", "army", "doctrine", "testament"} <= ids


def test_a_reference_copies_another_actors_trait(scenario: Scenario) -> None:
    trotsky = _traits(scenario, "trotsky")["office_for_faction"]
    assert resolve(scenario, "stalin.office_for_faction=@trotsky.office_for_faction") == (
        f"stalin.office_for_faction={trotsky}"
    )


def test_min_and_max_take_the_extremes_among_contenders(scenario: Scenario) -> None:
    values = [a.traits.flexibility for a in scenario.actors if a.contender]
    assert resolve(scenario, "stalin.flexibility=@min:flexibility").endswith(f"={min(values)}")
    assert resolve(scenario, "x=@max:flexibility").endswith(f"={max(values)}")


def test_patronage_sets_stalins_readiness_to_trotskys(scenario: Scenario) -> None:
    changed, _ = apply_levers(scenario, load_params(), ["patronage"])
    assert (
        _traits(changed, "stalin")["office_for_faction"]
        == _traits(scenario, "trotsky")["office_for_faction"]
    )
    assert _traits(changed, "trotsky") == _traits(scenario, "trotsky")


def test_allies_changes_a_trait_and_a_global_parameter(scenario: Scenario) -> None:
    changed, params = apply_levers(scenario, load_params(), ["allies"])
    lowest = min(a.traits.flexibility for a in scenario.actors if a.contender)
    assert _traits(changed, "stalin")["flexibility"] == lowest
    assert params.enemy_alliance_cost == 0.0


def test_doctrine_removes_the_doctrine_and_testament_adds_a_revelation(
    scenario: Scenario,
) -> None:
    no_doctrine, _ = apply_levers(scenario, load_params(), ["doctrine"])
    assert "socialism_in_one_country" not in {d.id for d in no_doctrine.doctrines}
    testament, _ = apply_levers(scenario, load_params(), ["testament"])
    added = [e for e in testament.events if e.kind is ScheduledKind.REVELATION]
    assert len(added) == 1 and added[0].office == "general_secretary"


def test_a_levered_world_has_no_levers_of_its_own(scenario: Scenario) -> None:
    changed, _ = apply_levers(scenario, load_params(), ["patronage", "timing"])
    assert changed.levers == ()


def test_no_lever_leaves_everything_as_it_was(scenario: Scenario) -> None:
    params = load_params()
    assert apply_levers(scenario, params, []) == (scenario, params)


def test_an_unknown_lever_is_a_clear_error_with_a_suggestion(scenario: Scenario) -> None:
    with pytest.raises(InputError) as caught:
        find_lever(scenario, "patronge")
    assert "patronage" in str(caught.value)


def test_a_run_with_levers_records_them_and_replays_exactly(scenario: Scenario) -> None:
    first = simulate(scenario, seed=2, levers=["testament"])
    assert first.interventions == ("lever:testament",)
    assert first.to_json() == simulate(scenario, seed=2, levers=["testament"]).to_json()
    revealed = [e for e in first.events if e.kind is Kind.REVELATION]
    assert revealed and revealed[0].target == "stalin"


def test_the_levers_command_lists_each_lever_with_its_changes() -> None:
    from builders import invoke

    result = invoke("levers", "ussr-1924", "--json")
    assert result.exit_code == 0
    import json

    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["patronage"]["set"] == ["stalin.office_for_faction=@trotsky.office_for_faction"]
    assert rows["doctrine"]["remove_doctrines"] == ["socialism_in_one_country"]


def test_an_unknown_lever_on_the_command_line_exits_2_with_a_suggestion() -> None:
    from builders import assert_clean_error, invoke

    assert_clean_error(invoke("run", "ussr-1924", "--lever", "patronge"), "patronage")
