"""The moves: for each kind, who may make it (its legality rule) and what it does (its executor).

Every kind of move is registered once, in ``MOVES``: its legality rule and
its executor side by side. Legality rules read the actor's ``LegalMoves``
(the world, the state, his allies and rivals); executors have one shape,
``(world, state, actor, decision, rng) -> list[Event]``, and leave the work
to the mechanism the move belongs to. Moves other than waiting and
recanting are a faction leader's.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

import numpy as np

from politburo.model.events import Event
from politburo.model.mechanisms import (
    alliances,
    coup,
    doctrines,
    motions,
    patronage,
    pretexts,
    recantation,
    reputation,
)
from politburo.model.policy.legal import Decision, LegalMoves, Move, MoveRule
from politburo.model.state import State
from politburo.model.world import World
from politburo.scenario.schema import MotionKind


class MoveKind(StrEnum):
    """The kinds of move an actor can make in a month (each registered in ``MOVES``)."""

    WAIT = "wait"
    ALLY = "ally"
    BREAK = "break"
    RECRUIT = "recruit"
    ATTACK = "attack"
    USE_PRETEXT = "use_pretext"
    PROPOSE = "propose"
    PUBLISH = "publish"
    ADOPT = "adopt"
    READMIT = "readmit"
    RECANT = "recant"
    COUP = "coup"


#: The decision to do nothing this month.
WAIT = Decision(Move(MoveKind.WAIT), ())


# Wait: always open to anyone; does nothing.


def _legal_wait(m: LegalMoves) -> list[Move]:
    return [Move(MoveKind.WAIT)]


def _wait(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    return []


# Recant: open to a man who has himself been sanctioned or condemned (7.10).


def _legal_recant(m: LegalMoves) -> list[Move]:
    return [Move(MoveKind.RECANT)] if recantation.may_recant(m.state, m.actor) else []


def _recant(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    return [recantation.recant(world, state, actor, decision.reasons)]


# Coup: open to the commander of a force: the army, the security troops, a guard (7.12).


def _legal_coup(m: LegalMoves) -> list[Move]:
    return [Move(MoveKind.COUP)] if coup.commands_force(m.world, m.state, m.actor) else []


def _coup(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    return coup.stage_coup(world, state, actor, rng)


# Alliances: ally with any rival, break with any ally (7.7).


def _legal_break(m: LegalMoves) -> list[Move]:
    return [Move(MoveKind.BREAK, target=ally) for ally in m.allies]


def _break(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    why = decision.reasons[0] if decision.reasons else ""
    return [alliances.dissolve(world, state, actor, decision.move.target, why)]


def _legal_ally(m: LegalMoves) -> list[Move]:
    return [Move(MoveKind.ALLY, target=r) for r in m.rivals]


def _ally(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    move = decision.move
    return [alliances.form(world, state, actor, move.target, move.partner_of)]


# Attack: any rival, openly (7.5); or with a pretext that has arisen against him (7.9).


def _legal_attack(m: LegalMoves) -> list[Move]:
    return [Move(MoveKind.ATTACK, target=r) for r in m.rivals]


def _attack(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    return [reputation.open_attack(world, state, actor, decision.move.target, decision.reasons)]


def _legal_use_pretext(m: LegalMoves) -> list[Move]:
    accused = {leader for leader, _ in m.state.pretexts}
    return [Move(MoveKind.USE_PRETEXT, target=r) for r in m.rivals if r in accused]


def _use_pretext(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    return [pretexts.use_pretext(world, state, actor, decision.move.target)]


# Recruit: through a recruiting office he holds, once its interval has passed (7.4).


def _legal_recruit(m: LegalMoves) -> list[Move]:
    office = patronage.can_recruit(m.world, m.state, m.actor)
    return [Move(MoveKind.RECRUIT, office=office)] if office >= 0 else []


def _recruit(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    return [patronage.recruitment_wave(world, state, actor, decision.move.office)]


# Doctrines: publish his own; propose a published one of his as the line (7.8).


def _legal_publish(m: LegalMoves) -> list[Move]:
    published = m.state.published
    return [
        Move(MoveKind.PUBLISH, doctrine=d) for d in m.world.authored[m.actor] if not published[d]
    ]


def _publish(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    return [doctrines.publish(world, state, actor, decision.move.doctrine)]


def _legal_adopt(m: LegalMoves) -> list[Move]:
    world, state = m.world, m.state
    body = motions.sitting_body(world, MotionKind.ADOPT_DOCTRINE, state.sitting, m.convener)
    return [
        Move(MoveKind.ADOPT, doctrine=d, body=body)
        for d in world.authored[m.actor]
        if body >= 0 and state.published[d] and d != state.line
    ]


def _adopt(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    move = decision.move
    return [
        *motions.convene(world, state, actor, move.body),
        doctrines.propose_adoption(world, state, actor, move.doctrine, move.body, rng),
    ]


# Motions: the next rung of sanctions against a rival, in a body with the right (7.6);
# the readmission of those who recanted, by the majority's leader (7.10).


def _legal_propose(m: LegalMoves) -> list[Move]:
    return [move for rival in m.world.contenders.tolist() for move in _propose_against(m, rival)]


def _propose_against(m: LegalMoves, rival: int) -> list[Move]:
    """The next sanction against ``rival`` that a body sitting now could pass, if any."""
    world, state = m.world, m.state
    if rival == m.actor or rival in m.allies:
        return []
    if not state.alive[rival] or state.recanted[rival]:
        return []
    step = motions.next_step(world, state, rival)
    if step is None:
        return []
    kind, office = step
    body = motions.deciding_body(world, kind, office, state.sitting)
    convene = False
    if body < 0 and m.convener:
        body = motions.deciding_body(world, kind, office, motions.with_plenum(world, state.sitting))
        convene = body >= 0
    if body < 0:
        return []
    return [
        Move(MoveKind.PROPOSE, target=rival, motion=kind, office=office, body=body, convene=convene)
    ]


def _legal_readmit(m: LegalMoves) -> list[Move]:
    world, state = m.world, m.state
    if state.majority != m.actor:
        return []
    due = recantation.awaiting_readmission(world, state)
    if not due:
        return []
    body = motions.sitting_body(world, MotionKind.READMIT, state.sitting, m.convener)
    if body < 0:
        return []
    return [Move(MoveKind.READMIT, target=r, motion=MotionKind.READMIT, body=body) for r in due]


def _propose(
    world: World, state: State, actor: int, decision: Decision, rng: np.random.Generator
) -> list[Event]:
    move = decision.move
    if move.motion is None:
        return []
    convened = motions.convene(world, state, actor, move.body)
    result = motions.propose(
        world,
        state,
        actor,
        move.target,
        move.motion,
        move.office,
        move.body,
        rng,
        decision.reasons,
    )
    return [*convened, *result]


#: Every kind of move: its legality rule and its executor. Listing order is this order.
MOVES: Mapping[str, MoveRule] = MappingProxyType(
    {
        MoveKind.WAIT: MoveRule(_legal_wait, _wait, leaders_only=False),
        MoveKind.ALLY: MoveRule(_legal_ally, _ally),
        MoveKind.BREAK: MoveRule(_legal_break, _break),
        MoveKind.RECRUIT: MoveRule(_legal_recruit, _recruit),
        MoveKind.ATTACK: MoveRule(_legal_attack, _attack),
        MoveKind.USE_PRETEXT: MoveRule(_legal_use_pretext, _use_pretext),
        MoveKind.PROPOSE: MoveRule(_legal_propose, _propose, against=_propose_against),
        MoveKind.PUBLISH: MoveRule(_legal_publish, _publish),
        MoveKind.ADOPT: MoveRule(_legal_adopt, _adopt),
        MoveKind.READMIT: MoveRule(_legal_readmit, _propose),
        MoveKind.RECANT: MoveRule(_legal_recant, _recant, leaders_only=False),
        MoveKind.COUP: MoveRule(_legal_coup, _coup),
    }
)
