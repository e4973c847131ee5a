"""The coup: force used against the party's bodies by one who commands armed men.

The holder of an office with force of its own (one that commands the army,
the security troops or a guard unit) can try it, and only when his position
is hopeless enough to overcome his restraint from force. Its odds rest on
his standing with his own men and on the side every other force takes: each
stands with him if its commander is in his camp or allied to it, against
him if its commander follows another, unsure if he follows no one.
"""

from __future__ import annotations

import math

import numpy as np

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.state import State
from politburo.model.world import World
from politburo.scenario.schema import Power

#: The powers that give an office force of its own, and what its men are called.
FORCES = {
    Power.COMMAND_ARMY: "army",
    Power.COMMAND_SECURITY: "security organs",
    Power.COMMAND_GUARD: "guard units",
}


def force_offices(world: World) -> tuple[int, ...]:
    """The office seats with force of their own, in order."""
    return tuple(sorted({o for power in FORCES for o in world.offices_with(power)}))


def commands_force(world: World, state: State, actor: int) -> bool:
    """Whether ``actor`` holds an office with force of its own (army, security, guard)."""
    holders = state.office_holder
    return any(holders[office] == actor for office in force_offices(world))


def force_against(world: World, state: State, actor: int) -> float:
    """How far the forces he does not command would resist ``actor``: 0 with him, 1 against.

    The mean, over the other offices with force that have a holder, of 0 if
    the holder's faction is ``actor``'s or allied to it, 1 if another's, 0.5
    if he follows no one; 0 if there are none (nothing resists).
    """
    chiefs = [int(state.office_holder[o]) for o in force_offices(world)]
    chiefs = [c for c in chiefs if c >= 0 and c != actor]
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
    """Probability that a coup by ``actor`` succeeds (0 if he commands no force)."""
    if not commands_force(world, state, actor):
        return 0.0
    lead = float(state.reputation[actor]) - force_against(world, state, actor) - 0.5
    return 1.0 / (1.0 + math.exp(-world.params.coup_steepness * lead))


def forces_named(world: World, state: State, actor: int) -> tuple[str, str]:
    """The forces ``actor`` commands and the others, as the story names them."""
    own = state.offices_held(actor)
    mine = [name for power, name in FORCES.items() if set(world.offices_with(power)) & set(own)]
    others = [
        name
        for power, name in FORCES.items()
        if set(world.offices_with(power)) - set(own) and name not in mine
    ]
    return " and ".join(mine), " and ".join(others) or "other forces"


def tempted(world: World, actor: int, desperation: float) -> bool:
    """Whether the hopelessness of his position overcomes ``actor``'s restraint from force."""
    return desperation * (1.0 - world.tempers[actor].restraint) > world.params.coup_threshold


def stage_coup(world: World, state: State, actor: int, rng: np.random.Generator) -> list[Event]:
    """Try a coup: if it succeeds the rivals are arrested; if it fails, the plotter is.

    On success the top and electing bodies fall in behind the plotter.
    """
    odds = coup_odds(world, state, actor)
    own, others = forces_named(world, state, actor)
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
                f"{own} loyalty follows the commander's standing; the {others} "
                f"{'resist' if force_against(world, state, actor) > 0.5 else 'stand aside'}",
            ),
        )
    ]
