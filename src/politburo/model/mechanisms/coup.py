"""The coup: force used against the party's bodies by the one who commands the army.

Only the holder of an office that commands the army can try it, and only
when his position is hopeless enough to overcome his restraint from force.
Its odds rest on the army's and the security organs' loyalty: the army
follows a commander in proportion to his standing; the security organs side
with the regime unless their chief is in the plotter's camp.
"""

from __future__ import annotations

import math

import numpy as np

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.state import State
from politburo.model.world import World
from politburo.scenario.schema import Power


def commands_army(world: World, state: State, actor: int) -> bool:
    """Whether ``actor`` holds an office that commands the army."""
    holders = state.office_holder
    return any(holders[office] == actor for office in world.offices_with(Power.COMMAND_ARMY))


def security_against(world: World, state: State, actor: int) -> float:
    """How far the security organs would resist ``actor``: 0 with him, 1 against, 0.5 unsure.

    Where no office commands security there are no organs to resist (0).
    """
    chiefs = [int(state.office_holder[o]) for o in world.offices_with(Power.COMMAND_SECURITY)]
    chiefs = [c for c in chiefs if c >= 0]
    if not chiefs:
        return 0.0
    leader = int(state.patron[actor])
    sides = []
    for chief in chiefs:
        follows = int(state.patron[chief])
        if follows < 0:
            sides.append(0.5)
        elif follows == leader or state.allied[leader, follows]:
            sides.append(0.0)
        else:
            sides.append(1.0)
    return sum(sides) / len(sides)


def coup_odds(world: World, state: State, actor: int) -> float:
    """Probability that a coup by ``actor`` succeeds (0 if he commands no army)."""
    if not commands_army(world, state, actor):
        return 0.0
    lead = float(state.reputation[actor]) - security_against(world, state, actor) - 0.5
    return 1.0 / (1.0 + math.exp(-world.params.coup_steepness * lead))


def tempted(world: World, actor: int, desperation: float) -> bool:
    """Whether the hopelessness of his position overcomes ``actor``'s restraint from force."""
    return desperation * (1.0 - world.tempers[actor].restraint) > world.params.coup_threshold


def stage_coup(world: World, state: State, actor: int, rng: np.random.Generator) -> list[Event]:
    """Try a coup: if it succeeds the rivals are arrested; if it fails, the plotter is.

    On success the top and electing bodies fall in behind the plotter.
    """
    odds = coup_odds(world, state, actor)
    succeeded = bool(rng.random() < odds)
    leader = int(state.patron[actor])
    rivals = [int(c) for c in state.active(world) if c != leader and not state.allied[leader, c]]
    losers = rivals if succeeded else [actor]
    for loser in losers:
        state.in_party[loser] = False
        state.exile[loser] = 1
        state.sanctioned[loser] = True
        state.office_holder[state.office_holder == loser] = -1
        state.allied[loser, :] = False
        state.allied[:, loser] = False
        for body in range(len(state.seats)):
            state.vacate(body, loser)
    if succeeded:
        for body in (world.top, world.electing):
            seats = state.seats[body]
            anonymous = seats.actor < 0
            seats.patron[anonymous] = leader
            seats.loyalty[anonymous] = world.params.follower_loyalty
        followers = ~world.is_contender & state.alive & state.in_party
        state.patron[followers] = leader
    else:
        state.reputation[actor] = 0.0
    return [
        event(
            world,
            state,
            Kind.COUP,
            Mechanism.COUP,
            actor=actor,
            others=tuple(losers),
            reasons=(
                f"the coup {'succeeds' if succeeded else 'fails'} (odds {odds:.0%})",
                "army loyalty follows the commander's standing; the security organs "
                f"{'resist' if security_against(world, state, actor) > 0.5 else 'stand aside'}",
            ),
        )
    ]
