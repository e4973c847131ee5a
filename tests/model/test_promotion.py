"""Promotion: a vacancy may go to the holder of an office it is promoted from, who leaves it."""

from __future__ import annotations

from typing import Any

import pytest

from builders import actor, add_actor, add_office, build, copy_of
from politburo.model.events import Kind
from politburo.model.mechanisms import vacancies
from politburo.scenario.schema import Scenario, cross_check


def _ladder(data: dict[str, Any], promotes: bool) -> dict[str, Any]:
    """A vacant secretaryship above a deputy's office held by alpha's most reputed man.

    Alpha's camp holds the electing body; epsilon, of the same camp, less
    reputed than gamma and more than alpha, holds no office.
    """
    out = copy_of(data)
    for group in out["province_groups"]:
        group["secretaries_loyal"] = {"alpha": 1.0}
    out["provinces"][0]["secretary_patron"] = "alpha"
    add_actor(out, "epsilon", patron="alpha", bodies=("cc",), reputation=0.6)
    for a in out["actors"]:
        if a["id"] == "gamma":
            a["traits"]["reputation"] = 0.9
    add_office(out, "deputy", ["recruitment"], "gamma")
    secretary = out["offices"][0]
    secretary.pop("holder")
    secretary["powers"] = ["appoint_secretaries"]
    if promotes:
        secretary["promotes_from"] = ["deputy"]
    return out


def test_the_holder_of_a_lower_office_is_promoted_and_his_office_is_filled_in_turn(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state = build(_ladder(minimal_scenario_dict, promotes=True))
    events = vacancies.fill_offices(world, state, world.body_ids.index("cc"))
    secretary, deputy = world.office_ids.index("secretary"), world.office_ids.index("deputy")
    assert state.office_holder[secretary] == actor(world, "gamma")
    assert state.office_holder[deputy] == actor(world, "epsilon"), "the lower office refilled"
    promoted = next(e for e in events if e.office == "secretary")
    assert promoted.kind is Kind.OFFICE_APPOINTED
    assert any("promoted from the Deputy" in r for r in promoted.reasons)
    assert [e.office for e in events] == ["secretary", "deputy"]


def test_without_a_ladder_a_man_without_office_is_preferred(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state = build(_ladder(minimal_scenario_dict, promotes=False))
    vacancies.fill_offices(world, state, world.body_ids.index("cc"))
    secretary, deputy = world.office_ids.index("secretary"), world.office_ids.index("deputy")
    assert state.office_holder[secretary] == actor(world, "epsilon")
    assert state.office_holder[deputy] == actor(world, "gamma")


@pytest.mark.parametrize(
    ("ladder", "message"),
    [
        ({"secretary": ["deputy"], "deputy": ["secretary"]}, "promotion runs in a circle"),
        ({"secretary": ["nowhere"]}, "unknown office 'nowhere'"),
    ],
)
def test_a_ladder_names_offices_and_only_climbs(
    minimal_scenario_dict: dict[str, Any], ladder: dict[str, list[str]], message: str
) -> None:
    data = _ladder(minimal_scenario_dict, promotes=False)
    for office in data["offices"]:
        office["promotes_from"] = ladder.get(office["id"], [])
    found = cross_check(Scenario.model_validate(data))
    assert any(message in text for _, text in found), found
