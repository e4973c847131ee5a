"""Recantation and readmission: the beaten may submit, at a price.

A contender who has been sanctioned and can no longer carry the electing
body may publicly renounce his platform; how readily is his flexibility.
He pays in reputation, leaves the fight and his alliances, and takes the
party line; if he was expelled, the majority may later readmit him.
"""

from __future__ import annotations

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.state import State
from politburo.model.world import World


def recant(world: World, state: State, actor: int, reasons: tuple[str, ...]) -> Event:
    """``actor`` submits to the majority."""
    state.recanted[actor] = True
    state.recant_month[actor] = state.month
    state.reputation[actor] = max(0.0, state.reputation[actor] - world.params.recant_cost)
    state.allied[actor, :] = False
    state.allied[:, actor] = False
    state.factional[actor] = 0.0
    if state.line >= 0:
        state.position[actor] = world.doctrine_positions[state.line]
    return event(
        world,
        state,
        Kind.RECANTED,
        Mechanism.RECANTATION,
        actor=actor,
        reasons=reasons,
    )


def beaten(world: World, state: State, actor: int) -> bool:
    """Whether ``actor`` has been sanctioned out of the top body or the party."""
    return bool(state.sanctioned[actor]) and not (
        state.in_party[actor] and state.in_body(world.top, actor)
    )


def awaiting_readmission(world: World, state: State) -> list[int]:
    """Expelled actors who recanted long enough ago to be readmitted."""
    after = world.params.readmit_after
    return [
        actor
        for actor in state.recanted.nonzero()[0].tolist()
        if not state.in_party[actor]
        and state.alive[actor]
        and state.exile[actor] == 0
        and state.month - state.recant_month[actor] >= after
    ]
