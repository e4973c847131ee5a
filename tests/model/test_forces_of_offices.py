"""Security troops and guard units are forces of their own: their chief may try a coup,
and in anyone's coup they stand with the plotter or against him like the army."""

from __future__ import annotations

from typing import Any

import pytest

from builders import actor, add_office, build, copy_of
from politburo.model.mechanisms import coup
from politburo.model.mechanisms.threat import threats
from politburo.model.policy import LegalMoves, Situation
from politburo.model.policy.moves import MOVES, MoveKind


def _forces(data: dict[str, Any], power: str) -> dict[str, Any]:
    """Alpha commands a security or guard office; beta, a rival, commands the army."""
    out = copy_of(data)
    add_office(out, "guard", [power], "alpha")
    return out


@pytest.mark.parametrize("power", ["command_security", "command_guard"])
def test_the_chief_of_a_security_or_guard_office_may_try_a_coup(
    minimal_scenario_dict: dict[str, Any], power: str
) -> None:
    world, state = build(_forces(minimal_scenario_dict, power))
    alpha = actor(world, "alpha")
    state.struggle_open = True
    assert coup.commands_force(world, state, alpha)
    assert coup.coup_odds(world, state, alpha) > 0.0
    moves = LegalMoves(world, state, alpha, Situation(threats(world, state)), MOVES)
    assert MoveKind.COUP in moves


@pytest.mark.parametrize("power", ["command_security", "command_guard"])
def test_the_other_forces_resist_a_plotter_as_their_chiefs_side_with_him_or_not(
    minimal_scenario_dict: dict[str, Any], power: str
) -> None:
    world, state = build(_forces(minimal_scenario_dict, power))
    alpha, beta = actor(world, "alpha"), actor(world, "beta")
    against = coup.coup_odds(world, state, alpha)
    assert coup.force_against(world, state, alpha) == 1.0, "the army's chief is a rival"
    assert coup.force_against(world, state, beta) == 1.0, "so is the guard's, for the army"
    state.allied[alpha, beta] = state.allied[beta, alpha] = True
    assert coup.force_against(world, state, alpha) == 0.0
    assert coup.coup_odds(world, state, alpha) > against


def test_a_force_chiefs_coup_odds_count_in_his_threat(
    minimal_scenario_dict: dict[str, Any],
) -> None:
    plain_world, plain = build(minimal_scenario_dict)
    world, state = build(_forces(minimal_scenario_dict, "command_guard"))
    alpha = actor(world, "alpha")
    assert threats(world, state).own(alpha) > threats(plain_world, plain).own(alpha)
