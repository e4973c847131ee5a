"""Doctrines: programmes as positions on the policy axes.

Publishing a doctrine moves its author to it and pays him in reputation as
far as it appeals to the members (their distance to it). The party adopts a
doctrine as its line by a vote; members and the anonymous seats of the
bodies then drift toward the line, and distance from it becomes evidence of
deviation.
"""

from __future__ import annotations

import numpy as np

from politburo.model.chronicle import event
from politburo.model.compiled import compiled
from politburo.model.events import Event, Kind, Mechanism
from politburo.model.mechanisms.motions import LADDER
from politburo.model.state import State
from politburo.model.types import FloatArray, IntArray
from politburo.model.voting import Contest, Tally, cast_votes, contest
from politburo.model.world import World
from politburo.scenario.schema import MotionKind

#: Largest distance between two points of the policy square, per axis.
SPAN = 2.0


def appeal(world: World, state: State, doctrine: int) -> float:
    """How close the members stand to ``doctrine``, in [0, 1] (1 = on it)."""
    weights = state.members.sum(axis=1)
    distance = np.linalg.norm(state.member_position - world.doctrine_positions[doctrine], axis=1)
    scale = SPAN * np.sqrt(world.n_axes)
    return float(1.0 - (weights * distance).sum() / weights.sum() / scale)


def publish(world: World, state: State, actor: int, doctrine: int) -> Event:
    """Make ``doctrine`` public: its author stands on it and is judged by its appeal."""
    state.published[doctrine] = True
    state.openness[actor] = 1.0
    state.position[actor] = world.doctrine_positions[doctrine]
    score = appeal(world, state, doctrine)
    gain = world.params.publish_gain * (2.0 * score - 1.0)
    state.reputation[actor] = float(np.clip(state.reputation[actor] + gain, 0.0, 1.0))
    return event(
        world,
        state,
        Kind.DOCTRINE_PUBLISHED,
        Mechanism.DOCTRINE,
        actor=actor,
        doctrine=doctrine,
        reasons=(
            f"appeal to the members {score:.2f}",
            f"reputation {'gained' if gain >= 0 else 'lost'} {abs(gain):.2f}",
        ),
    )


def adoption_contest(world: World, state: State, proposer: int, doctrine: int) -> Contest:
    """A vote on making ``doctrine`` the line: its position against the current line's."""
    base = contest(world, state, proposer, -1)
    current = world.doctrine_positions[state.line] if state.line >= 0 else state.members_centre()
    return Contest(
        proposer,
        -1,
        base.for_side,
        base.against_side,
        change=1.0 / len(LADDER),
        motion=MotionKind.ADOPT_DOCTRINE,
        for_position=world.doctrine_positions[doctrine],
        against_position=current,
    )


def propose_adoption(
    world: World, state: State, proposer: int, doctrine: int, body: int, rng: np.random.Generator
) -> Event:
    """Put ``doctrine`` to ``body`` as the party's line."""
    tally: Tally = cast_votes(
        world, state, body, adoption_contest(world, state, proposer, doctrine), rng
    )
    if tally.carried:
        state.line = doctrine
    return event(
        world,
        state,
        Kind.DOCTRINE_ADOPTED if tally.carried else Kind.MOTION_FAILED,
        Mechanism.DOCTRINE,
        actor=proposer,
        body=body,
        doctrine=doctrine,
        tally=tally,
        reasons=(
            f"motion to adopt {world.doctrine_names[doctrine]} as the line "
            f"{'carried' if tally.carried else 'failed'} {tally.votes_for}-{tally.votes_against}",
        ),
    )


def pull_toward_line(world: World, state: State, rng: np.random.Generator) -> list[Event]:
    """Members and anonymous seats move a little toward the party line each month."""
    if state.line < 0:
        return []
    line = world.doctrine_positions[state.line]
    rate = world.params.doctrine_pull
    _pull_toward(state.member_position, line, rate)
    for body in world.standing_bodies:  # delegates are chosen afresh for each congress
        seats = state.seats[body]
        _pull_anonymous(seats.actor, seats.position, line, rate)
    return []


@compiled
def _pull_toward(position: FloatArray, line: FloatArray, rate: float) -> None:
    """Every row moves ``rate`` of the way to ``line``."""
    for i in range(position.shape[0]):
        for k in range(line.shape[0]):
            position[i, k] += rate * (line[k] - position[i, k])


@compiled
def _pull_anonymous(
    seat_actor: IntArray, position: FloatArray, line: FloatArray, rate: float
) -> None:
    """Anonymous seats move ``rate`` of the way to ``line``; named seats take their holder's."""
    for i in range(seat_actor.shape[0]):
        if seat_actor[i] < 0:
            for k in range(line.shape[0]):
                position[i, k] += rate * (line[k] - position[i, k])
