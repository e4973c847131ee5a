"""Succession: the leader's death opens the struggle, and no one inherits his offices.

Without a named successor his offices fall vacant and his seats pass to no
one until the bodies elect: a collective leadership holds the offices. A
successor named in a testament (a counterfactual lever) gains reputation by
the endorsement, and nothing else: he must still win the bodies.
"""

from __future__ import annotations

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.mechanisms.lives import pass_away
from politburo.model.state import State
from politburo.model.world import World
from politburo.scenario.schema import ScheduledEvent


def leader_dies(world: World, state: State, item: ScheduledEvent) -> list[Event]:
    """The scheduled death of ``item.actor``: his offices and seats fall vacant."""
    if item.actor is None:
        return []
    dead = world.actor_ids.index(item.actor)
    reasons = ["no successor named: the offices pass to a collective leadership"]
    if item.successor is not None:
        heir = world.actor_ids.index(item.successor)
        state.reputation[heir] = min(1.0, state.reputation[heir] + item.endorsement)
        reasons = [
            f"he names {world.actor_names[heir]} his heir",
            f"{world.actor_names[heir]} gains {item.endorsement:.2f} reputation by it",
        ]
    pass_away(state, dead)
    state.struggle_open = True
    return [
        event(
            world,
            state,
            Kind.LEADER_DIED,
            Mechanism.SUCCESSION,
            actor=dead,
            reasons=tuple(reasons),
            source=item.source,
        )
    ]
