"""Motions: every removal, expulsion, exile and readmission, voted by the body with the right.

Sanctions climb a ladder, one step a motion: an office, full membership of
the top body (demotion to candidate, where a body has that right), the seat
in the top body, the seat in the electing body, membership, then exile at
home and abroad. A body can decide only what the scenario gives it the right
to, and only when it meets. A sanction beyond an office condemns the
target's camp (``camps``); removal from the electing body and expulsion are
shared by the camp's members who will not capitulate.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from politburo.model.chronicle import event
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.mechanisms import camps
from politburo.model.mechanisms.reputation import attack, in_minority
from politburo.model.state import State
from politburo.model.types import BoolArray
from politburo.model.voting import Contest, Tally, cast_votes, contest
from politburo.model.world import World
from politburo.scenario.schema import MotionKind, Power, Role

LADDER = (
    MotionKind.REMOVE_OFFICE,
    MotionKind.DEMOTE_TOP,
    MotionKind.REMOVE_TOP,
    MotionKind.REMOVE_ELECTING,
    MotionKind.EXPEL,
    MotionKind.EXILE,
    MotionKind.DEPORT,
)

OUTCOME = {
    MotionKind.REMOVE_OFFICE: Kind.OFFICE_REMOVED,
    MotionKind.DEMOTE_TOP: Kind.TOP_DEMOTED,
    MotionKind.REMOVE_TOP: Kind.TOP_REMOVED,
    MotionKind.REMOVE_ELECTING: Kind.ELECTING_REMOVED,
    MotionKind.EXPEL: Kind.EXPELLED,
    MotionKind.EXILE: Kind.EXILED,
    MotionKind.DEPORT: Kind.DEPORTED,
    MotionKind.READMIT: Kind.READMITTED,
}

WORDS = {
    MotionKind.REMOVE_OFFICE: "remove {target} from office",
    MotionKind.DEMOTE_TOP: "demote {target} to candidate member of the {top}",
    MotionKind.REMOVE_TOP: "remove {target} from the {top}",
    MotionKind.REMOVE_ELECTING: "remove {target} from the {electing}",
    MotionKind.EXPEL: "expel {target} from the party",
    MotionKind.EXILE: "exile {target}",
    MotionKind.DEPORT: "deport {target}",
    MotionKind.READMIT: "readmit {target}",
}


def next_step(world: World, state: State, target: int) -> tuple[MotionKind, int] | None:
    """The mildest sanction ``target`` has not yet suffered, with the office it concerns."""
    offices = state.offices_held(target)
    open_steps: dict[MotionKind, Callable[[], bool]] = {
        MotionKind.REMOVE_OFFICE: lambda: bool(offices),
        MotionKind.DEMOTE_TOP: lambda: (
            bool(world.deciding_bodies(MotionKind.DEMOTE_TOP)) and state.in_body(world.top, target)
        ),
        MotionKind.REMOVE_TOP: lambda: (
            state.in_body(world.top, target) or bool(state.candidate[target])
        ),
        MotionKind.REMOVE_ELECTING: lambda: state.in_body(world.electing, target),
        MotionKind.EXPEL: lambda: bool(state.in_party[target]),
        MotionKind.EXILE: lambda: bool(not state.in_party[target] and state.exile[target] == 0),
        MotionKind.DEPORT: lambda: bool(state.exile[target] == 1),
    }
    for kind in LADDER:  # the mildest first: the later steps are not looked at
        if open_steps[kind]():
            return kind, offices[0] if kind is MotionKind.REMOVE_OFFICE else -1
    return None


def deciding_body(world: World, kind: MotionKind, office: int, meeting: BoolArray) -> int:
    """The body with the right to decide ``kind`` that meets now, or -1.

    An office is taken away by the body that appoints it when that body has
    the right to remove office-holders; otherwise by any body that has it.
    """
    if kind is MotionKind.REMOVE_OFFICE:
        body = int(world.office_appointer[office])
        if kind in world.body_decides[body]:
            return body if meeting[body] else -1
    for body in world.deciding_bodies(kind):
        if meeting[body]:
            return body
    return -1


def can_convene(world: World, state: State, actor: int) -> bool:
    """Whether ``actor`` holds an office that may call the electing body together."""
    return any(state.office_holder[o] == actor for o in world.offices_with(Power.CONVENE_PLENUM))


def with_plenum(world: World, sitting: BoolArray) -> BoolArray:
    """The bodies sitting if the electing body is convened: it, and those that sit with it."""
    convened = sitting.copy()
    convened[world.electing] = True
    convened[world.body_interval < 0] = True
    return convened


def sitting_body(world: World, kind: MotionKind, sitting: BoolArray, convener: bool) -> int:
    """The first body with the right to decide ``kind`` that sits, or that he could convene."""
    for body in world.deciding_bodies(kind):
        if sitting[body] or (convener and body == world.electing):
            return body
    return -1


def convene(world: World, state: State, actor: int, body: int) -> list[Event]:
    """Call the electing body together when it would not sit this month by statute."""
    if state.sitting[body] or world.body_roles[body] is Role.CONGRESS:
        return []
    state.sitting[:] = with_plenum(world, state.sitting)
    return [
        event(
            world,
            state,
            Kind.PLENUM_CONVENED,
            Mechanism.STATUTE,
            actor=actor,
            body=body,
            reasons=("his office has the power to convene it",),
        )
    ]


def motion_contest(
    world: World,
    state: State,
    proposer: int,
    target: int,
    kind: MotionKind,
    office: int = -1,
) -> Contest:
    """The two sides of a motion; a readmission has no side against it.

    The harsher the sanction, the more it departs from the status quo (see
    ``severity``).
    """
    if kind is MotionKind.READMIT:
        return contest(world, state, proposer, -1, change=1.0 / len(LADDER), motion=kind)
    powers = len(world.office_powers[office]) if office >= 0 else 1
    return contest(world, state, proposer, target, change=severity(kind, powers), motion=kind)


def severity(kind: MotionKind, powers: int = 1) -> float:
    """How far a sanction departs from the status quo, from 1/len(LADDER) to 1.

    A rung counts its place on the ladder over the ladder's length; taking
    away an office counts one rung for each power the office grants (at
    least one), so that unseating the man who appoints the provinces weighs
    more than removing a minister.
    """
    if kind is MotionKind.REMOVE_OFFICE:
        return min(1.0, max(1, powers) / len(LADDER))
    return (LADDER.index(kind) + 1) / len(LADDER)


def apply(
    world: World,
    state: State,
    kind: MotionKind,
    target: int,
    office: int,
    winner: int,
    body: int,
    rng: np.random.Generator,
) -> list[Event]:
    """Carry out a motion that passed; return what it brings on the target's camp."""
    if kind is MotionKind.READMIT:
        state.in_party[target] = True
        return []
    state.sanctioned[target] = True
    state.last_blow[target] = state.month
    if kind is not MotionKind.REMOVE_OFFICE:
        state.condemned[target] = True
    if kind is MotionKind.REMOVE_OFFICE:
        state.office_holder[office] = -1
    elif kind is MotionKind.DEMOTE_TOP:
        state.vacate(world.top, target)
        state.candidate[target] = True
    elif kind is MotionKind.REMOVE_TOP:
        # A seat in the top body is filled by election, not co-option.
        state.vacate(world.top, target)
        state.candidate[target] = False
    elif kind is MotionKind.REMOVE_ELECTING:
        state.vacate(world.top, target)
        state.candidate[target] = False
        state.vacate(world.electing, target, winner, world.params.follower_loyalty)
    elif kind is MotionKind.EXPEL:
        camps.expel(world, state, target, winner)
    elif kind is MotionKind.EXILE:
        state.exile[target] = 1
    elif kind is MotionKind.DEPORT:
        state.exile[target] = 2
    return camps.share(world, state, target, kind, body, rng)


