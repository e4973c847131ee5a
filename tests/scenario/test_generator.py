"""The scenario generator: random scenarios are valid, reproducible and complete."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from politburo.scenario.generator import SURNAMES, random_scenario
from politburo.scenario.schema import Power, Role, Scenario, ScheduledKind, cross_check, month_index

SOVIET_NAMES = (
    "Lenin",
    "Stalin",
    "Trotsky",
    "Zinoviev",
    "Kamenev",
    "Bukharin",
    "Rykov",
    "Tomsky",
    "Molotov",
    "Politburo",
    "Soviet",
    "Bolshevik",
)


def test_random_scenarios_pass_cross_check_for_many_seeds() -> None:
    for seed in range(100):
        scenario = random_scenario(seed)
        assert cross_check(scenario) == [], seed


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    contenders=st.integers(2, 8),
    others=st.integers(0, 30),
    provinces=st.integers(1, 80),
    months=st.integers(4, 120),
    extra_seats=st.integers(0, 60),
)
def test_random_scenarios_pass_cross_check_for_any_valid_arguments(
    seed: int, contenders: int, others: int, provinces: int, months: int, extra_seats: int
) -> None:
    scenario = random_scenario(
        seed,
        contenders=contenders,
        others=others,
        provinces=provinces,
        months=months,
        electing_size=contenders + 1 + extra_seats,
    )
    assert cross_check(scenario) == []


def test_same_seed_gives_equal_scenario() -> None:
    assert random_scenario(42) == random_scenario(42)
    assert random_scenario(42).model_dump_json() == random_scenario(42).model_dump_json()


def test_different_seeds_give_different_scenarios() -> None:
    assert random_scenario(1) != random_scenario(2)


def test_random_scenario_survives_a_json_round_trip() -> None:
    scenario = random_scenario(7)
    assert Scenario.model_validate_json(scenario.model_dump_json()) == scenario


def test_random_scenario_has_the_requested_numbers_of_actors_and_provinces() -> None:
    scenario = random_scenario(3, contenders=5, others=11, provinces=17, months=30)
    assert sum(a.contender for a in scenario.actors) == 5
    assert len(scenario.actors) == 1 + 5 + 11
    assert len(scenario.provinces) == 17
    assert scenario.calendar.months == 30


def test_random_scenario_has_one_body_of_each_role() -> None:
    roles = sorted(body.role.value for body in random_scenario(5).bodies)
    assert roles == sorted(role.value for role in Role)


def test_random_scenario_offices_carry_every_power() -> None:
    for seed in range(20):
        powers = {power for office in random_scenario(seed).offices for power in office.powers}
        assert powers == set(Power), seed


def test_random_scenario_leader_dies_in_the_first_month() -> None:
    scenario = random_scenario(11)
    (leader,) = [a for a in scenario.actors if a.leader]
    deaths = [e for e in scenario.events if e.kind is ScheduledKind.LEADER_DIES]
    assert [(e.actor, e.month) for e in deaths] == [(leader.id, scenario.calendar.start)]


def test_random_scenario_has_two_congresses_and_one_shock() -> None:
    scenario = random_scenario(13)
    kinds = [e.kind for e in scenario.events]
    assert kinds.count(ScheduledKind.CONGRESS) == 2
    assert kinds.count(ScheduledKind.SHOCK) == 1
    shock = next(e for e in scenario.events if e.kind is ScheduledKind.SHOCK)
    assert shock.rule is not None
    assert month_index(scenario.calendar.start, shock.month) >= scenario.calendar.months // 2


def test_random_scenario_uses_no_soviet_names() -> None:
    text = " ".join(
        [a.name for a in random_scenario(0, others=40).actors]
        + [o.name for o in random_scenario(0).offices]
        + [b.name for b in random_scenario(0).bodies]
    )
    for name in SOVIET_NAMES:
        assert name not in text
    assert not set(SURNAMES) & set(SOVIET_NAMES)


def test_random_scenario_sources_name_keys_of_its_sources_map() -> None:
    scenario = random_scenario(21)
    cited = {a.source for a in scenario.actors} | {o.source for o in scenario.offices}
    cited |= {b.source for b in scenario.bodies} | {e.source for e in scenario.events}
    assert cited <= set(scenario.sources)


@pytest.mark.parametrize(
    "arguments",
    [
        {"seed": -1},
        {"seed": 0, "contenders": 1},
        {"seed": 0, "others": -1},
        {"seed": 0, "provinces": 0},
        {"seed": 0, "months": 3},
        {"seed": 0, "contenders": 4, "electing_size": 4},
    ],
)
def test_random_scenario_rejects_arguments_out_of_range(arguments: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        random_scenario(**arguments)
