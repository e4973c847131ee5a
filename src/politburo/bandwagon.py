"""Bandwagoning: followers of the fallen drift away; the uncommitted join the winner.

Members whose patron has left the fight lapse into no faction; uncommitted
named members and anonymous seats drift to the side that holds the
electing body, the sooner the larger its majority (fear of the side that is
winning). Both at ``member_drift`` a month.
"""

from __future__ import annotations

import numpy as np

from politburo.compiled import compiled
from politburo.patronage import drift_to_unaligned
from politburo.state import UNALIGNED, State, count_followers
from politburo.world import BoolArray, FloatArray, IntArray, World


def realign(world: World, state: State, leader: int, rng: np.random.Generator) -> None:
    """Apply one month of drift to members, named followers and anonymous seats.

    ``leader`` is the month's majority leader of the electing body, whom the
    uncommitted join.
    """
    out = _fall_away(
        state.members,
        state.patron,
        state.loyalty,
        state.alive,
        state.in_party,
        state.recanted,
        world.params.member_drift,
    )
    if leader < 0 or out[leader]:
        return
    # Each standing body's seats: holders, patrons, loyalties.
    bodies = tuple(
        (seats.actor, seats.patron, seats.loyalty)
        for seats in (state.seats[body] for body in world.standing_bodies)
    )
    electing = state.seats[world.electing]
    joining, free = _lapse_fallen(
        bodies, out, electing.actor, electing.patron, state.patron, leader
    )
    joining *= world.params.member_drift
    # One draw for each actor, then one for each free seat, body after body.
    draws = rng.random(world.n_actors + free)
    loyal = world.params.follower_loyalty
    _join_leader(
        state.patron,
        state.loyalty,
        world.is_contender,
        state.alive,
        state.in_party,
        leader,
        joining,
        loyal,
        draws,
    )
    _join_free(bodies, leader, joining, loyal, draws[world.n_actors :])


@compiled
def _fall_away(
    members: FloatArray,
    patron: IntArray,
    loyalty: FloatArray,
    alive: BoolArray,
    in_party: BoolArray,
    recanted: BoolArray,
    rate: float,
) -> BoolArray:
    """Members and named followers of those out of the fight drift away; returns who is out."""
    out = np.empty(alive.shape[0], dtype=np.bool_)
    for actor in range(alive.shape[0]):
        out[actor] = not (alive[actor] and in_party[actor] and not recanted[actor])
    drift_to_unaligned(members, out, rate)
    _orphan_followers(patron, loyalty, out)
    return out


@compiled
def _orphan_followers(patron: IntArray, loyalty: FloatArray, out: BoolArray) -> None:
    """Followers of a contender who has left the fight follow no one."""
    for actor in range(patron.shape[0]):
        follows = patron[actor]
        if follows >= 0 and follows != actor and out[follows]:
            patron[actor] = UNALIGNED
            loyalty[actor] = 0.0


@compiled
def _join_leader(
    patron: IntArray,
    loyalty: FloatArray,
    is_contender: BoolArray,
    alive: BoolArray,
    in_party: BoolArray,
    leader: int,
    joining: float,
    loyal: float,
    draws: FloatArray,
) -> None:
    """Uncommitted named actors join ``leader`` with probability ``joining``."""
    for actor in range(patron.shape[0]):
        uncommitted = patron[actor] == UNALIGNED and not is_contender[actor]
        if uncommitted and alive[actor] and in_party[actor] and draws[actor] < joining:
            patron[actor] = leader
            loyalty[actor] = loyal


@compiled
def _lapse_fallen(
    bodies: tuple[tuple[IntArray, IntArray, FloatArray], ...],
    out: BoolArray,
    electing_actor: IntArray,
    electing_patron: IntArray,
    patron: IntArray,
    leader: int,
) -> tuple[float, int]:
    """Seats following a fallen patron lapse in each standing body.

    Returns the leader's share of the electing body (the pull of his
    majority) and how many anonymous seats are now free.
    """
    counts = count_followers(electing_actor, electing_patron, patron)
    share = counts[leader] / max(electing_actor.shape[0], 1)
    free = 0
    for seat_actor, seat_patron, seat_loyalty in bodies:
        for i in range(seat_actor.shape[0]):
            if seat_patron[i] >= 0 and out[seat_patron[i]]:
                seat_patron[i] = UNALIGNED
                seat_loyalty[i] = 0.0
            if seat_actor[i] < 0 and seat_patron[i] == UNALIGNED:
                free += 1
    return share, free


@compiled
def _join_free(
    bodies: tuple[tuple[IntArray, IntArray, FloatArray], ...],
    leader: int,
    joining: float,
    loyal: float,
    draws: FloatArray,
) -> None:
    """Free anonymous seats join ``leader``, each on its own draw, body after body."""
    k = 0
    for seat_actor, seat_patron, seat_loyalty in bodies:
        for i in range(seat_actor.shape[0]):
            if seat_actor[i] < 0 and seat_patron[i] == UNALIGNED:
                if draws[k] < joining:
                    seat_patron[i] = leader
                    seat_loyalty[i] = loyal
                k += 1
