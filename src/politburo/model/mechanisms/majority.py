"""The side that holds a body: its leader and his allies, by the seats their followers hold.

A side is a leader and the contenders allied with him; its seats are those
its members' own followers hold. The body's majority leader is the leader
with most seats of his own inside its largest side: he speaks for the
majority when a congress votes on the report and when vacancies are filled.
"""

from __future__ import annotations

import numpy as np

from politburo.model.compiled import compiled
from politburo.model.state import State, active_contenders, count_followers
from politburo.model.types import BoolArray, IntArray
from politburo.model.world import World


def sides(world: World, state: State, body: int) -> list[tuple[int, IntArray, int]]:
    """Each active contender's side in ``body``: (leader, side leaders, seats), largest first.

    A side is a leader and the contenders allied with him; its seats are
    those its members' own followers hold. Ties go to the leader with more
    seats of his own, then to the lower index.
    """
    active = state.active(world)
    order, seats, members = _side_ranking(
        world.contenders, active, state.allied, state.follower_counts(body)
    )
    return [(int(active[k]), world.contenders[members[k]], int(seats[k])) for k in order.tolist()]


def majority_leader(world: World, state: State, body: int) -> int:
    """The leader with most seats of his own inside the largest side of ``body``, or -1."""
    seats = state.seats[body]
    return int(
        _majority_leader(
            world.contenders,
            state.alive,
            state.in_party,
            state.recanted,
            state.allied,
            seats.actor,
            seats.patron,
            state.patron,
        )
    )


@compiled
def _side_ranking(
    contenders: IntArray, active: IntArray, allied: BoolArray, counts: IntArray
) -> tuple[IntArray, IntArray, BoolArray]:
    """The order of the active leaders' sides (largest first), their seats, their members."""
    n = active.shape[0]
    members = np.zeros((n, contenders.shape[0]), dtype=np.bool_)
    seats = np.zeros(n, dtype=np.int64)
    for k in range(n):
        leader = active[k]
        for j in range(contenders.shape[0]):
            c = contenders[j]
            if c == leader or allied[leader, c]:
                members[k, j] = True
                seats[k] += counts[c]
    order = np.arange(n)
    for k in range(1, n):  # insertion sort on (-seats, -own seats, leader)
        item = order[k]
        m = k - 1
        while m >= 0 and _ranks_before(item, order[m], seats, counts, active):
            order[m + 1] = order[m]
            m -= 1
        order[m + 1] = item
    return order, seats, members


@compiled
def _ranks_before(a: int, b: int, seats: IntArray, counts: IntArray, active: IntArray) -> bool:
    if seats[a] != seats[b]:
        return bool(seats[a] > seats[b])
    if counts[active[a]] != counts[active[b]]:
        return bool(counts[active[a]] > counts[active[b]])
    return bool(active[a] < active[b])


@compiled
def _majority_leader(
    contenders: IntArray,
    alive: BoolArray,
    in_party: BoolArray,
    recanted: BoolArray,
    allied: BoolArray,
    seat_actor: IntArray,
    seat_patron: IntArray,
    patron: IntArray,
) -> int:
    active = active_contenders(contenders, alive, in_party, recanted)
    counts = count_followers(seat_actor, seat_patron, patron)
    if active.shape[0] == 0:
        return -1
    order, _, members = _side_ranking(contenders, active, allied, counts)
    best, best_own = -1, -1
    for j in range(contenders.shape[0]):
        c = contenders[j]
        if members[order[0], j] and (counts[c] > best_own or (counts[c] == best_own and c > best)):
            best, best_own = c, counts[c]
    return best
