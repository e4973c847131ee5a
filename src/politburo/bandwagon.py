"""Bandwagoning: followers of the fallen drift away; the uncommitted join the winner.

Members whose patron has left the fight lapse into no faction; uncommitted
named members and anonymous seats drift to the side that holds the
electing body, the sooner the larger its majority (fear of the side that is
winning). Both at ``member_drift`` a month.
"""

from __future__ import annotations

import numpy as np

from politburo.compiled import compiled
from politburo.patronage import member_drift
from politburo.state import UNALIGNED, State
from politburo.world import BoolArray, FloatArray, IntArray, World


def realign(world: World, state: State, leader: int, rng: np.random.Generator) -> None:
    """Apply one month of drift to members, named followers and anonymous seats.

    ``leader`` is the month's majority leader of the electing body, whom the
    uncommitted join.
    """
    rate = world.params.member_drift
    out = ~(state.alive & state.in_party & ~state.recanted)
    member_drift(world, state, out)
    _orphan_followers(state.patron, state.loyalty, out)
    if leader < 0 or out[leader]:
        return
    share = int(state.follower_counts(world.electing)[leader]) / max(
        state.seats[world.electing].size, 1
    )
    joining = rate * share
    draws = rng.random(world.n_actors)
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
    standing = [state.seats[body] for body in world.standing_bodies]
    free = [_lapse_fallen(seats.actor, seats.patron, seats.loyalty, out) for seats in standing]
    # One draw for each free seat, body after body.
    draws = rng.random(sum(free))
    start = 0
    for seats, count in zip(standing, free, strict=True):
        _join_free(seats.actor, seats.patron, seats.loyalty, leader, joining, loyal, draws[start:])
        start += count


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
    seat_actor: IntArray, seat_patron: IntArray, seat_loyalty: FloatArray, out: BoolArray
) -> int:
    """Seats following a fallen patron lapse; returns how many anonymous seats are now free."""
    free = 0
    for i in range(seat_actor.shape[0]):
        if seat_patron[i] >= 0 and out[seat_patron[i]]:
            seat_patron[i] = UNALIGNED
            seat_loyalty[i] = 0.0
        if seat_actor[i] < 0 and seat_patron[i] == UNALIGNED:
            free += 1
    return free


@compiled
def _join_free(
    seat_actor: IntArray,
    seat_patron: IntArray,
    seat_loyalty: FloatArray,
    leader: int,
    joining: float,
    loyal: float,
    draws: FloatArray,
) -> None:
    """Free anonymous seats join ``leader``, each on its own draw, in seat order."""
    k = 0
    for i in range(seat_actor.shape[0]):
        if seat_actor[i] < 0 and seat_patron[i] == UNALIGNED:
            if draws[k] < joining:
                seat_patron[i] = leader
                seat_loyalty[i] = loyal
            k += 1
