"""What a player sees and answers each month: the situation, the legal moves, a decision.

The interface is a game's. ``LegalMoves`` lists what the rules allow one
actor this month, worked out kind by kind from a table of move rules
(``moves.MOVES``); a ``Policy`` chooses one with the run's generator and
gives its reasons (a ``Decision``); the engine hands the decision to the
move's executor, which changes the state and returns the events to log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from politburo.model.events import Event
from politburo.model.mechanisms.alliances import allies_of
from politburo.model.mechanisms.motions import can_convene
from politburo.model.mechanisms.threat import Threats
from politburo.model.state import State
from politburo.model.world import World
from politburo.scenario.schema import MotionKind


@dataclass(frozen=True, slots=True)
class Move:
    """One legal move: what, against whom, in which body, about which office or doctrine.

    ``kind`` names the move: a member of ``moves.MoveKind`` for the built-in
    moves, or the name a move rule is registered under.
    """

    kind: str
    target: int = -1
    motion: MotionKind | None = None
    office: int = -1
    body: int = -1
    doctrine: int = -1
    partner_of: int = -1
    convene: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """A chosen move and the reasons that drove it (the event it brings logs them)."""

    move: Move
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Situation:
    """What every actor sees at the start of his move this month.

    The threats are measured once, as the month's moves begin; ``odds``
    caches each actor's reading of his chances against a rival, judged once
    a month (see ``traits``). The bodies sitting and the electing body's
    majority leader are in the state (``state.sitting``, ``state.majority``).
    """

    threats: Threats
    odds: dict[tuple[int, int, bool], float] = field(default_factory=dict)


#: How the moves of one kind open to an actor are worked out.
LegalRule = Callable[["LegalMoves"], list[Move]]

#: How a chosen move is carried out: it changes the state and returns the events to log.
Executor = Callable[[World, State, int, Decision, np.random.Generator], list[Event]]


@dataclass(frozen=True, slots=True)
class MoveRule:
    """One kind of move: who may make it, and what it does.

    ``legal`` lists the moves of the kind open to an actor; ``execute``
    carries out the one he chose. Only a faction leader may make a move
    with ``leaders_only``. ``against``, where given, lists the moves against
    one target without working out the others (a policy that has chosen its
    target pays for one).
    """

    legal: LegalRule
    execute: Executor
    leaders_only: bool = True
    against: Callable[[LegalMoves, int], list[Move]] | None = None


class LegalMoves:
    """The moves the rules allow one actor this month, worked out kind by kind when asked.

    A policy that only considers a few kinds of move pays only for those;
    iterating gives every legal move (WAIT always among them).
    """

    def __init__(
        self,
        world: World,
        state: State,
        actor: int,
        situation: Situation,
        rules: Mapping[str, MoveRule],
    ) -> None:
        self.world = world
        self.state = state
        self.actor = actor
        self.situation = situation
        self.rules = rules
        self._cache: dict[str, list[Move]] = {}
        self.leads = bool(
            state.alive[actor]
            and state.in_party[actor]
            and not state.recanted[actor]
            and state.patron[actor] == actor
        )
        # Worked out when first asked (a plain check: functools.cached_property takes a lock).
        self._allies: list[int] | None = None
        self._rivals: list[int] | None = None
        self._convener: bool | None = None

    @property
    def allies(self) -> list[int]:
        """The contenders allied with the actor, if he leads a faction."""
        if self._allies is None:
            self._allies = allies_of(self.state, self.actor) if self.leads else []
        return self._allies

    @property
    def rivals(self) -> list[int]:
        """The contenders still in the fight who are neither the actor nor his allies."""
        if self._rivals is None:
            allies, actor, state = self.allies, self.actor, self.state
            # The month's threats were measured before anyone moved: a rival
            # who has since recanted, been expelled or died is out of the fight.
            leaders = self.situation.threats.leaders
            self._rivals = [
                r
                for r in leaders
                if r != actor
                and r not in allies
                and state.alive[r]
                and state.in_party[r]
                and not state.recanted[r]
            ]
        return self._rivals

    @property
    def convener(self) -> bool:
        """Whether the actor holds an office that may convene the electing body."""
        if self._convener is None:
            self._convener = can_convene(self.world, self.state, self.actor)
        return self._convener

    def __iter__(self) -> Iterator[Move]:
        for kind in self.rules:
            yield from self.of(kind)

    def __contains__(self, kind: object) -> bool:
        return isinstance(kind, str) and bool(self.of(kind))

    def of(self, kind: str) -> list[Move]:
        """The legal moves of one kind (none of a kind the rules do not know)."""
        moves = self._cache.get(kind)
        if moves is None:
            moves = self._cache[kind] = self._work_out(kind)
        return moves

    def _work_out(self, kind: str) -> list[Move]:
        rule = self.rules.get(kind)
        if rule is None or (rule.leaders_only and not self.leads):
            return []
        return rule.legal(self)

    def against(self, kind: str, target: int) -> list[Move]:
        """The legal moves of one kind against ``target``."""
        rule = self.rules.get(kind)
        if rule is not None and rule.against is not None and kind not in self._cache:
            if rule.leaders_only and not self.leads:
                return []
            return rule.against(self, target)
        return [move for move in self.of(kind) if move.target == target]


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
