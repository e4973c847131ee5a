"""Playing one side: a person picks one contender's move each month, the others play their traits.

A :class:`Game` is a configuration, a seed, the contender played and the
choices made so far, each an index into the legal moves the engine offered
him that month. The engine is not stepped and not changed: a game's
position is found by replaying the run from its seed, the player's
contender following the choices in order through a :class:`Policy`
(:class:`_Choices`). The first time he is asked past the last choice, that
policy notes the turn (the moves offered, each in words, what the model's
own :class:`TraitPolicy` would pick, and his standing) and lets the model
play on for him, so the replay runs to its end; the events before that
month are the game so far. A replay takes as long as one run (about 10 ms),
and the same choices always give the same game.

A month in which he can only wait is played without asking. Choosing
among the moves consumes no random draws (the model's pick is worked out
on a copy of the run's generator), so a game in which the player always
takes the model's pick need not retell the run the model plays alone.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import numpy as np

from politburo.analysis.moves import MoveText, describe_move
from politburo.experiments.configuration import Configuration
from politburo.model.mechanisms.alliances import allies_of
from politburo.model.policy import (
    WAIT,
    Decision,
    LegalMoves,
    Move,
    MoveKind,
    Situation,
    TraitPolicy,
)
from politburo.model.result import RunResult
from politburo.model.state import State
from politburo.model.world import World
from politburo.scenario.errors import InputError

__all__ = ["PLAYER_REASON", "Game", "Position", "Standing", "Turn", "play"]

#: The reason a move the player chose gives in the run's log.
PLAYER_REASON = "the player's choice"


@dataclass(frozen=True, slots=True)
class Game:
    """A game: what is played, from which seed, as whom, and the choices so far.

    Attributes:
        configuration: The scenario, parameters, levers and overrides played.
        seed: The seed of the run's generator.
        actor: The id of the contender the player plays.
        choices: Each choice, an index into the moves offered that time.
    """

    configuration: Configuration
    seed: int
    actor: str
    choices: tuple[int, ...] = ()

    def then(self, choice: int) -> Game:
        """This game with one more choice made."""
        return replace(self, choices=(*self.choices, choice))


@dataclass(frozen=True, slots=True)
class Standing:
    """The player's contender as he stands when he must choose.

    Attributes:
        reputation: His standing in the party, 0 to 1.
        top_share: His side's share of the top body's seats.
        electing_share: His side's share of the electing body's seats.
        allies: The names of his allies.
        majority: The name of the leader whose side holds the electing
            body's majority, or None.
        sitting: The names of the bodies that sit this month.
    """

    reputation: float
    top_share: float
    electing_share: float
    allies: tuple[str, ...]
    majority: str | None
    sitting: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Turn:
    """A month in which the player must choose.

    Attributes:
        step: The month's index in the calendar.
        month: The month, ``YYYY-MM``.
        moves: The legal moves, in the order a choice indexes them.
        texts: Each move in words.
        suggestion: The index of the move the model's own policy would pick.
        reasons: The model's reasons for it.
        standing: Where the player's contender stands.
    """

    step: int
    month: str
    moves: tuple[Move, ...]
    texts: tuple[MoveText, ...]
    suggestion: int
    reasons: tuple[str, ...]
    standing: Standing


@dataclass(frozen=True, slots=True)
class Position:
    """Where a game stands: the replayed run, and the turn awaiting the player, if any.

    Attributes:
        game: The game.
        result: The run replayed with the choices so far; past the turn,
            the model played on for the player, so only the events before
            the turn's month are the game's.
        turn: The choice awaited, or None when the game is over.
    """

    game: Game
    result: RunResult
    turn: Turn | None

    @property
    def over(self) -> bool:
        """Whether every choice has been made: the run is the game's own to its end."""
        return self.turn is None

    @property
    def step(self) -> int:
        """The months played: the turn's month, or the whole calendar when the game is over."""
        return len(self.result.months) if self.turn is None else self.turn.step


