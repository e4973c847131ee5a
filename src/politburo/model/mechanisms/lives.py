"""Lives: deaths the struggle did not cause, as the scenario's calendar brings them.

A man who dies holds, receives and does nothing after: his offices fall
vacant, his seats pass to no one until the bodies elect, he leaves his
alliances and his place among the candidate members. Nothing here decides
who dies or when: only the calendar does.
"""

from __future__ import annotations

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.state import State
from politburo.model.world import World
from politburo.scenario.schema import ScheduledEvent


def pass_away(state: State, dead: int) -> None:
    """Take ``dead`` out of every post, seat, candidacy and alliance."""
    state.alive[dead] = False
    state.office_holder[state.office_holder == dead] = -1
    for body in range(len(state.seats)):
        state.vacate(body, dead)
    state.candidate[dead] = False
    state.allied[dead, :] = False
    state.allied[:, dead] = False


def dies(world: World, state: State, item: ScheduledEvent) -> list[Event]:
    """The scheduled death of ``item.actor``, who is not the leader."""
    if item.actor is None:
        return []
    dead = world.actor_ids.index(item.actor)
    if not state.alive[dead]:
        return []
    held = [world.office_names[o] for o in state.offices_held(dead)]
    pass_away(state, dead)
    reasons = (f"his posts fall vacant: {', '.join(held)}",) if held else ()
    return [
        event(
            world,
            state,
            Kind.DIED,
            Mechanism.LIVES,
            actor=dead,
            reasons=reasons,
            source=item.source,
        )
    ]
