"""The month-by-month engine: one run of a scenario, from a seed.

A month is a sequence of phases, each a function ``(world, state, rng) ->
list[Event]``: those before the actors move (``OPENING``: the calendar,
chance's shocks, a congress, the placements, chance's pretexts), the moves
of each actor in an order drawn at random, and those after (``CLOSING``:
the elections, then the slow drifts); then the winner rule. One
``numpy.random.Generator`` drives everything, so a seed and the inputs fix
the run. ``Rules`` holds the phases and the move table: a run may be given
other rules (a new mechanism tried out) without a change to this module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from politburo.model.events import Event
from politburo.model.mechanisms import (
    bandwagon,
    calendar,
    circular_flow,
    doctrines,
    institutions,
    majority,
    patronage,
    pretexts,
    recantation,
    reputation,
)
from politburo.model.mechanisms.threat import threats
from politburo.model.policy import MOVES, LegalMoves, MoveRule, Policy, Situation, TraitPolicy
from politburo.model.result import RunResult, Series
from politburo.model.state import State, initial_state
from politburo.model.winner import declare
from politburo.model.winner import winner as find_winner
from politburo.model.world import World

#: One step of a month: it changes the state and returns the events to log.
Phase = Callable[[World, State, np.random.Generator], list[Event]]

#: What happens in a month before the actors move, in order.
OPENING: tuple[Phase, ...] = (
    calendar.scheduled_events,  # a death, a shock, a revelation, as the scenario lists them
    pretexts.random_shocks,  # the shocks chance brings
    institutions.follow_offices,  # institutions' blocs follow their offices' holders
    circular_flow.congress,  # if one is scheduled: delegates, the report, the elections
    patronage.placements,  # the appointing office places its men in the provinces
    pretexts.arise,  # chance's pretexts against the factions
)

#: What happens in a month after the actors move, in order.
CLOSING: tuple[Phase, ...] = (
    circular_flow.elections,  # if the electing body sat: its vacancies and offices filled
    recantation.part_ways,  # those who recanted part from allies who would not follow them
    reputation.monthly_drift,  # reputation recovers; enmity, evidence and openness fade
    bandwagon.realign,  # followers of the fallen lapse; the uncommitted join the majority
    doctrines.pull_toward_line,  # members and anonymous seats drift toward the line
    institutions.follow_offices,  # institutions' blocs follow their offices' new holders
)


@dataclass(frozen=True, slots=True)
class Rules:
    """What the engine plays each month: the phases around the actors' moves, and the moves."""

    opening: tuple[Phase, ...] = OPENING
    moves: Mapping[str, MoveRule] = field(default_factory=lambda: MOVES)
    closing: tuple[Phase, ...] = CLOSING


#: The model's month, as this package defines it.
RULES = Rules()

DEFAULT_POLICY = TraitPolicy()


def run_world(
    world: World,
    seed: int | np.random.SeedSequence,
    interventions: tuple[str, ...] = (),
    policies: Mapping[str, Policy] | None = None,
    rules: Rules = RULES,
) -> RunResult:
    """Play a compiled world from ``seed``, month by month under ``rules``."""
    rng = np.random.default_rng(seed)
    chosen = {world.actor_ids.index(k): v for k, v in (policies or {}).items()}
    state = initial_state(world)
    events: list[Event] = []
    series = Series()
    won_by, won_in = -1, -1
    for month in range(world.months):
        state.month = month
        state.sitting = world.sittings[month].copy()  # a plenum may yet be convened
        events.extend(_month(world, state, rng, rules, chosen))
        if won_by < 0:
            won_by = find_winner(world, state)
            if won_by >= 0:
                won_in = month
                events.append(declare(world, state, won_by))
        series.record(world, state)
    seed_value = seed if isinstance(seed, int) else int(seed.generate_state(1)[0])
    return RunResult.build(world, seed_value, interventions, events, series, won_by, won_in)


def _month(
    world: World,
    state: State,
    rng: np.random.Generator,
    rules: Rules,
    policies: Mapping[int, Policy],
) -> list[Event]:
    """One month: the opening phases, the actors' moves, the closing phases."""
    out: list[Event] = []
    for phase in rules.opening:
        out.extend(phase(world, state, rng))
    out.extend(_moves(world, state, rng, rules.moves, policies))
    for phase in rules.closing:
        out.extend(phase(world, state, rng))
    return out


def _moves(
    world: World,
    state: State,
    rng: np.random.Generator,
    rules: Mapping[str, MoveRule],
    policies: Mapping[int, Policy],
) -> list[Event]:
    """Each contender who can still move, in an order drawn at random, makes his chosen move.

    The balance is read once as the moves begin: the threat each contender
    poses, and the leader of the electing body's majority. Each move is
    carried out at once, so later movers see its effects.
    """
    state.majority = majority.majority_leader(world, state, world.electing)
    situation = Situation(threats(world, state))
    # Those who can still move: the dead and those who have submitted are out.
    movers = world.contenders[(state.alive & ~state.recanted)[world.contenders]]
    out: list[Event] = []
    for actor in rng.permutation(movers).tolist():
        moves = LegalMoves(world, state, actor, situation, rules)
        policy = policies.get(actor, DEFAULT_POLICY)
        decision = policy.choose(world, state, actor, moves, situation, rng)
        out.extend(rules[decision.move.kind].execute(world, state, actor, decision, rng))
    return out
