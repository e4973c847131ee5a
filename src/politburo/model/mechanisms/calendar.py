"""The calendar: what a scenario schedules, each item applied by the mechanism it belongs to.

A death, a shock and a revelation come first in the month, in the order the
scenario lists them; a congress is held later in the month, after chance's
shocks (``circular_flow.congress``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from politburo.model.events import Event
from politburo.model.mechanisms import lives, pretexts, succession
from politburo.model.state import State
from politburo.model.world import World
from politburo.scenario.schema import ScheduledEvent, ScheduledKind


def _shock(world: World, state: State, item: ScheduledEvent) -> list[Event]:
    return [pretexts.shock(world, state, item)]


#: What each kind of scheduled item does when its month comes (a congress: see above).
APPLY: dict[ScheduledKind, Callable[[World, State, ScheduledEvent], list[Event]]] = {
    ScheduledKind.LEADER_DIES: succession.leader_dies,
    ScheduledKind.DIES: lives.dies,
    ScheduledKind.SHOCK: _shock,
    ScheduledKind.REVELATION: pretexts.revelation,
}


def scheduled_events(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """The month's scheduled deaths, shocks and revelations, in the scenario's order."""
    out: list[Event] = []
    for item in world.schedule[state.month]:
        apply = APPLY.get(item.kind)
        if apply is not None:
            out.extend(apply(world, state, item))
    return out