def play(game: Game) -> Position:
    """Replay ``game`` from its seed with its choices, up to the next choice awaited.

    Raises:
        InputError: The actor is not a contender of the scenario, or a choice
            is not among the moves offered at its turn.
    """
    scenario = game.configuration.scenario
    if not any(a.id == game.actor and a.contender for a in scenario.actors):
        names = ", ".join(a.id for a in scenario.actors if a.contender)
        raise InputError.one(
            "game", f"{game.actor!r} is not a contender; choose one of {names}", field="actor"
        )
    policy = _Choices(game.choices)
    result = game.configuration.play(game.seed, {game.actor: policy})
    if policy.used < len(game.choices):
        raise InputError.one(
            "game",
            f"{len(game.choices)} choices given, but the game asks for only {policy.used}",
            field="choices",
        )
    return Position(game, result, policy.turn)


class _Choices:
    """A policy that makes the player's choices in order, then notes the next turn.

    Past the last choice the model's own policy plays on for him, so that the
    replay ends and its events up to the turn are the game so far.
    """

    def __init__(self, choices: tuple[int, ...]) -> None:
        self.choices = choices
        self.used = 0
        self.turn: Turn | None = None
        self.model = TraitPolicy()

    def choose(
        self,
        world: World,
        state: State,
        actor: int,
        moves: LegalMoves,
        situation: Situation,
        rng: np.random.Generator,
    ) -> Decision:
        """The player's next choice, or (past the last) the model's, noting the turn."""
        offered = tuple(moves)
        if len(offered) == 1:
            return WAIT
        if self.used < len(self.choices):
            index = self.choices[self.used]
            self.used += 1
            if not 0 <= index < len(offered):
                raise InputError.one(
                    "game",
                    f"choice {index + 1} is not among the {len(offered)} moves offered in "
                    f"{world.month_labels[state.month]}",
                    field=f"choices[{self.used - 1}]",
                )
            return _decision(offered[index], situation, actor)
        if self.turn is None:
            self.turn = _turn(world, state, actor, moves, situation, rng)
        return self.model.choose(world, state, actor, moves, situation, rng)


def _decision(move: Move, situation: Situation, actor: int) -> Decision:
    """The player's move as the engine carries it out; an alliance names whom it is against."""
    if move.kind == MoveKind.ALLY:
        enemy = situation.threats.greatest(actor, (move.target,))
        if enemy < 0:
            enemy = situation.threats.greatest(move.target, (actor,))
        move = replace(move, partner_of=enemy if enemy >= 0 else move.target)
    return Decision(move, (PLAYER_REASON,))


def _same(a: Move, b: Move) -> bool:
    """Whether two moves are the same choice (an alliance's enemy is worked out, not chosen)."""
    return replace(a, partner_of=-1) == replace(b, partner_of=-1)


def _turn(
    world: World,
    state: State,
    actor: int,
    moves: LegalMoves,
    situation: Situation,
    rng: np.random.Generator,
) -> Turn:
    """The turn as the player sees it, with the model's pick worked out on copies."""
    offered = tuple(moves)
    own = replace(situation, odds={})
    model = TraitPolicy().choose(
        world,
        state,
        actor,
        LegalMoves(world, state, actor, own, moves.rules),
        own,
        copy.deepcopy(rng),
    )
    suggestion = next((i for i, m in enumerate(offered) if _same(m, model.move)), 0)
    names = world.actor_names
    standing = Standing(
        reputation=float(state.reputation[actor]),
        top_share=state.side_share(world.top, actor),
        electing_share=state.side_share(world.electing, actor),
        allies=tuple(names[a] for a in allies_of(state, actor)),
        majority=names[state.majority] if state.majority >= 0 else None,
        sitting=tuple(world.body_names[b] for b in np.flatnonzero(state.sitting).tolist()),
    )
    return Turn(
        step=state.month,
        month=world.month_labels[state.month],
        moves=offered,
        texts=tuple(describe_move(world, state, actor, m) for m in offered),
        suggestion=suggestion,
        reasons=model.reasons,
        standing=standing,
    )
