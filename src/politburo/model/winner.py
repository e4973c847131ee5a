"""The winner rule, applied to the state.

The winner is the contender whose own supporters (his followers, not his
allies') hold a majority of the top body and of the electing body, once
every other contender has left the top body or recanted.
"""

from __future__ import annotations

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.state import State
from politburo.model.world import World


def winner(world: World, state: State) -> int:
    """The contender who has won by the rule, or -1."""
    alive = state.alive.tolist()
    in_party = state.in_party.tolist()
    recanted = state.recanted.tolist()
    in_top = set(state.seats[world.top].actor.tolist())
    # Contenders still sitting in the top body: every one but the winner must be gone.
    standing = [c for c in state.contender_list if c in in_top and alive[c] and not recanted[c]]
    if len(standing) > 1:
        return -1
    for c in standing or state.contender_list:
        if not (alive[c] and in_party[c] and not recanted[c]):
            continue
        if all(
            state.follower_counts(body)[c] * 2 > state.seats[body].size
            for body in (world.top, world.electing)
        ):
            return c
    return -1


def declare(world: World, state: State, won_by: int) -> Event:
    """The event of ``won_by``'s victory, with the rule's two conditions as its reasons."""
    return event(
        world,
        state,
        Kind.WINNER,
        Mechanism.STATUTE,
        actor=won_by,
        reasons=(
            "every other contender has left the top body or recanted",
            "his own followers hold a majority of the "
            f"{world.body_names[world.top]} and the "
            f"{world.body_names[world.electing]}",
        ),
    )
