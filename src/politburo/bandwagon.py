"""Bandwagoning: followers of the fallen drift away; the uncommitted join the winner.

Members whose patron has left the fight lapse into no faction; uncommitted
named members and anonymous seats drift to the side that holds the
electing body, the sooner the larger its majority (fear of the side that is
winning). Both at ``member_drift`` a month.
"""

from __future__ import annotations

import numpy as np

from politburo.patronage import member_drift
from politburo.state import UNALIGNED, State
from politburo.world import World


def realign(world: World, state: State, leader: int, rng: np.random.Generator) -> None:
    """Apply one month of drift to members, named followers and anonymous seats.

    ``leader`` is the month's majority leader of the electing body, whom the
    uncommitted join.
    """
    rate = world.params.member_drift
    member_drift(world, state)
    out = ~(state.alive & state.in_party & ~state.recanted)
    # Indexed by patron: the unaligned patron -1 reads the final False.
    patron_out = np.append(out, False)
    patron = state.patron
    orphaned = patron_out[patron] & (patron != np.arange(world.n_actors))
    if orphaned.any():
        patron[orphaned] = UNALIGNED
        state.loyalty[orphaned] = 0.0
    if leader < 0 or out[leader]:
        return
    patrons = state.seat_patrons(world.electing)
    joining = rate * (np.count_nonzero(patrons == leader) / max(patrons.size, 1))
    uncommitted = (patron == UNALIGNED) & ~world.is_contender & state.alive & state.in_party
    movers = np.flatnonzero(uncommitted & (rng.random(world.n_actors) < joining))
    patron[movers] = leader
    state.loyalty[movers] = world.params.follower_loyalty
    free_seats = []
    for body, seats in enumerate(state.seats):
        if body == world.congress:
            continue  # delegates are chosen afresh for each congress
        fallen = patron_out[seats.patron]
        if fallen.any():
            seats.patron[fallen] = UNALIGNED
            seats.loyalty[fallen] = 0.0
        free_seats.append((seats, np.flatnonzero((seats.actor < 0) & (seats.patron == UNALIGNED))))
    # One draw for every free seat, body after body.
    draws = rng.random(sum(free.size for _, free in free_seats)) < joining
    start = 0
    for seats, free in free_seats:
        moving = free[draws[start : start + free.size]]
        start += free.size
        seats.patron[moving] = leader
        seats.loyalty[moving] = world.params.follower_loyalty
