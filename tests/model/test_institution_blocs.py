"""Blocs that follow an institution: men in the camp of whoever holds an office, not of a man."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from builders import actor, add_actor, build, copy_of
from politburo.model.mechanisms import camps, institutions
from politburo.scenario.schema import Scenario, cross_check


def _army_elders(data: dict[str, Any]) -> dict[str, Any]:
    """Two elders of the electing body who follow the army's chief office, whoever holds it."""
    out = copy_of(data)
    for ident in ("elder_1", "elder_2"):
        add_actor(out, ident, bodies=("cc",))
        out["actors"][-1].update(follows_office="army_chief", loyalty=0.8)
    return out


def test_the_bloc_starts_in_the_camp_of_the_offices_holder(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state = build(_army_elders(minimal_scenario_dict))
    beta = actor(world, "beta")  # the army's chief
    for elder in ("elder_1", "elder_2"):
        assert state.patron[actor(world, elder)] == beta
        assert state.loyalty[actor(world, elder)] == pytest.approx(0.8)


def test_the_bloc_follows_a_new_holder_and_no_one_while_the_office_is_empty(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state = build(_army_elders(minimal_scenario_dict))
    army = world.office_ids.index("army_chief")
    elders = [actor(world, e) for e in ("elder_1", "elder_2")]
    rng = np.random.default_rng(0)
    state.office_holder[army] = actor(world, "gamma")  # alpha's man
    institutions.follow_offices(world, state, rng)
    assert state.patron[elders].tolist() == [actor(world, "alpha")] * 2
    state.office_holder[army] = -1
    institutions.follow_offices(world, state, rng)
    assert state.patron[elders].tolist() == [-1, -1]
    assert state.loyalty[elders].tolist() == [0.0, 0.0]
    state.office_holder[army] = elders[0]  # an elder at the head: he follows no one
    institutions.follow_offices(world, state, rng)
    assert state.patron[elders].tolist() == [-1, -1]


def test_the_blocs_men_are_no_mans_camp_and_share_no_sanction(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    world, state = build(_army_elders(minimal_scenario_dict))
    beta = actor(world, "beta")
    assert not {actor(world, "elder_1"), actor(world, "elder_2")} & set(
        camps.members(world, state, beta)
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"follows_office": "nowhere"}, "unknown office 'nowhere'"),
        ({"follows_office": "army_chief", "patron": "alpha"}, "a patron or an office, not both"),
        ({"follows_office": "army_chief", "contender": True}, "leads his own faction"),
    ],
)
def test_a_follower_names_an_office_and_no_patron(
    minimal_scenario_dict: dict[str, Any], change: dict[str, Any], message: str
) -> None:
    data = copy_of(minimal_scenario_dict)
    add_actor(data, "elder", bodies=("cc",))
    data["actors"][-1].update(change)
    found = cross_check(Scenario.model_validate(data))
    assert any(message in text for _, text in found), found
