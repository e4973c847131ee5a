"""How an actor chooses his move each month: legal moves, and a policy that picks one.

The interface is a game's: ``LegalMoves(world, state, actor, situation)``
lists what the rules allow, and a ``Policy`` chooses among them with the
run's generator, giving its reasons. ``TraitPolicy`` plays every actor from
his traits; a person or a search can stand in for any actor by passing
another ``Policy`` to ``simulate``.

Patience is a threshold on the state of the struggle, never a date: an
actor attacks openly only when his own followers would carry the electing body
against his target with at least that probability.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Protocol

import numpy as np

from politburo.model.mechanisms.alliances import allies_of, ally_to_drop, partner_for
from politburo.model.mechanisms.coup import commands_army, tempted
from politburo.model.mechanisms.doctrines import adoption_contest
from politburo.model.mechanisms.motions import deciding_body, motion_contest, next_step
from politburo.model.mechanisms.patronage import can_recruit
from politburo.model.mechanisms.recantation import awaiting_readmission
from politburo.model.mechanisms.threat import Threats
from politburo.model.state import State
from politburo.model.types import BoolArray
from politburo.model.voting import carry_odds, contest
from politburo.model.world import World
from politburo.scenario.schema import MotionKind, Power


class MoveKind(StrEnum):
    """The kinds of move an actor can make in a month."""

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


@dataclass(frozen=True, slots=True)
class Move:
    """One legal move: what, against whom, in which body, about which office or doctrine."""

    kind: MoveKind
    target: int = -1
    motion: MotionKind | None = None
    office: int = -1
    body: int = -1
    doctrine: int = -1
    partner_of: int = -1
    convene: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """A chosen move and the reasons that drove it."""

    move: Move
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Situation:
    """What every actor sees at the start of his move this month."""

    threats: Threats
    meeting: BoolArray
    majority: int
    odds: dict[tuple[int, int, bool], float] = field(default_factory=dict)


#: The decision to do nothing this month.
WAIT = Decision(Move(MoveKind.WAIT), ())


class Policy(Protocol):
    """Chooses one of the legal moves for ``actor``."""

    def choose(
        self,
        world: World,
        state: State,
        actor: int,
        moves: LegalMoves,
        situation: Situation,
        rng: np.random.Generator,
    ) -> Decision:
        """Pick a move among ``moves`` (WAIT is always among them)."""
        ...


def can_convene(world: World, state: State, actor: int) -> bool:
    """Whether ``actor`` holds an office that may call the electing body together."""
    return any(state.office_holder[o] == actor for o in world.offices_with(Power.CONVENE_PLENUM))


def beaten(world: World, state: State, actor: int) -> bool:
    """Whether ``actor`` has been sanctioned out of the top body or the party."""
    return bool(state.sanctioned[actor]) and not (
        state.in_party[actor] and state.in_body(world.top, actor)
    )


class LegalMoves:
    """The moves the rules allow one actor this month, worked out kind by kind when asked.

    A policy that only considers a few kinds of move pays only for those;
    iterating gives every legal move (WAIT always among them).
    """

    def __init__(self, world: World, state: State, actor: int, situation: Situation) -> None:
        self.world = world
        self.state = state
        self.actor = actor
        self.situation = situation
        self._cache: dict[MoveKind, list[Move]] = {}
        self.leads = bool(
            state.alive[actor]
            and state.in_party[actor]
            and not state.recanted[actor]
            and state.patron[actor] == actor
        )

    @cached_property
    def allies(self) -> list[int]:
        """The contenders allied with the actor, if he leads a faction."""
        return allies_of(self.state, self.actor) if self.leads else []

    def __iter__(self) -> Iterator[Move]:
        for kind in MoveKind:
            yield from self.of(kind)

    def __contains__(self, kind: object) -> bool:
        return isinstance(kind, MoveKind) and bool(self.of(kind))

    def of(self, kind: MoveKind) -> list[Move]:
        """The legal moves of one kind."""
        moves = self._cache.get(kind)
        if moves is None:
            moves = self._cache[kind] = self._work_out(kind)
        return moves

    def _rivals(self) -> list[int]:
        return [
            r for r in self.situation.threats.leaders if r != self.actor and r not in self.allies
        ]

    def _work_out(self, kind: MoveKind) -> list[Move]:
        if kind is MoveKind.WAIT:
            return [Move(MoveKind.WAIT)]
        if kind is MoveKind.RECANT:
            return self._recant()
        if not self.leads:
            return []  # every other move is a faction leader's
        return _RULES[kind](self)

    def _recant(self) -> list[Move]:
        world, state, actor = self.world, self.state, self.actor
        expelled = state.alive[actor] and not state.in_party[actor] and not state.recanted[actor]
        if expelled or (self.leads and any(beaten(world, state, a) for a in (actor, *self.allies))):
            return [Move(MoveKind.RECANT)]
        return []

    def _coup(self) -> list[Move]:
        return [Move(MoveKind.COUP)] if commands_army(self.world, self.state, self.actor) else []

    def _break(self) -> list[Move]:
        return [Move(MoveKind.BREAK, target=ally) for ally in self.allies]

    def _ally(self) -> list[Move]:
        return [Move(MoveKind.ALLY, target=r) for r in self._rivals()]

    def _attack(self) -> list[Move]:
        return [Move(MoveKind.ATTACK, target=r) for r in self._rivals()]

    def _use_pretext(self) -> list[Move]:
        accused = {leader for leader, _ in self.state.pretexts}
        return [Move(MoveKind.USE_PRETEXT, target=r) for r in self._rivals() if r in accused]

    def _recruit(self) -> list[Move]:
        office = can_recruit(self.world, self.state, self.actor)
        return [Move(MoveKind.RECRUIT, office=office)] if office >= 0 else []

    def _publish(self) -> list[Move]:
        published = self.state.published
        return [
            Move(MoveKind.PUBLISH, doctrine=d)
            for d in self.world.authored[self.actor]
            if not published[d]
        ]

    def _adopt(self) -> list[Move]:
        world, state = self.world, self.state
        convener = can_convene(world, state, self.actor)
        body = _meeting_body(world, MotionKind.ADOPT_DOCTRINE, self.situation.meeting, convener)
        return [
            Move(MoveKind.ADOPT, doctrine=d, body=body)
            for d in world.authored[self.actor]
            if body >= 0 and state.published[d] and d != state.line
        ]

    def _propose(self) -> list[Move]:
        convener = can_convene(self.world, self.state, self.actor)
        return self._motions(self.situation.meeting, convener)

    def _readmit(self) -> list[Move]:
        world, state = self.world, self.state
        if self.situation.majority != self.actor:
            return []
        due = awaiting_readmission(world, state)
        if not due:
            return []
        convener = can_convene(world, state, self.actor)
        body = _meeting_body(world, MotionKind.READMIT, self.situation.meeting, convener)
        if body < 0:
            return []
        return [Move(MoveKind.READMIT, target=r, motion=MotionKind.READMIT, body=body) for r in due]

    def against(self, kind: MoveKind, target: int) -> list[Move]:
        """The legal moves of one kind against ``target``.

        Motions are worked out for that rival alone unless all of them
        already have been: a policy that has chosen its target pays for one.
        """
        if kind is MoveKind.PROPOSE and kind not in self._cache:
            if not self.leads:
                return []
            convener = can_convene(self.world, self.state, self.actor)
            move = self._motion_against(target, self.situation.meeting, convener)
            return [] if move is None else [move]
        return [move for move in self.of(kind) if move.target == target]

    def _motions(self, meeting: BoolArray, convener: bool) -> list[Move]:
        moves = (
            self._motion_against(rival, meeting, convener)
            for rival in self.world.contenders.tolist()
        )
        return [move for move in moves if move is not None]

    def _motion_against(self, rival: int, meeting: BoolArray, convener: bool) -> Move | None:
        """The next sanction against ``rival`` that a body sitting now could pass, if any."""
        world, state = self.world, self.state
        if rival == self.actor or rival in self.allies:
            return None
        if not state.alive[rival] or state.recanted[rival]:
            return None
        step = next_step(world, state, rival)
        if step is None:
            return None
        kind, office = step
        body = deciding_body(world, kind, office, meeting)
        convene = False
        if body < 0 and convener:
            body = deciding_body(world, kind, office, with_plenum(world, meeting))
            convene = body >= 0
        if body < 0:
            return None
        return Move(
            MoveKind.PROPOSE, target=rival, motion=kind, office=office, body=body, convene=convene
        )


#: How the moves of each kind open to a faction leader are worked out.
_RULES: dict[MoveKind, Callable[[LegalMoves], list[Move]]] = {
    MoveKind.COUP: LegalMoves._coup,
    MoveKind.BREAK: LegalMoves._break,
    MoveKind.ALLY: LegalMoves._ally,
    MoveKind.ATTACK: LegalMoves._attack,
    MoveKind.USE_PRETEXT: LegalMoves._use_pretext,
    MoveKind.RECRUIT: LegalMoves._recruit,
    MoveKind.PUBLISH: LegalMoves._publish,
    MoveKind.ADOPT: LegalMoves._adopt,
    MoveKind.PROPOSE: LegalMoves._propose,
    MoveKind.READMIT: LegalMoves._readmit,
}


def with_plenum(world: World, meeting: BoolArray) -> BoolArray:
    """The bodies sitting if the electing body is convened: it, and those that sit with it."""
    convened = meeting.copy()
    convened[world.electing] = True
    convened[world.body_interval < 0] = True
    return convened


def _meeting_body(world: World, kind: MotionKind, meeting: BoolArray, convener: bool) -> int:
    for body in world.deciding_bodies(kind):
        if meeting[body] or (convener and body == world.electing):
            return body
    return -1


class TraitPolicy:
    """Plays an actor from his traits: the default for every actor."""

    def choose(
        self,
        world: World,
        state: State,
        actor: int,
        moves: LegalMoves,
        situation: Situation,
        rng: np.random.Generator,
    ) -> Decision:
        """Pick a move the way the actor's traits incline him to."""
        p = world.params
        by_kind = moves
        threats = situation.threats
        name = world.actor_names
        temper = world.tempers[actor]

        submits = temper.flexibility * (1.0 - temper.combativeness)
        if rng.random() < p.attack_rate * submits and MoveKind.RECANT in by_kind:
            rival = situation.majority
            if rival != actor:
                odds = (
                    0.0
                    if rival < 0 or not state.in_party[actor]
                    else self._odds(world, state, situation, actor, rival)
                )
                if rng.random() < 1.0 - odds:
                    return Decision(
                        by_kind.of(MoveKind.RECANT)[0],
                        (
                            f"his chance of carrying the {world.body_names[world.electing]} "
                            f"is down to {odds:.0%}",
                            f"flexibility {temper.flexibility:.2f} and combativeness "
                            f"{temper.combativeness:.2f}: "
                            "he would rather submit than be ruined",
                        ),
                    )

        could_be_tempted = 1.0 - temper.restraint > p.coup_threshold
        if state.struggle_open and could_be_tempted and MoveKind.COUP in by_kind:
            rival = threats.greatest(actor, allies_of(state, actor))
            if rival >= 0:
                odds = self._odds(world, state, situation, actor, rival)
                if tempted(world, actor, 1.0 - odds):
                    return Decision(
                        by_kind.of(MoveKind.COUP)[0],
                        (
                            f"his chance of carrying the {world.body_names[world.electing]} "
                            f"is down to {odds:.0%}",
                            f"restraint from force {temper.restraint:.2f} gives way",
                        ),
                    )

        if rng.random() < p.attack_rate and MoveKind.READMIT in by_kind:
            move = by_kind.of(MoveKind.READMIT)[0]
            return Decision(move, (f"{name[move.target]} has recanted and is no longer a threat",))

        if rng.random() < p.alliance_rate * temper.flexibility:
            if MoveKind.BREAK in by_kind:
                ally, why = ally_to_drop(world, state, actor, threats)
                if ally >= 0:
                    return Decision(Move(MoveKind.BREAK, target=ally), (why,))
            partner, enemy = partner_for(world, state, actor, threats)
            offered = partner >= 0 and any(m.target == partner for m in by_kind.of(MoveKind.ALLY))
            if offered and rng.random() < world.tempers[partner].flexibility:
                return Decision(
                    Move(MoveKind.ALLY, target=partner, partner_of=enemy),
                    (
                        f"{name[enemy]} threatens both ({threats.of(enemy):.2f} against "
                        f"{threats.own(actor):.2f} and {threats.of(partner):.2f})",
                    ),
                )

        recruits = state.struggle_open and rng.random() < temper.readiness
        if recruits and MoveKind.RECRUIT in by_kind:
            return Decision(
                by_kind.of(MoveKind.RECRUIT)[0],
                (f"readiness to use office for faction {temper.readiness:.2f}",),
            )

        if state.struggle_open and rng.random() < p.attack_rate * temper.combativeness:
            decision = self._offensive(world, state, actor, by_kind, situation, rng)
            if decision is None:
                decision = self._hound(world, state, actor, by_kind)
            if decision is not None:
                return decision
            if MoveKind.ADOPT in by_kind:
                move = by_kind.of(MoveKind.ADOPT)[0]
                odds = carry_odds(
                    world, state, move.body, adoption_contest(world, state, actor, move.doctrine)
                )
                if odds >= temper.patience:
                    return Decision(move, (f"he expects to carry it ({odds:.0%})",))

        impatient = state.struggle_open and (rng.random() < p.attack_rate * (1.0 - temper.patience))
        if impatient and MoveKind.PUBLISH in by_kind:
            return Decision(
                by_kind.of(MoveKind.PUBLISH)[0], ("he is impatient to set out his programme",)
            )

        return WAIT

    @staticmethod
    def _odds(
        world: World,
        state: State,
        situation: Situation,
        actor: int,
        rival: int,
        own_only: bool = False,
    ) -> float:
        """Chance his side (or, with ``own_only``, his own followers) carries the electing body.

        Judged once a month: an actor reads the balance as it stands when he
        first weighs it, and does not recount after every move of the others.
        """
        if rival < 0:
            return 1.0
        key = (actor, rival, own_only)
        if key not in situation.odds:
            c = contest(world, state, actor, rival, own_only=own_only)
            situation.odds[key] = carry_odds(world, state, world.electing, c)
        return situation.odds[key]

    def _offensive(
        self,
        world: World,
        state: State,
        actor: int,
        by_kind: LegalMoves,
        situation: Situation,
        rng: np.random.Generator,
    ) -> Decision | None:
        """An open move against the greatest threat, if the odds meet his patience.

        A patient man lets his allies fight his battles: while an ally carries
        more of the fight against the target than he does (more enmity), he
        stays back with probability equal to his patience.
        """
        threats = situation.threats
        allies = allies_of(state, actor)
        target = threats.greatest(actor, allies)
        if target < 0:
            return None
        patience = world.tempers[actor].patience
        own_part = state.enmity[actor, target]
        if any(state.enmity[a, target] > own_part for a in allies) and rng.random() < patience:
            return None
        odds = self._odds(world, state, situation, actor, target, own_only=True)
        name = world.actor_names
        if odds < patience:
            return None
        why = (
            f"{name[target]} is the greatest threat ({threats.of(target):.2f})",
            f"his own followers would carry the {world.body_names[world.electing]} "
            f"against him ({odds:.0%}; patience {patience:.2f})",
        )
        for move in by_kind.against(MoveKind.USE_PRETEXT, target):
            return Decision(move, why)
        for move in by_kind.against(MoveKind.PROPOSE, target):
            if move.motion is None:
                continue
            c = motion_contest(world, state, actor, target, move.motion, move.office)
            motion_odds = carry_odds(world, state, move.body, c)
            if motion_odds >= patience:
                return Decision(move, (*why, f"the motion should carry ({motion_odds:.0%})"))
        for move in by_kind.against(MoveKind.ATTACK, target):
            return Decision(move, why)
        return None

    @staticmethod
    def _hound(world: World, state: State, actor: int, by_kind: LegalMoves) -> Decision | None:
        """Carry the sanctions on against a rival already expelled who has not recanted."""
        outcasts = ~state.in_party & state.alive & ~state.recanted & (state.exile < 2)
        if not outcasts[world.contenders].any():
            return None
        patience = world.tempers[actor].patience
        for move in by_kind.of(MoveKind.PROPOSE):
            if move.motion is None or state.in_party[move.target]:
                continue
            c = motion_contest(world, state, actor, move.target, move.motion, move.office)
            odds = carry_odds(world, state, move.body, c)
            if odds >= patience:
                name = world.actor_names[move.target]
                return Decision(
                    move,
                    (
                        f"{name}, expelled, has not recanted",
                        f"the motion should carry ({odds:.0%}; patience {patience:.2f})",
                    ),
                )
        return None
