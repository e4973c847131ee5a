"""The winner rule, applied to the state.

The winner is the contender whose own supporters (his followers, not his
allies') hold a majority of the top body and of the electing body, once
every other contender has left the top body or recanted.
"""

from __future__ import annotations

from politburo.state import State
from politburo.world import World


def winner(world: World, state: State) -> int:
    """The contender who has won by the rule, or -1."""
    top = state.seats[world.top]
    in_top = set(int(a) for a in top.actor if a >= 0)
    for c in world.contenders:
        c = int(c)
        if not (state.alive[c] and state.in_party[c] and not state.recanted[c]):
            continue
        others_out = all(
            o == c or o not in in_top or state.recanted[o] or not state.alive[o]
            for o in (int(x) for x in world.contenders)
        )
        if not others_out:
            continue
        if all(
            (state.seat_patrons(body) == c).sum() * 2 > state.seats[body].size
            for body in (world.top, world.electing)
        ):
            return c
    return -1
