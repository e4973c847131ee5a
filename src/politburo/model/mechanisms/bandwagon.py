"""Bandwagoning: followers of the fallen drift away; the uncommitted join the winner.

Members and anonymous seats whose patron has left the fight lapse into no
faction (named followers stay in his camp: see ``camps``); uncommitted named
members and anonymous seats drift to the side that holds the electing body,
the sooner the larger its majority (fear of the side that is winning). Both
at ``member_drift`` a month.
"""

from __future__ import annotations

import numpy as np

from politburo.model.compiled import compiled
from politburo.model.events import Event
from politburo.model.mechanisms.patronage import drift_to_unaligned
from politburo.model.state import UNALIGNED, State
from politburo.model.types import BoolArray, FloatArray, IntArray
from politburo.model.world import World

#: One body's seats as the compiled steps take them: holders, patrons, loyalties.
SeatArrays = tuple[IntArray, IntArray, FloatArray]


def realign(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """Apply one month of drift to members, named followers and anonymous seats.

    The uncommitted join the month's majority leader of the electing body
    (``state.majority``, read as the month's moves began). Drift is not logged.
    """
    rate = world.params.member_drift
    bodies = tuple(
        (seats.actor, seats.patron, seats.loyalty)
        for seats in (state.seats[body] for body in world.standing_bodies)
    )
    out, free = _fall_away(
        state.members,
        state.alive,
        state.in_party,
        state.recanted,
        bodies,
        rate,
    )
    leader = state.majority
    if leader < 0 or out[leader]:
        return []
    share = int(state.follower_counts(world.electing)[leader]) / max(
        state.seats[world.electing].size, 1
    )
    # One draw for each actor, then one for each free seat, body after body.
    draws = rng.random(world.n_actors + free)
    _join(
        state.patron,
        state.loyalty,
        world.is_contender,
        state.alive,
        state.in_party,
        bodies,
        leader,
        rate * share,
        world.params.follower_loyalty,
        draws,
    )
    return []


@compiled
def _fall_away(
    members: FloatArray,
    alive: BoolArray,
    in_party: BoolArray,
    recanted: BoolArray,
    bodies: tuple[SeatArrays, ...],
    rate: float,
) -> tuple[BoolArray, int]:
    """Members and anonymous seats of those out of the fight drift away.

    Returns who is out of the fight, and how many anonymous seats are now
    free to join someone.
    """
    out = np.empty(alive.shape[0], dtype=np.bool_)
    for actor in range(alive.shape[0]):
        out[actor] = not (alive[actor] and in_party[actor] and not recanted[actor])
    drift_to_unaligned(members, out, rate)
    # Named followers are known men: they stay in a fallen patron's camp (see camps).
    free = 0
    for seat_actor, seat_patron, seat_loyalty in bodies:
        for i in range(seat_actor.shape[0]):
            if seat_patron[i] >= 0 and out[seat_patron[i]]:
                seat_patron[i] = UNALIGNED
                seat_loyalty[i] = 0.0
            if seat_actor[i] < 0 and seat_patron[i] == UNALIGNED:
                free += 1
    return out, free


@compiled
def _join(
    patron: IntArray,
    loyalty: FloatArray,
    is_contender: BoolArray,
    alive: BoolArray,
    in_party: BoolArray,
    bodies: tuple[SeatArrays, ...],
    leader: int,
    joining: float,
    loyal: float,
    draws: FloatArray,
) -> None:
    """The uncommitted join ``leader``, each with probability ``joining`` on his own draw.

    Named actors first, in order, then the free anonymous seats, body after body.
    """
    for actor in range(patron.shape[0]):
        uncommitted = patron[actor] == UNALIGNED and not is_contender[actor]
        if uncommitted and alive[actor] and in_party[actor] and draws[actor] < joining:
            patron[actor] = leader
            loyalty[actor] = loyal
    k = patron.shape[0]
    for seat_actor, seat_patron, seat_loyalty in bodies:
        for i in range(seat_actor.shape[0]):
            if seat_actor[i] < 0 and seat_patron[i] == UNALIGNED:
                if draws[k] < joining:
                    seat_patron[i] = leader
                    seat_loyalty[i] = loyal
                k += 1
