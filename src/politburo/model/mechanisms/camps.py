"""Camps: a contender's known followers stand and fall with him, unless they capitulate.

A man's camp is the named followers whose patron he is. They stay in it when
he falls (they do not drift to the majority: they are known oppositionists).
A body that sanctions a contender beyond the loss of an office condemns his
camp: its members may hold no new post until they capitulate. When the body
removes him from the electing body or expels him, each member of his camp
who sits there or is in the party shares the sanction, unless he capitulates
one by one, as readily as his trait ``yielding`` says (the 15th Congress
expelled the oppositionists who would not recant). A capitulator leaves the
camp, follows no one, and is kept from posts for ``capitulation_bar`` months;
when the leader himself recants, his camp capitulates with him.
"""

from __future__ import annotations

import numpy as np

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.state import UNALIGNED, State
from politburo.model.world import World
from politburo.scenario.schema import MotionKind

#: The sanctions whose carrying a camp shares, and where it shares them.
SHARED = (MotionKind.REMOVE_ELECTING, MotionKind.EXPEL)


def members(world: World, state: State, leader: int) -> list[int]:
    """The living named followers of ``leader`` who have not capitulated."""
    follows = (state.patron == leader) & state.alive & ~world.is_contender
    for man, _ in world.institution_men:  # an institution's men are no man's camp
        follows[man] = False
    return [int(m) for m in follows.nonzero()[0] if m != leader]


def capitulate(world: World, state: State, member: int) -> None:
    """``member`` leaves his camp and is kept from posts for a while."""
    state.patron[member] = UNALIGNED
    state.loyalty[member] = 0.0
    bar(world, state, member)


def bar(world: World, state: State, who: int) -> None:
    """Keep ``who``, who has recanted or capitulated, from posts for ``capitulation_bar`` months."""
    state.barred_until[who] = state.month + round(world.params.capitulation_bar)


def share(
    world: World, state: State, leader: int, kind: MotionKind, body: int, rng: np.random.Generator
) -> list[Event]:
    """The members of ``leader``'s camp share a sanction of kind ``kind``, or capitulate."""
    if kind not in SHARED:
        return []
    affected = [
        m
        for m in members(world, state, leader)
        if state.in_party[m] and (kind is MotionKind.EXPEL or state.in_body(world.electing, m))
    ]
    if not affected:
        return []
    draws = rng.random(len(affected)).tolist()
    yielded = [m for m, u in zip(affected, draws, strict=True) if u < world.tempers[m].yielding]
    shared = [m for m in affected if m not in yielded]
    for m in yielded:
        capitulate(world, state, m)
    for m in shared:
        if kind is MotionKind.EXPEL:
            expel(world, state, m)
        else:
            state.vacate(world.top, m)
            state.vacate(world.electing, m)
            state.candidate[m] = False
    out = [
        event(
            world,
            state,
            Kind.CAPITULATED,
            Mechanism.CAMPS,
            actor=m,
            target=leader,
            body=body,
            reasons=(f"readiness to recant {world.tempers[m].yielding:.2f}",),
        )
        for m in yielded
    ]
    if shared:
        out.append(
            event(
                world,
                state,
                Kind.CAMP_SANCTIONED,
                Mechanism.CAMPS,
                actor=leader,
                others=tuple(shared),
                body=body,
                reasons=(
                    "removed from the electing body with him"
                    if kind is not MotionKind.EXPEL
                    else "expelled with him",
                    "they would not capitulate",
                ),
            )
        )
    return out


def expel(world: World, state: State, member: int, successor: int = UNALIGNED) -> None:
    """Take ``member`` out of the party and so out of every post, seat and candidacy.

    His seats in the standing bodies other than the top body pass to a man of
    ``successor``'s camp (co-opted in his place); the others to no one.
    """
    state.in_party[member] = False
    state.sanctioned[member] = True
    state.office_holder[state.office_holder == member] = -1
    loyalty = world.params.follower_loyalty
    for body in range(len(state.seats)):
        if body in (world.top, world.congress) or successor == UNALIGNED:
            state.vacate(body, member)
        else:
            state.vacate(body, member, successor, loyalty)
    state.candidate[member] = False


def submit_with(world: World, state: State, leader: int) -> list[int]:
    """When ``leader`` recants, his camp capitulates with him; returns who did."""
    followers = members(world, state, leader)
    for m in followers:
        capitulate(world, state, m)
    return followers