def propose(
    world: World,
    state: State,
    proposer: int,
    target: int,
    kind: MotionKind,
    office: int,
    body: int,
    rng: np.random.Generator,
    reasons: tuple[str, ...],
) -> list[Event]:
    """Put a motion to ``body``'s vote, apply it if it carries, and log it and what it brings."""
    c = motion_contest(world, state, proposer, target, kind, office)
    tally: Tally = cast_votes(world, state, body, c, rng)
    leader = int(state.patron[proposer])
    winner = leader if leader >= 0 else proposer
    words = WORDS[kind].format(
        target=world.actor_names[target],
        top=world.body_names[world.top],
        electing=world.body_names[world.electing],
    )
    consequences: list[Event] = []
    if tally.carried:
        if kind is not MotionKind.READMIT:
            attack(world, state, proposer, target)
        consequences = apply(world, state, kind, target, office, winner, body, rng)
        kind_out = OUTCOME[kind]
        verdict = f"motion to {words} carried {tally.votes_for}-{tally.votes_against}"
    else:
        p = world.params
        ban = p.faction_ban_cost if in_minority(world, state, proposer) else 0.0
        state.reputation[proposer] = max(0.0, state.reputation[proposer] - p.attack_cost - ban)
        state.openness[proposer] = 1.0
        kind_out = Kind.MOTION_FAILED
        verdict = f"motion to {words} failed {tally.votes_for}-{tally.votes_against}"
    outcome = event(
        world,
        state,
        kind_out,
        Mechanism.MOTION,
        actor=target,
        others=(proposer,),
        body=body,
        office=office,
        tally=tally,
        reasons=(verdict, *reasons),
    )
    return [outcome, *consequences]
