"""``--set`` overrides: traits, actor fields and parameters, and their errors."""

from __future__ import annotations

from typing import Any

import pytest

from politburo.scenario.errors import InputError, Problem
from politburo.scenario.loading import load_params
from politburo.scenario.overrides import Override, apply_overrides, parse_override
from politburo.scenario.params import Params
from politburo.scenario.schema import Scenario


@pytest.fixture
def scenario(minimal_scenario_dict: dict[str, Any]) -> Scenario:
    return Scenario.model_validate(minimal_scenario_dict)


@pytest.fixture
def params() -> Params:
    return load_params()


def actor(scenario: Scenario, ident: str) -> Any:
    return next(a for a in scenario.actors if a.id == ident)


def rejected(scenario: Scenario, params: Params, *texts: str) -> list[Problem]:
    with pytest.raises(InputError) as excinfo:
        apply_overrides(scenario, params, texts)
    return excinfo.value.problems


def test_parse_override_reads_target_field_and_typed_value() -> None:
    assert parse_override("stalin.patience=0.2") == Override("stalin", "patience", 0.2, "0.2")
    assert parse_override(" attack_cost = 0.1 ") == Override(None, "attack_cost", 0.1, "0.1")
    assert parse_override("molotov.patron=trotsky").value == "trotsky"
    assert parse_override("stalin.contender=false").value is False
    assert parse_override("molotov.patron=null").value is None
    assert parse_override("stalin.traits.patience=1") == Override("stalin", "patience", 1.0, "1")


def test_trait_and_parameter_overrides_are_applied_to_copies(
    scenario: Scenario, params: Params
) -> None:
    new_scenario, new_params = apply_overrides(
        scenario, params, ["beta.patience=0.9", "attack_cost=0.1"]
    )
    assert actor(new_scenario, "beta").traits.patience == 0.9
    assert new_params.attack_cost == 0.1
    assert actor(scenario, "beta").traits.patience == 0.2
    assert params.attack_cost == load_params().attack_cost
    assert new_params.vote_loyalty == params.vote_loyalty


def test_actor_level_fields_can_be_set(scenario: Scenario, params: Params) -> None:
    new_scenario, _ = apply_overrides(
        scenario, params, ["gamma.loyalty=0.3", "gamma.patron=beta", "alpha.name=1924"]
    )
    gamma = actor(new_scenario, "gamma")
    assert (gamma.loyalty, gamma.patron) == (0.3, "beta")
    assert actor(new_scenario, "alpha").name == "1924"


def test_doctrine_is_set_from_comma_separated_coordinates(
    scenario: Scenario, params: Params
) -> None:
    new_scenario, _ = apply_overrides(scenario, params, ["alpha.doctrine=0.25"])
    assert actor(new_scenario, "alpha").traits.doctrine == (0.25,)


def test_later_override_of_the_same_field_wins(scenario: Scenario, params: Params) -> None:
    new_scenario, _ = apply_overrides(
        scenario, params, [Override("alpha", "patience", 0.1), "alpha.patience=0.3"]
    )
    assert actor(new_scenario, "alpha").traits.patience == 0.3


def test_unknown_trait_is_named_with_a_suggestion(scenario: Scenario, params: Params) -> None:
    assert rejected(scenario, params, "alpha.patienc=0.2") == [
        Problem(
            "--set",
            None,
            "alpha.patienc",
            "unknown trait or actor field 'patienc' (did you mean 'patience'?)",
        )
    ]


def test_unknown_parameter_is_named_with_a_suggestion(scenario: Scenario, params: Params) -> None:
    (problem,) = rejected(scenario, params, "attak_cost=0.1")
    assert problem.field == "attak_cost"
    assert problem.message == "unknown parameter 'attak_cost' (did you mean 'attack_cost'?)"


def test_trait_without_an_actor_says_traits_are_per_actor(
    scenario: Scenario, params: Params
) -> None:
    (problem,) = rejected(scenario, params, "patience=0.2")
    assert "set per actor, e.g. stalin.patience=VALUE" in problem.message


def test_out_of_range_values_give_the_bound(scenario: Scenario, params: Params) -> None:
    assert rejected(scenario, params, "alpha.patience=1.5", "attack_cost=-1") == [
        Problem("--set", None, "alpha.patience", "must be at most 1.0, not 1.5"),
        Problem("--set", None, "attack_cost", "must be at least 0.0, not -1.0"),
    ]


def test_value_of_the_wrong_type(scenario: Scenario, params: Params) -> None:
    (problem,) = rejected(scenario, params, "alpha.restraint=high")
    assert (problem.field, problem.message) == ("alpha.restraint", "expected a number, not 'high'")


def test_unknown_actor_is_named_with_a_suggestion(scenario: Scenario, params: Params) -> None:
    (problem,) = rejected(scenario, params, "alpah.patience=0.2")
    assert (problem.file, problem.field) == ("--set", "alpah.patience")
    assert problem.message == "unknown actor 'alpah' (did you mean 'alpha'?)"


def test_override_without_equals_sign_is_malformed(scenario: Scenario, params: Params) -> None:
    (problem,) = rejected(scenario, params, "alpha.patience")
    assert (problem.file, problem.line, problem.field) == ("--set", None, "alpha.patience")
    assert problem.message.startswith("no '=' in 'alpha.patience'")
    with pytest.raises(InputError):
        parse_override("attack_cost")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("attack_cost=", "no value after '='"),
        ("=0.1", "nothing before '='"),
        ("a.b.c=1", "cannot read 'a.b.c'"),
        ("alpha.id=delta", "an actor's id cannot be changed"),
        ("alpha.traits=1", "set one trait at a time"),
    ],
)
def test_other_malformed_overrides(
    scenario: Scenario, params: Params, text: str, start: str
) -> None:
    (problem,) = rejected(scenario, params, text)
    assert problem.message.startswith(start)


def test_reference_broken_by_an_override_is_caught_by_cross_check(
    scenario: Scenario, params: Params
) -> None:
    (problem,) = rejected(scenario, params, "gamma.patron=gamma")
    assert problem == Problem(
        "--set", None, "gamma.patron", "'gamma' is not a contender of this scenario"
    )


def test_every_bad_override_is_reported_together(scenario: Scenario, params: Params) -> None:
    problems = rejected(scenario, params, "x.patience=0.1", "alpha.patience=2", "nonsense")
    assert [p.field for p in problems] == ["x.patience", "alpha.patience", "nonsense"]
